/* kc-window-load.c
 * KcWindow: loading files in the background, problems, watching for changes. */
#define G_LOG_DOMAIN "kc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-dataset-diff.h"
#include "kc-loader.h"
#include "kc-window-private.h"

/* Editors write a file in several steps; reload once they are done. */
#define RELOAD_DELAY_MS 500

typedef enum
{
  LOAD_OPEN,    /* files the user chose: their problems are shown */
  LOAD_RELOAD,  /* the same files again: the toast says what changed */
} LoadKind;

struct _KcWindowLoad
{
  /* Weak: closing the window cancels its load, and the callbacks that
   * still arrive find no window. */
  GWeakRef       window;
  LoadKind       kind;
  GFile        **files;
  guint          n_files;
  GCancellable  *cancellable;
};

static KcWindowLoad *
kc_window_load_new (KcWindow  *self,
                    LoadKind   kind,
                    GFile    **files,
                    guint      n_files)
{
  KcWindowLoad *load = g_new0 (KcWindowLoad, 1);

  g_weak_ref_init (&load->window, self);
  load->kind = kind;
  load->files = g_new (GFile *, MAX (n_files, 1));
  for (guint i = 0; i < n_files; i++)
    load->files[i] = g_object_ref (files[i]);
  load->n_files = n_files;
  load->cancellable = g_cancellable_new ();

  return load;
}

static void
kc_window_load_free (KcWindowLoad *load)
{
  g_weak_ref_clear (&load->window);
  for (guint i = 0; i < load->n_files; i++)
    g_object_unref (load->files[i]);
  g_free (load->files);
  g_object_unref (load->cancellable);
  g_free (load);
}

/* The window when @load is still the one it waits for, or NULL. */
static KcWindow *
kc_window_load_dup_window (KcWindowLoad *load)
{
  KcWindow *self = g_weak_ref_get (&load->window);

  if (self != NULL && self->load != load)
    g_clear_object (&self);

  return self;
}

static char *
dup_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename == NULL)
    return g_file_get_parse_name (file);

  return g_filename_display_name (basename);
}

/* "“a.csv”" or "“a.csv” and 2 other files". */
static char *
describe_files (GFile **files,
                guint   n_files)
{
  g_autofree char *name = dup_display_name (files[0]);
  g_autofree char *text = NULL;

  if (n_files == 1)
    text = g_strdup_printf (_("“%s”"), name);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "“%s” and %u other file",
                                         "“%s” and %u other files",
                                         n_files - 1),
                            name, n_files - 1);

  return g_steal_pointer (&text);
}

static void
kc_window_show_loading (KcWindow *self,
                        gboolean  loading)
{
  if (loading)
    gtk_widget_set_visible (GTK_WIDGET (self->load_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->load_revealer, loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", loading);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);

  if (loading)
    {
      KcWindowLoad *load = self->load;
      g_autofree char *files = describe_files (load->files, load->n_files);
      g_autofree char *text = NULL;

      if (load->kind == LOAD_RELOAD)
        text = g_strdup_printf (_("Reading %s again…"), files);
      else
        text = g_strdup_printf (_("Loading %s…"), files);
      gtk_label_set_text (self->load_label, text);
    }
}

static void
kc_window_load_progress_cb (guint64  bytes_done,
                            guint64  bytes_total,
                            gpointer user_data)
{
  g_autoptr(KcWindow) self = kc_window_load_dup_window (user_data);

  if (self == NULL)
    return;

  if (bytes_total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   CLAMP ((double) bytes_done / (double) bytes_total, 0.0, 1.0));
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

static void
kc_window_toast_show_problems_cb (KcWindow *self)
{
  g_object_set (self, "problems-visible", TRUE, NULL);
}

/* A toast whose button opens the problems panel. */
static void
kc_window_add_problems_toast (KcWindow   *self,
                              const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  g_signal_connect_object (toast, "button-clicked",
                           G_CALLBACK (kc_window_toast_show_problems_cb),
                           self, G_CONNECT_SWAPPED);
  kc_window_add_toast (self, toast);
}

/* "3 problems in “observations.csv”", "12 problems in 2 files". */
static char *
describe_problems (KcProblemList *problems)
{
  g_autoptr(GHashTable) files = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 total = kc_problem_list_get_total (problems);
  /* Grouped as the locale groups digits, as the directory's counts are. */
  g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, total);
  gulong plural = (gulong) MIN (total, G_MAXULONG);
  const char *only_file = NULL;
  g_autofree char *where = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < kc_problem_list_get_n (problems); i++)
    {
      const KcProblem *problem = kc_problem_list_get (problems, i);

      if (problem->file != NULL)
        {
          g_hash_table_add (files, problem->file);
          only_file = problem->file;
        }
    }

  if (g_hash_table_size (files) == 1)
    {
      g_autofree char *basename = g_path_get_basename (only_file);

      where = g_strdup_printf (_("“%s”"), basename);
    }
  else
    {
      guint n = g_hash_table_size (files);

      where = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files", n), n);
    }

  /* Translators: the second %s is "“file.csv”" or "2 files" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s problem in %s", "%s problems in %s", plural),
                          count, where);

  return g_markup_escape_text (text, -1);
}

static void
kc_window_set_problems (KcWindow  *self,
                        KcDataset *dataset)
{
  gboolean any = dataset != NULL && kc_problem_list_get_total (kc_dataset_get_problems (dataset)) > 0;

  kc_problems_panel_set_dataset (self->problems_panel, dataset);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_button), any);
  if (!any)
    g_object_set (self, "problems-visible", FALSE, NULL);
}

static gboolean
is_data_file_name (const char *name)
{
  g_autofree char *lower = NULL;

  if (name == NULL || name[0] == '.')
    return FALSE;

  /* The suffixes the loader reads from a folder. */
  lower = g_ascii_strdown (name, -1);
  return g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".tsv") ||
         g_str_has_suffix (lower, ".txt");
}

static gboolean
kc_window_reload_timeout_cb (gpointer user_data)
{
  KcWindow *self = user_data;

  self->reload_source = 0;
  /* A file the user is opening replaces these anyway. */
  if (self->load != NULL && self->load->kind == LOAD_OPEN)
    return G_SOURCE_REMOVE;

  kc_window_reload (self);
  return G_SOURCE_REMOVE;
}

static void
kc_window_input_changed_cb (KcWindow          *self,
                            GFile             *file,
                            GFile             *other_file,
                            GFileMonitorEvent  event,
                            GFileMonitor      *monitor)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      break;
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      return;
    }

  /* In a folder, only the files the loader reads matter: not editors'
   * backup and lock files. */
  if (g_object_get_data (G_OBJECT (monitor), "kc-folder") != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *other_name = other_file != NULL ? g_file_get_basename (other_file) : NULL;

      if (!is_data_file_name (name) && !is_data_file_name (other_name))
        return;
    }

  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->reload_source = g_timeout_add (RELOAD_DELAY_MS, kc_window_reload_timeout_cb, self);
}

static void
kc_window_watch_inputs (KcWindow *self)
{
  g_ptr_array_set_size (self->monitors, 0);

  for (guint i = 0; i < self->inputs->len; i++)
    {
      GFile *input = g_ptr_array_index (self->inputs, i);
      g_autoptr(GFileMonitor) monitor = NULL;
      g_autoptr(GError) error = NULL;
      gboolean folder;

      if (!g_file_is_native (input))
        continue;

      folder = g_file_query_file_type (input, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;
      if (folder)
        monitor = g_file_monitor_directory (input, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
      else
        monitor = g_file_monitor_file (input, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);

      /* Not watching is not worth bothering the user: reload still works. */
      if (monitor == NULL)
        {
          g_debug ("Not watching %s: %s", g_file_peek_path (input), error->message);
          continue;
        }

      if (folder)
        g_object_set_data (G_OBJECT (monitor), "kc-folder", GINT_TO_POINTER (TRUE));
      g_signal_connect_object (monitor, "changed",
                               G_CALLBACK (kc_window_input_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->monitors, g_steal_pointer (&monitor));
    }
}

static void
kc_window_add_recent (KcWindow  *self,
                      GFile    **files,
                      guint      n_files)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autofree char *exec = g_strdup_printf ("%s %%u", g_get_prgname ());

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);
      gboolean folder = g_file_query_file_type (files[i], G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;
      GtkRecentData data = {
        .mime_type = (char *) (folder ? "inode/directory" : "text/csv"),
        .app_name = (char *) g_get_application_name (),
        .app_exec = exec,
      };

      gtk_recent_manager_add_full (manager, uri, &data);
    }
}

/* Shows a dataset read from @inputs and watches them. */
static void
kc_window_show_dataset (KcWindow   *self,
                        KcDataset  *dataset,
                        GFile     **inputs,
                        guint       n_inputs)
{
  g_ptr_array_set_size (self->inputs, 0);
  for (guint i = 0; i < n_inputs; i++)
    g_ptr_array_add (self->inputs, g_object_ref (inputs[i]));

  _kc_window_set_dataset (self, dataset);
  kc_window_set_problems (self, dataset);
  kc_window_watch_inputs (self);
  /* The bundled data cannot change. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", n_inputs > 0);
}

static void
kc_window_finish_open (KcWindow     *self,
                       KcWindowLoad *load,
                       KcDataset    *dataset)
{
  g_autofree char *plain = describe_files (load->files, load->n_files);
  g_autofree char *files = g_markup_escape_text (plain, -1);
  KcProblemList *problems = kc_dataset_get_problems (dataset);
  g_autofree char *title = NULL;

  if (kc_dataset_is_empty (dataset))
    {
      /* Nothing was read: keep what is shown, and say why. */
      kc_window_set_problems (self, dataset);
      if (self->dataset != NULL)
        title = g_strdup_printf (_("Nothing could be read from %s; the data shown is kept"), files);
      else
        title = g_strdup_printf (_("Nothing could be read from %s"), files);
      kc_window_add_problems_toast (self, title);
      g_object_set (self, "problems-visible", TRUE, NULL);
      _kc_window_update_content (self);
      return;
    }

  kc_window_show_dataset (self, dataset, load->files, load->n_files);
  kc_window_add_recent (self, load->files, load->n_files);

  if (kc_problem_list_get_total (problems) > 0)
    {
      title = describe_problems (problems);
      kc_window_add_problems_toast (self, title);
    }
}

typedef struct
{
  KcDataset *old_dataset;
  KcDataset *new_dataset;
} DiffData;

static void
diff_data_free (DiffData *data)
{
  g_object_unref (data->old_dataset);
  g_object_unref (data->new_dataset);
  g_free (data);
}

static void
kc_window_diff_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  DiffData *data = task_data;

  g_task_return_pointer (task,
                         kc_dataset_diff (data->old_dataset, data->new_dataset),
                         (GDestroyNotify) kc_dataset_diff_free);
}

static void
kc_window_diff_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  KcWindowLoad *load = user_data;
  g_autoptr(KcWindow) self = kc_window_load_dup_window (load);
  DiffData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(KcDatasetDiff) diff = g_task_propagate_pointer (G_TASK (result), NULL);
  KcProblemList *problems;
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;

  if (self == NULL || diff == NULL)
    {
      kc_window_load_free (load);
      return;
    }

  self->load = NULL;
  kc_window_show_loading (self, FALSE);
  kc_window_show_dataset (self, data->new_dataset, load->files, load->n_files);

  text = kc_dataset_diff_describe (diff);
  escaped = g_markup_escape_text (text, -1);
  problems = kc_dataset_get_problems (data->new_dataset);
  if (kc_problem_list_get_total (problems) > 0)
    kc_window_add_problems_toast (self, escaped);
  else
    kc_window_add_toast (self, adw_toast_new (escaped));

  kc_window_load_free (load);
}

/* A reload that failed: the data shown stays, the problems panel shows
 * what the files now hold, and a toast says which. */
static void
kc_window_keep_shown (KcWindow     *self,
                      KcWindowLoad *load,
                      KcDataset    *dataset,
                      gboolean      new_problems)
{
  g_autofree char *plain = describe_files (load->files, load->n_files);
  g_autofree char *files = g_markup_escape_text (plain, -1);
  g_autofree char *title = NULL;

  self->load = NULL;
  kc_window_show_loading (self, FALSE);
  kc_window_set_problems (self, dataset);
  if (new_problems)
    title = g_strdup_printf (_("%s has new problems; the data shown is kept"), files);
  else
    title = g_strdup_printf (_("%s could not be read again; the data shown is kept"), files);
  kc_window_add_problems_toast (self, title);
  kc_window_load_free (load);
}

static void
kc_window_finish_reload (KcWindow     *self,
                         KcWindowLoad *load,
                         KcDataset    *dataset)
{
  g_autoptr(GTask) task = NULL;
  DiffData *data;

  if (kc_dataset_is_empty (dataset) || self->dataset == NULL)
    {
      kc_window_keep_shown (self, load, dataset, FALSE);
      return;
    }

  /* An edit that broke a row (a typo in a figure) would drop a value
   * the user had: with more errors than the data shown, the reload has
   * failed, the data shown is kept, and the problems say what to fix. */
  if (kc_problem_list_count_errors (kc_dataset_get_problems (dataset))
      > kc_problem_list_count_errors (kc_dataset_get_problems (self->dataset)))
    {
      kc_window_keep_shown (self, load, dataset, TRUE);
      return;
    }

  /* Comparing a million entities takes a moment: not on the main thread.
   * The load stays current until the comparison is done. */
  data = g_new0 (DiffData, 1);
  data->old_dataset = g_object_ref (self->dataset);
  data->new_dataset = g_object_ref (dataset);
  task = g_task_new (NULL, load->cancellable, kc_window_diff_done_cb, load);
  g_task_set_source_tag (task, kc_window_finish_reload);
  g_task_set_name (task, "[kc] dataset diff");
  g_task_set_task_data (task, data, (GDestroyNotify) diff_data_free);
  g_task_run_in_thread (task, kc_window_diff_thread);
}

static void
kc_window_load_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  KcWindowLoad *load = user_data;
  g_autoptr(KcWindow) self = kc_window_load_dup_window (load);
  g_autoptr(KcDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  dataset = kc_dataset_load_finish (result, &error);

  /* Superseded or cancelled (kc_window_cancel_load() said so already). */
  if (self == NULL)
    {
      kc_window_load_free (load);
      return;
    }

  if (dataset == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      self->load = NULL;
      kc_window_show_loading (self, FALSE);
      kc_window_add_toast (self, adw_toast_new (escaped));
      kc_window_load_free (load);
      return;
    }

  if (load->kind == LOAD_RELOAD)
    {
      kc_window_finish_reload (self, load, dataset);
      return;
    }

  self->load = NULL;
  kc_window_show_loading (self, FALSE);
  kc_window_finish_open (self, load, dataset);
  kc_window_load_free (load);
}

static void
kc_window_start_load (KcWindow  *self,
                      LoadKind   kind,
                      GFile    **files,
                      guint      n_files)
{
  KcWindowLoad *load;

  /* The newest request wins; the superseded one ends quietly. */
  if (self->load != NULL)
    {
      g_cancellable_cancel (self->load->cancellable);
      self->load = NULL;
    }
  g_clear_handle_id (&self->reload_source, g_source_remove);

  load = kc_window_load_new (self, kind, files, n_files);
  self->load = load;
  kc_window_show_loading (self, TRUE);

  kc_dataset_load_async (load->files, load->n_files, KC_LOAD_KEEP_GOOD_ROWS,
                         kc_window_load_progress_cb, load,
                         load->cancellable,
                         kc_window_load_done_cb, load);
}

void
kc_window_open_files (KcWindow  *self,
                      GFile    **files,
                      guint      n_files)
{
  g_return_if_fail (KC_IS_WINDOW (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (n_files == 0)
    return;

  for (guint i = 0; i < n_files; i++)
    g_list_store_append (self->requested_files, files[i]);

  kc_window_start_load (self, LOAD_OPEN, files, n_files);
}

void
kc_window_reload (KcWindow *self)
{
  g_return_if_fail (KC_IS_WINDOW (self));

  if (self->inputs->len == 0)
    return;

  kc_window_start_load (self, LOAD_RELOAD,
                        (GFile **) self->inputs->pdata, self->inputs->len);
}

void
kc_window_cancel_load (KcWindow *self)
{
  LoadKind kind;

  g_return_if_fail (KC_IS_WINDOW (self));

  if (self->load == NULL)
    return;

  kind = self->load->kind;
  g_cancellable_cancel (self->load->cancellable);
  self->load = NULL;
  kc_window_show_loading (self, FALSE);

  if (kind == LOAD_OPEN)
    kc_window_add_toast (self, adw_toast_new (self->dataset != NULL
                                              ? _("Loading stopped; the data shown is kept")
                                              : _("Loading stopped")));
}

gboolean
kc_window_is_loading (KcWindow *self)
{
  g_return_val_if_fail (KC_IS_WINDOW (self), FALSE);

  return self->load != NULL;
}

static void
kc_window_bundled_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  GError *error = NULL;
  KcDataset *dataset = kc_dataset_load_bundled (&error);

  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, g_object_unref);
}

static void
kc_window_bundled_done_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(KcWindow) self = g_weak_ref_get (weak);
  g_autoptr(KcDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);

  dataset = g_task_propagate_pointer (G_TASK (result), &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->bundled_cancellable);
  if (dataset == NULL)
    g_warning ("The bundled dataset could not be read: %s", error->message);

  /* Files the user opened meanwhile come first. */
  if (dataset != NULL && self->dataset == NULL)
    kc_window_show_dataset (self, dataset, NULL, 0);
  else
    _kc_window_update_content (self);
}

void
_kc_window_load_bundled (KcWindow *self)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, self);
  self->bundled_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->bundled_cancellable, kc_window_bundled_done_cb, weak);
  g_task_set_source_tag (task, _kc_window_load_bundled);
  g_task_set_name (task, "[kc] bundled dataset");
  g_task_run_in_thread (task, kc_window_bundled_thread);
}

void
kc_window_set_dataset (KcWindow  *self,
                       KcDataset *dataset)
{
  g_return_if_fail (KC_IS_WINDOW (self));
  g_return_if_fail (dataset == NULL || KC_IS_DATASET (dataset));

  if (self->bundled_cancellable != NULL)
    g_cancellable_cancel (self->bundled_cancellable);
  g_clear_object (&self->bundled_cancellable);
  if (self->load != NULL)
    {
      g_cancellable_cancel (self->load->cancellable);
      self->load = NULL;
      kc_window_show_loading (self, FALSE);
    }

  kc_window_show_dataset (self, dataset, NULL, 0);
}

void
_kc_window_dispose_load (KcWindow *self)
{
  if (self->bundled_cancellable != NULL)
    g_cancellable_cancel (self->bundled_cancellable);
  g_clear_object (&self->bundled_cancellable);
  if (self->load != NULL)
    g_cancellable_cancel (self->load->cancellable);
  self->load = NULL;
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->monitors != NULL)
    g_ptr_array_set_size (self->monitors, 0);
}
