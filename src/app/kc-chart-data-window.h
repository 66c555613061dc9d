/* kc-chart-data-window.h
 * A chart's values as a table that can be copied. */
#pragma once

#include <adwaita.h>

#include "kc-dataset.h"

G_BEGIN_DECLS

#define KC_TYPE_CHART_DATA_WINDOW (kc_chart_data_window_get_type ())

G_DECLARE_FINAL_TYPE (KcChartDataWindow, kc_chart_data_window, KC, CHART_DATA_WINDOW, AdwWindow)

/* The values of the dataset's chart @def, as the chart shows them. */
KcChartDataWindow *kc_chart_data_window_new      (GtkWindow         *parent,
                                                  KcDataset         *dataset,
                                                  const KcChartDef  *def);
/* What Copy puts on the clipboard: a header row, then one row a category,
 * tab-separated, with plain numbers. */
char              *kc_chart_data_window_dup_text (KcChartDataWindow *self);

G_END_DECLS
