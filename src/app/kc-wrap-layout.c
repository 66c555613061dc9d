/* kc-wrap-layout.c
 * A layout that places children side by side and wraps them into more
 * lines when the width runs out, each at its natural width. */
#define G_LOG_DOMAIN "kc-wrap-layout"

#include "config.h"

#include "kc-wrap-layout.h"

/* GtkFlowBox lines its children up in columns and spreads them over the
 * width; a row of controls reads better packed at the start. */
struct _KcWrapLayout
{
  GtkLayoutManager parent_instance;

  int              spacing;
  int              row_spacing;
};

G_DEFINE_FINAL_TYPE (KcWrapLayout, kc_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

enum {
  PROP_0,
  PROP_SPACING,
  PROP_ROW_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
child_width (GtkWidget *child,
             int        width)
{
  int minimum = 0;
  int natural = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return CLAMP (natural, minimum, MAX (width, minimum));
}

static int
child_height (GtkWidget *child,
              int        width)
{
  int natural = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
  return natural;
}

/* Lays the visible children out in lines of @width (or one line when
 * @width is negative), allocating them when @allocate; returns the height. */
static int
kc_wrap_layout_flow (KcWrapLayout *self,
                     GtkWidget    *widget,
                     int           width,
                     gboolean      allocate)
{
  GtkWidget *line_start = gtk_widget_get_first_child (widget);
  int y = 0;
  gboolean first_line = TRUE;

  while (line_start != NULL)
    {
      GtkWidget *line_end = line_start;
      GtkWidget *child;
      int used = 0;
      int line_height = 0;
      int x = 0;
      guint n = 0;

      /* How many children fit on this line: at least one. */
      for (child = line_start; child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          int w;

          line_end = gtk_widget_get_next_sibling (child);
          if (!gtk_widget_should_layout (child))
            continue;

          w = child_width (child, width);
          if (n > 0 && width >= 0 && used + self->spacing + w > width)
            {
              line_end = child;
              break;
            }
          used += (n > 0 ? self->spacing : 0) + w;
          line_height = MAX (line_height, child_height (child, w));
          n++;
        }

      if (n > 0)
        {
          if (!first_line)
            y += self->row_spacing;
          first_line = FALSE;

          for (child = line_start; child != line_end; child = gtk_widget_get_next_sibling (child))
            {
              int w;

              if (!gtk_widget_should_layout (child))
                continue;
              w = child_width (child, width);
              if (allocate)
                gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, w, line_height }, -1);
              x += w + self->spacing;
            }
          y += line_height;
        }

      line_start = line_end;
    }

  return y;
}

static void
kc_wrap_layout_measure (GtkLayoutManager *manager,
                        GtkWidget        *widget,
                        GtkOrientation    orientation,
                        int               for_size,
                        int              *minimum,
                        int              *natural,
                        int              *minimum_baseline,
                        int              *natural_baseline)
{
  KcWrapLayout *self = KC_WRAP_LAYOUT (manager);

  *minimum = *natural = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      guint n = 0;

      /* As narrow as the widest child, as wide as all on one line. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_minimum = 0;
          int child_natural = 0;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                              &child_minimum, &child_natural, NULL, NULL);
          *minimum = MAX (*minimum, child_minimum);
          *natural += (n++ > 0 ? self->spacing : 0) + child_natural;
        }
    }
  else
    {
      *minimum = *natural = kc_wrap_layout_flow (self, widget, for_size, FALSE);
    }
}

static void
kc_wrap_layout_allocate (GtkLayoutManager *manager,
                         GtkWidget        *widget,
                         int               width,
                         int               height,
                         int               baseline)
{
  kc_wrap_layout_flow (KC_WRAP_LAYOUT (manager), widget, width, TRUE);
}

static GtkSizeRequestMode
kc_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                 GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
kc_wrap_layout_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KcWrapLayout *self = KC_WRAP_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_ROW_SPACING:
      g_value_set_int (value, self->row_spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_wrap_layout_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KcWrapLayout *self = KC_WRAP_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      kc_wrap_layout_set_spacing (self, g_value_get_int (value));
      break;
    case PROP_ROW_SPACING:
      kc_wrap_layout_set_row_spacing (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_wrap_layout_class_init (KcWrapLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->get_property = kc_wrap_layout_get_property;
  object_class->set_property = kc_wrap_layout_set_property;

  layout_class->measure = kc_wrap_layout_measure;
  layout_class->allocate = kc_wrap_layout_allocate;
  layout_class->get_request_mode = kc_wrap_layout_get_request_mode;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROW_SPACING] =
    g_param_spec_int ("row-spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kc_wrap_layout_init (KcWrapLayout *self)
{
}

GtkLayoutManager *
kc_wrap_layout_new (void)
{
  return g_object_new (KC_TYPE_WRAP_LAYOUT, NULL);
}

int
kc_wrap_layout_get_spacing (KcWrapLayout *self)
{
  g_return_val_if_fail (KC_IS_WRAP_LAYOUT (self), 0);

  return self->spacing;
}

void
kc_wrap_layout_set_spacing (KcWrapLayout *self,
                            int           spacing)
{
  g_return_if_fail (KC_IS_WRAP_LAYOUT (self));

  if (spacing == self->spacing)
    return;

  self->spacing = spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

int
kc_wrap_layout_get_row_spacing (KcWrapLayout *self)
{
  g_return_val_if_fail (KC_IS_WRAP_LAYOUT (self), 0);

  return self->row_spacing;
}

void
kc_wrap_layout_set_row_spacing (KcWrapLayout *self,
                                int           spacing)
{
  g_return_if_fail (KC_IS_WRAP_LAYOUT (self));

  if (spacing == self->row_spacing)
    return;

  self->row_spacing = spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW_SPACING]);
}
