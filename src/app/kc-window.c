/* kc-window.c
 * The main window: header bar, the three views, toasts, saved size. */
#define G_LOG_DOMAIN "kc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-window.h"

struct _KcWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  /* Every file asked to be opened, in order, as GFiles. */
  GListStore           *requested_files;
#if !GTK_CHECK_VERSION (4, 10, 0)
  /* Native dialogs are not kept alive by GTK while they are shown. */
  GtkFileChooserNative *chooser;
#endif

  /* Template children */
  AdwHeaderBar         *header_bar;
  GtkButton            *open_button;
  AdwViewSwitcherTitle *switcher_title;
  GtkMenuButton        *primary_menu_button;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
};

G_DEFINE_FINAL_TYPE (KcWindow, kc_window, ADW_TYPE_APPLICATION_WINDOW)

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

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GListModel *
kc_window_get_requested_files (KcWindow *self)
{
  g_return_val_if_fail (KC_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->requested_files);
}

static char *
kc_window_dup_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename == NULL)
    return g_file_get_parse_name (file);

  return g_filename_display_name (basename);
}

void
kc_window_open_files (KcWindow  *self,
                      GFile    **files,
                      guint      n_files)
{
  g_autofree char *name = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (KC_IS_WINDOW (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (n_files == 0)
    return;

  for (guint i = 0; i < n_files; i++)
    g_list_store_append (self->requested_files, files[i]);

  /* Reading data files arrives with the data layer; until then say
   * plainly that nothing was loaded. Toast titles are Pango markup. */
  name = kc_window_dup_display_name (files[0]);
  escaped = g_markup_escape_text (name, -1);
  if (n_files == 1)
    title = g_strdup_printf (_("“%s” was not opened: reading data files is not available yet"),
                             escaped);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "“%s” and %u other file were not opened: reading data files is not available yet",
                                          "“%s” and %u other files were not opened: reading data files is not available yet",
                                          n_files - 1),
                             escaped, n_files - 1);

  kc_window_add_toast (self, adw_toast_new (title));
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

static void
kc_window_show_page_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  KcWindow *self = KC_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  /* The parameter can come from anywhere (accelerators, D-Bus): ignore
   * names that are not pages rather than warn. */
  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
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
kc_window_dispose (GObject *object)
{
  KcWindow *self = KC_WINDOW (object);

#if !GTK_CHECK_VERSION (4, 10, 0)
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
#endif

  gtk_widget_dispose_template (GTK_WIDGET (self), KC_TYPE_WINDOW);

  G_OBJECT_CLASS (kc_window_parent_class)->dispose (object);
}

static void
kc_window_finalize (GObject *object)
{
  KcWindow *self = KC_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->requested_files);

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

  window_class->close_request = kc_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KcWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KcWindow, switcher_bar);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, kc_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, kc_window_open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", kc_window_show_page_action);
}

static void
kc_window_init (KcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->requested_files = g_list_store_new (G_TYPE_FILE);
  self->settings = g_settings_new (APP_ID);
}
