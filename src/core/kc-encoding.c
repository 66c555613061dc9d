/* kc-encoding.c
 * Detecting the encoding of a CSV file and converting its text to UTF-8. */
#define G_LOG_DOMAIN "kc-encoding"

#include "config.h"

#include <string.h>

#include "kc-encoding.h"

/* GB18030 decoding goes through tables filled once from the system's
 * iconv: a lookup per character is several times faster than g_iconv(),
 * which matters for files of a hundred megabytes. */
#define GB_FOUR_BMP      39420  /* 0x81308130..0x8431A439 map into the BMP */
#define GB_FOUR_SUPP     189000 /* linear index of 0x90308130, U+10000 */

/* For every byte pair, lead << 8 | trail: the UTF-8 of the two-byte
 * character it is, ready to copy four bytes at a time, with its length in
 * the last byte; zeros for pairs that are not one. One load a character. */
static guint8  gb_pair_table[65536][4];
/* The few two-byte codes that GB18030-2022 maps outside the BMP. */
#define GB_MAX_PAIR_SUPPLEMENTARY 32
static struct
{
  guint16 code;
  guint32 cp;
} gb_pair_supplementary[GB_MAX_PAIR_SUPPLEMENTARY];
static guint   gb_n_pair_supplementary;
static guint16 gb_four_table[GB_FOUR_BMP];

#define ASCII_HIGH_BITS G_GUINT64_CONSTANT (0x8080808080808080)
#define ASCII_LOW_BITS  G_GUINT64_CONSTANT (0x0101010101010101)

const char *
kc_encoding_to_string (KcEncoding encoding)
{
  switch (encoding)
    {
    case KC_ENCODING_UTF8:
      return "UTF-8";
    case KC_ENCODING_UTF8_BOM:
      return "UTF-8 with BOM";
    case KC_ENCODING_UTF16LE:
      return "UTF-16LE";
    case KC_ENCODING_UTF16BE:
      return "UTF-16BE";
    case KC_ENCODING_GB18030:
      return "GB18030";
    default:
      g_return_val_if_reached ("unknown");
    }
}

gboolean
kc_encoding_is_ascii_compatible (KcEncoding encoding)
{
  return encoding == KC_ENCODING_UTF8
         || encoding == KC_ENCODING_UTF8_BOM
         || encoding == KC_ENCODING_GB18030;
}

gsize
kc_encoding_max_utf8_len (KcEncoding encoding,
                          gsize      len)
{
  switch (encoding)
    {
    case KC_ENCODING_GB18030:
      /* Two bytes become at most four (outside the BMP), four bytes at
       * most four; the decoder's four-byte copies stay within that. */
      return 2 * len;
    case KC_ENCODING_UTF16LE:
    case KC_ENCODING_UTF16BE:
      return len / 2 * 3;
    case KC_ENCODING_UTF8:
    case KC_ENCODING_UTF8_BOM:
    default:
      return len;
    }
}

/* TRUE when none of the 8 bytes is NUL or above 0x7F. */
static inline gboolean
word_is_plain_ascii (guint64 word)
{
  return ((word | ((word - ASCII_LOW_BITS) & ~word)) & ASCII_HIGH_BITS) == 0;
}

static inline guint64
load_word (const guint8 *p)
{
  guint64 word;

  memcpy (&word, p, sizeof word);
  return word;
}

static inline char *
put_utf8 (char    *out,
          guint32  cp)
{
  if (cp < 0x80)
    {
      *out++ = (char) cp;
    }
  else if (cp < 0x800)
    {
      *out++ = (char) (0xC0 | (cp >> 6));
      *out++ = (char) (0x80 | (cp & 0x3F));
    }
  else if (cp < 0x10000)
    {
      *out++ = (char) (0xE0 | (cp >> 12));
      *out++ = (char) (0x80 | ((cp >> 6) & 0x3F));
      *out++ = (char) (0x80 | (cp & 0x3F));
    }
  else
    {
      *out++ = (char) (0xF0 | (cp >> 18));
      *out++ = (char) (0x80 | ((cp >> 12) & 0x3F));
      *out++ = (char) (0x80 | ((cp >> 6) & 0x3F));
      *out++ = (char) (0x80 | (cp & 0x3F));
    }

  return out;
}

/* ---- UTF-8 ------------------------------------------------------------ */

/* How many bytes of @p (at most @len) form the start of the invalid
 * sequence at @p: a lead byte and the continuation bytes that follow it. */
static gsize
utf8_bad_sequence_len (const guint8 *p,
                       gsize         len)
{
  guint expected;
  gsize n = 1;

  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    expected = 1;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    expected = 2;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    expected = 3;
  else
    return 1;

  while (n <= expected && n < len && (p[n] & 0xC0) == 0x80)
    n++;

  return n;
}

/* TRUE when @p[0..len) is the beginning of a valid sequence that was cut
 * off by the end of the buffer. */
static gboolean
utf8_is_cut_sequence (const guint8 *p,
                      gsize         len)
{
  guint8 second_lo = 0x80, second_hi = 0xBF;
  guint expected;

  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    expected = 1;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    expected = 2;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    expected = 3;
  else
    return FALSE;

  if (len > expected)
    return FALSE;

  /* The second byte of E0, ED, F0 and F4 sequences has a narrower range. */
  if (p[0] == 0xE0)
    second_lo = 0xA0;
  else if (p[0] == 0xED)
    second_hi = 0x9F;
  else if (p[0] == 0xF0)
    second_lo = 0x90;
  else if (p[0] == 0xF4)
    second_hi = 0x8F;

  if (len > 1 && (p[1] < second_lo || p[1] > second_hi))
    return FALSE;

  for (gsize i = 2; i < len; i++)
    if ((p[i] & 0xC0) != 0x80)
      return FALSE;

  return TRUE;
}

/* Finds the first offending bytes, once the DFA has said there are some. */
static KcDecodeResult
utf8_locate_error (const guint8 *in,
                   gsize         len,
                   gsize        *bad_offset,
                   gsize        *bad_len)
{
  gsize i = 0;

  while (i < len)
    {
      guint8 b = in[i];

      if (i + 8 <= len && word_is_plain_ascii (load_word (in + i)))
        {
          i += 8;
          continue;
        }

      if (b < 0x80)
        {
          if (b == 0)
            {
              *bad_offset = i;
              *bad_len = 1;
              return KC_DECODE_NUL;
            }
          i++;
          continue;
        }

      /* The ranges of Unicode's table 3-7: no overlong forms, no
       * surrogates, nothing past U+10FFFF. */
      if (b >= 0xC2 && b <= 0xDF)
        {
          if (i + 1 < len && (in[i + 1] & 0xC0) == 0x80)
            {
              i += 2;
              continue;
            }
        }
      else if (b >= 0xE0 && b <= 0xEF)
        {
          guint8 lo = b == 0xE0 ? 0xA0 : 0x80;
          guint8 hi = b == 0xED ? 0x9F : 0xBF;

          if (i + 2 < len && in[i + 1] >= lo && in[i + 1] <= hi && (in[i + 2] & 0xC0) == 0x80)
            {
              i += 3;
              continue;
            }
        }
      else if (b >= 0xF0 && b <= 0xF4)
        {
          guint8 lo = b == 0xF0 ? 0x90 : 0x80;
          guint8 hi = b == 0xF4 ? 0x8F : 0xBF;

          if (i + 3 < len && in[i + 1] >= lo && in[i + 1] <= hi
              && (in[i + 2] & 0xC0) == 0x80 && (in[i + 3] & 0xC0) == 0x80)
            {
              i += 4;
              continue;
            }
        }

      *bad_offset = i;
      *bad_len = utf8_bad_sequence_len (in + i, len - i);
      return KC_DECODE_INVALID;
    }

  return KC_DECODE_OK;
}

/* Counts the invalid sequences, and the valid multi-byte characters in
 * *@n_multibyte. */
static gsize
count_utf8_errors (const guint8 *data,
                   gsize         len,
                   gboolean      at_eof,
                   gsize        *n_multibyte)
{
  gsize errors = 0;
  gsize i = 0;

  *n_multibyte = 0;

  while (i < len)
    {
      gsize bad_offset;
      gsize bad_len;
      KcDecodeResult result = utf8_locate_error (data + i, len - i, &bad_offset, &bad_len);

      if (result == KC_DECODE_OK)
        bad_offset = len - i;

      /* Lead bytes of the valid stretch: one per multi-byte character. */
      for (gsize j = i; j < i + bad_offset; j++)
        *n_multibyte += data[j] >= 0xC0;

      if (result == KC_DECODE_OK)
        break;

      if (result == KC_DECODE_INVALID)
        {
          if (!at_eof && utf8_is_cut_sequence (data + i + bad_offset, len - i - bad_offset))
            break;
          errors++;
        }
      /* else NUL, which is ASCII: valid, though not text. */

      i += bad_offset + bad_len;
    }

  return errors;
}

/* UTF-8 validation as a shift-based DFA: the row of a byte holds, for
 * each state (a multiple of 6), the next state at that bit offset, so one
 * step is a load and a shift with no branch. NUL leads to the error state,
 * as no text cell holds it. */
enum
{
  UTF8_ACCEPT = 0,
  UTF8_ERROR = 6,
  UTF8_TAIL1 = 12,       /* one continuation byte to go */
  UTF8_TAIL2 = 18,
  UTF8_TAIL3 = 24,
  UTF8_AFTER_E0 = 30,    /* A0..BF, then one more */
  UTF8_AFTER_ED = 36,    /* 80..9F, then one more: no surrogates */
  UTF8_AFTER_F0 = 42,    /* 90..BF, then two more */
  UTF8_AFTER_F4 = 48,    /* 80..8F, then two more: nothing past U+10FFFF */
};

static guint64 utf8_dfa[256];

static guint
utf8_dfa_next (guint state,
               guint byte)
{
  if (state == UTF8_ACCEPT)
    {
      if (byte >= 0x01 && byte <= 0x7F)
        return UTF8_ACCEPT;
      if (byte >= 0xC2 && byte <= 0xDF)
        return UTF8_TAIL1;
      if (byte == 0xE0)
        return UTF8_AFTER_E0;
      if (byte == 0xED)
        return UTF8_AFTER_ED;
      if (byte >= 0xE1 && byte <= 0xEF)
        return UTF8_TAIL2;
      if (byte == 0xF0)
        return UTF8_AFTER_F0;
      if (byte == 0xF4)
        return UTF8_AFTER_F4;
      if (byte >= 0xF1 && byte <= 0xF3)
        return UTF8_TAIL3;
      return UTF8_ERROR;
    }

  if (byte < 0x80 || byte > 0xBF)
    return UTF8_ERROR;

  switch (state)
    {
    case UTF8_TAIL1:
      return UTF8_ACCEPT;
    case UTF8_TAIL2:
      return UTF8_TAIL1;
    case UTF8_TAIL3:
      return UTF8_TAIL2;
    case UTF8_AFTER_E0:
      return byte >= 0xA0 ? UTF8_TAIL1 : UTF8_ERROR;
    case UTF8_AFTER_ED:
      return byte <= 0x9F ? UTF8_TAIL1 : UTF8_ERROR;
    case UTF8_AFTER_F0:
      return byte >= 0x90 ? UTF8_TAIL2 : UTF8_ERROR;
    case UTF8_AFTER_F4:
      return byte <= 0x8F ? UTF8_TAIL2 : UTF8_ERROR;
    default:
      return UTF8_ERROR;
    }
}

static void
utf8_dfa_init (void)
{
  static gsize initialised = 0;

  if (!g_once_init_enter (&initialised))
    return;

  for (guint byte = 0; byte < 256; byte++)
    {
      guint64 row = 0;

      for (guint state = UTF8_ACCEPT; state <= UTF8_AFTER_F4; state += 6)
        row |= (guint64) utf8_dfa_next (state, byte) << state;
      utf8_dfa[byte] = row;
    }

  g_once_init_leave (&initialised, 1);
}

KcDecodeResult
kc_encoding_check_utf8 (const guint8 *in,
                        gsize         len,
                        gsize        *bad_offset,
                        gsize        *bad_len)
{
  guint64 state = UTF8_ACCEPT;
  gsize i = 0;

  utf8_dfa_init ();

  for (; i + 4 <= len; i += 4)
    {
      state = utf8_dfa[in[i]] >> (state & 63);
      state = utf8_dfa[in[i + 1]] >> (state & 63);
      state = utf8_dfa[in[i + 2]] >> (state & 63);
      state = utf8_dfa[in[i + 3]] >> (state & 63);
    }
  for (; i < len; i++)
    state = utf8_dfa[in[i]] >> (state & 63);

  if ((state & 63) == UTF8_ACCEPT)
    return KC_DECODE_OK;

  return utf8_locate_error (in, len, bad_offset, bad_len);
}

/* ---- GB18030 ---------------------------------------------------------- */

static guint32
iconv_one (GIConv        cd,
           const guint8 *bytes,
           gsize         len)
{
  char out[8];
  char *inp = (char *) bytes;
  char *outp = out;
  gsize in_left = len;
  gsize out_left = sizeof out;

  g_iconv (cd, NULL, NULL, NULL, NULL);
  if (g_iconv (cd, &inp, &in_left, &outp, &out_left) == (gsize) -1 || in_left != 0)
    return 0;

  if (!g_utf8_validate_len (out, outp - out, NULL) || outp == out)
    return 0;

  return g_utf8_get_char (out);
}

static void
gb_tables_init (void)
{
  static gsize initialised = 0;
  GIConv cd;

  if (!g_once_init_enter (&initialised))
    return;

  cd = g_iconv_open ("UTF-8", "GB18030");
  if (cd == (GIConv) -1)
    {
      /* Without a converter every multi-byte character reads as invalid;
       * the problems then say so at each row rather than failing here. */
      g_once_init_leave (&initialised, 1);
      return;
    }

  for (guint lead = 0x81; lead <= 0xFE; lead++)
    for (guint trail = 0x40; trail <= 0xFE; trail++)
      {
        guint8 bytes[2] = { lead, trail };
        guint8 *entry = gb_pair_table[lead << 8 | trail];
        guint32 cp;

        if (trail == 0x7F)
          continue;

        cp = iconv_one (cd, bytes, 2);
        if (cp != 0 && cp <= 0xFFFF)
          entry[3] = put_utf8 ((char *) entry, cp) - (char *) entry;
        else if (cp != 0 && gb_n_pair_supplementary < GB_MAX_PAIR_SUPPLEMENTARY)
          {
            gb_pair_supplementary[gb_n_pair_supplementary].code = lead << 8 | trail;
            gb_pair_supplementary[gb_n_pair_supplementary].cp = cp;
            gb_n_pair_supplementary++;
          }
      }

  for (guint index = 0; index < GB_FOUR_BMP; index++)
    {
      guint8 bytes[4];
      guint32 cp;

      bytes[0] = 0x81 + index / 12600;
      bytes[1] = 0x30 + index / 1260 % 10;
      bytes[2] = 0x81 + index / 10 % 126;
      bytes[3] = 0x30 + index % 10;
      cp = iconv_one (cd, bytes, 4);
      gb_four_table[index] = cp <= 0xFFFF ? cp : 0;
    }

  g_iconv_close (cd);
  g_once_init_leave (&initialised, 1);
}

/* The structure of one GB18030 character at @p: its length, or 0 when the
 * bytes cannot start one (*@bad_len then says how many are wrong). A
 * character cut by the end of the buffer gives 0 with *@cut set. */
static inline guint
gb_char_len (const guint8 *p,
             gsize         len,
             gsize        *bad_len,
             gboolean     *cut)
{
  guint8 b = p[0];

  *cut = FALSE;
  *bad_len = 1;

  if (b < 0x80)
    return 1;
  if (b == 0x80 || b == 0xFF)
    return 0;

  if (len < 2)
    {
      *cut = TRUE;
      return 0;
    }

  if (p[1] >= 0x30 && p[1] <= 0x39)
    {
      if (len < 3 || (len < 4 && p[2] >= 0x81 && p[2] <= 0xFE))
        {
          *cut = TRUE;
          *bad_len = len;
          return 0;
        }
      if (p[2] < 0x81 || p[2] > 0xFE)
        {
          *bad_len = 2;
          return 0;
        }
      if (p[3] < 0x30 || p[3] > 0x39)
        {
          *bad_len = 3;
          return 0;
        }
      return 4;
    }

  if (p[1] >= 0x40 && p[1] <= 0xFE && p[1] != 0x7F)
    return 2;

  return 0;
}

static inline guint
gb_four_index (const guint8 *p)
{
  return (((guint) (p[0] - 0x81) * 10 + (p[1] - 0x30)) * 126 + (p[2] - 0x81)) * 10
         + (p[3] - 0x30);
}

static gsize
count_gb18030_errors (const guint8 *data,
                      gsize         len,
                      gboolean      at_eof)
{
  gsize errors = 0;
  gsize i = 0;

  while (i < len)
    {
      gsize bad_len;
      gboolean cut;
      guint n;

      if (data[i] < 0x80)
        {
          i++;
          continue;
        }

      n = gb_char_len (data + i, len - i, &bad_len, &cut);
      if (n == 4)
        {
          guint index = gb_four_index (data + i);

          if (index >= GB_FOUR_BMP && (index < GB_FOUR_SUPP || index - GB_FOUR_SUPP > 0xFFFFF))
            errors++;
        }
      else if (n == 0)
        {
          if (cut && !at_eof)
            break;
          errors++;
          n = bad_len;
        }

      i += n;
    }

  return errors;
}

static KcDecodeResult
gb18030_decode (const guint8 *in,
                gsize         len,
                char         *out,
                gsize        *out_len,
                gsize        *bad_offset,
                gsize        *bad_len)
{
  char *o = out;
  gsize i = 0;

  gb_tables_init ();

  while (i < len)
    {
      guint8 b = in[i];
      guint32 cp = 0;
      gboolean cut;
      guint n;

      if (b < 0x80)
        {
          if (G_UNLIKELY (b == 0))
            {
              *bad_offset = i;
              *bad_len = 1;
              *out_len = o - out;
              return KC_DECODE_NUL;
            }
          *o++ = (char) b;
          i++;
          while (i + 8 <= len && word_is_plain_ascii (load_word (in + i)))
            {
              memcpy (o, in + i, 8);
              o += 8;
              i += 8;
            }
          continue;
        }

      /* A run of two-byte characters that are three bytes in UTF-8: the
       * bulk of Chinese text. The fixed length keeps the output pointer
       * from waiting for each table lookup. */
      while (i + 1 < len)
        {
          const guint8 *entry = gb_pair_table[(guint) b << 8 | in[i + 1]];

          if (entry[3] != 3)
            break;
          memcpy (o, entry, 4);
          o += 3;
          i += 2;
          if (i == len)
            break;
          b = in[i];
        }
      if (i == len)
        break;
      if (b < 0x80)
        continue;

      n = gb_char_len (in + i, len - i, bad_len, &cut);
      if (n == 2)
        {
          guint code = (guint) b << 8 | in[i + 1];
          const guint8 *entry = gb_pair_table[code];

          if (entry[3] != 0)
            {
              memcpy (o, entry, 4);
              o += entry[3];
              i += 2;
              continue;
            }
          for (guint k = 0; k < gb_n_pair_supplementary; k++)
            if (gb_pair_supplementary[k].code == code)
              cp = gb_pair_supplementary[k].cp;
        }
      else if (n == 4)
        {
          guint index = gb_four_index (in + i);

          if (index < GB_FOUR_BMP)
            cp = gb_four_table[index];
          else if (index >= GB_FOUR_SUPP && index - GB_FOUR_SUPP <= 0xFFFFF)
            cp = 0x10000 + (index - GB_FOUR_SUPP);
        }

      if (cp == 0)
        {
          *bad_offset = i;
          if (n != 0)
            *bad_len = n;
          *out_len = o - out;
          return KC_DECODE_INVALID;
        }

      o = put_utf8 (o, cp);
      i += n;
    }

  *out_len = o - out;
  return KC_DECODE_OK;
}

/* ---- Public ----------------------------------------------------------- */

KcEncoding
kc_encoding_detect (const guint8 *data,
                    gsize         len,
                    gboolean      at_eof,
                    gsize        *bom_len)
{
  gsize utf8_errors;
  gsize n_multibyte;

  g_return_val_if_fail (data != NULL || len == 0, KC_ENCODING_UTF8);
  g_return_val_if_fail (bom_len != NULL, KC_ENCODING_UTF8);

  *bom_len = 0;

  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      *bom_len = 3;
      return KC_ENCODING_UTF8_BOM;
    }
  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      *bom_len = 2;
      return KC_ENCODING_UTF16LE;
    }
  if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      *bom_len = 2;
      return KC_ENCODING_UTF16BE;
    }

  utf8_errors = count_utf8_errors (data, len, at_eof, &n_multibyte);
  if (utf8_errors == 0)
    return KC_ENCODING_UTF8;

  /* GB18030 text almost never forms a valid UTF-8 character, while UTF-8
   * Chinese mostly reads as (nonsense) valid GB18030: so text with many
   * good UTF-8 characters and a few bad bytes is UTF-8 with errors, and
   * UTF-8 wins ties. */
  if (n_multibyte >= 4 * utf8_errors)
    return KC_ENCODING_UTF8;

  if (count_gb18030_errors (data, len, at_eof) < utf8_errors)
    return KC_ENCODING_GB18030;

  return KC_ENCODING_UTF8;
}

KcDecodeResult
kc_encoding_decode_cell (KcEncoding    encoding,
                         const guint8 *in,
                         gsize         len,
                         char         *out,
                         gsize        *out_len,
                         gsize        *bad_offset,
                         gsize        *bad_len)
{
  KcDecodeResult result;

  g_return_val_if_fail (kc_encoding_is_ascii_compatible (encoding), KC_DECODE_INVALID);

  if (encoding == KC_ENCODING_GB18030)
    return gb18030_decode (in, len, out, out_len, bad_offset, bad_len);

  result = kc_encoding_check_utf8 (in, len, bad_offset, bad_len);
  if (result == KC_DECODE_OK)
    {
      memcpy (out, in, len);
      *out_len = len;
    }

  return result;
}

gsize
kc_encoding_utf16_to_utf8 (gboolean      big_endian,
                           const guint8 *in,
                           gsize         len,
                           gboolean      at_eof,
                           char         *out,
                           gsize        *consumed)
{
  char *o = out;
  gsize i = 0;

  while (i + 1 < len)
    {
      guint32 unit = big_endian ? (guint32) in[i] << 8 | in[i + 1]
                                : (guint32) in[i + 1] << 8 | in[i];

      if (unit >= 0xD800 && unit <= 0xDBFF)
        {
          if (i + 3 < len)
            {
              guint32 low = big_endian ? (guint32) in[i + 2] << 8 | in[i + 3]
                                       : (guint32) in[i + 3] << 8 | in[i + 2];

              if (low >= 0xDC00 && low <= 0xDFFF)
                {
                  o = put_utf8 (o, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                  i += 4;
                  continue;
                }
            }
          else if (!at_eof)
            {
              break;
            }
        }

      /* A lone surrogate comes out as its own 3-byte form, on purpose. */
      o = put_utf8 (o, unit);
      i += 2;
    }

  *consumed = i;
  return o - out;
}

char *
kc_encoding_to_utf8_lossy (KcEncoding    encoding,
                           const guint8 *data,
                           gsize         len,
                           gsize        *out_len,
                           gsize        *n_invalid)
{
  g_autofree char *utf16 = NULL;
  GString *out;
  gsize invalid = 0;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (encoding == KC_ENCODING_UTF16LE || encoding == KC_ENCODING_UTF16BE)
    {
      gboolean big_endian = encoding == KC_ENCODING_UTF16BE;
      gsize start = 0;
      gsize consumed;
      gsize n;

      if (len >= 2 && data[0] == (big_endian ? 0xFE : 0xFF) && data[1] == (big_endian ? 0xFF : 0xFE))
        start = 2;

      utf16 = g_malloc (kc_encoding_max_utf8_len (encoding, len) + 1);
      n = kc_encoding_utf16_to_utf8 (big_endian, data + start, len - start, TRUE, utf16, &consumed);
      /* An odd last byte becomes an invalid one; lone surrogates already are. */
      if (start + consumed < len)
        utf16[n++] = (char) 0xFF;

      data = (const guint8 *) utf16;
      len = n;
      encoding = KC_ENCODING_UTF8;
    }
  else if (encoding == KC_ENCODING_UTF8_BOM && len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      i = 3;
    }

  out = g_string_sized_new (len + 1);
  while (i < len)
    {
      gsize before = out->len;
      gsize written = 0;
      gsize bad_offset = 0;
      gsize bad_len = 0;
      KcDecodeResult result;

      g_string_set_size (out, before + kc_encoding_max_utf8_len (encoding, len - i));
      if (encoding == KC_ENCODING_GB18030)
        {
          result = gb18030_decode (data + i, len - i, out->str + before, &written,
                                   &bad_offset, &bad_len);
        }
      else
        {
          result = kc_encoding_check_utf8 (data + i, len - i, &bad_offset, &bad_len);
          written = result == KC_DECODE_OK ? len - i : bad_offset;
          memcpy (out->str + before, data + i, written);
        }
      g_string_truncate (out, before + written);

      if (result == KC_DECODE_OK)
        break;

      g_string_append (out, "\xEF\xBF\xBD");
      invalid++;
      i += bad_offset + bad_len;
    }

  if (n_invalid != NULL)
    *n_invalid = invalid;
  if (out_len != NULL)
    *out_len = out->len;

  return g_string_free (out, FALSE);
}

char *
kc_encoding_describe_bytes (KcEncoding    encoding,
                            const guint8 *bytes,
                            gsize         len)
{
  GString *out = g_string_new (NULL);

  if ((encoding == KC_ENCODING_UTF16LE || encoding == KC_ENCODING_UTF16BE)
      && len == 3 && bytes[0] == 0xED && (bytes[1] & 0xE0) == 0xA0 && (bytes[2] & 0xC0) == 0x80)
    {
      guint unit = 0xD000 | (bytes[1] & 0x3F) << 6 | (bytes[2] & 0x3F);

      if (encoding == KC_ENCODING_UTF16LE)
        g_string_printf (out, "%02X %02X", unit & 0xFF, unit >> 8);
      else
        g_string_printf (out, "%02X %02X", unit >> 8, unit & 0xFF);

      return g_string_free (out, FALSE);
    }

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, i == 0 ? "%02X" : " %02X", bytes[i]);

  return g_string_free (out, FALSE);
}
