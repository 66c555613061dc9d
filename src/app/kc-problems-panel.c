/* kc-problems-panel.c
 * The problems of a load, grouped by file, as selectable text. */
#define G_LOG_DOMAIN "kc-problems-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-problems-panel.h"

struct _KcProblemsPanel
{
  AdwBin      parent_instance;

  KcDataset  *dataset;
  /* const KcProblem *, in the order shown; owned by the dataset. */
  GPtrArray  *shown;

  /* Template children */
  GtkLabel   *summary_label;
  GtkButton  *copy_button;
  GtkStack   *stack;
  GtkBox     *groups_box;
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

static GtkWidget *
create_label (const char *text,
              const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Keeps the panel narrow: long messages wrap instead of widening it. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable labels take the focus; the rows are read with the arrows
   * of the list, so tabbing stays on the buttons. */
  gtk_widget_set_focusable (label, FALSE);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);

  return label;
}

static GtkWidget *
create_problem_row (const KcProblem *problem)
{
  g_autofree char *location = format_location (problem);
  gboolean error = problem->severity == KC_SEVERITY_ERROR;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (error ? "dialog-error-symbolic"
                                                        : "dialog-warning-symbolic");
  GtkWidget *where = create_label (location, "caption-heading");
  GtkWidget *code = create_label (kc_problem_code_to_string (problem->code), "caption");
  GtkWidget *message = create_label (problem->message, NULL);
  g_autofree char *accessible = NULL;

  gtk_widget_add_css_class (icon, error ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, error ? _("Error") : _("Warning"),
                                  -1);
  gtk_widget_add_css_class (code, "dim-label");
  gtk_widget_add_css_class (where, "numeric");
  gtk_widget_set_hexpand (where, TRUE);
  /* One line: the path is in the group's heading. When the row is narrow
   * the file name gives way from its start and the code from its end:
   * the line and column are what the row is for ("…ies.csv:7:10"). */
  gtk_label_set_wrap (GTK_LABEL (where), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_START);
  gtk_label_set_wrap (GTK_LABEL (code), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (code), PANGO_ELLIPSIZE_END);

  gtk_box_append (GTK_BOX (top), icon);
  gtk_box_append (GTK_BOX (top), where);
  gtk_box_append (GTK_BOX (top), code);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), message);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  /* Screen readers get the whole row at once. */
  accessible = g_strdup_printf ("%s, %s: %s", error ? _("Error") : _("Warning"), location, problem->message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return row;
}

static GtkWidget *
create_group (const char *file,
              guint64     errors,
              guint64     warnings,
              GtkWidget **list)
{
  g_autofree char *counts = format_counts (errors, warnings);
  g_autofree char *basename = g_path_get_basename (file);
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (*file != '\0' ? basename : _("All Files"));
  GtkWidget *path = gtk_label_new (file);
  GtkWidget *subtitle = gtk_label_new (counts);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 40);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (path), 0);
  gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_START);
  gtk_label_set_max_width_chars (GTK_LABEL (path), 40);
  gtk_label_set_selectable (GTK_LABEL (path), TRUE);
  gtk_widget_set_focusable (path, FALSE);
  gtk_widget_add_css_class (path, "caption");
  gtk_widget_set_visible (path, *file != '\0');
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");

  *list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (*list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (*list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (*list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, file,
                                  -1);

  gtk_box_append (GTK_BOX (group), title);
  gtk_box_append (GTK_BOX (group), path);
  gtk_box_append (GTK_BOX (group), subtitle);
  gtk_widget_set_margin_top (*list, 6);
  gtk_box_append (GTK_BOX (group), *list);

  return group;
}

static void
kc_problems_panel_rebuild (KcProblemsPanel *self)
{
  KcProblemList *problems;
  GtkWidget *child;
  guint64 total, errors = 0, warnings = 0;
  guint n_files = 0;
  g_autofree char *counts = NULL;
  g_autofree char *summary = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  g_clear_pointer (&self->shown, g_ptr_array_unref);

  problems = self->dataset != NULL ? kc_dataset_get_problems (self->dataset) : NULL;
  if (problems == NULL || kc_problem_list_get_total (problems) == 0)
    {
      self->shown = g_ptr_array_new ();
      gtk_label_set_text (self->summary_label, "");
      gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), FALSE);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  self->shown = sort_problems (problems);
  for (guint i = 0; i < self->shown->len; )
    {
      const KcProblem *first = g_ptr_array_index (self->shown, i);
      guint64 file_errors = 0, file_warnings = 0;
      GtkWidget *list = NULL;
      GtkWidget *group;
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

      group = create_group (first->file != NULL ? first->file : "", file_errors, file_warnings, &list);
      for (; i < end; i++)
        gtk_list_box_append (GTK_LIST_BOX (list), create_problem_row (g_ptr_array_index (self->shown, i)));
      gtk_box_append (self->groups_box, group);

      errors += file_errors;
      warnings += file_warnings;
      n_files++;
    }

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
  g_return_if_fail (KC_IS_PROBLEMS_PANEL (self));
  g_return_if_fail (dataset == NULL || KC_IS_DATASET (dataset));

  if (!g_set_object (&self->dataset, dataset))
    return;

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
  gtk_widget_class_bind_template_child (widget_class, KcProblemsPanel, groups_box);
  gtk_widget_class_bind_template_callback (widget_class, kc_problems_panel_copy_clicked_cb);

  /* Escape closes the panel, as its close button does, when the focus is
   * in it (the window's Escape stops a load). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.show-problems", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kc_problems_panel_init (KcProblemsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  kc_problems_panel_rebuild (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problems"),
                                  -1);
}
