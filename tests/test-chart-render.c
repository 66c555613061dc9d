/* test-chart-render.c
 * Rendered pixels and exported files: backgrounds, bar heights, the
 * donut's arc, SVG and PDF text, the palette, and safe file writing. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "kc-chart-export.h"
#include "kc-chart-render.h"
#include "kc-chart-theme.h"
#include "kc-test-utils.h"

/* ---- Decoding ---------------------------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
} Reader;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  Reader *r = closure;

  if (r->pos + length > r->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, r->data + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png (GBytes *bytes)
{
  Reader r = { 0 };
  cairo_surface_t *surface;

  r.data = g_bytes_get_data (bytes, &r.len);
  surface = cairo_image_surface_create_from_png_stream (read_bytes, &r);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  /* cairo writes opaque images without an alpha channel. */
  g_assert_true (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32
                 || cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24);
  return surface;
}

typedef struct
{
  double r, g, b, a;
} Pixel;

/* Un-premultiplied colour of a pixel, components 0..1. */
static Pixel
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *row = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface);
  guint32 v;
  Pixel p;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  memcpy (&v, row + x * 4, 4);
  p.a = cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24 ? 1 : (v >> 24 & 0xff) / 255.0;
  p.r = p.a > 0 ? (v >> 16 & 0xff) / 255.0 / p.a : 0;
  p.g = p.a > 0 ? (v >> 8 & 0xff) / 255.0 / p.a : 0;
  p.b = p.a > 0 ? (v & 0xff) / 255.0 / p.a : 0;
  return p;
}

static gboolean
pixel_is (Pixel          p,
          const KcColor *c,
          double         tolerance)
{
  return p.a > 0.99 && fabs (p.r - c->r) <= tolerance && fabs (p.g - c->g) <= tolerance
         && fabs (p.b - c->b) <= tolerance;
}

/* ---- Specs ------------------------------------------------------------ */

static KcChartSpec *
platforms_spec (void)
{
  KcChartSpec *spec = kc_chart_spec_new (KC_CHART_COLUMN);
  static const char * const names[] = { "国家级", "省市级", "企业", "院士站" };
  static const double counts[] = { 2, 20, 128, 7 };

  kc_chart_spec_set_title (spec, "北仑区企业创新平台");
  kc_chart_spec_set_unit (spec, "家");
  kc_chart_spec_set_source (spec, "宁波日报");
  spec->kind = KC_VALUE_COUNT;
  kc_chart_spec_set_categories (spec, names, 4);
  kc_chart_spec_add_series (spec, NULL, counts, 4);
  return spec;
}

static KcChartSpec *
share_spec (void)
{
  KcChartSpec *spec = kc_chart_spec_new (KC_CHART_SHARE);

  kc_chart_spec_set_title (spec, "高新技术产业产值占规上工业产值比重");
  kc_chart_spec_set_source (spec, "宁波日报");
  kc_chart_spec_set_share (spec, NAN, NAN, 58.5, "高新技术产业产值");
  return spec;
}

/* The dataset's six kinds of innovation platform as bars, in Chinese. */
static KcChartSpec *
platform_bars_spec (void)
{
  static const char * const names[] = {
    "国家级企业工程技术中心", "省市级企业研究院", "企业工程技术中心",
    "省市级企业院士工作站", "建立研究院的企业", "联合高校院所打造的区域创新载体",
  };
  static const double values[] = { 2, 20, 128, 7, 14, 14 };
  KcChartSpec *spec = kc_chart_spec_new (KC_CHART_BAR);

  kc_chart_spec_set_title (spec, "企业创新平台");
  kc_chart_spec_set_unit (spec, "家");
  kc_chart_spec_set_categories (spec, names, G_N_ELEMENTS (names));
  kc_chart_spec_add_series (spec, NULL, values, G_N_ELEMENTS (values));
  return spec;
}

static KcChartSpec *
rate_spec (void)
{
  KcChartSpec *spec = kc_chart_spec_new (KC_CHART_LINE);
  static const char * const periods[] = { "2016年末", "2017年1-2月" };
  static const double rate[] = { 27.8, 30 };

  kc_chart_spec_set_title (spec, "新产品产值率 New-product rate");
  kc_chart_spec_set_unit (spec, "%");
  kc_chart_spec_set_source (spec, "宁波日报");
  spec->kind = KC_VALUE_RATIO;
  kc_chart_spec_set_categories (spec, periods, 2);
  kc_chart_spec_add_series (spec, NULL, rate, 2);
  return spec;
}

static KcChartLayout *
layout_of (const KcChartSpec    *spec,
           const KcChartOptions *options)
{
  KcChartLayout *layout = kc_chart_layout_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (surface);

  kc_chart_render (cr, spec, options, layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return layout;
}

static cairo_surface_t *
export_png (const KcChartSpec    *spec,
            const KcChartOptions *options,
            double                scale)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = kc_chart_export_to_bytes (spec, options, KC_CHART_FORMAT_PNG, scale, &error);

  g_assert_no_error (error);
  return decode_png (bytes);
}

/* ---- Pixels ----------------------------------------------------------- */

static void
test_backgrounds (void)
{
  g_autoptr(KcChartSpec) spec = platforms_spec ();
  const KcChartThemeColors *dark = kc_chart_theme_get_colors (KC_CHART_THEME_DARK);
  KcChartOptions options;
  cairo_surface_t *s;
  Pixel p;

  kc_chart_options_init (&options, 400, 300);
  s = export_png (spec, &options, 1);
  p = pixel_at (s, 1, 1);
  g_assert_true (pixel_is (p, &kc_chart_theme_get_colors (KC_CHART_THEME_LIGHT)->background, 0.002));
  g_assert_cmpfloat (p.r, ==, 1);
  cairo_surface_destroy (s);

  options.theme = KC_CHART_THEME_DARK;
  s = export_png (spec, &options, 1);
  p = pixel_at (s, 1, 1);
  g_assert_true (pixel_is (p, &dark->background, 0.002));
  g_assert_cmpfloat (kc_color_luminance (&(KcColor) { p.r, p.g, p.b, 1 }), <, 0.05);
  p = pixel_at (s, 398, 298);
  g_assert_true (pixel_is (p, &dark->background, 0.002));
  cairo_surface_destroy (s);

  options.transparent = TRUE;
  s = export_png (spec, &options, 1);
  g_assert_cmpfloat (pixel_at (s, 1, 1).a, ==, 0);
  g_assert_cmpfloat (pixel_at (s, 399, 299).a, ==, 0);
  cairo_surface_destroy (s);
}

/* The top and bottom rows of the run of @color pixels in column @x. */
static gboolean
column_extent (cairo_surface_t *s,
               int              x,
               const KcColor   *color,
               int             *top,
               int             *bottom)
{
  int h = cairo_image_surface_get_height (s);

  *top = -1;
  *bottom = -1;
  for (int y = 0; y < h; y++)
    if (pixel_is (pixel_at (s, x, y), color, 0.02))
      {
        if (*top < 0)
          *top = y;
        *bottom = y;
      }

  return *top >= 0;
}

static void
check_column_heights (double scale)
{
  g_autoptr(KcChartSpec) spec = platforms_spec ();
  g_autoptr(KcChartLayout) layout = NULL;
  guint n_palette;
  const KcColor *blue = &kc_chart_default_palette (KC_CHART_THEME_LIGHT, &n_palette)[0];
  KcChartOptions options;
  cairo_surface_t *s;
  KcChartRect plot;
  double v0, v1;
  gboolean horizontal;
  double heights[4];

  kc_chart_options_init (&options, 800, 600);
  options.language = KC_CHART_LANGUAGE_CHINESE;
  layout = layout_of (spec, &options);
  s = export_png (spec, &options, scale);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 800 * scale);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 600 * scale);

  g_assert_true (kc_chart_layout_get_plot_area (layout, &plot, &v0, &v1, &horizontal));
  g_assert_false (horizontal);
  g_assert_cmpfloat (v0, ==, 0);

  for (guint i = 0; i < 4; i++)
    {
      int index = kc_chart_layout_lookup_point (layout, 0, i);
      const KcChartPoint *p;
      double value = spec->series[0].values[i];
      double expected_top, baseline;
      int top, bottom;

      g_assert_cmpint (index, >=, 0);
      p = kc_chart_layout_get_point (layout, index);
      expected_top = plot.y + plot.height * (1 - (value - v0) / (v1 - v0));
      baseline = plot.y + plot.height;
      g_assert_cmpfloat_with_epsilon (p->y, expected_top, 0.01);

      g_assert_true (column_extent (s, (int) (p->x * scale), blue, &top, &bottom));
      /* Within a pixel of where the value puts it; the zero line covers
       * the column's last pixel row or two. */
      g_assert_cmpfloat (fabs (top - expected_top * scale), <=, 1.0 + scale * 0.5);
      g_assert_cmpfloat (fabs ((bottom + 1) - baseline * scale), <=, 2.0 * scale + 1);
      heights[i] = (baseline * scale) - top;
    }

  /* Heights are proportional to the values. */
  g_assert_cmpfloat (fabs (heights[1] / heights[2] - 20.0 / 128), <, 0.02);
  g_assert_cmpfloat (fabs (heights[3] / heights[2] - 7.0 / 128), <, 0.02);

  cairo_surface_destroy (s);
}

static void
test_column_height (void)
{
  check_column_heights (1);
}

static void
test_column_height_scaled (void)
{
  check_column_heights (2);
}

static void
test_export_scale_size (void)
{
  g_autoptr(KcChartSpec) spec = rate_spec ();
  KcChartOptions options;
  cairo_surface_t *s;

  kc_chart_options_init (&options, 1200, 800);
  s = export_png (spec, &options, 2);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 2400);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 1600);
  cairo_surface_destroy (s);
}

static void
test_donut_arc (void)
{
  g_autoptr(KcChartSpec) spec = share_spec ();
  g_autoptr(KcChartLayout) layout = NULL;
  guint n_palette;
  const KcColor *blue = &kc_chart_default_palette (KC_CHART_THEME_LIGHT, &n_palette)[0];
  const KcColor *track = &kc_chart_theme_get_colors (KC_CHART_THEME_LIGHT)->track;
  KcChartOptions options;
  cairo_surface_t *s;
  double cx, cy, ro, ri, r;
  guint coloured = 0, grey = 0, samples = 3600;

  kc_chart_options_init (&options, 800, 600);
  layout = layout_of (spec, &options);
  s = export_png (spec, &options, 1);
  g_assert_true (kc_chart_layout_get_ring (layout, &cx, &cy, &ro, &ri));
  g_assert_cmpfloat (ro - ri, >, 20);
  r = (ro + ri) / 2;

  for (guint i = 0; i < samples; i++)
    {
      /* Clockwise from twelve o'clock, as the arc is drawn. */
      double a = -G_PI / 2 + 2 * G_PI * (i + 0.5) / samples;
      Pixel p = pixel_at (s, (int) (cx + r * cos (a)), (int) (cy + r * sin (a)));

      if (pixel_is (p, blue, 0.02))
        coloured++;
      else if (pixel_is (p, track, 0.02))
        grey++;
    }

  g_assert_cmpuint (coloured + grey, >=, samples - 8);
  g_assert_cmpfloat_with_epsilon ((double) coloured / samples, 0.585, 0.003);

  /* It starts at twelve o'clock and runs clockwise. */
  g_assert_true (pixel_is (pixel_at (s, (int) (cx + 6), (int) (cy - r)), blue, 0.02));
  g_assert_true (pixel_is (pixel_at (s, (int) (cx - 6), (int) (cy - r)), track, 0.02));
  g_assert_true (pixel_is (pixel_at (s, (int) (cx + r), (int) cy), blue, 0.02));
  g_assert_true (pixel_is (pixel_at (s, (int) (cx - r), (int) cy), track, 0.02));

  /* The percentage is written in the middle. */
  g_assert_cmpstr (kc_chart_layout_find_role (layout, KC_CHART_TEXT_SHARE_VALUE)->text, ==, "58.5%");
  cairo_surface_destroy (s);
}

static void
test_spike_survives_decimation (void)
{
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_LINE);
  g_autoptr(KcChartLayout) layout = NULL;
  guint n = 1000000, n_palette;
  g_autofree double *values = g_new (double, n);
  const KcColor *blue = &kc_chart_default_palette (KC_CHART_THEME_LIGHT, &n_palette)[0];
  KcChartOptions options;
  cairo_surface_t *s;
  KcChartRect plot;
  double v0, v1, spike_y;
  gboolean found = FALSE;

  for (guint i = 0; i < n; i++)
    values[i] = sin (i / 5000.0);
  values[654321] = 50;
  kc_chart_spec_set_title (spec, "Spike");
  kc_chart_spec_add_series (spec, NULL, values, n);
  kc_chart_options_init (&options, 1200, 800);
  layout = layout_of (spec, &options);
  s = export_png (spec, &options, 1);
  g_assert_true (kc_chart_layout_get_plot_area (layout, &plot, &v0, &v1, NULL));
  spike_y = plot.y + plot.height * (1 - (50 - v0) / (v1 - v0));
  g_assert_cmpfloat (spike_y, <, plot.y + plot.height * 0.5);

  /* A million points make a few thousand vertices, but the single high
   * value still reaches its height, and nothing goes beyond it. */
  for (int y = (int) spike_y - 1; y <= spike_y + 2 && !found; y++)
    for (int x = (int) plot.x; x < plot.x + plot.width && !found; x++)
      found = pixel_is (pixel_at (s, x, y), blue, 0.1);
  g_assert_true (found);
  for (int y = (int) plot.y; y < spike_y - 3; y++)
    for (int x = (int) plot.x; x < plot.x + plot.width; x++)
      g_assert_false (pixel_is (pixel_at (s, x, y), blue, 0.1));
  cairo_surface_destroy (s);
}

/* Whether the line of @color passes through the middle of the segment
 * from point @a to point @b. */
static gboolean
joined (cairo_surface_t     *s,
        const KcChartLayout *layout,
        guint                a,
        guint                b,
        const KcColor       *color)
{
  const KcChartPoint *pa = kc_chart_layout_get_point (layout, a);
  const KcChartPoint *pb = kc_chart_layout_get_point (layout, b);
  int x = (int) ((pa->x + pb->x) / 2);
  int y = (int) ((pa->y + pb->y) / 2);

  for (int dy = -2; dy <= 2; dy++)
    if (pixel_is (pixel_at (s, x, y + dy), color, 0.1))
      return TRUE;
  return FALSE;
}

/* Output over 2015 and 2016, then over Jan–Feb and Jan–Mar 2017: the line
 * does not fall from a year to two months, which may be flows; it does
 * run from Jan–Feb to Jan–Mar (a running total) and between the years.
 * A rate joins them all, and so does an area. */
static void
test_line_joins_like_spans (void)
{
  static const char * const texts[] = { "2015", "2016", "2017-01..02", "2017-01..03" };
  static const double output[] = { 1150, 1200, 251.25, 400 };
  guint n_palette;
  const KcColor *blue = &kc_chart_default_palette (KC_CHART_THEME_LIGHT, &n_palette)[0];

  for (int kind = KC_VALUE_AMOUNT; kind <= KC_VALUE_RATIO; kind++)
    {
      g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_LINE);
      g_autoptr(KcChartLayout) layout = NULL;
      KcPeriod *periods = g_new (KcPeriod, G_N_ELEMENTS (texts));
      KcChartOptions options;
      cairo_surface_t *s;

      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        g_assert_true (kc_period_parse (texts[i], -1, &periods[i]));
      kc_chart_spec_set_title (spec, "新产品产值 New-product output");
      kc_chart_spec_set_unit (spec, "亿元");
      spec->kind = kind;
      kc_chart_spec_take_periods (spec, periods, G_N_ELEMENTS (texts), KC_PERIOD_STYLE_CHINESE);
      kc_chart_spec_add_series (spec, NULL, output, G_N_ELEMENTS (output));
      kc_chart_options_init (&options, 800, 600);
      layout = layout_of (spec, &options);
      s = export_png (spec, &options, 1);
      g_assert_cmpuint (kc_chart_layout_get_n_points (layout), ==, 4);

      g_assert_true (joined (s, layout, 0, 1, blue));
      g_assert_true (joined (s, layout, 2, 3, blue));
      if (kind == KC_VALUE_AMOUNT)
        g_assert_false (joined (s, layout, 1, 2, blue));
      else
        g_assert_true (joined (s, layout, 1, 2, blue));
      cairo_surface_destroy (s);

      /* An area keeps its points together: a lone one would not show. */
      spec->type = KC_CHART_AREA;
      g_clear_pointer (&layout, kc_chart_layout_free);
      layout = layout_of (spec, &options);
      s = export_png (spec, &options, 1);
      g_assert_true (joined (s, layout, 1, 2, blue));
      cairo_surface_destroy (s);
    }
}

static gboolean
inside_rect (const KcChartRect *r,
             int                x,
             int                y)
{
  return x + 1 > r->x && x < r->x + r->width && y + 1 > r->y && y < r->y + r->height;
}

/* A KPI card at the dashboard's size, with "▲ 2.2 pp vs 2016" and a
 * sparkline: the sparkline is drawn, in the series colour, and only
 * within the box the layout gives for it (text aside: the change line
 * may share the colour). */
static void
test_kpi_sparkline_in_its_box (void)
{
  g_autoptr(KcChartSpec) spec = rate_spec ();
  g_autoptr(KcChartLayout) layout = NULL;
  guint n_palette, inside = 0;
  const KcColor *blue = &kc_chart_default_palette (KC_CHART_THEME_LIGHT, &n_palette)[0];
  KcChartOptions options;
  KcChartRect spark;
  cairo_surface_t *s;

  spec->type = KC_CHART_KPI;
  kc_chart_spec_set_kpi (spec, NAN, NULL, "2017年1-2月", 2.2, KC_CHANGE_POINTS, "较去年年底");
  kc_chart_options_init (&options, 340, 180);
  options.language = KC_CHART_LANGUAGE_ENGLISH;
  layout = layout_of (spec, &options);
  s = export_png (spec, &options, 1);
  g_assert_true (kc_chart_layout_get_sparkline (layout, &spark));

  for (int y = 0; y < 180; y++)
    for (int x = 0; x < 340; x++)
      {
        gboolean in_text = FALSE;

        if (!pixel_is (pixel_at (s, x, y), blue, 0.1))
          continue;
        if (inside_rect (&spark, x, y))
          {
            inside++;
            continue;
          }
        for (guint i = 0; i < kc_chart_layout_get_n_boxes (layout) && !in_text; i++)
          in_text = inside_rect (&kc_chart_layout_get_box (layout, i)->rect, x, y);
        if (!in_text)
          g_error ("a sparkline pixel at %d,%d is outside its box %.1f,%.1f %.1f×%.1f",
                   x, y, spark.x, spark.y, spark.width, spark.height);
      }
  /* The line and its end dot, not a stray pixel. */
  g_assert_cmpuint (inside, >=, (guint) spark.width / 2);
  cairo_surface_destroy (s);
}

/* Six named bars in a small card, in Chinese, whose lines are taller
 * than the digits': every bar keeps its name, a little smaller, rather
 * than every other one losing it. */
static void
test_bar_names_all_shown (void)
{
  static const double values[] = { 2, 20, 128, 7, 14, 14 };
  g_autoptr(KcChartSpec) spec = platform_bars_spec ();
  g_autoptr(KcChartLayout) layout = NULL;
  KcChartOptions options;

  /* As small as a card of the dashboard poster. */
  kc_chart_options_init (&options, 250, 120);
  options.language = KC_CHART_LANGUAGE_CHINESE;
  options.show_footer = FALSE;
  layout = layout_of (spec, &options);
  g_assert_cmpuint (kc_chart_layout_count_role (layout, KC_CHART_TEXT_CATEGORY), ==, 6);
  /* And every bar's figure, though the names had to be made smaller. */
  g_assert_cmpuint (kc_chart_layout_count_role (layout, KC_CHART_TEXT_DATA_LABEL), ==, 6);

  /* The English names, on cards from small to large: whenever every bar
   * has its name, it has its figure too. */
  {
    static const char * const english[] = {
      "National enterprise engineering-technology centres",
      "Provincial or municipal enterprise research institutes",
      "Enterprise engineering-technology centres",
      "Provincial or municipal academician workstations",
      "Enterprises with a research institute",
      "Regional innovation carriers built with universities and institutes",
    };
    guint n_cases = 0;

    kc_chart_spec_set_categories (spec, english, G_N_ELEMENTS (english));
    kc_chart_spec_set_title (spec, "Enterprise innovation platforms");
    kc_chart_spec_set_subtitle (spec, "2017");
    options.language = KC_CHART_LANGUAGE_ENGLISH;
    for (double w = 160; w <= 320; w += 3)
      for (double h = 90; h <= 200; h += 2.5)
        {
          g_clear_pointer (&layout, kc_chart_layout_free);
          options.width = w;
          options.height = h;
          layout = layout_of (spec, &options);
          if (kc_chart_layout_count_role (layout, KC_CHART_TEXT_CATEGORY) < G_N_ELEMENTS (english))
            continue;
          if (kc_chart_layout_count_role (layout, KC_CHART_TEXT_DATA_LABEL) != G_N_ELEMENTS (values))
            g_error ("%g × %g: %u figures for %u bars", w, h,
                     kc_chart_layout_count_role (layout, KC_CHART_TEXT_DATA_LABEL),
                     (guint) G_N_ELEMENTS (values));
          n_cases++;
        }
    g_assert_cmpuint (n_cases, >, 100);
  }
}

/* Two columns of 565 and 650 million yuan in a short card: the value
 * axis ends at 1,000, not at 2,000 or 5,000 to make room for the labels,
 * which would leave the columns a third or less of the height. */
static void
test_short_columns_keep_their_axis (void)
{
  static const char * const years[] = { "2015", "2016" };
  static const double values[] = { 5.65, 6.5 };
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_COLUMN);

  kc_chart_spec_set_title (spec, "Income tax relief from the R&D super-deduction");
  kc_chart_spec_set_unit (spec, "亿元");
  spec->kind = KC_VALUE_AMOUNT;
  kc_chart_spec_set_categories (spec, years, 2);
  kc_chart_spec_add_series (spec, NULL, values, 2);

  for (double h = 90; h <= 130; h += 10)
    {
      g_autoptr(KcChartLayout) layout = NULL;
      const KcChartTextBox *top = NULL;
      KcChartOptions options;

      kc_chart_options_init (&options, 360, h);
      options.language = KC_CHART_LANGUAGE_ENGLISH;
      options.show_footer = FALSE;
      layout = layout_of (spec, &options);
      for (guint i = 0; i < kc_chart_layout_get_n_boxes (layout); i++)
        {
          const KcChartTextBox *box = kc_chart_layout_get_box (layout, i);

          if (box->role == KC_CHART_TEXT_TICK && (top == NULL || box->rect.y < top->rect.y))
            top = box;
        }
      g_assert_nonnull (top);
      if (!g_str_equal (top->text, "1,000"))
        g_error ("360×%g: the axis ends at %s", h, top->text);
    }
}

/* A chosen palette colours a KPI card's change too: with a grey palette
 * no blue is left on the card. */
static void
test_kpi_change_follows_palette (void)
{
  static const KcColor greys[] = { { 0.25, 0.25, 0.25, 1 }, { 0.55, 0.55, 0.55, 1 } };
  g_autoptr(KcChartSpec) spec = rate_spec ();
  g_autoptr(KcChartLayout) layout = NULL;
  const KcChartThemeColors *colors = kc_chart_theme_get_colors (KC_CHART_THEME_LIGHT);
  const KcChartTextBox *change;
  KcChartOptions options;
  guint grey = 0;
  cairo_surface_t *s;

  spec->type = KC_CHART_KPI;
  kc_chart_spec_set_kpi (spec, NAN, NULL, "2017年1-2月", 2.2, KC_CHANGE_POINTS, "较去年年底");
  kc_chart_options_init (&options, 340, 180);
  options.language = KC_CHART_LANGUAGE_ENGLISH;
  options.palette = greys;
  options.n_palette = G_N_ELEMENTS (greys);
  layout = layout_of (spec, &options);
  s = export_png (spec, &options, 1);
  change = kc_chart_layout_find_role (layout, KC_CHART_TEXT_KPI_CHANGE);
  g_assert_nonnull (change);

  for (int y = 0; y < 180; y++)
    for (int x = 0; x < 340; x++)
      {
        Pixel p = pixel_at (s, x, y);

        if (pixel_is (p, &colors->up, 0.12))
          g_error ("a pixel at %d,%d has the theme's blue for a rise", x, y);
        if (x >= change->rect.x && x < change->rect.x + change->rect.width
            && y >= change->rect.y && y < change->rect.y + change->rect.height
            && pixel_is (p, &greys[0], 0.05))
          grey++;
      }
  /* The mark and the figure are in the palette's first colour. */
  g_assert_cmpuint (grey, >, 10);
  cairo_surface_destroy (s);
}

/* Bar labels cut to one line: two that start alike ("Provincial or
 * municipal …") must not come out alike, as they did when cut at the end. */
static void
test_bar_labels_cut_apart (void)
{
  static const char * const names[] = {
    "National enterprise technology centres",
    "Provincial or municipal enterprise research institutes",
    "Enterprise engineering technology centres",
    "Provincial or municipal academician workstations",
    "Enterprises with overseas R&D centres",
    "Regional innovation service platforms",
  };
  static const double values[] = { 2, 20, 128, 7, 14, 14 };
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_BAR);
  g_autoptr(KcChartLayout) layout = NULL;
  const KcChartTextBox *boxes[2] = { NULL, NULL };
  KcChartOptions options;
  cairo_surface_t *s;
  guint differ = 0;

  kc_chart_spec_set_title (spec, "Enterprise innovation platforms");
  kc_chart_spec_set_categories (spec, names, G_N_ELEMENTS (names));
  kc_chart_spec_add_series (spec, NULL, values, G_N_ELEMENTS (values));
  /* As on the dashboard poster: six bars in a small card, too close
   * for two lines of names. */
  kc_chart_options_init (&options, 260, 90);
  options.language = KC_CHART_LANGUAGE_ENGLISH;
  options.show_title = FALSE;
  options.show_footer = FALSE;
  layout = layout_of (spec, &options);
  s = export_png (spec, &options, 1);

  for (guint i = 0; i < kc_chart_layout_get_n_boxes (layout); i++)
    {
      const KcChartTextBox *box = kc_chart_layout_get_box (layout, i);

      if (box->role != KC_CHART_TEXT_CATEGORY)
        continue;
      if (g_str_equal (box->text, names[1]))
        boxes[0] = box;
      else if (g_str_equal (box->text, names[3]))
        boxes[1] = box;
    }
  g_assert_nonnull (boxes[0]);
  g_assert_nonnull (boxes[1]);
  /* Cut to one line, both of them. */
  g_assert_cmpfloat (boxes[0]->rect.height, <, boxes[0]->font_size * 2);
  g_assert_cmpfloat (boxes[1]->rect.height, <, boxes[1]->font_size * 2);
  g_assert_true (boxes[0]->cut);
  g_assert_true (boxes[1]->cut);

  /* The two labels' pixels, each from its box's top right corner. */
  for (int dy = 0; dy < (int) MIN (boxes[0]->rect.height, boxes[1]->rect.height); dy++)
    for (int dx = 1; dx <= (int) MIN (boxes[0]->rect.width, boxes[1]->rect.width); dx++)
      {
        Pixel a = pixel_at (s, (int) (boxes[0]->rect.x + boxes[0]->rect.width) - dx, (int) boxes[0]->rect.y + dy);
        Pixel b = pixel_at (s, (int) (boxes[1]->rect.x + boxes[1]->rect.width) - dx, (int) boxes[1]->rect.y + dy);

        differ += fabs (a.r - b.r) + fabs (a.g - b.g) + fabs (a.b - b.b) > 0.3;
      }
  g_assert_cmpuint (differ, >, 20);
  cairo_surface_destroy (s);
}

/* Long names of few bars wrap rather than lose their ends, at a smaller
 * size if need be: three indicators' English names in a small card. */
static void
test_bar_names_wrap (void)
{
  static const char * const names[] = {
    "High-tech enterprises listed on a main board",
    "Technology enterprises quoted on the NEEQ",
    "Technology start-ups listed on a regional equity exchange",
  };
  static const double values[] = { 8, 7, 69 };
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_BAR);
  g_autoptr(KcChartLayout) layout = NULL;
  KcChartOptions options;
  guint n = 0, n_wrapped = 0;

  kc_chart_spec_set_categories (spec, names, G_N_ELEMENTS (names));
  kc_chart_spec_add_series (spec, NULL, values, G_N_ELEMENTS (values));
  /* Too short for two lines at the names' full size. */
  kc_chart_options_init (&options, 360, 80);
  options.language = KC_CHART_LANGUAGE_ENGLISH;
  options.show_title = FALSE;
  options.show_footer = FALSE;
  layout = layout_of (spec, &options);

  for (guint i = 0; i < kc_chart_layout_get_n_boxes (layout); i++)
    {
      const KcChartTextBox *box = kc_chart_layout_get_box (layout, i);

      if (box->role != KC_CHART_TEXT_CATEGORY)
        continue;
      g_test_message ("%s: %.1f × %.1f at %.2f%s", box->text, box->rect.width, box->rect.height,
                      box->font_size, box->cut ? ", cut" : "");
      g_assert_false (box->cut);
      n_wrapped += box->rect.height > box->font_size * 1.9;
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (names));
  g_assert_cmpuint (n_wrapped, >, 0);
}

/* A title a word too long for two lines takes a smaller size, not an
 * ellipsis; one far too long is still cut. */
static void
test_title_shrinks_to_fit (void)
{
  static const char *titles[] = {
    "Innovation",
    "New-product output rate: end of 2016 and Jan–Feb 2017",
    "New-product output rate: end of 2016 and Jan–Feb 2017, with the same months of every year "
    "since the district began to count",
  };
  static const double values[] = { 27.8, 30 };
  static const char * const names[] = { "2016", "Jan–Feb 2017" };
  double sizes[G_N_ELEMENTS (titles)];
  gboolean cut[G_N_ELEMENTS (titles)];

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_COLUMN);
      g_autoptr(KcChartLayout) layout = NULL;
      const KcChartTextBox *box;
      KcChartOptions options;

      kc_chart_spec_set_title (spec, titles[i]);
      kc_chart_spec_set_categories (spec, names, G_N_ELEMENTS (names));
      kc_chart_spec_add_series (spec, NULL, values, G_N_ELEMENTS (values));
      /* The second title takes two lines and a word at this width. */
      kc_chart_options_init (&options, 170, 300);
      options.language = KC_CHART_LANGUAGE_ENGLISH;
      options.show_footer = FALSE;
      layout = layout_of (spec, &options);
      box = kc_chart_layout_find_role (layout, KC_CHART_TEXT_TITLE);
      g_assert_nonnull (box);
      sizes[i] = box->font_size;
      cut[i] = box->cut;
      g_test_message ("title %u: %.2f %.1f%s", i, sizes[i], box->rect.height, cut[i] ? ", cut" : "");
    }
  g_assert_false (cut[0]);
  g_assert_false (cut[1]);
  g_assert_cmpfloat (sizes[1], <, sizes[0]);
  g_assert_cmpfloat (sizes[1], >=, sizes[0] * 0.875);
  g_assert_true (cut[2]);
  g_assert_cmpfloat (sizes[2], ==, sizes[0]);
}

/* Six bars in a poster's narrow cell, in Chinese: the unit goes beside
 * the subtitle rather than on a line of its own, and every bar keeps its
 * name and figure (every other name, and no figures, before). */
static void
test_bar_unit_beside_subtitle (void)
{
  g_autoptr(KcChartSpec) spec = platform_bars_spec ();
  g_autoptr(KcChartLayout) layout = NULL;
  const KcChartTextBox *subtitle, *unit;
  KcChartOptions options;

  kc_chart_spec_set_subtitle (spec, "2017年");
  /* The Chinese A4 poster's cell. */
  kc_chart_options_init (&options, 169, 122.8);
  options.language = KC_CHART_LANGUAGE_CHINESE;
  options.show_footer = FALSE;
  layout = layout_of (spec, &options);

  g_assert_cmpuint (kc_chart_layout_count_role (layout, KC_CHART_TEXT_CATEGORY), ==, 6);
  g_assert_cmpuint (kc_chart_layout_count_role (layout, KC_CHART_TEXT_DATA_LABEL), ==, 6);
  subtitle = kc_chart_layout_find_role (layout, KC_CHART_TEXT_SUBTITLE);
  unit = kc_chart_layout_find_role (layout, KC_CHART_TEXT_AXIS_TITLE);
  g_assert_nonnull (subtitle);
  g_assert_nonnull (unit);
  g_assert_cmpstr (unit->text, ==, "单位：家");
  /* On the subtitle's line, at its end. */
  g_assert_cmpfloat (fabs ((unit->rect.y + unit->rect.height) - (subtitle->rect.y + subtitle->rect.height)), <, 0.5);
  g_assert_cmpfloat (unit->rect.x, >, subtitle->rect.x + subtitle->rect.width);
}

/* In a poster's cell, a title's second line says what the chart shows:
 * the body gives up some height before the title is cut to one line
 * (高新技术产业产值占规上… lost the share it is about). */
static void
test_title_keeps_second_line (void)
{
  g_autoptr(KcChartSpec) spec = share_spec ();
  g_autoptr(KcChartLayout) layout = NULL;
  const KcChartTextBox *title;
  KcChartOptions options;
  double cx, cy, outer, inner;

  kc_chart_spec_set_subtitle (spec, "2017年1-2月");
  /* The Chinese A4 poster's cell. */
  kc_chart_options_init (&options, 169, 122.8);
  options.language = KC_CHART_LANGUAGE_CHINESE;
  options.show_footer = FALSE;
  layout = layout_of (spec, &options);
  title = kc_chart_layout_find_role (layout, KC_CHART_TEXT_TITLE);
  g_assert_nonnull (title);
  g_assert_false (title->cut);
  g_assert_cmpfloat (title->rect.height, >, title->font_size * 1.9);
  /* The donut is smaller for it, not gone. */
  g_assert_true (kc_chart_layout_get_ring (layout, &cx, &cy, &outer, &inner));
  g_assert_cmpfloat (outer, >, 15);
}

/* A daily series carries its periods, not a label per point: the labels
 * the axis shows are formatted when drawn, in the spec's style. */
static void
test_period_categories (void)
{
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_LINE);
  g_autoptr(KcChartSpec) copy = NULL;
  g_autoptr(KcChartLayout) layout = NULL;
  g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_JANUARY, 2017);
  guint n = 1000;
  KcPeriod *periods = g_new0 (KcPeriod, n);
  g_autofree double *values = g_new (double, n);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *expected_last = NULL;
  g_autofree char *numbered = NULL;
  KcChartOptions options;
  gboolean last_drawn = FALSE;

  for (guint i = 0; i < n; i++)
    {
      periods[i].year = g_date_get_year (date);
      periods[i].kind = KC_PERIOD_DAY;
      periods[i].first_month = periods[i].last_month = g_date_get_month (date);
      periods[i].day = g_date_get_day (date);
      values[i] = i % 7;
      g_date_add_days (date, 1);
    }
  expected_last = g_strdup_printf ("%d年%d月%d日", periods[n - 1].year, periods[n - 1].first_month,
                                   periods[n - 1].day);

  kc_chart_spec_set_title (spec, "Daily");
  kc_chart_spec_take_periods (spec, periods, n, KC_PERIOD_STYLE_CHINESE);
  kc_chart_spec_add_series (spec, NULL, values, n);
  g_assert_cmpuint (kc_chart_spec_get_n_points (spec), ==, n);
  first = kc_chart_spec_dup_category (spec, 0);
  last = kc_chart_spec_dup_category (spec, n - 1);
  g_assert_cmpstr (first, ==, "2017年1月1日");
  g_assert_cmpstr (last, ==, expected_last);

  copy = kc_chart_spec_copy (spec);
  g_assert_nonnull (copy->periods);
  g_assert_true (copy->periods != spec->periods);
  g_free (last);
  last = kc_chart_spec_dup_category (copy, n - 1);
  g_assert_cmpstr (last, ==, expected_last);

  /* The latest period is always labelled under the axis. */
  kc_chart_options_init (&options, 1200, 800);
  options.language = KC_CHART_LANGUAGE_CHINESE;
  layout = layout_of (spec, &options);
  g_assert_cmpuint (kc_chart_layout_count_role (layout, KC_CHART_TEXT_CATEGORY), >=, 3);
  for (guint i = 0; i < kc_chart_layout_get_n_boxes (layout); i++)
    {
      const KcChartTextBox *box = kc_chart_layout_get_box (layout, i);

      if (box->role == KC_CHART_TEXT_CATEGORY && g_str_equal (box->text, expected_last))
        last_drawn = TRUE;
    }
  g_assert_true (last_drawn);

  /* Labels replace the periods. */
  kc_chart_spec_set_categories (copy, NULL, 3);
  g_assert_null (copy->periods);
  numbered = kc_chart_spec_dup_category (copy, 2);
  g_assert_cmpstr (numbered, ==, "3");
}

/* ---- The palette ------------------------------------------------------ */

static double
linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
lab_f (double t)
{
  return t > 0.008856 ? cbrt (t) : 7.787 * t + 16.0 / 116;
}

/* CIE L*a*b* of a colour as seen with the given colour-vision matrix
 * (Machado, Oliveira & Fernandes 2009, severity 1) on linear RGB. */
static void
simulated_lab (const KcColor *c,
               const double   m[3][3],
               double         lab[3])
{
  double rgb[3] = { linear (c->r), linear (c->g), linear (c->b) };
  double s[3], x, y, z;

  for (guint i = 0; i < 3; i++)
    s[i] = CLAMP (m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2], 0, 1);
  x = (0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2]) / 0.95047;
  y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
  z = (0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2]) / 1.08883;
  lab[0] = 116 * lab_f (y) - 16;
  lab[1] = 500 * (lab_f (x) - lab_f (y));
  lab[2] = 200 * (lab_f (y) - lab_f (z));
}

static void
test_palette_colour_blind_safe (void)
{
  static const double vision[4][3][3] = {
    { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
    { { 0.152286, 1.052583, -0.204868 }, { 0.114503, 0.786281, 0.099216 }, { -0.003882, -0.048116, 1.051998 } },
    { { 0.367322, 0.860646, -0.227968 }, { 0.280085, 0.672501, 0.047413 }, { -0.011820, 0.042940, 0.968881 } },
    { { 1.255528, -0.076749, -0.178779 }, { -0.078411, 0.930809, 0.147602 }, { 0.004733, 0.691367, 0.303900 } },
  };

  for (int theme = KC_CHART_THEME_LIGHT; theme <= KC_CHART_THEME_DARK; theme++)
    {
      guint n;
      const KcColor *palette = kc_chart_default_palette (theme, &n);
      const KcColor *bg = &kc_chart_theme_get_colors (theme)->background;

      g_assert_cmpuint (n, >=, 6);
      for (guint v = 0; v < G_N_ELEMENTS (vision); v++)
        for (guint i = 0; i < n; i++)
          {
            double a[3], b[3];

            /* Every colour stands out from the background… */
            simulated_lab (&palette[i], vision[v], a);
            simulated_lab (bg, vision[v], b);
            g_assert_cmpfloat (sqrt ((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])
                                     + (a[2] - b[2]) * (a[2] - b[2])), >, 30);

            /* …and from every other colour, for every kind of vision. */
            for (guint j = i + 1; j < n; j++)
              {
                double d;

                simulated_lab (&palette[j], vision[v], b);
                d = sqrt ((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])
                          + (a[2] - b[2]) * (a[2] - b[2]));
                if (d < 15)
                  g_error ("theme %d, vision %u: colours %u and %u are only %.1f apart", theme, v, i, j, d);
              }
          }
    }
}

/* ---- SVG and PDF ------------------------------------------------------ */

typedef struct
{
  GString  *text;
  gboolean  in_title;
  char     *title;
  gboolean  saw_svg;
} SvgScan;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              data,
           GError              **error)
{
  SvgScan *scan = data;

  if (g_str_equal (element, "svg"))
    scan->saw_svg = TRUE;
  scan->in_title = g_str_equal (element, "title");
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              data,
         GError              **error)
{
  ((SvgScan *) data)->in_title = FALSE;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              data,
          GError              **error)
{
  SvgScan *scan = data;

  g_string_append_len (scan->text, text, len);
  g_string_append_c (scan->text, '\n');
  if (scan->in_title && scan->title == NULL)
    scan->title = g_strndup (text, len);
}

static void
test_svg (void)
{
  g_autoptr(KcChartSpec) spec = rate_spec ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  GMarkupParseContext *context;
  SvgScan scan = { 0 };
  KcChartOptions options;
  gsize len;
  const char *data;

  kc_chart_options_init (&options, 800, 600);
  bytes = kc_chart_export_to_bytes (spec, &options, KC_CHART_FORMAT_SVG, 1, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &len);

  scan.text = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &scan, NULL);
  g_markup_parse_context_parse (context, data, len, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_markup_parse_context_free (context);

  g_assert_true (scan.saw_svg);
  g_assert_cmpstr (scan.title, ==, spec->title);
  /* The text layer carries the labels as real text. */
  g_assert_nonnull (strstr (scan.text->str, "2017年1-2月"));
  g_assert_nonnull (strstr (scan.text->str, "30%"));
  g_assert_nonnull (strstr (scan.text->str, "宁波日报"));

  g_free (scan.title);
  g_string_free (scan.text, TRUE);
}

static void
test_pdf (void)
{
  g_autoptr(KcChartSpec) spec = rate_spec ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  KcChartOptions options;

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }

  dir = kc_test_make_tmpdir ();
  path = g_build_filename (dir, "rate.pdf", NULL);
  kc_chart_options_init (&options, 800, 600);
  options.language = KC_CHART_LANGUAGE_CHINESE;
  g_assert_true (kc_chart_export (spec, &options, path, KC_CHART_FORMAT_AUTO, 1, &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { pdftotext, "-enc", "UTF-8", path, "-", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                  &out, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Real text: the Chinese and Latin title and the source come back out. */
  g_assert_nonnull (strstr (out, "新产品产值率"));
  g_assert_nonnull (strstr (out, "New-product rate"));
  g_assert_nonnull (strstr (out, "数据来源：宁波日报"));

  kc_test_remove_tree (dir);
}

/* ---- Writing files ---------------------------------------------------- */

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
assert_file_is (const char *path,
                const char *expected)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, strlen (expected));
  g_assert_cmpmem (contents, len, expected, strlen (expected));
}

static void
test_write_replaces_atomically (void)
{
  g_autoptr(KcChartSpec) spec = platforms_spec ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = kc_test_write_file (dir, "chart.png", "old contents", -1);
  g_autofree char *contents = NULL;
  gsize len;
  KcChartOptions options;

  kc_chart_options_init (&options, 400, 300);
  g_assert_true (kc_chart_export (spec, &options, path, KC_CHART_FORMAT_AUTO, 1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  /* No temporary file is left behind. */
  g_assert_cmpuint (count_entries (dir), ==, 1);

  kc_test_remove_tree (dir);
}

static void
test_write_errors (void)
{
  g_autoptr(KcChartSpec) spec = platforms_spec ();
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "no", "such", "folder", "chart.png", NULL);
  g_autofree char *existing = kc_test_write_file (dir, "keep.png", "precious bytes", -1);
  g_autofree char *as_dir = g_build_filename (dir, "a-folder.svg", NULL);
  g_autofree char *inside = NULL;
  g_autofree char *odd = g_build_filename (dir, "chart.gif", NULL);
  KcChartOptions options;

  kc_chart_options_init (&options, 400, 300);

  /* A folder that does not exist. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kc_chart_export (spec, &options, missing, KC_CHART_FORMAT_AUTO, 1, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_assert_nonnull (strstr (error->message, missing));
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }

  /* The name is taken by a folder: the rename fails even for root, and
   * the folder and the other files stay as they were. */
  g_assert_cmpint (g_mkdir (as_dir, 0755), ==, 0);
  inside = kc_test_write_file (as_dir, "inside.txt", "inside", -1);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kc_chart_export (spec, &options, as_dir, KC_CHART_FORMAT_AUTO, 1, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, as_dir));
    g_assert_true (g_file_test (as_dir, G_FILE_TEST_IS_DIR));
    assert_file_is (inside, "inside");
    g_assert_cmpuint (count_entries (dir), ==, 2);
  }

  /* A read-only folder keeps its file byte for byte. Root ignores the
   * permission, so there the check cannot apply. */
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  if (access (dir, W_OK) != 0)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (kc_chart_export (spec, &options, existing, KC_CHART_FORMAT_AUTO, 1, &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
      g_assert_nonnull (strstr (error->message, existing));
      assert_file_is (existing, "precious bytes");
      g_assert_cmpuint (count_entries (dir), ==, 2);
    }
  else
    g_test_message ("running as root: a read-only folder does not stop writes");
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);

  /* A chart that cannot be drawn leaves the existing file alone. */
  {
    g_autoptr(GError) error = NULL;
    KcChartOptions huge = options;

    huge.width = 1e6;
    g_assert_false (kc_chart_export (spec, &huge, existing, KC_CHART_FORMAT_AUTO, 1, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, existing));
    assert_file_is (existing, "precious bytes");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kc_chart_export (spec, &options, existing, KC_CHART_FORMAT_PNG, 0, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    assert_file_is (existing, "precious bytes");
  }

  /* An unknown extension is refused by name. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kc_chart_export (spec, &options, odd, KC_CHART_FORMAT_AUTO, 1, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, odd));
    g_assert_false (g_file_test (odd, G_FILE_TEST_EXISTS));
  }

  g_assert_cmpuint (count_entries (dir), ==, 2);
  kc_test_remove_tree (dir);
}

static void
test_formats (void)
{
  KcChartFormat f = KC_CHART_FORMAT_AUTO;

  g_assert_cmpint (kc_chart_format_from_path ("a/b.PNG"), ==, KC_CHART_FORMAT_PNG);
  g_assert_cmpint (kc_chart_format_from_path ("chart.svg"), ==, KC_CHART_FORMAT_SVG);
  g_assert_cmpint (kc_chart_format_from_path ("chart.pdf"), ==, KC_CHART_FORMAT_PDF);
  g_assert_cmpint (kc_chart_format_from_path ("chart.jpeg"), ==, KC_CHART_FORMAT_AUTO);
  g_assert_cmpint (kc_chart_format_from_path ("dir.png/chart"), ==, KC_CHART_FORMAT_AUTO);
  g_assert_true (kc_chart_format_from_string ("SVG", &f));
  g_assert_cmpint (f, ==, KC_CHART_FORMAT_SVG);
  g_assert_false (kc_chart_format_from_string ("gif", &f));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-render/line-joins-like-spans", test_line_joins_like_spans);
  g_test_add_func ("/chart-render/backgrounds", test_backgrounds);
  g_test_add_func ("/chart-render/column-height", test_column_height);
  g_test_add_func ("/chart-render/column-height-scale-2", test_column_height_scaled);
  g_test_add_func ("/chart-render/export-scale-size", test_export_scale_size);
  g_test_add_func ("/chart-render/donut-arc", test_donut_arc);
  g_test_add_func ("/chart-render/kpi-sparkline-in-its-box", test_kpi_sparkline_in_its_box);
  g_test_add_func ("/chart-render/spike-survives-decimation", test_spike_survives_decimation);
  g_test_add_func ("/chart-render/bar-labels-cut-apart", test_bar_labels_cut_apart);
  g_test_add_func ("/chart-render/bar-names-wrap", test_bar_names_wrap);
  g_test_add_func ("/chart-render/title-shrinks-to-fit", test_title_shrinks_to_fit);
  g_test_add_func ("/chart-render/title-keeps-second-line", test_title_keeps_second_line);
  g_test_add_func ("/chart-render/bar-unit-beside-subtitle", test_bar_unit_beside_subtitle);
  g_test_add_func ("/chart-render/short-columns-keep-their-axis", test_short_columns_keep_their_axis);
  g_test_add_func ("/chart-render/bar-names-all-shown", test_bar_names_all_shown);
  g_test_add_func ("/chart-render/kpi-change-follows-palette", test_kpi_change_follows_palette);
  g_test_add_func ("/chart-render/period-categories", test_period_categories);
  g_test_add_func ("/chart-render/palette-colour-blind-safe", test_palette_colour_blind_safe);
  g_test_add_func ("/chart-render/svg", test_svg);
  g_test_add_func ("/chart-render/pdf", test_pdf);
  g_test_add_func ("/chart-render/write-replaces-atomically", test_write_replaces_atomically);
  g_test_add_func ("/chart-render/write-errors", test_write_errors);
  g_test_add_func ("/chart-render/formats", test_formats);

  return g_test_run ();
}
