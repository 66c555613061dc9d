/* test-search.c
 * The search index: match classes and their order, folding, aliases,
 * refinement, and the fast scans against a row-by-row reference. */
#include "config.h"

#include <string.h>

#include "kc-pinyin.h"
#include "kc-search.h"

typedef struct
{
  const char *name;
  const char *alias;
  const char *description;
} Row;

typedef struct
{
  const Row *rows;
  guint      n_rows;
} Table;

static const char *
table_get_text (guint    row,
                guint    field,
                gpointer user_data)
{
  const Table *table = user_data;

  g_assert_cmpuint (row, <, table->n_rows);
  switch (field)
    {
    case KC_SEARCH_FIELD_NAME:
      return table->rows[row].name;
    case KC_SEARCH_FIELD_ALIAS:
      return table->rows[row].alias;
    case KC_SEARCH_FIELD_DESCRIPTION:
      return table->rows[row].description;
    default:
      g_assert_not_reached ();
    }
}

static const Row beilun_rows[] = {
  /*  0 */ { "中芯集团", NULL, "总投资规模180亿元" },
  /*  1 */ { "中芯国际", NULL, NULL },
  /*  2 */ { "海天集团", NULL, "机器人提高生产效率" },
  /*  3 */ { "沈阳新松机器人", "新松", NULL },
  /*  4 */ { "智能化环境功能材料量产中试平台", NULL, "机动车尾气净化" },
  /*  5 */ { "意大利综合技术研发中心(CSMT)中国中心", "CSMT", NULL },
  /*  6 */ { "大碶高档模具园区", NULL, "近50家模具企业入驻" },
  /*  7 */ { "模具", NULL, NULL },
  /*  8 */ { "模具城", NULL, NULL },
  /*  9 */ { "宁波海洋研究院", NULL, "上岛办公" },
  /* 10 */ { "北仑模具行业协会", "北仑模协；模具", NULL },
  /* 11 */ { "科技大市场", "大市场、技术市场", "技术转移、咨询评估" },
  /* 12 */ { "宁波华骐净化科技", NULL, "与中试平台合作，生产模具配件" },
};

static KcSearchIndex *
beilun_index (Table *table)
{
  table->rows = beilun_rows;
  table->n_rows = G_N_ELEMENTS (beilun_rows);
  return kc_search_index_new (table->n_rows, table_get_text, table);
}

static GArray *
query_rows (KcSearchIndex *index,
            const char    *query)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint32));

  kc_search_index_query (index, query, NULL, 0, out);
  return out;
}

static void
assert_rows (GArray        *got,
             const guint32 *expected,
             guint          n_expected)
{
  g_assert_cmpmem (got->data, got->len * sizeof (guint32), expected, n_expected * sizeof (guint32));
}

static KcSearchMatch
match_of (KcSearchIndex *index,
          const char    *text,
          guint          row)
{
  KcSearchQuery query;
  KcSearchMatch match;

  kc_search_query_parse (&query, text);
  match = kc_search_index_match_row (index, &query, row);
  kc_search_query_clear (&query);
  return match;
}

static void
test_initials_first (void)
{
  Table table;
  g_autoptr(KcSearchIndex) index = beilun_index (&table);
  g_autoptr(GArray) zxjt = query_rows (index, "zxjt");
  g_autoptr(GArray) zx = query_rows (index, "zx");

  g_assert_cmpuint (zxjt->len, >=, 1);
  g_assert_cmpuint (g_array_index (zxjt, guint32, 0), ==, 0);
  g_assert_cmpint (match_of (index, "zxjt", 0), ==, KC_SEARCH_MATCH_INITIALS_PREFIX);

  /* 中芯集团 and 中芯国际 start with zx; others only contain it. */
  g_assert_cmpuint (zx->len, >=, 2);
  g_assert_cmpuint (g_array_index (zx, guint32, 0), ==, 0);
  g_assert_cmpuint (g_array_index (zx, guint32, 1), ==, 1);
  g_assert_cmpint (match_of (index, "zx", 5), ==, KC_SEARCH_MATCH_INITIALS);
}

static void
test_full_pinyin (void)
{
  Table table;
  g_autoptr(KcSearchIndex) index = beilun_index (&table);
  const guint32 zhongxin[] = { 0, 1, 5 };
  g_autoptr(GArray) got = query_rows (index, "zhongxin");

  /* 中芯… by a pinyin prefix, then …研发中心… inside the pinyin; 中试
   * (zhongshi) is no match. */
  g_assert_cmpint (match_of (index, "zhongxin", 0), ==, KC_SEARCH_MATCH_PINYIN_PREFIX);
  g_assert_cmpint (match_of (index, "zhongxin", 1), ==, KC_SEARCH_MATCH_PINYIN_PREFIX);
  g_assert_cmpint (match_of (index, "zhongxin", 5), ==, KC_SEARCH_MATCH_PINYIN);
  g_assert_cmpint (match_of (index, "zhongxin", 4), ==, KC_SEARCH_MATCH_NONE);
  assert_rows (got, zhongxin, G_N_ELEMENTS (zhongxin));

  /* A syllable cut short, and syllables abbreviated to any prefix. */
  g_assert_cmpint (match_of (index, "zhongx", 0), ==, KC_SEARCH_MATCH_PINYIN_PREFIX);
  g_assert_cmpint (match_of (index, "zhxjt", 0), ==, KC_SEARCH_MATCH_PINYIN_PREFIX);
  g_assert_cmpint (match_of (index, "zhongxjtuan", 0), ==, KC_SEARCH_MATCH_PINYIN_PREFIX);
  g_assert_cmpint (match_of (index, "zhongxjx", 0), ==, KC_SEARCH_MATCH_NONE);
  g_assert_cmpint (match_of (index, "jituan", 0), ==, KC_SEARCH_MATCH_PINYIN);
  g_assert_cmpint (match_of (index, "xjt", 0), ==, KC_SEARCH_MATCH_INITIALS);
}

static void
test_folding (void)
{
  Table table;
  g_autoptr(KcSearchIndex) index = beilun_index (&table);
  g_autoptr(GArray) plain = query_rows (index, "zx");
  const char *variants[] = { "ZX", "Zx", "ｚｘ", "ＺＸ", " z x ", "z\xe3\x80\x80x" };

  g_assert_cmpuint (plain->len, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(GArray) got = query_rows (index, variants[i]);

      assert_rows (got, (const guint32 *) (gpointer) plain->data, plain->len);
    }

  /* Latin text inside Chinese names folds too. */
  g_assert_cmpint (match_of (index, "ＣＳＭＴ", 5), ==, KC_SEARCH_MATCH_EXACT);
  g_assert_cmpint (match_of (index, "(csmt)", 5), ==, KC_SEARCH_MATCH_SUBSTRING);
}

static void
test_chinese_order (void)
{
  Table table;
  g_autoptr(KcSearchIndex) index = beilun_index (&table);
  g_autoptr(GArray) got = query_rows (index, "模具");
  /* Exact name 7 and exact alias 10, prefix 8, inside a name 6, then the
   * description of 12. */
  const guint32 expected[] = { 7, 10, 8, 6, 12 };

  assert_rows (got, expected, G_N_ELEMENTS (expected));
  g_assert_cmpint (match_of (index, "模具", 10), ==, KC_SEARCH_MATCH_EXACT);
  g_assert_cmpint (match_of (index, "模具", 6), ==, KC_SEARCH_MATCH_SUBSTRING);
  g_assert_cmpint (match_of (index, "模具", 12), ==, KC_SEARCH_MATCH_DESCRIPTION);
}

static void
test_aliases (void)
{
  Table table;
  g_autoptr(KcSearchIndex) index = beilun_index (&table);
  g_autoptr(GArray) xinsong = query_rows (index, "新松");
  g_autoptr(GArray) xs = query_rows (index, "xs");
  const guint32 expected[] = { 3 };

  assert_rows (xinsong, expected, 1);
  g_assert_cmpint (match_of (index, "新松", 3), ==, KC_SEARCH_MATCH_EXACT);
  /* The alias has initials of its own: xs starts it. */
  g_assert_cmpuint (xs->len, >=, 1);
  g_assert_cmpuint (g_array_index (xs, guint32, 0), ==, 3);
  g_assert_cmpint (match_of (index, "xs", 3), ==, KC_SEARCH_MATCH_INITIALS_PREFIX);
  /* Both short names in one field, separated by a full-width semicolon. */
  g_assert_cmpint (match_of (index, "北仑模协", 10), ==, KC_SEARCH_MATCH_EXACT);
  g_assert_cmpint (match_of (index, "blmx", 10), ==, KC_SEARCH_MATCH_INITIALS_PREFIX);
  g_assert_cmpint (match_of (index, "模协", 10), ==, KC_SEARCH_MATCH_SUBSTRING);
  g_assert_cmpint (match_of (index, "技术市场", 11), ==, KC_SEARCH_MATCH_EXACT);
  /* A match never spans two short names. */
  g_assert_cmpint (match_of (index, "模协模具", 10), ==, KC_SEARCH_MATCH_NONE);
}

static void
test_description_last (void)
{
  Table table;
  g_autoptr(KcSearchIndex) index = beilun_index (&table);
  g_autoptr(GArray) got = query_rows (index, "机器人");
  /* 沈阳新松机器人 by its name, 海天集团 only by its description. */
  const guint32 expected[] = { 3, 2 };

  assert_rows (got, expected, G_N_ELEMENTS (expected));
  g_assert_cmpint (match_of (index, "机器人", 2), ==, KC_SEARCH_MATCH_DESCRIPTION);
  g_assert_cmpint (match_of (index, "180", 0), ==, KC_SEARCH_MATCH_DESCRIPTION);
}

static const Row class_rows[] = {
  /* 0 */ { "模具园", NULL, NULL },       /* pinyin prefix: mojuyuan */
  /* 1 */ { "MOJU", NULL, NULL },         /* exact */
  /* 2 */ { "大模具", NULL, NULL },       /* pinyin inside: damoju */
  /* 3 */ { "moju工厂", NULL, NULL },     /* prefix */
  /* 4 */ { "xmoju", NULL, NULL },        /* Latin letters are their own initials */
  /* 5 */ { "其他", NULL, "MoJu" },       /* description */
  /* 6 */ { "无关", NULL, "m-o-j" },         /* no match */
  /* 7 */ { "M-O-J-U", NULL, NULL },      /* initials m o j u */
  /* 8 */ { "ABC M.O.J.U", NULL, NULL },  /* initials abcmoju */
};

static void
test_class_order (void)
{
  Table table = { class_rows, G_N_ELEMENTS (class_rows) };
  g_autoptr(KcSearchIndex) index = kc_search_index_new (table.n_rows, table_get_text, &table);
  g_autoptr(GArray) got = query_rows (index, "moju");
  /* A letters-and-digits query inside a name is inside its initials too:
   * the substring class is for other queries (see chinese-order). */
  const guint32 expected[] = { 1, 3, 7, 4, 8, 0, 2, 5 };
  const KcSearchMatch classes[] = {
    KC_SEARCH_MATCH_PINYIN_PREFIX, KC_SEARCH_MATCH_EXACT, KC_SEARCH_MATCH_PINYIN,
    KC_SEARCH_MATCH_PREFIX, KC_SEARCH_MATCH_INITIALS, KC_SEARCH_MATCH_DESCRIPTION,
    KC_SEARCH_MATCH_NONE, KC_SEARCH_MATCH_INITIALS_PREFIX, KC_SEARCH_MATCH_INITIALS,
  };

  assert_rows (got, expected, G_N_ELEMENTS (expected));
  for (guint r = 0; r < G_N_ELEMENTS (classes); r++)
    g_assert_cmpint (match_of (index, "moju", r), ==, classes[r]);

  /* Abbreviations of 模具园 (mo ju yuan). */
  g_assert_cmpint (match_of (index, "mjy", 0), ==, KC_SEARCH_MATCH_INITIALS_PREFIX);
  g_assert_cmpint (match_of (index, "mojy", 0), ==, KC_SEARCH_MATCH_PINYIN_PREFIX);
  g_assert_cmpint (match_of (index, "mjuy", 0), ==, KC_SEARCH_MATCH_PINYIN_PREFIX);
  g_assert_cmpint (match_of (index, "mojuyuan", 0), ==, KC_SEARCH_MATCH_PINYIN_PREFIX);
  g_assert_cmpint (match_of (index, "mxy", 0), ==, KC_SEARCH_MATCH_NONE);
  g_assert_cmpint (match_of (index, "mojuyuanx", 0), ==, KC_SEARCH_MATCH_NONE);
}

static void
test_empty_query (void)
{
  Table table;
  g_autoptr(KcSearchIndex) index = beilun_index (&table);
  g_autoptr(GArray) all = query_rows (index, "");
  g_autoptr(GArray) spaces = query_rows (index, "  \t　");
  g_autoptr(GArray) some = g_array_new (FALSE, FALSE, sizeof (guint32));
  const guint32 within[] = { 2, 5, 11 };

  g_assert_cmpuint (all->len, ==, table.n_rows);
  for (guint r = 0; r < all->len; r++)
    g_assert_cmpuint (g_array_index (all, guint32, r), ==, r);
  assert_rows (spaces, (const guint32 *) (gpointer) all->data, all->len);

  kc_search_index_query (index, "", within, G_N_ELEMENTS (within), some);
  assert_rows (some, within, G_N_ELEMENTS (within));
}

static void
test_polyphonic (void)
{
  const Row rows[] = { { "宁波银行", NULL, NULL } };
  Table table = { rows, G_N_ELEMENTS (rows) };
  g_autoptr(KcSearchIndex) index = kc_search_index_new (table.n_rows, table_get_text, &table);

  /* 行 is read with its first reading only (xing), a known limit. */
  g_assert_cmpint (match_of (index, "ningboyinxing", 0), ==, KC_SEARCH_MATCH_PINYIN_PREFIX);
  g_assert_cmpint (match_of (index, "nbyx", 0), ==, KC_SEARCH_MATCH_INITIALS_PREFIX);
  g_assert_cmpint (match_of (index, "ningboyinhang", 0), ==, KC_SEARCH_MATCH_NONE);
}

static void
test_long_pinyin (void)
{
  const Row rows[] = {
    { "宁波市北仑区中华人民共和国国家发展和改革委员会", NULL, NULL },
    { "北仑区", NULL, NULL },
  };
  Table table = { rows, G_N_ELEMENTS (rows) };
  g_autoptr(KcSearchIndex) index = kc_search_index_new (table.n_rows, table_get_text, &table);
  g_autofree char *full = kc_pinyin_full (rows[0].name);
  g_autoptr(GArray) got = query_rows (index, full);
  const guint32 expected[] = { 0 };

  /* Past 63 letters abbreviations are not tried, but the whole pinyin
   * still matches as a prefix, and a part of it inside. */
  g_assert_cmpuint (strlen (full), >, 63);
  assert_rows (got, expected, 1);
  g_assert_cmpint (match_of (index, full, 0), ==, KC_SEARCH_MATCH_PINYIN_PREFIX);
  g_assert_cmpint (match_of (index, full + 5, 0), ==, KC_SEARCH_MATCH_PINYIN);
  g_assert_cmpint (match_of (index, full, 1), ==, KC_SEARCH_MATCH_NONE);
}

static void
test_query_parse (void)
{
  KcSearchQuery a;
  KcSearchQuery b;

  kc_search_query_parse (&a, " Ning Bo ");
  g_assert_cmpstr (a.text, ==, "ningbo");
  g_assert_cmpuint (a.len, ==, 6);
  g_assert_true (a.pinyin);

  kc_search_query_parse (&b, "ning");
  g_assert_true (kc_search_query_refines (&a, &b));
  g_assert_false (kc_search_query_refines (&b, &a));
  kc_search_query_clear (&b);

  kc_search_query_parse (&b, "宁波 2017");
  g_assert_cmpstr (b.text, ==, "宁波2017");
  g_assert_false (b.pinyin);
  g_assert_false (kc_search_query_refines (&b, &a));
  kc_search_query_clear (&b);

  kc_search_query_parse (&b, NULL);
  g_assert_cmpuint (b.len, ==, 0);
  g_assert_false (b.pinyin);
  g_assert_true (kc_search_query_refines (&a, &b));

  kc_search_query_clear (&a);
  kc_search_query_clear (&b);
}

/* A table big enough for two shards and two threads, with few distinct
 * words so that every query class is crowded. */
typedef struct
{
  Table  table;
  Row   *rows;
  GPtrArray *strings;
} BigTable;

static void
big_table_init (BigTable *big,
                guint     n_rows)
{
  static const char *words[] = {
    "宁波", "北仑", "模具", "科技", "集团", "中芯", "海天", "机器人", "新材料",
    "大碶", "有限公司", "研究院", "ABC", "X1", "银行", "梅山", "绿色", "Ｚｈｏｎｇ",
    "（CSMT）", "2025", "国际",
  };
  static const char *separators[] = { ";", "、", "，", ";;" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20170301);

  big->rows = g_new0 (Row, n_rows);
  big->strings = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < n_rows; r++)
    {
      GString *name = g_string_new (NULL);
      guint n_words = g_rand_int_range (rand, 1, 5);

      for (guint w = 0; w < n_words; w++)
        g_string_append (name, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      big->rows[r].name = name->str;
      g_ptr_array_add (big->strings, g_string_free (name, FALSE));

      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          char *alias = g_strdup_printf ("%s%s%s", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                         separators[g_rand_int_range (rand, 0, G_N_ELEMENTS (separators))],
                                         words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          big->rows[r].alias = alias;
          g_ptr_array_add (big->strings, alias);
        }
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          char *description = g_strdup_printf ("位于%s，从事%s", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                               words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          big->rows[r].description = description;
          g_ptr_array_add (big->strings, description);
        }
    }
  big->table.rows = big->rows;
  big->table.n_rows = n_rows;
}

static void
big_table_clear (BigTable *big)
{
  g_free (big->rows);
  g_ptr_array_unref (big->strings);
}

/* What the query must give, from kc_search_index_match_row() one row at a
 * time: matching rows by class, then by row. */
static GArray *
reference_rows (KcSearchIndex *index,
                const char    *text,
                const guint32 *within,
                guint          n_within)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *by_class[KC_SEARCH_N_MATCHES];
  guint n = within != NULL ? n_within : kc_search_index_get_n_rows (index);
  KcSearchQuery query;

  /* Each row's class once, then the classes in order, rows in order. */
  for (guint c = 0; c < KC_SEARCH_N_MATCHES; c++)
    by_class[c] = g_array_new (FALSE, FALSE, sizeof (guint32));
  kc_search_query_parse (&query, text);
  for (guint i = 0; i < n; i++)
    {
      guint32 row = within != NULL ? within[i] : i;
      guint c = kc_search_index_match_row (index, &query, row);

      if (c < KC_SEARCH_N_MATCHES)
        g_array_append_val (by_class[c], row);
    }
  for (guint c = 0; c < KC_SEARCH_N_MATCHES; c++)
    {
      g_array_append_vals (out, by_class[c]->data, by_class[c]->len);
      g_array_unref (by_class[c]);
    }
  kc_search_query_clear (&query);
  return out;
}

static const char *big_queries[] = {
  "n", "ni", "nb", "ningbo", "ningb", "宁", "宁波", "波模", "mj", "moju", "mojuj",
  "jt", "zx", "zxjt", "zhongx", "zhxjt", "kj", "a", "abc", "x1", "1", "有限公司",
  "yxgs", "gongsi", "司", "z", "zhong", "lv", "lvse", "位于梅山", "研究院宁波", "qq",
  "nbbl", "ningbobeilun", "ｚｈｏ", "集团有限", "-", "csmt", "(csmt)", "2025", "20",
  "gj", "guoji", "zhonggj", "zgj", "cs",
  /* Pairs across units (ning|bo) but never across parts (bob would run
   * from a name into its alias), of digits, and in descriptions. */
  "gb", "obei", "bob", "02", "于梅", "ab", "bl",
  /* Pairs in no unit, which only a boundary between units can hold
   * (yan|jiu, Latin letters, each a unit), abbreviations that need a pair
   * inside a unit, and initials pairs inside a name or starting an alias. */
  "nj", "anjiu", "nbei", "nib", "ningbl", "bc", "cx", "1b", "lj", "ms", "lsbl",
  /* One character held by many rows: its mask, not its text, says. */
  "仑", "于", "团", "从", "限", "Ｚ",
};

static void
test_scan_matches_reference (void)
{
  BigTable big;
  g_autoptr(KcSearchIndex) index = NULL;
  g_autoptr(GArray) dense = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) sparse = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) most = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) few = g_array_new (FALSE, FALSE, sizeof (guint32));

  big_table_init (&big, 40000);
  index = kc_search_index_new (big.table.n_rows, table_get_text, &big.table);

  for (guint32 r = 1; r < big.table.n_rows; r += 2)
    g_array_append_val (dense, r);
  for (guint32 r = 5; r < big.table.n_rows; r += 97)
    g_array_append_val (sparse, r);
  /* So few rows that reading them beats the sorted lists. */
  for (guint32 r = 11; r < big.table.n_rows; r += 997)
    g_array_append_val (few, r);
  /* Nearly every row: the scan reads all rows and skips the others. */
  for (guint32 r = 0; r < big.table.n_rows; r++)
    if (r % 10 != 3)
      g_array_append_val (most, r);

  for (guint i = 0; i < G_N_ELEMENTS (big_queries); i++)
    {
      GArray *withins[] = { NULL, dense, sparse, most, few };

      for (guint w = 0; w < G_N_ELEMENTS (withins); w++)
        {
          const guint32 *within = withins[w] != NULL ? (const guint32 *) (gpointer) withins[w]->data : NULL;
          guint n_within = withins[w] != NULL ? withins[w]->len : 0;
          g_autoptr(GArray) expected = reference_rows (index, big_queries[i], within, n_within);
          g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint32));

          kc_search_index_query (index, big_queries[i], within, n_within, got);
          g_test_message ("%s within %u: %u rows", big_queries[i], w, got->len);
          assert_rows (got, (const guint32 *) (gpointer) expected->data, expected->len);
        }
    }

  big_table_clear (&big);
}

/* An independent oracle: the match classes worked out from their
 * definitions on the folded texts, without the index's keys, signatures
 * or scans. */
typedef struct
{
  char *folded;
  char *full;
  char *initials;
  char *lengths;
} OraclePart;

typedef struct
{
  GArray *parts;        /* OraclePart: the name, then each alias */
  char   *description;  /* folded */
} OracleRow;

static void
oracle_part_clear (gpointer data)
{
  OraclePart *part = data;

  g_free (part->folded);
  g_free (part->full);
  g_free (part->initials);
  g_free (part->lengths);
}

static void
oracle_add_part (OracleRow  *row,
                 const char *folded,
                 gsize       len)
{
  GString *full = g_string_new (NULL);
  GString *initials = g_string_new (NULL);
  GString *lengths = g_string_new (NULL);
  OraclePart part;

  kc_pinyin_append_units (folded, len, full, initials, lengths);
  part.folded = g_strndup (folded, len);
  part.full = g_string_free (full, FALSE);
  part.initials = g_string_free (initials, FALSE);
  part.lengths = g_string_free (lengths, FALSE);
  g_array_append_val (row->parts, part);
}

static void
oracle_row_init (OracleRow *row,
                 const Row *source)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) alias = g_string_new (NULL);
  g_autoptr(GString) description = g_string_new (NULL);
  g_auto(GStrv) pieces = NULL;

  row->parts = g_array_new (FALSE, FALSE, sizeof (OraclePart));
  g_array_set_clear_func (row->parts, oracle_part_clear);
  kc_pinyin_fold (source->name, -1, name);
  oracle_add_part (row, name->str, name->len);

  /* Short names are separated by ; , or 、 (folding turns ； and ， into
   * ; and ,). */
  kc_pinyin_fold (source->alias, -1, alias);
  pieces = g_strsplit_set (alias->str, ";,", -1);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      g_auto(GStrv) names = g_strsplit (pieces[i], "、", -1);

      for (guint j = 0; names[j] != NULL; j++)
        if (*names[j] != '\0')
          oracle_add_part (row, names[j], strlen (names[j]));
    }

  kc_pinyin_fold (source->description, -1, description);
  row->description = g_strdup (description->str);
}

static void
oracle_row_clear (OracleRow *row)
{
  g_array_unref (row->parts);
  g_free (row->description);
}

/* Can @q be spelt by a non-empty prefix of each unit in turn, from the
 * first unit of @full on? */
static gboolean
oracle_abbreviates (const char *q,
                    const char *full,
                    const char *lengths)
{
  if (*q == '\0')
    return TRUE;
  if (*lengths == '\0')
    return FALSE;
  for (int n = 1; n <= lengths[0] && full[n - 1] == q[n - 1]; n++)
    if (oracle_abbreviates (q + n, full + lengths[0], lengths + 1))
      return TRUE;
  return FALSE;
}

static KcSearchMatch
oracle_match (const OracleRow     *row,
              const KcSearchQuery *query)
{
  KcSearchMatch best = KC_SEARCH_MATCH_NONE;

  for (guint i = 0; i < row->parts->len; i++)
    {
      const OraclePart *part = &g_array_index (row->parts, OraclePart, i);

      if (strcmp (part->folded, query->text) == 0)
        best = MIN (best, KC_SEARCH_MATCH_EXACT);
      else if (g_str_has_prefix (part->folded, query->text))
        best = MIN (best, KC_SEARCH_MATCH_PREFIX);
      else if (strstr (part->folded, query->text) != NULL)
        best = MIN (best, KC_SEARCH_MATCH_SUBSTRING);

      if (!query->pinyin)
        continue;
      if (g_str_has_prefix (part->initials, query->text))
        best = MIN (best, KC_SEARCH_MATCH_INITIALS_PREFIX);
      else if (strstr (part->initials, query->text) != NULL)
        best = MIN (best, KC_SEARCH_MATCH_INITIALS);
      if (oracle_abbreviates (query->text, part->full, part->lengths))
        best = MIN (best, KC_SEARCH_MATCH_PINYIN_PREFIX);
      else if (strstr (part->full, query->text) != NULL)
        best = MIN (best, KC_SEARCH_MATCH_PINYIN);
    }
  if (best == KC_SEARCH_MATCH_NONE && strstr (row->description, query->text) != NULL)
    best = KC_SEARCH_MATCH_DESCRIPTION;
  return best;
}

static void
test_oracle (void)
{
  BigTable big;
  g_autoptr(KcSearchIndex) index = NULL;
  OracleRow *oracle;
  guint n_rows = 6000;

  big_table_init (&big, n_rows);
  index = kc_search_index_new (big.table.n_rows, table_get_text, &big.table);
  oracle = g_new0 (OracleRow, n_rows);
  for (guint r = 0; r < n_rows; r++)
    oracle_row_init (&oracle[r], &big.rows[r]);

  for (guint i = 0; i < G_N_ELEMENTS (big_queries); i++)
    {
      KcSearchQuery query;

      kc_search_query_parse (&query, big_queries[i]);
      for (guint r = 0; r < n_rows; r++)
        g_assert_cmpint (kc_search_index_match_row (index, &query, r), ==, oracle_match (&oracle[r], &query));
      kc_search_query_clear (&query);
    }

  for (guint r = 0; r < n_rows; r++)
    oracle_row_clear (&oracle[r]);
  g_free (oracle);
  big_table_clear (&big);
}

/* Two halves with words of their own, one for each shard, so that the
 * shards' commonest initials pairs differ: nb and bl only in the first,
 * hz and xs only in the second, bo inside a unit (波) in the first but
 * only the initials of 北欧 in the second. The pairs also occur only
 * where units meet (信博: xin|bo), inside names, starting aliases, in
 * Latin letters and in descriptions, and the many words make more pairs
 * than a shard keeps exactly. */
static void
pair_table_init (BigTable *big,
                 guint     n_rows)
{
  static const char *halves[2][14] = {
    { "宁波", "北仑", "信博", "波", "北欧", "模具", "科技", "集团", "大碶", "梅山",
      "港口", "机器人", "春晓", "NB" },
    { "杭州", "上海", "萧山", "北欧", "滨江", "钱塘", "余杭", "西湖", "科技", "集团",
      "宁", "HZ", "小港", "2025" },
  };
  static const char *descriptions[] = { "位于nb港区", "bo", "hz", "xin bo", "无" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);

  big->rows = g_new0 (Row, n_rows);
  big->strings = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < n_rows; r++)
    {
      const char *const *words = halves[r < n_rows / 2 ? 0 : 1];
      GString *name = g_string_new (NULL);
      guint n_words = g_rand_int_range (rand, 1, 5);

      for (guint w = 0; w < n_words; w++)
        g_string_append (name, words[g_rand_int_range (rand, 0, 14)]);
      big->rows[r].name = name->str;
      g_ptr_array_add (big->strings, g_string_free (name, FALSE));

      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          char *alias = g_strdup_printf ("%s%s、%s", words[g_rand_int_range (rand, 0, 14)],
                                         words[g_rand_int_range (rand, 0, 14)],
                                         words[g_rand_int_range (rand, 0, 14)]);

          big->rows[r].alias = alias;
          g_ptr_array_add (big->strings, alias);
        }
      if (g_rand_int_range (rand, 0, 8) == 0)
        big->rows[r].description = descriptions[g_rand_int_range (rand, 0, G_N_ELEMENTS (descriptions))];
    }
  big->table.rows = big->rows;
  big->table.n_rows = n_rows;
}

/* The rows of @within (all if NULL) by @classes, then by row. */
static GArray *
rows_by_class (const guint8  *classes,
               guint          n_rows,
               const guint32 *within,
               guint          n_within)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n = within != NULL ? n_within : n_rows;

  for (guint c = 0; c < KC_SEARCH_N_MATCHES; c++)
    for (guint i = 0; i < n; i++)
      {
        guint32 row = within != NULL ? within[i] : i;

        if (classes[row] == c)
          g_array_append_val (out, row);
      }
  return out;
}

/* The row lists the pair tests search within: every row, as a one-letter
 * query's result gives them; every row of the first shard and half the
 * second's; a few rows. */
typedef struct
{
  GArray *all;
  GArray *half;
  GArray *sparse;
} RowLists;

static void
row_lists_init (RowLists *lists,
                guint     n_rows)
{
  lists->all = g_array_new (FALSE, FALSE, sizeof (guint32));
  lists->half = g_array_new (FALSE, FALSE, sizeof (guint32));
  lists->sparse = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 r = 0; r < n_rows; r++)
    {
      g_array_append_val (lists->all, r);
      if (r < n_rows / 2 || r % 2 == 0)
        g_array_append_val (lists->half, r);
      if (r % 7 == 0)
        g_array_append_val (lists->sparse, r);
    }
}

static void
row_lists_clear (RowLists *lists)
{
  g_array_unref (lists->all);
  g_array_unref (lists->half);
  g_array_unref (lists->sparse);
}

/* @query over each row list of @withins (NULL: every row) gives the rows
 * that the row-by-row @classes say, best first. */
static void
check_withins (KcSearchIndex *index,
               const char    *query,
               const guint8  *classes,
               guint          n_rows,
               GArray       **withins,
               guint          n_withins)
{
  for (guint w = 0; w < n_withins; w++)
    {
      const guint32 *within = withins[w] != NULL ? (const guint32 *) (gpointer) withins[w]->data : NULL;
      guint n_within = withins[w] != NULL ? withins[w]->len : 0;
      g_autoptr(GArray) expected = rows_by_class (classes, n_rows, within, n_within);
      g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint32));

      kc_search_index_query (index, query, within, n_within, got);
      g_test_message ("%s within %u: %u rows", query, w, got->len);
      assert_rows (got, (const guint32 *) (gpointer) expected->data, expected->len);
    }
}

/* The tables of the pair tests hold every class a pair can get: all but a
 * substring of the names, as their letters and digits are units, whose
 * initials match first. */
static void
assert_classes_seen (const guint *seen)
{
  for (guint c = 0; c < KC_SEARCH_N_MATCHES; c++)
    {
      g_test_message ("class %u: %u rows", c, seen[c]);
      if (c != KC_SEARCH_MATCH_SUBSTRING)
        g_assert_cmpuint (seen[c], >, 0);
    }
}

static void
test_exact_pairs (void)
{
  static const char *queries[] = {
    "nb", "bl", "xb", "bo", "ob", "hz", "xs", "sh", "bj", "qt", "yh", "mj", "kj",
    "ms", "gk", "jt", "jq", "bx", "hn", "20",
    /* Longer, with exact pairs and others. */
    "nbm", "nbbl", "xbo", "blnb", "hzxs", "xsbo", "nbo", "bjqt",
  };
  BigTable big;
  guint n_rows = 34000;
  g_autoptr(KcSearchIndex) index = NULL;
  RowLists lists;
  g_autofree guint8 *classes = g_new (guint8, n_rows);
  guint seen[KC_SEARCH_N_MATCHES] = { 0 };

  pair_table_init (&big, n_rows);
  index = kc_search_index_new (big.table.n_rows, table_get_text, &big.table);

  row_lists_init (&lists, n_rows);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      GArray *withins[] = { NULL, lists.all, lists.half, lists.sparse };
      KcSearchQuery query;

      /* The reference, each row once. */
      kc_search_query_parse (&query, queries[i]);
      for (guint r = 0; r < n_rows; r++)
        {
          classes[r] = kc_search_index_match_row (index, &query, r);
          if (classes[r] < KC_SEARCH_N_MATCHES)
            seen[classes[r]]++;
        }
      kc_search_query_clear (&query);

      check_withins (index, queries[i], classes, n_rows, withins, G_N_ELEMENTS (withins));
    }

  assert_classes_seen (seen);
  row_lists_clear (&lists);

  big_table_clear (&big);
}

/* Two halves again, one for each shard, with many syllables (more than
 * the rows' masks of units have bits of their own, so that some units
 * share the last bits, and some names and aliases start with such a
 * unit). The pairs inside syllables (an, zh, sh, ch, ng) start names,
 * are inside them, start aliases, come from Latin letters (each a unit
 * of its own, so that sha crosses S|哈) and are in descriptions; queries
 * inside a syllable (zho, sha, chan) are held by common units, by rare
 * ones and across units (an|hui). */
static void
unit_table_init (BigTable *big,
                 guint     n_rows)
{
  /* 广州湖 and NZH: initials (gzh, and a name of letters) that the pinyin
   * across two units holds too (guang|zhou, an|zhang), so that a row a
   * common join proves to hold the query may still match it better. */
  static const char *halves[2][13] = {
    { "中心", "上海", "长江", "安徽", "沙", "山", "宁波", "茶", "ZHANG", "S哈", "张", "安", "NZH" },
    { "杭州", "常山", "川沙", "晒", "南昌", "Anh", "中", "产", "申", "韩", "zho", "商行", "广州湖" },
  };
  static const char surnames[] =
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水"
    "窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕"
    "郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    /* Syllables none of the above has. */
    "啊爱昂奥八班帮包崩比边表别宾冰不擦才参仓草测层查柴超车成吃冲抽出揣穿窗吹春词从"
    "凑粗窜催村错搭呆丹当到得灯低点调跌丁丢东都读端对吨多饿恩而发反飞分风佛否夫该甘"
    "刚高哥给根更工够古瓜怪关光规滚国还喊好黑很横红后胡坏欢会婚火鸡家间将交街金京窘"
    "久居卷军卡开看考科肯坑空口苦夸快宽狂亏困阔拉来蓝狼老雷冷里俩连两料列林零刘龙楼"
    "路乱论罗略妈买满忙毛没门梦米面灭民名谬摸谋木拿奶难囊闹呢内嫩能你年娘鸟捏您牛农"
    "奴暖女虐挪哦欧怕拍盘旁跑配盆朋片漂撇拼破剖普七前强桥切亲青穷求区全却群然让绕热"
    "人扔日容肉如软瑞润若撒赛三桑扫色森僧杀上少蛇深生十手书刷帅双水顺说四松搜算虽所"
    "他太谈套特疼提天条贴听同头图团推吞拖挖外万为文翁我屋西下先想小些心星兄修需选学"
    "寻压眼羊要也一因应哟用有鱼月云杂在赞脏早则贼怎增扎摘占找这真正之猪抓拽专装追准"
    "桌子宗走租钻最尊做";
  static const char *descriptions[] = { "zhong an", "位于上海", "sha", "an hui", "无" };
  glong n_surnames = g_utf8_strlen (surnames, -1);
  const gint32 n_choices = G_N_ELEMENTS (halves[0]);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250101);

  big->rows = g_new0 (Row, n_rows);
  big->strings = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < n_rows; r++)
    {
      const char *const *words = halves[r < n_rows / 2 ? 0 : 1];
      GString *name = g_string_new (NULL);
      guint n_words = g_rand_int_range (rand, 1, 4);

      for (guint w = 0; w < n_words; w++)
        {
          /* A rarer syllable now and then, before or after a word. */
          if (g_rand_int_range (rand, 0, 3) == 0)
            {
              const char *c = g_utf8_offset_to_pointer (surnames, g_rand_int_range (rand, 0, n_surnames));

              g_string_append_len (name, c, g_utf8_next_char (c) - c);
            }
          g_string_append (name, words[g_rand_int_range (rand, 0, n_choices)]);
        }
      big->rows[r].name = name->str;
      g_ptr_array_add (big->strings, g_string_free (name, FALSE));

      /* One alias or two: the first alias's head is kept, not more. */
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          char *alias = g_rand_boolean (rand) ?
                        g_strdup (words[g_rand_int_range (rand, 0, n_choices)]) :
                        g_strdup_printf ("%s;%s", words[g_rand_int_range (rand, 0, n_choices)],
                                         words[g_rand_int_range (rand, 0, n_choices)]);

          big->rows[r].alias = alias;
          g_ptr_array_add (big->strings, alias);
        }
      if (g_rand_int_range (rand, 0, 6) == 0)
        big->rows[r].description = descriptions[g_rand_int_range (rand, 0, G_N_ELEMENTS (descriptions))];
    }
  big->table.rows = big->rows;
  big->table.n_rows = n_rows;
}

/* Queries of full pinyin, each keystroke of them: the pairs inside units
 * need the rows' flags of them and masks of units to be exact. */
static void
test_unit_pairs (void)
{
  static const char *queries[] = {
    "an", "zh", "sh", "ch", "ng", "ha", "ua", "in", "ia", "ao", "en",
    "zho", "zhon", "zhong", "zhongx", "sha", "shan", "shang", "shangh", "cha", "chan",
    "chang", "changj", "anh", "anhu", "anhui", "han", "ang", "nan", "zhang", "hai",
    "ngh", "shai", "chuan", "hang", "nzh", "gzh", "ash", "anzh",
  };
  BigTable big;
  guint n_rows = 34000;
  g_autoptr(KcSearchIndex) index = NULL;
  RowLists lists;
  g_autofree guint8 *classes = g_new (guint8, n_rows);
  OracleRow *oracle = g_new0 (OracleRow, n_rows);
  guint seen[KC_SEARCH_N_MATCHES] = { 0 };

  unit_table_init (&big, n_rows);
  index = kc_search_index_new (big.table.n_rows, table_get_text, &big.table);
  row_lists_init (&lists, n_rows);
  for (guint32 r = 0; r < n_rows; r++)
    oracle_row_init (&oracle[r], &big.rows[r]);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      GArray *withins[] = { NULL, lists.all, lists.half, lists.sparse };
      KcSearchQuery query;

      /* The oracle, which knows nothing of the index, for each row; the
       * index's own row-by-row answer must agree. */
      kc_search_query_parse (&query, queries[i]);
      for (guint r = 0; r < n_rows; r++)
        {
          classes[r] = oracle_match (&oracle[r], &query);
          g_assert_cmpint (kc_search_index_match_row (index, &query, r), ==, classes[r]);
          if (classes[r] < KC_SEARCH_N_MATCHES)
            seen[classes[r]]++;
        }
      kc_search_query_clear (&query);

      check_withins (index, queries[i], classes, n_rows, withins, G_N_ELEMENTS (withins));
    }

  assert_classes_seen (seen);
  row_lists_clear (&lists);

  for (guint r = 0; r < n_rows; r++)
    oracle_row_clear (&oracle[r]);
  g_free (oracle);
  big_table_clear (&big);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static void
test_refinement (void)
{
  BigTable big;
  g_autoptr(KcSearchIndex) index = NULL;

  big_table_init (&big, 40000);
  index = kc_search_index_new (big.table.n_rows, table_get_text, &big.table);

  for (guint i = 0; i < G_N_ELEMENTS (big_queries); i++)
    {
      const char *query = big_queries[i];
      g_autoptr(GArray) fresh = query_rows (index, query);

      /* Search the result of every shorter prefix, sorted by row. */
      for (const char *end = query; *end != '\0'; end = g_utf8_next_char (end))
        {
          g_autofree char *prefix = g_strndup (query, end - query);
          g_autoptr(GArray) previous = query_rows (index, prefix);
          g_autoptr(GArray) refined = g_array_new (FALSE, FALSE, sizeof (guint32));

          g_array_sort (previous, compare_rows);
          kc_search_index_query (index, query, (const guint32 *) (gpointer) previous->data,
                                 previous->len, refined);
          assert_rows (refined, (const guint32 *) (gpointer) fresh->data, fresh->len);
        }
    }

  big_table_clear (&big);
}

static void
assert_session (KcSearchSession *session,
                KcSearchIndex   *index,
                const char      *query,
                const guint32   *filter,
                guint            n_filter)
{
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (guint32));
  const guint32 *rows;
  guint n = 0;

  kc_search_index_query (index, query, filter, n_filter, fresh);
  rows = kc_search_session_query (session, query, &n);
  g_assert_cmpmem (rows, n * sizeof (guint32), fresh->data, fresh->len * sizeof (guint32));
}

static void
test_session (void)
{
  BigTable big;
  g_autoptr(KcSearchIndex) index = NULL;
  g_autoptr(KcSearchSession) session = NULL;
  g_autoptr(GArray) filter = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n = 0;
  const char *typed[] = {
    "n", "ni", "nin", "ning", "ningb", "ningbo", "ningb", "nin", "ni", "n", "",
    "模", "模具", "模", "宁", "宁波", "宁波模", "宁波模具", "", "z", "zx", "zxj",
    "zxjt", "zx", "zh", "zho", "zhon", "zhong", "Zhong", "zhongx",
    /* Deeper than the session remembers. */
    "n", "ni", "nin", "ning", "ningb", "ningbo", "ningbob", "ningbobe", "ningbobei",
    "ningbobeil", "ningbobeilu", "ningbobeilun", "ningbobeilunm", "ningbobeilunmo",
    "ningbobeilunmoj", "ningbobeilunmoju", "ningbobeilun", "ningbo", "n",
  };

  big_table_init (&big, 40000);
  index = kc_search_index_new (big.table.n_rows, table_get_text, &big.table);
  session = kc_search_session_new (index);

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    assert_session (session, index, typed[i], NULL, 0);

  /* A facet filter restarts the refinement from the filtered rows. */
  for (guint32 r = 3; r < big.table.n_rows; r += 3)
    g_array_append_val (filter, r);
  kc_search_session_set_filter (session, (const guint32 *) (gpointer) filter->data, filter->len);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    assert_session (session, index, typed[i], (const guint32 *) (gpointer) filter->data, filter->len);

  /* A filter that keeps no row leaves nothing to find, not everything. */
  kc_search_session_set_filter (session, (const guint32 *) (gpointer) filter->data, 0);
  g_assert_nonnull (kc_search_session_query (session, "zx", &n));
  g_assert_cmpuint (n, ==, 0);
  g_assert_nonnull (kc_search_session_query (session, "", &n));
  g_assert_cmpuint (n, ==, 0);

  kc_search_session_set_filter (session, NULL, 0);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    assert_session (session, index, typed[i], NULL, 0);

  big_table_clear (&big);
}

static void
test_empty_index (void)
{
  g_autoptr(KcSearchIndex) index = kc_search_index_new (0, NULL, NULL);
  g_autoptr(GArray) got = query_rows (index, "zx");
  g_autoptr(GArray) all = query_rows (index, "");

  g_assert_cmpuint (kc_search_index_get_n_rows (index), ==, 0);
  g_assert_cmpuint (got->len, ==, 0);
  g_assert_cmpuint (all->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/initials-first", test_initials_first);
  g_test_add_func ("/search/full-pinyin", test_full_pinyin);
  g_test_add_func ("/search/folding", test_folding);
  g_test_add_func ("/search/chinese-order", test_chinese_order);
  g_test_add_func ("/search/aliases", test_aliases);
  g_test_add_func ("/search/description-last", test_description_last);
  g_test_add_func ("/search/class-order", test_class_order);
  g_test_add_func ("/search/empty-query", test_empty_query);
  g_test_add_func ("/search/polyphonic", test_polyphonic);
  g_test_add_func ("/search/long-pinyin", test_long_pinyin);
  g_test_add_func ("/search/query-parse", test_query_parse);
  g_test_add_func ("/search/oracle", test_oracle);
  g_test_add_func ("/search/scan-matches-reference", test_scan_matches_reference);
  g_test_add_func ("/search/exact-pairs", test_exact_pairs);
  g_test_add_func ("/search/unit-pairs", test_unit_pairs);
  g_test_add_func ("/search/refinement", test_refinement);
  g_test_add_func ("/search/session", test_session);
  g_test_add_func ("/search/empty-index", test_empty_index);

  return g_test_run ();
}
