/* kc-chart-render.h
 * Draws a chart spec onto any cairo context: screen, image, SVG or PDF. */
#pragma once

#include <cairo.h>

#include "kc-chart-layout.h"
#include "kc-chart-spec.h"

G_BEGIN_DECLS

/* Draws @spec within (0, 0)–(options->width, options->height) in @cr's
 * user space (one unit is one pixel at scale 1; scale the context for
 * HiDPI or print). Everything is drawn by this one function: the widget,
 * the exporter and the tests call it. When @layout_out is not NULL it is
 * cleared and receives every text box drawn, the data points and the
 * plot area. The state of @cr is preserved. */
void kc_chart_render (cairo_t              *cr,
                      const KcChartSpec    *spec,
                      const KcChartOptions *options,
                      KcChartLayout        *layout_out);

/* Makes Pango draw Chinese characters as Simplified Chinese whatever the
 * language around them. Call before anything draws text (main() does);
 * PANGO_LANGUAGE set by the user is kept. */
void kc_chart_prefer_simplified_han (void);

G_END_DECLS
