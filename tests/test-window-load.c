/* test-window-load.c
 * The window with data: the bundled dataset, opening files with problems,
 * broken files, cancelling, reloading changed files, drops, recent files,
 * the views' signals and the chart data window. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kc-application.h"
#include "kc-chart-data-window.h"
#include "kc-dashboard-card.h"
#include "kc-dashboard-view.h"
#include "kc-directory-view.h"
#include "kc-indicator-view.h"
#include "kc-loader.h"
#include "kc-problems-panel.h"
#include "kc-test-utils.h"
#include "kc-window-private.h"
#include "kc-window.h"

/* Generous: the machine is shared, and each wait ends as soon as the
 * condition holds. */
#define WAIT_MS 8000

static KcApplication *app;

static const char indicators_csv[] =
  "id,name,unit,kind\n"
  "output,产值,亿元,amount\n"
  "rate,产值率,%,ratio\n";

static const char observations_csv[] =
  "indicator,region,period,value\n"
  "output,北仑区,2016,110\n"
  "output,北仑区,2017,120\n"
  "rate,北仑区,2017,30\n";

typedef gboolean (*Condition) (gpointer data);

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds or @timeout_ms pass. */
static gboolean
wait_for (Condition condition,
          gpointer  data,
          guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint waker = g_timeout_add (10, keep_waking, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (waker);

  return met;
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint waker = g_timeout_add (10, keep_waking, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (waker);
}

static gboolean
has_dataset (gpointer window)
{
  return kc_window_get_dataset (window) != NULL;
}

static gboolean
views_have_dataset (gpointer data)
{
  KcWindow *window = data;
  KcDataset *dataset = kc_window_get_dataset (window);

  /* The pages not on screen are built after the first frame. */
  return window->indicator_view != NULL && window->directory_view != NULL &&
         kc_indicator_view_get_dataset (window->indicator_view) == dataset &&
         kc_directory_view_get_dataset (window->directory_view) == dataset;
}

static gboolean
is_idle (gpointer window)
{
  return !kc_window_is_loading (window);
}

typedef struct
{
  KcWindow   *window;
  const char *title;
} ToastWait;

static gboolean
has_toast (gpointer data)
{
  ToastWait *wait = data;
  AdwToast *toast = _kc_window_get_last_toast (wait->window);

  return toast != NULL && g_strcmp0 (adw_toast_get_title (toast), wait->title) == 0;
}

static const char *
last_toast_title (KcWindow *window)
{
  AdwToast *toast = _kc_window_get_last_toast (window);

  return toast != NULL ? adw_toast_get_title (toast) : NULL;
}

static void
destroy_and_finalize (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

/* A window showing the bundled dataset, loaded synchronously. */
static KcWindow *
new_window_with_bundled (void)
{
  KcWindow *window = g_object_ref (kc_window_new (app));
  g_autoptr(GError) error = NULL;
  g_autoptr(KcDataset) bundled = kc_dataset_load_bundled (&error);

  g_assert_no_error (error);
  kc_window_set_dataset (window, bundled);
  g_assert_true (kc_window_get_dataset (window) == bundled);

  return window;
}

static void
open_paths (KcWindow   *window,
            const char *first,
            ...)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  const char *path;
  va_list args;

  va_start (args, first);
  for (path = first; path != NULL; path = va_arg (args, const char *))
    g_ptr_array_add (files, g_file_new_for_path (path));
  va_end (args);

  kc_window_open_files (window, (GFile **) files->pdata, files->len);
  g_assert_true (kc_window_is_loading (window));
  g_assert_true (wait_for (is_idle, window, WAIT_MS));
}

static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (find_label (child, text))
      return TRUE;

  return FALSE;
}

static gboolean
panel_shows_row (gpointer data)
{
  KcWindow *window = data;

  return find_label (GTK_WIDGET (window->problems_panel), "entities.csv:4:1");
}

static guint
count_cards (GtkWidget *widget)
{
  guint n = KC_IS_DASHBOARD_CARD (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_cards (child);

  return n;
}

static void
test_bundled_at_start (void)
{
  KcWindow *window = g_object_ref (kc_window_new (app));
  KcDataset *dataset;
  g_autofree char *title = NULL;

  /* The bundled data arrives in the background, without a progress bar. */
  g_assert_false (kc_window_is_loading (window));
  g_assert_true (wait_for (has_dataset, window, WAIT_MS));
  dataset = kc_window_get_dataset (window);

  g_assert_cmpuint (kc_dataset_get_n_indicators (dataset), >, 30);
  g_assert_cmpuint (kc_dataset_get_n_dashboard_charts (dataset), >, 5);
  g_assert_cmpstr (kc_dataset_get_title (dataset), ==, "Beilun District, 2017");
  g_assert_cmpstr (adw_view_switcher_title_get_title (window->switcher_title), ==, "Beilun District, 2017");
  title = g_strdup_printf ("%s – Kechuang", kc_dataset_get_title (dataset));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "views");

  /* The page on screen has it at once, the others right after, and the
   * dashboard shows a card per chart. */
  g_assert_true (kc_dashboard_view_get_dataset (window->dashboard_view) == dataset);
  g_assert_true (wait_for (views_have_dataset, window, WAIT_MS));
  g_assert_true (kc_indicator_view_get_dataset (window->indicator_view) == dataset);
  g_assert_true (kc_directory_view_get_dataset (window->directory_view) == dataset);
  g_assert_cmpuint (count_cards (GTK_WIDGET (window->dashboard_view)), ==,
                    kc_dataset_get_n_dashboard_charts (dataset));

  /* No problems: nothing to show. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->problems_button)));

  destroy_and_finalize (window);
}

static void
test_views_signals (void)
{
  KcWindow *window = new_window_with_bundled ();
  GtkWidget *focus;

  g_signal_emit_by_name (window->dashboard_view, "open-indicator", "hightech-output");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "indicators");
  g_assert_cmpstr (kc_indicator_view_get_selected (window->indicator_view), ==, "hightech-output");

  adw_view_stack_set_visible_child_name (window->view_stack, "directory");
  g_signal_emit_by_name (window->directory_view, "open-indicator", "patents-granted");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "indicators");
  g_assert_cmpstr (kc_indicator_view_get_selected (window->indicator_view), ==, "patents-granted");

  /* Ctrl+F on the Indicators page: their filter. */
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for ((Condition) gtk_widget_get_mapped, window, WAIT_MS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  iterate_for (50);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "indicators");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (window->indicator_view)));
  g_assert_true (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY) != NULL || GTK_IS_SEARCH_ENTRY (focus));

  /* Alt+3 moves the focus into the page it shows. */
  gtk_widget_grab_focus (GTK_WIDGET (window->open_button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "directory"));
  iterate_for (50);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (window->directory_view)));

  /* Anywhere else: the directory's search. */
  adw_view_stack_set_visible_child_name (window->view_stack, "dashboard");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  iterate_for (50);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "directory");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (window->directory_view)));

  destroy_and_finalize (window);
}

/* Runs what @widget's shortcuts bind to @keyval without modifiers, as a
 * key press in it would. */
static gboolean
activate_key_shortcut (GtkWidget *widget,
                       guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static void
test_open_with_problems (void)
{
  static const char observations[] =
    "indicator,region,period,value\n"
    "output,北仑区,2016,110\n"
    "output,北仑区,2017,abc\n"
    "rate,北仑区,2017,30\n";
  /* A dangling partner (a warning, line 2) and a duplicate id (an error,
   * line 4): the panel lists the error first. */
  static const char entities[] =
    "id,name,kind,partners\n"
    "a,甲公司,enterprise,zzz\n"
    "b,乙公司,enterprise,\n"
    "b,丙公司,enterprise,\n";
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *a = kc_test_write_file (dir, "indicators.csv", indicators_csv, -1);
  g_autofree char *b = kc_test_write_file (dir, "observations.csv", observations, -1);
  g_autofree char *c = kc_test_write_file (dir, "entities.csv", entities, -1);
  KcWindow *window = new_window_with_bundled ();
  KcDataset *bundled = kc_window_get_dataset (window);
  KcDataset *dataset;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *value_error = NULL, *duplicate = NULL, *dangling = NULL;
  guint duplicate_index = 0, dangling_index = 0;

  open_paths (window, dir, NULL);

  /* The good rows are shown… */
  dataset = kc_window_get_dataset (window);
  g_assert_true (dataset != bundled);
  g_assert_cmpuint (kc_dataset_get_n_indicators (dataset), ==, 2);
  g_assert_cmpuint (kc_entity_table_get_n_rows (kc_dataset_get_entities (dataset)), ==, 2);

  /* …and a toast offers the problems. */
  g_assert_cmpstr (last_toast_title (window), ==, "3 problems in 2 files");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->problems_button)));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  g_signal_emit_by_name (_kc_window_get_last_toast (window), "button-clicked");
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (gtk_toggle_button_get_active (window->problems_button));
  g_assert_true (kc_problems_panel_get_dataset (window->problems_panel) == dataset);

  /* file:line:col, code and message, errors before warnings. */
  text = kc_problems_panel_dup_text (window->problems_panel);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "observations.csv:3:4: bad-value: ") != NULL)
        value_error = lines[i];
      else if (strstr (lines[i], "entities.csv:4:1: duplicate-id: ") != NULL)
        {
          duplicate = lines[i];
          duplicate_index = i;
        }
      else if (strstr (lines[i], "entities.csv:2:4: dangling-reference: ") != NULL)
        {
          dangling = lines[i];
          dangling_index = i;
        }
    }
  g_assert_nonnull (value_error);
  g_assert_true (g_str_has_prefix (value_error, dir));
  g_assert_nonnull (strstr (value_error, "“abc”"));
  g_assert_nonnull (duplicate);
  g_assert_nonnull (dangling);
  g_assert_cmpuint (duplicate_index, <, dangling_index);
  /* Copied as --check prints it: a warning says so. */
  g_assert_nonnull (strstr (dangling, ": dangling-reference: warning: "));
  /* The rows show where, too, once the panel is on screen. */
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (panel_shows_row, window, WAIT_MS));
  g_assert_true (find_label (GTK_WIDGET (window->problems_panel), "observations.csv:3:4"));
  g_assert_true (find_label (GTK_WIDGET (window->problems_panel), "entities.csv:4:1"));

  /* The header button closes it again (F8 does the same)… */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-problems", NULL));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));

  /* …and Escape in the panel. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-problems", NULL));
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (activate_key_shortcut (GTK_WIDGET (window->problems_panel), GDK_KEY_Escape));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));

  destroy_and_finalize (window);
  kc_test_remove_tree (dir);
}

static guint
count_labels_with_class (GtkWidget  *widget,
                         const char *css_class)
{
  guint n = GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_labels_with_class (child, css_class);
  return n;
}

static gboolean
panel_shows_first_row (gpointer data)
{
  KcWindow *window = data;

  return find_label (GTK_WIDGET (window->problems_panel), "entities.csv:2:4");
}

/* Thousands of problems: the panel makes rows only for what it shows,
 * and none while it is closed (a box of 1,000 rows of wrapped text took
 * a second to measure at every change of the window's size). */
static void
test_many_problems (void)
{
  g_autoptr(GString) entities = g_string_new ("id,name,kind,partners\n");
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = NULL;
  KcWindow *window = new_window_with_bundled ();
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint shown;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (entities, "e%u,公司%u,enterprise,missing%u\n", i, i, i);
  path = kc_test_write_file (dir, "entities.csv", entities->str, entities->len);

  open_paths (window, path, NULL);
  g_assert_cmpuint (kc_entity_table_get_n_rows (kc_dataset_get_entities (kc_window_get_dataset (window))), ==, 5000);
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  iterate_for (100);
  g_assert_cmpuint (count_labels_with_class (GTK_WIDGET (window->problems_panel), "caption-heading"), ==, 0);

  /* Copy All takes every problem kept, not only the rows on screen. */
  text = kc_problems_panel_dup_text (window->problems_panel);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1000 + 1);
  g_assert_nonnull (strstr (lines[0], "entities.csv:2:4: dangling-reference: warning: "));

  gtk_window_present (GTK_WINDOW (window));
  iterate_for (100);
  g_assert_cmpuint (count_labels_with_class (GTK_WIDGET (window->problems_panel), "caption-heading"), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-problems", NULL));
  g_assert_true (wait_for (panel_shows_first_row, window, WAIT_MS));
  iterate_for (100);
  shown = count_labels_with_class (GTK_WIDGET (window->problems_panel), "caption-heading");
  g_assert_cmpuint (shown, >, 0);
  g_test_message ("rows made: %u", shown);
  g_assert_cmpuint (shown, <, 60);

  destroy_and_finalize (window);
  kc_test_remove_tree (dir);
}

static void
test_broken_file_keeps_data (void)
{
  static const guint8 garbage[] = { 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0xff, 0xfe, 0, 1, 2, 3 };
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *broken = kc_test_write_file (dir, "broken.csv", garbage, sizeof garbage);
  KcWindow *window = new_window_with_bundled ();
  KcDataset *bundled = kc_window_get_dataset (window);
  g_autofree char *text = NULL;

  open_paths (window, broken, NULL);

  g_assert_true (kc_window_get_dataset (window) == bundled);
  g_assert_cmpstr (last_toast_title (window), ==,
                   "Nothing could be read from “broken.csv”; the data shown is kept");
  /* The reason is shown at once. */
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  text = kc_problems_panel_dup_text (window->problems_panel);
  g_assert_true (g_str_has_prefix (text, broken));
  g_assert_nonnull (strstr (text, ": binary-file: "));

  /* A file that does not exist is the same. */
  open_paths (window, "/nonexistent/kc-test/observations.csv", NULL);
  g_assert_true (kc_window_get_dataset (window) == bundled);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "views");

  destroy_and_finalize (window);
  kc_test_remove_tree (dir);
}

static gboolean
indicator_view_is_empty (gpointer data)
{
  KcWindow *window = data;

  return kc_indicator_view_get_dataset (window->indicator_view) == NULL;
}

/* A page built early (here the Indicators, on screen) follows the data
 * away too, and a page never built is not built for no data. */
static void
test_lazy_pages_follow (void)
{
  KcWindow *window = g_object_ref (kc_window_new (app));
  g_autoptr(GError) error = NULL;
  g_autoptr(KcDataset) bundled = kc_dataset_load_bundled (&error);

  g_assert_no_error (error);
  g_assert_null (window->indicator_view);
  g_assert_null (window->directory_view);
  kc_window_set_dataset (window, NULL);
  adw_view_stack_set_visible_child_name (window->view_stack, "indicators");
  g_assert_nonnull (window->indicator_view);
  g_assert_null (window->directory_view);

  /* The data goes before the Directory was built. */
  kc_window_set_dataset (window, bundled);
  g_assert_true (kc_indicator_view_get_dataset (window->indicator_view) == bundled);
  adw_view_stack_set_visible_child_name (window->view_stack, "dashboard");
  kc_window_set_dataset (window, NULL);
  g_assert_true (wait_for (indicator_view_is_empty, window, WAIT_MS));
  iterate_for (100);
  g_assert_null (window->directory_view);

  kc_window_set_dataset (window, bundled);
  g_assert_true (wait_for (views_have_dataset, window, WAIT_MS));

  destroy_and_finalize (window);
}

/* Closed before the frame that was to fill the other pages: the frame
 * clock goes first, and nothing may be left waiting on it. */
static void
test_close_before_next_frame (void)
{
  KcWindow *window = g_object_ref (kc_window_new (app));
  g_autoptr(GError) error = NULL;
  g_autoptr(KcDataset) bundled = kc_dataset_load_bundled (&error);

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for ((Condition) gtk_widget_get_mapped, window, WAIT_MS));
  kc_window_set_dataset (window, bundled);
  destroy_and_finalize (window);
}

static void
test_empty_state (void)
{
  KcWindow *window = new_window_with_bundled ();
  GtkWidget *empty;

  kc_window_set_dataset (window, NULL);
  g_assert_null (kc_window_get_dataset (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "empty");
  empty = gtk_stack_get_visible_child (window->main_stack);
  g_assert_true (ADW_IS_STATUS_PAGE (empty));
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (window->switcher_title));
  g_assert_false (adw_view_switcher_bar_get_reveal (window->switcher_bar));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Kechuang");

  /* A failed load leaves it empty, with the problems. */
  open_paths (window, "/nonexistent/kc-test/observations.csv", NULL);
  g_assert_null (kc_window_get_dataset (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "empty");
  g_assert_cmpstr (last_toast_title (window), ==, "Nothing could be read from “observations.csv”");

  destroy_and_finalize (window);
}

static gboolean
has_progress (gpointer data)
{
  KcWindow *window = data;

  return gtk_progress_bar_get_fraction (window->progress_bar) > 0.0 || !kc_window_is_loading (window);
}

static void
test_cancel_keeps_data (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "big.csv", NULL);
  g_autoptr(GString) big = g_string_new ("indicator,region,period,value\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  KcWindow *window = new_window_with_bundled ();
  KcDataset *bundled = kc_window_get_dataset (window);

  /* Some 20 MB: long enough to see the progress before it ends. */
  for (guint i = 0; i < 600000; i++)
    g_string_append_printf (big, "indicator-%u,region-%u,%u,%u.5\n", i % 997, i % 13, 1990 + i % 30, i);
  g_file_set_contents (path, big->str, big->len, &error);
  g_assert_no_error (error);

  kc_window_open_files (window, &file, 1);
  g_assert_true (kc_window_is_loading (window));
  g_assert_true (gtk_revealer_get_reveal_child (window->load_revealer));
  g_assert_cmpstr (gtk_label_get_text (window->load_label), ==, "Loading “big.csv”…");
  g_assert_true (wait_for (has_progress, window, WAIT_MS));
  g_assert_true (kc_window_is_loading (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL));
  g_assert_false (kc_window_is_loading (window));
  g_assert_false (gtk_revealer_get_reveal_child (window->load_revealer));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->cancel_button)));
  g_assert_cmpstr (last_toast_title (window), ==, "Loading stopped; the data shown is kept");

  /* The thread ends later: what it read is dropped. */
  iterate_for (1500);
  g_assert_true (kc_window_get_dataset (window) == bundled);

  destroy_and_finalize (window);
  kc_test_remove_tree (dir);
}

static double
latest_value (KcDataset  *dataset,
              const char *indicator_id)
{
  const KcIndicator *indicator = kc_dataset_find_indicator (dataset, indicator_id);
  const KcSeries *series = kc_dataset_get_series (dataset, indicator, "北仑区");

  return kc_series_get_latest (series)->value;
}

static void
test_reload_on_change (void)
{
  static const char changed[] =
    "indicator,region,period,value\n"
    "output,北仑区,2016,110\n"
    "output,北仑区,2017,125.5\n"
    "output,北仑区,2018,131\n"
    "rate,北仑区,2017,30\n";
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *a = kc_test_write_file (dir, "indicators.csv", indicators_csv, -1);
  g_autofree char *b = kc_test_write_file (dir, "observations.csv", observations_csv, -1);
  g_autofree char *lock = NULL;
  KcWindow *window = new_window_with_bundled ();
  KcDataset *before;
  ToastWait wait = { window, NULL };
  g_autofree char *folder_name = g_path_get_basename (dir);
  g_autofree char *reading = g_strdup_printf ("Reading “%s” again…", folder_name);

  /* Nothing to read again in the bundled data. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL);
  g_assert_false (kc_window_is_loading (window));

  open_paths (window, dir, NULL);
  before = kc_window_get_dataset (window);
  g_assert_cmpfloat (latest_value (before, "output"), ==, 120);
  g_assert_cmpstr (last_toast_title (window), ==, NULL);

  /* An editor's lock file is not data: nothing is reloaded. */
  lock = kc_test_write_file (dir, ".~lock.observations.csv#", "x", -1);
  iterate_for (900);
  g_assert_true (kc_window_get_dataset (window) == before);

  /* F5 reads the files again even when nothing was seen to change. */
  wait.title = "No changes";
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  g_assert_cmpstr (gtk_label_get_text (window->load_label), ==, reading);
  g_assert_true (wait_for (has_toast, &wait, WAIT_MS));
  before = kc_window_get_dataset (window);

  wait.title = "1 value changed, 1 added";
  g_free (kc_test_write_file (dir, "observations.csv", changed, -1));
  g_assert_true (wait_for (has_toast, &wait, WAIT_MS));
  g_assert_true (kc_window_get_dataset (window) != before);
  g_assert_cmpfloat (latest_value (kc_window_get_dataset (window), "output"), ==, 131);
  g_assert_false (kc_window_is_loading (window));

  destroy_and_finalize (window);
  kc_test_remove_tree (dir);
}

static void
test_failed_reload_keeps_data (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = kc_test_write_file (dir, "observations.csv", observations_csv, -1);
  KcWindow *window = new_window_with_bundled ();
  KcDataset *before;
  ToastWait wait = { window, "“observations.csv” could not be read again; the data shown is kept" };

  open_paths (window, path, NULL);
  before = kc_window_get_dataset (window);
  g_assert_cmpfloat (latest_value (before, "output"), ==, 120);

  g_free (kc_test_write_file (dir, "observations.csv", "\xff\xfe\x00\x00\x01\x02binary", 12));
  g_assert_true (wait_for (has_toast, &wait, WAIT_MS));
  g_assert_true (kc_window_get_dataset (window) == before);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->problems_button)));

  /* Fixed again: it reloads, and says what changed since the data shown. */
  wait.title = "No changes";
  g_free (kc_test_write_file (dir, "observations.csv", observations_csv, -1));
  g_assert_true (wait_for (has_toast, &wait, WAIT_MS));
  g_assert_true (kc_window_get_dataset (window) != before);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->problems_button)));

  /* A typo in a figure would drop a value the user has: the reload
   * fails, the value stays, and the problem is listed. */
  before = kc_window_get_dataset (window);
  wait.title = "“observations.csv” has new problems; the data shown is kept";
  g_free (kc_test_write_file (dir, "observations.csv",
                              "indicator,region,period,value\n"
                              "output,北仑区,2016,110\n"
                              "output,北仑区,2017,12O\n"
                              "rate,北仑区,2017,30\n", -1));
  g_assert_true (wait_for (has_toast, &wait, WAIT_MS));
  g_assert_true (kc_window_get_dataset (window) == before);
  g_assert_cmpfloat (latest_value (before, "output"), ==, 120);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->problems_button)));

  /* And fixed: no changes against the data shown. */
  wait.title = "No changes";
  g_free (kc_test_write_file (dir, "observations.csv", observations_csv, -1));
  g_assert_true (wait_for (has_toast, &wait, WAIT_MS));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->problems_button)));

  destroy_and_finalize (window);
  kc_test_remove_tree (dir);
}

static GtkDropTarget *
find_drop_target (KcWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window->content_overlay));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

static void
test_drop_files (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *a = kc_test_write_file (dir, "indicators.csv", indicators_csv, -1);
  g_autofree char *b = kc_test_write_file (dir, "observations.csv", observations_csv, -1);
  GFile *files[] = { g_file_new_for_path (a), g_file_new_for_path (b) };
  KcWindow *window = new_window_with_bundled ();
  KcDataset *bundled = kc_window_get_dataset (window);
  GtkDropTarget *target = find_drop_target (window);
  const GdkContentFormats *formats;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  formats = gtk_drop_target_get_formats (target);
  g_assert_true (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST));
  g_assert_true (gtk_drop_target_get_actions (target) & GDK_ACTION_COPY);

  /* Nothing to open: refused. */
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (files, 0));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_false (accepted);
  g_assert_false (kc_window_is_loading (window));
  g_value_unset (&value);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (files, G_N_ELEMENTS (files)));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  g_assert_true (kc_window_is_loading (window));
  g_assert_true (wait_for (is_idle, window, WAIT_MS));

  g_assert_true (kc_window_get_dataset (window) != bundled);
  g_assert_cmpuint (kc_dataset_get_n_files (kc_window_get_dataset (window)), ==, 2);
  g_assert_cmpuint (kc_dataset_get_n_indicators (kc_window_get_dataset (window)), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  destroy_and_finalize (window);
  kc_test_remove_tree (dir);
}

typedef struct
{
  KcWindow   *window;
  const char *uri;
} RecentWait;

/* The Open button's menu: a section with the folder, then the recent
 * files, newest first. */
static gboolean
recent_menu_lists (gpointer data)
{
  RecentWait *wait = data;
  GMenuModel *menu = adw_split_button_get_menu_model (wait->window->open_button);
  g_autoptr(GMenuModel) section = NULL;
  g_autofree char *action = NULL;
  g_autofree char *target = NULL;

  if (g_menu_model_get_n_items (menu) < 2)
    return FALSE;

  section = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  if (section == NULL || g_menu_model_get_n_items (section) == 0)
    return FALSE;

  g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action);
  g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_TARGET, "s", &target);

  return g_strcmp0 (action, "win.open-recent") == 0 && g_strcmp0 (target, wait->uri) == 0;
}

static void
test_recent_files (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = kc_test_write_file (dir, "my_data.csv", observations_csv, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  KcWindow *window = new_window_with_bundled ();
  KcWindow *other = NULL;
  RecentWait wait = { window, uri };
  g_autoptr(GtkRecentInfo) info = NULL;
  GMenuModel *menu;
  g_autoptr(GMenuModel) section = NULL;
  g_autofree char *label = NULL;

  /* An export that GTK's file chooser recorded under the app's name is
   * not data to open again: only the data file is listed below. */
  {
    g_autofree char *png = kc_test_write_file (dir, "export.png", "\x89PNG", 4);
    g_autoptr(GFile) png_file = g_file_new_for_path (png);
    g_autofree char *png_uri = g_file_get_uri (png_file);
    GtkRecentData data = {
      .mime_type = (char *) "image/png",
      .app_name = (char *) g_get_application_name (),
      .app_exec = (char *) "kechuang %u",
    };

    g_assert_true (gtk_recent_manager_add_full (gtk_recent_manager_get_default (), png_uri, &data));
  }

  open_paths (window, path, NULL);
  info = gtk_recent_manager_lookup_item (gtk_recent_manager_get_default (), uri, NULL);
  g_assert_nonnull (info);
  g_assert_true (gtk_recent_info_has_application (info, g_get_application_name ()));
  g_assert_true (wait_for (recent_menu_lists, &wait, WAIT_MS));

  /* "_" is not a mnemonic there. */
  menu = adw_split_button_get_menu_model (window->open_button);
  section = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label);
  g_assert_cmpstr (label, ==, "my__data.csv");
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, 1);

  /* Another window opens it from there. */
  other = new_window_with_bundled ();
  wait.window = other;
  g_assert_true (wait_for (recent_menu_lists, &wait, WAIT_MS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (other), "win.open-recent", "s", uri));
  g_assert_true (wait_for (is_idle, other, WAIT_MS));
  g_assert_cmpstr (kc_dataset_get_title (kc_window_get_dataset (other)), ==, "my_data.csv");

  destroy_and_finalize (other);
  destroy_and_finalize (window);
  kc_test_remove_tree (dir);
}

static KcChartDataWindow *
find_chart_data_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (KC_IS_CHART_DATA_WINDOW (toplevel))
        return g_object_ref (KC_CHART_DATA_WINDOW (toplevel));
    }

  return NULL;
}

static void
test_show_chart_data (void)
{
  KcWindow *window = new_window_with_bundled ();
  KcChartDataWindow *data_window;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart-data", "s", "innovation-platforms"));
  data_window = find_chart_data_window ();
  g_assert_nonnull (data_window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (data_window)) == GTK_WINDOW (window));

  /* A header, then one row per platform kind, as on the chart. */
  text = kc_chart_data_window_dup_text (data_window);
  lines = g_strsplit (text, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "Category\t"));
  g_assert_cmpuint (g_strv_length (lines), ==, 6 + 2);
  g_assert_nonnull (strstr (text, "\t128\n"));
  g_assert_nonnull (strstr (text, "\t2\n"));
  g_assert_true (find_label (GTK_WIDGET (data_window), "128"));
  destroy_and_finalize (data_window);

  /* A KPI has one figure. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart-data", "s", "kpi-new-product-output"));
  data_window = find_chart_data_window ();
  g_clear_pointer (&text, g_free);
  text = kc_chart_data_window_dup_text (data_window);
  g_assert_nonnull (strstr (text, "\t128.7\n"));
  destroy_and_finalize (data_window);

  /* An id the dataset does not have. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-chart-data", "s", "no-such-chart"));
  g_assert_null (find_chart_data_window ());
  g_assert_cmpstr (last_toast_title (window), ==, "There is no chart “no-such-chart” in this dataset");

  destroy_and_finalize (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("LOCALEDIR_OVERRIDE");
  g_autofree char *data_home = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Recent files go to a private folder, not the user's list. */
  data_home = g_dir_make_tmp ("kc-test-data-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  kc_test_bus_start ();
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = g_object_new (KC_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/window-load/bundled", test_bundled_at_start);
  g_test_add_func ("/window-load/views-signals", test_views_signals);
  g_test_add_func ("/window-load/problems", test_open_with_problems);
  g_test_add_func ("/window-load/many-problems", test_many_problems);
  g_test_add_func ("/window-load/broken-file", test_broken_file_keeps_data);
  g_test_add_func ("/window-load/empty-state", test_empty_state);
  g_test_add_func ("/window-load/lazy-pages", test_lazy_pages_follow);
  g_test_add_func ("/window-load/close-before-next-frame", test_close_before_next_frame);
  g_test_add_func ("/window-load/cancel", test_cancel_keeps_data);
  g_test_add_func ("/window-load/reload", test_reload_on_change);
  g_test_add_func ("/window-load/failed-reload", test_failed_reload_keeps_data);
  g_test_add_func ("/window-load/drop", test_drop_files);
  g_test_add_func ("/window-load/recent", test_recent_files);
  g_test_add_func ("/window-load/chart-data", test_show_chart_data);

  status = g_test_run ();

  g_object_unref (app);
  kc_test_bus_stop ();
  kc_test_remove_tree (data_home);
  return status;
}
