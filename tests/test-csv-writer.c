/* test-csv-writer.c
 * The CSV writer: quoting, line ends, formula neutralising, numbers, BOM
 * and GB18030, atomic files, and the round trip through our reader. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "kc-atomic-file.h"
#include "kc-csv-reader.h"
#include "kc-csv-writer.h"
#include "kc-test-utils.h"

/* The text of a memory writer's output, which must be UTF-8 without BOM. */
static char *
finish_to_string (KcCsvWriter *writer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = kc_csv_writer_finish (writer, &error);
  gsize len;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &len);
  return g_strndup (data, len);
}

static char *
one_cell (const char *text,
          gboolean    as_text)
{
  KcCsvWriter *writer = kc_csv_writer_new (KC_CSV_CHARSET_UTF8, ',');

  if (as_text)
    kc_csv_writer_add_text (writer, text);
  else
    kc_csv_writer_add_cell (writer, text);
  return finish_to_string (writer);
}

static void
test_plain_numbers (void)
{
  static const char * const numbers[] = {
    "0", "3", "-3.5", "128.7", ".5", "5.", "-0", "1e-07", "2E+10", "-1.5e3", "007",
  };
  static const char * const not_numbers[] = {
    "", "-", ".", "-.", "+3", "3,5", "1,234.5", "3.5%", " 3", "3 ", "1e", "1e+", "--3",
    "-3.5+A1", "0x10", "inf", "nan", "３", "1.2.3", "=1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    if (!kc_csv_is_plain_number (numbers[i]))
      g_error ("“%s” should be a plain number", numbers[i]);
  for (guint i = 0; i < G_N_ELEMENTS (not_numbers); i++)
    if (kc_csv_is_plain_number (not_numbers[i]))
      g_error ("“%s” should not be a plain number", not_numbers[i]);
  g_assert_false (kc_csv_is_plain_number (NULL));
}

static void
test_formula_neutralising (void)
{
  /* OWASP's list: each leading character, as text. */
  static const struct
  {
    const char *cell;
    gboolean    neutralised;
    const char *written;
  } cases[] = {
    { "=SUM(A1:A9)", TRUE, "'=SUM(A1:A9)\r\n" },
    { "+1+2", TRUE, "'+1+2\r\n" },
    { "-2+3", TRUE, "'-2+3\r\n" },
    { "@cmd", TRUE, "'@cmd\r\n" },
    { "\tcalc", TRUE, "'\tcalc\r\n" },
    { "\rcalc", TRUE, "\"'\rcalc\"\r\n" },
    { "=HYPERLINK(\"http://x\",\"y\")", TRUE, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n" },
    { "a=b", FALSE, "a=b\r\n" },
    { "北仑=1", FALSE, "北仑=1\r\n" },
    { "'quoted", FALSE, "'quoted\r\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *as_text = one_cell (cases[i].cell, TRUE);
      g_autofree char *as_cell = one_cell (cases[i].cell, FALSE);

      g_assert_cmpstr (as_text, ==, cases[i].written);
      /* None of them is a plain number, so the automatic choice agrees. */
      g_assert_cmpstr (as_cell, ==, cases[i].written);
      g_assert_true (kc_csv_needs_neutralising (cases[i].cell) == cases[i].neutralised);
    }

  /* Negative numbers stay numbers in number cells, and become text where
   * the column is text. */
  {
    g_autofree char *number = one_cell ("-3.5", FALSE);
    g_autofree char *text = one_cell ("-3.5", TRUE);
    g_autofree char *exp = one_cell ("-1e-07", FALSE);

    g_assert_cmpstr (number, ==, "-3.5\r\n");
    g_assert_cmpstr (text, ==, "'-3.5\r\n");
    g_assert_cmpstr (exp, ==, "-1e-07\r\n");
  }
}

static void
test_quoting_and_line_ends (void)
{
  KcCsvWriter *writer = kc_csv_writer_new (KC_CSV_CHARSET_UTF8, ',');
  g_autofree char *text = NULL;
  const char * const row[] = { "a,b", "say \"hi\"", "two\nlines", " padded ", "plain", "", NULL };

  kc_csv_writer_add_row (writer, row);
  kc_csv_writer_add_text (writer, "x");
  kc_csv_writer_add_text (writer, NULL);
  kc_csv_writer_add_number (writer, NAN);
  kc_csv_writer_add_text (writer, "y");
  /* The last row needs no kc_csv_writer_end_row(). */
  text = finish_to_string (writer);

  g_assert_cmpstr (text, ==,
                   "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",plain,\r\n"
                   "x,,,y\r\n");

  /* With tabs, commas need no quotes but tabs do. */
  writer = kc_csv_writer_new (KC_CSV_CHARSET_UTF8, '\t');
  kc_csv_writer_add_text (writer, "a,b");
  kc_csv_writer_add_text (writer, "c\td");
  kc_csv_writer_add_number (writer, 1.5);
  g_clear_pointer (&text, g_free);
  text = finish_to_string (writer);
  g_assert_cmpstr (text, ==, "a,b\t\"c\td\"\t1.5\r\n");
}

static void
test_numbers (void)
{
  static const struct
  {
    double      value;
    const char *written;
  } cases[] = {
    { 128.7, "128.7" },
    { -3.5, "-3.5" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 3251, "3251" },
    { 1e-7, "1e-07" },
    { 251.25, "251.25" },
    { 1e21, "1e+21" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KcCsvWriter *writer = kc_csv_writer_new (KC_CSV_CHARSET_UTF8, ',');
      g_autofree char *text = NULL;
      g_autofree char *expected = g_strconcat (cases[i].written, "\r\n", NULL);

      kc_csv_writer_add_number (writer, cases[i].value);
      text = finish_to_string (writer);
      g_assert_cmpstr (text, ==, expected);
      /* What is written reads back as the same double. */
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, cases[i].value);
      g_assert_true (kc_csv_is_plain_number (cases[i].written));
    }
}

static void
test_bom (void)
{
  KcCsvWriter *writer = kc_csv_writer_new (KC_CSV_CHARSET_UTF8_BOM, ',');
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const guint8 *data;

  kc_csv_writer_add_text (writer, "北仑");
  bytes = kc_csv_writer_finish (writer, NULL);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpuint (len, ==, 3 + 6 + 2);
  g_assert_cmpmem (data, 3, "\xEF\xBB\xBF", 3);
  g_assert_cmpmem (data + 3, len - 3, "北仑\r\n", strlen ("北仑\r\n"));

  /* An empty file with BOM is the BOM alone; without, nothing. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = kc_csv_writer_finish (kc_csv_writer_new (KC_CSV_CHARSET_UTF8_BOM, ','), NULL);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 3);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = kc_csv_writer_finish (kc_csv_writer_new (KC_CSV_CHARSET_UTF8, ','), NULL);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
}

static void
test_gb18030 (void)
{
  /* Two-byte (科创), four-byte (𠮷, outside the BMP) and ASCII text. */
  const char *text = "科创,𠮷,=x";
  KcCsvWriter *writer = kc_csv_writer_new (KC_CSV_CHARSET_GB18030, ',');
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *decoded = NULL;
  gsize len, decoded_len = 0;
  const char *data;

  kc_csv_writer_add_text (writer, "科创");
  kc_csv_writer_add_text (writer, "𠮷");
  kc_csv_writer_add_text (writer, "=x");
  bytes = kc_csv_writer_finish (writer, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &len);

  /* 科 is BF C6 and 创 is B4 B4 in GB2312, which GB18030 keeps; no BOM. */
  g_assert_cmpuint (len, >=, 4);
  g_assert_cmpmem (data, 4, "\xBF\xC6\xB4\xB4", 4);
  g_assert_false (g_utf8_validate (data, len, NULL));

  decoded = g_convert (data, len, "UTF-8", "GB18030", NULL, &decoded_len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decoded, ==, "科创,𠮷,'=x\r\n");
  g_assert_cmpuint (strlen (text) + 3, ==, decoded_len);
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *text = one_cell ("ab\xC3(cd", TRUE);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpstr (text, ==, "ab\xEF\xBF\xBD(cd\r\n");
}

/* ---- Round trip ------------------------------------------------------- */

static gboolean
collect_record (gpointer           part_data,
                const KcCsvRecord *record,
                KcProblemList     *problems)
{
  GPtrArray *rows = part_data;
  GPtrArray *row = g_ptr_array_new ();

  for (guint i = 0; i < record->n_fields; i++)
    g_ptr_array_add (row, g_strndup (record->fields[i], record->lengths[i]));
  g_ptr_array_add (row, NULL);
  g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));

  return TRUE;
}

static void
check_round_trip (KcCsvCharset charset,
                  char         delimiter,
                  KcEncoding   expected_encoding)
{
  /* Text cells (column 0 and 1) and number cells (column 2). */
  static const char * const header[] = { "名称", "备注", "数值", NULL };
  static const char * const rows[][3] = {
    { "北仑区", "高新技术产业产值", "251.25" },
    { "宁波, 浙江", "引号\"里\"", "-3.5" },
    { "两行\n文字", "tab\tin", "0" },
    { "=1+1", "-负数文本", "1e-07" },
    { "@home", "+86", "-0.25" },
    { "𠮷野家", "", "3251" },
  };
  KcCsvWriter *writer = kc_csv_writer_new (charset, delimiter);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  KcCsvFormat format = { 0 };

  kc_csv_writer_add_row (writer, header);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      kc_csv_writer_add_text (writer, rows[r][0]);
      kc_csv_writer_add_text (writer, rows[r][1]);
      kc_csv_writer_add_cell (writer, rows[r][2]);
      kc_csv_writer_end_row (writer);
    }
  bytes = kc_csv_writer_finish (writer, NULL);

  g_assert_true (kc_csv_sniff_bytes (bytes, "round-trip.csv", &format, problems));
  g_assert_cmpint (format.encoding, ==, expected_encoding);
  g_assert_cmpint (format.delimiter, ==, delimiter);
  g_assert_cmpstrv (format.header, header);
  g_assert_cmpuint (kc_csv_read_bytes (bytes, "round-trip.csv", &format, read, collect_record, problems),
                    ==, 1);
  g_assert_cmpuint (kc_problem_list_get_total (problems), ==, 0);
  g_assert_cmpuint (read->len, ==, G_N_ELEMENTS (rows));

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      char **cells = g_ptr_array_index (read, r);

      g_assert_cmpuint (g_strv_length (cells), ==, 3);
      for (guint c = 0; c < 3; c++)
        {
          /* Text that looked like a formula comes back with the one
           * apostrophe that neutralised it; everything else exactly. */
          g_autofree char *expected = c < 2 && kc_csv_needs_neutralising (rows[r][c])
                                      ? g_strconcat ("'", rows[r][c], NULL)
                                      : g_strdup (rows[r][c]);

          g_assert_cmpstr (cells[c], ==, expected);
        }
      /* Numbers, negative ones included, come back as the same value. */
      g_assert_cmpfloat (g_ascii_strtod (cells[2], NULL), ==, g_ascii_strtod (rows[r][2], NULL));
    }

  kc_csv_format_clear (&format);
}

static void
test_round_trip (void)
{
  check_round_trip (KC_CSV_CHARSET_UTF8_BOM, ',', KC_ENCODING_UTF8_BOM);
  check_round_trip (KC_CSV_CHARSET_UTF8, ',', KC_ENCODING_UTF8);
  check_round_trip (KC_CSV_CHARSET_GB18030, ',', KC_ENCODING_GB18030);
  check_round_trip (KC_CSV_CHARSET_UTF8_BOM, '\t', KC_ENCODING_UTF8_BOM);
  check_round_trip (KC_CSV_CHARSET_UTF8, ';', KC_ENCODING_UTF8);
}

/* ---- Files ------------------------------------------------------------- */

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_file_writer (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "数据.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) done = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *utf8 = NULL;
  gsize len;
  KcCsvWriter *writer;
  GString *expected = g_string_new (NULL);

  /* Big enough to be converted and written in several pieces. */
  writer = kc_csv_writer_new_for_path (path, KC_CSV_CHARSET_GB18030, ',', &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 40000; i++)
    {
      kc_csv_writer_add_text (writer, "北仑区科技创新");
      kc_csv_writer_add_number (writer, i * 0.5);
      kc_csv_writer_end_row (writer);
      g_string_append_printf (expected, "北仑区科技创新,%g\r\n", i * 0.5);
    }
  /* Nothing is in place before the end. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  done = kc_csv_writer_finish (writer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (done);

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  utf8 = g_convert (contents, len, "UTF-8", "GB18030", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (utf8, ==, expected->str);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  g_string_free (expected, TRUE);
  kc_test_remove_tree (dir);
}

static void
test_file_writer_abandoned (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = kc_test_write_file (dir, "old.csv", "old,data\r\n", -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  KcCsvWriter *writer;

  /* Freed without finishing: the old file stays, no temporary is left. */
  writer = kc_csv_writer_new_for_path (path, KC_CSV_CHARSET_UTF8_BOM, ',', &error);
  g_assert_no_error (error);
  kc_csv_writer_add_text (writer, "new");
  kc_csv_writer_free (writer);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old,data\r\n");
  g_assert_cmpuint (count_entries (dir), ==, 1);
  kc_test_remove_tree (dir);
}

static void
test_file_writer_bad_folder (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *file = kc_test_write_file (dir, "not-a-folder", "x", -1);
  g_autofree char *path = g_build_filename (file, "out.csv", NULL);
  g_autoptr(GError) error = NULL;
  KcCsvWriter *writer;

  /* A folder that is a file fails for every user, root included. */
  writer = kc_csv_writer_new_for_path (path, KC_CSV_CHARSET_UTF8_BOM, ',', &error);
  g_assert_null (writer);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* A name that is a folder is refused before anything is written. */
  writer = kc_csv_writer_new_for_path (dir, KC_CSV_CHARSET_UTF8_BOM, ',', &error);
  g_assert_null (writer);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  kc_test_remove_tree (dir);
}

/* A write that fails half-way, for every user: the file size limit. */
static void
test_atomic_file_size_limit (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = kc_test_write_file (dir, "old.csv", "old,data\r\n", -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  struct rlimit saved, limited;
  void (*old_handler) (int);
  KcCsvWriter *writer;
  GBytes *bytes;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 4096;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);

  writer = kc_csv_writer_new_for_path (path, KC_CSV_CHARSET_UTF8_BOM, ',', &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 100000; i++)
    {
      kc_csv_writer_add_text (writer, "a row that goes past the limit");
      kc_csv_writer_end_row (writer);
    }
  bytes = kc_csv_writer_finish (writer, &error);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_null (bytes);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old,data\r\n");
  g_assert_cmpuint (count_entries (dir), ==, 1);
  kc_test_remove_tree (dir);
}

static void
test_atomic_file_mode (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = kc_test_write_file (dir, "kept-mode.csv", "x", -1);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("y", 1);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_true (kc_file_write_atomically (path, bytes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  g_assert_cmpint (st.st_size, ==, 1);
  kc_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-writer/plain-numbers", test_plain_numbers);
  g_test_add_func ("/csv-writer/formula-neutralising", test_formula_neutralising);
  g_test_add_func ("/csv-writer/quoting-and-line-ends", test_quoting_and_line_ends);
  g_test_add_func ("/csv-writer/numbers", test_numbers);
  g_test_add_func ("/csv-writer/bom", test_bom);
  g_test_add_func ("/csv-writer/gb18030", test_gb18030);
  g_test_add_func ("/csv-writer/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/csv-writer/round-trip", test_round_trip);
  g_test_add_func ("/csv-writer/file", test_file_writer);
  g_test_add_func ("/csv-writer/file-abandoned", test_file_writer_abandoned);
  g_test_add_func ("/csv-writer/file-bad-folder", test_file_writer_bad_folder);
  g_test_add_func ("/atomic-file/size-limit", test_atomic_file_size_limit);
  g_test_add_func ("/atomic-file/mode", test_atomic_file_mode);

  return g_test_run ();
}
