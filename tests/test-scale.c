/* test-scale.c
 * Nice 1-2-5 ticks, zero baselines and logarithmic scales. */
#include "config.h"

#include <math.h>

#include "kc-scale.h"

static gboolean
is_nice (double step)
{
  double m = step / pow (10, floor (log10 (step) + 1e-9));

  return fabs (m - 1) < 1e-6 || fabs (m - 2) < 1e-6 || fabs (m - 5) < 1e-6;
}

static void
test_nice_step (void)
{
  g_assert_cmpfloat (kc_scale_nice_step (0.7), ==, 1);
  g_assert_cmpfloat (kc_scale_nice_step (1.0), ==, 1);
  g_assert_cmpfloat (kc_scale_nice_step (1.3), ==, 2);
  g_assert_cmpfloat (kc_scale_nice_step (2.1), ==, 5);
  g_assert_cmpfloat (kc_scale_nice_step (5.01), ==, 10);
  g_assert_cmpfloat (kc_scale_nice_step (37), ==, 50);
  g_assert_cmpfloat (kc_scale_nice_step (0.03), ==, 0.05);
  g_assert_cmpfloat (kc_scale_nice_step (-3), ==, 1);
}

/* Every tick is a multiple of a 1-2-5 step, ticks are evenly spaced and
 * cover the data. */
static void
assert_well_formed (const KcScale *s,
                    double         lo,
                    double         hi,
                    guint          max_ticks)
{
  g_assert_cmpuint (s->n_ticks, >=, 2);
  g_assert_cmpuint (s->n_ticks, <=, max_ticks);
  g_assert_true (is_nice (s->step));
  g_assert_cmpfloat (s->min, <=, lo);
  g_assert_cmpfloat (s->max, >=, hi);
  for (guint i = 0; i < s->n_ticks; i++)
    {
      double k = s->ticks[i] / s->step;

      g_assert_cmpfloat_with_epsilon (k, round (k), 1e-9);
      if (i > 0)
        g_assert_cmpfloat_with_epsilon (s->ticks[i] - s->ticks[i - 1], s->step, s->step * 1e-9);
    }
}

static void
test_linear_ticks (void)
{
  KcScale s;

  /* Beilun's platform counts: 2, 20, 128, 7. */
  kc_scale_init_linear (&s, 2, 128, 6, TRUE);
  assert_well_formed (&s, 2, 128, 6);
  g_assert_cmpfloat (s.min, ==, 0);
  g_assert_cmpfloat (s.step, ==, 50);
  g_assert_cmpfloat (s.max, ==, 150);
  g_assert_cmpuint (s.n_ticks, ==, 4);

  /* The new-product rate, 27.8 → 30 %, without forcing zero. */
  kc_scale_init_linear (&s, 27.8, 30, 6, FALSE);
  assert_well_formed (&s, 27.8, 30, 6);
  g_assert_cmpfloat (s.step, ==, 0.5);
  g_assert_cmpfloat (s.min, ==, 27.5);
  g_assert_cmpfloat (s.max, ==, 30);
  /* Decimal ticks are the nearest doubles, not 27.999999999. */
  g_assert_cmpfloat (s.ticks[1], ==, 28.0);

  kc_scale_init_linear (&s, 0.1, 0.3, 5, FALSE);
  assert_well_formed (&s, 0.1, 0.3, 5);
  g_assert_cmpfloat (s.ticks[s.n_ticks - 1], ==, 0.3);

  /* Many ticks allowed, small range. */
  kc_scale_init_linear (&s, 3, 97, 12, TRUE);
  assert_well_formed (&s, 3, 97, 12);
  g_assert_cmpfloat (s.step, ==, 10);
}

static void
test_zero_baseline (void)
{
  KcScale s;

  /* Bars start at zero even when all values are far from it. */
  kc_scale_init_linear (&s, 5000, 5200, 6, TRUE);
  g_assert_cmpfloat (s.min, ==, 0);
  assert_well_formed (&s, 0, 5200, 6);

  /* All negative: zero at the top. */
  kc_scale_init_linear (&s, -35, -12, 6, TRUE);
  g_assert_cmpfloat (s.max, ==, 0);
  assert_well_formed (&s, -35, 0, 6);

  /* Mixed signs: zero is a tick, with no "-0". */
  kc_scale_init_linear (&s, -3.5, 7.2, 6, TRUE);
  assert_well_formed (&s, -3.5, 7.2, 6);
  for (guint i = 0; i < s.n_ticks; i++)
    if (s.ticks[i] == 0)
      g_assert_false (signbit (s.ticks[i]));
}

static void
test_degenerate (void)
{
  KcScale s;

  kc_scale_init_linear (&s, 0, 0, 6, TRUE);
  assert_well_formed (&s, 0, 0, 6);
  g_assert_cmpfloat (s.max, >, s.min);

  kc_scale_init_linear (&s, 42, 42, 6, FALSE);
  assert_well_formed (&s, 42, 42, 6);
  g_assert_cmpfloat (s.max, >, s.min);

  kc_scale_init_linear (&s, -8, -8, 6, FALSE);
  assert_well_formed (&s, -8, -8, 6);

  /* Missing bounds fall back to the other one. */
  kc_scale_init_linear (&s, NAN, 10, 6, TRUE);
  assert_well_formed (&s, 0, 10, 6);

  /* Reversed bounds are swapped. */
  kc_scale_init_linear (&s, 10, 1, 6, FALSE);
  assert_well_formed (&s, 1, 10, 6);

  /* Huge and tiny magnitudes. */
  kc_scale_init_linear (&s, 0, 2.5125e10, 6, TRUE);
  assert_well_formed (&s, 0, 2.5125e10, 6);
  kc_scale_init_linear (&s, 1e-7, 3e-7, 6, FALSE);
  assert_well_formed (&s, 1e-7, 3e-7, 6);
}

static void
test_fraction (void)
{
  KcScale s;

  kc_scale_init_linear (&s, 0, 150, 4, TRUE);
  g_assert_cmpfloat_with_epsilon (kc_scale_fraction (&s, 0), 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (kc_scale_fraction (&s, 75), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (kc_scale_fraction (&s, 150), 1, 1e-12);

  s.inverted = TRUE;
  g_assert_cmpfloat_with_epsilon (kc_scale_fraction (&s, 0), 1, 1e-12);
}

static void
test_log (void)
{
  KcScale s;

  g_assert_false (kc_scale_init_log (&s, 0, 10, 6));
  g_assert_false (kc_scale_init_log (&s, -1, 10, 6));
  g_assert_false (kc_scale_init_log (&s, 10, 1, 6));

  /* Five decades: one tick each. */
  g_assert_true (kc_scale_init_log (&s, 3, 250000, 8));
  g_assert_true (s.log);
  g_assert_cmpfloat (s.min, ==, 1);
  g_assert_cmpfloat (s.max, ==, 1e6);
  g_assert_cmpuint (s.n_ticks, ==, 7);
  for (guint i = 0; i < s.n_ticks; i++)
    g_assert_cmpfloat_with_epsilon (s.ticks[i], pow (10, i), pow (10, i) * 1e-12);
  g_assert_cmpfloat_with_epsilon (kc_scale_fraction (&s, 1000), 0.5, 1e-12);

  /* Too many decades for the ticks: every other one. */
  g_assert_true (kc_scale_init_log (&s, 1, 1e10, 4));
  g_assert_cmpuint (s.n_ticks, <=, 6);
  g_assert_cmpfloat (s.min, <=, 1);
  g_assert_cmpfloat (s.max, >=, 1e10);

  /* A narrow range gets 1-2-5 ticks and a tight domain. */
  g_assert_true (kc_scale_init_log (&s, 3, 40, 8));
  g_assert_cmpfloat (s.min, ==, 2);
  g_assert_cmpfloat (s.max, ==, 50);
  for (guint i = 0; i < s.n_ticks; i++)
    g_assert_true (is_nice (s.ticks[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scale/nice-step", test_nice_step);
  g_test_add_func ("/scale/linear", test_linear_ticks);
  g_test_add_func ("/scale/zero-baseline", test_zero_baseline);
  g_test_add_func ("/scale/degenerate", test_degenerate);
  g_test_add_func ("/scale/fraction", test_fraction);
  g_test_add_func ("/scale/log", test_log);

  return g_test_run ();
}
