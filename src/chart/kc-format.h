/* kc-format.h
 * Number, unit and change formatting for charts, in Chinese or English. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The language of the words a chart writes by itself (source prefix,
 * magnitudes, "target", "completion"…). It is chosen per chart, not per
 * process, because an English-speaking analyst may export a Chinese chart
 * for the newspaper and the other way round. */
typedef enum
{
  KC_CHART_LANGUAGE_AUTO,     /* from g_get_language_names() */
  KC_CHART_LANGUAGE_CHINESE,
  KC_CHART_LANGUAGE_ENGLISH,
} KcChartLanguage;

/* What a value measures; decides the number format. */
typedef enum
{
  KC_VALUE_AMOUNT,  /* money or output, in the unit given (元, 万元, 亿元…) */
  KC_VALUE_RATIO,   /* a percentage: 30 means 30 % */
  KC_VALUE_COUNT,   /* whole things: patents, companies, centres */
  KC_VALUE_RANK,    /* a position: 1 is first */
} KcValueKind;

/* How a change versus an earlier value is written. */
typedef enum
{
  KC_CHANGE_NONE,
  KC_CHANGE_ABSOLUTE,  /* in the value's own unit: +12.3亿元 */
  KC_CHANGE_PERCENT,   /* relative growth: +12.3% */
  KC_CHANGE_POINTS,    /* difference of two ratios: +2.2个百分点 / +2.2 pp */
} KcChangeKind;

/* A unit split into its magnitude and its base: "亿元" is 1e8 × "元". */
typedef struct
{
  double      factor;     /* multiply a value in the unit to get base units */
  const char *base;       /* points into the unit string or a static string */
  gboolean    is_percent; /* "%" */
} KcUnitParts;

/* Whether numbers get thousands separators: as the language writes them
 * (English 3,251; Chinese statistics 3251), always, or never. The app sets
 * it from its "number-format" preference, so that charts on screen, their
 * exports and the tables agree. */
typedef enum
{
  KC_DIGIT_GROUPING_LANGUAGE,
  KC_DIGIT_GROUPING_ALWAYS,
  KC_DIGIT_GROUPING_NEVER,
} KcDigitGrouping;

KcChartLanguage kc_chart_language_resolve   (KcChartLanguage language);

/* Process-wide; safe to call while other threads format numbers. */
void            kc_format_set_digit_grouping (KcDigitGrouping grouping);
KcDigitGrouping kc_format_get_digit_grouping (void);
/* Whether a number written in @language gets thousands separators. */
gboolean        kc_format_groups_digits     (KcChartLanguage language);

void            kc_unit_split               (const char     *unit,
                                             KcUnitParts    *parts);
/* The base unit as written in @language ("元" → "yuan"; count words such as
 * 件, 家, 个 disappear in English). Never NULL; may be "". */
const char     *kc_unit_base_for_language   (const char     *unit,
                                             KcChartLanguage language);

/* A plain decimal: at most @max_decimals decimals with trailing zeros
 * dropped, U+2212 for negatives, optional English thousands separators. */
char           *kc_format_decimal           (double          value,
                                             int             max_decimals,
                                             gboolean        group_thousands);
/* A number with magnitude words: 3251, 1.23万, 2.51亿 (Chinese);
 * 3,251, 1.23 million, 12.87 billion (English). */
char           *kc_format_number            (double          value,
                                             KcChartLanguage language);
/* A value with its unit, as shown in labels, tooltips and KPI cards:
 * "128.7亿元" / "12.87 billion yuan", "30%", "3251件" / "3,251", "第3位" /
 * "3rd". NAN gives the language's word for "no data". */
char           *kc_format_value             (double          value,
                                             KcValueKind     kind,
                                             const char     *unit,
                                             KcChartLanguage language);
/* The same, split for typesetting: @number gets the digits ("128.7",
 * "12.87", "30"), @suffix the magnitude and unit ("亿元", "billion yuan",
 * "%"), possibly "". Free both with g_free(). */
void            kc_format_value_split       (double           value,
                                             KcValueKind      kind,
                                             const char      *unit,
                                             KcChartLanguage  language,
                                             char           **number,
                                             char           **suffix);
/* A signed change: "+2.2个百分点" / "+2.2 pp", "−3.1%", "+12.3亿元". */
char           *kc_format_change            (double          change,
                                             KcChangeKind    kind,
                                             const char     *unit,
                                             KcChartLanguage language);
/* A percentage with at most one decimal: "58.5%". */
char           *kc_format_percent           (double          percent);

/* How an axis writes its ticks: every tick is divided by @divisor and
 * written plainly; the magnitude and the unit go into the axis title
 * ("亿元", "billion yuan", "%"). */
typedef struct
{
  double  factor;      /* unit → base units */
  double  divisor;     /* base units → tick numbers */
  char   *title;       /* axis title, may be "" */
} KcAxisUnit;

void            kc_axis_unit_init           (KcAxisUnit     *axis,
                                             double          max_abs,
                                             KcValueKind     kind,
                                             const char     *unit,
                                             gboolean        change_mode,
                                             KcChartLanguage language);
void            kc_axis_unit_clear          (KcAxisUnit     *axis);
/* A tick: @value in the spec's unit, @step the tick step in that unit. */
char           *kc_axis_unit_format_tick    (const KcAxisUnit *axis,
                                             double            value,
                                             double            step,
                                             KcChartLanguage   language);

G_END_DECLS
