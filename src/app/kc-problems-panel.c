/* kc-problems-panel.c
 * The problems of a load, grouped by file, as selectable text. */
#define G_LOG_DOMAIN "kc-problems-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-problems-panel.h"

struct _KcProblemsPanel
{
  AdwBin       parent_instance;

  KcDataset   *dataset;
  /* const KcProblem *, in the order shown; owned by the dataset. */
  GPtrArray   *shown;

  /* Template children */
  GtkLabel    *summary_label;
  GtkButton   *copy_button;
  GtkStack    *stack;
  GtkGridView *rows_view;

  GListStore  *store;
  /* KcProblemItem *: the rows of the last rebuild, waiting for the list
   * to be shown with a size (see kc_problems_panel_fill()). */
  GPtrArray   *pending;
  guint        populate_id;
};

G_DEFINE_FINAL_TYPE (KcProblemsPanel, kc_problems_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATASET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const KcProblem *problem;
  guint            file_rank;
  guint            index;
} SortEntry;

/* Files in the order they first appear, then errors before warnings,
 * then by position; the index keeps equal positions in their order. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const SortEntry *x = a;
  const SortEntry *y = b;

  if (x->file_rank != y->file_rank)
    return x->file_rank < y->file_rank ? -1 : 1;
  if (x->problem->severity != y->problem->severity)
    return x->problem->severity == KC_SEVERITY_ERROR ? -1 : 1;
  if (x->problem->line != y->problem->line)
    return x->problem->line < y->problem->line ? -1 : 1;
  if (x->problem->column != y->problem->column)
    return x->problem->column < y->problem->column ? -1 : 1;
  return x->index < y->index ? -1 : (x->index > y->index);
}

static GPtrArray *
sort_problems (KcProblemList *problems)
{
  guint n = kc_problem_list_get_n (problems);
  g_autoptr(GHashTable) ranks = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree SortEntry *entries = g_new (SortEntry, MAX (n, 1));
  GPtrArray *sorted = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      const KcProblem *problem = kc_problem_list_get (problems, i);
      const char *file = problem->file != NULL ? problem->file : "";
      gpointer rank;

      if (!g_hash_table_lookup_extended (ranks, file, NULL, &rank))
        {
          rank = GUINT_TO_POINTER (g_hash_table_size (ranks));
          g_hash_table_insert (ranks, (gpointer) file, rank);
        }
      entries[i].problem = problem;
      entries[i].file_rank = GPOINTER_TO_UINT (rank);
      entries[i].index = i;
    }

  qsort (entries, n, sizeof (SortEntry), compare_entries);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, (gpointer) entries[i].problem);

  return sorted;
}

/* "file:line:col" with the zeros left out, as in kc_problem_format(),
 * with only the file's name: the group's heading has its path. */
static char *
format_location (const KcProblem *problem)
{
  g_autofree char *file = g_path_get_basename (problem->file != NULL ? problem->file : "");

  if (problem->line == 0)
    return g_strdup (file);
  if (problem->column == 0)
    return g_strdup_printf ("%s:%" G_GUINT64_FORMAT, file, problem->line);
  return g_strdup_printf ("%s:%" G_GUINT64_FORMAT ":%u", file, problem->line, problem->column);
}

static char *
format_counts (guint64 errors,
               guint64 warnings)
{
  g_autofree char *e = NULL;
  g_autofree char *w = NULL;

  if (errors > 0)
    e = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", (gulong) MIN (errors, G_MAXUINT)),
                         (guint) MIN (errors, G_MAXUINT));
  if (warnings > 0)
    w = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", (gulong) MIN (warnings, G_MAXUINT)),
                         (guint) MIN (warnings, G_MAXUINT));

  if (e != NULL && w != NULL)
    /* Translators: "3 errors, 1 warning" */
    return g_strdup_printf (_("%s, %s"), e, w);
  if (e != NULL)
    return g_steal_pointer (&e);
  return g_steal_pointer (&w);
}

/* One row of the list: a problem, and on the first problem of a file
 * the file's heading above it. The strings are the row's own; the
 * problem belongs to the dataset, which the panel holds. */
struct _KcProblemItem
{
  GObject          parent_instance;

  const KcProblem *problem;
  char            *group_title;   /* NULL unless the row starts a file */
  char            *group_path;
  char            *group_counts;
};

#define KC_TYPE_PROBLEM_ITEM (kc_problem_item_get_type ())
G_DECLARE_FINAL_TYPE (KcProblemItem, kc_problem_item, KC, PROBLEM_ITEM, GObject)
G_DEFINE_FINAL_TYPE (KcProblemItem, kc_problem_item, G_TYPE_OBJECT)

static void
kc_problem_item_finalize (GObject *object)
{
  KcProblemItem *self = KC_PROBLEM_ITEM (object);

  g_free (self->group_title);
  g_free (self->group_path);
  g_free (self->group_counts);

  G_OBJECT_CLASS (kc_problem_item_parent_class)->finalize (object);
}

static void
kc_problem_item_class_init (KcProblemItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kc_problem_item_finalize;
}

static void
kc_problem_item_init (KcProblemItem *self)
{
}

/* The widgets of a row, kept on it for binding. */
typedef struct
{
  GtkWidget *header;
  GtkWidget *group_title;
  GtkWidget *group_path;
  GtkWidget *group_counts;
  GtkWidget *icon;
  GtkWidget *where;
  GtkWidget *code;
  GtkWidget *message;
} ProblemRow;

static GtkWidget *
create_label (const char *style_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable labels take the focus; the rows are read with the arrows
   * of the list, so tabbing stays on the buttons. */
  gtk_widget_set_focusable (label, FALSE);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);

  return label;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item)
{
  ProblemRow *row = g_new0 (ProblemRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *problem = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  /* The file's heading: its name, its path, and how many of each. */
  row->header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  row->group_title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->group_title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->group_title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (row->group_title, "heading");
  row->group_path = create_label ("caption");
  gtk_label_set_wrap (GTK_LABEL (row->group_path), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (row->group_path), PANGO_ELLIPSIZE_START);
  row->group_counts = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->group_counts), 0);
  gtk_widget_add_css_class (row->group_counts, "caption");
  gtk_widget_add_css_class (row->group_counts, "dim-label");
  gtk_box_append (GTK_BOX (row->header), row->group_title);
  gtk_box_append (GTK_BOX (row->header), row->group_path);
  gtk_box_append (GTK_BOX (row->header), row->group_counts);
  gtk_widget_set_margin_top (row->header, 12);
  gtk_widget_set_margin_bottom (row->header, 4);
  gtk_widget_set_margin_start (row->header, 10);
  gtk_widget_set_margin_end (row->header, 10);

  row->icon = gtk_image_new ();
  row->where = create_label ("caption-heading");
  row->code = create_label ("caption");
  row->message = create_label (NULL);
  gtk_widget_add_css_class (row->code, "dim-label");
  gtk_widget_add_css_class (row->where, "numeric");
  gtk_widget_set_hexpand (row->where, TRUE);
  /* One line: the path is in the file's heading. When the row is narrow
   * the file name gives way from its start and the code from its end:
   * the line and column are what the row is for ("…ies.csv:7:10"). */
  gtk_label_set_wrap (GTK_LABEL (row->where), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (row->where), PANGO_ELLIPSIZE_START);
  gtk_label_set_wrap (GTK_LABEL (row->code), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (row->code), PANGO_ELLIPSIZE_END);

  gtk_box_append (GTK_BOX (top), row->icon);
  gtk_box_append (GTK_BOX (top), row->where);
  gtk_box_append (GTK_BOX (top), row->code);
  gtk_box_append (GTK_BOX (problem), top);
  gtk_box_append (GTK_BOX (problem), row->message);
  gtk_widget_set_margin_top (problem, 8);
  gtk_widget_set_margin_bottom (problem, 8);
  gtk_widget_set_margin_start (problem, 10);
  gtk_widget_set_margin_end (problem, 10);

  gtk_box_append (GTK_BOX (box), row->header);
  gtk_box_append (GTK_BOX (box), problem);
  g_object_set_data_full (G_OBJECT (box), "kc-problem-row", row, g_free);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  KcProblemItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  ProblemRow *row = g_object_get_data (G_OBJECT (box), "kc-problem-row");
  const KcProblem *problem = item->problem;
  gboolean error = problem->severity == KC_SEVERITY_ERROR;
  g_autofree char *location = format_location (problem);
  g_autofree char *accessible = NULL;

  gtk_widget_set_visible (row->header, item->group_title != NULL);
  if (item->group_title != NULL)
    {
      gtk_label_set_text (GTK_LABEL (row->group_title), item->group_title);
      gtk_label_set_text (GTK_LABEL (row->group_path), item->group_path);
      gtk_widget_set_visible (row->group_path, *item->group_path != '\0');
      gtk_label_set_text (GTK_LABEL (row->group_counts), item->group_counts);
    }

  gtk_image_set_from_icon_name (GTK_IMAGE (row->icon), error ? "dialog-error-symbolic"
                                                             : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (row->icon, error ? "warning" : "error");
  gtk_widget_add_css_class (row->icon, error ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, error ? _("Error") : _("Warning"),
                                  -1);
  gtk_label_set_text (GTK_LABEL (row->where), location);
  gtk_label_set_text (GTK_LABEL (row->code), kc_problem_code_to_string (problem->code));
  gtk_label_set_text (GTK_LABEL (row->message), problem->message);

  /* Screen readers get the whole row at once, from the row the view
   * made around @box: that is what takes the focus (GTK 4.8 has no
   * gtk_list_item_set_accessible_label()). */
  accessible = g_strdup_printf ("%s, %s: %s", error ? _("Error") : _("Warning"), location, problem->message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/* The rows go into the view once it is on screen and has a size, so a
 * closed panel makes and measures none (the flap measures its child
 * even while it is hidden). */
static void
kc_problems_panel_fill (KcProblemsPanel *self)
{
  if (self->pending == NULL)
    return;
  g_list_store_splice (self->store, 0, 0, self->pending->pdata, self->pending->len);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
}

static gboolean
kc_problems_panel_fill_tick (GtkWidget     *rows_view,
                             GdkFrameClock *clock,
                             gpointer       user_data)
{
  KcProblemsPanel *self = KC_PROBLEMS_PANEL (user_data);

  if (gtk_widget_get_height (rows_view) <= 0)
    return G_SOURCE_CONTINUE;

  self->populate_id = 0;
  kc_problems_panel_fill (self);
  return G_SOURCE_REMOVE;
}

static void
kc_problems_panel_queue_populate (KcProblemsPanel *self)
{
  GtkWidget *rows_view = GTK_WIDGET (self->rows_view);

  if (self->pending == NULL || self->populate_id != 0 || !gtk_widget_get_mapped (rows_view))
    return;
  /* Given a size before (open now, or opened before and shown again): at
   * once, for no frame of an empty list. */
  if (gtk_widget_get_height (rows_view) > 0)
    kc_problems_panel_fill (self);
  else
    self->populate_id = gtk_widget_add_tick_callback (rows_view, kc_problems_panel_fill_tick, self, NULL);
}

static void
kc_problems_panel_rows_mapped_cb (KcProblemsPanel *self)
{
  kc_problems_panel_queue_populate (self);
}

static void
kc_problems_panel_rows_unmapped_cb (KcProblemsPanel *self)
{
  /* An unmapped widget's tick callbacks do not run. */
  if (self->populate_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->rows_view), self->populate_id);
      self->populate_id = 0;
    }
}

/* A load can bring thousands of problems, and a box of 1,000 rows of
 * wrapped text took a second to measure at each change of the window's
 * size. The rows are a one-column grid view's, which makes rows only for
 * about a screenful (GTK 4.8's list view keeps 200 whatever its height). */
static void
kc_problems_panel_rebuild (KcProblemsPanel *self)
{
  KcProblemList *problems;
  g_autoptr(GPtrArray) items = NULL;
  guint64 total, errors = 0, warnings = 0;
  guint n_files = 0;
  g_autofree char *counts = NULL;
  g_autofree char *summary = NULL;

  g_list_store_remove_all (self->store);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_ptr_array_unref);

  problems = self->dataset != NULL ? kc_dataset_get_problems (self->dataset) : NULL;
  if (problems == NULL || kc_problem_list_get_total (problems) == 0)
    {
      self->shown = g_ptr_array_new ();
      gtk_label_set_text (self->summary_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), FALSE);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  self->shown = sort_problems (problems);
  items = g_ptr_array_new_full (self->shown->len, g_object_unref);
  for (guint i = 0; i < self->shown->len; )
    {
      const KcProblem *first = g_ptr_array_index (self->shown, i);
      const char *file = first->file != NULL ? first->file : "";
      guint64 file_errors = 0, file_warnings = 0;
      KcProblemItem *head;
      guint end;

      for (end = i; end < self->shown->len; end++)
        {
          const KcProblem *problem = g_ptr_array_index (self->shown, end);

          if (g_strcmp0 (problem->file, first->file) != 0)
            break;
          if (problem->severity == KC_SEVERITY_ERROR)
            file_errors++;
          else
            file_warnings++;
        }

      head = g_object_new (KC_TYPE_PROBLEM_ITEM, NULL);
      head->problem = first;
      head->group_title = *file != '\0' ? g_path_get_basename (file) : g_strdup (_("All Files"));
      head->group_path = g_strdup (file);
      head->group_counts = format_counts (file_errors, file_warnings);
      g_ptr_array_add (items, head);
      for (i++; i < end; i++)
        {
          KcProblemItem *item = g_object_new (KC_TYPE_PROBLEM_ITEM, NULL);

          item->problem = g_ptr_array_index (self->shown, i);
          g_ptr_array_add (items, item);
        }

      errors += file_errors;
      warnings += file_warnings;
      n_files++;
    }
  self->pending = g_steal_pointer (&items);
  kc_problems_panel_queue_populate (self);

  /* The list keeps a bounded number; the rest were only counted. */
  total = kc_problem_list_get_total (problems);
  counts = format_counts (errors, warnings);
  if (total > self->shown->len)
    {
      g_autofree char *total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

      /* Translators: "1000 errors shown of 52301 problems" */
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s shown of %s problem",
                                              "%s shown of %s problems",
                                              (gulong) MIN (total, G_MAXULONG)),
                                 counts, total_text);
    }
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s in %u file", "%s in %u files", n_files),
                               counts, n_files);

  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), summary);
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

char *
kc_problems_panel_dup_text (KcProblemsPanel *self)
{
  GString *text;

  g_return_val_if_fail (KC_IS_PROBLEMS_PANEL (self), NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->shown->len; i++)
    {
      g_autofree char *line = kc_problem_format (g_ptr_array_index (self->shown, i));

      g_string_append (text, line);
      g_string_append_c (text, '\n');
    }

  return g_string_free (text, FALSE);
}

static void
kc_problems_panel_copy_clicked_cb (KcProblemsPanel *self)
{
  g_autofree char *text = kc_problems_panel_dup_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

GtkWidget *
kc_problems_panel_new (void)
{
  return g_object_new (KC_TYPE_PROBLEMS_PANEL, NULL);
}

KcDataset *
kc_problems_panel_get_dataset (KcProblemsPanel *self)
{
  g_return_val_if_fail (KC_IS_PROBLEMS_PANEL (self), NULL);

  return self->dataset;
}

void
kc_problems_panel_set_dataset (KcProblemsPanel *self,
                               KcDataset       *dataset)
{
  g_autoptr(KcDataset) old = NULL;

  g_return_if_fail (KC_IS_PROBLEMS_PANEL (self));
  g_return_if_fail (dataset == NULL || KC_IS_DATASET (dataset));

  if (self->dataset == dataset)
    return;

  /* The rows point into the old data's problems: it goes after them. */
  old = g_steal_pointer (&self->dataset);
  self->dataset = dataset != NULL ? g_object_ref (dataset) : NULL;
  kc_problems_panel_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

static void
kc_problems_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KcProblemsPanel *self = KC_PROBLEMS_PANEL (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_problems_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KcProblemsPanel *self = KC_PROBLEMS_PANEL (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      kc_problems_panel_set_dataset (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_problems_panel_dispose (GObject *object)
{
  KcProblemsPanel *self = KC_PROBLEMS_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KC_TYPE_PROBLEMS_PANEL);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (kc_problems_panel_parent_class)->dispose (object);
}

static void
kc_problems_panel_class_init (KcProblemsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kc_problems_panel_dispose;
  object_class->get_property = kc_problems_panel_get_property;
  object_class->set_property = kc_problems_panel_set_property;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL,
                         KC_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kc-problems-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, KcProblemsPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KcProblemsPanel, copy_button);
  gtk_widget_class_bind_template_child (widget_class, KcProblemsPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, KcProblemsPanel, rows_view);
  gtk_widget_class_bind_template_callback (widget_class, kc_problems_panel_copy_clicked_cb);

  /* Escape closes the panel, as its close button does, when the focus is
   * in it (the window's Escape stops a load). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.show-problems", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kc_problems_panel_init (KcProblemsPanel *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (KC_TYPE_PROBLEM_ITEM);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_grid_view_set_factory (self->rows_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)));
  gtk_grid_view_set_model (self->rows_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_signal_connect_swapped (self->rows_view, "map", G_CALLBACK (kc_problems_panel_rows_mapped_cb), self);
  g_signal_connect_swapped (self->rows_view, "unmap", G_CALLBACK (kc_problems_panel_rows_unmapped_cb), self);

  kc_problems_panel_rebuild (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problems"),
                                  -1);
}
