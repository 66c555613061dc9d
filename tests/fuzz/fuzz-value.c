/* fuzz-value.c
 * libFuzzer target: value cells, their units, and plain formatting read back. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kc-unit.h"
#include "kc-value.h"

int         LLVMFuzzerTestOneInput      (const guint8 *data,
                                         size_t        size);
const char *__asan_default_options      (void);
const char *__lsan_default_suppressions (void);

/* GLib never frees interned strings and leaks its old quark table each
 * time the table grows (kc_unit_intern() bounds how often). Full stacks on
 * malloc let the suppressions name those two leaks and nothing else. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_intern_string\nleak:_dl_init\n";
}

static void
check_unit (const char *text)
{
  KcUnit unit;
  double factor = 0;
  g_autofree char *chinese = kc_unit_display (text, TRUE);
  g_autofree char *english = kc_unit_display (text, FALSE);

  g_assert_true (g_utf8_validate (chinese, -1, NULL));
  g_assert_true (g_utf8_validate (english, -1, NULL));
  if (kc_unit_parse (text, &unit))
    {
      g_assert_nonnull (unit.base);
      g_assert_true (unit.base == g_intern_string (unit.base));
      g_assert_true (isfinite (unit.factor) && unit.factor > 0);
      g_assert_true (kc_unit_conversion (text, text, &factor));
      g_assert_cmpfloat (factor, ==, 1);
    }
  else
    {
      g_assert_true (*unit.base == '\0' && unit.factor == 1);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  g_autofree char *copy = g_strndup (text, size);
  double number = 0;
  const char *unit = NULL;
  KcValueStatus status;
  const char *reason;

  status = kc_value_parse (text, (gssize) size, &number, &unit);
  reason = kc_value_explain_invalid (text, (gssize) size);
  g_assert_true ((status == KC_VALUE_INVALID) == (reason != NULL));

  /* Without a NUL inside, the terminated copy reads the same. */
  if (strlen (copy) == size)
    {
      double again = 0;
      const char *unit_again = NULL;

      g_assert_cmpint (kc_value_parse (copy, -1, &again, &unit_again), ==, status);
      if (status == KC_VALUE_OK)
        {
          g_assert_cmpfloat (again, ==, number);
          g_assert_true (unit_again == unit);
        }
    }

  if (status == KC_VALUE_OK)
    {
      g_autofree char *plain = kc_value_format_plain (number, 17);
      g_autofree char *rounded = kc_value_format_plain (number, (int) (size % 19) - 1);
      double back = NAN;

      g_assert_true (isfinite (number));
      g_assert_false (number == 0 && signbit (number));
      if (unit != NULL)
        {
          g_assert_true (g_utf8_validate (unit, -1, NULL));
          g_assert_true (kc_unit_is_valid (unit));
          g_assert_false (g_ascii_isdigit (unit[0]));
          check_unit (unit);
        }

      /* From 1 up, 17 decimals are finer than a double: exact. Below,
       * rounding to 17 decimals may move the value by half of 1e-17. */
      g_assert_cmpint (kc_value_parse (plain, -1, &back, NULL), ==, KC_VALUE_OK);
      if (fabs (number) >= 1)
        g_assert_cmpfloat (back, ==, number);
      else
        g_assert_cmpfloat (fabs (back - number), <=, 1e-17);
      g_assert_cmpint (kc_value_parse (rounded, -1, NULL, NULL), ==, KC_VALUE_OK);
    }

  check_unit (copy);
  return 0;
}
