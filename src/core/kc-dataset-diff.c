/* kc-dataset-diff.c
 * What changed between two loads of the same files, for the reload toast. */
#define G_LOG_DOMAIN "kc-dataset-diff"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kc-dataset-diff.h"

static void
count_series_values (const KcSeries *series,
                     guint64        *count)
{
  for (guint i = 0; i < series->points->len; i++)
    if (!isnan (g_array_index (series->points, KcObservation, i).value))
      (*count)++;
}

/* Walks two series sorted by period side by side. */
static void
diff_series (const KcSeries *old_series,
             const KcSeries *new_series,
             KcDatasetDiff  *diff)
{
  guint i = 0, j = 0;

  while (i < old_series->points->len || j < new_series->points->len)
    {
      const KcObservation *a = NULL;
      const KcObservation *b = NULL;
      int cmp;

      if (i < old_series->points->len)
        a = &g_array_index (old_series->points, KcObservation, i);
      if (j < new_series->points->len)
        b = &g_array_index (new_series->points, KcObservation, j);

      if (a == NULL)
        cmp = 1;
      else if (b == NULL)
        cmp = -1;
      else
        cmp = kc_period_compare (&a->period, &b->period);

      if (cmp < 0)
        {
          if (!isnan (a->value))
            diff->values_removed++;
          i++;
        }
      else if (cmp > 0)
        {
          if (!isnan (b->value))
            diff->values_added++;
          j++;
        }
      else
        {
          if (isnan (a->value) && !isnan (b->value))
            diff->values_added++;
          else if (!isnan (a->value) && isnan (b->value))
            diff->values_removed++;
          else if (!isnan (a->value) && a->value != b->value)
            diff->values_changed++;
          i++;
          j++;
        }
    }
}

/* Indicators are matched by id only: kc_dataset_find_indicator() also
 * accepts names, which would pair an indicator with a different one. */
static GHashTable *
index_indicators (KcDataset *dataset)
{
  GHashTable *by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < kc_dataset_get_n_indicators (dataset); i++)
    {
      const KcIndicator *indicator = kc_dataset_get_indicator (dataset, i);

      g_hash_table_insert (by_id, indicator->id, (gpointer) indicator);
    }

  return by_id;
}

static void
diff_indicators (KcDataset     *old_dataset,
                 KcDataset     *new_dataset,
                 KcDatasetDiff *diff)
{
  g_autoptr(GHashTable) old_by_id = index_indicators (old_dataset);
  g_autoptr(GHashTable) new_by_id = index_indicators (new_dataset);

  for (guint i = 0; i < kc_dataset_get_n_indicators (new_dataset); i++)
    {
      const KcIndicator *indicator = kc_dataset_get_indicator (new_dataset, i);
      const KcIndicator *old_indicator = g_hash_table_lookup (old_by_id, indicator->id);
      const KcSeries **series;
      guint n_series;

      series = kc_dataset_get_series_for (new_dataset, indicator, &n_series);
      if (old_indicator == NULL)
        {
          diff->indicators_added++;
          for (guint s = 0; s < n_series; s++)
            count_series_values (series[s], &diff->values_added);
          continue;
        }

      for (guint s = 0; s < n_series; s++)
        {
          const KcSeries *old_series = kc_dataset_get_series (old_dataset, old_indicator,
                                                              series[s]->region);

          if (old_series == NULL)
            count_series_values (series[s], &diff->values_added);
          else
            diff_series (old_series, series[s], diff);
        }
    }

  for (guint i = 0; i < kc_dataset_get_n_indicators (old_dataset); i++)
    {
      const KcIndicator *old_indicator = kc_dataset_get_indicator (old_dataset, i);
      const KcIndicator *indicator = g_hash_table_lookup (new_by_id, old_indicator->id);
      const KcSeries **old_series;
      guint n_series;

      old_series = kc_dataset_get_series_for (old_dataset, old_indicator, &n_series);
      if (indicator == NULL)
        diff->indicators_removed++;
      for (guint s = 0; s < n_series; s++)
        {
          /* Series still present were compared above. */
          if (indicator == NULL ||
              kc_dataset_get_series (new_dataset, indicator, old_series[s]->region) == NULL)
            count_series_values (old_series[s], &diff->values_removed);
        }
    }
}

/* Columns are matched by name, so that an extra column that moved in the
 * file still compares with itself; known fields keep their index. */
static int *
map_columns (KcEntityTable *old_table,
             KcEntityTable *new_table)
{
  guint n_new = kc_entity_table_get_n_columns (new_table);
  guint n_old = kc_entity_table_get_n_columns (old_table);
  int *map = g_new (int, n_new);

  for (guint c = 0; c < n_new; c++)
    {
      map[c] = -1;
      if (c < KC_N_ENTITY_FIELDS)
        {
          map[c] = c;
          continue;
        }
      for (guint o = KC_N_ENTITY_FIELDS; o < n_old; o++)
        {
          if (g_str_equal (kc_entity_table_get_column_name (new_table, c),
                           kc_entity_table_get_column_name (old_table, o)))
            {
              map[c] = o;
              break;
            }
        }
    }

  return map;
}

static gboolean
entity_differs (KcEntityTable *old_table,
                guint          old_row,
                KcEntityTable *new_table,
                guint          new_row,
                const int     *map,
                guint          n_old_extras_unmatched)
{
  guint n_new = kc_entity_table_get_n_columns (new_table);

  for (guint c = 0; c < n_new; c++)
    {
      const char *value = kc_entity_table_get (new_table, new_row, c);

      if (map[c] < 0)
        {
          /* A new column: the row changed when it has a value there. */
          if (*value != '\0')
            return TRUE;
        }
      else if (strcmp (value, kc_entity_table_get (old_table, old_row, map[c])) != 0)
        return TRUE;
    }

  if (n_old_extras_unmatched > 0)
    {
      g_autofree gboolean *matched = g_new0 (gboolean, kc_entity_table_get_n_columns (old_table));

      for (guint c = 0; c < n_new; c++)
        if (map[c] >= 0)
          matched[map[c]] = TRUE;
      for (guint o = KC_N_ENTITY_FIELDS; o < kc_entity_table_get_n_columns (old_table); o++)
        if (!matched[o] && *kc_entity_table_get (old_table, old_row, o) != '\0')
          return TRUE;
    }

  return FALSE;
}

static void
diff_entities (KcEntityTable *old_table,
               KcEntityTable *new_table,
               KcDatasetDiff *diff)
{
  guint n_old = old_table != NULL ? kc_entity_table_get_n_rows (old_table) : 0;
  guint n_new = new_table != NULL ? kc_entity_table_get_n_rows (new_table) : 0;
  g_autofree int *map = NULL;
  guint n_old_extras_unmatched;
  guint64 kept = 0;

  if (old_table == NULL || new_table == NULL)
    {
      diff->entities_added += n_new;
      diff->entities_removed += n_old;
      return;
    }

  map = map_columns (old_table, new_table);
  n_old_extras_unmatched = kc_entity_table_get_n_columns (old_table) - KC_N_ENTITY_FIELDS;
  for (guint c = KC_N_ENTITY_FIELDS; c < kc_entity_table_get_n_columns (new_table); c++)
    if (map[c] >= 0)
      n_old_extras_unmatched--;

  for (guint row = 0; row < n_new; row++)
    {
      const char *id = kc_entity_table_get (new_table, row, KC_ENTITY_FIELD_ID);
      gint64 old_row = kc_entity_table_find_id (old_table, id);

      if (old_row < 0)
        {
          diff->entities_added++;
          continue;
        }
      kept++;
      if (entity_differs (old_table, old_row, new_table, row, map, n_old_extras_unmatched))
        diff->entities_changed++;
    }

  /* Ids are unique in a table, so every old row not kept was removed. */
  diff->entities_removed += n_old - kept;
}

KcDatasetDiff *
kc_dataset_diff (KcDataset *old_dataset,
                 KcDataset *new_dataset)
{
  KcDatasetDiff *diff;

  g_return_val_if_fail (KC_IS_DATASET (old_dataset), NULL);
  g_return_val_if_fail (KC_IS_DATASET (new_dataset), NULL);

  diff = g_new0 (KcDatasetDiff, 1);
  diff_indicators (old_dataset, new_dataset, diff);
  diff_entities (kc_dataset_get_entities (old_dataset),
                 kc_dataset_get_entities (new_dataset),
                 diff);

  return diff;
}

void
kc_dataset_diff_free (KcDatasetDiff *diff)
{
  g_free (diff);
}

gboolean
kc_dataset_diff_is_empty (const KcDatasetDiff *diff)
{
  g_return_val_if_fail (diff != NULL, TRUE);

  return diff->values_changed == 0 && diff->values_added == 0 && diff->values_removed == 0 &&
         diff->entities_changed == 0 && diff->entities_added == 0 && diff->entities_removed == 0 &&
         diff->indicators_added == 0 && diff->indicators_removed == 0;
}

/* ngettext() takes an unsigned long; past its range the plural form of a
 * number with the same last six digits is as good. */
static gulong
plural_count (guint64 n)
{
  if (n <= G_MAXULONG)
    return (gulong) n;
  return (gulong) (n % 1000000 + 1000000);
}

typedef enum
{
  GROUP_VALUES,
  GROUP_INDICATORS,
  GROUP_ENTITIES,
} Group;

typedef enum
{
  CHANGED,
  ADDED,
  REMOVED,
} Change;

/* The first part of a group names what changed ("2 values added"), the
 * later parts only how ("1 removed"). Each message is a whole phrase so
 * that translators can order the words. */
static char *
describe_count (Group    group,
                Change   change,
                gboolean first,
                guint64  count)
{
  g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
  gulong p = plural_count (count);

  if (!first)
    {
      if (change == CHANGED)
        /* Translators: %s is a number; a later part of a message such as
         * "2 values added, 1 changed" */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s changed", "%s changed", p), n);
      if (change == ADDED)
        /* Translators: %s is a number; a later part of a message such as
         * "2 values changed, 1 added" */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s added", "%s added", p), n);
      /* Translators: %s is a number; a later part of a message such as
       * "2 values added, 1 removed" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s removed", "%s removed", p), n);
    }

  switch (group)
    {
    case GROUP_VALUES:
      if (change == CHANGED)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s value changed", "%s values changed", p), n);
      if (change == ADDED)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s value added", "%s values added", p), n);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s value removed", "%s values removed", p), n);

    case GROUP_INDICATORS:
      if (change == ADDED)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s indicator added", "%s indicators added", p), n);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s indicator removed", "%s indicators removed", p), n);

    case GROUP_ENTITIES:
    default:
      if (change == CHANGED)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s directory entry changed", "%s directory entries changed", p), n);
      if (change == ADDED)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s directory entry added", "%s directory entries added", p), n);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s directory entry removed", "%s directory entries removed", p), n);
    }
}

static void
append_group (GString *text,
              Group    group,
              guint64  changed,
              guint64  added,
              guint64  removed)
{
  const guint64 counts[] = { changed, added, removed };
  gboolean first = TRUE;

  for (Change change = CHANGED; change <= REMOVED; change++)
    {
      g_autofree char *part = NULL;

      if (counts[change] == 0)
        continue;

      if (first && text->len > 0)
        /* Translators: separates the groups of a message such as
         * "3 values changed; 1 indicator added" */
        g_string_append (text, C_("diff", "; "));
      else if (!first)
        /* Translators: separates the parts of a group, as in
         * "2 values added, 1 removed" */
        g_string_append (text, C_("diff", ", "));

      part = describe_count (group, change, first, counts[change]);
      g_string_append (text, part);
      first = FALSE;
    }
}

char *
kc_dataset_diff_describe (const KcDatasetDiff *diff)
{
  GString *text;

  g_return_val_if_fail (diff != NULL, NULL);

  if (kc_dataset_diff_is_empty (diff))
    return g_strdup (_("No changes"));

  text = g_string_new (NULL);
  append_group (text, GROUP_VALUES,
                diff->values_changed, diff->values_added, diff->values_removed);
  append_group (text, GROUP_INDICATORS,
                0, diff->indicators_added, diff->indicators_removed);
  append_group (text, GROUP_ENTITIES,
                diff->entities_changed, diff->entities_added, diff->entities_removed);

  return g_string_free (text, FALSE);
}
