/* kc-poster.h
 * The dashboard as one composed page: header, KPI cards, charts, footer. */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "kc-chart-export.h"
#include "kc-chart-layout.h"
#include "kc-chart-spec.h"
#include "kc-dataset.h"

G_BEGIN_DECLS

/* What a poster shows: a title and a deck (the line under it), the KPI
 * cards and the charts of a dashboard, and a credit line. Laid out like
 * a newspaper infographic: a header with the title, a band of KPI cards,
 * the charts in a grid (a short last row is stretched to the full
 * width), and a footer with every chart's sources, notes and the credit.
 * Refcounted; immutable once handed to kc_poster_render(), so an export
 * thread may draw it while the user goes on. */
typedef struct _KcPoster KcPoster;

KcPoster    *kc_poster_new           (const char        *title,
                                      const char        *deck);
/* The dataset's dashboard charts in @language, titled with the dataset's
 * title. */
KcPoster    *kc_poster_new_for_dataset (KcDataset       *dataset,
                                        KcChartLanguage  language);
KcPoster    *kc_poster_ref           (KcPoster          *poster);
void         kc_poster_unref         (KcPoster          *poster);

/* Adds a chart (a reference is taken): KPI charts go to the card band,
 * the others to the grid, each in the order added. */
void         kc_poster_add_chart     (KcPoster          *poster,
                                      KcChartSpec       *spec);
/* The credit line ("制图：…" / "Chart: …" is added); NULL or "" for none. */
void         kc_poster_set_credit    (KcPoster          *poster,
                                      const char        *credit);

const char  *kc_poster_get_title     (const KcPoster    *poster);
guint        kc_poster_get_n_charts  (const KcPoster    *poster);
/* Chart @index in the order added. */
KcChartSpec *kc_poster_get_chart     (const KcPoster    *poster,
                                      guint              index);

typedef enum
{
  KC_POSTER_BOX_HEADER,
  KC_POSTER_BOX_KPI,     /* a KPI card */
  KC_POSTER_BOX_CHART,   /* a chart of the grid */
  KC_POSTER_BOX_FOOTER,
  KC_POSTER_BOX_EMPTY,   /* "no charts" when the poster has none */
} KcPosterBoxKind;

typedef struct
{
  KcPosterBoxKind  kind;
  KcChartRect      rect;   /* in the user units of options->width × height */
  int              chart;  /* index for kc_poster_get_chart(), or -1 */
} KcPosterBox;

/* Where kc_poster_render() put things. */
typedef struct _KcPosterLayout KcPosterLayout;

KcPosterLayout      *kc_poster_layout_new            (void);
void                 kc_poster_layout_free           (KcPosterLayout       *layout);
guint                kc_poster_layout_get_n_boxes    (const KcPosterLayout *layout);
const KcPosterBox   *kc_poster_layout_get_box        (const KcPosterLayout *layout,
                                                      guint                 index);
/* What the chart of box @index drew, in the box's own coordinates
 * scaled by kc_poster_layout_get_scale(): (0, 0) is the box's corner;
 * NULL for boxes without a chart. */
const KcChartLayout *kc_poster_layout_get_chart_layout (const KcPosterLayout *layout,
                                                        guint                 index);
/* FALSE when the footer's sources or notes did not fit and were cut
 * with "…". */
gboolean             kc_poster_layout_get_footer_whole (const KcPosterLayout *layout);
/* User units per poster unit: the page is laid out on a grid whose short
 * side is 595 units (A4's width in points) and scaled to the size asked
 * for, so a poster keeps its proportions at every size. */
double               kc_poster_layout_get_scale      (const KcPosterLayout *layout);

/* Draws @poster within (0, 0)–(options->width, options->height) of @cr.
 * Of @options, the size, theme, transparency, language, palette and font
 * apply; show_title and show_subtitle drop the header's title and deck,
 * and show_footer the footer. The state of @cr is preserved. */
void         kc_poster_render        (cairo_t              *cr,
                                      const KcPoster       *poster,
                                      const KcChartOptions *options,
                                      KcPosterLayout       *layout_out);

/* The poster as a PNG (@scale pixels per user unit), SVG or PDF file's
 * bytes; NULL with @error when it cannot be drawn. */
GBytes      *kc_poster_export_to_bytes (const KcPoster       *poster,
                                        const KcChartOptions *options,
                                        KcChartFormat         format,
                                        double                scale,
                                        GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcPoster, kc_poster_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcPosterLayout, kc_poster_layout_free)

G_END_DECLS
