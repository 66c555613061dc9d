/* kc-encoding.h
 * Text encodings of CSV files: detection and conversion to UTF-8. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KC_ENCODING_UTF8,
  KC_ENCODING_UTF8_BOM,
  KC_ENCODING_UTF16LE,
  KC_ENCODING_UTF16BE,
  KC_ENCODING_GB18030,
} KcEncoding;

typedef enum
{
  KC_DECODE_OK,
  KC_DECODE_INVALID,  /* bytes that are not valid in the encoding */
  KC_DECODE_NUL,      /* a NUL character, which no text cell holds */
} KcDecodeResult;

/* "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "GB18030". */
const char     *kc_encoding_to_string      (KcEncoding     encoding);

/* Decides from the bytes: a byte-order mark first; then valid UTF-8 →
 * UTF-8; else mostly valid UTF-8 (four good multi-byte characters per bad
 * sequence) → UTF-8 with errors; else whichever of GB18030 and UTF-8 has
 * fewer invalid sequences, UTF-8 on a tie. Unless @at_eof, a character
 * cut at the end of @data is not held against either. Sets *@bom_len to
 * the length of the BOM (0 without one). */
KcEncoding      kc_encoding_detect         (const guint8  *data,
                                            gsize          len,
                                            gboolean       at_eof,
                                            gsize         *bom_len);

/* TRUE for the encodings whose newline, quote and delimiter bytes never
 * occur inside a multi-byte character (UTF-8 and GB18030), so that the
 * raw bytes can be tokenised before decoding. */
gboolean        kc_encoding_is_ascii_compatible (KcEncoding encoding);

/* Checks that @len bytes are valid UTF-8 without NUL characters; if not,
 * *@bad_offset and *@bad_len locate the first offending bytes. */
KcDecodeResult  kc_encoding_check_utf8     (const guint8  *in,
                                            gsize          len,
                                            gsize         *bad_offset,
                                            gsize         *bad_len);

/* The most UTF-8 bytes kc_encoding_decode_cell() writes for @len input
 * bytes (without a terminating NUL). */
gsize           kc_encoding_max_utf8_len   (KcEncoding     encoding,
                                            gsize          len);

/* Converts one cell of @len bytes of @encoding (an ASCII-compatible one)
 * to UTF-8 in @out, which must hold kc_encoding_max_utf8_len() bytes.
 * On KC_DECODE_OK, *@out_len is the UTF-8 length. Otherwise
 * *@bad_offset and *@bad_len locate the offending bytes in @in. */
KcDecodeResult  kc_encoding_decode_cell    (KcEncoding     encoding,
                                            const guint8  *in,
                                            gsize          len,
                                            char          *out,
                                            gsize         *out_len,
                                            gsize         *bad_offset,
                                            gsize         *bad_len);

/* Converts UTF-16 to UTF-8 as a stream: returns the number of bytes
 * written to @out (which must hold len / 2 * 3 bytes) and sets
 * *@consumed to the input bytes used, leaving a trailing half character
 * for the next call unless @at_eof. A lone surrogate is written in its
 * 3-byte generalised UTF-8 form (ED A0..BF xx), which UTF-8 validation
 * rejects and kc_encoding_describe_bytes() maps back; an odd last byte at
 * @at_eof is left unconsumed. */
gsize           kc_encoding_utf16_to_utf8  (gboolean       big_endian,
                                            const guint8  *in,
                                            gsize          len,
                                            gboolean       at_eof,
                                            char          *out,
                                            gsize         *consumed);

/* Converts a whole buffer to UTF-8, replacing each invalid sequence with
 * U+FFFD and counting them in *@n_invalid (may be NULL). A leading BOM of
 * @encoding is dropped. Free with g_free(). */
char           *kc_encoding_to_utf8_lossy  (KcEncoding     encoding,
                                            const guint8  *data,
                                            gsize          len,
                                            gsize         *out_len,
                                            gsize         *n_invalid);

/* The bytes as upper-case hex pairs, "C3 28". For UTF-16 files, whose
 * cells are checked after conversion, a generalised-UTF-8 lone surrogate
 * is shown as the two bytes it had in the file. */
char           *kc_encoding_describe_bytes (KcEncoding     encoding,
                                            const guint8  *bytes,
                                            gsize          len);

G_END_DECLS
