/* test-units.c
 * Units: base and factor, which units a value cell may carry, conversions
 * and display names. */
#include "config.h"

#include <string.h>

#include "kc-unit.h"
#include "kc-value.h"

static void
test_parse (void)
{
  const struct
  {
    const char *text;
    const char *base;
    double      factor;
  } cases[] = {
    { "元", "元", 1 },
    { "亿元", "元", 1e8 },
    { "万元", "元", 1e4 },
    { "千元", "元", 1e3 },
    { "百元", "元", 1e2 },
    { "百万元", "元", 1e6 },
    { "千万元", "元", 1e7 },
    { "十亿元", "元", 1e9 },
    { "万亿元", "元", 1e12 },
    { " 亿元\u3000", "元", 1e8 },
    { "亿 元", "元", 1e8 },
    { "CNY", "元", 1 },
    { "cny", "元", 1 },
    { "ＣＮＹ", "元", 1 },
    { "RMB", "元", 1 },
    { "yuan", "元", 1 },
    { "人民币", "元", 1 },
    { "100 million yuan", "元", 1e8 },
    { "hundred million yuan", "元", 1e8 },
    { "100 Million CNY", "元", 1e8 },
    { "billion yuan", "元", 1e9 },
    { "million yuan", "元", 1e6 },
    { "10k yuan", "元", 1e4 },
    { "ten thousand yuan", "元", 1e4 },
    { "thousand yuan", "元", 1e3 },
    { "10k", "", 1e4 },
    { "10,000 yuan", "元", 1e4 },
    { "100,000", "", 1e5 },
    { "10 billion yuan", "元", 1e10 },
    { "trillion US dollars", "美元", 1e12 },
    { "people", "人", 1 },
    { "10,000 person-times", "人次", 1e4 },
    { "100 million", "", 1e8 },
    { "美元", "美元", 1 },
    { "万美元", "美元", 1e4 },
    { "千港元", "港元", 1e3 },
    { "亿欧元", "欧元", 1e8 },
    { "million EUR", "欧元", 1e6 },
    { "jpy", "日元", 1 },
    { "USD", "美元", 1 },
    { "%", "%", 1 },
    { "％", "%", 1 },
    { "percent", "%", 1 },
    { "‰", "%", 0.1 },
    { "百分点", "百分点", 1 },
    { "个百分点", "百分点", 1 },
    { "pp", "百分点", 1 },
    { "PP", "百分点", 1 },
    { "p.p.", "百分点", 1 },
    { "percentage points", "百分点", 1 },
    { "件", "件", 1 },
    { "万件", "件", 1e4 },
    { "家", "家", 1 },
    { "个", "个", 1 },
    { "项", "项", 1 },
    { "人", "人", 1 },
    { "万人次", "人次", 1e4 },
    { "亿", "", 1e8 },
    { "万", "", 1e4 },
    { "千", "", 1e3 },
    { "万吨", "吨", 1e4 },
    /* 千 and 百 begin these names; they are not magnitudes here. */
    { "千克", "千克", 1 },
    { "千瓦时", "千瓦时", 1 },
    { "亿千瓦时", "千瓦时", 1e8 },
    { "百分比", "百分比", 1 },
    { "百", "百", 1 },
    { "件/万人", "件/万人", 1 },
    { "kg", "kg", 1 },
    { "100 million tons", "tons", 1e8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KcUnit unit = { NULL, 0 };

      g_test_message ("%s", cases[i].text);
      g_assert_true (kc_unit_parse (cases[i].text, &unit));
      g_assert_cmpstr (unit.base, ==, cases[i].base);
      g_assert_true (unit.base == g_intern_string (cases[i].base));
      g_assert_cmpfloat (unit.factor, ==, cases[i].factor);
    }
}

static void
test_parse_empty (void)
{
  const char *cases[] = { NULL, "", "  ", "\u3000", "\xff" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KcUnit unit = { "x", 5 };

      g_assert_false (kc_unit_parse (cases[i], &unit));
      g_assert_cmpstr (unit.base, ==, "");
      g_assert_cmpfloat (unit.factor, ==, 1);
    }
}

static void
test_is_valid (void)
{
  const char *valid[] = {
    "亿元", "元", "%", "％", "‰", "百分点", "个百分点", "pp", "吨", "万人次", "件/万人",
    "CNY", "100 million yuan", "亿", "千", "千克", "元/平方米",
  };
  const char *invalid[] = {
    NULL, "", "abc", "kg", "e", "-", "/", "吨/", "/吨", "吨//人", "%左右", "亿元abc",
    "100 million tons", "12",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_test_message ("%s", valid[i]);
      g_assert_true (kc_unit_is_valid (valid[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("%s", invalid[i] ? invalid[i] : "(null)");
      g_assert_false (kc_unit_is_valid (invalid[i]));
    }
}

static void
test_conversion (void)
{
  const struct
  {
    const char *from;
    const char *to;
    double      factor;
  } ok[] = {
    { "亿元", "万元", 1e4 },
    { "万元", "亿元", 1e-4 },
    { "亿元", "元", 1e8 },
    { "元", "亿元", 1e-8 },
    { "亿元", "亿元", 1 },
    { "CNY", "亿元", 1e-8 },
    { "100 million yuan", "亿元", 1 },
    { "千万元", "百万元", 10 },
    { "万吨", "吨", 1e4 },
    { "%", "％", 1 },
    { "‰", "%", 0.1 },
    { "pp", "个百分点", 1 },
    { NULL, "", 1 },
    { "亿", NULL, 1e8 },
    { "万件", "件", 1e4 },
  };
  const struct
  {
    const char *from;
    const char *to;
  } bad[] = {
    { "亿元", "件" },
    { "%", "百分点" },
    { "元", "美元" },
    { "千克", "克" },
    { "亿元", NULL },
    { "件", "家" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      double factor = 0;

      g_test_message ("%s → %s", ok[i].from, ok[i].to);
      g_assert_true (kc_unit_conversion (ok[i].from, ok[i].to, &factor));
      g_assert_cmpfloat_with_epsilon (factor, ok[i].factor, ok[i].factor * 1e-12);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      double factor = -1;

      g_assert_false (kc_unit_conversion (bad[i].from, bad[i].to, &factor));
      g_assert_cmpfloat (factor, ==, -1);
    }
}

static void
test_display (void)
{
  const struct
  {
    const char *unit;
    const char *chinese;
    const char *english;
  } cases[] = {
    { "亿元", "亿元", "100 million yuan" },
    { "万元", "万元", "10,000 yuan" },
    { "元", "元", "yuan" },
    { "CNY", "元", "yuan" },
    { "100 million yuan", "亿元", "100 million yuan" },
    { "billion yuan", "十亿元", "billion yuan" },
    { "万美元", "万美元", "10,000 US dollars" },
    { "千港元", "千港元", "thousand HKD" },
    { "EUR", "欧元", "euros" },
    { "%", "%", "%" },
    { "％", "%", "%" },
    { "‰", "‰", "‰" },
    { "百分点", "百分点", "percentage points" },
    { "pp", "百分点", "percentage points" },
    { "件", "件", "" },
    { "万件", "万件", "10,000" },
    { "家", "家", "" },
    { "人", "人", "people" },
    { "万人次", "万人次", "10,000 person-times" },
    { "亿", "亿", "100 million" },
    { "吨", "吨", "吨" },
    { "万吨", "万吨", "万吨" },
    { "kg", "kg", "kg" },
    { "", "", "" },
    { NULL, "", "" },
  };
  const char *reversible[] = {
    "亿元", "万元", "元", "CNY", "十亿元", "百亿元", "千亿元", "万亿元", "千万元", "十万元",
    "百万元", "千元", "万美元", "千港元", "亿欧元", "日元", "%", "百分点", "人", "万人", "万人次", "亿", "万",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *chinese = kc_unit_display (cases[i].unit, TRUE);
      g_autofree char *english = kc_unit_display (cases[i].unit, FALSE);

      g_test_message ("%s", cases[i].unit ? cases[i].unit : "(null)");
      g_assert_cmpstr (chinese, ==, cases[i].chinese);
      g_assert_cmpstr (english, ==, cases[i].english);
    }

  /* The Chinese names read back as the same unit; so do the English ones,
   * except where English leaves out a measure word or has no name. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *chinese = kc_unit_display (cases[i].unit, TRUE);
      double factor = 0;

      g_assert_true (kc_unit_conversion (chinese, cases[i].unit, &factor));
      g_assert_cmpfloat (factor, ==, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (reversible); i++)
    {
      g_autofree char *english = kc_unit_display (reversible[i], FALSE);
      double factor = 0;

      g_test_message ("%s → %s", reversible[i], english);
      g_assert_true (kc_unit_conversion (english, reversible[i], &factor));
      g_assert_cmpfloat (factor, ==, 1);
    }
}

/* In a subprocess, since the limit is for the life of the process. */
static void
test_intern_limit (void)
{
  guint n_ok = 0;
  guint first_refused = 0;
  char first[32] = "";

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  for (guint i = 0; i < 5000; i++)
    {
      char unit[32];
      char *end = unit;
      const char *interned = NULL;
      double number = 0;
      g_autofree char *cell = NULL;

      /* Two characters from CJK Unified Ideographs: a new unit each time. */
      end += g_unichar_to_utf8 (0x4E00 + i / 100, end);
      end += g_unichar_to_utf8 (0x4E00 + i % 100 + 200, end);
      *end = '\0';
      cell = g_strconcat ("7", unit, NULL);

      if (kc_value_parse (cell, -1, &number, &interned) == KC_VALUE_OK)
        {
          g_assert_true (interned == g_intern_string (unit));
          if (n_ok++ == 0)
            strcpy (first, cell);
        }
      else if (first_refused == 0)
        {
          first_refused = i;
          g_assert_nonnull (strstr (kc_value_explain_invalid (cell, -1), "too many"));
        }
    }

  g_assert_cmpuint (n_ok, ==, 4096);
  g_assert_cmpuint (first_refused, ==, 4096);
  /* Units seen before, and those of the tables, still read. */
  g_assert_cmpint (kc_value_parse (first, -1, NULL, NULL), ==, KC_VALUE_OK);
  g_assert_cmpint (kc_value_parse ("128.7 Million CNY", -1, NULL, NULL), ==, KC_VALUE_OK);
  g_assert_true (kc_unit_intern ("亿元") != NULL);
  g_assert_null (kc_unit_intern ("另一个新单位"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/units/parse", test_parse);
  g_test_add_func ("/units/parse-empty", test_parse_empty);
  g_test_add_func ("/units/is-valid", test_is_valid);
  g_test_add_func ("/units/conversion", test_conversion);
  g_test_add_func ("/units/display", test_display);
  g_test_add_func ("/units/intern-limit", test_intern_limit);

  return g_test_run ();
}
