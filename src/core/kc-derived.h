/* kc-derived.h
 * Values computed from series: changes, shares, growth rates. */
#pragma once

#include "kc-dataset.h"

G_BEGIN_DECLS

typedef enum
{
  KC_DERIVED_OK,
  KC_DERIVED_MISSING,        /* the value itself is missing */
  KC_DERIVED_NO_BASE,        /* no value for the period compared with */
  KC_DERIVED_ZERO_BASE,      /* the base is zero: a percentage is undefined */
  KC_DERIVED_NOT_POSITIVE,   /* growth rates need positive values */
  KC_DERIVED_NO_SPAN,        /* the two periods are the same or not comparable */
  KC_DERIVED_NO_TOTAL,       /* the total is missing or zero */
} KcDerivedStatus;

typedef enum
{
  KC_CHANGE_UNIT_PERCENT,   /* amounts and counts: relative change in % */
  KC_CHANGE_UNIT_POINTS,    /* ratios: percentage points */
  KC_CHANGE_UNIT_POSITIONS, /* ranks: places gained (positive = better) */
} KcChangeUnit;

typedef struct
{
  double        value;
  KcChangeUnit  unit;
  KcPeriod      base_period;
  double        base_value;
} KcChange;

/* How a change of @kind is expressed. */
KcChangeUnit     kc_change_unit_for_kind        (KcIndicatorKind  kind);
/* Change of @value against @base, in the unit @kind calls for. */
KcDerivedStatus  kc_change_compute              (KcIndicatorKind  kind,
                                                 double           value,
                                                 double           base,
                                                 double          *change);
/* Against the same span one year earlier. */
KcDerivedStatus  kc_series_year_on_year         (const KcSeries  *series,
                                                 const KcPeriod  *period,
                                                 KcChange        *change);
/* Against the previous point of the series with a value (e.g. a rate at
 * the end of 2016 → Jan–Feb 2017). For amounts and counts, which may be
 * flows, the previous one over the same span (Jan–Feb 2016 for Jan–Feb
 * 2017; KC_DERIVED_NO_BASE if there is none). */
KcDerivedStatus  kc_series_change_from_previous (const KcSeries  *series,
                                                 guint            index,
                                                 KcChange        *change);
/* @part as a percentage of @total. */
KcDerivedStatus  kc_share_of_total              (double           part,
                                                 double           total,
                                                 double          *percent);
/* Compound annual growth in % between two points of the series whose
 * periods have the same span and differ by whole years. */
KcDerivedStatus  kc_series_cagr                 (const KcSeries  *series,
                                                 const KcPeriod  *from,
                                                 const KcPeriod  *to,
                                                 double          *percent);
/* Why a value could not be computed, for tooltips and tables. */
const char      *kc_derived_status_explain      (KcDerivedStatus  status);

G_END_DECLS
