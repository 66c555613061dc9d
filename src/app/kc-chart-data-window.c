/* kc-chart-data-window.c
 * A chart's values as a table that can be copied. */
#define G_LOG_DOMAIN "kc-chart-data-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kc-chart-builder.h"
#include "kc-chart-data-window.h"

struct _KcChartDataWindow
{
  AdwWindow       parent_instance;

  /* GStrv rows, header first: the text shown and the text copied. */
  GPtrArray      *shown;
  GPtrArray      *copied;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkButton      *copy_button;
  GtkStack       *stack;
  GtkGrid        *grid;
};

G_DEFINE_FINAL_TYPE (KcChartDataWindow, kc_chart_data_window, ADW_TYPE_WINDOW)

/* Plain for spreadsheets: ASCII minus, no grouping, enough digits. */
static char *
format_copied (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("");

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.12g", value));
}

static char *
format_shown (double   value,
              gboolean group)
{
  if (isnan (value))
    /* Translators: a missing value in a table */
    return g_strdup (C_("value", "—"));

  return kc_format_decimal (value, 6, group);
}

/* The "number-format" preference, as the application applied it. */
static gboolean
should_group_digits (void)
{
  return kc_format_groups_digits (KC_CHART_LANGUAGE_AUTO);
}

static char *
header_with_unit (const char *name,
                  const char *unit)
{
  if (unit == NULL || *unit == '\0')
    return g_strdup (name);

  /* Translators: a column heading and its unit: "Output (亿元)" */
  return g_strdup_printf (_("%s (%s)"), name, unit);
}

static void
add_row (KcChartDataWindow  *self,
         char              **shown,
         char              **copied)
{
  g_ptr_array_add (self->shown, shown);
  g_ptr_array_add (self->copied, copied);
}

/* One row per category, one column per series. */
static void
collect_series (KcChartDataWindow *self,
                KcChartSpec       *spec,
                gboolean           group)
{
  guint n_points = kc_chart_spec_get_n_points (spec);
  char **header = g_new0 (char *, spec->n_series + 2);

  header[0] = g_strdup (_("Category"));
  for (guint s = 0; s < spec->n_series; s++)
    {
      const char *name = spec->series[s].name;

      if (name == NULL || *name == '\0')
        name = spec->n_series == 1 && spec->title != NULL ? spec->title : _("Value");
      header[s + 1] = header_with_unit (name, spec->unit);
    }
  add_row (self, header, g_strdupv (header));

  for (guint c = 0; c < n_points; c++)
    {
      char **shown = g_new0 (char *, spec->n_series + 2);
      char **copied = g_new0 (char *, spec->n_series + 2);

      shown[0] = kc_chart_spec_dup_category (spec, c);
      copied[0] = g_strdup (shown[0]);
      for (guint s = 0; s < spec->n_series; s++)
        {
          double value = kc_chart_spec_get_value (spec, s, c);

          shown[s + 1] = format_shown (value, group);
          copied[s + 1] = format_copied (value);
        }
      add_row (self, shown, copied);
    }
}

static void
add_pair (KcChartDataWindow *self,
          const char        *label,
          double             value,
          gboolean           group)
{
  char **shown = g_new0 (char *, 3);
  char **copied = g_new0 (char *, 3);

  shown[0] = g_strdup (label);
  shown[1] = format_shown (value, group);
  copied[0] = g_strdup (label);
  copied[1] = format_copied (value);
  add_row (self, shown, copied);
}

/* A donut or a headline figure without series still has its numbers. */
static void
collect_figures (KcChartDataWindow *self,
                 KcChartSpec       *spec,
                 gboolean           group)
{
  char **header = g_new0 (char *, 3);

  header[0] = g_strdup (_("Figure"));
  header[1] = g_strdup (_("Value"));
  add_row (self, header, g_strdupv (header));

  if (spec->type == KC_CHART_SHARE)
    {
      g_autofree char *part = header_with_unit (_("Part"), spec->unit);
      g_autofree char *total = header_with_unit (_("Total"), spec->unit);
      g_autofree char *percent = header_with_unit (_("Share"), "%");

      if (!isnan (spec->share.part))
        add_pair (self, part, spec->share.part, group);
      if (!isnan (spec->share.total))
        add_pair (self, total, spec->share.total, group);
      add_pair (self, percent, kc_chart_spec_get_share_percent (spec), group);
    }
  else
    {
      g_autofree char *label = header_with_unit (spec->kpi.period != NULL ? spec->kpi.period
                                                                          : _("Value"),
                                                 spec->unit);

      add_pair (self, label, kc_chart_spec_get_kpi_value (spec), group);
    }
}

static void
kc_chart_data_window_fill_grid (KcChartDataWindow *self)
{
  for (guint r = 0; r < self->shown->len; r++)
    {
      char **row = g_ptr_array_index (self->shown, r);

      for (guint c = 0; row[c] != NULL; c++)
        {
          GtkWidget *label = gtk_label_new (row[c]);

          gtk_label_set_selectable (GTK_LABEL (label), TRUE);
          gtk_widget_set_focusable (label, FALSE);
          gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0.0 : 1.0);
          /* Long Chinese or English names wrap rather than widen it. */
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (label), c == 0 ? 36 : 18);
          if (r == 0)
            gtk_widget_add_css_class (label, "heading");
          else if (c > 0)
            gtk_widget_add_css_class (label, "numeric");
          gtk_grid_attach (self->grid, label, c, r, 1, 1);
        }
    }
}

char *
kc_chart_data_window_dup_text (KcChartDataWindow *self)
{
  GString *text;

  g_return_val_if_fail (KC_IS_CHART_DATA_WINDOW (self), NULL);

  text = g_string_new (NULL);
  for (guint r = 0; r < self->copied->len; r++)
    {
      g_autofree char *line = g_strjoinv ("\t", g_ptr_array_index (self->copied, r));

      g_string_append (text, line);
      g_string_append_c (text, '\n');
    }

  return g_string_free (text, FALSE);
}

static void
kc_chart_data_window_copy_clicked_cb (KcChartDataWindow *self)
{
  g_autofree char *text = kc_chart_data_window_dup_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

KcChartDataWindow *
kc_chart_data_window_new (GtkWindow        *parent,
                          KcDataset        *dataset,
                          const KcChartDef *def)
{
  KcChartDataWindow *self;
  g_autoptr(KcChartSpec) spec = NULL;
  gboolean group = should_group_digits ();
  g_autofree char *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KC_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (def != NULL, NULL);

  self = g_object_new (KC_TYPE_CHART_DATA_WINDOW,
                       "transient-for", parent,
                       NULL);

  spec = kc_chart_spec_from_def (dataset, def, KC_CHART_LANGUAGE_AUTO);
  if (spec->n_series > 0)
    collect_series (self, spec, group);
  else if (spec->type == KC_CHART_SHARE || spec->type == KC_CHART_KPI)
    collect_figures (self, spec, group);

  adw_window_title_set_title (self->window_title, spec->title != NULL ? spec->title : def->title);
  adw_window_title_set_subtitle (self->window_title, spec->source != NULL ? spec->source : "");
  /* Translators: the title of the chart data window: the chart's title */
  title = g_strdup_printf (_("Data of “%s”"), spec->title != NULL ? spec->title : def->title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (self->shown->len > 1)
    kc_chart_data_window_fill_grid (self);
  gtk_stack_set_visible_child_name (self->stack, self->shown->len > 1 ? "table" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), self->shown->len > 1);

  return self;
}

static void
kc_chart_data_window_dispose (GObject *object)
{
  KcChartDataWindow *self = KC_CHART_DATA_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KC_TYPE_CHART_DATA_WINDOW);

  G_OBJECT_CLASS (kc_chart_data_window_parent_class)->dispose (object);
}

static void
kc_chart_data_window_finalize (GObject *object)
{
  KcChartDataWindow *self = KC_CHART_DATA_WINDOW (object);

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->copied, g_ptr_array_unref);

  G_OBJECT_CLASS (kc_chart_data_window_parent_class)->finalize (object);
}

static void
kc_chart_data_window_class_init (KcChartDataWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kc_chart_data_window_dispose;
  object_class->finalize = kc_chart_data_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kc-chart-data-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KcChartDataWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KcChartDataWindow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, KcChartDataWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KcChartDataWindow, grid);
  gtk_widget_class_bind_template_callback (widget_class, kc_chart_data_window_copy_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kc_chart_data_window_init (KcChartDataWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->shown = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->copied = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}
