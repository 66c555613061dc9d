/* kc-scale.c
 * Value scales: "nice" 1-2-5 ticks, linear and logarithmic. */
#define G_LOG_DOMAIN "kc-scale"

#include "config.h"

#include <math.h>
#include <string.h>

#include "kc-scale.h"

/* m × 10^e computed so that decimal values come out as the closest double
 * (0.1 × 3 would give 0.30000000000000004). */
static double
decimal (double m,
         int    e)
{
  if (e >= 0)
    return m * pow (10, e);
  return m / pow (10, -e);
}

static void
split_step (double step,
            double *mantissa,
            int    *exponent)
{
  int e = (int) floor (log10 (step));
  double m = step / pow (10, e);

  /* log10 of exact powers of ten may land just below the integer. */
  if (m >= 9.999999)
    {
      e++;
      m = 1;
    }
  *mantissa = round (m);
  *exponent = e;
}

double
kc_scale_nice_step (double raw)
{
  int e;
  double m;

  if (!(raw > 0) || !isfinite (raw))
    return 1;

  e = (int) floor (log10 (raw));
  m = raw / pow (10, e);
  if (m <= 1 + 1e-9)
    m = 1;
  else if (m <= 2 + 1e-9)
    m = 2;
  else if (m <= 5 + 1e-9)
    m = 5;
  else
    {
      m = 1;
      e++;
    }

  return decimal (m, e);
}

static double
next_nice_step (double step)
{
  double m;
  int e;

  split_step (step, &m, &e);
  if (m < 2)
    return decimal (2, e);
  if (m < 5)
    return decimal (5, e);
  return decimal (1, e + 1);
}

void
kc_scale_init_linear (KcScale *scale,
                      double   lo,
                      double   hi,
                      guint    max_ticks,
                      gboolean include_zero)
{
  double step, m;
  double k_lo, k_hi;
  int e;

  max_ticks = CLAMP (max_ticks, 2, KC_SCALE_MAX_TICKS);
  scale->log = FALSE;
  scale->inverted = FALSE;

  if (!isfinite (lo) && !isfinite (hi))
    lo = hi = 0;
  else if (!isfinite (lo))
    lo = hi;
  else if (!isfinite (hi))
    hi = lo;
  if (lo > hi)
    {
      double t = lo;

      lo = hi;
      hi = t;
    }
  if (include_zero)
    {
      lo = MIN (lo, 0);
      hi = MAX (hi, 0);
    }
  if (lo == hi)
    {
      /* One value: show it with room around it, or from zero. */
      if (lo == 0)
        hi = 1;
      else if (include_zero || lo > 0)
        {
          lo = lo > 0 ? 0 : lo;
          hi = hi > 0 ? hi : 0;
        }
      else
        {
          lo = lo * 1.5;
          hi = hi * 0.5;
        }
      if (lo == hi)
        hi = lo + 1;
    }

  step = kc_scale_nice_step ((hi - lo) / (max_ticks - 1));
  for (;;)
    {
      k_lo = floor (lo / step + 1e-9);
      k_hi = ceil (hi / step - 1e-9);
      if (k_hi - k_lo + 1 <= max_ticks)
        break;
      step = next_nice_step (step);
    }

  split_step (step, &m, &e);
  scale->step = step;
  scale->n_ticks = (guint) (k_hi - k_lo + 1);
  for (guint i = 0; i < scale->n_ticks; i++)
    {
      double t = decimal ((k_lo + i) * m, e);

      scale->ticks[i] = t == 0 ? 0 : t; /* no -0 */
    }
  scale->min = scale->ticks[0];
  scale->max = scale->ticks[scale->n_ticks - 1];
}

gboolean
kc_scale_init_log (KcScale *scale,
                   double   lo,
                   double   hi,
                   guint    max_ticks)
{
  static const double mantissas[] = { 1, 2, 5 };
  int e_lo, e_hi, decades;

  if (!(lo > 0) || !(hi >= lo) || !isfinite (hi))
    return FALSE;

  max_ticks = CLAMP (max_ticks, 2, KC_SCALE_MAX_TICKS);
  e_lo = (int) floor (log10 (lo) + 1e-9);
  e_hi = (int) ceil (log10 (hi) - 1e-9);
  if (e_hi <= e_lo)
    e_hi = e_lo + 1;
  decades = e_hi - e_lo;

  scale->log = TRUE;
  scale->inverted = FALSE;
  scale->n_ticks = 0;

  if (decades <= 2 && 3 * decades + 1 <= (int) max_ticks)
    {
      /* Few decades: 1-2-5 ticks, domain tightened to the nearest ones. */
      for (int e = e_lo; e <= e_hi; e++)
        for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
          {
            double t = decimal (mantissas[i], e);

            if (e == e_hi && i > 0)
              break;
            scale->ticks[scale->n_ticks++] = t;
          }

      /* Drop ticks beyond the nearest one on each side of the data. */
      while (scale->n_ticks > 2 && scale->ticks[1] <= lo * (1 + 1e-9))
        {
          memmove (scale->ticks, scale->ticks + 1, (scale->n_ticks - 1) * sizeof (double));
          scale->n_ticks--;
        }
      while (scale->n_ticks > 2 && scale->ticks[scale->n_ticks - 2] >= hi * (1 - 1e-9))
        scale->n_ticks--;
      scale->step = 0;
    }
  else
    {
      int every = (decades + (int) max_ticks - 2) / ((int) max_ticks - 1);

      every = MAX (every, 1);
      e_lo = (int) floor ((double) e_lo / every) * every;
      e_hi = (int) ceil ((double) e_hi / every) * every;
      for (int e = e_lo; e <= e_hi && scale->n_ticks < KC_SCALE_MAX_TICKS; e += every)
        scale->ticks[scale->n_ticks++] = decimal (1, e);
      scale->step = decimal (1, every);
    }

  scale->min = scale->ticks[0];
  scale->max = scale->ticks[scale->n_ticks - 1];
  return TRUE;
}

double
kc_scale_fraction (const KcScale *scale,
                   double         value)
{
  double f;

  if (scale->log)
    {
      if (!(value > 0))
        return NAN;
      f = (log10 (value) - log10 (scale->min)) / (log10 (scale->max) - log10 (scale->min));
    }
  else
    f = (value - scale->min) / (scale->max - scale->min);

  return scale->inverted ? 1 - f : f;
}
