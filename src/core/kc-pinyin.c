/* kc-pinyin.c
 * Text folding and toneless pinyin keys for searching Chinese names. */
#define G_LOG_DOMAIN "kc-pinyin"

#include "config.h"

#include "kc-pinyin.h"
#include "kc-pinyin-table.h"

const char *
kc_pinyin_for_char (gunichar c)
{
  guint16 index = 0;

  if (c >= KC_PINYIN_URO_FIRST && c <= KC_PINYIN_URO_LAST)
    index = kc_pinyin_uro[c - KC_PINYIN_URO_FIRST];
  else if (c >= KC_PINYIN_EXT_A_FIRST && c <= KC_PINYIN_EXT_A_LAST)
    index = kc_pinyin_ext_a[c - KC_PINYIN_EXT_A_FIRST];

  return index != 0 ? kc_pinyin_syllables[index] : NULL;
}

static void
fold_valid (const char *text,
            gsize       len,
            GString    *out)
{
  const char *end = text + len;
  const char *p = text;

  while (p < end)
    {
      guchar b = (guchar) *p;
      const char *start;
      gunichar c;
      gunichar lower;

      /* ASCII is most of the Latin text: no decoding needed. */
      if (b < 0x80)
        {
          p++;
          if (b > 0x20 && b != 0x7f)
            g_string_append_c (out, g_ascii_tolower (b));
          continue;
        }

      start = p;
      c = g_utf8_get_char (p);
      p = g_utf8_next_char (p);

      /* Full-width forms of the printable ASCII characters. */
      if (c >= 0xff01 && c <= 0xff5e)
        {
          g_string_append_c (out, g_ascii_tolower ((char) (c - 0xfee0)));
          continue;
        }
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0x200b || c == 0xfeff)
        continue;

      lower = g_unichar_tolower (c);
      /* Most characters, Chinese ones all, stay as they are. */
      if (lower == c)
        g_string_append_len (out, start, p - start);
      else
        g_string_append_unichar (out, lower);
    }
}

void
kc_pinyin_fold (const char *text,
                gssize      len,
                GString    *out)
{
  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;
  if (len < 0)
    len = strlen (text);

  if (g_utf8_validate_len (text, len, NULL))
    {
      fold_valid (text, len, out);
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, len);

      fold_valid (valid, strlen (valid), out);
    }
}

guint
kc_pinyin_append_units (const char *folded,
                        gssize      len,
                        GString    *full,
                        GString    *initials,
                        GString    *lengths)
{
  const char *p;
  const char *end;
  guint n_units = 0;

  if (folded == NULL)
    return 0;
  if (len < 0)
    len = strlen (folded);

  end = folded + len;
  for (p = folded; p < end; p = g_utf8_next_char (p))
    {
      guchar b = (guchar) *p;
      const char *syllable;
      gsize syllable_len;

      if (b < 0x80)
        {
          if (!g_ascii_isalnum (b))
            continue;
          b = g_ascii_tolower (b);
          if (full != NULL)
            g_string_append_c (full, b);
          if (initials != NULL)
            g_string_append_c (initials, b);
          if (lengths != NULL)
            g_string_append_c (lengths, 1);
          n_units++;
          continue;
        }

      syllable = kc_pinyin_for_char (g_utf8_get_char (p));
      if (syllable == NULL)
        continue;

      syllable_len = strlen (syllable);
      if (full != NULL)
        g_string_append_len (full, syllable, syllable_len);
      if (initials != NULL)
        g_string_append_c (initials, syllable[0]);
      if (lengths != NULL)
        g_string_append_c (lengths, (char) syllable_len);
      n_units++;
    }

  return n_units;
}

char *
kc_pinyin_full (const char *text)
{
  g_autoptr(GString) folded = g_string_new (NULL);
  GString *full = g_string_new (NULL);

  kc_pinyin_fold (text, -1, folded);
  kc_pinyin_append_units (folded->str, folded->len, full, NULL, NULL);

  return g_string_free (full, FALSE);
}

char *
kc_pinyin_initials (const char *text)
{
  g_autoptr(GString) folded = g_string_new (NULL);
  GString *initials = g_string_new (NULL);

  kc_pinyin_fold (text, -1, folded);
  kc_pinyin_append_units (folded->str, folded->len, NULL, initials, NULL);

  return g_string_free (initials, FALSE);
}
