/* kc-chart-render.h
 * Draws a chart spec onto any cairo context: screen, image, SVG or PDF. */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

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

/* What a KPI card of a set shows: the size of its figure (as the layout's
 * KC_CHART_TEXT_KPI_VALUE box gives it) when figures are held to at most
 * @cap (0: as the card allows), or 0 when it shows none. */
typedef double (*KcKpiFigureMeasure) (guint    card,
                                      double   cap,
                                      gpointer user_data);

/* The size of the figure @spec (a KPI card) shows when drawn with
 * @options (as the layout's KC_CHART_TEXT_KPI_VALUE box gives it), or 0
 * when it shows none. Lays the card out at @scale device units to one of
 * @options' (the scale it is drawn at, so that the fonts loaded are the
 * drawing's) and keeps nothing drawn. */
double kc_chart_measure_kpi_figure (const KcChartSpec    *spec,
                                    const KcChartOptions *options,
                                    double                scale);

/* The largest figure size at which every one of @n_cards KPI cards shows
 * its figure, for a row or a band of cards that should show theirs at one
 * size; 0 when none shows one. A card's own size is not always enough:
 * held to a smaller figure, a card whose change line went beside its
 * figure may have to put it under and make the figure smaller still, so
 * the sizes are measured again under the smallest until none is smaller
 * (once more, or twice). Cards that all show one size already are
 * measured once. */
double kc_chart_common_kpi_figure_size (guint              n_cards,
                                        KcKpiFigureMeasure measure,
                                        gpointer           user_data);

/* For the renderer and its tests: makes the two lines of @layout, wrapped
 * to its width, as even as they go without parting a figure from its
 * unit: 授权/专利 rather than 授权专/利, 授权专利（2016年/至今） rather than
 * 授权专利（2016年至/今）. Chinese breaks anywhere, so a full first line can
 * leave one character to the second. Tries widths from half the text's
 * upwards in steps of @step; a layout of one line, or more than two, or
 * ellipsized, is left as it is. A break at punctuation is a newline in
 * the layout's text, and a full-width bracket starting the second line
 * gets an attribute that sets it half-width: set the text and clear the
 * attributes before balancing a layout again. */
void _kc_chart_balance_two_lines (PangoLayout *layout,
                                  double       step);

/* For the renderer and its tests: @label cut in the middle at spaces to
 * fit @width (Pango units) in @layout's font: "Provincial … research
 * institutes" reads, "Provincia… rkstations" does not. Failing that, the
 * last word whole after the start of the first ("Provinc… workstations").
 * NULL for a label of fewer than three words (Chinese has no spaces), or
 * when even that is too wide. */
char *_kc_chart_cut_middle_at_words (PangoLayout *layout,
                                     const char  *label,
                                     int          width);

/* Makes Pango draw Chinese characters as Simplified Chinese whatever the
 * language around them. Call before anything draws text (main() does);
 * PANGO_LANGUAGE set by the user is kept. */
void kc_chart_prefer_simplified_han (void);

G_END_DECLS
