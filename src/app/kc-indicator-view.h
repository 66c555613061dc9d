/* kc-indicator-view.h
 * The indicator explorer: a categorised list, the chart, the values table. */
#pragma once

#include <adwaita.h>

#include "kc-chart-spec.h"
#include "kc-dataset.h"

G_BEGIN_DECLS

#define KC_TYPE_INDICATOR_VIEW (kc_indicator_view_get_type ())

G_DECLARE_FINAL_TYPE (KcIndicatorView, kc_indicator_view, KC, INDICATOR_VIEW, GtkWidget)

GtkWidget   *kc_indicator_view_new              (void);

/* The dataset shown; the view keeps a reference. NULL empties the view. */
KcDataset   *kc_indicator_view_get_dataset      (KcIndicatorView *self);
void         kc_indicator_view_set_dataset      (KcIndicatorView *self,
                                                 KcDataset       *dataset);

/* Shows the indicator @indicator_id; FALSE when the dataset has none. */
gboolean     kc_indicator_view_select           (KcIndicatorView *self,
                                                 const char      *indicator_id);
/* Shows the list and moves the keyboard focus to its filter (Ctrl+F). */
void         kc_indicator_view_focus_search     (KcIndicatorView *self);
/* The id of the indicator shown, or NULL. */
const char  *kc_indicator_view_get_selected     (KcIndicatorView *self);

/* The chart in view (a new reference), or NULL when nothing is shown. */
KcChartSpec *kc_indicator_view_dup_current_spec (KcIndicatorView *self);

/* The values table as shown (sorted), header first: a GPtrArray of GStrv
 * that frees its rows; NULL when nothing is shown. */
GPtrArray   *kc_indicator_view_dup_table_rows   (KcIndicatorView *self);

/* Writes the values again, after the number format changed. */
void         kc_indicator_view_refresh_values   (KcIndicatorView *self);

G_END_DECLS
