/* kc-chart-spec.c
 * What a chart shows (KcChartSpec) and how it is drawn (KcChartOptions). */
#define G_LOG_DOMAIN "kc-chart-spec"

#include "config.h"

#include <math.h>
#include <string.h>

#include "kc-chart-spec.h"

G_DEFINE_BOXED_TYPE (KcChartSpec, kc_chart_spec, kc_chart_spec_ref, kc_chart_spec_unref)

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

gboolean
kc_color_parse (const char *text,
                KcColor    *color)
{
  int v[8];
  gsize len;

  if (text == NULL || text[0] != '#')
    return FALSE;
  len = strlen (text + 1);
  if (len != 6 && len != 8)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if ((v[i] = hex_digit (text[1 + i])) < 0)
      return FALSE;

  color->r = (v[0] * 16 + v[1]) / 255.0;
  color->g = (v[2] * 16 + v[3]) / 255.0;
  color->b = (v[4] * 16 + v[5]) / 255.0;
  color->a = len == 8 ? (v[6] * 16 + v[7]) / 255.0 : 1.0;
  return TRUE;
}

static const char * const type_names[KC_N_CHART_TYPES] = {
  "kpi", "line", "column", "bar", "area", "share", "ranking",
};

typedef struct
{
  const char  *name;
  KcChartType  type;
} TypeAlias;

static const TypeAlias type_aliases[] = {
  { "card", KC_CHART_KPI },
  { "number", KC_CHART_KPI },
  { "headline", KC_CHART_KPI },
  { "指标卡", KC_CHART_KPI },
  { "数字", KC_CHART_KPI },
  { "折线图", KC_CHART_LINE },
  { "折线", KC_CHART_LINE },
  { "柱状图", KC_CHART_COLUMN },
  { "柱形图", KC_CHART_COLUMN },
  { "柱图", KC_CHART_COLUMN },
  { "hbar", KC_CHART_BAR },
  { "条形图", KC_CHART_BAR },
  { "面积图", KC_CHART_AREA },
  { "donut", KC_CHART_SHARE },
  { "pie", KC_CHART_SHARE },
  { "环形图", KC_CHART_SHARE },
  { "饼图", KC_CHART_SHARE },
  { "占比", KC_CHART_SHARE },
  { "rank", KC_CHART_RANKING },
  { "排名", KC_CHART_RANKING },
  { "排行", KC_CHART_RANKING },
  { "排行榜", KC_CHART_RANKING },
};

const char *
kc_chart_type_to_string (KcChartType type)
{
  g_return_val_if_fail (type < KC_N_CHART_TYPES, NULL);

  return type_names[type];
}

gboolean
kc_chart_type_from_string (const char  *text,
                           KcChartType *type)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *key = NULL;

  if (text == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (text));
  key = g_utf8_strdown (trimmed, -1);
  for (guint i = 0; i < KC_N_CHART_TYPES; i++)
    if (g_str_equal (key, type_names[i]))
      {
        *type = i;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (type_aliases); i++)
    if (g_str_equal (key, type_aliases[i].name))
      {
        *type = type_aliases[i].type;
        return TRUE;
      }

  return FALSE;
}

KcChartSpec *
kc_chart_spec_new (KcChartType type)
{
  KcChartSpec *spec = g_new0 (KcChartSpec, 1);

  g_atomic_ref_count_init (&spec->ref_count);
  spec->type = type;
  spec->kind = KC_VALUE_AMOUNT;
  spec->highlight = -1;
  spec->target.value = NAN;
  spec->kpi.value = NAN;
  spec->kpi.change = NAN;
  spec->share.part = NAN;
  spec->share.total = NAN;
  spec->share.percent = NAN;

  return spec;
}

KcChartSpec *
kc_chart_spec_ref (KcChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);

  g_atomic_ref_count_inc (&spec->ref_count);
  return spec;
}

static void
kc_chart_spec_free (KcChartSpec *spec)
{
  g_free (spec->title);
  g_free (spec->subtitle);
  g_free (spec->unit);
  g_free (spec->source);
  g_free (spec->note);
  g_free (spec->credit);
  if (spec->categories != NULL)
    {
      for (guint i = 0; i < spec->n_categories; i++)
        g_free (spec->categories[i]);
      g_free (spec->categories);
    }
  g_free (spec->periods);
  for (guint i = 0; i < spec->n_series; i++)
    {
      g_free (spec->series[i].name);
      g_free (spec->series[i].values);
    }
  g_free (spec->series);
  g_free (spec->target.label);
  g_free (spec->target.period);
  g_free (spec->kpi.label);
  g_free (spec->kpi.period);
  g_free (spec->kpi.change_label);
  g_free (spec->share.label);
  g_free (spec);
}

void
kc_chart_spec_unref (KcChartSpec *spec)
{
  g_return_if_fail (spec != NULL);

  if (g_atomic_ref_count_dec (&spec->ref_count))
    kc_chart_spec_free (spec);
}

KcChartSpec *
kc_chart_spec_copy (const KcChartSpec *spec)
{
  KcChartSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = g_memdup2 (spec, sizeof *spec);
  g_atomic_ref_count_init (&copy->ref_count);
  copy->title = g_strdup (spec->title);
  copy->subtitle = g_strdup (spec->subtitle);
  copy->unit = g_strdup (spec->unit);
  copy->source = g_strdup (spec->source);
  copy->note = g_strdup (spec->note);
  copy->credit = g_strdup (spec->credit);
  copy->categories = NULL;
  if (spec->categories != NULL)
    {
      copy->categories = g_new0 (char *, spec->n_categories + 1);
      for (guint i = 0; i < spec->n_categories; i++)
        copy->categories[i] = g_strdup (spec->categories[i]);
    }
  copy->periods = spec->periods != NULL
                  ? g_memdup2 (spec->periods, spec->n_categories * sizeof (KcPeriod)) : NULL;
  copy->series = g_new0 (KcChartSeries, MAX (spec->n_series, 1));
  for (guint i = 0; i < spec->n_series; i++)
    {
      copy->series[i] = spec->series[i];
      copy->series[i].name = g_strdup (spec->series[i].name);
      copy->series[i].values = g_memdup2 (spec->series[i].values,
                                          spec->series[i].n_values * sizeof (double));
    }
  copy->target.label = g_strdup (spec->target.label);
  copy->target.period = g_strdup (spec->target.period);
  copy->kpi.label = g_strdup (spec->kpi.label);
  copy->kpi.period = g_strdup (spec->kpi.period);
  copy->kpi.change_label = g_strdup (spec->kpi.change_label);
  copy->share.label = g_strdup (spec->share.label);

  return copy;
}

static void
replace_string (char       **field,
                const char  *value)
{
  char *old = *field;

  *field = g_strdup (value);
  g_free (old);
}

void
kc_chart_spec_set_title (KcChartSpec *spec,
                         const char  *title)
{
  replace_string (&spec->title, title);
}

void
kc_chart_spec_set_subtitle (KcChartSpec *spec,
                            const char  *subtitle)
{
  replace_string (&spec->subtitle, subtitle);
}

void
kc_chart_spec_set_unit (KcChartSpec *spec,
                        const char  *unit)
{
  replace_string (&spec->unit, unit);
}

void
kc_chart_spec_set_source (KcChartSpec *spec,
                          const char  *source)
{
  replace_string (&spec->source, source);
}

void
kc_chart_spec_set_note (KcChartSpec *spec,
                        const char  *note)
{
  replace_string (&spec->note, note);
}

void
kc_chart_spec_set_credit (KcChartSpec *spec,
                          const char  *credit)
{
  replace_string (&spec->credit, credit);
}

void
kc_chart_spec_set_categories (KcChartSpec        *spec,
                              const char * const *labels,
                              guint               n)
{
  if (spec->categories != NULL)
    {
      for (guint i = 0; i < spec->n_categories; i++)
        g_free (spec->categories[i]);
      g_clear_pointer (&spec->categories, g_free);
    }
  g_clear_pointer (&spec->periods, g_free);

  spec->n_categories = n;
  if (labels == NULL)
    return;

  spec->categories = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    spec->categories[i] = g_strdup (labels[i] != NULL ? labels[i] : "");
}

void
kc_chart_spec_take_periods (KcChartSpec   *spec,
                            KcPeriod      *periods,
                            guint          n,
                            KcPeriodStyle  style)
{
  kc_chart_spec_set_categories (spec, NULL, 0);
  if (periods == NULL || n == 0)
    {
      g_free (periods);
      return;
    }

  spec->periods = periods;
  spec->period_style = style;
  spec->n_categories = n;
}

guint
kc_chart_spec_add_series (KcChartSpec  *spec,
                          const char   *name,
                          const double *values,
                          guint         n_values)
{
  KcChartSeries *s;

  spec->series = g_renew (KcChartSeries, spec->series, spec->n_series + 1);
  s = &spec->series[spec->n_series];
  memset (s, 0, sizeof *s);
  s->name = g_strdup (name);
  s->n_values = values != NULL ? n_values : 0;
  s->values = g_memdup2 (values, s->n_values * sizeof (double));

  return spec->n_series++;
}

void
kc_chart_spec_set_series_color (KcChartSpec   *spec,
                                guint          series,
                                const KcColor *color)
{
  g_return_if_fail (series < spec->n_series);

  spec->series[series].has_color = color != NULL;
  if (color != NULL)
    spec->series[series].color = *color;
}

void
kc_chart_spec_set_target (KcChartSpec *spec,
                          double       value,
                          const char  *label,
                          const char  *period)
{
  spec->target.set = isfinite (value);
  spec->target.value = value;
  replace_string (&spec->target.label, label);
  replace_string (&spec->target.period, period);
}

void
kc_chart_spec_set_kpi (KcChartSpec  *spec,
                       double        value,
                       const char   *label,
                       const char   *period,
                       double        change,
                       KcChangeKind  change_kind,
                       const char   *change_label)
{
  spec->kpi.value = value;
  spec->kpi.change = change;
  spec->kpi.change_kind = change_kind;
  replace_string (&spec->kpi.label, label);
  replace_string (&spec->kpi.period, period);
  replace_string (&spec->kpi.change_label, change_label);
}

void
kc_chart_spec_set_share (KcChartSpec *spec,
                         double       part,
                         double       total,
                         double       percent,
                         const char  *label)
{
  spec->share.part = part;
  spec->share.total = total;
  spec->share.percent = percent;
  replace_string (&spec->share.label, label);
}

guint
kc_chart_spec_get_n_points (const KcChartSpec *spec)
{
  guint n = spec->n_categories;

  if (spec->categories != NULL || spec->periods != NULL)
    return n;
  for (guint i = 0; i < spec->n_series; i++)
    n = MAX (n, spec->series[i].n_values);

  return n;
}

double
kc_chart_spec_get_value (const KcChartSpec *spec,
                         guint              series,
                         guint              category)
{
  if (series >= spec->n_series || category >= spec->series[series].n_values)
    return NAN;

  return spec->series[series].values[category];
}

char *
kc_chart_spec_dup_category (const KcChartSpec *spec,
                            guint              category)
{
  if (spec->categories != NULL && category < spec->n_categories)
    return g_strdup (spec->categories[category]);
  if (spec->periods != NULL && category < spec->n_categories
      && kc_period_is_valid (&spec->periods[category]))
    return kc_period_format (&spec->periods[category], spec->period_style);

  return g_strdup_printf ("%u", category + 1);
}

double
kc_chart_spec_get_kpi_value (const KcChartSpec *spec)
{
  if (isfinite (spec->kpi.value))
    return spec->kpi.value;

  if (spec->n_series > 0)
    {
      const KcChartSeries *s = &spec->series[0];

      for (guint i = s->n_values; i > 0; i--)
        if (isfinite (s->values[i - 1]))
          return s->values[i - 1];
    }

  return NAN;
}

double
kc_chart_spec_get_share_percent (const KcChartSpec *spec)
{
  if (isfinite (spec->share.part) && isfinite (spec->share.total) && spec->share.total > 0)
    return spec->share.part / spec->share.total * 100;

  return spec->share.percent;
}

KcChangeKind
kc_chart_spec_get_change_kind (const KcChartSpec *spec)
{
  KcUnitParts parts;

  kc_unit_split (spec->unit, &parts);
  if (spec->kind == KC_VALUE_RATIO || parts.is_percent || spec->change_mode)
    return KC_CHANGE_POINTS;
  if (spec->kind == KC_VALUE_RANK)
    return KC_CHANGE_ABSOLUTE;

  return KC_CHANGE_PERCENT;
}

double
kc_chart_spec_get_change (const KcChartSpec *spec,
                          guint              series,
                          guint              category)
{
  double v = kc_chart_spec_get_value (spec, series, category);

  if (!isfinite (v) || spec->change_mode || spec->kind == KC_VALUE_RANK)
    return NAN;

  for (guint i = category; i > 0; i--)
    {
      double prev = kc_chart_spec_get_value (spec, series, i - 1);

      if (!isfinite (prev))
        continue;
      if (kc_chart_spec_get_change_kind (spec) == KC_CHANGE_POINTS)
        return v - prev;
      if (prev == 0)
        return NAN;
      return (v - prev) / fabs (prev) * 100;
    }

  return NAN;
}

static char *
format_spec_value (const KcChartSpec *spec,
                   double             value,
                   KcChartLanguage    language)
{
  if (spec->change_mode)
    return kc_format_change (value, kc_chart_spec_get_change_kind (spec) == KC_CHANGE_POINTS
                                    ? KC_CHANGE_POINTS : KC_CHANGE_PERCENT,
                             spec->unit, language);

  return kc_format_value (value, spec->kind, spec->unit, language);
}

char *
kc_chart_spec_describe_point (const KcChartSpec *spec,
                              guint              series,
                              guint              category,
                              KcChartLanguage    language)
{
  GString *out = g_string_new (NULL);
  g_autofree char *period = kc_chart_spec_dup_category (spec, category);
  g_autofree char *value = NULL;
  const char *name = NULL;
  double change;
  gboolean zh;

  language = kc_chart_language_resolve (language);
  zh = language == KC_CHART_LANGUAGE_CHINESE;

  value = format_spec_value (spec, kc_chart_spec_get_value (spec, series, category), language);
  if (series < spec->n_series && spec->series[series].name != NULL)
    name = spec->series[series].name;
  else if (spec->title != NULL)
    name = spec->title;

  g_string_append (out, period);
  g_string_append_c (out, '\n');
  if (name != NULL)
    g_string_append_printf (out, zh ? "%s：%s" : "%s: %s", name, value);
  else
    g_string_append (out, value);

  change = kc_chart_spec_get_change (spec, series, category);
  if (isfinite (change))
    {
      g_autofree char *c = kc_format_change (change, kc_chart_spec_get_change_kind (spec),
                                             spec->unit, language);

      g_string_append_c (out, '\n');
      g_string_append_printf (out, zh ? "较上期 %s" : "%s on previous", c);
    }

  return g_string_free (out, FALSE);
}

char *
kc_chart_spec_describe (const KcChartSpec *spec,
                        KcChartLanguage    language)
{
  const char *title = spec->title != NULL ? spec->title : "";
  g_autofree char *value = NULL;
  g_autofree char *period = NULL;
  gboolean zh;

  language = kc_chart_language_resolve (language);
  zh = language == KC_CHART_LANGUAGE_CHINESE;

  switch (spec->type)
    {
    case KC_CHART_KPI:
      value = format_spec_value (spec, kc_chart_spec_get_kpi_value (spec), language);
      period = g_strdup (spec->kpi.period);
      break;

    case KC_CHART_SHARE:
      {
        double p = kc_chart_spec_get_share_percent (spec);

        if (isfinite (p))
          value = kc_format_percent (p);
      }
      break;

    case KC_CHART_LINE:
    case KC_CHART_COLUMN:
    case KC_CHART_BAR:
    case KC_CHART_AREA:
    case KC_CHART_RANKING:
    default:
      if (spec->n_series > 0)
        {
          const KcChartSeries *s = &spec->series[0];

          for (guint i = s->n_values; i > 0; i--)
            if (isfinite (s->values[i - 1]))
              {
                value = format_spec_value (spec, s->values[i - 1], language);
                period = kc_chart_spec_dup_category (spec, i - 1);
                break;
              }
        }
      break;
    }

  if (value == NULL)
    return g_strdup (title);
  if (period != NULL && *period != '\0')
    return g_strdup_printf (zh ? "%s，%s：%s" : "%s, %s: %s", title, period, value);
  return g_strdup_printf (zh ? "%s：%s" : "%s: %s", title, value);
}

void
kc_chart_options_init (KcChartOptions *options,
                       double          width,
                       double          height)
{
  memset (options, 0, sizeof *options);
  options->width = width;
  options->height = height;
  options->theme = KC_CHART_THEME_LIGHT;
  options->language = KC_CHART_LANGUAGE_AUTO;
  options->show_title = TRUE;
  options->show_subtitle = TRUE;
  options->show_footer = TRUE;
  options->focus_series = -1;
  options->focus_category = -1;
}
