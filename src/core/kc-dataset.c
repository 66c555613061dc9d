/* kc-dataset.c
 * The loaded data, immutable once the loader hands it over, so that views
 * can read it while another load runs. */
#define G_LOG_DOMAIN "kc-dataset"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kc-dataset-private.h"

G_DEFINE_FINAL_TYPE (KcDataset, kc_dataset, G_TYPE_OBJECT)

static const char *const chart_kind_names[KC_N_CHART_KINDS] = {
  [KC_CHART_KIND_KPI] = "kpi",
  [KC_CHART_KIND_LINE] = "line",
  [KC_CHART_KIND_COLUMN] = "column",
  [KC_CHART_KIND_BAR] = "bar",
  [KC_CHART_KIND_AREA] = "area",
  [KC_CHART_KIND_SHARE] = "share",
  [KC_CHART_KIND_RANKING] = "ranking",
};

const char *
kc_chart_kind_to_string (KcChartKind kind)
{
  g_return_val_if_fail (kind < KC_N_CHART_KINDS, "line");

  return chart_kind_names[kind];
}

gboolean
kc_chart_kind_from_string (const char  *text,
                           KcChartKind *kind)
{
  for (guint i = 0; i < KC_N_CHART_KINDS; i++)
    {
      if (g_ascii_strcasecmp (text, chart_kind_names[i]) == 0)
        {
          *kind = (KcChartKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
kc_file_role_to_string (KcFileRole role)
{
  switch (role)
    {
    case KC_FILE_ROLE_OBSERVATIONS:
      return "observations";
    case KC_FILE_ROLE_WIDE:
      return "wide";
    case KC_FILE_ROLE_CATALOGUE:
      return "indicators";
    case KC_FILE_ROLE_ENTITIES:
      return "entities";
    case KC_FILE_ROLE_CHARTS:
      return "charts";
    case KC_FILE_ROLE_UNKNOWN:
    default:
      return "unknown";
    }
}

void
kc_indicator_free (KcIndicator *indicator)
{
  if (indicator == NULL)
    return;

  g_free (indicator->id);
  g_free (indicator->name);
  g_free (indicator->name_en);
  g_free (indicator->unit);
  g_free (indicator->category);
  g_free (indicator->description);
  g_free (indicator->source);
  g_free (indicator->file);
  g_free (indicator);
}

void
kc_chart_def_free (KcChartDef *chart)
{
  if (chart == NULL)
    return;

  g_free (chart->id);
  g_free (chart->title);
  g_free (chart->title_en);
  g_strfreev (chart->indicators);
  g_strfreev (chart->regions);
  g_free (chart->note);
  g_free (chart->file);
  g_free (chart);
}

static void
series_free (KcSeries *series)
{
  g_array_unref (series->points);
  g_free (series);
}

static void
file_info_clear (KcFileInfo *info)
{
  g_free (info->file);
  g_free (info->encoding);
}

static void
kc_dataset_finalize (GObject *object)
{
  KcDataset *self = (KcDataset *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->indicator_keys, g_hash_table_unref);
  g_clear_pointer (&self->series_by_key, g_hash_table_unref);
  g_clear_pointer (&self->series_by_indicator, g_hash_table_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->indicators, g_ptr_array_unref);
  g_clear_pointer (&self->entities, kc_entity_table_unref);
  g_clear_pointer (&self->charts, g_ptr_array_unref);
  g_clear_pointer (&self->auto_charts, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_array_unref);
  g_clear_pointer (&self->problems, kc_problem_list_free);
  g_clear_pointer (&self->part_strings, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (kc_dataset_parent_class)->finalize (object);
}

static void
kc_dataset_class_init (KcDatasetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kc_dataset_finalize;
}

static void
kc_dataset_init (KcDataset *self)
{
  self->indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_indicator_free);
  self->indicator_keys = g_hash_table_new (g_str_hash, g_str_equal);
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  self->series_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->series_by_indicator = g_hash_table_new_full (NULL, NULL, NULL,
                                                     (GDestroyNotify) g_ptr_array_unref);
  self->charts = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_chart_def_free);
  self->auto_charts = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_chart_def_free);
  self->files = g_array_new (FALSE, TRUE, sizeof (KcFileInfo));
  g_array_set_clear_func (self->files, (GDestroyNotify) file_info_clear);
  self->problems = kc_problem_list_new (1000);
  self->strings = g_string_chunk_new (4096);
  self->part_strings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_string_chunk_free);
}

KcDataset *
_kc_dataset_new (void)
{
  return g_object_new (KC_TYPE_DATASET, NULL);
}

static void
add_indicator_key (KcDataset   *self,
                   const char  *key,
                   KcIndicator *indicator)
{
  if (key != NULL && *key != '\0' && !g_hash_table_contains (self->indicator_keys, key))
    g_hash_table_insert (self->indicator_keys, (gpointer) key, indicator);
}

KcIndicator *
_kc_dataset_add_indicator (KcDataset   *self,
                           KcIndicator *indicator)
{
  g_ptr_array_add (self->indicators, indicator);
  /* The id wins over a name that happens to equal another indicator's id. */
  g_hash_table_replace (self->indicator_keys, indicator->id, indicator);
  add_indicator_key (self, indicator->name, indicator);
  add_indicator_key (self, indicator->name_en, indicator);

  return indicator;
}

KcSeries *
_kc_dataset_ensure_series (KcDataset         *self,
                           const KcIndicator *indicator,
                           const char        *region)
{
  g_autofree char *key = g_strconcat (indicator->id, "\x1f", region, NULL);
  KcSeries *series = g_hash_table_lookup (self->series_by_key, key);
  GPtrArray *list;

  if (series != NULL)
    return series;

  series = g_new0 (KcSeries, 1);
  series->indicator = indicator;
  series->region = g_string_chunk_insert_const (self->strings, region);
  series->unit = indicator->unit;
  series->points = g_array_new (FALSE, FALSE, sizeof (KcObservation));
  g_ptr_array_add (self->series, series);
  g_hash_table_insert (self->series_by_key, g_steal_pointer (&key), series);

  list = g_hash_table_lookup (self->series_by_indicator, indicator);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->series_by_indicator, (gpointer) indicator, list);
    }
  g_ptr_array_add (list, series);

  return series;
}

void
_kc_dataset_add_chart (KcDataset  *self,
                       KcChartDef *chart)
{
  g_ptr_array_add (self->charts, chart);
}

static int
compare_observations (gconstpointer a,
                      gconstpointer b)
{
  const KcObservation *oa = a;
  const KcObservation *ob = b;

  return kc_period_compare (&oa->period, &ob->period);
}

void
_kc_dataset_sort_series (KcSeries *series)
{
  const KcObservation *points = (const KcObservation *) series->points->data;

  /* Files usually list a series in order: check before sorting.
   * g_array_sort() is stable: equal periods keep their load order, which
   * the loader relies on to tell the first value from a conflicting one. */
  for (guint j = 1; j < series->points->len; j++)
    {
      if (kc_period_sort_key (&points[j - 1].period) > kc_period_sort_key (&points[j].period))
        {
          g_array_sort (series->points, compare_observations);
          return;
        }
    }
}

guint
kc_dataset_get_n_indicators (KcDataset *self)
{
  g_return_val_if_fail (KC_IS_DATASET (self), 0);

  return self->indicators->len;
}

const KcIndicator *
kc_dataset_get_indicator (KcDataset *self,
                          guint      index)
{
  g_return_val_if_fail (KC_IS_DATASET (self), NULL);
  g_return_val_if_fail (index < self->indicators->len, NULL);

  return g_ptr_array_index (self->indicators, index);
}

const KcIndicator *
kc_dataset_find_indicator (KcDataset  *self,
                           const char *key)
{
  g_return_val_if_fail (KC_IS_DATASET (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->indicator_keys, key);
}

const KcSeries **
kc_dataset_get_series_for (KcDataset         *self,
                           const KcIndicator *indicator,
                           guint             *n_series)
{
  GPtrArray *list;

  g_return_val_if_fail (KC_IS_DATASET (self), NULL);

  list = g_hash_table_lookup (self->series_by_indicator, indicator);
  if (n_series != NULL)
    *n_series = list != NULL ? list->len : 0;

  return list != NULL ? (const KcSeries **) list->pdata : NULL;
}

const KcSeries *
kc_dataset_get_series (KcDataset         *self,
                       const KcIndicator *indicator,
                       const char        *region)
{
  g_autofree char *key = NULL;
  guint n;
  const KcSeries **all;

  g_return_val_if_fail (KC_IS_DATASET (self), NULL);
  g_return_val_if_fail (indicator != NULL, NULL);

  if (region == NULL)
    {
      all = kc_dataset_get_series_for (self, indicator, &n);
      return n > 0 ? all[0] : NULL;
    }

  key = g_strconcat (indicator->id, "\x1f", region, NULL);

  return g_hash_table_lookup (self->series_by_key, key);
}

guint
kc_dataset_get_n_series (KcDataset *self)
{
  g_return_val_if_fail (KC_IS_DATASET (self), 0);

  return self->series->len;
}

guint64
kc_dataset_get_n_observations (KcDataset *self)
{
  g_return_val_if_fail (KC_IS_DATASET (self), 0);

  return self->n_observations;
}

KcEntityTable *
kc_dataset_get_entities (KcDataset *self)
{
  g_return_val_if_fail (KC_IS_DATASET (self), NULL);

  return self->entities;
}

guint
kc_dataset_get_n_charts (KcDataset *self)
{
  g_return_val_if_fail (KC_IS_DATASET (self), 0);

  return self->charts->len;
}

const KcChartDef *
kc_dataset_get_chart (KcDataset *self,
                      guint      index)
{
  g_return_val_if_fail (KC_IS_DATASET (self), NULL);
  g_return_val_if_fail (index < self->charts->len, NULL);

  return g_ptr_array_index (self->charts, index);
}

const KcChartDef *
kc_dataset_find_chart (KcDataset  *self,
                       const char *id)
{
  g_return_val_if_fail (KC_IS_DATASET (self), NULL);

  for (guint i = 0; i < self->charts->len; i++)
    {
      const KcChartDef *chart = g_ptr_array_index (self->charts, i);

      if (g_str_equal (chart->id, id))
        return chart;
    }

  return NULL;
}

static KcChartDef *
auto_chart_new (const char  *id,
                const char  *title,
                KcChartKind  kind)
{
  KcChartDef *chart = g_new0 (KcChartDef, 1);

  chart->id = g_strdup (id);
  chart->title = g_strdup (title);
  chart->kind = kind;
  chart->regions = g_new0 (char *, 1);

  return chart;
}

static char *
auto_chart_id (const char *prefix,
               const char *name)
{
  GString *id = g_string_new (prefix);

  /* Ids are for file names: keep ASCII letters and digits, and Chinese. */
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (id, c < 0x80 ? (gunichar) g_ascii_tolower ((char) c) : c);
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }

  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);

  return g_string_free (id, FALSE);
}

/* Without charts.csv: the latest amounts as KPI cards, ratios with a
 * history as lines, the counts of one category side by side as bars. */
void
_kc_dataset_make_auto_charts (KcDataset *self)
{
  g_autoptr(GHashTable) count_groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                              (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) group_order = g_ptr_array_new ();
  guint n_kpis = 0;

  g_ptr_array_set_size (self->auto_charts, 0);

  for (guint i = 0; i < self->indicators->len; i++)
    {
      const KcIndicator *indicator = g_ptr_array_index (self->indicators, i);
      GPtrArray *series = g_hash_table_lookup (self->series_by_indicator, indicator);
      guint n_points = 0;
      g_autofree char *id = NULL;
      KcChartDef *chart;

      if (series == NULL)
        continue;

      for (guint s = 0; s < series->len; s++)
        n_points = MAX (n_points, ((KcSeries *) g_ptr_array_index (series, s))->points->len);

      if (indicator->kind == KC_INDICATOR_COUNT && n_points == 1)
        {
          const char *group = indicator->category != NULL ? indicator->category : "";
          GPtrArray *members = g_hash_table_lookup (count_groups, group);

          if (members == NULL)
            {
              members = g_ptr_array_new ();
              g_hash_table_insert (count_groups, (gpointer) group, members);
              g_ptr_array_add (group_order, (gpointer) group);
            }
          g_ptr_array_add (members, indicator->id);
          continue;
        }

      if (n_points >= 2)
        {
          KcChartKind kind = indicator->kind == KC_INDICATOR_RATIO ? KC_CHART_KIND_LINE
                                                                   : KC_CHART_KIND_COLUMN;

          id = auto_chart_id ("", indicator->id);
          chart = auto_chart_new (id, indicator->name, kind);
        }
      else if (n_kpis < 6)
        {
          id = auto_chart_id ("kpi-", indicator->id);
          chart = auto_chart_new (id, indicator->name, KC_CHART_KIND_KPI);
          n_kpis++;
        }
      else
        {
          continue;
        }

      chart->indicators = g_new0 (char *, 2);
      chart->indicators[0] = g_strdup (indicator->id);
      g_ptr_array_add (self->auto_charts, chart);
    }

  for (guint g = 0; g < group_order->len; g++)
    {
      const char *group = g_ptr_array_index (group_order, g);
      GPtrArray *members = g_hash_table_lookup (count_groups, group);
      g_autofree char *id = NULL;
      KcChartDef *chart;

      if (members->len < 2)
        {
          const KcIndicator *indicator = kc_dataset_find_indicator (self, g_ptr_array_index (members, 0));

          id = auto_chart_id ("kpi-", indicator->id);
          chart = auto_chart_new (id, indicator->name, KC_CHART_KIND_KPI);
        }
      else
        {
          id = auto_chart_id ("counts-", *group != '\0' ? group : "all");
          chart = auto_chart_new (id, *group != '\0' ? group : _("Counts"), KC_CHART_KIND_BAR);
        }

      chart->indicators = g_new0 (char *, members->len + 1);
      for (guint m = 0; m < members->len; m++)
        chart->indicators[m] = g_strdup (g_ptr_array_index (members, m));
      g_ptr_array_add (self->auto_charts, chart);
    }
}

guint
kc_dataset_get_n_dashboard_charts (KcDataset *self)
{
  g_return_val_if_fail (KC_IS_DATASET (self), 0);

  return self->charts->len > 0 ? self->charts->len : self->auto_charts->len;
}

const KcChartDef *
kc_dataset_get_dashboard_chart (KcDataset *self,
                                guint      index)
{
  GPtrArray *charts;

  g_return_val_if_fail (KC_IS_DATASET (self), NULL);

  charts = self->charts->len > 0 ? self->charts : self->auto_charts;
  g_return_val_if_fail (index < charts->len, NULL);

  return g_ptr_array_index (charts, index);
}

guint
kc_dataset_get_n_files (KcDataset *self)
{
  g_return_val_if_fail (KC_IS_DATASET (self), 0);

  return self->files->len;
}

const KcFileInfo *
kc_dataset_get_file (KcDataset *self,
                     guint      index)
{
  g_return_val_if_fail (KC_IS_DATASET (self), NULL);
  g_return_val_if_fail (index < self->files->len, NULL);

  return &g_array_index (self->files, KcFileInfo, index);
}

KcProblemList *
kc_dataset_get_problems (KcDataset *self)
{
  g_return_val_if_fail (KC_IS_DATASET (self), NULL);

  return self->problems;
}

const char *
kc_dataset_get_title (KcDataset *self)
{
  g_return_val_if_fail (KC_IS_DATASET (self), NULL);

  return self->title != NULL ? self->title : "";
}

const KcObservation *
kc_series_lookup (const KcSeries *series,
                  const KcPeriod *period)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (series != NULL, NULL);

  hi = series->points->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const KcObservation *point = &g_array_index (series->points, KcObservation, mid);
      int cmp = kc_period_compare (&point->period, period);

      if (cmp == 0)
        return point;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

const KcObservation *
kc_series_get_latest (const KcSeries *series)
{
  g_return_val_if_fail (series != NULL, NULL);

  for (guint i = series->points->len; i > 0; i--)
    {
      const KcObservation *point = &g_array_index (series->points, KcObservation, i - 1);

      if (!isnan (point->value))
        return point;
    }

  return NULL;
}
