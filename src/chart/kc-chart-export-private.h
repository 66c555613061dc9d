/* kc-chart-export-private.h
 * The PNG encoder of kc-chart-export.c, shared with the poster. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kc-chart-export.h"

G_BEGIN_DECLS

/* Appends @surface (an image surface, flushed) to @out as a PNG: RGB when
 * it is opaque, RGBA otherwise, rows filtered and deflated in parallel
 * slices, a pHYs of @dpi and, with @title, an iTXt Title. */
gboolean _kc_chart_encode_png (cairo_surface_t  *surface,
                               double            dpi,
                               const char       *title,
                               GByteArray       *out,
                               GError          **error);

/* A surface to draw a @w × @h px document of @format (PNG, SVG or PDF)
 * into: for PNG an image @scale times as large, encoded into @out by
 * _kc_export_surface_finish(); SVG and PDF are appended to @out as they
 * are drawn, the PDF with @title. NULL with @error when a PNG of that
 * size cannot be made. */
cairo_surface_t *_kc_export_surface_new    (KcChartFormat     format,
                                            double            w,
                                            double            h,
                                            double            scale,
                                            const char       *title,
                                            GByteArray       *out,
                                            GError          **error);
/* Ends the document drawn on @surface (taken) whose drawing ended with
 * @status: a PNG is encoded, recording @dpi, the others finished. @status
 * becomes the first cairo error, if any. FALSE, with @error, only when
 * the PNG could not be encoded. */
gboolean         _kc_export_surface_finish (cairo_surface_t  *surface,
                                            cairo_status_t   *status,
                                            double            dpi,
                                            const char       *title,
                                            GByteArray       *out,
                                            GError          **error);

G_END_DECLS
