/* test-dashboard-view.c
 * KcDashboardView with the bundled dataset: the cards, their order and
 * values, the menus, opening an indicator, the palette and reflowing. */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "kc-dashboard-card.h"
#include "kc-dashboard-view.h"
#include "kc-loader.h"
#include "kc-test-utils.h"

/* The cards in the order they are shown: headline row first. */
static GPtrArray *
get_cards (GtkWidget *view)
{
  GPtrArray *cards = g_ptr_array_new ();

  kc_test_collect_descendants (view, KC_TYPE_DASHBOARD_CARD, cards);
  return cards;
}

static const char *
visible_page (GtkWidget *view)
{
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();

  kc_test_collect_descendants (view, GTK_TYPE_STACK, stacks);
  g_assert_cmpuint (stacks->len, >=, 1);
  return gtk_stack_get_visible_child_name (g_ptr_array_index (stacks, 0));
}

static void
test_cards (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_dashboard_view_new ());
  g_autoptr(GPtrArray) cards = NULL;
  guint n_headlines = 0;

  kc_dashboard_view_set_dataset (KC_DASHBOARD_VIEW (view), dataset);
  g_assert_true (kc_dashboard_view_get_dataset (KC_DASHBOARD_VIEW (view)) == dataset);
  g_assert_cmpstr (visible_page (view), ==, "charts");

  cards = get_cards (view);
  g_assert_cmpuint (cards->len, ==, kc_dataset_get_n_dashboard_charts (dataset));
  g_assert_cmpuint (cards->len, >, 3);

  /* Every chart of the dataset has its card, and the KPI cards come first. */
  for (guint i = 0; i < kc_dataset_get_n_dashboard_charts (dataset); i++)
    {
      const KcChartDef *def = kc_dataset_get_dashboard_chart (dataset, i);
      gboolean found = FALSE;

      for (guint c = 0; c < cards->len; c++)
        found |= g_strcmp0 (kc_dashboard_card_get_chart_id (g_ptr_array_index (cards, c)), def->id) == 0;
      g_assert_true (found);
      n_headlines += def->kind == KC_CHART_KIND_KPI ? 1 : 0;
    }
  for (guint c = 0; c < cards->len; c++)
    g_assert_cmpint (kc_dashboard_card_get_headline (g_ptr_array_index (cards, c)), ==, c < n_headlines);

  g_assert_finalize_object (view);
}

/* The newspaper's three headline figures, in its order, as the screen
 * reader reads them; in Chinese the figures are the report's own. */
static void
test_headline_figures (void)
{
  static const struct {
    const char *id;
    double      value;
    const char *text;
  } expected[] = {
    { "kpi-new-product-output", 128.7, "128.7亿元" },
    { "kpi-new-product-rate", 30, "30%" },
    { "kpi-hightech-output", 251.25, "251.25亿元" },
  };
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWidget *view;
  g_autoptr(GPtrArray) cards = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  view = g_object_ref_sink (kc_dashboard_view_new ());
  kc_dashboard_view_set_dataset (KC_DASHBOARD_VIEW (view), dataset);
  cards = get_cards (view);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      KcDashboardCard *card = g_ptr_array_index (cards, i);
      KcChartView *chart = kc_dashboard_card_get_chart_view (card);
      KcChartSpec *spec = kc_chart_view_get_spec (chart);
      const char *label = kc_chart_view_get_accessible_text (chart);

      g_assert_cmpstr (kc_dashboard_card_get_chart_id (card), ==, expected[i].id);
      g_assert_true (kc_dashboard_card_get_headline (card));
      g_assert_cmpint (spec->type, ==, KC_CHART_KPI);
      g_assert_cmpfloat_with_epsilon (kc_chart_spec_get_kpi_value (spec), expected[i].value, 1e-9);
      g_assert_nonnull (label);
      g_test_message ("card %u: %s", i, label);
      g_assert_nonnull (strstr (label, expected[i].text));
    }

  g_assert_finalize_object (view);

  /* In English the figures are written with English magnitudes. */
  g_setenv ("LANGUAGE", "en", TRUE);
  view = g_object_ref_sink (kc_dashboard_view_new ());
  kc_dashboard_view_set_dataset (KC_DASHBOARD_VIEW (view), dataset);
  g_clear_pointer (&cards, g_ptr_array_unref);
  cards = get_cards (view);
  g_assert_nonnull (strstr (kc_chart_view_get_accessible_text (kc_dashboard_card_get_chart_view (g_ptr_array_index (cards, 0))),
                            "12.87 billion yuan"));
  g_assert_nonnull (strstr (kc_chart_view_get_accessible_text (kc_dashboard_card_get_chart_view (g_ptr_array_index (cards, 1))),
                            "30%"));
  g_assert_finalize_object (view);

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
}

static void
on_open_indicator (KcDashboardView *view,
                   const char      *indicator_id,
                   char           **out)
{
  g_free (*out);
  *out = g_strdup (indicator_id);
}

static KcDashboardCard *
find_card (GPtrArray  *cards,
           const char *chart_id)
{
  for (guint i = 0; i < cards->len; i++)
    if (g_strcmp0 (kc_dashboard_card_get_chart_id (g_ptr_array_index (cards, i)), chart_id) == 0)
      return g_ptr_array_index (cards, i);

  g_assert_not_reached ();
}

static void
test_open_indicator (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_dashboard_view_new ());
  g_autoptr(GPtrArray) cards = NULL;
  g_autofree char *opened = NULL;
  KcDashboardCard *card;

  kc_dashboard_view_set_dataset (KC_DASHBOARD_VIEW (view), dataset);
  g_signal_connect (view, "open-indicator", G_CALLBACK (on_open_indicator), &opened);
  cards = get_cards (view);

  /* A click on the chart. */
  card = find_card (cards, "hightech-share");
  g_signal_emit_by_name (kc_dashboard_card_get_chart_view (card), "clicked");
  g_assert_cmpstr (opened, ==, "hightech-output-share");

  /* Enter on the focused chart. */
  card = find_card (cards, "listings");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kc_dashboard_card_get_chart_view (card)),
                                             "chart.activate-point", NULL));
  g_assert_cmpstr (opened, ==, "main-board-listed");

  /* Every card opens its chart's first indicator. */
  for (guint i = 0; i < cards->len; i++)
    {
      const KcChartDef *def;

      card = g_ptr_array_index (cards, i);
      def = kc_dataset_find_chart (dataset, kc_dashboard_card_get_chart_id (card));
      g_clear_pointer (&opened, g_free);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.open", NULL));
      g_assert_cmpstr (opened, ==, def->indicators[0]);
    }

  g_assert_finalize_object (view);
}

/* Each card's menu activates the window's chart actions with its id. */
static void
test_card_menu (void)
{
  static const char * const actions[] = { "win.export-chart", "win.copy-chart", "win.show-chart-data" };
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_dashboard_view_new ());
  GtkWidget *window = gtk_window_new ();
  g_autoptr(GPtrArray) cards = NULL;

  /* The menus pop up: the view must be on screen. */
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  kc_dashboard_view_set_dataset (KC_DASHBOARD_VIEW (view), dataset);
  kc_test_spin ();
  cards = get_cards (view);

  for (guint c = 0; c < cards->len; c++)
    {
      KcDashboardCard *card = g_ptr_array_index (cards, c);
      g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
      GtkMenuButton *button;
      GMenuModel *menu;
      GMenuModel *section;
      guint found = 0;

      kc_test_collect_descendants (GTK_WIDGET (card), GTK_TYPE_MENU_BUTTON, buttons);
      g_assert_cmpuint (buttons->len, ==, 1);
      /* The menu is built when it is first opened. */
      button = g_ptr_array_index (buttons, 0);
      g_assert_null (gtk_menu_button_get_menu_model (button));
      gtk_menu_button_popup (button);
      menu = gtk_menu_button_get_menu_model (button);
      g_assert_nonnull (menu);
      gtk_menu_button_popdown (button);
      g_assert_true (gtk_menu_button_get_menu_model (button) == menu);
      section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
      g_assert_nonnull (section);

      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;
          g_autofree char *target = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_TARGET, "s", &target));
          g_assert_cmpstr (action, ==, actions[i]);
          g_assert_cmpstr (target, ==, kc_dashboard_card_get_chart_id (card));
          found++;
        }
      g_assert_cmpuint (found, ==, G_N_ELEMENTS (actions));
      g_object_unref (section);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
}

static void
test_palette_setting (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *view = g_object_ref_sink (kc_dashboard_view_new ());
  g_autoptr(GPtrArray) cards = NULL;
  KcChartView *chart;

  g_settings_set_enum (settings, "chart-palette", 0);
  kc_dashboard_view_set_dataset (KC_DASHBOARD_VIEW (view), dataset);
  cards = get_cards (view);
  chart = kc_dashboard_card_get_chart_view (g_ptr_array_index (cards, cards->len - 1));
  g_assert_cmpstr (kc_chart_view_get_palette (chart), ==, "gnome");

  g_settings_set_string (settings, "chart-palette", "monochrome");
  g_assert_cmpstr (kc_chart_view_get_palette (chart), ==, "monochrome");
  g_settings_set_string (settings, "chart-palette", "colorblind");
  g_assert_cmpstr (kc_chart_view_get_palette (chart), ==, "colorblind");
  g_settings_reset (settings, "chart-palette");

  /* Each name has its own colours; an unknown one is the default. */
  {
    guint n_default = 0, n_mono = 0, n_blind = 0, n_unknown = 0;
    const KcColor *light = kc_chart_view_lookup_palette ("gnome", KC_CHART_THEME_LIGHT, &n_default);
    const KcColor *mono = kc_chart_view_lookup_palette ("monochrome", KC_CHART_THEME_LIGHT, &n_mono);
    const KcColor *blind = kc_chart_view_lookup_palette ("colorblind", KC_CHART_THEME_LIGHT, &n_blind);

    g_assert_cmpuint (n_default, >, 1);
    g_assert_cmpuint (n_mono, >, 1);
    g_assert_cmpuint (n_blind, >, 1);
    g_assert_true (light != mono && light != blind && mono != blind);
    g_assert_true (kc_chart_view_lookup_palette ("no-such", KC_CHART_THEME_LIGHT, &n_unknown) == light);
    /* Greys: the same amount of each primary. */
    for (guint i = 0; i < n_mono; i++)
      {
        g_assert_cmpfloat (mono[i].r, ==, mono[i].g);
        g_assert_cmpfloat (mono[i].g, ==, mono[i].b);
      }
    g_assert_true (kc_chart_view_lookup_palette ("monochrome", KC_CHART_THEME_DARK, &n_mono) != mono);
  }

  g_assert_finalize_object (view);
}

/* The cards of the first row of @box's visible children. */
static guint
count_first_row (GPtrArray *cards,
                 gboolean   headline)
{
  double first_y = NAN;
  guint n = 0;

  for (guint i = 0; i < cards->len; i++)
    {
      GtkWidget *card = g_ptr_array_index (cards, i);
      graphene_point_t point;

      if (kc_dashboard_card_get_headline (KC_DASHBOARD_CARD (card)) != headline)
        continue;
      g_assert_true (gtk_widget_compute_point (card, gtk_widget_get_parent (gtk_widget_get_parent (card)),
                                               &GRAPHENE_POINT_INIT (0, 0), &point));
      if (isnan (first_y))
        first_y = point.y;
      if (point.y == first_y)
        n++;
    }

  return n;
}

static void
wait_for_width (GtkWidget *widget,
                int        width)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (gtk_widget_get_width (widget) != width && g_get_monotonic_time () < deadline)
    kc_test_spin ();
  /* One more frame so that the flow boxes have laid out their children. */
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (widget), ==, width);
}

/* A dashboard of the bundled data in a window of @width × @height, laid
 * out; destroy the window when done. */
static GtkWindow *
present_dashboard (int         width,
                   int         height,
                   GtkWidget **view_out)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *view = kc_dashboard_view_new ();

  kc_dashboard_view_set_dataset (KC_DASHBOARD_VIEW (view), dataset);
  gtk_window_set_child (window, view);
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  wait_for_width (view, width);
  *view_out = view;
  return window;
}

/* One column at phone width, several side by side on a wide screen. */
static void
test_reflow (void)
{
  GtkWidget *view;
  GtkWindow *window = present_dashboard (360, 700, &view);
  g_autoptr(GPtrArray) cards = get_cards (view);

  g_assert_cmpuint (count_first_row (cards, TRUE), ==, 1);
  g_assert_cmpuint (count_first_row (cards, FALSE), ==, 1);
  for (guint i = 0; i < cards->len; i++)
    {
      GtkWidget *card = g_ptr_array_index (cards, i);

      g_assert_cmpint (gtk_widget_get_width (card), <=, 360);
      g_assert_cmpint (gtk_widget_get_height (card), >=,
                       kc_dashboard_card_get_headline (KC_DASHBOARD_CARD (card)) ? 180 : 320);
    }

  /* Xvfb's default screen is 1280 pixels wide. */
  gtk_window_set_default_size (window, 1200, 800);
  wait_for_width (view, 1200);
  g_assert_cmpuint (count_first_row (cards, TRUE), ==, 6);
  g_assert_cmpuint (count_first_row (cards, FALSE), >=, 3);
  g_assert_cmpuint (count_first_row (cards, FALSE), <=, 4);

  gtk_window_destroy (window);
}

static gboolean
chart_drawn (gpointer card)
{
  return kc_chart_view_get_layout (kc_dashboard_card_get_chart_view (card)) != NULL;
}

static void
wait_until_drawn (gpointer card)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!chart_drawn (card) && g_get_monotonic_time () < deadline)
    kc_test_spin ();
  g_assert_true (chart_drawn (card));
}

/* The headline cards show their figures at one size, though on narrow
 * cards a long figure (251.25亿元) fits only smaller than a short one
 * (90%): the largest size every card can show. */
static void
test_even_figures (void)
{
  static const int widths[] = { 1270, 1100, 900, 700 };
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  guint n_uneven = 0;

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      GtkWidget *view;
      GtkWindow *window = present_dashboard (widths[w], 800, &view);
      g_autoptr(GPtrArray) cards = get_cards (view);
      double size = 0, first_natural = 0, smallest_natural = G_MAXDOUBLE;
      gboolean uneven = FALSE;

      for (guint i = 0; i < cards->len; i++)
        {
          KcDashboardCard *card = g_ptr_array_index (cards, i);
          KcChartView *chart = kc_dashboard_card_get_chart_view (card);
          const KcChartTextBox *box;
          double natural;

          if (!kc_dashboard_card_get_headline (card))
            continue;
          wait_until_drawn (card);
          box = kc_chart_layout_find_role (kc_chart_view_get_layout (chart), KC_CHART_TEXT_KPI_VALUE);
          g_assert_nonnull (box);
          natural = kc_chart_view_measure_kpi_figure (chart, 0);
          g_assert_cmpfloat (natural, >, 0);
          /* The view draws charts 1.125 times larger than their layout
           * (its text zoom at Xvfb's 96 dpi). */
          g_test_message ("width %d: %s at %.2f, %.2f by itself (chart units)", widths[w], box->text,
                          box->font_size / 1.125, natural);
          smallest_natural = MIN (smallest_natural, natural);
          if (size == 0)
            {
              size = box->font_size;
              first_natural = natural;
            }
          g_assert_cmpfloat_with_epsilon (box->font_size, size, 1e-6);
          uneven |= natural != first_natural;
        }
      n_uneven += uneven;
      /* Every card can show that size, and it is no smaller than needed:
       * the smallest a card shows by itself, or a step or two below when
       * held to it moves a card's change line under its figure. */
      g_assert_cmpfloat (size / 1.125, <=, smallest_natural * 1.0001);
      g_assert_cmpfloat (size / 1.125, >=, smallest_natural * 0.9);
      gtk_window_destroy (window);
    }
  /* At some width the cards would have shown different sizes by
   * themselves. */
  g_assert_cmpuint (n_uneven, >, 0);

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* The charts scrolled out of view are drawn when they come into it, by
 * scrolling or by the window growing. */
static void
test_offscreen_charts (void)
{
  GtkWidget *view;
  GtkWindow *window = present_dashboard (800, 500, &view);
  g_autoptr(GPtrArray) cards = get_cards (view);
  GtkAdjustment *vadjustment;
  gpointer first, last;

  first = g_ptr_array_index (cards, 0);
  last = g_ptr_array_index (cards, cards->len - 1);
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (first, GTK_TYPE_SCROLLED_WINDOW)));

  wait_until_drawn (first);
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (chart_drawn (last));

  /* Scrolled to the end: the last card shows, and is drawn. */
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  wait_until_drawn (last);

  /* Back at the top, in a window tall enough for every card: each one is
   * drawn without scrolling. */
  gtk_adjustment_set_value (vadjustment, 0);
  gtk_window_set_default_size (window, 800, 4000);
  for (guint i = 0; i < cards->len; i++)
    wait_until_drawn (g_ptr_array_index (cards, i));

  gtk_window_destroy (window);
}

static void
test_empty (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  static const char entities[] = "id,name,kind\ne1,中芯集团,enterprise\n";
  g_autofree char *path = kc_test_write_file (dir, "entities.csv", entities, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KcDataset) dataset = kc_dataset_load (&file, 1, KC_LOAD_DEFAULT, NULL, NULL, NULL, &error);
  g_autoptr(KcDataset) bundled = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_dashboard_view_new ());
  g_autoptr(GPtrArray) cards = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (kc_dataset_get_n_dashboard_charts (dataset), ==, 0);

  g_assert_cmpstr (visible_page (view), ==, "empty");
  kc_dashboard_view_set_dataset (KC_DASHBOARD_VIEW (view), bundled);
  g_assert_cmpstr (visible_page (view), ==, "charts");

  /* A dataset without charts replaces the cards by the empty state. */
  kc_dashboard_view_set_dataset (KC_DASHBOARD_VIEW (view), dataset);
  g_assert_cmpstr (visible_page (view), ==, "empty");
  cards = get_cards (view);
  g_assert_cmpuint (cards->len, ==, 0);

  kc_dashboard_view_set_dataset (KC_DASHBOARD_VIEW (view), NULL);
  g_assert_cmpstr (visible_page (view), ==, "empty");

  g_assert_finalize_object (view);
  kc_test_remove_tree (dir);
}

/* Each card's title, as the chart drew it, ends before the card's menu
 * button at any window width. */
static void
test_title_clear_of_menu (void)
{
  static const int widths[] = { 360, 800, 1100, 1200 };

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      GtkWidget *view;
      GtkWindow *window = present_dashboard (widths[w], 700, &view);
      g_autoptr(GPtrArray) cards = get_cards (view);
      GtkWidget *scrolled = gtk_widget_get_ancestor (g_ptr_array_index (cards, 0), GTK_TYPE_SCROLLED_WINDOW);
      GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))));
      guint n_titles = 0;

      for (guint i = 0; i < cards->len; i++)
        {
          GtkWidget *card = g_ptr_array_index (cards, i);
          GtkWidget *chart = GTK_WIDGET (kc_dashboard_card_get_chart_view (KC_DASHBOARD_CARD (card)));
          g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
          const KcChartTextBox *title;
          graphene_point_t start, end;
          graphene_rect_t title_bounds, button_bounds;

          /* Charts are drawn when they come into view. */
          g_assert_true (gtk_widget_compute_point (card, content, &GRAPHENE_POINT_INIT (0, 0), &start));
          gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), start.y);
          wait_until_drawn (card);
          title = kc_chart_layout_find_role (kc_chart_view_get_layout (KC_CHART_VIEW (chart)),
                                             KC_CHART_TEXT_TITLE);
          if (title == NULL)
            continue;
          n_titles++;
          g_assert_true (gtk_widget_compute_point (chart, card,
                                                   &GRAPHENE_POINT_INIT (title->rect.x, title->rect.y),
                                                   &start));
          g_assert_true (gtk_widget_compute_point (chart, card,
                                                   &GRAPHENE_POINT_INIT (title->rect.x + title->rect.width,
                                                                         title->rect.y + title->rect.height),
                                                   &end));
          graphene_rect_init (&title_bounds, start.x, start.y, end.x - start.x, end.y - start.y);

          kc_test_collect_descendants (card, GTK_TYPE_MENU_BUTTON, buttons);
          g_assert_cmpuint (buttons->len, ==, 1);
          g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (buttons, 0), card, &button_bounds));
          g_assert_cmpfloat (button_bounds.size.width, >, 0);
          g_assert_false (graphene_rect_intersection (&title_bounds, &button_bounds, NULL));
        }
      g_assert_cmpuint (n_titles, ==, cards->len);

      gtk_window_destroy (window);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/dashboard-view/cards", test_cards);
  g_test_add_func ("/dashboard-view/headline-figures", test_headline_figures);
  g_test_add_func ("/dashboard-view/open-indicator", test_open_indicator);
  g_test_add_func ("/dashboard-view/card-menu", test_card_menu);
  g_test_add_func ("/dashboard-view/palette-setting", test_palette_setting);
  g_test_add_func ("/dashboard-view/reflow", test_reflow);
  g_test_add_func ("/dashboard-view/offscreen-charts", test_offscreen_charts);
  g_test_add_func ("/dashboard-view/even-figures", test_even_figures);
  g_test_add_func ("/dashboard-view/empty", test_empty);
  g_test_add_func ("/dashboard-view/title-clear-of-menu", test_title_clear_of_menu);

  return g_test_run ();
}
