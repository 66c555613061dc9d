/* kc-chart-view.h
 * A widget that shows one chart, with tooltips and keyboard navigation. */
#pragma once

#include <gtk/gtk.h>

#include "kc-chart-layout.h"
#include "kc-chart-spec.h"

G_BEGIN_DECLS

#define KC_TYPE_CHART_VIEW (kc_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (KcChartView, kc_chart_view, KC, CHART_VIEW, GtkWidget)

GtkWidget           *kc_chart_view_new              (void);

/* The chart shown; the view keeps a reference. NULL shows nothing. */
KcChartSpec         *kc_chart_view_get_spec         (KcChartView      *self);
void                 kc_chart_view_set_spec         (KcChartView      *self,
                                                     KcChartSpec      *spec);

KcChartLanguage      kc_chart_view_get_language     (KcChartView      *self);
void                 kc_chart_view_set_language     (KcChartView      *self,
                                                     KcChartLanguage   language);
gboolean             kc_chart_view_get_transparent  (KcChartView      *self);
void                 kc_chart_view_set_transparent  (KcChartView      *self,
                                                     gboolean          transparent);
/* The series colours by the nick of the GSettings key chart-palette:
 * "gnome" (the default palette), "colorblind" (Okabe & Ito's colours) or
 * "monochrome" (greys for black-and-white print); NULL or an unknown name
 * is "gnome". */
const char          *kc_chart_view_get_palette      (KcChartView      *self);
void                 kc_chart_view_set_palette      (KcChartView      *self,
                                                     const char       *palette);
/* The colours of the palette @name for @theme; *n_colors receives the
 * count. For KcChartOptions.palette, so exports match the screen. */
const KcColor       *kc_chart_view_lookup_palette   (const char       *name,
                                                     KcChartTheme      theme,
                                                     guint            *n_colors);
/* TRUE when drawn with the dark theme (follows AdwStyleManager:dark). */
gboolean             kc_chart_view_get_dark         (KcChartView      *self);

/* The highlighted point, moved by the pointer and the arrow keys. */
gboolean             kc_chart_view_get_focus_point  (KcChartView      *self,
                                                     guint            *series,
                                                     guint            *category);
void                 kc_chart_view_set_focus_point  (KcChartView      *self,
                                                     int               series,
                                                     int               category);

/* For a KPI card, the size its figure is drawn at (in the chart's units,
 * before the text zoom) when figures are held to at most @cap (0: as the
 * card allows), at the view's size; 0 for other charts. */
double               kc_chart_view_measure_kpi_figure (KcChartView    *self,
                                                       double          cap);
/* Holds a KPI card's figure to at most @cap (0: none), so that a row of
 * cards shows its figures at one size. */
void                 kc_chart_view_set_kpi_figure_cap (KcChartView    *self,
                                                       double          cap);

/* What was drawn last, in widget coordinates; NULL before the first draw. */
const KcChartLayout *kc_chart_view_get_layout       (KcChartView      *self);
/* The tooltip text for the point under (@x, @y), or NULL. */
char                *kc_chart_view_dup_tooltip_at   (KcChartView      *self,
                                                     double            x,
                                                     double            y);
/* The accessible label: the chart's title and latest value. */
const char          *kc_chart_view_get_accessible_text (KcChartView   *self);

G_END_DECLS
