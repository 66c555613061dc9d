/* kc-chart-layout.c
 * What kc_chart_render() drew where: text boxes, data points, plot area. */
#define G_LOG_DOMAIN "kc-chart-layout"

#include "config.h"

#include "kc-chart-layout-private.h"

/* Boxes may touch: adjacent lines of text share an edge. */
#define HAIRLINE 0.01

struct _KcChartLayout
{
  GArray      *boxes;   /* KcChartTextBox */
  GArray      *points;  /* KcChartPoint */
  gboolean     has_plot;
  KcChartRect  plot;
  double       value_at_start;
  double       value_at_end;
  gboolean     horizontal;
  gboolean     has_ring;
  double       ring[4];
  gboolean     has_sparkline;
  KcChartRect  sparkline;
};

static void
clear_box (gpointer data)
{
  KcChartTextBox *box = data;

  g_free (box->text);
}

KcChartLayout *
kc_chart_layout_new (void)
{
  KcChartLayout *layout = g_new0 (KcChartLayout, 1);

  layout->boxes = g_array_new (FALSE, FALSE, sizeof (KcChartTextBox));
  g_array_set_clear_func (layout->boxes, clear_box);
  layout->points = g_array_new (FALSE, FALSE, sizeof (KcChartPoint));

  return layout;
}

void
kc_chart_layout_free (KcChartLayout *layout)
{
  if (layout == NULL)
    return;

  g_array_unref (layout->boxes);
  g_array_unref (layout->points);
  g_free (layout);
}

void
kc_chart_layout_clear (KcChartLayout *layout)
{
  g_array_set_size (layout->boxes, 0);
  g_array_set_size (layout->points, 0);
  layout->has_plot = FALSE;
  layout->has_ring = FALSE;
  layout->has_sparkline = FALSE;
}

guint
kc_chart_layout_get_n_boxes (const KcChartLayout *layout)
{
  return layout->boxes->len;
}

const KcChartTextBox *
kc_chart_layout_get_box (const KcChartLayout *layout,
                         guint                index)
{
  g_return_val_if_fail (index < layout->boxes->len, NULL);

  return &g_array_index (layout->boxes, KcChartTextBox, index);
}

guint
kc_chart_layout_count_role (const KcChartLayout *layout,
                            KcChartTextRole      role)
{
  guint n = 0;

  for (guint i = 0; i < layout->boxes->len; i++)
    if (g_array_index (layout->boxes, KcChartTextBox, i).role == role)
      n++;

  return n;
}

const KcChartTextBox *
kc_chart_layout_find_role (const KcChartLayout *layout,
                           KcChartTextRole      role)
{
  for (guint i = 0; i < layout->boxes->len; i++)
    if (g_array_index (layout->boxes, KcChartTextBox, i).role == role)
      return &g_array_index (layout->boxes, KcChartTextBox, i);

  return NULL;
}

guint
kc_chart_layout_get_n_points (const KcChartLayout *layout)
{
  return layout->points->len;
}

const KcChartPoint *
kc_chart_layout_get_point (const KcChartLayout *layout,
                           guint                index)
{
  g_return_val_if_fail (index < layout->points->len, NULL);

  return &g_array_index (layout->points, KcChartPoint, index);
}

int
kc_chart_layout_find_point (const KcChartLayout *layout,
                            double               x,
                            double               y,
                            double               radius)
{
  double best = radius * radius;
  int found = -1;

  for (guint i = 0; i < layout->points->len; i++)
    {
      const KcChartPoint *p = &g_array_index (layout->points, KcChartPoint, i);
      double d = (p->x - x) * (p->x - x) + (p->y - y) * (p->y - y);

      if (d <= best)
        {
          best = d;
          found = i;
        }
    }

  return found;
}

int
kc_chart_layout_lookup_point (const KcChartLayout *layout,
                              guint                series,
                              guint                category)
{
  for (guint i = 0; i < layout->points->len; i++)
    {
      const KcChartPoint *p = &g_array_index (layout->points, KcChartPoint, i);

      if (p->series == series && p->category == category)
        return i;
    }

  return -1;
}

gboolean
kc_chart_layout_get_plot_area (const KcChartLayout *layout,
                               KcChartRect         *area,
                               double              *value_at_start,
                               double              *value_at_end,
                               gboolean            *horizontal)
{
  if (!layout->has_plot)
    return FALSE;

  if (area != NULL)
    *area = layout->plot;
  if (value_at_start != NULL)
    *value_at_start = layout->value_at_start;
  if (value_at_end != NULL)
    *value_at_end = layout->value_at_end;
  if (horizontal != NULL)
    *horizontal = layout->horizontal;

  return TRUE;
}

static void
scale_rect (KcChartRect *rect,
            double       factor)
{
  rect->x *= factor;
  rect->y *= factor;
  rect->width *= factor;
  rect->height *= factor;
}

void
kc_chart_layout_scale (KcChartLayout *layout,
                       double         factor)
{
  for (guint i = 0; i < layout->boxes->len; i++)
    {
      KcChartTextBox *box = &g_array_index (layout->boxes, KcChartTextBox, i);

      scale_rect (&box->rect, factor);
      box->font_size *= factor;
    }
  for (guint i = 0; i < layout->points->len; i++)
    {
      KcChartPoint *point = &g_array_index (layout->points, KcChartPoint, i);

      point->x *= factor;
      point->y *= factor;
    }
  scale_rect (&layout->plot, factor);
  scale_rect (&layout->sparkline, factor);
  for (guint i = 0; i < G_N_ELEMENTS (layout->ring); i++)
    layout->ring[i] *= factor;
}

gboolean
kc_chart_layout_get_ring (const KcChartLayout *layout,
                          double              *cx,
                          double              *cy,
                          double              *outer_radius,
                          double              *inner_radius)
{
  if (!layout->has_ring)
    return FALSE;

  *cx = layout->ring[0];
  *cy = layout->ring[1];
  *outer_radius = layout->ring[2];
  *inner_radius = layout->ring[3];
  return TRUE;
}

gboolean
kc_chart_layout_get_sparkline (const KcChartLayout *layout,
                               KcChartRect         *area)
{
  if (!layout->has_sparkline)
    return FALSE;

  if (area != NULL)
    *area = layout->sparkline;
  return TRUE;
}

gboolean
kc_chart_rect_overlaps (const KcChartRect *a,
                        const KcChartRect *b)
{
  return a->x + a->width > b->x + HAIRLINE
         && b->x + b->width > a->x + HAIRLINE
         && a->y + a->height > b->y + HAIRLINE
         && b->y + b->height > a->y + HAIRLINE;
}

void
_kc_chart_layout_add_box (KcChartLayout     *layout,
                          KcChartTextRole    role,
                          const KcChartRect *rect,
                          double             font_size,
                          const char        *text,
                          gboolean           cut)
{
  KcChartTextBox box = { role, *rect, font_size, g_strdup (text), cut };

  g_array_append_val (layout->boxes, box);
}

void
_kc_chart_layout_add_point (KcChartLayout *layout,
                            double         x,
                            double         y,
                            guint          series,
                            guint          category,
                            double         value)
{
  KcChartPoint p = { x, y, series, category, value };

  g_array_append_val (layout->points, p);
}

gboolean
_kc_chart_layout_is_free (const KcChartLayout *layout,
                          const KcChartRect   *rect)
{
  for (guint i = 0; i < layout->boxes->len; i++)
    if (kc_chart_rect_overlaps (&g_array_index (layout->boxes, KcChartTextBox, i).rect, rect))
      return FALSE;

  return TRUE;
}

void
_kc_chart_layout_set_plot_area (KcChartLayout     *layout,
                                const KcChartRect *area,
                                double             value_at_start,
                                double             value_at_end,
                                gboolean           horizontal)
{
  layout->has_plot = TRUE;
  layout->plot = *area;
  layout->value_at_start = value_at_start;
  layout->value_at_end = value_at_end;
  layout->horizontal = horizontal;
}

void
_kc_chart_layout_set_ring (KcChartLayout *layout,
                           double         cx,
                           double         cy,
                           double         outer_radius,
                           double         inner_radius)
{
  layout->has_ring = TRUE;
  layout->ring[0] = cx;
  layout->ring[1] = cy;
  layout->ring[2] = outer_radius;
  layout->ring[3] = inner_radius;
}

void
_kc_chart_layout_set_sparkline (KcChartLayout     *layout,
                                const KcChartRect *area)
{
  layout->has_sparkline = TRUE;
  layout->sparkline = *area;
}
