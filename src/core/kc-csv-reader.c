/* kc-csv-reader.c
 * Reads CSV files as UTF-8 records: sniffing, splitting, parallel parsing. */
#define G_LOG_DOMAIN "kc-csv-reader"

#include "config.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kc-csv-reader.h"

#define CHUNK_SIZE          (1024 * 1024)
#define MAX_RECORD_BYTES    (16 * 1024 * 1024)
#define PART_PROBLEM_LIMIT  10000
#define LIBCSV_BLOCK_SIZE   (16 * 1024)
/* Rows of the sample kept for sniffing, and how far down a header may be. */
#define SNIFF_MAX_RECORDS   200
#define SNIFF_SCORE_RECORDS 50
#define SNIFF_TITLE_ROWS    10
/* Below this share of NUL bytes a sample is text with stray NULs. */
#define BINARY_NUL_PER_MILLE 10

/* libcsv's parser states (libcsv.c): csv.h exposes the field, not the
 * names, and the reader needs them to know where rows and quotes begin. */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_BEGUN   2

static gsize min_part_size = 4 * 1024 * 1024;
static gboolean plain_lines_enabled = TRUE;

void
kc_csv_set_min_part_size (gsize bytes)
{
  min_part_size = MAX (bytes, 1);
}

void
kc_csv_set_plain_lines (gboolean enabled)
{
  plain_lines_enabled = enabled;
}

void
kc_csv_format_clear (KcCsvFormat *format)
{
  g_return_if_fail (format != NULL);

  g_strfreev (format->header);
  memset (format, 0, sizeof *format);
}

/* libcsv grows its field buffer with this: refusing past the field limit
 * makes csv_parse() stop early, and the reader then drops the field's
 * bytes instead of buffering a hostile file whole. */
static void *
bounded_realloc (void   *ptr,
                 size_t  size)
{
  if (size > KC_CSV_MAX_FIELD_BYTES + 1)
    return NULL;

  return g_realloc (ptr, size);
}

static void
parser_init (struct csv_parser *parser,
             char               delimiter)
{
  csv_init (parser, 0);
  csv_set_delim (parser, (unsigned char) delimiter);
  csv_set_realloc_func (parser, bounded_realloc);
  csv_set_free_func (parser, g_free);
  csv_set_blk_size (parser, LIBCSV_BLOCK_SIZE);
}

/* Removes surrounding ASCII blanks and U+3000 IDEOGRAPHIC SPACE from the
 * UTF-8 text at @text; with @header also U+FEFF and U+00A0, which tools
 * leave in header cells. */
static void
trim_cell (const char **text,
           gsize       *len,
           gboolean     header)
{
  const guint8 *s = (const guint8 *) *text;
  gsize n = *len;

  for (;;)
    {
      if (n >= 1 && (s[0] == ' ' || s[0] == '\t'))
        s += 1, n -= 1;
      else if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        s += 3, n -= 3;
      else if (header && n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        s += 3, n -= 3;
      else if (header && n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        s += 2, n -= 2;
      else
        break;
    }

  for (;;)
    {
      if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n -= 1;
      else if (n >= 3 && s[n - 3] == 0xE3 && s[n - 2] == 0x80 && s[n - 1] == 0x80)
        n -= 3;
      else if (header && n >= 3 && s[n - 3] == 0xEF && s[n - 2] == 0xBB && s[n - 1] == 0xBF)
        n -= 3;
      else if (header && n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xA0)
        n -= 2;
      else
        break;
    }

  *text = (const char *) s;
  *len = n;
}

/* Most cells start and end with something that is never trimmed. */
static inline gboolean
cell_may_need_trim (const char *text,
                    gsize       len)
{
  const guint8 *s = (const guint8 *) text;

  return len > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == 0xE3
                     || s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == 0x80);
}

/* The length of the line at @data, at most @len bytes: through its LF, or
 * through a CR not followed by LF, as old Mac files end lines. Sets
 * *@ends when a line end was found; a CR that is the last byte available
 * may yet be followed by LF, so it does not end a line here. */
static inline gsize
next_line (const guint8 *data,
           gsize         len,
           gboolean     *ends)
{
  const guint8 *newline = memchr (data, '\n', len);
  gsize n = newline != NULL ? (gsize) (newline + 1 - data) : len;
  const guint8 *cr = memchr (data, '\r', n);

  if (cr != NULL && cr + 1 < data + n && cr[1] != '\n')
    {
      *ends = TRUE;
      return cr + 1 - data;
    }

  *ends = newline != NULL;
  return n;
}

/* ---- Sources: a file read with pread(), or memory ---------------------- */

typedef struct
{
  int           fd;       /* -1 for memory */
  const guint8 *memory;
  guint64       size;
} Source;

/* Up to @len bytes at @offset: a pointer into memory, or read into
 * @scratch. Returns how many (0 at the end), or -1 with errno set. */
static gssize
source_read (const Source  *source,
             guint64        offset,
             gsize          len,
             guint8        *scratch,
             const guint8 **data)
{
  gsize done = 0;

  if (offset >= source->size)
    return 0;
  len = MIN (len, source->size - offset);

  if (source->fd < 0)
    {
      *data = source->memory + offset;
      return len;
    }

  while (done < len)
    {
      gssize n = pread (source->fd, scratch + done, len - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += n;
    }

  *data = scratch;
  return done;
}

/* ---- Finding split points outside quotes ------------------------------ */

/* A replica of libcsv's quoting rules that jumps from quote to quote with
 * memchr(): a quote opens a field only at its start (after blanks); a
 * quote inside an unquoted field is a literal; after a closing quote,
 * anything but a delimiter, a line end or another quote reopens the field.
 * It must agree with libcsv exactly, or a part would begin inside a
 * quoted field. */
typedef enum
{
  SCAN_FIELD_START,
  SCAN_UNQUOTED,
  SCAN_QUOTED,
  SCAN_AFTER_QUOTE,
} ScanState;

typedef struct
{
  guint8    delimiter;
  ScanState state;
  gboolean  blanks;    /* SCAN_AFTER_QUOTE: blanks followed the quote */
} QuoteScanner;

static inline gboolean
scan_is_blank (const QuoteScanner *scanner,
               guint8              c)
{
  return (c == ' ' || c == '\t') && c != scanner->delimiter;
}

/* The state after the quote-free bytes [p, end) read outside quotes: set
 * by the last byte that is not a blank. */
static void
scan_settle (QuoteScanner *scanner,
             const guint8 *p,
             const guint8 *end)
{
  while (end > p)
    {
      guint8 c = *--end;

      if (scan_is_blank (scanner, c))
        continue;

      if (c == scanner->delimiter || c == '\r' || c == '\n')
        scanner->state = SCAN_FIELD_START;
      else
        scanner->state = SCAN_UNQUOTED;
      return;
    }
}

/* Scans @len bytes. With @find_newline, stops after the first newline
 * outside quotes and returns how many bytes that took; otherwise, or if
 * there is none, returns -1 having scanned everything. */
static gssize
scan_bytes (QuoteScanner *scanner,
            const guint8 *data,
            gsize         len,
            gboolean      find_newline)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  while (p < end)
    {
      const guint8 *quote;
      const guint8 *stop;
      guint8 c;

      switch (scanner->state)
        {
        case SCAN_QUOTED:
          quote = memchr (p, '"', end - p);
          if (quote == NULL)
            return -1;
          scanner->state = SCAN_AFTER_QUOTE;
          scanner->blanks = FALSE;
          p = quote + 1;
          break;

        case SCAN_AFTER_QUOTE:
          c = *p++;
          if (c == scanner->delimiter || c == '\r' || c == '\n')
            {
              scanner->state = SCAN_FIELD_START;
              if (c == '\n' && find_newline)
                return p - data;
            }
          else if (c == ' ' || c == '\t')
            {
              scanner->blanks = TRUE;
            }
          else if (c == '"' && scanner->blanks)
            {
              scanner->blanks = FALSE;
            }
          else
            {
              scanner->state = SCAN_QUOTED;
            }
          break;

        case SCAN_FIELD_START:
        case SCAN_UNQUOTED:
        default:
          quote = memchr (p, '"', end - p);
          stop = quote != NULL ? quote : end;
          if (find_newline)
            {
              const guint8 *newline = memchr (p, '\n', stop - p);

              if (newline != NULL)
                {
                  scanner->state = SCAN_FIELD_START;
                  return newline + 1 - data;
                }
            }
          scan_settle (scanner, p, stop);
          if (quote == NULL)
            return -1;
          if (scanner->state == SCAN_FIELD_START)
            scanner->state = SCAN_QUOTED;
          p = quote + 1;
          break;
        }
    }

  return -1;
}

/* The first part starts while the others' bounds are still being looked
 * for (see job_run), so it gets a larger share: (1 + FIRST_PART_EXTRA) to
 * every other part's 1. Finding a bound reads the bytes before it about
 * five times faster than a part parses them. */
#define FIRST_PART_EXTRA 0.2

/* Where the @k-th of @n parts of [data_offset, size) should start, at the
 * earliest: its bound is the first record boundary at or after this. */
static guint64
part_target (guint64 data_offset,
             guint64 size,
             guint   k,
             guint   n)
{
  double share = (k + FIRST_PART_EXTRA) / (n + FIRST_PART_EXTRA);

  return data_offset + (guint64) ((size - data_offset) * share);
}

/* Splits [begin, size) into at most @n_wanted parts, each ending just
 * after a newline outside quotes and the first one holding the header.
 * Fills bounds[0..n] and returns n, or 0 with errno set on a read error. */
static guint
find_parts (const Source *source,
            guint64       begin,
            guint64       data_offset,
            guint         n_wanted,
            char          delimiter,
            guint64      *bounds)
{
  gsize chunk_size = MIN (CHUNK_SIZE, source->size);
  g_autofree guint8 *buffer = source->fd >= 0 ? g_malloc (chunk_size) : NULL;
  QuoteScanner scanner = { (guint8) delimiter, SCAN_FIELD_START, FALSE };
  guint64 pos = begin;
  guint n = 1;

  bounds[0] = begin;
  data_offset = MAX (data_offset, begin);

  for (guint k = 1; k < n_wanted; k++)
    {
      guint64 target = part_target (data_offset, source->size, k, n_wanted);
      gboolean found = FALSE;

      while (pos < target)
        {
          const guint8 *data;
          gssize got = source_read (source, pos, MIN (chunk_size, target - pos), buffer, &data);

          if (got < 0)
            return 0;
          if (got == 0)
            break;
          scan_bytes (&scanner, data, got, FALSE);
          pos += got;
        }

      while (!found)
        {
          const guint8 *data;
          gssize got = source_read (source, pos, chunk_size, buffer, &data);
          gssize used;

          if (got < 0)
            return 0;
          if (got == 0)
            break;
          used = scan_bytes (&scanner, data, got, TRUE);
          found = used >= 0;
          pos += found ? (guint64) used : (guint64) got;
        }

      if (!found || pos >= source->size)
        break;
      bounds[n++] = pos;
    }

  bounds[n] = source->size;
  return n;
}

/* ---- Parsing a part --------------------------------------------------- */

typedef struct
{
  const char        *display;
  const KcCsvFormat *format;
  Source             source;
  KcCsvRecordFunc    record_func;
  KcCsvLineFunc      line_func;     /* may be NULL */
  KcCsvProgressFunc  progress;
  gpointer           progress_data;
  GCancellable      *cancellable;
  GMutex             progress_lock;
  guint64            bytes_done;
  gint               stop;          /* atomic: a part failed or was stopped */

  /* While the bounds of the parts are being found, the first part already
   * runs: it may read up to @first_target, the earliest its end can be,
   * and waits there until @first_end is known. */
  GMutex             split_lock;
  GCond              split_cond;
  gboolean           splitting;
  guint64            first_target;
  guint64            first_end;
} ReadJob;

typedef struct
{
  ReadJob           *job;
  guint              index;
  guint64            begin;
  guint64            end;
  gpointer           part_data;
  KcProblemList     *problems;

  struct csv_parser  parser;
  KcEncoding         encoding;       /* of the cells: GB18030 or UTF-8 */
  gboolean           decode_cells;   /* GB18030: every cell is converted */
  gboolean           plain_lines;    /* split quote-free lines without libcsv */
  guint64            skip_through;   /* rows starting up to this line are not data */

  guint64            line;           /* current physical line, 1-based */
  guint64            record_line;    /* where the row being parsed starts */
  guint64            field_line;     /* where the field being parsed starts */
  gboolean           skipping;       /* the row is the header or above it */
  gboolean           line_invalid;   /* the line being fed is not clean UTF-8 */
  gboolean           pending_cr;     /* the last chunk ended in CR: LF may follow */
  gboolean           check_cells;    /* check each UTF-8 cell of this row */

  /* The row being assembled: cells back to back in @buffer. */
  char              *buffer;
  gsize              buffer_len;
  gsize              buffer_size;
  gsize             *starts;
  gsize             *lengths;
  char             **fields;
  guint              fields_size;
  guint              n_fields;       /* fields seen, even past the limit */
  guint              last_nonempty;  /* 1 + index of the last non-empty cell */
  gboolean           bad;            /* a problem was reported: skip the row */
  gboolean           field_too_long; /* libcsv's buffer overflowed in this field */

  guint64            n_records;      /* non-blank data rows seen */
  gboolean           stopped;        /* by the consumer */
  gboolean           failed;         /* a read error */
} PartReader;

static void
part_reject_cell (PartReader     *r,
                  guint           column,
                  KcDecodeResult  result,
                  const guint8   *bad,
                  gsize           bad_len)
{
  if (result == KC_DECODE_NUL)
    {
      kc_problem_list_add (r->problems, r->job->display, r->record_line, column,
                           KC_PROBLEM_EMBEDDED_NUL, KC_SEVERITY_ERROR,
                           _("The field contains a NUL byte, which text never does; "
                             "the row was skipped"));
    }
  else
    {
      g_autofree char *hex = kc_encoding_describe_bytes (r->job->format->encoding,
                                                         bad, bad_len);

      kc_problem_list_add (r->problems, r->job->display, r->record_line, column,
                           KC_PROBLEM_INVALID_ENCODING, KC_SEVERITY_ERROR,
                           _("The bytes %s are not valid %s, the encoding detected for "
                             "this file; the row was skipped"),
                           hex, kc_encoding_to_string (r->job->format->encoding));
    }

  r->bad = TRUE;
}

static void
part_grow_fields (PartReader *r,
                  guint       needed)
{
  guint size = MAX (r->fields_size, 16);

  while (size < needed)
    size *= 2;
  size = MIN (size, KC_CSV_MAX_COLUMNS);

  r->starts = g_renew (gsize, r->starts, size);
  r->lengths = g_renew (gsize, r->lengths, size);
  r->fields = g_renew (char *, r->fields, size);
  r->fields_size = size;
}

/* Makes room for @needed more bytes of the row; FALSE past the row limit. */
static gboolean
part_reserve (PartReader *r,
              gsize       needed)
{
  gsize size;

  if (G_LIKELY (r->buffer_len + needed <= r->buffer_size))
    return TRUE;

  if (r->buffer_len + needed > MAX_RECORD_BYTES)
    return FALSE;

  size = MAX (r->buffer_size, 4096);
  while (size < r->buffer_len + needed)
    size *= 2;
  r->buffer = g_realloc (r->buffer, size);
  r->buffer_size = size;

  return TRUE;
}

static void
on_field (void   *cell,
          size_t  len,
          void   *user_data)
{
  PartReader *r = user_data;
  guint index = r->n_fields++;
  gboolean too_long = r->field_too_long || len > KC_CSV_MAX_FIELD_BYTES;
  KcDecodeResult result = KC_DECODE_OK;
  gsize bad_offset = 0;
  gsize bad_len = 0;
  const char *text;
  gsize text_len;
  char *out;

  r->field_line = r->line;
  r->field_too_long = FALSE;

  if (r->skipping || r->bad)
    return;

  if (G_UNLIKELY (index >= KC_CSV_MAX_COLUMNS))
    {
      /* Counted only; the row is reported when it ends. */
      if (len > 0)
        r->last_nonempty = index + 1;
      return;
    }

  if (G_UNLIKELY (too_long))
    {
      kc_problem_list_add (r->problems, r->job->display, r->record_line, index + 1,
                           KC_PROBLEM_FIELD_TOO_LONG, KC_SEVERITY_ERROR,
                           _("The field is longer than %u MiB; the row was skipped"),
                           (guint) (KC_CSV_MAX_FIELD_BYTES / (1024 * 1024)));
      r->bad = TRUE;
      r->last_nonempty = index + 1;
      return;
    }

  if (G_UNLIKELY (index >= r->fields_size))
    part_grow_fields (r, index + 1);

  if (G_UNLIKELY (!part_reserve (r, kc_encoding_max_utf8_len (r->encoding, len) + 1)))
    {
      kc_problem_list_add (r->problems, r->job->display, r->record_line, index + 1,
                           KC_PROBLEM_FIELD_TOO_LONG, KC_SEVERITY_ERROR,
                           _("The row is longer than %u MiB; the row was skipped"),
                           (guint) (MAX_RECORD_BYTES / (1024 * 1024)));
      r->bad = TRUE;
      r->last_nonempty = index + 1;
      return;
    }

  out = r->buffer + r->buffer_len;
  if (r->decode_cells)
    {
      result = kc_encoding_decode_cell (r->encoding, cell, len, out, &text_len,
                                        &bad_offset, &bad_len);
    }
  else
    {
      if (r->check_cells)
        result = kc_encoding_check_utf8 (cell, len, &bad_offset, &bad_len);
      memcpy (out, cell, len);
      text_len = len;
    }

  if (G_UNLIKELY (result != KC_DECODE_OK))
    {
      part_reject_cell (r, index + 1, result, (const guint8 *) cell + bad_offset, bad_len);
      r->last_nonempty = index + 1;
      return;
    }

  text = out;
  if (cell_may_need_trim (text, text_len))
    trim_cell (&text, &text_len, FALSE);
  ((char *) text)[text_len] = '\0';
  r->starts[index] = text - r->buffer;
  r->lengths[index] = text_len;
  r->buffer_len = text + text_len + 1 - r->buffer;

  if (text_len > 0)
    r->last_nonempty = index + 1;
}

/* Hands a finished data row to the consumer, after the width checks. */
static void
part_deliver (PartReader *r)
{
  guint n_columns = r->job->format->n_columns;
  guint n = r->n_fields;
  KcCsvRecord record;

  if (n > KC_CSV_MAX_COLUMNS)
    {
      kc_problem_list_add (r->problems, r->job->display, r->record_line,
                           KC_CSV_MAX_COLUMNS + 1, KC_PROBLEM_TOO_MANY_COLUMNS,
                           KC_SEVERITY_ERROR,
                           _("The row has %u fields, more than the %u a row may have; "
                             "the row was skipped"),
                           n, (guint) KC_CSV_MAX_COLUMNS);
      return;
    }

  if (n > n_columns)
    {
      if (r->last_nonempty > n_columns)
        {
          kc_problem_list_add (r->problems, r->job->display, r->record_line, n_columns + 1,
                               KC_PROBLEM_RAGGED_ROW, KC_SEVERITY_ERROR,
                               _("Expected %u fields as in the header, found %u; "
                                 "the row was skipped"),
                               n_columns, r->last_nonempty);
          return;
        }
      /* Empty cells past the header's width: Excel writes those. */
      n = n_columns;
    }
  else if (n < n_columns)
    {
      kc_problem_list_add (r->problems, r->job->display, r->record_line, n + 1,
                           KC_PROBLEM_RAGGED_ROW, KC_SEVERITY_WARNING,
                           _("Expected %u fields as in the header, found %u; "
                             "the missing fields are read as empty"),
                           n_columns, n);
      if (n_columns > r->fields_size)
        part_grow_fields (r, n_columns);
      if (!part_reserve (r, n_columns - n))
        {
          kc_problem_list_add (r->problems, r->job->display, r->record_line, n + 1,
                               KC_PROBLEM_FIELD_TOO_LONG, KC_SEVERITY_ERROR,
                               _("The row is longer than %u MiB; the row was skipped"),
                               (guint) (MAX_RECORD_BYTES / (1024 * 1024)));
          return;
        }
      for (; n < n_columns; n++)
        {
          r->starts[n] = r->buffer_len;
          r->lengths[n] = 0;
          r->buffer[r->buffer_len++] = '\0';
        }
    }

  for (guint i = 0; i < n; i++)
    r->fields[i] = r->buffer + r->starts[i];

  record.line = r->record_line;
  record.part = r->index;
  record.n_fields = n;
  record.fields = r->fields;
  record.lengths = r->lengths;

  if (!r->job->record_func (r->part_data, &record, r->problems))
    {
      r->stopped = TRUE;
      g_atomic_int_set (&r->job->stop, 1);
    }
}

/* The row ends: hand it over unless it is blank, above the data or bad. */
static void
part_end_row (PartReader *r)
{
  if (!r->skipping && r->last_nonempty > 0 && !r->stopped)
    {
      r->n_records++;
      if (!r->bad)
        part_deliver (r);
    }

  r->n_fields = 0;
  r->last_nonempty = 0;
  r->buffer_len = 0;
  r->bad = FALSE;
  r->check_cells = r->line_invalid;
  r->record_line = r->line;
  r->field_line = r->line;
  r->skipping = r->record_line <= r->skip_through;
}

static void
on_record (int   terminator,
           void *user_data)
{
  part_end_row (user_data);
}

#define WORD_ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define WORD_LOW7  G_GUINT64_CONSTANT (0x7F7F7F7F7F7F7F7F)

/* The bytes of @word equal to the byte repeated in @pattern, as their high
 * bits; exact for every byte, unlike the usual zero-byte trick. */
static inline guint64
word_match (guint64 word,
            guint64 pattern)
{
  guint64 x = word ^ pattern;

  return ~(((x & WORD_LOW7) + WORD_LOW7) | x | WORD_LOW7);
}

/* The fields of a plain line being split, kept in locals so that the
 * stores of the terminating NULs cannot make the compiler reload them. */
typedef struct
{
  char  *text;
  gsize *starts;
  gsize *lengths;
  guint  size;
  guint  n_fields;
  guint  last_nonempty;
} PlainSplit;

static void
plain_split_grow (PartReader *r,
                  PlainSplit *split)
{
  part_grow_fields (r, split->n_fields + 1);
  split->starts = r->starts;
  split->lengths = r->lengths;
  split->size = r->fields_size;
}

/* One field of a plain line: text[start..end). */
static inline void
plain_split_field (PartReader *r,
                   PlainSplit *split,
                   gsize       start,
                   gsize       end)
{
  guint index = split->n_fields++;
  const char *cell = split->text + start;
  gsize cell_len = end - start;

  if (G_UNLIKELY (index >= split->size))
    {
      if (index >= KC_CSV_MAX_COLUMNS)
        {
          if (cell_len > 0)
            split->last_nonempty = index + 1;
          return;
        }
      split->n_fields--;
      plain_split_grow (r, split);
      split->n_fields++;
    }

  if (cell_may_need_trim (cell, cell_len))
    trim_cell (&cell, &cell_len, FALSE);
  ((char *) cell)[cell_len] = '\0';
  split->starts[index] = cell - split->text;
  split->lengths[index] = cell_len;
  if (cell_len > 0)
    split->last_nonempty = index + 1;
}

/* A whole line outside quotes, @len bytes without its line end. If it has
 * no quote and no carriage return, libcsv would split it at every
 * delimiter and strip the blanks around each field: splitting it eight
 * bytes at a time does the same several times faster. @line is known to
 * be valid UTF-8, or is GB18030 yet to be decoded (whose multi-byte
 * characters never hold a quote, CR or delimiter byte). Returns FALSE,
 * having left the row untouched, when the line needs libcsv after all. */
static gboolean
part_plain_line (PartReader   *r,
                 const guint8 *line,
                 gsize         len)
{
  char delimiter_byte = r->job->format->delimiter;
  guint64 delimiter = WORD_ONES * (guint8) delimiter_byte;
  guint64 quote = WORD_ONES * '"';
  guint64 cr = WORD_ONES * '\r';
  gsize bad_offset, bad_len;
  gsize field_start = 0;
  gsize text_len;
  gsize i = 0;
  PlainSplit split;

  if (len > KC_CSV_MAX_FIELD_BYTES
      || !part_reserve (r, kc_encoding_max_utf8_len (r->encoding, len) + 1))
    return FALSE;

  split.text = r->buffer;
  split.starts = r->starts;
  split.lengths = r->lengths;
  split.size = r->fields_size;
  split.n_fields = 0;
  split.last_nonempty = 0;

  if (r->decode_cells)
    {
      if (kc_encoding_decode_cell (r->encoding, line, len, split.text, &text_len,
                                   &bad_offset, &bad_len) != KC_DECODE_OK)
        return FALSE;
    }
  else
    {
      memcpy (split.text, line, len);
      text_len = len;
    }
  split.text[text_len] = '\0';

  for (; i + 8 <= text_len; i += 8)
    {
      guint64 word;
      guint64 hits;

      memcpy (&word, split.text + i, sizeof word);
      word = GUINT64_TO_LE (word);

      if (G_UNLIKELY ((word_match (word, quote) | word_match (word, cr)) != 0))
        return FALSE;

      /* Fields end at the delimiters, lowest byte first. */
      for (hits = word_match (word, delimiter); hits != 0; hits &= hits - 1)
        {
          gsize at = i + (__builtin_ctzll (hits) >> 3);

          plain_split_field (r, &split, field_start, at);
          field_start = at + 1;
        }
    }

  for (; i < text_len; i++)
    {
      if (split.text[i] == '"' || split.text[i] == '\r')
        return FALSE;
      if (split.text[i] == delimiter_byte)
        {
          plain_split_field (r, &split, field_start, i);
          field_start = i + 1;
        }
    }

  plain_split_field (r, &split, field_start, text_len);

  r->buffer_len = text_len + 1;
  r->n_fields = split.n_fields;
  r->last_nonempty = split.last_nonempty;
  part_end_row (r);
  return TRUE;
}

/* The fast path for a whole line @data[0..n), its line end included. */
static gboolean
part_try_plain_line (PartReader   *r,
                     const guint8 *data,
                     gsize         n)
{
  gsize len = n - 1;

  if (data[len] == '\n' && len > 0 && data[len - 1] == '\r')
    len--;

  if (r->skipping)
    {
      /* The header or a title row: without quotes, it ends here. */
      if (memchr (data, '"', len) != NULL)
        return FALSE;
      part_end_row (r);
      return TRUE;
    }

  /* The consumer may take the line as it is, unsplit; only UTF-8 lines
   * that libcsv would split at every delimiter, as part_plain_line()
   * does, are offered. */
  if (r->job->line_func != NULL && !r->decode_cells && !r->stopped
      && len <= KC_CSV_MAX_FIELD_BYTES
      && memchr (data, '"', len) == NULL && memchr (data, '\r', len) == NULL
      && r->job->line_func (r->part_data, (const char *) data, len, r->line, r->problems))
    {
      r->n_records++;
      return TRUE;
    }

  return part_plain_line (r, data, len);
}

/* Gives libcsv one span, continuing past a field that outgrew the limit:
 * its bytes are dropped (keeping one, as libcsv may take back a quote
 * when the field ends) and on_field() reports it. */
static void
part_parse (PartReader   *r,
            const guint8 *data,
            gsize         len)
{
  while (len > 0)
    {
      gsize used = csv_parse (&r->parser, data, len, on_field, on_record, r);

      if (G_LIKELY (used == len))
        return;

      r->field_too_long = TRUE;
      r->parser.entry_pos = 1;
      r->parser.spaces = 0;
      r->parser.status = 0;
      data += used;
      len -= used;
    }
}

static const guint8 *
find_last_newline (const guint8 *data,
                   gsize         len)
{
  while (len > 0)
    if (data[--len] == '\n')
      return data + len;

  return NULL;
}

/* Feeds UTF-8 or GB18030 text line by line, so that every record and
 * field knows the physical line it starts on. */
static void
part_feed (PartReader   *r,
           const guint8 *data,
           gsize         len)
{
  const guint8 *end = data + len;
  const guint8 *clean_begin = end;
  const guint8 *clean_end = end;

  /* Check UTF-8 for the whole lines of a chunk at once; only the lines of
   * a chunk that fails are looked at one by one, and only their rows cell
   * by cell. The partial lines at either end are checked on their own. */
  if (!r->decode_cells)
    {
      const guint8 *first = memchr (data, '\n', len);
      const guint8 *last = find_last_newline (data, len);
      gsize bad_offset, bad_len;

      if (first != NULL && first != last
          && kc_encoding_check_utf8 (first + 1, last - first, &bad_offset,
                                     &bad_len) == KC_DECODE_OK)
        {
          clean_begin = first + 1;
          clean_end = last + 1;
        }
    }

  if (r->pending_cr && len > 0)
    {
      r->pending_cr = FALSE;
      if (data[0] != '\n')
        r->line++;
    }

  while (data < end)
    {
      gboolean ends;
      gsize n = next_line (data, end - data, &ends);

      if (r->parser.pstate == LIBCSV_ROW_NOT_BEGUN)
        {
          r->record_line = r->line;
          r->field_line = r->line;
          r->skipping = r->line <= r->skip_through;
        }

      if (!r->decode_cells)
        {
          gsize bad_offset, bad_len;

          r->line_invalid = (data < clean_begin || data + n > clean_end)
                            && kc_encoding_check_utf8 (data, n, &bad_offset,
                                                       &bad_len) != KC_DECODE_OK;
          if (r->line_invalid)
            r->check_cells = TRUE;
        }

      if (!r->plain_lines || !ends || r->line_invalid
          || r->parser.pstate != LIBCSV_ROW_NOT_BEGUN
          || !part_try_plain_line (r, data, n))
        part_parse (r, data, n);

      if (ends)
        r->line++;
      else if (data[n - 1] == '\r')
        r->pending_cr = TRUE;
      data += n;
    }
}

static void
part_finish (PartReader *r)
{
  if (r->parser.pstate == LIBCSV_FIELD_BEGUN && r->parser.quoted && !r->skipping)
    {
      kc_problem_list_add (r->problems, r->job->display, r->field_line, r->n_fields + 1,
                           KC_PROBLEM_UNTERMINATED_QUOTE, KC_SEVERITY_ERROR,
                           _("The quoted field that starts here is never closed, so "
                             "everything up to the end of the file was read into it; "
                             "the row was skipped"));
      r->bad = TRUE;
      r->last_nonempty = MAX (r->last_nonempty, 1);
    }

  csv_fini (&r->parser, on_field, on_record, r);
}

static void
part_init (PartReader *r,
           ReadJob    *job,
           guint       index,
           guint64     begin,
           guint64     end,
           gpointer    part_data)
{
  KcEncoding encoding = job->format->encoding;

  r->job = job;
  r->index = index;
  r->begin = begin;
  r->end = end;
  r->part_data = part_data;
  r->problems = kc_problem_list_new (PART_PROBLEM_LIMIT);
  parser_init (&r->parser, job->format->delimiter);
  r->decode_cells = encoding == KC_ENCODING_GB18030;
  r->plain_lines = plain_lines_enabled;
  r->encoding = r->decode_cells ? KC_ENCODING_GB18030 : KC_ENCODING_UTF8;
  /* Only the first part starts at the top of the file. */
  r->skip_through = index == 0 ? job->format->header_line : 0;
  r->line = 1;
  r->record_line = 1;
  r->skipping = r->skip_through >= 1;
  part_grow_fields (r, MAX (job->format->n_columns, 1));
}

static void
part_clear (PartReader *r)
{
  csv_free (&r->parser);
  g_clear_pointer (&r->problems, kc_problem_list_free);
  g_free (r->buffer);
  g_free (r->starts);
  g_free (r->lengths);
  g_free (r->fields);
}

static void
part_report_progress (PartReader *r,
                      gsize       bytes)
{
  ReadJob *job = r->job;

  if (job->progress == NULL)
    return;

  /* Called under the lock, so that the figures never go back. */
  g_mutex_lock (&job->progress_lock);
  job->bytes_done += bytes;
  job->progress (job->bytes_done, job->source.size, job->progress_data);
  g_mutex_unlock (&job->progress_lock);
}

static gboolean
part_should_stop (PartReader *r)
{
  if (g_atomic_int_get (&r->job->stop))
    return TRUE;

  if (g_cancellable_is_cancelled (r->job->cancellable))
    {
      g_atomic_int_set (&r->job->stop, 1);
      return TRUE;
    }

  return FALSE;
}

static void
part_read_failed (PartReader *r,
                  int         saved_errno)
{
  kc_problem_list_add (r->problems, r->job->display, 0, 0, KC_PROBLEM_IO,
                       KC_SEVERITY_ERROR, _("Cannot read the file: %s"),
                       g_strerror (saved_errno));
  r->failed = TRUE;
  g_atomic_int_set (&r->job->stop, 1);
}

/* UTF-16 goes through UTF-8 before libcsv sees it; one part reads it all. */
static void
part_run_utf16 (PartReader *r)
{
  gboolean big_endian = r->job->format->encoding == KC_ENCODING_UTF16BE;
  gsize chunk_size = MIN (CHUNK_SIZE, r->end - r->begin);
  g_autofree guint8 *raw = g_malloc (chunk_size + 4);
  g_autofree char *text = g_malloc (chunk_size / 2 * 3 + 8);
  guint64 pos = r->begin;
  gsize carry = 0;

  for (;;)
    {
      const guint8 *data;
      gssize got;
      gsize consumed;
      gsize n;
      gboolean at_eof;

      if (part_should_stop (r))
        return;

      got = source_read (&r->job->source, pos, chunk_size, raw + carry, &data);
      if (got < 0)
        {
          part_read_failed (r, errno);
          return;
        }
      if (data != raw + carry)
        memcpy (raw + carry, data, got);
      pos += got;
      at_eof = pos >= r->end || got == 0;

      n = kc_encoding_utf16_to_utf8 (big_endian, raw, carry + got, at_eof, text, &consumed);
      part_feed (r, (const guint8 *) text, n);
      part_report_progress (r, got);

      carry = carry + got - consumed;
      memmove (raw, raw + consumed, carry);

      if (at_eof)
        break;
    }

  if (carry > 0)
    {
      g_autofree char *hex = kc_encoding_describe_bytes (r->job->format->encoding, raw, carry);
      guint column = r->parser.pstate == LIBCSV_ROW_NOT_BEGUN ? 1 : r->n_fields + 1;

      kc_problem_list_add (r->problems, r->job->display, r->line, column,
                           KC_PROBLEM_INVALID_ENCODING, KC_SEVERITY_ERROR,
                           _("The file ends in the middle of a UTF-16 character (byte %s); "
                             "the row was skipped"),
                           hex);
      r->bad = TRUE;
    }

  part_finish (r);
}

/* The end of @r as far as it is known: for the first part while the
 * split is being found, waits at its earliest possible end for the real
 * one. */
static guint64
part_limit (PartReader *r,
            guint64     pos)
{
  ReadJob *job = r->job;

  if (r->index != 0)
    return r->end;

  g_mutex_lock (&job->split_lock);
  while (job->splitting && pos >= job->first_target)
    g_cond_wait (&job->split_cond, &job->split_lock);
  r->end = job->splitting ? job->first_target : job->first_end;
  g_mutex_unlock (&job->split_lock);

  return r->end;
}

static void
part_run (PartReader *r)
{
  gsize chunk_size = MIN (CHUNK_SIZE, r->end - r->begin);
  g_autofree guint8 *buffer = NULL;
  guint64 pos = r->begin;

  if (r->job->format->encoding == KC_ENCODING_UTF16LE
      || r->job->format->encoding == KC_ENCODING_UTF16BE)
    {
      part_run_utf16 (r);
      return;
    }

  if (r->job->source.fd >= 0)
    buffer = g_malloc (chunk_size);

  while (pos < part_limit (r, pos))
    {
      const guint8 *data;
      gssize got;

      if (part_should_stop (r))
        return;

      got = source_read (&r->job->source, pos, MIN (chunk_size, r->end - pos), buffer, &data);
      if (got < 0)
        {
          part_read_failed (r, errno);
          return;
        }
      if (got == 0)
        break;

      part_feed (r, data, got);
      pos += got;
      part_report_progress (r, got);
    }

  part_finish (r);
}

static gpointer
part_thread (gpointer data)
{
  part_run (data);
  return NULL;
}

/* Splits [begin, size) into at most @n_wanted parts (see find_parts)
 * while the first part already runs in a thread of its own, then runs the
 * others. Returns how many parts there are, or 0 with errno set. */
static guint
job_split_and_start (ReadJob    *job,
                     PartReader *parts,
                     GThread   **threads,
                     guint64     begin,
                     guint64     data_offset,
                     guint       n_wanted,
                     gpointer   *part_data)
{
  guint64 *bounds = g_new (guint64, n_wanted + 1);
  int saved_errno = 0;
  guint n;

  data_offset = MAX (data_offset, begin);
  job->first_target = part_target (data_offset, job->source.size, 1, n_wanted);
  job->splitting = TRUE;
  part_init (&parts[0], job, 0, begin, job->first_target, part_data[0]);
  threads[0] = g_thread_new ("kc-csv-part", part_thread, &parts[0]);

  n = find_parts (&job->source, begin, data_offset, n_wanted,
                  job->format->delimiter, bounds);
  saved_errno = errno;

  g_mutex_lock (&job->split_lock);
  if (n == 0)
    {
      /* A read error: the first part stops where it may, and fails. */
      g_atomic_int_set (&job->stop, 1);
      job->first_end = job->first_target;
    }
  else
    {
      job->first_end = bounds[1];
    }
  job->splitting = FALSE;
  g_cond_broadcast (&job->split_cond);
  g_mutex_unlock (&job->split_lock);

  for (guint p = 1; p < n; p++)
    {
      part_init (&parts[p], job, p, bounds[p], bounds[p + 1], part_data[p]);
      threads[p] = g_thread_new ("kc-csv-part", part_thread, &parts[p]);
    }

  g_free (bounds);
  errno = saved_errno;
  return n;
}

/* Runs the parts of [begin, size) — at most @n_wanted, split at record
 * boundaries — merges their problems and works out the line offsets.
 * Returns how many parts were used, or 0 when the read failed. */
static guint
job_run (ReadJob        *job,
         guint64         begin,
         guint64         data_offset,
         guint           n_wanted,
         gpointer       *part_data,
         guint64        *line_offsets,
         KcProblemList  *problems)
{
  PartReader *parts = g_new0 (PartReader, n_wanted);
  gboolean cancelled = FALSE;
  gboolean failed = FALSE;
  guint64 n_records = 0;
  guint64 lines_before = 0;
  guint n_parts = 1;

  if (n_wanted == 1)
    {
      job->first_end = job->source.size;
      part_init (&parts[0], job, 0, begin, job->source.size, part_data[0]);
      part_run (&parts[0]);
    }
  else
    {
      GThread **threads = g_new0 (GThread *, n_wanted);

      n_parts = job_split_and_start (job, parts, threads, begin, data_offset, n_wanted, part_data);
      if (n_parts == 0)
        {
          int saved_errno = errno;

          kc_problem_list_add (problems, job->display, 0, 0, KC_PROBLEM_IO, KC_SEVERITY_ERROR,
                               _("Cannot read the file: %s"), g_strerror (saved_errno));
        }
      for (guint p = 0; p < MAX (n_parts, 1); p++)
        g_thread_join (threads[p]);
      g_free (threads);
      if (n_parts == 0)
        {
          part_clear (&parts[0]);
          g_free (parts);
          return 0;
        }
    }

  for (guint p = 0; p < n_parts; p++)
    {
      if (line_offsets != NULL)
        line_offsets[p] = lines_before;
      kc_problem_list_merge (problems, parts[p].problems, lines_before);
      /* Every part but the last ends just after a newline. */
      lines_before += parts[p].line - 1;
      n_records += parts[p].n_records;
      failed |= parts[p].failed || parts[p].stopped;
    }

  if (!failed && g_cancellable_is_cancelled (job->cancellable))
    {
      kc_problem_list_add (problems, job->display, 0, 0, KC_PROBLEM_CANCELLED,
                           KC_SEVERITY_ERROR, _("Loading was cancelled"));
      cancelled = TRUE;
    }
  else if (!failed && n_records == 0)
    {
      kc_problem_list_add (problems, job->display, job->format->header_line, 0,
                           KC_PROBLEM_HEADER_ONLY, KC_SEVERITY_ERROR,
                           _("The file has a header row but no data rows"));
    }

  for (guint p = 0; p < n_parts; p++)
    part_clear (&parts[p]);
  g_free (parts);

  return failed || cancelled ? 0 : n_parts;
}

static void
job_init (ReadJob           *job,
          const char        *display_name,
          const KcCsvFormat *format,
          KcCsvRecordFunc    record,
          KcCsvProgressFunc  progress,
          gpointer           progress_data,
          GCancellable      *cancellable)
{
  memset (job, 0, sizeof *job);
  job->display = display_name;
  job->format = format;
  job->record_func = record;
  job->progress = progress;
  job->progress_data = progress_data;
  job->cancellable = cancellable;
  g_mutex_init (&job->progress_lock);
  g_mutex_init (&job->split_lock);
  g_cond_init (&job->split_cond);
}

static void
job_clear (ReadJob *job)
{
  g_mutex_clear (&job->progress_lock);
  g_mutex_clear (&job->split_lock);
  g_cond_clear (&job->split_cond);
}

static gsize
encoding_bom_len (KcEncoding encoding)
{
  switch (encoding)
    {
    case KC_ENCODING_UTF8_BOM:
      return 3;
    case KC_ENCODING_UTF16LE:
    case KC_ENCODING_UTF16BE:
      return 2;
    case KC_ENCODING_UTF8:
    case KC_ENCODING_GB18030:
    default:
      return 0;
    }
}

guint
kc_csv_read (const char        *path,
             const char        *display_name,
             const KcCsvFormat *format,
             guint              n_parts,
             gpointer          *part_data,
             KcCsvRecordFunc    record,
             KcCsvProgressFunc  progress,
             gpointer           progress_data,
             guint64           *line_offsets,
             KcProblemList     *problems,
             GCancellable      *cancellable)
{
  return kc_csv_read_lines (path, display_name, format, n_parts, part_data, NULL, record,
                            progress, progress_data, line_offsets, problems, cancellable);
}

guint
kc_csv_read_lines (const char        *path,
                   const char        *display_name,
                   const KcCsvFormat *format,
                   guint              n_parts,
                   gpointer          *part_data,
                   KcCsvLineFunc      line,
                   KcCsvRecordFunc    record,
                   KcCsvProgressFunc  progress,
                   gpointer           progress_data,
                   guint64           *line_offsets,
                   KcProblemList     *problems,
                   GCancellable      *cancellable)
{
  ReadJob job;
  guint64 begin;
  GStatBuf st;
  guint used;
  int fd;

  g_return_val_if_fail (path != NULL, 0);
  g_return_val_if_fail (format != NULL, 0);
  g_return_val_if_fail (n_parts >= 1, 0);
  g_return_val_if_fail (part_data != NULL, 0);
  g_return_val_if_fail (record != NULL, 0);
  g_return_val_if_fail (problems != NULL, 0);

  if (display_name == NULL)
    display_name = path;

  for (guint p = 0; p < n_parts && line_offsets != NULL; p++)
    line_offsets[p] = 0;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      kc_problem_list_add (problems, display_name, 0, 0, KC_PROBLEM_IO, KC_SEVERITY_ERROR,
                           _("Cannot read the file: %s"), g_strerror (saved_errno));
      if (fd >= 0)
        close (fd);
      return 0;
    }

  job_init (&job, display_name, format, record, progress, progress_data, cancellable);
  job.line_func = line;
  job.source.fd = fd;
  job.source.size = st.st_size;

  begin = MIN (encoding_bom_len (format->encoding), job.source.size);

  if (!kc_encoding_is_ascii_compatible (format->encoding)
      || format->data_offset >= job.source.size)
    n_parts = 1;
  else
    n_parts = CLAMP ((job.source.size - format->data_offset) / min_part_size, 1, n_parts);

  used = job_run (&job, begin, format->data_offset, n_parts, part_data, line_offsets, problems);

  job_clear (&job);
  close (fd);

  return used;
}

guint
kc_csv_read_bytes (GBytes            *bytes,
                   const char        *display_name,
                   const KcCsvFormat *format,
                   gpointer           part_data,
                   KcCsvRecordFunc    record,
                   KcProblemList     *problems)
{
  ReadJob job;
  gsize size;
  guint used;

  g_return_val_if_fail (bytes != NULL, 0);
  g_return_val_if_fail (format != NULL, 0);
  g_return_val_if_fail (record != NULL, 0);
  g_return_val_if_fail (problems != NULL, 0);

  job_init (&job, display_name, format, record, NULL, NULL, NULL);
  job.source.fd = -1;
  job.source.memory = g_bytes_get_data (bytes, &size);
  job.source.size = size;

  used = job_run (&job, MIN (encoding_bom_len (format->encoding), size), 0, 1,
                  &part_data, NULL, problems);

  job_clear (&job);
  return used;
}

/* ---- Sniffing --------------------------------------------------------- */

typedef struct
{
  guint64  start_line;
  guint64  end_line;     /* line of the terminator */
  guint    n_fields;
  guint    n_nonempty;
  gboolean terminated;   /* by a line end, not by the end of the sample */
} SniffRecord;

typedef struct
{
  struct csv_parser  parser;
  KcEncoding         encoding;    /* of the cells: GB18030 or UTF-8 */
  guint64            line;
  guint64            record_line;
  guint              n_fields;
  guint              n_nonempty;
  GArray            *records;     /* SniffRecord */
  guint              capture;     /* index of the record whose cells are kept */
  GPtrArray         *cells;       /* GBytes */
  gboolean           unterminated_quote;
} SniffParse;

/* TRUE when @text holds nothing but ASCII blanks and line ends. */
static gboolean
sniff_text_is_blank (const guint8 *text,
                     gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n')
      return FALSE;
  return TRUE;
}

/* TRUE when the raw cell holds only blanks (ASCII or ideographic). */
static gboolean
sniff_cell_is_blank (KcEncoding    encoding,
                     const guint8 *cell,
                     gsize         len)
{
  gsize i = 0;

  while (i < len)
    {
      if (cell[i] == ' ' || cell[i] == '\t')
        i++;
      else if (encoding == KC_ENCODING_GB18030 && i + 1 < len
               && cell[i] == 0xA1 && cell[i + 1] == 0xA1)
        i += 2;
      else if (encoding != KC_ENCODING_GB18030 && i + 2 < len
               && cell[i] == 0xE3 && cell[i + 1] == 0x80 && cell[i + 2] == 0x80)
        i += 3;
      else
        return FALSE;
    }

  return TRUE;
}

static void
on_sniff_field (void   *cell,
                size_t  len,
                void   *user_data)
{
  SniffParse *s = user_data;

  s->n_fields++;
  if (!sniff_cell_is_blank (s->encoding, cell, len))
    s->n_nonempty++;

  if (s->records->len == s->capture && s->cells->len <= KC_CSV_MAX_COLUMNS)
    g_ptr_array_add (s->cells, g_bytes_new (cell, len));
}

static void
on_sniff_record (int   terminator,
                 void *user_data)
{
  SniffParse *s = user_data;
  SniffRecord record;

  record.start_line = s->record_line;
  record.end_line = s->line;
  record.n_fields = s->n_fields;
  record.n_nonempty = s->n_nonempty;
  record.terminated = terminator != -1;

  if (s->records->len < SNIFF_MAX_RECORDS)
    g_array_append_val (s->records, record);

  s->n_fields = 0;
  s->n_nonempty = 0;
  s->record_line = s->line;
}

/* Parses the sample with one delimiter, keeping the cells of record
 * number @capture (G_MAXUINT for none). */
static void
sniff_parse (SniffParse   *s,
             const guint8 *text,
             gsize         len,
             KcEncoding    encoding,
             char          delimiter,
             guint         capture)
{
  const guint8 *end = text + len;

  memset (s, 0, sizeof *s);
  parser_init (&s->parser, delimiter);
  s->encoding = encoding == KC_ENCODING_GB18030 ? KC_ENCODING_GB18030 : KC_ENCODING_UTF8;
  s->line = 1;
  s->record_line = 1;
  s->records = g_array_new (FALSE, FALSE, sizeof (SniffRecord));
  s->capture = capture;
  s->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  while (text < end && s->records->len < SNIFF_MAX_RECORDS)
    {
      gboolean ends;
      gsize n = next_line (text, end - text, &ends);

      if (s->parser.pstate == LIBCSV_ROW_NOT_BEGUN)
        s->record_line = s->line;
      /* The sample is at most 64 KiB, far below the field limit. */
      csv_parse (&s->parser, text, n, on_sniff_field, on_sniff_record, s);
      if (ends)
        s->line++;
      text += n;
    }

  s->unterminated_quote = s->parser.pstate == LIBCSV_FIELD_BEGUN && s->parser.quoted;
  if (s->records->len < SNIFF_MAX_RECORDS)
    csv_fini (&s->parser, on_sniff_field, on_sniff_record, s);
}

static void
sniff_parse_clear (SniffParse *s)
{
  csv_free (&s->parser);
  g_array_unref (s->records);
  g_ptr_array_unref (s->cells);
}

/* The consistency of the field counts with one delimiter: how many of the
 * first rows share the most common count of two or more fields. */
static guint
sniff_score (GArray *records,
             guint  *width)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint best = 0;
  guint seen = 0;

  *width = 0;

  for (guint i = 0; i < records->len && seen < SNIFF_SCORE_RECORDS; i++)
    {
      const SniffRecord *record = &g_array_index (records, SniffRecord, i);
      guint count;

      if (record->n_nonempty == 0)
        continue;
      seen++;
      if (record->n_fields < 2)
        continue;

      count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (record->n_fields))) + 1;
      g_hash_table_insert (counts, GUINT_TO_POINTER (record->n_fields), GUINT_TO_POINTER (count));
      if (count > best || (count == best && record->n_fields > *width))
        {
          best = count;
          *width = record->n_fields;
        }
    }

  return best;
}

/* The header: among the first few non-blank rows, the first with at
 * least two non-empty cells and at least half as many as most rows have,
 * so that title rows (one cell), notes and blank rows above it are
 * skipped. Without such a row, the first non-blank one. Returns its index
 * or -1. */
static int
sniff_find_header (GArray *records)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint typical = 0;
  guint typical_count = 0;
  guint seen = 0;
  int first = -1;

  for (guint i = 0; i < records->len; i++)
    {
      guint width = g_array_index (records, SniffRecord, i).n_nonempty;
      guint count;

      if (width == 0)
        continue;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (width))) + 1;
      g_hash_table_insert (counts, GUINT_TO_POINTER (width), GUINT_TO_POINTER (count));
      if (count > typical_count || (count == typical_count && width > typical))
        {
          typical = width;
          typical_count = count;
        }
    }

  for (guint i = 0; i < records->len && seen < SNIFF_TITLE_ROWS; i++)
    {
      const SniffRecord *record = &g_array_index (records, SniffRecord, i);

      if (record->n_nonempty == 0)
        continue;
      if (first < 0)
        first = i;
      seen++;
      if (record->n_nonempty >= 2 && record->n_nonempty * 2 >= typical)
        return i;
    }

  return first;
}

typedef struct
{
  const char  *name;
  const char  *magic;
  gsize        magic_len;
} BinaryKind;

static const char *
sniff_binary_kind (const guint8 *data,
                   gsize         len)
{
  static const BinaryKind kinds[] = {
    { N_("This is a PNG image, not a CSV file"), "\x89PNG\r\n\x1a\n", 8 },
    { N_("This is a JPEG image, not a CSV file"), "\xFF\xD8\xFF", 3 },
    { N_("This is a GIF image, not a CSV file"), "GIF8", 4 },
    { N_("This is a PDF document, not a CSV file"), "%PDF-", 5 },
    { N_("This is an Excel workbook or another ZIP archive, not a CSV file; "
         "save the sheet as CSV first"), "PK\x03\x04", 4 },
    { N_("This is an old Excel (.xls) or Office file, not a CSV file; "
         "save the sheet as CSV first"), "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8 },
    { N_("This is a gzip archive, not a CSV file"), "\x1F\x8B", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (len >= kinds[i].magic_len && memcmp (data, kinds[i].magic, kinds[i].magic_len) == 0)
      return _(kinds[i].name);

  return NULL;
}

/* Text with a stray NUL is read with that row reported; many NULs mean a
 * binary file, or UTF-16 without the byte-order mark that says so. */
static const char *
sniff_nul_bytes (const guint8 *data,
                 gsize         len)
{
  gsize nuls = 0;
  gsize odd = 0;

  for (gsize i = 0; i < len; i++)
    if (data[i] == 0)
      {
        nuls++;
        odd += i & 1;
      }

  if (nuls == 0 || nuls * 1000 < len * BINARY_NUL_PER_MILLE)
    return NULL;

  if (nuls * 10 >= len * 4 && (odd * 10 >= nuls * 9 || odd * 10 <= nuls))
    return _("The file looks like UTF-16 text without a byte-order mark; "
             "save it as UTF-8 or as UTF-16 with a BOM");

  return _("The file contains NUL bytes: it is binary, not CSV text");
}

/* Decodes, trims and checks the header cells. */
static char **
sniff_header_cells (GPtrArray     *cells,
                    KcEncoding     file_encoding,
                    KcEncoding     cell_encoding,
                    const char    *display_name,
                    guint64        header_line,
                    guint         *n_columns,
                    KcProblemList *problems)
{
  GPtrArray *header = g_ptr_array_new_with_free_func (g_free);
  guint width = 0;

  for (guint i = 0; i < cells->len; i++)
    {
      gsize len;
      const guint8 *raw = g_bytes_get_data (g_ptr_array_index (cells, i), &len);
      gsize n_invalid = 0;
      gsize text_len;
      g_autofree char *utf8 = kc_encoding_to_utf8_lossy (cell_encoding, raw, len,
                                                         &text_len, &n_invalid);
      const char *text = utf8;

      if (n_invalid > 0)
        {
          gsize bad_offset = 0, bad_len = 0, out_len;
          g_autofree char *scratch = g_malloc (kc_encoding_max_utf8_len (cell_encoding, len) + 1);
          g_autofree char *hex = NULL;
          KcDecodeResult result;

          result = kc_encoding_decode_cell (cell_encoding, raw, len, scratch, &out_len,
                                            &bad_offset, &bad_len);
          hex = kc_encoding_describe_bytes (file_encoding, raw + bad_offset, bad_len);
          if (result == KC_DECODE_NUL)
            kc_problem_list_add (problems, display_name, header_line, i + 1,
                                 KC_PROBLEM_EMBEDDED_NUL, KC_SEVERITY_ERROR,
                                 _("The header cell contains a NUL byte"));
          else
            kc_problem_list_add (problems, display_name, header_line, i + 1,
                                 KC_PROBLEM_INVALID_ENCODING, KC_SEVERITY_ERROR,
                                 _("The bytes %s of the header cell are not valid %s, the "
                                   "encoding detected for this file"),
                                 hex, kc_encoding_to_string (file_encoding));
        }

      /* A UTF-8 BOM read as Latin-1 and saved again: "ï»¿". */
      if (i == 0 && text_len >= 6 && memcmp (text, "\xC3\xAF\xC2\xBB\xC2\xBF", 6) == 0)
        {
          text += 6;
          text_len -= 6;
        }

      trim_cell (&text, &text_len, TRUE);
      g_ptr_array_add (header, g_strndup (text, text_len));
      if (text_len > 0)
        width = i + 1;
    }

  /* Empty cells past the last named column are Excel's padding. */
  g_ptr_array_set_size (header, width);
  g_ptr_array_set_free_func (header, NULL);
  g_ptr_array_add (header, NULL);
  *n_columns = width;

  return (char **) g_ptr_array_free (header, FALSE);
}

/* Byte offset in the raw sample of the start of line @line (1-based),
 * with line ends as next_line() finds them; the sample's length if it
 * holds fewer lines. */
static guint64
sniff_line_offset (const guint8 *raw,
                   gsize         len,
                   gsize         bom_len,
                   KcEncoding    encoding,
                   guint64       line)
{
  gsize pos = bom_len;

  if (encoding == KC_ENCODING_UTF16LE || encoding == KC_ENCODING_UTF16BE)
    {
      guint lo = encoding == KC_ENCODING_UTF16BE ? 1 : 0;

      for (; line > 1 && pos + 1 < len; pos += 2)
        {
          gboolean nul_high = raw[pos + 1 - lo] == 0;

          if (nul_high && raw[pos + lo] == '\n')
            line--;
          else if (nul_high && raw[pos + lo] == '\r'
                   && !(pos + 3 < len && raw[pos + 3 - lo] == 0 && raw[pos + 2 + lo] == '\n'))
            line--;
        }
      return line > 1 ? len : pos;
    }

  for (; line > 1; line--)
    {
      gboolean ends;
      gsize n = next_line (raw + pos, len - pos, &ends);

      if (!ends)
        return len;
      pos += n;
    }

  return pos;
}

static gboolean
sniff_sample (const guint8  *sample,
              gsize          len,
              gboolean       at_eof,
              guint64        file_size,
              const char    *display_name,
              KcCsvFormat   *format,
              KcProblemList *problems)
{
  static const char delimiters[] = { ',', ';', '\t' };
  g_autofree char *utf16_text = NULL;
  const guint8 *text;
  gsize text_len;
  KcEncoding encoding;
  KcEncoding cell_encoding;
  const char *binary;
  SniffParse best_parse = { 0 };
  guint best_score = 0;
  guint best_width = 0;
  char delimiter = ',';
  SniffParse header_parse;
  const SniffRecord *header;
  gsize bom_len;
  guint n_complete;
  int header_index;

  memset (format, 0, sizeof *format);
  format->file_size = file_size;

  if (file_size == 0 || len == 0)
    {
      kc_problem_list_add (problems, display_name, 0, 0, KC_PROBLEM_EMPTY_FILE,
                           KC_SEVERITY_ERROR, _("The file is empty"));
      return FALSE;
    }

  binary = sniff_binary_kind (sample, len);
  if (binary != NULL)
    {
      kc_problem_list_add (problems, display_name, 0, 0, KC_PROBLEM_BINARY_FILE,
                           KC_SEVERITY_ERROR, "%s", binary);
      return FALSE;
    }

  encoding = kc_encoding_detect (sample, len, at_eof, &bom_len);
  format->encoding = encoding;
  if (bom_len == file_size)
    {
      kc_problem_list_add (problems, display_name, 0, 0, KC_PROBLEM_EMPTY_FILE,
                           KC_SEVERITY_ERROR,
                           _("The file holds only a byte-order mark (%s) and no text"),
                           kc_encoding_to_string (encoding));
      return FALSE;
    }

  if (encoding == KC_ENCODING_UTF16LE || encoding == KC_ENCODING_UTF16BE)
    {
      gsize consumed;

      utf16_text = g_malloc (kc_encoding_max_utf8_len (encoding, len) + 1);
      text_len = kc_encoding_utf16_to_utf8 (encoding == KC_ENCODING_UTF16BE,
                                            sample + bom_len, len - bom_len, at_eof,
                                            utf16_text, &consumed);
      text = (const guint8 *) utf16_text;
      cell_encoding = KC_ENCODING_UTF8;
    }
  else
    {
      binary = sniff_nul_bytes (sample, len);
      if (binary != NULL)
        {
          kc_problem_list_add (problems, display_name, 0, 0, KC_PROBLEM_BINARY_FILE,
                               KC_SEVERITY_ERROR, "%s", binary);
          return FALSE;
        }
      text = sample + bom_len;
      text_len = len - bom_len;
      cell_encoding = encoding == KC_ENCODING_GB18030 ? KC_ENCODING_GB18030 : KC_ENCODING_UTF8;
    }

  for (guint d = 0; d < G_N_ELEMENTS (delimiters); d++)
    {
      SniffParse parse;
      guint width;
      guint score;

      sniff_parse (&parse, text, text_len, cell_encoding, delimiters[d], G_MAXUINT);
      score = sniff_score (parse.records, &width);
      if (d == 0 || score > best_score || (score == best_score && width > best_width))
        {
          if (d > 0)
            sniff_parse_clear (&best_parse);
          best_parse = parse;
          best_score = score;
          best_width = width;
          delimiter = delimiters[d];
        }
      else
        {
          sniff_parse_clear (&parse);
        }
    }
  format->delimiter = delimiter;

  /* Unless the sample is the whole file, its last row may be cut short. */
  n_complete = best_parse.records->len;
  if (!at_eof && n_complete > 0
      && !g_array_index (best_parse.records, SniffRecord, n_complete - 1).terminated)
    g_array_set_size (best_parse.records, --n_complete);

  header_index = sniff_find_header (best_parse.records);
  if (header_index < 0 && at_eof && best_parse.unterminated_quote && best_parse.records->len > 0)
    {
      const SniffRecord *last = &g_array_index (best_parse.records, SniffRecord,
                                                best_parse.records->len - 1);

      kc_problem_list_add (problems, display_name, last->start_line, MAX (last->n_fields, 1),
                           KC_PROBLEM_UNTERMINATED_QUOTE, KC_SEVERITY_ERROR,
                           _("A quoted cell is never closed: the file ends inside it"));
    }
  else if (header_index < 0)
    {
      if (!at_eof && (n_complete > 0 || sniff_text_is_blank (text, text_len)))
        kc_problem_list_add (problems, display_name, 0, 0, KC_PROBLEM_EMPTY_FILE,
                             KC_SEVERITY_ERROR,
                             _("The first %u KiB of the file hold only blank rows"),
                             (guint) (KC_CSV_SNIFF_BYTES / 1024));
      else if (!at_eof)
        kc_problem_list_add (problems, display_name, 1, 0, KC_PROBLEM_FIELD_TOO_LONG,
                             KC_SEVERITY_ERROR,
                             _("The first row does not end within the first %u KiB; "
                               "this is not a CSV file a person could read"),
                             (guint) (KC_CSV_SNIFF_BYTES / 1024));
      else
        kc_problem_list_add (problems, display_name, 0, 0, KC_PROBLEM_EMPTY_FILE,
                             KC_SEVERITY_ERROR, _("The file contains only blank lines"));
    }
  if (header_index < 0)
    {
      sniff_parse_clear (&best_parse);
      return FALSE;
    }

  header = &g_array_index (best_parse.records, SniffRecord, header_index);
  format->header_line = header->start_line;

  if (header->n_fields > KC_CSV_MAX_COLUMNS)
    {
      kc_problem_list_add (problems, display_name, header->start_line, KC_CSV_MAX_COLUMNS + 1,
                           KC_PROBLEM_TOO_MANY_COLUMNS, KC_SEVERITY_ERROR,
                           _("The header has %u columns, more than the %u a file may have"),
                           header->n_fields, (guint) KC_CSV_MAX_COLUMNS);
      sniff_parse_clear (&best_parse);
      return FALSE;
    }

  if (!header->terminated && best_parse.unterminated_quote)
    {
      kc_problem_list_add (problems, display_name, header->start_line, header->n_fields,
                           KC_PROBLEM_UNTERMINATED_QUOTE, KC_SEVERITY_ERROR,
                           _("A quoted header cell is never closed"));
      sniff_parse_clear (&best_parse);
      return FALSE;
    }

  format->data_offset = header->terminated
                        ? sniff_line_offset (sample, len, bom_len, encoding, header->end_line + 1)
                        : file_size;

  sniff_parse (&header_parse, text, text_len, cell_encoding, delimiter, header_index);
  format->header = sniff_header_cells (header_parse.cells, encoding, cell_encoding,
                                       display_name, format->header_line,
                                       &format->n_columns, problems);
  sniff_parse_clear (&header_parse);
  sniff_parse_clear (&best_parse);

  return TRUE;
}

gboolean
kc_csv_sniff_bytes (GBytes        *bytes,
                    const char    *display_name,
                    KcCsvFormat   *format,
                    KcProblemList *problems)
{
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  data = g_bytes_get_data (bytes, &size);

  return sniff_sample (data, MIN (size, KC_CSV_SNIFF_BYTES), size <= KC_CSV_SNIFF_BYTES,
                       size, display_name, format, problems);
}

gboolean
kc_csv_sniff (const char    *path,
              const char    *display_name,
              KcCsvFormat   *format,
              KcProblemList *problems,
              GCancellable  *cancellable)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *sample = NULL;
  gsize len = 0;
  guint64 size;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  if (display_name == NULL)
    display_name = path;

  memset (format, 0, sizeof *format);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, cancellable, &error);
  if (stream != NULL)
    info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                           cancellable, &error);
  if (info != NULL)
    {
      sample = g_malloc (KC_CSV_SNIFF_BYTES);
      g_input_stream_read_all (G_INPUT_STREAM (stream), sample, KC_CSV_SNIFF_BYTES, &len,
                               cancellable, &error);
    }

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kc_problem_list_add (problems, display_name, 0, 0, KC_PROBLEM_CANCELLED,
                             KC_SEVERITY_ERROR, _("Loading was cancelled"));
      else
        kc_problem_list_add (problems, display_name, 0, 0, KC_PROBLEM_IO, KC_SEVERITY_ERROR,
                             _("Cannot read the file: %s"), error->message);
      return FALSE;
    }

  /* The size may have changed since: what was read is the truth. */
  size = MAX (g_file_info_get_size (info), (goffset) len);

  return sniff_sample (sample, len, len < KC_CSV_SNIFF_BYTES || size <= len, size,
                       display_name, format, problems);
}
