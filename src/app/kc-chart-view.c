/* kc-chart-view.c
 * A widget that shows one chart, with tooltips and keyboard navigation. */
#define G_LOG_DOMAIN "kc-chart-view"

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "kc-chart-render.h"
#include "kc-chart-theme.h"
#include "kc-chart-view.h"
#include "kc-tooltip.h"

struct _KcChartView
{
  GtkWidget        parent_instance;

  KcChartSpec     *spec;
  KcChartLayout   *layout;
  KcChartLanguage  language;
  gboolean         transparent;
  const char      *palette;        /* a static string, see palettes[] */
  gboolean         dark;
  gboolean         drawn;
  /* Not drawn last time because it was scrolled out of view; the
   * adjustments of the scrolled window watched to draw it when it comes
   * into view (weak pointers). */
  gboolean         culled;
  GtkAdjustment   *watched[2];
  int              focus_series;
  int              focus_category;
  /* A KPI card's figures held to this size (0: none), and the last two
   * sizes measured: unheld, and held to some cap, with what they were
   * measured for (width, height, text zoom, cap; a width of 0: nothing). */
  double           figure_cap;
  double           measured[2];
  double           measured_for[2][4];
  char            *accessible_text;
  AdwStyleManager *style_manager;
};

G_DEFINE_FINAL_TYPE (KcChartView, kc_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPEC,
  PROP_LANGUAGE,
  PROP_TRANSPARENT,
  PROP_PALETTE,
  PROP_DARK,
  N_PROPS
};

enum {
  ACTIVATE_POINT,
  CLICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

/* Okabe & Ito's set as published; black, their eighth colour, is a grey
 * here so that it shows on the dark theme too. */
static const KcColor colorblind_palette[] = {
  RGB (0x0072b2), RGB (0xe69f00), RGB (0x009e73), RGB (0xcc79a7),
  RGB (0x56b4e9), RGB (0xd55e00), RGB (0xf0e442), RGB (0x999999),
};

/* Neutral greys that stay apart in lightness, darkest first on light
 * paper and lightest first on the dark theme; neighbours differ most. */
static const KcColor monochrome_light_palette[] = {
  RGB (0x333333), RGB (0x999999), RGB (0x666666), RGB (0xcccccc), RGB (0x1a1a1a), RGB (0x808080),
};
static const KcColor monochrome_dark_palette[] = {
  RGB (0xf2f2f2), RGB (0x8c8c8c), RGB (0xc8c8c8), RGB (0x5a5a5a), RGB (0xe0e0e0), RGB (0x737373),
};

#undef RGB

static const char * const palettes[] = { "gnome", "colorblind", "monochrome" };

static void
kc_chart_view_update_accessible (KcChartView *self)
{
  g_clear_pointer (&self->accessible_text, g_free);
  if (self->spec != NULL)
    self->accessible_text = kc_chart_spec_describe (self->spec, self->language);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->accessible_text != NULL ? self->accessible_text : "",
                                  -1);
}

static char *
describe_point (KcChartView *self,
                guint        series,
                guint        category)
{
  if (self->spec->type == KC_CHART_KPI || self->spec->type == KC_CHART_SHARE)
    return kc_chart_spec_describe (self->spec, self->language);

  return kc_chart_spec_describe_point (self->spec, series, category, self->language);
}

static void
kc_chart_view_update_description (KcChartView *self)
{
  g_autofree char *text = NULL;

  if (self->spec != NULL && self->focus_series >= 0 && self->focus_category >= 0)
    text = describe_point (self, self->focus_series, self->focus_category);

  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static gboolean
layout_is_horizontal (KcChartView *self)
{
  gboolean horizontal = FALSE;

  if (!self->drawn)
    return FALSE;
  kc_chart_layout_get_plot_area (self->layout, NULL, NULL, NULL, &horizontal);
  return horizontal;
}

/* The point under (@x, @y): within the plot area the nearest along the
 * category axis (so a whole column or the space above a line point
 * counts), elsewhere the nearest within a finger's width. */
static int
find_point (KcChartView *self,
            double       x,
            double       y)
{
  KcChartRect plot;
  gboolean horizontal;
  double best = G_MAXDOUBLE;
  int found = -1;

  if (!self->drawn)
    return -1;

  if (!kc_chart_layout_get_plot_area (self->layout, &plot, NULL, NULL, &horizontal)
      || x < plot.x - 8 || x > plot.x + plot.width + 8
      || y < plot.y - 8 || y > plot.y + plot.height + 8)
    return kc_chart_layout_find_point (self->layout, x, y, 32);

  for (guint i = 0; i < kc_chart_layout_get_n_points (self->layout); i++)
    {
      const KcChartPoint *p = kc_chart_layout_get_point (self->layout, i);
      double along = horizontal ? p->y - y : p->x - x;
      double across = horizontal ? p->x - x : p->y - y;
      double d = along * along * 100 + across * across;

      if (d < best)
        {
          best = d;
          found = i;
        }
    }

  return found;
}

static void
set_focus_index (KcChartView *self,
                 int          index)
{
  int series = -1, category = -1;

  if (index >= 0)
    {
      const KcChartPoint *p = kc_chart_layout_get_point (self->layout, index);

      series = p->series;
      category = p->category;
    }
  kc_chart_view_set_focus_point (self, series, category);
}

static int
focus_index (KcChartView *self)
{
  if (!self->drawn || self->focus_series < 0 || self->focus_category < 0)
    return -1;

  return kc_chart_layout_lookup_point (self->layout, self->focus_series, self->focus_category);
}

/* The last point of the first series: the latest value, where a reader
 * starts. */
static int
default_index (KcChartView *self)
{
  int found = -1;

  if (!self->drawn)
    return -1;
  for (guint i = 0; i < kc_chart_layout_get_n_points (self->layout); i++)
    if (kc_chart_layout_get_point (self->layout, i)->series == 0)
      found = i;

  return found;
}

static void
move_along (KcChartView *self,
            int          step)
{
  int current = focus_index (self);
  guint n = self->drawn ? kc_chart_layout_get_n_points (self->layout) : 0;
  guint series;

  if (current < 0)
    {
      set_focus_index (self, default_index (self));
      return;
    }

  series = kc_chart_layout_get_point (self->layout, current)->series;
  for (int i = current + step; i >= 0 && i < (int) n; i += step)
    if (kc_chart_layout_get_point (self->layout, i)->series == series)
      {
        set_focus_index (self, i);
        return;
      }
}

static void
move_across (KcChartView *self,
             int          step)
{
  int current = focus_index (self);
  const KcChartPoint *p;

  if (current < 0)
    {
      set_focus_index (self, default_index (self));
      return;
    }

  p = kc_chart_layout_get_point (self->layout, current);
  for (int s = (int) p->series + step; s >= 0 && s < (int) self->spec->n_series; s += step)
    {
      int i = kc_chart_layout_lookup_point (self->layout, s, p->category);

      if (i >= 0)
        {
          set_focus_index (self, i);
          return;
        }
    }
}

static void
move_point_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KcChartView *self = KC_CHART_VIEW (widget);
  int dx, dy;

  if (self->spec == NULL)
    return;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  /* Along the categories with the arrows that follow them on screen. */
  if (layout_is_horizontal (self))
    {
      if (dy != 0)
        move_along (self, dy);
      else
        move_across (self, dx);
    }
  else
    {
      if (dx != 0)
        move_along (self, dx);
      else
        move_across (self, dy);
    }
  gtk_widget_trigger_tooltip_query (widget);
}

static void
activate_point_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KcChartView *self = KC_CHART_VIEW (widget);

  if (self->spec == NULL)
    return;

  if (self->focus_series >= 0 && self->focus_category >= 0)
    g_signal_emit (self, signals[ACTIVATE_POINT], 0, (guint) self->focus_series, (guint) self->focus_category);
  g_signal_emit (self, signals[CLICKED], 0);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           KcChartView              *self)
{
  int index = find_point (self, x, y);

  if (index >= 0)
    set_focus_index (self, index);
}

static void
on_leave (GtkEventControllerMotion *controller,
          KcChartView              *self)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    kc_chart_view_set_focus_point (self, -1, -1);
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   KcChartView     *self)
{
  int index = find_point (self, x, y);

  if (self->spec == NULL)
    return;

  if (gtk_widget_get_focusable (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  if (index >= 0)
    {
      const KcChartPoint *p = kc_chart_layout_get_point (self->layout, index);

      set_focus_index (self, index);
      g_signal_emit (self, signals[ACTIVATE_POINT], 0, p->series, p->category);
    }
  g_signal_emit (self, signals[CLICKED], 0);
}

static gboolean
kc_chart_view_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard_mode,
                             GtkTooltip *tooltip)
{
  KcChartView *self = KC_CHART_VIEW (widget);
  g_autofree char *text = NULL;
  int index;

  if (self->spec == NULL || !self->drawn)
    return FALSE;

  index = keyboard_mode ? focus_index (self) : find_point (self, x, y);
  if (index < 0)
    return FALSE;

  {
    const KcChartPoint *p = kc_chart_layout_get_point (self->layout, index);
    GdkRectangle area = { (int) p->x - 6, (int) p->y - 6, 12, 12 };

    text = describe_point (self, p->series, p->category);
    kc_tooltip_set_text (tooltip, text);
    gtk_tooltip_set_tip_area (tooltip, &area);
  }

  return TRUE;
}

/* Whether some of @self shows in its scrolled window, if it is in one. */
static gboolean
kc_chart_view_in_view (KcChartView *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (scrolled == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (self), scrolled, &bounds))
    return TRUE;

  return bounds.origin.x < gtk_widget_get_width (scrolled) &&
         bounds.origin.x + bounds.size.width > 0 &&
         bounds.origin.y < gtk_widget_get_height (scrolled) &&
         bounds.origin.y + bounds.size.height > 0;
}

/* The children move only at the next layout, so whether @self comes into
 * view is known in the snapshot that follows: a culled chart costs little
 * there. */
static void
kc_chart_view_scrolled_cb (KcChartView *self)
{
  if (self->culled)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
kc_chart_view_unwatch (KcChartView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->watched); i++)
    {
      if (self->watched[i] != NULL)
        g_signal_handlers_disconnect_by_func (self->watched[i], kc_chart_view_scrolled_cb, self);
      g_clear_weak_pointer (&self->watched[i]);
    }
}

/* Watches the scrolled window around @self, so that it is drawn when it is
 * scrolled into view or the window grows to show it. */
static void
kc_chart_view_watch_scrolling (KcChartView *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustments[2] = { NULL, NULL };

  if (scrolled != NULL)
    {
      adjustments[0] = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));
      adjustments[1] = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    }
  if (adjustments[0] == self->watched[0] && adjustments[1] == self->watched[1])
    return;

  kc_chart_view_unwatch (self);
  for (guint i = 0; i < G_N_ELEMENTS (adjustments); i++)
    {
      if (adjustments[i] == NULL)
        continue;
      g_set_weak_pointer (&self->watched[i], adjustments[i]);
      g_signal_connect_object (adjustments[i], "value-changed",
                               G_CALLBACK (kc_chart_view_scrolled_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (adjustments[i], "changed",
                               G_CALLBACK (kc_chart_view_scrolled_cb), self, G_CONNECT_SWAPPED);
    }
}

/* How much larger than in a file the chart's type is on screen: an eighth,
 * times the desktop's text scaling (GNOME's "Large Text" is 1.25). */
static double
kc_chart_view_get_text_zoom (KcChartView *self)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  int dpi = -1;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  return 1.125 * (dpi > 0 ? CLAMP (dpi / (96.0 * 1024), 0.5, 3) : 1);
}

/* What the figure sizes measured depend on has changed. */
static void
kc_chart_view_forget_figures (KcChartView *self)
{
  self->measured_for[0][0] = 0;
  self->measured_for[1][0] = 0;
}

/* The options to draw @self at @width × @height; returns the text zoom the
 * chart is drawn at (see kc_chart_view_snapshot()). */
static double
kc_chart_view_init_options (KcChartView    *self,
                            KcChartOptions *options,
                            int             width,
                            int             height)
{
  double zoom = kc_chart_view_get_text_zoom (self);

  kc_chart_options_init (options, width / zoom, height / zoom);
  options->theme = self->dark ? KC_CHART_THEME_DARK : KC_CHART_THEME_LIGHT;
  options->language = self->language;
  options->transparent = self->transparent;
  options->palette = kc_chart_view_lookup_palette (self->palette, options->theme, &options->n_palette);
  options->focus_series = self->focus_series;
  options->focus_category = self->focus_category;
  return zoom;
}

static void
kc_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  KcChartView *self = KC_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  KcChartOptions options;
  double zoom;
  cairo_t *cr;

  if (self->spec == NULL || width <= 0 || height <= 0)
    return;

  /* A dashboard has more charts than fit on screen, and a chart costs a
   * few milliseconds to lay out: the ones scrolled out of view wait until
   * they come into it, like the rows of a list view. They come in by a
   * scroll or a change of the scrolled window's size or content (its
   * adjustments change); a chart moved into view with none of those
   * would wait for its next redraw, which the dashboard never does. */
  self->culled = !kc_chart_view_in_view (self);
  if (self->culled)
    {
      kc_chart_view_watch_scrolling (self);
      return;
    }

  /* On screen the chart's type is a size larger than in a file of the
   * same size, and follows the desktop's text scaling: it is laid out
   * for a canvas that much smaller and drawn that much larger. A file
   * keeps type in proportion to its canvas; on a card at arm's length,
   * labels of 8.5 px (what a 340 × 180 px file gets) were hard to read. */
  zoom = kc_chart_view_init_options (self, &options, width, height);
  options.kpi_figure_size = self->figure_cap;

  /* The cairo node records vector drawing; GTK renders it at the
   * surface's scale, so HiDPI screens get crisp lines and text. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_scale (cr, zoom, zoom);
  kc_chart_render (cr, self->spec, &options, self->layout);
  cairo_destroy (cr);
  kc_chart_layout_scale (self->layout, zoom);
  self->drawn = TRUE;
}

static void
kc_chart_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 90;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 320;
}

static void
on_dark_changed (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 KcChartView     *self)
{
  gboolean dark = adw_style_manager_get_dark (manager);

  if (dark == self->dark)
    return;
  self->dark = dark;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

static void
kc_chart_view_root (GtkWidget *widget)
{
  KcChartView *self = KC_CHART_VIEW (widget);

  GTK_WIDGET_CLASS (kc_chart_view_parent_class)->root (widget);

  /* The style manager exists once libadwaita is initialised (always in
   * the app); without it the chart stays light. */
  if (adw_is_initialized ())
    {
      self->style_manager = g_object_ref (adw_style_manager_get_for_display (gtk_widget_get_display (widget)));
      g_signal_connect_object (self->style_manager, "notify::dark",
                               G_CALLBACK (on_dark_changed), self, 0);
      on_dark_changed (self->style_manager, NULL, self);
    }
  /* The type follows the desktop's text scaling. */
  g_signal_connect_object (gtk_widget_get_settings (widget), "notify::gtk-xft-dpi",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

static void
kc_chart_view_unroot (GtkWidget *widget)
{
  KcChartView *self = KC_CHART_VIEW (widget);

  if (self->style_manager != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->style_manager, on_dark_changed, self);
      g_clear_object (&self->style_manager);
    }
  g_signal_handlers_disconnect_by_func (gtk_widget_get_settings (widget), gtk_widget_queue_draw, self);
  kc_chart_view_unwatch (self);

  GTK_WIDGET_CLASS (kc_chart_view_parent_class)->unroot (widget);
}

static void
on_scale_factor_changed (KcChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
kc_chart_view_finalize (GObject *object)
{
  KcChartView *self = KC_CHART_VIEW (object);

  g_clear_pointer (&self->spec, kc_chart_spec_unref);
  g_clear_pointer (&self->layout, kc_chart_layout_free);
  g_clear_pointer (&self->accessible_text, g_free);
  g_clear_object (&self->style_manager);
  kc_chart_view_unwatch (self);

  G_OBJECT_CLASS (kc_chart_view_parent_class)->finalize (object);
}

static void
kc_chart_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KcChartView *self = KC_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      g_value_set_boxed (value, self->spec);
      break;
    case PROP_LANGUAGE:
      g_value_set_int (value, self->language);
      break;
    case PROP_TRANSPARENT:
      g_value_set_boolean (value, self->transparent);
      break;
    case PROP_PALETTE:
      g_value_set_string (value, self->palette);
      break;
    case PROP_DARK:
      g_value_set_boolean (value, self->dark);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_chart_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KcChartView *self = KC_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      kc_chart_view_set_spec (self, g_value_get_boxed (value));
      break;
    case PROP_LANGUAGE:
      kc_chart_view_set_language (self, g_value_get_int (value));
      break;
    case PROP_TRANSPARENT:
      kc_chart_view_set_transparent (self, g_value_get_boolean (value));
      break;
    case PROP_PALETTE:
      kc_chart_view_set_palette (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_chart_view_class_init (KcChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct { guint key; int dx, dy; } arrows[] = {
    { GDK_KEY_Left, -1, 0 }, { GDK_KEY_KP_Left, -1, 0 },
    { GDK_KEY_Right, 1, 0 }, { GDK_KEY_KP_Right, 1, 0 },
    { GDK_KEY_Up, 0, -1 }, { GDK_KEY_KP_Up, 0, -1 },
    { GDK_KEY_Down, 0, 1 }, { GDK_KEY_KP_Down, 0, 1 },
  };

  object_class->finalize = kc_chart_view_finalize;
  object_class->get_property = kc_chart_view_get_property;
  object_class->set_property = kc_chart_view_set_property;

  widget_class->snapshot = kc_chart_view_snapshot;
  widget_class->measure = kc_chart_view_measure;
  widget_class->query_tooltip = kc_chart_view_query_tooltip;
  widget_class->root = kc_chart_view_root;
  widget_class->unroot = kc_chart_view_unroot;

  properties[PROP_SPEC] =
    g_param_spec_boxed ("spec", NULL, NULL, KC_TYPE_CHART_SPEC,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A KcChartLanguage; an int because the enum has no GType. */
  properties[PROP_LANGUAGE] =
    g_param_spec_int ("language", NULL, NULL,
                      KC_CHART_LANGUAGE_AUTO, KC_CHART_LANGUAGE_ENGLISH, KC_CHART_LANGUAGE_AUTO,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRANSPARENT] =
    g_param_spec_boolean ("transparent", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A string so that g_settings_bind() maps the chart-palette nicks. */
  properties[PROP_PALETTE] =
    g_param_spec_string ("palette", NULL, NULL, "gnome",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A point was chosen with Enter, Space or a click. */
  signals[ACTIVATE_POINT] =
    g_signal_new ("activate-point", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /* The chart was clicked or activated: the dashboard opens the indicator. */
  signals[CLICKED] =
    g_signal_new ("clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "chart.move-point", "(ii)", move_point_action);
  gtk_widget_class_install_action (widget_class, "chart.activate-point", NULL, activate_point_action);
  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    gtk_widget_class_add_binding_action (widget_class, arrows[i].key, 0, "chart.move-point",
                                         "(ii)", arrows[i].dx, arrows[i].dy);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "chart.activate-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "chart.activate-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "chart.activate-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Space, 0, "chart.activate-point", NULL);

  gtk_widget_class_set_css_name (widget_class, "kc-chart-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kc_chart_view_init (KcChartView *self)
{
  GtkEventController *motion;
  GtkGesture *click;

  self->layout = kc_chart_layout_new ();
  self->focus_series = -1;
  self->focus_category = -1;
  self->palette = palettes[0];

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed), NULL);

  kc_chart_view_update_accessible (self);
}

GtkWidget *
kc_chart_view_new (void)
{
  return g_object_new (KC_TYPE_CHART_VIEW, NULL);
}

KcChartSpec *
kc_chart_view_get_spec (KcChartView *self)
{
  g_return_val_if_fail (KC_IS_CHART_VIEW (self), NULL);

  return self->spec;
}

void
kc_chart_view_set_spec (KcChartView *self,
                        KcChartSpec *spec)
{
  g_return_if_fail (KC_IS_CHART_VIEW (self));

  if (spec == self->spec)
    return;

  g_clear_pointer (&self->spec, kc_chart_spec_unref);
  if (spec != NULL)
    self->spec = kc_chart_spec_ref (spec);

  self->drawn = FALSE;
  kc_chart_view_forget_figures (self);
  kc_chart_layout_clear (self->layout);
  self->focus_series = -1;
  self->focus_category = -1;
  kc_chart_view_update_accessible (self);
  kc_chart_view_update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);
}

double
kc_chart_view_measure_kpi_figure (KcChartView *self,
                                  double       cap)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  KcChartOptions options;
  double zoom;
  double *key;

  g_return_val_if_fail (KC_IS_CHART_VIEW (self), 0);

  if (self->spec == NULL || self->spec->type != KC_CHART_KPI || width <= 0 || height <= 0)
    return 0;

  /* The dashboard asks at every layout, unheld and then held to the
   * smallest: both answers are kept. */
  zoom = kc_chart_view_get_text_zoom (self);
  key = self->measured_for[cap > 0];
  if (key[0] == width && key[1] == height && key[2] == zoom && key[3] == cap)
    return self->measured[cap > 0];

  /* Laid out at the text zoom it is drawn at: the fonts loaded are then
   * the ones the drawing uses, not others. */
  kc_chart_view_init_options (self, &options, width, height);
  options.kpi_figure_size = cap;
  self->measured[cap > 0] = kc_chart_measure_kpi_figure (self->spec, &options, zoom);
  key[0] = width;
  key[1] = height;
  key[2] = zoom;
  key[3] = cap;
  return self->measured[cap > 0];
}

void
kc_chart_view_set_kpi_figure_cap (KcChartView *self,
                                  double       cap)
{
  g_return_if_fail (KC_IS_CHART_VIEW (self));

  if (cap == self->figure_cap)
    return;
  self->figure_cap = cap;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

KcChartLanguage
kc_chart_view_get_language (KcChartView *self)
{
  g_return_val_if_fail (KC_IS_CHART_VIEW (self), KC_CHART_LANGUAGE_AUTO);

  return self->language;
}

void
kc_chart_view_set_language (KcChartView     *self,
                            KcChartLanguage  language)
{
  g_return_if_fail (KC_IS_CHART_VIEW (self));

  if (language == self->language)
    return;

  self->language = language;
  kc_chart_view_forget_figures (self);
  kc_chart_view_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

gboolean
kc_chart_view_get_transparent (KcChartView *self)
{
  g_return_val_if_fail (KC_IS_CHART_VIEW (self), FALSE);

  return self->transparent;
}

void
kc_chart_view_set_transparent (KcChartView *self,
                               gboolean     transparent)
{
  g_return_if_fail (KC_IS_CHART_VIEW (self));

  transparent = !!transparent;
  if (transparent == self->transparent)
    return;

  self->transparent = transparent;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPARENT]);
}

const char *
kc_chart_view_get_palette (KcChartView *self)
{
  g_return_val_if_fail (KC_IS_CHART_VIEW (self), NULL);

  return self->palette;
}

void
kc_chart_view_set_palette (KcChartView *self,
                           const char  *palette)
{
  const char *found = palettes[0];

  g_return_if_fail (KC_IS_CHART_VIEW (self));

  for (guint i = 0; palette != NULL && i < G_N_ELEMENTS (palettes); i++)
    if (g_str_equal (palette, palettes[i]))
      found = palettes[i];

  if (found == self->palette)
    return;

  self->palette = found;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PALETTE]);
}

const KcColor *
kc_chart_view_lookup_palette (const char   *name,
                              KcChartTheme  theme,
                              guint        *n_colors)
{
  g_return_val_if_fail (n_colors != NULL, NULL);

  if (g_strcmp0 (name, "colorblind") == 0)
    {
      *n_colors = G_N_ELEMENTS (colorblind_palette);
      return colorblind_palette;
    }
  if (g_strcmp0 (name, "monochrome") == 0 && theme == KC_CHART_THEME_DARK)
    {
      *n_colors = G_N_ELEMENTS (monochrome_dark_palette);
      return monochrome_dark_palette;
    }
  if (g_strcmp0 (name, "monochrome") == 0)
    {
      *n_colors = G_N_ELEMENTS (monochrome_light_palette);
      return monochrome_light_palette;
    }

  return kc_chart_default_palette (theme, n_colors);
}

gboolean
kc_chart_view_get_dark (KcChartView *self)
{
  g_return_val_if_fail (KC_IS_CHART_VIEW (self), FALSE);

  return self->dark;
}

gboolean
kc_chart_view_get_focus_point (KcChartView *self,
                               guint       *series,
                               guint       *category)
{
  g_return_val_if_fail (KC_IS_CHART_VIEW (self), FALSE);

  if (self->focus_series < 0 || self->focus_category < 0)
    return FALSE;
  if (series != NULL)
    *series = self->focus_series;
  if (category != NULL)
    *category = self->focus_category;
  return TRUE;
}

void
kc_chart_view_set_focus_point (KcChartView *self,
                               int          series,
                               int          category)
{
  g_return_if_fail (KC_IS_CHART_VIEW (self));

  if (series < 0 || category < 0)
    series = category = -1;
  if (series == self->focus_series && category == self->focus_category)
    return;

  self->focus_series = series;
  self->focus_category = category;
  kc_chart_view_update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const KcChartLayout *
kc_chart_view_get_layout (KcChartView *self)
{
  g_return_val_if_fail (KC_IS_CHART_VIEW (self), NULL);

  return self->drawn ? self->layout : NULL;
}

char *
kc_chart_view_dup_tooltip_at (KcChartView *self,
                              double       x,
                              double       y)
{
  int index;

  g_return_val_if_fail (KC_IS_CHART_VIEW (self), NULL);

  if (self->spec == NULL)
    return NULL;
  index = find_point (self, x, y);
  if (index < 0)
    return NULL;

  {
    const KcChartPoint *p = kc_chart_layout_get_point (self->layout, index);

    return describe_point (self, p->series, p->category);
  }
}

const char *
kc_chart_view_get_accessible_text (KcChartView *self)
{
  g_return_val_if_fail (KC_IS_CHART_VIEW (self), NULL);

  return self->accessible_text;
}
