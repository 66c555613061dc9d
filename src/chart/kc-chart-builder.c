/* kc-chart-builder.c
 * From the model to chart specs: picks the series, lines up their periods,
 * and fills in units, targets, changes and the source footer. */
#define G_LOG_DOMAIN "kc-chart-builder"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kc-chart-builder.h"
#include "kc-derived.h"

KcChartType
kc_chart_type_for_kind (KcChartKind kind)
{
  switch (kind)
    {
    case KC_CHART_KIND_KPI:
      return KC_CHART_KPI;
    case KC_CHART_KIND_COLUMN:
      return KC_CHART_COLUMN;
    case KC_CHART_KIND_BAR:
      return KC_CHART_BAR;
    case KC_CHART_KIND_AREA:
      return KC_CHART_AREA;
    case KC_CHART_KIND_SHARE:
      return KC_CHART_SHARE;
    case KC_CHART_KIND_RANKING:
      return KC_CHART_RANKING;
    case KC_CHART_KIND_LINE:
    default:
      return KC_CHART_LINE;
    }
}

static KcValueKind
value_kind_for (const KcIndicator *indicator)
{
  switch (indicator->kind)
    {
    case KC_INDICATOR_RATIO:
      return KC_VALUE_RATIO;
    case KC_INDICATOR_COUNT:
      return KC_VALUE_COUNT;
    case KC_INDICATOR_RANK:
      return KC_VALUE_RANK;
    case KC_INDICATOR_AMOUNT:
    default:
      return KC_VALUE_AMOUNT;
    }
}

static gboolean
is_chinese (KcChartLanguage language)
{
  return kc_chart_language_resolve (language) == KC_CHART_LANGUAGE_CHINESE;
}

static KcPeriodStyle
period_style (KcChartLanguage language)
{
  return is_chinese (language) ? KC_PERIOD_STYLE_CHINESE : KC_PERIOD_STYLE_ENGLISH;
}

static char *
format_period (const KcPeriod  *period,
               KcChartLanguage  language)
{
  return kc_period_format (period, period_style (language));
}

static const char *
indicator_name (const KcIndicator *indicator,
                KcChartLanguage    language)
{
  if (!is_chinese (language) && indicator->name_en != NULL)
    return indicator->name_en;

  return indicator->name;
}

static gboolean
region_wanted (const char         *region,
               const char * const *regions)
{
  if (regions == NULL || regions[0] == NULL)
    return TRUE;

  return g_strv_contains (regions, region);
}

static GPtrArray *
series_of (KcDataset          *dataset,
           const KcIndicator  *indicator,
           const char * const *regions)
{
  GPtrArray *out = g_ptr_array_new ();
  guint n = 0;
  const KcSeries **all = kc_dataset_get_series_for (dataset, indicator, &n);

  for (guint i = 0; i < n; i++)
    if (region_wanted (all[i]->region, regions))
      g_ptr_array_add (out, (gpointer) all[i]);

  return out;
}

/* The chart's range as sort keys: every period when it has none. */
typedef struct
{
  guint64 from;
  guint64 to;
} KeyRange;

static void
key_range_init (KeyRange         *range,
                const KcChartDef *def)
{
  range->from = 0;
  range->to = G_MAXUINT64;
  if (def != NULL && def->from.year != 0)
    range->from = kc_period_sort_key (&def->from);
  if (def != NULL && def->to.year != 0)
    range->to = kc_period_sort_key (&def->to);
}

static int
compare_periods (gconstpointer a,
                 gconstpointer b)
{
  return kc_period_compare (a, b);
}

/* Adds @source to @sources unless it is there; @last skips the runs of
 * one source that a long series is made of. */
static void
add_source (GPtrArray   *sources,
            const char  *source,
            const char **last)
{
  if (source == NULL || source == *last)
    return;

  *last = source;
  if (!g_ptr_array_find_with_equal_func (sources, source, g_str_equal, NULL))
    g_ptr_array_add (sources, (gpointer) source);
}

/* Every period any of @series has, sorted and unique, within the chart's
 * range; *@n_periods says how many. The one walk over a million points is
 * made here, so with @point_sources it also adds the sources of the points
 * of series s to point_sources[s] when that is not NULL, and with
 * @values, for a single series, its values for those periods (or NULL
 * when they need lining up after all). */
static KcPeriod *
union_of_periods (GPtrArray        *series,
                  const KcChartDef *def,
                  GPtrArray *const *point_sources,
                  double          **values,
                  guint            *n_periods)
{
  KcPeriod *periods;
  double *one_values = NULL;
  KeyRange range;
  gsize total = 0;
  guint n = 0;
  guint kept = 0;
  gboolean sorted = TRUE;
  guint64 previous = 0;

  key_range_init (&range, def);
  for (guint s = 0; s < series->len; s++)
    total += ((const KcSeries *) g_ptr_array_index (series, s))->points->len;
  periods = g_new (KcPeriod, MAX (total, 1));
  if (values != NULL && series->len == 1)
    one_values = g_new (double, MAX (total, 1));

  for (guint s = 0; s < series->len; s++)
    {
      const KcSeries *one = g_ptr_array_index (series, s);
      const KcObservation *points = (const KcObservation *) one->points->data;
      GPtrArray *sources = point_sources != NULL ? point_sources[s] : NULL;
      const char *last_source = NULL;

      for (guint i = 0; i < one->points->len; i++)
        {
          guint64 key = kc_period_sort_key (&points[i].period);

          if (sources != NULL)
            add_source (sources, points[i].source, &last_source);
          if (key < range.from || key > range.to)
            continue;
          /* One series is sorted and unique: sort only when needed. */
          if (n > 0 && key <= previous)
            sorted = FALSE;
          previous = key;
          if (one_values != NULL)
            one_values[n] = points[i].value;
          periods[n++] = points[i].period;
        }
    }

  if (!sorted)
    {
      g_clear_pointer (&one_values, g_free);
      qsort (periods, n, sizeof (KcPeriod), compare_periods);
      for (guint i = 0; i < n; i++)
        {
          if (kept > 0 && kc_period_equal (&periods[kept - 1], &periods[i]))
            continue;
          periods[kept++] = periods[i];
        }
      n = kept;
    }

  if (values != NULL)
    *values = one_values;
  *n_periods = n;
  return periods;
}

static double
value_in_mode (const KcSeries  *series,
               const KcPeriod  *period,
               KcChartMode      mode)
{
  const KcObservation *point = kc_series_lookup (series, period);
  KcChange change;

  if (point == NULL)
    return NAN;

  if (mode == KC_CHART_MODE_YEAR_ON_YEAR)
    return kc_series_year_on_year (series, period, &change) == KC_DERIVED_OK ? change.value : NAN;

  return point->value;
}

/* Adds the sources of the indicators (or, without one, of their points)
 * to @sources, once each. */
static void
collect_sources (GPtrArray         *sources,
                 const KcIndicator *indicator,
                 GPtrArray         *series)
{
  const char *last = NULL;

  if (indicator->source != NULL)
    {
      add_source (sources, indicator->source, &last);
      return;
    }

  for (guint s = 0; s < series->len; s++)
    {
      const KcSeries *one = g_ptr_array_index (series, s);

      for (guint i = 0; i < one->points->len; i++)
        add_source (sources, g_array_index (one->points, KcObservation, i).source, &last);
    }
}

static void
set_sources (KcChartSpec *spec,
             GPtrArray   *sources)
{
  g_autofree char *joined = NULL;

  if (sources->len == 0)
    return;

  g_ptr_array_add (sources, NULL);
  joined = g_strjoinv ("；", (char **) sources->pdata);
  g_ptr_array_remove_index (sources, sources->len - 1);
  kc_chart_spec_set_source (spec, joined);
}

static void
set_target (KcChartSpec       *spec,
            const KcIndicator *indicator,
            KcChartLanguage    language)
{
  g_autofree char *period = NULL;

  if (isnan (indicator->target))
    return;

  if (indicator->target_period.year != 0)
    period = format_period (&indicator->target_period, language);

  kc_chart_spec_set_target (spec, indicator->target, NULL, period);
}

static void
fill_kpi (KcChartSpec       *spec,
          KcDataset         *dataset,
          const KcIndicator *indicator,
          GPtrArray         *series,
          KcChartLanguage    language)
{
  const KcSeries *first = series->len > 0 ? g_ptr_array_index (series, 0) : NULL;
  const KcObservation *latest = first != NULL ? kc_series_get_latest (first) : NULL;
  g_autofree char *period = NULL;
  g_autofree char *change_label = NULL;
  g_autofree double *values = NULL;
  double change = NAN;
  KcChangeKind change_kind = KC_CHANGE_NONE;
  KcChange computed;

  if (first == NULL)
    return;

  /* The sparkline is the whole series. */
  values = g_new (double, first->points->len);
  for (guint i = 0; i < first->points->len; i++)
    values[i] = g_array_index (first->points, KcObservation, i).value;
  kc_chart_spec_add_series (spec, indicator_name (indicator, language), values, first->points->len);

  if (latest == NULL)
    return;

  period = format_period (&latest->period, language);
  if (kc_series_change_from_previous (first, latest - (const KcObservation *) first->points->data,
                                      &computed) == KC_DERIVED_OK)
    {
      g_autofree char *base = format_period (&computed.base_period, language);

      change = computed.value;
      change_kind = computed.unit == KC_CHANGE_UNIT_POINTS ? KC_CHANGE_POINTS
                    : computed.unit == KC_CHANGE_UNIT_PERCENT ? KC_CHANGE_PERCENT
                    : KC_CHANGE_ABSOLUTE;
      /* TRANSLATORS: the period a headline figure is compared with, e.g. "vs 2016" */
      change_label = g_strdup_printf (is_chinese (language) ? "较%s" : "vs %s", base);
    }

  kc_chart_spec_set_kpi (spec, latest->value, indicator_name (indicator, language), period,
                         change, change_kind, change_label);
}

/* Bars of several indicators or regions side by side: each one's latest
 * value. */
static void
fill_latest_bars (KcChartSpec       *spec,
                  KcDataset         *dataset,
                  const KcChartDef  *def,
                  GPtrArray         *indicators,
                  KcChartLanguage    language,
                  GPtrArray         *sources)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) periods = g_array_new (FALSE, FALSE, sizeof (KcPeriod));
  gboolean by_region = indicators->len == 1;

  for (guint i = 0; i < indicators->len; i++)
    {
      const KcIndicator *indicator = g_ptr_array_index (indicators, i);
      g_autoptr(GPtrArray) series = series_of (dataset, indicator,
                                               def != NULL ? (const char * const *) def->regions : NULL);

      collect_sources (sources, indicator, series);
      for (guint s = 0; s < series->len; s++)
        {
          const KcSeries *one = g_ptr_array_index (series, s);
          const KcObservation *latest = kc_series_get_latest (one);
          double value = latest != NULL ? latest->value : NAN;

          if (by_region)
            g_ptr_array_add (labels, g_strdup (*one->region != '\0' ? one->region
                                                                     : indicator_name (indicator, language)));
          else if (s == 0)
            g_ptr_array_add (labels, g_strdup (indicator_name (indicator, language)));
          else
            continue;

          g_array_append_val (values, value);
          if (latest != NULL)
            g_array_append_val (periods, latest->period);
        }
    }

  kc_chart_spec_set_categories (spec, (const char * const *) labels->pdata, labels->len);
  kc_chart_spec_add_series (spec, NULL, (double *) values->data, values->len);

  /* When every bar is of the same period, it goes into the subtitle. */
  if (periods->len > 0 && spec->subtitle == NULL)
    {
      const KcPeriod *first = &g_array_index (periods, KcPeriod, 0);
      gboolean same = TRUE;

      for (guint i = 1; i < periods->len; i++)
        same &= kc_period_equal (first, &g_array_index (periods, KcPeriod, i));

      if (same)
        {
          g_autofree char *text = format_period (first, language);
          kc_chart_spec_set_subtitle (spec, text);
        }
    }
}

/* A stretch of one series' points, copied into the spec's periods and
 * values at the same positions. */
typedef struct
{
  const KcObservation *points;
  guint                n;
  KcPeriod            *periods;
  double              *values;
  GPtrArray           *sources;     /* NULL: not wanted */
  gboolean             increasing;
} SeriesSlice;

static gpointer
copy_series_slice (gpointer data)
{
  SeriesSlice *slice = data;
  const char *last_source = NULL;
  guint64 previous = 0;

  slice->increasing = TRUE;
  for (guint i = 0; i < slice->n; i++)
    {
      guint64 key = kc_period_sort_key (&slice->points[i].period);

      if (i > 0 && key <= previous)
        slice->increasing = FALSE;
      previous = key;
      slice->periods[i] = slice->points[i].period;
      slice->values[i] = slice->points[i].value;
      if (slice->sources != NULL)
        add_source (slice->sources, slice->points[i].source, &last_source);
    }

  return NULL;
}

/* The first of the @n points whose period's key is at least @key. */
static guint
lower_bound (const KcObservation *points,
             guint                n,
             guint64              key)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (kc_period_sort_key (&points[mid].period) < key)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Series this long are copied by two threads: the fresh pages of the
 * periods and values cost more than reading the points. */
#define PARALLEL_SERIES_POINTS (256 * 1024)

/* The periods and values of one series in the chart's range, as the
 * dataset keeps it: sorted, every period once. Adds the sources of all its
 * points to @sources when that is not NULL. FALSE, with nothing set, when
 * the series is not in order after all. */
static gboolean
copy_one_series (const KcSeries    *series,
                 const KcChartDef  *def,
                 GPtrArray         *sources,
                 KcPeriod         **periods,
                 double           **values,
                 guint             *n_periods)
{
  const KcObservation *points = (const KcObservation *) series->points->data;
  guint n_points = series->points->len;
  KeyRange range;
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  SeriesSlice slices[2];
  GThread *thread = NULL;
  const char *last = NULL;
  guint n_slices;
  guint begin, end, n;
  gboolean ok = TRUE;

  key_range_init (&range, def);
  begin = range.from == 0 ? 0 : lower_bound (points, n_points, range.from);
  end = range.to == G_MAXUINT64 ? n_points : lower_bound (points, n_points, range.to + 1);
  end = MAX (begin, end);
  n = end - begin;
  n_slices = n >= PARALLEL_SERIES_POINTS && g_get_num_processors () > 1 ? 2 : 1;

  *periods = g_new (KcPeriod, MAX (n, 1));
  *values = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n_slices; i++)
    {
      guint from = n * i / n_slices, to = n * (i + 1) / n_slices;

      slices[i].points = points + begin + from;
      slices[i].n = to - from;
      slices[i].periods = *periods + from;
      slices[i].values = *values + from;
      slices[i].sources = sources != NULL ? g_ptr_array_new () : NULL;
    }
  if (n_slices > 1)
    thread = g_thread_new ("kc-series", copy_series_slice, &slices[1]);
  copy_series_slice (&slices[0]);
  if (thread != NULL)
    g_thread_join (thread);

  /* The sources in the order of the points, those outside the range
   * included, as everywhere. */
  for (guint i = 0; sources != NULL && i < begin; i++)
    add_source (found, points[i].source, &last);
  for (guint i = 0; i < n_slices; i++)
    {
      ok &= slices[i].increasing;
      if (i > 0 && slices[i].n > 0 && slices[i - 1].n > 0)
        ok &= kc_period_sort_key (&slices[i].periods[0])
              > kc_period_sort_key (&slices[i - 1].periods[slices[i - 1].n - 1]);
      for (guint k = 0; slices[i].sources != NULL && k < slices[i].sources->len; k++)
        add_source (found, g_ptr_array_index (slices[i].sources, k), &last);
      g_clear_pointer (&slices[i].sources, g_ptr_array_unref);
    }
  for (guint i = end; sources != NULL && i < n_points; i++)
    add_source (found, points[i].source, &last);

  if (!ok)
    {
      g_clear_pointer (periods, g_free);
      g_clear_pointer (values, g_free);
      return FALSE;
    }

  last = NULL;
  for (guint i = 0; sources != NULL && i < found->len; i++)
    add_source (sources, g_ptr_array_index (found, i), &last);
  *n_periods = n;
  return TRUE;
}

static void
free_sources (gpointer sources)
{
  if (sources != NULL)
    g_ptr_array_unref (sources);
}

static void
fill_time_series (KcChartSpec       *spec,
                  KcDataset         *dataset,
                  const KcChartDef  *def,
                  GPtrArray         *indicators,
                  const char * const *regions,
                  KcChartMode        mode,
                  KcChartLanguage    language,
                  GPtrArray         *sources)
{
  g_autoptr(GPtrArray) all_series = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  /* Per series, the sources of its points when its indicator has none:
   * gathered on the walk over the points, added in indicator order. */
  g_autoptr(GPtrArray) point_sources = g_ptr_array_new_with_free_func (free_sources);
  g_autoptr(GPtrArray) indicator_of = g_ptr_array_new ();
  KcPeriod *periods;
  double *single_values = NULL;
  guint n_periods = 0;

  for (guint i = 0; i < indicators->len; i++)
    {
      const KcIndicator *indicator = g_ptr_array_index (indicators, i);
      g_autoptr(GPtrArray) series = series_of (dataset, indicator, regions);

      for (guint s = 0; s < series->len; s++)
        {
          const KcSeries *one = g_ptr_array_index (series, s);

          g_ptr_array_add (all_series, (gpointer) one);
          g_ptr_array_add (indicator_of, (gpointer) indicator);
          g_ptr_array_add (point_sources, indicator->source == NULL ? g_ptr_array_new () : NULL);
          if (indicators->len > 1 && series->len > 1)
            g_ptr_array_add (names, g_strdup_printf ("%s · %s", indicator_name (indicator, language),
                                                     one->region));
          else if (indicators->len > 1 || *one->region == '\0')
            g_ptr_array_add (names, g_strdup (indicator_name (indicator, language)));
          else
            g_ptr_array_add (names, g_strdup (one->region));
        }
    }

  /* One series (the usual long one) is sorted already: copied as it is. */
  if (all_series->len != 1 || mode == KC_CHART_MODE_YEAR_ON_YEAR
      || !copy_one_series (g_ptr_array_index (all_series, 0), def,
                           g_ptr_array_index (point_sources, 0), &periods, &single_values,
                           &n_periods))
    periods = union_of_periods (all_series, def, (GPtrArray *const *) point_sources->pdata,
                                mode == KC_CHART_MODE_YEAR_ON_YEAR ? NULL : &single_values,
                                &n_periods);

  for (guint i = 0, s = 0; i < indicators->len; i++)
    {
      const KcIndicator *indicator = g_ptr_array_index (indicators, i);
      const char *last = NULL;

      add_source (sources, indicator->source, &last);
      for (; s < all_series->len && g_ptr_array_index (indicator_of, s) == indicator; s++)
        {
          GPtrArray *found = g_ptr_array_index (point_sources, s);

          for (guint k = 0; found != NULL && k < found->len; k++)
            add_source (sources, g_ptr_array_index (found, k), &last);
        }
    }

  for (guint s = 0; s < all_series->len; s++)
    {
      const KcSeries *one = g_ptr_array_index (all_series, s);
      double *values;
      guint index;

      if (single_values != NULL)
        {
          /* One series in order: its values came with its periods. */
          values = g_steal_pointer (&single_values);
        }
      else if (mode == KC_CHART_MODE_YEAR_ON_YEAR)
        {
          values = g_new (double, MAX (n_periods, 1));
          for (guint i = 0; i < n_periods; i++)
            values[i] = value_in_mode (one, &periods[i], mode);
        }
      else
        {
          const KcObservation *points = (const KcObservation *) one->points->data;
          guint n_points = one->points->len;
          guint j = 0;

          values = g_new (double, MAX (n_periods, 1));
          /* Both are sorted: walk them together instead of a lookup each. */
          for (guint i = 0; i < n_periods; i++)
            {
              guint64 key = kc_period_sort_key (&periods[i]);

              while (j < n_points && kc_period_sort_key (&points[j].period) < key)
                j++;
              values[i] = j < n_points && kc_period_sort_key (&points[j].period) == key
                          ? points[j].value : NAN;
            }
        }

      /* The spec owns g_malloc'ed values as they are: no copy of a
       * million doubles. */
      index = kc_chart_spec_add_series (spec, g_ptr_array_index (names, s), NULL, 0);
      spec->series[index].values = values;
      spec->series[index].n_values = n_periods;
    }

  kc_chart_spec_take_periods (spec, periods, n_periods, period_style (language));

  /* One region of an indicator that has several: no legend names it, so
   * the subtitle does (a target's completion is that region's). */
  if (indicators->len == 1 && all_series->len == 1 && spec->subtitle == NULL)
    {
      const KcSeries *one = g_ptr_array_index (all_series, 0);
      guint n_all = 0;

      kc_dataset_get_series_for (dataset, g_ptr_array_index (indicators, 0), &n_all);
      if (n_all > 1 && *one->region != '\0')
        kc_chart_spec_set_subtitle (spec, one->region);
    }

  if (mode == KC_CHART_MODE_SHARE_OF_TOTAL && spec->n_series > 0)
    {
      for (guint i = 0; i < n_periods; i++)
        {
          double total = 0;

          for (guint s = 0; s < spec->n_series; s++)
            if (i < spec->series[s].n_values && !isnan (spec->series[s].values[i]))
              total += spec->series[s].values[i];

          for (guint s = 0; s < spec->n_series; s++)
            {
              double percent = NAN;

              if (i < spec->series[s].n_values
                  && kc_share_of_total (spec->series[s].values[i], total, &percent) != KC_DERIVED_OK)
                percent = NAN;
              if (i < spec->series[s].n_values)
                spec->series[s].values[i] = percent;
            }
        }
    }
}

static void
fill_share (KcChartSpec       *spec,
            KcDataset         *dataset,
            const KcChartDef  *def,
            GPtrArray         *indicators,
            KcChartLanguage    language,
            GPtrArray         *sources)
{
  const KcIndicator *first = g_ptr_array_index (indicators, 0);
  g_autoptr(GPtrArray) series = series_of (dataset, first,
                                           def != NULL ? (const char * const *) def->regions : NULL);
  const KcObservation *latest = series->len > 0
                                ? kc_series_get_latest (g_ptr_array_index (series, 0)) : NULL;

  collect_sources (sources, first, series);

  if (first->kind == KC_INDICATOR_RATIO)
    {
      if (latest != NULL)
        {
          g_autofree char *period = format_period (&latest->period, language);

          kc_chart_spec_set_share (spec, NAN, NAN, latest->value, indicator_name (first, language));
          if (spec->subtitle == NULL)
            kc_chart_spec_set_subtitle (spec, period);
        }
      return;
    }

  /* Amounts or counts: slices of a whole, one per indicator. */
  fill_latest_bars (spec, dataset, def, indicators, language, sources);
}

static guint
count_periods (KcDataset          *dataset,
               const KcChartDef   *def,
               GPtrArray          *indicators,
               const char * const *regions)
{
  g_autoptr(GPtrArray) all_series = g_ptr_array_new ();
  g_autofree KcPeriod *periods = NULL;
  guint n = 0;

  for (guint i = 0; i < indicators->len; i++)
    {
      g_autoptr(GPtrArray) series = series_of (dataset, g_ptr_array_index (indicators, i), regions);

      g_ptr_array_extend (all_series, series, NULL, NULL);
    }

  periods = union_of_periods (all_series, def, NULL, NULL, &n);

  return n;
}

static GPtrArray *
indicators_of_def (KcDataset        *dataset,
                   const KcChartDef *def)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; def->indicators != NULL && def->indicators[i] != NULL; i++)
    {
      const KcIndicator *indicator = kc_dataset_find_indicator (dataset, def->indicators[i]);

      if (indicator != NULL)
        g_ptr_array_add (out, (gpointer) indicator);
    }

  return out;
}

static KcChartSpec *
build (KcDataset          *dataset,
       const KcChartDef   *def,
       GPtrArray          *indicators,
       const char * const *regions,
       KcChartType         type,
       KcChartMode         mode,
       KcChartLanguage     language)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  KcChartSpec *spec = kc_chart_spec_new (type);
  const KcIndicator *first;
  const char *unit = NULL;
  guint n = 0;
  const KcSeries **all;

  if (indicators->len == 0)
    return spec;

  /* Once: resolving AUTO reads the environment, and labels are per point. */
  language = kc_chart_language_resolve (language);
  first = g_ptr_array_index (indicators, 0);
  all = kc_dataset_get_series_for (dataset, first, &n);
  unit = n > 0 && all[0]->unit != NULL ? all[0]->unit : first->unit;

  spec->kind = value_kind_for (first);
  kc_chart_spec_set_unit (spec, unit);
  if (def == NULL)
    kc_chart_spec_set_title (spec, indicator_name (first, language));
  else if (!is_chinese (language) && def->title_en != NULL)
    kc_chart_spec_set_title (spec, def->title_en);
  else
    kc_chart_spec_set_title (spec, def->title);
  if (def != NULL && def->note != NULL)
    kc_chart_spec_set_note (spec, def->note);

  switch (type)
    {
    case KC_CHART_KPI:
      {
        g_autoptr(GPtrArray) series = series_of (dataset, first, regions);

        collect_sources (sources, first, series);
        fill_kpi (spec, dataset, first, series, language);
      }
      break;

    case KC_CHART_SHARE:
      fill_share (spec, dataset, def, indicators, language, sources);
      break;

    case KC_CHART_BAR:
    case KC_CHART_RANKING:
      if (indicators->len > 1 || n > 1)
        {
          fill_latest_bars (spec, dataset, def, indicators, language, sources);
          break;
        }
      G_GNUC_FALLTHROUGH;

    case KC_CHART_COLUMN:
      /* Several indicators of one period compare better side by side. */
      if (indicators->len > 1 && count_periods (dataset, def, indicators, regions) == 1)
        {
          fill_latest_bars (spec, dataset, def, indicators, language, sources);
          break;
        }
      G_GNUC_FALLTHROUGH;

    case KC_CHART_LINE:
    case KC_CHART_AREA:
    default:
      fill_time_series (spec, dataset, def, indicators, regions, mode, language, sources);
      if (indicators->len == 1 && mode == KC_CHART_MODE_VALUES)
        set_target (spec, first, language);
      break;
    }

  if (mode == KC_CHART_MODE_YEAR_ON_YEAR)
    spec->change_mode = TRUE;
  else if (mode == KC_CHART_MODE_SHARE_OF_TOTAL)
    {
      spec->kind = KC_VALUE_RATIO;
      kc_chart_spec_set_unit (spec, "%");
    }

  set_sources (spec, sources);

  return spec;
}

KcChartSpec *
kc_chart_spec_from_def (KcDataset        *dataset,
                        const KcChartDef *def,
                        KcChartLanguage   language)
{
  g_autoptr(GPtrArray) indicators = NULL;

  g_return_val_if_fail (KC_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (def != NULL, NULL);

  indicators = indicators_of_def (dataset, def);

  return build (dataset, def, indicators, (const char * const *) def->regions,
                kc_chart_type_for_kind (def->kind), KC_CHART_MODE_VALUES, language);
}

KcChartType
kc_chart_type_for_indicator (KcDataset         *dataset,
                             const KcIndicator *indicator)
{
  guint n = 0;
  guint points = 0;
  const KcSeries **all = kc_dataset_get_series_for (dataset, indicator, &n);

  for (guint i = 0; i < n; i++)
    points = MAX (points, all[i]->points->len);

  if (points <= 1 && n <= 1)
    return indicator->kind == KC_INDICATOR_RATIO ? KC_CHART_SHARE : KC_CHART_KPI;

  if (points <= 1)
    return KC_CHART_BAR;

  return indicator->kind == KC_INDICATOR_RATIO ? KC_CHART_LINE : KC_CHART_COLUMN;
}

KcChartSpec *
kc_chart_spec_for_indicator (KcDataset          *dataset,
                             const KcIndicator  *indicator,
                             const char * const *regions,
                             KcChartType         type,
                             KcChartMode         mode,
                             KcChartLanguage     language)
{
  g_autoptr(GPtrArray) indicators = g_ptr_array_new ();

  g_return_val_if_fail (KC_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (indicator != NULL, NULL);

  g_ptr_array_add (indicators, (gpointer) indicator);

  return build (dataset, NULL, indicators, regions, type, mode, language);
}
