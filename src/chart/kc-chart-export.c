/* kc-chart-export.c
 * Writes a chart to a PNG, SVG or PDF file, atomically. */
#define G_LOG_DOMAIN "kc-chart-export"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kc-atomic-file.h"
#include "kc-chart-export.h"
#include "kc-chart-export-private.h"
#include "kc-chart-layout.h"
#include "kc-chart-render.h"

#define MAX_PIXELS_PER_SIDE ((double) KC_CHART_EXPORT_MAX_SIDE)

KcChartFormat
kc_chart_format_from_path (const char *path)
{
  const char *dot;

  if (path == NULL)
    return KC_CHART_FORMAT_AUTO;

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return KC_CHART_FORMAT_AUTO;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return KC_CHART_FORMAT_PNG;
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return KC_CHART_FORMAT_SVG;
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return KC_CHART_FORMAT_PDF;

  return KC_CHART_FORMAT_AUTO;
}

gboolean
kc_chart_format_from_string (const char    *text,
                             KcChartFormat *format)
{
  static const char * const names[] = { "png", "svg", "pdf" };

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *format = KC_CHART_FORMAT_PNG + i;
        return TRUE;
      }

  return FALSE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_cairo (cairo_status_t   status,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, G_IO_ERROR,
               status == CAIRO_STATUS_NO_MEMORY ? G_IO_ERROR_NO_SPACE : G_IO_ERROR_FAILED,
               _("Could not draw the chart: %s"), cairo_status_to_string (status));
  return FALSE;
}

/* ---- PNG --------------------------------------------------------------
 *
 * cairo's own PNG writer compresses with libpng's defaults, which takes
 * several times longer than drawing the chart. Charts are flat colour:
 * each row filtered with Sub or Up, whichever leaves smaller residues,
 * and deflated at a low level is nearly as small and far quicker. The
 * pHYs chunk records the resolution: 96 dpi times the scale unless a
 * print resolution is asked for (KcChartOptions.dpi), so a chart exported
 * at scale 2 prints at the same size, twice as sharp. */

static guint32 crc_table[256];

static void
init_crc_table (void)
{
  for (guint32 n = 0; n < 256; n++)
    {
      guint32 c = n;

      for (int k = 0; k < 8; k++)
        c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
      crc_table[n] = c;
    }
}

static guint32
update_crc (guint32       crc,
            const guint8 *data,
            gsize         len)
{
  for (gsize i = 0; i < len; i++)
    crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static void
append_be32 (GByteArray *out,
             guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (out, b, 4);
}

static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              gsize         len)
{
  guint32 crc;

  append_be32 (out, len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, len);
  crc = update_crc (0xffffffffu, (const guint8 *) type, 4);
  crc = update_crc (crc, data, len);
  append_be32 (out, crc ^ 0xffffffffu);
}

/* Byte-wise @a - @b modulo 256 in eight lanes at once, without borrows
 * from one lane into the next. */
static inline guint64
bytes_sub (guint64 a,
           guint64 b)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);

  return ((a | high) - (b & ~high)) ^ ((a ^ ~b) & high);
}

/* out[i] = a[i] - b[i] for @len bytes. */
static void
filter_bytes (guint8       *out,
              const guint8 *a,
              const guint8 *b,
              gsize         len)
{
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 x, y, d;

      memcpy (&x, a + i, 8);
      memcpy (&y, b + i, 8);
      d = bytes_sub (x, y);
      memcpy (out + i, &d, 8);
    }
  for (; i < len; i++)
    out[i] = a[i] - b[i];
}

/* One row of cairo's premultiplied native-endian ARGB as RGB or RGBA. */
static void
unpremultiply_row (const guint32 *px,
                   int            w,
                   guint          channels,
                   guint8        *o)
{
  for (int x = 0; x < w; x++)
    {
      guint32 v = px[x];
      guint a = v >> 24, r = v >> 16 & 0xff, g = v >> 8 & 0xff, b = v & 0xff;

      if (a != 0 && a != 0xff)
        {
          r = (r * 255 + a / 2) / a;
          g = (g * 255 + a / 2) / a;
          b = (b * 255 + a / 2) / a;
        }
      *o++ = r;
      *o++ = g;
      *o++ = b;
      if (channels == 4)
        *o++ = a;
    }
}

#define ADLER_BASE 65521u
/* The most bytes before the sums must be reduced to stay in 32 bits. */
#define ADLER_RUN  5552

static guint32
adler32 (const guint8 *data,
         gsize         len)
{
  guint32 a = 1, b = 0;

  while (len > 0)
    {
      gsize n = MIN (len, ADLER_RUN);

      len -= n;
      while (n-- > 0)
        {
          a += *data++;
          b += a;
        }
      a %= ADLER_BASE;
      b %= ADLER_BASE;
    }

  return b << 16 | a;
}

/* The Adler-32 of two pieces joined, from theirs and the second's length:
 * the second's running sums all grow by the first's sum minus one. */
static guint32
adler32_join (guint32 first,
              guint32 second,
              gsize   second_len)
{
  guint64 a1 = first & 0xffff, b1 = first >> 16;
  guint64 a2 = second & 0xffff, b2 = second >> 16;
  guint64 a = (a1 + a2 + ADLER_BASE - 1) % ADLER_BASE;
  guint64 b = (b1 + b2 + (second_len % ADLER_BASE) * ((a1 + ADLER_BASE - 1) % ADLER_BASE)) % ADLER_BASE;

  return (guint32) (b << 16 | a);
}

/* Rows [y0, y1) of the image, filtered and deflated on their own: the
 * slices' raw deflate streams, each but the last ending in a flush to a
 * byte boundary, join into one, as pigz does. */
typedef struct
{
  const guint8 *data;
  int           w;
  int           stride;
  guint         channels;
  gsize         row_len;
  int           y0, y1;
  gboolean      last;
  guint8       *raw;       /* where row y0's filtered bytes go */
  GByteArray   *deflated;
  guint32       adler;
  GError       *error;
} PngSlice;

static void
png_slice_filter (PngSlice *slice)
{
  g_autofree guint8 *prev = g_malloc0 (slice->row_len);
  g_autofree guint8 *cur = g_malloc (slice->row_len);
  guint channels = slice->channels;
  gsize row_len = slice->row_len;

  if (slice->y0 > 0)
    unpremultiply_row ((const guint32 *) (const void *) (slice->data + (gsize) (slice->y0 - 1) * slice->stride),
                       slice->w, channels, prev);

  for (int y = slice->y0; y < slice->y1; y++)
    {
      const guint8 *row = slice->data + (gsize) y * slice->stride;
      guint8 *o = slice->raw + (gsize) (y - slice->y0) * (row_len + 1);
      guint64 cost_sub = 0, cost_up = 0;

      /* A row like the one above (margins, background) filters to zeros
       * with Up, and needs neither converting nor judging. */
      if (y > 0 && memcmp (row, row - slice->stride, (gsize) slice->w * 4) == 0)
        {
          o[0] = 2;
          memset (o + 1, 0, row_len);
          continue;
        }

      unpremultiply_row ((const guint32 *) (const void *) row, slice->w, channels, cur);

      /* Which filter leaves smaller residues, judged on a sample. */
      for (gsize i = channels; i < row_len; i += 7)
        {
          cost_sub += (guint8) ABS ((gint8) (guint8) (cur[i] - cur[i - channels]));
          cost_up += (guint8) ABS ((gint8) (guint8) (cur[i] - prev[i]));
        }
      if (cost_up <= cost_sub)
        {
          o[0] = 2;
          filter_bytes (o + 1, cur, prev, row_len);
        }
      else
        {
          o[0] = 1;
          memcpy (o + 1, cur, channels);
          filter_bytes (o + 1 + channels, cur + channels, cur, row_len - channels);
        }
      {
        guint8 *t = prev;

        prev = cur;
        cur = t;
      }
    }
}

static void
png_slice_deflate (PngSlice *slice)
{
  g_autoptr(GZlibCompressor) zlib = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, 1);
  GConverterFlags flags = slice->last ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_FLUSH;
  gsize len = (gsize) (slice->y1 - slice->y0) * (slice->row_len + 1);
  gsize read = 0;
  gsize written = 0;

  slice->adler = adler32 (slice->raw, len);
  g_byte_array_set_size (slice->deflated, len / 8 + 1024);

  for (;;)
    {
      gsize bytes_read = 0, bytes_written = 0, room;
      GConverterResult result;

      if (slice->deflated->len - written < 65536)
        g_byte_array_set_size (slice->deflated, slice->deflated->len * 2);
      room = slice->deflated->len - written;
      result = g_converter_convert (G_CONVERTER (zlib), slice->raw + read, len - read,
                                    slice->deflated->data + written, room, flags,
                                    &bytes_read, &bytes_written, &slice->error);
      if (result == G_CONVERTER_ERROR)
        return;
      read += bytes_read;
      written += bytes_written;
      /* Flushed once all input is in and the output did not fill up. */
      if (result == G_CONVERTER_FINISHED || result == G_CONVERTER_FLUSHED
          || (!slice->last && read == len && room - bytes_written > 6))
        break;
    }

  g_byte_array_set_size (slice->deflated, written);
}

static gpointer
png_slice_run (gpointer data)
{
  PngSlice *slice = data;

  png_slice_filter (slice);
  png_slice_deflate (slice);

  return NULL;
}

/* Slices big enough to be worth a thread each. */
#define PNG_SLICE_MIN_ROWS 128
#define PNG_MAX_SLICES     4

gboolean
_kc_chart_encode_png (cairo_surface_t  *surface,
                      double            dpi,
                      const char       *title,
                      GByteArray       *out,
                      GError          **error)
{
  static gsize crc_ready = 0;
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  /* Deflate with a 32 KiB window at the fastest level. */
  static const guint8 zlib_header[2] = { 0x78, 0x01 };
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  gboolean opaque = TRUE;
  guint channels;
  gsize row_len;
  g_autofree guint8 *raw = NULL;
  g_autoptr(GByteArray) idat = g_byte_array_new ();
  PngSlice slices[PNG_MAX_SLICES];
  GThread *threads[PNG_MAX_SLICES] = { NULL };
  guint n_slices;
  guint8 header[13];
  guint8 phys[9];
  guint8 check[4];
  guint32 ppm = (guint32) round (dpi / 0.0254);
  guint32 adler = 1;
  GError *failed = NULL;

  if (g_once_init_enter (&crc_ready))
    {
      init_crc_table ();
      g_once_init_leave (&crc_ready, 1);
    }

  for (int y = 0; y < h && opaque; y++)
    {
      const guint32 *px = (const void *) (data + (gsize) y * stride);

      for (int x = 0; x < w; x++)
        if ((px[x] >> 24) != 0xff)
          {
            opaque = FALSE;
            break;
          }
    }
  channels = opaque ? 3 : 4;
  row_len = (gsize) w * channels;
  raw = g_malloc ((row_len + 1) * h);

  n_slices = CLAMP ((guint) h / PNG_SLICE_MIN_ROWS, 1,
                    MIN ((guint) g_get_num_processors (), PNG_MAX_SLICES));
  for (guint i = 0; i < n_slices; i++)
    {
      PngSlice *slice = &slices[i];

      slice->data = data;
      slice->w = w;
      slice->stride = stride;
      slice->channels = channels;
      slice->row_len = row_len;
      slice->y0 = (int) ((gint64) h * i / n_slices);
      slice->y1 = (int) ((gint64) h * (i + 1) / n_slices);
      slice->last = i == n_slices - 1;
      slice->raw = raw + (gsize) slice->y0 * (row_len + 1);
      slice->deflated = g_byte_array_new ();
      slice->adler = 1;
      slice->error = NULL;
      if (i > 0)
        threads[i] = g_thread_new ("kc-png", png_slice_run, slice);
    }
  png_slice_run (&slices[0]);

  g_byte_array_append (idat, zlib_header, sizeof zlib_header);
  for (guint i = 0; i < n_slices; i++)
    {
      PngSlice *slice = &slices[i];

      if (threads[i] != NULL)
        g_thread_join (threads[i]);
      if (slice->error != NULL && failed == NULL)
        failed = g_steal_pointer (&slice->error);
      g_clear_error (&slice->error);
      g_byte_array_append (idat, slice->deflated->data, slice->deflated->len);
      adler = i == 0 ? slice->adler
                     : adler32_join (adler, slice->adler, (gsize) (slice->y1 - slice->y0) * (row_len + 1));
      g_byte_array_unref (slice->deflated);
    }
  if (failed != NULL)
    {
      g_propagate_error (error, failed);
      return FALSE;
    }
  check[0] = adler >> 24; check[1] = adler >> 16; check[2] = adler >> 8; check[3] = adler;
  g_byte_array_append (idat, check, sizeof check);

  g_byte_array_append (out, signature, sizeof signature);
  header[0] = w >> 24; header[1] = w >> 16; header[2] = w >> 8; header[3] = w;
  header[4] = h >> 24; header[5] = h >> 16; header[6] = h >> 8; header[7] = h;
  header[8] = 8;                  /* bits per channel */
  header[9] = opaque ? 2 : 6;     /* RGB or RGBA */
  header[10] = header[11] = header[12] = 0;
  append_chunk (out, "IHDR", header, sizeof header);
  phys[0] = ppm >> 24; phys[1] = ppm >> 16; phys[2] = ppm >> 8; phys[3] = ppm;
  memcpy (phys + 4, phys, 4);
  phys[8] = 1;                    /* metres */
  append_chunk (out, "pHYs", phys, sizeof phys);
  if (title != NULL)
    {
      /* iTXt: keyword, NUL, no compression, no language, UTF-8 text. */
      g_autoptr(GByteArray) text = g_byte_array_new ();
      static const guint8 head[] = { 'T', 'i', 't', 'l', 'e', 0, 0, 0, 0, 0 };

      g_byte_array_append (text, head, sizeof head);
      g_byte_array_append (text, (const guint8 *) title, strlen (title));
      append_chunk (out, "iTXt", text->data, text->len);
    }
  append_chunk (out, "IDAT", idat->data, idat->len);
  append_chunk (out, "IEND", NULL, 0);

  return TRUE;
}

/* cairo 1.16 writes glyphs as outlines in SVG (<symbol> paths), so the
 * file would hold no text at all. Add the title and description for
 * viewers and screen readers, and an unpainted layer of real <text> over
 * every label so the chart can be searched, selected and indexed. */
static void
add_svg_text (GByteArray          *svg,
              const KcChartSpec   *spec,
              const KcChartLayout *layout)
{
  g_autoptr(GString) head = g_string_new ("\n");
  g_autoptr(GString) layer = g_string_new (NULL);
  const char *data = (const char *) svg->data;
  const char *open_tag, *open_end, *close_tag;
  gsize head_at, layer_at;

  open_tag = g_strstr_len (data, svg->len, "<svg");
  if (open_tag == NULL)
    return;
  open_end = memchr (open_tag, '>', svg->len - (open_tag - data));
  close_tag = g_strrstr_len (data, svg->len, "</svg>");
  if (open_end == NULL || close_tag == NULL || close_tag < open_end)
    return;
  head_at = open_end + 1 - data;
  layer_at = close_tag - data;

  if (spec->title != NULL)
    {
      g_autofree char *t = g_markup_escape_text (spec->title, -1);

      g_string_append_printf (head, "<title>%s</title>\n", t);
    }
  if (spec->subtitle != NULL || spec->source != NULL)
    {
      g_autofree char *d = g_markup_escape_text (spec->subtitle != NULL ? spec->subtitle : spec->source, -1);

      g_string_append_printf (head, "<desc>%s</desc>\n", d);
    }

  /* Unpainted rather than transparent: renderers that ignore opacity
   * still draw nothing, while viewers can select and search the text. */
  g_string_append (layer, "<g id=\"kc-text\" fill=\"none\" stroke=\"none\" "
                          "font-family=\"Cantarell, 'Noto Sans CJK SC', sans-serif\">\n");
  for (guint i = 0; i < kc_chart_layout_get_n_boxes (layout); i++)
    {
      const KcChartTextBox *box = kc_chart_layout_get_box (layout, i);
      g_autofree char *t = g_markup_escape_text (box->text, -1);
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];
      char size[G_ASCII_DTOSTR_BUF_SIZE], len[G_ASCII_DTOSTR_BUF_SIZE];
      gboolean one_line = box->rect.height < box->font_size * 1.9;

      g_ascii_formatd (x, sizeof x, "%.2f", box->rect.x);
      g_ascii_formatd (y, sizeof y, "%.2f", box->rect.y + box->font_size * 1.05);
      g_ascii_formatd (size, sizeof size, "%.2f", box->font_size);
      g_ascii_formatd (len, sizeof len, "%.2f", box->rect.width);
      if (one_line)
        g_string_append_printf (layer, "<text x=\"%s\" y=\"%s\" font-size=\"%s\" textLength=\"%s\" "
                                       "lengthAdjust=\"spacingAndGlyphs\">%s</text>\n",
                                x, y, size, len, t);
      else
        g_string_append_printf (layer, "<text x=\"%s\" y=\"%s\" font-size=\"%s\">%s</text>\n",
                                x, y, size, t);
    }
  g_string_append (layer, "</g>\n");

  {
    g_autoptr(GByteArray) out = g_byte_array_sized_new (svg->len + head->len + layer->len);

    g_byte_array_append (out, svg->data, head_at);
    g_byte_array_append (out, (const guint8 *) head->str, head->len);
    g_byte_array_append (out, svg->data + head_at, layer_at - head_at);
    g_byte_array_append (out, (const guint8 *) layer->str, layer->len);
    g_byte_array_append (out, svg->data + layer_at, svg->len - layer_at);
    g_byte_array_set_size (svg, 0);
    g_byte_array_append (svg, out->data, out->len);
  }
}

GBytes *
kc_chart_export_to_bytes (const KcChartSpec    *spec,
                          const KcChartOptions *options,
                          KcChartFormat         format,
                          double                scale,
                          GError              **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(KcChartLayout) layout = kc_chart_layout_new ();
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;
  double w = options->width, h = options->height;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(w >= 1 && h >= 1 && w <= MAX_PIXELS_PER_SIDE && h <= MAX_PIXELS_PER_SIDE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The chart size %g×%g is not between 1 and %g"), w, h, MAX_PIXELS_PER_SIDE);
      return NULL;
    }
  if (!(scale > 0) || !isfinite (scale))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The scale %g is not a positive number"), scale);
      return NULL;
    }

  if (format != KC_CHART_FORMAT_PNG && format != KC_CHART_FORMAT_SVG && format != KC_CHART_FORMAT_PDF)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown chart format; use PNG, SVG or PDF"));
      return NULL;
    }

  surface = _kc_export_surface_new (format, w, h, scale, spec->title, out, error);
  if (surface == NULL)
    return NULL;
  if (!check_cairo (cairo_surface_status (surface), error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  cr = cairo_create (surface);
  if (format == KC_CHART_FORMAT_PNG)
    cairo_scale (cr, scale, scale);
  kc_chart_render (cr, spec, options, layout);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (!_kc_export_surface_finish (surface, &status, options->dpi > 0 ? options->dpi : 96 * scale,
                                  spec->title, out, error) ||
      !check_cairo (status, error))
    return NULL;

  if (format == KC_CHART_FORMAT_SVG)
    add_svg_text (out, spec, layout);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

cairo_surface_t *
_kc_export_surface_new (KcChartFormat  format,
                        double         w,
                        double         h,
                        double         scale,
                        const char    *title,
                        GByteArray    *out,
                        GError       **error)
{
  cairo_surface_t *surface;

  switch (format)
    {
    case KC_CHART_FORMAT_PNG:
      {
        double pw = ceil (w * scale), ph = ceil (h * scale);

        if (!KC_CHART_EXPORT_FITS (pw, ph))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("The image would be %g × %g pixels; an exported image has at most %d pixels a side and %d megapixels"),
                         pw, ph, KC_CHART_EXPORT_MAX_SIDE, (int) (KC_CHART_EXPORT_MAX_PIXELS / 1e6));
            return NULL;
          }
        return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) pw, (int) ph);
      }

    case KC_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_bytes, out, w, h);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      return surface;

    case KC_CHART_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_bytes, out, w, h);
      if (title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Kechuang " PACKAGE_VERSION);
      return surface;

    case KC_CHART_FORMAT_AUTO:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
_kc_export_surface_finish (cairo_surface_t *surface,
                           cairo_status_t  *status,
                           double           dpi,
                           const char      *title,
                           GByteArray      *out,
                           GError         **error)
{
  if (*status == CAIRO_STATUS_SUCCESS && cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE)
    {
      cairo_surface_flush (surface);
      if (!_kc_chart_encode_png (surface, dpi, title, out, error))
        {
          cairo_surface_destroy (surface);
          return FALSE;
        }
    }
  cairo_surface_finish (surface);
  if (*status == CAIRO_STATUS_SUCCESS)
    *status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return TRUE;
}

gboolean
kc_chart_export (const KcChartSpec    *spec,
                 const KcChartOptions *options,
                 const char           *path,
                 KcChartFormat         format,
                 double                scale,
                 GError              **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == KC_CHART_FORMAT_AUTO)
    format = kc_chart_format_from_path (path);
  if (format == KC_CHART_FORMAT_AUTO)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Could not write “%s”: the name must end in .png, .svg or .pdf"), display);
      return FALSE;
    }

  bytes = kc_chart_export_to_bytes (spec, options, format, scale, &local_error);
  if (bytes == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not write “%s”: %s"), display, local_error->message);
      return FALSE;
    }

  return kc_file_write_atomically (path, bytes, error);
}
