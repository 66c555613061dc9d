/* bench-chart.c
 * Times the chart renderer on long series and on the dashboard's charts
 * through a window resize; with --shots, writes a gallery. */
#define G_LOG_DOMAIN "bench-chart"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kc-chart-builder.h"
#include "kc-chart-export.h"
#include "kc-chart-render.h"
#include "kc-loader.h"

/* A reproducible random walk: what a long sensor or price series looks
 * like, with enough detail to defeat naive simplification. */
static KcChartSpec *
random_walk_spec (guint n)
{
  KcChartSpec *spec = kc_chart_spec_new (KC_CHART_LINE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20170301);
  double *values = g_new (double, n);
  double v = 100;

  for (guint i = 0; i < n; i++)
    {
      v += g_rand_double_range (rand, -1, 1);
      values[i] = v;
    }
  kc_chart_spec_set_title (spec, "Random walk");
  kc_chart_spec_set_subtitle (spec, "Benchmark series");
  kc_chart_spec_set_source (spec, "bench-chart");
  kc_chart_spec_set_categories (spec, NULL, n);
  kc_chart_spec_add_series (spec, "walk", values, n);
  g_free (values);

  return spec;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Sorts @v, so that v[0] is then the best run. */
static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof (double), compare_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
bench_export (const char *label,
              guint       n,
              const char *dir,
              guint       runs)
{
  g_autoptr(KcChartSpec) spec = random_walk_spec (n);
  g_autofree char *path = g_build_filename (dir, "walk.png", NULL);
  g_autofree double *t = g_new (double, runs);
  double first, mid;
  KcChartOptions options;

  kc_chart_options_init (&options, 1200, 800);
  options.language = KC_CHART_LANGUAGE_ENGLISH;

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      if (!kc_chart_export (spec, &options, path, KC_CHART_FORMAT_PNG, 1, &error))
        g_error ("%s", error->message);
      t[r] = (g_get_monotonic_time () - start) / 1000.0;
    }

  first = t[0];
  mid = median (t, runs);
  printf ("%-44s first %7.2f ms  median of %2u %7.2f ms  best %7.2f ms\n", label, first, runs,
          mid, t[0]);
}

/* The @p-th percentile of the sorted @v. */
static double
percentile (const double *v,
            guint         n,
            double        p)
{
  return v[MIN (n - 1, (guint) ceil (p / 100 * n) - 1)];
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* What the chart widget does on each frame: draw the spec onto a fresh
 * cairo context over a 1920×1080 image surface. Wall time and the
 * thread's CPU time are both printed: on a loaded machine wall time
 * also counts waiting for a core, CPU time only the renderer's work. */
static void
bench_redraw (guint n,
              guint runs)
{
  g_autoptr(KcChartSpec) spec = random_walk_spec (n);
  g_autofree double *wall = g_new (double, runs);
  g_autofree double *cpu = g_new (double, runs);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  double first = 0;
  KcChartOptions options;

  kc_chart_options_init (&options, 1920, 1080);
  options.language = KC_CHART_LANGUAGE_ENGLISH;

  /* The first redraw loads the fonts and faults the surface in; the
   * percentiles are of the redraws after it, as on a running app. */
  for (guint r = 0; r <= runs; r++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 start = g_get_monotonic_time ();
      double cpu_start = thread_cpu_ms ();

      kc_chart_render (cr, spec, &options, NULL);
      cairo_surface_flush (surface);
      if (r == 0)
        first = (g_get_monotonic_time () - start) / 1000.0;
      else
        {
          cpu[r - 1] = thread_cpu_ms () - cpu_start;
          wall[r - 1] = (g_get_monotonic_time () - start) / 1000.0;
        }
      cairo_destroy (cr);
    }
  cairo_surface_destroy (surface);

  qsort (wall, runs, sizeof (double), compare_double);
  qsort (cpu, runs, sizeof (double), compare_double);
  printf ("%-44s first %7.2f ms  (target < 8 ms)\n", "redraw 1,000,000 points at 1920x1080", first);
  printf ("  wall over %u redraws: p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  best %6.2f ms\n", runs,
          percentile (wall, runs, 50), percentile (wall, runs, 90), percentile (wall, runs, 99), wall[0]);
  printf ("  CPU  over %u redraws: p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  best %6.2f ms\n", runs,
          percentile (cpu, runs, 50), percentile (cpu, runs, 90), percentile (cpu, runs, 99), cpu[0]);
}

/* A window being resized: every chart of the bundled dashboard drawn at
 * 40 sizes a few pixels apart, as a card grows with the window, then at
 * the same 40 sizes again (the window shrunk back). Per size, the time
 * of all the charts together: one frame's chart drawing. */
static void
bench_resize (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KcDataset) dataset = kc_dataset_load_bundled (&error);
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_chart_spec_unref);
  const guint n_sizes = 40;
  double frames[2][40];

  if (dataset == NULL)
    g_error ("%s", error->message);
  for (guint c = 0; c < kc_dataset_get_n_charts (dataset); c++)
    g_ptr_array_add (specs, kc_chart_spec_from_def (dataset, kc_dataset_get_chart (dataset, c),
                                                    KC_CHART_LANGUAGE_ENGLISH));

  for (guint pass = 0; pass < 2; pass++)
    for (guint z = 0; z < n_sizes; z++)
      {
        double w = 300 + 3 * z, h = 170 + 2 * z;
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, ceil (w), ceil (h));
        gint64 start = g_get_monotonic_time ();

        for (guint c = 0; c < specs->len; c++)
          {
            cairo_t *cr = cairo_create (surface);
            KcChartOptions options;

            kc_chart_options_init (&options, w, h);
            options.language = KC_CHART_LANGUAGE_ENGLISH;
            options.show_title = FALSE;
            options.show_footer = FALSE;
            kc_chart_render (cr, g_ptr_array_index (specs, c), &options, NULL);
            cairo_destroy (cr);
          }
        frames[pass][z] = (g_get_monotonic_time () - start) / 1000.0;
        cairo_surface_destroy (surface);
      }

  for (guint pass = 0; pass < 2; pass++)
    {
      /* The first size of the first pass loads the fonts: left out. */
      guint first = pass == 0 ? 1 : 0;
      guint n = n_sizes - first;
      double *t = frames[pass] + first;

      qsort (t, n, sizeof (double), compare_double);
      printf ("%-44s p50 %6.2f ms  p90 %6.2f ms  max %6.2f ms\n",
              pass == 0 ? "resize: the dashboard's charts, new sizes" : "resize: the same sizes again",
              percentile (t, n, 50), percentile (t, n, 90), t[n - 1]);
    }
  printf ("  (%u charts a frame, at 300x170 to %ux%u)\n", specs->len, 300 + 3 * (n_sizes - 1),
          170 + 2 * (n_sizes - 1));
}

/* ---- The gallery: every chart type with the Beilun figures ---------- */

typedef struct
{
  const char  *name;
  KcChartSpec *zh;
  KcChartSpec *en;
} Shot;

static KcChartSpec *
make (KcChartType  type,
      const char  *title,
      const char  *subtitle,
      const char  *unit,
      KcValueKind  kind,
      const char  *source)
{
  KcChartSpec *spec = kc_chart_spec_new (type);

  kc_chart_spec_set_title (spec, title);
  kc_chart_spec_set_subtitle (spec, subtitle);
  kc_chart_spec_set_unit (spec, unit);
  kc_chart_spec_set_source (spec, source);
  spec->kind = kind;
  return spec;
}

static void
add_series (KcChartSpec        *spec,
            const char * const *categories,
            const double       *values,
            guint               n,
            const char         *name)
{
  if (spec->categories == NULL)
    kc_chart_spec_set_categories (spec, categories, n);
  kc_chart_spec_add_series (spec, name, values, n);
}

static GPtrArray *
beilun_shots (void)
{
  GPtrArray *shots = g_ptr_array_new ();
  static const char * const zh_src = "宁波日报";
  static const char * const en_src = "Ningbo Daily";
  static const char * const rate_zh[] = { "2016年末", "2017年1-2月" };
  static const char * const rate_en[] = { "End 2016", "Jan–Feb 2017" };
  static const double rate[] = { 27.8, 30 };
  static const char * const platforms_zh[] = { "国家级企业工程技术中心", "省市级企业研究院", "企业工程技术中心", "院士工作站" };
  static const char * const platforms_en[] = { "National engineering centres", "Provincial/municipal research institutes",
                                               "Enterprise engineering centres", "Academician workstations" };
  static const double platforms[] = { 2, 20, 128, 7 };
  static const char * const listings_zh[] = { "主板上市高新技术企业", "新三板挂牌科技型企业", "宁波市区域性股权交易中心挂牌企业" };
  static const char * const listings_en[] = { "High-tech firms on main boards", "Tech firms on the NEEQ",
                                              "Start-ups on Ningbo equity exchange" };
  static const double listings[] = { 8, 7, 69 };
  static const char * const rank_zh[] = { "企业工程技术中心", "省市级企业研究院", "区域创新载体", "院士工作站", "国家级工程技术中心", "中试平台合作企业" };
  static const char * const rank_en[] = { "Engineering centres", "Research institutes", "Innovation carriers",
                                          "Academician workstations", "National centres", "Pilot-platform partners" };
  static const double rank[] = { 128, 20, 14, 7, 2, 4 };
  static const char * const trade_zh[] = { "引进技术成交额", "输出技术金额" };
  static const char * const trade_en[] = { "Technology bought in", "Technology sold out" };
  static const double trade[] = { 5.91, 1.77 };
  static const char * const target_zh[] = { "2017年" };
  static const char * const target_en[] = { "2017" };
  static const double listed[] = { 8 };
  Shot *s;

  s = g_new0 (Shot, 1);
  s->name = "kpi";
  s->zh = make (KC_CHART_KPI, "新产品产值", NULL, "亿元", KC_VALUE_AMOUNT, zh_src);
  kc_chart_spec_set_kpi (s->zh, 128.7, NULL, "2017年1-2月", NAN, KC_CHANGE_NONE, NULL);
  s->en = make (KC_CHART_KPI, "New-product output", NULL, "亿元", KC_VALUE_AMOUNT, en_src);
  kc_chart_spec_set_kpi (s->en, 128.7, NULL, "Jan–Feb 2017", NAN, KC_CHANGE_NONE, NULL);
  g_ptr_array_add (shots, s);

  s = g_new0 (Shot, 1);
  s->name = "kpi-change";
  s->zh = make (KC_CHART_KPI, "新产品产值率", NULL, "%", KC_VALUE_RATIO, zh_src);
  add_series (s->zh, rate_zh, rate, 2, NULL);
  kc_chart_spec_set_kpi (s->zh, NAN, NULL, "2017年1-2月", 2.2, KC_CHANGE_POINTS, "较去年年底");
  s->en = make (KC_CHART_KPI, "New-product rate", NULL, "%", KC_VALUE_RATIO, en_src);
  add_series (s->en, rate_en, rate, 2, NULL);
  kc_chart_spec_set_kpi (s->en, NAN, NULL, "Jan–Feb 2017", 2.2, KC_CHANGE_POINTS, "on end of 2016");
  g_ptr_array_add (shots, s);

  s = g_new0 (Shot, 1);
  s->name = "share";
  s->zh = make (KC_CHART_SHARE, "高新技术产业产值占规上工业产值比重", "2017年1-2月", "亿元", KC_VALUE_AMOUNT, zh_src);
  kc_chart_spec_set_share (s->zh, 251.25, 251.25 / 0.585, NAN, "高新技术产业产值");
  s->en = make (KC_CHART_SHARE, "High-tech output as a share of above-scale industry", "Jan–Feb 2017",
                "亿元", KC_VALUE_AMOUNT, en_src);
  kc_chart_spec_set_share (s->en, 251.25, 251.25 / 0.585, NAN, "High-tech industrial output");
  g_ptr_array_add (shots, s);

  s = g_new0 (Shot, 1);
  s->name = "column";
  s->zh = make (KC_CHART_COLUMN, "北仑区企业创新平台", "截至2017年2月", "家", KC_VALUE_COUNT, zh_src);
  add_series (s->zh, platforms_zh, platforms, 4, NULL);
  s->en = make (KC_CHART_COLUMN, "Innovation platforms in Beilun's companies", "As of February 2017", "家",
                KC_VALUE_COUNT, en_src);
  add_series (s->en, platforms_en, platforms, 4, NULL);
  g_ptr_array_add (shots, s);

  s = g_new0 (Shot, 1);
  s->name = "bar";
  s->zh = make (KC_CHART_BAR, "北仑区科技型企业上市挂牌情况", NULL, "家", KC_VALUE_COUNT, zh_src);
  add_series (s->zh, listings_zh, listings, 3, NULL);
  kc_chart_spec_set_note (s->zh, "主板上市企业含香港主板2家");
  s->en = make (KC_CHART_BAR, "Beilun's technology companies on capital markets", NULL, "家",
                KC_VALUE_COUNT, en_src);
  add_series (s->en, listings_en, listings, 3, NULL);
  kc_chart_spec_set_note (s->en, "Main-board listings include 2 in Hong Kong");
  g_ptr_array_add (shots, s);

  s = g_new0 (Shot, 1);
  s->name = "line";
  s->zh = make (KC_CHART_LINE, "新产品产值率", "较去年年底提高2.2个百分点", "%", KC_VALUE_RATIO, zh_src);
  add_series (s->zh, rate_zh, rate, 2, NULL);
  s->en = make (KC_CHART_LINE, "New-product rate", "Up 2.2 points on the end of 2016", "%",
                KC_VALUE_RATIO, en_src);
  add_series (s->en, rate_en, rate, 2, NULL);
  g_ptr_array_add (shots, s);

  s = g_new0 (Shot, 1);
  s->name = "area";
  s->zh = make (KC_CHART_AREA, "新产品产值率", NULL, "%", KC_VALUE_RATIO, zh_src);
  add_series (s->zh, rate_zh, rate, 2, NULL);
  s->en = make (KC_CHART_AREA, "New-product rate", NULL, "%", KC_VALUE_RATIO, en_src);
  add_series (s->en, rate_en, rate, 2, NULL);
  g_ptr_array_add (shots, s);

  s = g_new0 (Shot, 1);
  s->name = "ranking";
  s->zh = make (KC_CHART_RANKING, "北仑区各类创新载体数量", NULL, "家", KC_VALUE_COUNT, zh_src);
  add_series (s->zh, rank_zh, rank, 6, NULL);
  s->zh->highlight = 3;
  s->en = make (KC_CHART_RANKING, "Innovation carriers in Beilun", NULL, "家", KC_VALUE_COUNT, en_src);
  add_series (s->en, rank_en, rank, 6, NULL);
  s->en->highlight = 3;
  g_ptr_array_add (shots, s);

  s = g_new0 (Shot, 1);
  s->name = "trade";
  s->zh = make (KC_CHART_COLUMN, "2016年北仑区技术交易", NULL, "亿元", KC_VALUE_AMOUNT, zh_src);
  add_series (s->zh, trade_zh, trade, 2, NULL);
  s->en = make (KC_CHART_COLUMN, "Beilun's technology trade, 2016", NULL, "亿元", KC_VALUE_AMOUNT, en_src);
  add_series (s->en, trade_en, trade, 2, NULL);
  g_ptr_array_add (shots, s);

  s = g_new0 (Shot, 1);
  s->name = "target";
  s->zh = make (KC_CHART_COLUMN, "主板上市高新技术企业", "力争五年翻一番", "家", KC_VALUE_COUNT, zh_src);
  add_series (s->zh, target_zh, listed, 1, NULL);
  kc_chart_spec_set_target (s->zh, 24, NULL, "2021年");
  kc_chart_spec_set_credit (s->zh, "科创看板");
  s->en = make (KC_CHART_COLUMN, "High-tech firms listed on main boards", "Aiming to double in five years", "家",
                KC_VALUE_COUNT, en_src);
  add_series (s->en, target_en, listed, 1, NULL);
  kc_chart_spec_set_target (s->en, 24, NULL, "2021");
  kc_chart_spec_set_credit (s->en, "Kechuang");
  g_ptr_array_add (shots, s);

  return shots;
}

static void
write_shots (const char *dir)
{
  g_autoptr(GPtrArray) shots = beilun_shots ();
  static const struct { double w, h; } sizes[] = { { 1200, 800 }, { 320, 240 } };

  g_mkdir_with_parents (dir, 0755);
  for (guint i = 0; i < shots->len; i++)
    {
      Shot *s = g_ptr_array_index (shots, i);

      for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
        for (int dark = 0; dark <= 1; dark++)
          for (int zh = 0; zh <= 1; zh++)
            {
              g_autoptr(GError) error = NULL;
              g_autofree char *name = g_strdup_printf ("%s-%s-%s-%gx%g.png", s->name,
                                                       zh ? "zh" : "en", dark ? "dark" : "light",
                                                       sizes[z].w, sizes[z].h);
              g_autofree char *path = g_build_filename (dir, name, NULL);
              KcChartOptions options;

              kc_chart_options_init (&options, sizes[z].w, sizes[z].h);
              options.theme = dark ? KC_CHART_THEME_DARK : KC_CHART_THEME_LIGHT;
              options.language = zh ? KC_CHART_LANGUAGE_CHINESE : KC_CHART_LANGUAGE_ENGLISH;
              if (!kc_chart_export (zh ? s->zh : s->en, &options, path, KC_CHART_FORMAT_PNG, 1, &error))
                g_error ("%s", error->message);
            }
      kc_chart_spec_unref (s->zh);
      kc_chart_spec_unref (s->en);
      g_free (s);
    }
  printf ("wrote the gallery to %s\n", dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;

  if (argc == 3 && g_str_equal (argv[1], "--shots"))
    {
      write_shots (argv[2]);
      return 0;
    }
  if (argc != 1)
    {
      fprintf (stderr, "usage: %s [--shots DIR]\n", argv[0]);
      return 2;
    }

  dir = g_dir_make_tmp ("kc-bench-chart-XXXXXX", NULL);
  if (dir == NULL)
    return 1;

  bench_export ("export 10,000-point line, 1200x800 PNG", 10000, dir, 15);
  bench_export ("export 1,000,000-point line, 1200x800 PNG", 1000000, dir, 7);
  bench_redraw (1000000, 50);
  bench_resize ();

  {
    g_autofree char *png = g_build_filename (dir, "walk.png", NULL);

    g_unlink (png);
    g_rmdir (dir);
  }
  return 0;
}
