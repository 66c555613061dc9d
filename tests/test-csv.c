/* test-csv.c
 * The streaming CSV reader: sniffing, records, problems, parallel parts. */
#include "config.h"

#include <string.h>

#include "kc-csv-reader.h"
#include "kc-test-utils.h"

#define MAX_TEST_PARTS 4

typedef struct
{
  GPtrArray *rows;     /* "line:field|field|…", lines relative to the part */
  GArray    *lines;
  guint      part;
  guint      stop_after;  /* 0: never stop */
} PartRows;

typedef struct
{
  KcCsvFormat    format;
  KcProblemList *problems;
  GPtrArray     *rows;    /* "line:field|field|…" with absolute lines */
  gboolean       sniffed;
  guint          parts;
} ReadResult;

static void
read_result_clear (ReadResult *result)
{
  kc_csv_format_clear (&result->format);
  g_clear_pointer (&result->problems, kc_problem_list_free);
  g_clear_pointer (&result->rows, g_ptr_array_unref);
}

static gboolean
collect_record (gpointer           part_data,
                const KcCsvRecord *record,
                KcProblemList     *problems)
{
  PartRows *part = part_data;
  GString *row = g_string_new (NULL);

  g_assert_cmpuint (record->part, ==, part->part);
  for (guint i = 0; i < record->n_fields; i++)
    {
      g_assert_cmpuint (strlen (record->fields[i]), ==, record->lengths[i]);
      g_assert_true (g_utf8_validate (record->fields[i], -1, NULL));
      if (i > 0)
        g_string_append_c (row, '|');
      g_string_append (row, record->fields[i]);
    }

  g_ptr_array_add (part->rows, g_string_free (row, FALSE));
  g_array_append_val (part->lines, record->line);

  return part->stop_after == 0 || part->rows->len < part->stop_after;
}

/* Sniffs and reads @path in up to @n_parts parts. */
static void
read_path (const char *path,
           guint       n_parts,
           ReadResult *result)
{
  PartRows parts[MAX_TEST_PARTS];
  gpointer part_data[MAX_TEST_PARTS];
  guint64 offsets[MAX_TEST_PARTS];

  memset (result, 0, sizeof *result);
  result->problems = kc_problem_list_new (1000);
  result->rows = g_ptr_array_new_with_free_func (g_free);
  result->sniffed = kc_csv_sniff (path, "test.csv", &result->format, result->problems, NULL);
  if (!result->sniffed)
    return;

  for (guint p = 0; p < n_parts; p++)
    {
      parts[p].rows = g_ptr_array_new_with_free_func (g_free);
      parts[p].lines = g_array_new (FALSE, FALSE, sizeof (guint64));
      parts[p].part = p;
      parts[p].stop_after = 0;
      part_data[p] = &parts[p];
    }

  result->parts = kc_csv_read (path, "test.csv", &result->format, n_parts, part_data,
                               collect_record, NULL, NULL, offsets, result->problems, NULL);

  for (guint p = 0; p < n_parts; p++)
    {
      for (guint i = 0; i < parts[p].rows->len; i++)
        g_ptr_array_add (result->rows,
                         g_strdup_printf ("%" G_GUINT64_FORMAT ":%s",
                                          offsets[p] + g_array_index (parts[p].lines, guint64, i),
                                          (char *) g_ptr_array_index (parts[p].rows, i)));
      g_ptr_array_unref (parts[p].rows);
      g_array_unref (parts[p].lines);
    }
}

static void
read_fixture (const char *name,
              ReadResult *result)
{
  g_autofree char *path = kc_test_data_path ("csv", name, NULL);

  read_path (path, 1, result);
}

static void
assert_rows (GPtrArray         *rows,
             const char *const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (n, rows->len); i++)
    g_assert_cmpstr (g_ptr_array_index (rows, i), ==, expected[i]);
  g_assert_cmpuint (rows->len, ==, n);
}

static void
assert_header (const KcCsvFormat *format,
               const char *const *expected)
{
  g_assert_cmpuint (format->n_columns, ==, g_strv_length ((char **) expected));
  g_assert_cmpstrv (format->header, expected);
}

static const KcProblem *
assert_problem (KcProblemList *problems,
                guint          index,
                KcProblemCode  code,
                guint64        line,
                guint          column)
{
  const KcProblem *problem;

  g_assert_cmpuint (kc_problem_list_get_n (problems), >, index);
  problem = kc_problem_list_get (problems, index);
  g_assert_cmpstr (kc_problem_code_to_string (problem->code), ==, kc_problem_code_to_string (code));
  g_assert_cmpuint (problem->line, ==, line);
  g_assert_cmpuint (problem->column, ==, column);
  g_assert_cmpstr (problem->file, ==, "test.csv");

  return problem;
}

static char *
write_temp (const char *dir,
            const char *name,
            GString    *text)
{
  return kc_test_write_file (dir, name, text->str, text->len);
}

/* ---- Formats -------------------------------------------------------- */

static void
test_gb18030 (void)
{
  static const char *header[] = { "指标", "地区", "时间", "数值", "单位", "备注", "来源", NULL };
  static const char *rows[] = {
    "4:高新技术产业产值|北仑区|2017年1-2月|251.25|亿元||宁波日报",
    "5:高新技术产业产值占规上工业产值比重|北仑区|2017年1-2月|58.5%|%|规上工业|宁波日报",
    "6:新产品产值|北仑区|2017年1-2月|128.7亿元|亿元||宁波日报",
    "7:新产品产值率|北仑区|2017年1-2月|30%|%|比上年末提高2.2个百分点|宁波日报",
    "8:专利授权量|北仑区|2016年|3,251|件||宁波日报",
    "9:技术交易额（买入）|北仑区|2016年|5.91|亿元|技术引进，含\"技术市场\"合同|宁波日报",
    NULL
  };
  ReadResult result;

  read_fixture ("gb18030.csv", &result);
  g_assert_true (result.sniffed);
  g_assert_cmpint (result.format.encoding, ==, KC_ENCODING_GB18030);
  g_assert_cmpint (result.format.delimiter, ==, ',');
  /* A title row and a blank row of commas above the header. */
  g_assert_cmpuint (result.format.header_line, ==, 3);
  assert_header (&result.format, header);
  g_assert_cmpuint (result.parts, ==, 1);
  assert_rows (result.rows, rows);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 0);
  read_result_clear (&result);
}

static void
test_utf8_bom_crlf (void)
{
  static const char *header[] = { "id", "name", "kind", "level", "town", NULL };
  static const char *rows[] = {
    "2:smic-group|中芯集团|enterprise||",
    "3:haitian-group|海天集团|enterprise||",
    "4:nb-mould-center|宁波模具工程技术中心|platform|国家级|大碶街道",
    NULL
  };
  ReadResult result;

  read_fixture ("utf8-bom-crlf.csv", &result);
  g_assert_cmpint (result.format.encoding, ==, KC_ENCODING_UTF8_BOM);
  g_assert_cmpuint (result.format.header_line, ==, 1);
  assert_header (&result.format, header);
  assert_rows (result.rows, rows);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 0);
  read_result_clear (&result);
}

static void
test_semicolon (void)
{
  static const char *rows[] = {
    "2:hightech-output|北仑区|2017-01..02|251,25|亿元",
    "3:patents-granted|北仑区|2016|3251|件",
    "4:new-product-rate|北仑区|2017-01..02|30%|%",
    NULL
  };
  ReadResult result;

  read_fixture ("semicolon.csv", &result);
  g_assert_cmpint (result.format.delimiter, ==, ';');
  g_assert_cmpuint (result.format.n_columns, ==, 5);
  assert_rows (result.rows, rows);
  read_result_clear (&result);
}

static void
test_tab (void)
{
  static const char *rows[] = {
    "2:hightech-output|北仑区|2017-01..02|251.25|亿元",
    "3:patents-granted|北仑区|2016|3,251|件",
    "4:tech-bought|北仑区|2016|5.91|亿元",
    NULL
  };
  ReadResult result;

  read_fixture ("tab.csv", &result);
  g_assert_cmpint (result.format.delimiter, ==, '\t');
  assert_rows (result.rows, rows);
  read_result_clear (&result);
}

static void
test_utf16le (void)
{
  static const char *header[] = { "indicator", "region", "period", "value", NULL };
  static const char *rows[] = {
    "2:hightech-output|北仑区|2017-01..02|251.25",
    "3:新产品产值|北仑区|2017-01..02|128.7",
    NULL
  };
  ReadResult result;

  read_fixture ("utf16le-bom.csv", &result);
  g_assert_cmpint (result.format.encoding, ==, KC_ENCODING_UTF16LE);
  g_assert_cmpint (result.format.delimiter, ==, '\t');
  assert_header (&result.format, header);
  assert_rows (result.rows, rows);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 0);
  read_result_clear (&result);
}

static void
test_quoted_newlines (void)
{
  static const char *rows[] = {
    "2:pilot|智能化环境功能材料量产中试平台|由四家企业共同出资，\n面向全区企业开放；\n合作企业包括申洲公司"
      "|宁波日报《打通科技成果转化\"任督二脉\"》",
    "5:smic-group|中芯集团|总投资规模180亿元, 落户北仑|宁波日报",
    "6:haitian\ngroup|海天集团|配图：\"海天集团机器人\"提高生产效率|",
    NULL
  };
  ReadResult result;

  read_fixture ("quoted-newlines.csv", &result);
  assert_rows (result.rows, rows);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 0);
  read_result_clear (&result);
}

static void
test_title_row (void)
{
  static const char *header[] = { "指标", "地区", "时间", "数值", "单位", NULL };
  static const char *rows[] = {
    "4:研究与试验发展经费支出|北仑区|2016|12.6|亿元",
    "5:新产品开发项目数|北仑区|2016|812|项",
    NULL
  };
  ReadResult result;

  read_fixture ("title-row.csv", &result);
  g_assert_cmpuint (result.format.header_line, ==, 3);
  /* Full-width spaces trimmed, Excel's trailing empty cells dropped. */
  assert_header (&result.format, header);
  assert_rows (result.rows, rows);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 0);
  read_result_clear (&result);
}

static void
test_stray_quote (void)
{
  static const char *rows[] = {
    "2:screen|显示屏|15.6\"",
    "3:bolt|M8\"x\"20螺栓|8 mm",
    NULL
  };
  ReadResult result;

  /* A quote inside an unquoted field is a literal, as in Excel. */
  read_fixture ("stray-quote.csv", &result);
  assert_rows (result.rows, rows);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 0);
  read_result_clear (&result);
}

static void
test_cr_only (void)
{
  static const char *rows[] = {
    "2:高新技术产业产值|北仑区|2016|1",
    "3:专利授权量|北仑区|2016|3251",
    "4:技术\r交易额|北仑区|2016|5.91",
    NULL
  };
  ReadResult result;

  /* Excel for Mac 2011 ends lines with CR alone. */
  read_fixture ("cr-only.csv", &result);
  g_assert_cmpuint (result.format.header_line, ==, 1);
  g_assert_cmpuint (result.format.n_columns, ==, 4);
  assert_rows (result.rows, rows);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 0);
  read_result_clear (&result);
}

static void
test_cr_at_chunk_end (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  const char *ends[] = { "\r", "\n", "\r\n" };
  char *last[G_N_ELEMENTS (ends)] = { NULL };

  /* Sixteen-byte lines: every 1 MiB chunk ends just after a line end. */
  for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *path = NULL;
      ReadResult result;

      g_string_append_printf (text, "%-*s%s", 15 - (int) strlen (ends[e]) + 1, "id,name", ends[e]);
      for (guint r = 0; r < 200000; r++)
        g_string_append_printf (text, "r%06u,%-*s%s", r, 7 - (int) strlen (ends[e]) + 1, "abc",
                                ends[e]);
      g_assert_cmpuint (text->len % 16, ==, 0);
      path = write_temp (dir, "lines.csv", text);

      read_path (path, 1, &result);
      g_assert_cmpuint (result.rows->len, ==, 200000);
      last[e] = g_strdup (g_ptr_array_index (result.rows, 199999));
      read_result_clear (&result);
    }

  g_assert_cmpstr (last[0], ==, "200001:r199999|abc");
  g_assert_cmpstr (last[1], ==, last[0]);
  g_assert_cmpstr (last[2], ==, last[0]);
  for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
    g_free (last[e]);
  kc_test_remove_tree (dir);
}

/* ---- Problems ------------------------------------------------------- */

static void
test_unterminated_quote (void)
{
  static const char *rows[] = {
    "2:hightech-output|北仑区|2016|1",
    "3:patents-granted|北仑区|2016|3251",
    NULL
  };
  ReadResult result;

  read_fixture ("unterminated-quote.csv", &result);
  assert_rows (result.rows, rows);
  /* Where the quoted field starts. */
  assert_problem (result.problems, 0, KC_PROBLEM_UNTERMINATED_QUOTE, 4, 2);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 1);
  read_result_clear (&result);
}

static void
test_ragged (void)
{
  static const char *rows[] = {
    "2:nb-mould|宁波模具有限公司|enterprise|国家级|大碶街道",
    "3:beilun-pilot|北仑区中试平台|platform||",
    "4:xinqi-center|新碶工程技术中心|platform|省级|新碶街道",
    "6:xiapu-alliance|霞浦产业联盟|alliance|区级|霞浦街道",
    NULL
  };
  const KcProblem *problem;
  ReadResult result;

  read_fixture ("ragged.csv", &result);
  assert_rows (result.rows, rows);

  problem = assert_problem (result.problems, 0, KC_PROBLEM_RAGGED_ROW, 3, 4);
  g_assert_cmpint (problem->severity, ==, KC_SEVERITY_WARNING);
  g_assert_nonnull (strstr (problem->message, "Expected 5 fields as in the header, found 3"));

  /* Line 4 has three trailing empty fields, which Excel writes: no problem. */
  problem = assert_problem (result.problems, 1, KC_PROBLEM_RAGGED_ROW, 5, 6);
  g_assert_cmpint (problem->severity, ==, KC_SEVERITY_ERROR);
  g_assert_nonnull (strstr (problem->message, "Expected 5 fields as in the header, found 7"));
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 2);
  read_result_clear (&result);
}

static void
test_invalid_utf8 (void)
{
  static const char *rows[] = {
    "2:nb-mould|宁波模具|mould",
    "4:smic|中芯集团|chips",
    "6:haitian|海天|machinery",
    NULL
  };
  const KcProblem *problem;
  ReadResult result;

  read_fixture ("invalid-utf8.csv", &result);
  g_assert_cmpint (result.format.encoding, ==, KC_ENCODING_UTF8);
  assert_rows (result.rows, rows);
  problem = assert_problem (result.problems, 0, KC_PROBLEM_INVALID_ENCODING, 3, 2);
  g_assert_nonnull (strstr (problem->message, "E9"));
  g_assert_nonnull (strstr (problem->message, "UTF-8"));
  problem = assert_problem (result.problems, 1, KC_PROBLEM_INVALID_ENCODING, 5, 3);
  g_assert_nonnull (strstr (problem->message, "E8 8A"));
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 2);
  read_result_clear (&result);
}

static void
test_invalid_gb18030 (void)
{
  static const char *rows[] = {
    "2:高新技术产业产值|北仑区|2017年1-2月|251.25",
    "4:新产品产值|北仑区|2017年1-2月|128.7",
    NULL
  };
  const KcProblem *problem;
  ReadResult result;

  read_fixture ("invalid-gb18030.csv", &result);
  g_assert_cmpint (result.format.encoding, ==, KC_ENCODING_GB18030);
  assert_rows (result.rows, rows);
  problem = assert_problem (result.problems, 0, KC_PROBLEM_INVALID_ENCODING, 3, 2);
  g_assert_nonnull (strstr (problem->message, "FF"));
  g_assert_nonnull (strstr (problem->message, "GB18030"));
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 1);
  read_result_clear (&result);
}

static void
test_utf16_lone_surrogate (void)
{
  static const char *rows[] = {
    "2:hightech-output|251.25",
    "4:new-product-output|128.7",
    NULL
  };
  const KcProblem *problem;
  ReadResult result;

  read_fixture ("utf16le-lone-surrogate.csv", &result);
  assert_rows (result.rows, rows);
  problem = assert_problem (result.problems, 0, KC_PROBLEM_INVALID_ENCODING, 3, 2);
  g_assert_nonnull (strstr (problem->message, "00 D8"));
  read_result_clear (&result);
}

static void
test_embedded_nul (void)
{
  ReadResult result;

  read_fixture ("embedded-nul.csv", &result);
  g_assert_true (result.sniffed);
  g_assert_cmpuint (result.rows->len, ==, 119);
  g_assert_cmpstr (g_ptr_array_index (result.rows, 49), ==, "52:indicator-051|北仑区|2016|51.5|亿元");
  assert_problem (result.problems, 0, KC_PROBLEM_EMBEDDED_NUL, 51, 3);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 1);
  read_result_clear (&result);
}

static void
test_unreadable (void)
{
  static const struct
  {
    const char    *name;
    KcProblemCode  code;
    const char    *words;
  } cases[] = {
    { "binary.csv", KC_PROBLEM_BINARY_FILE, "PNG image" },
    { "empty.csv", KC_PROBLEM_EMPTY_FILE, "empty" },
    { "bom-only.csv", KC_PROBLEM_EMPTY_FILE, "byte-order mark" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const KcProblem *problem;
      ReadResult result;

      read_fixture (cases[i].name, &result);
      g_assert_false (result.sniffed);
      problem = assert_problem (result.problems, 0, cases[i].code, 0, 0);
      g_assert_nonnull (strstr (problem->message, cases[i].words));
      g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 1);
      read_result_clear (&result);
    }
}

static void
test_header_only (void)
{
  ReadResult result;

  read_fixture ("header-only.csv", &result);
  g_assert_true (result.sniffed);
  g_assert_cmpuint (result.format.n_columns, ==, 5);
  g_assert_cmpuint (result.rows->len, ==, 0);
  assert_problem (result.problems, 0, KC_PROBLEM_HEADER_ONLY, 1, 0);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 1);
  read_result_clear (&result);
}

static void
test_too_many_columns (void)
{
  static const char *rows[] = {
    "2:nb-mould|宁波模具有限公司|enterprise",
    "4:smic|中芯集团|enterprise",
    NULL
  };
  ReadResult result;

  read_fixture ("too-many-columns.csv", &result);
  assert_rows (result.rows, rows);
  assert_problem (result.problems, 0, KC_PROBLEM_TOO_MANY_COLUMNS, 3, KC_CSV_MAX_COLUMNS + 1);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 1);
  read_result_clear (&result);
}

static void
test_many_problems (void)
{
  static const char *rows[] = {
    "2:a|北仑区|2016|1",
    "4:c|北仑区|2016|3",
    "6:e|北仑区|2016|",
    "7:f|北仑区|2016|6",
    NULL
  };
  ReadResult result;

  /* Every problem is reported, and every good row still arrives. */
  read_fixture ("many-problems.csv", &result);
  assert_rows (result.rows, rows);
  assert_problem (result.problems, 0, KC_PROBLEM_RAGGED_ROW, 3, 5);
  assert_problem (result.problems, 1, KC_PROBLEM_INVALID_ENCODING, 5, 2);
  assert_problem (result.problems, 2, KC_PROBLEM_RAGGED_ROW, 6, 4);
  assert_problem (result.problems, 3, KC_PROBLEM_UNTERMINATED_QUOTE, 8, 2);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 4);
  read_result_clear (&result);
}

static void
test_field_too_long (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autoptr(GString) text = g_string_new ("id,description,source\n");
  g_autofree char *path = NULL;
  ReadResult result;

  /* An unquoted field of 1.5 MiB, then a quoted one spanning 200,000
   * lines: both are dropped as they are read, and the lines still count. */
  g_string_append (text, "big,");
  for (guint i = 0; i < 1536 * 1024 / 8; i++)
    g_string_append (text, "北仑区科技");
  g_string_append (text, ",x\n");
  g_string_append (text, "ok,fine,y\n");
  g_string_append (text, "long,\"");
  for (guint i = 0; i < 200000; i++)
    g_string_append (text, "长文本\n");
  g_string_append (text, "\",z\n");
  g_string_append (text, "after,fine,w\n");
  path = write_temp (dir, "long.csv", text);

  read_path (path, 1, &result);
  g_assert_cmpuint (result.rows->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (result.rows, 0), ==, "3:ok|fine|y");
  g_assert_cmpstr (g_ptr_array_index (result.rows, 1), ==, "200005:after|fine|w");
  assert_problem (result.problems, 0, KC_PROBLEM_FIELD_TOO_LONG, 2, 2);
  assert_problem (result.problems, 1, KC_PROBLEM_FIELD_TOO_LONG, 4, 2);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 2);
  read_result_clear (&result);

  kc_test_remove_tree (dir);
}

static void
test_row_too_long (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autoptr(GString) text = g_string_new ("id");
  g_autofree char *path = NULL;
  g_autofree char *cell = g_malloc (900 * 1024 + 1);
  ReadResult result;

  /* Nineteen fields of 900 KiB, each under the field limit, add up to
   * more than a row may hold (16 MiB): the nineteenth, column 20, is one
   * too many, and the row is skipped without keeping it all. */
  for (guint i = 1; i < 20; i++)
    g_string_append_printf (text, ",c%u", i);
  g_string_append (text, "\nfirst");
  memset (cell, 'x', 900 * 1024);
  cell[900 * 1024] = '\0';
  for (guint i = 1; i < 20; i++)
    g_string_append_printf (text, ",\"%s\"", cell);
  g_string_append (text, "\nsecond");
  for (guint i = 1; i < 20; i++)
    g_string_append (text, ",y");
  g_string_append_c (text, '\n');
  path = write_temp (dir, "wide.csv", text);

  read_path (path, 1, &result);
  g_assert_cmpuint (result.rows->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (result.rows, 0), "3:second|y|"));
  assert_problem (result.problems, 0, KC_PROBLEM_FIELD_TOO_LONG, 2, 20);
  g_assert_cmpuint (kc_problem_list_get_total (result.problems), ==, 1);
  read_result_clear (&result);
  kc_test_remove_tree (dir);
}

static void
test_header_too_wide (void)
{
  g_autoptr(GString) text = g_string_new ("id");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KcProblemList) problems = kc_problem_list_new (10);
  KcCsvFormat format = { 0 };

  for (guint i = 0; i < KC_CSV_MAX_COLUMNS + 10; i++)
    g_string_append_printf (text, ",c");
  g_string_append (text, "\n1\n");
  bytes = g_bytes_new (text->str, text->len);

  g_assert_false (kc_csv_sniff_bytes (bytes, "test.csv", &format, problems));
  assert_problem (problems, 0, KC_PROBLEM_TOO_MANY_COLUMNS, 1, KC_CSV_MAX_COLUMNS + 1);
  kc_csv_format_clear (&format);
}

static void
test_utf16_odd_end (void)
{
  static const guint8 data[] = {
    0xFF, 0xFE, 'a', 0, ',', 0, 'b', 0, '\n', 0, '1', 0, ',', 0, '2', 0, '\n', 0,
    '3', 0, ',', 0, '4', 0, 'x'
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data);
  g_autoptr(KcProblemList) problems = kc_problem_list_new (10);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  PartRows part = { rows, lines, 0, 0 };
  const KcProblem *problem;
  KcCsvFormat format = { 0 };

  g_assert_true (kc_csv_sniff_bytes (bytes, "test.csv", &format, problems));
  g_assert_cmpuint (kc_csv_read_bytes (bytes, "test.csv", &format, &part, collect_record,
                                       problems), ==, 1);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rows, 0), ==, "1|2");
  problem = assert_problem (problems, 0, KC_PROBLEM_INVALID_ENCODING, 3, 2);
  g_assert_nonnull (strstr (problem->message, "78"));
  kc_csv_format_clear (&format);
}

static void
test_trim_and_bom_remnants (void)
{
  static const char text[] =
    "\xEF\xBB\xBF\xEF\xBB\xBF id , 名称　,\xC2\xA0kind\n"
    "  a1  ,　北仑区　,\" quoted keeps inner  spaces \"\n";
  static const char *header[] = { "id", "名称", "kind", NULL };
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(KcProblemList) problems = kc_problem_list_new (10);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  PartRows part = { rows, lines, 0, 0 };
  KcCsvFormat format = { 0 };

  g_assert_true (kc_csv_sniff_bytes (bytes, "test.csv", &format, problems));
  g_assert_cmpint (format.encoding, ==, KC_ENCODING_UTF8_BOM);
  assert_header (&format, header);
  g_assert_cmpuint (kc_csv_read_bytes (bytes, "test.csv", &format, &part, collect_record,
                                       problems), ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rows, 0), ==, "a1|北仑区|quoted keeps inner  spaces");
  g_assert_cmpuint (kc_problem_list_get_total (problems), ==, 0);
  kc_csv_format_clear (&format);
}

static void
test_io_error (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  ReadResult result;

  read_path (missing, 1, &result);
  g_assert_false (result.sniffed);
  assert_problem (result.problems, 0, KC_PROBLEM_IO, 0, 0);
  read_result_clear (&result);

  read_path (dir, 1, &result);
  g_assert_false (result.sniffed);
  assert_problem (result.problems, 0, KC_PROBLEM_IO, 0, 0);
  read_result_clear (&result);

  kc_test_remove_tree (dir);
}

/* ---- From memory ---------------------------------------------------- */

static void
test_bytes_match_files (void)
{
  static const char *names[] = {
    "gb18030.csv", "utf8-bom-crlf.csv", "semicolon.csv", "tab.csv", "utf16le-bom.csv", "cr-only.csv",
    "quoted-newlines.csv", "title-row.csv", "ragged.csv", "many-problems.csv",
    "invalid-utf8.csv", "embedded-nul.csv",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = kc_test_data_path ("csv", names[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(KcProblemList) problems = kc_problem_list_new (1000);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint64));
      PartRows part = { rows, lines, 0, 0 };
      KcCsvFormat format = { 0 };
      ReadResult result;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
      read_path (path, 1, &result);

      g_assert_true (kc_csv_sniff_bytes (bytes, "test.csv", &format, problems));
      g_assert_cmpint (format.encoding, ==, result.format.encoding);
      g_assert_cmpint (format.delimiter, ==, result.format.delimiter);
      g_assert_cmpuint (format.header_line, ==, result.format.header_line);
      g_assert_cmpuint (format.data_offset, ==, result.format.data_offset);
      g_assert_cmpstrv (format.header, result.format.header);

      g_assert_cmpuint (kc_csv_read_bytes (bytes, "test.csv", &format, &part, collect_record,
                                           problems), ==, 1);
      g_assert_cmpuint (rows->len, ==, result.rows->len);
      for (guint r = 0; r < rows->len; r++)
        {
          g_autofree char *row = g_strdup_printf ("%" G_GUINT64_FORMAT ":%s",
                                                  g_array_index (lines, guint64, r),
                                                  (char *) g_ptr_array_index (rows, r));

          g_assert_cmpstr (row, ==, g_ptr_array_index (result.rows, r));
        }
      g_assert_cmpuint (kc_problem_list_get_total (problems), ==,
                        kc_problem_list_get_total (result.problems));

      kc_csv_format_clear (&format);
      read_result_clear (&result);
    }
}

/* ---- Parallel parts ------------------------------------------------- */

/* 20,000 records whose fields hold every kind of quoting libcsv knows,
 * so that a split point found in the wrong quote state shows. */
static GString *
generate_tricky (guint n_records)
{
  static const char *words[] = { "北仑区", "宁波模具", "大碶街道", "a,b", "x\"\"y", "30%",
                                 "1,234.5", "128.7亿元", "  spaced  ", "　全角　" };
  static const char *plain[] = { "北仑区", "宁波模具", "30%", "128.7亿元", "  spaced  ",
                                 "　全角　" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GString *text = g_string_new ("id,name,description,value\n");

  for (guint r = 0; r < n_records; r++)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      const char *plain_word = plain[g_rand_int_range (rand, 0, G_N_ELEMENTS (plain))];
      const char *eol = g_rand_int_range (rand, 0, 10) == 0 ? "\r\n" : "\n";

      g_string_append_printf (text, "r%05u,", r);
      switch (g_rand_int_range (rand, 0, 9))
        {
        case 0:
          g_string_append_printf (text, "\"%s\nsecond line, with comma\",", word);
          break;
        case 1:
          g_string_append_printf (text, "\"doubled \"\"quotes\"\"\n\nand blank lines\",");
          break;
        case 2:
          g_string_append_printf (text, "stray\"quote %s,", plain_word);
          break;
        case 3:
          g_string_append_printf (text, "\"closed\"  ,");
          break;
        case 4:
          g_string_append_printf (text, "\"reopened\"x\nstill \"\" inside\",");
          break;
        case 5:
          g_string_append_printf (text, "\"a\" \" literal\",");
          break;
        case 6:
          g_string_append_printf (text, "  \"blank before quote\n%s\",", word);
          break;
        default:
          g_string_append_printf (text, "%s,", plain_word);
          break;
        }
      g_string_append_printf (text, "\"%s\",%u%s", word, g_rand_int_range (rand, 0, 100000), eol);
      if (g_rand_int_range (rand, 0, 50) == 0)
        g_string_append (text, "\n,,,\n");
    }

  return text;
}

static void
assert_same_rows (GPtrArray *a,
                  GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
}

static void
test_parallel (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autoptr(GString) text = generate_tricky (20000);
  g_autofree char *path = write_temp (dir, "tricky.csv", text);
  g_autofree char *gb_path = NULL;
  g_autofree char *gb_text = NULL;
  gsize gb_len;
  ReadResult one, plain_off, gb;

  kc_csv_set_min_part_size (64 * 1024);

  read_path (path, 1, &one);
  g_assert_cmpuint (one.parts, ==, 1);
  g_assert_cmpuint (one.rows->len, ==, 20000);
  g_assert_cmpuint (kc_problem_list_get_total (one.problems), ==, 0);

  for (guint n = 2; n <= MAX_TEST_PARTS; n++)
    {
      ReadResult many;

      read_path (path, n, &many);
      g_assert_cmpuint (many.parts, ==, n);
      assert_same_rows (one.rows, many.rows);
      g_assert_cmpuint (kc_problem_list_get_total (many.problems), ==, 0);
      read_result_clear (&many);
    }

  /* Without the plain-line shortcut, libcsv reads every line: the same. */
  kc_csv_set_plain_lines (FALSE);
  read_path (path, 2, &plain_off);
  kc_csv_set_plain_lines (TRUE);
  assert_same_rows (one.rows, plain_off.rows);

  /* The same rows in GB18030, as Chinese Excel saves them. */
  gb_text = g_convert (text->str, text->len, "GB18030", "UTF-8", NULL, &gb_len, NULL);
  g_assert_nonnull (gb_text);
  gb_path = kc_test_write_file (dir, "tricky-gb.csv", gb_text, gb_len);
  read_path (gb_path, 3, &gb);
  g_assert_cmpint (gb.format.encoding, ==, KC_ENCODING_GB18030);
  g_assert_cmpuint (gb.parts, ==, 3);
  assert_same_rows (one.rows, gb.rows);

  kc_csv_set_min_part_size (4 * 1024 * 1024);
  read_result_clear (&one);
  read_result_clear (&plain_off);
  read_result_clear (&gb);
  kc_test_remove_tree (dir);
}

static void
test_parallel_problems (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autoptr(GString) text = g_string_new ("indicator,region,period,value\n");
  g_autofree char *path = NULL;
  ReadResult one, two;

  /* Problems in every part, found at the same absolute lines. */
  for (guint r = 0; r < 5000; r++)
    {
      if (r % 997 == 0)
        g_string_append_printf (text, "bad-%u,北仑区,2016\n", r);
      else if (r % 1499 == 0)
        g_string_append_printf (text, "bad-%u,\xFF,2016,1\n", r);
      else
        g_string_append_printf (text, "good-%u,北仑区,2016,%u\n", r, r);
    }
  path = write_temp (dir, "problems.csv", text);

  kc_csv_set_min_part_size (16 * 1024);
  read_path (path, 1, &one);
  read_path (path, 3, &two);
  kc_csv_set_min_part_size (4 * 1024 * 1024);

  g_assert_cmpuint (two.parts, ==, 3);
  assert_same_rows (one.rows, two.rows);
  g_assert_cmpuint (kc_problem_list_get_n (one.problems), ==, 9);
  g_assert_cmpuint (kc_problem_list_get_n (two.problems), ==, 9);
  for (guint i = 0; i < 9; i++)
    {
      const KcProblem *a = kc_problem_list_get (one.problems, i);
      const KcProblem *b = kc_problem_list_get (two.problems, i);

      g_assert_cmpint (a->code, ==, b->code);
      g_assert_cmpuint (a->line, ==, b->line);
      g_assert_cmpuint (a->column, ==, b->column);
    }
  /* Row 997 is on line 999 (after the header and with 1-based lines). */
  assert_problem (two.problems, 1, KC_PROBLEM_RAGGED_ROW, 999, 4);

  read_result_clear (&one);
  read_result_clear (&two);
  kc_test_remove_tree (dir);
}

/* ---- Progress, cancelling, stopping ---------------------------------- */

typedef struct
{
  GMutex  lock;
  guint64 last;
  guint64 total;
  guint   calls;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_mutex_lock (&progress->lock);
  g_assert_cmpuint (done, >, progress->last);
  g_assert_cmpuint (done, <=, total);
  progress->last = done;
  progress->total = total;
  progress->calls++;
  g_mutex_unlock (&progress->lock);
}

static void
test_progress_cancel_stop (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autoptr(GString) text = generate_tricky (30000);
  g_autofree char *path = write_temp (dir, "tricky.csv", text);
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PartRows parts[2];
  gpointer part_data[2] = { &parts[0], &parts[1] };
  guint64 offsets[2];
  Progress progress = { 0 };
  KcCsvFormat format = { 0 };

  g_mutex_init (&progress.lock);
  kc_csv_set_min_part_size (256 * 1024);
  for (guint p = 0; p < 2; p++)
    {
      parts[p].rows = g_ptr_array_new_with_free_func (g_free);
      parts[p].lines = g_array_new (FALSE, FALSE, sizeof (guint64));
      parts[p].part = p;
      parts[p].stop_after = 0;
    }

  g_assert_true (kc_csv_sniff (path, "test.csv", &format, problems, NULL));
  g_assert_cmpuint (kc_csv_read (path, "test.csv", &format, 2, part_data, collect_record,
                                 on_progress, &progress, offsets, problems, NULL), ==, 2);
  g_assert_cmpuint (progress.calls, >=, 2);
  /* Every byte is read once, by one part or the other. */
  g_assert_cmpuint (progress.last, ==, text->len);
  g_assert_cmpuint (progress.total, ==, text->len);

  /* The consumer stops: the read fails, having delivered what it had. */
  g_ptr_array_set_size (parts[0].rows, 0);
  g_ptr_array_set_size (parts[1].rows, 0);
  parts[0].stop_after = 10;
  g_assert_cmpuint (kc_csv_read (path, "test.csv", &format, 2, part_data, collect_record,
                                 NULL, NULL, offsets, problems, NULL), ==, 0);
  g_assert_cmpuint (parts[0].rows->len, ==, 10);
  parts[0].stop_after = 0;

  /* Cancelled: nothing is read and the problem says so. */
  g_ptr_array_set_size (parts[0].rows, 0);
  g_ptr_array_set_size (parts[1].rows, 0);
  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (kc_csv_read (path, "test.csv", &format, 2, part_data, collect_record,
                                 NULL, NULL, offsets, problems, cancellable), ==, 0);
  g_assert_cmpuint (parts[0].rows->len + parts[1].rows->len, ==, 0);
  assert_problem (problems, kc_problem_list_get_n (problems) - 1, KC_PROBLEM_CANCELLED, 0, 0);

  kc_csv_set_min_part_size (4 * 1024 * 1024);
  for (guint p = 0; p < 2; p++)
    {
      g_ptr_array_unref (parts[p].rows);
      g_array_unref (parts[p].lines);
    }
  kc_csv_format_clear (&format);
  g_mutex_clear (&progress.lock);
  kc_test_remove_tree (dir);
}

/* ---- Lines taken unsplit --------------------------------------------- */

typedef struct
{
  PartRows  records;
  GPtrArray *taken;   /* "line:text" */
} LineRows;

/* Takes the lines that start with "take", as a consumer with a short way
 * for its usual rows would. */
static gboolean
take_line (gpointer       part_data,
           const char    *text,
           gsize          len,
           guint64        line,
           KcProblemList *problems)
{
  LineRows *rows = part_data;

  g_assert_true (g_utf8_validate (text, len, NULL));
  g_assert_null (memchr (text, '"', len));
  g_assert_null (memchr (text, '\r', len));
  if (len < 4 || memcmp (text, "take", 4) != 0)
    return FALSE;

  g_ptr_array_add (rows->taken, g_strdup_printf ("%" G_GUINT64_FORMAT ":%.*s", line, (int) len, text));
  return TRUE;
}

static gboolean
collect_line_record (gpointer           part_data,
                     const KcCsvRecord *record,
                     KcProblemList     *problems)
{
  LineRows *rows = part_data;

  return collect_record (&rows->records, record, problems);
}

static void
test_line_func (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autoptr(GString) text = g_string_new ("a,b,c\r\n"
                                          "take,1,2\r\n"
                                          "keep,3,4\r\n"
                                          "\"take\",5,6\r\n"
                                          "take,\xFF,7\r\n"
                                          "take, 8 ,9\r\n");
  g_autofree char *path = write_temp (dir, "lines.csv", text);
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  KcCsvFormat format = { 0 };
  LineRows rows = { { 0 }, NULL };
  gpointer part_data[1] = { &rows };
  guint64 offsets[1];

  rows.records.rows = g_ptr_array_new_with_free_func (g_free);
  rows.records.lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  rows.taken = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (kc_csv_sniff (path, "test.csv", &format, problems, NULL));
  g_assert_cmpuint (kc_csv_read_lines (path, "test.csv", &format, 1, part_data, take_line,
                                       collect_line_record, NULL, NULL, offsets, problems,
                                       NULL), ==, 1);

  /* Lines come without their line end and untrimmed; quotes and bad
   * UTF-8 keep a line from being offered, and a declined line is split as
   * usual. */
  g_assert_cmpuint (rows.taken->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (rows.taken, 0), ==, "2:take,1,2");
  g_assert_cmpstr (g_ptr_array_index (rows.taken, 1), ==, "6:take, 8 ,9");
  g_assert_cmpuint (rows.records.rows->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (rows.records.rows, 0), ==, "keep|3|4");
  g_assert_cmpstr (g_ptr_array_index (rows.records.rows, 1), ==, "take|5|6");
  g_assert_cmpuint (g_array_index (rows.records.lines, guint64, 1), ==, 4);
  g_assert_cmpuint (kc_problem_list_get_n (problems), ==, 1);
  assert_problem (problems, 0, KC_PROBLEM_INVALID_ENCODING, 5, 2);

  g_ptr_array_unref (rows.records.rows);
  g_array_unref (rows.records.lines);
  g_ptr_array_unref (rows.taken);
  kc_csv_format_clear (&format);
  kc_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/format/gb18030", test_gb18030);
  g_test_add_func ("/csv/format/utf8-bom-crlf", test_utf8_bom_crlf);
  g_test_add_func ("/csv/format/semicolon", test_semicolon);
  g_test_add_func ("/csv/format/tab", test_tab);
  g_test_add_func ("/csv/format/utf16le", test_utf16le);
  g_test_add_func ("/csv/format/quoted-newlines", test_quoted_newlines);
  g_test_add_func ("/csv/format/title-row", test_title_row);
  g_test_add_func ("/csv/format/stray-quote", test_stray_quote);
  g_test_add_func ("/csv/format/cr-only", test_cr_only);
  g_test_add_func ("/csv/format/cr-at-chunk-end", test_cr_at_chunk_end);
  g_test_add_func ("/csv/format/trim-and-bom-remnants", test_trim_and_bom_remnants);
  g_test_add_func ("/csv/problem/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/csv/problem/ragged", test_ragged);
  g_test_add_func ("/csv/problem/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/csv/problem/invalid-gb18030", test_invalid_gb18030);
  g_test_add_func ("/csv/problem/utf16-lone-surrogate", test_utf16_lone_surrogate);
  g_test_add_func ("/csv/problem/utf16-odd-end", test_utf16_odd_end);
  g_test_add_func ("/csv/problem/embedded-nul", test_embedded_nul);
  g_test_add_func ("/csv/problem/unreadable", test_unreadable);
  g_test_add_func ("/csv/problem/header-only", test_header_only);
  g_test_add_func ("/csv/problem/too-many-columns", test_too_many_columns);
  g_test_add_func ("/csv/problem/header-too-wide", test_header_too_wide);
  g_test_add_func ("/csv/problem/field-too-long", test_field_too_long);
  g_test_add_func ("/csv/problem/row-too-long", test_row_too_long);
  g_test_add_func ("/csv/problem/many", test_many_problems);
  g_test_add_func ("/csv/problem/io", test_io_error);
  g_test_add_func ("/csv/bytes-match-files", test_bytes_match_files);
  g_test_add_func ("/csv/parallel/records", test_parallel);
  g_test_add_func ("/csv/parallel/problems", test_parallel_problems);
  g_test_add_func ("/csv/progress-cancel-stop", test_progress_cancel_stop);
  g_test_add_func ("/csv/line-func", test_line_func);

  return g_test_run ();
}
