/* test-window.c
 * The app shell: window template, actions, accelerators and the help
 * overlay, preferences, About, saved window state, opening from argv. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kc-application.h"
#include "kc-chart-render.h"
#include "kc-dashboard-view.h"
#include "kc-directory-view.h"
#include "kc-format.h"
#include "kc-indicator-row.h"
#include "kc-indicator-view.h"
#include "kc-preferences-window.h"
#include "kc-tooltip.h"
#include "kc-problems-panel.h"
#include "kc-test-utils.h"
#include "kc-window.h"
#include "kc-window-private.h"

static KcApplication *app;

static KcApplication *
new_test_application (void)
{
  /* The real id, so that the resource base path (and with it the help
   * overlay) is the app's; non-unique, so no bus name is needed. */
  return g_object_new (KC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}

static void
iterate_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

/* Destroys a window held by an extra reference, and fails on a leak. */
static void
destroy_and_finalize (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_main_loop ();
  g_assert_finalize_object (window);
}

static gboolean
class_has_action (GType       type,
                  const char *action_name,
                  const char *parameter_type)
{
  GtkWidgetClass *klass = g_type_class_peek (type);
  const char *name, *property;
  const GVariantType *ptype;
  GType owner;

  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &name, &ptype, &property); i++)
    {
      if (g_str_equal (name, action_name))
        {
          if (parameter_type == NULL)
            return ptype == NULL;
          return ptype != NULL && g_str_equal (g_variant_type_peek_string (ptype), parameter_type);
        }
    }

  return FALSE;
}

static void
test_window_template (void)
{
  const struct
  {
    const char *name;
    const char *title;
    const char *icon;
    GType       view;
  } pages[] = {
    { "dashboard", "Dashboard", "kc-dashboard-symbolic", KC_TYPE_DASHBOARD_VIEW },
    { "indicators", "Indicators", "kc-indicators-symbolic", KC_TYPE_INDICATOR_VIEW },
    { "directory", "Directory", "kc-directory-symbolic", KC_TYPE_DIRECTORY_VIEW },
  };
  KcWindow *window = g_object_ref (kc_window_new (app));
  AdwViewStack *stack = template_child (window, KC_TYPE_WINDOW, "view_stack");
  AdwViewSwitcherTitle *switcher_title = template_child (window, KC_TYPE_WINDOW, "switcher_title");
  AdwViewSwitcherBar *switcher_bar = template_child (window, KC_TYPE_WINDOW, "switcher_bar");
  AdwSplitButton *open_button = template_child (window, KC_TYPE_WINDOW, "open_button");
  GtkStack *main_stack = template_child (window, KC_TYPE_WINDOW, "main_stack");
  AdwStatusPage *empty_page = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (main_stack, "empty"));
  GtkMenuButton *menu_button = template_child (window, KC_TYPE_WINDOW, "primary_menu_button");
  g_autoptr(GtkSelectionModel) page_model = NULL;
  KcIndicatorView *indicator_view;
  KcDirectoryView *directory_view;
  GMenuModel *menu;
  GHashTable *menu_actions;
  GtkIconTheme *icon_theme;

  g_assert_true (ADW_IS_HEADER_BAR (template_child (window, KC_TYPE_WINDOW, "header_bar")));
  g_assert_true (ADW_IS_TOAST_OVERLAY (template_child (window, KC_TYPE_WINDOW, "toast_overlay")));
  g_assert_true (adw_view_switcher_title_get_stack (switcher_title) == stack);
  g_assert_true (adw_view_switcher_bar_get_stack (switcher_bar) == stack);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open_button)), ==, "win.open");

  page_model = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page_model)), ==, G_N_ELEMENTS (pages));
  icon_theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (page_model), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, pages[i].name);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, pages[i].title);
      g_assert_cmpstr (adw_view_stack_page_get_icon_name (page), ==, pages[i].icon);
      /* The page icons come from our resources, not from the icon theme. */
      g_assert_true (gtk_icon_theme_has_icon (icon_theme, pages[i].icon));
      /* The dashboard is there from the start; the other pages are
       * built when first needed, in the page's AdwBin. */
      if (i == 0)
        {
          g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (child, pages[i].view));
          g_assert_true (child == GTK_WIDGET (window->dashboard_view));
        }
      else
        {
          g_assert_true (ADW_IS_BIN (child));
          g_assert_null (adw_bin_get_child (ADW_BIN (child)));
        }
    }
  indicator_view = _kc_window_get_indicator_view (window);
  directory_view = _kc_window_get_directory_view (window);
  g_assert_true (KC_IS_INDICATOR_VIEW (indicator_view));
  g_assert_true (KC_IS_DIRECTORY_VIEW (directory_view));
  g_assert_true (adw_bin_get_child (window->indicator_bin) == GTK_WIDGET (indicator_view));
  g_assert_true (adw_bin_get_child (window->directory_bin) == GTK_WIDGET (directory_view));
  g_assert_true (_kc_window_get_indicator_view (window) == indicator_view);

  /* Without data, a status page says what to do, with buttons to do it. */
  g_assert_cmpuint (strlen (adw_status_page_get_title (empty_page)), >, 0);
  g_assert_cmpuint (strlen (adw_status_page_get_description (empty_page)), >, 40);
  g_assert_true (ADW_IS_FLAP (template_child (window, KC_TYPE_WINDOW, "flap")));
  g_assert_true (KC_IS_PROBLEMS_PANEL (template_child (window, KC_TYPE_WINDOW, "problems_panel")));
  g_assert_true (gtk_icon_theme_has_icon (icon_theme, APP_ID));
  g_assert_true (gtk_icon_theme_has_icon (icon_theme, APP_ID "-symbolic"));

  /* The primary menu reaches every dialog. */
  menu = gtk_menu_button_get_menu_model (menu_button);
  g_assert_nonnull (menu);
  menu_actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      g_assert_nonnull (section);
      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          char *action = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_hash_table_add (menu_actions, action);
        }
      g_object_unref (section);
    }
  g_assert_true (g_hash_table_contains (menu_actions, "win.open"));
  g_assert_true (g_hash_table_contains (menu_actions, "win.open-folder"));
  g_assert_true (g_hash_table_contains (menu_actions, "app.preferences"));
  g_assert_true (g_hash_table_contains (menu_actions, "win.show-help-overlay"));
  g_assert_true (g_hash_table_contains (menu_actions, "app.about"));
  g_hash_table_unref (menu_actions);

  destroy_and_finalize (window);
}

static void
test_window_actions (void)
{
  KcWindow *window = g_object_ref (kc_window_new (app));
  AdwViewStack *stack = template_child (window, KC_TYPE_WINDOW, "view_stack");

  g_assert_true (class_has_action (KC_TYPE_WINDOW, "win.open", NULL));
  g_assert_true (class_has_action (KC_TYPE_WINDOW, "win.open-folder", NULL));
  g_assert_true (class_has_action (KC_TYPE_WINDOW, "win.show-page", "s"));
  g_assert_true (class_has_action (KC_TYPE_WINDOW, "win.open-recent", "s"));
  g_assert_true (class_has_action (KC_TYPE_WINDOW, "win.reload", NULL));
  g_assert_true (class_has_action (KC_TYPE_WINDOW, "win.cancel-load", NULL));
  g_assert_true (class_has_action (KC_TYPE_WINDOW, "win.find", NULL));
  g_assert_true (class_has_action (KC_TYPE_WINDOW, "win.show-chart-data", "s"));
  /* A toggle: a stateful action without parameter. */
  g_assert_true (class_has_action (KC_TYPE_WINDOW, "win.show-problems", NULL));

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "dashboard");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "directory"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "directory");
  /* An unknown page name is ignored, not an error. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "no-such-page"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "directory");

  destroy_and_finalize (window);
}

static void
test_window_open_dialog (void)
{
  KcWindow *window = g_object_ref (kc_window_new (app));
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *dialog = NULL;

  gtk_window_present (GTK_WINDOW (window));
  /* The chooser exists as soon as it is shown; the main loop does not
   * run until it is gone. GTK 4.8's path bar never frees the file info
   * that its first folder query returns, unless the chooser is destroyed
   * first, which cancels the query. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          g_strcmp0 (gtk_window_get_title (toplevel), "Open Data Files") == 0)
        dialog = toplevel;
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (dialog));

  /* Cancel lets the chooser go and opens nothing. */
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_assert_cmpuint (g_list_model_get_n_items (kc_window_get_requested_files (window)), ==, 0);
  iterate_main_loop ();
  g_assert_cmpuint (g_list_model_get_n_items (kc_window_get_requested_files (window)), ==, 0);

  destroy_and_finalize (window);
}

static void
test_window_open_files (void)
{
  KcWindow *window = g_object_ref (kc_window_new (app));
  GListModel *requested = kc_window_get_requested_files (window);
  GFile *files[] = {
    g_file_new_for_path ("/nonexistent/indicators.csv"),
    g_file_new_for_path ("/nonexistent/a & <b>.csv"),
  };

  g_assert_cmpuint (g_list_model_get_n_items (requested), ==, 0);
  kc_window_open_files (window, files, 0);
  g_assert_cmpuint (g_list_model_get_n_items (requested), ==, 0);

  /* A name with markup characters must not break the toast. */
  kc_window_open_files (window, &files[1], 1);
  kc_window_open_files (window, files, G_N_ELEMENTS (files));
  g_assert_cmpuint (g_list_model_get_n_items (requested), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (requested, i);

      g_assert_true (g_file_equal (file, files[i == 0 ? 1 : i - 1]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  destroy_and_finalize (window);
}

static void
test_window_state_restored (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KcWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 912);
  g_settings_set_int (settings, "window-height", 634);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  window = g_object_ref (kc_window_new (app));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 912);
  g_assert_cmpint (height, ==, 634);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));
  destroy_and_finalize (window);

  /* A maximized window comes back maximized, and closing it keeps the
   * unmaximized size for later. */
  g_settings_set_boolean (settings, "window-maximized", TRUE);
  window = g_object_ref (kc_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  iterate_main_loop ();
  g_assert_true (gtk_window_is_maximized (GTK_WINDOW (window)));
  gtk_window_close (GTK_WINDOW (window));
  iterate_main_loop ();
  g_assert_finalize_object (window);
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 912);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 634);
  g_settings_reset (settings, "window-maximized");
}

static void
test_window_state_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KcWindow *window;

  g_settings_set_int (settings, "window-width", 800);
  g_settings_set_int (settings, "window-height", 600);
  g_settings_set_boolean (settings, "window-maximized", TRUE);
  window = g_object_ref (kc_window_new (app));
  /* Closing needs a realized window, as when the user closes it. */
  gtk_window_unmaximize (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  iterate_main_loop ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  iterate_main_loop ();
  gtk_window_close (GTK_WINDOW (window));
  iterate_main_loop ();
  g_assert_finalize_object (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1024);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_accels_in_help_overlay (void)
{
  KcWindow *window = g_object_ref (kc_window_new (app));
  g_auto(GStrv) described = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkShortcutsWindow *overlay;
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();

  /* The shortcuts window is built when first shown. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  /* It goes with its window; a reference kept past that would make GTK
   * disconnect from the finalized window. */
  g_object_add_weak_pointer (G_OBJECT (overlay), (gpointer *) &overlay);

  /* Collect the action of every shortcut shown in the overlay. */
  g_ptr_array_add (todo, overlay);
  while (todo->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (todo, todo->len - 1);

      if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
        {
          char *action_name = NULL;
          g_autofree char *accelerator = NULL;

          /* An application action, or a key that a widget handles where
           * the focus is (Escape in the problems panel, Ctrl+C in the
           * values table), shown with its key. */
          g_object_get (widget, "action-name", &action_name, "accelerator", &accelerator, NULL);
          if (action_name != NULL)
            g_hash_table_add (shown, action_name);
          else
            g_assert_true (accelerator != NULL && *accelerator != '\0');
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (todo, child);
    }

  /* Every accelerator is listed, and every listed shortcut has one. */
  g_assert_cmpuint (g_strv_length (described), >=, 9);
  for (guint i = 0; described[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), described[i]);

      g_assert_nonnull (accels[0]);
      if (!g_hash_table_contains (shown, described[i]))
        g_error ("%s has an accelerator but is not in the shortcuts window", described[i]);
    }
  g_assert_cmpuint (g_hash_table_size (shown), ==, g_strv_length (described));

  /* And every action of the window that needs no parameter (an id or a
   * URI) has an accelerator. */
  {
    GtkWidgetClass *klass = g_type_class_peek (KC_TYPE_WINDOW);
    const char *name, *property;
    const GVariantType *ptype;
    GType owner;

    for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &name, &ptype, &property); i++)
      {
        g_auto(GStrv) accels = NULL;

        if (owner != KC_TYPE_WINDOW || ptype != NULL)
          continue;
        accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), name);
        if (accels[0] == NULL)
          g_error ("%s has no accelerator", name);
      }
  }

  iterate_main_loop ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  /* Shown again, it is the same window. */
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  destroy_and_finalize (window);
  g_assert_null (overlay);
}

static void
test_help_overlay_builds (void)
{
  GtkBuilder *builder = gtk_builder_new_from_resource (RESOURCE_PATH "/kc-shortcuts-window.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  g_object_ref (overlay);
  g_object_unref (builder);
  destroy_and_finalize (overlay);
}

static void
test_app_accels (void)
{
  static const struct
  {
    const char *action;
    const char *accel;
  } expected[] = {
    { "app.quit", "<Control>q" },
    { "app.preferences", "<Control>comma" },
    { "win.open", "<Control>o" },
    { "win.show-help-overlay", "<Control>question" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), expected[i].action);
      guint key, parsed_key;
      GdkModifierType mods, parsed_mods;

      g_assert_nonnull (accels[0]);
      g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
      g_assert_true (gtk_accelerator_parse (expected[i].accel, &parsed_key, &parsed_mods));
      g_assert_cmpuint (key, ==, parsed_key);
      g_assert_cmpuint (mods, ==, parsed_mods);
    }

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
}

static void
assert_combo_follows_key (KcPreferencesWindow *prefs,
                          GSettings           *settings,
                          const char          *row_name,
                          const char          *key,
                          const char * const  *labels)
{
  AdwComboRow *row = template_child (prefs, KC_TYPE_PREFERENCES_WINDOW, row_name);
  GListModel *model = adw_combo_row_get_model (row);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) nicks = NULL;
  const char *kind;

  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &kind, &nicks);
  g_assert_cmpstr (kind, ==, "enum");

  /* One item per enum value, in schema order, both ways. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_variant_n_children (nicks));
  for (guint i = 0; i < g_variant_n_children (nicks); i++)
    {
      const char *nick;
      g_autofree char *value = NULL;

      g_variant_get_child (nicks, i, "&s", &nick);
      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), i), ==, labels[i]);

      g_settings_set_string (settings, key, nick);
      g_assert_cmpuint (adw_combo_row_get_selected (row), ==, i);

      g_settings_reset (settings, key);
      adw_combo_row_set_selected (row, i);
      value = g_settings_get_string (settings, key);
      g_assert_cmpstr (value, ==, nick);
    }
  g_settings_reset (settings, key);
}

static void
test_preferences (void)
{
  static const char * const style_labels[] = { "Follow System", "Light", "Dark" };
  static const char * const palette_labels[] = { "GNOME", "Color-Blind Safe", "Grayscale" };
  static const char * const number_labels[] = { "Follow Language", "Grouped (1,234.5)", "Plain (1234.5)" };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KcWindow *window = g_object_ref (kc_window_new (app));
  KcPreferencesWindow *prefs = g_object_ref (kc_preferences_window_new (GTK_WINDOW (window)));
  GtkEditable *credit_row = template_child (prefs, KC_TYPE_PREFERENCES_WINDOW, "credit_row");
  g_autofree char *credit = NULL;

  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (window));
  assert_combo_follows_key (prefs, settings, "style_row", "style-variant", style_labels);
  assert_combo_follows_key (prefs, settings, "palette_row", "chart-palette", palette_labels);
  assert_combo_follows_key (prefs, settings, "number_format_row", "number-format", number_labels);

  g_settings_set_string (settings, "export-credit", "Beilun S&T Bureau");
  g_assert_cmpstr (gtk_editable_get_text (credit_row), ==, "Beilun S&T Bureau");
  gtk_editable_set_text (credit_row, "宁波日报制图");
  credit = g_settings_get_string (settings, "export-credit");
  g_assert_cmpstr (credit, ==, "宁波日报制图");
  g_settings_reset (settings, "export-credit");

  destroy_and_finalize (prefs);
  destroy_and_finalize (window);
}

static void
test_preferences_action (void)
{
  KcWindow *window = g_object_ref (kc_window_new (app));
  GListModel *toplevels = gtk_window_get_toplevels ();
  KcPreferencesWindow *prefs = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (KC_IS_PREFERENCES_WINDOW (toplevel))
        prefs = g_object_ref (KC_PREFERENCES_WINDOW (toplevel));
    }
  g_assert_nonnull (prefs);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (window));

  destroy_and_finalize (prefs);
  destroy_and_finalize (window);
}

static void
test_style_follows_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AdwStyleManager *manager = adw_application_get_style_manager (ADW_APPLICATION (app));

  g_settings_set_string (settings, "style-variant", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));
  g_settings_set_string (settings, "style-variant", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (manager));
  g_settings_set_string (settings, "style-variant", "follow");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);
}

/* The value of the first row as the indicator view's table shows it. */
static char *
dup_first_value (KcIndicatorView *view)
{
  GtkColumnView *column_view = template_child (view, KC_TYPE_INDICATOR_VIEW, "column_view");
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (column_view));
  g_autoptr(KcIndicatorRow) row = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
  row = g_list_model_get_item (model, 0);
  return g_strdup (kc_indicator_row_get_value_text (row));
}

static void
test_number_format_follows_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KcWindow *window = g_object_ref (kc_window_new (app));
  KcIndicatorView *view = _kc_window_get_indicator_view (window);
  g_autofree char *grouped = NULL;
  g_autofree char *plain = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (kc_indicator_view_get_dataset (view) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (kc_indicator_view_get_dataset (view));
  g_assert_true (kc_indicator_view_select (view, "patents-granted"));

  /* English writes 3,251 by default; "plain" drops the separator in the
   * table and for the charts (kc-format), "grouped" keeps it. */
  g_settings_set_string (settings, "number-format", "locale");
  g_assert_cmpint (kc_format_get_digit_grouping (), ==, KC_DIGIT_GROUPING_LANGUAGE);
  grouped = dup_first_value (view);
  g_assert_nonnull (strstr (grouped, "3,251"));

  g_settings_set_string (settings, "number-format", "plain");
  g_assert_cmpint (kc_format_get_digit_grouping (), ==, KC_DIGIT_GROUPING_NEVER);
  plain = dup_first_value (view);
  g_assert_nonnull (strstr (plain, "3251"));
  g_assert_null (strstr (plain, "3,251"));

  g_settings_set_string (settings, "number-format", "grouped");
  g_assert_cmpint (kc_format_get_digit_grouping (), ==, KC_DIGIT_GROUPING_ALWAYS);
  g_settings_reset (settings, "number-format");
  g_assert_cmpint (kc_format_get_digit_grouping (), ==, KC_DIGIT_GROUPING_LANGUAGE);

  destroy_and_finalize (window);
}

static void
test_about (void)
{
  KcWindow *window = g_object_ref (kc_window_new (app));
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwAboutWindow *about = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        about = g_object_ref (ADW_ABOUT_WINDOW (toplevel));
    }
  g_assert_nonnull (about);

  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Kechuang");
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, PACKAGE_WEBSITE);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));

  destroy_and_finalize (about);
  destroy_and_finalize (window);
}

typedef struct
{
  GFile    *expected;
  guint     n_requested;
  gboolean  expected_found;
} OpenFromArgs;

/* With paths on the command line, activate follows open: look at what the
 * window was asked to open, then close it so that the application ends. */
static void
open_from_args_activate_cb (GApplication *application,
                            OpenFromArgs *state)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));
  GListModel *requested;

  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (KC_IS_WINDOW (windows->data));

  requested = kc_window_get_requested_files (windows->data);
  state->n_requested = g_list_model_get_n_items (requested);
  for (guint i = 0; i < state->n_requested; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (requested, i);

      if (g_file_equal (file, state->expected))
        state->expected_found = TRUE;
    }

  gtk_window_destroy (windows->data);
}

static void
test_open_from_command_line (void)
{
  /* Its own id: a second instance exported at the first one's object path
   * on a shared session bus would fail to register. */
  g_autoptr(KcApplication) second = g_object_new (KC_TYPE_APPLICATION,
                                                  "application-id", APP_ID ".TestCommandLine",
                                                  "resource-base-path", RESOURCE_PATH,
                                                  "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                                                  NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *abs = g_build_filename (cwd, "beilun", "indicators.csv", NULL);
  char *argv[] = { (char *) "kechuang", (char *) "beilun/indicators.csv", NULL };
  OpenFromArgs state = { 0 };
  int status;

  state.expected = g_file_new_for_path (abs);
  g_signal_connect_after (second, "activate", G_CALLBACK (open_from_args_activate_cb), &state);
  status = g_application_run (G_APPLICATION (second), 2, argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (state.n_requested, ==, 1);
  g_assert_true (state.expected_found);
  g_object_unref (state.expected);
}

static gboolean
query_tooltip (GtkWidget  *widget,
               GtkTooltip *tooltip)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &handled);
  return handled;
}

/* GTK 4.8 sized a tooltip by its number of characters, too narrow for
 * Chinese ("主菜单" one character a line): the app's widgets show their
 * tooltips in a label of its own, as wide as up to 50 characters. */
static void
test_tooltips_fit_chinese (void)
{
  GtkWidget *button = g_object_ref_sink (gtk_button_new ());
  GtkWidget *menu_button = g_object_ref_sink (gtk_menu_button_new ());
  GtkWidget *plain = g_object_ref_sink (gtk_button_new ());
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  GtkLabel *label;

  kc_tooltip_install_handlers ();
  gtk_widget_set_tooltip_text (button, "主菜单");
  gtk_widget_set_tooltip_text (menu_button, "图表 <菜单>");

  g_assert_true (query_tooltip (button, tooltip));
  label = g_object_get_data (G_OBJECT (tooltip), "kc-tooltip-label");
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_cmpstr (gtk_label_get_text (label), ==, "主菜单");
  g_assert_cmpint (gtk_label_get_max_width_chars (label), ==, 50);

  /* Text, not markup, however it reads. */
  g_assert_true (query_tooltip (menu_button, tooltip));
  g_assert_cmpstr (gtk_label_get_text (label), ==, "图表 <菜单>");

  /* No tooltip, none shown. */
  g_assert_false (query_tooltip (plain, tooltip));

  g_object_unref (button);
  g_object_unref (menu_button);
  g_object_unref (plain);
}

/* Every tooltip in the window, GTK's and libadwaita's own too, is shown
 * in kc-tooltip's label: a kind of widget it did not know would fall
 * back to GTK 4.8's label, one Chinese character to a line. */
static void
test_window_tooltips_fit (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  KcWindow *window = g_object_ref (kc_window_new (app));
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  guint checked = 0;

  kc_tooltip_install_handlers ();
  kc_window_set_dataset (window, dataset);
  gtk_window_present (GTK_WINDOW (window));
  /* The pages other than the dashboard are filled after the first frame. */
  for (guint i = 0; i < 50; i++)
    kc_test_spin ();
  g_assert_nonnull (_kc_window_get_directory_view (window));

  kc_test_collect_descendants (GTK_WIDGET (window), GTK_TYPE_WIDGET, widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);
      const char *text = gtk_widget_get_tooltip_text (widget);
      GtkLabel *label;

      if (text == NULL)
        continue;
      g_assert_true (query_tooltip (widget, tooltip));
      label = g_object_get_data (G_OBJECT (tooltip), "kc-tooltip-label");
      if (label == NULL || g_strcmp0 (gtk_label_get_text (label), text) != 0)
        g_error ("the tooltip “%s” of a %s is shown in GTK's own label", text, G_OBJECT_TYPE_NAME (widget));
      checked++;
    }
  g_test_message ("%u tooltips checked", checked);
  g_assert_cmpuint (checked, >=, 10);

  destroy_and_finalize (window);
}

/* Chinese characters in an English interface are drawn as Simplified
 * Chinese: with no language of their own they took fontconfig's first
 * CJK font, Noto Sans CJK JP, whose forms of some are Japanese. */
static void
test_han_is_simplified (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("Output 直 引进"));
  PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (label));
  PangoLayoutLine *line;
  guint han = 0;

  g_assert_true (pango_script_get_sample_language (PANGO_SCRIPT_HAN) == pango_language_from_string ("zh-cn"));

  line = pango_layout_get_line_readonly (layout, 0);
  for (GSList *l = line->runs; l != NULL; l = l->next)
    {
      PangoGlyphItem *run = l->data;
      g_autoptr(PangoFontDescription) font = NULL;
      const char *text = pango_layout_get_text (layout) + run->item->offset;

      if (g_unichar_get_script (g_utf8_get_char (text)) != G_UNICODE_SCRIPT_HAN)
        continue;
      han++;
      g_assert_true (run->item->analysis.language == pango_language_from_string ("zh-cn"));
      font = pango_font_describe (run->item->analysis.font);
      /* Where a CJK font is installed, its Chinese one (CI installs Noto). */
      if (g_str_has_prefix (pango_font_description_get_family (font), "Noto Sans CJK"))
        g_assert_cmpstr (pango_font_description_get_family (font), ==, "Noto Sans CJK SC");
    }
  g_assert_cmpuint (han, >, 0);
  g_object_unref (label);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("LOCALEDIR_OVERRIDE");
  int status;

  setlocale (LC_ALL, "");
  /* As main() does. */
  kc_chart_prefer_simplified_han ();
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A private session bus: GtkApplication warns without one, and the
   * instances under test must not meet a running Kechuang. */
  kc_test_bus_start ();
  /* GTK's accessibility bus is not part of what is tested here. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = new_test_application ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/window/template", test_window_template);
  g_test_add_func ("/window/actions", test_window_actions);
  g_test_add_func ("/window/open-dialog", test_window_open_dialog);
  g_test_add_func ("/window/open-files", test_window_open_files);
  g_test_add_func ("/window/state-restored", test_window_state_restored);
  g_test_add_func ("/window/state-saved", test_window_state_saved);
  g_test_add_func ("/window/help-overlay", test_help_overlay_builds);
  g_test_add_func ("/window/accels-in-help-overlay", test_accels_in_help_overlay);
  g_test_add_func ("/application/accels", test_app_accels);
  g_test_add_func ("/application/style", test_style_follows_setting);
  g_test_add_func ("/application/number-format", test_number_format_follows_setting);
  g_test_add_func ("/application/about", test_about);
  g_test_add_func ("/application/preferences-action", test_preferences_action);
  g_test_add_func ("/application/open-from-command-line", test_open_from_command_line);
  g_test_add_func ("/preferences/bindings", test_preferences);
  g_test_add_func ("/tooltips/fit-chinese", test_tooltips_fit_chinese);
  g_test_add_func ("/tooltips/window", test_window_tooltips_fit);
  g_test_add_func ("/text/han-is-simplified", test_han_is_simplified);

  status = g_test_run ();

  g_object_unref (app);
  kc_test_bus_stop ();
  return status;
}
