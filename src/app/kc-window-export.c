/* kc-window-export.c
 * The window's export, clipboard and print actions. */
#define G_LOG_DOMAIN "kc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-chart-builder.h"
#include "kc-chart-data.h"
#include "kc-chart-export.h"
#include "kc-chart-view.h"
#include "kc-csv-writer.h"
#include "kc-export-dialog.h"
#include "kc-print.h"
#include "kc-window-private.h"

/* The print settings chosen last, for the next print from this window. */
#define PRINT_SETTINGS_KEY "kc-print-settings"

static const char *
kc_window_get_page (KcWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  return name != NULL ? name : "";
}

static void
kc_window_toast (KcWindow   *self,
                 const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  kc_window_add_toast (self, adw_toast_new (escaped));
}

/* The chart with @id (a chart of the dataset, or an indicator), or with
 * an empty id the chart in view; NULL with a toast when there is none. */
static KcChartSpec *
kc_window_dup_chart (KcWindow   *self,
                     const char *id)
{
  const KcChartDef *def;
  const KcIndicator *indicator;

  if (*id == '\0')
    {
      KcChartSpec *spec = NULL;

      if (g_str_equal (kc_window_get_page (self), "indicators"))
        spec = kc_indicator_view_dup_current_spec (_kc_window_get_indicator_view (self));
      if (spec == NULL)
        kc_window_toast (self, _("No chart is shown"));
      return spec;
    }

  if (self->dataset == NULL)
    return NULL;

  def = kc_dataset_find_chart (self->dataset, id);
  if (def != NULL)
    return kc_chart_spec_from_def (self->dataset, def, KC_CHART_LANGUAGE_AUTO);

  indicator = kc_dataset_find_indicator (self->dataset, id);
  if (indicator != NULL)
    return kc_chart_spec_for_indicator (self->dataset, indicator, NULL,
                                        kc_chart_type_for_indicator (self->dataset, indicator),
                                        KC_CHART_MODE_VALUES, KC_CHART_LANGUAGE_AUTO);

  {
    g_autofree char *text = g_strdup_printf (_("There is no chart “%s”"), id);

    kc_window_toast (self, text);
  }

  return NULL;
}

/* ---- Tables ------------------------------------------------------------- */

static void
write_string_rows (KcCsvWriter *writer,
                   guint        max_rows,
                   gpointer     user_data)
{
  GPtrArray *rows = user_data;

  /* The header, then at most @max_rows rows. */
  for (guint i = 0; i < rows->len && (i == 0 || i - 1 < max_rows); i++)
    kc_csv_writer_add_row (writer, g_ptr_array_index (rows, i));
}

typedef struct
{
  KcEntityTable *table;
  GArray        *rows;   /* guint32 */
} EntityRows;

static void
entity_rows_free (EntityRows *data)
{
  kc_entity_table_unref (data->table);
  g_array_unref (data->rows);
  g_free (data);
}

static void
write_entity_rows (KcCsvWriter *writer,
                   guint        max_rows,
                   gpointer     user_data)
{
  EntityRows *data = user_data;
  guint n_columns = kc_entity_table_get_n_columns (data->table);
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint c = 0; c < n_columns; c++)
    if (kc_entity_table_has_column (data->table, c))
      {
        const char *name = kc_entity_table_get_column_name (data->table, c);

        /* A known column keeps a header the app reads back as that
         * column; otherwise its canonical English name. */
        if (c < KC_N_ENTITY_FIELDS && kc_entity_field_from_header (name) != (int) c)
          name = kc_entity_field_to_string (c);
        kc_csv_writer_add_text (writer, name);
        g_array_append_val (columns, c);
      }
  kc_csv_writer_end_row (writer);

  for (guint r = 0; r < data->rows->len && r < max_rows; r++)
    {
      guint32 row = g_array_index (data->rows, guint32, r);

      for (guint i = 0; i < columns->len; i++)
        {
          guint c = g_array_index (columns, guint, i);

          /* The year is a number; every other cell is text as written. */
          if (c == KC_ENTITY_FIELD_YEAR)
            kc_csv_writer_add_cell (writer, kc_entity_table_get (data->table, row, c));
          else
            kc_csv_writer_add_text (writer, kc_entity_table_get (data->table, row, c));
        }
      kc_csv_writer_end_row (writer);
    }
}

/* ---- Toasts after an export ---------------------------------------------- */

static void
exported_cb (KcExportDialog *dialog,
             GFile          *file,
             guint           n_files,
             KcWindow       *self)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (name != NULL ? name : "");
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (kc_export_dialog_get_format (dialog) != KC_EXPORT_FORMAT_CSV && n_files > 1)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u chart to “%s”",
                                         "Exported %u charts to “%s”", n_files),
                            n_files, display);
  else if (n_files > 1)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u file to “%s”",
                                         "Exported %u files to “%s”", n_files),
                            n_files, display);
  else
    text = g_strdup_printf (_("Exported “%s”"), display);

  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 8);
  if (n_files > 1)
    {
      adw_toast_set_button_label (toast, _("_Open Folder"));
      adw_toast_set_action_name (toast, "win.open-exported-file");
    }
  else
    {
      /* Two actions: the toast's own button shows the file in its folder,
       * a button in the title opens it. */
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.open-exported-file");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "s", uri);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), open);
      adw_toast_set_custom_title (toast, box);
      adw_toast_set_button_label (toast, _("Show in _Folder"));
      adw_toast_set_action_name (toast, "win.show-exported-file");
    }
  adw_toast_set_action_target (toast, "s", uri);
  kc_window_add_toast (self, toast);
}

static void
kc_window_present_export (KcWindow       *self,
                          KcExportDialog *dialog)
{
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Export actions ------------------------------------------------------- */

static void
kc_window_export_dashboard (KcWindow *self)
{
  g_autoptr(KcPoster) poster = NULL;

  if (self->dataset == NULL)
    return;

  poster = kc_poster_new_for_dataset (self->dataset, KC_CHART_LANGUAGE_AUTO);
  kc_window_present_export (self, kc_export_dialog_new_for_poster (GTK_WINDOW (self), poster));
}

static void
kc_window_export_directory (KcWindow *self)
{
  EntityRows *data;
  GArray *rows;
  KcEntityTable *table;

  if (self->dataset == NULL)
    return;

  table = kc_dataset_get_entities (self->dataset);
  rows = kc_directory_view_dup_visible_rows (_kc_window_get_directory_view (self));
  if (table == NULL || rows == NULL)
    {
      if (rows != NULL)
        g_array_unref (rows);
      kc_window_toast (self, _("There are no enterprises or platforms to export"));
      return;
    }

  data = g_new0 (EntityRows, 1);
  data->table = kc_entity_table_ref (table);
  data->rows = rows;
  kc_window_present_export (self, kc_export_dialog_new_for_table (GTK_WINDOW (self), _("Directory"),
                                                                  write_entity_rows, data,
                                                                  (GDestroyNotify) entity_rows_free));
}

static void
kc_window_export_chart_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  KcWindow *self = KC_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const char *page = kc_window_get_page (self);
  g_autoptr(KcChartSpec) spec = NULL;
  KcExportDialog *dialog;

  /* The dashboard and the directory have no single chart in view: their
   * export is the poster and the shown rows. */
  if (*id == '\0' && g_str_equal (page, "dashboard"))
    {
      kc_window_export_dashboard (self);
      return;
    }
  if (*id == '\0' && g_str_equal (page, "directory"))
    {
      kc_window_export_directory (self);
      return;
    }

  spec = kc_window_dup_chart (self, id);
  if (spec == NULL)
    return;

  dialog = kc_export_dialog_new_for_chart (GTK_WINDOW (self), spec);
  /* The indicator view's table has what the user sees: its data is the
   * chart's data file. */
  if (*id == '\0')
    {
      GPtrArray *rows = kc_indicator_view_dup_table_rows (_kc_window_get_indicator_view (self));

      if (rows != NULL)
        kc_export_dialog_set_table (dialog, write_string_rows, rows, (GDestroyNotify) g_ptr_array_unref);
    }
  kc_window_present_export (self, dialog);
}

static void
kc_window_export_dashboard_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  kc_window_export_dashboard (KC_WINDOW (widget));
}

static void
kc_window_export_all_charts_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  KcWindow *self = KC_WINDOW (widget);
  g_autoptr(GPtrArray) specs = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  guint n;

  if (self->dataset == NULL)
    return;

  n = kc_dataset_get_n_dashboard_charts (self->dataset);
  if (n == 0)
    {
      kc_window_toast (self, _("The data has no charts to export"));
      return;
    }

  specs = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_chart_spec_unref);
  ids = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      const KcChartDef *def = kc_dataset_get_dashboard_chart (self->dataset, i);

      g_ptr_array_add (specs, kc_chart_spec_from_def (self->dataset, def, KC_CHART_LANGUAGE_AUTO));
      g_ptr_array_add (ids, def->id);
    }
  g_ptr_array_add (ids, NULL);

  kc_window_present_export (self, kc_export_dialog_new_for_charts (GTK_WINDOW (self), specs,
                                                                   (const char * const *) ids->pdata));
}

/* ---- Clipboard ------------------------------------------------------------- */

static void
kc_window_copy_chart_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  KcWindow *self = KC_WINDOW (widget);
  g_autoptr(KcChartSpec) spec = kc_window_dup_chart (self, g_variant_get_string (parameter, NULL));
  g_autofree char *palette = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  KcChartOptions options;
  int width, height;

  if (spec == NULL)
    return;

  /* At the export size the user last chose, twice as sharp. */
  g_settings_get (self->settings, "export-size", "(ii)", &width, &height);
  kc_chart_options_init (&options, CLAMP (width, 16, 4000), CLAMP (height, 16, 4000));
  options.theme = g_settings_get_enum (self->settings, "export-theme") == 1 ? KC_CHART_THEME_DARK
                                                                          : KC_CHART_THEME_LIGHT;
  palette = g_settings_get_string (self->settings, "chart-palette");
  options.palette = kc_chart_view_lookup_palette (palette, options.theme, &options.n_palette);

  png = kc_chart_export_to_bytes (spec, &options, KC_CHART_FORMAT_PNG, 2, &error);
  if (png != NULL)
    texture = gdk_texture_new_from_bytes (png, &error);
  if (texture == NULL)
    {
      kc_window_toast (self, error->message);
      return;
    }

  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  kc_window_toast (self, _("Chart copied as image"));
}

static void
kc_window_copy_chart_data_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  KcWindow *self = KC_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  KcCsvWriter *writer;

  if (*id == '\0' && g_str_equal (kc_window_get_page (self), "indicators"))
    rows = kc_indicator_view_dup_table_rows (_kc_window_get_indicator_view (self));
  if (rows == NULL)
    {
      g_autoptr(KcChartSpec) spec = kc_window_dup_chart (self, id);

      if (spec == NULL)
        return;
      rows = kc_chart_spec_dup_table (spec, KC_CHART_LANGUAGE_AUTO);
    }

  /* Tab-separated, which spreadsheets paste into cells; cells that would
   * run as formulas are neutralised here too. */
  writer = kc_csv_writer_new (KC_CSV_CHARSET_UTF8, '\t');
  write_string_rows (writer, G_MAXUINT, rows);
  bytes = kc_csv_writer_finish (writer, NULL);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  kc_window_toast (self, _("Chart data copied"));
}

/* ---- Opening what was exported ---------------------------------------- */

static void
kc_window_open_uri (KcWindow   *self,
                    const char *uri)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

  gtk_file_launcher_launch (launcher, GTK_WINDOW (self), NULL, NULL, NULL);
#else
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
#endif
}

static void
kc_window_open_exported_file_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  kc_window_open_uri (KC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

#if !GTK_CHECK_VERSION (4, 10, 0)
typedef struct
{
  KcWindow *self;
  char     *folder_uri;
} ShowItem;

static void
show_items_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ShowItem *item = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  /* No file manager on the bus (or a sandbox that may not reach it):
   * open the folder instead. */
  if (reply == NULL)
    {
      g_debug ("FileManager1.ShowItems failed: %s", error->message);
      kc_window_open_uri (item->self, item->folder_uri);
    }

  g_object_unref (item->self);
  g_free (item->folder_uri);
  g_free (item);
}
#endif

static void
kc_window_show_exported_file_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  KcWindow *self = KC_WINDOW (widget);
  const char *uri = g_variant_get_string (parameter, NULL);
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

  gtk_file_launcher_open_containing_folder (launcher, GTK_WINDOW (self), NULL, NULL, NULL);
#else
  g_autoptr(GFile) parent = g_file_get_parent (file);
  GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());
  const char *uris[] = { uri, NULL };
  ShowItem *item;

  if (bus == NULL || parent == NULL)
    {
      if (parent != NULL)
        {
          g_autofree char *folder_uri = g_file_get_uri (parent);

          kc_window_open_uri (self, folder_uri);
        }
      return;
    }

  item = g_new0 (ShowItem, 1);
  item->self = g_object_ref (self);
  item->folder_uri = g_file_get_uri (parent);
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL,
                          G_DBUS_CALL_FLAGS_NONE, 5000, NULL, show_items_done_cb, item);
#endif
}

/* ---- Printing ------------------------------------------------------------ */

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               KcWindow                *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_object_set_data_full (G_OBJECT (self), PRINT_SETTINGS_KEY,
                            g_object_ref (gtk_print_operation_get_print_settings (operation)),
                            g_object_unref);
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      kc_window_toast (self, error != NULL ? error->message : _("Printing failed"));
    }
}

static void
kc_window_print_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KcWindow *self = KC_WINDOW (widget);
  g_autoptr(GtkPageSetup) page_setup = kc_print_load_page_setup (self->settings);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *palette_name = g_settings_get_string (self->settings, "chart-palette");
  GtkPrintSettings *print_settings = g_object_get_data (G_OBJECT (self), PRINT_SETTINGS_KEY);
  const KcColor *palette;
  guint n_palette;

  if (self->dataset == NULL)
    return;

  palette = kc_chart_view_lookup_palette (palette_name, KC_CHART_THEME_LIGHT, &n_palette);
  if (g_str_equal (kc_window_get_page (self), "indicators"))
    {
      g_autoptr(KcChartSpec) spec = kc_indicator_view_dup_current_spec (_kc_window_get_indicator_view (self));
      int width, height;

      if (spec == NULL)
        {
          kc_window_toast (self, _("No chart is shown"));
          return;
        }
      g_settings_get (self->settings, "export-size", "(ii)", &width, &height);
      operation = kc_print_operation_new_for_chart (spec, MAX (width, 1) / (double) MAX (height, 1),
                                                    palette, n_palette, page_setup);
    }
  else
    {
      g_autoptr(KcPoster) poster = kc_poster_new_for_dataset (self->dataset, KC_CHART_LANGUAGE_AUTO);

      operation = kc_print_operation_new_for_poster (poster, palette, n_palette, page_setup);
    }

  if (print_settings != NULL)
    gtk_print_operation_set_print_settings (operation, print_settings);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    kc_window_toast (self, error->message);
}

static void
page_setup_done_cb (GtkPageSetup *page_setup,
                    gpointer      user_data)
{
  g_autoptr(KcWindow) self = user_data;

  if (page_setup != NULL)
    kc_print_save_page_setup (self->settings, page_setup);
}

static void
kc_window_page_setup_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  KcWindow *self = KC_WINDOW (widget);
  g_autoptr(GtkPageSetup) page_setup = kc_print_load_page_setup (self->settings);

  gtk_print_run_page_setup_dialog_async (GTK_WINDOW (self), page_setup,
                                         g_object_get_data (G_OBJECT (self), PRINT_SETTINGS_KEY),
                                         page_setup_done_cb, g_object_ref (self));
}

void
_kc_window_class_init_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-chart", "s", kc_window_export_chart_action);
  gtk_widget_class_install_action (widget_class, "win.export-dashboard", NULL, kc_window_export_dashboard_action);
  gtk_widget_class_install_action (widget_class, "win.export-all-charts", NULL, kc_window_export_all_charts_action);
  gtk_widget_class_install_action (widget_class, "win.copy-chart", "s", kc_window_copy_chart_action);
  gtk_widget_class_install_action (widget_class, "win.copy-chart-data", "s", kc_window_copy_chart_data_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, kc_window_print_action);
  gtk_widget_class_install_action (widget_class, "win.page-setup", NULL, kc_window_page_setup_action);
  gtk_widget_class_install_action (widget_class, "win.open-exported-file", "s", kc_window_open_exported_file_action);
  gtk_widget_class_install_action (widget_class, "win.show-exported-file", "s", kc_window_show_exported_file_action);
}
