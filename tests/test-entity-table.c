/* test-entity-table.c
 * The entities table: headers, building in parts, facets, links, problems, size. */
#include "config.h"

#include <string.h>

#include "kc-entity-table.h"

/* Appends a row given as NUL-terminated cells. */
static gboolean
append (KcEntityBuilder   *builder,
        const char *const *cells,
        guint              n,
        guint64            line,
        KcProblemList     *problems)
{
  gsize lengths[32];

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (lengths));
  for (guint i = 0; i < n; i++)
    lengths[i] = strlen (cells[i]);

  return kc_entity_builder_append (builder, (char *const *) cells, lengths, n, line, "e.csv",
                                   problems);
}

#define APPEND(builder, line, problems, ...) \
  append (builder, (const char *const[]) { __VA_ARGS__ }, \
          G_N_ELEMENTS (((const char *const[]) { __VA_ARGS__ })), line, problems)

static const KcProblem *
find_problem (KcProblemList *problems,
              KcProblemCode  code,
              guint64        line)
{
  for (guint i = 0; i < kc_problem_list_get_n (problems); i++)
    {
      const KcProblem *p = kc_problem_list_get (problems, i);

      if (p->code == code && p->line == line)
        return p;
    }

  return NULL;
}

static guint
count_problems (KcProblemList *problems,
                KcProblemCode  code)
{
  guint n = 0;

  for (guint i = 0; i < kc_problem_list_get_n (problems); i++)
    n += kc_problem_list_get (problems, i)->code == code;

  return n;
}

static void
test_header (void)
{
  static const struct
  {
    const char *header;
    int         field;
  } cases[] = {
    { "id", KC_ENTITY_FIELD_ID },
    { "ID", KC_ENTITY_FIELD_ID },
    { "编号", KC_ENTITY_FIELD_ID },
    { " Name ", KC_ENTITY_FIELD_NAME },
    { "名称", KC_ENTITY_FIELD_NAME },
    { "企业名称", KC_ENTITY_FIELD_NAME },
    { "name_en", KC_ENTITY_FIELD_NAME_EN },
    { "Name EN", KC_ENTITY_FIELD_NAME_EN },
    { "英文名称", KC_ENTITY_FIELD_NAME_EN },
    { "alias", KC_ENTITY_FIELD_ALIAS },
    { "简称", KC_ENTITY_FIELD_ALIAS },
    { "别名", KC_ENTITY_FIELD_ALIAS },
    { "Kind", KC_ENTITY_FIELD_KIND },
    { "类型", KC_ENTITY_FIELD_KIND },
    { "类别", KC_ENTITY_FIELD_KIND },
    { "LEVEL", KC_ENTITY_FIELD_LEVEL },
    { "级别", KC_ENTITY_FIELD_LEVEL },
    { "industry", KC_ENTITY_FIELD_INDUSTRY },
    { "行业", KC_ENTITY_FIELD_INDUSTRY },
    { "town", KC_ENTITY_FIELD_TOWN },
    { "街道", KC_ENTITY_FIELD_TOWN },
    { "镇街", KC_ENTITY_FIELD_TOWN },
    { "year", KC_ENTITY_FIELD_YEAR },
    { "年份", KC_ENTITY_FIELD_YEAR },
    { "成立年份", KC_ENTITY_FIELD_YEAR },
    { "partners", KC_ENTITY_FIELD_PARTNERS },
    { "合作伙伴", KC_ENTITY_FIELD_PARTNERS },
    { "合作单位", KC_ENTITY_FIELD_PARTNERS },
    { "Description", KC_ENTITY_FIELD_DESCRIPTION },
    { "描述", KC_ENTITY_FIELD_DESCRIPTION },
    { "简介", KC_ENTITY_FIELD_DESCRIPTION },
    { "说明", KC_ENTITY_FIELD_DESCRIPTION },
    { "source", KC_ENTITY_FIELD_SOURCE },
    { "来源", KC_ENTITY_FIELD_SOURCE },
    { "数据来源", KC_ENTITY_FIELD_SOURCE },
    { "\xEF\xBB\xBFid", KC_ENTITY_FIELD_ID },
    { "　名称　", KC_ENTITY_FIELD_NAME },
    { "备注", -1 },
    { "联系人", -1 },
    { "", -1 },
    { "identity", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("header “%s”", cases[i].header);
      g_assert_cmpint (kc_entity_field_from_header (cases[i].header), ==, cases[i].field);
    }

  for (guint f = 0; f < KC_N_ENTITY_FIELDS; f++)
    {
      g_assert_cmpint (kc_entity_field_from_header (kc_entity_field_to_string (f)), ==, f);
      g_assert_cmpstr (kc_entity_field_get_display_name (f), !=, "");
    }
  g_assert_cmpstr (kc_entity_field_to_string (KC_ENTITY_FIELD_NAME_EN), ==, "name_en");
  g_assert_true (kc_entity_field_is_interned (KC_ENTITY_FIELD_TOWN));
  g_assert_false (kc_entity_field_is_interned (KC_ENTITY_FIELD_NAME));
}

static void
test_schema (void)
{
  char *header[] = { "备注", "ID", "名称", "name", "", "类型", NULL };
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header, 6);

  g_assert_cmpint (kc_entity_schema_get_column (schema, KC_ENTITY_FIELD_ID), ==, 1);
  g_assert_cmpint (kc_entity_schema_get_column (schema, KC_ENTITY_FIELD_NAME), ==, 2);
  g_assert_cmpint (kc_entity_schema_get_column (schema, KC_ENTITY_FIELD_KIND), ==, 5);
  g_assert_cmpint (kc_entity_schema_get_column (schema, KC_ENTITY_FIELD_ALIAS), ==, -1);
  /* The second name column and the unnamed one are kept as extras. */
  g_assert_cmpuint (kc_entity_schema_get_n_extras (schema), ==, 3);
  g_assert_cmpstr (kc_entity_schema_get_extra_name (schema, 0), ==, "备注");
  g_assert_cmpstr (kc_entity_schema_get_extra_name (schema, 1), ==, "name");
  g_assert_cmpstr (kc_entity_schema_get_extra_name (schema, 2), ==, "Column 5");
}

static void
test_wide_header (void)
{
  const guint n = 16384;
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KcEntitySchema) schema = NULL;

  /* Every column but the first is named “x”: still one pass each. */
  g_ptr_array_add (header, g_strdup ("id"));
  for (guint i = 1; i < n; i++)
    g_ptr_array_add (header, g_strdup ("x"));
  schema = kc_entity_schema_new ((char *const *) header->pdata, n);
  g_assert_cmpuint (kc_entity_schema_get_n_extras (schema), ==, n - 1);
  g_assert_cmpstr (kc_entity_schema_get_extra_name (schema, n - 2), ==, "x");
}

static char *header_main[] = {
  "id", "名称", "类型", "级别", "行业", "街道", "年份", "合作伙伴", "简介", "备注", NULL
};

/* Two parts of one file, the second starting at line 7. */
static KcEntityTable *
build_two_parts (KcProblemList *problems)
{
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header_main, 10);
  KcEntityBuilder *builders[2];
  const guint64 offsets[2] = { 0, 6 };

  builders[0] = kc_entity_builder_new (schema);
  builders[1] = kc_entity_builder_new (schema);

  g_assert_true (APPEND (builders[0], 2, problems,
                         "P1", "宁波市北仑区智能制造中试平台", "平台", "省级", "智能制造", "大碶街道",
                         "2016", "E1；E2、 E3", "中试基地，四家企业共建", ""));
  g_assert_true (APPEND (builders[0], 3, problems,
                         " E1 ", "宁波中芯集团有限公司", "企业", "", "集成电路", "新碶街道",
                         "２０１２", "P1", "", "上市"));
  /* A quoted newline: the next record starts two lines later. */
  g_assert_true (APPEND (builders[0], 4, problems,
                         "E2", "Ningbo \"Blue\" Tech", "企业", "", "新材料", "大碶街道",
                         "2015年", "P1;E9", "line one\nline two", ""));
  g_assert_true (APPEND (builders[1], 0, problems,
                         "E3", "北仑模具有限公司", " 企业 ", "市级", "模具", "", "", "", "", ""));
  g_assert_true (APPEND (builders[1], 1, problems,
                         "E4", "四号企业", "企业", "", "模具", "大碶街道", "2015", "E4,E1,E1", "",
                         "备注四"));
  /* A short record: missing cells are empty. */
  g_assert_true (APPEND (builders[1], 2, problems, "W1", "院士工作站"));

  g_assert_cmpuint (kc_entity_builder_get_n_rows (builders[0]), ==, 3);
  g_assert_cmpuint (kc_entity_builder_get_n_rows (builders[1]), ==, 3);

  return kc_entity_table_merge (builders, 2, offsets, "e.csv", problems);
}

static void
test_build (void)
{
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  g_autoptr(KcEntityTable) table = build_two_parts (problems);

  g_assert_cmpuint (kc_entity_table_get_n_rows (table), ==, 6);
  g_assert_cmpuint (kc_entity_table_get_n_columns (table), ==, KC_N_ENTITY_FIELDS + 1);
  g_assert_cmpstr (kc_entity_table_get_column_name (table, KC_ENTITY_FIELD_NAME), ==, "Name");
  g_assert_cmpstr (kc_entity_table_get_column_name (table, KC_N_ENTITY_FIELDS), ==, "备注");
  g_assert_true (kc_entity_table_has_column (table, KC_ENTITY_FIELD_TOWN));
  g_assert_true (kc_entity_table_has_column (table, KC_N_ENTITY_FIELDS));
  g_assert_false (kc_entity_table_has_column (table, KC_ENTITY_FIELD_NAME_EN));

  /* Values come back exactly; the id is trimmed, interned values too. */
  g_assert_cmpstr (kc_entity_table_get (table, 0, KC_ENTITY_FIELD_NAME), ==, "宁波市北仑区智能制造中试平台");
  g_assert_cmpstr (kc_entity_table_get (table, 0, KC_ENTITY_FIELD_PARTNERS), ==, "E1；E2、 E3");
  g_assert_cmpstr (kc_entity_table_get (table, 0, KC_ENTITY_FIELD_DESCRIPTION), ==, "中试基地，四家企业共建");
  g_assert_cmpstr (kc_entity_table_get (table, 0, KC_N_ENTITY_FIELDS), ==, "");
  g_assert_cmpstr (kc_entity_table_get (table, 1, KC_ENTITY_FIELD_ID), ==, "E1");
  g_assert_cmpstr (kc_entity_table_get (table, 1, KC_ENTITY_FIELD_LEVEL), ==, "");
  g_assert_cmpstr (kc_entity_table_get (table, 1, KC_ENTITY_FIELD_YEAR), ==, "2012");
  g_assert_cmpstr (kc_entity_table_get (table, 1, KC_N_ENTITY_FIELDS), ==, "上市");
  g_assert_cmpstr (kc_entity_table_get (table, 2, KC_ENTITY_FIELD_NAME), ==, "Ningbo \"Blue\" Tech");
  g_assert_cmpstr (kc_entity_table_get (table, 2, KC_ENTITY_FIELD_DESCRIPTION), ==, "line one\nline two");
  g_assert_cmpstr (kc_entity_table_get (table, 2, KC_ENTITY_FIELD_YEAR), ==, "2015");
  g_assert_cmpstr (kc_entity_table_get (table, 3, KC_ENTITY_FIELD_KIND), ==, "企业");
  g_assert_cmpstr (kc_entity_table_get (table, 3, KC_ENTITY_FIELD_TOWN), ==, "");
  g_assert_cmpstr (kc_entity_table_get (table, 5, KC_ENTITY_FIELD_NAME), ==, "院士工作站");
  g_assert_cmpstr (kc_entity_table_get (table, 5, KC_ENTITY_FIELD_KIND), ==, "");
  g_assert_cmpstr (kc_entity_table_get (table, 5, KC_N_ENTITY_FIELDS), ==, "");
  g_assert_cmpstr (kc_entity_table_get (table, 4, KC_ENTITY_FIELD_NAME_EN), ==, "");

  g_assert_cmpuint (kc_entity_table_get_year (table, 0), ==, 2016);
  g_assert_cmpuint (kc_entity_table_get_year (table, 3), ==, 0);

  /* Lines: relative lines of part 1 moved by its offset. */
  g_assert_cmpuint (kc_entity_table_get_line (table, 0), ==, 2);
  g_assert_cmpuint (kc_entity_table_get_line (table, 2), ==, 4);
  g_assert_cmpuint (kc_entity_table_get_line (table, 3), ==, 6);
  g_assert_cmpuint (kc_entity_table_get_line (table, 5), ==, 8);
  g_assert_cmpstr (kc_entity_table_get_file (table, 4), ==, "e.csv");

  g_assert_cmpint (kc_entity_table_find_id (table, "P1"), ==, 0);
  g_assert_cmpint (kc_entity_table_find_id (table, "E1"), ==, 1);
  g_assert_cmpint (kc_entity_table_find_id (table, "W1"), ==, 5);
  g_assert_cmpint (kc_entity_table_find_id (table, "E9"), ==, -1);
  g_assert_cmpint (kc_entity_table_find_id (table, "E"), ==, -1);
  g_assert_cmpint (kc_entity_table_find_id (table, ""), ==, -1);
}

static void
test_facets (void)
{
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  g_autoptr(KcEntityTable) table = build_two_parts (problems);
  guint kind = KC_ENTITY_FIELD_KIND;
  guint town = KC_ENTITY_FIELD_TOWN;
  guint code;

  g_assert_true (kc_entity_table_column_is_interned (table, kind));
  g_assert_false (kc_entity_table_column_is_interned (table, KC_ENTITY_FIELD_NAME));
  g_assert_false (kc_entity_table_column_is_interned (table, KC_N_ENTITY_FIELDS));

  /* Most frequent first; the empty value is not a facet. */
  g_assert_cmpuint (kc_entity_table_get_n_values (table, kind), ==, 2);
  g_assert_cmpstr (kc_entity_table_get_value (table, kind, 0), ==, "企业");
  g_assert_cmpuint (kc_entity_table_get_value_count (table, kind, 0), ==, 4);
  g_assert_cmpstr (kc_entity_table_get_value (table, kind, 1), ==, "平台");
  g_assert_cmpuint (kc_entity_table_get_value_count (table, kind, 1), ==, 1);
  g_assert_cmpuint (kc_entity_table_get_code (table, 0, kind), ==, 1);
  g_assert_cmpuint (kc_entity_table_get_code (table, 3, kind), ==, 0);
  g_assert_cmpuint (kc_entity_table_get_code (table, 5, kind), ==, KC_ENTITY_CODE_NONE);

  g_assert_cmpuint (kc_entity_table_get_n_values (table, town), ==, 2);
  g_assert_cmpstr (kc_entity_table_get_value (table, town, 0), ==, "大碶街道");
  g_assert_cmpuint (kc_entity_table_get_value_count (table, town, 0), ==, 3);
  code = kc_entity_table_get_code (table, 1, town);
  g_assert_cmpstr (kc_entity_table_get_value (table, town, code), ==, "新碶街道");

  /* Equal counts sort by value; "2015年" and "2015" are one year. */
  g_assert_cmpuint (kc_entity_table_get_n_values (table, KC_ENTITY_FIELD_YEAR), ==, 3);
  g_assert_cmpstr (kc_entity_table_get_value (table, KC_ENTITY_FIELD_YEAR, 0), ==, "2015");
  g_assert_cmpuint (kc_entity_table_get_value_count (table, KC_ENTITY_FIELD_YEAR, 0), ==, 2);
  g_assert_cmpstr (kc_entity_table_get_value (table, KC_ENTITY_FIELD_YEAR, 1), ==, "2012");
  g_assert_cmpstr (kc_entity_table_get_value (table, KC_ENTITY_FIELD_YEAR, 2), ==, "2016");

  g_assert_cmpuint (kc_entity_table_get_n_values (table, KC_ENTITY_FIELD_LEVEL), ==, 2);
}

static void
assert_rows (const guint32 *rows,
             guint          n,
             const guint32 *expected,
             guint          n_expected)
{
  g_assert_cmpuint (n, ==, n_expected);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (rows[i], ==, expected[i]);
}

static void
test_partners (void)
{
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  g_autoptr(KcEntityTable) table = build_two_parts (problems);
  const KcProblem *p;
  const guint32 *rows;
  guint n;

  /* P1 lists E1 E2 E3 with three separators; they list P1 back. */
  rows = kc_entity_table_get_partners (table, 0, &n);
  assert_rows (rows, n, (const guint32[]) { 1, 2, 3 }, 3);
  rows = kc_entity_table_get_partners (table, 1, &n);
  assert_rows (rows, n, (const guint32[]) { 0 }, 1);
  rows = kc_entity_table_get_partner_of (table, 0, &n);
  assert_rows (rows, n, (const guint32[]) { 1, 2 }, 2);
  rows = kc_entity_table_get_partner_of (table, 1, &n);
  assert_rows (rows, n, (const guint32[]) { 0, 4 }, 2);
  rows = kc_entity_table_get_partner_of (table, 3, &n);
  assert_rows (rows, n, (const guint32[]) { 0 }, 1);
  kc_entity_table_get_partners (table, 5, &n);
  g_assert_cmpuint (n, ==, 0);
  kc_entity_table_get_partner_of (table, 5, &n);
  g_assert_cmpuint (n, ==, 0);

  /* E2 (line 4) lists E9, which does not exist. */
  rows = kc_entity_table_get_partners (table, 2, &n);
  assert_rows (rows, n, (const guint32[]) { 0 }, 1);
  p = find_problem (problems, KC_PROBLEM_DANGLING_REFERENCE, 4);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->column, ==, 8);
  g_assert_cmpint (p->severity, ==, KC_SEVERITY_WARNING);
  g_assert_cmpstr (p->file, ==, "e.csv");
  g_assert_cmpstr (p->message, ==, "Partner “E9” is not an id in this file");

  /* E4 (line 7) lists itself and E1 twice: one link is kept. */
  rows = kc_entity_table_get_partners (table, 4, &n);
  assert_rows (rows, n, (const guint32[]) { 1 }, 1);
  g_assert_cmpuint (count_problems (problems, KC_PROBLEM_DANGLING_REFERENCE), ==, 3);
  for (guint i = 0; i < kc_problem_list_get_n (problems); i++)
    {
      p = kc_problem_list_get (problems, i);
      if (p->line == 7)
        {
          g_assert_cmpuint (p->column, ==, 8);
          g_assert_true (strstr (p->message, "“E4”") != NULL || strstr (p->message, "“E1”") != NULL);
        }
    }
  g_assert_nonnull (strstr (find_problem (problems, KC_PROBLEM_DANGLING_REFERENCE, 7)->message,
                            "own id"));
  g_assert_cmpuint (kc_problem_list_count_errors (problems), ==, 0);
}

static void
test_many_partners (void)
{
  char *header[] = { "id", "name", "partners" };
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header, 3);
  KcEntityBuilder *builder = kc_entity_builder_new (schema);
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  g_autoptr(KcEntityTable) table = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  const guint32 *rows;
  guint n;

  /* Row 0 lists 300 rows (and one of them twice), each of which lists it
   * back: both directions need more than a count byte. */
  for (guint i = 1; i <= 300; i++)
    g_string_append_printf (list, "%sm%u", i > 1 ? ";" : "", i);
  g_string_append (list, ";m150");
  g_assert_true (APPEND (builder, 2, problems, "hub", "中心", list->str));
  for (guint i = 1; i <= 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("m%u", i);
      g_autofree char *partners = g_strdup_printf ("hub%s", i % 100 == 0 ? ";m1" : "");

      g_assert_true (APPEND (builder, i + 2, problems, id, "成员", partners));
    }
  table = kc_entity_table_merge (&builder, 1, NULL, "e.csv", problems);

  rows = kc_entity_table_get_partners (table, 0, &n);
  g_assert_cmpuint (n, ==, 300);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (rows[i], ==, i + 1);
  rows = kc_entity_table_get_partner_of (table, 0, &n);
  g_assert_cmpuint (n, ==, 300);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (rows[i], ==, i + 1);

  /* The rows after the big ones still find their own links. */
  for (guint r = 1; r <= 300; r++)
    {
      rows = kc_entity_table_get_partners (table, r, &n);
      g_assert_cmpuint (n, ==, r % 100 == 0 ? 2 : 1);
      g_assert_cmpuint (rows[0], ==, 0);
      if (n == 2)
        g_assert_cmpuint (rows[1], ==, 1);
    }
  rows = kc_entity_table_get_partner_of (table, 1, &n);
  assert_rows (rows, n, (const guint32[]) { 0, 100, 200, 300 }, 4);
  kc_entity_table_get_partner_of (table, 2, &n);
  g_assert_cmpuint (n, ==, 1);

  g_assert_cmpuint (kc_problem_list_get_total (problems), ==, 1);
  g_assert_nonnull (strstr (kc_problem_list_get (problems, 0)->message, "“m150” is listed twice"));
}

static void
test_empty (void)
{
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header_main, 10);
  KcEntityBuilder *builder = kc_entity_builder_new (schema);
  g_autoptr(KcEntityTable) table = kc_entity_table_merge (&builder, 1, NULL, "e.csv", NULL);
  g_autoptr(KcEntityTable) none = kc_entity_table_merge (NULL, 0, NULL, "e.csv", NULL);

  g_assert_cmpuint (kc_entity_table_get_n_rows (table), ==, 0);
  g_assert_cmpuint (kc_entity_table_get_n_columns (table), ==, KC_N_ENTITY_FIELDS);
  g_assert_cmpuint (kc_entity_table_get_n_values (table, KC_ENTITY_FIELD_KIND), ==, 0);
  g_assert_cmpint (kc_entity_table_find_id (table, "a"), ==, -1);
  g_assert_false (kc_entity_table_has_column (table, KC_ENTITY_FIELD_NAME));

  /* An empty table can be appended to another. */
  kc_entity_table_append (none, table, NULL);
  g_assert_cmpuint (kc_entity_table_get_n_rows (none), ==, 0);
}

static void
test_rejected_rows (void)
{
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header_main, 10);
  KcEntityBuilder *builder = kc_entity_builder_new (schema);
  g_autoptr(KcEntityTable) table = NULL;
  const char nul_cell[] = { 'a', '\0', 'b' };
  char *nul_fields[] = { "N1", "有零字节", "", "", "", "", "", "", (char *) nul_cell, "" };
  gsize nul_lengths[] = { 2, 12, 0, 0, 0, 0, 0, 0, 3, 0 };
  const KcProblem *p;

  g_assert_false (APPEND (builder, 2, problems, "  ", "无编号"));
  g_assert_false (APPEND (builder, 3, problems, "X1", " "));
  g_assert_false (APPEND (builder, 4, problems, "X2", "年份不对", "", "", "", "", "二〇一五"));
  g_assert_false (APPEND (builder, 5, problems, "X3", "年份太小", "", "", "", "", "999"));
  g_assert_false (APPEND (builder, 6, problems, "X4", "年份太大", "", "", "", "", "20155"));
  g_assert_false (kc_entity_builder_append (builder, nul_fields, nul_lengths, 10, 7, "e.csv",
                                            problems));
  g_assert_cmpuint (kc_entity_builder_get_n_rows (builder), ==, 0);

  p = find_problem (problems, KC_PROBLEM_MISSING_FIELD, 2);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->column, ==, 1);
  g_assert_cmpint (p->severity, ==, KC_SEVERITY_ERROR);
  p = find_problem (problems, KC_PROBLEM_MISSING_FIELD, 3);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->column, ==, 2);
  p = find_problem (problems, KC_PROBLEM_BAD_VALUE, 4);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->column, ==, 7);
  g_assert_cmpstr (p->message, ==, "“二〇一五” is not a year: expected a whole number from 1000 to 9999");
  g_assert_nonnull (find_problem (problems, KC_PROBLEM_BAD_VALUE, 5));
  g_assert_nonnull (find_problem (problems, KC_PROBLEM_BAD_VALUE, 6));
  p = find_problem (problems, KC_PROBLEM_EMBEDDED_NUL, 7);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->column, ==, 9);
  nul_fields[8] = "";
  nul_fields[2] = (char *) nul_cell;
  nul_lengths[8] = 0;
  nul_lengths[2] = 3;
  g_assert_false (kc_entity_builder_append (builder, nul_fields, nul_lengths, 10, 8, "e.csv",
                                            problems));
  p = find_problem (problems, KC_PROBLEM_EMBEDDED_NUL, 8);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->column, ==, 3);
  nul_fields[1] = (char *) nul_cell;
  nul_lengths[1] = 3;
  g_assert_false (kc_entity_builder_append (builder, nul_fields, nul_lengths, 10, 9, "e.csv",
                                            problems));
  g_assert_cmpuint (kc_problem_list_get_total (problems), ==, 8);

  /* The rejected rows left nothing behind. */
  g_assert_true (APPEND (builder, 10, problems, "OK", "好的", "", "", "", "", " 1999 ", "", "简介"));
  g_assert_cmpuint (kc_entity_builder_get_n_rows (builder), ==, 1);

  table = kc_entity_table_merge (&builder, 1, NULL, "e.csv", problems);
  g_assert_cmpuint (kc_entity_table_get_n_rows (table), ==, 1);
  g_assert_cmpstr (kc_entity_table_get (table, 0, KC_ENTITY_FIELD_YEAR), ==, "1999");
  g_assert_cmpstr (kc_entity_table_get (table, 0, KC_ENTITY_FIELD_DESCRIPTION), ==, "简介");
  g_assert_cmpuint (kc_entity_table_get_n_values (table, KC_ENTITY_FIELD_KIND), ==, 0);
  g_assert_cmpuint (kc_entity_table_get_line (table, 0), ==, 10);
}

static void
test_duplicate_ids (void)
{
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header_main, 10);
  KcEntityBuilder *builders[2] = { kc_entity_builder_new (schema), kc_entity_builder_new (schema) };
  const guint64 offsets[2] = { 0, 10 };
  g_autoptr(KcEntityTable) table = NULL;
  const KcProblem *p;
  const guint32 *rows;
  guint n;

  APPEND (builders[0], 2, problems, "a", "甲", "企业");
  APPEND (builders[0], 3, problems, "b", "乙", "企业", "", "", "", "", "a");
  APPEND (builders[1], 1, problems, "c", "丙", "平台");
  APPEND (builders[1], 2, problems, "a", "甲二", "平台");
  APPEND (builders[1], 3, problems, "d", "丁", "平台", "", "", "", "", "a;c");
  APPEND (builders[1], 4, problems, "b", "乙二", "平台");

  table = kc_entity_table_merge (builders, 2, offsets, "e.csv", problems);
  g_assert_null (builders[0]);

  g_assert_cmpuint (kc_entity_table_get_n_rows (table), ==, 4);
  g_assert_cmpuint (count_problems (problems, KC_PROBLEM_DUPLICATE_ID), ==, 2);
  p = find_problem (problems, KC_PROBLEM_DUPLICATE_ID, 12);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->column, ==, 1);
  g_assert_cmpint (p->severity, ==, KC_SEVERITY_ERROR);
  g_assert_nonnull (strstr (p->message, "“a”"));
  g_assert_nonnull (strstr (p->message, "line 2"));
  p = find_problem (problems, KC_PROBLEM_DUPLICATE_ID, 14);
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (p->message, "line 3"));

  /* The later rows are gone; the rest keep their lines. */
  g_assert_cmpint (kc_entity_table_find_id (table, "a"), ==, 0);
  g_assert_cmpstr (kc_entity_table_get (table, 0, KC_ENTITY_FIELD_NAME), ==, "甲");
  g_assert_cmpstr (kc_entity_table_get (table, 2, KC_ENTITY_FIELD_ID), ==, "c");
  g_assert_cmpstr (kc_entity_table_get (table, 3, KC_ENTITY_FIELD_ID), ==, "d");
  g_assert_cmpuint (kc_entity_table_get_line (table, 3), ==, 13);
  g_assert_cmpint (kc_entity_table_find_id (table, "d"), ==, 3);

  /* Dropped rows are not counted in the facets. */
  g_assert_cmpstr (kc_entity_table_get_value (table, KC_ENTITY_FIELD_KIND, 0), ==, "企业");
  g_assert_cmpuint (kc_entity_table_get_value_count (table, KC_ENTITY_FIELD_KIND, 0), ==, 2);
  g_assert_cmpuint (kc_entity_table_get_value_count (table, KC_ENTITY_FIELD_KIND, 1), ==, 2);

  rows = kc_entity_table_get_partners (table, 3, &n);
  assert_rows (rows, n, (const guint32[]) { 0, 2 }, 2);
  rows = kc_entity_table_get_partner_of (table, 0, &n);
  assert_rows (rows, n, (const guint32[]) { 1, 3 }, 2);
}

static void
test_many_duplicates (void)
{
  char *header[] = { "id", "name", "kind", "partners" };
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header, 4);
  KcEntityBuilder *builders[2] = { kc_entity_builder_new (schema), kc_entity_builder_new (schema) };
  const guint64 offsets[2] = { 0, 40000 };
  g_autoptr(KcProblemList) problems = kc_problem_list_new (50);
  g_autoptr(KcEntityTable) table = NULL;
  const guint32 *rows;
  guint n;

  /* 80,000 rows, every id twice (rows 2k and 2k + 1), across two parts:
   * half the rows go, and the table is left in 40,000 pieces. */
  for (guint i = 0; i < 80000; i++)
    {
      g_autofree char *id = g_strdup_printf ("D%u", i / 2);
      g_autofree char *name = g_strdup_printf ("名%u", i);
      g_autofree char *partners = g_strdup_printf ("D%u", (i / 2 + 1) % 40000);

      g_assert_true (APPEND (builders[i < 40000 ? 0 : 1], i < 40000 ? i + 2 : i - 40000 + 2, NULL,
                             id, name, i % 2 == 0 ? "企业" : "平台", partners));
    }
  table = kc_entity_table_merge (builders, 2, offsets, "d.csv", problems);

  g_assert_cmpuint (kc_entity_table_get_n_rows (table), ==, 40000);
  g_assert_cmpuint (kc_problem_list_get_total (problems), ==, 40000);
  g_assert_cmpuint (kc_problem_list_count_errors (problems), ==, 40000);
  g_assert_cmpuint (kc_problem_list_get_n (problems), ==, 50);

  /* The first of each pair stays, with its own name and line. */
  for (guint r = 0; r < 40000; r += 997)
    {
      g_autofree char *id = g_strdup_printf ("D%u", r);
      g_autofree char *name = g_strdup_printf ("名%u", 2 * r);

      g_assert_cmpint (kc_entity_table_find_id (table, id), ==, r);
      g_assert_cmpstr (kc_entity_table_get (table, r, KC_ENTITY_FIELD_NAME), ==, name);
      g_assert_cmpuint (kc_entity_table_get_line (table, r), ==, 2 * r + 2);
      rows = kc_entity_table_get_partners (table, r, &n);
      assert_rows (rows, n, (const guint32[]) { (r + 1) % 40000 }, 1);
    }

  /* Only first rows, all of kind 企业, are counted. */
  g_assert_cmpuint (kc_entity_table_get_n_values (table, KC_ENTITY_FIELD_KIND), ==, 1);
  g_assert_cmpuint (kc_entity_table_get_value_count (table, KC_ENTITY_FIELD_KIND, 0), ==, 40000);
  rows = kc_entity_table_get_partner_of (table, 0, &n);
  assert_rows (rows, n, (const guint32[]) { 39999 }, 1);
}

static KcEntityTable *
build_single (char *const        *header,
              guint               n_columns,
              const char         *file,
              const char *const  *rows,
              guint               n_rows,
              KcProblemList      *problems)
{
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header, n_columns);
  KcEntityBuilder *builder = kc_entity_builder_new (schema);

  for (guint r = 0; r < n_rows; r++)
    {
      g_auto(GStrv) cells = g_strsplit (rows[r], "|", -1);

      append (builder, (const char *const *) cells, g_strv_length (cells), r + 2, problems);
    }

  return kc_entity_table_merge (&builder, 1, NULL, file, problems);
}

static void
test_extras (void)
{
  char *header_a[] = { "id", "name", "备注", "备注" };
  char *header_b[] = { "id", "name", "备注", "Note", "备注 " };
  const char *rows_a[] = { "a|甲|一|二" };
  const char *rows_b[] = { "b|乙|三|N|四" };
  g_autoptr(KcEntityTable) a = build_single (header_a, 4, "a.csv", rows_a, 1, NULL);
  g_autoptr(KcEntityTable) b = build_single (header_b, 5, "b.csv", rows_b, 1, NULL);
  guint first = KC_N_ENTITY_FIELDS;

  /* Columns of the same name pair up in order; new ones come last. */
  kc_entity_table_append (a, b, NULL);
  g_assert_cmpuint (kc_entity_table_get_n_columns (a), ==, KC_N_ENTITY_FIELDS + 3);
  g_assert_cmpstr (kc_entity_table_get_column_name (a, first), ==, "备注");
  g_assert_cmpstr (kc_entity_table_get_column_name (a, first + 1), ==, "备注");
  g_assert_cmpstr (kc_entity_table_get_column_name (a, first + 2), ==, "Note");
  g_assert_cmpstr (kc_entity_table_get (a, 0, first), ==, "一");
  g_assert_cmpstr (kc_entity_table_get (a, 0, first + 1), ==, "二");
  g_assert_cmpstr (kc_entity_table_get (a, 0, first + 2), ==, "");
  g_assert_cmpstr (kc_entity_table_get (a, 1, first), ==, "三");
  g_assert_cmpstr (kc_entity_table_get (a, 1, first + 1), ==, "四");
  g_assert_cmpstr (kc_entity_table_get (a, 1, first + 2), ==, "N");
  g_assert_true (kc_entity_table_has_column (a, first + 2));
}

static void
test_append (void)
{
  char *header_a[] = { "id", "name", "kind", "备注", "partners" };
  char *header_b[] = { "编号", "名称", "类别", "联系人", " 备注 ", "合作单位" };
  const char *rows_a[] = { "a1|Alpha|企业|注一|b1", "a2|Beta|平台||" };
  const char *rows_b[] = { "b1|乙一|企业|张三|注二|a1", "a2|重复|企业|||", "b2|乙二|平台||注三|b1" };
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  g_autoptr(KcProblemList) problems_b = kc_problem_list_new (100);
  g_autoptr(KcEntityTable) a = build_single (header_a, 5, "a.csv", rows_a, 2, problems);
  g_autoptr(KcEntityTable) b = build_single (header_b, 6, "b.csv", rows_b, 3, problems_b);
  guint note, contact;
  const KcProblem *p;
  const guint32 *rows;
  guint n;

  /* a1 names b1, which is only in the other file. */
  g_assert_nonnull (find_problem (problems, KC_PROBLEM_DANGLING_REFERENCE, 2));

  kc_entity_table_append (a, b, problems_b);

  g_assert_cmpuint (kc_entity_table_get_n_rows (a), ==, 4);
  g_assert_cmpuint (kc_entity_table_get_n_rows (b), ==, 3);
  g_assert_cmpuint (kc_entity_table_get_n_columns (a), ==, KC_N_ENTITY_FIELDS + 2);
  note = KC_N_ENTITY_FIELDS;
  contact = KC_N_ENTITY_FIELDS + 1;
  g_assert_cmpstr (kc_entity_table_get_column_name (a, note), ==, "备注");
  g_assert_cmpstr (kc_entity_table_get_column_name (a, contact), ==, "联系人");

  g_assert_cmpstr (kc_entity_table_get (a, 0, note), ==, "注一");
  g_assert_cmpstr (kc_entity_table_get (a, 0, contact), ==, "");
  g_assert_cmpstr (kc_entity_table_get (a, 2, KC_ENTITY_FIELD_ID), ==, "b1");
  g_assert_cmpstr (kc_entity_table_get (a, 2, note), ==, "注二");
  g_assert_cmpstr (kc_entity_table_get (a, 2, contact), ==, "张三");
  g_assert_cmpstr (kc_entity_table_get (a, 3, KC_ENTITY_FIELD_NAME), ==, "乙二");
  g_assert_cmpstr (kc_entity_table_get_file (a, 3), ==, "b.csv");
  g_assert_cmpuint (kc_entity_table_get_line (a, 3), ==, 4);
  g_assert_cmpstr (kc_entity_table_get_file (a, 1), ==, "a.csv");

  /* The id a2 of b.csv is already in a.csv. */
  p = find_problem (problems_b, KC_PROBLEM_DUPLICATE_ID, 3);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->file, ==, "b.csv");
  g_assert_cmpuint (p->column, ==, 1);
  g_assert_nonnull (strstr (p->message, "a.csv"));
  g_assert_nonnull (strstr (p->message, "line 3"));
  g_assert_cmpint (kc_entity_table_find_id (a, "a2"), ==, 1);
  g_assert_cmpint (kc_entity_table_find_id (a, "b2"), ==, 3);

  /* Facets over both files. */
  g_assert_cmpuint (kc_entity_table_get_n_values (a, KC_ENTITY_FIELD_KIND), ==, 2);
  g_assert_cmpuint (kc_entity_table_get_value_count (a, KC_ENTITY_FIELD_KIND, 0), ==, 2);
  g_assert_cmpuint (kc_entity_table_get_value_count (a, KC_ENTITY_FIELD_KIND, 1), ==, 2);

  /* Links across the files. */
  rows = kc_entity_table_get_partners (a, 0, &n);
  assert_rows (rows, n, (const guint32[]) { 2 }, 1);
  rows = kc_entity_table_get_partner_of (a, 2, &n);
  assert_rows (rows, n, (const guint32[]) { 0, 3 }, 2);

  /* @b is untouched. */
  g_assert_cmpint (kc_entity_table_find_id (b, "a2"), ==, 1);
  g_assert_cmpstr (kc_entity_table_get (b, 1, KC_ENTITY_FIELD_NAME), ==, "重复");
}

static void
test_lines (void)
{
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header_main, 10);
  KcEntityBuilder *builder = kc_entity_builder_new (schema);
  g_autoptr(KcEntityTable) table = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 line = 1;

  /* Mostly consecutive, with gaps of every size. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("L%u", i);

      line += i % 97 == 5 ? 300 : i % 61 == 3 ? 70000 : i % 7 == 1 ? 2 : 1;
      if (i == 500)
        line += G_GUINT64_CONSTANT (5000000000);
      g_array_append_val (lines, line);
      g_assert_true (APPEND (builder, line, NULL, id, "名"));
    }

  table = kc_entity_table_merge (&builder, 1, (const guint64[]) { 100 }, "e.csv", NULL);
  for (guint i = 0; i < 1000; i++)
    g_assert_cmpuint (kc_entity_table_get_line (table, i), ==, g_array_index (lines, guint64, i) + 100);
}

static void
test_many_values (void)
{
  char *header[] = { "id", "name", "town", "industry" };
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header, 4);
  KcEntityBuilder *builder = kc_entity_builder_new (schema);
  g_autoptr(KcEntityTable) table = NULL;
  const guint n_rows = 140000;
  guint total = 0;

  /* 70,000 towns need 4-byte codes, 300 industries 2-byte ones. */
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *id = g_strdup_printf ("M%u", i);
      g_autofree char *town = g_strdup_printf ("镇%u", i % 70000);
      g_autofree char *industry = g_strdup_printf ("行业%u", i % 300);

      g_assert_true (APPEND (builder, i + 2, NULL, id, "名", town, industry));
    }

  table = kc_entity_table_merge (&builder, 1, NULL, "e.csv", NULL);
  g_assert_cmpuint (kc_entity_table_get_n_values (table, KC_ENTITY_FIELD_TOWN), ==, 70000);
  g_assert_cmpuint (kc_entity_table_get_n_values (table, KC_ENTITY_FIELD_INDUSTRY), ==, 300);
  for (guint c = 0; c < 70000; c++)
    total += kc_entity_table_get_value_count (table, KC_ENTITY_FIELD_TOWN, c);
  g_assert_cmpuint (total, ==, n_rows);

  for (guint i = 0; i < n_rows; i += 9973)
    {
      g_autofree char *town = g_strdup_printf ("镇%u", i % 70000);
      g_autofree char *industry = g_strdup_printf ("行业%u", i % 300);
      guint code = kc_entity_table_get_code (table, i, KC_ENTITY_FIELD_TOWN);

      g_assert_cmpstr (kc_entity_table_get (table, i, KC_ENTITY_FIELD_TOWN), ==, town);
      g_assert_cmpstr (kc_entity_table_get_value (table, KC_ENTITY_FIELD_TOWN, code), ==, town);
      g_assert_cmpstr (kc_entity_table_get (table, i, KC_ENTITY_FIELD_INDUSTRY), ==, industry);
    }
}

/* Synthetic rows: realistic lengths, some partners, a few repeated values. */
static const char *const towns[] = { "大碶街道", "新碶街道", "小港街道", "霞浦街道", "柴桥街道", "戚家山街道", "春晓街道", "梅山街道", "白峰街道", "郭巨街道", "大榭开发区" };
static const char *const industries[] = { "集成电路", "新材料", "智能制造", "汽车零部件", "模具", "港航物流", "石化", "生物医药", "新能源", "软件和信息服务" };
static const char *const kinds[] = { "企业", "平台", "院士工作站", "工程技术中心" };
static const char *const levels[] = { "", "国家级", "省级", "市级", "区级" };

typedef struct
{
  char  *cells[10];
  gsize  lengths[10];
} SyntheticRow;

static void
synthetic_row (guint         i,
               guint         n_rows,
               GString      *buffer,
               SyntheticRow *row)
{
  gsize starts[10];

  /* Cells are built in @buffer; pointers are set afterwards, since the
   * buffer may move while it grows. */
  g_string_truncate (buffer, 0);
  starts[0] = buffer->len;
  g_string_append_printf (buffer, "E%07u", i);
  starts[1] = buffer->len;
  g_string_append_printf (buffer, "宁波%s%u号科技有限公司", industries[i % 10], i);
  starts[2] = buffer->len;
  g_string_append (buffer, kinds[(i / 3) % 4]);
  starts[3] = buffer->len;
  g_string_append (buffer, levels[i % 5]);
  starts[4] = buffer->len;
  g_string_append (buffer, industries[(i * 7) % 10]);
  starts[5] = buffer->len;
  g_string_append (buffer, towns[i % 11]);
  starts[6] = buffer->len;
  g_string_append_printf (buffer, "%u", 1980 + i % 40);
  starts[7] = buffer->len;
  if (i % 4 == 0)
    g_string_append_printf (buffer, "E%07u;E%07u", (i * 31 + 7) % n_rows, (i * 17 + 3) % n_rows);
  starts[8] = buffer->len;
  g_string_append_printf (buffer, "位于%s，主营%s产品的研发、生产和销售。", towns[i % 11], industries[i % 10]);
  starts[9] = buffer->len;
  if (i % 10 == 0)
    g_string_append (buffer, "高新技术企业");

  for (guint c = 0; c < 10; c++)
    {
      gsize end = c + 1 < 10 ? starts[c + 1] : buffer->len;

      row->cells[c] = buffer->str + starts[c];
      row->lengths[c] = end - starts[c];
    }
}

static void
test_large (void)
{
  const guint n_rows = 200000;
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header_main, 10);
  KcEntityBuilder *builders[2] = { kc_entity_builder_new (schema), kc_entity_builder_new (schema) };
  const guint64 offsets[2] = { 0, n_rows / 2 };
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  g_autoptr(KcEntityTable) table = NULL;
  g_autoptr(GString) buffer = g_string_new (NULL);
  SyntheticRow row;
  gsize string_bytes = 0;
  gsize csv_bytes = 0;
  gsize links = 0;
  gsize size, bound;
  guint total = 0;

  for (guint i = 0; i < n_rows; i++)
    {
      guint part = i < n_rows / 2 ? 0 : 1;

      synthetic_row (i, n_rows, buffer, &row);
      g_assert_true (kc_entity_builder_append (builders[part], row.cells, row.lengths, 10,
                                               i - part * (n_rows / 2) + 2, "big.csv", problems));
      /* Stored as strings: id, name, partners, description, the extra. */
      for (guint c = 0; c < 10; c++)
        {
          csv_bytes += row.lengths[c] + 1;
          if (c <= 1 || c >= 7)
            string_bytes += row.lengths[c] + 1;
        }
      links += i % 4 == 0 ? 2 : 0;
    }

  table = kc_entity_table_merge (builders, 2, offsets, "big.csv", problems);
  g_assert_cmpuint (kc_entity_table_get_n_rows (table), ==, n_rows);

  /* Self links (i*31+7 == i) are warnings; nothing else is wrong. */
  g_assert_cmpuint (kc_problem_list_count_errors (problems), ==, 0);

  for (guint i = 0; i < n_rows; i += 12347)
    {
      g_autofree char *id = g_strdup_printf ("E%07u", i);

      synthetic_row (i, n_rows, buffer, &row);
      g_assert_cmpint (kc_entity_table_find_id (table, id), ==, i);
      g_assert_cmpuint (kc_entity_table_get_line (table, i), ==, i + 2);
      for (guint c = 0; c < 10; c++)
        {
          g_autofree char *expected = g_strndup (row.cells[c], row.lengths[c]);
          guint column = c < 9 ? (guint) kc_entity_field_from_header (header_main[c])
                               : KC_N_ENTITY_FIELDS;

          g_assert_cmpstr (kc_entity_table_get (table, i, column), ==, expected);
        }
    }
  g_assert_cmpint (kc_entity_table_find_id (table, "E9999999"), ==, -1);

  for (guint c = 0; c < kc_entity_table_get_n_values (table, KC_ENTITY_FIELD_TOWN); c++)
    total += kc_entity_table_get_value_count (table, KC_ENTITY_FIELD_TOWN, c);
  g_assert_cmpuint (total, ==, n_rows);
  g_assert_cmpuint (kc_entity_table_get_n_values (table, KC_ENTITY_FIELD_YEAR), ==, 40);

  /* Beyond the strings themselves a row costs: a 4-byte reference and a
   * 4-byte id hash, five 1-byte codes, ~1.25 bytes of line, at most 8 × 8/3
   * bytes of id index (its load stays above 3/8), 2 × 1.06 bytes of link
   * counts: ≤ 37.7 bytes, so 48 is the bound; each link costs 8 bytes (both
   * directions); each part may leave up to a 4 MiB chunk partly empty. */
  size = kc_entity_table_get_memory_size (table);
  bound = string_bytes + 48 * (gsize) n_rows + 8 * links + 2 * ((gsize) 4 << 20);
  g_test_message ("%u rows: %zu bytes (%.1f a row), strings %zu, CSV %zu, bound %zu",
                  n_rows, size, (double) size / n_rows, string_bytes, csv_bytes, bound);
  g_assert_cmpuint (size, <=, bound);
  g_assert_cmpuint (size, <, csv_bytes * 3 / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entity-table/header", test_header);
  g_test_add_func ("/entity-table/schema", test_schema);
  g_test_add_func ("/entity-table/wide-header", test_wide_header);
  g_test_add_func ("/entity-table/build", test_build);
  g_test_add_func ("/entity-table/facets", test_facets);
  g_test_add_func ("/entity-table/partners", test_partners);
  g_test_add_func ("/entity-table/many-partners", test_many_partners);
  g_test_add_func ("/entity-table/empty", test_empty);
  g_test_add_func ("/entity-table/rejected-rows", test_rejected_rows);
  g_test_add_func ("/entity-table/duplicate-ids", test_duplicate_ids);
  g_test_add_func ("/entity-table/many-duplicates", test_many_duplicates);
  g_test_add_func ("/entity-table/append", test_append);
  g_test_add_func ("/entity-table/extras", test_extras);
  g_test_add_func ("/entity-table/lines", test_lines);
  g_test_add_func ("/entity-table/many-values", test_many_values);
  g_test_add_func ("/entity-table/large", test_large);

  return g_test_run ();
}
