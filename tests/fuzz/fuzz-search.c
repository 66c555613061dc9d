/* fuzz-search.c
 * libFuzzer target: query parsing, pinyin keys, and the index scans checked
 * against matching row by row. Input: the query on the first line, then
 * one row a line as name TAB alias TAB description. */
#include "config.h"

#include <string.h>

#include "kc-pinyin.h"
#include "kc-search.h"

#define MAX_ROWS 64

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

typedef struct
{
  char  *fields[MAX_ROWS][KC_SEARCH_N_FIELDS];
  guint  n_rows;
} Rows;

static const char *
rows_get_text (guint    row,
               guint    field,
               gpointer user_data)
{
  Rows *rows = user_data;

  g_assert_cmpuint (row, <, rows->n_rows);
  g_assert_cmpuint (field, <, KC_SEARCH_N_FIELDS);
  return rows->fields[row][field];
}

static void
check_query (const KcSearchQuery *query)
{
  gboolean pinyin = query->len > 0;

  g_assert_nonnull (query->text);
  g_assert_cmpuint (strlen (query->text), ==, query->len);
  g_assert_true (g_utf8_validate (query->text, query->len, NULL));
  for (gsize i = 0; i < query->len; i++)
    {
      /* Folding leaves no upper case, space or control character. */
      g_assert_false (g_ascii_isupper (query->text[i]));
      g_assert_false (g_ascii_isspace (query->text[i]));
      g_assert_false (g_ascii_iscntrl (query->text[i]));
      if (!g_ascii_islower (query->text[i]) && !g_ascii_isdigit (query->text[i]))
        pinyin = FALSE;
    }
  g_assert_true (query->pinyin == pinyin);
}

static void
check_keys (const char *text)
{
  g_autofree char *full = kc_pinyin_full (text);
  g_autofree char *initials = kc_pinyin_initials (text);

  for (const char *p = full; *p != '\0'; p++)
    g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p));
  g_assert_cmpuint (strlen (initials), <=, strlen (full));
}

/* The scan must give what matching each row alone gives, best first. */
static void
check_against_rows (KcSearchIndex       *index,
                    const char          *text,
                    const KcSearchQuery *query,
                    const guint32       *within,
                    guint                n_within)
{
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n = within != NULL ? n_within : kc_search_index_get_n_rows (index);

  kc_search_index_query (index, text, within, n_within, got);
  for (guint c = 0; c < KC_SEARCH_N_MATCHES; c++)
    for (guint i = 0; i < n; i++)
      {
        guint32 row = within != NULL ? within[i] : i;

        if (kc_search_index_match_row (index, query, row) == c)
          g_array_append_val (expected, row);
      }
  g_assert_cmpmem (got->data, got->len * sizeof (guint32),
                   expected->data, expected->len * sizeof (guint32));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = g_strsplit (input, "\n", MAX_ROWS + 1);
  g_autoptr(KcSearchIndex) index = NULL;
  g_autoptr(GArray) odd = g_array_new (FALSE, FALSE, sizeof (guint32));
  KcSearchQuery query;
  KcSearchQuery shorter;
  Rows rows = { 0 };

  if (lines[0] == NULL)
    return 0;

  kc_search_query_parse (&query, lines[0]);
  check_query (&query);

  for (guint i = 1; lines[i] != NULL && rows.n_rows < MAX_ROWS; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", KC_SEARCH_N_FIELDS);

      for (guint f = 0; f < KC_SEARCH_N_FIELDS && fields[f] != NULL; f++)
        {
          rows.fields[rows.n_rows][f] = g_strdup (fields[f]);
          check_keys (fields[f]);
        }
      rows.n_rows++;
    }

  index = kc_search_index_new (rows.n_rows, rows_get_text, &rows);
  check_against_rows (index, lines[0], &query, NULL, 0);
  for (guint32 r = 1; r < rows.n_rows; r += 2)
    g_array_append_val (odd, r);
  check_against_rows (index, lines[0], &query, (const guint32 *) (gpointer) odd->data, odd->len);

  /* Folding is idempotent, and every row that matches the query matches
   * it with its last character cut: what refinement relies on. */
  kc_search_query_parse (&shorter, query.text);
  g_assert_cmpstr (shorter.text, ==, query.text);
  kc_search_query_clear (&shorter);
  if (query.len > 0)
    {
      const char *last = g_utf8_prev_char (query.text + query.len);
      g_autofree char *cut = g_strndup (query.text, last - query.text);

      kc_search_query_parse (&shorter, cut);
      g_assert_true (kc_search_query_refines (&query, &shorter));
      for (guint r = 0; r < rows.n_rows; r++)
        if (kc_search_index_match_row (index, &query, r) != KC_SEARCH_MATCH_NONE)
          g_assert_cmpint (kc_search_index_match_row (index, &shorter, r), !=, KC_SEARCH_MATCH_NONE);
      kc_search_query_clear (&shorter);
    }

  kc_search_query_clear (&query);
  for (guint r = 0; r < rows.n_rows; r++)
    for (guint f = 0; f < KC_SEARCH_N_FIELDS; f++)
      g_free (rows.fields[r][f]);
  return 0;
}
