/* test-pinyin.c
 * Pinyin readings, folding and the pinyin keys of names. */
#include "config.h"

#include "kc-pinyin.h"

static void
test_for_char (void)
{
  g_assert_cmpstr (kc_pinyin_for_char (0x4e2d), ==, "zhong");  /* 中 */
  g_assert_cmpstr (kc_pinyin_for_char (0x82af), ==, "xin");    /* 芯 */
  g_assert_cmpstr (kc_pinyin_for_char (0x78b6), ==, "qi");     /* 碶 */
  g_assert_cmpstr (kc_pinyin_for_char (0x7eff), ==, "lv");     /* 绿: ü is v */
  g_assert_cmpstr (kc_pinyin_for_char (0x4e00), ==, "yi");     /* first of the block */
  g_assert_cmpstr (kc_pinyin_for_char (0x3400), ==, "qiu");    /* Extension A */

  g_assert_null (kc_pinyin_for_char ('a'));
  g_assert_null (kc_pinyin_for_char (0x3001));                 /* 、 */
  g_assert_null (kc_pinyin_for_char (0x20000));                /* Extension B: not covered */
  g_assert_null (kc_pinyin_for_char (0xac00));                 /* 가 */
}

static void
test_polyphonic_first_reading (void)
{
  g_autofree char *bank = kc_pinyin_full ("银行");
  g_autofree char *chongqing = kc_pinyin_full ("重庆");

  /* Only the first kMandarin reading is known: the documented limit. */
  g_assert_cmpstr (kc_pinyin_for_char (0x884c), ==, "xing");   /* 行 */
  g_assert_cmpstr (bank, ==, "yinxing");
  g_assert_cmpstr (chongqing, ==, "zhongqing");
}

static void
test_full_and_initials (void)
{
  const struct {
    const char *text;
    const char *full;
    const char *initials;
  } cases[] = {
    { "中芯集团", "zhongxinjituan", "zxjt" },
    { "北仑大碶", "beilundaqi", "bldq" },
    { "CSMT中国中心", "csmtzhongguozhongxin", "csmtzgzx" },
    { "意大利综合技术研发中心(CSMT)中国中心", "yidalizonghejishuyanfazhongxincsmtzhongguozhongxin", "ydlzhjsyfzxcsmtzgzx" },
    { "“中国制造2025”产业研究院", "zhongguozhizao2025chanyeyanjiuyuan", "zgzz2025cyyjy" },
    { "ＡＢＣ　科技", "abckeji", "abckj" },
    { "", "", "" },
    { "、；…", "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *full = kc_pinyin_full (cases[i].text);
      g_autofree char *initials = kc_pinyin_initials (cases[i].text);

      g_assert_cmpstr (full, ==, cases[i].full);
      g_assert_cmpstr (initials, ==, cases[i].initials);
    }

}

static void
test_null_text (void)
{
  g_autofree char *full = kc_pinyin_full (NULL);
  g_autofree char *initials = kc_pinyin_initials (NULL);

  g_assert_cmpstr (full, ==, "");
  g_assert_cmpstr (initials, ==, "");
  g_assert_cmpuint (kc_pinyin_append_units (NULL, -1, NULL, NULL, NULL), ==, 0);
}

static void
test_units (void)
{
  g_autoptr(GString) full = g_string_new (NULL);
  g_autoptr(GString) initials = g_string_new (NULL);
  g_autoptr(GString) lengths = g_string_new (NULL);
  const char expected[] = { 5, 3, 2, 4, 1, 1 };
  guint n;

  n = kc_pinyin_append_units ("中芯集团a1", -1, full, initials, lengths);

  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpstr (full->str, ==, "zhongxinjituana1");
  g_assert_cmpstr (initials->str, ==, "zxjta1");
  g_assert_cmpmem (lengths->str, lengths->len, expected, sizeof expected);

  /* Appends, and any output may be left out. */
  n = kc_pinyin_append_units ("宁波", -1, full, NULL, NULL);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (full->str, ==, "zhongxinjituana1ningbo");
}

static void
test_fold (void)
{
  const struct {
    const char *text;
    const char *folded;
  } cases[] = {
    { "ZhongXin", "zhongxin" },
    { "ｚｘ", "zx" },                       /* full-width letters */
    { "１２３．５％", "123.5%" },           /* full-width digits and signs */
    { " 中 芯\t集\n团　", "中芯集团" },     /* ASCII and ideographic spaces */
    { "（CSMT）", "(csmt)" },
    { "a\x01" "b\x7f" "c", "abc" },        /* control characters */
    { "ÄÖ", "äö" },
    { "中芯集团", "中芯集团" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      kc_pinyin_fold (cases[i].text, -1, out);
      g_assert_cmpstr (out->str, ==, cases[i].folded);
    }
}

static void
test_fold_invalid_utf8 (void)
{
  g_autoptr(GString) out = g_string_new ("x");
  const char bytes[] = { 'A', '\xff', '\xe4', '\xb8', 'B' };

  /* Appends; bad bytes become U+FFFD instead of being lost or crashing. */
  kc_pinyin_fold (bytes, sizeof bytes, out);
  g_assert_true (g_utf8_validate (out->str, out->len, NULL));
  g_assert_true (g_str_has_prefix (out->str, "xa"));
  g_assert_true (g_str_has_suffix (out->str, "b"));
  g_assert_nonnull (strstr (out->str, "\xef\xbf\xbd"));

  /* A length stops the fold before the NUL. */
  g_string_truncate (out, 0);
  kc_pinyin_fold ("ABCD", 2, out);
  g_assert_cmpstr (out->str, ==, "ab");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pinyin/for-char", test_for_char);
  g_test_add_func ("/pinyin/polyphonic-first-reading", test_polyphonic_first_reading);
  g_test_add_func ("/pinyin/full-and-initials", test_full_and_initials);
  g_test_add_func ("/pinyin/null-text", test_null_text);
  g_test_add_func ("/pinyin/units", test_units);
  g_test_add_func ("/pinyin/fold", test_fold);
  g_test_add_func ("/pinyin/fold-invalid-utf8", test_fold_invalid_utf8);

  return g_test_run ();
}
