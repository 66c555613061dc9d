/* fuzz-period.c
 * libFuzzer target: periods parsed, then written in every style and read
 * back from the ISO and Chinese ones. */
#include "config.h"

#include <string.h>

#include "kc-period.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_period (const KcPeriod *p)
{
  const KcPeriodStyle styles[] = {
    KC_PERIOD_STYLE_ISO,
    KC_PERIOD_STYLE_CHINESE,
    KC_PERIOD_STYLE_ENGLISH,
    KC_PERIOD_STYLE_CHINESE_SHORT,
    KC_PERIOD_STYLE_ENGLISH_SHORT,
  };
  KcPeriod before = kc_period_shift_years (p, -1);
  KcPeriod after = kc_period_shift_years (p, 1);

  g_assert_true (kc_period_is_valid (p));
  g_assert_cmpint (kc_period_compare (p, p), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autofree char *text = kc_period_format (p, styles[i]);
      KcPeriod back;

      g_assert_nonnull (text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      if (styles[i] != KC_PERIOD_STYLE_ISO && styles[i] != KC_PERIOD_STYLE_CHINESE)
        continue;

      g_assert_true (kc_period_parse (text, -1, &back));
      g_assert_true (kc_period_equal (&back, p));
      g_assert_cmpint (back.kind, ==, p->kind);
      g_assert_cmpuint (kc_period_hash (&back), ==, kc_period_hash (p));
    }

  g_assert_cmpint (kc_period_compare (&before, p), <, 0);
  g_assert_cmpint (kc_period_compare (p, &after), <, 0);
  g_assert_cmpint (kc_period_compare (&after, p), >, 0);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  KcPeriod p;
  gboolean ok;

  ok = kc_period_parse (text, (gssize) size, &p);
  g_assert_true (ok == (kc_period_explain_invalid (text, (gssize) size) == NULL));
  if (ok)
    check_period (&p);

  /* The same bytes as a period built by hand: valid ones must format and
   * read back like parsed ones. */
  if (size >= sizeof (KcPeriod))
    {
      KcPeriod raw;

      memcpy (&raw, data, sizeof raw);
      if (kc_period_is_valid (&raw))
        check_period (&raw);
      if (ok)
        g_assert_true ((kc_period_compare (&raw, &p) == 0) == kc_period_equal (&raw, &p));
    }

  return 0;
}
