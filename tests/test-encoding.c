/* test-encoding.c
 * Encoding detection and the conversions to UTF-8. */
#include "config.h"

#include <string.h>

#include "kc-encoding.h"
#include "kc-test-utils.h"

/* Chinese statistics text, and the same converted by the system's iconv. */
static const char chinese_utf8[] =
  "指标,地区,时间,数值\n"
  "高新技术产业产值,北仑区,2017年1-2月,251.25\n"
  "新产品产值率,北仑区,2017年1-2月,30%\n"
  "专利授权量,北仑区,2016年,\"3,251\"\n";

static GBytes *
convert (const char *text,
         gssize      len,
         const char *to)
{
  g_autoptr(GError) error = NULL;
  gsize out_len = 0;
  char *out = g_convert (text, len, to, "UTF-8", NULL, &out_len, &error);

  g_assert_no_error (error);
  return g_bytes_new_take (out, out_len);
}

static void
test_names (void)
{
  g_assert_cmpstr (kc_encoding_to_string (KC_ENCODING_UTF8), ==, "UTF-8");
  g_assert_cmpstr (kc_encoding_to_string (KC_ENCODING_UTF8_BOM), ==, "UTF-8 with BOM");
  g_assert_cmpstr (kc_encoding_to_string (KC_ENCODING_UTF16LE), ==, "UTF-16LE");
  g_assert_cmpstr (kc_encoding_to_string (KC_ENCODING_UTF16BE), ==, "UTF-16BE");
  g_assert_cmpstr (kc_encoding_to_string (KC_ENCODING_GB18030), ==, "GB18030");
}

static KcEncoding
detect (const void *data,
        gsize       len,
        gboolean    at_eof,
        gsize      *bom_len)
{
  gsize ignored;

  return kc_encoding_detect (data, len, at_eof, bom_len != NULL ? bom_len : &ignored);
}

static void
test_detect_bom (void)
{
  gsize bom_len = 99;

  g_assert_cmpint (detect ("\xEF\xBB\xBF" "a,b\n", 7, TRUE, &bom_len), ==, KC_ENCODING_UTF8_BOM);
  g_assert_cmpuint (bom_len, ==, 3);
  g_assert_cmpint (detect ("\xFF\xFE" "a\0,\0", 6, TRUE, &bom_len), ==, KC_ENCODING_UTF16LE);
  g_assert_cmpuint (bom_len, ==, 2);
  g_assert_cmpint (detect ("\xFE\xFF" "\0a\0,", 6, TRUE, &bom_len), ==, KC_ENCODING_UTF16BE);
  g_assert_cmpuint (bom_len, ==, 2);
  g_assert_cmpint (detect ("a,b\n", 4, TRUE, &bom_len), ==, KC_ENCODING_UTF8);
  g_assert_cmpuint (bom_len, ==, 0);
  g_assert_cmpint (detect ("", 0, TRUE, &bom_len), ==, KC_ENCODING_UTF8);
}

static void
test_detect_chinese (void)
{
  g_autoptr(GBytes) gb = convert (chinese_utf8, -1, "GB18030");
  gsize gb_len;
  const guint8 *gb_data = g_bytes_get_data (gb, &gb_len);
  g_autofree char *fixture_path = kc_test_data_path ("csv", "gb18030.csv", NULL);
  g_autofree char *fixture = NULL;
  gsize fixture_len;

  g_assert_cmpint (detect (chinese_utf8, strlen (chinese_utf8), TRUE, NULL), ==, KC_ENCODING_UTF8);
  g_assert_cmpint (detect (gb_data, gb_len, TRUE, NULL), ==, KC_ENCODING_GB18030);

  g_assert_true (g_file_get_contents (fixture_path, &fixture, &fixture_len, NULL));
  g_assert_cmpint (detect (fixture, fixture_len, TRUE, NULL), ==, KC_ENCODING_GB18030);

  /* A sample cut anywhere, even inside a character, decides the same. */
  for (gsize cut = 16; cut < gb_len; cut++)
    g_assert_cmpint (detect (gb_data, cut, FALSE, NULL), ==, KC_ENCODING_GB18030);
  for (gsize cut = 16; cut < strlen (chinese_utf8); cut++)
    g_assert_cmpint (detect (chinese_utf8, cut, FALSE, NULL), ==, KC_ENCODING_UTF8);
}

static void
test_detect_mostly_utf8 (void)
{
  g_autoptr(GString) text = g_string_new (chinese_utf8);

  /* A Latin-1 byte in Chinese UTF-8 is an error in UTF-8, not a reason to
   * read the file as GB18030 (where UTF-8 Chinese is mostly valid). */
  g_string_append (text, "Caf\xE9,北仑区,2016年,1\n");
  g_assert_cmpint (detect (text->str, text->len, TRUE, NULL), ==, KC_ENCODING_UTF8);

  /* With no UTF-8 character to vouch for it, a byte pair that is valid
   * GB18030 makes the text GB18030. */
  g_assert_cmpint (detect ("id,name\n1,\xD6\xD0\n", 13, TRUE, NULL), ==, KC_ENCODING_GB18030);
}

static void
test_check_utf8 (void)
{
  static const struct
  {
    const char     *bytes;
    gsize           len;
    KcDecodeResult  result;
    gsize           bad_offset;
    gsize           bad_len;
  } cases[] = {
    { "plain ascii text, longer than a word", 36, KC_DECODE_OK, 0, 0 },
    { "北仑区", 9, KC_DECODE_OK, 0, 0 },
    { "\xF0\x9F\x98\x80", 4, KC_DECODE_OK, 0, 0 },
    { "ab\xC0\x80", 4, KC_DECODE_INVALID, 2, 1 },           /* overlong */
    { "ab\xED\xA0\x80", 5, KC_DECODE_INVALID, 2, 3 },       /* surrogate */
    { "\xF4\x90\x80\x80", 4, KC_DECODE_INVALID, 0, 4 },     /* past U+10FFFF */
    { "Caf\xE9 ", 5, KC_DECODE_INVALID, 3, 1 },
    { "中\xE6\x96", 5, KC_DECODE_INVALID, 3, 2 },           /* cut */
    { "\xBF", 1, KC_DECODE_INVALID, 0, 1 },
    { "12345678\0abc", 12, KC_DECODE_NUL, 8, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize bad_offset = 0, bad_len = 0;
      KcDecodeResult result = kc_encoding_check_utf8 ((const guint8 *) cases[i].bytes,
                                                      cases[i].len, &bad_offset, &bad_len);

      g_assert_cmpint (result, ==, cases[i].result);
      if (result != KC_DECODE_OK)
        {
          g_assert_cmpuint (bad_offset, ==, cases[i].bad_offset);
          g_assert_cmpuint (bad_len, ==, cases[i].bad_len);
        }
    }
}

/* The table-driven check agrees with GLib's on random bytes, biased to
 * produce near-miss sequences. */
static void
test_check_utf8_random (void)
{
  static const guint8 alphabet[] = {
    'a', ',', 0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
    0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20170314);

  for (guint round = 0; round < 20000; round++)
    {
      guint8 bytes[24];
      gsize len = g_rand_int_range (rand, 0, sizeof bytes + 1);
      gsize bad_offset = 0, bad_len = 0;
      const char *end = NULL;
      gboolean glib_ok;
      KcDecodeResult result;

      for (gsize i = 0; i < len; i++)
        bytes[i] = alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))];

      result = kc_encoding_check_utf8 (bytes, len, &bad_offset, &bad_len);
      glib_ok = g_utf8_validate_len ((const char *) bytes, len, &end);

      g_assert_cmpint (result == KC_DECODE_OK, ==, glib_ok);
      if (!glib_ok)
        g_assert_cmpuint (bad_offset, ==, (const guint8 *) end - bytes);
    }
}

static void
test_gb18030_matches_iconv (void)
{
  g_autoptr(GBytes) gb = convert (chinese_utf8, -1, "GB18030");
  gsize len;
  const guint8 *data = g_bytes_get_data (gb, &len);
  g_autofree char *out = g_malloc (kc_encoding_max_utf8_len (KC_ENCODING_GB18030, len));
  gsize out_len = 0, bad_offset, bad_len;
  guint compared = 0;

  g_assert_cmpint (kc_encoding_decode_cell (KC_ENCODING_GB18030, data, len, out, &out_len,
                                            &bad_offset, &bad_len), ==, KC_DECODE_OK);
  g_assert_cmpmem (out, out_len, chinese_utf8, strlen (chinese_utf8));

  /* Every two-byte code the system converts decodes the same here. */
  for (guint lead = 0x81; lead <= 0xFE; lead++)
    for (guint trail = 0x40; trail <= 0xFE; trail++)
      {
        guint8 code[2] = { lead, trail };
        g_autofree char *expected = NULL;
        gsize expected_len = 0;
        char decoded[8];
        gsize decoded_len = 0;
        KcDecodeResult result;

        if (trail == 0x7F)
          continue;

        expected = g_convert ((const char *) code, 2, "UTF-8", "GB18030", NULL, &expected_len, NULL);
        result = kc_encoding_decode_cell (KC_ENCODING_GB18030, code, 2, decoded, &decoded_len,
                                          &bad_offset, &bad_len);
        if (expected == NULL)
          {
            g_assert_cmpint (result, ==, KC_DECODE_INVALID);
            continue;
          }
        g_assert_cmpint (result, ==, KC_DECODE_OK);
        g_assert_cmpmem (decoded, decoded_len, expected, expected_len);
        compared++;
      }

  g_assert_cmpuint (compared, >, 20000);
}

static void
test_gb18030_four_bytes (void)
{
  /* U+2022 BULLET and U+00B7-adjacent symbols take four bytes in the BMP
   * part; U+20000 is in the supplementary part. */
  static const char *texts[] = { "•", "€", "ǹ", "𠀀", "😀", "中•𠀀文" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) gb = convert (texts[i], -1, "GB18030");
      gsize len;
      const guint8 *data = g_bytes_get_data (gb, &len);
      char out[64];
      gsize out_len = 0, bad_offset, bad_len;

      g_assert_cmpint (kc_encoding_decode_cell (KC_ENCODING_GB18030, data, len, out, &out_len,
                                                &bad_offset, &bad_len), ==, KC_DECODE_OK);
      g_assert_cmpmem (out, out_len, texts[i], strlen (texts[i]));
    }
}

static void
test_gb18030_errors (void)
{
  static const struct
  {
    const char     *bytes;
    gsize           len;
    KcDecodeResult  result;
    gsize           bad_offset;
    gsize           bad_len;
  } cases[] = {
    { "ab\xFF" "cd", 5, KC_DECODE_INVALID, 2, 1 },
    { "ab\x80", 3, KC_DECODE_INVALID, 2, 1 },
    { "\xD6\xD0\x81\x20", 4, KC_DECODE_INVALID, 2, 1 },   /* bad second byte */
    { "\xD6\xD0\xCE", 3, KC_DECODE_INVALID, 2, 1 },        /* cut */
    { "\x81\x30\x20\x30", 4, KC_DECODE_INVALID, 0, 2 },    /* bad third byte */
    { "\x84\x31\xA5\x30", 4, KC_DECODE_INVALID, 0, 4 },    /* unassigned range */
    { "\xFE\x39\xFE\x39", 4, KC_DECODE_INVALID, 0, 4 },    /* past U+10FFFF */
    { "\xD6\xD0\0", 3, KC_DECODE_NUL, 2, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char out[32];
      gsize out_len = 0, bad_offset = 0, bad_len = 0;
      KcDecodeResult result = kc_encoding_decode_cell (KC_ENCODING_GB18030,
                                                       (const guint8 *) cases[i].bytes,
                                                       cases[i].len, out, &out_len,
                                                       &bad_offset, &bad_len);

      g_assert_cmpint (result, ==, cases[i].result);
      g_assert_cmpuint (bad_offset, ==, cases[i].bad_offset);
      g_assert_cmpuint (bad_len, ==, cases[i].bad_len);
    }
}

static void
test_utf16 (void)
{
  static const char text[] = "indicator\tvalue\r\n北仑区\t😀\r\n";
  g_autoptr(GBytes) le = convert (text, -1, "UTF-16LE");
  g_autoptr(GBytes) be = convert (text, -1, "UTF-16BE");
  GBytes *both[] = { le, be };

  for (guint e = 0; e < 2; e++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (both[e], &len);

      /* Fed in two pieces cut at every point, the output is the same. */
      for (gsize cut = 0; cut <= len; cut++)
        {
          g_autofree char *out = g_malloc (len / 2 * 3 + 8);
          guint8 rest[64];
          gsize consumed, n, n2, rest_len;

          n = kc_encoding_utf16_to_utf8 (e == 1, data, cut, FALSE, out, &consumed);
          g_assert_cmpuint (consumed, <=, cut);
          rest_len = cut - consumed + (len - cut);
          g_assert_cmpuint (rest_len, <=, sizeof rest);
          memcpy (rest, data + consumed, rest_len);
          n2 = kc_encoding_utf16_to_utf8 (e == 1, rest, rest_len, TRUE, out + n, &consumed);
          g_assert_cmpuint (consumed, ==, rest_len);
          g_assert_cmpmem (out, n + n2, text, strlen (text));
        }
    }
}

static void
test_utf16_lone_surrogate (void)
{
  /* "a", a lone high surrogate, "b"; then a lone low surrogate. */
  static const guint8 le[] = { 'a', 0, 0x00, 0xD8, 'b', 0, 0x00, 0xDC };
  char out[32];
  gsize consumed, n, bad_offset = 0, bad_len = 0;
  g_autofree char *hex = NULL;

  n = kc_encoding_utf16_to_utf8 (FALSE, le, sizeof le, TRUE, out, &consumed);
  g_assert_cmpuint (consumed, ==, sizeof le);
  g_assert_cmpmem (out, n, "a\xED\xA0\x80" "b\xED\xB0\x80", 8);

  /* UTF-8 checking rejects it, and the bytes are shown as in the file. */
  g_assert_cmpint (kc_encoding_check_utf8 ((const guint8 *) out, n, &bad_offset, &bad_len),
                   ==, KC_DECODE_INVALID);
  g_assert_cmpuint (bad_offset, ==, 1);
  g_assert_cmpuint (bad_len, ==, 3);
  hex = kc_encoding_describe_bytes (KC_ENCODING_UTF16LE, (const guint8 *) out + bad_offset, bad_len);
  g_assert_cmpstr (hex, ==, "00 D8");
  g_clear_pointer (&hex, g_free);
  hex = kc_encoding_describe_bytes (KC_ENCODING_UTF16BE, (const guint8 *) out + bad_offset, bad_len);
  g_assert_cmpstr (hex, ==, "D8 00");

  /* Unless at the end, a high surrogate waits for its partner. */
  n = kc_encoding_utf16_to_utf8 (FALSE, le, 4, FALSE, out, &consumed);
  g_assert_cmpuint (consumed, ==, 2);
  g_assert_cmpmem (out, n, "a", 1);
}

static void
test_lossy (void)
{
  static const guint8 gb[] = { 0xD6, 0xD0, 0xFF, 'a', 0xCE, 0xC4, 0x81 };
  static const guint8 utf16[] = { 0xFF, 0xFE, 0x2D, 0x4E, 0x00, 0xD8, 'x', 0, 'y' };
  g_autofree char *text = NULL;
  gsize len = 0, invalid = 0;

  text = kc_encoding_to_utf8_lossy (KC_ENCODING_GB18030, gb, sizeof gb, &len, &invalid);
  g_assert_cmpstr (text, ==, "中\xEF\xBF\xBD" "a文\xEF\xBF\xBD");
  g_assert_cmpuint (len, ==, strlen (text));
  g_assert_cmpuint (invalid, ==, 2);
  g_clear_pointer (&text, g_free);

  text = kc_encoding_to_utf8_lossy (KC_ENCODING_UTF16LE, utf16, sizeof utf16, &len, &invalid);
  g_assert_cmpstr (text, ==, "中\xEF\xBF\xBD" "x\xEF\xBF\xBD");
  g_assert_cmpuint (invalid, ==, 2);
  g_clear_pointer (&text, g_free);

  text = kc_encoding_to_utf8_lossy (KC_ENCODING_UTF8_BOM, (const guint8 *) "\xEF\xBB\xBFok\xC3", 6,
                                    &len, &invalid);
  g_assert_cmpstr (text, ==, "ok\xEF\xBF\xBD");
  g_assert_cmpuint (invalid, ==, 1);
}

static void
test_describe_bytes (void)
{
  g_autofree char *hex = kc_encoding_describe_bytes (KC_ENCODING_UTF8,
                                                     (const guint8 *) "\xC3\x28\x0A", 3);

  g_assert_cmpstr (hex, ==, "C3 28 0A");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/encoding/names", test_names);
  g_test_add_func ("/encoding/detect/bom", test_detect_bom);
  g_test_add_func ("/encoding/detect/chinese", test_detect_chinese);
  g_test_add_func ("/encoding/detect/mostly-utf8", test_detect_mostly_utf8);
  g_test_add_func ("/encoding/utf8/check", test_check_utf8);
  g_test_add_func ("/encoding/utf8/random", test_check_utf8_random);
  g_test_add_func ("/encoding/gb18030/iconv", test_gb18030_matches_iconv);
  g_test_add_func ("/encoding/gb18030/four-bytes", test_gb18030_four_bytes);
  g_test_add_func ("/encoding/gb18030/errors", test_gb18030_errors);
  g_test_add_func ("/encoding/utf16/stream", test_utf16);
  g_test_add_func ("/encoding/utf16/lone-surrogate", test_utf16_lone_surrogate);
  g_test_add_func ("/encoding/lossy", test_lossy);
  g_test_add_func ("/encoding/describe-bytes", test_describe_bytes);

  return g_test_run ();
}
