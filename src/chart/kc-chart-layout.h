/* kc-chart-layout.h
 * What kc_chart_render() drew where: text boxes, data points, plot area. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KC_CHART_TEXT_TITLE,
  KC_CHART_TEXT_SUBTITLE,
  KC_CHART_TEXT_LEGEND,
  KC_CHART_TEXT_AXIS_TITLE,   /* the unit above the value axis */
  KC_CHART_TEXT_TICK,         /* value axis labels */
  KC_CHART_TEXT_CATEGORY,     /* periods or names along the category axis */
  KC_CHART_TEXT_DATA_LABEL,   /* values written at bars and points */
  KC_CHART_TEXT_TARGET,       /* "目标 24 · 完成 33%" */
  KC_CHART_TEXT_KPI_LABEL,
  KC_CHART_TEXT_KPI_PERIOD,
  KC_CHART_TEXT_KPI_VALUE,
  KC_CHART_TEXT_KPI_CHANGE,
  KC_CHART_TEXT_SHARE_VALUE,  /* the percentage inside the donut */
  KC_CHART_TEXT_SHARE_LABEL,
  KC_CHART_TEXT_NOTE,
  KC_CHART_TEXT_SOURCE,
  KC_CHART_TEXT_CREDIT,
  KC_CHART_TEXT_EMPTY,        /* "no data" */
  KC_N_CHART_TEXT_ROLES
} KcChartTextRole;

typedef struct
{
  double x, y, width, height;
} KcChartRect;

typedef struct
{
  KcChartTextRole  role;
  KcChartRect      rect;       /* the text's logical extents, in user units */
  double           font_size;  /* in user units */
  char            *text;       /* the whole text, even where it shows cut */
  gboolean         cut;        /* shown cut short, with an ellipsis */
} KcChartTextBox;

/* A data point as drawn: where it is and what it stands for. Long series
 * record one point per pixel column and series (the column's last). */
typedef struct
{
  double x, y;
  guint  series;
  guint  category;
  double value;
} KcChartPoint;

typedef struct _KcChartLayout KcChartLayout;

KcChartLayout        *kc_chart_layout_new             (void);
void                  kc_chart_layout_free            (KcChartLayout *layout);
void                  kc_chart_layout_clear           (KcChartLayout *layout);
/* Multiplies every position and size by @factor: for a chart drawn
 * scaled, so that the layout is in the units of what it was drawn on. */
void                  kc_chart_layout_scale           (KcChartLayout *layout,
                                                       double         factor);

guint                 kc_chart_layout_get_n_boxes     (const KcChartLayout *layout);
const KcChartTextBox *kc_chart_layout_get_box         (const KcChartLayout *layout,
                                                       guint                index);
guint                 kc_chart_layout_count_role      (const KcChartLayout *layout,
                                                       KcChartTextRole      role);
/* The first box with @role, or NULL. */
const KcChartTextBox *kc_chart_layout_find_role       (const KcChartLayout *layout,
                                                       KcChartTextRole      role);

guint                 kc_chart_layout_get_n_points    (const KcChartLayout *layout);
const KcChartPoint   *kc_chart_layout_get_point       (const KcChartLayout *layout,
                                                       guint                index);
/* The point nearest to (@x, @y) within @radius, or -1. */
int                   kc_chart_layout_find_point      (const KcChartLayout *layout,
                                                       double               x,
                                                       double               y,
                                                       double               radius);
/* The index of the point of @series at @category, or -1. */
int                   kc_chart_layout_lookup_point    (const KcChartLayout *layout,
                                                       guint                series,
                                                       guint                category);

/* The plot area and the values at its ends: for vertical value axes
 * @value_at_start is at the bottom edge and @value_at_end at the top; for
 * horizontal ones (bar, ranking) start is the left edge. FALSE when the
 * chart has no value axis (KPI, share). */
gboolean              kc_chart_layout_get_plot_area   (const KcChartLayout *layout,
                                                       KcChartRect         *area,
                                                       double              *value_at_start,
                                                       double              *value_at_end,
                                                       gboolean            *horizontal);
/* The donut's centre and radii; FALSE when no donut was drawn. */
gboolean              kc_chart_layout_get_ring        (const KcChartLayout *layout,
                                                       double              *cx,
                                                       double              *cy,
                                                       double              *outer_radius,
                                                       double              *inner_radius);

/* The box a KPI card's sparkline was drawn in, its line's width and end
 * dot included; FALSE when the card has none. */
gboolean              kc_chart_layout_get_sparkline   (const KcChartLayout *layout,
                                                       KcChartRect         *area);

/* TRUE when two rectangles share more than a hairline. */
gboolean              kc_chart_rect_overlaps          (const KcChartRect   *a,
                                                       const KcChartRect   *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcChartLayout, kc_chart_layout_free)

G_END_DECLS
