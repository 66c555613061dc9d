/* kc-search.c
 * Search index: folded names, aliases and descriptions with their pinyin,
 * kept in contiguous blocks, with signatures that rule out most rows. */
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
 * 64-bit signatures of the characters and of the pairs of adjacent
 * characters of each key, a byte of flags, and its rows sorted by name,
 * alias, name initials and name pinyin. The rows whose name or alias, or
 * name initials or pinyin, starts with the query come from binary
 * searches in the sorted lists; then one pass over the rows in order
 * finishes each row's class: the signatures rule out most rows without a
 * branch, and the text of the others is read only for the classes that
 * can still improve theirs, best first. A query of two letters that are
 * the initials of adjacent units in many rows (nb, bl), or a pair inside
 * many units (an, zh), reads no text at all: each row keeps how it holds
 * each of the shard's commonest such pairs (see PAIR_SLOTS, UNIT_SLOTS).
 * A query inside a syllable (zho, chan) reads none for most rows that
 * hold it there: each row keeps which units it holds (see
 * UNIT_EXACT_BITS) and how its name and first alias start. A query that
 * runs into the next syllable (moj, zhongx) reads none for most rows
 * holding it across one of the shard's commonest joins of two units
 * (see JOIN_BITS).
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
 * a second signature, whose other characters set two of all 64 bits. */
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

/* Pair signatures: which pairs of adjacent characters a row's key holds,
 * hashed to PAIR_BUCKETS buckets, and each bucket to one of 64 bits
 * chosen for the shard so that the bits are set in as few rows as
 * possible: the pairs found in nearly every row (公司, an, ng) get no bit,
 * the others share bits by how often they occur. A query of several
 * characters only matches a key where all its pairs' bits are, which
 * rules out most rows whose characters are common but whose pairs are
 * not: bl, 宁波模. */
#define PAIR_BUCKET_BITS 12
#define PAIR_BUCKETS (1u << PAIR_BUCKET_BITS)
#define PAIR_NO_BIT ((guint8) 0xff)
#define PAIR_SAMPLE 4

/* Common characters: the CHAR_BITS Chinese characters (of the Basic
 * Multilingual Plane) held by the most rows of a key, each with a bit of
 * a per-row mask that says exactly whether the row holds it. A query of
 * one such character (宁, 北, held by half the rows) then needs no text,
 * and longer queries rule out rows lacking one of their characters. */
#define CHAR_BITS 32
#define CHAR_TABLE_SIZE 0x10000
#define CHAR_NO_BIT ((guint8) 0xff)

/* Exact pairs: the PAIR_SLOTS pairs of letters that most rows of a shard
 * hold as the initials of adjacent units, and that no unit of the shard
 * holds (nb, bl, gs, but not zh), each with a slot of PAIR_SLOT_BITS bits
 * in a per-row word giving how the row's pinyin keys hold it (see
 * PairCode). Such a query of two letters then needs no text but in the
 * rare rows with letters: the most common ones otherwise leave the most
 * rows to read. */
#define PAIR_SLOTS 32
#define PAIR_SLOT_BITS 2
#define PAIR_SLOT_MASK (((guint64) 1 << PAIR_SLOT_BITS) - 1)
#define PAIR_NO_SLOT ((guint8) 0xff)

/* How a row holds an exact pair, better ones higher. As no unit holds the
 * pair, a part's pinyin starts with it only where its initials do, and an
 * abbreviation of two letters is no more than that: these codes give the
 * row's class for the initials and pinyin keys. */
typedef enum
{
  PAIR_CODE_NONE,
  PAIR_CODE_PINYIN,           /* where one unit ends and the next starts */
  PAIR_CODE_INITIALS,         /* as the initials of adjacent units */
  PAIR_CODE_INITIALS_PREFIX,  /* those starting a part */
} PairCode;

/* Unit pairs: the UNIT_SLOTS pairs of letters that most rows of a shard
 * hold in their pinyin and that some unit holds (an, ng, zh, sh), which
 * are what every keystroke after a syllable's first adds to a query of
 * full pinyin, each with a slot of UNIT_SLOT_BITS bits in a per-row word
 * of a per-row pair of words giving where the row's pinyin keys hold
 * it (see UnitFlags): 16 bytes a row, as fewer slots would leave out
 * pairs (sh, ch) held by a quarter of the rows. As a pair
 * in a unit can start a part's pinyin without starting its initials, a
 * slot holds the four facts, not the best of them. A query of two
 * letters that is one of them then reads no text but in the rare rows
 * with letters, and longer ones rule out every row lacking one of their
 * unit pairs, or whose parts cannot start with them. */
#define UNIT_SLOTS 32
#define UNIT_WORDS 2
#define UNIT_SLOT_BITS 4
#define UNIT_SLOTS_PER_WORD (64 / UNIT_SLOT_BITS)
#define UNIT_SLOT_MASK (((guint64) 1 << UNIT_SLOT_BITS) - 1)

typedef enum
{
  UNIT_IN_PINYIN = 1 << 0,         /* anywhere in a part's pinyin */
  UNIT_PINYIN_START = 1 << 1,      /* starting a part's pinyin */
  UNIT_IN_INITIALS = 1 << 2,       /* anywhere in a part's initials */
  UNIT_INITIALS_START = 1 << 3,    /* starting a part's initials */
} UnitFlags;

/* Common units: the UNIT_EXACT_BITS units (syllables, letters, digits)
 * held by the most rows of a shard, each with a bit of a per-row mask
 * of UNIT_MASK_WORDS words that says exactly whether the row's pinyin
 * holds it; the other units share the mask's last UNIT_SHARED_BITS bits.
 * Names of one district use a few hundred syllables, and past the
 * hundred commonest each is held by few rows: with a mask of one word,
 * the shared bits stood for units held by a tenth of the rows each (zhu
 * of 铸造 beside zhou), which a query had to read. A query inside a syllable
 * (zho, cha, chan) is in the pinyin of every row holding a common unit
 * that contains it; and where it cannot cross from one unit to the next
 * (no pair of it is where units meet in the row), in no row lacking the
 * bits of every unit containing it. Most rows that match such a query
 * match it only there, and then need no text. A shard has fewer than
 * UNIT_TABLE_SIZE / 2 distinct units (412 syllables, 36 letters and
 * digits), all kept in an open-addressed table. */
#define UNIT_MASK_WORDS 2
#define UNIT_EXACT_BITS 120
#define UNIT_SHARED_BITS 8
#define UNIT_MAX_LEN 6

#define UNIT_TABLE_BITS 10
#define UNIT_TABLE_SIZE (1u << UNIT_TABLE_BITS)

/* Part heads: how a row's name and its first alias start, each as its
 * first unit's bit (HEAD_RARE plus the kind of its first letter for a
 * unit without one of its own, HEAD_NONE for a part without units) and
 * the kind of letter (see letter_kind()) starting its second unit, or
 * LETTER_KIND_NONE. An abbreviation takes a prefix of a part's first
 * unit and then goes on with the second's first letter, so a query rules
 * out most parts as abbreviated by their heads alone (zho: not 浙江,
 * zhe|jiang), and most rows, which have no second alias. */
#define LETTER_KIND_NONE 36
#define HEAD_RARE UNIT_EXACT_BITS
#define HEAD_NONE (HEAD_RARE + LETTER_KIND_NONE + 1)
#define NO_PART_HEAD (HEAD_NONE << 8 | LETTER_KIND_NONE)
G_STATIC_ASSERT (UNIT_EXACT_BITS + UNIT_SHARED_BITS == 64 * UNIT_MASK_WORDS);
G_STATIC_ASSERT (UNIT_MASK_WORDS == 2);  /* as masks_meet() reads them */
G_STATIC_ASSERT (HEAD_NONE <= 0xff);

/* Common joins: the JOIN_BITS pairs of adjacent units in a part held by
 * the most rows of a shard (mo|ju, ning|bo, zhong|xin), each with a bit of
 * a per-row mask that says exactly whether the row's pinyin holds it. A
 * query of full pinyin that runs from one unit into the next (moj, moju,
 * zhongx) is in the pinyin of every row holding a common join that
 * contains it: most rows that match such a query match it there, and
 * then need no text. */
#define JOIN_BITS 64
#define JOIN_KEY(a, b) ((guint32) (a) << UNIT_TABLE_BITS | (b))
#define JOIN_NO_BIT ((guint8) 0xff)

/* How keep_rows() tells rows whose pinyin holds the query without their
 * text: not at all, by the masks of units (a query inside a unit), or by
 * the masks of joins (one running into the next unit). */
typedef enum
{
  PROOF_NONE,
  PROOF_UNITS,
  PROOF_JOINS,
} Proof;

/* In the table of a shard's pairs while its codes are made: a unit pair's
 * slot has this bit, an exact pair's does not. */
#define SLOT_OF_UNIT 0x40

typedef struct
{
  guint8  *data;        /* row r is data[offsets[r]] up to a NUL */
  gsize    len;
  guint32 *offsets;     /* n_rows + 1; NULL for KEY_LENGTHS */
  guint64  histogram[256];
  guint64 *pairs;       /* per row; NULL for KEY_LENGTHS */
  guint8  *pair_bits;   /* per bucket: its bit, or PAIR_NO_BIT */
  guint32 *chars;       /* per row: its common characters; NULL if none kept */
  guint8  *char_bits;   /* per BMP character: its bit, or CHAR_NO_BIT */
} Key;

/* What a row holds, one byte a row: most rows can be ruled out for most
 * keys without reading their signatures. */
enum
{
  ROW_NAMES_LETTERS = 1 << 0,        /* ASCII letters in the names */
  ROW_NAMES_DIGITS = 1 << 1,         /* digits in the names */
  ROW_DESCRIPTION_LETTERS = 1 << 2,  /* and in the description */
  ROW_DESCRIPTION_DIGITS = 1 << 3,
  ROW_DESCRIPTION = 1 << 4,          /* any description */
  ROW_MORE_ALIASES = 1 << 5,         /* a second alias */
};

#define SIG_LETTER_MASK (((guint64) 1 << 26) - 1)
#define SIG_DIGIT_MASK ((((guint64) 1 << 10) - 1) << 26)

typedef struct
{
  guint    first_row;
  guint    n_rows;
  Key      keys[N_KEYS];
  guint64 *sigs[N_SIGS];      /* per row */
  guint8  *flags;             /* per row */
  SortedParts sorted[N_SORTED];
  /* Pairs of the pinyin that cross from one unit to the next: signatures
   * as in Key.pairs, and which pairs of bytes occur inside a unit of some
   * row. A query pair found inside no unit (nb, bl: no syllable holds it)
   * can only be in a row's pinyin where one unit ends and the next starts,
   * and an abbreviation needs a pair inside a unit (see may_improve()). */
  guint64 *boundaries;        /* per row */
  guint8  *boundary_bits;     /* per bucket: its bit, or PAIR_NO_BIT */
  guint8  *unit_pairs;        /* bit set, indexed by first byte << 8 | second */
  guint16  slot_pairs[PAIR_SLOTS];  /* first byte << 8 | second */
  guint    n_slots;
  guint64 *pair_codes;        /* per row: a PairCode in each slot */
  guint16  unit_slot_pairs[UNIT_SLOTS];  /* first byte << 8 | second */
  guint32  unit_slot_rows[UNIT_SLOTS];   /* about how many rows hold each */
  guint    n_unit_slots;
  guint64 *unit_codes;        /* per row, UNIT_WORDS words: UnitFlags in each slot */
  /* Every distinct unit, packed (see pack_unit(); 0 for an empty place),
   * with its bit in the rows' masks; and unless @units_complete, a unit
   * did not fit, which no shard should see. */
  guint64  units[UNIT_TABLE_SIZE];
  guint8   unit_bits[UNIT_TABLE_SIZE];
  gboolean units_complete;
  guint64 *common_units;      /* per row, UNIT_MASK_WORDS words: the bits of the units it holds */
  guint32 *part_heads;        /* per row: the name's, then the first alias's head unit
                               * << 8 | kind of the next letter, 16 bits each */
  guint32  join_keys[JOIN_BITS];  /* JOIN_KEY() of the places of each common join's units */
  guint    n_joins;
  guint64 *joins;             /* per row: the bits of the common joins it holds */
  guint8  *boundary_pairs;    /* bit set of the pairs where units meet in some row */
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
  guint64       pairs[N_KEYS];       /* of all the query's pairs */
  guint64       first_pair[N_KEYS];  /* of its first pair */
  guint64       some_pair[N_KEYS];   /* a row with none of these bits */
  gboolean      any_row[N_KEYS];     /* (unless this) holds none of them */
  guint64       boundaries;          /* bits a row's pinyin needs to hold it */
  gboolean      unit_pair;           /* a pair of it is inside some unit */
  guint32       chars[N_KEYS];       /* common characters of the query */
  gboolean      one_char[N_KEYS];    /* the query is one common character */
  guint8        pair_slot;           /* the query is this exact pair, or PAIR_NO_SLOT */
  guint64       slots;               /* the low bit of the slot of each exact pair of it */
  guint8        unit_slot;           /* the query is this unit pair, or PAIR_NO_SLOT */
  guint64       unit_pinyin[UNIT_WORDS];    /* UNIT_IN_PINYIN in the slot of each unit pair of it */
  guint64       unit_initials[UNIT_WORDS];  /* UNIT_IN_INITIALS in the same slots */
  guint64       unit_start[UNIT_WORDS];     /* both start flags in its first pair's slot */
  gboolean      unit_slotted;               /* any unit pair */
  gboolean      has_unit_pairs;             /* a unit pair that many rows lack */
  gboolean      first_unit_pair;            /* the first pair is a unit pair */
  guint64       unit_proof[UNIT_MASK_WORDS];  /* common units containing the query */
  guint64       unit_maybe[UNIT_MASK_WORDS];  /* and the shared bits of the others */
  gboolean      units_known;         /* these tell which rows' units contain it */
  guint64       join_proof;          /* common joins containing the query, if not @units_known */
  guint64       heads[HEAD_NONE + 1];  /* by head unit: the kinds of next letter it may abbreviate */
  guint64       span_bits;           /* boundary bits of its pairs where units meet in some row */
  gboolean      span_always;         /* one of those has no bit: held by most rows */
  guint8        names_flags;         /* flags a row needs to match by name */
  guint8        description_flags;   /* and by description */
  gsize         probes[N_KEYS][2];
} Needle;

static inline guint64
letter_bit (guint8 b)
{
  return b >= 'a' && b <= 'z' ? (guint64) 1 << (b - 'a') : 0;
}

/* Letters 0–25, digits 26–35, else LETTER_KIND_NONE. */
static inline guint
letter_kind (guint8 b)
{
  if (b >= 'a' && b <= 'z')
    return b - 'a';
  if (b >= '0' && b <= '9')
    return 26 + (b - '0');
  return LETTER_KIND_NONE;
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
  /* Two bits a character: a name has few, and a query of one character
   * then passes half as many rows that lack it as with one bit. */
  if (spread)
    return (guint64) 1 << (hash >> 26) | (guint64) 1 << ((hash >> 20) & 63);
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

static inline guint
pair_bucket (gunichar a,
             gunichar b)
{
  return ((a * 2654435761u) ^ (b * 2246822519u)) >> (32 - PAIR_BUCKET_BITS);
}

/* Sets @out to the buckets of the pairs of adjacent characters of valid
 * UTF-8 text, as folding leaves it; a part separator ends a pair. */
static void
pairs_of (const guint8 *p,
          const guint8 *end,
          GArray       *out)
{
  gunichar prev = 0;
  guint *buckets;
  guint n = 0;

  /* No more pairs than bytes. */
  g_array_set_size (out, end - p);
  buckets = (guint *) (gpointer) out->data;
  while (p < end)
    {
      gunichar c;

      /* ASCII (all of the pinyin keys) and the three-byte characters of
       * Chinese text inline; the rest through GLib. */
      if (*p < 0x80)
        {
          c = *p++;
        }
      else if ((*p & 0xf0) == 0xe0)
        {
          c = (gunichar) (p[0] & 0x0f) << 12 | (gunichar) (p[1] & 0x3f) << 6 | (p[2] & 0x3f);
          p += 3;
        }
      else
        {
          c = g_utf8_get_char ((const char *) p);
          p = (const guint8 *) g_utf8_next_char (p);
        }
      if (c == SEP)
        {
          prev = 0;
          continue;
        }
      if (prev != 0)
        buckets[n++] = pair_bucket (prev, c);
      prev = c;
    }
  g_array_set_size (out, n);
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
      g_free (shard->keys[k].pairs);
      g_free (shard->keys[k].pair_bits);
      g_free (shard->keys[k].chars);
      g_free (shard->keys[k].char_bits);
    }
  for (guint i = 0; i < N_SIGS; i++)
    g_free (shard->sigs[i]);
  g_free (shard->flags);
  g_free (shard->boundaries);
  g_free (shard->boundary_bits);
  g_free (shard->unit_pairs);
  g_free (shard->pair_codes);
  g_free (shard->unit_codes);
  g_free (shard->common_units);
  g_free (shard->part_heads);
  g_free (shard->joins);
  g_free (shard->boundary_pairs);
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

static int
compare_bucket_rows (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const guint32 *rows = user_data;
  guint32 x = rows[*(const guint32 *) a];
  guint32 y = rows[*(const guint32 *) b];

  return x > y ? -1 : x < y;
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

/* The buckets of the pairs of row @r (see pairs_of()), of a key or of
 * the boundaries between units. */
typedef void (*RowPairsFunc) (gconstpointer  source,
                              guint          r,
                              GArray        *out);

static void
key_row_pairs (gconstpointer  source,
               guint          r,
               GArray        *out)
{
  const Key *key = source;

  pairs_of (key->data + key->offsets[r], key->data + key->offsets[r + 1] - 1, out);
}

/* Chooses the bits of the pair buckets (see PAIR_BUCKETS) from how many
 * rows hold each, and makes every row's pair signature. */
static void
build_pair_signatures (gconstpointer   source,
                       RowPairsFunc    row_pairs,
                       guint           n_rows,
                       guint8        **bits_out,
                       guint64       **sigs_out)
{
  g_autofree guint32 *rows = g_new0 (guint32, PAIR_BUCKETS);
  g_autofree guint32 *seen = g_new0 (guint32, PAIR_BUCKETS);
  g_autofree guint32 *order = g_new (guint32, PAIR_BUCKETS);
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint));
  guint64 load[64] = { 0 };
  guint8 *bits;
  guint64 *sigs;

  /* How many rows hold each bucket, counted on every PAIR_SAMPLE-th row:
   * enough to tell the common pairs from the rare. */
  for (guint r = 0; r < n_rows; r += PAIR_SAMPLE)
    {
      row_pairs (source, r, pairs);
      for (guint i = 0; i < pairs->len; i++)
        {
          guint bucket = g_array_index (pairs, guint, i);

          if (seen[bucket] != r + 1)
            {
              seen[bucket] = r + 1;
              rows[bucket] += PAIR_SAMPLE;
            }
        }
    }

  /* The most frequent first, each to the bit set in the fewest rows so
   * far. The buckets no sampled row holds share the last bit, set only
   * in the few rows that hold one of them: a query with such a pair
   * (bl is in no syllable and crosses none) rules out nearly every row. */
  for (guint b = 0; b < PAIR_BUCKETS; b++)
    order[b] = b;
  g_qsort_with_data (order, PAIR_BUCKETS, sizeof (guint32), compare_bucket_rows, rows);
  bits = g_new (guint8, PAIR_BUCKETS);
  for (guint i = 0; i < PAIR_BUCKETS; i++)
    {
      guint bucket = order[i];
      guint lightest = 0;

      if (rows[bucket] > n_rows / 4 * 3)
        {
          bits[bucket] = PAIR_NO_BIT;
          continue;
        }
      if (rows[bucket] == 0)
        {
          bits[bucket] = 63;
          continue;
        }
      for (guint bit = 1; bit < 63; bit++)
        if (load[bit] < load[lightest])
          lightest = bit;
      bits[bucket] = (guint8) lightest;
      load[lightest] += rows[bucket];
    }

  sigs = g_new (guint64, MAX (n_rows, 1));
  for (guint r = 0; r < n_rows; r++)
    {
      guint64 sig = 0;

      row_pairs (source, r, pairs);
      for (guint i = 0; i < pairs->len; i++)
        {
          guint8 bit = bits[g_array_index (pairs, guint, i)];

          if (bit != PAIR_NO_BIT)
            sig |= (guint64) 1 << bit;
        }
      sigs[r] = sig;
    }
  *bits_out = bits;
  *sigs_out = sigs;
}

static void
key_build_pairs (Key   *key,
                 guint  n_rows)
{
  build_pair_signatures (key, key_row_pairs, n_rows, &key->pair_bits, &key->pairs);
}

/* The buckets of the pairs of the pinyin of row @r where one unit ends
 * and the next starts, in the same part. */
static void
boundary_row_pairs (gconstpointer  source,
                    guint          r,
                    GArray        *out)
{
  const Shard *shard = source;
  const guint8 *pinyin = row_start (&shard->keys[KEY_PINYIN], r);
  const guint8 *l = shard->keys[KEY_LENGTHS].data + shard->keys[KEY_INITIALS].offsets[r];
  const guint8 *l_end = shard->keys[KEY_LENGTHS].data + shard->keys[KEY_INITIALS].offsets[r + 1] - 1;

  g_array_set_size (out, 0);
  for (; l < l_end; l++)
    {
      if (*l == SEP)
        {
          pinyin++;
          continue;
        }
      pinyin += *l;
      if (l + 1 < l_end && l[1] != SEP)
        {
          guint bucket = pair_bucket (pinyin[-1], pinyin[0]);

          g_array_append_val (out, bucket);
        }
    }
}

static inline void
pair_set_add (guint8 *set,
              guint8  a,
              guint8  b)
{
  guint i = (guint) a << 8 | b;

  set[i >> 3] |= (guint8) (1u << (i & 7));
}

static inline gboolean
pair_set_has (const guint8 *set,
              guint8        a,
              guint8        b)
{
  guint i = (guint) a << 8 | b;

  return (set[i >> 3] >> (i & 7)) & 1;
}

/* A unit of @len bytes (1 to UNIT_MAX_LEN) as one word, never 0. */
static inline guint64
pack_unit (const guint8 *p,
           guint         len)
{
  guint64 packed = (guint64) len << 56;

  for (guint i = 0; i < len; i++)
    packed |= (guint64) p[i] << (8 * i);
  return packed;
}

/* Where @packed is in the shard's table of units, or the empty place
 * where it would go; UNIT_TABLE_SIZE if it is not there and the table is
 * full. */
static inline guint
unit_place (const Shard *shard,
            guint64      packed)
{
  guint i = (guint) ((packed * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> (64 - UNIT_TABLE_BITS));

  for (guint n = 0; n < UNIT_TABLE_SIZE; n++, i = (i + 1) & (UNIT_TABLE_SIZE - 1))
    if (shard->units[i] == packed || shard->units[i] == 0)
      return i;
  return UNIT_TABLE_SIZE;
}

/* Sorts indices by the counts they index (@user_data), most first; ties
 * by index, so that the choice does not depend on the sort. */
static int
compare_by_count (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const guint32 *counts = user_data;
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  if (counts[x] != counts[y])
    return counts[x] > counts[y] ? -1 : 1;
  return x > y ? 1 : -1;
}

/* The head (see HEAD_RARE) of the part whose lengths start at @l and
 * pinyin at @pinyin; @places gives each unit's place in the table of
 * units, by its length's offset in the lengths key. */
static guint16
part_head (const Shard   *shard,
           const guint16 *places,
           const guint8  *l,
           const guint8  *l_end,
           const guint8  *pinyin)
{
  guint place;
  guint head;
  guint next = LETTER_KIND_NONE;

  if (l == l_end || *l == SEP)
    return NO_PART_HEAD;
  place = places[l - shard->keys[KEY_LENGTHS].data];
  head = place < UNIT_TABLE_SIZE && shard->unit_bits[place] < UNIT_EXACT_BITS ?
         shard->unit_bits[place] : HEAD_RARE + letter_kind (pinyin[0]);
  if (l + 1 < l_end && l[1] != SEP)
    next = letter_kind (pinyin[*l]);
  return (guint16) (head << 8 | next);
}

/* Makes every row's mask of the shard's units (see UNIT_EXACT_BITS) and
 * its heads, from each unit's place in the table of units (see
 * part_head()) and how many rows hold the unit there. The rarer units
 * each take the shared bit set in the fewest rows so far, the most
 * common first. */
static void
shard_build_common_units (Shard         *shard,
                          const guint32 *rows,
                          const guint16 *places)
{
  guint32 order[UNIT_TABLE_SIZE];
  guint64 load[UNIT_SHARED_BITS] = { 0 };

  for (guint i = 0; i < UNIT_TABLE_SIZE; i++)
    order[i] = i;
  g_qsort_with_data (order, UNIT_TABLE_SIZE, sizeof (guint32), compare_by_count, (gpointer) rows);
  for (guint i = 0; i < UNIT_TABLE_SIZE; i++)
    {
      guint lightest = 0;

      if (i < UNIT_EXACT_BITS)
        {
          shard->unit_bits[order[i]] = (guint8) i;
          continue;
        }
      for (guint b = 1; b < UNIT_SHARED_BITS; b++)
        if (load[b] < load[lightest])
          lightest = b;
      shard->unit_bits[order[i]] = (guint8) (UNIT_EXACT_BITS + lightest);
      load[lightest] += rows[order[i]];
    }

  shard->common_units = g_new (guint64, MAX ((gsize) shard->n_rows * UNIT_MASK_WORDS, 1));
  shard->part_heads = g_new (guint32, MAX (shard->n_rows, 1));
  for (guint r = 0; r < shard->n_rows; r++)
    {
      const guint8 *pinyin = row_start (&shard->keys[KEY_PINYIN], r);
      const guint8 *l = shard->keys[KEY_LENGTHS].data + shard->keys[KEY_INITIALS].offsets[r];
      const guint8 *l_end = shard->keys[KEY_LENGTHS].data + shard->keys[KEY_INITIALS].offsets[r + 1] - 1;
      guint64 mask[UNIT_MASK_WORDS] = { 0 };
      guint32 heads = part_head (shard, places, l, l_end, pinyin) | (guint32) NO_PART_HEAD << 16;
      gboolean name = TRUE;

      for (; l < l_end; l++)
        {
          guint place;

          if (*l == SEP)
            {
              pinyin++;
              if (name)
                heads = (heads & 0xffff) |
                        (guint32) part_head (shard, places, l + 1, l_end, pinyin) << 16;
              name = FALSE;
              continue;
            }
          place = places[l - shard->keys[KEY_LENGTHS].data];
          if (place < UNIT_TABLE_SIZE)
            mask[shard->unit_bits[place] / 64] |= (guint64) 1 << (shard->unit_bits[place] % 64);
          pinyin += *l;
        }
      memcpy (shard->common_units + (gsize) r * UNIT_MASK_WORDS, mask, sizeof mask);
      shard->part_heads[r] = heads;
    }
}

/* The pairs of adjacent units in the parts of one row, as JOIN_KEY()s
 * of their places (see shard_build_boundaries()). */
typedef struct
{
  const guint8  *l;
  const guint8  *end;
  const guint8  *lengths;
  const guint16 *places;
  guint          previous;  /* the last unit's place, or UNIT_TABLE_SIZE */
} JoinIter;

static void
join_iter_init (JoinIter      *iter,
                const Shard   *shard,
                const guint16 *places,
                guint          r)
{
  iter->lengths = shard->keys[KEY_LENGTHS].data;
  iter->l = iter->lengths + shard->keys[KEY_INITIALS].offsets[r];
  iter->end = iter->lengths + shard->keys[KEY_INITIALS].offsets[r + 1] - 1;
  iter->places = places;
  iter->previous = UNIT_TABLE_SIZE;
}

static inline gboolean
join_iter_next (JoinIter *iter,
                guint32  *key)
{
  while (iter->l < iter->end)
    {
      guint a = iter->previous;
      guint b = *iter->l == SEP ? UNIT_TABLE_SIZE : iter->places[iter->l - iter->lengths];

      iter->l++;
      iter->previous = b;
      if (a < UNIT_TABLE_SIZE && b < UNIT_TABLE_SIZE)
        {
          *key = JOIN_KEY (a, b);
          return TRUE;
        }
    }
  return FALSE;
}

/* The index of the join of the units at places @key (a JOIN_KEY()) in a
 * table of the joins of @n_units units, by each place's @dense index. */
static inline guint32
join_pair (const guint16 *dense,
           guint          n_units,
           guint32        key)
{
  return dense[key >> UNIT_TABLE_BITS] * n_units + dense[key & (UNIT_TABLE_SIZE - 1)];
}

/* Chooses the shard's common joins, by how many rows hold them, and
 * makes every row's mask of them. Joins are counted by the units the
 * shard has (a few hundred), not by all places of the table. */
static void
shard_build_joins (Shard         *shard,
                   const guint16 *places)
{
  guint16 dense[UNIT_TABLE_SIZE];
  guint16 place_of[UNIT_TABLE_SIZE];
  guint n_units = 0;
  gsize n_pairs;
  g_autofree guint32 *rows = NULL;
  g_autofree guint32 *seen = NULL;
  g_autofree guint8 *bits = NULL;
  g_autoptr(GArray) held = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint i = 0; i < UNIT_TABLE_SIZE; i++)
    {
      dense[i] = (guint16) n_units;
      if (shard->units[i] != 0)
        place_of[n_units++] = (guint16) i;
    }
  n_pairs = MAX ((gsize) n_units * n_units, 1);
  rows = g_new0 (guint32, n_pairs);
  seen = g_new0 (guint32, n_pairs);

  for (guint r = 0; r < shard->n_rows; r++)
    {
      JoinIter iter;
      guint32 key;

      join_iter_init (&iter, shard, places, r);
      while (join_iter_next (&iter, &key))
        {
          guint32 pair = join_pair (dense, n_units, key);

          if (seen[pair] == r + 1)
            continue;
          seen[pair] = r + 1;
          if (rows[pair]++ == 0)
            g_array_append_val (held, pair);
        }
    }
  g_array_sort_with_data (held, compare_by_count, rows);

  bits = g_malloc (n_pairs);
  memset (bits, JOIN_NO_BIT, n_pairs);
  shard->n_joins = MIN (held->len, JOIN_BITS);
  for (guint i = 0; i < shard->n_joins; i++)
    {
      guint32 pair = g_array_index (held, guint32, i);

      shard->join_keys[i] = JOIN_KEY (place_of[pair / n_units], place_of[pair % n_units]);
      bits[pair] = (guint8) i;
    }

  shard->joins = g_new (guint64, MAX (shard->n_rows, 1));
  for (guint r = 0; r < shard->n_rows; r++)
    {
      JoinIter iter;
      guint32 key;
      guint64 mask = 0;

      join_iter_init (&iter, shard, places, r);
      while (join_iter_next (&iter, &key))
        {
          guint8 bit = bits[join_pair (dense, n_units, key)];

          mask |= bit != JOIN_NO_BIT ? (guint64) 1 << bit : 0;
        }
      shard->joins[r] = mask;
    }
}

/* Makes the shard's boundary signatures, its sets of pairs inside a unit
 * and where units meet, and its units, from every row: these must be
 * exact. */
static void
shard_build_boundaries (Shard *shard)
{
  g_autofree guint32 *rows = g_new0 (guint32, UNIT_TABLE_SIZE);
  g_autofree guint32 *seen = g_new0 (guint32, UNIT_TABLE_SIZE);
  /* Each unit's place, so that the masks need not look it up again. */
  g_autofree guint16 *places = g_new (guint16, MAX (shard->keys[KEY_LENGTHS].len, 1));

  shard->unit_pairs = g_new0 (guint8, 0x10000 / 8);
  shard->boundary_pairs = g_new0 (guint8, 0x10000 / 8);
  shard->units_complete = TRUE;
  for (guint r = 0; r < shard->n_rows; r++)
    {
      const guint8 *pinyin = row_start (&shard->keys[KEY_PINYIN], r);
      const guint8 *l = shard->keys[KEY_LENGTHS].data + shard->keys[KEY_INITIALS].offsets[r];
      const guint8 *l_end = shard->keys[KEY_LENGTHS].data + shard->keys[KEY_INITIALS].offsets[r + 1] - 1;

      for (; l < l_end; l++)
        {
          guint64 packed;
          guint place;

          if (*l == SEP)
            {
              pinyin++;
              continue;
            }
          packed = pack_unit (pinyin, *l);
          place = unit_place (shard, packed);
          places[l - shard->keys[KEY_LENGTHS].data] = (guint16) place;
          if (place == UNIT_TABLE_SIZE)
            {
              shard->units_complete = FALSE;
            }
          else
            {
              shard->units[place] = packed;
              rows[place] += seen[place] != r + 1;
              seen[place] = r + 1;
            }
          for (guint j = 1; j < *l; j++)
            pair_set_add (shard->unit_pairs, pinyin[j - 1], pinyin[j]);
          pinyin += *l;
          if (l + 1 < l_end && l[1] != SEP)
            pair_set_add (shard->boundary_pairs, pinyin[-1], pinyin[0]);
        }
    }
  build_pair_signatures (shard, boundary_row_pairs, shard->n_rows, &shard->boundary_bits,
                         &shard->boundaries);
  shard_build_common_units (shard, rows, places);
  shard_build_joins (shard, places);
}

/* Raises the code of @slot in @codes to @code. */
static inline void
raise_pair_code (guint64 *codes,
                 guint8   slot,
                 PairCode code)
{
  guint shift = slot * PAIR_SLOT_BITS;

  if (((*codes >> shift) & PAIR_SLOT_MASK) < (guint64) code)
    *codes = (*codes & ~(PAIR_SLOT_MASK << shift)) | (guint64) code << shift;
}

/* How one key of a row holds the shard's pairs: exact pairs get @inside,
 * or @at_start where they start a part; unit pairs the flags @in_unit, and
 * @unit_start too where they start a part. */
typedef struct
{
  PairCode  at_start;
  PairCode  inside;
  UnitFlags in_unit;
  UnitFlags unit_start;
} KeyCodes;

/* Raises the codes of the slotted pairs in one row of a key (see
 * KeyCodes). */
static void
raise_pair_codes (const guint8   *p,
                  const guint8   *end,
                  const guint8   *slot_of,
                  const KeyCodes *how,
                  guint64        *codes,
                  guint64        *unit_codes)
{
  for (const guint8 *s = p; s + 1 < end; s++)
    {
      guint8 slot;
      gboolean at_start;

      if (s[0] == SEP || s[1] == SEP)
        continue;
      slot = slot_of[(guint) s[0] << 8 | s[1]];
      if (slot == PAIR_NO_SLOT)
        continue;
      at_start = s == p || s[-1] == SEP;
      if (slot & SLOT_OF_UNIT)
        {
          slot &= ~SLOT_OF_UNIT;
          unit_codes[slot / UNIT_SLOTS_PER_WORD] |=
            (guint64) (how->in_unit | (at_start ? how->unit_start : 0))
            << (slot % UNIT_SLOTS_PER_WORD * UNIT_SLOT_BITS);
        }
      else
        raise_pair_code (codes, slot, at_start ? how->at_start : how->inside);
    }
}

/* Counts, in @rows, how many rows hold each pair of a key that @inside_unit
 * says is inside some unit or not, adding each pair to @held the first
 * time. Every PAIR_SAMPLE-th row is enough to tell the common pairs. */
static void
count_pairs (const Shard *shard,
             const Key   *key,
             gboolean     inside_unit,
             guint32     *rows,
             guint32     *seen,
             GArray      *held)
{
  for (guint r = 0; r < shard->n_rows; r += PAIR_SAMPLE)
    {
      const guint8 *p = row_start (key, r);
      const guint8 *end = key->data + key->offsets[r + 1] - 1;

      for (; p + 1 < end; p++)
        {
          guint pair = (guint) p[0] << 8 | p[1];

          if (p[0] == SEP || p[1] == SEP ||
              pair_set_has (shard->unit_pairs, p[0], p[1]) != inside_unit || seen[pair] == r + 1)
            continue;
          seen[pair] = r + 1;
          if (rows[pair]++ == 0)
            g_array_append_val (held, pair);
        }
    }
  g_qsort_with_data (held->data, held->len, sizeof (guint32), compare_by_count, rows);
}

/* Chooses the shard's exact pairs (see PAIR_SLOTS) from the initials and
 * its unit pairs (see UNIT_SLOTS) from the pinyin of every PAIR_SAMPLE-th
 * row, and makes every row's codes of them. Needs the pairs inside units,
 * which keep the two kinds apart: the arrays of counts serve both. */
static void
shard_build_pair_codes (Shard *shard)
{
  static const KeyCodes by_initials = {
    PAIR_CODE_INITIALS_PREFIX, PAIR_CODE_INITIALS, UNIT_IN_INITIALS, UNIT_INITIALS_START,
  };
  static const KeyCodes by_pinyin = {
    PAIR_CODE_PINYIN, PAIR_CODE_PINYIN, UNIT_IN_PINYIN, UNIT_PINYIN_START,
  };
  const Key *initials = &shard->keys[KEY_INITIALS];
  const Key *pinyin = &shard->keys[KEY_PINYIN];
  g_autofree guint32 *rows = g_new0 (guint32, 0x10000);
  g_autofree guint32 *seen = g_new0 (guint32, 0x10000);
  g_autofree guint8 *slot_of = g_new (guint8, 0x10000);
  g_autoptr(GArray) held = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) unit_held = g_array_new (FALSE, FALSE, sizeof (guint32));

  count_pairs (shard, initials, FALSE, rows, seen, held);
  count_pairs (shard, pinyin, TRUE, rows, seen, unit_held);

  memset (slot_of, PAIR_NO_SLOT, 0x10000);
  shard->n_slots = MIN (held->len, PAIR_SLOTS);
  for (guint i = 0; i < shard->n_slots; i++)
    {
      shard->slot_pairs[i] = (guint16) g_array_index (held, guint32, i);
      slot_of[shard->slot_pairs[i]] = (guint8) i;
    }
  shard->n_unit_slots = MIN (unit_held->len, UNIT_SLOTS);
  for (guint i = 0; i < shard->n_unit_slots; i++)
    {
      shard->unit_slot_pairs[i] = (guint16) g_array_index (unit_held, guint32, i);
      shard->unit_slot_rows[i] = rows[shard->unit_slot_pairs[i]] * PAIR_SAMPLE;
      slot_of[shard->unit_slot_pairs[i]] = (guint8) (SLOT_OF_UNIT | i);
    }

  shard->pair_codes = g_new (guint64, MAX (shard->n_rows, 1));
  shard->unit_codes = g_new0 (guint64, (gsize) MAX (shard->n_rows, 1) * UNIT_WORDS);
  for (guint r = 0; r < shard->n_rows; r++)
    {
      guint64 codes = 0;
      guint64 *unit_codes = shard->unit_codes + (gsize) r * UNIT_WORDS;

      raise_pair_codes (row_start (initials, r), row_end (initials, r), slot_of, &by_initials,
                        &codes, unit_codes);
      raise_pair_codes (row_start (pinyin, r), row_end (pinyin, r), slot_of, &by_pinyin,
                        &codes, unit_codes);
      shard->pair_codes[r] = codes;
    }
}

/* The character at @p, as folding leaves it, and moves @p past it. */
static inline gunichar
next_char (const guint8 **p)
{
  const guint8 *s = *p;
  gunichar c;

  if (*s < 0x80)
    {
      c = *s;
      *p = s + 1;
    }
  else if ((*s & 0xf0) == 0xe0)
    {
      c = (gunichar) (s[0] & 0x0f) << 12 | (gunichar) (s[1] & 0x3f) << 6 | (s[2] & 0x3f);
      *p = s + 3;
    }
  else
    {
      c = g_utf8_get_char ((const char *) s);
      *p = (const guint8 *) g_utf8_next_char (s);
    }
  return c;
}

static int
compare_char_rows (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const guint32 *rows = user_data;
  guint32 x = rows[*(const guint32 *) a];
  guint32 y = rows[*(const guint32 *) b];

  /* Ties by character, so that the choice does not depend on the sort. */
  if (x != y)
    return x > y ? -1 : 1;
  return *(const guint32 *) a > *(const guint32 *) b ? 1 : -1;
}

/* Chooses a key's common characters (see CHAR_BITS), counted on every
 * PAIR_SAMPLE-th row, and makes every row's mask of them. */
static void
key_build_chars (Key   *key,
                 guint  n_rows)
{
  g_autofree guint32 *rows = g_new0 (guint32, CHAR_TABLE_SIZE);
  g_autofree guint32 *seen = g_new0 (guint32, CHAR_TABLE_SIZE);
  g_autoptr(GArray) held = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint r = 0; r < n_rows; r += PAIR_SAMPLE)
    {
      const guint8 *p = key->data + key->offsets[r];
      const guint8 *end = key->data + key->offsets[r + 1] - 1;

      while (p < end)
        {
          gunichar c = next_char (&p);

          if (c < 0x80 || c >= CHAR_TABLE_SIZE || seen[c] == r + 1)
            continue;
          seen[c] = r + 1;
          if (rows[c]++ == 0)
            g_array_append_val (held, c);
        }
    }
  g_qsort_with_data (held->data, held->len, sizeof (guint32), compare_char_rows, rows);

  key->char_bits = g_new (guint8, CHAR_TABLE_SIZE);
  memset (key->char_bits, CHAR_NO_BIT, CHAR_TABLE_SIZE);
  for (guint i = 0; i < MIN (held->len, CHAR_BITS); i++)
    key->char_bits[g_array_index (held, guint32, i)] = (guint8) i;

  key->chars = g_new (guint32, MAX (n_rows, 1));
  for (guint r = 0; r < n_rows; r++)
    {
      const guint8 *p = key->data + key->offsets[r];
      const guint8 *end = key->data + key->offsets[r + 1] - 1;
      guint32 mask = 0;

      while (p < end)
        {
          gunichar c = next_char (&p);

          if (c >= 0x80 && c < CHAR_TABLE_SIZE && key->char_bits[c] != CHAR_NO_BIT)
            mask |= (guint32) 1 << key->char_bits[c];
        }
      key->chars[r] = mask;
    }
}

/* Has the row, whose names key starts at @names, a second alias? */
static gboolean
second_alias (const guint8 *names)
{
  const char *first = strchr ((const char *) names, SEP);

  return first != NULL && strchr (first + 1, SEP) != NULL;
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
  for (guint k = 0; k < N_KEYS; k++)
    if (k != KEY_LENGTHS)
      key_build_pairs (&shard->keys[k], n_rows);
  key_build_chars (&shard->keys[KEY_NAMES], n_rows);
  key_build_chars (&shard->keys[KEY_DESCRIPTION], n_rows);
  shard_build_boundaries (shard);
  shard_build_pair_codes (shard);
  shard->flags = g_new (guint8, MAX (n_rows, 1));
  for (guint r = 0; r < n_rows; r++)
    {
      const guint32 *description = shard->keys[KEY_DESCRIPTION].offsets;

      guint64 names = shard->sigs[SIG_NAMES][r];
      guint64 text = shard->sigs[SIG_DESCRIPTION][r];

      shard->flags[r] = ((names & SIG_LETTER_MASK) != 0 ? ROW_NAMES_LETTERS : 0) |
                        ((names & SIG_DIGIT_MASK) != 0 ? ROW_NAMES_DIGITS : 0) |
                        ((text & SIG_LETTER_MASK) != 0 ? ROW_DESCRIPTION_LETTERS : 0) |
                        ((text & SIG_DIGIT_MASK) != 0 ? ROW_DESCRIPTION_DIGITS : 0) |
                        (description[r + 1] - description[r] > 1 ? ROW_DESCRIPTION : 0) |
                        (second_alias (row_start (&shard->keys[KEY_NAMES], r)) ? ROW_MORE_ALIASES : 0);
    }
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
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint));

  needle->text = (const guint8 *) query->text;
  needle->len = query->len;
  needle->pinyin = query->pinyin;
  signatures_of (query->text, query->len, &needle->signatures[SIG_NAMES],
                 &needle->signatures[SIG_NAMES_SPREAD]);
  for (guint i = SIG_INITIALS; i < N_SIGS; i++)
    needle->signatures[i] = needle->signatures[SIG_NAMES];

  pairs_of (needle->text, needle->text + needle->len, pairs);
  for (guint k = 0; k < N_KEYS; k++)
    {
      const guint8 *bits = shard->keys[k].pair_bits;

      needle->pairs[k] = 0;
      needle->first_pair[k] = 0;
      needle->some_pair[k] = 0;
      needle->any_row[k] = pairs->len == 0;
      if (bits == NULL)
        continue;
      for (guint i = 0; i < pairs->len; i++)
        {
          guint8 bit = bits[g_array_index (pairs, guint, i)];

          if (bit == PAIR_NO_BIT)
            {
              needle->any_row[k] = TRUE;
              continue;
            }
          needle->pairs[k] |= (guint64) 1 << bit;
          if (i == 0)
            needle->first_pair[k] = (guint64) 1 << bit;
        }
      needle->some_pair[k] = needle->pairs[k];
    }

  needle->pair_slot = PAIR_NO_SLOT;
  needle->slots = 0;
  for (gsize i = 1; needle->pinyin && i < needle->len; i++)
    for (guint j = 0; j < shard->n_slots; j++)
      if (shard->slot_pairs[j] == ((guint) needle->text[i - 1] << 8 | needle->text[i]))
        {
          needle->slots |= (guint64) 1 << (j * PAIR_SLOT_BITS);
          if (needle->len == 2)
            needle->pair_slot = (guint8) j;
        }

  needle->unit_slot = PAIR_NO_SLOT;
  needle->unit_slotted = FALSE;
  needle->has_unit_pairs = FALSE;
  needle->first_unit_pair = FALSE;
  for (guint w = 0; w < UNIT_WORDS; w++)
    {
      needle->unit_pinyin[w] = 0;
      needle->unit_initials[w] = 0;
      needle->unit_start[w] = 0;
    }
  for (gsize i = 1; needle->pinyin && i < needle->len; i++)
    for (guint j = 0; j < shard->n_unit_slots; j++)
      if (shard->unit_slot_pairs[j] == ((guint) needle->text[i - 1] << 8 | needle->text[i]))
        {
          guint w = j / UNIT_SLOTS_PER_WORD;
          guint shift = j % UNIT_SLOTS_PER_WORD * UNIT_SLOT_BITS;

          /* A pair nearly every row holds (an) rules out too few rows
           * to be worth reading the flags of every row for. */
          needle->has_unit_pairs |= shard->unit_slot_rows[j] <= shard->n_rows / 4 * 3;
          needle->unit_slotted = TRUE;
          needle->unit_pinyin[w] |= (guint64) UNIT_IN_PINYIN << shift;
          needle->unit_initials[w] |= (guint64) UNIT_IN_INITIALS << shift;
          /* A part starts with the query only where it starts with its
           * first pair, in the pinyin or (one letter from each of the
           * first two units) in the initials. */
          if (i == 1)
            {
              needle->first_unit_pair = TRUE;
              needle->unit_start[w] = (guint64) (UNIT_PINYIN_START | UNIT_INITIALS_START) << shift;
            }
          if (needle->len == 2)
            needle->unit_slot = (guint8) j;
        }

  needle->boundaries = 0;
  needle->unit_pair = FALSE;
  for (gsize i = 1; i < needle->len; i++)
    {
      guint8 bit;

      if (pair_set_has (shard->unit_pairs, needle->text[i - 1], needle->text[i]))
        {
          needle->unit_pair = TRUE;
          continue;
        }
      bit = shard->boundary_bits[pair_bucket (needle->text[i - 1], needle->text[i])];
      if (bit != PAIR_NO_BIT)
        needle->boundaries |= (guint64) 1 << bit;
    }

  for (guint k = 0; k < N_KEYS; k++)
    {
      const guint8 *bits = shard->keys[k].char_bits;
      const guint8 *p = needle->text;
      const guint8 *end = needle->text + needle->len;
      guint n_chars = 0;
      gboolean all_common = TRUE;

      needle->chars[k] = 0;
      needle->one_char[k] = FALSE;
      if (bits == NULL)
        continue;
      while (p < end)
        {
          gunichar c = next_char (&p);

          n_chars++;
          if (c >= 0x80 && c < CHAR_TABLE_SIZE && bits[c] != CHAR_NO_BIT)
            needle->chars[k] |= (guint32) 1 << bits[c];
          else
            all_common = FALSE;
        }
      needle->one_char[k] = n_chars == 1 && all_common;
    }

  needle->names_flags = 0;
  needle->description_flags = ROW_DESCRIPTION;
  if (needle->pinyin)
    {
      /* Only ASCII letters and digits: a row without them cannot match
       * its names or description. */
      guint64 kinds = needle->signatures[SIG_NAMES];

      needle->names_flags = ((kinds & SIG_LETTER_MASK) != 0 ? ROW_NAMES_LETTERS : 0) |
                            ((kinds & SIG_DIGIT_MASK) != 0 ? ROW_NAMES_DIGITS : 0);
      needle->description_flags = ((kinds & SIG_LETTER_MASK) != 0 ? ROW_DESCRIPTION_LETTERS : 0) |
                                  ((kinds & SIG_DIGIT_MASK) != 0 ? ROW_DESCRIPTION_DIGITS : 0);
    }

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

/* The bytes of a unit packed by pack_unit() into @out; its length. */
static guint
unpack_unit (guint64 packed,
             guint8  out[8])
{
  for (guint j = 0; j < 8; j++)
    out[j] = (guint8) (packed >> (8 * j));
  return (guint) (packed >> 56);
}

/* Do the @len bytes at @text hold the needle? */
static gboolean
holds (const guint8 *text,
       gsize         len,
       const Needle *needle)
{
  for (gsize at = 0; at + needle->len <= len; at++)
    if (memcmp (text + at, needle->text, needle->len) == 0)
      return TRUE;
  return FALSE;
}

/* What only a scan of many rows uses: which common units contain the
 * query, the bits of the others that do, the bits of the boundaries it
 * could cross, and which common joins contain it. */
static void
needle_init_units (Needle      *needle,
                   const Shard *shard)
{
  gboolean all_in_units = TRUE;

  memset (needle->unit_proof, 0, sizeof needle->unit_proof);
  memset (needle->unit_maybe, 0, sizeof needle->unit_maybe);
  /* Only a query whose pairs are all inside units can be inside one; for
   * another, the masks say no more than the boundaries do. */
  for (gsize i = 1; i < needle->len; i++)
    all_in_units &= pair_set_has (shard->unit_pairs, needle->text[i - 1], needle->text[i]);
  needle->units_known = needle->pinyin && needle->len <= UNIT_MAX_LEN && shard->units_complete &&
                        all_in_units;
  needle->span_bits = 0;
  needle->span_always = FALSE;
  for (guint i = 0; needle->units_known && i < UNIT_TABLE_SIZE; i++)
    {
      guint64 packed = shard->units[i];
      guint8 unit[8];
      guint len = (guint) (packed >> 56);
      guint bit = shard->unit_bits[i];

      if (packed == 0 || len < needle->len)
        continue;
      unpack_unit (packed, unit);
      if (!holds (unit, len, needle))
        continue;
      if (bit < UNIT_EXACT_BITS)
        needle->unit_proof[bit / 64] |= (guint64) 1 << (bit % 64);
      needle->unit_maybe[bit / 64] |= (guint64) 1 << (bit % 64);
    }
  /* A part whose first unit has a bit of its own is abbreviated only if
   * the query starts with a prefix of the unit and then goes on with the
   * second unit's first letter, or is a prefix of the unit; one without
   * only if its unit starts with the query's first letter. */
  for (guint h = 0; h <= HEAD_NONE; h++)
    needle->heads[h] = h == HEAD_RARE + letter_kind (needle->text[0]) ? G_MAXUINT64 : 0;
  for (guint i = 0; needle->pinyin && i < UNIT_TABLE_SIZE; i++)
    {
      guint64 packed = shard->units[i];
      guint len = (guint) (packed >> 56);
      guint64 ok = 0;

      if (packed == 0 || shard->unit_bits[i] >= UNIT_EXACT_BITS)
        continue;
      for (guint j = 1; j <= len && j <= needle->len; j++)
        {
          if ((guint8) (packed >> (8 * (j - 1))) != needle->text[j - 1])
            break;
          ok |= j == needle->len ? G_MAXUINT64 : (guint64) 1 << letter_kind (needle->text[j]);
        }
      needle->heads[shard->unit_bits[i]] = ok;
    }

  /* A query inside a unit has the masks of units; one running into the
   * next unit may have common joins that hold it. */
  needle->join_proof = 0;
  for (guint i = 0; needle->pinyin && !needle->units_known && needle->len <= 2 * UNIT_MAX_LEN &&
                    i < shard->n_joins; i++)
    {
      guint8 join[16];
      guint len = unpack_unit (shard->units[shard->join_keys[i] >> UNIT_TABLE_BITS], join);

      len += unpack_unit (shard->units[shard->join_keys[i] & (UNIT_TABLE_SIZE - 1)], join + len);
      if (holds (join, len, needle))
        needle->join_proof |= (guint64) 1 << i;
    }

  for (gsize i = 1; i < needle->len; i++)
    {
      guint8 bit;

      if (!pair_set_has (shard->boundary_pairs, needle->text[i - 1], needle->text[i]))
        continue;
      bit = shard->boundary_bits[pair_bucket (needle->text[i - 1], needle->text[i])];
      if (bit == PAIR_NO_BIT)
        needle->span_always = TRUE;
      else
        needle->span_bits |= (guint64) 1 << bit;
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

/* Lowers @best to @c if that is better. A function, not MIN(), which
 * would evaluate a match twice. */
static inline guint8
better (guint8 best,
        guint8 c)
{
  return c < best ? c : best;
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
      best = better (best, classify_hit (hit, k->data, needle->len, exact, at_start, inside));
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

/* Has @word every bit of @bits? */
static inline gboolean
has_bits (guint64 word,
          guint64 bits)
{
  return (word & bits) == bits;
}

/* Have a row's unit codes @codes every bit of @bits? */
static inline gboolean
units_have (const guint64 *codes,
            const guint64 *bits)
{
  return has_bits (codes[0], bits[0]) & has_bits (codes[1], bits[1]);
}

/* Has a row's mask of units @held any bit of @bits? */
static inline gboolean
masks_meet (const guint64 *held,
            const guint64 *bits)
{
  return ((held[0] & bits[0]) | (held[1] & bits[1])) != 0;
}

/* Can a part of the row start with the query, as far as its unit codes
 * @codes tell? Only if it starts with the query's first pair. */
static inline gboolean
units_may_start (const guint64 *codes,
                 const Needle  *needle)
{
  return (!needle->first_unit_pair) |
         (((codes[0] & needle->unit_start[0]) | (codes[1] & needle->unit_start[1])) != 0);
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
  return has_signature (shard, key_signature (needle, key), local, needle) &&
         has_bits (shard->keys[key].pairs[local], needle->pairs[key]);
}

/* Can an abbreviation that is not an initials prefix (which the initials
 * find) start in the row? Its first two letters are either in one unit or
 * the initials of two, and at least one unit gives two letters or more:
 * some pair of the query is in the pinyin. */
static inline gboolean
abbreviation_pairs (guint64       pinyin_pairs,
                    guint64       initial_pairs,
                    const Needle *needle)
{
  return (has_bits (pinyin_pairs, needle->first_pair[KEY_PINYIN]) |
          has_bits (initial_pairs, needle->first_pair[KEY_INITIALS])) &
         (needle->any_row[KEY_PINYIN] | ((pinyin_pairs & needle->some_pair[KEY_PINYIN]) != 0));
}

static inline gboolean
may_abbreviate (const Shard  *shard,
                guint         local,
                const Needle *needle)
{
  return abbreviation_pairs (shard->keys[KEY_PINYIN].pairs[local],
                             shard->keys[KEY_INITIALS].pairs[local], needle);
}

/* The best class of one row, from @best on: a class as good as @best
 * need not be looked for. With @names_done, the sorted lists have given
 * every row whose name or alias starts with the query already. */
G_ALWAYS_INLINE static inline guint8
classify_row (const Shard  *shard,
              guint         local,
              const Needle *needle,
              guint8        best,
              gboolean      names_done)
{
  guint8 flags = shard->flags[local];

  if (best > (names_done ? KC_SEARCH_MATCH_SUBSTRING : KC_SEARCH_MATCH_EXACT) &&
      has_bits (flags, needle->names_flags) &&
      may_match (shard, KEY_NAMES, local, needle))
    best = better (best, match_key (shard, KEY_NAMES, local, needle, KC_SEARCH_MATCH_EXACT,
                                    KC_SEARCH_MATCH_PREFIX, KC_SEARCH_MATCH_SUBSTRING));
  if (needle->pinyin && best > KC_SEARCH_MATCH_INITIALS_PREFIX)
    {
      guint64 bit = letter_bit (needle->text[0]);
      guint64 initials = shard->sigs[SIG_INITIALS][local];

      if (needle->len == 1 && bit != 0)
        {
          /* One letter needs no text: the signatures say whether it
           * starts a part's initials, is among them, or in the pinyin. */
          if (initials & (bit << PART_START_SHIFT))
            best = KC_SEARCH_MATCH_INITIALS_PREFIX;
          else if (initials & bit)
            best = better (best, KC_SEARCH_MATCH_INITIALS);
          else if (shard->sigs[SIG_PINYIN][local] & bit)
            best = better (best, KC_SEARCH_MATCH_PINYIN);
        }
      else if (has_signature (shard, SIG_PINYIN, local, needle))
        {
          /* The unit pairs' flags are exact: a key lacking one of the
           * query's pairs, or a part not starting with its first, needs
           * no reading for that. A query without them needs none of
           * them, which the flags of no pair say. */
          static const guint64 no_units[UNIT_WORDS] = { 0 };
          const guint64 *units = needle->unit_slotted ? shard->unit_codes + (gsize) local * UNIT_WORDS
                                                      : no_units;

          if (units_have (units, needle->unit_initials) &&
              may_match (shard, KEY_INITIALS, local, needle))
            best = better (best, match_key (shard, KEY_INITIALS, local, needle,
                                            KC_SEARCH_MATCH_INITIALS_PREFIX,
                                            KC_SEARCH_MATCH_INITIALS_PREFIX,
                                            KC_SEARCH_MATCH_INITIALS));
          /* An abbreviation starts a part with the query's first letter
           * (a digit has no bit to look for). */
          if (best > KC_SEARCH_MATCH_PINYIN_PREFIX && needs_abbreviation_test (needle) &&
              (bit == 0 || (initials & (bit << PART_START_SHIFT)) != 0) &&
              units_may_start (units, needle) &&
              may_abbreviate (shard, local, needle) && match_abbreviated (shard, local, needle))
            best = KC_SEARCH_MATCH_PINYIN_PREFIX;
          if (best > pinyin_key_threshold (needle) && units_have (units, needle->unit_pinyin) &&
              may_match (shard, KEY_PINYIN, local, needle))
            best = better (best, match_key (shard, KEY_PINYIN, local, needle,
                                            KC_SEARCH_MATCH_PINYIN_PREFIX,
                                            KC_SEARCH_MATCH_PINYIN_PREFIX,
                                            KC_SEARCH_MATCH_PINYIN));
        }
    }
  if (best == NONE && has_bits (flags, needle->description_flags) &&
      may_match (shard, KEY_DESCRIPTION, local, needle))
    best = match_key (shard, KEY_DESCRIPTION, local, needle, KC_SEARCH_MATCH_DESCRIPTION,
                      KC_SEARCH_MATCH_DESCRIPTION, KC_SEARCH_MATCH_DESCRIPTION);
  return best;
}

static guint8
match_row (const Shard  *shard,
           guint         local,
           const Needle *needle)
{
  return classify_row (shard, local, needle, NONE, FALSE);
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
 * for every row of the shard (EXCLUDED outside @within): first from the
 * sorted lists, then from a pass over the rows in order that keeps those
 * their signatures do not rule out, and a second that reads their text. */
typedef struct
{
  const Shard   *shard;
  const guint32 *within;      /* global rows in this shard, or NULL: all */
  guint          n_within;
  Needle         needle;
  guint8        *classes;
  guint          counts[KC_SEARCH_N_MATCHES];
  /* Where this shard's rows go in the results. */
  guint          starts[KC_SEARCH_N_MATCHES];
  guint32       *best;
  guint32       *ascending;   /* or NULL */
} ShardScan;

/* How many rows ahead their signatures and offsets are fetched, and their
 * text half as far: rows read out of order then wait less on memory. */
#define PREFETCH_AHEAD 16

static inline guint
scan_n_rows (const ShardScan *scan)
{
  return scan->within != NULL ? scan->n_within : scan->shard->n_rows;
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
        scan->classes[local] = c;
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
  if (size > (guint64) scan_n_rows (scan) * 8)
    return FALSE;

  for (guint l = 0; l < n_lists; l++)
    mark_range (scan, lists[l], first[l], exact_end[l], end[l], exact, prefix);
  return TRUE;
}

/* Fetches the signatures and flags of row @local that a scan reads: with
 * @units and @proven, those keep_rows() reads in these cases. */
static inline void
prefetch_signatures (const Shard  *shard,
                     guint         local,
                     const Needle *needle,
                     gboolean      units,
                     Proof         proven)
{
  __builtin_prefetch (&shard->flags[local]);
  if (needle->pinyin)
    {
      __builtin_prefetch (&shard->sigs[SIG_INITIALS][local]);
      if (!units || proven != PROOF_UNITS)
        {
          __builtin_prefetch (&shard->sigs[SIG_PINYIN][local]);
          __builtin_prefetch (&shard->keys[KEY_PINYIN].pairs[local]);
          __builtin_prefetch (&shard->keys[KEY_INITIALS].pairs[local]);
        }
      if (needle->boundaries != 0 || needle->slots != 0 || proven == PROOF_UNITS)
        __builtin_prefetch (&shard->boundaries[local]);
      if (proven == PROOF_UNITS)
        __builtin_prefetch (&shard->common_units[(gsize) local * UNIT_MASK_WORDS]);
      if (proven == PROOF_JOINS)
        __builtin_prefetch (&shard->joins[local]);
      if (proven != PROOF_NONE)
        __builtin_prefetch (&shard->part_heads[local]);
      if (needle->slots != 0)
        __builtin_prefetch (&shard->pair_codes[local]);
      if (units)
        __builtin_prefetch (&shard->unit_codes[(gsize) local * UNIT_WORDS]);
    }
  else
    {
      __builtin_prefetch (&shard->sigs[SIG_NAMES_SPREAD][local]);
      __builtin_prefetch (&shard->keys[KEY_NAMES].pairs[local]);
      __builtin_prefetch (&shard->sigs[SIG_DESCRIPTION][local]);
      __builtin_prefetch (&shard->keys[KEY_DESCRIPTION].pairs[local]);
    }
}

/* Fetches where row @local starts in the keys classify_row() reads first
 * (the lengths key shares the initials' offsets). */
static inline void
prefetch_offsets (const Shard  *shard,
                  guint         local,
                  const Needle *needle)
{
  if (needle->pinyin)
    {
      __builtin_prefetch (&shard->keys[KEY_PINYIN].offsets[local]);
      __builtin_prefetch (&shard->keys[KEY_INITIALS].offsets[local]);
    }
  else
    {
      __builtin_prefetch (&shard->keys[KEY_NAMES].offsets[local]);
      __builtin_prefetch (&shard->keys[KEY_DESCRIPTION].offsets[local]);
    }
}

static inline void
prefetch_text (const Shard  *shard,
               guint         local,
               const Needle *needle)
{
  if (needle->pinyin)
    {
      __builtin_prefetch (row_start (&shard->keys[KEY_PINYIN], local));
      __builtin_prefetch (row_start (&shard->keys[KEY_INITIALS], local));
      __builtin_prefetch (shard->keys[KEY_LENGTHS].data + shard->keys[KEY_INITIALS].offsets[local]);
    }
  else
    {
      __builtin_prefetch (row_start (&shard->keys[KEY_NAMES], local));
      __builtin_prefetch (row_start (&shard->keys[KEY_DESCRIPTION], local));
    }
}

/* The local row of the @i-th row scanned: of @within, or all rows. The
 * loops keep these in variables, as a store to a class (a byte) could
 * change anything a pointer reaches, for all the compiler knows. */
static inline guint32
scan_row (const guint32 *within,
          guint          first_row,
          guint          i)
{
  return within != NULL ? within[i] - first_row : i;
}

/* The rows a loop goes through: @within, or when it holds most of the
 * shard's rows, all of them in order (NULL), skipping the EXCLUDED ones,
 * which reads less than following the list does. */
static inline const guint32 *
scan_within (const ShardScan *scan)
{
  if (scan->within != NULL && (guint64) scan->n_within * 4 >= (guint64) scan->shard->n_rows * 3)
    return NULL;
  return scan->within;
}

/* Counts of each class, kept in four sets used in turn: counting many
 * rows of one class into one counter would wait on each increment. */
typedef struct
{
  guint n[4][256];
} ClassCounts;

static void
class_counts_sum (const ClassCounts *counts,
                  guint             *out)
{
  for (guint c = 0; c < KC_SEARCH_N_MATCHES; c++)
    out[c] = counts->n[0][c] + counts->n[1][c] + counts->n[2][c] + counts->n[3][c];
}

/* Can the row get a better class than @c, its class so far (NONE, or
 * one from the sorted lists), and than @found, the class its masks prove
 * it has without reading text? From the flags and signatures alone, and
 * without a branch for each test: among many rows, a mispredicted branch
 * costs more than reading a signature does. Most rows of a scan end
 * here. */
G_ALWAYS_INLINE static inline gboolean
may_improve (const Shard  *shard,
             guint         local,
             const Needle *needle,
             guint8        c,
             gboolean      abbreviate,
             guint64       first_letter,
             gboolean      pairs,
             gboolean      boundaries,
             gboolean      slotted,
             gboolean      units,
             Proof         proven,
             guint8       *found)
{
  guint8 flags = shard->flags[local];
  gboolean by_description = has_bits (flags, needle->description_flags) & (c == NONE);

  *found = NONE;
  if (needle->pinyin)
    {
      guint64 initials = shard->sigs[SIG_INITIALS][local];
      /* With @units and the masks of units (constants), the flags and
       * masks of units say nearly all the pair signatures would: rows
       * read as few arrays as they can, as a scan waits on memory more
       * than it computes. */
      gboolean by_units = units && proven == PROOF_UNITS;
      guint64 initial_pairs = by_units ? G_MAXUINT64 : shard->keys[KEY_INITIALS].pairs[local];
      guint64 pinyin_pairs = by_units ? G_MAXUINT64 : shard->keys[KEY_PINYIN].pairs[local];
      guint64 letters = needle->signatures[SIG_PINYIN];
      /* With @pairs (a constant), the query has pairs, which rule out
       * nearly every row its letters would: the pinyin's letters are not
       * read. */
      gboolean in_pinyin = pairs || has_bits (shard->sigs[SIG_PINYIN][local], letters);
      gboolean in_initials = has_bits (initials, letters) &
                             has_bits (initial_pairs, needle->pairs[KEY_INITIALS]);
      /* Without @boundaries (a constant), the query's pairs are all in
       * units and the boundaries are not even read. */
      gboolean substring = has_bits (pinyin_pairs, needle->pairs[KEY_PINYIN]) &
                           (!boundaries || has_bits (shard->boundaries[local], needle->boundaries));
      gboolean abbreviation = abbreviate &
                              ((first_letter == 0) | ((initials & first_letter) != 0)) &
                              abbreviation_pairs (pinyin_pairs, initial_pairs, needle);

      /* With @slotted (a constant), the query has exact pairs: initials
       * holding it hold each as initials (the high bit of its code), and
       * pinyin holding it holds each somehow (a code above none). */
      if (slotted)
        {
          guint64 codes = shard->pair_codes[local];

          in_initials &= has_bits (codes >> 1, needle->slots);
          substring &= has_bits (codes | codes >> 1, needle->slots);
        }
      /* With @units (a constant), the query has unit pairs: each must be
       * where the key holding the query holds them, and the first must
       * start a part for an abbreviation, which a part whose pinyin
       * starts with the query is too. */
      if (units)
        {
          const guint64 *unit_codes = shard->unit_codes + (gsize) local * UNIT_WORDS;

          in_initials &= units_have (unit_codes, needle->unit_initials);
          substring &= units_have (unit_codes, needle->unit_pinyin);
          abbreviation &= units_may_start (unit_codes, needle);
        }
      /* With the masks of units or of joins (a constant), the pinyin
       * needs no reading where a common unit or join proves it holds the
       * query. The masks of units also tell where it cannot: lacking the
       * bits of every unit that contains it (if any) with no place where
       * its units meet that the query could cross. And only a part whose
       * head allows it can be abbreviated (see HEAD_RARE). */
      if (proven != PROOF_NONE)
        {
          guint32 heads = shard->part_heads[local];
          gboolean proof;

          if (proven == PROOF_UNITS)
            {
              const guint64 *held = shard->common_units + (gsize) local * UNIT_MASK_WORDS;
              gboolean span = needle->span_always | ((shard->boundaries[local] & needle->span_bits) != 0);

              proof = masks_meet (held, needle->unit_proof);
              substring &= masks_meet (held, needle->unit_maybe) | span;
            }
          else
            {
              proof = (shard->joins[local] & needle->join_proof) != 0;
            }
          substring &= !proof;
          by_description &= !proof;
          abbreviation &= ((needle->heads[(heads >> 8) & 0xff] >> (heads & 0xff)) & 1) |
                          ((needle->heads[heads >> 24] >> ((heads >> 16) & 0xff)) & 1) |
                          ((flags & ROW_MORE_ALIASES) != 0);
          *found = proof ? KC_SEARCH_MATCH_PINYIN : NONE;
        }

      return (in_pinyin & ((in_initials & (c > KC_SEARCH_MATCH_INITIALS_PREFIX)) |
                           (substring & (c > pinyin_key_threshold (needle))) |
                           (abbreviation & (c > KC_SEARCH_MATCH_PINYIN_PREFIX)))) |
             has_bits (flags, needle->names_flags) |
             by_description;
    }
  else
    {
      guint64 names = shard->sigs[SIG_NAMES_SPREAD][local];

      return (has_bits (names, needle->signatures[SIG_NAMES_SPREAD]) &
              has_bits (shard->keys[KEY_NAMES].pairs[local], needle->pairs[KEY_NAMES]) &
              has_bits (shard->keys[KEY_NAMES].chars[local], needle->chars[KEY_NAMES])) |
             (by_description &
              has_bits (shard->sigs[SIG_DESCRIPTION][local], needle->signatures[SIG_DESCRIPTION]) &
              has_bits (shard->keys[KEY_DESCRIPTION].pairs[local], needle->pairs[KEY_DESCRIPTION]) &
              has_bits (shard->keys[KEY_DESCRIPTION].chars[local], needle->chars[KEY_DESCRIPTION]));
    }
}

/* The first pass of scan_rows(): puts the rows the signatures do not rule
 * out in @candidates and counts the others' classes, and keeps the class
 * the masks prove. @abbreviate, @pairs, @boundaries, @slotted, @units and
 * @proven (see may_improve()) are constants, so that each case gets a
 * loop of its own without the tests it does not need. */
G_ALWAYS_INLINE static inline guint
keep_rows (const ShardScan *scan,
           guint8           final,
           gboolean         abbreviate,
           gboolean         pairs,
           gboolean         boundaries,
           gboolean         slotted,
           gboolean         units,
           Proof            proven,
           guint32         *candidates,
           ClassCounts     *counts)
{
  const Shard *shard = scan->shard;
  const Needle needle = scan->needle;
  guint8 *classes = scan->classes;
  const guint32 *within = scan_within (scan);
  guint first_row = shard->first_row;
  guint n = within != NULL ? scan->n_within : shard->n_rows;
  guint64 first_letter = letter_bit (needle.text[0]) << PART_START_SHIFT;
  guint n_candidates = 0;

  for (guint i = 0; i < n; i++)
    {
      guint32 local = scan_row (within, first_row, i);
      guint8 c = classes[local];

      /* The rows of a sparse @within are fetched ahead. */
      if (within != NULL && i + PREFETCH_AHEAD < n)
        prefetch_signatures (shard, scan_row (within, first_row, i + PREFETCH_AHEAD), &needle,
                             units, proven);
      /* Without a branch: whether a row is kept is hard to predict. A
       * class the masks prove is kept for the second pass too. */
      {
        guint8 found;
        gboolean open = (c > final) & (c != EXCLUDED);
        gboolean keep = open & may_improve (shard, local, &needle, c, abbreviate, first_letter,
                                            pairs, boundaries, slotted, units, proven,
                                            &found);

        if (proven != PROOF_NONE)
          {
            c = open ? better (c, found) : c;
            classes[local] = c;
          }
        candidates[n_candidates] = local;
        n_candidates += keep;
        counts->n[i & 3][c] += !keep;
      }
    }
  return n_candidates;
}

/* keep_rows() for a query that may abbreviate, with or without unit
 * pairs, and with the masks of units or of joins or neither: only such
 * a query can be inside a unit, as a pair of it is. */
G_ALWAYS_INLINE static inline guint
keep_abbreviating_rows (const ShardScan *scan,
                        guint8           final,
                        gboolean         pairs,
                        gboolean         boundaries,
                        gboolean         slotted,
                        guint32         *candidates,
                        ClassCounts     *counts)
{
  if (scan->needle.has_unit_pairs && scan->needle.units_known)
    return keep_rows (scan, final, TRUE, pairs, boundaries, slotted, TRUE, PROOF_UNITS, candidates, counts);
  /* Rows a common join proves need no text. The flags of unit pairs are
   * not read then: a row they would rule out is read instead, which costs
   * less over a scan than one more read for every row. */
  if (scan->needle.join_proof != 0)
    return keep_rows (scan, final, TRUE, pairs, boundaries, slotted, FALSE, PROOF_JOINS, candidates, counts);
  /* The flags alone rule out too few of the rows a previous query left,
   * which are all read anyway, to be worth one more read for each. */
  if (scan->needle.has_unit_pairs && scan_within (scan) == NULL)
    return keep_rows (scan, final, TRUE, pairs, boundaries, slotted, TRUE, PROOF_NONE, candidates, counts);
  if (scan->needle.units_known)
    return keep_rows (scan, final, TRUE, pairs, boundaries, slotted, FALSE, PROOF_UNITS, candidates, counts);
  return keep_rows (scan, final, TRUE, pairs, boundaries, slotted, FALSE, PROOF_NONE, candidates, counts);
}

/* The second pass of a scan: reads the text of the rows the first kept,
 * fetched ahead, as they are few and far between, and counts their
 * classes. */
static void
classify_candidates (ShardScan      *scan,
                     const guint32  *candidates,
                     guint           n_candidates,
                     gboolean        names_done,
                     ClassCounts    *counts)
{
  const Shard *shard = scan->shard;
  const Needle needle = scan->needle;
  guint8 *classes = scan->classes;

  for (guint j = 0; j < n_candidates; j++)
    {
      guint32 local = candidates[j];
      guint8 c;

      if (j + PREFETCH_AHEAD < n_candidates)
        {
          prefetch_signatures (shard, candidates[j + PREFETCH_AHEAD], &needle, needle.unit_slotted,
                               PROOF_NONE);
          prefetch_offsets (shard, candidates[j + PREFETCH_AHEAD], &needle);
        }
      if (j + PREFETCH_AHEAD / 2 < n_candidates)
        prefetch_text (shard, candidates[j + PREFETCH_AHEAD / 2], &needle);
      c = classify_row (shard, local, &needle, classes[local], names_done);
      classes[local] = c;
      counts->n[j & 3][c]++;
    }
  class_counts_sum (counts, scan->counts);
}

/* Finishes the class of every row scanned: a first pass in row order
 * keeps the rows the signatures do not rule out, and a second reads the
 * text of those. */
static void
scan_rows (ShardScan *scan,
           guint8     final,
           gboolean   names_done)
{
  const Shard *shard = scan->shard;
  const Needle needle = scan->needle;
  guint n = scan_within (scan) != NULL ? scan->n_within : shard->n_rows;
  g_autofree guint32 *candidates = g_new (guint32, n + 1);
  guint n_candidates;
  ClassCounts counts = { { { 0 } } };

  /* An abbreviation that is not an initials prefix needs a pair of the
   * query inside a unit. */
  gboolean abbreviate = needs_abbreviation_test (&needle) && needle.unit_pair;

  /* Exact pairs are in no unit: a query with one has boundaries too, if
   * perhaps none with a bit (the boundary of nearly every row). */
  if (needle.pinyin && needle.slots != 0)
    n_candidates = abbreviate ? keep_abbreviating_rows (scan, final, TRUE, TRUE, TRUE, candidates, &counts)
                              : keep_rows (scan, final, FALSE, TRUE, TRUE, TRUE, FALSE, PROOF_NONE,
                                           candidates, &counts);
  else if (needle.pinyin && needle.boundaries != 0)
    n_candidates = abbreviate ? keep_abbreviating_rows (scan, final, TRUE, TRUE, FALSE, candidates, &counts)
                              : keep_rows (scan, final, FALSE, TRUE, TRUE, FALSE, FALSE, PROOF_NONE,
                                           candidates, &counts);
  else if (needle.pinyin && needle.len >= 2)
    n_candidates = abbreviate ? keep_abbreviating_rows (scan, final, TRUE, FALSE, FALSE, candidates, &counts)
                              : keep_rows (scan, final, FALSE, TRUE, FALSE, FALSE, FALSE, PROOF_NONE,
                                           candidates, &counts);
  else
    n_candidates = keep_rows (scan, final, abbreviate, FALSE, FALSE, FALSE, FALSE, PROOF_NONE,
                              candidates, &counts);

  classify_candidates (scan, candidates, n_candidates, names_done, &counts);
}

/* The class of a row for the initials and pinyin keys, by its code of
 * an exact pair the query is. */
static const guint8 class_of_pair_code[1 << PAIR_SLOT_BITS] = {
  [PAIR_CODE_NONE] = NONE,
  [PAIR_CODE_PINYIN] = KC_SEARCH_MATCH_PINYIN,
  [PAIR_CODE_INITIALS] = KC_SEARCH_MATCH_INITIALS,
  [PAIR_CODE_INITIALS_PREFIX] = KC_SEARCH_MATCH_INITIALS_PREFIX,
};

/* And by its flags of a unit pair the query is: of two letters, a part's
 * pinyin starts with it only where the part's first unit does, which is
 * an abbreviation too (see match_abbreviated()). */
static const guint8 class_of_unit_flags[1 << UNIT_SLOT_BITS] = {
  NONE,
  KC_SEARCH_MATCH_PINYIN,
  KC_SEARCH_MATCH_PINYIN_PREFIX,
  KC_SEARCH_MATCH_PINYIN_PREFIX,
  KC_SEARCH_MATCH_INITIALS,
  KC_SEARCH_MATCH_INITIALS,
  KC_SEARCH_MATCH_INITIALS,
  KC_SEARCH_MATCH_INITIALS,
  KC_SEARCH_MATCH_INITIALS_PREFIX,
  KC_SEARCH_MATCH_INITIALS_PREFIX,
  KC_SEARCH_MATCH_INITIALS_PREFIX,
  KC_SEARCH_MATCH_INITIALS_PREFIX,
  KC_SEARCH_MATCH_INITIALS_PREFIX,
  KC_SEARCH_MATCH_INITIALS_PREFIX,
  KC_SEARCH_MATCH_INITIALS_PREFIX,
  KC_SEARCH_MATCH_INITIALS_PREFIX,
};

/* A query that is one of the shard's exact or unit pairs needs no text
 * but in the rows with letters in their names (which a name may match
 * better) or, for the rows it leaves unmatched, in their description: the
 * row's code of the pair, the slot at @shift of @codes (every @stride-th
 * word a row), gives its class for the initials and the pinyin through
 * @by_code. Inlined, as all but @shift are constants at each call. */
G_ALWAYS_INLINE static inline void
scan_pair (ShardScan     *scan,
           guint8         final,
           gboolean       names_done,
           const guint64 *codes,
           guint          stride,
           guint          shift,
           guint64        mask,
           const guint8  *by_code)
{
  const Shard *shard = scan->shard;
  const Needle needle = scan->needle;
  const guint8 *flags = shard->flags;
  guint8 *classes = scan->classes;
  const guint32 *within = scan_within (scan);
  guint first_row = shard->first_row;
  guint n = within != NULL ? scan->n_within : shard->n_rows;
  g_autofree guint32 *candidates = g_new (guint32, n + 1);
  guint n_candidates = 0;
  ClassCounts counts = { { { 0 } } };

  for (guint i = 0; i < n; i++)
    {
      guint32 local = scan_row (within, first_row, i);
      guint8 c = classes[local];

      if (within != NULL && i + PREFETCH_AHEAD < n)
        {
          guint32 ahead = scan_row (within, first_row, i + PREFETCH_AHEAD);

          __builtin_prefetch (&codes[(gsize) ahead * stride]);
          __builtin_prefetch (&flags[ahead]);
        }
      /* Without a branch: half the rows may hold a common pair. */
      {
        guint8 row_flags = flags[local];
        gboolean open = (c > final) & (c != EXCLUDED);
        gboolean read;

        c = open ? better (c, by_code[(codes[(gsize) local * stride] >> shift) & mask]) : c;
        read = open & (c > final) &
               (has_bits (row_flags, needle.names_flags) |
                ((c == NONE) & has_bits (row_flags, needle.description_flags)));
        classes[local] = c;
        candidates[n_candidates] = local;
        n_candidates += read;
        counts.n[i & 3][c] += !read;
      }
    }

  classify_candidates (scan, candidates, n_candidates, names_done, &counts);
}

/* A one-letter query needs no text but in the rare names with letters:
 * the signatures say whether the letter starts a part's initials, is
 * among them, in the pinyin or in the description. */
static void
scan_letter (ShardScan *scan,
             guint8     final,
             gboolean   names_done)
{
  static const guint8 by_bits[16] = {
    NONE, KC_SEARCH_MATCH_PINYIN, KC_SEARCH_MATCH_INITIALS, KC_SEARCH_MATCH_INITIALS,
    KC_SEARCH_MATCH_INITIALS_PREFIX, KC_SEARCH_MATCH_INITIALS_PREFIX,
    KC_SEARCH_MATCH_INITIALS_PREFIX, KC_SEARCH_MATCH_INITIALS_PREFIX,
    KC_SEARCH_MATCH_DESCRIPTION, KC_SEARCH_MATCH_PINYIN, KC_SEARCH_MATCH_INITIALS,
    KC_SEARCH_MATCH_INITIALS, KC_SEARCH_MATCH_INITIALS_PREFIX, KC_SEARCH_MATCH_INITIALS_PREFIX,
    KC_SEARCH_MATCH_INITIALS_PREFIX, KC_SEARCH_MATCH_INITIALS_PREFIX,
  };
  const Shard *shard = scan->shard;
  const Needle needle = scan->needle;
  const guint64 *names = shard->sigs[SIG_NAMES];
  const guint64 *initials = shard->sigs[SIG_INITIALS];
  const guint64 *pinyin = shard->sigs[SIG_PINYIN];
  const guint64 *description = shard->sigs[SIG_DESCRIPTION];
  const guint8 *flags = shard->flags;
  guint64 bit = letter_bit (needle.text[0]);
  guint shift = needle.text[0] - 'a';
  guint8 *classes = scan->classes;
  const guint32 *within = scan_within (scan);
  guint first_row = shard->first_row;
  guint n = within != NULL ? scan->n_within : shard->n_rows;
  ClassCounts counts = { { { 0 } } };

  for (guint i = 0; i < n; i++)
    {
      guint32 local = scan_row (within, first_row, i);
      guint8 c = classes[local];

      if (within != NULL && i + PREFETCH_AHEAD < n)
        {
          guint32 ahead = scan_row (within, first_row, i + PREFETCH_AHEAD);

          __builtin_prefetch (&flags[ahead]);
          __builtin_prefetch (&initials[ahead]);
          __builtin_prefetch (&pinyin[ahead]);
        }
      if (c > final && c != EXCLUDED)
        {
          guint8 row_flags = flags[local];

          if ((row_flags & ROW_NAMES_LETTERS) != 0 && (names[local] & bit) != 0)
            {
              c = classify_row (shard, local, &needle, c, names_done);
            }
          else
            {
              guint64 x = initials[local];
              guint bits = (((x >> PART_START_SHIFT) >> shift) & 1) << 2 |
                           ((x >> shift) & 1) << 1 |
                           ((pinyin[local] >> shift) & 1);

              if ((row_flags & ROW_DESCRIPTION_LETTERS) != 0)
                bits |= ((description[local] >> shift) & 1) << 3;
              c = better (c, by_bits[bits]);
            }
          classes[local] = c;
        }
      counts.n[i & 3][c]++;
    }
  class_counts_sum (&counts, scan->counts);
}

/* A query of one character common in the names needs no text of them:
 * their masks say whether a row's names hold it, and the sorted lists
 * gave every name or alias starting with it, so the names hold it
 * inside. The descriptions' masks say too if it is common there as well;
 * if not, the descriptions of the rows left are read in a second pass. */
static void
scan_common_char (ShardScan *scan,
                  guint8     final)
{
  const Shard *shard = scan->shard;
  const Needle needle = scan->needle;
  const guint32 *names = shard->keys[KEY_NAMES].chars;
  const guint32 *description = shard->keys[KEY_DESCRIPTION].chars;
  const guint64 *description_sigs = shard->sigs[SIG_DESCRIPTION];
  const guint8 *flags = shard->flags;
  guint32 in_names = needle.chars[KEY_NAMES];
  guint32 in_description = needle.chars[KEY_DESCRIPTION];
  gboolean description_known = needle.one_char[KEY_DESCRIPTION];
  guint64 signature = needle.signatures[SIG_DESCRIPTION];
  guint8 *classes = scan->classes;
  const guint32 *within = scan_within (scan);
  guint first_row = shard->first_row;
  guint n = within != NULL ? scan->n_within : shard->n_rows;
  g_autofree guint32 *candidates = g_new (guint32, n + 1);
  guint n_candidates = 0;
  ClassCounts counts = { { { 0 } } };

  for (guint i = 0; i < n; i++)
    {
      guint32 local = scan_row (within, first_row, i);
      guint8 c = classes[local];

      if (within != NULL && i + PREFETCH_AHEAD < n)
        {
          guint32 ahead = scan_row (within, first_row, i + PREFETCH_AHEAD);

          __builtin_prefetch (&names[ahead]);
          __builtin_prefetch (&description[ahead]);
          __builtin_prefetch (&flags[ahead]);
        }
      /* Without a branch: half the rows may hold a common character. */
      {
        gboolean open = (c > final) & (c != EXCLUDED);
        gboolean by_names = open & ((names[local] & in_names) != 0);
        gboolean unnamed = open & !by_names & (c == NONE);
        gboolean by_description = unnamed & description_known &
                                  ((description[local] & in_description) != 0);
        gboolean read = unnamed & !description_known &
                        ((flags[local] & ROW_DESCRIPTION) != 0) &
                        has_bits (description_sigs[local], signature);

        c = by_names ? better (c, KC_SEARCH_MATCH_SUBSTRING) : c;
        c = by_description ? KC_SEARCH_MATCH_DESCRIPTION : c;
        classes[local] = c;
        candidates[n_candidates] = local;
        n_candidates += read;
        counts.n[i & 3][c] += !read;
      }
    }

  for (guint j = 0; j < n_candidates; j++)
    {
      guint32 local = candidates[j];
      guint8 c;

      if (j + PREFETCH_AHEAD < n_candidates)
        __builtin_prefetch (&shard->keys[KEY_DESCRIPTION].offsets[candidates[j + PREFETCH_AHEAD]]);
      if (j + PREFETCH_AHEAD / 2 < n_candidates)
        __builtin_prefetch (row_start (&shard->keys[KEY_DESCRIPTION], candidates[j + PREFETCH_AHEAD / 2]));
      c = match_key (shard, KEY_DESCRIPTION, local, &needle, KC_SEARCH_MATCH_DESCRIPTION,
                     KC_SEARCH_MATCH_DESCRIPTION, KC_SEARCH_MATCH_DESCRIPTION);
      classes[local] = c;
      counts.n[j & 3][c]++;
    }
  class_counts_sum (&counts, scan->counts);
}

static void
scan_shard (ShardScan *scan)
{
  const Shard *shard = scan->shard;
  const Needle *needle = &scan->needle;
  guint8 *classes;
  gboolean names_done;
  /* Classes nothing can improve: the best one, and when the sorted lists
   * gave every name or alias starting with the query, those up to the
   * name initials': only a name or alias could do better. */
  guint8 final;

  classes = scan->classes = g_malloc (shard->n_rows);
  if (scan->within == NULL)
    {
      memset (classes, NONE, shard->n_rows);
    }
  else
    {
      memset (classes, EXCLUDED, shard->n_rows);
      for (guint i = 0; i < scan->n_within; i++)
        classes[scan->within[i] - shard->first_row] = NONE;
    }

  /* The rows with a name or alias starting with the query, and those with
   * name initials or pinyin starting with it, from the sorted lists. A
   * single letter starts the initials wherever it starts the pinyin. */
  names_done = mark_sorted (scan, SORTED_NAMES, SORTED_ALIASES, KC_SEARCH_MATCH_EXACT,
                            KC_SEARCH_MATCH_PREFIX);
  /* An exact or unit pair's codes say as much as the initials and pinyin
   * lists. */
  if (needle->pinyin && needle->len >= 2 && needle->pair_slot == PAIR_NO_SLOT &&
      needle->unit_slot == PAIR_NO_SLOT)
    {
      mark_sorted (scan, SORTED_INITIALS, SORTED_NONE, KC_SEARCH_MATCH_INITIALS_PREFIX,
                   KC_SEARCH_MATCH_INITIALS_PREFIX);
      mark_sorted (scan, SORTED_PINYIN, SORTED_NONE, KC_SEARCH_MATCH_PINYIN_PREFIX,
                   KC_SEARCH_MATCH_PINYIN_PREFIX);
    }
  final = names_done ? KC_SEARCH_MATCH_INITIALS_PREFIX : KC_SEARCH_MATCH_EXACT;

  if (needle->pinyin && needle->len == 1 && letter_bit (needle->text[0]) != 0)
    scan_letter (scan, final, names_done);
  else if (names_done && needle->one_char[KEY_NAMES])
    scan_common_char (scan, final);
  else if (needle->pair_slot != PAIR_NO_SLOT)
    scan_pair (scan, final, names_done, shard->pair_codes, 1, needle->pair_slot * PAIR_SLOT_BITS,
               PAIR_SLOT_MASK, class_of_pair_code);
  else if (needle->unit_slot != PAIR_NO_SLOT)
    scan_pair (scan, final, names_done,
               shard->unit_codes + needle->unit_slot / UNIT_SLOTS_PER_WORD, UNIT_WORDS,
               needle->unit_slot % UNIT_SLOTS_PER_WORD * UNIT_SLOT_BITS,
               UNIT_SLOT_MASK, class_of_unit_flags);
  else
    scan_rows (scan, final, names_done);
}

/* Puts the shard's matching rows where search_run() said. */
static void
write_shard (ShardScan *scan)
{
  const guint8 *classes = scan->classes;
  const guint32 *within = scan_within (scan);
  guint first_row = scan->shard->first_row;
  guint n = within != NULL ? scan->n_within : scan->shard->n_rows;
  guint32 *ascending = scan->ascending;
  /* Where the next row of each class goes; the others go to @sink. Without
   * a branch, as a row's class is hard to predict. */
  guint32 *dest[256];
  guint32 sink;

  /* With no match at all there is no @best to point into. */
  for (guint c = 0; c < 256; c++)
    dest[c] = c < KC_SEARCH_N_MATCHES && scan->best != NULL ? scan->best + scan->starts[c] : &sink;
  for (guint i = 0; i < n; i++)
    {
      guint32 local = scan_row (within, first_row, i);
      guint8 c = classes[local];
      gboolean matched = c < KC_SEARCH_N_MATCHES;

      *dest[c] = first_row + local;
      dest[c] += matched;
      if (ascending != NULL)
        {
          *(matched ? ascending : &sink) = first_row + local;
          ascending += matched;
        }
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
      needle_init_units (&scan->needle, shard);
      if (within != NULL)
        {
          guint end = next;

          while (end < n_within && within[end] < shard->first_row + shard->n_rows)
            end++;
          scan->within = within + next;
          scan->n_within = end - next;
          next = end;
          work += scan->n_within;
          /* Every row of the shard (a one-letter query's result, often):
           * as without a list, which needs no marking of the rows. Sorted,
           * as many rows as the shard from its first to its last are all. */
          if (scan->n_within == shard->n_rows &&
              scan->within[0] == shard->first_row &&
              scan->within[scan->n_within - 1] == shard->first_row + shard->n_rows - 1)
            {
              scan->within = NULL;
              scan->n_within = 0;
            }
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
