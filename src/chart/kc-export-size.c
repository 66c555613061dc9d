/* kc-export-size.c
 * Export sizes: the presets, pixels and millimetres, scale and resolution. */
#define G_LOG_DOMAIN "kc-export-size"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kc-chart-export.h"
#include "kc-export-size.h"

#define MIN_PX 16.0
#define MAX_PX 20000.0
#define MIN_MM 5.0
#define MAX_MM 5000.0

static const KcExportPreset presets[] = {
  { "screen", N_("Screen"), { 1200, 800, KC_SIZE_UNIT_PX, 1, 300 }, TRUE, TRUE },
  { "slide", N_("Slide 16:9"), { 1920, 1080, KC_SIZE_UNIT_PX, 1, 300 }, TRUE, TRUE },
  { "social", N_("Social Card"), { 1200, 628, KC_SIZE_UNIT_PX, 1, 300 }, FALSE, TRUE },
  { "news-1col", N_("Newspaper, One Column"), { 55, 60, KC_SIZE_UNIT_MM, 1, 300 }, FALSE, TRUE },
  { "news-2col", N_("Newspaper, Two Columns"), { 114, 80, KC_SIZE_UNIT_MM, 1, 300 }, FALSE, TRUE },
  { "news-half", N_("Newspaper, Half Page"), { 350, 245, KC_SIZE_UNIT_MM, 1, 300 }, TRUE, TRUE },
  { "a4", N_("A4 Portrait"), { 210, 297, KC_SIZE_UNIT_MM, 1, 300 }, TRUE, TRUE },
};

const KcExportPreset *
kc_export_presets_get (guint *n_presets)
{
  if (n_presets != NULL)
    *n_presets = G_N_ELEMENTS (presets);

  return presets;
}

const KcExportPreset *
kc_export_preset_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].id, id))
      return &presets[i];

  return NULL;
}

double
kc_mm_to_pt (double mm)
{
  return mm / KC_MM_PER_INCH * KC_PT_PER_INCH;
}

double
kc_pt_to_mm (double pt)
{
  return pt / KC_PT_PER_INCH * KC_MM_PER_INCH;
}

double
kc_mm_to_px (double mm,
             double dpi)
{
  return mm / KC_MM_PER_INCH * dpi;
}

double
kc_px_to_mm (double px,
             double dpi)
{
  return px / dpi * KC_MM_PER_INCH;
}

void
kc_export_size_get_pixels (const KcExportSize *size,
                           int                *width,
                           int                *height)
{
  if (size->unit == KC_SIZE_UNIT_MM)
    {
      *width = (int) MIN (round (kc_mm_to_px (size->width, size->dpi)), G_MAXINT);
      *height = (int) MIN (round (kc_mm_to_px (size->height, size->dpi)), G_MAXINT);
    }
  else
    {
      *width = (int) MIN (ceil (size->width * size->scale), G_MAXINT);
      *height = (int) MIN (ceil (size->height * size->scale), G_MAXINT);
    }
}

/* The largest user size that kc_chart_export() turns into exactly
 * @pixels at @scale (it takes ceil (size × scale)): floating point may
 * put pixels / scale × scale a hair above @pixels. */
static double
size_for_pixels (int    pixels,
                 double scale)
{
  double size = pixels / scale;

  while (ceil (size * scale) > pixels)
    size = nextafter (size, 0);
  while (ceil (nextafter (size, INFINITY) * scale) <= pixels)
    size = nextafter (size, INFINITY);

  return size;
}

gboolean
kc_export_size_get_geometry (const KcExportSize *size,
                             KcChartFormat       format,
                             KcExportGeometry   *geometry,
                             GError            **error)
{
  gboolean mm = size->unit == KC_SIZE_UNIT_MM;
  double min = mm ? MIN_MM : MIN_PX;
  double max = mm ? MAX_MM : MAX_PX;

  if (!(size->width >= min && size->height >= min && size->width <= max && size->height <= max))
    {
      if (mm)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("The size %g × %g mm is not between %g and %g mm"),
                     size->width, size->height, min, max);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("The size %g × %g px is not between %g and %g px"),
                     size->width, size->height, min, max);
      return FALSE;
    }

  if (format == KC_CHART_FORMAT_PNG)
    {
      int pw, ph;
      double scale = mm ? size->dpi / KC_PT_PER_INCH : size->scale;

      if (!(scale > 0) || !isfinite (scale) || (mm && size->dpi < 72))
        {
          if (mm)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("The resolution %g dpi is too low; use 72 dpi or more"), size->dpi);
          else
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("The scale %g is not a positive number"), size->scale);
          return FALSE;
        }

      kc_export_size_get_pixels (size, &pw, &ph);
      if (!KC_CHART_EXPORT_FITS (pw, ph))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The image would be %d × %d pixels; an exported image has at most %d pixels a side and %d megapixels: choose a smaller size, scale or resolution"),
                       pw, ph, KC_CHART_EXPORT_MAX_SIDE, (int) (KC_CHART_EXPORT_MAX_PIXELS / 1e6));
          return FALSE;
        }

      geometry->scale = scale;
      if (mm)
        {
          geometry->width = size_for_pixels (pw, scale);
          geometry->height = size_for_pixels (ph, scale);
        }
      else
        {
          geometry->width = size->width;
          geometry->height = size->height;
        }
      return TRUE;
    }

  geometry->scale = 1;
  geometry->width = mm ? kc_mm_to_pt (size->width) : size->width;
  geometry->height = mm ? kc_mm_to_pt (size->height) : size->height;

  return TRUE;
}

char *
kc_export_size_describe (const KcExportSize *size,
                         KcChartFormat       format)
{
  int pw, ph;

  kc_export_size_get_pixels (size, &pw, &ph);

  if (size->unit == KC_SIZE_UNIT_MM)
    {
      if (format == KC_CHART_FORMAT_PNG)
        /* Translators: a print size and the pixels it takes, e.g.
         * "114 × 80 mm, 1346 × 945 px at 300 dpi" */
        return g_strdup_printf (_("%g × %g mm, %d × %d px at %g dpi"),
                                size->width, size->height, pw, ph, size->dpi);
      return g_strdup_printf (_("%g × %g mm"), size->width, size->height);
    }

  if (format == KC_CHART_FORMAT_PNG && size->scale != 1)
    /* Translators: image size in pixels and the scale, e.g. "2400 × 1600 px (2×)" */
    return g_strdup_printf (_("%d × %d px (%g×)"), pw, ph, size->scale);
  if (format == KC_CHART_FORMAT_PDF)
    return g_strdup_printf (_("%g × %g pt"), size->width, size->height);

  return g_strdup_printf (_("%d × %d px"), pw, ph);
}

GBytes *
kc_svg_set_physical_size (GBytes *svg,
                          double  width_mm,
                          double  height_mm)
{
  gsize len;
  const char *data = g_bytes_get_data (svg, &len);
  const char *root, *root_end, *w, *h, *w_end, *h_end;
  char wbuf[G_ASCII_DTOSTR_BUF_SIZE], hbuf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GString) out = NULL;

  root = g_strstr_len (data, len, "<svg");
  if (root == NULL)
    return g_bytes_ref (svg);
  root_end = memchr (root, '>', len - (root - data));
  if (root_end == NULL)
    return g_bytes_ref (svg);

  w = g_strstr_len (root, root_end - root, " width=\"");
  h = g_strstr_len (root, root_end - root, " height=\"");
  if (w == NULL || h == NULL || h < w)
    return g_bytes_ref (svg);
  w += strlen (" width=\"");
  h += strlen (" height=\"");
  w_end = memchr (w, '"', root_end - w);
  h_end = memchr (h, '"', root_end - h);
  if (w_end == NULL || h_end == NULL || w_end > h)
    return g_bytes_ref (svg);

  g_ascii_formatd (wbuf, sizeof wbuf, "%.3f", width_mm);
  g_ascii_formatd (hbuf, sizeof hbuf, "%.3f", height_mm);

  out = g_string_sized_new (len + 16);
  g_string_append_len (out, data, w - data);
  g_string_append_printf (out, "%smm", wbuf);
  g_string_append_len (out, w_end, h - w_end);
  g_string_append_printf (out, "%smm", hbuf);
  g_string_append_len (out, h_end, len - (h_end - data));

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
kc_export_size_render_chart (const KcChartSpec    *spec,
                             const KcChartOptions *options,
                             const KcExportSize   *size,
                             KcChartFormat         format,
                             GError              **error)
{
  KcExportGeometry geometry;
  KcChartOptions sized = *options;
  g_autoptr(GBytes) bytes = NULL;

  if (!kc_export_size_get_geometry (size, format, &geometry, error))
    return NULL;

  sized.width = geometry.width;
  sized.height = geometry.height;
  /* A PNG records px (1/96 in) times the scale; a mm size is drawn in
   * points, and its true resolution is the one asked for. */
  if (size->unit == KC_SIZE_UNIT_MM)
    sized.dpi = size->dpi;
  bytes = kc_chart_export_to_bytes (spec, &sized, format, geometry.scale, error);
  if (bytes == NULL)
    return NULL;

  if (format == KC_CHART_FORMAT_SVG && size->unit == KC_SIZE_UNIT_MM)
    return kc_svg_set_physical_size (bytes, size->width, size->height);

  return g_steal_pointer (&bytes);
}

GBytes *
kc_export_size_render_poster (const KcPoster       *poster,
                              const KcChartOptions *options,
                              const KcExportSize   *size,
                              KcChartFormat         format,
                              GError              **error)
{
  KcExportGeometry geometry;
  KcChartOptions sized = *options;
  g_autoptr(GBytes) bytes = NULL;

  if (!kc_export_size_get_geometry (size, format, &geometry, error))
    return NULL;

  sized.width = geometry.width;
  sized.height = geometry.height;
  if (size->unit == KC_SIZE_UNIT_MM)
    sized.dpi = size->dpi;
  bytes = kc_poster_export_to_bytes (poster, &sized, format, geometry.scale, error);
  if (bytes == NULL)
    return NULL;

  if (format == KC_CHART_FORMAT_SVG && size->unit == KC_SIZE_UNIT_MM)
    return kc_svg_set_physical_size (bytes, size->width, size->height);

  return g_steal_pointer (&bytes);
}
