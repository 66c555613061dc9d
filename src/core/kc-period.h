/* kc-period.h
 * Reporting periods (years, halves, quarters, months, year-to-date ranges)
 * as one comparable type. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KC_PERIOD_YEAR,
  KC_PERIOD_HALF,
  KC_PERIOD_QUARTER,
  KC_PERIOD_MONTH,
  KC_PERIOD_RANGE,      /* months first..last, first < last: "1-2月" */
  KC_PERIOD_DAY,        /* one day: daily series such as prices or trade */
} KcPeriodKind;

/* Months first_month..last_month (1–12) of @year. A valid period has a
 * year in 1000–9999 and months that match its kind: YEAR 1..12, HALF 1..6
 * or 7..12, QUARTER three months from 1, 4, 7 or 10, MONTH one month, RANGE
 * two months or more, DAY one month and a @day of it. @day is 0 for every
 * other kind. */
typedef struct
{
  gint32 year;
  guint8 kind;
  guint8 first_month;
  guint8 last_month;
  guint8 day;
} KcPeriod;

typedef enum
{
  KC_PERIOD_STYLE_ISO,            /* 2017, 2017-03, 2017-Q1, 2017-H1, 2017-01..02 */
  KC_PERIOD_STYLE_CHINESE,        /* 2017年, 2017年3月, 2017年一季度, 2017年上半年, 2017年1-2月 */
  KC_PERIOD_STYLE_ENGLISH,        /* 2017, Mar 2017, Q1 2017, H1 2017, Jan–Feb 2017 */
  KC_PERIOD_STYLE_CHINESE_SHORT,  /* 2017年, 17年3月, 17年1季度, 17年上半年, 17年1-2月 */
  KC_PERIOD_STYLE_ENGLISH_SHORT,  /* 2017, Mar ’17, Q1 ’17, H1 ’17, Jan–Feb ’17 */
} KcPeriodStyle;

/* Reads one period; @len may be -1. Surrounding spaces are ignored and
 * full-width digits and letters read as ASCII. Forms:
 *   2017, 2017年, 2017年度, 2017年全年
 *   2017-03, 2017-3, 2017/03, 2017.03, 201703, 2017M03, 2017-M03, 2017年3月,
 *   2017年03月, 2017年三月, 2017年3月份
 *   2017-Q1, 2017Q1, 2017年一季度, 2017年第一季度, 2017年1季度, 2017年一季
 *   2017-H1, 2017H1, 2017年上半年, 2017年下半年
 *   2017-01..02, 2017年1-2月, 1～2月, 1~2月, 1—2月, 1–2月, 1至2月, 1到2月,
 *   1月-2月, 1月至2月 (a one-month range such as 2017年1-1月 is a MONTH)
 *   2017-03-15, 2017/3/15, 2017.03.15, 20170315, 2017年3月15日, 2017年3月15号
 * Rejects months outside 1–12, quarters outside 1–4, reversed ranges, years
 * outside 1000–9999, and anything after the period. English labels
 * ("Mar 2017") are for display and are not read back. Thread-safe. */
gboolean  kc_period_parse            (const char     *text,
                                      gssize          len,
                                      KcPeriod       *period);

/* Why kc_period_parse() rejects @text, as a short translated sentence to
 * follow the quoted cell in an error message; NULL when it is a period. */
const char *kc_period_explain_invalid (const char    *text,
                                       gssize         len);

gboolean  kc_period_is_valid         (const KcPeriod *p);

/* Orders by year, then first month, then last month (so January, January
 * to February, the first quarter, the first half and the whole year come
 * before February), then kind, so that compare is 0 exactly when
 * kc_period_equal(). Usable with qsort() on an array of KcPeriod. */
int       kc_period_compare          (const KcPeriod *a,
                                      const KcPeriod *b);
/* One integer that orders as kc_period_compare() does: for the loops over
 * a million points that compare neighbours. */
static inline guint64
kc_period_sort_key (const KcPeriod *p)
{
  /* Flipping the sign bit makes signed years order as unsigned. */
  return ((guint64) ((guint32) p->year ^ 0x80000000u) << 32)
         | ((guint64) p->first_month << 24)
         | ((guint64) p->last_month << 16)
         | ((guint64) p->day << 8)
         | (guint64) p->kind;
}
gboolean  kc_period_equal            (const KcPeriod *a,
                                      const KcPeriod *b);
/* Whether @a and @b cover as much time: two years, the first half and
 * January to June, two quarters, two months, two days. */
gboolean  kc_period_same_span        (const KcPeriod *a,
                                      const KcPeriod *b);
guint     kc_period_hash             (const KcPeriod *p);

/* @p, which must be valid, as text; free with g_free(). Short forms are
 * for axis labels: the year keeps four digits when it stands alone and is
 * cut to two beside a month, quarter or half. The English month names are
 * the English style itself, so they are not translated. */
char     *kc_period_format           (const KcPeriod *p,
                                      KcPeriodStyle   style);

/* kc_period_format() in the Chinese style when the first entry of
 * g_get_language_names() starts with "zh", in the English style otherwise. */
char     *kc_period_to_display       (const KcPeriod *p,
                                      gboolean        short_form);

/* The same months @years later (negative: earlier), for year-on-year
 * comparisons. The result is not valid when its year leaves 1000–9999. */
KcPeriod  kc_period_shift_years      (const KcPeriod *p,
                                      int             years);

G_END_DECLS
