/* kc-file-name.c
 * File names made from titles and ids, safe on every file system. */
#define G_LOG_DOMAIN "kc-file-name"

#include "config.h"

#include <string.h>

#include "kc-file-name.h"

static gboolean
is_forbidden (gunichar c)
{
  return c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"'
         || c == '<' || c == '>' || c == '|';
}

/* Characters that draw nothing or reorder text (U+202E would show
 * "gnp.exe" as "exe.png"), and control characters. */
static gboolean
is_invisible (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT
         || type == G_UNICODE_UNASSIGNED || type == G_UNICODE_SURROGATE
         || type == G_UNICODE_PRIVATE_USE || type == G_UNICODE_LINE_SEPARATOR
         || type == G_UNICODE_PARAGRAPH_SEPARATOR;
}

static gboolean
is_blank (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

/* Removes leading and trailing blanks, dots and dashes in place. */
static void
trim_ends (GString *s)
{
  gsize start = 0;

  while (s->len > 0 && (s->str[s->len - 1] == ' ' || s->str[s->len - 1] == '.'
                        || s->str[s->len - 1] == '-'))
    g_string_truncate (s, s->len - 1);
  while (start < s->len && (s->str[start] == ' ' || s->str[start] == '.' || s->str[start] == '-'))
    start++;
  g_string_erase (s, 0, start);
}

static gboolean
is_reserved_device (const char *name)
{
  static const char * const devices[] = { "CON", "PRN", "AUX", "NUL" };
  gsize stem = strcspn (name, ".");

  /* Windows ignores trailing blanks of the stem too ("NUL .txt"). */
  while (stem > 0 && name[stem - 1] == ' ')
    stem--;

  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    if (stem == 3 && g_ascii_strncasecmp (name, devices[i], 3) == 0)
      return TRUE;

  return stem == 4
         && (g_ascii_strncasecmp (name, "COM", 3) == 0 || g_ascii_strncasecmp (name, "LPT", 3) == 0)
         && name[3] >= '1' && name[3] <= '9';
}

/* The cleaned stem of @text, without length limit. */
static GString *
clean_stem (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *nfc = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  GString *out = g_string_new (NULL);
  gboolean pending_blank = FALSE;

  for (const char *p = nfc; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_blank (c) || c == '\n' || c == '\r' || c == '\t')
        {
          pending_blank = TRUE;
          continue;
        }
      if (is_invisible (c))
        continue;

      if (pending_blank && out->len > 0)
        g_string_append_c (out, ' ');
      pending_blank = FALSE;

      if (is_forbidden (c))
        {
          /* "A/B" reads as "A-B"; avoid "A--B" for "A: B"-like runs. */
          if (out->len == 0 || out->str[out->len - 1] != '-')
            g_string_append_c (out, '-');
        }
      else
        g_string_append_unichar (out, c);
    }

  trim_ends (out);

  return out;
}

/* Cuts @s to at most @max bytes at a character boundary. */
static void
truncate_utf8 (GString *s,
               gsize    max)
{
  const char *p = s->str;

  if (s->len <= max)
    return;

  while (*p != '\0' && (gsize) (g_utf8_next_char (p) - s->str) <= max)
    p = g_utf8_next_char (p);
  g_string_truncate (s, p - s->str);
}

char *
kc_file_name_suggest (const char *title,
                      const char *fallback,
                      const char *extension)
{
  g_autoptr(GString) stem = clean_stem (title);
  g_autoptr(GString) ext = g_string_new (NULL);
  gsize max_stem;

  if (extension != NULL && *extension != '\0')
    {
      g_autoptr(GString) clean_ext = clean_stem (extension);

      if (clean_ext->len > 0)
        g_string_append_printf (ext, ".%s", clean_ext->str);
    }

  if (stem->len == 0)
    {
      g_string_free (stem, TRUE);
      stem = clean_stem (fallback);
      if (stem->len == 0)
        g_string_assign (stem, "chart");
    }

  max_stem = KC_FILE_NAME_MAX_BYTES - MIN (ext->len, KC_FILE_NAME_MAX_BYTES / 2);
  if (stem->len > max_stem)
    {
      truncate_utf8 (stem, max_stem);
      trim_ends (stem);
      if (stem->len == 0)
        g_string_assign (stem, "chart");
    }

  g_string_append (stem, ext->str);
  truncate_utf8 (stem, KC_FILE_NAME_MAX_BYTES);

  if (is_reserved_device (stem->str))
    {
      gsize stem_len = strcspn (stem->str, ".");

      g_string_insert_c (stem, stem_len, '_');
    }

  return g_string_free (g_steal_pointer (&stem), FALSE);
}

char *
kc_file_name_for_id (const char *id,
                     const char *extension)
{
  g_autofree char *valid = g_utf8_make_valid (id != NULL ? id : "", -1);
  GString *name = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || c == '-' || c == '_' || (c == '.' && name->len > 0))
        g_string_append_unichar (name, c);
      else
        g_string_append_c (name, '-');
    }

  if (name->len == 0)
    g_string_append (name, "chart");
  if (is_reserved_device (name->str))
    g_string_append_c (name, '_');
  if (extension != NULL && *extension != '\0')
    g_string_append_printf (name, ".%s", extension);

  return g_string_free (name, FALSE);
}
