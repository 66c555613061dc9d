/* test-poster.c
 * The dashboard poster: the bundled dataset's poster at A4 / 300 dpi and
 * other sizes, its boxes inside the page and apart, the charts' text
 * inside their boxes, and the files it is written to. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kc-export-size.h"
#include "kc-loader.h"
#include "kc-poster.h"
#include "kc-test-utils.h"

static gboolean
inside (const KcChartRect *r,
        double             width,
        double             height)
{
  return r->x >= -0.01 && r->y >= -0.01
         && r->x + r->width <= width + 0.01 && r->y + r->height <= height + 0.01;
}

/* Checks the layout of a poster drawn at @width × @height. */
static void
check_layout (const KcPoster       *poster,
              const KcPosterLayout *layout,
              double                width,
              double                height,
              gboolean              with_footer)
{
  guint n = kc_poster_layout_get_n_boxes (layout);
  guint n_headers = 0, n_footers = 0, n_charts = 0;
  g_autofree gboolean *seen = g_new0 (gboolean, kc_poster_get_n_charts (poster));
  double k = kc_poster_layout_get_scale (layout);
  double figure = 0;

  g_assert_cmpfloat (k, >, 0);

  for (guint i = 0; i < n; i++)
    {
      const KcPosterBox *box = kc_poster_layout_get_box (layout, i);
      const KcChartLayout *chart = kc_poster_layout_get_chart_layout (layout, i);

      if (!inside (&box->rect, width, height))
        g_error ("box %u (%g, %g, %g × %g) leaves the %g × %g page", i,
                 box->rect.x, box->rect.y, box->rect.width, box->rect.height, width, height);
      g_assert_cmpfloat (box->rect.width, >, 0);
      g_assert_cmpfloat (box->rect.height, >, 0);

      for (guint j = i + 1; j < n; j++)
        {
          const KcPosterBox *other = kc_poster_layout_get_box (layout, j);

          if (kc_chart_rect_overlaps (&box->rect, &other->rect))
            g_error ("boxes %u and %u overlap", i, j);
        }

      switch (box->kind)
        {
        case KC_POSTER_BOX_HEADER:
          n_headers++;
          g_assert_null (chart);
          break;
        case KC_POSTER_BOX_FOOTER:
          n_footers++;
          g_assert_null (chart);
          break;
        case KC_POSTER_BOX_KPI:
        case KC_POSTER_BOX_CHART:
          {
            KcChartSpec *spec;

            g_assert_cmpint (box->chart, >=, 0);
            g_assert_cmpint (box->chart, <, kc_poster_get_n_charts (poster));
            g_assert_false (seen[box->chart]);
            seen[box->chart] = TRUE;
            n_charts++;
            spec = kc_poster_get_chart (poster, box->chart);
            g_assert_true ((spec->type == KC_CHART_KPI) == (box->kind == KC_POSTER_BOX_KPI));

            /* The chart drew its title, and all its text stays in its box
             * (its layout is in poster units from the box's corner). */
            g_assert_nonnull (chart);
            g_assert_nonnull (kc_chart_layout_find_role (chart, KC_CHART_TEXT_TITLE));
            for (guint t = 0; t < kc_chart_layout_get_n_boxes (chart); t++)
              {
                const KcChartTextBox *text = kc_chart_layout_get_box (chart, t);

                if (!inside (&text->rect, box->rect.width / k, box->rect.height / k))
                  g_error ("“%s” leaves the box of chart %d", text->text, box->chart);
              }
            /* Sources go to the poster's footer, not under each chart. */
            g_assert_cmpuint (kc_chart_layout_count_role (chart, KC_CHART_TEXT_SOURCE), ==, 0);
            /* The band's figures are of one size, whether a card's
             * title takes one line or two. */
            if (box->kind == KC_POSTER_BOX_KPI)
              {
                const KcChartTextBox *value = kc_chart_layout_find_role (chart, KC_CHART_TEXT_KPI_VALUE);

                g_assert_nonnull (value);
                if (figure == 0)
                  figure = value->font_size;
                else if (fabs (value->font_size - figure) > figure * 0.005)
                  g_error ("%g × %g page: the figure of KPI card %d is %.1f units, of the first %.1f",
                           width, height, box->chart, value->font_size, figure);
              }
          }
          break;
        case KC_POSTER_BOX_EMPTY:
        default:
          g_assert_not_reached ();
        }
    }

  g_assert_cmpuint (n_headers, ==, 1);
  g_assert_cmpuint (n_footers, ==, with_footer ? 1 : 0);
  g_assert_cmpuint (n_charts, ==, kc_poster_get_n_charts (poster));
}

static void
render_and_check (const KcPoster *poster,
                  double          width,
                  double          height,
                  double          scale,
                  gboolean        with_footer)
{
  g_autoptr(KcPosterLayout) layout = kc_poster_layout_new ();
  KcChartOptions options;
  cairo_surface_t *surface;
  cairo_t *cr;

  kc_chart_options_init (&options, width, height);
  options.show_footer = with_footer;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                        (int) ceil (height * scale));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  kc_poster_render (cr, poster, &options, layout);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  check_layout (poster, layout, width, height, with_footer);
}

static void
test_bundled_a4 (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  g_autoptr(KcPoster) poster = kc_poster_new_for_dataset (dataset, KC_CHART_LANGUAGE_CHINESE);
  KcExportSize a4 = { 210, 297, KC_SIZE_UNIT_MM, 1, 300 };
  KcExportGeometry geometry;

  g_assert_cmpuint (kc_poster_get_n_charts (poster), ==, kc_dataset_get_n_dashboard_charts (dataset));
  g_assert_cmpuint (kc_poster_get_n_charts (poster), >=, 10);
  kc_poster_set_credit (poster, "科创看板");

  g_assert_true (kc_export_size_get_geometry (&a4, KC_CHART_FORMAT_PNG, &geometry, NULL));
  render_and_check (poster, geometry.width, geometry.height, geometry.scale, TRUE);
}

static void
test_other_sizes (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  g_autoptr(KcPoster) zh = kc_poster_new_for_dataset (dataset, KC_CHART_LANGUAGE_CHINESE);
  g_autoptr(KcPoster) en = kc_poster_new_for_dataset (dataset, KC_CHART_LANGUAGE_ENGLISH);
  static const double sizes[][2] = {
    { 1200, 800 }, { 1920, 1080 }, { 992.1, 694.5 } /* half page */, { 800, 1600 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      render_and_check (zh, sizes[i][0], sizes[i][1], 0.5, TRUE);
      render_and_check (en, sizes[i][0], sizes[i][1], 0.5, TRUE);
      render_and_check (en, sizes[i][0], sizes[i][1], 0.5, FALSE);
    }
}

/* The poster's title is in the poster's language, not the interface's:
 * a Chinese poster from an English session says 北仑区, and the other way
 * round. The test runs in one language; both posters come from it. */
static void
test_title_language (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  g_autoptr(KcPoster) zh = kc_poster_new_for_dataset (dataset, KC_CHART_LANGUAGE_CHINESE);
  g_autoptr(KcPoster) en = kc_poster_new_for_dataset (dataset, KC_CHART_LANGUAGE_ENGLISH);

  g_assert_cmpstr (kc_poster_get_title (zh), ==, "北仑区，2017 年");
  g_assert_cmpstr (kc_poster_get_title (en), ==, "Beilun District, 2017");
  g_assert_cmpstr (kc_dataset_get_title_in (dataset, TRUE), ==, "北仑区，2017 年");
}

static void
test_scale_invariance (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  g_autoptr(KcPoster) poster = kc_poster_new_for_dataset (dataset, KC_CHART_LANGUAGE_CHINESE);
  g_autoptr(KcPosterLayout) small = kc_poster_layout_new ();
  g_autoptr(KcPosterLayout) big = kc_poster_layout_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (surface);
  KcChartOptions options;

  /* The same page at twice the size is the same design, twice as big. */
  kc_chart_options_init (&options, 595, 842);
  kc_poster_render (cr, poster, &options, small);
  kc_chart_options_init (&options, 1190, 1684);
  kc_poster_render (cr, poster, &options, big);

  g_assert_cmpuint (kc_poster_layout_get_n_boxes (small), ==, kc_poster_layout_get_n_boxes (big));
  for (guint i = 0; i < kc_poster_layout_get_n_boxes (small); i++)
    {
      const KcPosterBox *a = kc_poster_layout_get_box (small, i);
      const KcPosterBox *b = kc_poster_layout_get_box (big, i);

      g_assert_cmpfloat_with_epsilon (b->rect.x, 2 * a->rect.x, 1e-6);
      g_assert_cmpfloat_with_epsilon (b->rect.height, 2 * a->rect.height, 1e-6);
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_empty (void)
{
  g_autoptr(KcPoster) poster = kc_poster_new ("空", NULL);
  g_autoptr(KcPosterLayout) layout = kc_poster_layout_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 200);
  cairo_t *cr = cairo_create (surface);
  KcChartOptions options;
  gboolean saw_empty = FALSE;

  kc_chart_options_init (&options, 300, 200);
  kc_poster_render (cr, poster, &options, layout);
  for (guint i = 0; i < kc_poster_layout_get_n_boxes (layout); i++)
    saw_empty |= kc_poster_layout_get_box (layout, i)->kind == KC_POSTER_BOX_EMPTY;
  g_assert_true (saw_empty);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Binary-safe: PDF streams hold NUL bytes. */
static gboolean
contains (const guint8 *data,
          gsize         len,
          const char   *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_files (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  g_autoptr(KcPoster) poster = kc_poster_new_for_dataset (dataset, KC_CHART_LANGUAGE_ENGLISH);
  KcExportSize a4 = { 210, 297, KC_SIZE_UNIT_MM, 1, 150 };
  KcChartOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) pdf = NULL;
  const guint8 *data;
  gsize len;

  kc_chart_options_init (&options, 1, 1);
  options.theme = KC_CHART_THEME_DARK;

  png = kc_export_size_render_poster (poster, &options, &a4, KC_CHART_FORMAT_PNG, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (png, &len);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  /* A4 at 150 dpi is 1240 × 1754. */
  g_assert_cmpuint ((guint32) data[16] << 24 | data[17] << 16 | data[18] << 8 | data[19], ==, 1240);
  g_assert_cmpuint ((guint32) data[20] << 24 | data[21] << 16 | data[22] << 8 | data[23], ==, 1754);
  g_assert_cmpmem (data + 37, 4, "pHYs", 4);

  pdf = kc_export_size_render_poster (poster, &options, &a4, KC_CHART_FORMAT_PDF, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (pdf, &len);
  g_assert_cmpmem (data, 5, "%PDF-", 5);
  /* A4 in points, to cairo's precision. */
  g_assert_true (contains (data, len, "/MediaBox [ 0 0 595.27"));
}

/* Renders @poster on a page of @w × @h pixels; returns its layout. */
static KcPosterLayout *
render_page (KcPoster        *poster,
             KcChartLanguage  language,
             int              w,
             int              h)
{
  KcPosterLayout *layout = kc_poster_layout_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  KcChartOptions options;

  kc_chart_options_init (&options, w, h);
  options.language = language;
  kc_poster_render (cr, poster, &options, layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return layout;
}

static guint
count_boxes (const KcPosterLayout *layout,
             KcPosterBoxKind       kind)
{
  guint n = 0;

  for (guint i = 0; i < kc_poster_layout_get_n_boxes (layout); i++)
    n += kc_poster_layout_get_box (layout, i)->kind == kind;
  return n;
}

/* A poster of @n charts whose notes are a long sentence each, said
 * @repeat times. */
static KcPoster *
noted_poster (guint n,
              guint repeat)
{
  KcPoster *poster = kc_poster_new ("北仑区科技创新", "Notes");

  for (guint i = 0; i < n; i++)
    {
      static const double values[] = { 120, 135.5, 151.25 };
      static const char *const periods[] = { "2015年", "2016年", "2017年1-2月" };
      g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_COLUMN);
      g_autofree char *title = g_strdup_printf ("指标%u", i + 1);
      g_autoptr(GString) note = g_string_new (NULL);

      for (guint r = 0; r < repeat; r++)
        g_string_append (note, "2017年为1-2月数据，2015年数值由2016年数值及同比增速推算；口径为规模以上工业企业，");
      g_string_append_printf (note, "含外资企业 %u", i + 1);

      kc_chart_spec_set_title (spec, title);
      kc_chart_spec_set_note (spec, note->str);
      kc_chart_spec_set_unit (spec, "亿元");
      kc_chart_spec_set_categories (spec, periods, 3);
      kc_chart_spec_add_series (spec, NULL, values, 3);
      kc_poster_add_chart (poster, spec);
    }
  return poster;
}

/* A chart's note is where a report's caveats go (estimates, breaks in a
 * series): the footer prints every one whole, on A4 either way up and in
 * both languages, for the bundled dataset (its notes took five lines in
 * English at 150 dpi, and the last was cut) and for twelve charts of
 * long notes. Only notes beyond an eighth of the page are cut, and the
 * charts keep their room. */
static void
test_notes_whole (void)
{
  static const struct { int w, h; } pages[] = { { 1240, 1754 }, { 1754, 1240 }, { 1190, 1684 } };
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  g_autoptr(KcPoster) twelve = noted_poster (12, 1);
  g_autoptr(KcPoster) long_notes = noted_poster (4, 20);

  for (int lang = KC_CHART_LANGUAGE_CHINESE; lang <= KC_CHART_LANGUAGE_ENGLISH; lang++)
    for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
      {
        g_autoptr(KcPoster) bundled = kc_poster_new_for_dataset (dataset, lang);
        g_autoptr(KcPosterLayout) a = render_page (bundled, lang, pages[p].w, pages[p].h);
        g_autoptr(KcPosterLayout) b = render_page (twelve, lang, pages[p].w, pages[p].h);
        g_autoptr(KcPosterLayout) c = render_page (long_notes, lang, pages[p].w, pages[p].h);

        g_test_message ("%s, %d × %d", lang == KC_CHART_LANGUAGE_CHINESE ? "zh" : "en", pages[p].w, pages[p].h);
        g_assert_true (kc_poster_layout_get_footer_whole (a));
        g_assert_true (kc_poster_layout_get_footer_whole (b));
        g_assert_false (kc_poster_layout_get_footer_whole (c));
        g_assert_cmpuint (count_boxes (b, KC_POSTER_BOX_CHART), ==, 12);
        g_assert_cmpuint (count_boxes (c, KC_POSTER_BOX_CHART), ==, 4);
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/poster/bundled-a4", test_bundled_a4);
  g_test_add_func ("/poster/other-sizes", test_other_sizes);
  g_test_add_func ("/poster/title-language", test_title_language);
  g_test_add_func ("/poster/scale-invariance", test_scale_invariance);
  g_test_add_func ("/poster/empty", test_empty);
  g_test_add_func ("/poster/files", test_files);
  g_test_add_func ("/poster/notes-whole", test_notes_whole);

  return g_test_run ();
}
