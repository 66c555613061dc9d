/* test-dataset.c
 * Loading files into a dataset: roles, merging, units, conflicts, derived
 * values, the automatic dashboard, the bundled dataset and the background
 * load. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kc-chart-builder.h"
#include "kc-csv-reader.h"
#include "kc-derived.h"
#include "kc-loader.h"
#include "kc-test-utils.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = kc_test_make_tmpdir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  kc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static KcDataset *
load_paths (KcLoadFlags flags,
            ...)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *path;
  KcDataset *dataset;
  va_list args;

  va_start (args, flags);
  while ((path = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (files, g_file_new_for_path (path));
  va_end (args);

  dataset = kc_dataset_load ((GFile **) files->pdata, files->len, flags, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);

  return dataset;
}

static const KcProblem *
find_problem (KcDataset     *dataset,
              KcProblemCode  code)
{
  KcProblemList *problems = kc_dataset_get_problems (dataset);

  for (guint i = 0; i < kc_problem_list_get_n (problems); i++)
    if (kc_problem_list_get (problems, i)->code == code)
      return kc_problem_list_get (problems, i);

  return NULL;
}

static double
value_at (KcDataset  *dataset,
          const char *indicator_key,
          const char *region,
          const char *period_text)
{
  const KcIndicator *indicator = kc_dataset_find_indicator (dataset, indicator_key);
  const KcSeries *series;
  const KcObservation *point;
  KcPeriod period;

  g_assert_nonnull (indicator);
  series = kc_dataset_get_series (dataset, indicator, region);
  g_assert_nonnull (series);
  g_assert_true (kc_period_parse (period_text, -1, &period));
  point = kc_series_lookup (series, &period);
  g_assert_nonnull (point);

  return point->value;
}

static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *obs = kc_test_write_file (fixture->dir, "a.csv",
    "指标,地区,时间,数值,单位\n新产品产值,北仑区,2017年1-2月,128.7亿元,亿元\n", -1);
  g_autofree char *wide = kc_test_write_file (fixture->dir, "b.csv",
    "指标,单位,2015,2016,2017\n专利授权,件,100,,300\n", -1);
  g_autofree char *cat = kc_test_write_file (fixture->dir, "c.csv",
    "id,name,unit,kind,category\nrate,新产品产值率,%,ratio,转化\n", -1);
  g_autofree char *ent = kc_test_write_file (fixture->dir, "d.csv",
    "编号,名称,类型,级别\ne1,中芯集团,enterprise,\n", -1);
  g_autofree char *charts = kc_test_write_file (fixture->dir, "e.csv",
    "id,title,type,indicators\nc1,新产品产值率,line,rate\n", -1);
  g_autofree char *junk = kc_test_write_file (fixture->dir, "f.csv",
    "foo,bar\n1,2\n", -1);
  g_autoptr(KcDataset) dataset = load_paths (KC_LOAD_DEFAULT, obs, wide, cat, ent, charts, junk, NULL);
  static const KcFileRole expected[] = {
    KC_FILE_ROLE_OBSERVATIONS, KC_FILE_ROLE_WIDE, KC_FILE_ROLE_CATALOGUE,
    KC_FILE_ROLE_ENTITIES, KC_FILE_ROLE_CHARTS, KC_FILE_ROLE_UNKNOWN,
  };
  const KcProblem *unknown;

  g_assert_cmpuint (kc_dataset_get_n_files (dataset), ==, G_N_ELEMENTS (expected));
  /* Named after the first file, and says there are others. */
  g_assert_cmpstr (kc_dataset_get_title (dataset), ==, "a.csv and 5 more");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (kc_dataset_get_file (dataset, i)->role, ==, expected[i]);

  /* A wide table: one row, two values (an empty cell is no value). */
  g_assert_cmpuint (kc_dataset_get_file (dataset, 1)->rows, ==, 1);
  g_assert_cmpuint (kc_dataset_get_file (dataset, 1)->values, ==, 2);
  g_assert_cmpuint (kc_dataset_get_file (dataset, 0)->values, ==, kc_dataset_get_file (dataset, 0)->rows);
  g_assert_false (kc_dataset_get_file (dataset, 5)->loaded);
  unknown = find_problem (dataset, KC_PROBLEM_UNKNOWN_ROLE);
  g_assert_nonnull (unknown);
  g_assert_cmpuint (unknown->line, ==, 1);
  g_assert_nonnull (strstr (unknown->message, "“foo”, “bar”"));
  g_assert_nonnull (strstr (unknown->message, "indicator, period and value"));

  g_assert_cmpfloat_with_epsilon (value_at (dataset, "新产品产值", "北仑区", "2017-01..02"), 128.7, 1e-9);
  g_assert_cmpfloat_with_epsilon (value_at (dataset, "专利授权", NULL, "2017"), 300, 1e-9);
  g_assert_cmpuint (kc_dataset_get_series (dataset, kc_dataset_find_indicator (dataset, "专利授权"),
                                           NULL)->points->len, ==, 2);
  g_assert_cmpint (kc_dataset_find_indicator (dataset, "rate")->kind, ==, KC_INDICATOR_RATIO);
  g_assert_nonnull (kc_dataset_get_entities (dataset));
  g_assert_cmpuint (kc_entity_table_get_n_rows (kc_dataset_get_entities (dataset)), ==, 1);
  g_assert_cmpuint (kc_dataset_get_n_charts (dataset), ==, 1);
  g_assert_cmpstr (kc_dataset_get_chart (dataset, 0)->indicators[0], ==, "rate");
}

static void
test_units_are_converted (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *a = kc_test_write_file (fixture->dir, "a.csv",
    "indicator,period,value,unit\noutput,2016,1.5,亿元\n", -1);
  g_autofree char *b = kc_test_write_file (fixture->dir, "b.csv",
    "indicator,period,value\noutput,2017,\"20,000万元\"\n", -1);
  g_autofree char *c = kc_test_write_file (fixture->dir, "c.csv",
    "indicator,period,value\noutput,2018,7件\n", -1);
  g_autoptr(KcDataset) dataset = load_paths (KC_LOAD_KEEP_GOOD_ROWS, a, b, c, NULL);
  const KcProblem *mismatch;

  g_assert_cmpfloat_with_epsilon (value_at (dataset, "output", NULL, "2016"), 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (value_at (dataset, "output", NULL, "2017"), 2.0, 1e-9);

  mismatch = find_problem (dataset, KC_PROBLEM_UNIT_MISMATCH);
  g_assert_nonnull (mismatch);
  g_assert_true (g_str_has_suffix (mismatch->file, "c.csv"));
  g_assert_cmpuint (mismatch->line, ==, 2);
  g_assert_cmpuint (mismatch->column, ==, 3);
}

static void
test_conflicts_name_both_places (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *a = kc_test_write_file (fixture->dir, "a.csv",
    "indicator,region,period,value\npatents,北仑区,2016,3251\npatents,北仑区,2015,3000\n", -1);
  g_autofree char *b = kc_test_write_file (fixture->dir, "b.csv",
    "indicator,region,period,value\npatents,北仑区,2016,3251\npatents,北仑区,2015,2999\n", -1);
  g_autoptr(KcDataset) dataset = load_paths (KC_LOAD_DEFAULT, a, b, NULL);
  KcProblemList *problems = kc_dataset_get_problems (dataset);
  const KcProblem *conflict = find_problem (dataset, KC_PROBLEM_CONFLICT);

  /* The same value twice is no conflict; a different one is, once. */
  g_assert_cmpuint (kc_problem_list_get_total (problems), ==, 1);
  g_assert_nonnull (conflict);
  g_assert_true (g_str_has_suffix (conflict->file, "b.csv"));
  g_assert_cmpuint (conflict->line, ==, 3);
  g_assert_nonnull (strstr (conflict->message, "a.csv:3"));
  g_assert_cmpfloat (value_at (dataset, "patents", "北仑区", "2015"), ==, 3000);
  g_assert_cmpuint (kc_dataset_get_n_observations (dataset), ==, 2);
}

/* 2000-01-01 plus @days, as ISO text. */
static char *
day_text (int days)
{
  g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_JANUARY, 2000);
  char buf[16];

  if (days >= 0)
    g_date_add_days (date, days);
  else
    g_date_subtract_days (date, -days);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);

  return g_strdup (buf);
}

static void
test_parts_merge_in_file_order (Fixture       *fixture,
                                gconstpointer  data)
{
  const guint n = 20000;
  g_autoptr(GString) text = g_string_new ("indicator,period,value,unit\n");
  g_autofree char *path = NULL;
  g_autoptr(KcDataset) dataset = NULL;
  g_autofree char *day10 = day_text (10);
  g_autofree char *last = day_text (n + 10);
  g_autofree char *before = day_text (-1);
  const KcSeries *walk;
  const KcSeries *other;
  const KcProblem *conflict;
  const KcProblem *mismatch;
  guint n_other = 0;

  /* A long series that the reader splits into parts, with another
   * indicator every hundred rows, so that runs of rows break. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *day = day_text (i);

      if (i % 100 == 50)
        {
          g_string_append_printf (text, "other,%s,%u,件\n", day, i);
          n_other++;
        }
      else
        g_string_append_printf (text, "walk,%s,%u,亿元\n", day, i);
    }
  /* Line n + 2: a conflict; n + 3: a harmless repeat; n + 4: another
   * unit that converts; n + 5: one that does not; n + 6: out of order. */
  g_string_append_printf (text, "walk,%s,999,亿元\n", day10);
  {
    g_autofree char *day5 = day_text (5);
    g_autofree char *later = day_text (n + 11);

    g_string_append_printf (text, "walk,%s,5,亿元\n", day5);
    g_string_append_printf (text, "walk,%s,3,万元\n", last);
    g_string_append_printf (text, "walk,%s,7,件\n", later);
  }
  g_string_append_printf (text, "other,%s,-1,件\n", before);

  path = kc_test_write_file (fixture->dir, "long.csv", text->str, text->len);
  kc_csv_set_min_part_size (16 * 1024);
  dataset = load_paths (KC_LOAD_KEEP_GOOD_ROWS, path, NULL);
  kc_csv_set_min_part_size (4 * 1024 * 1024);

  walk = kc_dataset_get_series (dataset, kc_dataset_find_indicator (dataset, "walk"), NULL);
  other = kc_dataset_get_series (dataset, kc_dataset_find_indicator (dataset, "other"), NULL);
  g_assert_nonnull (walk);
  g_assert_nonnull (other);
  g_assert_cmpuint (walk->points->len, ==, n - n_other + 1);
  g_assert_cmpuint (other->points->len, ==, n_other + 1);
  g_assert_cmpuint (kc_dataset_get_n_observations (dataset), ==, n + 2);

  for (guint i = 1; i < walk->points->len; i++)
    g_assert_cmpint (kc_period_compare (&g_array_index (walk->points, KcObservation, i - 1).period,
                                        &g_array_index (walk->points, KcObservation, i).period), <, 0);
  for (guint i = 1; i < other->points->len; i++)
    g_assert_cmpint (kc_period_compare (&g_array_index (other->points, KcObservation, i - 1).period,
                                        &g_array_index (other->points, KcObservation, i).period), <, 0);

  /* Lines are absolute whatever part a row was read in. */
  for (guint i = 0; i < walk->points->len - 1; i++)
    {
      const KcObservation *point = &g_array_index (walk->points, KcObservation, i);

      g_assert_cmpuint (point->line, ==, (guint64) point->value + 2);
      g_assert_true (g_str_has_suffix (point->file, "long.csv"));
    }
  g_assert_cmpfloat (value_at (dataset, "walk", NULL, day10), ==, 10);
  g_assert_cmpfloat_with_epsilon (value_at (dataset, "walk", NULL, last), 0.0003, 1e-12);
  g_assert_cmpfloat (value_at (dataset, "other", NULL, before), ==, -1);
  g_assert_cmpuint (g_array_index (other->points, KcObservation, 0).line, ==, n + 6);

  conflict = find_problem (dataset, KC_PROBLEM_CONFLICT);
  g_assert_nonnull (conflict);
  g_assert_cmpuint (conflict->line, ==, n + 2);
  mismatch = find_problem (dataset, KC_PROBLEM_UNIT_MISMATCH);
  g_assert_nonnull (mismatch);
  g_assert_cmpuint (mismatch->line, ==, n + 5);
  g_assert_cmpuint (mismatch->column, ==, 3);
  g_assert_cmpuint (kc_problem_list_get_total (kc_dataset_get_problems (dataset)), ==, 2);
}

/* A chart of one long series within a range: its periods, values and
 * sources straight from the series, whichever thread copied them. */
static void
test_long_series_chart (Fixture       *fixture,
                        gconstpointer  data)
{
  const guint n = 270000;
  const guint from = 20, to = n - 30;
  g_autoptr(GString) text = g_string_new ("indicator,period,value,unit,source\n");
  g_autofree char *from_day = day_text (from);
  g_autofree char *to_day = day_text (to);
  g_autofree char *charts_text = g_strdup_printf ("id,title,type,indicators,from,to\n"
                                                  "walk,Walk,line,walk,%s,%s\n",
                                                  from_day, to_day);
  g_autofree char *obs = NULL;
  g_autofree char *charts = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autoptr(KcDataset) dataset = NULL;
  g_autoptr(KcChartSpec) spec = NULL;
  const KcChartDef *def;

  /* Sources in order of the points, the last one beyond the range. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *day = day_text (i);

      g_string_append_printf (text, "walk,%s,%u,亿元,%s\n", day, i,
                              i < 10 ? "甲" : i < n - 1 ? "乙" : "丙");
    }
  obs = kc_test_write_file (fixture->dir, "obs.csv", text->str, text->len);
  charts = kc_test_write_file (fixture->dir, "charts.csv", charts_text, -1);
  dataset = load_paths (KC_LOAD_DEFAULT, charts, obs, NULL);
  g_assert_cmpuint (kc_problem_list_get_total (kc_dataset_get_problems (dataset)), ==, 0);

  def = kc_dataset_find_chart (dataset, "walk");
  g_assert_nonnull (def);
  spec = kc_chart_spec_from_def (dataset, def, KC_CHART_LANGUAGE_ENGLISH);
  g_assert_cmpuint (spec->n_series, ==, 1);
  g_assert_cmpuint (kc_chart_spec_get_n_points (spec), ==, to - from + 1);
  g_assert_cmpuint (spec->series[0].n_values, ==, to - from + 1);
  for (guint i = 0; i < spec->series[0].n_values; i++)
    g_assert_cmpfloat (spec->series[0].values[i], ==, from + i);

  first = kc_chart_spec_dup_category (spec, 0);
  last = kc_chart_spec_dup_category (spec, to - from);
  g_assert_cmpstr (first, ==, "21 Jan 2000");
  {
    KcPeriod period;
    g_autofree char *expected = NULL;

    g_assert_true (kc_period_parse (to_day, -1, &period));
    expected = kc_period_format (&period, KC_PERIOD_STYLE_ENGLISH);
    g_assert_cmpstr (last, ==, expected);
  }
  g_assert_cmpstr (spec->source, ==, "甲；乙；丙");
}

/* Everything a load produced, as text to compare. */
static char *
describe_dataset (KcDataset *dataset)
{
  GString *out = g_string_new (NULL);
  KcProblemList *problems = kc_dataset_get_problems (dataset);

  for (guint i = 0; i < kc_dataset_get_n_indicators (dataset); i++)
    {
      const KcIndicator *indicator = kc_dataset_get_indicator (dataset, i);
      guint n = 0;
      const KcSeries **series = kc_dataset_get_series_for (dataset, indicator, &n);

      g_string_append_printf (out, "[%s %s]\n", indicator->id, indicator->unit ? indicator->unit : "");
      for (guint s = 0; s < n; s++)
        {
          g_string_append_printf (out, " <%s %s>\n", series[s]->region,
                                  series[s]->unit ? series[s]->unit : "");
          for (guint k = 0; k < series[s]->points->len; k++)
            {
              const KcObservation *point = &g_array_index (series[s]->points, KcObservation, k);
              g_autofree char *period = kc_period_format (&point->period, KC_PERIOD_STYLE_ISO);

              g_string_append_printf (out, "  %s=%.17g@%" G_GUINT64_FORMAT " %s %s\n", period,
                                      point->value, point->line, point->note ? point->note : "-",
                                      point->source ? point->source : "-");
            }
        }
    }
  for (guint i = 0; i < kc_problem_list_get_n (problems); i++)
    {
      const KcProblem *problem = kc_problem_list_get (problems, i);

      g_string_append_printf (out, "! %d@%" G_GUINT64_FORMAT ":%u %s\n", problem->code,
                              problem->line, problem->column, problem->message);
    }

  return g_string_free (out, FALSE);
}

/* Rows of every kind, read with the short way for plain lines and without
 * it (libcsv for every line): the same dataset and the same problems. */
static void
test_plain_lines_match_libcsv (Fixture       *fixture,
                               gconstpointer  data)
{
  static const char *const rows[] = {
    "walk,北仑区,2017-03-01,100.5,亿元,,甲",
    "walk,北仑区,2017-03-02, 101 ,亿元,,甲",
    "walk,北仑区,2017-03-03,\"1,234.5\",亿元,,甲",
    "walk,北仑区,2017-03-04,3万元,,注,乙",
    "walk,北仑区,2017-03-05,-,亿元,,",
    "walk,北仑区,2017-03-06,,亿元,,",
    "walk,北仑区,2017-03-07,7件,亿元,,",
    "walk,北仑区,2017-13-01,8,亿元,,",
    "walk,北仑区,2017年3月9日,9,亿元,,",
    "walk,北仑区,2017-03-10,abc,亿元,,",
    ",北仑区,2017-03-11,11,亿元,,",
    "walk,北仑区,2017-03-12,12,亿元,,,,",
    "walk,北仑区,2017-03-13,13,亿元,,,x",
    "walk,北仑区,2017-03-14,14",
    "walk,镇海区,2017-03-01,1,亿元,,",
    "walk,北仑区,2017-03-02,2,亿元,,",
    "rate,　北仑区,2017,30%,,,",
    "rate,北仑区　,2016,27.8,%,,",
    "",
    ",,,,,,",
    "walk\t,北仑区,2017-03-15,15,亿元,,",
  };
  g_autoptr(GString) text = g_string_new ("indicator,region,period,value,unit,note,source\n");
  g_autofree char *path = NULL;
  g_autoptr(KcDataset) plain = NULL;
  g_autoptr(KcDataset) libcsv = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  for (guint r = 0; r < 300; r++)
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      g_string_append_printf (text, "%s\n", rows[i]);
  path = kc_test_write_file (fixture->dir, "mixed.csv", text->str, text->len);

  kc_csv_set_min_part_size (16 * 1024);
  plain = load_paths (KC_LOAD_KEEP_GOOD_ROWS, path, NULL);
  kc_csv_set_plain_lines (FALSE);
  libcsv = load_paths (KC_LOAD_KEEP_GOOD_ROWS, path, NULL);
  kc_csv_set_plain_lines (TRUE);
  kc_csv_set_min_part_size (4 * 1024 * 1024);

  a = describe_dataset (plain);
  b = describe_dataset (libcsv);
  g_assert_cmpuint (kc_dataset_get_n_observations (plain), >, 0);
  g_assert_cmpuint (kc_problem_list_get_total (kc_dataset_get_problems (plain)), >, 0);
  g_assert_cmpstr (a, ==, b);
}

static void
test_bad_rows_strict_and_lenient (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *path = kc_test_write_file (fixture->dir, "a.csv",
    "indicator,period,value\nx,2015,1\nx,2016,abc\nx,20xx,3\nx,2018,4\n", -1);
  g_autoptr(KcDataset) strict = load_paths (KC_LOAD_DEFAULT, path, NULL);
  g_autoptr(KcDataset) lenient = load_paths (KC_LOAD_KEEP_GOOD_ROWS, path, NULL);
  const KcProblem *bad_value = find_problem (strict, KC_PROBLEM_BAD_VALUE);
  const KcProblem *bad_period = find_problem (strict, KC_PROBLEM_BAD_PERIOD);
  const KcIndicator *x;
  const KcSeries *series;

  g_assert_nonnull (bad_value);
  g_assert_cmpuint (bad_value->line, ==, 3);
  g_assert_cmpuint (bad_value->column, ==, 3);
  g_assert_nonnull (strstr (bad_value->message, "abc"));
  g_assert_nonnull (bad_period);
  g_assert_cmpuint (bad_period->line, ==, 4);
  g_assert_cmpuint (bad_period->column, ==, 2);

  g_assert_false (kc_dataset_get_file (strict, 0)->loaded);
  g_assert_true (kc_dataset_is_empty (strict));
  g_assert_null (kc_dataset_find_indicator (strict, "x"));

  g_assert_true (kc_dataset_get_file (lenient, 0)->loaded);
  x = kc_dataset_find_indicator (lenient, "x");
  g_assert_nonnull (x);
  series = kc_dataset_get_series (lenient, x, NULL);
  g_assert_cmpuint (series->points->len, ==, 2);
  g_assert_cmpuint (kc_problem_list_count_errors (kc_dataset_get_problems (lenient)), ==, 2);
}

/* Errors found while merging — a bad catalogue row, a repeated id, a unit
 * that does not convert — reject the whole file in strict mode, as errors
 * found while reading do: nothing of it reaches the dataset. */
static void
test_merge_errors_reject_file (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *catalogue = kc_test_write_file (fixture->dir, "indicators.csv",
    "id,name,unit,target\nrnd,研发投入,亿元,lots\nok,好指标,%,50\n", -1);
  g_autofree char *repeated = kc_test_write_file (fixture->dir, "more-indicators.csv",
    "id,name,unit\npatents,专利授权量,件\npatents,专利授权量二,件\n", -1);
  g_autofree char *units = kc_test_write_file (fixture->dir, "observations.csv",
    "indicator,period,value,unit\n产值,2016,5,亿元\n产值,2017,6,件\n", -1);
  g_autofree char *charts = kc_test_write_file (fixture->dir, "charts.csv",
    "id,title,type,indicators\nc1,One,line,ok\nc1,Again,line,ok\n", -1);
  g_autofree char *good = kc_test_write_file (fixture->dir, "good.csv",
    "id,name,unit\nfine,好,件\n", -1);
  g_autoptr(KcDataset) strict = load_paths (KC_LOAD_DEFAULT, catalogue, repeated, units,
                                            charts, good, NULL);
  g_autoptr(KcDataset) lenient = load_paths (KC_LOAD_KEEP_GOOD_ROWS, catalogue, repeated, units,
                                             charts, good, NULL);
  const KcProblem *mismatch = find_problem (strict, KC_PROBLEM_UNIT_MISMATCH);
  const KcIndicator *output;

  g_assert_nonnull (find_problem (strict, KC_PROBLEM_BAD_VALUE));
  g_assert_nonnull (mismatch);
  g_assert_cmpuint (mismatch->line, ==, 3);
  g_assert_cmpuint (mismatch->column, ==, 3);
  g_assert_nonnull (find_problem (strict, KC_PROBLEM_DUPLICATE_ID));

  /* Strict: only the good file is in. */
  g_assert_nonnull (kc_dataset_find_indicator (strict, "fine"));
  g_assert_null (kc_dataset_find_indicator (strict, "ok"));
  g_assert_null (kc_dataset_find_indicator (strict, "rnd"));
  g_assert_null (kc_dataset_find_indicator (strict, "patents"));
  g_assert_null (kc_dataset_find_indicator (strict, "产值"));
  g_assert_null (kc_dataset_find_chart (strict, "c1"));
  g_assert_cmpuint (kc_dataset_get_n_observations (strict), ==, 0);
  for (guint i = 0; i < 4; i++)
    g_assert_false (kc_dataset_get_file (strict, i)->loaded);
  g_assert_true (kc_dataset_get_file (strict, 4)->loaded);

  /* Lenient: the good rows of each file. */
  g_assert_nonnull (kc_dataset_find_indicator (lenient, "ok"));
  g_assert_nonnull (kc_dataset_find_indicator (lenient, "rnd"));
  g_assert_cmpstr (kc_dataset_find_indicator (lenient, "patents")->name, ==, "专利授权量");
  g_assert_cmpstr (kc_dataset_find_chart (lenient, "c1")->title, ==, "One");
  output = kc_dataset_find_indicator (lenient, "产值");
  g_assert_nonnull (output);
  g_assert_cmpuint (kc_dataset_get_series (lenient, output, NULL)->points->len, ==, 1);
  g_assert_cmpfloat (value_at (lenient, "产值", NULL, "2016"), ==, 5);
  g_assert_cmpuint (kc_problem_list_count_errors (kc_dataset_get_problems (lenient)), ==, 4);
}

static void
test_charts_and_auto_dashboard (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *obs = kc_test_write_file (fixture->dir, "obs.csv",
    "indicator,period,value,unit\n"
    "产值,2016,10,亿元\n产值,2017,12,亿元\n"
    "产值率,2016,27.8,%\n产值率,2017,30,%\n"
    "中心,2017,128,家\n院士站,2017,7,家\n"
    "收入,2017,5.91,亿元\n", -1);
  g_autofree char *charts = kc_test_write_file (fixture->dir, "charts.csv",
    "id,title,type,indicators\nok,好,line,产值率\nbad,坏,pie,产值\nlost,丢,line,不存在\n", -1);
  g_autoptr(KcDataset) automatic = load_paths (KC_LOAD_DEFAULT, obs, NULL);
  g_autoptr(KcDataset) curated = load_paths (KC_LOAD_KEEP_GOOD_ROWS, obs, charts, NULL);
  const KcProblem *dangling;
  gboolean saw_line = FALSE, saw_column = FALSE, saw_bar = FALSE, saw_kpi = FALSE;

  for (guint i = 0; i < kc_dataset_get_n_dashboard_charts (automatic); i++)
    {
      const KcChartDef *chart = kc_dataset_get_dashboard_chart (automatic, i);

      if (chart->kind == KC_CHART_KIND_LINE)
        saw_line = g_str_equal (chart->indicators[0], "产值率");
      else if (chart->kind == KC_CHART_KIND_COLUMN)
        saw_column = g_str_equal (chart->indicators[0], "产值");
      else if (chart->kind == KC_CHART_KIND_BAR)
        saw_bar = g_strv_length (chart->indicators) == 2;
      else if (chart->kind == KC_CHART_KIND_KPI)
        saw_kpi = g_str_equal (chart->indicators[0], "收入");
    }
  g_assert_true (saw_line);
  g_assert_true (saw_column);
  g_assert_true (saw_bar);
  g_assert_true (saw_kpi);

  g_assert_cmpuint (kc_dataset_get_n_dashboard_charts (curated), ==, 1);
  g_assert_cmpstr (kc_dataset_get_dashboard_chart (curated, 0)->id, ==, "ok");
  g_assert_nonnull (find_problem (curated, KC_PROBLEM_BAD_CHART));
  dangling = find_problem (curated, KC_PROBLEM_DANGLING_REFERENCE);
  g_assert_nonnull (dangling);
  g_assert_cmpuint (dangling->line, ==, 4);
  g_assert_nonnull (strstr (dangling->message, "不存在"));
}

/* The dashboard chart that shows @id, failing when more than one does. */
static const KcChartDef *
dashboard_chart_of (KcDataset  *dataset,
                    const char *id)
{
  const KcChartDef *found = NULL;

  for (guint i = 0; i < kc_dataset_get_n_dashboard_charts (dataset); i++)
    {
      const KcChartDef *chart = kc_dataset_get_dashboard_chart (dataset, i);

      if (!g_strv_contains ((const char * const *) chart->indicators, id))
        continue;
      if (found != NULL)
        g_error ("“%s” is in both “%s” and “%s”", id, found->id, chart->id);
      found = chart;
    }

  return found;
}

static const char *
shown_unit (KcDataset  *dataset,
            const char *id)
{
  const KcIndicator *indicator = kc_dataset_find_indicator (dataset, id);
  const KcSeries *series = kc_dataset_get_series (dataset, indicator, NULL);

  return series->unit != NULL ? series->unit : "";
}

/* Every indicator is on the automatic dashboard exactly once, a chart's
 * values share one unit, a bar chart has bars to compare, ids are unique. */
static void
check_auto_dashboard (KcDataset *dataset)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < kc_dataset_get_n_indicators (dataset); i++)
    {
      const KcIndicator *indicator = kc_dataset_get_indicator (dataset, i);

      if (dashboard_chart_of (dataset, indicator->id) == NULL)
        g_error ("Indicator %u, “%s”, is on no dashboard chart", i, indicator->id);
    }

  for (guint i = 0; i < kc_dataset_get_n_dashboard_charts (dataset); i++)
    {
      const KcChartDef *chart = kc_dataset_get_dashboard_chart (dataset, i);

      g_assert_false (g_hash_table_contains (ids, chart->id));
      g_hash_table_add (ids, chart->id);
      for (guint k = 1; chart->indicators[k] != NULL; k++)
        g_assert_cmpstr (shown_unit (dataset, chart->indicators[k]), ==,
                         shown_unit (dataset, chart->indicators[0]));
      if (chart->kind == KC_CHART_KIND_BAR)
        g_assert_cmpuint (g_strv_length (chart->indicators), >=, 2);
    }
}

static guint
count_kind (KcDataset   *dataset,
            KcChartKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < kc_dataset_get_n_dashboard_charts (dataset); i++)
    n += kc_dataset_get_dashboard_chart (dataset, i)->kind == kind;

  return n;
}

static void
test_auto_dashboard_units (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *obs = kc_test_write_file (fixture->dir, "obs.csv",
    "indicator,period,value,unit\n"
    "产值,2017,251.25,亿元\n占比,2017,58.5,%\n新品,2017,128.7,亿元\n"
    "转化率,2017,90,%\n购入,2016,5.91,亿元\n购入占比,2016,90,%\n"
    "售出,2016,1.77,亿元\n投资,2017,180,亿元\n风险池,2017,1000,万元\n"
    "名次,2017,1,位\n年数,2017,7,年\n专利,2017,3251,件\n"
    "中心,2017,128,家\n院士站,2017,7,家\n项目,2017,100,个\n转化项目,2017,45,个\n"
    "专家,2017,6000,人\n", -1);
  g_autoptr(KcDataset) dataset = load_paths (KC_LOAD_DEFAULT, obs, NULL);
  const KcChartDef *firms;
  const KcChartDef *projects;

  check_auto_dashboard (dataset);

  /* The first six amounts and ratios are the headline cards; the amounts
   * past them share bars with those of their unit. */
  g_assert_cmpint (dashboard_chart_of (dataset, "产值")->kind, ==, KC_CHART_KIND_KPI);
  g_assert_cmpint (dashboard_chart_of (dataset, "购入占比")->kind, ==, KC_CHART_KIND_KPI);
  g_assert_cmpint (dashboard_chart_of (dataset, "售出")->kind, ==, KC_CHART_KIND_BAR);
  g_assert_true (dashboard_chart_of (dataset, "售出") == dashboard_chart_of (dataset, "投资"));
  /* Alone in its unit: a card rather than a bar by itself. */
  g_assert_cmpint (dashboard_chart_of (dataset, "风险池")->kind, ==, KC_CHART_KIND_KPI);
  g_assert_cmpint (dashboard_chart_of (dataset, "专家")->kind, ==, KC_CHART_KIND_KPI);

  /* Counts of 家 and of 个 are two charts, told apart by their titles. */
  firms = dashboard_chart_of (dataset, "中心");
  projects = dashboard_chart_of (dataset, "项目");
  g_assert_cmpint (firms->kind, ==, KC_CHART_KIND_BAR);
  g_assert_cmpint (projects->kind, ==, KC_CHART_KIND_BAR);
  g_assert_true (firms == dashboard_chart_of (dataset, "院士站"));
  g_assert_true (firms != projects);
  g_assert_cmpstr (firms->title, !=, projects->title);
  g_assert_cmpuint (count_kind (dataset, KC_CHART_KIND_BAR), ==, 3);
}

static void
test_auto_dashboard_catalogue (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *catalogue = kc_test_write_file (fixture->dir, "indicators.csv",
    "id,name,name_en,unit,kind,category\n"
    "rnd,研发经费支出,R&D spending,亿元,amount,投入\n"
    "share,高新技术产业占比,High-tech share,%,ratio,产业\n"
    "output,产值,,亿元,amount,产业\n"
    "centres,工程中心,Engineering centres,家,count,平台\n"
    "stations,院士工作站,Academician workstations,家,count,平台\n"
    "patents,中试平台专利,Pilot platform patents,项,count,平台\n"
    "products,新产品,New products,项,count,平台\n"
    "awards,科技进步奖,Science awards,次,count,平台\n", -1);
  g_autofree char *obs = kc_test_write_file (fixture->dir, "obs.csv",
    "indicator,period,value\n"
    "rnd,2016,10\nrnd,2017,12\nshare,2016,27.8\nshare,2017,30\noutput,2017,5\n"
    "centres,2017,128\nstations,2017,7\npatents,2017,12\nproducts,2017,410\n"
    "awards,2017,3\n", -1);
  g_autoptr(KcDataset) dataset = load_paths (KC_LOAD_DEFAULT, catalogue, obs, NULL);
  const KcChartDef *rnd;
  const KcChartDef *firms;
  const KcChartDef *items;
  g_autoptr(KcChartSpec) english = NULL;
  g_autoptr(KcChartSpec) chinese = NULL;

  check_auto_dashboard (dataset);

  /* One category of two units: two charts, each named with its unit. */
  firms = dashboard_chart_of (dataset, "centres");
  items = dashboard_chart_of (dataset, "patents");
  g_assert_true (firms == dashboard_chart_of (dataset, "stations"));
  g_assert_true (items == dashboard_chart_of (dataset, "products"));
  g_assert_true (firms != items);
  g_assert_cmpstr (firms->title, !=, items->title);
  g_assert_nonnull (strstr (firms->title, "平台"));
  g_assert_cmpint (dashboard_chart_of (dataset, "awards")->kind, ==, KC_CHART_KIND_KPI);

  /* A chart of one indicator carries its English name, and the builder
   * picks it by language. */
  rnd = dashboard_chart_of (dataset, "rnd");
  g_assert_cmpint (rnd->kind, ==, KC_CHART_KIND_COLUMN);
  g_assert_cmpstr (rnd->title, ==, "研发经费支出");
  g_assert_cmpstr (rnd->title_en, ==, "R&D spending");
  g_assert_cmpstr (dashboard_chart_of (dataset, "share")->title_en, ==, "High-tech share");
  g_assert_cmpstr (dashboard_chart_of (dataset, "awards")->title_en, ==, "Science awards");
  g_assert_null (dashboard_chart_of (dataset, "output")->title_en);
  english = kc_chart_spec_from_def (dataset, rnd, KC_CHART_LANGUAGE_ENGLISH);
  chinese = kc_chart_spec_from_def (dataset, rnd, KC_CHART_LANGUAGE_CHINESE);
  g_assert_cmpstr (english->title, ==, "R&D spending");
  g_assert_cmpstr (chinese->title, ==, "研发经费支出");
}

static void
test_derived_values (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *obs = kc_test_write_file (fixture->dir, "obs.csv",
    "indicator,period,value,unit\n"
    "amount,2015,100,亿元\namount,2016,121,亿元\namount,2017,0,亿元\namount,2018,50,亿元\n"
    "rate,2016,27.8,%\nrate,2017-01..02,30,%\nrate,2018-01..02,31.5,%\n"
    "output,2016,1200,亿元\noutput,2017-01..02,251.25,亿元\noutput,2018-01..03,400,亿元\n"
    "output,2018-01..02,270,亿元\n"
    "half,2016-01..06,50,亿元\nhalf,2017-H1,60,亿元\n", -1);
  g_autoptr(KcDataset) dataset = load_paths (KC_LOAD_DEFAULT, obs, NULL);
  const KcSeries *amount = kc_dataset_get_series (dataset, kc_dataset_find_indicator (dataset, "amount"), NULL);
  const KcSeries *rate = kc_dataset_get_series (dataset, kc_dataset_find_indicator (dataset, "rate"), NULL);
  KcChange change;
  KcPeriod p;
  KcPeriod q;
  double percent;

  g_assert_true (kc_period_parse ("2016", -1, &p));
  g_assert_cmpint (kc_series_year_on_year (amount, &p, &change), ==, KC_DERIVED_OK);
  g_assert_cmpfloat_with_epsilon (change.value, 21.0, 1e-9);
  g_assert_cmpint (change.unit, ==, KC_CHANGE_UNIT_PERCENT);

  g_assert_true (kc_period_parse ("2018", -1, &p));
  g_assert_cmpint (kc_series_year_on_year (amount, &p, &change), ==, KC_DERIVED_ZERO_BASE);
  g_assert_cmpstr (kc_derived_status_explain (KC_DERIVED_ZERO_BASE), !=, "");

  g_assert_true (kc_period_parse ("2015", -1, &p));
  g_assert_cmpint (kc_series_year_on_year (amount, &p, &change), ==, KC_DERIVED_NO_BASE);

  /* Year-end 2016 → Jan–Feb 2017: +2.2 points, not a percentage. */
  g_assert_cmpint (kc_series_change_from_previous (rate, 1, &change), ==, KC_DERIVED_OK);
  g_assert_cmpint (change.unit, ==, KC_CHANGE_UNIT_POINTS);
  g_assert_cmpfloat_with_epsilon (change.value, 2.2, 1e-9);
  g_assert_true (kc_period_parse ("2018-01..02", -1, &p));
  g_assert_cmpint (kc_series_year_on_year (rate, &p, &change), ==, KC_DERIVED_OK);
  g_assert_cmpfloat_with_epsilon (change.value, 1.5, 1e-9);

  /* An amount over Jan–Feb is not compared with one over a year, nor over
   * Jan–Mar: with the previous Jan–Feb, or with nothing. */
  {
    const KcSeries *output = kc_dataset_get_series (dataset, kc_dataset_find_indicator (dataset, "output"), NULL);
    guint last = output->points->len - 1;

    g_assert_cmpuint (output->points->len, ==, 4);
    g_assert_cmpint (kc_series_change_from_previous (output, 1, &change), ==, KC_DERIVED_NO_BASE);
    g_assert_true (kc_period_parse ("2018-01..03", -1, &p));
    g_assert_true (kc_period_equal (&g_array_index (output->points, KcObservation, last).period, &p));
    g_assert_cmpint (kc_series_change_from_previous (output, last, &change), ==, KC_DERIVED_NO_BASE);
    g_assert_cmpint (kc_series_change_from_previous (output, last - 1, &change), ==, KC_DERIVED_OK);
    g_assert_cmpfloat_with_epsilon (change.value, (270 - 251.25) / 251.25 * 100, 1e-9);
    g_assert_true (kc_period_parse ("2017-01..02", -1, &q));
    g_assert_true (kc_period_equal (&change.base_period, &q));
  }

  /* The first half and January to June cover as much time. */
  {
    const KcSeries *half = kc_dataset_get_series (dataset, kc_dataset_find_indicator (dataset, "half"), NULL);

    g_assert_cmpint (kc_series_change_from_previous (half, 1, &change), ==, KC_DERIVED_OK);
    g_assert_cmpfloat_with_epsilon (change.value, 20, 1e-9);
  }

  g_assert_true (kc_period_parse ("2015", -1, &p));
  g_assert_true (kc_period_parse ("2016", -1, &q));
  g_assert_cmpint (kc_series_cagr (amount, &p, &q, &percent), ==, KC_DERIVED_OK);
  g_assert_cmpfloat_with_epsilon (percent, 21.0, 1e-9);
  g_assert_cmpint (kc_series_cagr (amount, &q, &p, &percent), ==, KC_DERIVED_NO_SPAN);
  g_assert_true (kc_period_parse ("2017", -1, &q));
  g_assert_cmpint (kc_series_cagr (amount, &p, &q, &percent), ==, KC_DERIVED_NOT_POSITIVE);

  g_assert_cmpint (kc_share_of_total (58.5, 100, &percent), ==, KC_DERIVED_OK);
  g_assert_cmpfloat_with_epsilon (percent, 58.5, 1e-9);
  g_assert_cmpint (kc_share_of_total (1, 0, &percent), ==, KC_DERIVED_NO_TOTAL);
}

static void
test_bundled_dataset (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KcDataset) dataset = kc_dataset_load_bundled (&error);
  KcProblemList *problems;
  gboolean found_headline = FALSE;
  guint n_kpi = 0;

  g_assert_no_error (error);
  problems = kc_dataset_get_problems (dataset);
  for (guint i = 0; i < kc_problem_list_get_n (problems); i++)
    {
      g_autofree char *text = kc_problem_format (kc_problem_list_get (problems, i));
      g_test_message ("%s", text);
    }
  g_assert_cmpuint (kc_problem_list_get_total (problems), ==, 0);
  g_assert_cmpuint (kc_dataset_get_n_files (dataset), ==, 4);
  g_assert_nonnull (kc_dataset_get_entities (dataset));
  g_assert_cmpuint (kc_entity_table_get_n_rows (kc_dataset_get_entities (dataset)), >=, 20);

  /* The newspaper's headline: 251.25 亿元 of high-tech output in Jan–Feb 2017. */
  for (guint i = 0; i < kc_dataset_get_n_indicators (dataset); i++)
    {
      const KcIndicator *indicator = kc_dataset_get_indicator (dataset, i);
      const KcSeries *series = kc_dataset_get_series (dataset, indicator, NULL);
      const KcObservation *latest = series != NULL ? kc_series_get_latest (series) : NULL;

      if (latest != NULL && latest->value == 251.25 && g_strcmp0 (series->unit, "亿元") == 0)
        found_headline = TRUE;
    }
  g_assert_true (found_headline);

  for (guint i = 0; i < kc_dataset_get_n_charts (dataset); i++)
    if (kc_dataset_get_chart (dataset, i)->kind == KC_CHART_KIND_KPI)
      n_kpi++;
  g_assert_cmpuint (n_kpi, >=, 3);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, <=, total);
  (*calls)++;
}

static KcDataset *
load_async_and_wait (GFile        *file,
                     GCancellable *cancellable,
                     guint        *progress_calls,
                     GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kc_dataset_load_async (&file, 1, KC_LOAD_KEEP_GOOD_ROWS, on_progress, progress_calls,
                         cancellable, on_loaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return kc_dataset_load_finish (result, error);
}

static void
test_async_load_and_cancel (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GString) big = g_string_new ("indicator,region,period,value\n");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KcDataset) dataset = NULL;
  g_autoptr(KcDataset) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (big, "指标%u,区%u,%u,%u.5\n", i % 50, i % 7, 1000 + i % 9000, i);
  path = kc_test_write_file (fixture->dir, "big.csv", big->str, big->len);
  file = g_file_new_for_path (path);

  dataset = load_async_and_wait (file, NULL, &calls, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  g_assert_cmpuint (kc_dataset_get_n_indicators (dataset), ==, 50);
  g_assert_cmpuint (kc_dataset_get_file (dataset, 0)->rows, ==, 200000);

  g_cancellable_cancel (cancellable);
  cancelled = load_async_and_wait (file, cancellable, &calls, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled);

  /* The first dataset is untouched by the cancelled load. */
  g_assert_cmpuint (kc_dataset_get_n_indicators (dataset), ==, 50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/dataset/roles", test_roles);
  ADD ("/dataset/units", test_units_are_converted);
  ADD ("/dataset/conflicts", test_conflicts_name_both_places);
  ADD ("/dataset/parts", test_parts_merge_in_file_order);
  ADD ("/dataset/long-series-chart", test_long_series_chart);
  ADD ("/dataset/plain-lines", test_plain_lines_match_libcsv);
  ADD ("/dataset/bad-rows", test_bad_rows_strict_and_lenient);
  ADD ("/dataset/merge-errors", test_merge_errors_reject_file);
  ADD ("/dataset/charts", test_charts_and_auto_dashboard);
  ADD ("/dataset/auto-dashboard-units", test_auto_dashboard_units);
  ADD ("/dataset/auto-dashboard-catalogue", test_auto_dashboard_catalogue);
  ADD ("/dataset/derived", test_derived_values);
  ADD ("/dataset/async", test_async_load_and_cancel);
  g_test_add_func ("/dataset/bundled", test_bundled_dataset);

#undef ADD

  return g_test_run ();
}
