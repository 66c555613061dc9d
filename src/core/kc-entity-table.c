/* kc-entity-table.c
 * The entities table: strings in shared chunks, interned facets, resolved links. */
#define G_LOG_DOMAIN "kc-entity-table"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#ifdef G_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "kc-entity-table.h"
#include "kc-search.h"

/* Interned columns, in the order of their per-segment code arrays. */
#define N_INTERNED 5

static const KcEntityField interned_fields[N_INTERNED] = {
  KC_ENTITY_FIELD_KIND,
  KC_ENTITY_FIELD_LEVEL,
  KC_ENTITY_FIELD_INDUSTRY,
  KC_ENTITY_FIELD_TOWN,
  KC_ENTITY_FIELD_YEAR,
};

static const int interned_index[KC_N_ENTITY_FIELDS] = {
  [KC_ENTITY_FIELD_ID] = -1,
  [KC_ENTITY_FIELD_NAME] = -1,
  [KC_ENTITY_FIELD_NAME_EN] = -1,
  [KC_ENTITY_FIELD_ALIAS] = -1,
  [KC_ENTITY_FIELD_KIND] = 0,
  [KC_ENTITY_FIELD_LEVEL] = 1,
  [KC_ENTITY_FIELD_INDUSTRY] = 2,
  [KC_ENTITY_FIELD_TOWN] = 3,
  [KC_ENTITY_FIELD_YEAR] = 4,
  [KC_ENTITY_FIELD_PARTNERS] = -1,
  [KC_ENTITY_FIELD_DESCRIPTION] = -1,
  [KC_ENTITY_FIELD_SOURCE] = -1,
};

#define YEAR_INTERNED 4

/* The other known fields are stored as strings, a row's cells one after
 * the other in this order: the id first, so that it is the row's start,
 * then the partners (usually empty) that linking reads, then the names
 * that searching reads. */
static const KcEntityField string_fields[] = {
  KC_ENTITY_FIELD_ID,
  KC_ENTITY_FIELD_PARTNERS,
  KC_ENTITY_FIELD_NAME,
  KC_ENTITY_FIELD_ALIAS,
  KC_ENTITY_FIELD_NAME_EN,
  KC_ENTITY_FIELD_DESCRIPTION,
  KC_ENTITY_FIELD_SOURCE,
};

static const char *const field_names[KC_N_ENTITY_FIELDS] = {
  "id", "name", "name_en", "alias", "kind", "level", "industry", "town", "year",
  "partners", "description", "source",
};

static const char *const field_display_names[KC_N_ENTITY_FIELDS] = {
  N_("ID"), N_("Name"), N_("English name"), N_("Short name"), N_("Kind"), N_("Level"),
  N_("Industry"), N_("Town"), N_("Year"), N_("Partners"), N_("Description"), N_("Source"),
};

/* Header spellings, as normalise_header() leaves them. */
static const struct
{
  const char    *key;
  KcEntityField  field;
} header_names[] = {
  { "id", KC_ENTITY_FIELD_ID },
  { "编号", KC_ENTITY_FIELD_ID },
  { "entityid", KC_ENTITY_FIELD_ID },
  { "name", KC_ENTITY_FIELD_NAME },
  { "名称", KC_ENTITY_FIELD_NAME },
  { "企业名称", KC_ENTITY_FIELD_NAME },
  { "单位名称", KC_ENTITY_FIELD_NAME },
  { "机构名称", KC_ENTITY_FIELD_NAME },
  { "平台名称", KC_ENTITY_FIELD_NAME },
  { "中文名称", KC_ENTITY_FIELD_NAME },
  { "nameen", KC_ENTITY_FIELD_NAME_EN },
  { "englishname", KC_ENTITY_FIELD_NAME_EN },
  { "英文名称", KC_ENTITY_FIELD_NAME_EN },
  { "英文名", KC_ENTITY_FIELD_NAME_EN },
  { "alias", KC_ENTITY_FIELD_ALIAS },
  { "shortname", KC_ENTITY_FIELD_ALIAS },
  { "简称", KC_ENTITY_FIELD_ALIAS },
  { "别名", KC_ENTITY_FIELD_ALIAS },
  { "企业简称", KC_ENTITY_FIELD_ALIAS },
  { "kind", KC_ENTITY_FIELD_KIND },
  { "type", KC_ENTITY_FIELD_KIND },
  { "类型", KC_ENTITY_FIELD_KIND },
  { "类别", KC_ENTITY_FIELD_KIND },
  { "level", KC_ENTITY_FIELD_LEVEL },
  { "级别", KC_ENTITY_FIELD_LEVEL },
  { "等级", KC_ENTITY_FIELD_LEVEL },
  { "industry", KC_ENTITY_FIELD_INDUSTRY },
  { "sector", KC_ENTITY_FIELD_INDUSTRY },
  { "行业", KC_ENTITY_FIELD_INDUSTRY },
  { "所属行业", KC_ENTITY_FIELD_INDUSTRY },
  { "产业", KC_ENTITY_FIELD_INDUSTRY },
  { "产业领域", KC_ENTITY_FIELD_INDUSTRY },
  { "town", KC_ENTITY_FIELD_TOWN },
  { "township", KC_ENTITY_FIELD_TOWN },
  { "street", KC_ENTITY_FIELD_TOWN },
  { "subdistrict", KC_ENTITY_FIELD_TOWN },
  { "街道", KC_ENTITY_FIELD_TOWN },
  { "镇街", KC_ENTITY_FIELD_TOWN },
  { "乡镇", KC_ENTITY_FIELD_TOWN },
  { "所在街道", KC_ENTITY_FIELD_TOWN },
  { "所在镇街", KC_ENTITY_FIELD_TOWN },
  { "year", KC_ENTITY_FIELD_YEAR },
  { "founded", KC_ENTITY_FIELD_YEAR },
  { "foundedyear", KC_ENTITY_FIELD_YEAR },
  { "年份", KC_ENTITY_FIELD_YEAR },
  { "年度", KC_ENTITY_FIELD_YEAR },
  { "成立年份", KC_ENTITY_FIELD_YEAR },
  { "认定年份", KC_ENTITY_FIELD_YEAR },
  { "partners", KC_ENTITY_FIELD_PARTNERS },
  { "partner", KC_ENTITY_FIELD_PARTNERS },
  { "合作伙伴", KC_ENTITY_FIELD_PARTNERS },
  { "合作单位", KC_ENTITY_FIELD_PARTNERS },
  { "合作企业", KC_ENTITY_FIELD_PARTNERS },
  { "共建单位", KC_ENTITY_FIELD_PARTNERS },
  { "description", KC_ENTITY_FIELD_DESCRIPTION },
  { "desc", KC_ENTITY_FIELD_DESCRIPTION },
  { "描述", KC_ENTITY_FIELD_DESCRIPTION },
  { "简介", KC_ENTITY_FIELD_DESCRIPTION },
  { "说明", KC_ENTITY_FIELD_DESCRIPTION },
  { "介绍", KC_ENTITY_FIELD_DESCRIPTION },
  { "source", KC_ENTITY_FIELD_SOURCE },
  { "来源", KC_ENTITY_FIELD_SOURCE },
  { "数据来源", KC_ENTITY_FIELD_SOURCE },
  { "出处", KC_ENTITY_FIELD_SOURCE },
};

/* String chunks: a row is addressed by a 32-bit reference, chunk number in
 * the high bits, offset in the low ones. Chunks grow from 64 KiB to 4 MiB,
 * so a small file stays small and a segment holds about 4 GiB of text. */
#define CHUNK_BITS     22
#define CHUNK_MASK     ((1u << CHUNK_BITS) - 1)
#define CHUNK_SIZE_MIN ((gsize) 64 * 1024)
#define CHUNK_SIZE_MAX ((gsize) 1 << CHUNK_BITS)
#define MAX_CHUNKS     (1u << (32 - CHUNK_BITS))
/* A row may need a chunk for its cells and one per new interned value. */
#define ROW_MAX_NEW_CHUNKS (1 + N_INTERNED)

/* Lines: a full line for every LINE_BLOCK-th row, a byte of difference for
 * the others (1 almost always); a difference that does not fit is kept
 * aside. */
#define LINE_BLOCK       32
#define LINE_EXCEPTION   255
/* Links: see LinkList. */
#define LINK_BLOCK       64
#define LINK_COUNT_BIG   255

#define MAX_WORKERS        8
#define PARALLEL_MIN_ROWS  50000
/* Beyond this many partners in a cell, duplicates are found with a hash set. */
#define LINEAR_DUPLICATE_SCAN 64
#define EXCERPT_CHARS 40
/* Random accesses issued together, so that their latencies overlap. */
#define PREFETCH_GROUP 16
/* Partner ids looked up per batch of rows. */
#define LINK_BATCH 1024
#define WORKER_PROBLEM_LIMIT 10000

struct _KcEntitySchema
{
  gatomicrefcount  ref_count;
  guint            n_columns;
  int              field_column[KC_N_ENTITY_FIELDS];
  int              field_slot[KC_N_ENTITY_FIELDS];  /* -1: interned or absent */
  guint            n_field_slots;
  guint            n_slots;                         /* field slots, then extras */
  guint           *slot_column;
  guint            n_extras;
  char           **extra_names;
  /* What matches extras of two files: the normalised header, and which
   * of the columns with that header it is ("备注", "备注#2"). */
  char           **extra_ids;
};

typedef struct
{
  char  *data;
  gsize  size;
} Chunk;

typedef struct
{
  guint32 ref;
  guint32 len;
  guint32 hash;
  guint32 count;
} DictEntry;

/* An interned column of a segment: codes are local, 0 = empty. */
typedef struct
{
  gpointer   codes;        /* width bytes a row; NULL when the file lacks it */
  guint      width;
  DictEntry *entries;
  guint      n_entries;
  guint      cap_entries;
  guint32   *index;        /* entry numbers by hash, 0 = free; only while building */
  guint32    index_mask;
} SegColumn;

typedef struct
{
  guint32 local;
  guint64 line;
} LineException;

/* The rows of one builder (a builder starts another only when one fills its
 * 4 GiB of references). Immutable once merged; tables share segments. */
typedef struct
{
  gatomicrefcount  ref_count;
  KcEntitySchema  *schema;
  Chunk           *chunks;
  guint            n_chunks;
  guint            cap_chunks;
  guint            fill_chunk;
  gsize            fill;
  gboolean         has_fill;
  gsize            fill_chunk_size;
  gsize            prefaulted;      /* bytes of the open chunk faulted in */
  guint32         *rows;
  guint32         *id_hashes;
  guint64         *partner_bits;   /* rows with a partners cell; NULL without the column */
  guint32          n_rows;
  guint32          cap_rows;
  SegColumn        columns[N_INTERNED];
  guint64         *line_base;
  guint8          *line_delta;
  GArray          *line_exceptions;
  guint64          last_line;
  char            *file;
  guint64          line_offset;
} Segment;

struct _KcEntityBuilder
{
  KcEntitySchema *schema;
  GPtrArray      *full;
  Segment        *current;
};

/* A run of a table's rows, consecutive rows of one segment; a segment is
 * split in several when rows with duplicate ids were dropped. */
typedef struct
{
  guint32 first_row;
  guint32 n_rows;
  guint32 first_local;
  guint32 view;
} Piece;

/* A segment as one table sees it: where each table column is in the
 * segment's rows, and the table's codes for the segment's values. */
typedef struct
{
  Segment  *seg;
  int      *column_slot;
  guint32  *remap[N_INTERNED];
} View;

typedef struct
{
  const char *value;
  guint       count;
} FacetValue;

typedef struct
{
  FacetValue *values;
  guint       n_values;
} Facet;

typedef struct
{
  char *name;
  char *id;
} Extra;

/* Links of every row, compactly: most rows have none, so rather than an
 * offset a row, a count byte a row and an offset every LINK_BLOCK rows. */
typedef struct
{
  guint32 row;
  guint32 count;
} BigCount;

typedef struct
{
  guint32  *targets;      /* NULL when there are no links */
  gsize     n_targets;
  guint32  *block_start;
  guint8   *counts;       /* LINK_COUNT_BIG: see big */
  BigCount *big;          /* sorted by row */
  guint     n_big;
} LinkList;

struct _KcEntityTable
{
  gatomicrefcount  ref_count;
  guint            n_rows;
  View            *views;
  guint            n_views;
  Piece           *pieces;
  guint            n_pieces;
  guint            cap_pieces;
  Extra           *extras;
  guint            n_extras;
  Facet            facets[N_INTERNED];
  /* Open addressing, split into 2^index_bits parts by the hash's high
   * bits so that each thread fills its own part: slot = hash << 32 | row + 1. */
  guint64         *index;
  guint32          index_sub_mask;
  guint            index_bits;
  LinkList         partners;
  LinkList         partner_of;
};

/* Hashing */

static guint64 hash_seed;

static guint64
get_hash_seed (void)
{
  static gsize initialised;

  /* A per-process seed keeps a crafted file from turning the id index into
   * a list. */
  if (g_once_init_enter (&initialised))
    {
      hash_seed = ((guint64) g_random_int () << 32) | g_random_int ();
      g_once_init_leave (&initialised, 1);
    }

  return hash_seed;
}

static inline guint64
load64 (const char *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline guint32
load32 (const char *p)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return v;
}

/* Non-zero when a word has a zero byte (exact, no false positives). */
#define HAS_ZERO64(v) (((v) - G_GUINT64_CONSTANT (0x0101010101010101)) & ~(v) \
                       & G_GUINT64_CONSTANT (0x8080808080808080))
#define HAS_ZERO32(v) (((v) - 0x01010101u) & ~(v) & 0x80808080u)

static inline gboolean
bytes_equal (const char *a,
             const char *b,
             gsize       len)
{
  /* Short values (most interned ones) without a call: overlapping words. */
  if (len > 16)
    return memcmp (a, b, len) == 0;
  if (len >= 8)
    return load64 (a) == load64 (b) && load64 (a + len - 8) == load64 (b + len - 8);
  if (len >= 4)
    return load32 (a) == load32 (b) && load32 (a + len - 4) == load32 (b + len - 4);
  for (gsize i = 0; i < len; i++)
    {
      if (a[i] != b[i])
        return FALSE;
    }
  return TRUE;
}

/* Copies a cell and tells whether it had a NUL byte, in one pass: most
 * cells are short, and a call to memchr() and one to memcpy() each cost
 * more than the work. */
static inline gboolean
copy_cell (char       *dst,
           const char *src,
           gsize       len)
{
  guint64 zero = 0;
  gsize i = 0;

  if (len < 8)
    {
      for (; i < len; i++)
        {
          dst[i] = src[i];
          zero |= src[i] == '\0';
        }
      return zero == 0;
    }

  if (len > 256)
    {
      memcpy (dst, src, len);
      return memchr (src, '\0', len) == NULL;
    }

  for (; i + 8 <= len; i += 8)
    {
      guint64 w = load64 (src + i);

      zero |= HAS_ZERO64 (w);
      memcpy (dst + i, &w, 8);
    }
  if (i < len)
    {
      guint64 w = load64 (src + len - 8);

      zero |= HAS_ZERO64 (w);
      memcpy (dst + len - 8, &w, 8);
    }

  return zero == 0;
}

/* The hash of @len bytes; *@zero becomes non-zero if one of them is NUL
 * (every byte is read once). */
static inline guint32
hash_bytes_checked (const char *p,
                    gsize       len,
                    guint64     seed,
                    guint64    *zero)
{
  guint64 h = seed ^ (len * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
  guint64 tail;

  while (len > 8)
    {
      guint64 w = load64 (p);

      *zero |= HAS_ZERO64 (w);
      h = (h ^ w) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
      h ^= h >> 29;
      p += 8;
      len -= 8;
    }

  if (len >= 4)
    {
      guint32 a = load32 (p), b = load32 (p + len - 4);

      *zero |= HAS_ZERO32 (a) | HAS_ZERO32 (b);
      tail = a | ((guint64) b << 32);
    }
  else if (len > 0)
    {
      /* With fewer than 4 bytes these three are all of them. */
      *zero |= p[0] == '\0' || p[len >> 1] == '\0' || p[len - 1] == '\0';
      tail = (guint64) (guchar) p[0] | ((guint64) (guchar) p[len >> 1] << 8)
             | ((guint64) (guchar) p[len - 1] << 16);
    }
  else
    {
      tail = 0;
    }

  h = (h ^ tail) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  h ^= h >> 31;
  h *= G_GUINT64_CONSTANT (0xd6e8feb86659fd93);
  h ^= h >> 32;

  return (guint32) h;
}

static inline guint32
hash_bytes (const char *p,
            gsize       len,
            guint64     seed)
{
  guint64 zero = 0;

  return hash_bytes_checked (p, len, seed, &zero);
}

/* Text helpers */

/* Bytes of a space (ASCII, U+00A0 or U+3000) at @p, or 0. */
static inline gsize
space_at (const char *p,
          gsize       avail)
{
  guchar c = (guchar) p[0];

  if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
    return 1;
  if (c == 0xC2 && avail >= 2 && (guchar) p[1] == 0xA0)
    return 2;
  if (c == 0xE3 && avail >= 3 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0x80)
    return 3;
  return 0;
}

static inline gboolean
may_end_in_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0 || c == 0x80;
}

static inline gboolean
may_start_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xC2 || c == 0xE3;
}

static void
trim_spaces_slow (const char **p,
                  gsize       *len)
{
  const char *s = *p;
  gsize n = *len;
  gsize k;

  while (n > 0 && (k = space_at (s, n)) > 0)
    {
      s += k;
      n -= k;
    }

  while (n > 0)
    {
      guchar c = (guchar) s[n - 1];

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        n -= 1;
      else if (n >= 2 && (guchar) s[n - 2] == 0xC2 && c == 0xA0)
        n -= 2;
      else if (n >= 3 && (guchar) s[n - 3] == 0xE3 && (guchar) s[n - 2] == 0x80 && c == 0x80)
        n -= 3;
      else
        break;
    }

  *p = s;
  *len = n;
}

static inline void
trim_spaces (const char **p,
             gsize       *len)
{
  /* Most cells (the reader trims them already) need no work. */
  if (*len > 0 && (may_start_space ((guchar) (*p)[0]) || may_end_in_space ((guchar) (*p)[*len - 1])))
    trim_spaces_slow (p, len);
}

/* A short one-line quote of a cell for a message. */
static char *
excerpt (const char *p,
         gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (p, (gssize) MIN (len, (gsize) 4 * EXCERPT_CHARS));
  GString *out = g_string_new (NULL);
  const char *s = valid;
  guint n = 0;

  for (; *s != '\0' && n < EXCERPT_CHARS; s = g_utf8_next_char (s), n++)
    {
      gunichar c = g_utf8_get_char (s);

      if (c < 0x20)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  if (*s != '\0' || len > (gsize) 4 * EXCERPT_CHARS)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

static char *
normalise_header (const char *text)
{
  GString *key = g_string_new (NULL);
  const char *p = text;
  const char *end = text + strlen (text);

  if (end - p >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      gsize space = space_at (p, (gsize) (end - p));

      if (space > 0)
        p += space;
      else if (*p == '_' || *p == '-')
        p++;
      else
        g_string_append_c (key, g_ascii_tolower (*p++));
    }

  return g_string_free (key, FALSE);
}

/* Fields */

int
kc_entity_field_from_header (const char *header)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (header != NULL, -1);

  key = normalise_header (header);
  for (guint i = 0; i < G_N_ELEMENTS (header_names); i++)
    {
      if (strcmp (key, header_names[i].key) == 0)
        return (int) header_names[i].field;
    }

  return -1;
}

const char *
kc_entity_field_to_string (KcEntityField field)
{
  g_return_val_if_fail (field < KC_N_ENTITY_FIELDS, NULL);

  return field_names[field];
}

const char *
kc_entity_field_get_display_name (KcEntityField field)
{
  g_return_val_if_fail (field < KC_N_ENTITY_FIELDS, NULL);

  return _(field_display_names[field]);
}

gboolean
kc_entity_field_is_interned (KcEntityField field)
{
  g_return_val_if_fail (field < KC_N_ENTITY_FIELDS, FALSE);

  return interned_index[field] >= 0;
}

/* Schema */

KcEntitySchema *
kc_entity_schema_new (char *const *header,
                      guint        n_columns)
{
  KcEntitySchema *schema;
  g_autofree gboolean *is_extra = NULL;
  g_autoptr(GHashTable) seen = NULL;
  guint slot = 0;

  g_return_val_if_fail (header != NULL || n_columns == 0, NULL);

  schema = g_new0 (KcEntitySchema, 1);
  is_extra = g_new0 (gboolean, n_columns + 1);
  g_atomic_ref_count_init (&schema->ref_count);
  schema->n_columns = n_columns;
  schema->extra_names = g_new0 (char *, n_columns + 1);
  schema->extra_ids = g_new0 (char *, n_columns + 1);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint f = 0; f < KC_N_ENTITY_FIELDS; f++)
    {
      schema->field_column[f] = -1;
      schema->field_slot[f] = -1;
    }

  for (guint c = 0; c < n_columns; c++)
    {
      const char *text = header[c] != NULL ? header[c] : "";
      int field = kc_entity_field_from_header (text);
      char *key;
      guint occurrence;
      guint e;

      if (field >= 0 && schema->field_column[field] < 0)
        {
          schema->field_column[field] = (int) c;
          continue;
        }

      /* Unknown columns, and a second column for a field, are kept as is. */
      is_extra[c] = TRUE;
      e = schema->n_extras++;
      schema->extra_names[e] = text[0] != '\0' ? g_strdup (text)
                                               : g_strdup_printf (_("Column %u"), c + 1);
      key = normalise_header (text);
      occurrence = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)) + 1;
      schema->extra_ids[e] = occurrence == 1 ? g_strdup (key)
                                             : g_strdup_printf ("%s#%u", key, occurrence);
      g_hash_table_replace (seen, key, GUINT_TO_POINTER (occurrence));
    }

  schema->slot_column = g_new (guint, G_N_ELEMENTS (string_fields) + schema->n_extras + 1);
  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    {
      KcEntityField f = string_fields[i];

      if (schema->field_column[f] >= 0)
        {
          schema->field_slot[f] = (int) slot;
          schema->slot_column[slot++] = (guint) schema->field_column[f];
        }
    }
  schema->n_field_slots = slot;

  for (guint c = 0; c < n_columns; c++)
    {
      if (is_extra[c])
        schema->slot_column[slot++] = c;
    }
  schema->n_slots = slot;

  return schema;
}

KcEntitySchema *
kc_entity_schema_ref (KcEntitySchema *schema)
{
  g_return_val_if_fail (schema != NULL, NULL);

  g_atomic_ref_count_inc (&schema->ref_count);
  return schema;
}

void
kc_entity_schema_unref (KcEntitySchema *schema)
{
  g_return_if_fail (schema != NULL);

  if (!g_atomic_ref_count_dec (&schema->ref_count))
    return;

  g_strfreev (schema->extra_names);
  g_strfreev (schema->extra_ids);
  g_free (schema->slot_column);
  g_free (schema);
}

int
kc_entity_schema_get_column (const KcEntitySchema *schema,
                             KcEntityField         field)
{
  g_return_val_if_fail (schema != NULL, -1);
  g_return_val_if_fail (field < KC_N_ENTITY_FIELDS, -1);

  return schema->field_column[field];
}

guint
kc_entity_schema_get_n_extras (const KcEntitySchema *schema)
{
  g_return_val_if_fail (schema != NULL, 0);

  return schema->n_extras;
}

const char *
kc_entity_schema_get_extra_name (const KcEntitySchema *schema,
                                 guint                 extra)
{
  g_return_val_if_fail (schema != NULL, NULL);
  g_return_val_if_fail (extra < schema->n_extras, NULL);

  return schema->extra_names[extra];
}

/* Memory */

#define PREFAULT_STEP ((gsize) 1024 * 1024)

/* Faults fresh memory in with one call rather than one fault a page, which
 * costs a third less in a virtual machine, where faults are dear (they
 * were most of the time of building a table). Only a hint: elsewhere, or
 * on kernels before 5.14, pages fault in as they are written. */
static void
prefault (gpointer start,
          gsize    size)
{
#if defined(G_OS_UNIX) && defined(MADV_POPULATE_WRITE)
  static gsize page_size;
  guintptr first, end;

  if (g_once_init_enter (&page_size))
    g_once_init_leave (&page_size, (gsize) MAX (sysconf (_SC_PAGESIZE), 1));

  first = ((guintptr) start + page_size - 1) / page_size * page_size;
  end = ((guintptr) start + size) / page_size * page_size;
  if (end > first)
    madvise ((void *) first, end - first, MADV_POPULATE_WRITE);
#endif
}

/* Segments */

static Segment *
segment_new (KcEntitySchema *schema)
{
  Segment *seg = g_new0 (Segment, 1);

  g_atomic_ref_count_init (&seg->ref_count);
  seg->schema = kc_entity_schema_ref (schema);
  seg->line_exceptions = g_array_new (FALSE, FALSE, sizeof (LineException));

  for (guint k = 0; k < N_INTERNED; k++)
    {
      SegColumn *col = &seg->columns[k];

      col->cap_entries = 16;
      col->entries = g_new0 (DictEntry, col->cap_entries);
      col->n_entries = 1;
      if (schema->field_column[interned_fields[k]] >= 0)
        {
          col->width = 1;
          col->index_mask = 15;
          col->index = g_new0 (guint32, col->index_mask + 1);
        }
    }

  return seg;
}

static Segment *
segment_ref (Segment *seg)
{
  g_atomic_ref_count_inc (&seg->ref_count);
  return seg;
}

static void
segment_unref (Segment *seg)
{
  if (!g_atomic_ref_count_dec (&seg->ref_count))
    return;

  for (guint i = 0; i < seg->n_chunks; i++)
    g_free (seg->chunks[i].data);
  g_free (seg->chunks);
  g_free (seg->rows);
  g_free (seg->id_hashes);
  g_free (seg->partner_bits);
  for (guint k = 0; k < N_INTERNED; k++)
    {
      g_free (seg->columns[k].codes);
      g_free (seg->columns[k].entries);
      g_free (seg->columns[k].index);
    }
  g_free (seg->line_base);
  g_free (seg->line_delta);
  g_array_unref (seg->line_exceptions);
  g_free (seg->file);
  kc_entity_schema_unref (seg->schema);
  g_free (seg);
}

static inline char *
segment_text (const Segment *seg,
              guint32        ref)
{
  return seg->chunks[ref >> CHUNK_BITS].data + (ref & CHUNK_MASK);
}

static inline const char *
segment_row (const Segment *seg,
             guint32        local)
{
  return segment_text (seg, seg->rows[local]);
}

static inline const char *
row_cell (const char *row,
          int         slot)
{
  for (int i = 0; i < slot; i++)
    row += strlen (row) + 1;
  return row;
}

static gboolean
segment_is_full (const Segment *seg)
{
  return seg->n_chunks + ROW_MAX_NEW_CHUNKS > MAX_CHUNKS || seg->n_rows == G_MAXUINT32 - 1;
}

/* Faults the open chunk in a step ahead of its fill. */
static void
segment_prefault (Segment *seg)
{
  const Chunk *chunk = &seg->chunks[seg->fill_chunk];

  while (seg->prefaulted < seg->fill)
    {
      gsize step = MIN (PREFAULT_STEP, chunk->size - seg->prefaulted);

      prefault (chunk->data + seg->prefaulted, step);
      seg->prefaulted += step;
    }
}

/* Never fails: segment_is_full() was checked before the row began. */
static char *
segment_alloc (Segment *seg,
               gsize    size,
               guint32 *ref)
{
  guint index;
  gsize chunk_size;

  if (seg->has_fill && seg->chunks[seg->fill_chunk].size - seg->fill >= size)
    {
      *ref = (seg->fill_chunk << CHUNK_BITS) | (guint32) seg->fill;
      seg->fill += size;
      if (seg->fill > seg->prefaulted)
        segment_prefault (seg);
      return seg->chunks[seg->fill_chunk].data + (*ref & CHUNK_MASK);
    }

  g_assert (seg->n_chunks < MAX_CHUNKS);
  if (seg->n_chunks == seg->cap_chunks)
    {
      seg->cap_chunks = MAX (seg->cap_chunks * 2, 8);
      seg->chunks = g_renew (Chunk, seg->chunks, seg->cap_chunks);
    }
  index = seg->n_chunks++;
  *ref = index << CHUNK_BITS;

  /* A huge row gets a chunk of its own, and the open chunk stays open. */
  if (size > CHUNK_SIZE_MAX / 4)
    {
      seg->chunks[index].data = g_malloc (size);
      seg->chunks[index].size = size;
      prefault (seg->chunks[index].data, size);
      return seg->chunks[index].data;
    }

  chunk_size = seg->has_fill ? MIN (seg->fill_chunk_size * 2, CHUNK_SIZE_MAX) : CHUNK_SIZE_MIN;
  seg->chunks[index].data = g_malloc (chunk_size);
  seg->chunks[index].size = chunk_size;
  seg->fill_chunk = index;
  seg->fill_chunk_size = chunk_size;
  seg->fill = size;
  seg->has_fill = TRUE;
  seg->prefaulted = 0;
  segment_prefault (seg);

  return seg->chunks[index].data;
}

/* Takes back the segment's last allocation. */
static void
segment_unalloc (Segment *seg,
                 guint32  ref,
                 gsize    size)
{
  guint index = ref >> CHUNK_BITS;

  if (seg->has_fill && index == seg->fill_chunk)
    {
      seg->fill -= size;
    }
  else
    {
      /* A chunk of its own, the last one made. */
      g_free (seg->chunks[index].data);
      seg->n_chunks--;
    }
}

static inline guint32
column_code (const SegColumn *col,
             guint32          local)
{
  switch (col->width)
    {
    case 1:
      return ((const guint8 *) col->codes)[local];
    case 2:
      return ((const guint16 *) col->codes)[local];
    case 4:
      return ((const guint32 *) col->codes)[local];
    default:
      return 0;
    }
}

static inline void
column_set_code (SegColumn *col,
                 guint32    local,
                 guint32    code)
{
  switch (col->width)
    {
    case 1:
      ((guint8 *) col->codes)[local] = (guint8) code;
      break;
    case 2:
      ((guint16 *) col->codes)[local] = (guint16) code;
      break;
    default:
      ((guint32 *) col->codes)[local] = code;
      break;
    }
}

static void
column_widen (SegColumn *col,
              guint32    n_rows,
              guint32    cap_rows)
{
  guint width = col->width == 1 ? 2 : 4;
  SegColumn wide = *col;

  wide.width = width;
  wide.codes = g_malloc ((gsize) cap_rows * width);
  for (guint32 r = 0; r < n_rows; r++)
    column_set_code (&wide, r, column_code (col, r));

  g_free (col->codes);
  col->codes = wide.codes;
  col->width = width;
}

static void
segment_reserve_row (Segment *seg)
{
  guint32 cap;

  if (seg->n_rows < seg->cap_rows)
    return;

  cap = seg->cap_rows < 1024 ? 1024
        : (seg->cap_rows > G_MAXUINT32 / 2 ? G_MAXUINT32 : seg->cap_rows * 2);
  seg->rows = g_renew (guint32, seg->rows, cap);
  seg->id_hashes = g_renew (guint32, seg->id_hashes, cap);
  seg->line_delta = g_renew (guint8, seg->line_delta, cap);
  seg->line_base = g_renew (guint64, seg->line_base, cap / LINE_BLOCK + 1);
  if (seg->schema->field_slot[KC_ENTITY_FIELD_PARTNERS] >= 0)
    seg->partner_bits = g_renew (guint64, seg->partner_bits, cap / 64 + 1);
  for (guint k = 0; k < N_INTERNED; k++)
    {
      SegColumn *col = &seg->columns[k];

      if (col->width > 0)
        col->codes = g_realloc (col->codes, (gsize) cap * col->width);
    }
  seg->cap_rows = cap;
}

static void
column_grow_index (SegColumn *col)
{
  guint32 mask = col->index_mask * 2 + 1;
  guint32 *index = g_new0 (guint32, (gsize) mask + 1);

  for (guint e = 1; e < col->n_entries; e++)
    {
      guint32 i = col->entries[e].hash & mask;

      while (index[i] != 0)
        i = (i + 1) & mask;
      index[i] = e;
    }

  g_free (col->index);
  col->index = index;
  col->index_mask = mask;
}

/* The local code of a non-empty value, adding it on first sight. */
static guint32
segment_intern (Segment    *seg,
                SegColumn  *col,
                const char *text,
                gsize       len,
                guint32     hash)
{
  guint32 i = hash & col->index_mask;
  guint32 e;
  DictEntry *entry;
  char *copy;

  while ((e = col->index[i]) != 0)
    {
      entry = &col->entries[e];
      if (entry->hash == hash && entry->len == len
          && bytes_equal (segment_text (seg, entry->ref), text, len))
        return e;
      i = (i + 1) & col->index_mask;
    }

  if (col->n_entries == col->cap_entries)
    {
      col->cap_entries *= 2;
      col->entries = g_renew (DictEntry, col->entries, col->cap_entries);
    }
  e = col->n_entries++;
  entry = &col->entries[e];
  copy = segment_alloc (seg, len + 1, &entry->ref);
  memcpy (copy, text, len);
  copy[len] = '\0';
  entry->len = (guint32) len;
  entry->hash = hash;
  entry->count = 0;
  col->index[i] = e;

  if ((e > G_MAXUINT8 && col->width == 1) || (e > G_MAXUINT16 && col->width == 2))
    column_widen (col, seg->n_rows, seg->cap_rows);
  if (col->n_entries * 2 > col->index_mask + 1)
    column_grow_index (col);

  return e;
}

static void
segment_set_line (Segment *seg,
                  guint32  local,
                  guint64  line)
{
  if (local % LINE_BLOCK == 0)
    {
      seg->line_base[local / LINE_BLOCK] = line;
      seg->line_delta[local] = 0;
    }
  else if (line >= seg->last_line && line - seg->last_line < LINE_EXCEPTION)
    {
      seg->line_delta[local] = (guint8) (line - seg->last_line);
    }
  else
    {
      LineException exception = { local, line };

      seg->line_delta[local] = LINE_EXCEPTION;
      g_array_append_val (seg->line_exceptions, exception);
    }

  seg->last_line = line;
}

static guint64
segment_get_line (const Segment *seg,
                  guint32        local)
{
  guint32 first = local - local % LINE_BLOCK;
  guint64 line = seg->line_base[local / LINE_BLOCK];

  for (guint32 r = first + 1; r <= local; r++)
    {
      guint8 delta = seg->line_delta[r];

      if (delta != LINE_EXCEPTION)
        {
          line += delta;
        }
      else
        {
          const LineException *ex = (const LineException *) (gpointer) seg->line_exceptions->data;
          guint lo = 0, hi = seg->line_exceptions->len;

          while (hi - lo > 1)
            {
              guint mid = (lo + hi) / 2;

              if (ex[mid].local <= r)
                lo = mid;
              else
                hi = mid;
            }
          line = ex[lo].line;
        }
    }

  return line + seg->line_offset;
}

/* Frees what only appending needs and the unused tails of the arrays. */
static void
segment_seal (Segment *seg)
{
  guint32 cap = MAX (seg->n_rows, 1);

  for (guint k = 0; k < N_INTERNED; k++)
    {
      SegColumn *col = &seg->columns[k];

      g_clear_pointer (&col->index, g_free);
      col->cap_entries = col->n_entries;
      col->entries = g_renew (DictEntry, col->entries, col->cap_entries);
      if (col->codes != NULL)
        col->codes = g_realloc (col->codes, (gsize) cap * col->width);
    }

  seg->rows = g_renew (guint32, seg->rows, cap);
  seg->id_hashes = g_renew (guint32, seg->id_hashes, cap);
  seg->line_delta = g_renew (guint8, seg->line_delta, cap);
  seg->line_base = g_renew (guint64, seg->line_base, cap / LINE_BLOCK + 1);
  if (seg->partner_bits != NULL)
    seg->partner_bits = g_renew (guint64, seg->partner_bits, cap / 64 + 1);
  seg->cap_rows = cap;
}

static gsize
segment_memory_size (const Segment *seg)
{
  gsize size = sizeof (Segment) + (gsize) seg->cap_chunks * sizeof (Chunk);

  for (guint i = 0; i < seg->n_chunks; i++)
    size += seg->chunks[i].size;

  size += (gsize) seg->cap_rows * (2 * sizeof (guint32) + sizeof (guint8));
  if (seg->partner_bits != NULL)
    size += ((gsize) seg->cap_rows / 64 + 1) * sizeof (guint64);
  size += ((gsize) seg->cap_rows / LINE_BLOCK + 1) * sizeof (guint64);
  size += (gsize) seg->line_exceptions->len * sizeof (LineException);
  for (guint k = 0; k < N_INTERNED; k++)
    {
      const SegColumn *col = &seg->columns[k];

      size += (gsize) seg->cap_rows * (col->codes != NULL ? col->width : 0);
      size += (gsize) col->cap_entries * sizeof (DictEntry);
      if (col->index != NULL)
        size += ((gsize) col->index_mask + 1) * sizeof (guint32);
    }

  return size;
}

/* Builder */

KcEntityBuilder *
kc_entity_builder_new (const KcEntitySchema *schema)
{
  KcEntityBuilder *builder;

  g_return_val_if_fail (schema != NULL, NULL);

  get_hash_seed ();

  builder = g_new0 (KcEntityBuilder, 1);
  builder->schema = kc_entity_schema_ref ((KcEntitySchema *) schema);
  builder->full = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_unref);
  builder->current = segment_new (builder->schema);

  return builder;
}

void
kc_entity_builder_free (KcEntityBuilder *builder)
{
  if (builder == NULL)
    return;

  g_ptr_array_unref (builder->full);
  if (builder->current != NULL)
    segment_unref (builder->current);
  kc_entity_schema_unref (builder->schema);
  g_free (builder);
}

guint
kc_entity_builder_get_n_rows (KcEntityBuilder *builder)
{
  guint n;

  g_return_val_if_fail (builder != NULL, 0);

  n = builder->current->n_rows;
  for (guint i = 0; i < builder->full->len; i++)
    n += ((Segment *) g_ptr_array_index (builder->full, i))->n_rows;

  return n;
}

static inline const char *
record_field (char *const  *fields,
              const gsize  *lengths,
              guint         n_fields,
              int           column,
              gsize        *len)
{
  if (column < 0 || (guint) column >= n_fields)
    {
      *len = 0;
      return "";
    }

  *len = lengths[column];
  return fields[column];
}

/* Accepts "2015", full-width digits and a trailing 年; writes 4 ASCII digits. */
static gboolean
parse_year (const char *p,
            gsize       len,
            char        out[4])
{
  guint n = 0;
  gsize i = 0;

  while (i < len && n < 5)
    {
      guchar c = (guchar) p[i];

      if (c >= '0' && c <= '9')
        {
          if (n < 4)
            out[n] = (char) c;
          n++;
          i++;
        }
      else if (c == 0xEF && len - i >= 3 && (guchar) p[i + 1] == 0xBC
               && (guchar) p[i + 2] >= 0x90 && (guchar) p[i + 2] <= 0x99)
        {
          if (n < 4)
            out[n] = (char) ('0' + ((guchar) p[i + 2] - 0x90));
          n++;
          i += 3;
        }
      else
        {
          break;
        }
    }

  if (len - i == strlen ("年") && memcmp (p + i, "年", strlen ("年")) == 0)
    i = len;

  return i == len && n == 4 && out[0] != '0';
}

static void
report_missing (KcProblemList *problems,
                const char    *file,
                guint64        line,
                int            column,
                KcEntityField  field)
{
  if (problems == NULL)
    return;

  if (column < 0)
    kc_problem_list_add (problems, file, line, 0, KC_PROBLEM_MISSING_FIELD, KC_SEVERITY_ERROR,
                         "%s",
                         field == KC_ENTITY_FIELD_ID
                           ? _("There is no id column; every entity needs an id")
                           : _("There is no name column; every entity needs a name"));
  else
    kc_problem_list_add (problems, file, line, (guint) column + 1, KC_PROBLEM_MISSING_FIELD,
                         KC_SEVERITY_ERROR, "%s",
                         field == KC_ENTITY_FIELD_ID
                           ? _("The id is empty; every entity needs one")
                           : _("The name is empty; every entity needs one"));
}

static void
report_nul (KcProblemList *problems,
            const char    *file,
            guint64        line,
            guint          column)
{
  if (problems != NULL)
    kc_problem_list_add (problems, file, line, column, KC_PROBLEM_EMBEDDED_NUL, KC_SEVERITY_ERROR,
                         "%s", _("The cell contains a NUL byte"));
}

gboolean
kc_entity_builder_append (KcEntityBuilder *builder,
                          char *const     *fields,
                          const gsize     *lengths,
                          guint            n_fields,
                          guint64          line,
                          const char      *file,
                          KcProblemList   *problems)
{
  const KcEntitySchema *schema;
  Segment *seg;
  const char *id;
  const char *text;
  const char *values[N_INTERNED];
  gsize value_len[N_INTERNED];
  guint32 hashes[N_INTERNED];
  char year[4];
  gsize id_len;
  gsize len;
  gsize total;
  gboolean ok = TRUE;
  gboolean clean;
  guint nul_column = 0;
  guint32 ref;
  guint32 local;
  char *out;

  g_return_val_if_fail (builder != NULL, FALSE);
  g_return_val_if_fail (fields != NULL || n_fields == 0, FALSE);
  g_return_val_if_fail (lengths != NULL || n_fields == 0, FALSE);

  schema = builder->schema;

  id = record_field (fields, lengths, n_fields, schema->field_column[KC_ENTITY_FIELD_ID], &id_len);
  trim_spaces (&id, &id_len);
  if (id_len == 0)
    {
      report_missing (problems, file, line, schema->field_column[KC_ENTITY_FIELD_ID],
                      KC_ENTITY_FIELD_ID);
      ok = FALSE;
    }

  text = record_field (fields, lengths, n_fields, schema->field_column[KC_ENTITY_FIELD_NAME], &len);
  trim_spaces (&text, &len);
  if (len == 0)
    {
      report_missing (problems, file, line, schema->field_column[KC_ENTITY_FIELD_NAME],
                      KC_ENTITY_FIELD_NAME);
      ok = FALSE;
    }

  for (guint k = 0; k < N_INTERNED; k++)
    {
      int column = schema->field_column[interned_fields[k]];
      guint64 zero = 0;

      values[k] = record_field (fields, lengths, n_fields, column, &value_len[k]);
      trim_spaces (&values[k], &value_len[k]);
      if (value_len[k] == 0)
        continue;

      if (k == YEAR_INTERNED)
        {
          if (parse_year (values[k], value_len[k], year))
            {
              values[k] = year;
              value_len[k] = 4;
            }
          else
            {
              if (problems != NULL)
                {
                  g_autofree char *quoted = excerpt (values[k], value_len[k]);

                  kc_problem_list_add (problems, file, line, (guint) column + 1,
                                       KC_PROBLEM_BAD_VALUE, KC_SEVERITY_ERROR,
                                       _("“%s” is not a year: expected a whole number from 1000 to 9999"),
                                       quoted);
                }
              ok = FALSE;
              continue;
            }
        }

      hashes[k] = hash_bytes_checked (values[k], value_len[k], hash_seed, &zero);
      if (zero != 0)
        {
          report_nul (problems, file, line, (guint) column + 1);
          ok = FALSE;
        }
    }

  if (!ok)
    return FALSE;

  /* Every string cell takes its bytes and a NUL. */
  total = id_len + 1;
  for (guint s = 1; s < schema->n_slots; s++)
    {
      record_field (fields, lengths, n_fields, (int) schema->slot_column[s], &len);
      total += len + 1;
    }

  seg = builder->current;
  if (segment_is_full (seg))
    {
      segment_seal (seg);
      g_ptr_array_add (builder->full, seg);
      seg = builder->current = segment_new (builder->schema);
    }

  segment_reserve_row (seg);
  local = seg->n_rows;

  /* A cell with a NUL of its own could not be found again: such a row is
   * taken back (the reader already rejects them, so this is rare). */
  out = segment_alloc (seg, total, &ref);
  clean = copy_cell (out, id, id_len);
  out[id_len] = '\0';
  out += id_len + 1;
  for (guint s = 1; s < schema->n_slots && clean; s++)
    {
      text = record_field (fields, lengths, n_fields, (int) schema->slot_column[s], &len);
      clean = copy_cell (out, text, len);
      out[len] = '\0';
      out += len + 1;
      if (!clean)
        nul_column = schema->slot_column[s] + 1;
    }
  if (!clean)
    {
      if (nul_column == 0)
        nul_column = (guint) schema->field_column[KC_ENTITY_FIELD_ID] + 1;
      segment_unalloc (seg, ref, total);
      report_nul (problems, file, line, nul_column);
      return FALSE;
    }

  for (guint k = 0; k < N_INTERNED; k++)
    {
      SegColumn *col = &seg->columns[k];
      guint32 code;

      if (col->width == 0)
        continue;

      code = value_len[k] > 0 ? segment_intern (seg, col, values[k], value_len[k], hashes[k]) : 0;
      col->entries[code].count++;
      column_set_code (col, local, code);
    }

  seg->rows[local] = ref;
  seg->id_hashes[local] = hash_bytes (id, id_len, hash_seed);
  if (seg->partner_bits != NULL)
    {
      guint64 bit = (guint64) 1 << (local % 64);

      record_field (fields, lengths, n_fields, schema->field_column[KC_ENTITY_FIELD_PARTNERS], &len);
      if (local % 64 == 0)
        seg->partner_bits[local / 64] = 0;
      if (len > 0)
        seg->partner_bits[local / 64] |= bit;
    }
  segment_set_line (seg, local, line);
  seg->n_rows++;

  return TRUE;
}

/* Running work on several threads */

typedef void (*WorkerFunc) (gpointer data,
                            guint    worker,
                            guint    n_workers);

typedef struct
{
  WorkerFunc func;
  gpointer   data;
  guint      worker;
  guint      n_workers;
} WorkerCall;

static gpointer
worker_thread (gpointer user_data)
{
  WorkerCall *call = user_data;

  call->func (call->data, call->worker, call->n_workers);
  return NULL;
}

static void
run_workers (WorkerFunc func,
             gpointer   data,
             guint      n_workers)
{
  WorkerCall calls[MAX_WORKERS];
  GThread *threads[MAX_WORKERS] = { NULL };

  for (guint w = 1; w < n_workers; w++)
    {
      calls[w] = (WorkerCall) { func, data, w, n_workers };
      threads[w] = g_thread_try_new ("kc-entities", worker_thread, &calls[w], NULL);
    }

  func (data, 0, n_workers);

  /* A thread that could not start does its share here. */
  for (guint w = 1; w < n_workers; w++)
    {
      if (threads[w] != NULL)
        g_thread_join (threads[w]);
      else
        func (data, w, n_workers);
    }
}

/* A power of two, since the id index is split by hash bits. */
static guint
choose_workers (guint n_rows)
{
  guint cpus = MIN ((guint) g_get_num_processors (), MAX_WORKERS);
  guint n = 1;

  if (n_rows < PARALLEL_MIN_ROWS)
    return 1;

  while (n * 2 <= cpus)
    n *= 2;

  return n;
}

/* Table: rows, pieces and views */

static guint
find_piece (const KcEntityTable *self,
            guint                row)
{
  guint lo = 0, hi = self->n_pieces;

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (self->pieces[mid].first_row <= row)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

static inline const View *
locate_row (const KcEntityTable *self,
            guint                row,
            guint32             *local)
{
  const Piece *piece = &self->pieces[find_piece (self, row)];

  *local = piece->first_local + (row - piece->first_row);
  return &self->views[piece->view];
}

static inline const char *
table_row_id (const KcEntityTable *self,
              guint                row)
{
  guint32 local;
  const View *view = locate_row (self, row, &local);

  return segment_row (view->seg, local);
}

static guint
table_n_columns (const KcEntityTable *self)
{
  return KC_N_ENTITY_FIELDS + self->n_extras;
}

static void
link_list_clear (LinkList *list)
{
  g_free (list->targets);
  g_free (list->block_start);
  g_free (list->counts);
  g_free (list->big);
  memset (list, 0, sizeof *list);
}

static guint32
link_list_count (const LinkList *list,
                 guint32         row)
{
  guint lo = 0, hi = list->n_big;

  if (list->counts[row] != LINK_COUNT_BIG)
    return list->counts[row];

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (list->big[mid].row <= row)
        lo = mid;
      else
        hi = mid;
    }

  return list->big[lo].count;
}

static const guint32 *
link_list_get (const LinkList *list,
               guint32         row,
               guint          *n)
{
  guint32 start;

  if (list->targets == NULL)
    {
      *n = 0;
      return NULL;
    }

  start = list->block_start[row / LINK_BLOCK];
  for (guint32 r = row - row % LINK_BLOCK; r < row; r++)
    start += link_list_count (list, r);

  *n = link_list_count (list, row);
  return list->targets + start;
}

static inline void
link_list_set_count (LinkList *list,
                     GArray   *big,
                     guint32   row,
                     guint32   count)
{
  if (count < LINK_COUNT_BIG)
    {
      list->counts[row] = (guint8) count;
    }
  else
    {
      BigCount entry = { row, count };

      list->counts[row] = LINK_COUNT_BIG;
      g_array_append_val (big, entry);
    }
}

/* Takes @big (in row order) and sets the block starts from the counts. */
static void
link_list_finish (LinkList *list,
                  GArray   *big,
                  guint     n_rows)
{
  gsize at = 0;

  list->n_big = big->len;
  list->big = (BigCount *) (gpointer) g_array_free (big, FALSE);
  list->block_start = g_new (guint32, n_rows / LINK_BLOCK + 1);
  for (guint r = 0; r < n_rows; r++)
    {
      if (r % LINK_BLOCK == 0)
        list->block_start[r / LINK_BLOCK] = (guint32) at;
      at += list->counts[r] != LINK_COUNT_BIG ? list->counts[r] : link_list_count (list, r);
    }
}

static gsize
link_list_memory_size (const LinkList *list,
                       guint           n_rows)
{
  if (list->targets == NULL)
    return 0;

  return list->n_targets * sizeof (guint32) + (n_rows / LINK_BLOCK + 1) * sizeof (guint32)
         + n_rows + list->n_big * sizeof (BigCount);
}

static KcEntityTable *
table_new (void)
{
  KcEntityTable *self = g_new0 (KcEntityTable, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

static void
table_clear_derived (KcEntityTable *self)
{
  g_clear_pointer (&self->index, g_free);
  link_list_clear (&self->partners);
  link_list_clear (&self->partner_of);

  for (guint k = 0; k < N_INTERNED; k++)
    {
      g_clear_pointer (&self->facets[k].values, g_free);
      self->facets[k].n_values = 0;
      for (guint v = 0; v < self->n_views; v++)
        g_clear_pointer (&self->views[v].remap[k], g_free);
    }
}

static void
table_add_extras (KcEntityTable        *self,
                  const KcEntitySchema *schema)
{
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint t = 0; t < self->n_extras; t++)
    g_hash_table_add (known, self->extras[t].id);

  for (guint e = 0; e < schema->n_extras; e++)
    {
      if (g_hash_table_contains (known, schema->extra_ids[e]))
        continue;

      self->extras = g_renew (Extra, self->extras, self->n_extras + 1);
      self->extras[self->n_extras].name = g_strdup (schema->extra_names[e]);
      self->extras[self->n_extras].id = g_strdup (schema->extra_ids[e]);
      g_hash_table_add (known, self->extras[self->n_extras].id);
      self->n_extras++;
    }
}

/* Adds a view of @seg (taking the reference) and returns its number. */
static guint
table_add_view (KcEntityTable *self,
                Segment       *seg)
{
  View *view;

  self->views = g_renew (View, self->views, self->n_views + 1);
  view = &self->views[self->n_views];
  memset (view, 0, sizeof *view);
  view->seg = seg;
  table_add_extras (self, seg->schema);

  return self->n_views++;
}

static void
table_add_piece (KcEntityTable *self,
                 guint          view,
                 guint32        first_local,
                 guint32        n_rows)
{
  Piece *piece;

  if (n_rows == 0)
    return;

  if (self->n_pieces == self->cap_pieces)
    {
      self->cap_pieces = MAX (self->cap_pieces * 2, 4);
      self->pieces = g_renew (Piece, self->pieces, self->cap_pieces);
    }
  piece = &self->pieces[self->n_pieces++];
  piece->first_row = self->n_rows;
  piece->n_rows = n_rows;
  piece->first_local = first_local;
  piece->view = view;
  self->n_rows += n_rows;
}

static void
table_update_slots (KcEntityTable *self)
{
  guint n_columns = table_n_columns (self);

  for (guint v = 0; v < self->n_views; v++)
    {
      View *view = &self->views[v];
      const KcEntitySchema *schema = view->seg->schema;
      g_autoptr(GHashTable) slots = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint e = 0; e < schema->n_extras; e++)
        g_hash_table_insert (slots, schema->extra_ids[e],
                             GUINT_TO_POINTER (schema->n_field_slots + e + 1));

      view->column_slot = g_renew (int, view->column_slot, n_columns);
      for (guint f = 0; f < KC_N_ENTITY_FIELDS; f++)
        view->column_slot[f] = schema->field_slot[f];
      for (guint t = 0; t < self->n_extras; t++)
        view->column_slot[KC_N_ENTITY_FIELDS + t] =
          (int) GPOINTER_TO_UINT (g_hash_table_lookup (slots, self->extras[t].id)) - 1;
    }
}

/* The id index */

typedef struct
{
  guint32 row;
  guint32 first;
} Duplicate;

typedef struct
{
  KcEntityTable *table;
  guint64       *slots;
  guint32        sub_mask;
  guint          bits;
  gboolean       overflow[MAX_WORKERS];
  GArray        *duplicates[MAX_WORKERS];
} IndexJob;

static inline guint
index_part (guint32 hash,
            guint   bits)
{
  return bits == 0 ? 0 : hash >> (32 - bits);
}

/* Inserts rows whose slots were prefetched, or records them as
 * duplicates; FALSE when the part is full. */
static gboolean
index_insert_group (IndexJob      *job,
                    guint64       *slots,
                    guint32       *filled,
                    GArray        *duplicates,
                    const guint32 *rows,
                    const guint32 *hashes,
                    guint          n)
{
  for (guint g = 0; g < n; g++)
    {
      guint32 hash = hashes[g];

      /* Leave a free slot, so that probing always ends. */
      if (*filled == job->sub_mask)
        return FALSE;

      for (guint32 i = hash & job->sub_mask;; i = (i + 1) & job->sub_mask)
        {
          guint64 slot = slots[i];

          if (slot == 0)
            {
              slots[i] = ((guint64) hash << 32) | (rows[g] + 1);
              (*filled)++;
              break;
            }
          if ((guint32) (slot >> 32) == hash)
            {
              guint32 other = (guint32) slot - 1;

              if (strcmp (table_row_id (job->table, rows[g]), table_row_id (job->table, other)) == 0)
                {
                  Duplicate dup = { rows[g], other };

                  g_array_append_val (duplicates, dup);
                  break;
                }
            }
        }
    }

  return TRUE;
}

static void
index_insert_worker (gpointer data,
                     guint    worker,
                     guint    n_workers)
{
  IndexJob *job = data;
  const KcEntityTable *self = job->table;
  guint64 *slots = job->slots + (gsize) worker * ((gsize) job->sub_mask + 1);
  guint32 rows[PREFETCH_GROUP];
  guint32 hashes[PREFETCH_GROUP];
  guint n_group = 0;
  guint32 filled = 0;

  /* Every worker reads all the hashes (kept by the builders) in row order
   * and inserts those of its part; the slots are random accesses, so a
   * group's are fetched at once before the inserts. */
  for (guint p = 0; p < self->n_pieces; p++)
    {
      const Piece *piece = &self->pieces[p];
      const guint32 *piece_hashes = self->views[piece->view].seg->id_hashes + piece->first_local;

      for (guint32 r = 0; r < piece->n_rows; r++)
        {
          guint32 hash = piece_hashes[r];

          if (index_part (hash, job->bits) != worker)
            continue;

          rows[n_group] = piece->first_row + r;
          hashes[n_group++] = hash;
          __builtin_prefetch (&slots[hash & job->sub_mask], 1);
          if (n_group < PREFETCH_GROUP)
            continue;

          if (!index_insert_group (job, slots, &filled, job->duplicates[worker], rows, hashes, n_group))
            {
              job->overflow[worker] = TRUE;
              return;
            }
          n_group = 0;
        }
    }

  if (!index_insert_group (job, slots, &filled, job->duplicates[worker], rows, hashes, n_group))
    job->overflow[worker] = TRUE;
}

static int
compare_duplicates (gconstpointer a,
                    gconstpointer b)
{
  const Duplicate *da = a;
  const Duplicate *db = b;

  return da->row < db->row ? -1 : da->row > db->row;
}

/* Builds the index; returns the rows whose id an earlier row has. */
static GArray *
table_build_index (KcEntityTable *self)
{
  IndexJob job = { self };
  guint n_workers = choose_workers (self->n_rows);
  GArray *duplicates = g_array_new (FALSE, FALSE, sizeof (Duplicate));
  gsize capacity = 16;
  gboolean overflow;

  g_clear_pointer (&self->index, g_free);

  while (capacity < (gsize) self->n_rows + self->n_rows / 3 + 1
         || capacity < (gsize) n_workers * 16)
    capacity *= 2;

  do
    {
      job.bits = 0;
      while ((1u << job.bits) < n_workers)
        job.bits++;
      job.sub_mask = (guint32) (capacity / n_workers - 1);
      job.slots = g_new0 (guint64, capacity);
      prefault (job.slots, capacity * sizeof (guint64));
      for (guint w = 0; w < n_workers; w++)
        {
          job.overflow[w] = FALSE;
          job.duplicates[w] = g_array_new (FALSE, FALSE, sizeof (Duplicate));
        }

      run_workers (index_insert_worker, &job, n_workers);

      overflow = FALSE;
      for (guint w = 0; w < n_workers; w++)
        {
          overflow |= job.overflow[w];
          if (!overflow)
            g_array_append_vals (duplicates, job.duplicates[w]->data, job.duplicates[w]->len);
          g_array_unref (job.duplicates[w]);
        }

      /* One part got far more than its share: retry as one part, which
       * always has room. */
      if (overflow)
        {
          g_free (job.slots);
          g_array_set_size (duplicates, 0);
          n_workers = 1;
        }
    }
  while (overflow);

  self->index = job.slots;
  self->index_sub_mask = job.sub_mask;
  self->index_bits = job.bits;

  g_array_sort (duplicates, compare_duplicates);
  return duplicates;
}

static gint64
table_lookup (const KcEntityTable *self,
              const char          *id,
              gsize                len)
{
  guint32 hash;
  const guint64 *slots;

  if (self->index == NULL || len == 0)
    return -1;

  hash = hash_bytes (id, len, hash_seed);
  slots = self->index + (gsize) index_part (hash, self->index_bits) * ((gsize) self->index_sub_mask + 1);

  for (guint32 i = hash & self->index_sub_mask;; i = (i + 1) & self->index_sub_mask)
    {
      guint64 slot = slots[i];

      if (slot == 0)
        return -1;
      if ((guint32) (slot >> 32) == hash)
        {
          guint32 row = (guint32) slot - 1;
          const char *candidate = table_row_id (self, row);

          /* strncmp stops at the candidate's end, memcmp might read past it. */
          if (strncmp (candidate, id, len) == 0 && candidate[len] == '\0')
            return row;
        }
    }
}

static void
report_duplicates (KcEntityTable *self,
                   GArray        *duplicates,
                   KcProblemList *problems)
{
  for (guint i = 0; i < duplicates->len && problems != NULL; i++)
    {
      const Duplicate *dup = &g_array_index (duplicates, Duplicate, i);
      guint32 local;
      const View *view = locate_row (self, dup->row, &local);
      const char *file = view->seg->file;
      const char *first_file = kc_entity_table_get_file (self, dup->first);
      g_autofree char *id = excerpt (segment_row (view->seg, local), strlen (segment_row (view->seg, local)));
      g_autofree char *first_line = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                     kc_entity_table_get_line (self, dup->first));
      guint column = (guint) view->seg->schema->field_column[KC_ENTITY_FIELD_ID] + 1;

      if (g_strcmp0 (file, first_file) == 0)
        kc_problem_list_add (problems, file, kc_entity_table_get_line (self, dup->row), column,
                             KC_PROBLEM_DUPLICATE_ID, KC_SEVERITY_ERROR,
                             /* Translators: the id, then the number of the line that has it first */
                             _("The id “%s” is already used on line %s; this row is left out"),
                             id, first_line);
      else
        kc_problem_list_add (problems, file, kc_entity_table_get_line (self, dup->row), column,
                             KC_PROBLEM_DUPLICATE_ID, KC_SEVERITY_ERROR,
                             /* Translators: the id, the file that has it first, and the line there */
                             _("The id “%s” is already used in %s on line %s; this row is left out"),
                             id, first_file, first_line);
    }
}

/* Drops the rows of @duplicates (sorted) by splitting the pieces. */
static void
table_drop_rows (KcEntityTable *self,
                 GArray        *duplicates)
{
  Piece *old = self->pieces;
  guint n_old = self->n_pieces;
  guint d = 0;

  self->pieces = NULL;
  self->n_pieces = 0;
  self->cap_pieces = 0;
  self->n_rows = 0;

  for (guint p = 0; p < n_old; p++)
    {
      guint32 start = old[p].first_row;
      guint32 end = old[p].first_row + old[p].n_rows;
      guint32 row = start;

      for (; d < duplicates->len && g_array_index (duplicates, Duplicate, d).row < end; d++)
        {
          guint32 dropped = g_array_index (duplicates, Duplicate, d).row;

          table_add_piece (self, old[p].view, old[p].first_local + (row - start), dropped - row);
          row = dropped + 1;
        }
      table_add_piece (self, old[p].view, old[p].first_local + (row - start), end - row);
    }

  g_free (old);
}

/* Facets */

static int
compare_facet_values (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const FacetValue *va = a;
  const FacetValue *vb = b;

  if (va->count != vb->count)
    return va->count > vb->count ? -1 : 1;
  return strcmp (va->value, vb->value);
}

/* Counts of a view's local codes over the rows the table keeps of it. */
static guint32 *
view_count_codes (const KcEntityTable *self,
                  guint                v,
                  guint                k)
{
  const SegColumn *col = &self->views[v].seg->columns[k];
  guint32 *counts = g_new0 (guint32, col->n_entries);
  guint64 covered = 0;

  for (guint p = 0; p < self->n_pieces; p++)
    {
      if (self->pieces[p].view == v)
        covered += self->pieces[p].n_rows;
    }

  if (covered == self->views[v].seg->n_rows)
    {
      for (guint e = 0; e < col->n_entries; e++)
        counts[e] = col->entries[e].count;
      return counts;
    }

  for (guint p = 0; p < self->n_pieces; p++)
    {
      const Piece *piece = &self->pieces[p];

      if (piece->view != v)
        continue;
      for (guint32 r = 0; r < piece->n_rows; r++)
        counts[column_code (col, piece->first_local + r)]++;
    }

  return counts;
}

static void
table_build_facets (KcEntityTable *self)
{
  for (guint k = 0; k < N_INTERNED; k++)
    {
      g_autoptr(GHashTable) by_value = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (FacetValue));
      g_autofree guint32 *rank = NULL;

      for (guint v = 0; v < self->n_views; v++)
        {
          const Segment *seg = self->views[v].seg;
          const SegColumn *col = &seg->columns[k];
          g_autofree guint32 *counts = view_count_codes (self, v, k);
          guint32 *remap = g_new (guint32, col->n_entries);

          remap[0] = KC_ENTITY_CODE_NONE;
          for (guint e = 1; e < col->n_entries; e++)
            {
              const char *value = segment_text (seg, col->entries[e].ref);
              gpointer found;

              remap[e] = KC_ENTITY_CODE_NONE;
              if (counts[e] == 0)
                continue;

              if (g_hash_table_lookup_extended (by_value, value, NULL, &found))
                {
                  remap[e] = GPOINTER_TO_UINT (found);
                }
              else
                {
                  FacetValue fv = { value, 0 };

                  remap[e] = values->len;
                  g_hash_table_insert (by_value, (gpointer) value, GUINT_TO_POINTER (values->len));
                  g_array_append_val (values, fv);
                }
              g_array_index (values, FacetValue, remap[e]).count += counts[e];
            }
          self->views[v].remap[k] = remap;
        }

      /* Sort, then turn first-seen numbers into ranks. */
      rank = g_new (guint32, values->len + 1);
      self->facets[k].n_values = values->len;
      self->facets[k].values = g_new (FacetValue, values->len + 1);
      if (values->len > 0)
        memcpy (self->facets[k].values, values->data, values->len * sizeof (FacetValue));
      g_qsort_with_data (self->facets[k].values, (gint) values->len, sizeof (FacetValue),
                         compare_facet_values, NULL);
      for (guint i = 0; i < values->len; i++)
        {
          const char *value = self->facets[k].values[i].value;

          rank[GPOINTER_TO_UINT (g_hash_table_lookup (by_value, value))] = i;
        }

      for (guint v = 0; v < self->n_views; v++)
        {
          guint32 *remap = self->views[v].remap[k];

          for (guint e = 1; e < self->views[v].seg->columns[k].n_entries; e++)
            {
              if (remap[e] != KC_ENTITY_CODE_NONE)
                remap[e] = rank[remap[e]];
            }
        }
    }
}

/* Partner links */

typedef struct
{
  KcEntityTable *table;
  gboolean       report;
  GArray        *links[MAX_WORKERS];
  GArray        *big[MAX_WORKERS];
  KcProblemList *problems[MAX_WORKERS];
} LinkJob;

/* Bytes of a separator at @p (NUL-terminated), or 0. */
static inline gsize
separator_at (const char *p)
{
  guchar c = (guchar) p[0];

  if (c == ';' || c == ',')
    return 1;
  /* '；' and '，' */
  if (c == 0xEF && (guchar) p[1] == 0xBC && ((guchar) p[2] == 0x9B || (guchar) p[2] == 0x8C))
    return 3;
  /* '、' */
  if (c == 0xE3 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0x81)
    return 3;
  return 0;
}

typedef enum
{
  LINK_DANGLING,
  LINK_SELF,
  LINK_TWICE,
} LinkProblem;

static void
report_link (LinkJob     *job,
             guint        worker,
             guint        row,
             const char  *item,
             gsize        len,
             LinkProblem  problem)
{
  g_autofree char *quoted = NULL;
  g_autofree char *message = NULL;
  const View *view;
  guint32 local;
  guint column;

  if (!job->report)
    return;

  quoted = excerpt (item, len);
  switch (problem)
    {
    case LINK_DANGLING:
      message = g_strdup_printf (_("Partner “%s” is not an id in this file"), quoted);
      break;
    case LINK_SELF:
      message = g_strdup_printf (_("Partner “%s” is the entity’s own id; it is left out"), quoted);
      break;
    case LINK_TWICE:
    default:
      message = g_strdup_printf (_("Partner “%s” is listed twice; the second is left out"), quoted);
      break;
    }

  view = locate_row (job->table, row, &local);
  column = (guint) view->seg->schema->field_column[KC_ENTITY_FIELD_PARTNERS] + 1;
  kc_problem_list_add (job->problems[worker], view->seg->file,
                       segment_get_line (view->seg, local), column,
                       KC_PROBLEM_DANGLING_REFERENCE, KC_SEVERITY_WARNING, "%s", message);
}

/* A partner id waiting to be looked up. */
typedef struct
{
  const char *text;
  gsize       len;
  guint32     hash;
  guint32     row;
  gint64      target;
} PendingLink;

static void
collect_links (GArray     *pending,
               guint       row,
               const char *text)
{
  const char *p = text;
  guint64 seed = hash_seed;

  while (*p != '\0')
    {
      PendingLink link;

      link.text = p;
      while (*p != '\0' && separator_at (p) == 0)
        p++;
      link.len = (gsize) (p - link.text);
      if (*p != '\0')
        p += separator_at (p);

      trim_spaces (&link.text, &link.len);
      if (link.len == 0)
        continue;

      link.hash = hash_bytes (link.text, link.len, seed);
      link.row = row;
      link.target = -1;
      g_array_append_val (pending, link);
    }
}

/* Looks the ids up a group at a time: the index slot, the candidate row's
 * reference and its id are three dependent random reads per id, so each
 * step is fetched for the whole group before it is used. */
static void
resolve_links (const KcEntityTable *self,
               PendingLink         *links,
               guint                n)
{
  guint32 mask = self->index_sub_mask;

  for (guint first = 0; first < n; first += PREFETCH_GROUP)
    {
      guint m = MIN (PREFETCH_GROUP, n - first);
      PendingLink *group = links + first;
      const guint64 *slots[PREFETCH_GROUP];
      guint32 candidate[PREFETCH_GROUP];
      const Segment *seg[PREFETCH_GROUP];
      guint32 local[PREFETCH_GROUP];
      const char *id[PREFETCH_GROUP];

      for (guint i = 0; i < m; i++)
        {
          slots[i] = self->index + (gsize) index_part (group[i].hash, self->index_bits) * ((gsize) mask + 1);
          __builtin_prefetch (&slots[i][group[i].hash & mask]);
        }

      for (guint i = 0; i < m; i++)
        {
          candidate[i] = G_MAXUINT32;
          for (guint32 j = group[i].hash & mask; slots[i][j] != 0; j = (j + 1) & mask)
            {
              if ((guint32) (slots[i][j] >> 32) == group[i].hash)
                {
                  candidate[i] = (guint32) slots[i][j] - 1;
                  break;
                }
            }
          if (candidate[i] != G_MAXUINT32)
            {
              seg[i] = locate_row (self, candidate[i], &local[i])->seg;
              __builtin_prefetch (&seg[i]->rows[local[i]]);
            }
        }

      for (guint i = 0; i < m; i++)
        {
          if (candidate[i] == G_MAXUINT32)
            continue;
          id[i] = segment_row (seg[i], local[i]);
          __builtin_prefetch (id[i]);
        }

      for (guint i = 0; i < m; i++)
        {
          if (candidate[i] == G_MAXUINT32)
            continue;
          /* strncmp stops at the id's end; another id with the same hash
           * further on is left to the full lookup. */
          if (strncmp (id[i], group[i].text, group[i].len) == 0 && id[i][group[i].len] == '\0')
            group[i].target = candidate[i];
          else
            group[i].target = table_lookup (self, group[i].text, group[i].len);
        }
    }
}

/* Turns the looked-up ids of rows [@first_row, @end_row) into links. */
static void
emit_links (LinkJob           *job,
            guint              worker,
            const PendingLink *pending,
            guint              n_pending,
            guint              first_row,
            guint              end_row)
{
  GArray *links = job->links[worker];
  guint i = 0;

  for (guint row = first_row; row < end_row; row++)
    {
      g_autoptr(GHashTable) seen = NULL;
      guint start = links->len;

      for (; i < n_pending && pending[i].row == row; i++)
        {
          const PendingLink *link = &pending[i];
          guint32 target = (guint32) link->target;
          gboolean twice = FALSE;

          if (link->target < 0)
            {
              report_link (job, worker, row, link->text, link->len, LINK_DANGLING);
              continue;
            }
          if (target == row)
            {
              report_link (job, worker, row, link->text, link->len, LINK_SELF);
              continue;
            }

          if (seen == NULL && links->len - start >= LINEAR_DUPLICATE_SCAN)
            {
              seen = g_hash_table_new (NULL, NULL);
              for (guint k = start; k < links->len; k++)
                g_hash_table_add (seen, GUINT_TO_POINTER (g_array_index (links, guint32, k) + 1));
            }
          if (seen != NULL)
            {
              twice = !g_hash_table_add (seen, GUINT_TO_POINTER (target + 1));
            }
          else
            {
              for (guint k = start; k < links->len && !twice; k++)
                twice = g_array_index (links, guint32, k) == target;
            }
          if (twice)
            {
              report_link (job, worker, row, link->text, link->len, LINK_TWICE);
              continue;
            }

          g_array_append_val (links, target);
        }

      link_list_set_count (&job->table->partners, job->big[worker], row, links->len - start);
    }
}

static void
link_worker (gpointer data,
             guint    worker,
             guint    n_workers)
{
  LinkJob *job = data;
  const KcEntityTable *self = job->table;
  guint lo = (guint) ((guint64) self->n_rows * worker / n_workers);
  guint hi = (guint) ((guint64) self->n_rows * (worker + 1) / n_workers);
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (PendingLink));
  guint batch_first = lo;

  if (lo >= hi)
    return;

  for (guint p = find_piece (self, lo), row = lo; row < hi; p++)
    {
      const Piece *piece = &self->pieces[p];
      const View *view = &self->views[piece->view];
      int slot = view->column_slot[KC_ENTITY_FIELD_PARTNERS];
      const guint64 *bits = slot >= 0 ? view->seg->partner_bits : NULL;
      guint end = MIN (hi, piece->first_row + piece->n_rows);
      guint32 end_local = piece->first_local + (end - piece->first_row);
      guint32 ahead = piece->first_local + (row - piece->first_row);
      guint n_ahead = 0;

      for (; row < end; row++)
        {
          guint32 local = piece->first_local + (row - piece->first_row);

          /* Only rows known to have partners are read, and the next few of
           * them are fetched while this one is parsed. */
          while (bits != NULL && n_ahead < PREFETCH_GROUP && ahead < end_local)
            {
              if ((bits[ahead / 64] >> (ahead % 64)) & 1)
                {
                  __builtin_prefetch (segment_row (view->seg, ahead));
                  n_ahead++;
                }
              ahead++;
            }

          if (bits != NULL && (bits[local / 64] >> (local % 64)) & 1)
            {
              n_ahead--;
              collect_links (pending, row, row_cell (segment_row (view->seg, local), slot));
            }

          if (pending->len >= LINK_BATCH || row + 1 == hi)
            {
              resolve_links (self, (PendingLink *) (gpointer) pending->data, pending->len);
              emit_links (job, worker, (const PendingLink *) (gpointer) pending->data,
                          pending->len, batch_first, row + 1);
              batch_first = row + 1;
              g_array_set_size (pending, 0);
            }
        }
    }
}

static void
table_link (KcEntityTable *self,
            KcProblemList *problems)
{
  LinkJob job = { self };
  guint n_workers = choose_workers (self->n_rows);
  guint n = self->n_rows;
  LinkList *forward = &self->partners;
  LinkList *reverse = &self->partner_of;
  GArray *big = g_array_new (FALSE, FALSE, sizeof (BigCount));
  guint32 *cursor;
  gsize total = 0;
  gsize at = 0;

  forward->counts = g_new (guint8, MAX (n, 1));
  job.report = problems != NULL;
  for (guint w = 0; w < n_workers; w++)
    {
      job.links[w] = g_array_new (FALSE, FALSE, sizeof (guint32));
      job.big[w] = g_array_new (FALSE, FALSE, sizeof (BigCount));
      if (job.report)
        job.problems[w] = kc_problem_list_new (WORKER_PROBLEM_LIMIT);
    }

  run_workers (link_worker, &job, n_workers);

  for (guint w = 0; w < n_workers; w++)
    {
      total += job.links[w]->len;
      g_array_append_vals (big, job.big[w]->data, job.big[w]->len);
      g_array_unref (job.big[w]);
      if (job.report)
        {
          kc_problem_list_merge (problems, job.problems[w], 0);
          kc_problem_list_free (job.problems[w]);
        }
    }

  if (total == 0)
    {
      for (guint w = 0; w < n_workers; w++)
        g_array_unref (job.links[w]);
      g_array_unref (big);
      link_list_clear (forward);
      return;
    }

  forward->n_targets = total;
  forward->targets = g_new (guint32, total);
  for (guint w = 0; w < n_workers; w++)
    {
      if (job.links[w]->len > 0)
        memcpy (forward->targets + at, job.links[w]->data, job.links[w]->len * sizeof (guint32));
      at += job.links[w]->len;
      g_array_unref (job.links[w]);
    }
  link_list_finish (forward, big, n);

  /* Reverse links by counting sort: sources come out in row order. */
  cursor = g_new0 (guint32, MAX (n, 1));
  for (gsize i = 0; i < total; i++)
    cursor[forward->targets[i]]++;

  reverse->counts = g_new (guint8, MAX (n, 1));
  big = g_array_new (FALSE, FALSE, sizeof (BigCount));
  at = 0;
  for (guint r = 0; r < n; r++)
    {
      guint32 count = cursor[r];

      link_list_set_count (reverse, big, r, count);
      cursor[r] = (guint32) at;
      at += count;
    }
  link_list_finish (reverse, big, n);

  reverse->n_targets = total;
  reverse->targets = g_new (guint32, total);
  at = 0;
  for (guint r = 0; r < n; r++)
    {
      guint32 count = link_list_count (forward, r);

      for (guint32 i = 0; i < count; i++)
        reverse->targets[cursor[forward->targets[at + i]]++] = r;
      at += count;
    }
  g_free (cursor);
}

/* Index, duplicates, facets and links over the current pieces. */
static void
table_finish (KcEntityTable *self,
              KcProblemList *problems,
              gboolean       report_links)
{
  GArray *duplicates;

  table_clear_derived (self);
  table_update_slots (self);

  duplicates = table_build_index (self);
  if (duplicates->len > 0)
    {
      report_duplicates (self, duplicates, problems);
      table_drop_rows (self, duplicates);
      g_array_unref (table_build_index (self));
    }
  g_array_unref (duplicates);

  table_build_facets (self);
  table_link (self, report_links ? problems : NULL);
}

KcEntityTable *
kc_entity_table_merge (KcEntityBuilder **builders,
                       guint             n,
                       const guint64    *line_offsets,
                       const char       *file,
                       KcProblemList    *problems)
{
  KcEntityTable *self;

  g_return_val_if_fail (builders != NULL || n == 0, NULL);

  get_hash_seed ();
  self = table_new ();

  for (guint i = 0; i < n; i++)
    {
      KcEntityBuilder *builder = builders[i];

      if (builder == NULL)
        continue;

      g_ptr_array_add (builder->full, builder->current);
      builder->current = NULL;
      for (guint s = 0; s < builder->full->len; s++)
        {
          Segment *seg = g_ptr_array_index (builder->full, s);
          guint view;

          if (seg->n_rows == 0)
            continue;

          segment_seal (seg);
          seg->file = g_strdup (file);
          seg->line_offset = line_offsets != NULL ? line_offsets[i] : 0;
          view = table_add_view (self, segment_ref (seg));
          table_add_piece (self, view, 0, seg->n_rows);
        }

      kc_entity_builder_free (builder);
      builders[i] = NULL;
    }

  table_finish (self, problems, TRUE);

  return self;
}

void
kc_entity_table_append (KcEntityTable *self,
                        KcEntityTable *other,
                        KcProblemList *problems)
{
  guint first_view;

  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);
  g_return_if_fail (self != other);

  first_view = self->n_views;
  for (guint v = 0; v < other->n_views; v++)
    table_add_view (self, segment_ref (other->views[v].seg));
  for (guint p = 0; p < other->n_pieces; p++)
    {
      const Piece *piece = &other->pieces[p];

      table_add_piece (self, first_view + piece->view, piece->first_local, piece->n_rows);
    }

  table_finish (self, problems, FALSE);
}

KcEntityTable *
kc_entity_table_ref (KcEntityTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kc_entity_table_unref (KcEntityTable *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  table_clear_derived (self);
  for (guint v = 0; v < self->n_views; v++)
    {
      g_free (self->views[v].column_slot);
      segment_unref (self->views[v].seg);
    }
  g_free (self->views);
  g_free (self->pieces);
  for (guint e = 0; e < self->n_extras; e++)
    {
      g_free (self->extras[e].name);
      g_free (self->extras[e].id);
    }
  g_free (self->extras);
  g_free (self);
}

/* Reading */

guint
kc_entity_table_get_n_rows (KcEntityTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

guint
kc_entity_table_get_n_columns (KcEntityTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return table_n_columns (self);
}

const char *
kc_entity_table_get_column_name (KcEntityTable *self,
                                 guint          column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < table_n_columns (self), NULL);

  if (column < KC_N_ENTITY_FIELDS)
    return kc_entity_field_get_display_name ((KcEntityField) column);

  return self->extras[column - KC_N_ENTITY_FIELDS].name;
}

gboolean
kc_entity_table_has_column (KcEntityTable *self,
                            guint          column)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (column < table_n_columns (self), FALSE);

  for (guint v = 0; v < self->n_views; v++)
    {
      const View *view = &self->views[v];

      if (column < KC_N_ENTITY_FIELDS ? view->seg->schema->field_column[column] >= 0
                                      : view->column_slot[column] >= 0)
        return TRUE;
    }

  return FALSE;
}

static inline guint
table_code (const KcEntityTable *self,
            const View          *view,
            guint32              local,
            guint                k)
{
  return view->remap[k][column_code (&view->seg->columns[k], local)];
}

static void
scratch_free (gpointer data)
{
  g_string_free (data, TRUE);
}

const char *
kc_entity_table_get_search_text (guint    row,
                                 guint    field,
                                 gpointer table)
{
  /* Valid until the thread's next call, as KcSearchTextFunc allows. */
  static GPrivate scratch = G_PRIVATE_INIT (scratch_free);
  const char *alias, *name_en;
  GString *both;

  switch (field)
    {
    case KC_SEARCH_FIELD_NAME:
      return kc_entity_table_get (table, row, KC_ENTITY_FIELD_NAME);
    case KC_SEARCH_FIELD_DESCRIPTION:
      return kc_entity_table_get (table, row, KC_ENTITY_FIELD_DESCRIPTION);
    case KC_SEARCH_FIELD_ALIAS:
      break;
    default:
      return NULL;
    }

  /* "SMIC" finds 中芯集团 by its English name, ranked like a short name. */
  alias = kc_entity_table_get (table, row, KC_ENTITY_FIELD_ALIAS);
  name_en = kc_entity_table_get (table, row, KC_ENTITY_FIELD_NAME_EN);
  if (*name_en == '\0')
    return alias;
  if (*alias == '\0')
    return name_en;
  both = g_private_get (&scratch);
  if (both == NULL)
    {
      both = g_string_new (NULL);
      g_private_set (&scratch, both);
    }
  g_string_assign (both, alias);
  g_string_append_c (both, ';');
  g_string_append (both, name_en);
  return both->str;
}

const char *
kc_entity_table_get (KcEntityTable *self,
                     guint          row,
                     guint          column)
{
  const View *view;
  guint32 local;
  int slot;

  g_return_val_if_fail (self != NULL, "");
  g_return_val_if_fail (row < self->n_rows, "");
  g_return_val_if_fail (column < table_n_columns (self), "");

  view = locate_row (self, row, &local);
  if (column < KC_N_ENTITY_FIELDS && interned_index[column] >= 0)
    {
      guint k = (guint) interned_index[column];
      guint code = table_code (self, view, local, k);

      return code == KC_ENTITY_CODE_NONE ? "" : self->facets[k].values[code].value;
    }

  slot = view->column_slot[column];
  if (slot < 0)
    return "";

  return row_cell (segment_row (view->seg, local), slot);
}

guint
kc_entity_table_get_year (KcEntityTable *self,
                          guint          row)
{
  const char *year;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (row < self->n_rows, 0);

  /* Stored as four ASCII digits (see parse_year()). */
  year = kc_entity_table_get (self, row, KC_ENTITY_FIELD_YEAR);
  if (*year == '\0')
    return 0;

  return (guint) ((year[0] - '0') * 1000 + (year[1] - '0') * 100 + (year[2] - '0') * 10
                  + (year[3] - '0'));
}

gint64
kc_entity_table_find_id (KcEntityTable *self,
                         const char    *id)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (id != NULL, -1);

  return table_lookup (self, id, strlen (id));
}

const guint32 *
kc_entity_table_get_partners (KcEntityTable *self,
                              guint          row,
                              guint         *n)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (n != NULL, NULL);

  return link_list_get (&self->partners, row, n);
}

const guint32 *
kc_entity_table_get_partner_of (KcEntityTable *self,
                                guint          row,
                                guint         *n)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (n != NULL, NULL);

  return link_list_get (&self->partner_of, row, n);
}

guint64
kc_entity_table_get_line (KcEntityTable *self,
                          guint          row)
{
  const View *view;
  guint32 local;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (row < self->n_rows, 0);

  view = locate_row (self, row, &local);
  return segment_get_line (view->seg, local);
}

const char *
kc_entity_table_get_file (KcEntityTable *self,
                          guint          row)
{
  const View *view;
  guint32 local;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  view = locate_row (self, row, &local);
  return view->seg->file;
}

gboolean
kc_entity_table_column_is_interned (KcEntityTable *self,
                                    guint          column)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return column < KC_N_ENTITY_FIELDS && interned_index[column] >= 0;
}

static const Facet *
table_facet (const KcEntityTable *self,
             guint                column)
{
  if (column >= KC_N_ENTITY_FIELDS || interned_index[column] < 0)
    return NULL;

  return &self->facets[interned_index[column]];
}

guint
kc_entity_table_get_n_values (KcEntityTable *self,
                              guint          column)
{
  const Facet *facet;

  g_return_val_if_fail (self != NULL, 0);

  facet = table_facet (self, column);
  g_return_val_if_fail (facet != NULL, 0);

  return facet->n_values;
}

const char *
kc_entity_table_get_value (KcEntityTable *self,
                           guint          column,
                           guint          code)
{
  const Facet *facet;

  g_return_val_if_fail (self != NULL, NULL);

  facet = table_facet (self, column);
  g_return_val_if_fail (facet != NULL, NULL);
  g_return_val_if_fail (code < facet->n_values, NULL);

  return facet->values[code].value;
}

guint
kc_entity_table_get_value_count (KcEntityTable *self,
                                 guint          column,
                                 guint          code)
{
  const Facet *facet;

  g_return_val_if_fail (self != NULL, 0);

  facet = table_facet (self, column);
  g_return_val_if_fail (facet != NULL, 0);
  g_return_val_if_fail (code < facet->n_values, 0);

  return facet->values[code].count;
}

guint
kc_entity_table_get_code (KcEntityTable *self,
                          guint          row,
                          guint          column)
{
  const View *view;
  guint32 local;

  g_return_val_if_fail (self != NULL, KC_ENTITY_CODE_NONE);
  g_return_val_if_fail (row < self->n_rows, KC_ENTITY_CODE_NONE);
  g_return_val_if_fail (table_facet (self, column) != NULL, KC_ENTITY_CODE_NONE);

  view = locate_row (self, row, &local);
  return table_code (self, view, local, (guint) interned_index[column]);
}

gsize
kc_entity_table_get_memory_size (KcEntityTable *self)
{
  gsize size;

  g_return_val_if_fail (self != NULL, 0);

  size = sizeof (KcEntityTable);
  size += (gsize) self->cap_pieces * sizeof (Piece);
  size += (gsize) self->n_views * (sizeof (View) + table_n_columns (self) * sizeof (int));
  for (guint v = 0; v < self->n_views; v++)
    {
      size += segment_memory_size (self->views[v].seg);
      for (guint k = 0; k < N_INTERNED; k++)
        size += (gsize) self->views[v].seg->columns[k].n_entries * sizeof (guint32);
    }
  for (guint k = 0; k < N_INTERNED; k++)
    size += ((gsize) self->facets[k].n_values + 1) * sizeof (FacetValue);
  if (self->index != NULL)
    size += ((gsize) self->index_sub_mask + 1) * ((gsize) 1 << self->index_bits) * sizeof (guint64);
  size += link_list_memory_size (&self->partners, self->n_rows);
  size += link_list_memory_size (&self->partner_of, self->n_rows);

  return size;
}
