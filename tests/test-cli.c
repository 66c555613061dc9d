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

static void
run_kechuang (Run        *run,
              const char *first_arg,
              ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                      | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("KC_BINARY");
  const char *arg;
  va_list args;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Headless means headless: no display and no session bus to lean on. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
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
  g_auto(Run) run = { 0 };

  run_kechuang (&run, "--check", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  location = g_strdup_printf ("%s:3:4: bad-value: “abc” is not a number", path);
  g_assert_nonnull (strstr (run.out, location));
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

static void
test_search_bundled (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) cells = NULL;

  run_kechuang (&run, "--search", "zxjt", "--limit", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cells = g_strsplit (run.out, "\t", -1);
  g_assert_cmpuint (g_strv_length (cells), ==, 3);
  g_assert_cmpstr (cells[2], ==, "中芯集团\n");
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
  g_test_add_func ("/cli/check/needs-paths", test_check_needs_paths);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/list-charts", test_list_charts_bundled);
  g_test_add_func ("/cli/search", test_search_bundled);
  g_test_add_func ("/cli/export/png", test_export_chart_png);
  g_test_add_func ("/cli/export/all", test_export_all_formats);
  g_test_add_func ("/cli/export/failure", test_export_failure_keeps_file);

  return g_test_run ();
}
