/* kc-chart-export-private.h
 * The PNG encoder of kc-chart-export.c, shared with the poster. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Appends @surface (an image surface, flushed) to @out as a PNG: RGB when
 * it is opaque, RGBA otherwise, rows filtered and deflated in parallel
 * slices, a pHYs of 96 dpi × @scale and, with @title, an iTXt Title. */
gboolean _kc_chart_encode_png (cairo_surface_t  *surface,
                               double            scale,
                               const char       *title,
                               GByteArray       *out,
                               GError          **error);

G_END_DECLS
