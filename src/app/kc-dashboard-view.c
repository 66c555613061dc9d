/* kc-dashboard-view.c
 * The dashboard: the dataset's KPI cards and curated charts in a grid. */
#define G_LOG_DOMAIN "kc-dashboard-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-chart-builder.h"
#include "kc-chart-render.h"
#include "kc-chart-view.h"
#include "kc-dashboard-card.h"
#include "kc-dashboard-view.h"

struct _KcDashboardView
{
  GtkWidget   parent_instance;

  KcDataset  *dataset;
  GSettings  *settings;

  /* Template children */
  GtkStack   *stack;
  GtkLabel   *title_label;
  GtkLabel   *summary_label;
  GtkFlowBox *headline_box;
  GtkFlowBox *chart_box;
};

/* As in kc-dashboard-view.ui. */
#define CLAMP_TIGHTENING_THRESHOLD 1600
#define CONTENT_MARGIN             12
#define MAX_HEADLINES_PER_LINE     6
#define MAX_CHARTS_PER_LINE        4

G_DEFINE_FINAL_TYPE (KcDashboardView, kc_dashboard_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATASET,
  N_PROPS
};

enum {
  OPEN_INDICATOR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
kc_dashboard_view_card_clicked_cb (KcDashboardView *self,
                                   KcDashboardCard *card)
{
  const char *indicator_id = kc_dashboard_card_get_indicator_id (card);

  if (indicator_id != NULL)
    g_signal_emit (self, signals[OPEN_INDICATOR], 0, indicator_id);
}

static void
kc_dashboard_view_clear (KcDashboardView *self)
{
  GtkFlowBox *boxes[] = { self->headline_box, self->chart_box };

  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (boxes[i]))) != NULL)
        gtk_flow_box_remove (boxes[i], child);
    }
}

static void
kc_dashboard_view_add_card (KcDashboardView  *self,
                            const KcChartDef *def)
{
  g_autoptr(KcChartSpec) spec = kc_chart_spec_from_def (self->dataset, def, KC_CHART_LANGUAGE_AUTO);
  const char *indicator_id = def->indicators != NULL ? def->indicators[0] : NULL;
  GtkWidget *card = kc_dashboard_card_new (def->id, indicator_id, spec);
  GtkWidget *child;

  g_settings_bind (self->settings, "chart-palette",
                   kc_dashboard_card_get_chart_view (KC_DASHBOARD_CARD (card)), "palette",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_object (card, "clicked",
                           G_CALLBACK (kc_dashboard_view_card_clicked_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_flow_box_append (kc_dashboard_card_get_headline (KC_DASHBOARD_CARD (card))
                       ? self->headline_box : self->chart_box,
                       card);

  /* The chart inside takes the focus and the clicks; the flow box child
   * would only add a second, invisible tab stop. */
  child = gtk_widget_get_parent (card);
  gtk_widget_set_focusable (child, FALSE);
}

static void
kc_dashboard_view_update_header (KcDashboardView *self)
{
  KcEntityTable *entities = kc_dataset_get_entities (self->dataset);
  guint n_indicators = kc_dataset_get_n_indicators (self->dataset);
  guint n_entities = entities != NULL ? kc_entity_table_get_n_rows (entities) : 0;
  g_autofree char *indicators = NULL;
  g_autofree char *summary = NULL;

  gtk_label_set_label (self->title_label, kc_dataset_get_title (self->dataset));

  indicators = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u indicator", "%u indicators",
                                             n_indicators),
                                n_indicators);
  if (n_entities > 0)
    {
      g_autofree char *count = g_strdup_printf ("%'u", n_entities);

      /* TRANSLATORS: the dashboard's summary line, e.g. "46 indicators · 42 enterprises and platforms" */
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s enterprise or platform",
                                              "%s · %s enterprises and platforms", n_entities),
                                 indicators, count);
    }
  else
    summary = g_steal_pointer (&indicators);

  gtk_label_set_label (self->summary_label, summary);
}

static void
kc_dashboard_view_rebuild (KcDashboardView *self)
{
  guint n_charts = self->dataset != NULL ? kc_dataset_get_n_dashboard_charts (self->dataset) : 0;

  kc_dashboard_view_clear (self);

  if (n_charts == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  kc_dashboard_view_update_header (self);
  for (guint i = 0; i < n_charts; i++)
    kc_dashboard_view_add_card (self, kc_dataset_get_dashboard_chart (self->dataset, i));

  gtk_widget_set_visible (GTK_WIDGET (self->headline_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->headline_box)) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->chart_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->chart_box)) != NULL);
  gtk_stack_set_visible_child_name (self->stack, "charts");
}

/* How many cards of @box go on a line of @width so that the lines are
 * filled evenly: six headline cards as two lines of three rather than five
 * and one. At most @max. */
static guint
kc_dashboard_view_balance_line (GtkFlowBox *box,
                                int         width,
                                guint       max)
{
  GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (box));
  int spacing = gtk_flow_box_get_column_spacing (box);
  int natural = 0;
  guint n = 0;
  guint fit;
  guint lines;

  if (first == NULL)
    return max;

  for (GtkWidget *child = first; child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;

  /* The flow box fits as many cards as their natural width allows. */
  gtk_widget_measure (first, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  fit = CLAMP ((width + spacing) / MAX (natural + spacing, 1), 1, (int) max);
  lines = (n + fit - 1) / fit;

  return (n + lines - 1) / lines;
}

static double
kc_dashboard_view_measure_figure (guint    card,
                                  double   cap,
                                  gpointer user_data)
{
  GPtrArray *views = user_data;

  return kc_chart_view_measure_kpi_figure (g_ptr_array_index (views, card), cap);
}

/* The headline cards show their figures at one size, as the poster's band
 * does: the largest every card can show. On narrow cards a long figure
 * (25.125 billion yuan) fits only smaller than a short one (90 %). Needs
 * the cards allocated. */
static void
kc_dashboard_view_even_figures (KcDashboardView *self)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  double size;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->headline_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *card = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (card != NULL && gtk_widget_get_visible (child))
        g_ptr_array_add (views, kc_dashboard_card_get_chart_view (KC_DASHBOARD_CARD (card)));
    }

  size = kc_chart_common_kpi_figure_size (views->len, kc_dashboard_view_measure_figure, views);
  for (guint i = 0; i < views->len; i++)
    kc_chart_view_set_kpi_figure_cap (g_ptr_array_index (views, i), size);
}

static void
kc_dashboard_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  KcDashboardView *self = KC_DASHBOARD_VIEW (widget);
  /* The width the flow boxes get: the clamp's, less the margins. */
  int inner = MIN (width, CLAMP_TIGHTENING_THRESHOLD) - 2 * CONTENT_MARGIN;
  guint headlines = kc_dashboard_view_balance_line (self->headline_box, inner, MAX_HEADLINES_PER_LINE);
  guint charts = kc_dashboard_view_balance_line (self->chart_box, inner, MAX_CHARTS_PER_LINE);

  if (gtk_flow_box_get_max_children_per_line (self->headline_box) != headlines)
    gtk_flow_box_set_max_children_per_line (self->headline_box, headlines);
  if (gtk_flow_box_get_max_children_per_line (self->chart_box) != charts)
    gtk_flow_box_set_max_children_per_line (self->chart_box, charts);

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);
  kc_dashboard_view_even_figures (self);
}

static void
kc_dashboard_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  KcDashboardView *self = KC_DASHBOARD_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
kc_dashboard_view_dispose (GObject *object)
{
  KcDashboardView *self = KC_DASHBOARD_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KC_TYPE_DASHBOARD_VIEW);
  g_clear_object (&self->dataset);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kc_dashboard_view_parent_class)->dispose (object);
}

static void
kc_dashboard_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KcDashboardView *self = KC_DASHBOARD_VIEW (object);

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
kc_dashboard_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KcDashboardView *self = KC_DASHBOARD_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      kc_dashboard_view_set_dataset (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_dashboard_view_class_init (KcDashboardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kc_dashboard_view_dispose;
  object_class->get_property = kc_dashboard_view_get_property;
  object_class->set_property = kc_dashboard_view_set_property;

  widget_class->measure = kc_dashboard_view_measure;
  widget_class->size_allocate = kc_dashboard_view_size_allocate;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL,
                         KC_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KcDashboardView::open-indicator:
   * @indicator_id: the first indicator of the card that was activated
   */
  signals[OPEN_INDICATOR] =
    g_signal_new ("open-indicator",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kechuang/Kechuang/kc-dashboard-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KcDashboardView, stack);
  gtk_widget_class_bind_template_child (widget_class, KcDashboardView, title_label);
  gtk_widget_class_bind_template_child (widget_class, KcDashboardView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KcDashboardView, headline_box);
  gtk_widget_class_bind_template_child (widget_class, KcDashboardView, chart_box);
  gtk_widget_class_set_css_name (widget_class, "kc-dashboard-view");
}

static void
kc_dashboard_view_init (KcDashboardView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
}

GtkWidget *
kc_dashboard_view_new (void)
{
  return g_object_new (KC_TYPE_DASHBOARD_VIEW, NULL);
}

KcDataset *
kc_dashboard_view_get_dataset (KcDashboardView *self)
{
  g_return_val_if_fail (KC_IS_DASHBOARD_VIEW (self), NULL);

  return self->dataset;
}

void
kc_dashboard_view_set_dataset (KcDashboardView *self,
                               KcDataset       *dataset)
{
  g_return_if_fail (KC_IS_DASHBOARD_VIEW (self));
  g_return_if_fail (dataset == NULL || KC_IS_DATASET (dataset));

  if (!g_set_object (&self->dataset, dataset))
    return;

  kc_dashboard_view_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}
