/* kc-search.h
 * Search over the names, short names and descriptions of many rows, by
 * Chinese text, pinyin or pinyin initials. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KC_SEARCH_FIELD_NAME,
  KC_SEARCH_FIELD_ALIAS,
  KC_SEARCH_FIELD_DESCRIPTION,
  KC_SEARCH_N_FIELDS
} KcSearchField;

/* How a row matched, best first; results are ordered by this, then by row. */
typedef enum
{
  KC_SEARCH_MATCH_EXACT,            /* the whole name or an alias */
  KC_SEARCH_MATCH_PREFIX,           /* start of the name or an alias */
  KC_SEARCH_MATCH_INITIALS_PREFIX,  /* zxjt, zx → 中芯集团 */
  KC_SEARCH_MATCH_INITIALS,         /* xjt → 中芯集团 */
  KC_SEARCH_MATCH_PINYIN_PREFIX,    /* zhongxin, zhongx, zhxjt → 中芯集团 */
  KC_SEARCH_MATCH_SUBSTRING,        /* 集团 → 中芯集团 */
  KC_SEARCH_MATCH_PINYIN,           /* jituan → 中芯集团 */
  KC_SEARCH_MATCH_DESCRIPTION,      /* anywhere in the description */
  KC_SEARCH_N_MATCHES,
  KC_SEARCH_MATCH_NONE = 0xff
} KcSearchMatch;

/* A query as it is matched: folded like the rows (see kc_pinyin_fold():
 * case, full-width forms and white space do not matter). */
typedef struct
{
  char     *text;    /* folded, NUL-terminated */
  gsize     len;     /* bytes in @text */
  gboolean  pinyin;  /* only ASCII letters and digits: pinyin may match */
} KcSearchQuery;

void     kc_search_query_parse   (KcSearchQuery       *query,
                                  const char          *text);
void     kc_search_query_clear   (KcSearchQuery       *query);
/* TRUE if every row matching @query also matches @previous, so that
 * @previous's result can be searched instead of every row: @query's folded
 * text starts with @previous's. */
gboolean kc_search_query_refines (const KcSearchQuery *query,
                                  const KcSearchQuery *previous);

/* Text @field of @row, or NULL for none. Called from up to two threads at
 * once (for different rows) while the index is built; the string must stay
 * valid until the next call from the same thread. */
typedef const char *(*KcSearchTextFunc) (guint    row,
                                         guint    field,
                                         gpointer user_data);

typedef struct _KcSearchIndex KcSearchIndex;

/* Reads every row's name, aliases (one field; several short names may be
 * separated by ; , or 、) and description once, and keeps them folded with
 * their pinyin, in a few contiguous blocks, plus about 173 bytes a row of
 * offsets, signatures of characters, of pairs of characters and of the
 * pairs where pinyin units meet, masks of the commonest characters, of
 * the units held and of the commonest joins of two units, how the row
 * holds the commonest pairs of initials and of letters inside units, how
 * its name and first alias start, flags and sorted name lists. Pinyin
 * covers the CJK Unified Ideographs and Extension A, with the first
 * reading of each character. */
KcSearchIndex *kc_search_index_new       (guint                n_rows,
                                          KcSearchTextFunc     get_text,
                                          gpointer             user_data);
void           kc_search_index_free      (KcSearchIndex       *index);
guint          kc_search_index_get_n_rows (KcSearchIndex      *index);

/* How @row matches @query, or KC_SEARCH_MATCH_NONE; the empty query
 * matches every row exactly. */
KcSearchMatch  kc_search_index_match_row (KcSearchIndex       *index,
                                          const KcSearchQuery *query,
                                          guint                row);

/* Matches @query against every row, or only the rows in @within (sorted
 * ascending: a facet filter, or a previous result sorted by row) when it is
 * not NULL, and sets @out (a GArray of guint32) to the matching rows, best
 * first (see KcSearchMatch), ties by row. An empty query matches every row.
 * One query at a time per index; large scans use two threads. */
void           kc_search_index_query     (KcSearchIndex       *index,
                                          const char          *query,
                                          const guint32       *within,
                                          guint                n_within,
                                          GArray              *out);

/* Search as you type: remembers the results of the queries typed so far
 * (up to a dozen), so that a query that grows searches only the previous
 * result and one that shrinks back is answered from memory. */
typedef struct _KcSearchSession KcSearchSession;

KcSearchSession *kc_search_session_new        (KcSearchIndex   *index);
void             kc_search_session_free       (KcSearchSession *session);
/* Limits later queries to @rows (sorted ascending; NULL for all rows). */
void             kc_search_session_set_filter (KcSearchSession *session,
                                               const guint32   *rows,
                                               guint            n_rows);
/* The rows matching @query, best first, as kc_search_index_query() would
 * give them. Owned by the session; valid until its next call. */
const guint32   *kc_search_session_query      (KcSearchSession *session,
                                               const char      *query,
                                               guint           *n_results);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcSearchIndex, kc_search_index_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcSearchSession, kc_search_session_free)

G_END_DECLS
