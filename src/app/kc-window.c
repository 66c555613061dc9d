/* kc-window.c
 * The main window: header bar, the three views, toasts, drops, recent
 * files, saved size. Loading is in kc-window-load.c. */
#define G_LOG_DOMAIN "kc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-chart-data-window.h"
#include "kc-window.h"
#include "kc-window-private.h"

/* How many recent files the Open button's menu lists. */
#define N_RECENT_ITEMS 8

G_DEFINE_FINAL_TYPE (KcWindow, kc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_PROBLEMS_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

KcWindow *
kc_window_new (KcApplication *application)
{
  g_return_val_if_fail (KC_IS_APPLICATION (application), NULL);

  return g_object_new (KC_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
kc_window_add_toast (KcWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (KC_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_set_object (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

AdwToast *
_kc_window_get_last_toast (KcWindow *self)
{
  return self->last_toast;
}

GListModel *
kc_window_get_requested_files (KcWindow *self)
{
  g_return_val_if_fail (KC_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->requested_files);
}

KcDataset *
kc_window_get_dataset (KcWindow *self)
{
  g_return_val_if_fail (KC_IS_WINDOW (self), NULL);

  return self->dataset;
}

static void
kc_window_update_switcher_bar (KcWindow *self)
{
  gboolean views = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "views") == 0;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, views);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    views && adw_view_switcher_title_get_title_visible (self->switcher_title));
}

void
_kc_window_update_content (KcWindow *self)
{
  /* Before the bundled data arrives the views stay, empty, rather than
   * flash the empty state for a few milliseconds. */
  gboolean empty = self->dataset == NULL && self->bundled_cancellable == NULL;

  gtk_stack_set_visible_child_name (self->main_stack, empty ? "empty" : "views");
  kc_window_update_switcher_bar (self);
}

static void
kc_window_update_title (KcWindow *self)
{
  g_autofree char *window_title = NULL;
  g_autofree char *subtitle = NULL;
  const char *title;

  title = self->dataset != NULL ? kc_dataset_get_title (self->dataset) : "";
  if (*title == '\0')
    {
      adw_view_switcher_title_set_title (self->switcher_title, _("Kechuang"));
      adw_view_switcher_title_set_subtitle (self->switcher_title, "");
      gtk_window_set_title (GTK_WINDOW (self), _("Kechuang"));
      return;
    }

  if (self->inputs->len == 0)
    subtitle = g_strdup (_("Bundled sample data"));
  else
    {
      guint n = kc_dataset_get_n_files (self->dataset);

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files", n), n);
    }

  /* Translators: the window title: the dataset's name, then the app's */
  window_title = g_strdup_printf (_("%s – Kechuang"), title);
  adw_view_switcher_title_set_title (self->switcher_title, title);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void kc_window_open_indicator_cb (KcWindow   *self,
                                         const char *indicator_id);

/* The Indicators and Directory pages cost more to build than the window
 * around them, so the window starts with an empty AdwBin in their place
 * and builds each page when it is first shown or needed, or after the
 * first frame with data (see kc_window_sync_idle_cb). */
KcIndicatorView *
_kc_window_get_indicator_view (KcWindow *self)
{
  if (self->indicator_view == NULL)
    {
      self->indicator_view = KC_INDICATOR_VIEW (kc_indicator_view_new ());
      adw_bin_set_child (self->indicator_bin, GTK_WIDGET (self->indicator_view));
    }
  if (kc_indicator_view_get_dataset (self->indicator_view) != self->dataset)
    kc_indicator_view_set_dataset (self->indicator_view, self->dataset);

  return self->indicator_view;
}

KcDirectoryView *
_kc_window_get_directory_view (KcWindow *self)
{
  if (self->directory_view == NULL)
    {
      self->directory_view = KC_DIRECTORY_VIEW (kc_directory_view_new ());
      g_signal_connect_object (self->directory_view, "open-indicator",
                               G_CALLBACK (kc_window_open_indicator_cb), self, G_CONNECT_SWAPPED);
      adw_bin_set_child (self->directory_bin, GTK_WIDGET (self->directory_view));
    }
  if (kc_directory_view_get_dataset (self->directory_view) != self->dataset)
    kc_directory_view_set_dataset (self->directory_view, self->dataset);

  return self->directory_view;
}

/* Whether each page shows the dataset; a page not built yet does not
 * need to before there is one. */
static gboolean
kc_window_indicators_in_sync (KcWindow *self)
{
  return self->indicator_view != NULL
         ? kc_indicator_view_get_dataset (self->indicator_view) == self->dataset
         : self->dataset == NULL;
}

static gboolean
kc_window_directory_in_sync (KcWindow *self)
{
  return self->directory_view != NULL
         ? kc_directory_view_get_dataset (self->directory_view) == self->dataset
         : self->dataset == NULL;
}

static gboolean
kc_window_views_in_sync (KcWindow *self)
{
  return kc_dashboard_view_get_dataset (self->dashboard_view) == self->dataset &&
         kc_window_indicators_in_sync (self) &&
         kc_window_directory_in_sync (self);
}

/* Gives the shown dataset to the visible page, building it if need be. */
static void
kc_window_sync_visible_view (KcWindow *self)
{
  const char *visible = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (visible, "dashboard") == 0 &&
      kc_dashboard_view_get_dataset (self->dashboard_view) != self->dataset)
    kc_dashboard_view_set_dataset (self->dashboard_view, self->dataset);
  else if (g_strcmp0 (visible, "indicators") == 0)
    _kc_window_get_indicator_view (self);
  else if (g_strcmp0 (visible, "directory") == 0)
    _kc_window_get_directory_view (self);
}

/* Brings one page not on screen up to date, building it if need be: one
 * a run, so that the main loop can draw and take input between them. */
static gboolean
kc_window_sync_idle_cb (gpointer user_data)
{
  KcWindow *self = user_data;

  if (kc_dashboard_view_get_dataset (self->dashboard_view) != self->dataset)
    kc_dashboard_view_set_dataset (self->dashboard_view, self->dataset);
  else if (!kc_window_indicators_in_sync (self))
    _kc_window_get_indicator_view (self);
  else if (!kc_window_directory_in_sync (self))
    _kc_window_get_directory_view (self);

  if (!kc_window_views_in_sync (self))
    return G_SOURCE_CONTINUE;

  self->sync_source = 0;
  return G_SOURCE_REMOVE;
}

static void
kc_window_cancel_sync (KcWindow *self)
{
  g_clear_handle_id (&self->sync_source, g_source_remove);
  /* A frame clock disposed with its surface took the handler with it. */
  if (self->sync_clock != NULL &&
      g_signal_handler_is_connected (self->sync_clock, self->sync_paint_handler))
    g_signal_handler_disconnect (self->sync_clock, self->sync_paint_handler);
  self->sync_paint_handler = 0;
  g_clear_object (&self->sync_clock);
}

static void
kc_window_schedule_sync (KcWindow *self)
{
  kc_window_cancel_sync (self);
  self->sync_source = g_idle_add_full (G_PRIORITY_LOW, kc_window_sync_idle_cb, self, NULL);
}

static void
kc_window_after_paint_cb (KcWindow *self)
{
  /* One frame only: from here, an idle does the rest. */
  kc_window_schedule_sync (self);
}

static void
kc_window_visible_page_cb (KcWindow *self)
{
  kc_window_sync_visible_view (self);
}

void
_kc_window_set_dataset (KcWindow  *self,
                        KcDataset *dataset)
{
  if (!g_set_object (&self->dataset, dataset))
    {
      /* Still the end of a load: it may have been waiting for this one. */
      _kc_window_update_content (self);
      return;
    }

  kc_window_sync_visible_view (self);
  kc_window_update_title (self);
  _kc_window_update_content (self);

  /* The pages not on screen follow once the visible one has been drawn:
   * filling the indicator list and the directory costs more than the
   * dashboard, and the first frame should not wait for them. */
  if (!kc_window_views_in_sync (self))
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      if (clock != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
        {
          kc_window_cancel_sync (self);
          self->sync_clock = g_object_ref (clock);
          self->sync_paint_handler = g_signal_connect_swapped (clock, "after-paint",
                                                               G_CALLBACK (kc_window_after_paint_cb),
                                                               self);
        }
      else
        kc_window_schedule_sync (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

static void
kc_window_open_indicator_cb (KcWindow   *self,
                             const char *indicator_id)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "indicators");
  kc_indicator_view_select (_kc_window_get_indicator_view (self), indicator_id);
}

static void
kc_window_flap_revealed_cb (KcWindow *self)
{
  /* The panel is hidden while the flap is closed (a closed flap still
   * measures its child): shown as the flap opens, hidden once closed. */
  if (adw_flap_get_reveal_flap (self->flap))
    gtk_widget_set_visible (GTK_WIDGET (self->problems_panel), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS_VISIBLE]);
}

static void
kc_window_flap_progress_cb (KcWindow *self)
{
  if (!adw_flap_get_reveal_flap (self->flap) && adw_flap_get_reveal_progress (self->flap) <= 0)
    gtk_widget_set_visible (GTK_WIDGET (self->problems_panel), FALSE);
}

static void
kc_window_open_list (KcWindow   *self,
                     GListModel *model)
{
  guint n_files = g_list_model_get_n_items (model);
  GFile **files = g_new0 (GFile *, n_files);

  for (guint i = 0; i < n_files; i++)
    files[i] = g_list_model_get_item (model, i);

  kc_window_open_files (self, files, n_files);

  for (guint i = 0; i < n_files; i++)
    g_object_unref (files[i]);
  g_free (files);
}

static GListStore *
kc_window_create_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (csv, _("CSV Files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "tsv");
  g_list_store_append (filters, csv);

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, all);

  return filters;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
kc_window_report_dialog_error (KcWindow *self,
                               GError   *error)
{
  g_autofree char *escaped = NULL;

  if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    return;

  escaped = g_markup_escape_text (error->message, -1);
  kc_window_add_toast (self, adw_toast_new (escaped));
}

static void
kc_window_files_chosen_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(KcWindow) self = user_data;
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GError) error = NULL;

  files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (source), result, &error);
  if (files == NULL)
    kc_window_report_dialog_error (self, error);
  else
    kc_window_open_list (self, files);
}

static void
kc_window_folder_chosen_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(KcWindow) self = user_data;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;

  folder = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (source), result, &error);
  if (folder == NULL)
    kc_window_report_dialog_error (self, error);
  else
    kc_window_open_files (self, &folder, 1);
}

static void
kc_window_choose (KcWindow *self,
                  gboolean  folder)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_modal (dialog, TRUE);

  if (folder)
    {
      gtk_file_dialog_set_title (dialog, _("Open Folder"));
      gtk_file_dialog_select_folder (dialog, GTK_WINDOW (self), NULL,
                                     kc_window_folder_chosen_cb,
                                     g_object_ref (self));
    }
  else
    {
      g_autoptr(GListStore) filters = kc_window_create_filters ();
      g_autoptr(GtkFileFilter) csv = g_list_model_get_item (G_LIST_MODEL (filters), 0);

      gtk_file_dialog_set_title (dialog, _("Open Data Files"));
      gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
      gtk_file_dialog_set_default_filter (dialog, csv);
      gtk_file_dialog_open_multiple (dialog, GTK_WINDOW (self), NULL,
                                     kc_window_files_chosen_cb,
                                     g_object_ref (self));
    }
}
#else
static void
kc_window_chooser_response_cb (KcWindow             *self,
                               int                   response,
                               GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      kc_window_open_list (self, files);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
kc_window_choose (KcWindow *self,
                  gboolean  folder)
{
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  chooser = gtk_file_chooser_native_new (folder ? _("Open Folder") : _("Open Data Files"),
                                         GTK_WINDOW (self),
                                         folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  if (!folder)
    {
      g_autoptr(GListStore) filters = kc_window_create_filters ();

      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filters)); i++)
        {
          g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);

          gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
        }
    }

  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (kc_window_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  self->chooser = chooser;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
#endif

static void
kc_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  kc_window_choose (KC_WINDOW (widget), FALSE);
}

static void
kc_window_open_folder_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  kc_window_choose (KC_WINDOW (widget), TRUE);
}

/* The shortcuts window is built when first asked for, not with every main
 * window as GtkApplication does with gtk/help-overlay.ui: it is a large
 * tree of labels that most start-ups never show. */
static void
kc_window_show_help_overlay_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PATH "/kc-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
kc_window_show_page_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  KcWindow *self = KC_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  /* The parameter can come from anywhere (accelerators, D-Bus): ignore
   * names that are not pages rather than warn. */
  GtkWidget *page = adw_view_stack_get_child_by_name (self->view_stack, name);
  GtkWidget *focus;

  if (page == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, name);

  /* Alt+2 from the Open button left the focus there: it goes to the
   * page's first control (the indicators' filter, the directory's
   * search), unless it is in the page already. */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus == NULL || !gtk_widget_is_ancestor (focus, page))
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static void
kc_window_open_recent_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  kc_window_open_files (KC_WINDOW (widget), &file, 1);
}

static void
kc_window_reload_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  kc_window_reload (KC_WINDOW (widget));
}

static void
kc_window_cancel_load_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  kc_window_cancel_load (KC_WINDOW (widget));
}

static void
kc_window_find_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KcWindow *self = KC_WINDOW (widget);

  /* On the Indicators page, its filter; anywhere else the directory's. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "indicators") == 0)
    {
      kc_indicator_view_focus_search (_kc_window_get_indicator_view (self));
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, "directory");
  kc_directory_view_focus_search (_kc_window_get_directory_view (self));
}

static void
kc_window_show_chart_data_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  KcWindow *self = KC_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const KcChartDef *def = NULL;
  KcChartDataWindow *data_window;

  if (self->dataset != NULL)
    def = kc_dataset_find_chart (self->dataset, id);

  if (def == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (id, -1);
      g_autofree char *title = g_strdup_printf (_("There is no chart “%s” in this dataset"), escaped);

      kc_window_add_toast (self, adw_toast_new (title));
      return;
    }

  data_window = kc_chart_data_window_new (GTK_WINDOW (self), self->dataset, def);
  gtk_window_present (GTK_WINDOW (data_window));
}

static void
kc_window_save_state (KcWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  /* The default size follows the unmaximized size as the user resizes. */
  if (!maximized)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  g_settings_apply (self->settings);
}

static void
kc_window_restore_state (KcWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* Menu labels read "_" as a mnemonic: double it to show it. */
static char *
escape_mnemonic (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

static int
compare_recent_info (gconstpointer a,
                     gconstpointer b)
{
  GtkRecentInfo *x = *(GtkRecentInfo **) a;
  GtkRecentInfo *y = *(GtkRecentInfo **) b;

  /* Newest first. */
  return g_date_time_compare (gtk_recent_info_get_modified (y),
                              gtk_recent_info_get_modified (x));
}

/* What was opened, not what was saved: GTK's file chooser records the
 * exports too (a PNG, a PDF), under this app's name. */
static gboolean
kc_window_is_recent_data (GtkRecentInfo *info)
{
  static const char *const data_types[] = {
    "text/csv", "text/tab-separated-values", "text/plain", "inode/directory",
  };
  const char *type = gtk_recent_info_get_mime_type (info);

  for (guint i = 0; i < G_N_ELEMENTS (data_types); i++)
    if (g_strcmp0 (type, data_types[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
kc_window_update_recent (KcWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  const char *app_name = g_get_application_name ();
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (manager);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, app_name) && gtk_recent_info_exists (info)
          && kc_window_is_recent_data (info))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, compare_recent_info);

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; i < MIN (infos->len, N_RECENT_ITEMS); i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autofree char *label = escape_mnemonic (gtk_recent_info_get_display_name (info));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_menu, item);
    }

  /* The section and its heading only when there is something in it. */
  if (g_menu_model_get_n_items (G_MENU_MODEL (self->open_menu)) > 1)
    g_menu_remove (self->open_menu, 1);
  if (infos->len > 0)
    g_menu_append_section (self->open_menu, _("Recent Files"), G_MENU_MODEL (self->recent_menu));
}

static GdkDragAction
kc_window_drop_enter_cb (KcWindow      *self,
                         double         x,
                         double         y,
                         GtkDropTarget *target)
{
  gtk_widget_set_visible (GTK_WIDGET (self->drop_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->drop_revealer, TRUE);

  return GDK_ACTION_COPY;
}

static void
kc_window_free_monitor (GFileMonitor *monitor)
{
  g_file_monitor_cancel (monitor);
  g_object_unref (monitor);
}

/* A revealer that is not revealed is still measured, child and all: the
 * drop hint and the load bar are hidden once they have gone. */
static void
kc_window_hide_when_unrevealed_cb (GtkRevealer *revealer)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

static void
kc_window_drop_leave_cb (KcWindow *self)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
}

static gboolean
kc_window_drop_cb (KcWindow      *self,
                   const GValue  *value,
                   double         x,
                   double         y,
                   GtkDropTarget *target)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  GSList *list;

  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  /* The list is ours to free; the files stay the value's. */
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  g_slist_free (list);
  if (files->len == 0)
    return FALSE;

  kc_window_open_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

static gboolean
kc_window_close_request (GtkWindow *window)
{
  kc_window_save_state (KC_WINDOW (window));

  return GTK_WINDOW_CLASS (kc_window_parent_class)->close_request (window);
}

static void
kc_window_constructed (GObject *object)
{
  G_OBJECT_CLASS (kc_window_parent_class)->constructed (object);

  /* Not in init: setting the construct properties would undo maximize. */
  kc_window_restore_state (KC_WINDOW (object));
}

static void
kc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KcWindow *self = KC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_PROBLEMS_VISIBLE:
      /* The flap is gone once the template is disposed. */
      g_value_set_boolean (value, self->flap != NULL && adw_flap_get_reveal_flap (self->flap));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KcWindow *self = KC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROBLEMS_VISIBLE:
      /* The flap notifies, and kc_window_flap_revealed_cb() with it. */
      if (self->flap != NULL)
        adw_flap_set_reveal_flap (self->flap, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_window_dispose (GObject *object)
{
  KcWindow *self = KC_WINDOW (object);

#if !GTK_CHECK_VERSION (4, 10, 0)
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
#endif

  _kc_window_dispose_load (self);
  kc_window_cancel_sync (self);
  g_clear_object (&self->last_toast);

  gtk_widget_dispose_template (GTK_WIDGET (self), KC_TYPE_WINDOW);
  /* They went with their AdwBins. */
  self->indicator_view = NULL;
  self->directory_view = NULL;

  G_OBJECT_CLASS (kc_window_parent_class)->dispose (object);
}

static void
kc_window_unrealize (GtkWidget *widget)
{
  KcWindow *self = KC_WINDOW (widget);

  /* The frame clock goes with the surface: an idle fills the other pages
   * instead of the next frame that will not come. */
  if (self->sync_clock != NULL)
    kc_window_schedule_sync (self);

  GTK_WIDGET_CLASS (kc_window_parent_class)->unrealize (widget);
}

static void
kc_window_finalize (GObject *object)
{
  KcWindow *self = KC_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->requested_files);
  g_clear_object (&self->dataset);
  g_clear_object (&self->recent_menu);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_clear_pointer (&self->monitors, g_ptr_array_unref);

  G_OBJECT_CLASS (kc_window_parent_class)->finalize (object);
}

static void
kc_window_class_init (KcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kc_window_constructed;
  object_class->dispose = kc_window_dispose;
  object_class->finalize = kc_window_finalize;
  object_class->get_property = kc_window_get_property;
  object_class->set_property = kc_window_set_property;

  widget_class->unrealize = kc_window_unrealize;
  window_class->close_request = kc_window_close_request;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL,
                         KC_TYPE_DATASET,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEMS_VISIBLE] =
    g_param_spec_boolean ("problems-visible", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template names these types before they are used elsewhere. */
  g_type_ensure (KC_TYPE_DASHBOARD_VIEW);
  g_type_ensure (KC_TYPE_PROBLEMS_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KcWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, open_menu);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, problems_button);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, load_revealer);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, load_label);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, content_overlay);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, drop_revealer);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, problems_panel);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, dashboard_view);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, indicator_bin);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, directory_bin);
  gtk_widget_class_bind_template_callback (widget_class, kc_window_update_switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, kc_window_flap_revealed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kc_window_flap_progress_cb);
  gtk_widget_class_bind_template_callback (widget_class, kc_window_hide_when_unrevealed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kc_window_open_indicator_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, kc_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, kc_window_open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", kc_window_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, kc_window_reload_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, kc_window_cancel_load_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-problems", "problems-visible");
  gtk_widget_class_install_action (widget_class, "win.find", NULL, kc_window_find_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, kc_window_show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", kc_window_show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-chart-data", "s", kc_window_show_chart_data_action);
  _kc_window_class_init_export (widget_class);
}

static void
kc_window_init (KcWindow *self)
{
  /* First, so that the data is read while the widgets are built: it is
   * then usually there before the first frame. */
  _kc_window_load_bundled (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (kc_window_visible_page_cb), self, G_CONNECT_SWAPPED);

  self->requested_files = g_list_store_new (G_TYPE_FILE);
  self->settings = g_settings_new (APP_ID);
  self->inputs = g_ptr_array_new_with_free_func (g_object_unref);
  self->monitors = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_window_free_monitor);
  self->recent_menu = g_menu_new ();

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", FALSE);

  self->drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (self->drop_target, "enter", G_CALLBACK (kc_window_drop_enter_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "leave", G_CALLBACK (kc_window_drop_leave_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (kc_window_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->content_overlay), GTK_EVENT_CONTROLLER (self->drop_target));

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (kc_window_update_recent), self, G_CONNECT_SWAPPED);
  kc_window_update_recent (self);

  kc_window_update_title (self);
  _kc_window_update_content (self);
}
