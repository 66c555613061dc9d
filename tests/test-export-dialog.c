/* test-export-dialog.c
 * The export dialog under Xvfb: its template, presets and the preview's
 * shape, files whose decoded size matches the options, failures that
 * leave old files alone, and the overwrite confirmation. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "kc-application.h"
#include "kc-chart-builder.h"
#include "kc-csv-reader.h"
#include "kc-export-dialog.h"
#include "kc-loader.h"
#include "kc-print.h"
#include "kc-test-utils.h"
#include "kc-window-private.h"

static KcDataset *dataset;
static KcApplication *app;

static gpointer
template_child (gpointer    dialog,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), KC_TYPE_EXPORT_DIALOG, name);

  g_assert_nonnull (child);
  return child;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds; fails after 20 s. */
static void
wait_for (Condition condition,
          gpointer  data)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (20000, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (source);
}

static void
iterate_for (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
not_busy (gpointer dialog)
{
  return !kc_export_dialog_get_busy (dialog);
}

static void
destroy_and_finalize (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

/* Each test starts from the defaults: a finished export remembers its
 * options. */
static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

static KcChartSpec *
chart_spec (const char *id)
{
  const KcChartDef *def = kc_dataset_find_chart (dataset, id);

  g_assert_nonnull (def);
  return kc_chart_spec_from_def (dataset, def, KC_CHART_LANGUAGE_CHINESE);
}

static KcExportDialog *
new_chart_dialog (void)
{
  g_autoptr(KcChartSpec) spec = chart_spec ("tech-trade");

  reset_settings ();
  return g_object_ref (kc_export_dialog_new_for_chart (NULL, spec));
}

/* The export dialog shown over @parent, or NULL. */
static KcExportDialog *
find_export_dialog (gpointer parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (KC_IS_EXPORT_DIALOG (window) && gtk_window_get_transient_for (window) == parent)
        return KC_EXPORT_DIALOG (window);
    }

  return NULL;
}

/* The message dialog shown over @parent, or NULL. */
static AdwMessageDialog *
find_message_dialog (gpointer parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window))
          && gtk_window_get_transient_for (window) == parent)
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
has_message_dialog (gpointer parent)
{
  return find_message_dialog (parent) != NULL;
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void
assert_png_size (const char *path,
                 guint32     width,
                 guint32     height)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 24);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  g_assert_cmpuint (be32 ((const guint8 *) data + 16), ==, width);
  g_assert_cmpuint (be32 ((const guint8 *) data + 20), ==, height);
}

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
on_exported (KcExportDialog *dialog,
             GFile          *file,
             guint           n_files,
             guint          *count)
{
  *count += n_files;
}

/* ---- Tests --------------------------------------------------------------- */

static void
test_template (void)
{
  KcExportDialog *dialog = new_chart_dialog ();
  static const char * const children[] = {
    "leaflet", "export_button", "preview_area", "compact_preview", "size_label", "format_row",
    "preset_row", "width_spin", "height_spin", "unit_row", "scale_row", "dpi_row", "theme_row",
    "transparent_switch", "title_switch", "subtitle_switch", "footer_switch", "credit_row",
    "encoding_row",
  };

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    template_child (dialog, children[i]);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Export Chart");
  /* Four formats for a chart. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (template_child (dialog, "format_row"))),
                    ==, 4);

  destroy_and_finalize (dialog);
}

static void
test_presets (void)
{
  KcExportDialog *dialog = new_chart_dialog ();
  GtkSpinButton *width = template_child (dialog, "width_spin");
  GtkSpinButton *height = template_child (dialog, "height_spin");
  AdwComboRow *unit = template_child (dialog, "unit_row");
  KcExportSize size;
  int pw = 0, ph = 0;

  g_assert_true (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PNG));
  gtk_window_present (GTK_WINDOW (dialog));

  g_assert_true (kc_export_dialog_set_preset (dialog, "news-2col"));
  kc_export_dialog_get_size (dialog, &size);
  g_assert_cmpint (size.unit, ==, KC_SIZE_UNIT_MM);
  g_assert_cmpfloat (size.width, ==, 114);
  g_assert_cmpfloat (size.height, ==, 80);
  g_assert_cmpfloat (gtk_spin_button_get_value (width), ==, 114);
  g_assert_cmpfloat (gtk_spin_button_get_value (height), ==, 80);
  g_assert_cmpuint (adw_combo_row_get_selected (unit), ==, 1);
  g_assert_true (gtk_widget_get_visible (template_child (dialog, "dpi_row")));
  g_assert_false (gtk_widget_get_visible (template_child (dialog, "scale_row")));

  /* The preview takes the new shape once it is drawn again. */
  iterate_for (400);
  g_assert_true (kc_export_dialog_get_preview_size (dialog, &pw, &ph));
  g_assert_cmpfloat_with_epsilon ((double) pw / ph, 114.0 / 80.0, 0.02);

  g_assert_true (kc_export_dialog_set_preset (dialog, "slide"));
  g_assert_cmpfloat (gtk_spin_button_get_value (width), ==, 1920);
  g_assert_cmpfloat (gtk_spin_button_get_value (height), ==, 1080);
  g_assert_cmpuint (adw_combo_row_get_selected (unit), ==, 0);
  g_assert_true (gtk_widget_get_visible (template_child (dialog, "scale_row")));
  iterate_for (400);
  g_assert_true (kc_export_dialog_get_preview_size (dialog, &pw, &ph));
  g_assert_cmpfloat_with_epsilon ((double) pw / ph, 16.0 / 9.0, 0.02);

  /* Typing a height makes the size custom and reshapes the preview. */
  gtk_editable_set_text (GTK_EDITABLE (height), "1920");
  kc_export_dialog_get_size (dialog, &size);
  g_assert_cmpfloat (size.height, ==, 1920);
  g_assert_cmpuint (adw_combo_row_get_selected (template_child (dialog, "preset_row")), ==,
                    g_list_model_get_n_items (adw_combo_row_get_model (template_child (dialog, "preset_row"))) - 1);
  iterate_for (400);
  g_assert_true (kc_export_dialog_get_preview_size (dialog, &pw, &ph));
  g_assert_cmpfloat_with_epsilon ((double) pw / ph, 1.0, 0.02);

  /* A size out of range disables Export and says why. */
  gtk_editable_set_text (GTK_EDITABLE (height), "5");
  g_assert_true (gtk_widget_has_css_class (template_child (dialog, "size_label"), "error"));
  g_assert_false (gtk_widget_get_sensitive (template_child (dialog, "export_button")));
  gtk_editable_set_text (GTK_EDITABLE (height), "600");
  g_assert_true (gtk_widget_get_sensitive (template_child (dialog, "export_button")));

  g_assert_false (kc_export_dialog_set_preset (dialog, "no-such-preset"));

  destroy_and_finalize (dialog);
}

/* A custom size is remembered: Custom's own size (none) does not replace
 * it, which left every later dialog refusing "0 × 0 px". */
static void
test_custom_size_remembered (void)
{
  g_autoptr(KcChartSpec) spec = chart_spec ("tech-trade");
  g_autoptr(GSettings) settings = NULL;
  KcExportDialog *dialog;
  KcExportSize size;

  reset_settings ();
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "export-preset", "");
  g_settings_set_enum (settings, "export-unit", KC_SIZE_UNIT_PX);
  g_settings_set (settings, "export-size", "(ii)", 16, 16);
  g_settings_set_enum (settings, "export-format", KC_EXPORT_FORMAT_PNG);

  dialog = g_object_ref (kc_export_dialog_new_for_chart (NULL, spec));
  gtk_window_present (GTK_WINDOW (dialog));
  kc_export_dialog_get_size (dialog, &size);
  g_assert_cmpfloat (size.width, ==, 16);
  g_assert_cmpfloat (size.height, ==, 16);
  g_assert_false (gtk_widget_has_css_class (template_child (dialog, "size_label"), "error"));
  g_assert_true (gtk_widget_get_sensitive (template_child (dialog, "export_button")));
  destroy_and_finalize (dialog);
}

static void
test_poster_presets (void)
{
  g_autoptr(KcPoster) poster = kc_poster_new_for_dataset (dataset, KC_CHART_LANGUAGE_CHINESE);
  KcExportDialog *dialog;

  reset_settings ();
  dialog = g_object_ref (kc_export_dialog_new_for_poster (NULL, poster));

  /* A poster is a page, not a newspaper column. */
  g_assert_false (kc_export_dialog_set_preset (dialog, "news-1col"));
  g_assert_true (kc_export_dialog_set_preset (dialog, "a4"));
  g_assert_false (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_CSV));
  g_assert_true (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PDF));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Export Dashboard");

  destroy_and_finalize (dialog);
}

static void
test_export_png (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "技术交易.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  KcExportDialog *dialog = new_chart_dialog ();
  guint exported = 0;

  g_signal_connect (dialog, "exported", G_CALLBACK (on_exported), &exported);
  g_assert_true (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PNG));
  g_assert_true (kc_export_dialog_set_preset (dialog, "news-2col"));
  gtk_window_present (GTK_WINDOW (dialog));

  kc_export_dialog_export_to_file (dialog, file, TRUE);
  g_assert_true (kc_export_dialog_get_busy (dialog));
  wait_for (not_busy, dialog);

  g_assert_cmpuint (exported, ==, 1);
  g_assert_null (find_message_dialog (dialog));
  /* 114 × 80 mm at 300 dpi. */
  assert_png_size (path, 1346, 945);
  /* Done: the dialog closed itself. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  destroy_and_finalize (dialog);

  /* A pixel size at 2×. */
  dialog = new_chart_dialog ();
  g_assert_true (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PNG));
  g_assert_true (kc_export_dialog_set_preset (dialog, "social"));
  adw_combo_row_set_selected (template_child (dialog, "scale_row"), 1);
  kc_export_dialog_export_to_file (dialog, file, TRUE);
  wait_for (not_busy, dialog);
  assert_png_size (path, 2400, 1256);
  destroy_and_finalize (dialog);

  g_assert_cmpuint (count_entries (dir), ==, 1);
  kc_test_remove_tree (dir);
}

static void
test_export_pdf (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "chart.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *out = NULL;
  KcExportDialog *dialog = new_chart_dialog ();
  int status = 0;

  g_assert_true (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PDF));
  g_assert_true (kc_export_dialog_set_preset (dialog, "news-2col"));
  kc_export_dialog_export_to_file (dialog, file, TRUE);
  wait_for (not_busy, dialog);
  destroy_and_finalize (dialog);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  if (pdfinfo == NULL)
    {
      g_test_skip ("pdfinfo is not installed");
      kc_test_remove_tree (dir);
      return;
    }

  {
    const char *argv[] = { pdfinfo, path, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                                 &status, NULL));
  }
  g_assert_cmpint (status, ==, 0);
  /* 114 × 80 mm are 323.15 × 226.77 points. */
  {
    const char *size = strstr (out, "Page size:");
    char *end = NULL;
    double w, h;

    g_assert_nonnull (size);
    w = g_ascii_strtod (size + strlen ("Page size:"), &end);
    g_assert_true (g_str_has_prefix (end, " x "));
    h = g_ascii_strtod (end + 3, NULL);
    g_assert_cmpfloat_with_epsilon (w, 114 / 25.4 * 72, 0.01);
    g_assert_cmpfloat_with_epsilon (h, 80 / 25.4 * 72, 0.01);
  }
  g_assert_nonnull (strstr (out, "Title:"));
  g_assert_nonnull (strstr (strstr (out, "Title:"), "2016年技术交易：引进与输出\n"));
  kc_test_remove_tree (dir);
}

static void
test_export_csv (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "data.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autofree char *utf8 = NULL;
  g_autoptr(GError) error = NULL;
  KcExportDialog *dialog = new_chart_dialog ();
  gsize len;

  g_assert_true (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_CSV));
  g_assert_true (gtk_widget_get_visible (template_child (dialog, "data_group")));
  g_assert_false (gtk_widget_get_visible (template_child (dialog, "size_group")));
  adw_combo_row_set_selected (template_child (dialog, "encoding_row"), 2);
  kc_export_dialog_export_to_file (dialog, file, TRUE);
  wait_for (not_busy, dialog);
  destroy_and_finalize (dialog);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  utf8 = g_convert (contents, len, "UTF-8", "GB18030", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (utf8, "Category,"));
  g_assert_nonnull (strstr (utf8, "\r\n"));
  g_assert_nonnull (strstr (utf8, ",5.91\r\n"));
  kc_test_remove_tree (dir);
}

static void
test_write_failure (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *not_a_folder = kc_test_write_file (dir, "plain-file", "x", -1);
  g_autofree char *bad_path = g_build_filename (not_a_folder, "chart.png", NULL);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  KcExportDialog *dialog = new_chart_dialog ();
  AdwMessageDialog *message;
  guint exported = 0;

  g_signal_connect (dialog, "exported", G_CALLBACK (on_exported), &exported);
  g_assert_true (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PNG));
  g_assert_true (kc_export_dialog_set_preset (dialog, "screen"));
  gtk_window_present (GTK_WINDOW (dialog));

  /* We run as root, for whom permissions do not stop a write: a folder
   * that is a regular file stops everyone. */
  kc_export_dialog_export_to_file (dialog, bad, TRUE);
  wait_for (not_busy, dialog);
  wait_for (has_message_dialog, dialog);
  message = find_message_dialog (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Could Not Export");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), bad_path));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), g_strerror (ENOTDIR)));
  g_assert_cmpuint (exported, ==, 0);
  /* The dialog stays for another try. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  gtk_window_destroy (GTK_WINDOW (message));

  /* A write that fails half-way (the file size limit, which binds root
   * too) leaves the old file byte for byte, and no temporary file. */
  {
    static const char old[] = "the old file, which must survive";
    g_autofree char *path = kc_test_write_file (dir, "old.png", old, sizeof old);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *after = NULL;
    gsize len;
    struct rlimit saved, limited;
    void (*old_handler) (int);

    g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
    limited = saved;
    limited.rlim_cur = 2048;
    old_handler = signal (SIGXFSZ, SIG_IGN);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);

    kc_export_dialog_export_to_file (dialog, file, TRUE);
    wait_for (not_busy, dialog);

    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
    signal (SIGXFSZ, old_handler);

    wait_for (has_message_dialog, dialog);
    message = find_message_dialog (dialog);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (message), path));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (message), g_strerror (EFBIG)));
    gtk_window_destroy (GTK_WINDOW (message));

    g_assert_true (g_file_get_contents (path, &after, &len, NULL));
    g_assert_cmpmem (after, len, old, sizeof old);
    g_assert_cmpuint (count_entries (dir), ==, 2);
  }

  g_assert_cmpuint (exported, ==, 0);
  destroy_and_finalize (dialog);
  kc_test_remove_tree (dir);
}

static void
test_overwrite_confirmation (void)
{
  static const char old[] = "old contents";
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = kc_test_write_file (dir, "chart.png", old, sizeof old);
  g_autofree char *fresh = g_build_filename (dir, "new.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) fresh_file = g_file_new_for_path (fresh);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *contents = NULL;
  const char *names[] = { "chart.png", "new.png", "other.png", NULL };
  KcExportDialog *dialog = new_chart_dialog ();
  AdwMessageDialog *message;
  gsize len;

  /* The decision: what exists is what needs confirming. */
  g_assert_cmpuint (kc_export_count_existing (file, NULL), ==, 1);
  g_assert_cmpuint (kc_export_count_existing (fresh_file, NULL), ==, 0);
  g_assert_cmpuint (kc_export_count_existing (folder, names), ==, 1);

  g_assert_true (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PNG));
  g_assert_true (kc_export_dialog_set_preset (dialog, "screen"));
  gtk_window_present (GTK_WINDOW (dialog));

  /* Unconfirmed: asks first, and Cancel keeps the file. */
  kc_export_dialog_export_to_file (dialog, file, FALSE);
  g_assert_false (kc_export_dialog_get_busy (dialog));
  message = find_message_dialog (dialog);
  g_assert_nonnull (message);
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Replace “chart.png”?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (message, "replace"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (message, "cancel");
  gtk_window_destroy (GTK_WINDOW (message));
  iterate_for (50);
  g_assert_false (kc_export_dialog_get_busy (dialog));
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, old, sizeof old);

  /* A new file needs no question. */
  kc_export_dialog_export_to_file (dialog, fresh_file, FALSE);
  g_assert_null (find_message_dialog (dialog));
  g_assert_true (kc_export_dialog_get_busy (dialog));
  wait_for (not_busy, dialog);
  assert_png_size (fresh, 1200, 800);
  destroy_and_finalize (dialog);

  /* Replace writes it. */
  dialog = new_chart_dialog ();
  g_assert_true (kc_export_dialog_set_preset (dialog, "screen"));
  g_assert_true (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PNG));
  gtk_window_present (GTK_WINDOW (dialog));
  kc_export_dialog_export_to_file (dialog, file, FALSE);
  message = find_message_dialog (dialog);
  g_assert_nonnull (message);
  adw_message_dialog_response (message, "replace");
  gtk_window_destroy (GTK_WINDOW (message));
  wait_for (not_busy, dialog);
  assert_png_size (path, 1200, 800);
  destroy_and_finalize (dialog);

  kc_test_remove_tree (dir);
}

static void
test_export_charts_to_folder (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_chart_spec_unref);
  const char *ids[] = { "tech-trade", "kpi-patents-granted", NULL };
  g_autofree char *existing = kc_test_write_file (dir, "tech-trade.svg", "old", -1);
  g_autofree char *kpi = g_build_filename (dir, "kpi-patents-granted.svg", NULL);
  g_autofree char *svg = NULL;
  KcExportDialog *dialog;
  AdwMessageDialog *message;
  guint exported = 0;

  for (guint i = 0; ids[i] != NULL; i++)
    g_ptr_array_add (specs, chart_spec (ids[i]));
  reset_settings ();
  dialog = g_object_ref (kc_export_dialog_new_for_charts (NULL, specs, ids));
  g_signal_connect (dialog, "exported", G_CALLBACK (on_exported), &exported);
  g_assert_true (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_SVG));
  g_assert_true (kc_export_dialog_set_preset (dialog, "screen"));
  gtk_window_present (GTK_WINDOW (dialog));

  /* The folder chooser does not ask about the files in it: we do. */
  kc_export_dialog_export_to_file (dialog, folder, TRUE);
  message = find_message_dialog (dialog);
  g_assert_nonnull (message);
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Replace 1 Existing File?");
  adw_message_dialog_response (message, "replace");
  gtk_window_destroy (GTK_WINDOW (message));
  wait_for (not_busy, dialog);

  g_assert_cmpuint (exported, ==, 2);
  g_assert_true (g_file_get_contents (existing, &svg, NULL, NULL));
  g_assert_true (g_str_has_prefix (svg, "<?xml"));
  g_assert_true (g_file_test (kpi, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_entries (dir), ==, 2);
  destroy_and_finalize (dialog);
  kc_test_remove_tree (dir);
}

static void
test_export_poster (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "poster.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KcPoster) poster = kc_poster_new_for_dataset (dataset, KC_CHART_LANGUAGE_CHINESE);
  KcExportDialog *dialog;

  reset_settings ();
  dialog = g_object_ref (kc_export_dialog_new_for_poster (NULL, poster));

  g_assert_true (kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PNG));
  g_assert_true (kc_export_dialog_set_preset (dialog, "a4"));
  adw_combo_row_set_selected (template_child (dialog, "dpi_row"), 0);
  kc_export_dialog_export_to_file (dialog, file, TRUE);
  wait_for (not_busy, dialog);
  /* A4 at 150 dpi. */
  assert_png_size (path, 1240, 1754);
  destroy_and_finalize (dialog);
  kc_test_remove_tree (dir);
}

static void
test_suggested_name (void)
{
  g_autoptr(KcChartSpec) spec = chart_spec ("new-product-rate-change");
  KcExportDialog *dialog;
  g_autofree char *png = NULL;
  g_autofree char *csv = NULL;

  reset_settings ();
  dialog = g_object_ref (kc_export_dialog_new_for_chart (NULL, spec));

  kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PNG);
  png = kc_export_dialog_dup_suggested_name (dialog);
  g_assert_cmpstr (png, ==, "新产品产值率：2016年底与2017年1-2月.png");
  kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_CSV);
  csv = kc_export_dialog_dup_suggested_name (dialog);
  g_assert_cmpstr (csv, ==, "新产品产值率：2016年底与2017年1-2月.csv");
  destroy_and_finalize (dialog);
}

static void
test_narrow (void)
{
  KcExportDialog *dialog = new_chart_dialog ();
  AdwLeaflet *leaflet = template_child (dialog, "leaflet");

  kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PNG);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 600);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate_for (300);
  /* One column, with the preview above the options. */
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_widget_get_visible (template_child (dialog, "compact_preview")));
  destroy_and_finalize (dialog);
}

/* ---- Print --------------------------------------------------------------- */

static char *
run_pdftotext (const char *pdf)
{
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  const char *argv[] = { program, "-layout", pdf, "-", NULL };
  char *out = NULL;
  int status = 0;

  if (program == NULL)
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  return out;
}

static void
print_to_pdf (GtkPrintOperation *operation,
              const char        *path)
{
  g_autoptr(GError) error = NULL;

  gtk_print_operation_set_export_filename (operation, path);
  gtk_print_operation_set_allow_async (operation, FALSE);
  g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error),
                   ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
}

static void
test_print (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *chart_pdf = g_build_filename (dir, "chart.pdf", NULL);
  g_autofree char *poster_pdf = g_build_filename (dir, "poster.pdf", NULL);
  g_autoptr(KcChartSpec) spec = chart_spec ("tech-trade");
  g_autoptr(KcPoster) poster = kc_poster_new_for_dataset (dataset, KC_CHART_LANGUAGE_CHINESE);
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a5 = gtk_paper_size_new (GTK_PAPER_NAME_A5);
  g_autoptr(GtkPrintOperation) chart_op = NULL;
  g_autoptr(GtkPrintOperation) poster_op = NULL;
  g_autofree char *text = NULL;
  double w, h;

  /* Fitting keeps the aspect and stays on the page. */
  kc_print_fit (500, 700, 1.5, &w, &h);
  g_assert_cmpfloat (w, ==, 500);
  g_assert_cmpfloat_with_epsilon (h, 500 / 1.5, 1e-9);
  kc_print_fit (700, 300, 1.5, &w, &h);
  g_assert_cmpfloat (h, ==, 300);
  g_assert_cmpfloat (w, ==, 450);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a5);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);

  chart_op = kc_print_operation_new_for_chart (spec, 1.5, NULL, 0, setup);
  print_to_pdf (chart_op, chart_pdf);
  poster_op = kc_print_operation_new_for_poster (poster, NULL, 0, setup);
  print_to_pdf (poster_op, poster_pdf);

  /* Vector: the words are text in the file. */
  text = run_pdftotext (chart_pdf);
  if (text == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      kc_test_remove_tree (dir);
      return;
    }
  g_assert_nonnull (strstr (text, "2016年技术交易"));
  g_clear_pointer (&text, g_free);
  text = run_pdftotext (poster_pdf);
  g_assert_nonnull (strstr (text, "高新技术产业产值"));
  kc_test_remove_tree (dir);
}

static void
test_page_setup_remembered (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a5 = gtk_paper_size_new (GTK_PAPER_NAME_A5);
  g_autoptr(GtkPageSetup) loaded = NULL;

  reset_settings ();
  g_assert_null (kc_print_load_page_setup (settings));

  gtk_page_setup_set_paper_size (setup, a5);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  kc_print_save_page_setup (settings, setup);

  loaded = kc_print_load_page_setup (settings);
  g_assert_nonnull (loaded);
  g_assert_cmpint (gtk_page_setup_get_orientation (loaded), ==, GTK_PAGE_ORIENTATION_LANDSCAPE);
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (loaded)), ==, GTK_PAPER_NAME_A5);
}

/* ---- The window's actions ------------------------------------------------- */

static KcWindow *
new_window (void)
{
  KcWindow *window = g_object_ref (kc_window_new (app));

  reset_settings ();
  kc_window_set_dataset (window, dataset);
  return window;
}

static void
text_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer pointer)
{
  return *(gpointer *) pointer != NULL;
}

static void
texture_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GdkTexture **texture = user_data;
  g_autoptr(GError) error = NULL;

  *texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static void
test_window_clipboard (void)
{
  KcWindow *window = new_window ();
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  g_autofree char *text = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-chart-data", "s", "tech-trade"));
  gdk_clipboard_read_text_async (clipboard, NULL, text_read_cb, &text);
  wait_for (is_set, &text);
  /* Tab-separated, a header and the two values in 亿元. */
  g_assert_nonnull (strstr (text, "Category\t"));
  g_assert_nonnull (strstr (text, "\t5.91\r\n"));
  g_assert_nonnull (strstr (text, "\t1.77\r\n"));
  g_assert_cmpstr (adw_toast_get_title (_kc_window_get_last_toast (window)), ==, "Chart data copied");

  /* The image at twice the export size (1200 × 800 by default). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-chart", "s", "tech-trade"));
  g_assert_true (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), GDK_TYPE_TEXTURE));
  gdk_clipboard_read_texture_async (clipboard, NULL, texture_read_cb, &texture);
  wait_for (is_set, &texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 2400);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 1600);

  destroy_and_finalize (window);
}

static void
test_window_export_actions (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "trade.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  KcWindow *window = new_window ();
  KcExportDialog *dialog;
  AdwToast *toast;

  gtk_window_present (GTK_WINDOW (window));

  /* A chart by id. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart", "s", "tech-trade"));
  dialog = find_export_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Export Chart");

  /* Written from the window: a toast offers to open it or show it. */
  g_object_ref (dialog);
  kc_export_dialog_set_format (dialog, KC_EXPORT_FORMAT_PNG);
  kc_export_dialog_export_to_file (dialog, file, TRUE);
  wait_for (not_busy, dialog);
  destroy_and_finalize (dialog);
  assert_png_size (path, 1200, 800);
  toast = _kc_window_get_last_toast (window);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.show-exported-file");
  {
    GtkWidget *title = adw_toast_get_custom_title (toast);
    GtkWidget *label = gtk_widget_get_first_child (title);
    GtkWidget *open = gtk_widget_get_next_sibling (label);
    g_autofree char *uri = g_file_get_uri (file);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Exported “trade.png”");
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open)), ==, "win.open-exported-file");
    g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (open)), NULL),
                     ==, uri);
  }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (find_export_dialog (window));

  /* On the dashboard, the chart in view is the dashboard. */
  adw_view_stack_set_visible_child_name (window->view_stack, "dashboard");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart", "s", ""));
  dialog = find_export_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Export Dashboard");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* In the directory, it is the rows shown. */
  adw_view_stack_set_visible_child_name (window->view_stack, "directory");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart", "s", ""));
  dialog = find_export_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Export Data");
  g_assert_cmpint (kc_export_dialog_get_format (dialog), ==, KC_EXPORT_FORMAT_CSV);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-all-charts", NULL));
  dialog = find_export_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Export All Charts");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* An unknown id says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart", "s", "no-such-chart"));
  g_assert_null (find_export_dialog (window));
  g_assert_cmpstr (adw_toast_get_title (_kc_window_get_last_toast (window)), ==,
                   "There is no chart “no-such-chart”");

  destroy_and_finalize (window);
  kc_test_remove_tree (dir);
}

static gboolean
count_record (gpointer           part_data,
              const KcCsvRecord *record,
              KcProblemList     *problems)
{
  guint *n = part_data;

  (*n)++;
  return TRUE;
}

static void
test_window_directory_csv (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "directory.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KcProblemList) problems = kc_problem_list_new (10);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  KcWindow *window = new_window ();
  KcExportDialog *dialog;
  KcCsvFormat format = { 0 };
  guint n_rows = 0;
  gsize len;

  adw_view_stack_set_visible_child_name (window->view_stack, "directory");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart", "s", ""));
  dialog = g_object_ref (find_export_dialog (window));
  kc_export_dialog_export_to_file (dialog, file, TRUE);
  wait_for (not_busy, dialog);
  destroy_and_finalize (dialog);

  /* UTF-8 with BOM, every shown entity, and headers the app's reader
   * takes for the same columns. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, 3, "\xEF\xBB\xBF", 3);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  g_assert_true (kc_csv_sniff_bytes (bytes, "directory.csv", &format, problems));
  g_assert_cmpint (format.encoding, ==, KC_ENCODING_UTF8_BOM);
  g_assert_cmpint (kc_entity_field_from_header (format.header[0]), ==, KC_ENTITY_FIELD_ID);
  g_assert_cmpint (kc_entity_field_from_header (format.header[1]), ==, KC_ENTITY_FIELD_NAME);
  g_assert_cmpuint (kc_csv_read_bytes (bytes, "directory.csv", &format, &n_rows, count_record, problems), ==, 1);
  g_assert_cmpuint (kc_problem_list_get_total (problems), ==, 0);
  g_assert_cmpuint (n_rows, ==, kc_entity_table_get_n_rows (kc_dataset_get_entities (dataset)));
  kc_csv_format_clear (&format);

  destroy_and_finalize (window);
  kc_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* A private session bus, which GTK looks for. */
  kc_test_bus_start ();
  /* GTK's accessibility bus is not part of what is tested here. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The real id, so that the resources are the app's; non-unique, so no
   * bus name is needed. */
  app = g_object_new (KC_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  dataset = kc_dataset_load_bundled (&error);
  g_assert_no_error (error);

  g_test_add_func ("/export-dialog/template", test_template);
  g_test_add_func ("/export-dialog/presets", test_presets);
  g_test_add_func ("/export-dialog/custom-size-remembered", test_custom_size_remembered);
  g_test_add_func ("/export-dialog/poster-presets", test_poster_presets);
  g_test_add_func ("/export-dialog/export-png", test_export_png);
  g_test_add_func ("/export-dialog/export-pdf", test_export_pdf);
  g_test_add_func ("/export-dialog/export-csv", test_export_csv);
  g_test_add_func ("/export-dialog/write-failure", test_write_failure);
  g_test_add_func ("/export-dialog/overwrite-confirmation", test_overwrite_confirmation);
  g_test_add_func ("/export-dialog/charts-to-folder", test_export_charts_to_folder);
  g_test_add_func ("/export-dialog/poster", test_export_poster);
  g_test_add_func ("/export-dialog/suggested-name", test_suggested_name);
  g_test_add_func ("/export-dialog/narrow", test_narrow);
  g_test_add_func ("/print/chart-and-poster", test_print);
  g_test_add_func ("/print/page-setup-remembered", test_page_setup_remembered);
  g_test_add_func ("/window/clipboard", test_window_clipboard);
  g_test_add_func ("/window/export-actions", test_window_export_actions);
  g_test_add_func ("/window/directory-csv", test_window_directory_csv);

  status = g_test_run ();
  g_clear_object (&dataset);
  g_clear_object (&app);
  kc_test_bus_stop ();

  return status;
}
