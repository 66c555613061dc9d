/* kc-indicator-row.h
 * One row of the Indicators view's values table: a period of one region. */
#pragma once

#include <glib-object.h>

#include "kc-period.h"

G_BEGIN_DECLS

#define KC_TYPE_INDICATOR_ROW (kc_indicator_row_get_type ())

G_DECLARE_FINAL_TYPE (KcIndicatorRow, kc_indicator_row, KC, INDICATOR_ROW, GObject)

/* @region_index orders the regions as the dataset does; @value is NAN when
 * missing, @change NAN when it cannot be computed. The texts are shown as
 * they are; @change_tooltip says what the change compares with or why
 * there is none. */
KcIndicatorRow *kc_indicator_row_new                (guint           region_index,
                                                     const char     *region,
                                                     const KcPeriod *period,
                                                     double          value,
                                                     const char     *value_text,
                                                     double          change,
                                                     const char     *change_text,
                                                     const char     *change_tooltip,
                                                     const char     *note);

guint           kc_indicator_row_get_region_index   (KcIndicatorRow *self);
const char     *kc_indicator_row_get_region         (KcIndicatorRow *self);
const KcPeriod *kc_indicator_row_get_period         (KcIndicatorRow *self);
/* The period as shown, in the interface language. */
const char     *kc_indicator_row_get_period_text    (KcIndicatorRow *self);
double          kc_indicator_row_get_value          (KcIndicatorRow *self);
const char     *kc_indicator_row_get_value_text     (KcIndicatorRow *self);
double          kc_indicator_row_get_change         (KcIndicatorRow *self);
const char     *kc_indicator_row_get_change_text    (KcIndicatorRow *self);
const char     *kc_indicator_row_get_change_tooltip (KcIndicatorRow *self);
const char     *kc_indicator_row_get_note           (KcIndicatorRow *self);

/* Orders for the table's column sorters: by period, by value (missing
 * values last), by region; ties by region, then period. */
int             kc_indicator_row_compare_period     (KcIndicatorRow *a,
                                                     KcIndicatorRow *b);
int             kc_indicator_row_compare_value      (KcIndicatorRow *a,
                                                     KcIndicatorRow *b);
int             kc_indicator_row_compare_region     (KcIndicatorRow *a,
                                                     KcIndicatorRow *b);

G_END_DECLS
