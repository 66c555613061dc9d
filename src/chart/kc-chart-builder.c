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

static char *
format_period (const KcPeriod  *period,
               KcChartLanguage  language)
{
  return kc_period_format (period, is_chinese (language) ? KC_PERIOD_STYLE_CHINESE
                                                         : KC_PERIOD_STYLE_ENGLISH);
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

static gboolean
period_in_range (const KcPeriod   *period,
                 const KcChartDef *def)
{
  if (def == NULL)
    return TRUE;
  if (def->from.year != 0 && kc_period_compare (period, &def->from) < 0)
    return FALSE;
  if (def->to.year != 0 && kc_period_compare (period, &def->to) > 0)
    return FALSE;

  return TRUE;
}

static int
compare_periods (gconstpointer a,
                 gconstpointer b)
{
  return kc_period_compare (a, b);
}

/* Every period any of @series has, sorted, within the chart's range. */
static GArray *
union_of_periods (GPtrArray        *series,
                  const KcChartDef *def)
{
  GArray *periods = g_array_new (FALSE, FALSE, sizeof (KcPeriod));
  guint kept = 0;

  for (guint s = 0; s < series->len; s++)
    {
      const KcSeries *one = g_ptr_array_index (series, s);

      for (guint i = 0; i < one->points->len; i++)
        {
          const KcObservation *point = &g_array_index (one->points, KcObservation, i);

          if (period_in_range (&point->period, def))
            g_array_append_val (periods, point->period);
        }
    }

  /* One series is already sorted and unique; sort only when needed. */
  for (guint i = 1; i < periods->len; i++)
    {
      if (compare_periods (&g_array_index (periods, KcPeriod, i - 1),
                           &g_array_index (periods, KcPeriod, i)) >= 0)
        {
          g_array_sort (periods, compare_periods);
          break;
        }
    }

  for (guint i = 0; i < periods->len; i++)
    {
      KcPeriod *period = &g_array_index (periods, KcPeriod, i);

      if (kept > 0 && kc_period_equal (&g_array_index (periods, KcPeriod, kept - 1), period))
        continue;
      g_array_index (periods, KcPeriod, kept++) = *period;
    }
  g_array_set_size (periods, kept);

  return periods;
}

static void
set_period_categories (KcChartSpec     *spec,
                       GArray          *periods,
                       KcChartLanguage  language)
{
  char **labels = g_new (char *, periods->len + 1);

  for (guint i = 0; i < periods->len; i++)
    labels[i] = format_period (&g_array_index (periods, KcPeriod, i), language);
  labels[periods->len] = NULL;

  /* The spec takes g_malloc'ed labels as they are (see kc-chart-spec.h):
   * a daily series has a million of them, not worth copying. */
  kc_chart_spec_set_categories (spec, NULL, 0);
  spec->categories = labels;
  spec->n_categories = periods->len;
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
  if (indicator->source != NULL)
    {
      if (!g_ptr_array_find_with_equal_func (sources, indicator->source, g_str_equal, NULL))
        g_ptr_array_add (sources, indicator->source);
      return;
    }

  for (guint s = 0; s < series->len; s++)
    {
      const KcSeries *one = g_ptr_array_index (series, s);

      for (guint i = 0; i < one->points->len; i++)
        {
          const char *source = g_array_index (one->points, KcObservation, i).source;

          if (source != NULL && !g_ptr_array_find_with_equal_func (sources, source, g_str_equal, NULL))
            g_ptr_array_add (sources, (gpointer) source);
        }
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
  g_autoptr(GArray) periods = NULL;

  for (guint i = 0; i < indicators->len; i++)
    {
      const KcIndicator *indicator = g_ptr_array_index (indicators, i);
      g_autoptr(GPtrArray) series = series_of (dataset, indicator, regions);

      collect_sources (sources, indicator, series);
      for (guint s = 0; s < series->len; s++)
        {
          const KcSeries *one = g_ptr_array_index (series, s);

          g_ptr_array_add (all_series, (gpointer) one);
          if (indicators->len > 1 && series->len > 1)
            g_ptr_array_add (names, g_strdup_printf ("%s · %s", indicator_name (indicator, language),
                                                     one->region));
          else if (indicators->len > 1 || *one->region == '\0')
            g_ptr_array_add (names, g_strdup (indicator_name (indicator, language)));
          else
            g_ptr_array_add (names, g_strdup (one->region));
        }
    }

  periods = union_of_periods (all_series, def);
  set_period_categories (spec, periods, language);

  for (guint s = 0; s < all_series->len; s++)
    {
      const KcSeries *one = g_ptr_array_index (all_series, s);
      g_autofree double *values = g_new (double, MAX (periods->len, 1));

      if (mode == KC_CHART_MODE_YEAR_ON_YEAR)
        {
          for (guint i = 0; i < periods->len; i++)
            values[i] = value_in_mode (one, &g_array_index (periods, KcPeriod, i), mode);
        }
      else
        {
          guint j = 0;

          /* Both are sorted: walk them together instead of a lookup each. */
          for (guint i = 0; i < periods->len; i++)
            {
              const KcPeriod *period = &g_array_index (periods, KcPeriod, i);

              while (j < one->points->len
                     && kc_period_compare (&g_array_index (one->points, KcObservation, j).period,
                                           period) < 0)
                j++;
              values[i] = j < one->points->len
                          && kc_period_equal (&g_array_index (one->points, KcObservation, j).period, period)
                          ? g_array_index (one->points, KcObservation, j).value
                          : NAN;
            }
        }

      kc_chart_spec_add_series (spec, g_ptr_array_index (names, s), values, periods->len);
    }

  if (mode == KC_CHART_MODE_SHARE_OF_TOTAL && spec->n_series > 0)
    {
      for (guint i = 0; i < periods->len; i++)
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
  g_autoptr(GArray) periods = NULL;

  for (guint i = 0; i < indicators->len; i++)
    {
      g_autoptr(GPtrArray) series = series_of (dataset, g_ptr_array_index (indicators, i), regions);

      g_ptr_array_extend (all_series, series, NULL, NULL);
    }

  periods = union_of_periods (all_series, def);

  return periods->len;
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
