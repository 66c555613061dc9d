/* kc-chart-layout-private.h
 * Recording into a KcChartLayout, for the renderer only. */
#pragma once

#include "kc-chart-layout.h"

G_BEGIN_DECLS

void     _kc_chart_layout_add_box       (KcChartLayout     *layout,
                                         KcChartTextRole    role,
                                         const KcChartRect *rect,
                                         double             font_size,
                                         const char        *text,
                                         gboolean           cut);
void     _kc_chart_layout_add_point     (KcChartLayout     *layout,
                                         double             x,
                                         double             y,
                                         guint              series,
                                         guint              category,
                                         double             value);
/* FALSE when @rect overlaps a recorded box. */
gboolean _kc_chart_layout_is_free       (const KcChartLayout *layout,
                                         const KcChartRect   *rect);
void     _kc_chart_layout_set_plot_area (KcChartLayout     *layout,
                                         const KcChartRect *area,
                                         double             value_at_start,
                                         double             value_at_end,
                                         gboolean           horizontal);
void     _kc_chart_layout_set_ring      (KcChartLayout     *layout,
                                         double             cx,
                                         double             cy,
                                         double             outer_radius,
                                         double             inner_radius);
void     _kc_chart_layout_set_sparkline (KcChartLayout     *layout,
                                         const KcChartRect *area);

G_END_DECLS
