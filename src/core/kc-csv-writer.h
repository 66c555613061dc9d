/* kc-csv-writer.h
 * Writes CSV (or tab-separated) text that spreadsheets open safely. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KC_CSV_CHARSET_UTF8_BOM,  /* the default: what Excel on Chinese Windows
                             * needs to read UTF-8 as UTF-8 */
  KC_CSV_CHARSET_UTF8,
  KC_CSV_CHARSET_GB18030,   /* what Chinese Excel writes; covers all of Unicode */
} KcCsvCharset;

/* What the writer does:
 * - RFC 4180: fields separated by @delimiter, records ended by CRLF
 *   (what Excel writes); a field holding the delimiter, a quote, CR or
 *   LF, or starting or ending with a blank, is quoted, its quotes
 *   doubled.
 * - Formula injection (OWASP's rule): a text cell starting with '=',
 *   '+', '-', '@', tab or CR would be run as a formula by a spreadsheet;
 *   it gets a leading apostrophe, which spreadsheets show as text.
 * - Numbers stay numbers: a cell added with kc_csv_writer_add_number(),
 *   or with kc_csv_writer_add_cell() when it is a plain decimal number
 *   (kc_csv_is_plain_number(): "-3.5", "1e-07"), is written as it is. A
 *   plain number cannot be a formula, so "-3.5" needs no apostrophe,
 *   while "-3.5+A1" or "-1,234" is text and gets one.
 * - Cells are UTF-8; invalid bytes become U+FFFD.
 *
 * Output goes to memory (kc_csv_writer_new) or, as it is produced, to a
 * file written atomically (kc_csv_writer_new_for_path): a failure leaves
 * any existing file as it was. */
typedef struct _KcCsvWriter KcCsvWriter;

KcCsvWriter *kc_csv_writer_new           (KcCsvCharset   charset,
                                          char           delimiter);
KcCsvWriter *kc_csv_writer_new_for_path  (const char    *path,
                                          KcCsvCharset   charset,
                                          char           delimiter,
                                          GError       **error);
void         kc_csv_writer_free          (KcCsvWriter   *writer);

/* A text cell: neutralised when it starts like a formula. */
void         kc_csv_writer_add_text      (KcCsvWriter   *writer,
                                          const char    *text);
/* A number, written with '.' and up to 17 significant digits (as few as
 * give back the same double); NAN or infinity is an empty cell. */
void         kc_csv_writer_add_number    (KcCsvWriter   *writer,
                                          double         value);
/* A cell from text that may hold a number: plain numbers as they are,
 * anything else as text. NULL is an empty cell. */
void         kc_csv_writer_add_cell      (KcCsvWriter   *writer,
                                          const char    *text);
void         kc_csv_writer_end_row       (KcCsvWriter   *writer);
/* A whole row of kc_csv_writer_add_cell() cells. */
void         kc_csv_writer_add_row       (KcCsvWriter   *writer,
                                          const char * const *cells);

/* Ends the output: for the memory writer the encoded bytes (BOM first
 * when asked), for the file writer an empty GBytes once the file is in
 * place. NULL with @error when a write failed. Frees @writer. */
GBytes      *kc_csv_writer_finish        (KcCsvWriter   *writer,
                                          GError       **error);

/* TRUE for an ASCII decimal number: an optional '-', digits with an
 * optional fraction ("3", "-3.5", ".5", "5."), and an optional exponent
 * ("1e-07", "2E+10"). */
gboolean     kc_csv_is_plain_number      (const char    *text);

/* TRUE when a text cell must be neutralised: it starts with '=', '+',
 * '-', '@', tab or CR. */
gboolean     kc_csv_needs_neutralising   (const char    *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcCsvWriter, kc_csv_writer_free)

G_END_DECLS
