/* kc-dashboard-card.h
 * One card of the dashboard: a chart and its menu. */
#pragma once

#include <gtk/gtk.h>

#include "kc-chart-spec.h"
#include "kc-chart-view.h"

G_BEGIN_DECLS

#define KC_TYPE_DASHBOARD_CARD (kc_dashboard_card_get_type ())

G_DECLARE_FINAL_TYPE (KcDashboardCard, kc_dashboard_card, KC, DASHBOARD_CARD, GtkWidget)

/* A card for the chart @chart_id that opens @indicator_id (may be NULL)
 * when clicked. KPI and share cards are smaller than the others. */
GtkWidget   *kc_dashboard_card_new              (const char      *chart_id,
                                                 const char      *indicator_id,
                                                 KcChartSpec     *spec);
const char  *kc_dashboard_card_get_chart_id     (KcDashboardCard *self);
const char  *kc_dashboard_card_get_indicator_id (KcDashboardCard *self);
/* TRUE for a headline card (KPI), which goes in the first row. */
gboolean     kc_dashboard_card_get_headline     (KcDashboardCard *self);
KcChartView *kc_dashboard_card_get_chart_view   (KcDashboardCard *self);

G_END_DECLS
