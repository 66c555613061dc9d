/* test-chart-view.c
 * KcChartView in a window: drawing, the accessible label, tooltips,
 * keyboard navigation, activation and the dark style. */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kc-chart-render.h"
#include "kc-chart-view.h"

static KcChartSpec *
rate_spec (void)
{
  KcChartSpec *spec = kc_chart_spec_new (KC_CHART_LINE);
  static const char * const periods[] = { "2015", "2016", "Jan–Feb 2017" };
  static const double rate[] = { 25.6, 27.8, 30 };
  static const double other[] = { 20.1, 22.4, 23.0 };

  kc_chart_spec_set_title (spec, "New-product rate");
  kc_chart_spec_set_unit (spec, "%");
  kc_chart_spec_set_source (spec, "Ningbo Daily");
  spec->kind = KC_VALUE_RATIO;
  kc_chart_spec_set_categories (spec, periods, 3);
  kc_chart_spec_add_series (spec, "Beilun", rate, 3);
  kc_chart_spec_add_series (spec, "Ningbo", other, 3);
  return spec;
}

/* Runs the main loop until the view has drawn (or a few seconds pass). */
static void
wait_for_draw (KcChartView *view)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (kc_chart_view_get_layout (view) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (kc_chart_view_get_layout (view));
}

typedef struct
{
  GtkWindow   *window;
  KcChartView *view;
  KcChartSpec *spec;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->spec = rate_spec ();
  f->window = GTK_WINDOW (gtk_window_new ());
  f->view = KC_CHART_VIEW (kc_chart_view_new ());
  kc_chart_view_set_language (f->view, KC_CHART_LANGUAGE_ENGLISH);
  kc_chart_view_set_spec (f->view, f->spec);
  gtk_window_set_default_size (f->window, 640, 420);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  wait_for_draw (f->view);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  kc_chart_spec_unref (f->spec);
}

static void
test_draws (Fixture       *f,
            gconstpointer  data)
{
  const KcChartLayout *layout = kc_chart_view_get_layout (f->view);
  KcChartRect plot;

  /* Drawn at the widget's size, with the chart's own text. */
  g_assert_true (kc_chart_layout_get_plot_area (layout, &plot, NULL, NULL, NULL));
  g_assert_cmpfloat (plot.x + plot.width, <=, gtk_widget_get_width (GTK_WIDGET (f->view)));
  g_assert_cmpfloat (plot.y + plot.height, <=, gtk_widget_get_height (GTK_WIDGET (f->view)));
  g_assert_cmpstr (kc_chart_layout_find_role (layout, KC_CHART_TEXT_TITLE)->text, ==, "New-product rate");
  g_assert_cmpuint (kc_chart_layout_get_n_points (layout), ==, 6);
  g_assert_cmpuint (kc_chart_layout_count_role (layout, KC_CHART_TEXT_LEGEND), ==, 2);
}

/* The layout of @spec drawn by itself on a @width × @height canvas. */
static KcChartLayout *
offscreen_layout (KcChartSpec *spec,
                  double       width,
                  double       height)
{
  KcChartLayout *layout = kc_chart_layout_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  KcChartOptions options;

  kc_chart_options_init (&options, width, height);
  options.language = KC_CHART_LANGUAGE_ENGLISH;
  kc_chart_render (cr, spec, &options, layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return layout;
}

static double
title_size (KcChartView *view)
{
  return kc_chart_layout_find_role (kc_chart_view_get_layout (view), KC_CHART_TEXT_TITLE)->font_size;
}

/* Draws again and waits for the title to change from @size. */
static void
wait_for_title_change (KcChartView *view,
                       double       size)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (title_size (view) == size && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

/* Checks that @view shows its chart as one drawn on a canvas @zoom times
 * smaller and scaled up: type, points and hits all @zoom times. */
static void
assert_zoomed (Fixture *f,
               double   zoom)
{
  const KcChartLayout *layout = kc_chart_view_get_layout (f->view);
  double width = gtk_widget_get_width (GTK_WIDGET (f->view));
  double height = gtk_widget_get_height (GTK_WIDGET (f->view));
  KcChartLayout *alone = offscreen_layout (f->spec, width / zoom, height / zoom);
  const KcChartPoint *p = kc_chart_layout_get_point (layout, kc_chart_layout_lookup_point (layout, 0, 2));
  const KcChartPoint *q = kc_chart_layout_get_point (alone, kc_chart_layout_lookup_point (alone, 0, 2));
  g_autofree char *text = NULL;

  g_assert_cmpfloat_with_epsilon (title_size (f->view),
                                  kc_chart_layout_find_role (alone, KC_CHART_TEXT_TITLE)->font_size * zoom, 0.01);
  g_assert_cmpfloat_with_epsilon (p->x, q->x * zoom, 0.01);
  g_assert_cmpfloat_with_epsilon (p->y, q->y * zoom, 0.01);
  /* The pointer finds the point where it is drawn. */
  text = kc_chart_view_dup_tooltip_at (f->view, q->x * zoom, q->y * zoom);
  g_assert_nonnull (strstr (text, "Beilun: 30%"));
  kc_chart_layout_free (alone);
}

/* On screen the type is an eighth larger than in a file of the widget's
 * size, and follows the desktop's text scaling (GNOME's Large Text). */
static void
test_text_zoom (Fixture       *f,
                gconstpointer  data)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (f->view));
  int dpi = 0;
  double size;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi != 96 * 1024)
    {
      size = title_size (f->view);
      g_object_set (settings, "gtk-xft-dpi", 96 * 1024, NULL);
      if (dpi > 0)
        wait_for_title_change (f->view, size);
    }
  assert_zoomed (f, 1.125);

  size = title_size (f->view);
  g_object_set (settings, "gtk-xft-dpi", 120 * 1024, NULL);
  wait_for_title_change (f->view, size);
  assert_zoomed (f, 1.125 * 1.25);

  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

static void
test_accessible_label (Fixture       *f,
                       gconstpointer  data)
{
  const char *text = kc_chart_view_get_accessible_text (f->view);
  g_autofree char *label = NULL;

  g_assert_nonnull (strstr (text, "New-product rate"));
  g_assert_nonnull (strstr (text, "30%"));
  g_assert_cmpstr (text, ==, "New-product rate, Jan–Feb 2017: 30%");
  label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (f->view), GTK_ACCESSIBLE_PROPERTY_LABEL, text);
  g_assert_null (label);
  gtk_test_accessible_assert_role (f->view, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
test_tooltip (Fixture       *f,
              gconstpointer  data)
{
  const KcChartLayout *layout = kc_chart_view_get_layout (f->view);
  const KcChartPoint *p = kc_chart_layout_get_point (layout, kc_chart_layout_lookup_point (layout, 0, 2));
  g_autofree char *text = kc_chart_view_dup_tooltip_at (f->view, p->x, p->y);
  g_autofree char *far = NULL;

  /* Period, series, exact value with its unit, change in points. */
  g_assert_cmpstr (text, ==, "Jan–Feb 2017\nBeilun: 30%\n+2.2 pp on previous");

  /* Anywhere above the point within the plot picks the same period. */
  g_clear_pointer (&text, g_free);
  text = kc_chart_view_dup_tooltip_at (f->view, p->x, p->y - 30);
  g_assert_nonnull (strstr (text, "Jan–Feb 2017"));

  /* Far from every point there is no tooltip. */
  far = kc_chart_view_dup_tooltip_at (f->view, 2, gtk_widget_get_height (GTK_WIDGET (f->view)) - 2);
  g_assert_null (far);
}

static void
on_activate_point (KcChartView *view,
                   guint        series,
                   guint        category,
                   int         *out)
{
  out[0] = series;
  out[1] = category;
}

static void
on_clicked (KcChartView *view,
            int         *count)
{
  (*count)++;
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  guint series = 99, category = 99;
  int activated[2] = { -1, -1 };
  int clicked = 0;
  g_autofree char *description = NULL;

  g_signal_connect (f->view, "activate-point", G_CALLBACK (on_activate_point), activated);
  g_signal_connect (f->view, "clicked", G_CALLBACK (on_clicked), &clicked);
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  /* The focus in its window: whether the window has the display's input
   * focus depends on the other tests sharing the X server. */
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (f->view)));
  g_assert_false (kc_chart_view_get_focus_point (f->view, NULL, NULL));

  /* The first arrow press lands on the latest value… */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "chart.move-point", "(ii)", -1, 0));
  g_assert_true (kc_chart_view_get_focus_point (f->view, &series, &category));
  g_assert_cmpuint (series, ==, 0);
  g_assert_cmpuint (category, ==, 2);

  /* …Left and Right walk the periods, stopping at the ends… */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "chart.move-point", "(ii)", -1, 0);
  kc_chart_view_get_focus_point (f->view, &series, &category);
  g_assert_cmpuint (category, ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "chart.move-point", "(ii)", -1, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "chart.move-point", "(ii)", -1, 0);
  kc_chart_view_get_focus_point (f->view, &series, &category);
  g_assert_cmpuint (category, ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "chart.move-point", "(ii)", 1, 0);
  kc_chart_view_get_focus_point (f->view, &series, &category);
  g_assert_cmpuint (category, ==, 1);

  /* …and Down moves to the next series at the same period. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "chart.move-point", "(ii)", 0, 1);
  kc_chart_view_get_focus_point (f->view, &series, &category);
  g_assert_cmpuint (series, ==, 1);
  g_assert_cmpuint (category, ==, 1);

  /* The highlighted point is redrawn and described to screen readers. */
  wait_for_draw (f->view);
  description = gtk_test_accessible_check_property (GTK_ACCESSIBLE (f->view),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                    "2016\nNingbo: 22.4%\n+2.3 pp on previous");
  g_assert_null (description);

  /* Enter or Space activates it. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "chart.activate-point", NULL);
  g_assert_cmpint (activated[0], ==, 1);
  g_assert_cmpint (activated[1], ==, 1);
  g_assert_cmpint (clicked, ==, 1);
}

static void
test_new_spec_resets (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KcChartSpec) share = kc_chart_spec_new (KC_CHART_SHARE);

  kc_chart_view_set_focus_point (f->view, 0, 1);
  kc_chart_spec_set_title (share, "High-tech share");
  kc_chart_spec_set_share (share, NAN, NAN, 58.5, NULL);
  kc_chart_view_set_spec (f->view, share);
  g_assert_false (kc_chart_view_get_focus_point (f->view, NULL, NULL));
  g_assert_cmpstr (kc_chart_view_get_accessible_text (f->view), ==, "High-tech share: 58.5%");
  wait_for_draw (f->view);
  g_assert_cmpstr (kc_chart_layout_find_role (kc_chart_view_get_layout (f->view),
                                              KC_CHART_TEXT_SHARE_VALUE)->text, ==, "58.5%");
}

static void
test_dark_style (Fixture       *f,
                 gconstpointer  data)
{
  AdwStyleManager *manager = adw_style_manager_get_for_display (gtk_widget_get_display (GTK_WIDGET (f->view)));

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (kc_chart_view_get_dark (f->view));
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (kc_chart_view_get_dark (f->view));
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_finalizes (void)
{
  GtkWidget *view = kc_chart_view_new ();
  g_autoptr(KcChartSpec) spec = rate_spec ();

  g_object_ref_sink (view);
  kc_chart_view_set_spec (KC_CHART_VIEW (view), spec);
  g_assert_true (kc_chart_view_get_spec (KC_CHART_VIEW (view)) == spec);
  g_assert_finalize_object (view);
}

int
main (int   argc,
      char *argv[])
{
  /* The test AT context records accessible properties so they can be
   * checked, and needs no accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/chart-view/draws", Fixture, NULL, fixture_set_up, test_draws, fixture_tear_down);
  g_test_add ("/chart-view/accessible-label", Fixture, NULL, fixture_set_up, test_accessible_label,
              fixture_tear_down);
  g_test_add ("/chart-view/tooltip", Fixture, NULL, fixture_set_up, test_tooltip, fixture_tear_down);
  g_test_add ("/chart-view/text-zoom", Fixture, NULL, fixture_set_up, test_text_zoom, fixture_tear_down);
  g_test_add ("/chart-view/keyboard", Fixture, NULL, fixture_set_up, test_keyboard, fixture_tear_down);
  g_test_add ("/chart-view/new-spec-resets", Fixture, NULL, fixture_set_up, test_new_spec_resets,
              fixture_tear_down);
  g_test_add ("/chart-view/dark-style", Fixture, NULL, fixture_set_up, test_dark_style, fixture_tear_down);
  g_test_add_func ("/chart-view/finalizes", test_finalizes);

  return g_test_run ();
}
