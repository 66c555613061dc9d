/* test-periods.c
 * Periods: every accepted form and rejection, ordering, hashing, the five
 * text styles, round trips and year shifts. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kc-period.h"

typedef struct
{
  const char *text;
  int         year;
  int         kind;
  int         first;
  int         last;
} PeriodCase;

#define Y  KC_PERIOD_YEAR
#define H  KC_PERIOD_HALF
#define Q  KC_PERIOD_QUARTER
#define M  KC_PERIOD_MONTH
#define R  KC_PERIOD_RANGE

static const PeriodCase ok_cases[] = {
  /* DESIGN.md forms. */
  { "2016", 2016, Y, 1, 12 },
  { "2017-03", 2017, M, 3, 3 },
  { "2017-Q1", 2017, Q, 1, 3 },
  { "2017-H1", 2017, H, 1, 6 },
  { "2017-01..02", 2017, R, 1, 2 },
  { "2017年", 2017, Y, 1, 12 },
  { "2017年3月", 2017, M, 3, 3 },
  { "2017年1-2月", 2017, R, 1, 2 },
  { "2017年一季度", 2017, Q, 1, 3 },
  { "2017年上半年", 2017, H, 1, 6 },
  /* Years. */
  { "1000", 1000, Y, 1, 12 },
  { "9999", 9999, Y, 1, 12 },
  { "2017年度", 2017, Y, 1, 12 },
  { "2017年全年", 2017, Y, 1, 12 },
  { "２０１７年", 2017, Y, 1, 12 },
  { " 2017 ", 2017, Y, 1, 12 },
  { "\u30002017年\u3000", 2017, Y, 1, 12 },
  /* Months. */
  { "2017-3", 2017, M, 3, 3 },
  { "2017-12", 2017, M, 12, 12 },
  { "2017/03", 2017, M, 3, 3 },
  { "2017.03", 2017, M, 3, 3 },
  { "2017.10", 2017, M, 10, 10 },
  { "201703", 2017, M, 3, 3 },
  { "201712", 2017, M, 12, 12 },
  { "2017M03", 2017, M, 3, 3 },
  { "2017m3", 2017, M, 3, 3 },
  { "2017-M11", 2017, M, 11, 11 },
  { "2017年03月", 2017, M, 3, 3 },
  { "2017年三月", 2017, M, 3, 3 },
  { "2017年十二月", 2017, M, 12, 12 },
  { "2017年十一月", 2017, M, 11, 11 },
  { "2017年3月份", 2017, M, 3, 3 },
  { "２０１７年３月", 2017, M, 3, 3 },
  { "２０１７－０３", 2017, M, 3, 3 },
  { "2017年1-1月", 2017, M, 1, 1 },
  { "2017-05..05", 2017, M, 5, 5 },
  /* Quarters. */
  { "2017Q1", 2017, Q, 1, 3 },
  { "2017-q4", 2017, Q, 10, 12 },
  { "2017年第一季度", 2017, Q, 1, 3 },
  { "2017年二季度", 2017, Q, 4, 6 },
  { "2017年第3季度", 2017, Q, 7, 9 },
  { "2017年1季度", 2017, Q, 1, 3 },
  { "2017年四季", 2017, Q, 10, 12 },
  { "２０１７－Ｑ２", 2017, Q, 4, 6 },
  /* Halves. */
  { "2017H2", 2017, H, 7, 12 },
  { "2017-h2", 2017, H, 7, 12 },
  { "2017年下半年", 2017, H, 7, 12 },
  /* Ranges. */
  { "2017-01..12", 2017, R, 1, 12 },
  { "2017-1..3", 2017, R, 1, 3 },
  { "2017年1～2月", 2017, R, 1, 2 },
  { "2017年1~2月", 2017, R, 1, 2 },
  { "2017年1—2月", 2017, R, 1, 2 },
  { "2017年1–2月", 2017, R, 1, 2 },
  { "2017年1〜2月", 2017, R, 1, 2 },
  { "2017年1至2月", 2017, R, 1, 2 },
  { "2017年1到5月", 2017, R, 1, 5 },
  { "2017年1－2月", 2017, R, 1, 2 },
  { "2017年1月-2月", 2017, R, 1, 2 },
  { "2017年1月至6月", 2017, R, 1, 6 },
  { "2017年3-5月", 2017, R, 3, 5 },
  { "2017年1-12月", 2017, R, 1, 12 },
  { "2017年1-2月份", 2017, R, 1, 2 },
  { "2017年一至二月", 2017, R, 1, 2 },
};

typedef struct
{
  const char *text;
  const char *reason;   /* a word of the explanation */
} BadCase;

static const BadCase bad_cases[] = {
  { "", "Expected a period" },
  { "   ", "Expected a period" },
  { "abc", "Expected a period" },
  { "Mar 2017", "Expected a period" },
  { "2017-13", "Months" },
  { "2017-00", "Months" },
  { "2017年13月", "Months" },
  { "2017年0月", "Months" },
  { "201713", "Months" },
  { "201700", "Months" },
  { "2017M13", "Months" },
  { "2017年1-13月", "Months" },
  { "2017-01..13", "Months" },
  { "2017年123月", "Months" },
  { "2017年5-2月", "ends before" },
  { "2017-05..02", "ends before" },
  { "2017-Q5", "Quarters" },
  { "2017-Q0", "Quarters" },
  { "2017年五季度", "Quarters" },
  { "2017-H3", "Half-years" },
  { "2017-H0", "Half-years" },
  { "999", "year" },
  { "0999", "year" },
  { "0999年", "year" },
  { "10000", "year" },
  { "-2017", "year" },
  { "17", "year" },
  { "17年3月", "year" },
  { "2017031", "Expected a period" },
  { "99999999999999999999", "Expected a period" },
  { "2017abc", "Expected a period" },
  { "2017年abc", "Expected a period" },
  { "2017年3", "Expected a period" },
  { "2017年1-2", "Expected a period" },
  { "2017年第3", "Expected a period" },
  { "2017年第3月", "Expected a period" },
  { "2017-", "Expected a period" },
  { "2017-Q", "Expected a period" },
  { "2017Q1x", "after the period" },
  { "2017-01..", "Expected a period" },
  { "2017/01..02", "after the period" },
  { "2017/Q1", "Expected a period" },
  { "2017 03", "Expected a period" },
  { "2017.0", "Months" },
  { "201703 x", "after the period" },
  { "2017\xff", "not valid text" },
  { "2017年上半年2", "after the period" },
};

static KcPeriod
make (int year,
      int kind,
      int first,
      int last)
{
  KcPeriod p = { year, kind, first, last, 0 };

  return p;
}

static void
test_parse_ok (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ok_cases); i++)
    {
      const PeriodCase *c = &ok_cases[i];
      KcPeriod p;
      KcPeriod expected = make (c->year, c->kind, c->first, c->last);

      g_test_message ("%s", c->text);
      g_assert_true (kc_period_parse (c->text, -1, &p));
      g_assert_cmpint (p.year, ==, c->year);
      g_assert_cmpint (p.kind, ==, c->kind);
      g_assert_cmpint (p.first_month, ==, c->first);
      g_assert_cmpint (p.last_month, ==, c->last);
      g_assert_cmpint (p.day, ==, 0);
      g_assert_true (kc_period_is_valid (&p));
      g_assert_true (kc_period_equal (&p, &expected));
      g_assert_null (kc_period_explain_invalid (c->text, -1));
    }
}

static void
test_parse_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      KcPeriod p = make (1, 2, 3, 4);
      const char *reason;

      if (g_utf8_validate (bad_cases[i].text, -1, NULL))
        g_test_message ("%s", bad_cases[i].text);
      g_assert_false (kc_period_parse (bad_cases[i].text, -1, &p));
      /* The output is left alone on failure. */
      g_assert_cmpint (p.year, ==, 1);
      reason = kc_period_explain_invalid (bad_cases[i].text, -1);
      g_assert_nonnull (reason);
      if (strstr (reason, bad_cases[i].reason) == NULL)
        g_error ("“%s”: “%s” does not mention “%s”", bad_cases[i].text, reason,
                 bad_cases[i].reason);
    }

  g_assert_false (kc_period_parse (NULL, -1, NULL));
}

static void
test_parse_length (void)
{
  const char unterminated[7] = { '2', '0', '1', '7', '-', 'Q', '3' };
  KcPeriod p;

  g_assert_true (kc_period_parse ("2017-03-01", 7, &p));
  g_assert_cmpint (p.kind, ==, KC_PERIOD_MONTH);
  g_assert_true (kc_period_parse ("2017年3月XYZ", strlen ("2017年3月"), &p));
  g_assert_cmpint (p.first_month, ==, 3);
  g_assert_true (kc_period_parse (unterminated, sizeof unterminated, &p));
  g_assert_cmpint (p.first_month, ==, 7);
  g_assert_true (kc_period_parse ("201703", 4, &p));
  g_assert_cmpint (p.kind, ==, KC_PERIOD_YEAR);
  /* A cut inside 年 is not text; a NUL inside the length is not either. */
  g_assert_false (kc_period_parse ("2017年", 5, &p));
  g_assert_false (kc_period_parse ("2017\0" "03", 7, &p));
}

static void
test_is_valid (void)
{
  const KcPeriod valid[] = {
    make (2017, Y, 1, 12), make (2017, H, 7, 12), make (2017, Q, 10, 12),
    make (2017, M, 12, 12), make (2017, R, 1, 2), make (1000, R, 11, 12),
  };
  const KcPeriod invalid[] = {
    make (2017, Y, 1, 11), make (2017, H, 2, 7), make (2017, H, 1, 12),
    make (2017, Q, 2, 4), make (2017, Q, 1, 6), make (2017, M, 3, 4),
    make (2017, R, 3, 3), make (2017, R, 4, 2), make (2017, R, 0, 2),
    make (2017, R, 1, 13), make (2017, 9, 1, 12), make (999, Y, 1, 12),
    make (10000, Y, 1, 12), make (0, M, 1, 1), make (-2017, Y, 1, 12),
  };
  /* Only a DAY has a day; fuzz-period found a quarter with one, which
   * formats as 2048-Q3 and reads back without it. */
  KcPeriod with_day[] = {
    make (2048, Y, 1, 12), make (2048, H, 7, 12), make (2048, Q, 7, 9),
    make (2048, M, 7, 7), make (2048, R, 7, 9),
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (kc_period_is_valid (&valid[i]));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (kc_period_is_valid (&invalid[i]));
  for (guint i = 0; i < G_N_ELEMENTS (with_day); i++)
    {
      g_assert_true (kc_period_is_valid (&with_day[i]));
      with_day[i].day = 9;
      g_assert_false (kc_period_is_valid (&with_day[i]));
    }
  g_assert_false (kc_period_is_valid (NULL));
}

static int
compare_for_qsort (const void *a,
                   const void *b)
{
  return kc_period_compare (a, b);
}

static void
test_sort (void)
{
  /* In the expected order. */
  const char *texts[] = {
    "2016", "2016年12月",
    "2017年1月", "2017-01..02", "2017-Q1", "2017-01..03", "2017年上半年", "2017",
    "2017-02", "2017年3月", "2017年3-5月", "2017-Q2", "2017-H2", "2017-12",
    "2018年1-2月", "2018-03",
  };
  guint n = G_N_ELEMENTS (texts);
  g_autofree KcPeriod *periods = g_new (KcPeriod, n);
  g_autofree KcPeriod *shuffled = g_new (KcPeriod, n);

  for (guint i = 0; i < n; i++)
    g_assert_true (kc_period_parse (texts[i], -1, &periods[i]));

  for (guint round = 0; round < 50; round++)
    {
      memcpy (shuffled, periods, n * sizeof *periods);
      for (guint i = n - 1; i > 0; i--)
        {
          guint j = g_test_rand_int_range (0, i + 1);
          KcPeriod tmp = shuffled[i];

          shuffled[i] = shuffled[j];
          shuffled[j] = tmp;
        }
      qsort (shuffled, n, sizeof *shuffled, compare_for_qsort);
      for (guint i = 0; i < n; i++)
        g_assert_true (kc_period_equal (&shuffled[i], &periods[i]));
    }

  for (guint i = 0; i + 1 < n; i++)
    {
      g_assert_cmpint (kc_period_compare (&periods[i], &periods[i + 1]), <, 0);
      g_assert_cmpint (kc_period_compare (&periods[i + 1], &periods[i]), >, 0);
      g_assert_cmpint (kc_period_compare (&periods[i], &periods[i]), ==, 0);
    }
}

static void
test_equal_hash (void)
{
  g_autoptr(GHashTable) table = g_hash_table_new ((GHashFunc) kc_period_hash,
                                                  (GEqualFunc) kc_period_equal);
  KcPeriod a, b, q1, range;

  g_assert_true (kc_period_parse ("2017-03", -1, &a));
  g_assert_true (kc_period_parse ("２０１７年三月", -1, &b));
  g_assert_true (kc_period_equal (&a, &b));
  g_assert_cmpuint (kc_period_hash (&a), ==, kc_period_hash (&b));

  /* The same months, but a quarter is not a year-to-date range. */
  g_assert_true (kc_period_parse ("2017-Q1", -1, &q1));
  g_assert_true (kc_period_parse ("2017年1-3月", -1, &range));
  g_assert_false (kc_period_equal (&q1, &range));
  g_assert_cmpint (kc_period_compare (&q1, &range), !=, 0);

  g_hash_table_add (table, &a);
  g_hash_table_add (table, &q1);
  g_assert_true (g_hash_table_contains (table, &b));
  g_assert_false (g_hash_table_contains (table, &range));
}

static void
test_format (void)
{
  const struct
  {
    KcPeriod    p;
    const char *iso;
    const char *chinese;
    const char *english;
    const char *chinese_short;
    const char *english_short;
  } cases[] = {
    { { 2017, Y, 1, 12, 0 }, "2017", "2017年", "2017", "2017年", "2017" },
    { { 2017, H, 1, 6, 0 }, "2017-H1", "2017年上半年", "H1 2017", "17年上半年", "H1 ’17" },
    { { 2017, H, 7, 12, 0 }, "2017-H2", "2017年下半年", "H2 2017", "17年下半年", "H2 ’17" },
    { { 2017, Q, 1, 3, 0 }, "2017-Q1", "2017年一季度", "Q1 2017", "17年1季度", "Q1 ’17" },
    { { 2017, Q, 10, 12, 0 }, "2017-Q4", "2017年四季度", "Q4 2017", "17年4季度", "Q4 ’17" },
    { { 2017, M, 3, 3, 0 }, "2017-03", "2017年3月", "Mar 2017", "17年3月", "Mar ’17" },
    { { 2009, M, 12, 12, 0 }, "2009-12", "2009年12月", "Dec 2009", "09年12月", "Dec ’09" },
    { { 2017, R, 1, 2, 0 }, "2017-01..02", "2017年1-2月", "Jan–Feb 2017", "17年1-2月", "Jan–Feb ’17" },
    { { 2000, R, 3, 11, 0 }, "2000-03..11", "2000年3-11月", "Mar–Nov 2000", "00年3-11月", "Mar–Nov ’00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const KcPeriod *p = &cases[i].p;
      g_autofree char *iso = kc_period_format (p, KC_PERIOD_STYLE_ISO);
      g_autofree char *chinese = kc_period_format (p, KC_PERIOD_STYLE_CHINESE);
      g_autofree char *english = kc_period_format (p, KC_PERIOD_STYLE_ENGLISH);
      g_autofree char *chinese_short = kc_period_format (p, KC_PERIOD_STYLE_CHINESE_SHORT);
      g_autofree char *english_short = kc_period_format (p, KC_PERIOD_STYLE_ENGLISH_SHORT);

      g_assert_cmpstr (iso, ==, cases[i].iso);
      g_assert_cmpstr (chinese, ==, cases[i].chinese);
      g_assert_cmpstr (english, ==, cases[i].english);
      g_assert_cmpstr (chinese_short, ==, cases[i].chinese_short);
      g_assert_cmpstr (english_short, ==, cases[i].english_short);
    }
}

static void
check_round_trip (const KcPeriod *p)
{
  const KcPeriodStyle styles[] = { KC_PERIOD_STYLE_ISO, KC_PERIOD_STYLE_CHINESE };

  g_assert_true (kc_period_is_valid (p));
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autofree char *text = kc_period_format (p, styles[i]);
      KcPeriod back;

      g_assert_true (kc_period_parse (text, -1, &back));
      if (!kc_period_equal (&back, p) || back.kind != p->kind)
        g_error ("“%s” read back as %d/%d/%d-%d", text, back.year, back.kind,
                 back.first_month, back.last_month);
    }
}

static void
test_round_trip (void)
{
  const int years[] = { 1000, 1999, 2000, 2017, 9999 };
  guint n = 0;

  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    {
      int year = years[y];

      check_round_trip (&(KcPeriod) { year, Y, 1, 12, 0 });
      for (int h = 0; h < 2; h++)
        check_round_trip (&(KcPeriod) { year, H, h * 6 + 1, h * 6 + 6, 0 });
      for (int q = 0; q < 4; q++)
        check_round_trip (&(KcPeriod) { year, Q, q * 3 + 1, q * 3 + 3, 0 });
      for (int first = 1; first <= 12; first++)
        for (int last = first; last <= 12; last++)
          {
            check_round_trip (&(KcPeriod) { year, first == last ? M : R, first, last, 0 });
            n++;
          }
    }
  g_assert_cmpuint (n, ==, 5 * 78);
}

static void
test_shift_years (void)
{
  KcPeriod p;
  KcPeriod shifted;
  KcPeriod expected;

  g_assert_true (kc_period_parse ("2017年1-2月", -1, &p));
  shifted = kc_period_shift_years (&p, -1);
  g_assert_true (kc_period_parse ("2016年1-2月", -1, &expected));
  g_assert_true (kc_period_equal (&shifted, &expected));
  g_assert_cmpint (shifted.kind, ==, KC_PERIOD_RANGE);

  g_assert_true (kc_period_parse ("2017-Q3", -1, &p));
  shifted = kc_period_shift_years (&p, 3);
  g_assert_true (kc_period_parse ("2020-Q3", -1, &expected));
  g_assert_true (kc_period_equal (&shifted, &expected));

  shifted = kc_period_shift_years (&p, 0);
  g_assert_true (kc_period_equal (&shifted, &p));

  g_assert_true (kc_period_parse ("1000", -1, &p));
  shifted = kc_period_shift_years (&p, -1);
  g_assert_cmpint (shifted.year, ==, 999);
  g_assert_false (kc_period_is_valid (&shifted));

  g_assert_true (kc_period_parse ("9999-H2", -1, &p));
  shifted = kc_period_shift_years (&p, 1);
  g_assert_false (kc_period_is_valid (&shifted));

  /* No wrapping past the range of gint32. */
  shifted = kc_period_shift_years (&p, G_MAXINT);
  g_assert_false (kc_period_is_valid (&shifted));
  p.year = G_MININT32 + 5;
  shifted = kc_period_shift_years (&p, -10);
  g_assert_false (kc_period_is_valid (&shifted));
}

static void
test_to_display (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  KcPeriod p = { 2017, M, 3, 3, 0 };
  char *text;

  g_setenv ("LANGUAGE", "en", TRUE);
  text = kc_period_to_display (&p, FALSE);
  g_assert_cmpstr (text, ==, "Mar 2017");
  g_free (text);
  text = kc_period_to_display (&p, TRUE);
  g_assert_cmpstr (text, ==, "Mar ’17");
  g_free (text);

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  text = kc_period_to_display (&p, FALSE);
  g_assert_cmpstr (text, ==, "2017年3月");
  g_free (text);
  text = kc_period_to_display (&p, TRUE);
  g_assert_cmpstr (text, ==, "17年3月");
  g_free (text);

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

static void
test_days (void)
{
  static const char *const same[] = {
    "2017-03-15", "2017/3/15", "2017.03.15", "20170315", "2017年3月15日", "2017年3月15号",
    "２０１７年３月１５日",
  };
  static const char *const bad[] = {
    "2017-02-30", "2017-02-29", "2017-13-01", "2017-03-00", "2017年3月15", "2017-03/15",
    "20171301", "2017-03-15x",
  };
  KcPeriod day;
  KcPeriod month;
  KcPeriod next;
  KcPeriod leap;
  KcPeriod shifted;
  g_autofree char *iso = NULL;
  g_autofree char *zh = NULL;
  g_autofree char *en = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_test_message ("%s", same[i]);
      g_assert_true (kc_period_parse (same[i], -1, &day));
      g_assert_cmpint (day.kind, ==, KC_PERIOD_DAY);
      g_assert_cmpint (day.year, ==, 2017);
      g_assert_cmpint (day.first_month, ==, 3);
      g_assert_cmpint (day.day, ==, 15);
      g_assert_true (kc_period_is_valid (&day));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_false (kc_period_parse (bad[i], -1, &day));
      g_assert_nonnull (kc_period_explain_invalid (bad[i], -1));
    }

  g_assert_true (kc_period_parse ("2017-03-15", -1, &day));
  iso = kc_period_format (&day, KC_PERIOD_STYLE_ISO);
  zh = kc_period_format (&day, KC_PERIOD_STYLE_CHINESE);
  en = kc_period_format (&day, KC_PERIOD_STYLE_ENGLISH);
  g_assert_cmpstr (iso, ==, "2017-03-15");
  g_assert_cmpstr (zh, ==, "2017年3月15日");
  g_assert_cmpstr (en, ==, "15 Mar 2017");

  /* A month sorts before its days, its days before the next month. */
  g_assert_true (kc_period_parse ("2017-03", -1, &month));
  g_assert_true (kc_period_parse ("2017-03-16", -1, &next));
  g_assert_cmpint (kc_period_compare (&month, &day), <, 0);
  g_assert_cmpint (kc_period_compare (&day, &next), <, 0);
  g_assert_false (kc_period_equal (&month, &day));
  g_assert_cmpuint (kc_period_hash (&day), !=, kc_period_hash (&next));

  g_assert_true (kc_period_parse ("2016-02-29", -1, &leap));
  shifted = kc_period_shift_years (&leap, 1);
  g_assert_true (kc_period_is_valid (&shifted));
  g_assert_cmpint (shifted.day, ==, 28);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/periods/parse/ok", test_parse_ok);
  g_test_add_func ("/periods/parse/bad", test_parse_bad);
  g_test_add_func ("/periods/parse/length", test_parse_length);
  g_test_add_func ("/periods/is-valid", test_is_valid);
  g_test_add_func ("/periods/sort", test_sort);
  g_test_add_func ("/periods/equal-hash", test_equal_hash);
  g_test_add_func ("/periods/format", test_format);
  g_test_add_func ("/periods/round-trip", test_round_trip);
  g_test_add_func ("/periods/shift-years", test_shift_years);
  g_test_add_func ("/periods/to-display", test_to_display);
  g_test_add_func ("/periods/days", test_days);

  return g_test_run ();
}
