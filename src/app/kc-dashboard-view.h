/* kc-dashboard-view.h
 * The dashboard: the dataset's KPI cards and curated charts in a grid. */
#pragma once

#include <adwaita.h>

#include "kc-dataset.h"

G_BEGIN_DECLS

#define KC_TYPE_DASHBOARD_VIEW (kc_dashboard_view_get_type ())

G_DECLARE_FINAL_TYPE (KcDashboardView, kc_dashboard_view, KC, DASHBOARD_VIEW, GtkWidget)

GtkWidget *kc_dashboard_view_new         (void);

/* The dataset shown; the view keeps a reference. NULL empties the view. */
KcDataset *kc_dashboard_view_get_dataset (KcDashboardView *self);
void       kc_dashboard_view_set_dataset (KcDashboardView *self,
                                          KcDataset       *dataset);

G_END_DECLS
