/* kc-chart-spec.h
 * What a chart shows (KcChartSpec) and how it is drawn (KcChartOptions). */
#pragma once

#include <glib-object.h>

#include "kc-format.h"
#include "kc-period.h"

G_BEGIN_DECLS

/* An sRGB colour with alpha, components 0..1. */
typedef struct
{
  double r, g, b, a;
} KcColor;

/* Parses "#rrggbb" or "#rrggbbaa"; FALSE on anything else. */
gboolean     kc_color_parse            (const char *text,
                                        KcColor    *color);

typedef enum
{
  KC_CHART_KPI,      /* headline figure: big value, change, sparkline */
  KC_CHART_LINE,     /* values over periods */
  KC_CHART_COLUMN,   /* vertical bars, grouped or stacked */
  KC_CHART_BAR,      /* horizontal bars, for long (Chinese) category names */
  KC_CHART_AREA,     /* filled lines, stacked when asked */
  KC_CHART_SHARE,    /* donut: a part of a whole, or slices of one series */
  KC_CHART_RANKING,  /* horizontal bars sorted by the first series */
} KcChartType;

#define KC_N_CHART_TYPES 7

/* "kpi", "line", "column", "bar", "area", "share", "ranking". */
const char  *kc_chart_type_to_string   (KcChartType  type);
/* Accepts those names, common synonyms (card, donut, pie, rank…) and the
 * Chinese names (指标卡, 折线图, 柱状图, 条形图, 面积图, 环形图, 排名…),
 * case-insensitively. */
gboolean     kc_chart_type_from_string (const char  *text,
                                        KcChartType *type);

/* One series of values, one value per category. */
typedef struct
{
  char     *name;       /* legend and tooltip; may be NULL for one series */
  double   *values;     /* n_values doubles; NAN = missing (drawn as a gap) */
  guint     n_values;   /* may be smaller than n_categories: the rest is missing */
  gboolean  has_color;
  KcColor   color;      /* overrides the palette when has_color */
} KcChartSeries;

/* A target drawn as a dashed reference line: "目标 24（2021年） 完成 33%". */
typedef struct
{
  gboolean  set;
  double    value;      /* in the spec's unit */
  char     *label;      /* the word before the value; NULL = 目标 / Target */
  char     *period;     /* when the target is due, e.g. "2021年"; may be NULL */
} KcChartTarget;

typedef struct
{
  double        value;         /* NAN = the last value of series 0 */
  char         *label;         /* what the figure is; NULL = the title */
  char         *period;        /* e.g. "2017年1-2月" */
  double        change;        /* NAN = none */
  KcChangeKind  change_kind;   /* NONE = by value kind: points for ratios, else percent */
  char         *change_label;  /* e.g. "较去年年底"; NULL = 较上期 / vs previous */
} KcChartKpi;

typedef struct
{
  double  part;     /* e.g. 251.25 (亿元) */
  double  total;    /* e.g. 429.49; NAN when only the percentage is known */
  double  percent;  /* used when part or total is NAN, e.g. 58.5 */
  char   *label;    /* what the share is, shown under the percentage if it fits */
} KcChartShare;

/* Everything a chart shows. Plain data, no GTK: fill it from the dataset
 * and hand it to kc_chart_render(), kc_chart_export() or KcChartView.
 * Strings and arrays are owned by the spec: set them with the setters
 * below (which copy), or assign g_malloc'ed memory directly. */
typedef struct
{
  KcChartType     type;
  gboolean        stacked;       /* COLUMN, BAR, AREA: stack series */

  char           *title;
  char           *subtitle;
  char           *unit;          /* "亿元", "%", "件", "家"…; NULL = none */
  KcValueKind     kind;
  gboolean        change_mode;   /* values are year-on-year changes:
                                  * percentage points for ratios, % otherwise */
  char           *source;        /* footer "数据来源：…" / "Source: …" */
  char           *note;          /* footer "注：…" / "Note: …" */
  char           *credit;        /* footer "制图：…" / "Chart: …" */

  char          **categories;    /* n_categories labels: periods already
                                  * formatted, or entity/indicator names;
                                  * NULL = periods, or numbered 1, 2, 3… */
  KcPeriod       *periods;       /* when categories is NULL: n_categories
                                  * periods, labelled on demand in
                                  * period_style; NULL = numbered */
  KcPeriodStyle   period_style;
  guint           n_categories;
  KcChartSeries  *series;        /* n_series, see kc_chart_spec_add_series() */
  guint           n_series;

  int             highlight;     /* RANKING/BAR/COLUMN: category drawn in the
                                  * accent colour, others muted; -1 = none */
  KcChartTarget   target;
  KcChartKpi      kpi;
  KcChartShare    share;

  /*< private >*/
  gatomicrefcount ref_count;
} KcChartSpec;

#define KC_TYPE_CHART_SPEC (kc_chart_spec_get_type ())

GType        kc_chart_spec_get_type      (void) G_GNUC_CONST;
KcChartSpec *kc_chart_spec_new           (KcChartType        type);
KcChartSpec *kc_chart_spec_ref           (KcChartSpec       *spec);
void         kc_chart_spec_unref         (KcChartSpec       *spec);
/* A deep copy with its own reference count. */
KcChartSpec *kc_chart_spec_copy          (const KcChartSpec *spec);

void         kc_chart_spec_set_title     (KcChartSpec       *spec,
                                          const char        *title);
void         kc_chart_spec_set_subtitle  (KcChartSpec       *spec,
                                          const char        *subtitle);
void         kc_chart_spec_set_unit      (KcChartSpec       *spec,
                                          const char        *unit);
void         kc_chart_spec_set_source    (KcChartSpec       *spec,
                                          const char        *source);
void         kc_chart_spec_set_note      (KcChartSpec       *spec,
                                          const char        *note);
void         kc_chart_spec_set_credit    (KcChartSpec       *spec,
                                          const char        *credit);
/* Copies @n labels; @labels may be NULL to number the categories. */
void         kc_chart_spec_set_categories (KcChartSpec       *spec,
                                           const char * const *labels,
                                           guint              n);
/* Takes @periods (g_malloc'ed, @n of them) as the categories: each is
 * formatted in @style only when its label is asked for, as a daily series
 * has a million periods and its axis shows a dozen. */
void         kc_chart_spec_take_periods  (KcChartSpec       *spec,
                                          KcPeriod          *periods,
                                          guint              n,
                                          KcPeriodStyle      style);
/* Appends a series (copying @values) and returns its index. */
guint        kc_chart_spec_add_series    (KcChartSpec       *spec,
                                          const char        *name,
                                          const double      *values,
                                          guint              n_values);
void         kc_chart_spec_set_series_color (KcChartSpec    *spec,
                                             guint           series,
                                             const KcColor  *color);
void         kc_chart_spec_set_target    (KcChartSpec       *spec,
                                          double             value,
                                          const char        *label,
                                          const char        *period);
void         kc_chart_spec_set_kpi       (KcChartSpec       *spec,
                                          double             value,
                                          const char        *label,
                                          const char        *period,
                                          double             change,
                                          KcChangeKind       change_kind,
                                          const char        *change_label);
void         kc_chart_spec_set_share     (KcChartSpec       *spec,
                                          double             part,
                                          double             total,
                                          double             percent,
                                          const char        *label);

/* Number of categories drawn: n_categories, or the longest series when
 * the spec has neither labels nor periods. */
guint        kc_chart_spec_get_n_points  (const KcChartSpec *spec);
/* The value or NAN when missing or out of range. */
double       kc_chart_spec_get_value     (const KcChartSpec *spec,
                                          guint              series,
                                          guint              category);
/* Label of @category, or its 1-based number as text; free with g_free(). */
char        *kc_chart_spec_dup_category  (const KcChartSpec *spec,
                                          guint              category);
/* The KPI's value: kpi.value, or the last value of series 0. */
double       kc_chart_spec_get_kpi_value (const KcChartSpec *spec);
/* The share in percent (part / total, or share.percent); NAN if unknown. */
double       kc_chart_spec_get_share_percent (const KcChartSpec *spec);
/* How changes of this spec's values are written: points for ratios,
 * percent growth otherwise. */
KcChangeKind kc_chart_spec_get_change_kind (const KcChartSpec *spec);
/* The change of a point versus the previous non-missing value of its
 * series, in the spec's change kind; NAN when there is none. */
double       kc_chart_spec_get_change    (const KcChartSpec *spec,
                                          guint              series,
                                          guint              category);

/* A one-line description of a point for tooltips and screen readers:
 * "2017年1-2月 · 新产品产值率：30%（+2.2个百分点）". Free with g_free(). */
char        *kc_chart_spec_describe_point (const KcChartSpec *spec,
                                           guint              series,
                                           guint              category,
                                           KcChartLanguage    language);
/* Title and latest value, for the accessible label:
 * "新产品产值率，2017年1-2月：30%". Free with g_free(). */
char        *kc_chart_spec_describe      (const KcChartSpec *spec,
                                          KcChartLanguage    language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcChartSpec, kc_chart_spec_unref)

typedef enum
{
  KC_CHART_THEME_LIGHT,
  KC_CHART_THEME_DARK,
} KcChartTheme;

/* How to draw a spec: independent of the data, so the same spec can be
 * shown on screen and exported at other sizes, themes and languages. */
typedef struct
{
  double           width;            /* user units: pixels at scale 1 */
  double           height;
  KcChartTheme     theme;
  gboolean         transparent;      /* leave the background unpainted */
  KcChartLanguage  language;         /* words the chart writes itself */
  gboolean         show_title;
  gboolean         show_subtitle;
  gboolean         show_footer;      /* source, note and credit */
  gboolean         log_scale;        /* used only when every value is > 0 */
  const KcColor   *palette;          /* NULL = kc_chart_default_palette() */
  guint            n_palette;
  const char      *font_family;      /* NULL = "Cantarell, Noto Sans CJK SC, sans-serif" */
  int              focus_series;     /* point drawn emphasised; -1 = none */
  int              focus_category;
  double           dpi;              /* resolution a PNG records; 0 = 96 × the scale */
  double           kpi_figure_size;  /* a KPI card's largest figure, in user units; 0 = as the card allows */
} KcChartOptions;

/* Defaults: light theme, opaque, language from the locale, everything
 * shown, linear scale, default palette and fonts, no focus. */
void         kc_chart_options_init       (KcChartOptions *options,
                                          double          width,
                                          double          height);

G_END_DECLS
