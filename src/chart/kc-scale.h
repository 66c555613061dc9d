/* kc-scale.h
 * Value scales: "nice" 1-2-5 ticks, linear and logarithmic. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KC_SCALE_MAX_TICKS 32

typedef struct
{
  double   min;      /* the domain, widened to whole ticks */
  double   max;
  double   step;     /* linear: distance between ticks; log: factor */
  gboolean log;
  gboolean inverted; /* min at the top (ranks: 1 is best) */
  guint    n_ticks;
  double   ticks[KC_SCALE_MAX_TICKS];
} KcScale;

/* The smallest 1, 2 or 5 × 10^k that is >= @raw (> 0). */
double   kc_scale_nice_step   (double   raw);

/* Ticks covering [@lo, @hi] with at most @max_ticks ticks (>= 2). With
 * @include_zero the domain reaches 0 (bars and areas start at zero).
 * NAN or infinite bounds are ignored; an empty range gets a sensible one. */
void     kc_scale_init_linear (KcScale *scale,
                               double   lo,
                               double   hi,
                               guint    max_ticks,
                               gboolean include_zero);
/* Decades (with 2 and 5 in between when there is room) covering
 * [@lo, @hi]; returns FALSE and leaves @scale untouched unless 0 < lo <= hi. */
gboolean kc_scale_init_log    (KcScale *scale,
                               double   lo,
                               double   hi,
                               guint    max_ticks);
/* Where @value falls in the domain: 0 at min, 1 at max (reversed when
 * inverted). Values outside give results outside [0, 1]. */
double   kc_scale_fraction    (const KcScale *scale,
                               double         value);

G_END_DECLS
