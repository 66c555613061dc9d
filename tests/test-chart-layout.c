/* test-chart-layout.c
 * Every chart type at every size, language and theme: no text overlaps,
 * none leaves the canvas, and what should be labelled is labelled. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "kc-chart-render.h"

typedef struct
{
  const char  *name;
  KcChartSpec *spec;
  /* What must be there at every size… */
  guint        min_ticks;
  guint        categories_always;  /* every category labelled, even at 320×240 */
  guint        data_labels_always;
  /* …and what must be there from 800×600 up. */
  guint        categories_large;
  guint        legend_large;
} Case;

static const struct { double w, h; } sizes[] = {
  { 320, 240 }, { 800, 600 }, { 1200, 800 }, { 4000, 3000 },
};

static KcChartSpec *
new_spec (KcChartType  type,
          const char  *title,
          const char  *unit,
          KcValueKind  kind)
{
  KcChartSpec *spec = kc_chart_spec_new (type);

  kc_chart_spec_set_title (spec, title);
  kc_chart_spec_set_subtitle (spec, "北仑区 · Beilun district, figures as reported in March 2017");
  kc_chart_spec_set_unit (spec, unit);
  kc_chart_spec_set_source (spec, "宁波日报 Ningbo Daily, 2017-03-08");
  kc_chart_spec_set_note (spec, "2017年为1-2月数据 / 2017 is January–February");
  kc_chart_spec_set_credit (spec, "科创看板");
  spec->kind = kind;
  return spec;
}

static GPtrArray *
make_cases (void)
{
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_free);
  static const char * const platforms[] = { "国家级企业工程技术中心", "省市级企业研究院", "企业工程技术中心", "院士工作站" };
  static const double platform_counts[] = { 2, 20, 128, 7 };
  static const char * const listings[] = { "主板上市高新技术企业", "新三板挂牌科技型企业",
                                           "宁波市区域性股权交易中心挂牌的科技型初创企业" };
  static const double listing_counts[] = { 8, 7, 69 };
  static const char * const periods[] = { "2016年末", "2017年1-2月" };
  static const double rate[] = { 27.8, 30 };
  static const char * const trade[] = { "引进技术成交额", "输出技术金额" };
  static const double trade_in[] = { 5.91, 6.3 };
  static const double trade_out[] = { 1.77, NAN };
  double monthly_a[36], monthly_b[36];
  char *months[36];
  Case *c;

  for (guint i = 0; i < 36; i++)
    {
      months[i] = g_strdup_printf ("%u年%u月", 2015 + i / 12, i % 12 + 1);
      monthly_a[i] = 20 + 10 * sin (i / 3.0) + i * 0.3;
      monthly_b[i] = 15 + 5 * cos (i / 4.0);
    }
  monthly_a[17] = NAN;  /* a gap */

  c = g_new0 (Case, 1);
  c->name = "kpi";
  c->spec = new_spec (KC_CHART_KPI, "新产品产值率", "%", KC_VALUE_RATIO);
  kc_chart_spec_set_categories (c->spec, periods, 2);
  kc_chart_spec_add_series (c->spec, NULL, rate, 2);
  kc_chart_spec_set_kpi (c->spec, NAN, "新产品产值率 New-product rate", "2017年1-2月", 2.2,
                         KC_CHANGE_POINTS, "较去年年底");
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "kpi-amount";
  c->spec = new_spec (KC_CHART_KPI, "新产品产值", "亿元", KC_VALUE_AMOUNT);
  kc_chart_spec_set_kpi (c->spec, 128.7, NULL, "2017年1-2月", NAN, KC_CHANGE_NONE, NULL);
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "line";
  c->spec = new_spec (KC_CHART_LINE, "新产品产值率", "%", KC_VALUE_RATIO);
  kc_chart_spec_set_categories (c->spec, periods, 2);
  kc_chart_spec_add_series (c->spec, "新产品产值率", rate, 2);
  c->min_ticks = 2;
  c->categories_always = 2;
  c->data_labels_always = 2;
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "line-monthly";
  c->spec = new_spec (KC_CHART_LINE, "月度指数", "点", KC_VALUE_AMOUNT);
  kc_chart_spec_set_categories (c->spec, (const char * const *) months, 36);
  kc_chart_spec_add_series (c->spec, "高新技术产业", monthly_a, 36);
  kc_chart_spec_add_series (c->spec, "规上工业", monthly_b, 36);
  c->min_ticks = 2;
  c->legend_large = 2;
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "column";
  c->spec = new_spec (KC_CHART_COLUMN, "北仑区企业创新平台", "家", KC_VALUE_COUNT);
  kc_chart_spec_set_categories (c->spec, platforms, 4);
  kc_chart_spec_add_series (c->spec, NULL, platform_counts, 4);
  c->categories_always = 4;
  c->data_labels_always = 4;
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "column-grouped";
  c->spec = new_spec (KC_CHART_COLUMN, "技术交易", "亿元", KC_VALUE_AMOUNT);
  kc_chart_spec_set_categories (c->spec, trade, 2);
  kc_chart_spec_add_series (c->spec, "2016年", trade_in, 2);
  kc_chart_spec_add_series (c->spec, "2017年", trade_out, 2);
  c->min_ticks = 2;
  c->categories_always = 2;
  c->legend_large = 2;
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "column-stacked";
  c->spec = new_spec (KC_CHART_COLUMN, "月度构成", "万元", KC_VALUE_AMOUNT);
  kc_chart_spec_set_categories (c->spec, (const char * const *) months, 24);
  kc_chart_spec_add_series (c->spec, "甲", monthly_a, 24);
  kc_chart_spec_add_series (c->spec, "乙", monthly_b, 24);
  c->spec->stacked = TRUE;
  c->min_ticks = 2;
  c->legend_large = 2;
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "bar";
  c->spec = new_spec (KC_CHART_BAR, "北仑区科技型企业上市挂牌情况", "家", KC_VALUE_COUNT);
  kc_chart_spec_set_categories (c->spec, listings, 3);
  kc_chart_spec_add_series (c->spec, NULL, listing_counts, 3);
  c->categories_always = 3;
  c->data_labels_always = 3;
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "area";
  c->spec = new_spec (KC_CHART_AREA, "月度指数", "点", KC_VALUE_AMOUNT);
  kc_chart_spec_set_categories (c->spec, (const char * const *) months, 36);
  kc_chart_spec_add_series (c->spec, "甲", monthly_a, 36);
  kc_chart_spec_add_series (c->spec, "乙", monthly_b, 36);
  c->spec->stacked = TRUE;
  c->min_ticks = 2;
  c->legend_large = 2;
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "share";
  c->spec = new_spec (KC_CHART_SHARE, "高新技术产业产值占规上工业产值比重", "亿元", KC_VALUE_AMOUNT);
  kc_chart_spec_set_share (c->spec, 251.25, 251.25 / 0.585, NAN, "高新技术产业产值");
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "share-slices";
  c->spec = new_spec (KC_CHART_SHARE, "创新平台构成", "家", KC_VALUE_COUNT);
  kc_chart_spec_set_categories (c->spec, platforms, 4);
  kc_chart_spec_add_series (c->spec, NULL, platform_counts, 4);
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "ranking";
  c->spec = new_spec (KC_CHART_RANKING, "各类创新载体", "家", KC_VALUE_COUNT);
  kc_chart_spec_set_categories (c->spec, platforms, 4);
  kc_chart_spec_add_series (c->spec, NULL, platform_counts, 4);
  c->spec->highlight = 3;
  c->categories_always = 4;
  c->data_labels_always = 4;
  g_ptr_array_add (cases, c);

  c = g_new0 (Case, 1);
  c->name = "target";
  c->spec = new_spec (KC_CHART_COLUMN, "上市公司", "家", KC_VALUE_COUNT);
  kc_chart_spec_set_categories (c->spec, (const char * const[]) { "2017年" }, 1);
  kc_chart_spec_add_series (c->spec, NULL, (const double[]) { 8 }, 1);
  kc_chart_spec_set_target (c->spec, 24, NULL, "2021年");
  c->min_ticks = 2;
  c->categories_always = 1;
  c->data_labels_always = 1;
  g_ptr_array_add (cases, c);

  for (guint i = 0; i < 36; i++)
    g_free (months[i]);

  return cases;
}

static void
free_case (gpointer data)
{
  Case *c = data;

  kc_chart_spec_unref (c->spec);
  g_free (c);
}

static gboolean
has_role (const KcChartLayout *layout,
          KcChartTextRole      role)
{
  return kc_chart_layout_count_role (layout, role) > 0;
}

static KcChartLayout *
render_with_footer (const KcChartSpec *spec,
                    double             w,
                    double             h,
                    KcChartLanguage    language,
                    KcChartTheme       theme,
                    gboolean           footer)
{
  KcChartLayout *layout = kc_chart_layout_new ();
  /* The renderer draws in user units; the overlap rules do not depend on
   * pixels, so a small surface scaled down keeps 4000×3000 cheap. */
  double k = MIN (1, 1000 / MAX (w, h));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, ceil (w * k), ceil (h * k));
  cairo_t *cr = cairo_create (surface);
  KcChartOptions options;

  kc_chart_options_init (&options, w, h);
  options.language = language;
  options.theme = theme;
  options.show_footer = footer;
  cairo_scale (cr, k, k);
  kc_chart_render (cr, spec, &options, layout);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return layout;
}

static KcChartLayout *
render (const KcChartSpec *spec,
        double             w,
        double             h,
        KcChartLanguage    language,
        KcChartTheme       theme)
{
  return render_with_footer (spec, w, h, language, theme, TRUE);
}

static void
assert_layout_sound (const KcChartLayout *layout,
                     double               w,
                     double               h,
                     const char          *what)
{
  guint n = kc_chart_layout_get_n_boxes (layout);

  for (guint i = 0; i < n; i++)
    {
      const KcChartTextBox *a = kc_chart_layout_get_box (layout, i);

      if (a->rect.x < -0.01 || a->rect.y < -0.01
          || a->rect.x + a->rect.width > w + 0.01 || a->rect.y + a->rect.height > h + 0.01)
        g_error ("%s: “%s” at %.1f,%.1f %.1f×%.1f leaves the %g×%g canvas", what, a->text,
                 a->rect.x, a->rect.y, a->rect.width, a->rect.height, w, h);
      g_assert_cmpfloat (a->rect.width, >, 0);
      g_assert_cmpfloat (a->rect.height, >, 0);
      g_assert_true (a->text != NULL && a->text[0] != '\0');

      for (guint j = i + 1; j < n; j++)
        {
          const KcChartTextBox *b = kc_chart_layout_get_box (layout, j);

          if (kc_chart_rect_overlaps (&a->rect, &b->rect))
            g_error ("%s: “%s” (%.1f,%.1f %.1f×%.1f) overlaps “%s” (%.1f,%.1f %.1f×%.1f)", what,
                     a->text, a->rect.x, a->rect.y, a->rect.width, a->rect.height,
                     b->text, b->rect.x, b->rect.y, b->rect.width, b->rect.height);
        }
    }
}

/* The sparkline stays on the canvas and clear of every text box. */
static void
assert_sparkline_sound (const KcChartLayout *layout,
                        double               w,
                        double               h,
                        const char          *what)
{
  KcChartRect spark;

  if (!kc_chart_layout_get_sparkline (layout, &spark))
    return;

  if (spark.x < -0.01 || spark.y < -0.01 || spark.x + spark.width > w + 0.01
      || spark.y + spark.height > h + 0.01 || spark.width <= 0 || spark.height <= 0)
    g_error ("%s: the sparkline at %.1f,%.1f %.1f×%.1f leaves the %g×%g canvas", what,
             spark.x, spark.y, spark.width, spark.height, w, h);
  for (guint i = 0; i < kc_chart_layout_get_n_boxes (layout); i++)
    {
      const KcChartTextBox *b = kc_chart_layout_get_box (layout, i);

      if (kc_chart_rect_overlaps (&spark, &b->rect))
        g_error ("%s: the sparkline (%.1f,%.1f %.1f×%.1f) overlaps “%s” (%.1f,%.1f %.1f×%.1f)", what,
                 spark.x, spark.y, spark.width, spark.height,
                 b->text, b->rect.x, b->rect.y, b->rect.width, b->rect.height);
    }
}

/* Counts @role's boxes and fails naming the chart, size and language. */
static void
expect (const char          *what,
        const KcChartLayout *layout,
        KcChartTextRole      role,
        const char          *op,
        guint                expected)
{
  guint n = kc_chart_layout_count_role (layout, role);
  gboolean ok = g_str_equal (op, "==") ? n == expected : n >= expected;

  if (!ok)
    g_error ("%s: %u boxes of role %d, expected %s %u", what, n, role, op, expected);
}

static void
test_every_type_size_language_theme (void)
{
  g_autoptr(GPtrArray) cases = make_cases ();
  guint checked = 0;
  gboolean seen_type[KC_N_CHART_TYPES] = { FALSE };

  g_ptr_array_set_free_func (cases, free_case);
  for (guint ci = 0; ci < cases->len; ci++)
    {
      Case *c = g_ptr_array_index (cases, ci);

      seen_type[c->spec->type] = TRUE;
      for (guint si = 0; si < G_N_ELEMENTS (sizes); si++)
        for (int lang = KC_CHART_LANGUAGE_CHINESE; lang <= KC_CHART_LANGUAGE_ENGLISH; lang++)
          for (int theme = KC_CHART_THEME_LIGHT; theme <= KC_CHART_THEME_DARK; theme++)
            {
              double w = sizes[si].w, h = sizes[si].h;
              gboolean large = w >= 800;
              g_autoptr(KcChartLayout) layout = render (c->spec, w, h, lang, theme);
              g_autofree char *what = g_strdup_printf ("%s %g×%g %s %s", c->name, w, h,
                                                       lang == KC_CHART_LANGUAGE_CHINESE ? "zh" : "en",
                                                       theme == KC_CHART_THEME_DARK ? "dark" : "light");

              assert_layout_sound (layout, w, h, what);

              /* Not vacuous: the chart's own parts are there. */
              expect (what, layout, KC_CHART_TEXT_TITLE, "==", 1);
              expect (what, layout, KC_CHART_TEXT_SOURCE, "==", 1);
              if (large)
                {
                  expect (what, layout, KC_CHART_TEXT_SUBTITLE, "==", 1);
                  expect (what, layout, KC_CHART_TEXT_NOTE, "==", 1);
                  expect (what, layout, KC_CHART_TEXT_CREDIT, "==", 1);
                }
              expect (what, layout, KC_CHART_TEXT_TICK, ">=", c->min_ticks);
              if (c->categories_always > 0)
                expect (what, layout, KC_CHART_TEXT_CATEGORY, "==", c->categories_always);
              if (c->data_labels_always > 0)
                expect (what, layout, KC_CHART_TEXT_DATA_LABEL, "==", c->data_labels_always);
              if (large && c->legend_large > 0)
                expect (what, layout, KC_CHART_TEXT_LEGEND, "==", c->legend_large);
              if (c->spec->n_series <= 1 && c->spec->type != KC_CHART_SHARE)
                g_assert_false (has_role (layout, KC_CHART_TEXT_LEGEND));

              switch (c->spec->type)
                {
                case KC_CHART_KPI:
                  expect (what, layout, KC_CHART_TEXT_KPI_VALUE, "==", 1);
                  expect (what, layout, KC_CHART_TEXT_KPI_PERIOD, "==", 1);
                  expect (what, layout, KC_CHART_TEXT_KPI_CHANGE, "==", isfinite (c->spec->kpi.change) ? 1 : 0);
                  assert_sparkline_sound (layout, w, h, what);
                  if (large && c->spec->n_series > 0)
                    g_assert_true (kc_chart_layout_get_sparkline (layout, NULL));
                  break;
                case KC_CHART_SHARE:
                  expect (what, layout, KC_CHART_TEXT_SHARE_VALUE, "==", 1);
                  if (c->spec->n_series > 0 && large)
                    expect (what, layout, KC_CHART_TEXT_LEGEND, "==", c->spec->n_categories);
                  break;
                case KC_CHART_LINE:
                case KC_CHART_COLUMN:
                case KC_CHART_AREA:
                case KC_CHART_BAR:
                case KC_CHART_RANKING:
                default:
                  g_assert_true (has_role (layout, KC_CHART_TEXT_CATEGORY));
                  g_assert_true (kc_chart_layout_get_plot_area (layout, NULL, NULL, NULL, NULL));
                  break;
                }
              expect (what, layout, KC_CHART_TEXT_TARGET, "==", c->spec->target.set ? 1 : 0);
              checked++;
            }
    }

  for (guint t = 0; t < KC_N_CHART_TYPES; t++)
    g_assert_true (seen_type[t]);
  g_assert_cmpuint (checked, ==, cases->len * G_N_ELEMENTS (sizes) * 4);
}

static void
test_units_and_magnitudes_in_axis_title (void)
{
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_COLUMN);
  static const char * const names[] = { "引进", "输出" };
  static const double values[] = { 5.91, 1.77 };
  g_autoptr(KcChartLayout) zh = NULL;
  g_autoptr(KcChartLayout) en = NULL;

  kc_chart_spec_set_title (spec, "技术交易");
  kc_chart_spec_set_unit (spec, "亿元");
  kc_chart_spec_set_categories (spec, names, 2);
  kc_chart_spec_add_series (spec, NULL, values, 2);

  zh = render (spec, 800, 600, KC_CHART_LANGUAGE_CHINESE, KC_CHART_THEME_LIGHT);
  en = render (spec, 800, 600, KC_CHART_LANGUAGE_ENGLISH, KC_CHART_THEME_LIGHT);
  g_assert_cmpstr (kc_chart_layout_find_role (zh, KC_CHART_TEXT_AXIS_TITLE)->text, ==, "亿元");
  g_assert_cmpstr (kc_chart_layout_find_role (en, KC_CHART_TEXT_AXIS_TITLE)->text, ==, "million yuan");

  /* Data labels follow the axis: 5.91 (亿元) and 591 (million yuan). */
  for (guint i = 0; i < kc_chart_layout_get_n_boxes (en); i++)
    {
      const KcChartTextBox *b = kc_chart_layout_get_box (en, i);

      if (b->role == KC_CHART_TEXT_DATA_LABEL)
        g_assert_true (g_str_equal (b->text, "591") || g_str_equal (b->text, "177"));
    }
}

static void
test_missing_values_are_gaps (void)
{
  g_autoptr(KcChartSpec) line = kc_chart_spec_new (KC_CHART_LINE);
  g_autoptr(KcChartSpec) column = NULL;
  static const double values[] = { 3, 4, NAN, 6, 7 };
  static const char * const years[] = { "2013", "2014", "2015", "2016", "2017" };
  g_autoptr(KcChartLayout) layout = NULL;
  guint dashes = 0;

  kc_chart_spec_set_title (line, "Gaps");
  kc_chart_spec_set_categories (line, years, 5);
  kc_chart_spec_add_series (line, NULL, values, 5);
  column = kc_chart_spec_copy (line);
  column->type = KC_CHART_COLUMN;

  layout = render (line, 800, 600, KC_CHART_LANGUAGE_ENGLISH, KC_CHART_THEME_LIGHT);
  g_assert_cmpuint (kc_chart_layout_get_n_points (layout), ==, 4);
  g_assert_cmpint (kc_chart_layout_lookup_point (layout, 0, 2), ==, -1);
  g_assert_cmpint (kc_chart_layout_lookup_point (layout, 0, 3), >=, 0);
  g_clear_pointer (&layout, kc_chart_layout_free);

  /* A missing column is marked as missing, not drawn as a zero. */
  layout = render (column, 800, 600, KC_CHART_LANGUAGE_ENGLISH, KC_CHART_THEME_LIGHT);
  g_assert_cmpuint (kc_chart_layout_get_n_points (layout), ==, 4);
  for (guint i = 0; i < kc_chart_layout_get_n_boxes (layout); i++)
    {
      const KcChartTextBox *b = kc_chart_layout_get_box (layout, i);

      if (b->role == KC_CHART_TEXT_DATA_LABEL && g_str_equal (b->text, "\xe2\x80\x93"))
        dashes++;
      if (b->role == KC_CHART_TEXT_DATA_LABEL)
        g_assert_cmpstr (b->text, !=, "0");
    }
  g_assert_cmpuint (dashes, ==, 1);
}

static void
test_labels_thin_out (void)
{
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_LINE);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  double values[120];
  g_autoptr(KcChartLayout) small = NULL;
  g_autoptr(KcChartLayout) large = NULL;
  guint n_small, n_large;

  for (guint i = 0; i < 120; i++)
    {
      g_ptr_array_add (labels, g_strdup_printf ("%u年%u月", 2008 + i / 12, i % 12 + 1));
      values[i] = i % 7;
    }
  kc_chart_spec_set_title (spec, "Monthly");
  kc_chart_spec_set_categories (spec, (const char * const *) labels->pdata, 120);
  kc_chart_spec_add_series (spec, NULL, values, 120);

  small = render (spec, 320, 240, KC_CHART_LANGUAGE_CHINESE, KC_CHART_THEME_LIGHT);
  large = render (spec, 4000, 3000, KC_CHART_LANGUAGE_CHINESE, KC_CHART_THEME_LIGHT);
  assert_layout_sound (small, 320, 240, "thinned small");
  assert_layout_sound (large, 4000, 3000, "thinned large");
  n_small = kc_chart_layout_count_role (small, KC_CHART_TEXT_CATEGORY);
  n_large = kc_chart_layout_count_role (large, KC_CHART_TEXT_CATEGORY);
  g_assert_cmpuint (n_small, >=, 2);
  g_assert_cmpuint (n_small, <, 120);
  g_assert_cmpuint (n_large, >=, n_small);
  /* The latest period is always labelled. */
  {
    gboolean last = FALSE;

    for (guint i = 0; i < kc_chart_layout_get_n_boxes (small); i++)
      if (g_str_equal (kc_chart_layout_get_box (small, i)->text, "2017年12月"))
        last = TRUE;
    g_assert_true (last);
  }
}

static void
test_long_columns_turn_into_bars (void)
{
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_COLUMN);
  static const char * const names[] = {
    "National engineering and technology research centres",
    "Provincial and municipal enterprise research institutes",
    "Enterprise engineering and technology centres",
    "Academician workstations",
    "Regional innovation carriers and technology transfer offices",
    "Pilot-scale platforms shared by several companies",
  };
  static const double values[] = { 2, 20, 128, 7, 14, 1 };
  g_autoptr(KcChartLayout) layout = NULL;
  gboolean horizontal = FALSE;

  kc_chart_spec_set_title (spec, "Platforms");
  kc_chart_spec_set_categories (spec, names, 6);
  kc_chart_spec_add_series (spec, NULL, values, 6);

  layout = render (spec, 320, 240, KC_CHART_LANGUAGE_ENGLISH, KC_CHART_THEME_LIGHT);
  assert_layout_sound (layout, 320, 240, "long columns");
  g_assert_true (kc_chart_layout_get_plot_area (layout, NULL, NULL, NULL, &horizontal));
  g_assert_true (horizontal);
  expect ("long columns", layout, KC_CHART_TEXT_CATEGORY, "==", 6);
}

static void
test_million_points_decimated (void)
{
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_LINE);
  guint n = 1000000;
  g_autofree double *values = g_new (double, n);
  g_autoptr(KcChartLayout) layout = NULL;
  KcChartRect plot;

  for (guint i = 0; i < n; i++)
    values[i] = sin (i / 1000.0);
  kc_chart_spec_set_title (spec, "A million points");
  kc_chart_spec_set_categories (spec, NULL, n);
  kc_chart_spec_add_series (spec, NULL, values, n);

  layout = render (spec, 1200, 800, KC_CHART_LANGUAGE_ENGLISH, KC_CHART_THEME_LIGHT);
  assert_layout_sound (layout, 1200, 800, "million");
  g_assert_true (kc_chart_layout_get_plot_area (layout, &plot, NULL, NULL, NULL));
  /* One recorded point per pixel column, not a million. */
  g_assert_cmpuint (kc_chart_layout_get_n_points (layout), <=, (guint) plot.width + 2);
  g_assert_cmpuint (kc_chart_layout_get_n_points (layout), >=, (guint) plot.width / 2);
  g_assert_cmpuint (kc_chart_layout_count_role (layout, KC_CHART_TEXT_CATEGORY), >=, 2);
}

static void
test_log_scale (void)
{
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_LINE);
  static const double values[] = { 3, 30, 300, 3000, 30000 };
  KcChartOptions options;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(KcChartLayout) layout = kc_chart_layout_new ();
  const KcChartPoint *a, *b, *c;

  kc_chart_spec_set_title (spec, "Log");
  kc_chart_spec_add_series (spec, NULL, values, 5);
  kc_chart_options_init (&options, 800, 600);
  options.log_scale = TRUE;
  kc_chart_render (cr, spec, &options, layout);

  /* Equal ratios are equal distances. */
  a = kc_chart_layout_get_point (layout, 0);
  b = kc_chart_layout_get_point (layout, 1);
  c = kc_chart_layout_get_point (layout, 2);
  g_assert_cmpfloat_with_epsilon (a->y - b->y, b->y - c->y, 0.01);

  /* A value that is not positive turns the log scale off. */
  spec->series[0].values[0] = 0;
  kc_chart_render (cr, spec, &options, layout);
  a = kc_chart_layout_get_point (layout, 0);
  b = kc_chart_layout_get_point (layout, 1);
  c = kc_chart_layout_get_point (layout, 2);
  g_assert_cmpfloat (fabs ((a->y - b->y) - (b->y - c->y)), >, 1);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_empty_and_tiny (void)
{
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_LINE);
  static const double nothing[] = { NAN, NAN };
  g_autoptr(KcChartLayout) layout = NULL;

  kc_chart_spec_set_title (spec, "Nothing yet");
  kc_chart_spec_add_series (spec, NULL, nothing, 2);
  layout = render (spec, 800, 600, KC_CHART_LANGUAGE_ENGLISH, KC_CHART_THEME_LIGHT);
  expect ("empty", layout, KC_CHART_TEXT_EMPTY, "==", 1);
  g_assert_cmpuint (kc_chart_layout_get_n_points (layout), ==, 0);
  g_clear_pointer (&layout, kc_chart_layout_free);

  /* Far below the supported sizes: nothing may crash or spill out. */
  spec->series[0].values[0] = 1;
  layout = render (spec, 40, 30, KC_CHART_LANGUAGE_ENGLISH, KC_CHART_THEME_LIGHT);
  assert_layout_sound (layout, 40, 30, "tiny");
  g_clear_pointer (&layout, kc_chart_layout_free);
  layout = render (spec, 0, 0, KC_CHART_LANGUAGE_ENGLISH, KC_CHART_THEME_LIGHT);
  g_assert_cmpuint (kc_chart_layout_get_n_boxes (layout), ==, 0);
}

static void
test_spec_basics (void)
{
  g_autoptr(KcChartSpec) spec = kc_chart_spec_new (KC_CHART_LINE);
  g_autoptr(KcChartSpec) copy = NULL;
  static const char * const periods[] = { "2016年末", "2017年1-2月" };
  static const double rate[] = { 27.8, 30 };
  g_autofree char *zh = NULL;
  g_autofree char *en = NULL;
  g_autofree char *point = NULL;
  KcChartType type;
  KcColor color;

  for (guint t = 0; t < KC_N_CHART_TYPES; t++)
    {
      g_assert_true (kc_chart_type_from_string (kc_chart_type_to_string (t), &type));
      g_assert_cmpint (type, ==, t);
    }
  g_assert_true (kc_chart_type_from_string (" Donut ", &type));
  g_assert_cmpint (type, ==, KC_CHART_SHARE);
  g_assert_true (kc_chart_type_from_string ("柱状图", &type));
  g_assert_cmpint (type, ==, KC_CHART_COLUMN);
  g_assert_true (kc_chart_type_from_string ("指标卡", &type));
  g_assert_cmpint (type, ==, KC_CHART_KPI);
  g_assert_false (kc_chart_type_from_string ("radar", &type));

  g_assert_true (kc_color_parse ("#3584e4", &color));
  g_assert_cmpfloat_with_epsilon (color.b, 0xe4 / 255.0, 1e-9);
  g_assert_cmpfloat (color.a, ==, 1);
  g_assert_true (kc_color_parse ("#3584e480", &color));
  g_assert_cmpfloat_with_epsilon (color.a, 0x80 / 255.0, 1e-9);
  g_assert_false (kc_color_parse ("3584e4", &color));
  g_assert_false (kc_color_parse ("#3584g4", &color));

  kc_chart_spec_set_title (spec, "新产品产值率");
  kc_chart_spec_set_unit (spec, "%");
  spec->kind = KC_VALUE_RATIO;
  kc_chart_spec_set_categories (spec, periods, 2);
  kc_chart_spec_add_series (spec, "北仑", rate, 2);

  /* A copy owns its data. */
  copy = kc_chart_spec_copy (spec);
  spec->series[0].values[1] = 99;
  kc_chart_spec_set_title (spec, "changed");
  g_assert_cmpfloat (kc_chart_spec_get_value (copy, 0, 1), ==, 30);
  g_assert_cmpstr (copy->title, ==, "新产品产值率");
  g_assert_cmpstr (copy->categories[1], ==, "2017年1-2月");

  /* Out of range is missing, never zero. */
  g_assert_true (isnan (kc_chart_spec_get_value (copy, 0, 2)));
  g_assert_true (isnan (kc_chart_spec_get_value (copy, 1, 0)));

  g_assert_cmpint (kc_chart_spec_get_change_kind (copy), ==, KC_CHANGE_POINTS);
  g_assert_cmpfloat_with_epsilon (kc_chart_spec_get_change (copy, 0, 1), 2.2, 1e-9);
  g_assert_true (isnan (kc_chart_spec_get_change (copy, 0, 0)));

  zh = kc_chart_spec_describe (copy, KC_CHART_LANGUAGE_CHINESE);
  en = kc_chart_spec_describe (copy, KC_CHART_LANGUAGE_ENGLISH);
  g_assert_cmpstr (zh, ==, "新产品产值率，2017年1-2月：30%");
  g_assert_cmpstr (en, ==, "新产品产值率, 2017年1-2月: 30%");
  point = kc_chart_spec_describe_point (copy, 0, 1, KC_CHART_LANGUAGE_CHINESE);
  g_assert_cmpstr (point, ==, "2017年1-2月\n北仑：30%\n较上期 +2.2个百分点");
}

/* A card as the dashboard shows them: same title, period and footer, so
 * that only what the card says differs. */
static KcChartSpec *
new_card (double       value,
          const char  *unit,
          KcValueKind  kind)
{
  KcChartSpec *spec = kc_chart_spec_new (KC_CHART_KPI);

  kc_chart_spec_set_title (spec, "新产品产值率 New-product rate");
  kc_chart_spec_set_unit (spec, unit);
  kc_chart_spec_set_source (spec, "宁波日报 Ningbo Daily, 2017-03-08");
  kc_chart_spec_set_note (spec, "报道附图第二项");
  spec->kind = kind;
  kc_chart_spec_set_kpi (spec, value, NULL, "2017年1-2月", NAN, KC_CHANGE_NONE, NULL);
  return spec;
}

static double
value_size (const KcChartLayout *layout,
            const char          *what)
{
  const KcChartTextBox *box = kc_chart_layout_find_role (layout, KC_CHART_TEXT_KPI_VALUE);

  if (box == NULL)
    g_error ("%s: no figure", what);
  return box->font_size;
}

/* The headline figures of a row of cards carry the same weight: a change
 * line, a label or a sparkline goes where the figure leaves room and
 * does not shrink it. */
static void
test_kpi_figures_one_size (void)
{
  static const char * const periods[] = { "2016年末", "2017年1-2月" };
  static const double rate[] = { 27.8, 30 };
  /* The dashboard's cards and exports; without a footer, the poster's
   * card band (six cards across an A4 page). */
  static const struct { double w, h; gboolean footer; } card_sizes[] = {
    { 300, 170, TRUE }, { 320, 240, TRUE }, { 340, 180, TRUE }, { 480, 260, TRUE }, { 800, 600, TRUE },
    { 1200, 800, TRUE }, { 4000, 3000, TRUE }, { 180, 120, FALSE },
  };
  KcChartSpec *cards[4];
  static const char * const names[] = { "change and sparkline", "sparkline", "label", "figure only" };

  /* 30 % with "▲ 2.2 pp vs 2016" and a sparkline, as in the bundled data. */
  cards[0] = new_card (NAN, "%", KC_VALUE_RATIO);
  kc_chart_spec_set_categories (cards[0], periods, 2);
  kc_chart_spec_add_series (cards[0], NULL, rate, 2);
  kc_chart_spec_set_kpi (cards[0], NAN, NULL, "2017年1-2月", 2.2, KC_CHANGE_POINTS, "较去年年底");
  cards[1] = new_card (NAN, "%", KC_VALUE_RATIO);
  kc_chart_spec_set_categories (cards[1], periods, 2);
  kc_chart_spec_add_series (cards[1], NULL, rate, 2);
  cards[2] = new_card (3251, "件", KC_VALUE_COUNT);
  kc_chart_spec_set_kpi (cards[2], 3251, "授权专利 Patents granted", "2017年", NAN, KC_CHANGE_NONE, NULL);
  cards[3] = new_card (90, "%", KC_VALUE_RATIO);

  for (guint si = 0; si < G_N_ELEMENTS (card_sizes); si++)
    for (int lang = KC_CHART_LANGUAGE_CHINESE; lang <= KC_CHART_LANGUAGE_ENGLISH; lang++)
      {
        double w = card_sizes[si].w, h = card_sizes[si].h;
        double sizes[G_N_ELEMENTS (cards)];

        for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
          {
            g_autoptr(KcChartLayout) layout = render_with_footer (cards[i], w, h, lang, KC_CHART_THEME_LIGHT,
                                                                  card_sizes[si].footer);
            g_autofree char *what = g_strdup_printf ("card with %s %g×%g %s", names[i], w, h,
                                                     lang == KC_CHART_LANGUAGE_CHINESE ? "zh" : "en");

            assert_layout_sound (layout, w, h, what);
            assert_sparkline_sound (layout, w, h, what);
            sizes[i] = value_size (layout, what);
            expect (what, layout, KC_CHART_TEXT_KPI_PERIOD, "==", 1);
            expect (what, layout, KC_CHART_TEXT_KPI_CHANGE, "==", i == 0 ? 1 : 0);
            /* On a poster's small card the label, which restates the
             * title, may give way; the change line never does. */
            if (i == 2 && card_sizes[si].footer)
              expect (what, layout, KC_CHART_TEXT_KPI_LABEL, "==", 1);
            if (i == 1 && card_sizes[si].footer)
              g_assert_true (kc_chart_layout_get_sparkline (layout, NULL));
            /* Large: the figure is the card's biggest text by far. */
            if (sizes[i] < h * 0.15)
              g_error ("%s: the figure is only %.1f units", what, sizes[i]);
            if (!(fabs (sizes[i] - sizes[0]) <= sizes[0] * 0.005))
              g_error ("%s: the figure is %.1f units, on the card with a change line %.1f",
                       what, sizes[i], sizes[0]);
          }
      }

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    kc_chart_spec_unref (cards[i]);
}

/* A card with only a figure and its period, from tiny to large, in steps
 * of a few pixels: when the figure is too tall for the card there is no
 * change line or label to put beside it, and the figure shrinks. */
static void
test_kpi_figure_only_every_size (void)
{
  g_autoptr(KcChartSpec) spec = new_card (128.7, "亿元", KC_VALUE_AMOUNT);
  guint n = 0;

  for (double w = 40; w <= 420; w += 7)
    for (double h = 24; h <= 260; h += 5)
      for (int lang = KC_CHART_LANGUAGE_CHINESE; lang <= KC_CHART_LANGUAGE_ENGLISH; lang++)
        {
          g_autoptr(KcChartLayout) layout = render_with_footer (spec, w, h, lang, KC_CHART_THEME_LIGHT, FALSE);
          g_autofree char *what = g_strdup_printf ("figure-only card %g×%g %s", w, h,
                                                   lang == KC_CHART_LANGUAGE_CHINESE ? "zh" : "en");

          assert_layout_sound (layout, w, h, what);
          n += kc_chart_layout_count_role (layout, KC_CHART_TEXT_KPI_VALUE);
        }
  /* Most of them have room for the figure. */
  g_assert_cmpuint (n, >, 2000);
}

/* A label that only repeats the title is not written twice. */
static void
test_kpi_label_repeating_title (void)
{
  g_autoptr(KcChartSpec) spec = new_card (3.4, "亿元", KC_VALUE_AMOUNT);
  g_autoptr(KcChartLayout) same = NULL;
  g_autoptr(KcChartLayout) other = NULL;

  kc_chart_spec_set_title (spec, "Output added with overseas experts\xe2\x80\x99 help");
  kc_chart_spec_set_kpi (spec, 3.4, "output added with overseas experts' help", "2017", NAN, KC_CHANGE_NONE, NULL);
  same = render (spec, 800, 600, KC_CHART_LANGUAGE_ENGLISH, KC_CHART_THEME_LIGHT);
  expect ("label repeating the title", same, KC_CHART_TEXT_KPI_LABEL, "==", 0);

  kc_chart_spec_set_kpi (spec, 3.4, "Over the past six years", "2017", NAN, KC_CHANGE_NONE, NULL);
  other = render (spec, 800, 600, KC_CHART_LANGUAGE_ENGLISH, KC_CHART_THEME_LIGHT);
  expect ("label of its own", other, KC_CHART_TEXT_KPI_LABEL, "==", 1);
}

/* Where @layout's second line starts, as text: "" for one line. */
static const char *
second_line (PangoLayout *layout)
{
  if (pango_layout_get_line_count (layout) < 2)
    return "";
  return pango_layout_get_text (layout) + pango_layout_get_line_readonly (layout, 1)->start_index;
}

/* A line starting with a full-width bracket starts flush with the line
 * above: the bracket is set half-width, not with its empty left half. */
static void
test_bracket_starts_flush (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Noto Sans CJK SC Bold 20px");
  PangoRectangle ink[2], logical;
  static const char *texts[] = { "授权专利（2016年至今）", "授权专利 （2016年至今）" };

  pango_layout_set_font_description (layout, font);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* With a space before the bracket too, which the first line drops. */
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      pango_layout_set_width (layout, -1);
      pango_layout_set_attributes (layout, NULL);
      pango_layout_set_text (layout, texts[i], -1);
      pango_layout_get_extents (layout, NULL, &logical);
      pango_layout_set_width (layout, logical.width * 2 / 3);
      g_assert_cmpint (pango_layout_get_line_count (layout), ==, 2);

      _kc_chart_balance_two_lines (layout, 10);
      g_assert_cmpint (pango_layout_get_line_count (layout), ==, 2);
      g_assert_true (g_str_has_prefix (second_line (layout), "（"));
      for (int l = 0; l < 2; l++)
        pango_layout_line_get_extents (pango_layout_get_line_readonly (layout, l), &ink[l], NULL);
      g_test_message ("%s: ink starts at %.1f and %.1f px", texts[i], ink[0].x / (double) PANGO_SCALE,
                      ink[1].x / (double) PANGO_SCALE);
      /* Half an em would be 10 px. */
      g_assert_cmpfloat (ABS (ink[1].x - ink[0].x) / (double) PANGO_SCALE, <, 5);
    }

  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Long names cut in the middle keep whole words on both sides of the
 * ellipsis, or at least the last word; the cut fits the width asked. */
static void
test_cut_middle_at_words (void)
{
  static const char *labels[] = {
    "Provincial or municipal enterprise research institutes",
    "Provincial or municipal academician workstations",
  };
  const char *ellipsis = "\xe2\x80\xa6";
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Noto Sans 12px");
  guint spaced = 0, unspaced = 0, last_word = 0;

  pango_layout_set_font_description (layout, font);
  g_assert_null (_kc_chart_cut_middle_at_words (layout, "Research institutes", 40 * PANGO_SCALE));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *last = g_strdup (strrchr (labels[i], ' '));

      /* Too narrow for any of it. */
      g_assert_null (_kc_chart_cut_middle_at_words (layout, labels[i], 40 * PANGO_SCALE));
      for (int px = 60; px <= 300; px += 5)
        {
          g_autofree char *cut = _kc_chart_cut_middle_at_words (layout, labels[i], px * PANGO_SCALE);
          g_autofree char *head = NULL;
          const char *tail;
          PangoRectangle logical;

          if (cut == NULL)
            continue;
          g_test_message ("%d px: %s", px, cut);
          pango_layout_set_text (layout, cut, -1);
          pango_layout_get_extents (layout, NULL, &logical);
          g_assert_cmpint (logical.width, <=, px * PANGO_SCALE);

          tail = strstr (cut, ellipsis);
          g_assert_nonnull (tail);
          head = g_strndup (cut, tail - cut);
          tail += strlen (ellipsis);
          /* The tail is whole words that end the label. */
          g_assert_true (g_str_has_suffix (labels[i], tail));
          g_assert_true (g_str_has_suffix (tail, last + 1));
          if (g_str_has_suffix (head, " "))
            {
              /* Whole words both sides, spaced. */
              g_assert_true (g_str_has_prefix (tail, " "));
              g_assert_true (g_str_has_prefix (labels[i], head));
              spaced++;
            }
          else if (!g_str_has_prefix (tail, " "))
            {
              /* Whole words, no spaces: the head ends a word. */
              g_autofree char *word = g_strconcat (head, " ", NULL);

              g_assert_true (g_str_has_prefix (labels[i], word));
              unspaced++;
            }
          else
            {
              /* The start of the first word and the last word. */
              g_assert_cmpstr (tail, ==, last);
              g_assert_true (g_str_has_prefix (labels[i], head));
              g_assert_null (strchr (head, ' '));
              g_assert_cmpint (g_utf8_strlen (head, -1), >=, 3);
              last_word++;
            }
        }
    }
  g_assert_cmpuint (spaced, >, 0);
  g_assert_cmpuint (unspaced, >, 0);
  g_assert_cmpuint (last_word, >, 0);

  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* A title of two lines breaks where they come out even, and never between
 * a figure and its unit or inside a word, in whatever column. */
static void
test_two_lines_even (void)
{
  static const struct {
    const char *text;
    const char *font;
    const char *orphan;     /* what a full first line leaves, "" if none */
  } titles[] = {
    { "授权专利（2016年至今）", "Noto Sans CJK SC Bold 20px", "今）" },
    { "海外专家帮助企业新增产值", "Noto Sans CJK SC Bold 20px", "值" },
    { "Output added with overseas experts\xe2\x80\x99 help", "Noto Sans Bold 20px", "" },
  };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      PangoLayout *layout = pango_cairo_create_layout (cr);
      PangoFontDescription *font = pango_font_description_from_string (titles[i].font);
      gboolean orphan_seen = FALSE;
      guint n_two = 0;
      PangoRectangle logical;

      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, titles[i].text, -1);
      pango_layout_get_extents (layout, NULL, &logical);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, -2);

      for (int w = logical.width / 2; w < logical.width; w += PANGO_SCALE)
        {
          g_autofree char *split = NULL;
          const char *second;
          glong n_first, n_second;

          pango_layout_set_attributes (layout, NULL);
          pango_layout_set_text (layout, titles[i].text, -1);
          pango_layout_set_width (layout, w);
          if (pango_layout_get_line_count (layout) != 2 || pango_layout_is_ellipsized (layout))
            continue;
          orphan_seen |= titles[i].orphan[0] != '\0' && g_str_equal (second_line (layout), titles[i].orphan);
          split = g_strdup (second_line (layout));

          _kc_chart_balance_two_lines (layout, 10);
          g_assert_cmpint (pango_layout_get_width (layout), <=, w);
          g_assert_cmpint (pango_layout_get_line_count (layout), ==, 2);
          g_assert_false (pango_layout_is_ellipsized (layout));
          second = second_line (layout);
          n_second = g_utf8_strlen (second, -1);
          n_first = g_utf8_strlen (titles[i].text, -1) - n_second;
          g_test_message ("%.0f px: %s", w / (double) PANGO_SCALE, pango_layout_get_text (layout));
          /* Not 2016|年 nor a word cut, unless the column leaves no other
           * way (the lines are then as they were); not one character left
           * over. */
          if (second > pango_layout_get_text (layout) && g_ascii_isalnum (second[-1]) &&
              (g_ascii_isalnum (second[0]) || g_str_has_prefix (second, "年")))
            g_assert_cmpstr (second, ==, split);
          g_assert_cmpstr (second, !=, titles[i].orphan);
          g_assert_cmpint (n_second, >=, 2);
          g_assert_cmpint (n_first, >=, 2);
          n_two++;
        }
      /* The columns tried did leave an orphan without balancing. */
      g_assert_cmpuint (n_two, >, 0);
      g_assert_true (orphan_seen || titles[i].orphan[0] == '\0');

      pango_font_description_free (font);
      g_object_unref (layout);
    }

  /* A colon or an opening bracket makes the break when both lines fit
   * there, rather than the most even one (2016年/底 here). */
  {
    static const struct { const char *text, *second; } breaks[] = {
      { "新产品产值率：2016年底与2017年1-2月", "2016年底与2017年1-2月" },
      { "授权专利（2016年至今）", "（2016年至今）" },
      { "New-product output rate: end of 2016", "end of 2016" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (breaks); i++)
      {
        PangoLayout *layout = pango_cairo_create_layout (cr);
        PangoFontDescription *font = pango_font_description_from_string ("Noto Sans CJK SC Bold 20px");
        PangoRectangle whole, second;
        guint n = 0;

        pango_layout_set_font_description (layout, font);
        pango_layout_set_text (layout, breaks[i].second, -1);
        pango_layout_get_extents (layout, NULL, &second);
        pango_layout_set_text (layout, breaks[i].text, -1);
        pango_layout_get_extents (layout, NULL, &whole);
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        pango_layout_set_height (layout, -2);
        for (int w = MAX (second.width, whole.width - second.width) + PANGO_SCALE; w < whole.width; w += PANGO_SCALE)
          {
            /* As the renderer does, from a layout without the half-width
             * bracket a break before （ leaves. */
            pango_layout_set_attributes (layout, NULL);
            pango_layout_set_text (layout, breaks[i].text, -1);
            pango_layout_set_width (layout, w);
            _kc_chart_balance_two_lines (layout, 10);
            g_assert_cmpint (pango_layout_get_line_count (layout), ==, 2);
            g_assert_cmpstr (second_line (layout), ==, breaks[i].second);
            n++;
          }
        g_assert_cmpuint (n, >, 10);
        pango_font_description_free (font);
        g_object_unref (layout);
      }
  }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-layout/spec-basics", test_spec_basics);
  g_test_add_func ("/chart-layout/every-type-size-language-theme", test_every_type_size_language_theme);
  g_test_add_func ("/chart-layout/axis-title-units", test_units_and_magnitudes_in_axis_title);
  g_test_add_func ("/chart-layout/missing-values", test_missing_values_are_gaps);
  g_test_add_func ("/chart-layout/labels-thin-out", test_labels_thin_out);
  g_test_add_func ("/chart-layout/long-columns-turn-into-bars", test_long_columns_turn_into_bars);
  g_test_add_func ("/chart-layout/million-points", test_million_points_decimated);
  g_test_add_func ("/chart-layout/log-scale", test_log_scale);
  g_test_add_func ("/chart-layout/empty-and-tiny", test_empty_and_tiny);
  g_test_add_func ("/chart-layout/kpi-figures-one-size", test_kpi_figures_one_size);
  g_test_add_func ("/chart-layout/kpi-label-repeating-title", test_kpi_label_repeating_title);
  g_test_add_func ("/chart-layout/kpi-figure-only-every-size", test_kpi_figure_only_every_size);
  g_test_add_func ("/chart-layout/two-lines-even", test_two_lines_even);
  g_test_add_func ("/chart-layout/cut-middle-at-words", test_cut_middle_at_words);
  g_test_add_func ("/chart-layout/bracket-starts-flush", test_bracket_starts_flush);

  return g_test_run ();
}
