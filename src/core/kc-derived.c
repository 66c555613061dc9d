/* kc-derived.c
 * Year-on-year changes, shares of a total and compound growth, computed by
 * the model so that every view shows the same figure. */
#define G_LOG_DOMAIN "kc-derived"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kc-derived.h"

KcChangeUnit
kc_change_unit_for_kind (KcIndicatorKind kind)
{
  switch (kind)
    {
    case KC_INDICATOR_RATIO:
      return KC_CHANGE_UNIT_POINTS;
    case KC_INDICATOR_RANK:
      return KC_CHANGE_UNIT_POSITIONS;
    case KC_INDICATOR_AMOUNT:
    case KC_INDICATOR_COUNT:
    default:
      return KC_CHANGE_UNIT_PERCENT;
    }
}

KcDerivedStatus
kc_change_compute (KcIndicatorKind  kind,
                   double           value,
                   double           base,
                   double          *change)
{
  if (isnan (value))
    return KC_DERIVED_MISSING;
  if (isnan (base))
    return KC_DERIVED_NO_BASE;

  switch (kc_change_unit_for_kind (kind))
    {
    case KC_CHANGE_UNIT_POINTS:
      *change = value - base;
      break;
    case KC_CHANGE_UNIT_POSITIONS:
      /* A smaller rank is better: going from 3rd to 1st gains 2 places. */
      *change = base - value;
      break;
    case KC_CHANGE_UNIT_PERCENT:
    default:
      if (base == 0)
        return KC_DERIVED_ZERO_BASE;
      *change = (value - base) / fabs (base) * 100.0;
      break;
    }

  return KC_DERIVED_OK;
}

static KcDerivedStatus
change_between (const KcSeries      *series,
                const KcObservation *point,
                const KcObservation *base,
                KcChange            *change)
{
  KcDerivedStatus status;

  if (base == NULL)
    return isnan (point->value) ? KC_DERIVED_MISSING : KC_DERIVED_NO_BASE;

  status = kc_change_compute (series->indicator->kind, point->value,
                              base->value, &change->value);
  if (status != KC_DERIVED_OK)
    return status;

  change->unit = kc_change_unit_for_kind (series->indicator->kind);
  change->base_period = base->period;
  change->base_value = base->value;

  return KC_DERIVED_OK;
}

KcDerivedStatus
kc_series_year_on_year (const KcSeries *series,
                        const KcPeriod *period,
                        KcChange       *change)
{
  const KcObservation *point;
  KcPeriod previous;

  g_return_val_if_fail (series != NULL, KC_DERIVED_MISSING);
  g_return_val_if_fail (period != NULL, KC_DERIVED_MISSING);
  g_return_val_if_fail (change != NULL, KC_DERIVED_MISSING);

  point = kc_series_lookup (series, period);
  if (point == NULL || isnan (point->value))
    return KC_DERIVED_MISSING;

  previous = kc_period_shift_years (period, -1);

  return change_between (series, point, kc_series_lookup (series, &previous), change);
}

KcDerivedStatus
kc_series_change_from_previous (const KcSeries *series,
                                guint           index,
                                KcChange       *change)
{
  const KcObservation *point;
  const KcObservation *base = NULL;
  gboolean spans_must_match;

  g_return_val_if_fail (series != NULL, KC_DERIVED_MISSING);
  g_return_val_if_fail (change != NULL, KC_DERIVED_MISSING);

  if (index >= series->points->len)
    return KC_DERIVED_MISSING;

  point = &g_array_index (series->points, KcObservation, index);
  if (isnan (point->value))
    return KC_DERIVED_MISSING;

  /* An amount or a count over two months is not compared with one over a
   * year: they may be flows, and the change would only be the spans'. */
  spans_must_match = kc_change_unit_for_kind (series->indicator->kind) == KC_CHANGE_UNIT_PERCENT;
  for (guint i = index; i > 0; i--)
    {
      const KcObservation *candidate = &g_array_index (series->points, KcObservation, i - 1);

      if (!isnan (candidate->value) &&
          (!spans_must_match || kc_period_same_span (&candidate->period, &point->period)))
        {
          base = candidate;
          break;
        }
    }

  return change_between (series, point, base, change);
}

KcDerivedStatus
kc_share_of_total (double  part,
                   double  total,
                   double *percent)
{
  g_return_val_if_fail (percent != NULL, KC_DERIVED_MISSING);

  if (isnan (part))
    return KC_DERIVED_MISSING;
  if (isnan (total) || total == 0)
    return KC_DERIVED_NO_TOTAL;

  *percent = part / total * 100.0;

  return KC_DERIVED_OK;
}

KcDerivedStatus
kc_series_cagr (const KcSeries *series,
                const KcPeriod *from,
                const KcPeriod *to,
                double         *percent)
{
  const KcObservation *first;
  const KcObservation *last;
  int years;

  g_return_val_if_fail (series != NULL, KC_DERIVED_MISSING);
  g_return_val_if_fail (percent != NULL, KC_DERIVED_MISSING);

  if (from->kind != to->kind
      || from->first_month != to->first_month
      || from->last_month != to->last_month
      || to->year <= from->year)
    return KC_DERIVED_NO_SPAN;

  first = kc_series_lookup (series, from);
  last = kc_series_lookup (series, to);
  if (first == NULL || isnan (first->value))
    return KC_DERIVED_NO_BASE;
  if (last == NULL || isnan (last->value))
    return KC_DERIVED_MISSING;
  if (first->value <= 0 || last->value <= 0)
    return KC_DERIVED_NOT_POSITIVE;

  years = to->year - from->year;
  *percent = (pow (last->value / first->value, 1.0 / years) - 1.0) * 100.0;

  return KC_DERIVED_OK;
}

const char *
kc_derived_status_explain (KcDerivedStatus status)
{
  switch (status)
    {
    case KC_DERIVED_OK:
      return "";
    case KC_DERIVED_MISSING:
      return _("The value is missing.");
    case KC_DERIVED_NO_BASE:
      return _("There is no value for the period to compare with.");
    case KC_DERIVED_ZERO_BASE:
      return _("The value compared with is zero, so a percentage change is undefined.");
    case KC_DERIVED_NOT_POSITIVE:
      return _("Growth rates need positive values at both ends.");
    case KC_DERIVED_NO_SPAN:
      return _("The periods must cover the same months in different years.");
    case KC_DERIVED_NO_TOTAL:
      return _("The total is missing or zero.");
    default:
      return "";
    }
}
