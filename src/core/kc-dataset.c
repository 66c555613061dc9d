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
  g_clear_pointer (&self->title_zh, g_free);
  g_clear_pointer (&self->title_en, g_free);
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

/* How many one-value amounts, ratios and ranks an automatic dashboard
 * shows as headline KPI cards: one line of the dashboard's headline row.
 * The others are not left off: they go into bar charts. */
#define MAX_AUTO_KPIS 6

static KcChartDef *
auto_chart_new (const char  *id,
                const char  *title,
                const char  *title_en,
                KcChartKind  kind)
{
  KcChartDef *chart = g_new0 (KcChartDef, 1);

  chart->id = g_strdup (id);
  chart->title = g_strdup (title);
  chart->title_en = g_strdup (title_en);
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

/* Adds @chart with the indicators @ids, renaming it "id-2", "id-3"… when
 * another automatic chart has its id: names that differ only in
 * punctuation ("%" and "‰", "a b" and "a-b") give the same id. */
static void
add_auto_chart (KcDataset          *self,
                GHashTable         *used_ids,
                KcChartDef         *chart,
                const char * const *ids,
                guint               n_ids)
{
  if (g_hash_table_contains (used_ids, chart->id))
    {
      char *base = chart->id;

      chart->id = NULL;
      for (guint n = 2; chart->id == NULL || g_hash_table_contains (used_ids, chart->id); n++)
        {
          g_free (chart->id);
          chart->id = g_strdup_printf ("%s-%u", base, n);
        }
      g_free (base);
    }
  g_hash_table_add (used_ids, chart->id);

  chart->indicators = g_new0 (char *, n_ids + 1);
  for (guint i = 0; i < n_ids; i++)
    chart->indicators[i] = g_strdup (ids[i]);
  g_ptr_array_add (self->auto_charts, chart);
}

static void
add_single_chart (KcDataset         *self,
                  GHashTable        *used_ids,
                  const KcIndicator *indicator,
                  const char        *prefix,
                  KcChartKind        kind)
{
  g_autofree char *id = auto_chart_id (prefix, indicator->id);

  add_auto_chart (self, used_ids, auto_chart_new (id, indicator->name, indicator->name_en, kind),
                  (const char * const *) &indicator->id, 1);
}

/* One-value indicators that may share a bar chart: one kind, one category
 * and one unit, since the chart has one axis and formats its values by the
 * first indicator's kind. */
typedef struct
{
  KcIndicatorKind  kind;
  const char      *category; /* "" when none */
  const char      *unit;     /* as the chart shows it; "" when none */
  GPtrArray       *ids;      /* indicator ids, in file order */
  char            *title;
} AutoGroup;

static void
auto_group_free (AutoGroup *group)
{
  g_ptr_array_unref (group->ids);
  g_free (group->title);
  g_free (group);
}

/* The unit the builder puts on a chart of @indicator: its first series'. */
static const char *
shown_unit (const KcIndicator *indicator,
            GPtrArray         *series)
{
  const KcSeries *first = g_ptr_array_index (series, 0);

  if (first->unit != NULL)
    return first->unit;

  return indicator->unit != NULL ? indicator->unit : "";
}

static const char *
auto_group_prefix (KcIndicatorKind kind)
{
  switch (kind)
    {
    case KC_INDICATOR_RATIO:
      return "ratios-";
    case KC_INDICATOR_COUNT:
      return "counts-";
    case KC_INDICATOR_RANK:
      return "ranks-";
    case KC_INDICATOR_AMOUNT:
    default:
      return "amounts-";
    }
}

/* A bar chart's title without a category: what its values are. */
static const char *
auto_group_title (KcIndicatorKind kind)
{
  switch (kind)
    {
    case KC_INDICATOR_RATIO:
      return _("Ratios");
    case KC_INDICATOR_COUNT:
      return _("Counts");
    case KC_INDICATOR_RANK:
      return _("Ranks");
    case KC_INDICATOR_AMOUNT:
    default:
      return _("Amounts");
    }
}

/* Without charts.csv:
 *  - an indicator with a history gets a chart of its own: a line for a
 *    ratio, columns otherwise;
 *  - the first MAX_AUTO_KPIS amounts, ratios and ranks with one value, in
 *    file order, are the headline KPI cards;
 *  - every other one-value indicator (the counts, and the amounts, ratios
 *    and ranks past the headline cards) is a bar beside those of its kind,
 *    category and unit, since one axis has one unit;
 *  - one left alone in its group is a KPI card of its own, a figure
 *    without a neighbour to compare it with.
 * So every indicator with values is on the dashboard once, the headline
 * line stays short, and no chart mixes units. */
void
_kc_dataset_make_auto_charts (KcDataset *self)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) group_order = g_ptr_array_new_with_free_func ((GDestroyNotify) auto_group_free);
  g_autoptr(GHashTable) used_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_kpis = 0;

  g_ptr_array_set_size (self->auto_charts, 0);

  for (guint i = 0; i < self->indicators->len; i++)
    {
      const KcIndicator *indicator = g_ptr_array_index (self->indicators, i);
      GPtrArray *series = g_hash_table_lookup (self->series_by_indicator, indicator);
      guint n_points = 0;
      const char *category;
      const char *unit;
      g_autofree char *key = NULL;
      AutoGroup *group;

      if (series == NULL)
        continue;

      for (guint s = 0; s < series->len; s++)
        n_points = MAX (n_points, ((KcSeries *) g_ptr_array_index (series, s))->points->len);

      if (n_points >= 2)
        {
          add_single_chart (self, used_ids, indicator, "",
                            indicator->kind == KC_INDICATOR_RATIO ? KC_CHART_KIND_LINE
                                                                  : KC_CHART_KIND_COLUMN);
          continue;
        }

      if (indicator->kind != KC_INDICATOR_COUNT && n_kpis < MAX_AUTO_KPIS)
        {
          add_single_chart (self, used_ids, indicator, "kpi-", KC_CHART_KIND_KPI);
          n_kpis++;
          continue;
        }

      category = indicator->category != NULL ? indicator->category : "";
      unit = shown_unit (indicator, series);
      key = g_strdup_printf ("%d\x1f%s\x1f%s", indicator->kind, category, unit);
      group = g_hash_table_lookup (groups, key);
      if (group == NULL)
        {
          group = g_new0 (AutoGroup, 1);
          group->kind = indicator->kind;
          group->category = category;
          group->unit = unit;
          group->ids = g_ptr_array_new ();
          g_hash_table_insert (groups, g_steal_pointer (&key), group);
          g_ptr_array_add (group_order, group);
        }
      g_ptr_array_add (group->ids, indicator->id);
    }

  /* A bar chart is named by its category, or by what its values are;
   * when two bar charts would have one name, each says its unit too. */
  for (guint g = 0; g < group_order->len; g++)
    {
      AutoGroup *group = g_ptr_array_index (group_order, g);

      if (group->ids->len < 2)
        continue;
      group->title = g_strdup (*group->category != '\0' ? group->category
                                                         : auto_group_title (group->kind));
      g_hash_table_replace (titles, group->title,
                            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (titles, group->title)) + 1));
    }

  for (guint g = 0; g < group_order->len; g++)
    {
      AutoGroup *group = g_ptr_array_index (group_order, g);
      g_autofree char *id = NULL;
      g_autofree char *title = NULL;

      if (group->ids->len < 2)
        {
          add_single_chart (self, used_ids, kc_dataset_find_indicator (self, g_ptr_array_index (group->ids, 0)),
                            "kpi-", KC_CHART_KIND_KPI);
          continue;
        }

      if (GPOINTER_TO_UINT (g_hash_table_lookup (titles, group->title)) > 1 && *group->unit != '\0')
        {
          g_autofree char *name = g_strconcat (*group->category != '\0' ? group->category : "all",
                                               "-", group->unit, NULL);

          /* Translators: a chart's title and the unit of its values: "Counts (家)" */
          title = g_strdup_printf (_("%s (%s)"), group->title, group->unit);
          id = auto_chart_id (auto_group_prefix (group->kind), name);
        }
      else
        {
          title = g_strdup (group->title);
          id = auto_chart_id (auto_group_prefix (group->kind),
                              *group->category != '\0' ? group->category : "all");
        }

      add_auto_chart (self, used_ids, auto_chart_new (id, title, NULL, KC_CHART_KIND_BAR),
                      (const char * const *) group->ids->pdata, group->ids->len);
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

const char *
kc_dataset_get_title_in (KcDataset *self,
                         gboolean   chinese)
{
  const char *title;

  g_return_val_if_fail (KC_IS_DATASET (self), NULL);

  title = chinese ? self->title_zh : self->title_en;
  return title != NULL ? title : kc_dataset_get_title (self);
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
