/* test-hostile.c
 * Hostile inputs load exactly as tests/data/hostile/MANIFEST says, in bounds. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "kc-loader.h"
#include "kc-test-utils.h"

/* ASan keeps freed blocks in quarantine and adds redzones and shadow memory,
 * so the memory bounds stated in the manifest are for a plain build; under
 * ASan they are scaled by this factor plus its quarantine. */
#if defined(__SANITIZE_ADDRESS__)
#define PEAK_FACTOR 4
#define PEAK_EXTRA_MIB 512
#else
#define PEAK_FACTOR 1
#define PEAK_EXTRA_MIB 0
#endif

/* The generated entities file (a test of its own, not in the manifest). */
#define ENTITIES_ROWS 2000000
#define ENTITIES_PEAK_MIB 512

typedef struct
{
  char    *file;      /* a name under tests/data/hostile/, or "generated:NAME" */
  char    *outcome;   /* loads, loads-with-warnings, loads-with-errors, rejected */
  guint64  rows;
  char    *problems;  /* "code@line:col …" in sorted order, or "-" */
  guint    peak_mib;  /* bound on the peak resident size; 0 = not checked */
  char    *comment;
} HostileCase;

static GPtrArray *cases;

static void
hostile_case_free (HostileCase *c)
{
  g_free (c->file);
  g_free (c->outcome);
  g_free (c->problems);
  g_free (c->comment);
  g_free (c);
}

/* Reads the manifest: one case a line, fields separated by tabs; '#' starts
 * a comment line. */
static void
read_manifest (void)
{
  g_autofree char *path = kc_test_data_path ("hostile", "MANIFEST", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) hostile_case_free);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      HostileCase *c;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;

      fields = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (fields) != 6)
        g_error ("MANIFEST line %u: expected 6 tab-separated fields, found %u",
                 i + 1, g_strv_length (fields));

      c = g_new0 (HostileCase, 1);
      c->file = g_strdup (fields[0]);
      c->outcome = g_strdup (fields[1]);
      c->rows = g_ascii_strtoull (fields[2], NULL, 10);
      c->problems = g_strdup (fields[3]);
      c->peak_mib = g_str_equal (fields[4], "-") ? 0 : (guint) g_ascii_strtoull (fields[4], NULL, 10);
      c->comment = g_strdup (fields[5]);
      g_ptr_array_add (cases, c);
    }
}

/* The peak resident size of this process image: VmHWM starts again at
 * exec, while getrusage()'s ru_maxrss keeps the parent's peak from before
 * the fork and exec of g_test_trap_subprocess(). */
static guint64
peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;
  struct rusage usage;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      && (line = strstr (status, "\nVmHWM:")) != NULL)
    return g_ascii_strtoull (line + strlen ("\nVmHWM:"), NULL, 10) / 1024;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  /* Linux gives kibibytes. */
  return (guint64) usage.ru_maxrss / 1024;
}

/* Physical lines as the reader counts them: LF, CRLF and a lone CR each end
 * one; a last line without an ending still counts. */
static guint64
count_lines (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  const char *data;
  gsize len;
  guint64 lines = 0;

  g_assert_nonnull (mapped);
  data = g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  for (gsize i = 0; i < len; i++)
    if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == len || data[i + 1] != '\n')))
      lines++;

  return lines + (len > 0 && data[len - 1] != '\n' && data[len - 1] != '\r');
}

static KcDataset *
load_path (const char  *path,
           KcLoadFlags  flags)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  KcDataset *dataset = kc_dataset_load (&file, 1, flags, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

static char *
format_problems (KcProblemList *list)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < kc_problem_list_get_n (list); i++)
    {
      const KcProblem *p = kc_problem_list_get (list, i);

      g_string_append_printf (out, "%s%s@%" G_GUINT64_FORMAT ":%u", i > 0 ? " " : "",
                              kc_problem_code_to_string (p->code), p->line, p->column);
    }

  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : g_strdup ("-");
}

/* Loads @path and checks it against @c; @lines bounds the problems' lines. */
static void
check_case (const HostileCase *c,
            const char        *path,
            guint64            lines)
{
  g_autoptr(KcDataset) dataset = load_path (path, KC_LOAD_DEFAULT);
  g_autoptr(KcDataset) lenient = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *problems = NULL;
  KcProblemList *list = kc_dataset_get_problems (dataset);
  const KcFileInfo *info;
  const char *outcome;
  guint64 errors = kc_problem_list_count_errors (list);
  g_autofree char *lenient_problems = NULL;

  g_assert_cmpuint (kc_dataset_get_n_files (dataset), ==, 1);
  info = kc_dataset_get_file (dataset, 0);
  /* Every hostile case stays under the list's limit: all are kept. */
  g_assert_cmpuint (kc_problem_list_get_total (list), ==, kc_problem_list_get_n (list));

  for (guint i = 0; i < kc_problem_list_get_n (list); i++)
    {
      const KcProblem *p = kc_problem_list_get (list, i);

      g_assert_true (g_str_has_suffix (p->file, basename));
      g_assert_cmpuint (p->line, <=, lines);
      g_assert_true (g_utf8_validate (p->message, -1, NULL));
      g_assert_cmpuint (strlen (p->message), >, 10);
    }

  /* A file left out always says why, and contributes nothing. */
  if (!info->loaded)
    {
      outcome = "rejected";
      g_assert_cmpuint (errors, >, 0);
      g_assert_true (kc_dataset_is_empty (dataset));
      g_assert_cmpuint (kc_dataset_get_n_indicators (dataset), ==, 0);
      g_assert_cmpuint (kc_dataset_get_n_charts (dataset), ==, 0);
    }
  else if (errors > 0)
    outcome = "loads-with-errors";
  else if (kc_problem_list_get_total (list) > 0)
    outcome = "loads-with-warnings";
  else
    outcome = "loads";

  problems = format_problems (list);
  if (!g_str_equal (outcome, c->outcome) || info->rows != c->rows
      || !g_str_equal (problems, c->problems))
    {
      g_printerr ("%s: the manifest says\n  %s\t%" G_GUINT64_FORMAT "\t%s\nbut the loader gives\n"
                      "  %s\t%" G_GUINT64_FORMAT "\t%s\n",
                      c->file, c->outcome, c->rows, c->problems, outcome, info->rows, problems);
      for (guint i = 0; i < kc_problem_list_get_n (list); i++)
        {
          g_autofree char *line = kc_problem_format (kc_problem_list_get (list, i));

          g_printerr ("  %s\n", line);
        }
    }
  g_assert_cmpstr (outcome, ==, c->outcome);
  g_assert_cmpuint (info->rows, ==, c->rows);
  g_assert_cmpstr (problems, ==, c->problems);

  /* Keeping the good rows may find more (rows merged that a strict load
   * leaves out), never fewer. */
  lenient = load_path (path, KC_LOAD_KEEP_GOOD_ROWS);
  lenient_problems = format_problems (kc_dataset_get_problems (lenient));
  if (!g_str_equal (problems, "-"))
    {
      g_auto(GStrv) expected = g_strsplit (problems, " ", -1);
      g_auto(GStrv) found = g_strsplit (lenient_problems, " ", -1);

      for (guint i = 0; expected[i] != NULL; i++)
        g_assert_true (g_strv_contains ((const char * const *) found, expected[i]));
    }
}

static void
test_committed_file (gconstpointer data)
{
  const HostileCase *c = data;
  g_autofree char *path = kc_test_data_path ("hostile", c->file, NULL);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  check_case (c, path, count_lines (path));
}

/* Streams generated content to a file without holding it in memory. */
static FILE *
open_generated (const char  *dir,
                const char  *name,
                char       **path)
{
  FILE *out;

  *path = g_build_filename (dir, name, NULL);
  out = fopen (*path, "wb");
  g_assert_nonnull (out);
  return out;
}

static void
write_repeated (FILE   *out,
                char    c,
                guint64 count)
{
  char block[64 * 1024];

  memset (block, c, sizeof block);
  while (count > 0)
    {
      gsize n = MIN (count, sizeof block);

      g_assert_cmpuint (fwrite (block, 1, n, out), ==, n);
      count -= n;
    }
}

/* A 50 MiB quoted field: reported where it starts, without 50 MiB kept. */
static void
generate_field_50mib (FILE *out)
{
  fputs ("indicator,period,value,note\n专利授权量,2016,1,\"", out);
  write_repeated (out, 'x', 50 * 1024 * 1024);
  fputs ("\"\n专利授权量,2017,2,fine\n", out);
}

/* A header of 100,000 columns. */
static void
generate_columns_100000 (FILE *out)
{
  fputs ("indicator,period,value", out);
  for (guint i = 3; i < 100000; i++)
    fprintf (out, ",c%u", i);
  fputs ("\n专利授权量,2016,1\n", out);
}

/* A line of exactly 1 MiB (its note just under the field limit) loads. */
static void
generate_line_1mib (FILE *out)
{
  static const char prefix[] = "专利授权量,2016,1,";

  fputs ("indicator,period,value,note\n", out);
  fputs (prefix, out);
  write_repeated (out, 'n', 1024 * 1024 - (sizeof prefix - 1) - 1);
  fputs ("\n专利授权量,2017,2,fine\n", out);
}

/* More blank lines than the sniffer reads before the header. */
static void
generate_blank_64kib (FILE *out)
{
  write_repeated (out, '\n', 70000);
  fputs ("indicator,period,value\n专利授权量,2016,1\n", out);
}

/* A 12 MB file read in parallel parts with a quoted field of 300,000 line
 * breaks in the middle: the line of the bad value at the end must be
 * exact across the split. */
static void
generate_split_quoted_lines (FILE *out)
{
  fputs ("indicator,period,value,note\n", out);
  for (guint i = 0; i < 200000; i++)
    fprintf (out, "指标%u,2016,%u,n\n", i, i);
  fputs ("长备注,2016,1,\"", out);
  write_repeated (out, '\n', 300000);
  fputs ("\"\n", out);
  for (guint i = 0; i < 200000; i++)
    fprintf (out, "指标%u,2017,%u,\"q,\"\"x\"\"\"\n", i, i);
  fputs ("坏值,2017,12abc,n\n", out);
}

typedef struct
{
  const char *name;
  void      (*generate) (FILE *out);
} Generator;

static const Generator generators[] = {
  { "field-50mib", generate_field_50mib },
  { "columns-100000", generate_columns_100000 },
  { "line-1mib", generate_line_1mib },
  { "blank-64kib", generate_blank_64kib },
  { "split-quoted-lines", generate_split_quoted_lines },
};

static void
check_peak (guint bound_mib)
{
  guint64 peak = peak_rss_mib ();
  guint64 bound = (guint64) bound_mib * PEAK_FACTOR + PEAK_EXTRA_MIB;

  g_test_message ("peak resident size %" G_GUINT64_FORMAT " MiB, bound %" G_GUINT64_FORMAT " MiB",
                  peak, bound);
  g_assert_cmpuint (peak, <=, bound);
}

static void
test_generated_file (gconstpointer data)
{
  const HostileCase *c = data;

  /* In a child process, so that its peak resident size is this case's. */
  if (g_test_subprocess ())
    {
      const char *name = c->file + strlen ("generated:");
      g_autofree char *dir = kc_test_make_tmpdir ();
      g_autofree char *path = NULL;
      g_autofree char *file_name = g_strconcat (name, ".csv", NULL);
      const Generator *generator = NULL;
      FILE *out;

      for (guint i = 0; i < G_N_ELEMENTS (generators); i++)
        if (g_str_equal (generators[i].name, name))
          generator = &generators[i];
      g_assert_nonnull (generator);

      out = open_generated (dir, file_name, &path);
      generator->generate (out);
      g_assert_cmpint (fclose (out), ==, 0);

      check_case (c, path, count_lines (path));
      kc_test_remove_tree (dir);
      if (c->peak_mib > 0)
        check_peak (c->peak_mib);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Entities with partner cycles (i → i+1 → i+2 → i), self-references and
 * dangling ids; returns the number of each problem it planted. */
static void
generate_entities (FILE    *out,
                   guint    rows,
                   guint64 *n_self,
                   guint64 *n_dangling)
{
  static const char *const kinds[] = { "enterprise", "platform", "institution" };

  *n_self = 0;
  *n_dangling = 0;
  fputs ("id,name,kind,industry,town,partners\n", out);
  for (guint i = 0; i < rows; i++)
    {
      fprintf (out, "e%u,甬企%u号科技有限公司,%s,新材料,大碶街道,", i, i, kinds[i % 3]);
      if (i % 997 == 0)
        {
          fprintf (out, "e%u", i);
          (*n_self)++;
        }
      else if (i % 1009 == 0)
        {
          fprintf (out, "x%u", i);
          (*n_dangling)++;
        }
      else if (i % 3 == 2 || i + 2 >= rows)
        fprintf (out, "e%u", i - 2);
      else
        /* The offset is 2 to rows - 2, so neither the row itself nor i + 1. */
        fprintf (out, "e%u;e%u", i + 1, (i + 2 + (i * 7919u) % (rows - 3)) % rows);
      fputc ('\n', out);
    }
}

static void
test_entities_2m (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = kc_test_make_tmpdir ();
      g_autofree char *path = NULL;
      g_autoptr(KcDataset) dataset = NULL;
      KcProblemList *list;
      guint64 n_self, n_dangling;
      guint64 n_self_seen = 0, n_dangling_seen = 0;
      FILE *out = open_generated (dir, "entities.csv", &path);

      generate_entities (out, ENTITIES_ROWS, &n_self, &n_dangling);
      g_assert_cmpint (fclose (out), ==, 0);

      dataset = load_path (path, KC_LOAD_DEFAULT);
      list = kc_dataset_get_problems (dataset);
      g_assert_cmpuint (kc_dataset_get_n_files (dataset), ==, 1);
      g_assert_true (kc_dataset_get_file (dataset, 0)->loaded);
      g_assert_cmpint (kc_dataset_get_file (dataset, 0)->role, ==, KC_FILE_ROLE_ENTITIES);
      g_assert_cmpuint (kc_entity_table_get_n_rows (kc_dataset_get_entities (dataset)), ==,
                        ENTITIES_ROWS);

      /* Cycles are fine; each self-reference and dangling id is one
       * warning on its own line, in the partners column. */
      g_assert_cmpuint (kc_problem_list_count_errors (list), ==, 0);
      g_assert_cmpuint (kc_problem_list_get_total (list), ==, n_self + n_dangling);
      for (guint i = 0; i < kc_problem_list_get_n (list); i++)
        {
          const KcProblem *p = kc_problem_list_get (list, i);
          guint64 row = p->line - 2;

          g_assert_cmpint (p->code, ==, KC_PROBLEM_DANGLING_REFERENCE);
          g_assert_cmpuint (p->column, ==, 6);
          g_assert_true (row % 997 == 0 || row % 1009 == 0);
          if (row % 997 == 0)
            n_self_seen++;
          else
            n_dangling_seen++;
        }
      /* The kept ones are the first in file order. */
      g_assert_cmpuint (n_self_seen + n_dangling_seen, ==, kc_problem_list_get_n (list));
      g_assert_cmpuint (kc_problem_list_get (list, 0)->line, ==, 2);

      g_clear_object (&dataset);
      kc_test_remove_tree (dir);
      check_peak (ENTITIES_PEAK_MIB);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  guint committed = 0;
  int status;

  g_test_init (&argc, &argv, NULL);
  read_manifest ();

  for (guint i = 0; i < cases->len; i++)
    {
      HostileCase *c = g_ptr_array_index (cases, i);
      g_autofree char *test_path = NULL;

      if (g_str_has_prefix (c->file, "generated:"))
        {
          test_path = g_strconcat ("/hostile/generated/", c->file + strlen ("generated:"), NULL);
          g_test_add_data_func (test_path, c, test_generated_file);
        }
      else
        {
          test_path = g_strconcat ("/hostile/file/", c->file, NULL);
          g_test_add_data_func (test_path, c, test_committed_file);
          committed++;
        }
    }
  /* The issue asks for at least 40 committed files. */
  g_assert_cmpuint (committed, >=, 40);
  g_test_add_func ("/hostile/generated/entities-2m", test_entities_2m);

  status = g_test_run ();
  g_ptr_array_unref (cases);
  return status;
}
