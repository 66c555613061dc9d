/* test-values.c
 * Reading numbers from cells: every accepted form, missing token and
 * rejection, and plain formatting. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kc-value.h"

typedef struct
{
  const char *text;
  double      number;
  const char *unit;
} ValueCase;

static const ValueCase ok_cases[] = {
  /* The figures of the Beilun report. */
  { "251.25亿元", 251.25, "亿元" },
  { "58.5%", 58.5, "%" },
  { "128.7亿元", 128.7, "亿元" },
  { "30%", 30, "%" },
  { "3251", 3251, NULL },
  { "5.91亿元", 5.91, "亿元" },
  { "1.77亿元", 1.77, "亿元" },
  { "2.2个百分点", 2.2, "个百分点" },
  { "3251件", 3251, "件" },
  /* Separators, signs, exponents. */
  { "1234.5", 1234.5, NULL },
  { "1,234.5", 1234.5, NULL },
  { "12,345,678", 12345678, NULL },
  { "999,999.25", 999999.25, NULL },
  { "1,234e3", 1234000, NULL },
  { "-3", -3, NULL },
  { "+7", 7, NULL },
  { "\u221212.5", -12.5, NULL },
  { "-0", 0, NULL },
  { "0.5", 0.5, NULL },
  { ".5", 0.5, NULL },
  { "5.", 5, NULL },
  { "007", 7, NULL },
  { "1e3", 1000, NULL },
  { "2.5E-2", 0.025, NULL },
  { "1e+3", 1000, NULL },
  { "1.7976931348623157e308", 1.7976931348623157e308, NULL },
  /* The smallest double is kept; a zero in any notation is zero. */
  { "4.9e-324", 4.9e-324, NULL },
  { "0e-400", 0, NULL },
  { "0.000e5", 0, NULL },
  /* Full-width forms. */
  { "１２８．７", 128.7, NULL },
  { "１，２３４．５", 1234.5, NULL },
  { "３０％", 30, "%" },
  { "－５", -5, NULL },
  { "１２８．７亿元", 128.7, "亿元" },
  /* Surrounding and inner spaces. */
  { "  42  ", 42, NULL },
  { "\t42\r\n", 42, NULL },
  { "\u300042\u3000", 42, NULL },
  { "\u00a042\u00a0", 42, NULL },
  { "\ufeff42\u200b", 42, NULL },
  { "128.7 亿元", 128.7, "亿元" },
  { "12 %", 12, "%" },
  { "12\u3000%", 12, "%" },
  /* Other units. */
  { "12吨", 12, "吨" },
  { "3.5万人次", 3.5, "万人次" },
  { "4.2件/万人", 4.2, "件/万人" },
  { "7 CNY", 7, "CNY" },
  { "5‰", 5, "‰" },
  { "1.5 million yuan", 1.5, "million yuan" },
  { "12亿", 12, "亿" },
};

/* Compared after trimming, so padded forms are listed too. */
static const char *const missing_cases[] = {
  "", " ", "\u3000", "\u00a0 ",
  "-", " - ", "--", "－", "\u2212", "—", "——", "―", "–",
  "…", "……", "...",
  "NA", "na", "N/A", "n/a", "#N/A", "NULL", "null", "ＮＡ",
};

static const char *const invalid_cases[] = {
  "12abc", "１２ａｂｃ", "12kg", "30%左右", "约30%", "abc", "亿元", "%",
  "1,23,4", "1,5", "1234,567", "12,", ",123", "1,,234", "1,234,56",
  "NaN", "nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "1e-400", "-2.5e-999",
  "(3)", "（3）", "(3", "--5", "+-5", "- 5", "– 5", "1.2.3", "1..2",
  "1 234", "12 34", "5 10,000", "1.5 100 million yuan", "3 10k", "0x10", "1e", "1e+", "5-", "一百",
  "\xff\xfe", "12\xe4\xba", "12\x80",
};

/* Names the case in the TAP log, which must stay valid UTF-8. */
static void
note_case (const char *text)
{
  g_autofree char *escaped = g_strescape (text, NULL);

  g_test_message ("%s", g_utf8_validate (text, -1, NULL) ? text : escaped);
}

static void
test_parse_ok (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ok_cases); i++)
    {
      const ValueCase *c = &ok_cases[i];
      double number = -999;
      const char *unit = "unset";

      note_case (c->text);
      g_assert_cmpint (kc_value_parse (c->text, -1, &number, &unit), ==, KC_VALUE_OK);
      g_assert_cmpfloat (number, ==, c->number);
      g_assert_cmpstr (unit, ==, c->unit);
      if (unit != NULL)
        g_assert_true (unit == g_intern_string (c->unit));
      g_assert_null (kc_value_explain_invalid (c->text, -1));
    }
}

static void
test_negative_zero (void)
{
  double number = 1;

  g_assert_cmpint (kc_value_parse ("-0.0", -1, &number, NULL), ==, KC_VALUE_OK);
  g_assert_cmpfloat (number, ==, 0);
  g_assert_false (signbit (number));
}

static void
test_parse_missing (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (missing_cases); i++)
    {
      double number = -999;
      const char *unit = "unset";

      note_case (missing_cases[i]);
      g_assert_cmpint (kc_value_parse (missing_cases[i], -1, &number, &unit), ==,
                       KC_VALUE_MISSING);
      /* Outputs are only written on OK. */
      g_assert_cmpfloat (number, ==, -999);
      g_assert_cmpstr (unit, ==, "unset");
      g_assert_null (kc_value_explain_invalid (missing_cases[i], -1));
    }

  g_assert_cmpint (kc_value_parse (NULL, -1, NULL, NULL), ==, KC_VALUE_MISSING);
  g_assert_cmpint (kc_value_parse (NULL, 0, NULL, NULL), ==, KC_VALUE_MISSING);
}

static void
test_parse_invalid (void)
{
  char too_long[160];

  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      double number = -999;

      note_case (invalid_cases[i]);
      g_assert_cmpint (kc_value_parse (invalid_cases[i], -1, &number, NULL), ==,
                       KC_VALUE_INVALID);
      g_assert_cmpfloat (number, ==, -999);
      g_assert_nonnull (kc_value_explain_invalid (invalid_cases[i], -1));
    }

  /* A 101-digit literal is over the limit; 100 digits are read. */
  memset (too_long, '1', 101);
  too_long[101] = '\0';
  g_assert_cmpint (kc_value_parse (too_long, -1, NULL, NULL), ==, KC_VALUE_INVALID);
  g_assert_cmpint (kc_value_parse (too_long, 100, NULL, NULL), ==, KC_VALUE_OK);

  /* Cells longer than any number are rejected before being read. */
  memset (too_long, ' ', sizeof too_long - 1);
  too_long[0] = '1';
  too_long[sizeof too_long - 2] = 'x';
  too_long[sizeof too_long - 1] = '\0';
  g_assert_cmpint (kc_value_parse (too_long, -1, NULL, NULL), ==, KC_VALUE_INVALID);
}

static void
test_explain (void)
{
  const char *grouping = kc_value_explain_invalid ("1,23,4", -1);
  const char *unit = kc_value_explain_invalid ("12abc", -1);
  const char *range = kc_value_explain_invalid ("1e400", -1);
  const char *tiny = kc_value_explain_invalid ("1e-400", -1);
  const char *brackets = kc_value_explain_invalid ("(3)", -1);
  const char *none = kc_value_explain_invalid ("abc", -1);
  const char *open = kc_value_explain_invalid ("(3", -1);
  const char *text = kc_value_explain_invalid ("\xff", -1);
  const char *all[] = { grouping, unit, range, tiny, brackets, none, text };

  g_assert_nonnull (strstr (grouping, "three"));
  g_assert_nonnull (strstr (unit, "after the number"));
  g_assert_nonnull (strstr (range, "too large"));
  g_assert_nonnull (strstr (tiny, "close to zero"));
  g_assert_nonnull (strstr (brackets, "minus"));
  g_assert_nonnull (strstr (none, "Expected a number"));
  g_assert_cmpstr (open, ==, none);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (all); j++)
      g_assert_cmpstr (all[i], !=, all[j]);
}

static void
test_parse_length (void)
{
  const char *cell = "128.7亿元XYZ";
  const char unterminated[4] = { '1', '2', '3', '4' };
  double number = 0;
  const char *unit = NULL;

  /* Only @len bytes count: the garbage after them is not seen. */
  g_assert_cmpint (kc_value_parse (cell, strlen ("128.7亿元"), &number, &unit), ==, KC_VALUE_OK);
  g_assert_cmpfloat (number, ==, 128.7);
  g_assert_cmpstr (unit, ==, "亿元");
  g_assert_cmpint (kc_value_parse (cell, -1, NULL, NULL), ==, KC_VALUE_INVALID);

  g_assert_cmpint (kc_value_parse ("3251", 2, &number, &unit), ==, KC_VALUE_OK);
  g_assert_cmpfloat (number, ==, 32);
  g_assert_null (unit);

  g_assert_cmpint (kc_value_parse ("1e400", 3, &number, NULL), ==, KC_VALUE_OK);
  g_assert_cmpfloat (number, ==, 1000 * 10);

  g_assert_cmpint (kc_value_parse (unterminated, sizeof unterminated, &number, NULL), ==,
                   KC_VALUE_OK);
  g_assert_cmpfloat (number, ==, 1234);

  /* Cutting inside a character, or keeping a NUL, is not text. */
  g_assert_cmpint (kc_value_parse ("12亿", 4, NULL, NULL), ==, KC_VALUE_INVALID);
  g_assert_cmpint (kc_value_parse ("12\0" "3", 4, NULL, NULL), ==, KC_VALUE_INVALID);
  g_assert_cmpint (kc_value_parse ("", 0, NULL, NULL), ==, KC_VALUE_MISSING);
}

static void
test_fold_text (void)
{
  char buf[16];

  g_assert_cmpint (kc_value_fold_text ("\u3000１２．５％ ", -1, buf, sizeof buf), ==, 5);
  g_assert_cmpstr (buf, ==, "12.5%");
  g_assert_cmpint (kc_value_fold_text ("\u22121\u00a0亿", -1, buf, sizeof buf), ==, 6);
  g_assert_cmpstr (buf, ==, "-1 亿");
  g_assert_cmpint (kc_value_fold_text ("0123456789abcdef", -1, buf, sizeof buf), ==, -1);
  g_assert_cmpint (kc_value_fold_text ("0123456789abcde", -1, buf, sizeof buf), ==, 15);
  g_assert_cmpint (kc_value_fold_text ("\xc3", -1, buf, sizeof buf), ==, -1);
  g_assert_cmpint (kc_value_fold_text (NULL, -1, buf, sizeof buf), ==, 0);
  g_assert_cmpstr (buf, ==, "");
}

static void
test_format_plain (void)
{
  const struct
  {
    double      v;
    int         max_decimals;
    const char *expected;
  } cases[] = {
    { 1234.5, 2, "1234.5" },
    { 251.25, 2, "251.25" },
    { 128.7, 17, "128.7" },
    { 0.1 + 0.2, 2, "0.3" },
    { 0.1 + 0.2, 17, "0.30000000000000004" },
    { 100, 2, "100" },
    { 3251, 3, "3251" },
    { -12.346, 2, "-12.35" },
    { 2.6, 0, "3" },
    { 1.6, -3, "2" },
    { 0.1, 99, "0.1" },
    { 0.000123, 6, "0.000123" },
    { 0.000123, 3, "0" },
    { -0.0001, 2, "0" },
    { -0.0, 2, "0" },
    { 0, 0, "0" },
    { 1e-5, 5, "0.00001" },
    { 123456789.123, 2, "123456789.12" },
    { 1e15, 0, "1000000000000000" },
    { 1e20, 2, "100000000000000000000" },
    { 1.5e20, 2, "150000000000000000000" },
    { 1e21, 2, "1e+21" },
    { -1.5e25, 2, "-1.5e+25" },
    { 1.7976931348623157e308, 2, "1.7976931348623157e+308" },
    { NAN, 2, "" },
    { INFINITY, 2, "inf" },
    { -INFINITY, 2, "-inf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = kc_value_format_plain (cases[i].v, cases[i].max_decimals);

      g_assert_cmpstr (s, ==, cases[i].expected);
    }
}

static void
check_round_trip (double v)
{
  g_autofree char *s = kc_value_format_plain (v, 17);
  double back = NAN;

  g_assert_cmpint (kc_value_parse (s, -1, &back, NULL), ==, KC_VALUE_OK);
  if (back != v)
    g_error ("%.17g printed as %s read back as %.17g", v, s, back);
}

static void
test_format_round_trip (void)
{
  const double fixed[] = { 251.25, 58.5, 128.7, 30, 3251, 5.91, 1.77, 0.5, -2.2, 1e21, 3e300 };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    check_round_trip (fixed[i]);

  /* From 1 up, 17 decimals are finer than a double, so nothing is lost. */
  for (guint i = 0; i < 2000; i++)
    {
      double magnitude = pow (10, g_test_rand_double_range (0, 300));
      double v = g_test_rand_double_range (1, 10) * magnitude;

      check_round_trip (g_test_rand_bit () ? v : -v);
    }
}

static gpointer
parse_all_cases (gpointer data)
{
  for (guint round = 0; round < 200; round++)
    for (guint i = 0; i < G_N_ELEMENTS (ok_cases); i++)
      {
        double number = 0;
        const char *unit = NULL;

        if (kc_value_parse (ok_cases[i].text, -1, &number, &unit) != KC_VALUE_OK
            || number != ok_cases[i].number
            || g_strcmp0 (unit, ok_cases[i].unit) != 0)
          return GUINT_TO_POINTER (FALSE);
      }
  return GUINT_TO_POINTER (TRUE);
}

/* Loader threads parse at once; interning is the only shared state. */
static void
test_parse_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("parse", parse_all_cases, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_UINT (g_thread_join (threads[i])));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/values/parse/ok", test_parse_ok);
  g_test_add_func ("/values/parse/negative-zero", test_negative_zero);
  g_test_add_func ("/values/parse/missing", test_parse_missing);
  g_test_add_func ("/values/parse/invalid", test_parse_invalid);
  g_test_add_func ("/values/parse/length", test_parse_length);
  g_test_add_func ("/values/parse/threads", test_parse_threads);
  g_test_add_func ("/values/explain", test_explain);
  g_test_add_func ("/values/fold", test_fold_text);
  g_test_add_func ("/values/format", test_format_plain);
  g_test_add_func ("/values/format-round-trip", test_format_round_trip);

  return g_test_run ();
}
