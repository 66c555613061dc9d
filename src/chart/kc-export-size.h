/* kc-export-size.h
 * Export sizes: the presets, pixels and millimetres, scale and resolution. */
#pragma once

#include <glib.h>

#include "kc-chart-export.h"
#include "kc-chart-spec.h"
#include "kc-poster.h"

G_BEGIN_DECLS

typedef enum
{
  KC_SIZE_UNIT_PX,  /* screen pixels (CSS px); points in PDF */
  KC_SIZE_UNIT_MM,  /* physical size for print */
} KcSizeUnit;

/* A size as the user chose it. */
typedef struct
{
  double      width;   /* in @unit */
  double      height;
  KcSizeUnit  unit;
  double      scale;   /* PX: PNG pixels per px (1, 2, 3) */
  double      dpi;     /* MM: PNG pixels per inch (150, 300, 600) */
} KcExportSize;

/* What the renderer gets: the chart's size in user units and the PNG
 * scale. A px size is drawn at its size (a PDF page of that many
 * points). A mm size is drawn in points (1/72 in), the unit print type is
 * measured in, so its labels keep a legible size on paper; a PDF page is
 * then exactly that many millimetres, and a PNG has dpi / 72 pixels per
 * point, which makes it exactly round (mm / 25.4 × dpi) pixels wide. */
typedef struct
{
  double width;
  double height;
  double scale;    /* for PNG; 1 for SVG and PDF */
} KcExportGeometry;

#define KC_MM_PER_INCH 25.4
#define KC_PT_PER_INCH 72.0
#define KC_PX_PER_INCH 96.0

double   kc_mm_to_pt                (double mm);
double   kc_pt_to_mm                (double pt);
/* Pixels of @mm at @dpi, not rounded. */
double   kc_mm_to_px                (double mm,
                                     double dpi);
double   kc_px_to_mm                (double px,
                                     double dpi);

/* The geometry for @format; FALSE (with a translated @error) when the
 * size is not positive, too small (under 16 px or 5 mm), or too big for
 * a PNG (over 32767 pixels a side or 256 megapixels) or a page (over
 * 5 m). */
gboolean kc_export_size_get_geometry (const KcExportSize *size,
                                      KcChartFormat       format,
                                      KcExportGeometry   *geometry,
                                      GError            **error);
/* The PNG's size in pixels for @size: what a decoder reports. */
void     kc_export_size_get_pixels  (const KcExportSize *size,
                                     int                *width,
                                     int                *height);
/* A short text for the size: "1200 × 800 px", "2400 × 1600 px (2×)",
 * "114 × 80 mm, 1346 × 945 px at 300 dpi". Free with g_free(). */
char    *kc_export_size_describe    (const KcExportSize *size,
                                     KcChartFormat       format);

/* Built-in presets. The newspaper sizes are for a Chinese broadsheet
 * (对开, e.g. 宁波日报): a type area of 350 × 490 mm set in six columns
 * of 55 mm with 4 mm gutters, so one column is 55 mm wide, two columns
 * 114 mm (2 × 55 + 4), and half a page 350 × 245 mm. Heights are what
 * a chart of that width usually gets. */
typedef struct
{
  const char *id;       /* stable, stored in settings */
  const char *name;     /* N_(), translate with _() */
  KcExportSize size;
  gboolean    for_poster;  /* offered for the dashboard poster */
  gboolean    for_chart;   /* offered for a single chart */
} KcExportPreset;

const KcExportPreset *kc_export_presets_get   (guint      *n_presets);
const KcExportPreset *kc_export_preset_lookup (const char *id);

/* Draws @spec at @size and returns the file's bytes (see
 * kc_chart_export_to_bytes). SVG of a mm size says its size in mm. */
GBytes  *kc_export_size_render_chart (const KcChartSpec    *spec,
                                      const KcChartOptions *options,
                                      const KcExportSize   *size,
                                      KcChartFormat         format,
                                      GError              **error);

/* The same for a poster. */
GBytes  *kc_export_size_render_poster (const KcPoster       *poster,
                                       const KcChartOptions *options,
                                       const KcExportSize   *size,
                                       KcChartFormat         format,
                                       GError              **error);

/* Rewrites the width and height of the root element of an SVG document
 * to @width_mm × @height_mm, keeping its viewBox; @svg unchanged when it
 * has no root width and height. */
GBytes  *kc_svg_set_physical_size   (GBytes             *svg,
                                     double              width_mm,
                                     double              height_mm);

G_END_DECLS
