/* kc-chart-render.c
 * Draws a chart spec onto any cairo context: screen, image, SVG or PDF. */
#define G_LOG_DOMAIN "kc-chart-render"

#include "config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "kc-chart-layout-private.h"
#include "kc-chart-render.h"
#include "kc-chart-theme.h"
#include "kc-scale.h"

#define DEFAULT_FONT "Cantarell, Noto Sans CJK SC, sans-serif"

/* Labels are measured one by one up to this many categories; beyond it a
 * spread-out sample stands for all of them (a million periods). */
#define MAX_MEASURED_LABELS 400
/* Of those, at most this many (the longest) are laid out with Pango. */
#define MAX_SHAPED_LABELS 40

typedef struct
{
  cairo_t                  *cr;
  const KcChartSpec        *spec;
  const KcChartOptions     *opt;
  KcChartLayout            *layout;
  PangoContext             *pango;
  PangoFontDescription     *font;
  KcChartLanguage           lang;
  gboolean                  zh;
  const KcChartThemeColors *colors;
  const KcColor            *palette;
  const KcColor            *up;        /* a KPI card's change, either way */
  const KcColor            *down;
  guint                     n_palette;
  double                    w, h;
  double                    pad;        /* outer margin */
  double                    gap;        /* between blocks */
  double                    small_gap;  /* between a label and its mark */
  double                    hairline;   /* gridlines */
  double                    line_width; /* data lines */
  double                    device_px;  /* user units per device pixel */
  double                    fs_title;
  double                    fs_subtitle;
  double                    fs_label;
  double                    fs_footer;
  KcChartRect               body;       /* what the header and footer leave */
} Ctx;

/* A measured piece of text. */
typedef struct
{
  PangoLayout *pl;
  double       x, y, w, h; /* logical extents relative to the layout origin */
  const char  *whole;      /* what the layout shows cut, or NULL */
} Text;

double
kc_chart_measure_kpi_figure (const KcChartSpec    *spec,
                             const KcChartOptions *options,
                             double                scale)
{
  g_autoptr(KcChartLayout) layout = kc_chart_layout_new ();
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  const KcChartTextBox *box;

  g_return_val_if_fail (spec != NULL && options != NULL, 0);

  cairo_scale (cr, scale, scale);
  kc_chart_render (cr, spec, options, layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  box = kc_chart_layout_find_role (layout, KC_CHART_TEXT_KPI_VALUE);
  return box != NULL ? box->font_size : 0;
}

double
kc_chart_common_kpi_figure_size (guint              n_cards,
                                 KcKpiFigureMeasure measure,
                                 gpointer           user_data)
{
  double size = 0;

  g_return_val_if_fail (measure != NULL, 0);

  for (guint round = 0; round < 8; round++)
    {
      double smallest = size;
      gboolean all_equal = TRUE;
      double first = -1;

      for (guint i = 0; i < n_cards; i++)
        {
          double card = measure (i, size, user_data);

          if (card <= 0)
            continue;
          if (first < 0)
            first = card;
          all_equal &= card == first;
          if (smallest == 0 || card < smallest)
            smallest = card;
        }
      if (smallest == size || (round == 0 && all_equal))
        return smallest;
      size = smallest;
    }
  return size;
}

void
kc_chart_prefer_simplified_han (void)
{
  const char *languages = g_getenv ("LANGUAGE");
  g_autofree char *preferred = NULL;

  /* A run of Chinese characters in English text (the data's names and
   * notes, in an English interface or chart) has no language of its own:
   * Pango tags it with the first preferred language that writes Han, and
   * without one fontconfig picks its first CJK font, Noto Sans CJK JP,
   * whose forms of some characters are Japanese. The data is from a
   * Chinese district: Simplified Chinese comes first. */
  if (g_getenv ("PANGO_LANGUAGE") != NULL)
    return;
  preferred = languages != NULL && *languages != '\0' ? g_strconcat ("zh-cn:", languages, NULL)
                                                        : g_strdup ("zh-cn");
  g_setenv ("PANGO_LANGUAGE", preferred, TRUE);
}

/* Type sizes come in steps: half a pixel up to 16 px, then 1/16 of an
 * octave (about 4 %). Each size of a font costs Pango and fontconfig a
 * search of the installed fonts (a millisecond or more) the first time
 * it is used, so sizes that followed a canvas's every pixel made each
 * step of a window's resize pay for new fonts. Rounds down, so text
 * measured to fit still fits (give or take 1/1024 px); a size already on a
 * step stays, and so does one read back from a Pango layout, which keeps
 * sizes in whole Pango units (1/1024 px) and so can hold a step a hair
 * smaller. */
static double
text_size_step (double size)
{
  if (!(size > 0.5))
    return 0.5;
  size += 1.0 / PANGO_SCALE;
  if (size < 16)
    return floor (size * 2 + 1e-6) / 2;
  return 16 * exp2 (floor (16 * log2 (size / 16) + 1e-6) / 16);
}

/* The step below @size, which is on a step (text_size_step()); from
 * between two steps it goes to the lower one's lower neighbour. Never
 * below 0.5. */
static double
text_size_step_down (double size)
{
  return text_size_step (size < 16.5 ? size - 0.5 : size * 0.97);
}

/* Sets up @t's layout for @str without measuring it. */
static void
text_prepare (Ctx        *ctx,
              Text       *t,
              const char *str,
              double      size,
              gboolean    bold,
              double      max_width,
              int         max_lines)
{
  PangoFontDescription *fd;

  if (t->pl == NULL)
    t->pl = pango_layout_new (ctx->pango);

  fd = pango_font_description_copy_static (ctx->font);
  pango_font_description_set_absolute_size (fd, text_size_step (size) * PANGO_SCALE);
  pango_font_description_set_weight (fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (t->pl, fd);
  pango_font_description_free (fd);
  pango_layout_set_attributes (t->pl, NULL);

  if (max_width > 0)
    {
      pango_layout_set_width (t->pl, (int) (max_width * PANGO_SCALE));
      pango_layout_set_wrap (t->pl, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (t->pl, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (t->pl, -MAX (max_lines, 1));
    }
  else
    {
      pango_layout_set_width (t->pl, -1);
      pango_layout_set_ellipsize (t->pl, PANGO_ELLIPSIZE_NONE);
      pango_layout_set_height (t->pl, -1);
    }
  pango_layout_set_text (t->pl, str, -1);
}

/* Takes @t's logical extents from its layout. */
static void
text_measure (Text *t)
{
  PangoRectangle logical;

  pango_layout_get_extents (t->pl, NULL, &logical);
  t->x = logical.x / (double) PANGO_SCALE;
  t->y = logical.y / (double) PANGO_SCALE;
  t->w = logical.width / (double) PANGO_SCALE;
  t->h = logical.height / (double) PANGO_SCALE;
}

static void
text_set (Ctx        *ctx,
          Text       *t,
          const char *str,
          double      size,
          gboolean    bold,
          double      max_width,
          int         max_lines)
{
  text_prepare (ctx, t, str, size, bold, max_width, max_lines);
  text_measure (t);
}

static void
text_clear (Text *t)
{
  g_clear_object (&t->pl);
  t->whole = NULL;
}

static void
set_color (cairo_t       *cr,
           const KcColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static void
set_color_alpha (cairo_t       *cr,
                 const KcColor *c,
                 double         alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha);
}

static gboolean
rect_inside_canvas (Ctx               *ctx,
                    const KcChartRect *r)
{
  return r->x >= -0.01 && r->y >= -0.01
         && r->x + r->width <= ctx->w + 0.01 && r->y + r->height <= ctx->h + 0.01;
}

/* Draws @t with its logical box's top-left at (@bx, @by), unless the box
 * would leave the canvas or touch text already drawn. Everything goes
 * through here, which is what keeps labels from overlapping. */
static gboolean
text_place (Ctx             *ctx,
            Text            *t,
            KcChartTextRole  role,
            double           bx,
            double           by,
            const KcColor   *color)
{
  KcChartRect r = { bx, by, t->w, t->h };

  if (t->w <= 0 || t->h <= 0)
    return FALSE;
  if (!rect_inside_canvas (ctx, &r) || !_kc_chart_layout_is_free (ctx->layout, &r))
    return FALSE;

  /* Labels inside the plot get a halo of background so that lines and
   * bars running behind them do not eat into the glyphs. */
  if (role == KC_CHART_TEXT_DATA_LABEL || role == KC_CHART_TEXT_TARGET)
    {
      double size = pango_font_description_get_size (pango_layout_get_font_description (t->pl))
                    / (double) PANGO_SCALE;

      cairo_save (ctx->cr);
      cairo_move_to (ctx->cr, bx - t->x, by - t->y);
      pango_cairo_layout_path (ctx->cr, t->pl);
      cairo_set_line_width (ctx->cr, MAX (size * 0.22, 2 * ctx->device_px));
      cairo_set_line_join (ctx->cr, CAIRO_LINE_JOIN_ROUND);
      set_color_alpha (ctx->cr, &ctx->colors->background, 0.9);
      cairo_stroke (ctx->cr);
      cairo_restore (ctx->cr);
    }

  set_color (ctx->cr, color);
  cairo_move_to (ctx->cr, bx - t->x, by - t->y);
  pango_cairo_show_layout (ctx->cr, t->pl);
  _kc_chart_layout_add_box (ctx->layout, role, &r,
                            pango_font_description_get_size (pango_layout_get_font_description (t->pl))
                            / (double) PANGO_SCALE,
                            t->whole != NULL ? t->whole : pango_layout_get_text (t->pl),
                            t->whole != NULL || pango_layout_is_ellipsized (t->pl));

  return TRUE;
}

static const KcColor *
series_color (Ctx   *ctx,
              guint  series)
{
  if (series < ctx->spec->n_series && ctx->spec->series[series].has_color)
    return &ctx->spec->series[series].color;

  return &ctx->palette[series % ctx->n_palette];
}

/* Snaps a horizontal or vertical line's position so that lines of whole
 * device pixels stay crisp. */
static double
snap (Ctx    *ctx,
      double  v,
      double  width)
{
  long px = lround (width / ctx->device_px);

  if (px % 2 == 1)
    return (floor (v / ctx->device_px) + 0.5) * ctx->device_px;
  return round (v / ctx->device_px) * ctx->device_px;
}

static double
crisp_width (Ctx    *ctx,
             double  width)
{
  return MAX (1, round (width / ctx->device_px)) * ctx->device_px;
}

static void
hline (Ctx           *ctx,
       double         x0,
       double         x1,
       double         y,
       double         width,
       const KcColor *color)
{
  width = crisp_width (ctx, width);
  y = snap (ctx, y, width);
  cairo_set_line_width (ctx->cr, width);
  cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_BUTT);
  cairo_move_to (ctx->cr, x0, y);
  cairo_line_to (ctx->cr, x1, y);
  set_color (ctx->cr, color);
  cairo_stroke (ctx->cr);
}

static void
vline (Ctx           *ctx,
       double         x,
       double         y0,
       double         y1,
       double         width,
       const KcColor *color)
{
  width = crisp_width (ctx, width);
  x = snap (ctx, x, width);
  cairo_set_line_width (ctx->cr, width);
  cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_BUTT);
  cairo_move_to (ctx->cr, x, y0);
  cairo_line_to (ctx->cr, x, y1);
  set_color (ctx->cr, color);
  cairo_stroke (ctx->cr);
}

/* ---- Words the chart writes itself --------------------------------- */

static gboolean
has_prefix_casefold (const char         *text,
                     const char * const *prefixes)
{
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_ascii_strncasecmp (text, prefixes[i], strlen (prefixes[i])) == 0)
      return TRUE;

  return FALSE;
}

static char *
footer_text (Ctx            *ctx,
             KcChartTextRole role,
             const char     *text)
{
  static const char * const source_prefixes[] = { "数据来源", "资料来源", "来源", "Source", "Data:", NULL };
  static const char * const note_prefixes[] = { "注", "说明", "Note", NULL };
  static const char * const credit_prefixes[] = { "制图", "Chart", "Graphic", NULL };
  const char * const *prefixes;
  const char *word;

  switch (role)
    {
    case KC_CHART_TEXT_SOURCE:
      prefixes = source_prefixes;
      word = ctx->zh ? "数据来源：" : "Source: ";
      break;
    case KC_CHART_TEXT_NOTE:
      prefixes = note_prefixes;
      word = ctx->zh ? "注：" : "Note: ";
      break;
    case KC_CHART_TEXT_CREDIT:
    default:
      prefixes = credit_prefixes;
      word = ctx->zh ? "制图：" : "Chart: ";
      break;
    }

  /* Data often carries the word already: "数据来源：北仑区统计局". */
  if (has_prefix_casefold (text, prefixes))
    return g_strdup (text);

  return g_strconcat (word, text, NULL);
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  while (*s != '\0' && g_ascii_isspace (*s))
    s++;
  return *s == '\0';
}

/* ---- Header, legend and footer -------------------------------------- */

typedef struct
{
  Text   title;
  Text   subtitle;
  Text   note;
  Text   source;
  Text   credit;
  char  *title_str;
  char  *subtitle_str;
  char  *note_str;
  char  *source_str;
  char  *credit_str;
  gboolean credit_inline;   /* on the source's line, right-aligned */
  /* legend */
  guint  n_legend;
  Text  *legend;
  double legend_swatch;
  double legend_height;
  double legend_row_height;
  gboolean legend_lines;    /* swatches are lines (line chart) */
} Frame;

static void
frame_clear (Frame *f)
{
  text_clear (&f->title);
  text_clear (&f->subtitle);
  text_clear (&f->note);
  text_clear (&f->source);
  text_clear (&f->credit);
  g_free (f->title_str);
  g_free (f->subtitle_str);
  g_free (f->note_str);
  g_free (f->source_str);
  g_free (f->credit_str);
  for (guint i = 0; i < f->n_legend; i++)
    text_clear (&f->legend[i]);
  g_free (f->legend);
}

static gboolean
wants_legend (const KcChartSpec *spec)
{
  return spec->n_series > 1
         && (spec->type == KC_CHART_LINE || spec->type == KC_CHART_COLUMN
             || spec->type == KC_CHART_BAR || spec->type == KC_CHART_AREA);
}

/* Lays legend entries out in rows; returns the height used. */
static double
legend_flow (Ctx   *ctx,
             Frame *f,
             double width,
             gboolean place,
             double   top)
{
  double x = 0, y = 0;
  double item_gap = ctx->gap * 1.2;
  double sw = f->legend_swatch;
  double row_h = f->legend_row_height;

  for (guint i = 0; i < f->n_legend; i++)
    {
      Text *t = &f->legend[i];
      double item_w = sw + ctx->small_gap * 1.5 + t->w;

      if (x > 0 && x + item_w > width)
        {
          x = 0;
          y += row_h + ctx->small_gap;
        }

      if (place)
        {
          double bx = ctx->body.x + x;
          double by = top + y;
          double cy = by + row_h / 2;
          const KcColor *c = series_color (ctx, i);

          if (text_place (ctx, t, KC_CHART_TEXT_LEGEND, bx + sw + ctx->small_gap * 1.5,
                          by + (row_h - t->h) / 2, &ctx->colors->text_muted))
            {
              set_color (ctx->cr, c);
              if (f->legend_lines)
                {
                  cairo_set_line_width (ctx->cr, ctx->line_width);
                  cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_ROUND);
                  cairo_move_to (ctx->cr, bx + ctx->line_width / 2, cy);
                  cairo_line_to (ctx->cr, bx + sw - ctx->line_width / 2, cy);
                  cairo_stroke (ctx->cr);
                }
              else
                {
                  cairo_rectangle (ctx->cr, bx, cy - sw * 0.4, sw * 0.8, sw * 0.8);
                  cairo_fill (ctx->cr);
                }
            }
        }

      x += MIN (item_w, width) + item_gap;
    }

  return f->n_legend > 0 ? y + row_h : 0;
}

/* Whether a line break at byte @index of @str would part a figure from
 * its unit (2016|年) or cut a word, which a narrow column may do. */
static gboolean
breaks_figure (const char *str,
               gsize       index)
{
  gunichar before, after;

  if (index == 0 || str[index] == '\0')
    return FALSE;
  before = g_utf8_get_char (g_utf8_prev_char (str + index));
  after = g_utf8_get_char (str + index);
  return before < 0x80 && g_ascii_isalnum ((char) before) &&
         (g_unichar_isalnum (after) || g_unichar_get_script (after) == G_UNICODE_SCRIPT_HAN);
}

/* Where a line may break best, at byte @index of @str: after a colon or
 * a comma (and the space after it), or before an opening bracket. Returns
 * the byte where the second line starts, or 0. */
static gsize
punctuation_break (const char *str,
                   gsize       index)
{
  gunichar c = g_utf8_get_char (str + index);
  const char *next = g_utf8_next_char (str + index);

  if (index > 0 && (c == 0xff08 /* （ */ || (c == '(' && str[index - 1] == ' ')))
    return index;
  if (c == 0xff1a /* ： */ || c == 0xff0c /* ， */ || c == 0x3001 /* 、 */ || c == 0xff1b /* ； */)
    return *next != '\0' ? (gsize) (next - str) : 0;
  if ((c == ':' || c == ',' || c == ';') && *next == ' ' && next[1] != '\0')
    return next + 1 - str;
  return 0;
}

void
_kc_chart_balance_two_lines (PangoLayout *layout,
                             double       step)
{
  /* A copy: setting the layout's text frees its own. */
  g_autofree char *str = g_strdup (pango_layout_get_text (layout));
  int width = pango_layout_get_width (layout);
  int dw = MAX ((int) (step * PANGO_SCALE), PANGO_SCALE);
  PangoRectangle logical;
  gsize best = 0;
  int best_longer = G_MAXINT;

  if (width <= 0 || pango_layout_get_line_count (layout) != 2 || pango_layout_is_ellipsized (layout))
    return;

  pango_layout_set_width (layout, -1);
  pango_layout_get_extents (layout, NULL, &logical);

  /* A break at a colon, a comma or a bracket reads best, when both lines
   * fit and neither is a mere scrap: 新产品产值率：/2016年底与2017年1-2月,
   * not 新产品产值率：2016年/底与2017年1-2月. It is made with a newline. */
  for (gsize i = 0; str[i] != '\0'; i = g_utf8_next_char (str + i) - str)
    {
      gsize at = punctuation_break (str, i);
      PangoRectangle pos;
      int first, second;

      if (at == 0)
        continue;
      pango_layout_index_to_pos (layout, (int) at, &pos);
      first = pos.x;
      second = logical.width - pos.x;
      if (first <= width && second <= width && MIN (first, second) >= logical.width / 5 &&
          MAX (first, second) < best_longer)
        {
          best = at;
          best_longer = MAX (first, second);
        }
    }
  if (best > 0)
    {
      g_autofree char *head = g_strndup (str, best);
      g_autofree char *broken = NULL;
      gsize end = strlen (head);

      /* The space a line ends with is not kept. */
      while (end > 0 && head[end - 1] == ' ')
        head[--end] = '\0';
      broken = g_strconcat (head, "\n", str + best, NULL);
      pango_layout_set_text (layout, broken, -1);
      pango_layout_set_width (layout, width);
      if (pango_layout_get_line_count (layout) == 2 && !pango_layout_is_ellipsized (layout))
        {
          /* A full-width bracket starting the line is set half-width
           * (OpenType halt), as Chinese type does at a line's start: its
           * empty left half would read as an indent. */
          if (g_utf8_get_char (str + best) == 0xff08)
            {
              PangoAttrList *own = pango_layout_get_attributes (layout);
              PangoAttrList *attrs = own != NULL ? pango_attr_list_copy (own) : pango_attr_list_new ();
              PangoAttribute *halt = pango_attr_font_features_new ("halt");

              /* Any attributes the layout had follow the text: the
               * spaces dropped and the newline added. */
              if (own != NULL)
                pango_attr_list_update (attrs, (int) end, (int) (best - end), 1);
              halt->start_index = (guint) end + 1;
              halt->end_index = halt->start_index + (guint) (g_utf8_next_char (str + best) - (str + best));
              pango_attr_list_insert (attrs, halt);
              pango_layout_set_attributes (layout, attrs);
              pango_attr_list_unref (attrs);
            }
          return;
        }
      pango_layout_set_text (layout, str, -1);
    }

  /* Else the narrowest column that still gives two lines. */
  for (int w = (logical.width + 1) / 2; w < width; w += dw)
    {
      pango_layout_set_width (layout, w);
      if (pango_layout_get_line_count (layout) == 2 && !pango_layout_is_ellipsized (layout) &&
          !breaks_figure (str, pango_layout_get_line_readonly (layout, 1)->start_index))
        return;
    }
  pango_layout_set_width (layout, width);
}

static void
frame_measure (Ctx   *ctx,
               Frame *f,
               int    title_lines,
               int    subtitle_lines,
               int    source_lines,
               gboolean with_note,
               gboolean with_credit)
{
  double width = ctx->w - 2 * ctx->pad;

  if (f->title_str != NULL)
    {
      /* A title a word too long for its lines takes a size or two
       * smaller, down to seven eighths, rather than losing that word
       * (New-product output rate: end of 2016 and Jan–Feb 2017, on the
       * poster in English). */
      for (double size = text_size_step (ctx->fs_title);; size = text_size_step_down (size))
        {
          text_prepare (ctx, &f->title, f->title_str, size, TRUE, width, title_lines);
          if (!pango_layout_is_ellipsized (f->title.pl))
            break;
          /* Cut at every size: at its own, like the other titles. */
          if (text_size_step_down (size) < ctx->fs_title * 0.875)
            {
              text_prepare (ctx, &f->title, f->title_str, ctx->fs_title, TRUE, width, title_lines);
              break;
            }
        }
      _kc_chart_balance_two_lines (f->title.pl, ctx->fs_title / 2);
      text_measure (&f->title);
    }
  if (f->subtitle_str != NULL && subtitle_lines > 0)
    text_set (ctx, &f->subtitle, f->subtitle_str, ctx->fs_subtitle, FALSE, width, subtitle_lines);
  else
    text_clear (&f->subtitle);
  if (f->note_str != NULL && with_note)
    text_set (ctx, &f->note, f->note_str, ctx->fs_footer, FALSE, width, 2);
  else
    text_clear (&f->note);
  if (f->source_str != NULL)
    text_set (ctx, &f->source, f->source_str, ctx->fs_footer, FALSE, width, source_lines);
  if (f->credit_str != NULL && with_credit)
    {
      text_set (ctx, &f->credit, f->credit_str, ctx->fs_footer, FALSE, width, 1);
      f->credit_inline = f->source.pl == NULL
        || f->source.w + ctx->gap * 2 + f->credit.w <= width;
      if (f->credit_inline && f->source.pl != NULL && pango_layout_get_line_count (f->source.pl) > 1)
        f->credit_inline = FALSE;
    }
  else
    text_clear (&f->credit);
}

static double
frame_header_height (Ctx   *ctx,
                     Frame *f)
{
  double y = 0;

  if (f->title.pl != NULL)
    y += f->title.h;
  if (f->subtitle.pl != NULL)
    y += (y > 0 ? ctx->small_gap : 0) + f->subtitle.h;
  if (f->n_legend > 0)
    y += (y > 0 ? ctx->gap * 0.8 : 0) + f->legend_height;
  return y > 0 ? y + ctx->gap : 0;
}

static double
frame_footer_height (Ctx   *ctx,
                     Frame *f)
{
  double y = 0;

  if (f->note.pl != NULL)
    y += f->note.h;
  if (f->source.pl != NULL)
    y += (y > 0 ? ctx->small_gap * 0.5 : 0) + f->source.h;
  if (f->credit.pl != NULL && !f->credit_inline)
    y += (y > 0 ? ctx->small_gap * 0.5 : 0) + f->credit.h;
  else if (f->credit.pl != NULL && f->source.pl == NULL)
    y += f->credit.h;
  return y > 0 ? y + ctx->gap : 0;
}

/* Places title, subtitle, legend and footer and sets ctx->body to the
 * rest. When the canvas is small, the least important parts give way:
 * note, credit, extra lines of subtitle and source, some of the body,
 * the title's second line, then the subtitle. */
static void
layout_frame (Ctx *ctx)
{
  const KcChartSpec *spec = ctx->spec;
  const KcChartOptions *opt = ctx->opt;
  Frame f = { 0 };
  double min_body = ctx->h * (spec->type == KC_CHART_KPI ? 0.3 : 0.42);
  int title_lines = 2, subtitle_lines = 2, source_lines = 2;
  gboolean with_note = TRUE, with_credit = TRUE, body_shrunk = FALSE;
  double header_h, footer_h, y;

  if (opt->show_title && !is_blank (spec->title))
    f.title_str = g_strdup (spec->title);
  if (opt->show_subtitle && !is_blank (spec->subtitle))
    f.subtitle_str = g_strdup (spec->subtitle);
  if (opt->show_footer && !is_blank (spec->note))
    f.note_str = footer_text (ctx, KC_CHART_TEXT_NOTE, spec->note);
  if (opt->show_footer && !is_blank (spec->source))
    f.source_str = footer_text (ctx, KC_CHART_TEXT_SOURCE, spec->source);
  if (opt->show_footer && !is_blank (spec->credit))
    f.credit_str = footer_text (ctx, KC_CHART_TEXT_CREDIT, spec->credit);

  if (wants_legend (spec))
    {
      f.n_legend = spec->n_series;
      f.legend = g_new0 (Text, f.n_legend);
      f.legend_lines = spec->type == KC_CHART_LINE;
      for (guint i = 0; i < f.n_legend; i++)
        {
          g_autofree char *fallback = g_strdup_printf (ctx->zh ? "系列%u" : "Series %u", i + 1);
          const char *name = spec->series[i].name != NULL ? spec->series[i].name : fallback;

          text_set (ctx, &f.legend[i], name, ctx->fs_label, FALSE, (ctx->w - 2 * ctx->pad) * 0.9, 1);
          f.legend_row_height = MAX (f.legend_row_height, f.legend[i].h);
        }
      f.legend_swatch = f.legend_lines ? ctx->fs_label * 1.4 : ctx->fs_label * 0.9;
      ctx->body.x = ctx->pad;
      f.legend_height = legend_flow (ctx, &f, ctx->w - 2 * ctx->pad, FALSE, 0);
    }

  for (int attempt = 0;; attempt++)
    {
      frame_measure (ctx, &f, title_lines, subtitle_lines, source_lines, with_note, with_credit);
      header_h = frame_header_height (ctx, &f);
      footer_h = frame_footer_height (ctx, &f);
      if (ctx->h - 2 * ctx->pad - header_h - footer_h >= min_body)
        break;

      if (with_note && f.note_str != NULL)
        with_note = FALSE;
      else if (with_credit && f.credit_str != NULL)
        with_credit = FALSE;
      else if (subtitle_lines == 2 && f.subtitle_str != NULL)
        subtitle_lines = 1;
      else if (source_lines == 2 && f.source_str != NULL)
        source_lines = 1;
      /* A title's second line says what the chart shows (高新技术产业
       * 产值占规上/工业产值比重): the body gives up a fifth of its least
       * height before the title its line. */
      else if (!body_shrunk && title_lines == 2 && f.title_str != NULL &&
               pango_layout_get_line_count (f.title.pl) == 2)
        {
          body_shrunk = TRUE;
          min_body *= 0.8;
        }
      else if (title_lines == 2 && f.title_str != NULL)
        title_lines = 1;
      else if (subtitle_lines == 1 && f.subtitle_str != NULL)
        subtitle_lines = 0;
      else
        break;
    }

  /* Header, top down. */
  y = ctx->pad;
  if (f.title.pl != NULL)
    {
      text_place (ctx, &f.title, KC_CHART_TEXT_TITLE, ctx->pad, y, &ctx->colors->text);
      y += f.title.h;
    }
  if (f.subtitle.pl != NULL)
    {
      y += y > ctx->pad ? ctx->small_gap : 0;
      text_place (ctx, &f.subtitle, KC_CHART_TEXT_SUBTITLE, ctx->pad, y, &ctx->colors->text_muted);
      y += f.subtitle.h;
    }
  if (f.n_legend > 0)
    {
      y += y > ctx->pad ? ctx->gap * 0.8 : 0;
      ctx->body.x = ctx->pad;
      legend_flow (ctx, &f, ctx->w - 2 * ctx->pad, TRUE, y);
      y += f.legend_height;
    }
  if (y > ctx->pad)
    y += ctx->gap;

  ctx->body.x = ctx->pad;
  ctx->body.y = y;
  ctx->body.width = ctx->w - 2 * ctx->pad;
  ctx->body.height = MAX (0, ctx->h - ctx->pad - footer_h - y);

  /* Footer, bottom up. */
  y = ctx->h - ctx->pad;
  if (f.credit.pl != NULL && (!f.credit_inline || f.source.pl == NULL))
    {
      y -= f.credit.h;
      text_place (ctx, &f.credit, KC_CHART_TEXT_CREDIT, ctx->pad, y, &ctx->colors->text_faint);
      y -= ctx->small_gap * 0.5;
    }
  if (f.source.pl != NULL)
    {
      y -= f.source.h;
      text_place (ctx, &f.source, KC_CHART_TEXT_SOURCE, ctx->pad, y, &ctx->colors->text_faint);
      if (f.credit.pl != NULL && f.credit_inline)
        text_place (ctx, &f.credit, KC_CHART_TEXT_CREDIT, ctx->w - ctx->pad - f.credit.w,
                    y + (f.source.h - f.credit.h), &ctx->colors->text_faint);
      y -= ctx->small_gap * 0.5;
    }
  if (f.note.pl != NULL)
    {
      y -= f.note.h;
      text_place (ctx, &f.note, KC_CHART_TEXT_NOTE, ctx->pad, y, &ctx->colors->text_faint);
    }

  frame_clear (&f);
}

/* ---- Values and labels ---------------------------------------------- */

/* A data label in the axis's units: the unit is in the axis title. */
static char *
data_label (Ctx              *ctx,
            const KcAxisUnit *axis,
            double            v)
{
  const KcChartSpec *spec = ctx->spec;
  KcUnitParts parts;
  double scaled;
  int decimals;
  g_autofree char *digits = NULL;

  if (!isfinite (v))
    return g_strdup ("\xe2\x80\x93");

  kc_unit_split (spec->unit, &parts);
  if (spec->change_mode)
    {
      digits = kc_format_decimal (fabs (v), 1, FALSE);
      if (g_str_equal (digits, "0"))
        return g_steal_pointer (&digits);
      return g_strconcat (v > 0 ? "+" : "\xe2\x88\x92", digits, NULL);
    }
  if (spec->kind == KC_VALUE_RATIO || parts.is_percent)
    return kc_format_value (v, KC_VALUE_RATIO, NULL, ctx->lang);
  if (spec->kind == KC_VALUE_RANK)
    return kc_format_decimal (v, 0, FALSE);

  scaled = v * axis->factor / axis->divisor;
  decimals = fabs (scaled) >= 100 ? (fabs (scaled) >= 1000 ? 0 : 2) : 2;
  if (fabs (scaled) > 0 && fabs (scaled) < 0.1)
    decimals = 3;
  return kc_format_decimal (scaled, decimals, kc_format_groups_digits (ctx->lang));
}

static guint
nice_every (double needed)
{
  static const guint steps[] = { 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 25, 30, 40, 50, 60 };
  guint k;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] >= needed)
      return steps[i];

  k = 100;
  while (k < needed && k < G_MAXUINT / 10)
    {
      if (k * 2 >= needed)
        return k * 2;
      if (k * 5 >= needed)
        return k * 5;
      k *= 10;
    }
  return k;
}

/* Sets @str wrapped into at most @max_lines lines of at most @max_width,
 * with the lines made about equally long (a lone last character looks
 * like a mistake in Chinese), aligned by @align. */
static void
text_set_balanced (Ctx           *ctx,
                   Text          *t,
                   const char    *str,
                   double         size,
                   gboolean       bold,
                   double         max_width,
                   int            max_lines,
                   PangoAlignment align)
{
  double natural, width;
  int lines;

  text_set (ctx, t, str, size, bold, 0, 1);
  natural = t->w;
  pango_layout_set_alignment (t->pl, align);
  if (natural <= max_width || max_lines < 2)
    {
      text_set (ctx, t, str, size, bold, max_width, 1);
      return;
    }

  /* Text that is cut anyway fills its lines: an even first line would
   * only leave less of it. */
  if (natural > max_width * max_lines)
    {
      text_set (ctx, t, str, size, bold, max_width, max_lines);
      return;
    }
  lines = MIN ((int) ceil (natural / max_width), max_lines);
  if (lines == 2)
    {
      text_prepare (ctx, t, str, size, bold, max_width, 2);
      _kc_chart_balance_two_lines (t->pl, size * 0.5);
      text_measure (t);
      return;
    }
  for (width = MIN (max_width, natural / lines + size); width < max_width; width += size * 0.5)
    {
      text_set (ctx, t, str, size, bold, width, lines);
      if (pango_layout_get_line_count (t->pl) <= lines && !pango_layout_is_ellipsized (t->pl))
        return;
    }
  text_set (ctx, t, str, size, bold, max_width, max_lines);
}

/* The widest category label and whether labels fit into @slot (one slot
 * per category), in one line or a few; otherwise how many categories each
 * label must span. */
typedef struct
{
  double   max_w;
  double   line_h;
  int      lines;  /* 1, 2 or 3 */
  guint    every;  /* label every n-th category */
} CategoryFit;

static void
fit_categories (Ctx         *ctx,
                guint        n,
                double       slot,
                gboolean     allow_wrap,
                CategoryFit *fit)
{
  Text t = { 0 };
  guint n_measured = MIN (n, MAX_MEASURED_LABELS);
  double avail = slot - ctx->small_gap * 2;
  double one_line_h = 0;

  fit->max_w = 0;
  fit->line_h = 0;
  fit->lines = 1;
  fit->every = 1;

  if (n_measured <= MAX_SHAPED_LABELS)
    {
      for (guint i = 0; i < n_measured; i++)
        {
          g_autofree char *label = kc_chart_spec_dup_category (ctx->spec, i);

          text_set (ctx, &t, label, ctx->fs_label, FALSE, 0, 1);
          fit->max_w = MAX (fit->max_w, t.w);
          one_line_h = MAX (one_line_h, t.h);
        }
    }
  else
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
      gsize longest = 0;
      guint shaped = 0;

      /* Labels of a long series differ in a digit or two: the longest few
       * of the sample are the widest, and only they go through Pango. */
      for (guint j = 0; j < n_measured; j++)
        {
          guint i = n_measured == n ? j : (guint) ((double) j * (n - 1) / (n_measured - 1));
          char *label = kc_chart_spec_dup_category (ctx->spec, i);

          longest = MAX (longest, strlen (label));
          g_ptr_array_add (labels, label);
        }
      for (guint j = 0; j < labels->len && shaped < MAX_SHAPED_LABELS; j++)
        {
          const char *label = g_ptr_array_index (labels, j);

          if (strlen (label) + 1 < longest)
            continue;
          text_set (ctx, &t, label, ctx->fs_label, FALSE, 0, 1);
          fit->max_w = MAX (fit->max_w, t.w);
          one_line_h = MAX (one_line_h, t.h);
          shaped++;
        }
    }
  fit->line_h = one_line_h;

  if (fit->max_w <= avail || n == 0)
    {
      text_clear (&t);
      return;
    }

  /* Wrapping keeps every name, which matters for a few named categories;
   * three lines only for a handful of columns with room to spare. */
  for (int lines = 2; allow_wrap && lines <= (n <= 12 ? 3 : 2) && n <= 60 && avail > ctx->fs_label * 2.5; lines++)
    {
      gboolean all_fit = TRUE;
      double h = 0;

      if (lines * one_line_h > ctx->body.height * 0.2)
        break;
      for (guint i = 0; i < n && all_fit; i++)
        {
          g_autofree char *label = kc_chart_spec_dup_category (ctx->spec, i);

          text_set (ctx, &t, label, ctx->fs_label, FALSE, avail, lines);
          all_fit = !pango_layout_is_ellipsized (t.pl);
          h = MAX (h, t.h);
        }
      if (all_fit)
        {
          fit->lines = lines;
          fit->line_h = h;
          text_clear (&t);
          return;
        }
    }

  text_clear (&t);
  fit->every = nice_every ((fit->max_w + ctx->small_gap * 2) / MAX (slot, 1e-6));
}

/* Places category label @i centred at @cx below @top, kept within
 * [@min_x, @max_x]. */
static gboolean
place_category (Ctx               *ctx,
                guint              i,
                double             cx,
                double             top,
                double             min_x,
                double             max_x,
                const CategoryFit *fit,
                double             slot)
{
  Text t = { 0 };
  g_autofree char *label = kc_chart_spec_dup_category (ctx->spec, i);
  double bx;
  gboolean placed;

  if (fit->lines > 1)
    text_set_balanced (ctx, &t, label, ctx->fs_label, FALSE, slot - ctx->small_gap * 2, fit->lines,
                       PANGO_ALIGN_CENTER);
  else
    text_set (ctx, &t, label, ctx->fs_label, FALSE, 0, 1);

  bx = CLAMP (cx - t.w / 2, min_x, MAX (min_x, max_x - t.w));
  placed = text_place (ctx, &t, KC_CHART_TEXT_CATEGORY, bx, top, &ctx->colors->text_muted);
  text_clear (&t);

  return placed;
}

static void
draw_empty (Ctx *ctx)
{
  Text t = { 0 };

  text_set (ctx, &t, ctx->zh ? "无数据" : "No data", ctx->fs_subtitle, FALSE, ctx->body.width, 1);
  text_place (ctx, &t, KC_CHART_TEXT_EMPTY, ctx->body.x + (ctx->body.width - t.w) / 2,
              ctx->body.y + (ctx->body.height - t.h) / 2, &ctx->colors->text_muted);
  text_clear (&t);
}

/* The latest value of series 0, for the target's completion. */
static double
latest_value (const KcChartSpec *spec)
{
  if (spec->n_series == 0)
    return NAN;

  for (guint i = spec->series[0].n_values; i > 0; i--)
    if (isfinite (spec->series[0].values[i - 1]))
      return spec->series[0].values[i - 1];

  return NAN;
}

static char *
target_text (Ctx *ctx)
{
  const KcChartTarget *target = &ctx->spec->target;
  g_autofree char *value = kc_format_value (target->value, ctx->spec->kind,
                                            ctx->spec->unit, ctx->lang);
  double latest = latest_value (ctx->spec);
  GString *s = g_string_new (NULL);
  const char *word = target->label;

  if (ctx->zh)
    {
      if (!is_blank (target->period))
        g_string_append (s, target->period);
      g_string_append_printf (s, "%s %s", word != NULL ? word : "目标", value);
    }
  else
    {
      if (!is_blank (target->period))
        g_string_append_printf (s, "%s ", target->period);
      g_string_append_printf (s, "%s %s", word != NULL ? word : (is_blank (target->period) ? "Target" : "target"),
                              value);
    }

  if (!ctx->spec->change_mode && latest > 0 && target->value > 0)
    {
      g_autofree char *pct = kc_format_decimal (latest / target->value * 100, 0, FALSE);

      g_string_append_printf (s, ctx->zh ? " · 完成 %s%%" : " · completion %s%%", pct);
    }

  return g_string_free (s, FALSE);
}

/* ---- Polylines with per-pixel-column decimation ---------------------- */

typedef struct
{
  double x, y;
  guint  index;
  gboolean move;  /* starts a new run (after a gap) */
} Vertex;

typedef double (*ValueFunc) (const KcChartSpec *spec,
                             guint              series,
                             guint              i,
                             gpointer           data);

/* Whether a line chart's line runs from category @i - 1 to @i. Amounts
 * and counts may be flows, so it joins periods that cover as much time
 * (2016 to 2017, March to April, H1 to Jan–Jun), or the running totals of
 * one year (Jan–Feb to Jan–Mar to the whole year), and not a year to the
 * two months that follow it: that fall would only be the spans'. Areas
 * and sparklines, where a lone point would not show, stay joined. */
static gboolean
joins_previous (const KcChartSpec *spec,
                guint              i)
{
  const KcPeriod *a, *b;

  if (spec->type != KC_CHART_LINE || i == 0 || i >= spec->n_categories || spec->periods == NULL ||
      spec->change_mode || (spec->kind != KC_VALUE_AMOUNT && spec->kind != KC_VALUE_COUNT))
    return TRUE;

  a = &spec->periods[i - 1];
  b = &spec->periods[i];
  if (kc_period_same_span (a, b))
    return TRUE;
  /* Months and days are not running totals: January then the year is a
   * series of months beside the year's total. */
  return a->year == b->year && a->first_month == 1 && b->first_month == 1 &&
         a->kind != KC_PERIOD_MONTH && a->kind != KC_PERIOD_DAY &&
         b->kind != KC_PERIOD_MONTH && b->kind != KC_PERIOD_DAY;
}

/* Builds the vertices of one series. Up to about two points per pixel
 * column every point is kept; beyond that each column keeps its first,
 * lowest, highest and last point, so a million values become a few
 * thousand vertices that draw the same picture. NAN breaks the line. */
static GArray *
build_vertices (Ctx        *ctx,
                guint       series,
                guint       n,
                double      x0,
                double      dx,
                ValueFunc   value_at,
                gpointer    data,
                const KcScale *scale,
                const KcChartRect *plot,
                gboolean    record_points)
{
  GArray *v = g_array_sized_new (FALSE, FALSE, sizeof (Vertex), MIN (n, 8192));
  double col_w = ctx->device_px;
  gboolean decimate = n > 2 * plot->width / col_w;
  gboolean pen_up = TRUE;
  long cur_col = G_MINLONG;
  Vertex first = { 0 }, last = { 0 }, lo = { 0 }, hi = { 0 };
  gboolean have = FALSE;

#define FLUSH_COLUMN()                                                        \
  G_STMT_START {                                                              \
    if (have)                                                                 \
      {                                                                       \
        double cx = (cur_col + 0.5) * col_w;                                  \
        Vertex a = lo.index < hi.index ? lo : hi;                             \
        Vertex b = lo.index < hi.index ? hi : lo;                             \
        first.x = a.x = b.x = last.x = cx;                                    \
        first.move = pen_up;                                                  \
        a.move = b.move = last.move = FALSE;                                  \
        g_array_append_val (v, first);                                        \
        if (a.index != first.index && a.index != last.index)                  \
          g_array_append_val (v, a);                                          \
        if (b.index != first.index && b.index != last.index && b.index != a.index) \
          g_array_append_val (v, b);                                          \
        if (last.index != first.index)                                        \
          g_array_append_val (v, last);                                       \
        if (record_points)                                                    \
          _kc_chart_layout_add_point (ctx->layout, cx, last.y, series,        \
                                      last.index,                             \
                                      kc_chart_spec_get_value (ctx->spec, series, last.index)); \
        pen_up = FALSE;                                                       \
        have = FALSE;                                                         \
      }                                                                       \
  } G_STMT_END

  for (guint i = 0; i < n; i++)
    {
      double val = value_at (ctx->spec, series, i, data);
      double f, x, y;
      Vertex p;

      if (!isfinite (val) || (scale->log && !(val > 0)))
        {
          if (decimate)
            FLUSH_COLUMN ();
          pen_up = TRUE;
          continue;
        }

      if (!joins_previous (ctx->spec, i))
        {
          if (decimate)
            FLUSH_COLUMN ();
          pen_up = TRUE;
        }

      f = kc_scale_fraction (scale, val);
      x = x0 + dx * i;
      y = plot->y + plot->height * (1 - f);
      p.x = x;
      p.y = y;
      p.index = i;
      p.move = pen_up;

      if (!decimate)
        {
          g_array_append_val (v, p);
          if (record_points)
            _kc_chart_layout_add_point (ctx->layout, x, y, series, i,
                                        kc_chart_spec_get_value (ctx->spec, series, i));
          pen_up = FALSE;
          continue;
        }

      {
        long col = (long) floor (x / col_w);

        if (col != cur_col)
          {
            FLUSH_COLUMN ();
            cur_col = col;
          }
        if (!have)
          {
            first = last = lo = hi = p;
            have = TRUE;
          }
        else
          {
            last = p;
            if (y < lo.y)
              lo = p;
            if (y > hi.y)
              hi = p;
          }
      }
    }
  if (decimate)
    FLUSH_COLUMN ();

#undef FLUSH_COLUMN

  return v;
}

static void
path_vertices (cairo_t *cr,
               GArray  *v)
{
  for (guint i = 0; i < v->len; i++)
    {
      const Vertex *p = &g_array_index (v, Vertex, i);

      if (p->move)
        cairo_move_to (cr, p->x, p->y);
      else
        cairo_line_to (cr, p->x, p->y);
    }
}

static double
plain_value (const KcChartSpec *spec,
             guint              series,
             guint              i,
             gpointer           data)
{
  return kc_chart_spec_get_value (spec, series, i);
}

/* Stacked areas: the sum of series 0..@series at @i, NAN when any of them
 * is missing there (the stack has a gap). */
static double
stacked_value (const KcChartSpec *spec,
               guint              series,
               guint              i,
               gpointer           data)
{
  double sum = 0;

  for (guint s = 0; s <= series; s++)
    {
      double v = kc_chart_spec_get_value (spec, s, i);

      if (!isfinite (v))
        return NAN;
      sum += v;
    }

  return sum;
}

static double
stacked_below (const KcChartSpec *spec,
               guint              series,
               guint              i,
               gpointer           data)
{
  if (series == 0)
    return isfinite (stacked_value (spec, 0, i, NULL)) ? 0 : NAN;
  if (!isfinite (kc_chart_spec_get_value (spec, series, i)))
    return NAN;
  return stacked_value (spec, series - 1, i, NULL);
}

/* ---- Line, column and area charts ----------------------------------- */

typedef struct
{
  KcScale     scale;
  KcAxisUnit  axis;
  KcChartRect plot;
  guint       n;
  double      x0, dx;      /* LINE/AREA: x of point i is x0 + dx * i */
  double      band;        /* COLUMN: width of a category */
  gboolean    stacked;
  gboolean    use_log;
} XY;

static double
xy_y (const XY *xy,
      double    v)
{
  return xy->plot.y + xy->plot.height * (1 - kc_scale_fraction (&xy->scale, v));
}

static void
xy_range (Ctx      *ctx,
          XY       *xy,
          double   *lo_out,
          double   *hi_out,
          gboolean *all_positive)
{
  const KcChartSpec *spec = ctx->spec;
  double lo = INFINITY, hi = -INFINITY;

  *all_positive = TRUE;

  if (!xy->stacked)
    {
      /* Straight over the arrays: this runs over every value of a
       * million-point series on each redraw. */
      for (guint s = 0; s < spec->n_series; s++)
        {
          const double *v = spec->series[s].values;
          guint n = MIN (spec->series[s].n_values, xy->n);

          for (guint i = 0; i < n; i++)
            if (isfinite (v[i]))
              {
                lo = MIN (lo, v[i]);
                hi = MAX (hi, v[i]);
              }
        }
      *all_positive = lo > 0;
      *lo_out = lo;
      *hi_out = hi;
      return;
    }

  for (guint i = 0; i < xy->n; i++)
    {
      double pos = 0, neg = 0;
      gboolean any = FALSE;

      for (guint s = 0; s < spec->n_series; s++)
        {
          double v = kc_chart_spec_get_value (spec, s, i);

          if (!isfinite (v))
            continue;
          if (!(v > 0))
            *all_positive = FALSE;
          if (v >= 0)
            pos += v;
          else
            neg += v;
          any = TRUE;
        }
      if (any)
        {
          lo = MIN (lo, neg);
          hi = MAX (hi, pos);
        }
    }

  *lo_out = lo;
  *hi_out = hi;
}

static void
xy_scale (Ctx    *ctx,
          XY     *xy,
          double  lo,
          double  hi,
          double  plot_h,
          double  tick_h,
          double  headroom)
{
  const KcChartSpec *spec = ctx->spec;
  gboolean include_zero = spec->type != KC_CHART_LINE;
  guint max_ticks = CLAMP ((int) (plot_h / (tick_h * 2.4)) + 1, 2, 6);

  /* A line whose values come close to zero reads better from zero. */
  if (spec->type == KC_CHART_LINE && !spec->change_mode
      && ((lo >= 0 && lo < hi * 0.3) || (hi <= 0 && hi > lo * 0.3)))
    include_zero = TRUE;
  if (spec->change_mode)
    include_zero = TRUE;

  if (xy->use_log && kc_scale_init_log (&xy->scale, lo, hi, max_ticks))
    return;

  kc_scale_init_linear (&xy->scale, lo, hi, max_ticks, include_zero);

  /* Room above the highest (and below the lowest) value for its label. */
  for (int round_ = 0; round_ < 3 && headroom > 0 && plot_h > 0; round_++)
    {
      double range = xy->scale.max - xy->scale.min;
      double need = headroom / plot_h * range;
      gboolean grow_hi = hi > 0 && xy->scale.max - hi < need;
      gboolean grow_lo = lo < 0 && lo - xy->scale.min < need;

      KcScale grown;

      if (!grow_hi && !grow_lo)
        break;
      kc_scale_init_linear (&grown, grow_lo ? lo - need : lo, grow_hi ? hi + need : hi,
                            max_ticks, include_zero);
      /* In a short plot with two ticks, room for a label can double the
       * axis (0–1000 became 0–2000 for 650) and halve every bar: the
       * label may then reach over the top gridline instead. */
      if (grown.max - grown.min > range * 1.8)
        break;
      xy->scale = grown;
    }

  xy->scale.inverted = spec->kind == KC_VALUE_RANK && spec->type == KC_CHART_LINE;
}

static void
draw_focus_ring (Ctx    *ctx,
                 double  x,
                 double  y,
                 double  r)
{
  cairo_new_sub_path (ctx->cr);
  cairo_arc (ctx->cr, x, y, r, 0, 2 * G_PI);
  cairo_set_line_width (ctx->cr, ctx->line_width * 0.8);
  set_color (ctx->cr, &ctx->colors->text);
  cairo_stroke (ctx->cr);
}

static void
draw_markers (Ctx           *ctx,
              XY            *xy,
              guint          s,
              gboolean       all)
{
  const KcChartSpec *spec = ctx->spec;
  const KcColor *c = series_color (ctx, s);
  double r = ctx->line_width * 1.6;

  for (guint i = 0; i < xy->n; i++)
    {
      double v = kc_chart_spec_get_value (spec, s, i);
      gboolean isolated;

      if (!isfinite (v) || (xy->use_log && !(v > 0)))
        continue;
      isolated = (!isfinite (kc_chart_spec_get_value (spec, s, i - 1)) || !joins_previous (spec, i))
                 && (!isfinite (kc_chart_spec_get_value (spec, s, i + 1)) || !joins_previous (spec, i + 1));
      if (!all && !isolated)
        continue;

      cairo_new_sub_path (ctx->cr);
      cairo_arc (ctx->cr, xy->x0 + xy->dx * i, xy_y (xy, v), r, 0, 2 * G_PI);
      if (!ctx->opt->transparent)
        {
          set_color (ctx->cr, &ctx->colors->background);
          cairo_set_line_width (ctx->cr, ctx->line_width);
          cairo_stroke_preserve (ctx->cr);
        }
      set_color (ctx->cr, c);
      cairo_fill (ctx->cr);
    }
}

/* Labels at the points of a short line, above or else below each point. */
static void
label_points (Ctx  *ctx,
              XY   *xy,
              guint s,
              gboolean all)
{
  const KcChartSpec *spec = ctx->spec;
  Text t = { 0 };
  double off = ctx->line_width * 2 + ctx->small_gap;

  for (guint j = 0; j < xy->n; j++)
    {
      /* The last point first: it is the one readers look for. */
      guint i = xy->n - 1 - j;
      double v = kc_chart_spec_get_value (spec, s, i);
      g_autofree char *label = NULL;
      double x, y;

      if (!isfinite (v) || (xy->use_log && !(v > 0)))
        continue;
      label = data_label (ctx, &xy->axis, v);
      text_set (ctx, &t, label, ctx->fs_label, j == 0, 0, 1);
      x = xy->x0 + xy->dx * i;
      y = xy_y (xy, v);
      if (!text_place (ctx, &t, KC_CHART_TEXT_DATA_LABEL, x - t.w / 2, y - off - t.h, series_color (ctx, s))
          && !text_place (ctx, &t, KC_CHART_TEXT_DATA_LABEL, x - t.w / 2, y + off, series_color (ctx, s))
          && j == 0)
        text_place (ctx, &t, KC_CHART_TEXT_DATA_LABEL, x + off, y - t.h / 2, series_color (ctx, s));
      if (!all)
        break;
    }

  text_clear (&t);
}

static void
draw_target (Ctx *ctx,
             XY  *xy)
{
  const KcChartSpec *spec = ctx->spec;
  Text t = { 0 };
  g_autofree char *label = NULL;
  double y, dash[2];
  double x0 = xy->plot.x, x1 = xy->plot.x + xy->plot.width;

  if (!spec->target.set || !isfinite (spec->target.value)
      || (xy->use_log && !(spec->target.value > 0)))
    return;

  y = xy_y (xy, spec->target.value);
  dash[0] = ctx->line_width * 2.2;
  dash[1] = ctx->line_width * 1.6;
  cairo_save (ctx->cr);
  cairo_set_dash (ctx->cr, dash, 2, 0);
  hline (ctx, x0, x1, y, ctx->hairline * 1.6, &ctx->colors->target);
  cairo_restore (ctx->cr);

  label = target_text (ctx);
  text_set (ctx, &t, label, ctx->fs_label, TRUE, xy->plot.width, 1);
  if (!text_place (ctx, &t, KC_CHART_TEXT_TARGET, x1 - t.w, y - ctx->small_gap - t.h, &ctx->colors->target)
      && !text_place (ctx, &t, KC_CHART_TEXT_TARGET, x1 - t.w, y + ctx->small_gap, &ctx->colors->target)
      && !text_place (ctx, &t, KC_CHART_TEXT_TARGET, x0, y - ctx->small_gap - t.h, &ctx->colors->target))
    text_place (ctx, &t, KC_CHART_TEXT_TARGET, x0, y + ctx->small_gap, &ctx->colors->target);
  text_clear (&t);
}

static void
draw_columns (Ctx *ctx,
              XY  *xy)
{
  const KcChartSpec *spec = ctx->spec;
  const KcChartOptions *opt = ctx->opt;
  guint ns = spec->n_series;
  double group = xy->band * (ns > 1 && !xy->stacked ? 0.78 : 0.62);
  double bar_w, inner;
  double y0 = xy_y (xy, 0);
  gboolean labels = TRUE;
  Text t = { 0 };

  group = MIN (group, MAX (ctx->fs_label * 8, xy->band * 0.3));
  bar_w = xy->stacked ? group : group / ns;
  inner = xy->stacked || ns == 1 ? 0 : MIN (bar_w * 0.12, ctx->hairline * 3);

  for (guint i = 0; i < xy->n; i++)
    {
      double cx = xy->plot.x + xy->band * (i + 0.5);
      double pos = 0, neg = 0;

      for (guint s = 0; s < ns; s++)
        {
          double v = kc_chart_spec_get_value (spec, s, i);
          double bx, base, top, ya, yb;
          const KcColor *c = series_color (ctx, s);

          if (!isfinite (v))
            continue;
          if (xy->stacked)
            {
              base = v >= 0 ? pos : neg;
              top = base + v;
              if (v >= 0)
                pos = top;
              else
                neg = top;
              bx = cx - bar_w / 2;
            }
          else
            {
              base = 0;
              top = v;
              bx = cx - group / 2 + bar_w * s;
            }

          if (spec->highlight >= 0 && ns == 1)
            c = (int) i == spec->highlight ? series_color (ctx, 0) : &ctx->colors->muted;

          ya = xy_y (xy, base);
          yb = xy_y (xy, top);
          cairo_rectangle (ctx->cr, bx + inner / 2, MIN (ya, yb), bar_w - inner, fabs (ya - yb));
          set_color (ctx->cr, c);
          cairo_fill (ctx->cr);
          /* Stacked segments are parted by a thin line of background. */
          if (xy->stacked && s > 0 && !opt->transparent)
            hline (ctx, bx, bx + bar_w, ya, ctx->hairline, &ctx->colors->background);

          _kc_chart_layout_add_point (ctx->layout, bx + bar_w / 2, yb, s, i, v);
          if (opt->focus_series == (int) s && opt->focus_category == (int) i)
            {
              cairo_rectangle (ctx->cr, bx + inner / 2, MIN (ya, yb), bar_w - inner, fabs (ya - yb));
              cairo_set_line_width (ctx->cr, ctx->line_width);
              set_color (ctx->cr, &ctx->colors->text);
              cairo_stroke (ctx->cr);
            }
        }
    }

  /* Values on the columns: all of them or none, never a random few. */
  for (guint i = 0; i < xy->n && labels; i++)
    for (guint s = 0; s < (xy->stacked ? 1 : ns) && labels; s++)
      {
        double v = xy->stacked ? NAN : kc_chart_spec_get_value (spec, s, i);
        g_autofree char *label = NULL;

        if (xy->stacked)
          {
            double sum = 0;
            gboolean any = FALSE;

            for (guint k = 0; k < ns; k++)
              if (isfinite (kc_chart_spec_get_value (spec, k, i)))
                {
                  sum += kc_chart_spec_get_value (spec, k, i);
                  any = TRUE;
                }
            v = any ? sum : NAN;
          }
        label = data_label (ctx, &xy->axis, v);
        text_set (ctx, &t, label, ctx->fs_label, FALSE, 0, 1);
        if (t.w > (ns > 1 && !xy->stacked ? bar_w + ctx->small_gap : xy->band - ctx->small_gap))
          labels = FALSE;
      }

  for (guint i = 0; i < xy->n && labels; i++)
    for (guint s = 0; s < (xy->stacked ? 1 : ns); s++)
      {
        double cx = xy->plot.x + xy->band * (i + 0.5);
        double v;
        double top = 0;
        gboolean any = FALSE;
        g_autofree char *label = NULL;
        const KcColor *c = &ctx->colors->text_muted;

        if (xy->stacked)
          {
            for (guint k = 0; k < ns; k++)
              if (isfinite (kc_chart_spec_get_value (spec, k, i)))
                {
                  top += kc_chart_spec_get_value (spec, k, i);
                  any = TRUE;
                }
            v = any ? top : NAN;
          }
        else
          {
            v = kc_chart_spec_get_value (spec, s, i);
            cx = cx - group / 2 + bar_w * (s + 0.5);
          }

        label = data_label (ctx, &xy->axis, v);
        text_set (ctx, &t, label, ctx->fs_label, spec->highlight == (int) i, 0, 1);
        if (isfinite (v) && ns == 1 && (spec->highlight < 0 || spec->highlight == (int) i))
          c = &ctx->colors->text;
        if (isfinite (v) && v < 0)
          text_place (ctx, &t, KC_CHART_TEXT_DATA_LABEL, cx - t.w / 2, xy_y (xy, v) + ctx->small_gap, c);
        else
          text_place (ctx, &t, KC_CHART_TEXT_DATA_LABEL, cx - t.w / 2,
                      (isfinite (v) ? xy_y (xy, v) : y0) - ctx->small_gap - t.h, c);
      }

  text_clear (&t);
}

typedef struct
{
  double ymin, ymax, ylast;
  guint  last;
} Span;

/* A series with more points than pixel columns: each column becomes one
 * rectangle covering the column's lowest and highest value and the step
 * from the previous column, as wide and tall as the line is thick. This
 * draws what a stroked polyline through every point would show, but as
 * a few thousand boxes, which cairo fills far faster than it strokes a
 * polyline that doubles back on itself in every column. Areas fill each
 * column down to the baseline (or the series below). */
static void
draw_dense_series (Ctx           *ctx,
                   XY            *xy,
                   guint          s,
                   ValueFunc      value_at,
                   gboolean       area,
                   double         base_y,
                   const KcColor *c)
{
  const KcChartSpec *spec = ctx->spec;
  const KcChartSeries *series = &spec->series[s];
  double px = ctx->device_px;
  long col0 = (long) floor (xy->plot.x / px) - 1;
  long n_cols = (long) ceil (xy->plot.width / px) + 4;
  g_autofree Span *spans = g_new (Span, n_cols);
  g_autofree double *below = NULL;
  double prev_y = NAN;
  double range = xy->scale.max - xy->scale.min;
  double a = -xy->plot.height / range;
  double b = xy->plot.y + xy->plot.height + xy->plot.height * xy->scale.min / range;
  gboolean fast = value_at == plain_value && !xy->scale.log && !xy->scale.inverted;
  double lw = ctx->line_width;

  for (long k = 0; k < n_cols; k++)
    {
      spans[k].ymin = INFINITY;
      spans[k].ymax = -INFINITY;
    }

  if (fast)
    {
      const double *v = series->values;
      guint nv = MIN (series->n_values, xy->n);
      double prev = NAN;

      /* Column by column: a branch-free min/max over the column's values
       * (NAN compares false and drops out), then one conversion to y. */
      for (guint i = 0; i < nv;)
        {
          long c = (long) floor ((xy->x0 + xy->dx * i) / px);
          double next = xy->dx > 0 ? ceil (((c + 1) * px - xy->x0) / xy->dx) : nv;
          guint end = next > nv ? nv : MAX ((guint) next, i + 1);
          double mn = INFINITY, mx = -INFINITY;
          guint last = end - 1;
          Span *sp;

          for (guint j = i; j < end; j++)
            {
              mn = v[j] < mn ? v[j] : mn;
              mx = v[j] > mx ? v[j] : mx;
            }
          if (isfinite (mn) && isfinite (mx))
            {
              if (isfinite (prev) && isfinite (v[i]))
                {
                  mn = MIN (mn, prev);
                  mx = MAX (mx, prev);
                }
              while (!isfinite (v[last]))
                last--;
              sp = &spans[CLAMP (c - col0, 0, n_cols - 1)];
              sp->ymin = MIN (sp->ymin, a * mx + b);
              sp->ymax = MAX (sp->ymax, a * mn + b);
              sp->ylast = a * v[last] + b;
              sp->last = last;
            }
          prev = v[end - 1];
          i = end;
        }
    }
  else
    for (guint i = 0; i < xy->n; i++)
      {
        double v = value_at (spec, s, i, NULL);
        double y;
        long col;
        Span *sp;

        if (!isfinite (v) || (xy->scale.log && !(v > 0)))
          {
            prev_y = NAN;
            continue;
          }

        y = xy->plot.y + xy->plot.height * (1 - kc_scale_fraction (&xy->scale, v));
        col = CLAMP ((long) floor ((xy->x0 + xy->dx * i) / px) - col0, 0, n_cols - 1);
        sp = &spans[col];
        sp->ymin = MIN (sp->ymin, y);
        sp->ymax = MAX (sp->ymax, y);
        /* The step from the previous point joins the columns. */
        if (isfinite (prev_y))
          {
            sp->ymin = MIN (sp->ymin, prev_y);
            sp->ymax = MAX (sp->ymax, prev_y);
          }
        sp->ylast = y;
        sp->last = i;
        prev_y = y;
      }

  if (area && value_at == stacked_value && s > 0)
    {
      /* The top of the series below, column by column. */
      below = g_new (double, n_cols);
      for (long k = 0; k < n_cols; k++)
        below[k] = base_y;
      for (guint i = 0; i < xy->n; i++)
        {
          double v = stacked_below (spec, s, i, NULL);
          long col;

          if (!isfinite (v))
            continue;
          col = CLAMP ((long) floor ((xy->x0 + xy->dx * i) / px) - col0, 0, n_cols - 1);
          below[col] = xy_y (xy, v);
        }
    }

  /* Whole device pixels: cairo fills pixel-aligned boxes several times
   * faster than boxes with antialiased edges. */
  if (area)
    {
      for (long k = 0; k < n_cols; k++)
        if (spans[k].ymin != INFINITY)
          {
            double bottom = below != NULL ? below[k] : base_y;
            double y0 = round (MIN (spans[k].ymin, bottom) / px) * px;
            double y1 = round (MAX (spans[k].ymin, bottom) / px) * px;

            cairo_rectangle (ctx->cr, (col0 + k) * px, y0, px, y1 - y0);
          }
      set_color_alpha (ctx->cr, c, xy->stacked ? 0.85 : (spec->n_series > 1 ? 0.22 : 0.28));
      cairo_fill (ctx->cr);
    }

  lw = MAX (1, round (lw / px)) * px;
  for (long k = 0; k < n_cols; k++)
    if (spans[k].ymin != INFINITY)
      {
        double x = (col0 + k) * px;
        double left = round ((x + px / 2 - lw / 2) / px) * px;
        double y0 = floor ((spans[k].ymin - lw / 2) / px) * px;
        double y1 = ceil ((spans[k].ymax + lw / 2) / px) * px;

        cairo_rectangle (ctx->cr, left, y0, lw, y1 - y0);
        _kc_chart_layout_add_point (ctx->layout, x + px / 2, spans[k].ylast, s, spans[k].last,
                                    kc_chart_spec_get_value (spec, s, spans[k].last));
      }
  set_color (ctx->cr, c);
  cairo_fill (ctx->cr);
}

static void
draw_lines (Ctx *ctx,
            XY  *xy)
{
  const KcChartSpec *spec = ctx->spec;
  const KcChartOptions *opt = ctx->opt;
  gboolean area = spec->type == KC_CHART_AREA;
  gboolean markers = xy->n <= 40 && xy->dx >= ctx->line_width * 6;
  gboolean dense = xy->n > 2 * xy->plot.width / ctx->device_px;
  gboolean label_all = spec->n_series == 1 && xy->n <= 24 && markers;
  double base_y = xy->scale.log ? xy->plot.y + xy->plot.height
                                : CLAMP (xy_y (xy, 0), xy->plot.y, xy->plot.y + xy->plot.height);

  cairo_set_line_join (ctx->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_ROUND);

  /* Stacked areas are drawn top series first so lower ones stay visible
   * at the seams; plain areas and lines in series order. */
  for (guint k = 0; k < spec->n_series; k++)
    {
      guint s = xy->stacked ? spec->n_series - 1 - k : k;
      const KcColor *c = series_color (ctx, s);
      g_autoptr(GArray) top = NULL;

      if (dense)
        {
          draw_dense_series (ctx, xy, s, xy->stacked ? stacked_value : plain_value, area, base_y, c);
          continue;
        }

      top = build_vertices (ctx, s, xy->n, xy->x0, xy->dx,
                            xy->stacked ? stacked_value : plain_value, NULL,
                            &xy->scale, &xy->plot, TRUE);

      if (area)
        {
          g_autoptr(GArray) bottom = NULL;
          guint start = 0;

          if (xy->stacked)
            bottom = build_vertices (ctx, s, xy->n, xy->x0, xy->dx, stacked_below, NULL,
                                     &xy->scale, &xy->plot, FALSE);

          /* One closed shape per run between gaps. */
          while (start < top->len)
            {
              guint end = start + 1;
              const Vertex *a = &g_array_index (top, Vertex, start);
              const Vertex *b;

              while (end < top->len && !g_array_index (top, Vertex, end).move)
                end++;
              b = &g_array_index (top, Vertex, end - 1);

              cairo_move_to (ctx->cr, a->x, a->y);
              for (guint i = start + 1; i < end; i++)
                cairo_line_to (ctx->cr, g_array_index (top, Vertex, i).x, g_array_index (top, Vertex, i).y);

              if (bottom != NULL)
                {
                  for (guint i = bottom->len; i > 0; i--)
                    {
                      const Vertex *p = &g_array_index (bottom, Vertex, i - 1);

                      if (p->index >= a->index && p->index <= b->index)
                        cairo_line_to (ctx->cr, p->x, p->y);
                    }
                }
              else
                {
                  cairo_line_to (ctx->cr, b->x, base_y);
                  cairo_line_to (ctx->cr, a->x, base_y);
                }
              cairo_close_path (ctx->cr);
              set_color_alpha (ctx->cr, c, xy->stacked ? 0.85 : (spec->n_series > 1 ? 0.22 : 0.28));
              cairo_fill (ctx->cr);
              start = end;
            }
        }

      path_vertices (ctx->cr, top);
      cairo_set_line_width (ctx->cr, ctx->line_width);
      set_color (ctx->cr, c);
      cairo_stroke (ctx->cr);
    }

  /* Dense series draw isolated points as their column's box already. */
  for (guint s = 0; s < spec->n_series; s++)
    if (!xy->stacked && !dense)
      draw_markers (ctx, xy, s, markers);

  if (opt->focus_series >= 0 && opt->focus_category >= 0)
    {
      double v = xy->stacked ? stacked_value (spec, opt->focus_series, opt->focus_category, NULL)
                             : kc_chart_spec_get_value (spec, opt->focus_series, opt->focus_category);

      if (isfinite (v) && (!xy->use_log || v > 0))
        draw_focus_ring (ctx, xy->x0 + xy->dx * opt->focus_category, xy_y (xy, v),
                         ctx->line_width * 3.2);
    }

  if (!xy->stacked)
    for (guint s = 0; s < spec->n_series; s++)
      label_points (ctx, xy, s, label_all);
}

static void draw_bar_chart (Ctx *ctx);

/* Periods carry digits (2017年3月, Q1 2017); thinning them out loses
 * nothing, while dropping a name would. */
static gboolean
periods_only (const KcChartSpec *spec,
              guint              n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = kc_chart_spec_dup_category (spec, i);

      if (strpbrk (label, "0123456789") == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
draw_xy_chart (Ctx *ctx)
{
  const KcChartSpec *spec = ctx->spec;
  XY xy = { 0 };
  Text t = { 0 };
  Text axis_title = { 0 };
  double lo, hi, tick_h, label_h, plot_top, plot_bottom, gutter = 0, headroom = 0;
  gboolean all_positive;
  CategoryFit fit = { 0 };
  double cat_top;
  char **ticks = NULL;

  xy.n = kc_chart_spec_get_n_points (spec);
  xy.stacked = spec->stacked && spec->n_series > 1 && spec->type != KC_CHART_LINE;
  xy_range (ctx, &xy, &lo, &hi, &all_positive);
  if (!isfinite (lo) || !isfinite (hi) || xy.n == 0)
    {
      draw_empty (ctx);
      return;
    }
  if (spec->target.set && isfinite (spec->target.value))
    {
      lo = MIN (lo, spec->target.value);
      hi = MAX (hi, spec->target.value);
      all_positive = all_positive && spec->target.value > 0;
    }
  xy.use_log = ctx->opt->log_scale && all_positive && spec->type == KC_CHART_LINE
               && !spec->change_mode && spec->kind != KC_VALUE_RANK;

  kc_axis_unit_init (&xy.axis, MAX (fabs (lo), fabs (hi)), spec->kind, spec->unit,
                     spec->change_mode, ctx->lang);

  text_set (ctx, &t, "0", ctx->fs_label, FALSE, 0, 1);
  tick_h = t.h;
  label_h = t.h;

  plot_top = ctx->body.y + tick_h / 2;
  if (*xy.axis.title != '\0')
    {
      text_set (ctx, &axis_title, xy.axis.title, ctx->fs_label, FALSE, ctx->body.width, 1);
      plot_top = ctx->body.y + axis_title.h + ctx->small_gap + tick_h / 2;
    }

  /* Column labels sit above the columns and are all drawn or none, so
   * the scale leaves room for them; a point's label can go below it. */
  if (spec->type == KC_CHART_COLUMN)
    headroom = label_h + ctx->small_gap * 2 + ctx->line_width * 2;

  /* Two passes: the category labels' height depends on the band width,
   * which depends on the tick labels' width, which depends on the height. */
  fit.lines = 1;
  fit.line_h = label_h;
  for (int pass = 0; pass < 2; pass++)
    {
      double plot_w;

      plot_bottom = ctx->body.y + ctx->body.height - fit.line_h - ctx->small_gap * 1.5;
      xy_scale (ctx, &xy, lo, hi, plot_bottom - plot_top, tick_h, headroom);

      if (ticks != NULL)
        g_strfreev (ticks);
      ticks = g_new0 (char *, xy.scale.n_ticks + 1);
      gutter = 0;
      for (guint i = 0; i < xy.scale.n_ticks; i++)
        {
          ticks[i] = kc_axis_unit_format_tick (&xy.axis, xy.scale.ticks[i],
                                               xy.scale.log ? xy.scale.ticks[i] : xy.scale.step,
                                               ctx->lang);
          text_set (ctx, &t, ticks[i], ctx->fs_label, FALSE, 0, 1);
          gutter = MAX (gutter, t.w);
        }

      xy.plot.x = ctx->body.x + gutter + ctx->gap * 0.6;
      xy.plot.y = plot_top;
      xy.plot.width = MAX (1, ctx->body.x + ctx->body.width - xy.plot.x);
      xy.plot.height = MAX (1, plot_bottom - plot_top);
      plot_w = xy.plot.width;

      if (spec->type == KC_CHART_COLUMN)
        {
          xy.band = plot_w / xy.n;
          fit_categories (ctx, xy.n, xy.band, TRUE, &fit);
        }
      else
        {
          double inset = ctx->line_width;

          /* Room for the first and last labels centred under their points. */
          if (xy.n <= 60)
            {
              g_autofree char *first = kc_chart_spec_dup_category (spec, 0);
              g_autofree char *last = kc_chart_spec_dup_category (spec, xy.n - 1);
              double wide;

              text_set (ctx, &t, first, ctx->fs_label, FALSE, 0, 1);
              wide = t.w;
              text_set (ctx, &t, last, ctx->fs_label, FALSE, 0, 1);
              wide = MAX (wide, t.w);
              inset = CLAMP (wide / 2, ctx->line_width * 3, plot_w * 0.08);
            }
          xy.x0 = xy.plot.x + inset;
          xy.dx = xy.n > 1 ? (plot_w - 2 * inset) / (xy.n - 1) : 0;
          if (xy.n == 1)
            xy.x0 = xy.plot.x + plot_w / 2;
          fit_categories (ctx, xy.n, xy.n > 1 ? xy.dx : plot_w, xy.n <= 60, &fit);
        }
      if (fit.lines == 1)
        break;
    }

  /* Named categories too long for columns even when wrapped: a newspaper
   * would turn the chart on its side, and so do we. */
  if (spec->type == KC_CHART_COLUMN && fit.every > 1 && xy.n <= 30 && !periods_only (spec, xy.n))
    {
      g_strfreev (ticks);
      text_clear (&t);
      text_clear (&axis_title);
      kc_axis_unit_clear (&xy.axis);
      draw_bar_chart (ctx);
      return;
    }

  if (axis_title.pl != NULL)
    text_place (ctx, &axis_title, KC_CHART_TEXT_AXIS_TITLE, ctx->body.x, ctx->body.y,
                &ctx->colors->text_muted);

  /* Gridlines and tick labels. */
  for (guint i = 0; i < xy.scale.n_ticks; i++)
    {
      double y = xy_y (&xy, xy.scale.ticks[i]);

      if (xy.scale.ticks[i] != 0 || xy.scale.log)
        hline (ctx, xy.plot.x, xy.plot.x + xy.plot.width, y, ctx->hairline, &ctx->colors->grid);
      text_set (ctx, &t, ticks[i], ctx->fs_label, FALSE, 0, 1);
      text_place (ctx, &t, KC_CHART_TEXT_TICK, xy.plot.x - ctx->gap * 0.6 - t.w, y - t.h / 2,
                  &ctx->colors->text_muted);
    }

  /* Category labels, thinned out when they would collide. */
  cat_top = xy.plot.y + xy.plot.height + ctx->small_gap * 1.5;
  for (guint i = 0; i < xy.n; i += fit.every)
    {
      double cx = spec->type == KC_CHART_COLUMN ? xy.plot.x + xy.band * (i + 0.5) : xy.x0 + xy.dx * i;
      double slot = spec->type == KC_CHART_COLUMN ? xy.band : MAX (xy.dx, 1);

      /* Make way for the latest period, which is always labelled. */
      if (fit.every > 1 && i != xy.n - 1 && xy.n - 1 - i < fit.every)
        break;

      place_category (ctx, i, cx, cat_top, xy.plot.x - ctx->small_gap, ctx->body.x + ctx->body.width,
                      &fit, slot * (fit.lines > 1 ? 1 : fit.every));
    }
  /* The latest period matters most; add it when thinning skipped it. */
  if (xy.n > 1 && (xy.n - 1) % fit.every != 0)
    {
      double cx = spec->type == KC_CHART_COLUMN ? xy.plot.x + xy.band * (xy.n - 0.5) : xy.x0 + xy.dx * (xy.n - 1);

      place_category (ctx, xy.n - 1, cx, cat_top, xy.plot.x - ctx->small_gap,
                      ctx->body.x + ctx->body.width, &fit,
                      spec->type == KC_CHART_COLUMN ? xy.band : MAX (xy.dx, 1));
    }

  if (spec->type == KC_CHART_COLUMN)
    draw_columns (ctx, &xy);
  else
    draw_lines (ctx, &xy);

  /* The zero line on top of the bars; the bottom edge otherwise. */
  if (!xy.scale.log && xy.scale.min <= 0 && xy.scale.max >= 0)
    hline (ctx, xy.plot.x, xy.plot.x + xy.plot.width, xy_y (&xy, 0), ctx->hairline * 1.5,
           &ctx->colors->baseline);

  draw_target (ctx, &xy);

  _kc_chart_layout_set_plot_area (ctx->layout, &xy.plot,
                                  xy.scale.inverted ? xy.scale.max : xy.scale.min,
                                  xy.scale.inverted ? xy.scale.min : xy.scale.max, FALSE);

  g_strfreev (ticks);
  text_clear (&t);
  text_clear (&axis_title);
  kc_axis_unit_clear (&xy.axis);
}

/* ---- Bar and ranking charts ----------------------------------------- */

static int
compare_desc (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const KcChartSpec *spec = data;
  double va = kc_chart_spec_get_value (spec, 0, *(const guint *) a);
  double vb = kc_chart_spec_get_value (spec, 0, *(const guint *) b);
  int sign = spec->kind == KC_VALUE_RANK ? -1 : 1;

  if (va == vb)
    return *(const guint *) a < *(const guint *) b ? -1 : 1;
  return (va < vb ? 1 : -1) * sign;
}

/* The value written at the end of a bar: the stack's total when stacked. */
static double
bar_value (const KcChartSpec *spec,
           guint              series,
           guint              category,
           gboolean           stacked)
{
  double sum = 0;
  gboolean any = FALSE;

  if (!stacked)
    return kc_chart_spec_get_value (spec, series, category);

  for (guint k = 0; k < spec->n_series; k++)
    {
      double v = kc_chart_spec_get_value (spec, k, category);

      if (isfinite (v))
        {
          sum += v;
          any = TRUE;
        }
    }

  return any ? sum : NAN;
}

/* The logical width of @text in @layout's font, in Pango units. */
static int
layout_text_width (PangoLayout *layout,
                   const char  *text)
{
  PangoRectangle logical;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  return logical.width;
}

char *
_kc_chart_cut_middle_at_words (PangoLayout *layout,
                               const char  *label,
                               int          width)
{
  g_auto(GStrv) words = g_strsplit (label, " ", -1);
  guint n = g_strv_length (words);
  g_autoptr(PangoLayout) measure = NULL;
  g_autofree int *w = NULL;
  int space, ellipsis;
  guint best_head = 0, best_tail = 0;
  gboolean best_spaced = FALSE;
  glong best_chars = 0;
  char *cut = NULL;

  if (n < 3)
    return NULL;
  measure = pango_layout_copy (layout);
  pango_layout_set_width (measure, -1);
  pango_layout_set_ellipsize (measure, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_attributes (measure, NULL);
  w = g_new (int, n);
  for (guint i = 0; i < n; i++)
    w[i] = layout_text_width (measure, words[i]);
  space = layout_text_width (measure, "x x") - layout_text_width (measure, "xx");
  ellipsis = layout_text_width (measure, "\xe2\x80\xa6");

  /* The words' widths add up to a hair more or less than the line's
   * (kerning): the sum leaves a little room, and the line is measured.
   * The ellipsis has a space on each side, or where that is too wide,
   * none. */
  for (int spaced = 1; spaced >= 0 && best_chars == 0; spaced--)
    for (guint head = 1; head + 1 < n; head++)
      for (guint tail = 1; head + tail < n; tail++)
        {
          gint64 total = ellipsis + (gint64) space * (head + tail - 2 + 2 * spaced);
          glong chars = 0;

          for (guint i = 0; i < n; i++)
            if (i < head || i >= n - tail)
              {
                total += w[i];
                chars += g_utf8_strlen (words[i], -1);
              }
          if (total <= width * 0.98 && chars > best_chars)
            {
              best_head = head;
              best_tail = tail;
              best_chars = chars;
              best_spaced = spaced;
            }
        }
  if (best_chars > 0)
    {
      g_autofree char *head = NULL;
      g_autofree char *tail = NULL;
      char *saved = words[best_head];

      words[best_head] = NULL;
      head = g_strjoinv (" ", words);
      words[best_head] = saved;
      tail = g_strjoinv (" ", words + n - best_tail);
      cut = g_strconcat (head, best_spaced ? " \xe2\x80\xa6 " : "\xe2\x80\xa6", tail, NULL);
      if (layout_text_width (measure, cut) > width)
        g_clear_pointer (&cut, g_free);
    }
  /* The last word whole, which tells labels with one start apart
   * (…research institutes, …academician workstations), after as much of
   * the first as fits. */
  for (glong keep = g_utf8_strlen (words[0], -1) - 1; keep >= 3 && cut == NULL; keep--)
    {
      g_autofree char *head = g_utf8_substring (words[0], 0, keep);

      cut = g_strconcat (head, "\xe2\x80\xa6 ", words[n - 1], NULL);
      if (layout_text_width (measure, cut) > width)
        g_clear_pointer (&cut, g_free);
    }
  return cut;
}

/* How much smaller than their size a bar chart's names may be set to give
 * every bar a name, on one line or two: a unit leaves its own line, and
 * names wrap or shrink, by this one floor. */
#define NAMES_LEAST_SIZE 0.8

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Whether cutting the category labels short at their end, to one line of
 * @width, would show two of them alike: "Provincial or mu…" for both
 * provincial research institutes and provincial academician stations.
 * Labels that start alike share the longest starts with their neighbours
 * in sorted order; when a shared start, the next character and two
 * columns more do not fit before the ellipsis, they come out alike, or
 * differing in one letter ("…municipal e…", "…municipal a…"), which
 * reads as alike. */
static gboolean
labels_collide_when_cut (Ctx           *ctx,
                         const GArray  *order,
                         double         width)
{
  const KcChartSpec *spec = ctx->spec;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  gboolean collide = FALSE;
  Text t = { 0 };

  for (guint j = 0; j < order->len; j++)
    g_ptr_array_add (labels, kc_chart_spec_dup_category (spec, g_array_index (order, guint, j)));
  g_ptr_array_sort (labels, compare_strings);

  for (guint j = 1; j < labels->len && !collide; j++)
    {
      const char *pair[2] = { g_ptr_array_index (labels, j - 1), g_ptr_array_index (labels, j) };
      gsize n = 0;

      while (pair[0][n] != '\0' && pair[0][n] == pair[1][n])
        n++;
      if (pair[0][n] == '\0' && pair[1][n] == '\0')
        continue;  /* the same label twice: nothing to tell apart */
      /* Back to the start of a character... */
      while (n > 0 && (pair[0][n] & 0xc0) == 0x80)
        n--;
      if (n == 0)
        continue;
      /* ...then, in each of the two, through the first character that
       * differs and two columns more (two letters, or one Chinese
       * character): they must show before the ellipsis. */
      for (guint i = 0; i < 2 && !collide; i++)
        {
          const char *label = pair[i];
          g_autofree char *start = NULL;
          g_autofree char *shared = NULL;
          gsize end = n;
          guint columns = 0;

          if (label[end] == '\0')
            continue;
          end = g_utf8_next_char (label + end) - label;
          while (label[end] != '\0' && columns < 2)
            {
              columns += g_unichar_iswide (g_utf8_get_char (label + end)) ? 2 : 1;
              end = g_utf8_next_char (label + end) - label;
            }
          start = g_strndup (label, end);
          shared = g_strconcat (start, "\xe2\x80\xa6", NULL);
          text_set (ctx, &t, shared, ctx->fs_label, FALSE, 0, 1);
          collide = t.w >= width;
        }
    }
  text_clear (&t);
  return collide;
}

static void
draw_bar_chart (Ctx *ctx)
{
  const KcChartSpec *spec = ctx->spec;
  const KcChartOptions *opt = ctx->opt;
  gboolean ranking = spec->type == KC_CHART_RANKING;
  gboolean stacked = spec->stacked && spec->n_series > 1 && !ranking;
  guint ns = ranking ? MIN (spec->n_series, 1) : spec->n_series;
  guint n = kc_chart_spec_get_n_points (spec);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  KcAxisUnit axis = { 0 };
  KcScale scale = { 0 };
  Text t = { 0 };
  Text unit = { 0 };
  double lo = 0, hi = 0, label_w = 0, value_w = 0, value_w_neg = 0, line_h;
  double top, bottom, band, bar, label_col, plot_l, plot_r, x_zero, band_cap;
  guint m, every = 1;
  gboolean show_values = TRUE, any = FALSE, cut_middle = FALSE;
  int label_lines = 1;
  double label_h = 0, label_size, unit_y = NAN;
  KcChartRect plot;
  char **ticks = NULL;

  for (guint i = 0; i < n; i++)
    {
      double pos = 0, neg = 0;
      gboolean has = FALSE;

      for (guint s = 0; s < ns; s++)
        {
          double v = kc_chart_spec_get_value (spec, s, i);

          if (!isfinite (v))
            continue;
          has = TRUE;
          if (stacked)
            {
              if (v >= 0)
                pos += v;
              else
                neg += v;
            }
          else
            {
              lo = MIN (lo, v);
              hi = MAX (hi, v);
            }
        }
      if (stacked)
        {
          lo = MIN (lo, neg);
          hi = MAX (hi, pos);
        }
      /* A ranking has no place for a missing value. */
      if (!ranking || has)
        g_array_append_val (order, i);
      any = any || has;
    }
  if (!any)
    {
      draw_empty (ctx);
      return;
    }
  if (ranking)
    g_array_sort_with_data (order, compare_desc, (gpointer) spec);
  m = order->len;

  kc_axis_unit_init (&axis, MAX (fabs (lo), fabs (hi)), spec->kind, spec->unit,
                     spec->change_mode, ctx->lang);

  top = ctx->body.y;
  bottom = ctx->body.y + ctx->body.height;
  if (*axis.title != '\0')
    {
      g_autofree char *unit_text = ctx->zh ? g_strconcat ("单位：", axis.title, NULL)
                                           : g_strdup (axis.title);

      text_set (ctx, &unit, unit_text, ctx->fs_label, FALSE, ctx->body.width, 1);
    }

  text_set (ctx, &t, "0", ctx->fs_label, FALSE, 0, 1);
  line_h = t.h;
  label_size = ctx->fs_label;

  /* The label column takes what the names need, up to 40 % of the width,
   * or 55 % when the names are cut or wrapped anyway: a bar needs less
   * room to be read than a name does. */
  for (guint j = 0; j < m; j++)
    {
      g_autofree char *label = kc_chart_spec_dup_category (spec, g_array_index (order, guint, j));

      text_set (ctx, &t, label, ctx->fs_label, (int) g_array_index (order, guint, j) == spec->highlight, 0, 1);
      label_w = MAX (label_w, t.w);
      label_h = MAX (label_h, t.h);
    }
  label_col = MIN (label_w, ctx->body.width * (label_w > ctx->body.width * 0.4 ? 0.55 : 0.4));

  /* The unit goes on a line of its own above the bars; where that line
   * would leave the bars too close for a name each, even at four fifths
   * of its size (see below; six platforms in a poster's cell), at the end
   * of the subtitle's line if it fits there. */
  if (unit.pl != NULL)
    {
      const KcChartTextBox *subtitle = kc_chart_layout_find_role (ctx->layout, KC_CHART_TEXT_SUBTITLE);
      KcChartRect beside = { ctx->body.x + ctx->body.width - unit.w, 0, unit.w, unit.h };

      if (subtitle != NULL)
        beside.y = subtitle->rect.y + subtitle->rect.height - unit.h;
      /* Not above a legend, which would part it from the bars. */
      if (subtitle != NULL &&
          (bottom - top - unit.h - ctx->small_gap) / m < label_h * NAMES_LEAST_SIZE &&
          kc_chart_layout_count_role (ctx->layout, KC_CHART_TEXT_LEGEND) == 0 &&
          subtitle->rect.x + subtitle->rect.width + ctx->gap <= beside.x &&
          subtitle->rect.height < unit.h * 1.5 && _kc_chart_layout_is_free (ctx->layout, &beside))
        unit_y = beside.y;
      else
        top += unit.h + ctx->small_gap;
    }
  /* Few bars stay slim rather than filling the height. */
  band_cap = MAX (ctx->fs_label * 5, (bottom - top) / (m + 2.5)) * (stacked ? 1 : MAX (ns, 1));

  for (guint j = 0; j < m; j++)
    for (guint s = 0; s < (stacked ? 1 : ns); s++)
      {
        double v = bar_value (spec, s, g_array_index (order, guint, j), stacked);
        g_autofree char *label = data_label (ctx, &axis, v);

        text_set (ctx, &t, label, ctx->fs_label, TRUE, 0, 1);
        if (isfinite (v) && v < 0)
          value_w_neg = MAX (value_w_neg, t.w);
        else
          value_w = MAX (value_w, t.w);
      }

  band = MIN ((bottom - top) / m, band_cap);
  plot_l = ctx->body.x + label_col + ctx->gap * 0.6 + (value_w_neg > 0 ? value_w_neg + ctx->small_gap * 2 : 0);
  plot_r = ctx->body.x + ctx->body.width - value_w - ctx->small_gap * 2;
  if (plot_r - plot_l < ctx->body.width * 0.2 || band < line_h * 0.95
      || (!stacked && ns > 1 && band / ns < line_h * 0.95))
    {
      /* No room for values at the bars: a value axis along the bottom. */
      double max_w = 0;
      guint max_ticks;

      show_values = FALSE;
      value_w_neg = 0;
      plot_l = ctx->body.x + label_col + ctx->gap * 0.6;
      plot_r = ctx->body.x + ctx->body.width;
      bottom -= line_h + ctx->small_gap * 1.5;
      band = MIN ((bottom - top) / m, band_cap);

      text_set (ctx, &t, "00000", ctx->fs_label, FALSE, 0, 1);
      max_ticks = CLAMP ((int) ((plot_r - plot_l) / (t.w * 2)) + 1, 2, 6);
      kc_scale_init_linear (&scale, lo, hi, max_ticks, TRUE);
      lo = scale.min;
      hi = scale.max;
      ticks = g_new0 (char *, scale.n_ticks + 1);
      for (guint i = 0; i < scale.n_ticks; i++)
        {
          ticks[i] = kc_axis_unit_format_tick (&axis, scale.ticks[i], scale.step, ctx->lang);
          text_set (ctx, &t, ticks[i], ctx->fs_label, FALSE, 0, 1);
          max_w = MAX (max_w, t.w);
        }
      /* The last tick label is centred on the right edge. */
      plot_r -= max_w / 2;
    }
  if (hi == lo)
    hi = lo + 1;
  /* Names too long for the column wrap to as many lines as the band
   * holds, up to three, at down to about four fifths of their size (a
   * half-pixel step below that, for a small size): the long
   * names of indicators in English ("Technology start-ups listed on the
   * Ningbo regional equity exchange") cut to one line say little. */
  if (label_w > label_col)
    for (int lines = 3; lines >= 2 && label_lines == 1; lines--)
      {
        double k = MIN (1, band / (line_h * (lines + 0.1)));

        /* Two lines also for names a smaller size fits on one. */
        if (k >= NAMES_LEAST_SIZE && (lines == 2 || label_w * k > label_col * 2))
          {
            label_lines = lines;
            label_size = ctx->fs_label * k;
          }
      }
  /* Labels cut to one line keep their ends too when their starts alone
   * would not tell them apart. */
  if (label_w > label_col && label_lines == 1)
    cut_middle = labels_collide_when_cut (ctx, order, label_col);
  /* Bars a little too close for their names (a Chinese line is taller
   * than the digits' line): smaller names, down to four fifths, rather
   * than a name for every other bar only. */
  if (label_lines == 1 && band < label_h && band >= label_h * NAMES_LEAST_SIZE)
    label_size = ctx->fs_label * band / label_h;
  else if (label_lines == 1 && band < line_h)
    every = nice_every (line_h / MAX (band, 1e-6));
  x_zero = plot_l + (0 - lo) / (hi - lo) * (plot_r - plot_l);
  bar = band * 0.64;

  /* Slim bars sit in the middle of the space, their unit just above
   * (unless it went beside the subtitle). */
  if (bottom - top > band * m)
    top += (bottom - top - band * m) / 2;
  if (unit.pl != NULL)
    text_place (ctx, &unit, KC_CHART_TEXT_AXIS_TITLE, ctx->body.x + ctx->body.width - unit.w,
                isfinite (unit_y) ? unit_y : top - unit.h - ctx->small_gap, &ctx->colors->text_muted);

  plot.x = plot_l;
  plot.y = top;
  plot.width = MAX (1, plot_r - plot_l);
  plot.height = band * m;

  if (ticks != NULL)
    for (guint i = 0; i < scale.n_ticks; i++)
      {
        double x = plot_l + (scale.ticks[i] - lo) / (hi - lo) * (plot_r - plot_l);

        if (scale.ticks[i] != 0)
          vline (ctx, x, top, top + band * m, ctx->hairline, &ctx->colors->grid);
        text_set (ctx, &t, ticks[i], ctx->fs_label, FALSE, 0, 1);
        text_place (ctx, &t, KC_CHART_TEXT_TICK, x - t.w / 2, top + band * m + ctx->small_gap * 1.5,
                    &ctx->colors->text_muted);
      }

  for (guint j = 0; j < m; j++)
    {
      guint i = g_array_index (order, guint, j);
      double cy = top + band * (j + 0.5);
      double pos = 0, neg = 0;

      for (guint s = 0; s < ns; s++)
        {
          double v = kc_chart_spec_get_value (spec, s, i);
          double base, end, y, h, xa, xb, inset;
          const KcColor *c = series_color (ctx, s);

          if (!isfinite (v))
            continue;
          if (stacked)
            {
              base = v >= 0 ? pos : neg;
              end = base + v;
              if (v >= 0)
                pos = end;
              else
                neg = end;
              y = cy - bar / 2;
              h = bar;
            }
          else
            {
              base = 0;
              end = v;
              h = bar / ns;
              y = cy - bar / 2 + h * s;
            }
          if (spec->highlight >= 0 && ns == 1)
            c = (int) i == spec->highlight ? series_color (ctx, 0) : &ctx->colors->muted;

          inset = ns > 1 && !stacked ? h * 0.06 : 0;
          xa = plot_l + (base - lo) / (hi - lo) * (plot_r - plot_l);
          xb = plot_l + (end - lo) / (hi - lo) * (plot_r - plot_l);
          cairo_rectangle (ctx->cr, MIN (xa, xb), y + inset, fabs (xb - xa), h - 2 * inset);
          set_color (ctx->cr, c);
          cairo_fill (ctx->cr);
          if (stacked && s > 0 && !opt->transparent)
            vline (ctx, xa, y, y + h, ctx->hairline, &ctx->colors->background);
          _kc_chart_layout_add_point (ctx->layout, xb, y + h / 2, s, i, v);
          if (opt->focus_series == (int) s && opt->focus_category == (int) i)
            {
              cairo_rectangle (ctx->cr, MIN (xa, xb), y + inset, fabs (xb - xa), h - 2 * inset);
              cairo_set_line_width (ctx->cr, ctx->line_width);
              set_color (ctx->cr, &ctx->colors->text);
              cairo_stroke (ctx->cr);
            }
        }

      if (j % every == 0)
        {
          g_autofree char *label = kc_chart_spec_dup_category (spec, i);
          gboolean strong = (int) i == spec->highlight;

          text_set_balanced (ctx, &t, label, label_size, strong, label_col, label_lines,
                             PANGO_ALIGN_RIGHT);
          if (cut_middle && pango_layout_is_ellipsized (t.pl))
            {
              g_autofree char *cut = _kc_chart_cut_middle_at_words (t.pl, label,
                                                                     (int) (label_col * PANGO_SCALE));

              if (cut != NULL)
                {
                  text_set (ctx, &t, cut, label_size, strong, 0, 1);
                  t.whole = label;
                }
              else
                {
                  pango_layout_set_ellipsize (t.pl, PANGO_ELLIPSIZE_MIDDLE);
                  text_measure (&t);
                }
            }
          text_place (ctx, &t, KC_CHART_TEXT_CATEGORY,
                      ctx->body.x + label_col - t.w, cy - t.h / 2,
                      strong ? &ctx->colors->text : &ctx->colors->text_muted);
          pango_layout_set_alignment (t.pl, PANGO_ALIGN_LEFT);
          t.whole = NULL;
        }

      if (show_values)
        for (guint s = 0; s < (stacked ? 1 : ns); s++)
          {
            double v = bar_value (spec, s, i, stacked);
            double y = stacked || ns == 1 ? cy : cy - bar / 2 + bar / ns * (s + 0.5);
            double xe;
            g_autofree char *label = data_label (ctx, &axis, v);
            gboolean strong = ns == 1 && (spec->highlight < 0 || spec->highlight == (int) i);
            const KcColor *c = strong ? &ctx->colors->text : &ctx->colors->text_muted;

            /* At the names' size: bars too close for the names at full
             * size are too close for the figures too, and a figure
             * taller than its bar's band hides its neighbour's. */
            text_set (ctx, &t, label, label_size, spec->highlight == (int) i, 0, 1);
            xe = isfinite (v) ? plot_l + (v - lo) / (hi - lo) * (plot_r - plot_l) : x_zero;
            if (isfinite (v) && v < 0)
              text_place (ctx, &t, KC_CHART_TEXT_DATA_LABEL, xe - ctx->small_gap - t.w, y - t.h / 2, c);
            else
              text_place (ctx, &t, KC_CHART_TEXT_DATA_LABEL, xe + ctx->small_gap, y - t.h / 2, c);
          }
    }

  vline (ctx, x_zero, top, top + band * m, ctx->hairline * 1.5, &ctx->colors->baseline);
  _kc_chart_layout_set_plot_area (ctx->layout, &plot, lo, hi, TRUE);

  g_strfreev (ticks);
  text_clear (&t);
  text_clear (&unit);
  kc_axis_unit_clear (&axis);
}

/* ---- Share (donut) ---------------------------------------------------- */

/* Fits @str on one line into @max_w × @max_h, shrinking from @size. */
static void
text_fit (Ctx        *ctx,
          Text       *t,
          const char *str,
          double      size,
          gboolean    bold,
          double      max_w,
          double      max_h,
          double      min_size)
{
  text_set (ctx, t, str, size, bold, 0, 1);
  if (t->w > max_w || t->h > max_h)
    {
      double k = MIN (max_w / MAX (t->w, 1e-6), max_h / MAX (t->h, 1e-6));

      text_set (ctx, t, str, MAX (size * k * 0.98, min_size), bold, 0, 1);
    }
}

static void
draw_share (Ctx *ctx)
{
  const KcChartSpec *spec = ctx->spec;
  double pct = kc_chart_spec_get_share_percent (spec);
  KcChartRect b = ctx->body;
  Text t = { 0 };
  Text label = { 0 };
  Text detail = { 0 };
  g_autofree char *pct_text = NULL;
  g_autofree char *detail_text = NULL;
  double total = 0, r, inner, cx, cy, below = 0;
  guint n = kc_chart_spec_get_n_points (spec);
  gboolean slices = !isfinite (pct);
  gboolean legend_right = FALSE;
  double legend_w = 0;

  if (slices)
    for (guint i = 0; i < n; i++)
      {
        double v = kc_chart_spec_get_value (spec, 0, i);

        if (isfinite (v) && v > 0)
          total += v;
      }
  if (slices && !(total > 0))
    {
      draw_empty (ctx);
      return;
    }

  /* What goes under the donut: the share's label and part of total. */
  if (!slices)
    {
      if (!is_blank (spec->share.label) && g_strcmp0 (spec->share.label, spec->title) != 0)
        text_set (ctx, &label, spec->share.label, ctx->fs_subtitle, FALSE, b.width, 2);
      if (isfinite (spec->share.part) && isfinite (spec->share.total))
        {
          g_autofree char *part = kc_format_value (spec->share.part, spec->kind == KC_VALUE_RATIO
                                                   ? KC_VALUE_AMOUNT : spec->kind, spec->unit, ctx->lang);
          g_autofree char *whole = kc_format_value (spec->share.total, spec->kind == KC_VALUE_RATIO
                                                    ? KC_VALUE_AMOUNT : spec->kind, spec->unit, ctx->lang);

          detail_text = g_strdup_printf (ctx->zh ? "%s / %s" : "%s of %s", part, whole);
          text_set (ctx, &detail, detail_text, ctx->fs_label, FALSE, b.width, 1);
        }
      below = (label.pl != NULL ? label.h + ctx->small_gap : 0)
              + (detail.pl != NULL ? detail.h + ctx->small_gap : 0);
      if (below > 0)
        below += ctx->gap * 0.6;
      if (b.height - below < b.height * 0.5)
        {
          text_clear (&detail);
          below = label.pl != NULL ? label.h + ctx->gap * 0.6 : 0;
        }
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = kc_chart_spec_dup_category (spec, i);

          text_set (ctx, &t, name, ctx->fs_label, FALSE, b.width * 0.45, 1);
          legend_w = MAX (legend_w, t.w);
        }
      legend_right = b.width > b.height * 1.25;
    }

  if (slices && legend_right)
    {
      double legend_block = legend_w + ctx->fs_label * 6 + ctx->gap * 2;
      double area_w = b.width - legend_block;

      /* Donut and legend centred together as one group. */
      r = MIN (area_w, b.height) / 2;
      cx = b.x + MAX (0, (b.width - 2 * r - legend_block) / 2) + r;
      cy = b.y + b.height / 2;
    }
  else if (slices)
    {
      double legend_h = n * (ctx->fs_label * 1.6);

      r = MIN (b.width, b.height - legend_h - ctx->gap) / 2;
      cx = b.x + b.width / 2;
      cy = b.y + r;
      below = legend_h;
    }
  else
    {
      r = MIN (b.width, b.height - below) / 2;
      cx = b.x + b.width / 2;
      cy = b.y + r;
    }
  r = MAX (r, 4);
  inner = r * 0.64;

  /* The track, then the arcs clockwise from twelve o'clock. */
  cairo_new_sub_path (ctx->cr);
  cairo_arc (ctx->cr, cx, cy, r, 0, 2 * G_PI);
  cairo_arc_negative (ctx->cr, cx, cy, inner, 2 * G_PI, 0);
  set_color (ctx->cr, &ctx->colors->track);
  cairo_fill (ctx->cr);

  if (!slices)
    {
      double frac = CLAMP (pct / 100, 0, 1);
      double a0 = -G_PI / 2, a1 = a0 + frac * 2 * G_PI;

      if (frac > 0)
        {
          cairo_new_sub_path (ctx->cr);
          cairo_arc (ctx->cr, cx, cy, r, a0, a1);
          cairo_arc_negative (ctx->cr, cx, cy, inner, a1, a0);
          cairo_close_path (ctx->cr);
          set_color (ctx->cr, series_color (ctx, 0));
          cairo_fill (ctx->cr);
        }
      _kc_chart_layout_add_point (ctx->layout, cx + cos (a0 + (a1 - a0) / 2) * (r + inner) / 2,
                                  cy + sin (a0 + (a1 - a0) / 2) * (r + inner) / 2, 0, 0, pct);

      pct_text = kc_format_percent (pct);
      text_fit (ctx, &t, pct_text, inner * 0.62, TRUE, inner * 1.5, inner * 0.9, ctx->fs_label);
      text_place (ctx, &t, KC_CHART_TEXT_SHARE_VALUE, cx - t.w / 2, cy - t.h / 2, &ctx->colors->text);

      if (label.pl != NULL)
        {
          pango_layout_set_alignment (label.pl, PANGO_ALIGN_CENTER);
          text_set (ctx, &label, spec->share.label, ctx->fs_subtitle, FALSE, b.width, 2);
          text_place (ctx, &label, KC_CHART_TEXT_SHARE_LABEL, cx - label.w / 2, cy + r + ctx->gap * 0.6,
                      &ctx->colors->text_muted);
        }
      if (detail.pl != NULL)
        text_place (ctx, &detail, KC_CHART_TEXT_SHARE_LABEL, cx - detail.w / 2,
                    cy + r + ctx->gap * 0.6 + (label.pl != NULL ? label.h + ctx->small_gap : 0),
                    &ctx->colors->text_faint);
    }
  else
    {
      double a = -G_PI / 2;
      double ly = legend_right ? cy - n * ctx->fs_label * 0.8 : cy + r + ctx->gap;
      double lx = legend_right ? cx + r + ctx->gap * 2 : b.x;
      g_autofree char *sum = kc_format_value (total, spec->kind, spec->unit, ctx->lang);

      for (guint i = 0; i < n; i++)
        {
          double v = kc_chart_spec_get_value (spec, 0, i);
          double a1;
          g_autofree char *name = NULL;
          g_autofree char *entry = NULL;
          g_autofree char *p = NULL;

          if (!(isfinite (v) && v > 0))
            continue;
          a1 = a + v / total * 2 * G_PI;
          cairo_new_sub_path (ctx->cr);
          cairo_arc (ctx->cr, cx, cy, r, a, a1);
          cairo_arc_negative (ctx->cr, cx, cy, inner, a1, a);
          cairo_close_path (ctx->cr);
          set_color (ctx->cr, series_color (ctx, i));
          cairo_fill_preserve (ctx->cr);
          if (!ctx->opt->transparent)
            {
              cairo_set_line_width (ctx->cr, ctx->hairline * 1.5);
              set_color (ctx->cr, &ctx->colors->background);
              cairo_stroke (ctx->cr);
            }
          else
            cairo_new_path (ctx->cr);
          _kc_chart_layout_add_point (ctx->layout, cx + cos ((a + a1) / 2) * (r + inner) / 2,
                                      cy + sin ((a + a1) / 2) * (r + inner) / 2, 0, i, v);
          a = a1;

          name = kc_chart_spec_dup_category (spec, i);
          p = kc_format_percent (v / total * 100);
          entry = g_strdup_printf ("%s  %s", name, p);
          text_set (ctx, &t, entry, ctx->fs_label, FALSE,
                    (legend_right ? b.x + b.width - lx : b.width) - ctx->fs_label * 1.4, 1);
          if (text_place (ctx, &t, KC_CHART_TEXT_LEGEND, lx + ctx->fs_label * 1.4, ly, &ctx->colors->text_muted))
            {
              cairo_rectangle (ctx->cr, lx, ly + t.h / 2 - ctx->fs_label * 0.4,
                               ctx->fs_label * 0.8, ctx->fs_label * 0.8);
              set_color (ctx->cr, series_color (ctx, i));
              cairo_fill (ctx->cr);
            }
          ly += t.h + ctx->small_gap;
        }

      text_fit (ctx, &t, sum, inner * 0.4, TRUE, inner * 1.5, inner * 0.8, ctx->fs_label);
      text_place (ctx, &t, KC_CHART_TEXT_SHARE_VALUE, cx - t.w / 2, cy - t.h / 2, &ctx->colors->text);
    }

  _kc_chart_layout_set_ring (ctx->layout, cx, cy, r, inner);
  text_clear (&t);
  text_clear (&label);
  text_clear (&detail);
}

/* ---- KPI card --------------------------------------------------------- */

static void
draw_sparkline (Ctx               *ctx,
                const KcChartRect *area)
{
  const KcChartSpec *spec = ctx->spec;
  guint n = kc_chart_spec_get_n_points (spec);
  double lo = INFINITY, hi = -INFINITY;
  KcScale scale;
  g_autoptr(GArray) v = NULL;
  guint finite = 0;

  for (guint i = 0; i < n; i++)
    {
      double x = kc_chart_spec_get_value (spec, 0, i);

      if (isfinite (x))
        {
          lo = MIN (lo, x);
          hi = MAX (hi, x);
          finite++;
        }
    }
  if (finite < 2)
    return;

  scale.log = FALSE;
  scale.inverted = spec->kind == KC_VALUE_RANK;
  scale.min = lo;
  scale.max = hi > lo ? hi : lo + 1;
  scale.n_ticks = 0;
  scale.step = 0;

  v = build_vertices (ctx, 0, n, area->x, n > 1 ? area->width / (n - 1) : 0, plain_value, NULL,
                      &scale, area, TRUE);
  cairo_set_line_join (ctx->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_ROUND);
  /* A line, and no fill: the line spans the lowest to the highest value,
   * and an area filled down to the box's bottom would read as one rising
   * from zero (27.8 % to 30 % looked like growth from nothing). */
  path_vertices (ctx->cr, v);
  cairo_set_line_width (ctx->cr, ctx->line_width);
  set_color (ctx->cr, series_color (ctx, 0));
  cairo_stroke (ctx->cr);

  if (v->len > 0)
    {
      const Vertex *last = &g_array_index (v, Vertex, v->len - 1);

      cairo_new_sub_path (ctx->cr);
      cairo_arc (ctx->cr, last->x, last->y, ctx->line_width * 1.8, 0, 2 * G_PI);
      set_color (ctx->cr, series_color (ctx, 0));
      cairo_fill (ctx->cr);
    }
}

/* The big figure: digits large, the unit at about 40 % on the same
 * baseline. */
static void
kpi_value_text (Ctx        *ctx,
                Text       *t,
                const char *number,
                const char *suffix,
                double      size)
{
  g_autofree char *joined = NULL;
  PangoAttrList *attrs;
  PangoAttribute *a;
  /* A thin space before an English unit; none in Chinese or before %. */
  const char *space = !ctx->zh && *suffix != '\0' && !g_str_equal (suffix, "%") ? "\xe2\x80\x89" : "";

  size = text_size_step (size);
  joined = g_strconcat (number, space, suffix, NULL);
  text_prepare (ctx, t, joined, size, TRUE, 0, 1);

  attrs = pango_attr_list_new ();
  a = pango_attr_size_new_absolute ((int) (size * 0.4 * PANGO_SCALE));
  a->start_index = strlen (number);
  a->end_index = strlen (joined);
  pango_attr_list_insert (attrs, a);
  a = pango_attr_weight_new (PANGO_WEIGHT_NORMAL);
  a->start_index = strlen (number);
  a->end_index = strlen (joined);
  pango_attr_list_insert (attrs, a);
  pango_layout_set_attributes (t->pl, attrs);
  pango_attr_list_unref (attrs);
  text_measure (t);
}

/* "较去年年底 ▲2.2个百分点" / "▲ 2.2 pp on end of 2016": the mark and the
 * figure in the change's colour, the words muted. */
static void
kpi_change_text (Ctx        *ctx,
                 Text       *t,
                 double      width,
                 int         max_lines)
{
  const KcChartSpec *spec = ctx->spec;
  KcChangeKind kind = spec->kpi.change_kind != KC_CHANGE_NONE ? spec->kpi.change_kind
                                                               : kc_chart_spec_get_change_kind (spec);
  g_autofree char *change = kc_format_change (fabs (spec->kpi.change), kind, spec->unit, ctx->lang);
  const char *figure = change[0] == '+' ? change + 1 : change;
  const char *mark = spec->kpi.change > 0 ? "\xe2\x96\xb2" : spec->kpi.change < 0 ? "\xe2\x96\xbc" : "";
  const char *against = spec->kpi.change_label != NULL ? spec->kpi.change_label
                        : ctx->zh ? "较上期" : "vs previous";
  g_autofree char *line = NULL;
  PangoAttrList *attrs;
  PangoAttribute *a;
  guint words_start, words_end;

  if (ctx->zh)
    {
      line = g_strdup_printf ("%s %s%s", against, mark, figure);
      words_start = 0;
      words_end = strlen (against);
    }
  else
    {
      /* The mark stays with the figure. */
      line = g_strdup_printf ("%s%s%s %s", mark, *mark != '\0' ? "\xc2\xa0" : "", figure, against);
      words_start = strlen (line) - strlen (against);
      words_end = strlen (line);
    }

  text_set (ctx, t, line, ctx->fs_subtitle, TRUE, width, max_lines);
  /* Too long for one line: break between the words and the figure, not
   * inside either ("较2016年 / ▲2.2个百分点", "▲ 2.2 pp / vs 2016"). */
  if (max_lines > 1 && *against != '\0' && pango_layout_get_line_count (t->pl) > 1)
    {
      line[ctx->zh ? words_end : words_start - 1] = '\n';
      text_set (ctx, t, line, ctx->fs_subtitle, TRUE, width, max_lines);
    }
  attrs = pango_attr_list_new ();
  a = pango_attr_foreground_new (ctx->colors->text_muted.r * 65535, ctx->colors->text_muted.g * 65535,
                                 ctx->colors->text_muted.b * 65535);
  a->start_index = words_start;
  a->end_index = words_end;
  pango_attr_list_insert (attrs, a);
  a = pango_attr_weight_new (PANGO_WEIGHT_NORMAL);
  a->start_index = words_start;
  a->end_index = words_end;
  pango_attr_list_insert (attrs, a);
  pango_layout_set_attributes (t->pl, attrs);
  pango_attr_list_unref (attrs);
  text_measure (t);
}

/* How tall one line of the card's small text is. The up/down mark and,
 * in Chinese, the Han characters come from a fallback font whose lines
 * may be taller than the main font's. */
static double
kpi_line_height (Ctx *ctx)
{
  Text t = { 0 };
  double h;

  text_set (ctx, &t, ctx->zh ? "0\xe5\xb9\xb4\xe2\x96\xb2" : "0\xe2\x96\xb2", ctx->fs_subtitle, FALSE, 0, 1);
  h = t.h;
  text_clear (&t);

  return h;
}

/* The height of the change and label lines under the figure, each after
 * a small gap. */
static double
kpi_lines_below (Ctx        *ctx,
                 const Text *change,
                 const Text *label)
{
  return (change->pl != NULL ? ctx->small_gap + change->h : 0)
         + (label->pl != NULL ? ctx->small_gap + label->h : 0);
}

/* Where the sparkline goes: under the card's text when there is room for
 * one at least half as tall as the figure, else beside the figure, as
 * tall as its digits, when the figure leaves enough of the width. FALSE
 * when it fits in neither place. */
static gboolean
kpi_sparkline_area (Ctx         *ctx,
                    const Text  *value,
                    double       value_y,
                    double       text_bottom,
                    gboolean     beside,
                    KcChartRect *area)
{
  const KcChartRect *b = &ctx->body;
  double below = b->y + b->height - text_bottom - ctx->gap;
  double top, bottom, width;
  PangoRectangle ink;

  if (below >= value->h * 0.5)
    {
      area->x = b->x;
      area->y = text_bottom + ctx->gap;
      area->width = MIN (b->width, MAX (value->w, b->width * 0.4));
      area->height = MIN (below, value->h * 0.8);
      return TRUE;
    }
  if (!beside)
    return FALSE;

  pango_layout_get_extents (value->pl, &ink, NULL);
  top = value_y + ink.y / (double) PANGO_SCALE - value->y;
  bottom = value_y + pango_layout_get_baseline (value->pl) / (double) PANGO_SCALE - value->y;
  width = MIN (b->width - value->w - 2 * ctx->gap, (bottom - top) * 4);
  if (bottom - top <= 0 || width < MAX ((bottom - top) * 1.5, ctx->fs_subtitle * 4))
    return FALSE;

  area->x = b->x + b->width - width;
  area->y = top;
  area->width = width;
  area->height = bottom - top;
  return TRUE;
}

/* The figure at @size, narrowed to the body's width when it is wider. */
static void
kpi_value_fit (Ctx        *ctx,
               Text       *value,
               const char *number,
               const char *suffix,
               double      size)
{
  kpi_value_text (ctx, value, number, suffix, size);
  if (value->w > ctx->body.width)
    kpi_value_text (ctx, value, number, suffix, MAX (size * ctx->body.width / value->w * 0.98, ctx->fs_label));
}

/* The label says what the title says, give or take case and the kind of
 * apostrophe ("experts' help" under "experts’ help"). */
static gboolean
kpi_label_repeats_title (const char *label,
                         const char *title)
{
  g_autoptr(GString) a = NULL;
  g_autoptr(GString) b = NULL;
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (title == NULL)
    return FALSE;

  a = g_string_new (label);
  b = g_string_new (title);
  g_string_replace (a, "\xe2\x80\x99", "'", 0);
  g_string_replace (b, "\xe2\x80\x99", "'", 0);
  fa = g_utf8_casefold (g_strstrip (a->str), -1);
  fb = g_utf8_casefold (g_strstrip (b->str), -1);

  return g_strcmp0 (fa, fb) == 0;
}

/* How far @t reaches below its last line's baseline. */
static double
last_line_descent (const Text *t)
{
  PangoLayoutIter *iter = pango_layout_get_iter (t->pl);
  double baseline;

  while (pango_layout_iter_next_line (iter))
    ;
  baseline = pango_layout_iter_get_baseline (iter) / (double) PANGO_SCALE;
  pango_layout_iter_free (iter);

  return t->y + t->h - baseline;
}

/* The height of the column of change line and label beside the figure
 * above their last baseline, which stands on the figure's. */
static double
kpi_beside_rise (Ctx        *ctx,
                 const Text *change,
                 const Text *label)
{
  const Text *last = label->pl != NULL ? label : change;

  return kpi_lines_below (ctx, change, label) - ctx->small_gap - last_line_descent (last);
}

/* Lays the change line and the label out as a column beside the figure.
 * FALSE, with both laid out across the body again, when they do not fit
 * there whole. */
static gboolean
kpi_lines_beside (Ctx        *ctx,
                  const Text *value,
                  Text       *change,
                  Text       *label)
{
  const char *label_str = ctx->spec->kpi.label;
  double width = ctx->body.width - value->w - ctx->gap;
  gboolean fits = width >= ctx->fs_subtitle * 3;

  /* Nothing to lay out beside the figure: only a smaller figure helps. */
  if (change->pl == NULL && label->pl == NULL)
    return FALSE;

  if (fits && change->pl != NULL)
    {
      kpi_change_text (ctx, change, width, 2);
      fits = !pango_layout_is_ellipsized (change->pl);
    }
  if (fits && label->pl != NULL)
    {
      text_prepare (ctx, label, label_str, ctx->fs_subtitle, FALSE, width, 2);
      fits = !pango_layout_is_ellipsized (label->pl);
      _kc_chart_balance_two_lines (label->pl, ctx->fs_subtitle / 2);
      text_measure (label);
    }
  if (fits && kpi_beside_rise (ctx, change, label)
              <= pango_layout_get_baseline (value->pl) / (double) PANGO_SCALE - value->y)
    return TRUE;

  if (change->pl != NULL)
    kpi_change_text (ctx, change, ctx->body.width, 2);
  if (label->pl != NULL)
    text_set (ctx, label, label_str, ctx->fs_subtitle, FALSE, ctx->body.width, 2);
  return FALSE;
}

static void
draw_kpi (Ctx *ctx)
{
  const KcChartSpec *spec = ctx->spec;
  KcChartRect b = ctx->body;
  Text period = { 0 };
  Text value = { 0 };
  Text change = { 0 };
  Text label = { 0 };
  double v = kc_chart_spec_get_kpi_value (spec);
  g_autofree char *number = NULL;
  g_autofree char *suffix = NULL;
  double x, y, value_y, size, cap, per_size, slot, above, below, pad;
  KcChartRect area;
  gboolean spark = FALSE, beside = FALSE;
  guint finite = 0;

  if (!isfinite (v))
    {
      draw_empty (ctx);
      return;
    }

  if (spec->change_mode)
    {
      number = kc_format_change (v, kc_chart_spec_get_change_kind (spec), spec->unit, ctx->lang);
      suffix = g_strdup ("");
    }
  else
    kc_format_value_split (v, spec->kind, spec->unit, ctx->lang, &number, &suffix);

  if (!is_blank (spec->kpi.period))
    text_set (ctx, &period, spec->kpi.period, ctx->fs_subtitle, FALSE, b.width, 1);
  if (isfinite (spec->kpi.change))
    kpi_change_text (ctx, &change, b.width, 2);
  if (!is_blank (spec->kpi.label) && !kpi_label_repeats_title (spec->kpi.label, spec->title))
    text_set (ctx, &label, spec->kpi.label, ctx->fs_subtitle, FALSE, b.width, 2);

  if (spec->n_series > 0)
    for (guint i = 0; i < spec->series[0].n_values; i++)
      if (isfinite (spec->series[0].values[i]))
        finite++;
  spark = finite >= 2;

  /* The figure's size follows from the card, not from what else the
   * card says: the body less a line for the period above the figure and
   * one below it. A row of cards of one size then shows its figures at
   * one size, with or without a change line or a sparkline (which goes
   * where the figure leaves room, never taking the figure's). On the
   * smallest cards, where a line is much of the body, the figure takes
   * that line too and the change line or label goes beside it. */
  cap = text_size_step (ctx->fs_title * 8);
  /* A band of cards shows its figures at one size (the poster's). */
  if (ctx->opt->kpi_figure_size > 0)
    cap = MIN (cap, MAX (ctx->opt->kpi_figure_size, ctx->fs_subtitle));
  kpi_value_text (ctx, &value, number, suffix, cap);
  per_size = value.h / cap;
  /* A one-line change line or label may come out a hair taller than
   * the measured line (its mix of fonts); the reserve covers that, so
   * that a card without one gets the same figure, and only a line much
   * taller takes more. */
  slot = kpi_line_height (ctx) * 1.06;
  if (change.pl != NULL && pango_layout_get_line_count (change.pl) == 1)
    slot = MAX (slot, change.h);
  if (label.pl != NULL && pango_layout_get_line_count (label.pl) == 1)
    slot = MAX (slot, label.h);
  slot += ctx->small_gap;
  size = (b.height - slot - (slot <= 0.25 * (b.height - slot) ? slot : 0)) / per_size;
  size = MAX (MIN (size, cap), ctx->fs_subtitle);
  kpi_value_fit (ctx, &value, number, suffix, size);

  above = period.pl != NULL ? period.h + ctx->small_gap : 0;
  below = kpi_lines_below (ctx, &change, &label);
  if (above + value.h + below > b.height)
    beside = kpi_lines_beside (ctx, &value, &change, &label);

  /* Lines that fit neither under nor beside the figure: the label, which
   * mostly restates the title, gives up its second line and then its
   * place; then the change line its second line; only then does the
   * figure shrink. */
  if (!beside && above + value.h + below > b.height && label.pl != NULL)
    {
      if (pango_layout_get_line_count (label.pl) > 1)
        text_set (ctx, &label, spec->kpi.label, ctx->fs_subtitle, FALSE, b.width, 1);
      below = kpi_lines_below (ctx, &change, &label);
      if (above + value.h + below > b.height)
        {
          text_clear (&label);
          below = kpi_lines_below (ctx, &change, &label);
          if (above + value.h + below > b.height)
            beside = kpi_lines_beside (ctx, &value, &change, &label);
        }
    }
  if (!beside && above + value.h + below > b.height)
    {
      if (change.pl != NULL && pango_layout_get_line_count (change.pl) > 1)
        kpi_change_text (ctx, &change, b.width, 1);
      below = kpi_lines_below (ctx, &change, &label);
      size = MAX (MIN (size, (b.height - above - below) / per_size), ctx->fs_subtitle);
      kpi_value_fit (ctx, &value, number, suffix, size);
    }

  y = b.y;
  if (period.pl != NULL)
    {
      text_place (ctx, &period, KC_CHART_TEXT_KPI_PERIOD, b.x, y, &ctx->colors->text_muted);
      y += period.h + ctx->small_gap;
    }
  value_y = y;
  text_place (ctx, &value, KC_CHART_TEXT_KPI_VALUE, b.x, y, &ctx->colors->text);
  _kc_chart_layout_add_point (ctx->layout, b.x + value.w / 2, y + value.h / 2, 0,
                              spec->n_series > 0 && spec->series[0].n_values > 0
                              ? spec->series[0].n_values - 1 : 0, v);
  if (beside)
    {
      x = b.x + value.w + ctx->gap;
      y = value_y + pango_layout_get_baseline (value.pl) / (double) PANGO_SCALE - value.y
          - kpi_beside_rise (ctx, &change, &label);
    }
  else
    {
      x = b.x;
      y += value.h + ctx->small_gap;
    }
  if (change.pl != NULL)
    {
      text_place (ctx, &change, KC_CHART_TEXT_KPI_CHANGE, x, y,
                  spec->kpi.change > 0 ? ctx->up
                  : spec->kpi.change < 0 ? ctx->down : &ctx->colors->text_muted);
      y += change.h + ctx->small_gap;
    }
  if (label.pl != NULL)
    {
      text_place (ctx, &label, KC_CHART_TEXT_KPI_LABEL, x, y, &ctx->colors->text_muted);
      y += label.h + ctx->small_gap;
    }
  y = MAX (y - ctx->small_gap, value_y + value.h);

  /* The line and its end dot stay inside the recorded box. */
  pad = ctx->line_width * 2;
  if (spark && kpi_sparkline_area (ctx, &value, value_y, y, !beside, &area)
      && area.height > ctx->line_width * 6 && area.width > ctx->line_width * 6
      && rect_inside_canvas (ctx, &area) && _kc_chart_layout_is_free (ctx->layout, &area))
    {
      KcChartRect inner = { area.x + pad, area.y + pad, area.width - 2 * pad, area.height - 2 * pad };

      draw_sparkline (ctx, &inner);
      _kc_chart_layout_set_sparkline (ctx->layout, &area);
    }

  text_clear (&period);
  text_clear (&value);
  text_clear (&change);
  text_clear (&label);
}

/* ---- Entry point ------------------------------------------------------ */

void
kc_chart_render (cairo_t              *cr,
                 const KcChartSpec    *spec,
                 const KcChartOptions *options,
                 KcChartLayout        *layout_out)
{
  g_autoptr(KcChartLayout) own_layout = NULL;
  cairo_font_options_t *font_options;
  Ctx ctx = { 0 };
  double s, dx = 1, dy = 0;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (spec != NULL);
  g_return_if_fail (options != NULL);

  if (layout_out != NULL)
    kc_chart_layout_clear (layout_out);
  else
    layout_out = own_layout = kc_chart_layout_new ();

  if (!(options->width >= 1 && options->height >= 1)
      || !isfinite (options->width) || !isfinite (options->height))
    return;

  ctx.cr = cr;
  ctx.spec = spec;
  ctx.opt = options;
  ctx.layout = layout_out;
  ctx.lang = kc_chart_language_resolve (options->language);
  ctx.zh = ctx.lang == KC_CHART_LANGUAGE_CHINESE;
  ctx.colors = kc_chart_theme_get_colors (options->theme);
  if (options->palette != NULL && options->n_palette > 0)
    {
      ctx.palette = options->palette;
      ctx.n_palette = options->n_palette;
    }
  else
    ctx.palette = kc_chart_default_palette (options->theme, &ctx.n_palette);
  /* A chosen palette (monochrome, colour-blind) colours the changes too,
   * its first two colours for up and down: a blue mark on a grey page
   * would be the one colour left. */
  {
    guint n_default;

    if (ctx.palette != kc_chart_default_palette (options->theme, &n_default))
      {
        ctx.up = &ctx.palette[0];
        ctx.down = &ctx.palette[MIN (1, ctx.n_palette - 1)];
      }
    else
      {
        ctx.up = &ctx.colors->up;
        ctx.down = &ctx.colors->down;
      }
  }
  ctx.w = options->width;
  ctx.h = options->height;

  cairo_user_to_device_distance (cr, &dx, &dy);
  ctx.device_px = 1 / MAX (hypot (dx, dy), 1e-6);

  /* Type and margins grow with the canvas; a wide banner is sized by its
   * height, a tall poster by its width. */
  s = MIN (ctx.w, ctx.h * 1.5);
  ctx.fs_title = MAX (12, s * 0.0225);
  ctx.fs_subtitle = MAX (9.5, s * 0.0145);
  ctx.fs_label = MAX (8.5, s * 0.0125);
  ctx.fs_footer = MAX (8, s * 0.0105);
  ctx.pad = MAX (8, s * 0.03);
  ctx.gap = MAX (5, s * 0.016);
  ctx.small_gap = MAX (2, s * 0.005);
  ctx.hairline = MAX (ctx.device_px, s * 0.0008);
  ctx.line_width = MAX (1.5, s * 0.0022);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, ctx.w, ctx.h);
  cairo_clip (cr);
  if (!options->transparent)
    {
      cairo_rectangle (cr, 0, 0, ctx.w, ctx.h);
      set_color (cr, &ctx.colors->background);
      cairo_fill (cr);
    }

  ctx.pango = pango_cairo_create_context (cr);
  /* Unhinted metrics, so that text takes the same room on screen, in PNG,
   * SVG and PDF and at every scale. */
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_antialias (font_options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (ctx.pango, font_options);
  cairo_font_options_destroy (font_options);
  pango_context_set_round_glyph_positions (ctx.pango, FALSE);
  pango_context_set_language (ctx.pango, pango_language_from_string (ctx.zh ? "zh-cn" : "en"));
  ctx.font = pango_font_description_new ();
  pango_font_description_set_family (ctx.font, options->font_family != NULL
                                               ? options->font_family : DEFAULT_FONT);

  layout_frame (&ctx);

  if (ctx.body.height > 1 && ctx.body.width > 1)
    {
      switch (spec->type)
        {
        case KC_CHART_KPI:
          draw_kpi (&ctx);
          break;
        case KC_CHART_SHARE:
          draw_share (&ctx);
          break;
        case KC_CHART_BAR:
        case KC_CHART_RANKING:
          draw_bar_chart (&ctx);
          break;
        case KC_CHART_LINE:
        case KC_CHART_COLUMN:
        case KC_CHART_AREA:
        default:
          draw_xy_chart (&ctx);
          break;
        }
    }

  pango_font_description_free (ctx.font);
  g_object_unref (ctx.pango);
  cairo_restore (cr);
}
