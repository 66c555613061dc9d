/* kc-chart-export.h
 * Writes a chart to a PNG, SVG or PDF file, atomically. */
#pragma once

#include <gio/gio.h>

#include "kc-chart-spec.h"

G_BEGIN_DECLS

/* The largest PNG an export makes: cairo's image surfaces stop at 32767
 * pixels a side, and the area limit keeps a mistyped scale from asking
 * for gigabytes (256 megapixels are 1 GB of pixels). */
#define KC_CHART_EXPORT_MAX_SIDE   32767
#define KC_CHART_EXPORT_MAX_PIXELS 256000000.0

/* Whether a PNG of @width × @height pixels is within those limits. */
#define KC_CHART_EXPORT_FITS(width, height) \
  ((double) (width) <= KC_CHART_EXPORT_MAX_SIDE && (double) (height) <= KC_CHART_EXPORT_MAX_SIDE && \
   (double) (width) * (double) (height) <= KC_CHART_EXPORT_MAX_PIXELS)

typedef enum
{
  KC_CHART_FORMAT_AUTO,  /* from the file name's extension */
  KC_CHART_FORMAT_PNG,
  KC_CHART_FORMAT_SVG,
  KC_CHART_FORMAT_PDF,
} KcChartFormat;

/* The format for @path's extension (.png, .svg, .pdf, any case), or
 * KC_CHART_FORMAT_AUTO when it has none of them. */
KcChartFormat kc_chart_format_from_path (const char *path);
/* "png", "svg" or "pdf"; FALSE for anything else. */
gboolean      kc_chart_format_from_string (const char    *text,
                                           KcChartFormat *format);

/* Draws @spec at options->width × options->height and writes it to @path.
 * PNG is @scale times larger in pixels (a 1200×800 chart at scale 2 is a
 * 2400×1600 image); SVG and PDF are vector files of the chart's size in
 * points, with the text as text in PDF.
 *
 * The file is written to a hidden temporary file in the same folder and
 * renamed over @path only when complete, so a failure never leaves half a
 * file nor harms an existing one. Errors (G_IO_ERROR or G_FILE_ERROR) name
 * the path and the reason. */
gboolean      kc_chart_export         (const KcChartSpec    *spec,
                                       const KcChartOptions *options,
                                       const char           *path,
                                       KcChartFormat         format,
                                       double                scale,
                                       GError              **error);

/* The same into memory; returns the file's bytes or NULL with @error. */
GBytes       *kc_chart_export_to_bytes (const KcChartSpec    *spec,
                                        const KcChartOptions *options,
                                        KcChartFormat         format,
                                        double                scale,
                                        GError              **error);

G_END_DECLS
