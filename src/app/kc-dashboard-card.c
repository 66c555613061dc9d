/* kc-dashboard-card.c
 * One card of the dashboard: a chart and its menu. */
#define G_LOG_DOMAIN "kc-dashboard-card"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-dashboard-card.h"

/* Natural widths decide how many cards share a row of the GtkFlowBox
 * (it flows at the natural width); the heights are what a KPI figure and
 * a chart with axes need to stay legible. */
#define HEADLINE_NATURAL_WIDTH 180
#define HEADLINE_HEIGHT        180
#define CHART_NATURAL_WIDTH    360
#define CHART_HEIGHT           320

struct _KcDashboardCard
{
  GtkWidget      parent_instance;

  char          *chart_id;
  char          *indicator_id;
  KcChartSpec   *spec;

  /* Template children */
  KcChartView   *chart_view;
  GtkMenuButton *menu_button;
};

G_DEFINE_FINAL_TYPE (KcDashboardCard, kc_dashboard_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHART_ID,
  PROP_INDICATOR_ID,
  PROP_SPEC,
  N_PROPS
};

enum {
  CLICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
kc_dashboard_card_chart_clicked_cb (KcDashboardCard *self)
{
  g_signal_emit (self, signals[CLICKED], 0);
}

static void
kc_dashboard_card_open_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLICKED], 0);
}

/* Builds the menu when it is first opened: a popover menu for each of a
 * dozen cards costs more than the rest of the card, and most are never
 * opened. */
static void
kc_dashboard_card_create_popup (GtkMenuButton *button,
                                gpointer       user_data)
{
  KcDashboardCard *self = user_data;
  static const struct {
    const char *label;
    const char *action;
  } items[] = {
    { N_("_Export…"), "win.export-chart" },
    { N_("_Copy Image"), "win.copy-chart" },
    { N_("Show _Data"), "win.show-chart-data" },
  };
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();

  if (gtk_menu_button_get_menu_model (button) != NULL)
    return;

  /* The window's actions take the chart id, so one set of actions serves
   * every card. */
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action,
                                               g_variant_new_string (self->chart_id));
      g_menu_append_item (section, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));

  if (self->indicator_id != NULL)
    {
      g_autoptr(GMenu) open_section = g_menu_new ();

      g_menu_append (open_section, _("_Open Indicator"), "card.open");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (open_section));
    }

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static gboolean
kc_dashboard_card_is_headline (KcDashboardCard *self)
{
  return self->spec != NULL && self->spec->type == KC_CHART_KPI;
}

static void
kc_dashboard_card_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  KcDashboardCard *self = KC_DASHBOARD_CARD (widget);
  gboolean headline = kc_dashboard_card_is_headline (self);
  int chart_min, chart_nat, button_min, button_nat;

  gtk_widget_measure (GTK_WIDGET (self->chart_view), orientation, -1,
                      &chart_min, &chart_nat, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->menu_button), orientation, -1,
                      &button_min, &button_nat, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* The chart keeps clear of the button's column. */
      *minimum = chart_min + button_min;
      *natural = MAX (*minimum, headline ? HEADLINE_NATURAL_WIDTH : CHART_NATURAL_WIDTH);
    }
  else
    {
      *minimum = MAX (chart_min, button_min);
      *natural = *minimum = MAX (*minimum, headline ? HEADLINE_HEIGHT : CHART_HEIGHT);
    }
}

static void
kc_dashboard_card_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  KcDashboardCard *self = KC_DASHBOARD_CARD (widget);
  GtkWidget *button = GTK_WIDGET (self->menu_button);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkRequisition button_size;
  GskTransform *transform;

  /* The menu button sits in the top end corner and the chart is drawn
   * beside it, not under it: the chart wraps its title to its own width,
   * so the title ends before the button at any card width. */
  gtk_widget_get_preferred_size (button, NULL, &button_size);
  button_size.width = MIN (button_size.width, width);
  button_size.height = MIN (button_size.height, height);

  transform = gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (rtl ? 0 : width - button_size.width, 0));
  gtk_widget_allocate (button, button_size.width, button_size.height, -1, transform);

  transform = gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (rtl ? button_size.width : 0, 0));
  gtk_widget_allocate (GTK_WIDGET (self->chart_view), width - button_size.width, height, -1, transform);
}

static void
kc_dashboard_card_constructed (GObject *object)
{
  KcDashboardCard *self = KC_DASHBOARD_CARD (object);

  G_OBJECT_CLASS (kc_dashboard_card_parent_class)->constructed (object);

  kc_chart_view_set_spec (self->chart_view, self->spec);
  gtk_menu_button_set_create_popup_func (self->menu_button, kc_dashboard_card_create_popup, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.open", self->indicator_id != NULL);
  if (kc_dashboard_card_is_headline (self))
    gtk_widget_add_css_class (GTK_WIDGET (self), "headline");
}

static void
kc_dashboard_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KC_TYPE_DASHBOARD_CARD);

  G_OBJECT_CLASS (kc_dashboard_card_parent_class)->dispose (object);
}

static void
kc_dashboard_card_finalize (GObject *object)
{
  KcDashboardCard *self = KC_DASHBOARD_CARD (object);

  g_clear_pointer (&self->chart_id, g_free);
  g_clear_pointer (&self->indicator_id, g_free);
  g_clear_pointer (&self->spec, kc_chart_spec_unref);

  G_OBJECT_CLASS (kc_dashboard_card_parent_class)->finalize (object);
}

static void
kc_dashboard_card_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KcDashboardCard *self = KC_DASHBOARD_CARD (object);

  switch (prop_id)
    {
    case PROP_CHART_ID:
      g_value_set_string (value, self->chart_id);
      break;
    case PROP_INDICATOR_ID:
      g_value_set_string (value, self->indicator_id);
      break;
    case PROP_SPEC:
      g_value_set_boxed (value, self->spec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_dashboard_card_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KcDashboardCard *self = KC_DASHBOARD_CARD (object);

  switch (prop_id)
    {
    case PROP_CHART_ID:
      self->chart_id = g_value_dup_string (value);
      break;
    case PROP_INDICATOR_ID:
      self->indicator_id = g_value_dup_string (value);
      break;
    case PROP_SPEC:
      self->spec = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_dashboard_card_class_init (KcDashboardCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kc_dashboard_card_constructed;
  object_class->dispose = kc_dashboard_card_dispose;
  object_class->finalize = kc_dashboard_card_finalize;
  object_class->get_property = kc_dashboard_card_get_property;
  object_class->set_property = kc_dashboard_card_set_property;

  widget_class->measure = kc_dashboard_card_measure;
  widget_class->size_allocate = kc_dashboard_card_size_allocate;

  properties[PROP_CHART_ID] =
    g_param_spec_string ("chart-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INDICATOR_ID] =
    g_param_spec_string ("indicator-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEC] =
    g_param_spec_boxed ("spec", NULL, NULL, KC_TYPE_CHART_SPEC,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The chart was clicked or activated with the keyboard. */
  signals[CLICKED] =
    g_signal_new ("clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "card.open", NULL, kc_dashboard_card_open_action);

  g_type_ensure (KC_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kechuang/Kechuang/kc-dashboard-card.ui");
  gtk_widget_class_bind_template_child (widget_class, KcDashboardCard, chart_view);
  gtk_widget_class_bind_template_child (widget_class, KcDashboardCard, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, kc_dashboard_card_chart_clicked_cb);
  gtk_widget_class_set_css_name (widget_class, "kc-dashboard-card");
}

static void
kc_dashboard_card_init (KcDashboardCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kc_dashboard_card_new (const char  *chart_id,
                       const char  *indicator_id,
                       KcChartSpec *spec)
{
  g_return_val_if_fail (chart_id != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  return g_object_new (KC_TYPE_DASHBOARD_CARD,
                       "chart-id", chart_id,
                       "indicator-id", indicator_id,
                       "spec", spec,
                       NULL);
}

const char *
kc_dashboard_card_get_chart_id (KcDashboardCard *self)
{
  g_return_val_if_fail (KC_IS_DASHBOARD_CARD (self), NULL);

  return self->chart_id;
}

const char *
kc_dashboard_card_get_indicator_id (KcDashboardCard *self)
{
  g_return_val_if_fail (KC_IS_DASHBOARD_CARD (self), NULL);

  return self->indicator_id;
}

gboolean
kc_dashboard_card_get_headline (KcDashboardCard *self)
{
  g_return_val_if_fail (KC_IS_DASHBOARD_CARD (self), FALSE);

  return kc_dashboard_card_is_headline (self);
}

KcChartView *
kc_dashboard_card_get_chart_view (KcDashboardCard *self)
{
  g_return_val_if_fail (KC_IS_DASHBOARD_CARD (self), NULL);

  return self->chart_view;
}
