/* test-format.c
 * Numbers with 万/亿 and English magnitudes, percentages, points, units. */
#include "config.h"

#include <math.h>

#include "kc-format.h"

#define ZH KC_CHART_LANGUAGE_CHINESE
#define EN KC_CHART_LANGUAGE_ENGLISH
#define MINUS "\xe2\x88\x92"
/* ×10 */
#define TIMES_TEN "\xc3\x97" "10"

static void
assert_format (char       *got,
               const char *expected)
{
  g_assert_cmpstr (got, ==, expected);
  g_free (got);
}

static void
test_decimal (void)
{
  assert_format (kc_format_decimal (0, 2, FALSE), "0");
  assert_format (kc_format_decimal (128.70, 2, FALSE), "128.7");
  assert_format (kc_format_decimal (251.25, 2, FALSE), "251.25");
  assert_format (kc_format_decimal (1234567.891, 2, TRUE), "1,234,567.89");
  assert_format (kc_format_decimal (1234567.891, 2, FALSE), "1234567.89");
  assert_format (kc_format_decimal (999, 0, TRUE), "999");
  assert_format (kc_format_decimal (1000, 0, TRUE), "1,000");
  assert_format (kc_format_decimal (-3251, 0, TRUE), MINUS "3,251");
  assert_format (kc_format_decimal (-0.001, 1, FALSE), "0");
  assert_format (kc_format_decimal (NAN, 1, FALSE), "\xe2\x80\x93");
}

/* Ties round half away from zero, as people round, though the binary
 * value is exactly half (25.125) or a hair under it (1.005). */
static void
test_decimal_ties (void)
{
  assert_format (kc_format_decimal (25.125, 2, FALSE), "25.13");
  assert_format (kc_format_decimal (0.125, 2, FALSE), "0.13");
  assert_format (kc_format_decimal (1.005, 2, FALSE), "1.01");
  assert_format (kc_format_decimal (2.5, 0, FALSE), "3");
  assert_format (kc_format_decimal (-2.5, 0, FALSE), MINUS "3");
  assert_format (kc_format_decimal (0.5, 0, FALSE), "1");
  /* Not ties: as before. */
  assert_format (kc_format_decimal (25.1249, 2, FALSE), "25.12");
  assert_format (kc_format_decimal (25.12, 2, FALSE), "25.12");
  assert_format (kc_format_decimal (1e-7, 6, FALSE), "0");
}

/* Beyond a thousand trillion, digits would run off any card or axis:
 * three significant digits and a power of ten. */
static void
test_decimal_huge (void)
{
  assert_format (kc_format_decimal (1e308, 0, TRUE), "1" TIMES_TEN "\xc2\xb3\xe2\x81\xb0\xe2\x81\xb8");
  assert_format (kc_format_decimal (-1.234e15, 2, TRUE), MINUS "1.23" TIMES_TEN "\xc2\xb9\xe2\x81\xb5");
  assert_format (kc_format_decimal (9.999e15, 0, TRUE), "1" TIMES_TEN "\xc2\xb9\xe2\x81\xb6");
  assert_format (kc_format_decimal (999999999999999, 0, TRUE), "999,999,999,999,999");
  assert_format (kc_format_number (2.5e20, EN), "2.5" TIMES_TEN "\xc2\xb2\xe2\x81\xb0");
  assert_format (kc_format_number (2.5e20, ZH), "2.5" TIMES_TEN "\xc2\xb2\xe2\x81\xb0");
  assert_format (kc_format_value (1e300, KC_VALUE_AMOUNT, "\xe5\x85\x83", EN),
                 "1" TIMES_TEN "\xc2\xb3\xe2\x81\xb0\xe2\x81\xb0 yuan");
}

static void
test_number_chinese (void)
{
  assert_format (kc_format_number (3251, ZH), "3251");
  assert_format (kc_format_number (128.7, ZH), "128.7");
  assert_format (kc_format_number (12345, ZH), "1.23万");
  assert_format (kc_format_number (3500000, ZH), "350万");
  assert_format (kc_format_number (2.5125e10, ZH), "251.25亿");
  assert_format (kc_format_number (1.287e10, ZH), "128.7亿");
  assert_format (kc_format_number (3e12, ZH), "3万亿");
  assert_format (kc_format_number (-5.91e8, ZH), MINUS "5.91亿");
  /* 9999.999万 does not become "10000万". */
  assert_format (kc_format_number (99999999, ZH), "1亿");
}

static void
test_number_english (void)
{
  assert_format (kc_format_number (3251, EN), "3,251");
  assert_format (kc_format_number (999999, EN), "999,999");
  assert_format (kc_format_number (1.23e6, EN), "1.23 million");
  assert_format (kc_format_number (1.287e10, EN), "12.87 billion");
  assert_format (kc_format_number (5.91e8, EN), "591 million");
  assert_format (kc_format_number (2e12, EN), "2 trillion");
  assert_format (kc_format_number (-1.77e8, EN), MINUS "177 million");
  assert_format (kc_format_number (999999999, EN), "1 billion");
  assert_format (kc_format_number (0.0123, EN), "0.0123");
  /* 251.25亿 is 25.125 billion: the data's digits stay; a value with
   * more digits than that still shows two decimals. */
  assert_format (kc_format_number (2.5125e10, EN), "25.125 billion");
  assert_format (kc_format_value (251.25, KC_VALUE_AMOUNT, "亿元", EN), "25.125 billion yuan");
  assert_format (kc_format_number (2.51254e10, EN), "25.13 billion");
  assert_format (kc_format_number (2.512e10, EN), "25.12 billion");
}

static void
test_units (void)
{
  KcUnitParts parts;

  kc_unit_split ("亿元", &parts);
  g_assert_cmpfloat (parts.factor, ==, 1e8);
  g_assert_cmpstr (parts.base, ==, "元");
  kc_unit_split ("万元", &parts);
  g_assert_cmpfloat (parts.factor, ==, 1e4);
  kc_unit_split ("千瓦时", &parts);
  g_assert_cmpfloat (parts.factor, ==, 1);
  g_assert_cmpstr (parts.base, ==, "千瓦时");
  kc_unit_split ("%", &parts);
  g_assert_true (parts.is_percent);
  kc_unit_split (NULL, &parts);
  g_assert_cmpstr (parts.base, ==, "");
  g_assert_cmpfloat (parts.factor, ==, 1);

  g_assert_cmpstr (kc_unit_base_for_language ("亿元", EN), ==, "yuan");
  g_assert_cmpstr (kc_unit_base_for_language ("亿元", ZH), ==, "元");
  g_assert_cmpstr (kc_unit_base_for_language ("件", EN), ==, "");
  g_assert_cmpstr (kc_unit_base_for_language ("件", ZH), ==, "件");
  g_assert_cmpstr (kc_unit_base_for_language ("MW", EN), ==, "MW");
}

static void
test_value (void)
{
  char *number, *suffix;

  /* The Beilun headline figures. */
  assert_format (kc_format_value (128.7, KC_VALUE_AMOUNT, "亿元", ZH), "128.7亿元");
  assert_format (kc_format_value (128.7, KC_VALUE_AMOUNT, "亿元", EN), "12.87 billion yuan");
  assert_format (kc_format_value (5.91, KC_VALUE_AMOUNT, "亿元", ZH), "5.91亿元");
  assert_format (kc_format_value (5.91, KC_VALUE_AMOUNT, "亿元", EN), "591 million yuan");
  assert_format (kc_format_value (0.5, KC_VALUE_AMOUNT, "亿元", ZH), "5000万元");
  assert_format (kc_format_value (12345, KC_VALUE_AMOUNT, "万元", ZH), "1.23亿元");
  assert_format (kc_format_value (3251, KC_VALUE_COUNT, "件", ZH), "3251件");
  assert_format (kc_format_value (3251, KC_VALUE_COUNT, "件", EN), "3,251");
  assert_format (kc_format_value (30, KC_VALUE_RATIO, "%", ZH), "30%");
  assert_format (kc_format_value (58.5, KC_VALUE_RATIO, NULL, EN), "58.5%");
  assert_format (kc_format_value (-1.26, KC_VALUE_RATIO, "%", EN), MINUS "1.3%");
  assert_format (kc_format_value (3, KC_VALUE_RANK, NULL, ZH), "第3位");
  assert_format (kc_format_value (1, KC_VALUE_RANK, NULL, EN), "1st");
  assert_format (kc_format_value (12, KC_VALUE_RANK, NULL, EN), "12th");
  assert_format (kc_format_value (23, KC_VALUE_RANK, NULL, EN), "23rd");
  assert_format (kc_format_value (NAN, KC_VALUE_AMOUNT, "亿元", ZH), "无数据");
  assert_format (kc_format_value (NAN, KC_VALUE_AMOUNT, "亿元", EN), "no data");

  kc_format_value_split (128.7, KC_VALUE_AMOUNT, "亿元", ZH, &number, &suffix);
  g_assert_cmpstr (number, ==, "128.7");
  g_assert_cmpstr (suffix, ==, "亿元");
  g_free (number);
  g_free (suffix);
  kc_format_value_split (128.7, KC_VALUE_AMOUNT, "亿元", EN, &number, &suffix);
  g_assert_cmpstr (number, ==, "12.87");
  g_assert_cmpstr (suffix, ==, "billion yuan");
  g_free (number);
  g_free (suffix);
}

static void
test_change (void)
{
  /* The new-product rate: 27.8 % → 30 %, up 2.2 points. */
  assert_format (kc_format_change (30 - 27.8, KC_CHANGE_POINTS, "%", ZH), "+2.2个百分点");
  assert_format (kc_format_change (30 - 27.8, KC_CHANGE_POINTS, "%", EN), "+2.2 pp");
  assert_format (kc_format_change (-0.35, KC_CHANGE_POINTS, "%", EN), MINUS "0.35 pp");
  assert_format (kc_format_change (12.34, KC_CHANGE_PERCENT, "亿元", EN), "+12.3%");
  assert_format (kc_format_change (-3.06, KC_CHANGE_PERCENT, NULL, ZH), MINUS "3.1%");
  assert_format (kc_format_change (0.01, KC_CHANGE_PERCENT, NULL, ZH), "0%");
  assert_format (kc_format_change (4.14, KC_CHANGE_ABSOLUTE, "亿元", ZH), "+4.14亿元");
  assert_format (kc_format_change (-4.14, KC_CHANGE_ABSOLUTE, "亿元", EN), MINUS "414 million yuan");
  assert_format (kc_format_change (NAN, KC_CHANGE_POINTS, "%", EN), "no data");
  assert_format (kc_format_percent (58.5), "58.5%");
  assert_format (kc_format_percent (100.0 / 3), "33.3%");
}

static void
test_axis (void)
{
  KcAxisUnit axis;

  /* 128.7 亿元 = 1.287e10 yuan: ticks stay in 亿元 in Chinese… */
  kc_axis_unit_init (&axis, 150, KC_VALUE_AMOUNT, "亿元", FALSE, ZH);
  g_assert_cmpstr (axis.title, ==, "亿元");
  assert_format (kc_axis_unit_format_tick (&axis, 150, 50, ZH), "150");
  kc_axis_unit_clear (&axis);

  /* …and become billions in English. */
  kc_axis_unit_init (&axis, 150, KC_VALUE_AMOUNT, "亿元", FALSE, EN);
  g_assert_cmpstr (axis.title, ==, "billion yuan");
  assert_format (kc_axis_unit_format_tick (&axis, 150, 50, EN), "15");
  assert_format (kc_axis_unit_format_tick (&axis, 5, 5, EN), "0.5");
  kc_axis_unit_clear (&axis);

  kc_axis_unit_init (&axis, 8, KC_VALUE_AMOUNT, "亿元", FALSE, EN);
  g_assert_cmpstr (axis.title, ==, "million yuan");
  assert_format (kc_axis_unit_format_tick (&axis, 6, 2, EN), "600");
  kc_axis_unit_clear (&axis);

  /* Beyond a thousand trillion: powers of ten of the unit itself. */
  kc_axis_unit_init (&axis, 1.5e200, KC_VALUE_AMOUNT, "元", FALSE, EN);
  g_assert_cmpstr (axis.title, ==, "yuan");
  assert_format (kc_axis_unit_format_tick (&axis, 1e200, 5e199, EN), "1" TIMES_TEN "\xc2\xb2\xe2\x81\xb0\xe2\x81\xb0");
  kc_axis_unit_clear (&axis);
  kc_axis_unit_init (&axis, 2e7, KC_VALUE_AMOUNT, "亿元", FALSE, ZH);
  g_assert_cmpstr (axis.title, ==, "元");
  kc_axis_unit_clear (&axis);

  /* Counts in the ten thousands: 万 in Chinese, thousands in English. */
  kc_axis_unit_init (&axis, 250000, KC_VALUE_COUNT, "件", FALSE, ZH);
  g_assert_cmpstr (axis.title, ==, "万件");
  assert_format (kc_axis_unit_format_tick (&axis, 250000, 50000, ZH), "25");
  kc_axis_unit_clear (&axis);
  kc_axis_unit_init (&axis, 250000, KC_VALUE_COUNT, "件", FALSE, EN);
  g_assert_cmpstr (axis.title, ==, "thousand");
  assert_format (kc_axis_unit_format_tick (&axis, 1250000 / 10.0, 25000, EN), "125");
  kc_axis_unit_clear (&axis);

  kc_axis_unit_init (&axis, 3251, KC_VALUE_COUNT, "件", FALSE, EN);
  g_assert_cmpstr (axis.title, ==, "");
  assert_format (kc_axis_unit_format_tick (&axis, 3000, 1000, EN), "3,000");
  assert_format (kc_axis_unit_format_tick (&axis, -1000, 1000, EN), MINUS "1,000");
  kc_axis_unit_clear (&axis);

  kc_axis_unit_init (&axis, 30, KC_VALUE_RATIO, "%", FALSE, ZH);
  g_assert_cmpstr (axis.title, ==, "%");
  assert_format (kc_axis_unit_format_tick (&axis, 27.5, 0.5, ZH), "27.5");
  assert_format (kc_axis_unit_format_tick (&axis, 28, 0.5, ZH), "28");
  kc_axis_unit_clear (&axis);

  /* Year-on-year of a ratio is in points. */
  kc_axis_unit_init (&axis, 3, KC_VALUE_RATIO, "%", TRUE, ZH);
  g_assert_cmpstr (axis.title, ==, "百分点");
  kc_axis_unit_clear (&axis);
  kc_axis_unit_init (&axis, 3, KC_VALUE_RATIO, "%", TRUE, EN);
  g_assert_cmpstr (axis.title, ==, "percentage points");
  kc_axis_unit_clear (&axis);
  kc_axis_unit_init (&axis, 15, KC_VALUE_AMOUNT, "亿元", TRUE, EN);
  g_assert_cmpstr (axis.title, ==, "% year on year");
  kc_axis_unit_clear (&axis);
}

static void
test_digit_grouping (void)
{
  KcAxisUnit axis;

  /* By default, each language's own way. */
  g_assert_cmpint (kc_format_get_digit_grouping (), ==, KC_DIGIT_GROUPING_LANGUAGE);
  g_assert_true (kc_format_groups_digits (EN));
  g_assert_false (kc_format_groups_digits (ZH));

  /* The "number-format" preference: separators always… */
  kc_format_set_digit_grouping (KC_DIGIT_GROUPING_ALWAYS);
  assert_format (kc_format_number (3251, ZH), "3,251");
  assert_format (kc_format_value (3251, KC_VALUE_COUNT, "件", ZH), "3,251件");
  assert_format (kc_format_number (3251, EN), "3,251");
  kc_axis_unit_init (&axis, 3251, KC_VALUE_COUNT, "件", FALSE, ZH);
  assert_format (kc_axis_unit_format_tick (&axis, 3000, 1000, ZH), "3,000");
  kc_axis_unit_clear (&axis);

  /* …or never. */
  kc_format_set_digit_grouping (KC_DIGIT_GROUPING_NEVER);
  assert_format (kc_format_number (3251, EN), "3251");
  assert_format (kc_format_value (3251, KC_VALUE_COUNT, "件", EN), "3251");
  assert_format (kc_format_number (1.287e10, EN), "12.87 billion");
  kc_axis_unit_init (&axis, 3251, KC_VALUE_COUNT, "件", FALSE, EN);
  assert_format (kc_axis_unit_format_tick (&axis, 3000, 1000, EN), "3000");
  kc_axis_unit_clear (&axis);

  kc_format_set_digit_grouping (KC_DIGIT_GROUPING_LANGUAGE);
  assert_format (kc_format_number (3251, EN), "3,251");
  assert_format (kc_format_number (3251, ZH), "3251");
}

static void
test_language (void)
{
  /* The test environment runs with LANGUAGE=en. */
  g_assert_cmpint (kc_chart_language_resolve (KC_CHART_LANGUAGE_AUTO), ==, EN);
  g_assert_cmpint (kc_chart_language_resolve (ZH), ==, ZH);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/decimal", test_decimal);
  g_test_add_func ("/format/decimal-ties", test_decimal_ties);
  g_test_add_func ("/format/decimal-huge", test_decimal_huge);
  g_test_add_func ("/format/number-chinese", test_number_chinese);
  g_test_add_func ("/format/number-english", test_number_english);
  g_test_add_func ("/format/units", test_units);
  g_test_add_func ("/format/value", test_value);
  g_test_add_func ("/format/change", test_change);
  g_test_add_func ("/format/axis", test_axis);
  g_test_add_func ("/format/digit-grouping", test_digit_grouping);
  g_test_add_func ("/format/language", test_language);

  return g_test_run ();
}
