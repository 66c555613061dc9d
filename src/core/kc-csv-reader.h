/* kc-csv-reader.h
 * The streaming CSV reader: format sniffing and parallel parsing to UTF-8. */
#pragma once

#include <gio/gio.h>

#include "kc-encoding.h"
#include "kc-problem.h"

G_BEGIN_DECLS

/* Limits that keep a hostile file from taking unbounded memory. */
#define KC_CSV_MAX_COLUMNS      16384
#define KC_CSV_MAX_FIELD_BYTES  (1024 * 1024)
#define KC_CSV_SNIFF_BYTES      (64 * 1024)

typedef struct
{
  KcEncoding  encoding;
  char        delimiter;      /* ',', ';' or '\t': sniffed from the first rows, outside quotes */
  guint64     header_line;    /* 1-based physical line of the header row */
  guint       n_columns;      /* header width, without trailing empty cells */
  char      **header;         /* NULL-terminated, UTF-8, trimmed */
  guint64     file_size;
  guint64     data_offset;    /* byte offset of the line after the header row */
} KcCsvFormat;

/* Frees the header; safe on a zeroed struct. */
void kc_csv_format_clear (KcCsvFormat *format);

typedef struct
{
  guint64      line;      /* 1-based physical line where the record starts, relative to its
                           * part (part 0 starts at the top, so its lines are absolute);
                           * a CR not followed by LF ends a line too */
  guint        part;      /* index of the part this record came from */
  guint        n_fields;  /* always the header's width: short rows are padded with "" */
  char *const *fields;    /* UTF-8, trimmed, NUL-terminated; valid only during the callback */
  const gsize *lengths;
} KcCsvRecord;

/* Return FALSE to stop reading. Called in the part's worker thread. */
typedef gboolean (*KcCsvRecordFunc)   (gpointer           part_data,
                                       const KcCsvRecord *record,
                                       KcProblemList     *part_problems);
/* Offered, before it is split, each data line that holds no quote and no
 * carriage return and is valid UTF-8: @text is the line without its line
 * end (not NUL-terminated), @line its 1-based line in the part as in
 * KcCsvRecord. Return TRUE when the line was taken as a record; FALSE to
 * have it split, trimmed and checked, then passed to the record function
 * as usual (which is the way for anything unusual, and for problems).
 * Called in the part's worker thread. */
typedef gboolean (*KcCsvLineFunc)     (gpointer           part_data,
                                       const char        *text,
                                       gsize              len,
                                       guint64            line,
                                       KcProblemList     *part_problems);
/* Called from worker threads, about every MiB read by any part, one call
 * at a time and with @bytes_done growing. */
typedef void     (*KcCsvProgressFunc) (guint64            bytes_done,
                                       guint64            bytes_total,
                                       gpointer           user_data);

/* Reads at most the first 64 KiB of @path to detect the encoding, the
 * delimiter and the header row (title and blank rows above it are
 * skipped). Problems that make the file unreadable go to @problems and the
 * function returns FALSE. */
gboolean kc_csv_sniff       (const char        *path,
                             const char        *display_name,
                             KcCsvFormat       *format,
                             KcProblemList     *problems,
                             GCancellable      *cancellable);
/* The same from memory (GResource files, tests). */
gboolean kc_csv_sniff_bytes (GBytes            *bytes,
                             const char        *display_name,
                             KcCsvFormat       *format,
                             KcProblemList     *problems);

/* Parses the data rows of @path in at most @n_parts parts split at record
 * boundaries, one worker thread per part (the caller's thread when there
 * is one part), calling @record with part_data[part] for every good data
 * row, in file order within a part. Bad rows are reported and skipped.
 * On return line_offsets[p] is the number of physical lines before part p
 * (absolute line = line_offsets[p] + record->line) and each part's
 * problems have been merged into @problems with that offset, in part
 * order. Returns the number of parts used (small files use one), or 0 if
 * cancelled, failed or stopped by @record (then @problems says why). */
guint    kc_csv_read        (const char        *path,
                             const char        *display_name,
                             const KcCsvFormat *format,
                             guint              n_parts,
                             gpointer          *part_data,
                             KcCsvRecordFunc    record,
                             KcCsvProgressFunc  progress,
                             gpointer           progress_data,
                             guint64           *line_offsets,
                             KcProblemList     *problems,
                             GCancellable      *cancellable);
/* kc_csv_read(), offering plain lines to @line first (may be NULL). */
guint    kc_csv_read_lines  (const char        *path,
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
                             GCancellable      *cancellable);
/* One part from memory; record lines are absolute. */
guint    kc_csv_read_bytes  (GBytes            *bytes,
                             const char        *display_name,
                             const KcCsvFormat *format,
                             gpointer           part_data,
                             KcCsvRecordFunc    record,
                             KcProblemList     *problems);

/* Files smaller than twice this are read in one part (default 4 MiB);
 * tests lower it to exercise the split. */
void     kc_csv_set_min_part_size (gsize bytes);
/* Lines with no quote and no carriage return but at their end are split
 * without libcsv (the same result, faster); tests and the fuzzer turn it
 * off to compare both ways. Default TRUE. */
void     kc_csv_set_plain_lines   (gboolean enabled);

G_END_DECLS
