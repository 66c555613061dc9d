/* kc-search.c
 * Search index: folded names, aliases and descriptions with their pinyin,
 * kept in contiguous blocks and scanned sixteen bytes at a time. */
#define G_LOG_DOMAIN "kc-search"

#include "config.h"

#include <string.h>

#if defined(__SSE2__)
# include <emmintrin.h>
# define KC_SEARCH_SSE2 1
#else
# define KC_SEARCH_SSE2 0
#endif

#include "kc-pinyin.h"
#include "kc-search.h"

/* How a query runs. The rows are split into shards (two, one for each
 * thread), and a shard keeps each key of its rows (below) in one block,
 * a 64-bit signature of the characters of each key, and its rows sorted
 * by name, alias, name initials and name pinyin. The rows whose name or
 * alias starts with the query come from binary searches in the sorted
 * lists; then each match class, best first, is looked for only in the
 * rows that can still get it: by streaming a whole key sixteen bytes at a
 * time, or, when the signatures leave few rows, by reading those alone.
 *
 * The keys kept for each row. Parts (the name, then each alias) are
 * separated by SEP in the name, initials, pinyin and lengths keys; the
 * initials and lengths keys have one byte per unit, so their parts line up
 * byte for byte. Every row ends with a NUL, which no query contains, so a
 * match never runs from one row into the next. */
enum
{
  KEY_NAMES,        /* folded name and aliases */
  KEY_INITIALS,     /* first letter of each unit */
  KEY_PINYIN,       /* units concatenated */
  KEY_LENGTHS,      /* length of each unit, 1–6; rows as in KEY_INITIALS */
  KEY_DESCRIPTION,  /* folded description */
  N_KEYS
};

#define SEP ((guint8) KC_PINYIN_PART_SEPARATOR)

/* A shard's keys are addressed with 32-bit offsets; keep them well below
 * what a GByteArray can hold. */
#define SHARD_MAX_BYTES ((gsize) 1 << 30)
/* Only this much of one text is searchable; the loader rejects longer
 * fields long before. */
#define TEXT_MAX_BYTES ((gsize) 16 << 20)
/* Zeroed bytes after each key, so that sixteen-byte loads near its end
 * stay inside the allocation. */
#define KEY_PADDING 32
/* Below this many rows, a second thread costs more than it saves. */
#define PARALLEL_MIN_ROWS 32768
/* Abbreviated pinyin is matched with a 64-bit set of query positions. */
#define ABBREVIATED_MAX_LEN 63

/* In the per-row class array of a scan: a row outside @within. */
#define EXCLUDED ((guint8) 0xfe)
#define NONE ((guint8) KC_SEARCH_MATCH_NONE)

/* Signatures: which characters a row's key holds, one bit for each
 * letter and digit and one of SIG_HASH_BITS bits for any other non-ASCII
 * character. A query only matches where all its bits are, which rules
 * out most rows before their text is read. Chinese queries on names get
 * a second signature, whose other characters spread over all 64 bits. */
enum
{
  SIG_NAMES,
  SIG_NAMES_SPREAD,
  SIG_INITIALS,      /* also the letters starting a part, PART_START_SHIFT up */
  SIG_PINYIN,
  SIG_DESCRIPTION,
  N_SIGS
};

#define SIG_ALNUM_BITS 36
#define SIG_HASH_BITS (64 - SIG_ALNUM_BITS)
#define PART_START_SHIFT SIG_ALNUM_BITS

/* Parts of a key in sorted order, so that the rows with a part starting
 * with the query are one binary search away: with many of them (all the
 * 宁波… of a district), much cheaper than reading every row. */
enum
{
  SORTED_NAMES,      /* names */
  SORTED_ALIASES,    /* aliases */
  SORTED_INITIALS,   /* initials of the names */
  SORTED_PINYIN,     /* pinyin of the names */
  N_SORTED
};

typedef struct
{
  guint    n;
  guint32 *rows;     /* local rows */
  guint32 *starts;   /* where each part starts in the key; NULL: at the row's start */
} SortedParts;

typedef struct
{
  guint8  *data;        /* row r is data[offsets[r]] up to a NUL */
  gsize    len;
  guint32 *offsets;     /* n_rows + 1; NULL for KEY_LENGTHS */
  guint64  histogram[256];
} Key;

typedef struct
{
  guint    first_row;
  guint    n_rows;
  Key      keys[N_KEYS];
  guint64 *sigs[N_SIGS];      /* per row */
  SortedParts sorted[N_SORTED];
} Shard;

struct _KcSearchIndex
{
  guint      n_rows;
  GPtrArray *shards;    /* Shard *, in row order */
};

/* The query as one shard sees it: the two bytes of it that are rarest in
 * each key are the ones compared first. */
typedef struct
{
  const guint8 *text;
  gsize         len;
  gboolean      pinyin;
  guint64       signatures[N_SIGS];
  gsize         probes[N_KEYS][2];
} Needle;

static inline guint64
letter_bit (guint8 b)
{
  return b >= 'a' && b <= 'z' ? (guint64) 1 << (b - 'a') : 0;
}

static inline guint64
char_signature (gunichar c,
                gboolean spread)
{
  guint32 hash;

  if (c < 0x80)
    {
      if (c >= '0' && c <= '9')
        return (guint64) 1 << (26 + c - '0');
      return letter_bit ((guint8) c);
    }
  hash = c * 2654435761u;
  if (spread)
    return (guint64) 1 << (hash >> 26);
  return (guint64) 1 << (SIG_ALNUM_BITS + (hash >> 16) % SIG_HASH_BITS);
}

/* Of valid UTF-8, as folding leaves it: both layouts at once. */
static void
signatures_of (const char *text,
               gsize       len,
               guint64    *signature,
               guint64    *spread)
{
  const char *end = text + len;

  *signature = 0;
  *spread = 0;
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (guchar) *p : g_utf8_get_char (p);

      *signature |= char_signature (c, FALSE);
      *spread |= char_signature (c, TRUE);
    }
}

static guint64
signature_of (const char *text,
              gsize       len)
{
  guint64 signature;
  guint64 spread;

  signatures_of (text, len, &signature, &spread);
  return signature;
}

/* ---------------------------------------------------------------- query */

void
kc_search_query_parse (KcSearchQuery *query,
                       const char    *text)
{
  GString *folded = g_string_new (NULL);

  g_return_if_fail (query != NULL);

  kc_pinyin_fold (text, -1, folded);
  query->len = folded->len;
  query->pinyin = folded->len > 0;
  for (gsize i = 0; i < folded->len; i++)
    {
      char c = folded->str[i];

      if (!g_ascii_islower (c) && !g_ascii_isdigit (c))
        {
          query->pinyin = FALSE;
          break;
        }
    }
  query->text = g_string_free (folded, FALSE);
}

void
kc_search_query_clear (KcSearchQuery *query)
{
  g_return_if_fail (query != NULL);

  g_clear_pointer (&query->text, g_free);
  query->len = 0;
  query->pinyin = FALSE;
}

gboolean
kc_search_query_refines (const KcSearchQuery *query,
                         const KcSearchQuery *previous)
{
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (previous != NULL, FALSE);

  /* Every match class is kept when the query grows at its end: an exact
   * match becomes a prefix of the shorter query, a prefix stays one, and
   * an abbreviation stays an abbreviation. */
  return previous->len <= query->len &&
         memcmp (previous->text, query->text, previous->len) == 0;
}

/* ------------------------------------------------------------- building */

typedef struct
{
  GByteArray *data;
  GArray     *offsets;
} KeyBuilder;

typedef struct
{
  KeyBuilder  keys[N_KEYS];
  GArray     *sigs[N_SIGS];
} ShardBuilder;

typedef struct
{
  KcSearchTextFunc  get_text;
  gpointer          user_data;
  guint             first;
  guint             last;
  GPtrArray        *shards;      /* out */
} BuildJob;

static const char *
capped_text (const char *text,
             gsize      *len)
{
  if (text == NULL)
    {
      *len = 0;
      return "";
    }
  *len = strnlen (text, TEXT_MAX_BYTES);
  return text;
}

static void
shard_free (gpointer data)
{
  Shard *shard = data;

  for (guint k = 0; k < N_KEYS; k++)
    {
      g_free (shard->keys[k].data);
      g_free (shard->keys[k].offsets);
    }
  for (guint i = 0; i < N_SIGS; i++)
    g_free (shard->sigs[i]);
  for (guint i = 0; i < N_SORTED; i++)
    {
      g_free (shard->sorted[i].rows);
      g_free (shard->sorted[i].starts);
    }
  g_free (shard);
}

static gpointer
steal_array (GArray *array)
{
  gsize n;
  gpointer data = g_array_steal (array, &n);

  return g_realloc_n (data, MAX (n, 1), g_array_get_element_size (array));
}

static const guint sorted_keys[N_SORTED] = { KEY_NAMES, KEY_NAMES, KEY_INITIALS, KEY_PINYIN };

/* A part while sorting. Its head, the first 16 bytes big-endian with 0
 * past the end, orders most parts without reading the key. */
typedef struct
{
  guint64 head[2];
  guint32 row;
  guint32 start;
} PartRef;

static PartRef
part_ref (const guint8 *data,
          guint32       row,
          guint32       start)
{
  PartRef ref = { { 0, 0 }, row, start };
  gboolean ended = FALSE;

  for (guint i = 0; i < 16; i++)
    {
      ended = ended || data[start + i] == '\0' || data[start + i] == SEP;
      ref.head[i / 8] = (ref.head[i / 8] << 8) | (ended ? 0 : data[start + i]);
    }
  return ref;
}

/* Orders parts as strings that end at SEP or NUL. */
static int
compare_parts (const guint8 *a,
               const guint8 *b)
{
  for (;; a++, b++)
    {
      guint8 x = *a == SEP ? 0 : *a;
      guint8 y = *b == SEP ? 0 : *b;

      if (x != y || x == 0)
        return (int) x - (int) y;
    }
}

static int
compare_part_refs (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const guint8 *data = user_data;
  const PartRef *x = a;
  const PartRef *y = b;
  int c = 0;

  for (guint i = 0; i < 2; i++)
    if (x->head[i] != y->head[i])
      return x->head[i] < y->head[i] ? -1 : 1;
  /* Equal heads: the rest, unless both ended within them. */
  if ((x->head[1] & 0xff) != 0)
    c = compare_parts (data + x->start + 16, data + y->start + 16);

  /* Ties by row, so that the order does not depend on the sort. */
  if (c == 0)
    return x->row < y->row ? -1 : x->row > y->row;
  return c;
}

static void
shard_sort (Shard *shard)
{
  for (guint i = 0; i < N_SORTED; i++)
    {
      const Key *key = &shard->keys[sorted_keys[i]];
      SortedParts *sorted = &shard->sorted[i];
      GArray *refs = g_array_sized_new (FALSE, FALSE, sizeof (PartRef), shard->n_rows);

      for (guint local = 0; local < shard->n_rows; local++)
        {
          guint32 start = key->offsets[local];

          if (i != SORTED_ALIASES)
            {
              PartRef ref = part_ref (key->data, local, start);

              g_array_append_val (refs, ref);
              continue;
            }
          /* Every part after a SEP is an alias. */
          for (guint32 at = start; key->data[at] != '\0'; at++)
            if (key->data[at] == SEP)
              {
                PartRef alias = part_ref (key->data, local, at + 1);

                g_array_append_val (refs, alias);
              }
        }
      g_qsort_with_data (refs->data, refs->len, sizeof (PartRef), compare_part_refs, key->data);

      sorted->n = refs->len;
      sorted->rows = g_new (guint32, MAX (refs->len, 1));
      if (i == SORTED_ALIASES)
        sorted->starts = g_new (guint32, MAX (refs->len, 1));
      for (guint j = 0; j < refs->len; j++)
        {
          sorted->rows[j] = g_array_index (refs, PartRef, j).row;
          if (sorted->starts != NULL)
            sorted->starts[j] = g_array_index (refs, PartRef, j).start;
        }
      g_array_unref (refs);
    }
}

static Shard *
shard_finish (ShardBuilder *builder,
              guint         first_row,
              guint         n_rows)
{
  Shard *shard = g_new0 (Shard, 1);

  shard->first_row = first_row;
  shard->n_rows = n_rows;
  for (guint k = 0; k < N_KEYS; k++)
    {
      Key *key = &shard->keys[k];
      gsize len;

      key->data = g_byte_array_steal (builder->keys[k].data, &len);
      key->len = len;
      key->data = g_realloc (key->data, len + KEY_PADDING);
      memset (key->data + len, 0, KEY_PADDING);
      if (k != KEY_LENGTHS)
        key->offsets = steal_array (builder->keys[k].offsets);

      if (k != KEY_LENGTHS)
        for (gsize i = 0; i < len; i++)
          key->histogram[key->data[i]]++;
    }
  /* One length per initial: the two keys share their offsets. */
  g_assert (shard->keys[KEY_LENGTHS].len == shard->keys[KEY_INITIALS].len);
  for (guint i = 0; i < N_SIGS; i++)
    shard->sigs[i] = steal_array (builder->sigs[i]);
  shard_sort (shard);
  return shard;
}

static void
shard_builder_reset (ShardBuilder *builder)
{
  for (guint k = 0; k < N_KEYS; k++)
    {
      guint32 zero = 0;

      g_byte_array_set_size (builder->keys[k].data, 0);
      g_array_set_size (builder->keys[k].offsets, 0);
      g_array_append_val (builder->keys[k].offsets, zero);
    }
  for (guint i = 0; i < N_SIGS; i++)
    g_array_set_size (builder->sigs[i], 0);
}

static void
append_part_units (GString    *row[N_KEYS],
                   const char *folded,
                   gsize       len)
{
  kc_pinyin_append_units (folded, len, row[KEY_PINYIN], row[KEY_INITIALS], row[KEY_LENGTHS]);
}

static void
append_separator (GString *row[N_KEYS])
{
  g_string_append_c (row[KEY_NAMES], SEP);
  g_string_append_c (row[KEY_INITIALS], SEP);
  g_string_append_c (row[KEY_PINYIN], SEP);
  g_string_append_c (row[KEY_LENGTHS], SEP);
}

/* Makes the keys of one row in @row. */
static void
build_row_keys (BuildJob *job,
                guint     r,
                GString  *row[N_KEYS],
                GString  *scratch)
{
  const char *text;
  gsize len;
  const char *p;
  const char *end;

  for (guint k = 0; k < N_KEYS; k++)
    g_string_truncate (row[k], 0);

  text = capped_text (job->get_text (r, KC_SEARCH_FIELD_NAME, job->user_data), &len);
  kc_pinyin_fold (text, len, row[KEY_NAMES]);
  append_part_units (row, row[KEY_NAMES]->str, row[KEY_NAMES]->len);

  /* Several short names may share the alias field. */
  g_string_truncate (scratch, 0);
  text = capped_text (job->get_text (r, KC_SEARCH_FIELD_ALIAS, job->user_data), &len);
  kc_pinyin_fold (text, len, scratch);
  p = scratch->str;
  end = scratch->str + scratch->len;
  while (p < end)
    {
      const char *q = p;
      gsize skip = 0;

      while (q < end)
        {
          if (*q == ';' || *q == ',')
            {
              skip = 1;
              break;
            }
          if (end - q >= 3 && memcmp (q, "、", 3) == 0)
            {
              skip = 3;
              break;
            }
          q++;
        }
      if (q > p)
        {
          append_separator (row);
          g_string_append_len (row[KEY_NAMES], p, q - p);
          append_part_units (row, p, q - p);
        }
      p = q + skip;
    }

  text = capped_text (job->get_text (r, KC_SEARCH_FIELD_DESCRIPTION, job->user_data), &len);
  kc_pinyin_fold (text, len, row[KEY_DESCRIPTION]);
}

static void
append_signatures (ShardBuilder *builder,
                   GString      *row[N_KEYS])
{
  const guint8 *initials = (const guint8 *) row[KEY_INITIALS]->str;
  guint64 sigs[N_SIGS];

  signatures_of (row[KEY_NAMES]->str, row[KEY_NAMES]->len, &sigs[SIG_NAMES], &sigs[SIG_NAMES_SPREAD]);
  sigs[SIG_INITIALS] = signature_of (row[KEY_INITIALS]->str, row[KEY_INITIALS]->len);
  for (gsize i = 0; i < row[KEY_INITIALS]->len; i++)
    if (i == 0 || initials[i - 1] == SEP)
      sigs[SIG_INITIALS] |= letter_bit (initials[i]) << PART_START_SHIFT;
  sigs[SIG_PINYIN] = signature_of (row[KEY_PINYIN]->str, row[KEY_PINYIN]->len);
  sigs[SIG_DESCRIPTION] = signature_of (row[KEY_DESCRIPTION]->str, row[KEY_DESCRIPTION]->len);

  for (guint i = 0; i < N_SIGS; i++)
    g_array_append_val (builder->sigs[i], sigs[i]);
}

static void
build_rows (BuildJob *job)
{
  ShardBuilder builder;
  GString *row[N_KEYS];
  g_autoptr(GString) scratch = g_string_new (NULL);
  guint shard_first = job->first;

  for (guint k = 0; k < N_KEYS; k++)
    {
      builder.keys[k].data = g_byte_array_new ();
      builder.keys[k].offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
      row[k] = g_string_new (NULL);
    }
  for (guint i = 0; i < N_SIGS; i++)
    builder.sigs[i] = g_array_new (FALSE, FALSE, sizeof (guint64));
  shard_builder_reset (&builder);

  for (guint r = job->first; r < job->last; r++)
    {
      gboolean full = FALSE;

      build_row_keys (job, r, row, scratch);

      for (guint k = 0; k < N_KEYS; k++)
        if (builder.keys[k].data->len + row[k]->len + 1 > SHARD_MAX_BYTES)
          full = TRUE;
      if (full && r > shard_first)
        {
          g_ptr_array_add (job->shards, shard_finish (&builder, shard_first, r - shard_first));
          shard_builder_reset (&builder);
          shard_first = r;
        }

      for (guint k = 0; k < N_KEYS; k++)
        {
          guint32 end;

          g_byte_array_append (builder.keys[k].data, (const guint8 *) row[k]->str, row[k]->len + 1);
          end = builder.keys[k].data->len;
          if (k != KEY_LENGTHS)
            g_array_append_val (builder.keys[k].offsets, end);
        }
      append_signatures (&builder, row);
    }

  if (job->last > shard_first)
    g_ptr_array_add (job->shards, shard_finish (&builder, shard_first, job->last - shard_first));

  for (guint k = 0; k < N_KEYS; k++)
    {
      g_byte_array_unref (builder.keys[k].data);
      g_array_unref (builder.keys[k].offsets);
      g_string_free (row[k], TRUE);
    }
  for (guint i = 0; i < N_SIGS; i++)
    g_array_unref (builder.sigs[i]);
}

static gpointer
build_rows_thread (gpointer data)
{
  build_rows (data);
  return NULL;
}

KcSearchIndex *
kc_search_index_new (guint            n_rows,
                     KcSearchTextFunc get_text,
                     gpointer         user_data)
{
  KcSearchIndex *index;
  BuildJob jobs[2];
  guint n_jobs = n_rows >= PARALLEL_MIN_ROWS ? 2 : 1;
  GThread *thread = NULL;

  g_return_val_if_fail (get_text != NULL || n_rows == 0, NULL);

  index = g_new0 (KcSearchIndex, 1);
  index->n_rows = n_rows;
  index->shards = g_ptr_array_new_with_free_func (shard_free);
  if (n_rows == 0)
    return index;

  for (guint j = 0; j < n_jobs; j++)
    {
      jobs[j].get_text = get_text;
      jobs[j].user_data = user_data;
      jobs[j].first = (guint) ((guint64) n_rows * j / n_jobs);
      jobs[j].last = (guint) ((guint64) n_rows * (j + 1) / n_jobs);
      jobs[j].shards = g_ptr_array_new ();
    }

  if (n_jobs == 2)
    thread = g_thread_new ("kc-search-build", build_rows_thread, &jobs[1]);
  build_rows (&jobs[0]);
  if (thread != NULL)
    g_thread_join (thread);

  for (guint j = 0; j < n_jobs; j++)
    {
      for (guint s = 0; s < jobs[j].shards->len; s++)
        g_ptr_array_add (index->shards, g_ptr_array_index (jobs[j].shards, s));
      g_ptr_array_unref (jobs[j].shards);
    }

  return index;
}

void
kc_search_index_free (KcSearchIndex *index)
{
  if (index == NULL)
    return;

  g_ptr_array_unref (index->shards);
  g_free (index);
}

guint
kc_search_index_get_n_rows (KcSearchIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->n_rows;
}

/* ------------------------------------------------------------- matching */

static void
needle_init (Needle              *needle,
             const KcSearchQuery *query,
             const Shard         *shard)
{
  needle->text = (const guint8 *) query->text;
  needle->len = query->len;
  needle->pinyin = query->pinyin;
  signatures_of (query->text, query->len, &needle->signatures[SIG_NAMES],
                 &needle->signatures[SIG_NAMES_SPREAD]);
  for (guint i = SIG_INITIALS; i < N_SIGS; i++)
    needle->signatures[i] = needle->signatures[SIG_NAMES];

  for (guint k = 0; k < N_KEYS; k++)
    {
      const guint64 *histogram = shard->keys[k].histogram;
      gsize first = 0;
      gsize second = needle->len > 1 ? 1 : 0;

      /* The two rarest bytes; ties go to the later one, which in UTF-8
       * is a continuation byte and varies more than a lead byte. */
      if (histogram[needle->text[second]] <= histogram[needle->text[first]])
        {
          first = second;
          second = 0;
        }
      for (gsize i = 2; i < needle->len; i++)
        {
          if (histogram[needle->text[i]] <= histogram[needle->text[first]])
            {
              second = first;
              first = i;
            }
          else if (histogram[needle->text[i]] <= histogram[needle->text[second]])
            {
              second = i;
            }
        }
      needle->probes[k][0] = first;
      needle->probes[k][1] = second;
    }
}

/* First occurrence of the needle that starts in [p, end - len]. Reads up
 * to KEY_PADDING bytes past @end, which is inside the key. */
static inline const guint8 *
find (const guint8 *p,
      const guint8 *end,
      const Needle *needle,
      guint         key)
{
  const gsize m = needle->len;
  const gsize i1 = needle->probes[key][0];
  const gsize i2 = needle->probes[key][1];
  const guint8 *last;

  if ((gsize) (end - p) < m)
    return NULL;
  last = end - m;

#if KC_SEARCH_SSE2
  {
    /* Compare two bytes of the needle at sixteen places at once, and the
     * rest only where both agree. */
    const __m128i b1 = _mm_set1_epi8 ((char) needle->text[i1]);
    const __m128i b2 = _mm_set1_epi8 ((char) needle->text[i2]);

    for (; p <= last; p += 16)
      {
        __m128i x1 = _mm_loadu_si128 ((const __m128i *) (gconstpointer) (p + i1));
        __m128i x2 = _mm_loadu_si128 ((const __m128i *) (gconstpointer) (p + i2));
        guint mask = (guint) _mm_movemask_epi8 (_mm_and_si128 (_mm_cmpeq_epi8 (x1, b1),
                                                               _mm_cmpeq_epi8 (x2, b2)));

        while (mask != 0)
          {
            const guint8 *c = p + __builtin_ctz (mask);

            if (c > last)
              return NULL;
            if (m <= 2 || memcmp (c, needle->text, m) == 0)
              return c;
            mask &= mask - 1;
          }
      }
    return NULL;
  }
#else
  {
    const guint8 *a = p + i1;
    const guint8 *a_last = last + i1;

    while (a <= a_last)
      {
        const guint8 *c;

        a = memchr (a, needle->text[i1], a_last - a + 1);
        if (a == NULL)
          return NULL;
        c = a - i1;
        if (c[i2] == needle->text[i2] && memcmp (c, needle->text, m) == 0)
          return c;
        a++;
      }
    return NULL;
  }
#endif
}

/* The class of an occurrence at @hit: @exact for a whole part, @at_start
 * at the start of a part, @inside elsewhere. @base is the key's first
 * byte; every other row starts after a NUL. */
static inline guint8
classify_hit (const guint8 *hit,
              const guint8 *base,
              gsize         len,
              guint8        exact,
              guint8        at_start,
              guint8        inside)
{
  if (hit == base || hit[-1] == '\0' || hit[-1] == SEP)
    return hit[len] == '\0' || hit[len] == SEP ? exact : at_start;
  return inside;
}

static inline const guint8 *
row_start (const Key *key,
           guint      local)
{
  return key->data + key->offsets[local];
}

/* At the row's NUL. */
static inline const guint8 *
row_end (const Key *key,
         guint      local)
{
  return key->data + key->offsets[local + 1] - 1;
}

/* The best class of any occurrence of the needle in one row of a key. */
static guint8
match_key (const Shard  *shard,
           guint         key,
           guint         local,
           const Needle *needle,
           guint8        exact,
           guint8        at_start,
           guint8        inside)
{
  const Key *k = &shard->keys[key];
  const guint8 *p = row_start (k, local);
  const guint8 *e = row_end (k, local);
  const guint8 *hit;
  guint8 best = NONE;

  while ((hit = find (p, e, needle, key)) != NULL)
    {
      best = MIN (best, classify_hit (hit, k->data, needle->len, exact, at_start, inside));
      if (best == exact)
        break;
      p = hit + 1;
    }
  return best;
}

/* Does the needle spell the units of one part from its first unit on,
 * taking a non-empty prefix of each unit in turn (zhxjt, zhongxj, zxjt)?
 * @lengths runs to the end of the part; @pinyin is the part's first unit. */
static gboolean
match_abbreviated_part (const guint8 *lengths,
                        const guint8 *lengths_end,
                        const guint8 *pinyin,
                        const Needle *needle)
{
  const guint8 *q = needle->text;
  gsize m = needle->len;
  guint64 reachable = 1;  /* bit i: the first i query bytes are spelt */
  gsize same = 0;

  /* Most often the query is the start of the whole pinyin. The part ends
   * with SEP or NUL, which the query never contains. */
  while (same < m && pinyin[same] == q[same])
    same++;
  if (same == m)
    return TRUE;

  for (const guint8 *l = lengths; l < lengths_end && *l != SEP; l++)
    {
      guint64 next = 0;
      gsize unit_len = *l;

      for (gsize i = 0; i < m; i++)
        {
          if (!(reachable & ((guint64) 1 << i)))
            continue;
          for (gsize j = 0; j < unit_len && i + j < m; j++)
            {
              if (pinyin[j] != q[i + j])
                break;
              next |= (guint64) 1 << (i + j + 1);
            }
        }
      if (next & ((guint64) 1 << m))
        return TRUE;
      if (next == 0)
        return FALSE;
      reachable = next;
      pinyin += unit_len;
    }
  return FALSE;
}

static gboolean
match_abbreviated (const Shard  *shard,
                   guint         local,
                   const Needle *needle)
{
  const guint32 *offsets = shard->keys[KEY_INITIALS].offsets;
  const guint8 *s = shard->keys[KEY_LENGTHS].data + offsets[local];
  const guint8 *e = shard->keys[KEY_LENGTHS].data + offsets[local + 1] - 1;
  const guint8 *pinyin = row_start (&shard->keys[KEY_PINYIN], local);
  gsize same = 0;

  /* The common case, the start of the name's whole pinyin, without
   * reading the lengths. */
  while (same < needle->len && pinyin[same] == needle->text[same])
    same++;
  if (same == needle->len)
    return TRUE;

  /* Walk the parts, keeping @pinyin at the start of each. */
  for (const guint8 *l = s; l < e; l++)
    {
      if ((l == s || l[-1] == SEP) && *pinyin == needle->text[0] &&
          match_abbreviated_part (l, e, pinyin, needle))
        return TRUE;
      pinyin += *l == SEP ? 1 : *l;
    }
  return FALSE;
}

/* Rows whose class is above this may still get a pinyin match from the
 * pinyin key. With the abbreviation test, whole-pinyin prefixes come from
 * that test; without it, from the pinyin key itself. */
static inline guint8
pinyin_key_threshold (const Needle *needle)
{
  return needle->len <= ABBREVIATED_MAX_LEN ? KC_SEARCH_MATCH_PINYIN
                                            : KC_SEARCH_MATCH_PINYIN_PREFIX;
}

static inline gboolean
needs_abbreviation_test (const Needle *needle)
{
  /* One letter is an initials prefix already. */
  return needle->pinyin && needle->len >= 2 && needle->len <= ABBREVIATED_MAX_LEN;
}

/* Does the row's signature @sig have every bit of the query's? */
static inline gboolean
has_signature (const Shard  *shard,
               guint         sig,
               guint         local,
               const Needle *needle)
{
  return (shard->sigs[sig][local] & needle->signatures[sig]) == needle->signatures[sig];
}

/* The signature that rules rows out for @key. */
static inline guint
key_signature (const Needle *needle,
               guint         key)
{
  switch (key)
    {
    case KEY_NAMES:
      return needle->pinyin ? SIG_NAMES : SIG_NAMES_SPREAD;
    case KEY_INITIALS:
      return SIG_INITIALS;
    case KEY_PINYIN:
      return SIG_PINYIN;
    case KEY_DESCRIPTION:
      return SIG_DESCRIPTION;
    default:
      g_assert_not_reached ();
    }
}

static inline gboolean
may_match (const Shard  *shard,
           guint         key,
           guint         local,
           const Needle *needle)
{
  return has_signature (shard, key_signature (needle, key), local, needle);
}

static guint8
match_row (const Shard  *shard,
           guint         local,
           const Needle *needle)
{
  guint8 best = NONE;

  if (may_match (shard, KEY_NAMES, local, needle))
    best = match_key (shard, KEY_NAMES, local, needle, KC_SEARCH_MATCH_EXACT,
                      KC_SEARCH_MATCH_PREFIX, KC_SEARCH_MATCH_SUBSTRING);
  if (needle->pinyin && may_match (shard, KEY_PINYIN, local, needle))
    {
      if (best > KC_SEARCH_MATCH_INITIALS_PREFIX && may_match (shard, KEY_INITIALS, local, needle))
        best = MIN (best, match_key (shard, KEY_INITIALS, local, needle,
                                     KC_SEARCH_MATCH_INITIALS_PREFIX,
                                     KC_SEARCH_MATCH_INITIALS_PREFIX,
                                     KC_SEARCH_MATCH_INITIALS));
      if (best > KC_SEARCH_MATCH_PINYIN_PREFIX && needs_abbreviation_test (needle) &&
          match_abbreviated (shard, local, needle))
        best = KC_SEARCH_MATCH_PINYIN_PREFIX;
      if (best > pinyin_key_threshold (needle))
        best = MIN (best, match_key (shard, KEY_PINYIN, local, needle,
                                     KC_SEARCH_MATCH_PINYIN_PREFIX,
                                     KC_SEARCH_MATCH_PINYIN_PREFIX,
                                     KC_SEARCH_MATCH_PINYIN));
    }
  if (best == NONE && may_match (shard, KEY_DESCRIPTION, local, needle))
    best = match_key (shard, KEY_DESCRIPTION, local, needle, KC_SEARCH_MATCH_DESCRIPTION,
                      KC_SEARCH_MATCH_DESCRIPTION, KC_SEARCH_MATCH_DESCRIPTION);
  return best;
}

static const Shard *
shard_of_row (KcSearchIndex *index,
              guint          row)
{
  guint lo = 0;
  guint hi = index->shards->len;

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;
      const Shard *shard = g_ptr_array_index (index->shards, mid);

      if (shard->first_row <= row)
        lo = mid;
      else
        hi = mid;
    }
  return g_ptr_array_index (index->shards, lo);
}

KcSearchMatch
kc_search_index_match_row (KcSearchIndex       *index,
                           const KcSearchQuery *query,
                           guint                row)
{
  const Shard *shard;
  Needle needle;

  g_return_val_if_fail (index != NULL, KC_SEARCH_MATCH_NONE);
  g_return_val_if_fail (query != NULL, KC_SEARCH_MATCH_NONE);
  g_return_val_if_fail (row < index->n_rows, KC_SEARCH_MATCH_NONE);

  if (query->len == 0)
    return KC_SEARCH_MATCH_EXACT;

  shard = shard_of_row (index, row);
  needle_init (&needle, query, shard);
  return match_row (shard, row - shard->first_row, &needle);
}

/* ---------------------------------------------------------------- scans */

/* One shard's part of a query. @classes holds the best class found so far
 * for every row of the shard (EXCLUDED outside @within); @open lists, in
 * row order, the rows that the next pass may still improve. The passes go
 * from the best classes to the worst, so each needs fewer rows. */
typedef struct
{
  const Shard   *shard;
  const guint32 *within;      /* global rows in this shard, or NULL: all */
  guint          n_within;
  Needle         needle;
  guint8        *classes;
  guint32       *open;        /* local rows */
  guint          n_open;
  guint32       *candidates;  /* the open rows a pass reads, as many */
  guint          counts[KC_SEARCH_N_MATCHES];
  /* Where this shard's rows go in the results. */
  guint          starts[KC_SEARCH_N_MATCHES];
  guint32       *best;
  guint32       *ascending;   /* or NULL */
} ShardScan;

/* How far ahead in @open signatures are fetched; in the candidates of a
 * pass, text is fetched PREFETCH_TEXT rows ahead and its offsets twice
 * as far, so that reading rows out of order waits less on memory. */
#define PREFETCH_AHEAD 32
#define PREFETCH_TEXT 8
/* Reading one row's text out of order costs about as much as streaming
 * this many bytes of a key. */
#define ROW_COST_BYTES 256
/* Rows of @open whose signatures are read to choose between the two. */
#define SAMPLE_ROWS 1024

static inline void
set_class (ShardScan *scan,
           guint      local,
           guint8     c)
{
  guint8 old = scan->classes[local];

  if (old < KC_SEARCH_N_MATCHES)
    scan->counts[old]--;
  scan->counts[c]++;
  scan->classes[local] = c;
}

/* Keeps in @open the rows whose class is still above @threshold. */
static void
open_keep_above (ShardScan *scan,
                 guint8     threshold)
{
  guint n = 0;

  for (guint i = 0; i < scan->n_open; i++)
    {
      guint32 local = scan->open[i];

      if (scan->classes[local] > threshold)
        scan->open[n++] = local;
    }
  scan->n_open = n;
}

/* The open rows whose signature @sigs has all of @signature's bits and,
 * if @more is not NULL, whose @more has all of @more_signature's. */
static guint
collect_candidates (ShardScan     *scan,
                    const guint64 *sigs,
                    guint64        signature,
                    const guint64 *more,
                    guint64        more_signature)
{
  guint n = 0;

  for (guint i = 0; i < scan->n_open; i++)
    {
      guint32 local = scan->open[i];

      if (i + PREFETCH_AHEAD < scan->n_open)
        {
          __builtin_prefetch (&sigs[scan->open[i + PREFETCH_AHEAD]]);
          if (more != NULL)
            __builtin_prefetch (&more[scan->open[i + PREFETCH_AHEAD]]);
        }
      if ((sigs[local] & signature) == signature &&
          (more == NULL || (more[local] & more_signature) == more_signature))
        scan->candidates[n++] = local;
    }
  return n;
}

/* Fetches the offsets of the candidate 2 × PREFETCH_TEXT ahead of @j and
 * the text of the one PREFETCH_TEXT ahead, in @key. */
static inline void
prefetch_text (const ShardScan *scan,
               guint            j,
               guint            n,
               const guint32   *offsets,
               const guint8    *data)
{
  if (j + 2 * PREFETCH_TEXT < n)
    __builtin_prefetch (&offsets[scan->candidates[j + 2 * PREFETCH_TEXT]]);
  if (j + PREFETCH_TEXT < n)
    __builtin_prefetch (data + offsets[scan->candidates[j + PREFETCH_TEXT]]);
}

/* Row of byte @off of a key, from row @from on (offsets[from] <= off). */
static inline guint
row_at (const guint32 *offsets,
        guint          n_rows,
        guint          from,
        guint32        off)
{
  gsize lo = from;
  gsize hi = lo + 1;
  gsize step = 1;

  /* Gallop first: the next hit is usually near. */
  while (hi < n_rows && offsets[hi] <= off)
    {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
  hi = MIN (hi, n_rows);
  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (offsets[mid] <= off)
        lo = mid;
      else
        hi = mid;
    }
  return (guint) lo;
}

/* Streaming the whole key pays when many open rows may match; when few
 * may, reading those rows alone is cheaper. Counted on a sample. */
static gboolean
use_whole_key (const ShardScan *scan,
               guint            key)
{
  guint sig = key_signature (&scan->needle, key);
  const guint64 *sigs = scan->shard->sigs[sig];
  guint64 signature = scan->needle.signatures[sig];
  guint64 candidates = 0;

  if (scan->n_open <= SAMPLE_ROWS)
    {
      for (guint i = 0; i < scan->n_open; i++)
        candidates += (sigs[scan->open[i]] & signature) == signature;
    }
  else
    {
      /* Spread over the rows without following any period in them. */
      for (guint s = 0; s < SAMPLE_ROWS; s++)
        {
          guint i = (guint) (((guint64) s * 2654435761u + 12345) % scan->n_open);

          candidates += (sigs[scan->open[i]] & signature) == signature;
        }
      candidates = candidates * scan->n_open / SAMPLE_ROWS;
    }
  return candidates * ROW_COST_BYTES > scan->shard->keys[key].len;
}

static void
scan_key_whole (ShardScan *scan,
                guint      key,
                guint8     threshold,
                guint8     exact,
                guint8     at_start,
                guint8     inside)
{
  const Shard *shard = scan->shard;
  const Key *k = &shard->keys[key];
  const Needle *needle = &scan->needle;
  const guint8 *p = k->data;
  const guint8 *end = k->data + k->len;
  const guint8 *hit;
  guint r = 0;

  while ((hit = find (p, end, needle, key)) != NULL)
    {
      guint8 cur;

      r = row_at (k->offsets, shard->n_rows, r, (guint32) (hit - k->data));
      cur = scan->classes[r];
      if (cur != EXCLUDED && cur > threshold)
        {
          guint8 c = classify_hit (hit, k->data, needle->len, exact, at_start, inside);

          if (c < cur)
            {
              set_class (scan, r, c);
              cur = c;
            }
        }
      /* Later occurrences in the row matter only while it can improve. */
      p = (cur == EXCLUDED || cur <= threshold) ? k->data + k->offsets[r + 1] : hit + 1;
    }
}

static void
scan_key_rows (ShardScan *scan,
               guint      key,
               guint8     exact,
               guint8     at_start,
               guint8     inside)
{
  const Shard *shard = scan->shard;
  const Key *k = &shard->keys[key];
  const Needle *needle = &scan->needle;
  guint sig = key_signature (needle, key);
  guint n = collect_candidates (scan, shard->sigs[sig], needle->signatures[sig], NULL, 0);

  for (guint j = 0; j < n; j++)
    {
      guint32 local = scan->candidates[j];
      guint8 c;

      prefetch_text (scan, j, n, k->offsets, k->data);
      c = match_key (shard, key, local, needle, exact, at_start, inside);
      if (c < scan->classes[local])
        set_class (scan, local, c);
    }
}

/* Improves the class of the rows above @threshold from the occurrences
 * of the query in @key (see classify_hit() for the other three). */
static void
scan_key (ShardScan *scan,
          guint      key,
          guint8     threshold,
          guint8     exact,
          guint8     at_start,
          guint8     inside)
{
  open_keep_above (scan, threshold);
  if (scan->n_open == 0)
    return;

  if (use_whole_key (scan, key))
    scan_key_whole (scan, key, threshold, exact, at_start, inside);
  else
    scan_key_rows (scan, key, exact, at_start, inside);
}

/* How the part at @part compares with the query as its prefix: below
 * zero if it sorts before every part starting with the query, zero if it
 * starts with it, above zero if it sorts after them. */
static inline int
compare_prefix (const guint8 *part,
                const Needle *needle)
{
  for (gsize i = 0; i < needle->len; i++)
    {
      guint8 b = part[i] == SEP ? 0 : part[i];

      if (b != needle->text[i])
        return (int) b - (int) needle->text[i];
    }
  return 0;
}

static inline const guint8 *
sorted_part (const Shard *shard,
             guint        which,
             guint        i)
{
  const SortedParts *sorted = &shard->sorted[which];
  const Key *key = &shard->keys[sorted_keys[which]];

  return key->data + (sorted->starts != NULL ? sorted->starts[i] : key->offsets[sorted->rows[i]]);
}

/* The range of the parts in @which that start with the query, and where
 * those equal to it, which sort first, end. */
static void
sorted_range (const ShardScan *scan,
              guint            which,
              guint           *first,
              guint           *exact_end,
              guint           *end)
{
  const Shard *shard = scan->shard;
  const Needle *needle = &scan->needle;
  guint lo = 0;
  guint hi = shard->sorted[which].n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_prefix (sorted_part (shard, which, mid), needle) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *first = lo;
  hi = shard->sorted[which].n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_prefix (sorted_part (shard, which, mid), needle) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *end = lo;
  lo = *first;
  hi = *end;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint8 after = sorted_part (shard, which, mid)[needle->len];

      if (after == '\0' || after == SEP)
        lo = mid + 1;
      else
        hi = mid;
    }
  *exact_end = lo;
}

static void
mark_range (ShardScan *scan,
            guint      which,
            guint      first,
            guint      exact_end,
            guint      end,
            guint8     exact,
            guint8     prefix)
{
  const guint32 *rows = scan->shard->sorted[which].rows;

  for (guint i = first; i < end; i++)
    {
      guint32 local = rows[i];
      guint8 cur = scan->classes[local];
      guint8 c = i < exact_end ? exact : prefix;

      if (cur != EXCLUDED && c < cur)
        set_class (scan, local, c);
    }
}

#define SORTED_NONE N_SORTED

/* Gives @prefix to the rows whose @which part starts with the query and
 * @exact to those where it is the query, if that reads less than the open
 * rows would: TRUE if done. @also, if not SORTED_NONE, is a second list
 * done together with the first or not at all. */
static gboolean
mark_sorted (ShardScan *scan,
             guint      which,
             guint      also,
             guint8     exact,
             guint8     prefix)
{
  guint first[2];
  guint exact_end[2];
  guint end[2] = { 0, 0 };
  guint lists[2] = { which, also };
  guint n_lists = also != SORTED_NONE ? 2 : 1;
  guint64 size = 0;

  for (guint l = 0; l < n_lists; l++)
    {
      sorted_range (scan, lists[l], &first[l], &exact_end[l], &end[l]);
      size += end[l] - first[l];
    }
  if (size > (guint64) scan->n_open * 8)
    return FALSE;

  for (guint l = 0; l < n_lists; l++)
    mark_range (scan, lists[l], first[l], exact_end[l], end[l], exact, prefix);
  return TRUE;
}

/* A one-letter query needs no text at all: the initials signature says
 * whether the letter starts a part's initials or is in them, the pinyin
 * signature whether it is in the pinyin. */
static void
scan_letter (ShardScan *scan)
{
  const Shard *shard = scan->shard;
  const guint64 *initials = shard->sigs[SIG_INITIALS];
  const guint64 *pinyin = shard->sigs[SIG_PINYIN];
  guint64 bit = letter_bit (scan->needle.text[0]);

  open_keep_above (scan, KC_SEARCH_MATCH_INITIALS_PREFIX);
  for (guint i = 0; i < scan->n_open; i++)
    {
      guint32 local = scan->open[i];
      guint8 c;

      if (i + PREFETCH_AHEAD < scan->n_open)
        __builtin_prefetch (&initials[scan->open[i + PREFETCH_AHEAD]]);
      if (initials[local] & (bit << PART_START_SHIFT))
        c = KC_SEARCH_MATCH_INITIALS_PREFIX;
      else if (initials[local] & bit)
        c = KC_SEARCH_MATCH_INITIALS;
      else if (pinyin[local] & bit)
        c = KC_SEARCH_MATCH_PINYIN;
      else
        continue;
      if (c < scan->classes[local])
        set_class (scan, local, c);
    }
}

static void
scan_abbreviated (ShardScan *scan)
{
  const Shard *shard = scan->shard;
  const Needle *needle = &scan->needle;
  const Key *pinyin = &shard->keys[KEY_PINYIN];
  const Key *initials = &shard->keys[KEY_INITIALS];
  /* The first letter must start a part's initials; a digit has no bit. */
  guint64 first = letter_bit (needle->text[0]) << PART_START_SHIFT;
  guint n;

  open_keep_above (scan, KC_SEARCH_MATCH_PINYIN_PREFIX);
  n = collect_candidates (scan, shard->sigs[SIG_INITIALS], first,
                          shard->sigs[SIG_PINYIN], needle->signatures[SIG_PINYIN]);
  for (guint j = 0; j < n; j++)
    {
      guint32 local = scan->candidates[j];

      /* The pinyin, and the lengths on the initials' offsets. */
      prefetch_text (scan, j, n, pinyin->offsets, pinyin->data);
      prefetch_text (scan, j, n, initials->offsets, shard->keys[KEY_LENGTHS].data);
      if (match_abbreviated (shard, local, needle))
        set_class (scan, local, KC_SEARCH_MATCH_PINYIN_PREFIX);
    }
}

static void
scan_shard (ShardScan *scan)
{
  const Shard *shard = scan->shard;
  const Needle *needle = &scan->needle;
  gboolean names_done;

  scan->classes = g_malloc (shard->n_rows);
  if (scan->within == NULL)
    {
      memset (scan->classes, NONE, shard->n_rows);
      scan->open = g_new (guint32, MAX (shard->n_rows, 1));
      for (guint local = 0; local < shard->n_rows; local++)
        scan->open[local] = local;
      scan->n_open = shard->n_rows;
    }
  else
    {
      memset (scan->classes, EXCLUDED, shard->n_rows);
      scan->open = g_new (guint32, MAX (scan->n_within, 1));
      for (guint i = 0; i < scan->n_within; i++)
        {
          guint32 local = scan->within[i] - shard->first_row;

          scan->classes[local] = NONE;
          scan->open[i] = local;
        }
      scan->n_open = scan->n_within;
    }

  scan->candidates = g_new (guint32, MAX (scan->n_open, 1));

  /* The rows with a name or alias starting with the query, and those with
   * name initials or pinyin starting with it, from the sorted lists; the
   * names key is then read only for the rest. A single letter starts the
   * initials wherever it starts the pinyin. */
  names_done = mark_sorted (scan, SORTED_NAMES, SORTED_ALIASES, KC_SEARCH_MATCH_EXACT,
                            KC_SEARCH_MATCH_PREFIX);
  if (needle->pinyin && needle->len >= 2)
    {
      mark_sorted (scan, SORTED_INITIALS, SORTED_NONE, KC_SEARCH_MATCH_INITIALS_PREFIX,
                   KC_SEARCH_MATCH_INITIALS_PREFIX);
      mark_sorted (scan, SORTED_PINYIN, SORTED_NONE, KC_SEARCH_MATCH_PINYIN_PREFIX,
                   KC_SEARCH_MATCH_PINYIN_PREFIX);
    }

  scan_key (scan, KEY_NAMES,
            names_done ? KC_SEARCH_MATCH_PREFIX : KC_SEARCH_MATCH_EXACT,
            KC_SEARCH_MATCH_EXACT, KC_SEARCH_MATCH_PREFIX, KC_SEARCH_MATCH_SUBSTRING);
  if (needle->pinyin && needle->len == 1 && letter_bit (needle->text[0]) != 0)
    {
      scan_letter (scan);
    }
  else if (needle->pinyin)
    {
      scan_key (scan, KEY_INITIALS, KC_SEARCH_MATCH_INITIALS_PREFIX,
                KC_SEARCH_MATCH_INITIALS_PREFIX, KC_SEARCH_MATCH_INITIALS_PREFIX,
                KC_SEARCH_MATCH_INITIALS);
      if (needs_abbreviation_test (needle))
        scan_abbreviated (scan);
      scan_key (scan, KEY_PINYIN, pinyin_key_threshold (needle),
                KC_SEARCH_MATCH_PINYIN_PREFIX, KC_SEARCH_MATCH_PINYIN_PREFIX,
                KC_SEARCH_MATCH_PINYIN);
    }
  /* Only rows that matched nothing else. */
  scan_key (scan, KEY_DESCRIPTION, KC_SEARCH_MATCH_DESCRIPTION, KC_SEARCH_MATCH_DESCRIPTION,
            KC_SEARCH_MATCH_DESCRIPTION, KC_SEARCH_MATCH_DESCRIPTION);

  g_clear_pointer (&scan->open, g_free);
  g_clear_pointer (&scan->candidates, g_free);
}

/* Puts the shard's matching rows where search_run() said. */
static void
write_shard (ShardScan *scan)
{
  const Shard *shard = scan->shard;
  guint n = scan->within != NULL ? scan->n_within : shard->n_rows;
  guint32 *ascending = scan->ascending;

  for (guint i = 0; i < n; i++)
    {
      guint32 row = scan->within != NULL ? scan->within[i] : shard->first_row + i;
      guint8 c = scan->classes[row - shard->first_row];

      if (c >= KC_SEARCH_N_MATCHES)
        continue;
      scan->best[scan->starts[c]++] = row;
      if (ascending != NULL)
        *ascending++ = row;
    }
  g_clear_pointer (&scan->classes, g_free);
}

typedef struct
{
  ShardScan *scans;
  guint      n_scans;
  guint      first;     /* this thread takes every second shard from here */
  void     (*func) (ShardScan *scan);
} ScanWorker;

static gpointer
scan_worker (gpointer data)
{
  ScanWorker *worker = data;

  for (guint i = worker->first; i < worker->n_scans; i += 2)
    worker->func (&worker->scans[i]);
  return NULL;
}

static void
run_on_shards (ShardScan  *scans,
               guint       n_scans,
               gboolean    parallel,
               void      (*func) (ShardScan *scan))
{
  ScanWorker workers[2] = {
    { scans, n_scans, 0, func },
    { scans, n_scans, 1, func },
  };

  if (parallel && n_scans >= 2)
    {
      GThread *thread = g_thread_new ("kc-search", scan_worker, &workers[1]);

      scan_worker (&workers[0]);
      g_thread_join (thread);
    }
  else
    {
      for (guint s = 0; s < n_scans; s++)
        func (&scans[s]);
    }
}

/* Finds the matches of @query among @within (or all rows) and puts them in
 * @best (best first) and, if not NULL, @ascending (by row). */
static void
search_run (KcSearchIndex       *index,
            const KcSearchQuery *query,
            const guint32       *within,
            guint                n_within,
            GArray              *best,
            GArray              *ascending)
{
  ShardScan *scans;
  guint n_scans = index->shards->len;
  guint64 work = 0;
  guint total = 0;
  guint next = 0;

  g_array_set_size (best, 0);
  if (ascending != NULL)
    g_array_set_size (ascending, 0);

  if (query->len == 0)
    {
      if (within != NULL)
        {
          g_array_append_vals (best, within, n_within);
        }
      else
        {
          g_array_set_size (best, index->n_rows);
          for (guint r = 0; r < index->n_rows; r++)
            g_array_index (best, guint32, r) = r;
        }
      if (ascending != NULL)
        g_array_append_vals (ascending, best->data, best->len);
      return;
    }

  scans = g_new0 (ShardScan, n_scans);
  for (guint s = 0; s < n_scans; s++)
    {
      ShardScan *scan = &scans[s];
      const Shard *shard = g_ptr_array_index (index->shards, s);

      scan->shard = shard;
      needle_init (&scan->needle, query, shard);
      if (within != NULL)
        {
          guint end = next;

          while (end < n_within && within[end] < shard->first_row + shard->n_rows)
            end++;
          scan->within = within + next;
          scan->n_within = end - next;
          next = end;
          work += scan->n_within;
        }
      else
        {
          work += shard->n_rows;
        }
    }

  run_on_shards (scans, n_scans, work >= PARALLEL_MIN_ROWS, scan_shard);

  /* A counting sort by class keeps the row order within each class. */
  for (guint c = 0; c < KC_SEARCH_N_MATCHES; c++)
    for (guint s = 0; s < n_scans; s++)
      {
        scans[s].starts[c] = total;
        total += scans[s].counts[c];
      }
  g_array_set_size (best, total);
  if (ascending != NULL)
    g_array_set_size (ascending, total);

  total = 0;
  for (guint s = 0; s < n_scans; s++)
    {
      scans[s].best = (guint32 *) (gpointer) best->data;
      /* An empty array has no data to point into. */
      if (ascending != NULL && ascending->len > 0)
        scans[s].ascending = (guint32 *) (gpointer) ascending->data + total;
      for (guint c = 0; c < KC_SEARCH_N_MATCHES; c++)
        total += scans[s].counts[c];
    }
  run_on_shards (scans, n_scans, total >= PARALLEL_MIN_ROWS, write_shard);

  g_free (scans);
}

void
kc_search_index_query (KcSearchIndex *index,
                       const char    *query,
                       const guint32 *within,
                       guint          n_within,
                       GArray        *out)
{
  KcSearchQuery parsed;

  g_return_if_fail (index != NULL);
  g_return_if_fail (out != NULL && g_array_get_element_size (out) == sizeof (guint32));
  g_return_if_fail (within == NULL || n_within == 0 || within[n_within - 1] < index->n_rows);

  kc_search_query_parse (&parsed, query);
  search_run (index, &parsed, within, within != NULL ? n_within : 0, out, NULL);
  kc_search_query_clear (&parsed);
}

/* -------------------------------------------------------------- session */

/* Enough for the queries one types before starting over; each keeps up
 * to two arrays as long as the result. */
#define SESSION_MAX_DEPTH 12

typedef struct
{
  KcSearchQuery  query;
  GArray        *best;
  GArray        *ascending;
} SessionEntry;

struct _KcSearchSession
{
  KcSearchIndex *index;
  GArray        *filter;   /* guint32 rows, or NULL for all */
  GPtrArray     *stack;    /* SessionEntry *, each refining the one below */
  GArray        *all;      /* the empty query's result, made when needed */
};

/* An array's rows; never NULL, even for none. */
static const guint32 *
session_rows (GArray *array,
              guint  *n_results)
{
  static const guint32 none = 0;

  *n_results = array->len;
  return array->len > 0 ? (const guint32 *) (gpointer) array->data : &none;
}

static void
session_entry_free (gpointer data)
{
  SessionEntry *entry = data;

  kc_search_query_clear (&entry->query);
  g_array_unref (entry->best);
  g_array_unref (entry->ascending);
  g_free (entry);
}

KcSearchSession *
kc_search_session_new (KcSearchIndex *index)
{
  KcSearchSession *session;

  g_return_val_if_fail (index != NULL, NULL);

  session = g_new0 (KcSearchSession, 1);
  session->index = index;
  session->stack = g_ptr_array_new_with_free_func (session_entry_free);
  return session;
}

void
kc_search_session_free (KcSearchSession *session)
{
  if (session == NULL)
    return;

  g_ptr_array_unref (session->stack);
  g_clear_pointer (&session->filter, g_array_unref);
  g_clear_pointer (&session->all, g_array_unref);
  g_free (session);
}

void
kc_search_session_set_filter (KcSearchSession *session,
                              const guint32   *rows,
                              guint            n_rows)
{
  g_return_if_fail (session != NULL);
  g_return_if_fail (rows == NULL || n_rows == 0 ||
                    rows[n_rows - 1] < session->index->n_rows);

  g_ptr_array_set_size (session->stack, 0);
  g_clear_pointer (&session->filter, g_array_unref);
  g_clear_pointer (&session->all, g_array_unref);
  if (rows != NULL)
    {
      session->filter = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n_rows);
      g_array_append_vals (session->filter, rows, n_rows);
    }
}

const guint32 *
kc_search_session_query (KcSearchSession *session,
                         const char      *query,
                         guint           *n_results)
{
  SessionEntry *entry;
  SessionEntry *top = NULL;
  KcSearchQuery parsed;
  GArray *within = NULL;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (n_results != NULL, NULL);

  kc_search_query_parse (&parsed, query);

  if (parsed.len == 0)
    {
      kc_search_query_clear (&parsed);
      if (session->filter != NULL)
        return session_rows (session->filter, n_results);
      if (session->all == NULL)
        {
          session->all = g_array_new (FALSE, FALSE, sizeof (guint32));
          search_run (session->index, &parsed, NULL, 0, session->all, NULL);
        }
      return session_rows (session->all, n_results);
    }

  /* Forget the queries this one does not grow from. */
  while (session->stack->len > 0)
    {
      top = g_ptr_array_index (session->stack, session->stack->len - 1);
      if (kc_search_query_refines (&parsed, &top->query))
        break;
      g_ptr_array_set_size (session->stack, session->stack->len - 1);
      top = NULL;
    }

  if (top != NULL && top->query.len == parsed.len)
    {
      kc_search_query_clear (&parsed);
      return session_rows (top->best, n_results);
    }

  within = top != NULL ? top->ascending : session->filter;
  entry = g_new0 (SessionEntry, 1);
  entry->query = parsed;
  entry->best = g_array_new (FALSE, FALSE, sizeof (guint32));
  entry->ascending = g_array_new (FALSE, FALSE, sizeof (guint32));
  /* Nothing matches within no rows (an empty array has no data to pass). */
  if (within == NULL || within->len > 0)
    search_run (session->index, &entry->query,
                within != NULL ? (const guint32 *) (gpointer) within->data : NULL,
                within != NULL ? within->len : 0, entry->best, entry->ascending);

  if (session->stack->len == SESSION_MAX_DEPTH)
    g_ptr_array_remove_index (session->stack, 0);
  g_ptr_array_add (session->stack, entry);

  return session_rows (entry->best, n_results);
}
