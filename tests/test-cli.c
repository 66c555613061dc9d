/* test-cli.c
 * The headless commands, run as a user runs them: the real binary, no
 * display, no D-Bus; output and exit status checked. */
#include "config.h"

#include <gio/gio.h>

#include "kc-test-utils.h"

typedef struct
{
  int    status;
  char  *out;
  char  *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs the binary with @args (NULL-terminated); @language, when not NULL,
 * replaces the user's language (the LANGUAGE variable). */
static void
run_kechuang_argv (Run                *run,
                   const char         *language,
                   const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                      | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("KC_BINARY");

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Headless means headless: no display and no session bus to lean on. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  if (language != NULL)
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
run_kechuang_va (Run        *run,
                 const char *language,
                 const char *first_arg,
                 va_list     args)
{
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (array, (gpointer) arg);
  g_ptr_array_add (array, NULL);

  run_kechuang_argv (run, language, (const char * const *) array->pdata);
}

static void
run_kechuang (Run        *run,
              const char *first_arg,
              ...)
{
  va_list args;

  va_start (args, first_arg);
  run_kechuang_va (run, NULL, first_arg, args);
  va_end (args);
}

static void
run_kechuang_in (Run        *run,
                 const char *language,
                 const char *first_arg,
                 ...)
{
  va_list args;

  va_start (args, first_arg);
  run_kechuang_va (run, language, first_arg, args);
  va_end (args);
}

/* The id of the bundled dataset's first chart; free with g_free(). */
static char *
dup_first_chart_id (void)
{
  g_auto(Run) list = { 0 };
  g_auto(GStrv) cells = NULL;

  run_kechuang (&list, "--list-charts", NULL);
  g_assert_cmpint (list.status, ==, 0);
  cells = g_strsplit (list.out, "\t", 2);
  g_assert_cmpuint (g_strv_length (cells), ==, 2);

  return g_strdup (cells[0]);
}

/* A usage error: status 2, the message prefixed like every other one,
 * mentioning @option, and nothing on standard output. */
static void
assert_usage_error (const Run  *run,
                    const char *option)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "kechuang: "));
  g_assert_nonnull (strstr (run->err, option));
  g_assert_cmpstr (run->out, ==, "");
}

static void
test_check_good (void)
{
  g_autofree char *path = kc_test_data_path ("cli", "good.csv", NULL);
  g_auto(Run) run = { 0 };
  g_autofree char *expected = NULL;

  run_kechuang (&run, "--check", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  expected = g_strdup_printf ("%s: observations, UTF-8, comma, 2 rows, 5 columns\n", path);
  g_assert_cmpstr (run.out, ==, expected);
}

static void
test_check_bad (void)
{
  g_autofree char *path = kc_test_data_path ("cli", "bad-value.csv", NULL);
  g_autofree char *location = NULL;
  g_autofree char *summary = NULL;
  g_auto(Run) run = { 0 };

  run_kechuang (&run, "--check", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  /* The row with the bad value is not read: one row, in the singular. */
  summary = g_strdup_printf ("%s: observations, UTF-8, comma, 1 row, 4 columns\n", path);
  g_assert_true (g_str_has_prefix (run.out, summary));
  location = g_strdup_printf ("\n%s:3:4: bad-value: “abc” is not a number", path);
  g_assert_nonnull (strstr (run.out, location));
}

/* A wide table has a row per indicator and a value per filled period
 * cell: both counts are given, and the rows are counted as a spreadsheet
 * counts them, the third one with no value yet included. */
static void
test_check_wide (void)
{
  g_autofree char *path = kc_test_data_path ("cli", "wide.csv", NULL);
  g_auto(Run) run = { 0 };
  g_autofree char *expected = NULL;

  run_kechuang (&run, "--check", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  expected = g_strdup_printf ("%s: wide, UTF-8, comma, 3 rows, 6 values, 5 columns\n", path);
  g_assert_cmpstr (run.out, ==, expected);
}

/* A warning says so on its line, which is why the status is still 0. */
static void
test_check_warning (void)
{
  g_autofree char *path = kc_test_data_path ("cli", "dangling-partner.csv", NULL);
  g_auto(Run) run = { 0 };
  g_autofree char *expected = NULL;

  run_kechuang (&run, "--check", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  expected = g_strdup_printf ("%s: entities, UTF-8, comma, 2 rows, 4 columns\n"
                              "%s:2:4: dangling-reference: warning: Partner “zz” is not an id in this file\n",
                              path, path);
  g_assert_cmpstr (run.out, ==, expected);
}

static void
test_check_needs_paths (void)
{
  g_auto(Run) run = { 0 };

  run_kechuang (&run, "--check", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--check"));
}

static void
test_usage_errors (void)
{
  g_auto(Run) both = { 0 };
  g_auto(Run) size = { 0 };
  g_auto(Run) theme = { 0 };
  g_auto(Run) stray = { 0 };
  g_auto(Run) unknown = { 0 };
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "x.png", NULL);
  g_autofree char *bad_ext = g_build_filename (dir, "x.gif", NULL);
  g_auto(Run) ext = { 0 };

  run_kechuang (&both, "--check", "--list-charts", NULL);
  g_assert_cmpint (both.status, ==, 2);

  run_kechuang (&size, "--export-all", dir, "--size", "12x", NULL);
  g_assert_cmpint (size.status, ==, 2);
  g_assert_nonnull (strstr (size.err, "--size"));

  run_kechuang (&theme, "--export-all", dir, "--theme", "blue", NULL);
  g_assert_cmpint (theme.status, ==, 2);
  g_assert_nonnull (strstr (theme.err, "blue"));

  run_kechuang (&stray, "--output", out, NULL);
  g_assert_cmpint (stray.status, ==, 2);

  run_kechuang (&unknown, "--export-chart", "no-such-chart", "--output", out, NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "no-such-chart"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run_kechuang (&ext, "--export-all", dir, NULL);
  g_assert_cmpint (ext.status, ==, 0);
  {
    g_auto(Run) gif = { 0 };
    g_auto(GStrv) lines = g_strsplit (ext.out, "\n", -1);
    g_autofree char *first = g_path_get_basename (lines[0]);
    char *dot = strrchr (first, '.');

    *dot = '\0';
    run_kechuang (&gif, "--export-chart", first, "--output", bad_ext, NULL);
    g_assert_cmpint (gif.status, ==, 2);
  }

  kc_test_remove_tree (dir);
}

/* GOption's own errors (a missing argument, an unknown option) are usage
 * errors like the others, and so is a number that does not parse. */
static void
test_parse_errors (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "x.png", NULL);
  g_autofree char *chart = dup_first_chart_id ();
  g_auto(Run) missing = { 0 };
  g_auto(Run) bad_scale = { 0 };
  g_auto(Run) bad_limit = { 0 };
  g_auto(Run) unknown = { 0 };

  run_kechuang (&missing, "--search", NULL);
  assert_usage_error (&missing, "--search");

  run_kechuang (&bad_scale, "--export-chart", chart, "--output", out, "--scale", "abc", NULL);
  assert_usage_error (&bad_scale, "--scale");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run_kechuang (&bad_limit, "--search", "zxjt", "--limit", "many", NULL);
  assert_usage_error (&bad_limit, "--limit");

  run_kechuang (&unknown, "--no-such-option", NULL);
  assert_usage_error (&unknown, "--no-such-option");

  kc_test_remove_tree (dir);
}

/* An option is refused, naming the commands that read it, whenever the
 * command given (or the window, without one) does not read it. */
static void
test_unused_options (void)
{
  static const struct
  {
    const char *args[7];
    const char *message;
  } cases[] = {
    { { "--output", "OUT" }, "--output is only used with --export-chart\n" },
    { { "--export-all", "DIR", "--output", "OUT" }, "--output is only used with --export-chart\n" },
    { { "--search", "zxjt", "--output", "OUT" }, "--output is only used with --export-chart\n" },
    { { "--search", "zxjt", "--size", "10x10" },
      "--size is only used with --export-chart or --export-all\n" },
    { { "--search", "zxjt", "--theme", "dark" },
      "--theme is only used with --export-chart or --export-all\n" },
    { { "--size", "600x400" }, "--size is only used with --export-chart or --export-all\n" },
    { { "--list-charts", "--transparent" },
      "--transparent is only used with --export-chart or --export-all\n" },
    { { "--check", "GOOD", "--scale", "2" },
      "--scale is only used with --export-chart or --export-all\n" },
    { { "--check", "GOOD", "--format", "svg" },
      "--format is only used with --export-chart or --export-all\n" },
    { { "--export-chart", "CHART", "--output", "OUT", "--limit", "3" },
      "--limit is only used with --search\n" },
  };
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *folder = g_build_filename (dir, "all", NULL);
  g_autofree char *out = g_build_filename (dir, "x.png", NULL);
  g_autofree char *good = kc_test_data_path ("cli", "good.csv", NULL);
  g_autofree char *chart = dup_first_chart_id ();

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const char *args[G_N_ELEMENTS (cases[c].args) + 1] = { NULL };
      g_autofree char *expected = g_strconcat ("kechuang: ", cases[c].message, NULL);
      g_auto(Run) run = { 0 };

      for (guint i = 0; cases[c].args[i] != NULL; i++)
        {
          const char *arg = cases[c].args[i];

          args[i] = g_str_equal (arg, "OUT") ? out
                    : g_str_equal (arg, "DIR") ? folder
                    : g_str_equal (arg, "GOOD") ? good
                    : g_str_equal (arg, "CHART") ? chart
                    : arg;
        }

      run_kechuang_argv (&run, NULL, args);
      assert_usage_error (&run, "--");
      g_assert_true (g_str_has_prefix (run.err, expected));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
    }

  kc_test_remove_tree (dir);
}

/* 0 is outside the ranges of --scale and --limit like any other number,
 * not the same as leaving the option out. */
static void
test_zero_is_out_of_range (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "x.png", NULL);
  g_autofree char *chart = dup_first_chart_id ();
  g_auto(Run) scale = { 0 };
  g_auto(Run) limit = { 0 };

  run_kechuang (&scale, "--export-chart", chart, "--output", out, "--scale", "0", NULL);
  assert_usage_error (&scale, "--scale must be a number from 0.25 to 10");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run_kechuang (&limit, "--search", "zxjt", "--limit", "0", NULL);
  assert_usage_error (&limit, "--limit must be a positive number");

  kc_test_remove_tree (dir);
}

static void
test_list_charts_bundled (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  guint n_kpi = 0;

  run_kechuang (&run, "--list-charts", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 6);

  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 3);
      if (g_str_equal (cells[1], "kpi"))
        n_kpi++;
    }
  g_assert_cmpuint (n_kpi, >=, 3);
}

/* The title listed is the one the export carries in the same language:
 * the <title> of the SVG export. */
static void
check_listed_titles (const char *language,
                     GHashTable *titles)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_auto(Run) list = { 0 };
  g_auto(Run) export = { 0 };
  g_auto(GStrv) lines = NULL;

  run_kechuang_in (&list, language, "--list-charts", NULL);
  g_assert_cmpint (list.status, ==, 0);
  run_kechuang_in (&export, language, "--export-all", dir, "--format", "svg", NULL);
  g_assert_cmpint (export.status, ==, 0);

  lines = g_strsplit (g_strstrip (list.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);
      g_autofree char *name = g_strconcat (cells[0], ".svg", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *svg = NULL;
      g_autofree char *escaped = NULL;
      g_autofree char *element = NULL;

      g_assert_cmpuint (g_strv_length (cells), ==, 3);
      g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
      escaped = g_markup_escape_text (cells[2], -1);
      element = g_strdup_printf ("<title>%s</title>", escaped);
      g_assert_nonnull (strstr (svg, element));
      g_hash_table_insert (titles, g_strdup (cells[0]), g_strdup (cells[2]));
    }

  kc_test_remove_tree (dir);
}

static void
test_list_charts_language (void)
{
  g_autoptr(GHashTable) en = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) zh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer id, title;
  guint n_translated = 0;

  check_listed_titles ("en", en);
  check_listed_titles ("zh_CN", zh);

  /* The bundled charts have English titles, so the two lists differ. */
  g_assert_cmpuint (g_hash_table_size (en), ==, g_hash_table_size (zh));
  g_hash_table_iter_init (&iter, en);
  while (g_hash_table_iter_next (&iter, &id, &title))
    if (!g_str_equal (title, g_hash_table_lookup (zh, id)))
      n_translated++;
  g_assert_cmpuint (n_translated, >, 0);
}

static void
test_search_bundled (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) english = { 0 };
  g_auto(GStrv) cells = NULL;

  run_kechuang (&run, "--search", "zxjt", "--limit", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cells = g_strsplit (run.out, "\t", -1);
  g_assert_cmpuint (g_strv_length (cells), ==, 3);
  g_assert_cmpstr (cells[2], ==, "中芯集团\n");

  /* By the English name, as in the directory. */
  run_kechuang (&english, "--search", "SMIC Group", NULL);
  g_assert_cmpint (english.status, ==, 0);
  g_assert_true (g_str_has_prefix (english.out, "smic-group\tenterprise\t中芯集团\n"));
}

static guint32
read_be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
test_export_chart_png (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "chart.png", NULL);
  g_auto(Run) list = { 0 };
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) first = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  run_kechuang (&list, "--list-charts", NULL);
  lines = g_strsplit (list.out, "\n", -1);
  first = g_strsplit (lines[0], "\t", -1);

  run_kechuang (&run, "--export-chart", first[0], "--output", out, "--size", "600x400",
                "--scale", "2", "--theme", "dark", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  g_assert_true (g_file_get_contents (out, &data, &len, NULL));
  g_assert_cmpuint (len, >, 24);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpuint (read_be32 ((const guchar *) data + 16), ==, 1200);
  g_assert_cmpuint (read_be32 ((const guchar *) data + 20), ==, 800);

  kc_test_remove_tree (dir);
}

static void
test_export_all_formats (void)
{
  static const char *const formats[] = { "png", "svg", "pdf" };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *dir = kc_test_make_tmpdir ();
      g_autofree char *target = g_build_filename (dir, "out", NULL);
      g_auto(Run) list = { 0 };
      g_auto(Run) run = { 0 };
      g_auto(GStrv) charts = NULL;
      g_auto(GStrv) written = NULL;
      g_autofree char *suffix = g_strconcat (".", formats[f], NULL);

      run_kechuang (&list, "--list-charts", NULL);
      run_kechuang (&run, "--export-all", target, "--format", formats[f], NULL);
      g_assert_cmpint (run.status, ==, 0);

      charts = g_strsplit (g_strstrip (list.out), "\n", -1);
      written = g_strsplit (g_strstrip (run.out), "\n", -1);
      g_assert_cmpuint (g_strv_length (written), ==, g_strv_length (charts));

      for (guint i = 0; written[i] != NULL; i++)
        {
          g_auto(GStrv) cells = g_strsplit (charts[i], "\t", -1);
          g_autofree char *base = g_path_get_basename (written[i]);
          g_autofree char *expected = g_strconcat (cells[0], suffix, NULL);

          g_assert_true (g_file_test (written[i], G_FILE_TEST_IS_REGULAR));
          g_assert_cmpstr (base, ==, expected);
        }

      kc_test_remove_tree (dir);
    }
}

static void
test_export_failure_keeps_file (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "no", "such", "folder", "x.png", NULL);
  g_auto(Run) list = { 0 };
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) first = NULL;

  run_kechuang (&list, "--list-charts", NULL);
  lines = g_strsplit (list.out, "\n", -1);
  first = g_strsplit (lines[0], "\t", -1);

  run_kechuang (&run, "--export-chart", first[0], "--output", missing, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, missing));

  kc_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/check/good", test_check_good);
  g_test_add_func ("/cli/check/bad", test_check_bad);
  g_test_add_func ("/cli/check/wide", test_check_wide);
  g_test_add_func ("/cli/check/warning", test_check_warning);
  g_test_add_func ("/cli/check/needs-paths", test_check_needs_paths);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/usage-errors/parse", test_parse_errors);
  g_test_add_func ("/cli/usage-errors/unused-options", test_unused_options);
  g_test_add_func ("/cli/usage-errors/zero", test_zero_is_out_of_range);
  g_test_add_func ("/cli/list-charts", test_list_charts_bundled);
  g_test_add_func ("/cli/list-charts/language", test_list_charts_language);
  g_test_add_func ("/cli/search", test_search_bundled);
  g_test_add_func ("/cli/export/png", test_export_chart_png);
  g_test_add_func ("/cli/export/all", test_export_all_formats);
  g_test_add_func ("/cli/export/failure", test_export_failure_keeps_file);

  return g_test_run ();
}
