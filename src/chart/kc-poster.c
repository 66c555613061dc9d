/* kc-poster.c
 * The dashboard as one composed page: header, KPI cards, charts, footer. */
#define G_LOG_DOMAIN "kc-poster"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "kc-chart-builder.h"
#include "kc-chart-export-private.h"
#include "kc-chart-render.h"
#include "kc-chart-theme.h"
#include "kc-export-size.h"
#include "kc-poster.h"

#define DEFAULT_FONT "Cantarell, Noto Sans CJK SC, sans-serif"

/* The page is laid out on a grid whose short side is this many units. */
#define GRID_SHORT_SIDE 595.0

/* Poster units (points on an A4 page). */
#define MARGIN         30.0
#define GAP            14.0
#define RULE_ACCENT     4.0
#define HAIRLINE        0.6
#define FS_TITLE       24.0
#define FS_DECK        11.5
#define FS_FOOTER       7.5
#define KPI_MIN_WIDTH 110.0
#define KPI_MIN_HEIGHT 96.0
#define KPI_MAX_HEIGHT 140.0
#define KPI_ASPECT      0.66  /* height of a card for its width */
#define CHART_ASPECT    1.25  /* the shape charts read best in, titles included */
#define MAX_CHART_COLUMNS 4

/* cairo's image surfaces stop at 32767 pixels a side. */
#define MAX_PIXELS_PER_SIDE 32767.0

struct _KcPoster
{
  gatomicrefcount  ref_count;
  char            *title;
  char            *deck;
  char            *credit;
  GPtrArray       *charts;   /* KcChartSpec, in the order added */
};

struct _KcPosterLayout
{
  GArray    *boxes;          /* KcPosterBox */
  GPtrArray *chart_layouts;  /* KcChartLayout or NULL, one per box */
  double     scale;
  gboolean   footer_cut;     /* a footer text was shortened with "…" */
};

/* ---- The poster ------------------------------------------------------ */

KcPoster *
kc_poster_new (const char *title,
               const char *deck)
{
  KcPoster *poster = g_new0 (KcPoster, 1);

  g_atomic_ref_count_init (&poster->ref_count);
  poster->title = g_strdup (title);
  poster->deck = g_strdup (deck);
  poster->charts = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_chart_spec_unref);

  return poster;
}

KcPoster *
kc_poster_new_for_dataset (KcDataset       *dataset,
                           KcChartLanguage  language)
{
  KcPoster *poster;
  gboolean zh;

  g_return_val_if_fail (KC_IS_DATASET (dataset), NULL);

  zh = kc_chart_language_resolve (language) == KC_CHART_LANGUAGE_CHINESE;
  poster = kc_poster_new (kc_dataset_get_title_in (dataset, zh),
                          zh ? "科技创新主要指标" : "Science and technology innovation at a glance");

  for (guint i = 0; i < kc_dataset_get_n_dashboard_charts (dataset); i++)
    {
      g_autoptr(KcChartSpec) spec = kc_chart_spec_from_def (dataset,
                                                           kc_dataset_get_dashboard_chart (dataset, i),
                                                           language);

      kc_poster_add_chart (poster, spec);
    }

  return poster;
}

KcPoster *
kc_poster_ref (KcPoster *poster)
{
  g_return_val_if_fail (poster != NULL, NULL);

  g_atomic_ref_count_inc (&poster->ref_count);

  return poster;
}

void
kc_poster_unref (KcPoster *poster)
{
  if (poster == NULL || !g_atomic_ref_count_dec (&poster->ref_count))
    return;

  g_free (poster->title);
  g_free (poster->deck);
  g_free (poster->credit);
  g_ptr_array_unref (poster->charts);
  g_free (poster);
}

void
kc_poster_add_chart (KcPoster    *poster,
                     KcChartSpec *spec)
{
  g_return_if_fail (poster != NULL);
  g_return_if_fail (spec != NULL);

  g_ptr_array_add (poster->charts, kc_chart_spec_ref (spec));
}

void
kc_poster_set_credit (KcPoster   *poster,
                      const char *credit)
{
  g_return_if_fail (poster != NULL);

  g_free (poster->credit);
  poster->credit = credit != NULL && *credit != '\0' ? g_strdup (credit) : NULL;
}

const char *
kc_poster_get_title (const KcPoster *poster)
{
  g_return_val_if_fail (poster != NULL, NULL);

  return poster->title;
}

guint
kc_poster_get_n_charts (const KcPoster *poster)
{
  g_return_val_if_fail (poster != NULL, 0);

  return poster->charts->len;
}

KcChartSpec *
kc_poster_get_chart (const KcPoster *poster,
                     guint           index)
{
  g_return_val_if_fail (poster != NULL, NULL);
  g_return_val_if_fail (index < poster->charts->len, NULL);

  return g_ptr_array_index (poster->charts, index);
}

/* ---- The layout record ------------------------------------------------ */

KcPosterLayout *
kc_poster_layout_new (void)
{
  KcPosterLayout *layout = g_new0 (KcPosterLayout, 1);

  layout->boxes = g_array_new (FALSE, FALSE, sizeof (KcPosterBox));
  layout->chart_layouts = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_chart_layout_free);
  layout->scale = 1;

  return layout;
}

void
kc_poster_layout_free (KcPosterLayout *layout)
{
  if (layout == NULL)
    return;

  g_array_unref (layout->boxes);
  g_ptr_array_unref (layout->chart_layouts);
  g_free (layout);
}

static void
kc_poster_layout_clear (KcPosterLayout *layout)
{
  g_array_set_size (layout->boxes, 0);
  g_ptr_array_set_size (layout->chart_layouts, 0);
  layout->scale = 1;
  layout->footer_cut = FALSE;
}

guint
kc_poster_layout_get_n_boxes (const KcPosterLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);

  return layout->boxes->len;
}

const KcPosterBox *
kc_poster_layout_get_box (const KcPosterLayout *layout,
                          guint                 index)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (index < layout->boxes->len, NULL);

  return &g_array_index (layout->boxes, KcPosterBox, index);
}

const KcChartLayout *
kc_poster_layout_get_chart_layout (const KcPosterLayout *layout,
                                   guint                 index)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (index < layout->chart_layouts->len, NULL);

  return g_ptr_array_index (layout->chart_layouts, index);
}

gboolean
kc_poster_layout_get_footer_whole (const KcPosterLayout *layout)
{
  g_return_val_if_fail (layout != NULL, FALSE);

  return !layout->footer_cut;
}

double
kc_poster_layout_get_scale (const KcPosterLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 1);

  return layout->scale;
}

/* Records a box given in poster units; returns its index. */
static guint
add_box (KcPosterLayout    *layout,
         KcPosterBoxKind    kind,
         const KcChartRect *rect,
         int                chart,
         KcChartLayout     *chart_layout)
{
  KcPosterBox box = { kind, { rect->x * layout->scale, rect->y * layout->scale,
                              rect->width * layout->scale, rect->height * layout->scale }, chart };

  g_array_append_val (layout->boxes, box);
  g_ptr_array_add (layout->chart_layouts, chart_layout);

  return layout->boxes->len - 1;
}

/* ---- Drawing ----------------------------------------------------------- */

typedef struct
{
  cairo_t                  *cr;
  const KcPoster           *poster;
  const KcChartOptions     *opt;
  KcPosterLayout           *layout;
  PangoContext             *pango;
  const KcChartThemeColors *colors;
  const KcColor            *palette;
  guint                     n_palette;
  gboolean                  zh;
  double                    w, h;     /* in poster units */
  double                    hairline;
  KcColor                   card;
  double                    kpi_figure_size;  /* while the KPI band is drawn */
} Ctx;

static void
set_color (cairo_t       *cr,
           const KcColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static PangoLayout *
make_text (Ctx        *ctx,
           const char *text,
           double      size,
           gboolean    bold,
           double      width,
           int         max_lines)
{
  PangoLayout *pl = pango_layout_new (ctx->pango);
  PangoFontDescription *fd = pango_font_description_from_string (ctx->opt->font_family != NULL
                                                                 ? ctx->opt->font_family : DEFAULT_FONT);

  pango_font_description_set_absolute_size (fd, size * PANGO_SCALE);
  pango_font_description_set_weight (fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (pl, fd);
  pango_font_description_free (fd);

  pango_layout_set_width (pl, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (pl, -MAX (max_lines, 1));
  pango_layout_set_text (pl, text, -1);

  return pl;
}

static double
text_height (PangoLayout *pl)
{
  PangoRectangle logical;

  pango_layout_get_extents (pl, NULL, &logical);

  return logical.height / (double) PANGO_SCALE;
}

static double
text_width (PangoLayout *pl)
{
  PangoRectangle logical;

  pango_layout_get_extents (pl, NULL, &logical);

  return logical.width / (double) PANGO_SCALE;
}

static void
show_text (Ctx           *ctx,
           PangoLayout   *pl,
           double         x,
           double         y,
           const KcColor *color)
{
  PangoRectangle logical;

  pango_layout_get_extents (pl, NULL, &logical);
  set_color (ctx->cr, color);
  cairo_move_to (ctx->cr, x - logical.x / (double) PANGO_SCALE, y - logical.y / (double) PANGO_SCALE);
  pango_cairo_show_layout (ctx->cr, pl);
}

static void
hrule (Ctx           *ctx,
       double         x,
       double         y,
       double         width,
       double         thickness,
       const KcColor *color)
{
  cairo_rectangle (ctx->cr, x, y, width, thickness);
  set_color (ctx->cr, color);
  cairo_fill (ctx->cr);
}

static gboolean
is_kpi (KcChartSpec *spec)
{
  return spec->type == KC_CHART_KPI;
}

/* Splits a source list ("A；B") into its sources, each once, in order. */
static void
collect_unique (GPtrArray  *into,
                const char *text,
                const char *separator)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return;

  parts = g_strsplit (text, separator, -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));

      if (*part != '\0' && !g_ptr_array_find_with_equal_func (into, part, g_str_equal, NULL))
        g_ptr_array_add (into, g_steal_pointer (&part));
    }
}

static char *
join (GPtrArray  *parts,
      const char *separator)
{
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (separator, (char **) parts->pdata);
}

/* The footer: sources, then notes (each with its chart's title), then the
 * credit, right-aligned on the last line when it fits there. Returns its
 * height; draws it with its top at @y when @draw. */
static double
footer (Ctx      *ctx,
        double    y,
        gboolean  draw)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *source_text = NULL;
  g_autofree char *note_text = NULL;
  g_autofree char *credit_text = NULL;
  g_autoptr(PangoLayout) source = NULL;
  g_autoptr(PangoLayout) note = NULL;
  g_autoptr(PangoLayout) credit = NULL;
  double width = ctx->w - 2 * MARGIN;
  double top = y, line_gap = FS_FOOTER * 0.35;
  /* The notes are a report's caveats (estimates, breaks in a series): they
   * take the lines they need, up to an eighth of the page. */
  int note_lines = MAX (4, (int) (ctx->h / 8 / (FS_FOOTER * 0.95 * 1.4)));

  for (guint i = 0; i < ctx->poster->charts->len; i++)
    {
      KcChartSpec *spec = g_ptr_array_index (ctx->poster->charts, i);

      collect_unique (sources, spec->source, "；");
      if (spec->note != NULL && *spec->note != '\0')
        g_ptr_array_add (notes, g_strdup_printf (ctx->zh ? "%s：%s" : "%s: %s",
                                                 spec->title != NULL ? spec->title : "", spec->note));
    }

  if (ctx->poster->credit != NULL)
    {
      credit_text = g_strconcat (ctx->zh ? "制图：" : "Chart: ", ctx->poster->credit, NULL);
      credit = make_text (ctx, credit_text, FS_FOOTER, FALSE, width, 1);
    }
  if (sources->len > 0)
    {
      g_autofree char *joined = join (sources, ctx->zh ? "；" : "; ");

      source_text = g_strconcat (ctx->zh ? "数据来源：" : "Sources: ", joined, NULL);
      source = make_text (ctx, source_text, FS_FOOTER, FALSE, width, 3);
    }
  if (notes->len > 0)
    {
      g_autofree char *joined = join (notes, ctx->zh ? "；" : "; ");

      note_text = g_strconcat (ctx->zh ? "注：" : "Notes: ", joined, NULL);
      note = make_text (ctx, note_text, FS_FOOTER * 0.95, FALSE, width, note_lines);
    }

  if (source == NULL && note == NULL && credit == NULL)
    return 0;

  if (draw)
    hrule (ctx, MARGIN, y, width, ctx->hairline, &ctx->colors->baseline);
  y += ctx->hairline + FS_FOOTER * 0.8;

  if (source != NULL)
    {
      if (draw)
        show_text (ctx, source, MARGIN, y, &ctx->colors->text_muted);
      if (draw && pango_layout_is_ellipsized (source))
        ctx->layout->footer_cut = TRUE;
      y += text_height (source) + line_gap;
    }
  if (note != NULL)
    {
      /* The credit shares the notes' last line when there is room. */
      if (credit != NULL && pango_layout_get_line_count (note) < note_lines)
        pango_layout_set_width (note, (int) ((width - text_width (credit) - GAP) * PANGO_SCALE));
      if (draw)
        show_text (ctx, note, MARGIN, y, &ctx->colors->text_faint);
      if (draw && pango_layout_is_ellipsized (note))
        ctx->layout->footer_cut = TRUE;
      y += text_height (note) + line_gap;
    }
  if (credit != NULL)
    {
      double cw = text_width (credit), ch = text_height (credit);
      double last_line_end = 0;

      if (note != NULL)
        {
          PangoLayoutLine *last = pango_layout_get_line_readonly (note, pango_layout_get_line_count (note) - 1);
          PangoRectangle logical;

          pango_layout_line_get_extents (last, NULL, &logical);
          last_line_end = logical.width / (double) PANGO_SCALE;
        }

      if (note != NULL && last_line_end + GAP + cw <= width)
        {
          if (draw)
            show_text (ctx, credit, MARGIN + width - cw, y - line_gap - ch, &ctx->colors->text_muted);
        }
      else
        {
          if (draw)
            show_text (ctx, credit, MARGIN + width - cw, y, &ctx->colors->text_muted);
          y += ch + line_gap;
        }
    }

  return y - line_gap - top;
}

/* The header: an accent rule, the title, the deck, a hairline. Returns
 * its height; draws it when @draw. */
static double
header (Ctx      *ctx,
        gboolean  draw)
{
  double width = ctx->w - 2 * MARGIN;
  double y = MARGIN;

  if (draw)
    hrule (ctx, MARGIN, y, width, RULE_ACCENT, &ctx->palette[0]);
  y += RULE_ACCENT + FS_TITLE * 0.45;

  if (ctx->opt->show_title && ctx->poster->title != NULL && *ctx->poster->title != '\0')
    {
      g_autoptr(PangoLayout) title = make_text (ctx, ctx->poster->title, FS_TITLE, TRUE, width, 2);

      if (draw)
        show_text (ctx, title, MARGIN, y, &ctx->colors->text);
      y += text_height (title) + FS_DECK * 0.2;
    }
  if (ctx->opt->show_subtitle && ctx->poster->deck != NULL && *ctx->poster->deck != '\0')
    {
      g_autoptr(PangoLayout) deck = make_text (ctx, ctx->poster->deck, FS_DECK, FALSE, width, 2);

      if (draw)
        show_text (ctx, deck, MARGIN, y, &ctx->colors->text_muted);
      y += text_height (deck);
    }
  y += FS_DECK * 0.6;
  if (draw)
    hrule (ctx, MARGIN, y, width, ctx->hairline, &ctx->colors->baseline);
  y += ctx->hairline;

  return y - MARGIN;
}

/* How a chart is drawn in the cell @rect (poster units). */
static void
cell_options (Ctx               *ctx,
              const KcChartRect *rect,
              KcChartOptions    *options)
{
  *options = *ctx->opt;
  options->width = rect->width;
  options->height = rect->height;
  options->transparent = TRUE;
  /* Sources and notes are gathered in the poster's footer. */
  options->show_title = TRUE;
  options->show_subtitle = TRUE;
  options->show_footer = FALSE;
  options->focus_series = -1;
  options->focus_category = -1;
  options->kpi_figure_size = ctx->kpi_figure_size;
}

/* Draws @spec into @rect (poster units) and records the box. */
static void
place_chart (Ctx               *ctx,
             KcPosterBoxKind    kind,
             const KcChartRect *rect,
             guint              index)
{
  KcChartSpec *spec = g_ptr_array_index (ctx->poster->charts, index);
  KcChartLayout *chart_layout = kc_chart_layout_new ();
  KcChartOptions options;

  cell_options (ctx, rect, &options);

  cairo_save (ctx->cr);
  if (kind == KC_POSTER_BOX_KPI)
    {
      double r = 4;

      cairo_new_sub_path (ctx->cr);
      cairo_arc (ctx->cr, rect->x + rect->width - r, rect->y + r, r, -G_PI / 2, 0);
      cairo_arc (ctx->cr, rect->x + rect->width - r, rect->y + rect->height - r, r, 0, G_PI / 2);
      cairo_arc (ctx->cr, rect->x + r, rect->y + rect->height - r, r, G_PI / 2, G_PI);
      cairo_arc (ctx->cr, rect->x + r, rect->y + r, r, G_PI, 3 * G_PI / 2);
      cairo_close_path (ctx->cr);
      set_color (ctx->cr, &ctx->card);
      cairo_fill (ctx->cr);
    }
  else
    hrule (ctx, rect->x, rect->y, rect->width, 1.2, &ctx->colors->text);

  cairo_translate (ctx->cr, rect->x, rect->y);
  kc_chart_render (ctx->cr, spec, &options, chart_layout);
  cairo_restore (ctx->cr);

  add_box (ctx->layout, kind, rect, index, chart_layout);
}

typedef struct
{
  guint  kpi_columns;
  double kpi_height;
  guint  chart_columns;
  double chart_height;
  double score;
} Grid;

/* Chooses the rows of KPI cards (balanced: 6 cards are 3 + 3, not
 * 4 + 2), their height, and the columns of charts: the choice that gives
 * the charts the most room in the shape they read best in, then the
 * cards the most height. */
static Grid
choose_grid (double width,
             double height,
             guint  n_kpis,
             guint  n_charts)
{
  Grid best = { 1, 0, 1, 0, -G_MAXDOUBLE };

  for (guint kr = n_kpis > 0 ? 1 : 0; kr <= n_kpis; kr++)
    {
      guint kc = kr > 0 ? (n_kpis + kr - 1) / kr : 0;
      double kpi_w = kc > 0 ? (width - (kc - 1) * GAP) / kc : 0;
      double heights[2];

      /* Rows that come out the same as fewer rows are not a choice. */
      if (kr > 1 && (n_kpis + kc - 1) / kc != kr)
        continue;
      if (kc > 1 && kpi_w < KPI_MIN_WIDTH)
        continue;

      heights[0] = kc > 0 ? CLAMP (kpi_w * KPI_ASPECT, KPI_MIN_HEIGHT, KPI_MAX_HEIGHT) : 0;
      heights[1] = kc > 0 ? KPI_MIN_HEIGHT : 0;

      for (guint hi = 0; hi < G_N_ELEMENTS (heights); hi++)
        for (guint cc = n_charts > 0 ? 1 : 0; cc <= MIN (n_charts, MAX_CHART_COLUMNS); cc++)
          {
            Grid g = { kc, heights[hi], cc, 0, 0 };
            guint chart_rows = cc > 0 ? (n_charts + cc - 1) / cc : 0;
            double chart_w = cc > 0 ? (width - (cc - 1) * GAP) / cc : 0;
            double rest = height - kr * (g.kpi_height + GAP);

            if (rest < 0)
              continue;
            if (cc > 0)
              {
                g.chart_height = (rest - (chart_rows - 1) * GAP) / chart_rows;
                /* A chart's usable size: its height, or its width in the
                 * preferred shape, whichever is smaller. */
                g.score = MIN (chart_w / CHART_ASPECT, g.chart_height);
              }
            g.score += 0.3 * g.kpi_height;
            if (g.score > best.score)
              best = g;
          }
    }

  return best;
}

/* The size of the figure @spec's KPI card shows in @rect with figures
 * of at most @cap (0 for none), or 0 when it shows none. */
static double
kpi_figure_size (Ctx               *ctx,
                 KcChartSpec       *spec,
                 const KcChartRect *rect,
                 double             cap)
{
  KcChartOptions options;

  cell_options (ctx, rect, &options);
  options.kpi_figure_size = cap;
  return kc_chart_measure_kpi_figure (spec, &options, 1);
}

/* The rects of @n cells in rows of @columns, each @row_height tall, from
 * @y down; a short last row is spread over the full width. */
static GArray *
cell_rects (Ctx    *ctx,
            guint   n,
            guint   columns,
            double  row_height,
            double  y)
{
  GArray *rects = g_array_sized_new (FALSE, FALSE, sizeof (KcChartRect), n);
  double width = ctx->w - 2 * MARGIN;

  for (guint row_start = 0; row_start < n; row_start += columns)
    {
      guint in_row = MIN (columns, n - row_start);
      double cell_w = (width - (in_row - 1) * GAP) / in_row;

      for (guint i = 0; i < in_row; i++)
        {
          KcChartRect rect = { MARGIN + i * (cell_w + GAP), y, cell_w, row_height };

          g_array_append_val (rects, rect);
        }
      y += row_height + GAP;
    }
  return rects;
}

static void
lay_out_cells (Ctx             *ctx,
               KcPosterBoxKind  kind,
               GArray          *indices,
               guint            columns,
               double           row_height,
               double           y)
{
  g_autoptr(GArray) rects = cell_rects (ctx, indices->len, columns, row_height, y);

  for (guint i = 0; i < indices->len; i++)
    place_chart (ctx, kind, &g_array_index (rects, KcChartRect, i), g_array_index (indices, guint, i));
}

typedef struct
{
  Ctx    *ctx;
  GArray *indices;
  GArray *rects;
} BandCards;

static double
band_card_figure_size (guint    card,
                       double   cap,
                       gpointer user_data)
{
  BandCards *band = user_data;
  KcChartSpec *spec = g_ptr_array_index (band->ctx->poster->charts, g_array_index (band->indices, guint, card));

  return kpi_figure_size (band->ctx, spec, &g_array_index (band->rects, KcChartRect, card), cap);
}

/* The largest size at which every KPI card of @indices shows its figure. */
static double
band_figure_size (Ctx    *ctx,
                  GArray *indices,
                  guint   columns,
                  double  row_height)
{
  g_autoptr(GArray) rects = cell_rects (ctx, indices->len, columns, row_height, 0);
  BandCards band = { ctx, indices, rects };

  return kc_chart_common_kpi_figure_size (indices->len, band_card_figure_size, &band);
}

static void
draw_poster (Ctx *ctx)
{
  g_autoptr(GArray) kpis = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) charts = g_array_new (FALSE, FALSE, sizeof (guint));
  double head_h, foot_h = 0, body_top, body_h, width = ctx->w - 2 * MARGIN;
  KcChartRect rect;
  Grid grid;

  for (guint i = 0; i < ctx->poster->charts->len; i++)
    g_array_append_val (is_kpi (g_ptr_array_index (ctx->poster->charts, i)) ? kpis : charts, i);

  head_h = header (ctx, TRUE);
  rect = (KcChartRect) { MARGIN, MARGIN, width, head_h };
  add_box (ctx->layout, KC_POSTER_BOX_HEADER, &rect, -1, NULL);

  if (ctx->opt->show_footer)
    foot_h = footer (ctx, 0, FALSE);
  if (foot_h > 0)
    {
      double y = ctx->h - MARGIN - foot_h;

      footer (ctx, y, TRUE);
      rect = (KcChartRect) { MARGIN, y, width, foot_h };
      add_box (ctx->layout, KC_POSTER_BOX_FOOTER, &rect, -1, NULL);
    }

  body_top = MARGIN + head_h + GAP;
  body_h = ctx->h - MARGIN - (foot_h > 0 ? foot_h + GAP : 0) - body_top;

  if (kpis->len + charts->len == 0 || body_h < KPI_MIN_HEIGHT / 2)
    {
      g_autoptr(PangoLayout) empty = make_text (ctx, ctx->zh ? "没有图表" : "No charts",
                                                FS_DECK, FALSE, width, 1);

      if (body_h > text_height (empty))
        {
          show_text (ctx, empty, MARGIN, body_top, &ctx->colors->text_muted);
          rect = (KcChartRect) { MARGIN, body_top, text_width (empty), text_height (empty) };
          add_box (ctx->layout, KC_POSTER_BOX_EMPTY, &rect, -1, NULL);
        }
      return;
    }

  grid = choose_grid (width, body_h, kpis->len, charts->len);
  if (kpis->len > 0)
    {
      guint kpi_rows = (kpis->len + grid.kpi_columns - 1) / grid.kpi_columns;
      double kpi_h = grid.kpi_height;

      /* Without charts the cards share the whole body. */
      if (charts->len == 0)
        kpi_h = MIN ((body_h - (kpi_rows - 1) * GAP) / kpi_rows, KPI_MAX_HEIGHT * 1.5);
      /* The cards' figures at one size, the smallest any card needs (a
       * title on two lines or a change line leaves less room): figures
       * of a band in several sizes read as of several weights. */
      ctx->kpi_figure_size = band_figure_size (ctx, kpis, grid.kpi_columns, kpi_h);
      lay_out_cells (ctx, KC_POSTER_BOX_KPI, kpis, grid.kpi_columns, kpi_h, body_top);
      ctx->kpi_figure_size = 0;
      body_top += kpi_rows * (kpi_h + GAP);
    }
  if (charts->len > 0 && grid.chart_height >= 1)
    lay_out_cells (ctx, KC_POSTER_BOX_CHART, charts, grid.chart_columns, grid.chart_height, body_top);
}

void
kc_poster_render (cairo_t              *cr,
                  const KcPoster       *poster,
                  const KcChartOptions *options,
                  KcPosterLayout       *layout_out)
{
  g_autoptr(KcPosterLayout) own_layout = NULL;
  cairo_font_options_t *font_options;
  Ctx ctx = { 0 };
  double k;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (poster != NULL);
  g_return_if_fail (options != NULL);

  if (layout_out == NULL)
    layout_out = own_layout = kc_poster_layout_new ();
  kc_poster_layout_clear (layout_out);

  if (!(options->width >= 1 && options->height >= 1)
      || !isfinite (options->width) || !isfinite (options->height))
    return;

  k = MIN (options->width, options->height) / GRID_SHORT_SIDE;
  layout_out->scale = k;

  ctx.cr = cr;
  ctx.poster = poster;
  ctx.opt = options;
  ctx.layout = layout_out;
  ctx.zh = kc_chart_language_resolve (options->language) == KC_CHART_LANGUAGE_CHINESE;
  ctx.colors = kc_chart_theme_get_colors (options->theme);
  if (options->palette != NULL && options->n_palette > 0)
    {
      ctx.palette = options->palette;
      ctx.n_palette = options->n_palette;
    }
  else
    ctx.palette = kc_chart_default_palette (options->theme, &ctx.n_palette);
  ctx.w = options->width / k;
  ctx.h = options->height / k;

  /* Cards: the background moved a little towards the text colour. */
  ctx.card = ctx.colors->background;
  ctx.card.r += (ctx.colors->text.r - ctx.card.r) * 0.05;
  ctx.card.g += (ctx.colors->text.g - ctx.card.g) * 0.05;
  ctx.card.b += (ctx.colors->text.b - ctx.card.b) * 0.05;
  ctx.card.a = 1;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, options->width, options->height);
  cairo_clip (cr);
  if (!options->transparent)
    {
      cairo_rectangle (cr, 0, 0, options->width, options->height);
      set_color (cr, &ctx.colors->background);
      cairo_fill (cr);
    }
  cairo_scale (cr, k, k);
  /* In poster units, not device pixels: the layout must not depend on
   * the resolution it is drawn at. */
  ctx.hairline = HAIRLINE;

  ctx.pango = pango_cairo_create_context (cr);
  /* Unhinted metrics, as the charts use: the same layout at every size. */
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_antialias (font_options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (ctx.pango, font_options);
  cairo_font_options_destroy (font_options);
  pango_context_set_round_glyph_positions (ctx.pango, FALSE);
  pango_context_set_language (ctx.pango, pango_language_from_string (ctx.zh ? "zh-cn" : "en"));

  draw_poster (&ctx);

  g_object_unref (ctx.pango);
  cairo_restore (cr);
}

/* ---- Files ----------------------------------------------------------- */

GBytes *
kc_poster_export_to_bytes (const KcPoster       *poster,
                           const KcChartOptions *options,
                           KcChartFormat         format,
                           double                scale,
                           GError              **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double w = options->width, h = options->height;

  g_return_val_if_fail (poster != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(w >= 1 && h >= 1 && w <= MAX_PIXELS_PER_SIDE && h <= MAX_PIXELS_PER_SIDE)
      || !(scale > 0) || !isfinite (scale))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The poster size %g × %g at scale %g is not possible"), w, h, scale);
      return NULL;
    }

  if (format != KC_CHART_FORMAT_PNG && format != KC_CHART_FORMAT_SVG && format != KC_CHART_FORMAT_PDF)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown poster format; use PNG, SVG or PDF"));
      return NULL;
    }

  surface = _kc_export_surface_new (format, w, h, scale, poster->title, out, error);
  if (surface == NULL)
    return NULL;

  cr = cairo_create (surface);
  if (format == KC_CHART_FORMAT_PNG)
    cairo_scale (cr, scale, scale);
  kc_poster_render (cr, poster, options, NULL);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (!_kc_export_surface_finish (surface, &status, options->dpi > 0 ? options->dpi : 96 * scale,
                                  poster->title, out, error))
    return NULL;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR,
                   status == CAIRO_STATUS_NO_MEMORY ? G_IO_ERROR_NO_SPACE : G_IO_ERROR_FAILED,
                   _("Could not draw the poster: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
