/* test-export-size.c
 * Export sizes (mm, dpi, px, scale, the presets, decoded file sizes) and
 * file names suggested from titles and ids. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kc-chart-data.h"
#include "kc-export-size.h"
#include "kc-file-name.h"
#include "kc-test-utils.h"

/* ---- mm, pt, px ---------------------------------------------------------- */

static void
test_units (void)
{
  g_assert_cmpfloat_with_epsilon (kc_mm_to_pt (25.4), 72.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (kc_mm_to_pt (210), 595.2756, 1e-4);
  g_assert_cmpfloat_with_epsilon (kc_mm_to_pt (297), 841.8898, 1e-4);
  g_assert_cmpfloat_with_epsilon (kc_pt_to_mm (kc_mm_to_pt (114)), 114, 1e-12);
  g_assert_cmpfloat_with_epsilon (kc_mm_to_px (25.4, 300), 300, 1e-12);
  g_assert_cmpfloat_with_epsilon (kc_mm_to_px (210, 300), 2480.315, 1e-3);
  g_assert_cmpfloat_with_epsilon (kc_px_to_mm (kc_mm_to_px (55, 300), 300), 55, 1e-12);
}

static void
test_pixels (void)
{
  static const struct
  {
    KcExportSize size;
    int          width;
    int          height;
  } cases[] = {
    { { 1200, 800, KC_SIZE_UNIT_PX, 1, 300 }, 1200, 800 },
    { { 1200, 800, KC_SIZE_UNIT_PX, 2, 300 }, 2400, 1600 },
    { { 1200, 628, KC_SIZE_UNIT_PX, 3, 300 }, 3600, 1884 },
    /* A4 at 300 dpi: 2480 × 3508, as every print shop says. */
    { { 210, 297, KC_SIZE_UNIT_MM, 1, 300 }, 2480, 3508 },
    { { 25.4, 50.8, KC_SIZE_UNIT_MM, 1, 300 }, 300, 600 },
    { { 114, 80, KC_SIZE_UNIT_MM, 1, 300 }, 1346, 945 },
    { { 55, 60, KC_SIZE_UNIT_MM, 1, 600 }, 1299, 1417 },
    { { 350, 245, KC_SIZE_UNIT_MM, 1, 150 }, 2067, 1447 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int w, h;

      kc_export_size_get_pixels (&cases[i].size, &w, &h);
      g_assert_cmpint (w, ==, cases[i].width);
      g_assert_cmpint (h, ==, cases[i].height);
    }
}

static void
test_geometry (void)
{
  KcExportSize px = { 1200, 800, KC_SIZE_UNIT_PX, 2, 300 };
  KcExportSize mm = { 114, 80, KC_SIZE_UNIT_MM, 1, 300 };
  KcExportGeometry g;
  g_autoptr(GError) error = NULL;

  g_assert_true (kc_export_size_get_geometry (&px, KC_CHART_FORMAT_PNG, &g, &error));
  g_assert_cmpfloat (g.width, ==, 1200);
  g_assert_cmpfloat (g.scale, ==, 2);
  g_assert_true (kc_export_size_get_geometry (&px, KC_CHART_FORMAT_PDF, &g, &error));
  g_assert_cmpfloat (g.width, ==, 1200);
  g_assert_cmpfloat (g.scale, ==, 1);

  /* Print sizes are drawn in points; a PDF page is the size in mm. */
  g_assert_true (kc_export_size_get_geometry (&mm, KC_CHART_FORMAT_PDF, &g, &error));
  g_assert_cmpfloat_with_epsilon (g.width, 114 / 25.4 * 72, 1e-9);
  g_assert_cmpfloat_with_epsilon (g.height, 80 / 25.4 * 72, 1e-9);
  g_assert_cmpfloat (g.scale, ==, 1);
  g_assert_true (kc_export_size_get_geometry (&mm, KC_CHART_FORMAT_PNG, &g, &error));
  g_assert_cmpfloat_with_epsilon (g.scale, 300 / 72.0, 1e-12);
  /* kc_chart_export() takes ceil (size × scale): exactly the pixels. */
  g_assert_cmpfloat (ceil (g.width * g.scale), ==, 1346);
  g_assert_cmpfloat (ceil (g.height * g.scale), ==, 945);

  /* Sizes whose pixel count is a whole number in exact arithmetic are
   * where rounding could add a pixel. */
  for (double mm_w = 5; mm_w <= 600; mm_w += 0.1)
    {
      KcExportSize s = { mm_w, 25.4, KC_SIZE_UNIT_MM, 1, 300 };
      int pw, ph;

      kc_export_size_get_pixels (&s, &pw, &ph);
      g_assert_true (kc_export_size_get_geometry (&s, KC_CHART_FORMAT_PNG, &g, &error));
      g_assert_cmpfloat (ceil (g.width * g.scale), ==, pw);
      g_assert_cmpfloat (ceil (g.height * g.scale), ==, 300);
    }
}

static void
test_geometry_errors (void)
{
  static const KcExportSize bad[] = {
    { 0, 800, KC_SIZE_UNIT_PX, 1, 300 },
    { 10, 800, KC_SIZE_UNIT_PX, 1, 300 },
    { NAN, 800, KC_SIZE_UNIT_PX, 1, 300 },
    { 1200, 800, KC_SIZE_UNIT_PX, 0, 300 },
    { 20000, 20000, KC_SIZE_UNIT_PX, 2, 300 },
    { 4, 50, KC_SIZE_UNIT_MM, 1, 300 },
    { 100, 50, KC_SIZE_UNIT_MM, 1, 10 },
    { 3000, 3000, KC_SIZE_UNIT_MM, 1, 600 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      KcExportGeometry g;
      g_autoptr(GError) error = NULL;

      g_assert_false (kc_export_size_get_geometry (&bad[i], KC_CHART_FORMAT_PNG, &g, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_presets (void)
{
  guint n;
  const KcExportPreset *presets = kc_export_presets_get (&n);
  const KcExportPreset *p;

  g_assert_cmpuint (n, >=, 6);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (kc_export_preset_lookup (presets[i].id) == &presets[i]);
      g_assert_true (presets[i].for_chart || presets[i].for_poster);
    }

  p = kc_export_preset_lookup ("screen");
  g_assert_cmpfloat (p->size.width, ==, 1200);
  g_assert_cmpfloat (p->size.height, ==, 800);
  p = kc_export_preset_lookup ("slide");
  g_assert_cmpfloat (p->size.width / p->size.height, ==, 16.0 / 9.0);
  p = kc_export_preset_lookup ("social");
  g_assert_cmpfloat (p->size.height, ==, 628);

  /* The broadsheet grid: six 55 mm columns and five 4 mm gutters fill
   * the 350 mm type area; two columns span one gutter. */
  p = kc_export_preset_lookup ("news-1col");
  g_assert_cmpint (p->size.unit, ==, KC_SIZE_UNIT_MM);
  g_assert_cmpfloat (6 * p->size.width + 5 * 4, ==, 350);
  g_assert_cmpfloat (p->size.dpi, ==, 300);
  g_assert_cmpfloat (kc_export_preset_lookup ("news-2col")->size.width, ==, 2 * p->size.width + 4);
  p = kc_export_preset_lookup ("news-half");
  g_assert_cmpfloat (p->size.width, ==, 350);
  g_assert_cmpfloat (p->size.height, ==, 490 / 2);
  g_assert_null (kc_export_preset_lookup ("nope"));
}

static void
test_describe (void)
{
  KcExportSize px = { 1200, 800, KC_SIZE_UNIT_PX, 2, 300 };
  KcExportSize mm = { 114, 80, KC_SIZE_UNIT_MM, 1, 300 };
  g_autofree char *a = kc_export_size_describe (&px, KC_CHART_FORMAT_PNG);
  g_autofree char *b = kc_export_size_describe (&mm, KC_CHART_FORMAT_PNG);
  g_autofree char *c = kc_export_size_describe (&mm, KC_CHART_FORMAT_PDF);

  g_assert_cmpstr (a, ==, "2400 × 1600 px (2×)");
  g_assert_cmpstr (b, ==, "114 × 80 mm, 1346 × 945 px at 300 dpi");
  g_assert_cmpstr (c, ==, "114 × 80 mm");
}

/* ---- Rendered files ------------------------------------------------------ */

static KcChartSpec *
sample_spec (void)
{
  const char *categories[] = { "2015年", "2016年", "2017年" };
  const double values[] = { 5.65, 6.5, -1.25 };
  KcChartSpec *spec = kc_chart_spec_new (KC_CHART_COLUMN);

  kc_chart_spec_set_title (spec, "研发费用加计扣除");
  kc_chart_spec_set_unit (spec, "亿元");
  kc_chart_spec_set_categories (spec, categories, 3);
  kc_chart_spec_add_series (spec, "减免所得税", values, 3);

  return spec;
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* The IHDR size and the pHYs resolution (pixels per metre) of a PNG. */
static void
read_png_header (GBytes  *png,
                 guint32 *width,
                 guint32 *height,
                 guint32 *ppm)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (png, &len);
  gsize pos = 8;

  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  *width = be32 (data + 16);
  *height = be32 (data + 20);
  *ppm = 0;
  while (pos + 12 <= len)
    {
      guint32 chunk_len = be32 (data + pos);

      if (memcmp (data + pos + 4, "pHYs", 4) == 0)
        {
          g_assert_cmpuint (*ppm, ==, 0);  /* only one */
          *ppm = be32 (data + pos + 8);
          g_assert_cmpuint (be32 (data + pos + 12), ==, *ppm);
        }
      pos += chunk_len + 12;
    }
  g_assert_cmpuint (pos, ==, len);
}

static void
test_render_png_sizes (void)
{
  g_autoptr(KcChartSpec) spec = sample_spec ();
  KcChartOptions options;
  const KcExportSize sizes[] = {
    { 1200, 628, KC_SIZE_UNIT_PX, 2, 300 },
    { 114, 80, KC_SIZE_UNIT_MM, 1, 300 },
    { 55, 60, KC_SIZE_UNIT_MM, 1, 150 },
  };

  kc_chart_options_init (&options, 100, 100);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = kc_export_size_render_chart (spec, &options, &sizes[i],
                                                           KC_CHART_FORMAT_PNG, &error);
      guint32 w, h, ppm;
      int ew, eh;
      cairo_surface_t *surface;

      g_assert_no_error (error);
      read_png_header (png, &w, &h, &ppm);
      kc_export_size_get_pixels (&sizes[i], &ew, &eh);
      g_assert_cmpuint (w, ==, ew);
      g_assert_cmpuint (h, ==, eh);
      /* The resolution makes it print at the size asked for. */
      if (sizes[i].unit == KC_SIZE_UNIT_MM)
        g_assert_cmpfloat_with_epsilon (w / (ppm * 0.001), sizes[i].width, 0.2);
      else
        g_assert_cmpuint (ppm, ==, (guint32) round (96 * sizes[i].scale / 0.0254));

      /* The file decodes at that size. */
      {
        gsize len;
        const guint8 *data = g_bytes_get_data (png, &len);
        g_autofree char *dir = kc_test_make_tmpdir ();
        g_autofree char *path = kc_test_write_file (dir, "x.png", data, len);

        surface = cairo_image_surface_create_from_png (path);
        g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
        g_assert_cmpint (cairo_image_surface_get_width (surface), ==, ew);
        cairo_surface_destroy (surface);
        kc_test_remove_tree (dir);
      }
    }
}

static void
test_render_svg_mm (void)
{
  g_autoptr(KcChartSpec) spec = sample_spec ();
  KcChartOptions options;
  KcExportSize mm = { 114, 80, KC_SIZE_UNIT_MM, 1, 300 };
  KcExportSize px = { 300, 200, KC_SIZE_UNIT_PX, 1, 300 };
  g_autoptr(GBytes) svg = NULL;
  g_autoptr(GBytes) svg_px = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_px = NULL;

  kc_chart_options_init (&options, 100, 100);
  svg = kc_export_size_render_chart (spec, &options, &mm, KC_CHART_FORMAT_SVG, NULL);
  text = g_strndup (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg));
  g_assert_nonnull (strstr (text, "width=\"114.000mm\" height=\"80.000mm\" viewBox=\"0 0 323"));
  g_assert_nonnull (strstr (text, "研发费用加计扣除"));

  svg_px = kc_export_size_render_chart (spec, &options, &px, KC_CHART_FORMAT_SVG, NULL);
  text_px = g_strndup (g_bytes_get_data (svg_px, NULL), g_bytes_get_size (svg_px));
  g_assert_nonnull (strstr (text_px, "width=\"300px\" height=\"200px\""));
}

/* ---- Chart data ------------------------------------------------------------ */

static void
test_chart_table (void)
{
  g_autoptr(KcChartSpec) spec = sample_spec ();
  g_autoptr(KcChartSpec) share = kc_chart_spec_new (KC_CHART_SHARE);
  g_autoptr(GPtrArray) rows = kc_chart_spec_dup_table (spec, KC_CHART_LANGUAGE_CHINESE);
  g_autoptr(GPtrArray) en = kc_chart_spec_dup_table (spec, KC_CHART_LANGUAGE_ENGLISH);
  g_autoptr(GPtrArray) share_rows = NULL;
  const char * const header[] = { "类别", "减免所得税（亿元）", NULL };
  const char * const header_en[] = { "Category", "减免所得税 (亿元)", NULL };
  const char * const last[] = { "2017年", "-1.25", NULL };

  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstrv (g_ptr_array_index (rows, 0), header);
  g_assert_cmpstrv (g_ptr_array_index (en, 0), header_en);
  g_assert_cmpstrv (g_ptr_array_index (rows, 3), last);

  kc_chart_spec_set_title (share, "比重");
  kc_chart_spec_set_share (share, 251.25, 429.49, NAN, "高新技术产业产值");
  share_rows = kc_chart_spec_dup_table (share, KC_CHART_LANGUAGE_ENGLISH);
  g_assert_cmpuint (share_rows->len, ==, 4);
  g_assert_cmpstr (((char **) g_ptr_array_index (share_rows, 1))[0], ==, "高新技术产业产值 (%)");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (((char **) g_ptr_array_index (share_rows, 1))[1], NULL),
                                  251.25 / 429.49 * 100, 1e-9);
  g_assert_cmpstr (((char **) g_ptr_array_index (share_rows, 2))[1], ==, "251.25");
}

/* ---- File names ---------------------------------------------------------- */

static void
test_file_name_suggest (void)
{
  static const struct
  {
    const char *title;
    const char *ext;
    const char *expected;
  } cases[] = {
    { "新产品产值率：2016年底与2017年1-2月", "png", "新产品产值率：2016年底与2017年1-2月.png" },
    { "Imports / exports: 2016?", "pdf", "Imports - exports- 2016.pdf" },
    { "a\\b*c\"d<e>f|g", "svg", "a-b-c-d-e-f-g.svg" },
    { "  spaced   out  ", "png", "spaced out.png" },
    { "...hidden", "png", "hidden.png" },
    { "trailing dots...", "csv", "trailing dots.csv" },
    { "tab\there\nnewline", "png", "tab here newline.png" },
    { "CON", "png", "CON_.png" },
    { "nul", "csv", "nul_.csv" },
    { "com7", "png", "com7_.png" },
    { "LPT1", "pdf", "LPT1_.pdf" },
    { "console", "png", "console.png" },
    { "COM10", "png", "COM10.png" },
    /* U+202E RIGHT-TO-LEFT OVERRIDE would show the name reversed. */
    { "chart\xE2\x80\xAEgnp.exe", "png", "chartgnp.exe.png" },
    { "zero\u200Bwidth", "png", "zerowidth.png" },
    { "", "png", "图表.png" },
    { "///", "png", "图表.png" },
    { "e\xCC\x81t\xC3\xA9", "png", "\xC3\xA9t\xC3\xA9.png" },  /* NFC */
    { "x", NULL, "x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = kc_file_name_suggest (cases[i].title, "图表", cases[i].ext);

      g_assert_cmpstr (name, ==, cases[i].expected);
    }

  /* Invalid UTF-8 and no fallback. */
  {
    g_autofree char *name = kc_file_name_suggest ("ab\xFF", NULL, "png");
    g_autofree char *empty = kc_file_name_suggest (NULL, NULL, "png");

    g_assert_true (g_utf8_validate (name, -1, NULL));
    g_assert_true (g_str_has_prefix (name, "ab"));
    g_assert_cmpstr (empty, ==, "chart.png");
  }
}

static void
test_file_name_length (void)
{
  GString *title = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *again = NULL;

  /* 100 Chinese characters are 300 bytes: cut at a character, keeping
   * the extension. */
  for (guint i = 0; i < 100; i++)
    g_string_append (title, "北");
  name = kc_file_name_suggest (title->str, NULL, "png");
  g_assert_cmpuint (strlen (name), <=, KC_FILE_NAME_MAX_BYTES);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_true (g_str_has_suffix (name, "北.png"));
  g_assert_cmpuint (strlen (name), ==, (KC_FILE_NAME_MAX_BYTES - 4) / 3 * 3 + 4);

  /* A cut that ends on a space or dot drops it. */
  g_string_assign (title, "");
  for (guint i = 0; i < 30; i++)
    g_string_append (title, "abc ");
  g_clear_pointer (&name, g_free);
  name = kc_file_name_suggest (title->str, NULL, "png");
  g_assert_cmpuint (strlen (name), <=, KC_FILE_NAME_MAX_BYTES);
  g_assert_false (g_str_has_suffix (name, " .png"));

  /* A suggestion is stable. */
  again = kc_file_name_suggest (name, NULL, NULL);
  g_assert_cmpstr (again, ==, name);
  g_string_free (title, TRUE);
}

static void
test_file_name_for_id (void)
{
  static const struct
  {
    const char *id;
    const char *expected;
  } cases[] = {
    { "kpi-new-product-rate", "kpi-new-product-rate.png" },
    { "tech_trade.v2", "tech_trade.v2.png" },
    { ".hidden", "-hidden.png" },
    { "a/b c", "a-b-c.png" },
    { "北仑-指标", "北仑-指标.png" },
    { "", "chart.png" },
    { "aux", "aux_.png" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = kc_file_name_for_id (cases[i].id, "png");

      g_assert_cmpstr (name, ==, cases[i].expected);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export-size/units", test_units);
  g_test_add_func ("/export-size/pixels", test_pixels);
  g_test_add_func ("/export-size/geometry", test_geometry);
  g_test_add_func ("/export-size/geometry-errors", test_geometry_errors);
  g_test_add_func ("/export-size/presets", test_presets);
  g_test_add_func ("/export-size/describe", test_describe);
  g_test_add_func ("/export-size/render-png-sizes", test_render_png_sizes);
  g_test_add_func ("/export-size/render-svg-mm", test_render_svg_mm);
  g_test_add_func ("/chart-data/table", test_chart_table);
  g_test_add_func ("/file-name/suggest", test_file_name_suggest);
  g_test_add_func ("/file-name/length", test_file_name_length);
  g_test_add_func ("/file-name/for-id", test_file_name_for_id);

  return g_test_run ();
}
