/* kc-entity-model.c
 * The entities a directory shows: a list model over an array of table rows,
 * searched, filtered by facets and sorted in a worker thread. */
#define G_LOG_DOMAIN "kc-entity-model"

#include "config.h"

#include <string.h>

#if defined(__SSE2__)
# include <emmintrin.h>
# define KC_ENTITY_MODEL_SSE2 1
#else
# define KC_ENTITY_MODEL_SSE2 0
#endif

#include "kc-entity-item.h"
#include "kc-entity-model.h"
#include "kc-pinyin.h"
#include "kc-search.h"

/* Rank of an empty cell before it is placed after all values. */
#define RANK_EMPTY G_MAXUINT32
/* Sort keys keep this many bytes of pinyin and of folded text: enough to
 * order names, and a long description cannot make its key huge. */
#define SORT_KEY_PART_MAX 48
/* Runs of keys this short are sorted by comparing them. */
#define SHORT_RUN 64
/* The widest digit of the sort's radix passes. */
#define RADIX_BITS_MAX 11
/* Below this many rows, one thread makes the sort keys. */
#define PARALLEL_KEY_ROWS 65536
/* A sort of at least 1/this of the table's rows, by a column with at least
 * as many values, reads the column's whole order once instead of sorting
 * the rows it is given. */
#define ORDER_SCAN_FRACTION 2
/* The worker looks for a newer request this often while counting. */
#define COUNT_CHECK_ROWS 65536

KcEntityField
kc_entity_facet_get_field (KcEntityFacet facet)
{
  static const KcEntityField fields[KC_N_ENTITY_FACETS] = {
    KC_ENTITY_FIELD_KIND,
    KC_ENTITY_FIELD_LEVEL,
    KC_ENTITY_FIELD_INDUSTRY,
    KC_ENTITY_FIELD_TOWN,
  };

  g_return_val_if_fail (facet < KC_N_ENTITY_FACETS, KC_ENTITY_FIELD_KIND);

  return fields[facet];
}

/* ------------------------------------------------------------- the engine
 *
 * Everything the worker needs, shared by the model (main thread) and the
 * worker and indexer threads, each holding a reference: the model may go
 * away while they run. The mutex guards @request, @quit and @index; the
 * rest is the worker's alone. */

typedef struct
{
  guint64          generation;
  char            *query;
  guint            facets[KC_N_ENTITY_FACETS];
  KcEntitySortKey *keys;
  guint            n_keys;
  gboolean         count;     /* facet counts wanted too */
} Request;

typedef struct
{
  gatomicrefcount  ref_count;
  KcEntityTable   *table;
  GMainContext    *context;
  GWeakRef         model;

  GMutex           mutex;
  GCond            cond;
  Request         *request;   /* the newest one not yet taken */
  gboolean         quit;
  KcSearchIndex   *index;

  KcSearchSession *session;
  guint32        **ranks;     /* per column, NULL until a sort needs it */
  guint64        **orders;    /* per column, (rank << 32 | row) of every
                               * row by rank then row, empty cells last
                               * with rank n_ranks; NULL until needed */
  guint32         *codes[KC_N_ENTITY_FACETS];  /* per row, when needed */
  guint32         *n_ranks;   /* distinct non-empty values per column */
} Engine;

/* What the worker hands to the main thread. */
typedef struct
{
  Engine   *engine;
  guint64   generation;
  guint32  *rows;             /* NULL for facet counts */
  guint     n_rows;
  guint    *counts[KC_N_ENTITY_FACETS];
  guint     any[KC_N_ENTITY_FACETS];
} Post;

static void
request_free (Request *request)
{
  g_free (request->query);
  g_free (request->keys);
  g_free (request);
}

static Engine *
engine_ref (Engine *engine)
{
  g_atomic_ref_count_inc (&engine->ref_count);
  return engine;
}

static void
engine_unref (Engine *engine)
{
  guint n_columns;

  if (!g_atomic_ref_count_dec (&engine->ref_count))
    return;

  n_columns = kc_entity_table_get_n_columns (engine->table);
  for (guint c = 0; c < n_columns; c++)
    {
      g_free (engine->ranks[c]);
      g_free (engine->orders[c]);
    }
  g_free (engine->ranks);
  g_free (engine->orders);
  g_free (engine->n_ranks);
  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    g_free (engine->codes[f]);
  g_clear_pointer (&engine->session, kc_search_session_free);
  g_clear_pointer (&engine->index, kc_search_index_free);
  g_clear_pointer (&engine->request, request_free);
  g_mutex_clear (&engine->mutex);
  g_cond_clear (&engine->cond);
  g_weak_ref_clear (&engine->model);
  g_main_context_unref (engine->context);
  kc_entity_table_unref (engine->table);
  g_free (engine);
}

static gboolean
engine_has_newer (Engine *engine)
{
  return g_atomic_pointer_get (&engine->request) != NULL;
}

static gpointer
engine_index_thread (gpointer data)
{
  Engine *engine = data;
  KcSearchIndex *index;

  index = kc_search_index_new (kc_entity_table_get_n_rows (engine->table),
                               kc_entity_table_get_search_text, engine->table);

  g_mutex_lock (&engine->mutex);
  engine->index = index;
  g_cond_broadcast (&engine->cond);
  g_mutex_unlock (&engine->mutex);

  engine_unref (engine);
  return NULL;
}

/* Appends a text's sort key: its pinyin, then the folded text, each cut
 * short, so that 北仑 sorts with the b's and names that read the same stay
 * apart. */
static void
append_sort_key (const char *text,
                 GString    *folded,
                 GString    *key)
{
  gsize start = key->len;
  gsize len;

  g_string_truncate (folded, 0);
  kc_pinyin_fold (text, -1, folded);
  kc_pinyin_append_units (folded->str, folded->len, key, NULL, NULL);
  if (key->len - start > SORT_KEY_PART_MAX)
    g_string_truncate (key, start + SORT_KEY_PART_MAX);
  /* Below every letter and digit: a shorter reading sorts first. */
  g_string_append_c (key, '\1');
  len = MIN (folded->len, SORT_KEY_PART_MAX);
  g_string_append_len (key, folded->str, len);
  g_string_append_c (key, '\0');
}

/* Rows' sort keys, NULL for an empty cell. */
typedef struct
{
  const char **keys;
} KeyTable;

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const KeyTable *table = user_data;

  return strcmp (table->keys[*(const guint32 *) a], table->keys[*(const guint32 *) b]);
}

/* Makes the sort keys of rows [@first, @last) of a column. */
typedef struct
{
  KcEntityTable *table;
  guint          column;
  guint          first;
  guint          last;
  GString       *text;     /* the keys, NUL-separated */
  gsize         *offsets;  /* of each row's key in @text, or G_MAXSIZE */
} KeyJob;

static gpointer
key_job_run (gpointer data)
{
  KeyJob *job = data;
  g_autoptr(GString) folded = g_string_new (NULL);

  for (guint r = job->first; r < job->last; r++)
    {
      const char *cell = kc_entity_table_get (job->table, r, job->column);

      if (*cell == '\0')
        {
          job->offsets[r] = G_MAXSIZE;
          continue;
        }
      job->offsets[r] = job->text->len;
      append_sort_key (cell, folded, job->text);
    }
  return NULL;
}

/* Eight bytes of a key, as a number that sorts like them; zeros after
 * its end. */
static inline guint64
key_prefix (const char *key)
{
  guint64 prefix = 0;
  guint i = 0;

  for (; i < 8 && key[i] != '\0'; i++)
    prefix = (prefix << 8) | (guint8) key[i];
  return prefix << (8 * (8 - i));
}

typedef struct
{
  guint64 prefix;
  guint32 row;
} PrefixedRow;

/* Rows [start, end) of a sort whose keys agree on their first @depth
 * bytes. */
typedef struct
{
  guint start;
  guint end;
  guint depth;
} Run;

typedef struct
{
  const char **keys;
  guint        depth;
} SuffixTable;

static int
compare_suffixes (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const SuffixTable *table = user_data;

  return strcmp (table->keys[((const PrefixedRow *) a)->row] + table->depth,
                 table->keys[((const PrefixedRow *) b)->row] + table->depth);
}

/* Sorts by prefix, keeping the order of equal ones: a byte at a time from
 * the last, skipping the bytes that all rows share. */
static void
radix_sort_prefixes (PrefixedRow *rows,
                     guint        n)
{
  g_autofree PrefixedRow *scratch = g_new (PrefixedRow, MAX (n, 1));
  PrefixedRow *from = rows;
  PrefixedRow *to = scratch;

  for (guint shift = 0; shift < 64; shift += 8)
    {
      guint counts[256] = { 0 };
      guint sum = 0;
      PrefixedRow *swap;

      for (guint i = 0; i < n; i++)
        counts[(from[i].prefix >> shift) & 0xff]++;
      if (n == 0 || counts[(from[0].prefix >> shift) & 0xff] == n)
        continue;
      for (guint b = 0; b < 256; b++)
        {
          guint c = counts[b];

          counts[b] = sum;
          sum += c;
        }
      for (guint i = 0; i < n; i++)
        to[counts[(from[i].prefix >> shift) & 0xff]++] = from[i];
      swap = from;
      from = to;
      to = swap;
    }
  if (from != rows)
    memcpy (rows, from, n * sizeof (PrefixedRow));
}

/* Dense ranks of the values of one column: equal values, equal ranks. */
static void
engine_compute_ranks (Engine *engine,
                      guint   column)
{
  KcEntityTable *table = engine->table;
  guint n_rows = kc_entity_table_get_n_rows (table);
  guint32 *ranks = g_new (guint32, MAX (n_rows, 1));
  g_autofree gsize *offsets = NULL;
  g_autofree const char **keys = NULL;
  g_autofree PrefixedRow *order = NULL;
  g_autofree guint32 *sorted = NULL;
  KeyJob jobs[2];
  guint n_jobs = n_rows >= PARALLEL_KEY_ROWS ? 2 : 1;
  GThread *thread = NULL;
  guint n_order = 0;
  guint32 rank = 0;
  KeyTable key_table;
  g_autoptr(GArray) runs = NULL;
  guint start;

  /* An interned column ranks its few distinct values, not its rows. */
  if (kc_entity_table_column_is_interned (table, column))
    {
      guint n_values = kc_entity_table_get_n_values (table, column);
      g_autoptr(GString) folded = g_string_new (NULL);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree guint32 *codes = g_new (guint32, MAX (n_values, 1));
      g_autofree guint32 *code_ranks = g_new (guint32, MAX (n_values, 1));

      offsets = g_new (gsize, MAX (n_values, 1));
      keys = g_new (const char *, MAX (n_values, 1));
      for (guint code = 0; code < n_values; code++)
        {
          offsets[code] = text->len;
          append_sort_key (kc_entity_table_get_value (table, column, code), folded, text);
          codes[code] = code;
        }
      for (guint code = 0; code < n_values; code++)
        keys[code] = text->str + offsets[code];
      key_table.keys = keys;
      g_qsort_with_data (codes, n_values, sizeof (guint32), compare_keys, &key_table);

      for (guint i = 0; i < n_values; i++)
        code_ranks[codes[i]] = i;
      for (guint r = 0; r < n_rows; r++)
        {
          guint code = kc_entity_table_get_code (table, r, column);

          ranks[r] = code == KC_ENTITY_CODE_NONE ? RANK_EMPTY : code_ranks[code];
        }
      engine->ranks[column] = ranks;
      engine->n_ranks[column] = n_values;
      return;
    }

  /* Making the keys (folding, pinyin) is most of the work: two threads. */
  offsets = g_new (gsize, MAX (n_rows, 1));
  for (guint j = 0; j < n_jobs; j++)
    {
      jobs[j].table = table;
      jobs[j].column = column;
      jobs[j].first = (guint) ((guint64) n_rows * j / n_jobs);
      jobs[j].last = (guint) ((guint64) n_rows * (j + 1) / n_jobs);
      jobs[j].text = g_string_new (NULL);
      jobs[j].offsets = offsets;
    }
  if (n_jobs == 2)
    thread = g_thread_new ("kc-entity-sort", key_job_run, &jobs[1]);
  key_job_run (&jobs[0]);
  if (thread != NULL)
    g_thread_join (thread);

  keys = g_new (const char *, MAX (n_rows, 1));
  order = g_new (PrefixedRow, MAX (n_rows, 1));
  for (guint j = 0; j < n_jobs; j++)
    for (guint r = jobs[j].first; r < jobs[j].last; r++)
      {
        if (offsets[r] == G_MAXSIZE)
          {
            keys[r] = NULL;
            ranks[r] = RANK_EMPTY;
            continue;
          }
        keys[r] = jobs[j].text->str + offsets[r];
        order[n_order].prefix = key_prefix (keys[r]);
        order[n_order].row = r;
        n_order++;
      }

  /* By the first eight bytes, then each run of equal ones by the next
 * eight (names often share their first syllables: 宁波, 北仑), and so on;
 * short runs by comparing the rest. */
  radix_sort_prefixes (order, n_order);
  key_table.keys = keys;
  runs = g_array_new (FALSE, FALSE, sizeof (Run));
  start = 0;
  for (guint i = 1; i <= n_order; i++)
    if (i == n_order || order[i].prefix != order[start].prefix)
      {
        Run run = { start, i, 8 };

        /* A key that ended within the prefix: the run's keys are equal. */
        if (i - start > 1 && (order[start].prefix & 0xff) != 0)
          g_array_append_val (runs, run);
        start = i;
      }
  while (runs->len > 0)
    {
      Run run = g_array_index (runs, Run, runs->len - 1);

      g_array_set_size (runs, runs->len - 1);
      if (run.end - run.start < SHORT_RUN)
        {
          SuffixTable suffixes = { keys, run.depth };

          g_qsort_with_data (order + run.start, run.end - run.start, sizeof (PrefixedRow),
                             compare_suffixes, &suffixes);
          continue;
        }
      for (guint i = run.start; i < run.end; i++)
        order[i].prefix = key_prefix (keys[order[i].row] + run.depth);
      radix_sort_prefixes (order + run.start, run.end - run.start);
      start = run.start;
      for (guint i = run.start + 1; i <= run.end; i++)
        if (i == run.end || order[i].prefix != order[start].prefix)
          {
            Run next = { start, i, run.depth + 8 };

            if (i - start > 1 && (order[start].prefix & 0xff) != 0)
              g_array_append_val (runs, next);
            start = i;
          }
    }
  sorted = g_new (guint32, MAX (n_order, 1));
  for (guint i = 0; i < n_order; i++)
    sorted[i] = order[i].row;

  for (guint i = 0; i < n_order; i++)
    {
      if (i > 0 && compare_keys (&sorted[i - 1], &sorted[i], &key_table) != 0)
        rank++;
      ranks[sorted[i]] = rank;
    }
  for (guint j = 0; j < n_jobs; j++)
    g_string_free (jobs[j].text, TRUE);

  engine->ranks[column] = ranks;
  engine->n_ranks[column] = n_order > 0 ? rank + 1 : 0;
}

/* The rank a sort key orders by: 0 first, empty cells last. */
static inline guint32
sort_rank (Engine                *engine,
           const KcEntitySortKey *key,
           guint32                row)
{
  guint32 rank = engine->ranks[key->column][row];
  guint32 n = engine->n_ranks[key->column];

  if (rank == RANK_EMPTY)
    return n;
  return key->descending ? n - 1 - rank : rank;
}

/* Sorts @pairs by their high halves, none above @limit, keeping the order of
 * equal ones: as few passes as that needs, of up to 11 bits each, every
 * pass's counts from one read. Returns @pairs or @scratch, whichever holds
 * the result. */
static guint64 *
radix_sort_pairs (guint64 *pairs,
                  guint64 *scratch,
                  guint    n,
                  guint32  limit)
{
  guint bits = limit == 0 ? 0 : g_bit_storage (limit);
  guint n_passes = (bits + RADIX_BITS_MAX - 1) / RADIX_BITS_MAX;
  guint width, mask;
  g_autofree guint *counts = NULL;

  if (n_passes == 0 || n < 2)
    return pairs;
  width = (bits + n_passes - 1) / n_passes;
  mask = (1u << width) - 1;
  counts = g_new0 (guint, (gsize) n_passes << width);
  for (guint i = 0; i < n; i++)
    {
      guint32 high = pairs[i] >> 32;

      for (guint p = 0; p < n_passes; p++)
        counts[(p << width) + ((high >> (p * width)) & mask)]++;
    }
  for (guint p = 0; p < n_passes; p++)
    {
      guint *c = counts + (p << width);
      guint shift = 32 + p * width;
      guint sum = 0;
      guint64 *swap;

      if (c[(pairs[0] >> shift) & mask] == n)
        continue;
      for (guint b = 0; b <= mask; b++)
        {
          guint count = c[b];

          c[b] = sum;
          sum += count;
        }
      for (guint i = 0; i < n; i++)
        scratch[c[(pairs[i] >> shift) & mask]++] = pairs[i];
      swap = pairs;
      pairs = scratch;
      scratch = swap;
    }
  return pairs;
}

/* The column's order (see Engine), made the first time it is needed. */
static const guint64 *
engine_get_order (Engine *engine,
                  guint   column)
{
  guint n_rows = kc_entity_table_get_n_rows (engine->table);
  const guint32 *ranks = engine->ranks[column];
  guint32 n_ranks = engine->n_ranks[column];
  guint64 *pairs, *scratch, *sorted;

  if (engine->orders[column] != NULL)
    return engine->orders[column];

  pairs = g_new (guint64, MAX (n_rows, 1));
  scratch = g_new (guint64, MAX (n_rows, 1));
  for (guint r = 0; r < n_rows; r++)
    pairs[r] = ((guint64) (ranks[r] == RANK_EMPTY ? n_ranks : ranks[r]) << 32) | r;
  sorted = radix_sort_pairs (pairs, scratch, n_rows, n_ranks);
  g_free (sorted == pairs ? scratch : pairs);
  engine->orders[column] = sorted;
  return sorted;
}

typedef struct
{
  Engine                *engine;
  const KcEntitySortKey *keys;
  guint                  n_keys;
  const guint8          *segments; /* see engine_sort_by_order(), or NULL */
} SortContext;

/* By the keys after the first, then (with segments) by the input order. */
static int
compare_secondary (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const SortContext *sort = user_data;
  guint32 ra = *(const guint32 *) a;
  guint32 rb = *(const guint32 *) b;

  for (guint k = 1; k < sort->n_keys; k++)
    {
      guint32 ka = sort_rank (sort->engine, &sort->keys[k], ra);
      guint32 kb = sort_rank (sort->engine, &sort->keys[k], rb);

      if (ka != kb)
        return ka < kb ? -1 : 1;
    }
  if (sort->segments == NULL)
    return 0;
  if (sort->segments[ra] != sort->segments[rb])
    return sort->segments[ra] < sort->segments[rb] ? -1 : 1;
  return ra < rb ? -1 : ra > rb;
}

/* Sorts a run of rows equal by the first key by the others, then by the
 * input order: by insertion when short (it is usually in order already). */
static void
sort_run (guint32           *rows,
          guint              n,
          const SortContext *sort)
{
  if (n > SHORT_RUN)
    {
      g_qsort_with_data (rows, n, sizeof (guint32), compare_secondary, (gpointer) sort);
      return;
    }
  for (guint i = 1; i < n; i++)
    {
      guint32 row = rows[i];
      guint j = i;

      while (j > 0 && compare_secondary (&rows[j - 1], &row, (gpointer) sort) > 0)
        {
          rows[j] = rows[j - 1];
          j--;
        }
      rows[j] = row;
    }
}

/* Sorts each run of @rows equal by the first key (sorted by it already)
 * by the other keys. */
static void
sort_by_other_keys (guint32           *rows,
                    guint              n_rows,
                    const SortContext *sort)
{
  guint start = 0;

  if (sort->n_keys < 2)
    return;
  for (guint i = 1; i <= n_rows; i++)
    if (i == n_rows ||
        sort_rank (sort->engine, &sort->keys[0], rows[i]) != sort_rank (sort->engine, &sort->keys[0], rows[start]))
      {
        if (i - start > 1)
          sort_run (rows + start, i - start, sort);
        start = i;
      }
}

/* Where engine_sort_by_order() is in its output. */
typedef struct
{
  const guint64     *order;
  const SortContext *sort;
  const guint8      *segments;
  guint32           *out;
  guint              n_out;
  guint              group;   /* where the current group starts in out */
  guint32            rank;    /* its rank */
} OrderScan;

/* Puts the current group (equal by rank) in the input order: the first
 * SHORT_RUN rows went in by insertion, the rest need a sort. */
static void
order_scan_close_group (OrderScan *scan)
{
  if (scan->n_out - scan->group > SHORT_RUN)
    g_qsort_with_data (scan->out + scan->group, scan->n_out - scan->group, sizeof (guint32),
                       compare_secondary, (gpointer) scan->sort);
  scan->group = scan->n_out;
}

/* Keeps those of the rows at [@from, @to) of the order that are being
 * sorted; the range holds whole groups. */
static void
order_scan_keep (OrderScan *scan,
                 guint      from,
                 guint      to)
{
  for (guint p = from; p < to; p++)
    {
      guint32 row = (guint32) scan->order[p];
      guint32 rank = scan->order[p] >> 32;
      guint8 segment = scan->segments[row];
      guint i;

      if (rank != scan->rank)
        {
          order_scan_close_group (scan);
          scan->rank = rank;
        }
      if (segment == 0)
        continue;
      /* Rows come by row: only a later segment can be out of place. */
      i = scan->n_out++;
      if (i - scan->group < SHORT_RUN)
        while (i > scan->group && scan->segments[scan->out[i - 1]] > segment)
          {
            scan->out[i] = scan->out[i - 1];
            i--;
          }
      scan->out[i] = row;
    }
  order_scan_close_group (scan);
}

/* engine_sort() for many rows of a column of many values: reads the
 * column's order once, keeping the rows sorted. That is one pass over the
 * table instead of radix passes over the rows with a rank read at random
 * for each.
 *
 * Rows equal by the first key keep the input order. The input is a few
 * runs of rows each in order (the search's classes, each by row), so that
 * order is by segment (which run a row is in: a byte per row, marking the
 * rows sorted too, quicker to read than a place), then by row. Returns
 * FALSE, having sorted nothing, for more than 255 runs. */
static gboolean
engine_sort_by_order (Engine                *engine,
                      guint32               *rows,
                      guint                  n_rows,
                      const KcEntitySortKey *keys,
                      guint                  n_keys)
{
  guint n_table = kc_entity_table_get_n_rows (engine->table);
  guint32 n_ranks = engine->n_ranks[keys[0].column];
  g_autofree guint8 *segments = g_new0 (guint8, n_table);
  SortContext sort = { engine, keys, 1, segments };
  OrderScan scan = { NULL, &sort, segments, rows, 0, 0, G_MAXUINT32 };
  const guint64 *order;
  guint8 segment = 1;
  guint n_valued = n_table;

  for (guint i = 0; i < n_rows; i++)
    {
      if (i > 0 && rows[i - 1] > rows[i])
        {
          if (segment == G_MAXUINT8)
            return FALSE;
          segment++;
        }
      segments[rows[i]] = segment;
    }
  order = scan.order = engine_get_order (engine, keys[0].column);

  /* Empty cells last either way; the others by rank backwards if
   * descending, but each rank's rows still by row. */
  while (n_valued > 0 && (order[n_valued - 1] >> 32) == n_ranks)
    n_valued--;
  if (keys[0].descending)
    for (guint end = n_valued; end > 0;)
      {
        guint32 rank = order[end - 1] >> 32;
        guint first = end - 1;

        while (first > 0 && (order[first - 1] >> 32) == rank)
          first--;
        order_scan_keep (&scan, first, end);
        end = first;
      }
  else
    order_scan_keep (&scan, 0, n_valued);
  order_scan_keep (&scan, n_valued, n_table);
  g_assert (scan.n_out == n_rows);

  sort.n_keys = n_keys;
  sort_by_other_keys (rows, n_rows, &sort);
  return TRUE;
}

/* Sorts @rows by @keys, keeping their order among equals: a radix sort on
 * the first key (a few passes over the rows, however many), then each run
 * of equal first keys by the others (sort_by_other_keys()). Many rows go
 * through the column's order instead. */
static void
engine_sort (Engine                *engine,
             guint32               *rows,
             guint                  n_rows,
             const KcEntitySortKey *keys,
             guint                  n_keys)
{
  g_autofree guint64 *pairs = NULL;
  g_autofree guint64 *scratch = NULL;
  SortContext sort = { engine, keys, n_keys, NULL };
  guint64 *sorted;

  for (guint k = 0; k < n_keys; k++)
    if (engine->ranks[keys[k].column] == NULL)
      engine_compute_ranks (engine, keys[k].column);

  if (n_rows < 2)
    return;
  if (n_rows >= kc_entity_table_get_n_rows (engine->table) / ORDER_SCAN_FRACTION &&
      engine->n_ranks[keys[0].column] >= kc_entity_table_get_n_rows (engine->table) / ORDER_SCAN_FRACTION &&
      engine_sort_by_order (engine, rows, n_rows, keys, n_keys))
    return;

  /* The rank in the high half, the row in the low half. */
  pairs = g_new (guint64, n_rows);
  scratch = g_new (guint64, n_rows);
  for (guint i = 0; i < n_rows; i++)
    pairs[i] = ((guint64) sort_rank (engine, &keys[0], rows[i]) << 32) | rows[i];
  sorted = radix_sort_pairs (pairs, scratch, n_rows, engine->n_ranks[keys[0].column]);
  for (guint i = 0; i < n_rows; i++)
    rows[i] = (guint32) sorted[i];

  sort_by_other_keys (rows, n_rows, &sort);
}

static void post_free (Post *post);
static gboolean post_apply (gpointer data);

static void
engine_post (Engine *engine,
             Post   *post)
{
  GSource *source = g_idle_source_new ();

  post->engine = engine_ref (engine);
  /* Before GTK lays out and draws the next frame. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, post_apply, post, (GDestroyNotify) post_free);
  g_source_set_static_name (source, "[kc] entity model result");
  g_source_attach (source, engine->context);
  g_source_unref (source);
}

/* Each row's code in a facet's column, read once: a tight loop over an
 * array is many times faster than asking the table row by row, and the
 * worker filters and counts millions of rows a keystroke. */
static const guint32 *
engine_get_codes (Engine        *engine,
                  KcEntityFacet  facet)
{
  KcEntityTable *table = engine->table;
  guint column = kc_entity_facet_get_field (facet);
  guint n_rows = kc_entity_table_get_n_rows (table);

  if (engine->codes[facet] == NULL)
    {
      guint32 *codes = g_new (guint32, MAX (n_rows, 1));

      for (guint r = 0; r < n_rows; r++)
        codes[r] = kc_entity_table_get_code (table, r, column);
      engine->codes[facet] = codes;
    }
  return engine->codes[facet];
}

/* Counts, for every facet, the values among @base (or all rows) that pass
 * the other facets. Returns FALSE when a newer request cut it short. */
static gboolean
engine_count (Engine        *engine,
              const Request *request,
              const guint32 *base,
              guint          n_base,
              Post          *post)
{
  KcEntityTable *table = engine->table;
  const guint32 *codes[KC_N_ENTITY_FACETS];
  guint n_values[KC_N_ENTITY_FACETS];

  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    {
      n_values[f] = kc_entity_table_get_n_values (table, kc_entity_facet_get_field (f));
      post->counts[f] = g_new0 (guint, MAX (n_values[f], 1));
      codes[f] = engine_get_codes (engine, f);
    }

  for (guint i = 0; i < n_base; i++)
    {
      guint32 row = base != NULL ? base[i] : i;
      guint failed = KC_N_ENTITY_FACETS;
      guint n_failed = 0;

      if (i % COUNT_CHECK_ROWS == COUNT_CHECK_ROWS - 1 && engine_has_newer (engine))
        return FALSE;

      for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
        if (request->facets[f] != KC_ENTITY_CODE_NONE && codes[f][row] != request->facets[f])
          {
            failed = f;
            n_failed++;
          }
      if (n_failed > 1)
        continue;
      for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
        if (n_failed == 0 || f == failed)
          {
            guint code = codes[f][row];

            post->any[f]++;
            if (code != KC_ENTITY_CODE_NONE)
              post->counts[f][code]++;
          }
    }
  return TRUE;
}

static void
engine_run (Engine  *engine,
            Request *request)
{
  KcEntityTable *table = engine->table;
  const guint32 *base = NULL;
  guint n_base = kc_entity_table_get_n_rows (table);
  const guint32 *codes[KC_N_ENTITY_FACETS];
  guint chosen[KC_N_ENTITY_FACETS];
  guint n_facets = 0;
  Post *post;

  if (request->query[0] != '\0')
    {
      g_mutex_lock (&engine->mutex);
      while (engine->index == NULL && !engine->quit)
        g_cond_wait (&engine->cond, &engine->mutex);
      g_mutex_unlock (&engine->mutex);
      if (engine->index == NULL)
        return;

      if (engine->session == NULL)
        engine->session = kc_search_session_new (engine->index);
      base = kc_search_session_query (engine->session, request->query, &n_base);
    }

  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    if (request->facets[f] != KC_ENTITY_CODE_NONE)
      {
        codes[n_facets] = engine_get_codes (engine, f);
        chosen[n_facets] = request->facets[f];
        n_facets++;
      }

  post = g_new0 (Post, 1);
  post->generation = request->generation;
  post->rows = g_new (guint32, MAX (n_base, 1));
  if (base != NULL && n_facets == 0)
    {
      memcpy (post->rows, base, n_base * sizeof (guint32));
      post->n_rows = n_base;
    }
  else
    {
      for (guint i = 0; i < n_base; i++)
        {
          guint32 row = base != NULL ? base[i] : i;
          guint f = 0;

          while (f < n_facets && codes[f][row] == chosen[f])
            f++;
          if (f == n_facets)
            post->rows[post->n_rows++] = row;
        }
    }

  if (request->n_keys > 0)
    engine_sort (engine, post->rows, post->n_rows, request->keys, request->n_keys);
  engine_post (engine, post);

  /* The counts are not needed to show the rows: they come second, only
   * while someone looks at them, and give way to the next keystroke. */
  if (!request->count || engine_has_newer (engine))
    return;
  post = g_new0 (Post, 1);
  post->generation = request->generation;
  if (engine_count (engine, request, base, n_base, post))
    engine_post (engine, post);
  else
    post_free (post);
}

static gpointer
engine_worker_thread (gpointer data)
{
  Engine *engine = data;

  for (;;)
    {
      Request *request;

      g_mutex_lock (&engine->mutex);
      while (engine->request == NULL && !engine->quit)
        g_cond_wait (&engine->cond, &engine->mutex);
      request = engine->request;
      g_atomic_pointer_set (&engine->request, NULL);
      if (engine->quit)
        {
          g_mutex_unlock (&engine->mutex);
          g_clear_pointer (&request, request_free);
          break;
        }
      g_mutex_unlock (&engine->mutex);

      engine_run (engine, request);
      request_free (request);
    }

  engine_unref (engine);
  return NULL;
}

static Engine *
engine_new (KcEntityTable *table,
            GObject       *model)
{
  Engine *engine = g_new0 (Engine, 1);
  guint n_columns = kc_entity_table_get_n_columns (table);

  g_atomic_ref_count_init (&engine->ref_count);
  engine->table = kc_entity_table_ref (table);
  engine->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&engine->model, model);
  g_mutex_init (&engine->mutex);
  g_cond_init (&engine->cond);
  engine->ranks = g_new0 (guint32 *, n_columns);
  engine->orders = g_new0 (guint64 *, n_columns);
  engine->n_ranks = g_new0 (guint32, n_columns);

  /* Each thread holds a reference and ends by itself. */
  g_thread_unref (g_thread_new ("kc-entity-index", engine_index_thread, engine_ref (engine)));
  g_thread_unref (g_thread_new ("kc-entity-model", engine_worker_thread, engine_ref (engine)));
  return engine;
}

static void
engine_submit (Engine  *engine,
               Request *request)
{
  g_mutex_lock (&engine->mutex);
  /* A request not yet taken is stale now. */
  g_clear_pointer (&engine->request, request_free);
  g_atomic_pointer_set (&engine->request, request);
  g_cond_broadcast (&engine->cond);
  g_mutex_unlock (&engine->mutex);
}

static void
engine_quit (Engine *engine)
{
  g_mutex_lock (&engine->mutex);
  engine->quit = TRUE;
  g_cond_broadcast (&engine->cond);
  g_mutex_unlock (&engine->mutex);
  engine_unref (engine);
}

/* -------------------------------------------------------------- the model */

struct _KcEntityModel
{
  GObject          parent_instance;

  KcEntityTable   *table;
  Engine          *engine;

  guint32         *rows;
  guint            n_rows;

  char            *query;
  guint            facets[KC_N_ENTITY_FACETS];
  GArray          *keys;        /* KcEntitySortKey */
  guint64          generation;  /* of the newest request */
  gboolean         pending;
  GSource         *submit_source;  /* a request to make, or NULL */
  gboolean         counts_wanted;
  GHashTable      *slots;          /* position + 1 → its KcEntityItem, weak */

  guint           *counts[KC_N_ENTITY_FACETS];
  guint            any[KC_N_ENTITY_FACETS];
};

static void kc_entity_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KcEntityModel, kc_entity_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kc_entity_model_list_model_init))

enum
{
  PROP_0,
  PROP_PENDING,
  PROP_N_ITEMS,
  N_PROPS
};

enum
{
  FACET_COUNTS_CHANGED,
  RESULT_WILL_CHANGE,
  RESULT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
kc_entity_model_get_item_type (GListModel *model)
{
  return KC_TYPE_ENTITY_ITEM;
}

static guint
kc_entity_model_get_n_items (GListModel *model)
{
  return KC_ENTITY_MODEL (model)->n_rows;
}

static void
slot_finalized (gpointer  data,
                GObject  *item)
{
  KcEntityModel *self = data;

  g_hash_table_remove (self->slots, g_object_get_data (item, "kc-position"));
}

/* The item of a position is the same object for as long as anyone holds
 * it (the rows on screen do); a new result gives it a new row. */
static gpointer
kc_entity_model_get_item (GListModel *model,
                          guint       position)
{
  KcEntityModel *self = KC_ENTITY_MODEL (model);
  gpointer key = GUINT_TO_POINTER (position + 1);
  KcEntityItem *item;

  if (position >= self->n_rows)
    return NULL;

  item = g_hash_table_lookup (self->slots, key);
  if (item != NULL)
    return g_object_ref (item);

  item = kc_entity_item_new (self->table, self->rows[position]);
  g_object_set_data (G_OBJECT (item), "kc-position", key);
  g_object_weak_ref (G_OBJECT (item), slot_finalized, self);
  g_hash_table_insert (self->slots, key, item);
  return item;
}

static void
kc_entity_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kc_entity_model_get_item_type;
  iface->get_n_items = kc_entity_model_get_n_items;
  iface->get_item = kc_entity_model_get_item;
}

static void
post_free (Post *post)
{
  g_free (post->rows);
  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    g_free (post->counts[f]);
  g_clear_pointer (&post->engine, engine_unref);
  g_free (post);
}

static void
kc_entity_model_set_pending (KcEntityModel *self,
                             gboolean       pending)
{
  if (self->pending == pending)
    return;

  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static gboolean
post_apply (gpointer data)
{
  Post *post = data;
  g_autoptr(KcEntityModel) self = g_weak_ref_get (&post->engine->model);

  if (self == NULL || self->engine != post->engine)
    return G_SOURCE_REMOVE;

  if (post->rows == NULL)
    {
      /* Counts of an older request would not match the rows shown. */
      if (post->generation != self->generation)
        return G_SOURCE_REMOVE;
      for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
        {
          g_free (self->counts[f]);
          self->counts[f] = g_steal_pointer (&post->counts[f]);
          self->any[f] = post->any[f];
        }
      g_signal_emit (self, signals[FACET_COUNTS_CHANGED], 0);
      return G_SOURCE_REMOVE;
    }

  if (post->n_rows != self->n_rows ||
      memcmp (post->rows, self->rows, self->n_rows * sizeof (guint32)) != 0)
    {
      guint removed = self->n_rows;

      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
      GHashTableIter iter;
      gpointer key;
      gpointer item;

      g_signal_emit (self, signals[RESULT_WILL_CHANGE], 0, post->n_rows);
      g_free (self->rows);
      self->rows = g_steal_pointer (&post->rows);
      self->n_rows = post->n_rows;

      /* The items on screen stay, showing their position's new row, and
       * only the difference in length is an items-changed. GTK 4.8 keeps
       * 200 rows of widgets alive: replacing every item would destroy and
       * make them all again (tens of ms a keystroke), and a single
       * items-changed that removed and added everything would make GTK
       * look for each removed row it tracks (anchor, focus) among all the
       * added items, making every one of them. */
      g_hash_table_iter_init (&iter, self->slots);
      while (g_hash_table_iter_next (&iter, &key, &item))
        if (GPOINTER_TO_UINT (key) - 1 < self->n_rows)
          g_ptr_array_add (items, g_object_ref (item));
      /* Held meanwhile: a handler of the notification may drop the last
       * other reference, which would change the table being walked. */
      for (guint i = 0; i < items->len; i++)
        {
          KcEntityItem *slot = g_ptr_array_index (items, i);
          guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (slot), "kc-position")) - 1;

          kc_entity_item_set_row (slot, self->rows[position]);
        }
      if (removed > self->n_rows)
        g_list_model_items_changed (G_LIST_MODEL (self), self->n_rows, removed - self->n_rows, 0);
      else if (self->n_rows > removed)
        g_list_model_items_changed (G_LIST_MODEL (self), removed, 0, self->n_rows - removed);
      if (removed != self->n_rows)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
      g_signal_emit (self, signals[RESULT_CHANGED], 0);
    }

  if (post->generation == self->generation)
    kc_entity_model_set_pending (self, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
kc_entity_model_submit (gpointer data)
{
  KcEntityModel *self = data;
  Request *request = g_new0 (Request, 1);

  g_clear_pointer (&self->submit_source, g_source_unref);

  request->generation = ++self->generation;
  request->query = g_strdup (self->query);
  memcpy (request->facets, self->facets, sizeof self->facets);
  request->n_keys = self->keys->len;
  request->keys = g_memdup2 (self->keys->data, self->keys->len * sizeof (KcEntitySortKey));
  request->count = self->counts_wanted;

  engine_submit (self->engine, request);
  return G_SOURCE_REMOVE;
}

/* Changes made in one main-loop turn make one request: replacing the text
 * of an entry, for one, changes it twice (to "", then to the new text). */
static void
kc_entity_model_request (KcEntityModel *self)
{
  if (self->submit_source == NULL)
    {
      self->submit_source = g_idle_source_new ();
      g_source_set_priority (self->submit_source, G_PRIORITY_HIGH);
      g_source_set_callback (self->submit_source, kc_entity_model_submit, self, NULL);
      g_source_set_static_name (self->submit_source, "[kc] entity model request");
      g_source_attach (self->submit_source, self->engine->context);
    }
  kc_entity_model_set_pending (self, TRUE);
}

KcEntityModel *
kc_entity_model_new (KcEntityTable *table)
{
  KcEntityModel *self;
  guint n_rows;

  g_return_val_if_fail (table != NULL, NULL);

  self = g_object_new (KC_TYPE_ENTITY_MODEL, NULL);
  self->table = kc_entity_table_ref (table);
  self->engine = engine_new (table, G_OBJECT (self));

  n_rows = kc_entity_table_get_n_rows (table);
  self->rows = g_new (guint32, MAX (n_rows, 1));
  for (guint r = 0; r < n_rows; r++)
    self->rows[r] = r;
  self->n_rows = n_rows;

  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    {
      guint column = kc_entity_facet_get_field (f);
      guint n_values = kc_entity_table_get_n_values (table, column);

      self->counts[f] = g_new0 (guint, MAX (n_values, 1));
      for (guint code = 0; code < n_values; code++)
        self->counts[f][code] = kc_entity_table_get_value_count (table, column, code);
      self->any[f] = n_rows;
    }

  return self;
}

KcEntityTable *
kc_entity_model_get_table (KcEntityModel *self)
{
  g_return_val_if_fail (KC_IS_ENTITY_MODEL (self), NULL);

  return self->table;
}

const guint32 *
kc_entity_model_get_rows (KcEntityModel *self,
                          guint         *n_rows)
{
  g_return_val_if_fail (KC_IS_ENTITY_MODEL (self), NULL);
  g_return_val_if_fail (n_rows != NULL, NULL);

  *n_rows = self->n_rows;
  return self->rows;
}

guint
kc_entity_model_get_row (KcEntityModel *self,
                         guint          position)
{
  g_return_val_if_fail (KC_IS_ENTITY_MODEL (self), 0);
  g_return_val_if_fail (position < self->n_rows, 0);

  return self->rows[position];
}

guint
kc_entity_model_find_row (KcEntityModel *self,
                          guint          row)
{
  const guint32 *rows;
  guint n;
  guint i = 0;

  g_return_val_if_fail (KC_IS_ENTITY_MODEL (self), G_MAXUINT);

  rows = self->rows;
  n = self->n_rows;
#if KC_ENTITY_MODEL_SSE2
  /* On the main thread after each result, over up to every row: sixteen
   * rows compared at once. */
  {
    const __m128i wanted = _mm_set1_epi32 ((int) row);

    for (; i + 16 <= n; i += 16)
      {
        const __m128i *p = (const __m128i *) (gconstpointer) (rows + i);
        __m128i a = _mm_cmpeq_epi32 (_mm_loadu_si128 (p), wanted);
        __m128i b = _mm_cmpeq_epi32 (_mm_loadu_si128 (p + 1), wanted);
        __m128i c = _mm_cmpeq_epi32 (_mm_loadu_si128 (p + 2), wanted);
        __m128i d = _mm_cmpeq_epi32 (_mm_loadu_si128 (p + 3), wanted);

        if (_mm_movemask_epi8 (_mm_or_si128 (_mm_or_si128 (a, b), _mm_or_si128 (c, d))) != 0)
          break;
      }
  }
#endif
  for (; i < n; i++)
    if (rows[i] == row)
      return i;
  return G_MAXUINT;
}

void
kc_entity_model_set_query (KcEntityModel *self,
                           const char    *query)
{
  g_return_if_fail (KC_IS_ENTITY_MODEL (self));

  if (query == NULL)
    query = "";
  if (g_strcmp0 (self->query, query) == 0)
    return;

  g_free (self->query);
  self->query = g_strdup (query);
  kc_entity_model_request (self);
}

const char *
kc_entity_model_get_query (KcEntityModel *self)
{
  g_return_val_if_fail (KC_IS_ENTITY_MODEL (self), NULL);

  return self->query;
}

void
kc_entity_model_set_facet (KcEntityModel *self,
                           KcEntityFacet  facet,
                           guint          code)
{
  g_return_if_fail (KC_IS_ENTITY_MODEL (self));
  g_return_if_fail (facet < KC_N_ENTITY_FACETS);
  g_return_if_fail (code == KC_ENTITY_CODE_NONE ||
                    code < kc_entity_table_get_n_values (self->table,
                                                         kc_entity_facet_get_field (facet)));

  if (self->facets[facet] == code)
    return;

  self->facets[facet] = code;
  kc_entity_model_request (self);
}

guint
kc_entity_model_get_facet (KcEntityModel *self,
                           KcEntityFacet  facet)
{
  g_return_val_if_fail (KC_IS_ENTITY_MODEL (self), KC_ENTITY_CODE_NONE);
  g_return_val_if_fail (facet < KC_N_ENTITY_FACETS, KC_ENTITY_CODE_NONE);

  return self->facets[facet];
}

void
kc_entity_model_set_sort (KcEntityModel         *self,
                          const KcEntitySortKey *keys,
                          guint                  n_keys)
{
  guint n_columns;

  g_return_if_fail (KC_IS_ENTITY_MODEL (self));
  g_return_if_fail (keys != NULL || n_keys == 0);

  n_columns = kc_entity_table_get_n_columns (self->table);
  for (guint k = 0; k < n_keys; k++)
    g_return_if_fail (keys[k].column < n_columns);

  if (self->keys->len == n_keys &&
      (n_keys == 0 || memcmp (self->keys->data, keys, n_keys * sizeof (KcEntitySortKey)) == 0))
    return;

  g_array_set_size (self->keys, 0);
  g_array_append_vals (self->keys, keys, n_keys);
  kc_entity_model_request (self);
}

void
kc_entity_model_set_counts_wanted (KcEntityModel *self,
                                   gboolean       wanted)
{
  g_return_if_fail (KC_IS_ENTITY_MODEL (self));

  if (self->counts_wanted == !!wanted)
    return;

  self->counts_wanted = !!wanted;
  if (wanted)
    kc_entity_model_request (self);
}

gboolean
kc_entity_model_get_pending (KcEntityModel *self)
{
  g_return_val_if_fail (KC_IS_ENTITY_MODEL (self), FALSE);

  return self->pending;
}

guint
kc_entity_model_get_facet_count (KcEntityModel *self,
                                 KcEntityFacet  facet,
                                 guint          code)
{
  g_return_val_if_fail (KC_IS_ENTITY_MODEL (self), 0);
  g_return_val_if_fail (facet < KC_N_ENTITY_FACETS, 0);
  g_return_val_if_fail (code < kc_entity_table_get_n_values (self->table,
                                                             kc_entity_facet_get_field (facet)), 0);

  return self->counts[facet][code];
}

guint
kc_entity_model_get_facet_any (KcEntityModel *self,
                               KcEntityFacet  facet)
{
  g_return_val_if_fail (KC_IS_ENTITY_MODEL (self), 0);
  g_return_val_if_fail (facet < KC_N_ENTITY_FACETS, 0);

  return self->any[facet];
}

static void
kc_entity_model_finalize (GObject *object)
{
  KcEntityModel *self = KC_ENTITY_MODEL (object);

  if (self->submit_source != NULL)
    {
      g_source_destroy (self->submit_source);
      g_clear_pointer (&self->submit_source, g_source_unref);
    }
  {
    GHashTableIter iter;
    gpointer item;

    g_hash_table_iter_init (&iter, self->slots);
    while (g_hash_table_iter_next (&iter, NULL, &item))
      g_object_weak_unref (item, slot_finalized, self);
    g_hash_table_unref (self->slots);
  }
  if (self->engine != NULL)
    engine_quit (self->engine);
  g_clear_pointer (&self->table, kc_entity_table_unref);
  g_free (self->rows);
  g_free (self->query);
  g_array_unref (self->keys);
  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    g_free (self->counts[f]);

  G_OBJECT_CLASS (kc_entity_model_parent_class)->finalize (object);
}

static void
kc_entity_model_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KcEntityModel *self = KC_ENTITY_MODEL (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, self->pending);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_rows);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_entity_model_class_init (KcEntityModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kc_entity_model_finalize;
  object_class->get_property = kc_entity_model_get_property;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted before the rows are replaced, while the old ones are still
   * shown: GtkSingleSelection looks for its selected item among all the
   * added items (making each one) when it is among the removed ones, so a
   * selection is better dropped first, and restored on result-changed. */
  signals[RESULT_WILL_CHANGE] =
    g_signal_new ("result-will-change",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[RESULT_CHANGED] =
    g_signal_new ("result-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[FACET_COUNTS_CHANGED] =
    g_signal_new ("facet-counts-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
kc_entity_model_init (KcEntityModel *self)
{
  self->query = g_strdup ("");
  self->slots = g_hash_table_new (NULL, NULL);
  self->keys = g_array_new (FALSE, FALSE, sizeof (KcEntitySortKey));
  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    self->facets[f] = KC_ENTITY_CODE_NONE;
}

/* --------------------------------------------------------- sticky list */

struct _KcEntityStickyList
{
  GObject        parent_instance;

  KcEntityModel *model;
  guint          n_items;
  guint32       *kept_rows;  /* while the model is empty, else NULL */
};

static void kc_entity_sticky_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KcEntityStickyList, kc_entity_sticky_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kc_entity_sticky_list_list_model_init))

static GType
kc_entity_sticky_list_get_item_type (GListModel *list)
{
  return KC_TYPE_ENTITY_ITEM;
}

static guint
kc_entity_sticky_list_get_n_items (GListModel *list)
{
  return KC_ENTITY_STICKY_LIST (list)->n_items;
}

static gpointer
kc_entity_sticky_list_get_item (GListModel *list,
                                guint       position)
{
  KcEntityStickyList *self = KC_ENTITY_STICKY_LIST (list);

  if (self->kept_rows == NULL)
    return g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (position >= self->n_items)
    return NULL;
  return kc_entity_item_new (self->model->table, self->kept_rows[position]);
}

static void
kc_entity_sticky_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kc_entity_sticky_list_get_item_type;
  iface->get_n_items = kc_entity_sticky_list_get_n_items;
  iface->get_item = kc_entity_sticky_list_get_item;
}

static void
on_sticky_result_will_change (KcEntityStickyList *self,
                              guint               n_new)
{
  /* The rows the list keeps showing, for whoever asks for their items. */
  if (n_new == 0 && self->kept_rows == NULL && self->model->n_rows > 0)
    self->kept_rows = g_memdup2 (self->model->rows, self->model->n_rows * sizeof (guint32));
}

static void
on_sticky_items_changed (KcEntityStickyList *self,
                         guint               position,
                         guint               removed,
                         guint               added)
{
  guint n_old = self->n_items;
  guint n_new = self->model->n_rows;

  if (self->kept_rows == NULL)
    {
      self->n_items = n_new;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }
  /* Still empty: keep the rows. */
  if (n_new == 0)
    return;

  /* The model's items on screen have their new rows already: only the
   * length changes, as in the model. */
  g_clear_pointer (&self->kept_rows, g_free);
  self->n_items = n_new;
  if (n_old > n_new)
    g_list_model_items_changed (G_LIST_MODEL (self), n_new, n_old - n_new, 0);
  else if (n_new > n_old)
    g_list_model_items_changed (G_LIST_MODEL (self), n_old, 0, n_new - n_old);
}

GListModel *
kc_entity_sticky_list_new (KcEntityModel *model)
{
  KcEntityStickyList *self;

  g_return_val_if_fail (KC_IS_ENTITY_MODEL (model), NULL);

  self = g_object_new (KC_TYPE_ENTITY_STICKY_LIST, NULL);
  self->model = g_object_ref (model);
  self->n_items = model->n_rows;
  g_signal_connect_object (model, "result-will-change",
                           G_CALLBACK (on_sticky_result_will_change), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "items-changed",
                           G_CALLBACK (on_sticky_items_changed), self, G_CONNECT_SWAPPED);
  return G_LIST_MODEL (self);
}

gboolean
kc_entity_sticky_list_get_keeping (KcEntityStickyList *self)
{
  g_return_val_if_fail (KC_IS_ENTITY_STICKY_LIST (self), FALSE);

  return self->kept_rows != NULL;
}

static void
kc_entity_sticky_list_finalize (GObject *object)
{
  KcEntityStickyList *self = KC_ENTITY_STICKY_LIST (object);

  g_clear_object (&self->model);
  g_free (self->kept_rows);

  G_OBJECT_CLASS (kc_entity_sticky_list_parent_class)->finalize (object);
}

static void
kc_entity_sticky_list_class_init (KcEntityStickyListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kc_entity_sticky_list_finalize;
}

static void
kc_entity_sticky_list_init (KcEntityStickyList *self)
{
}
