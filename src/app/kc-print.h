/* kc-print.h
 * Printing a chart or the dashboard poster, vector, fitted to the page. */
#pragma once

#include <gtk/gtk.h>

#include "kc-chart-spec.h"
#include "kc-poster.h"

G_BEGIN_DECLS

/* A one-page print operation that draws @spec as large as the printable
 * area allows at @aspect (width / height; the export size's, so a print
 * looks like the export), centred at the top, in points so that its type
 * has the sizes of a print export. Vector: the chart is drawn straight
 * onto the printer's cairo context. @palette may be NULL. */
GtkPrintOperation *kc_print_operation_new_for_chart  (KcChartSpec     *spec,
                                                      double           aspect,
                                                      const KcColor   *palette,
                                                      guint            n_palette,
                                                      GtkPageSetup    *page_setup);
/* The same for the poster, which fills the printable area. */
GtkPrintOperation *kc_print_operation_new_for_poster (KcPoster        *poster,
                                                      const KcColor   *palette,
                                                      guint            n_palette,
                                                      GtkPageSetup    *page_setup);

/* The page setup saved in @settings' page-setup key, or NULL. */
GtkPageSetup      *kc_print_load_page_setup          (GSettings       *settings);
void               kc_print_save_page_setup          (GSettings       *settings,
                                                      GtkPageSetup    *page_setup);

/* Where the chart goes on a @width × @height page for @aspect. */
void               kc_print_fit                      (double           width,
                                                      double           height,
                                                      double           aspect,
                                                      double          *chart_width,
                                                      double          *chart_height);

G_END_DECLS
