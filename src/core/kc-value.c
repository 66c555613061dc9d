/* kc-value.c
 * Reading numbers, with their units, from statistics table cells, and
 * writing them back in plain notation. */
#define G_LOG_DOMAIN "kc-value"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kc-unit.h"
#include "kc-value.h"

/* Longer cells are not numbers; the bound keeps the work on stack buffers. */
#define CELL_MAX    256
#define LITERAL_MAX 100

typedef enum
{
  VALUE_ERROR_NONE,
  VALUE_ERROR_TEXT,
  VALUE_ERROR_NO_NUMBER,
  VALUE_ERROR_BRACKETS,
  VALUE_ERROR_GROUPING,
  VALUE_ERROR_TOO_LONG,
  VALUE_ERROR_RANGE,
  VALUE_ERROR_TINY,
  VALUE_ERROR_UNIT,
  VALUE_ERROR_TOO_MANY_UNITS,
} ValueError;

/* Compared after folding and trimming, ASCII letters in any case. */
static const char *const missing_tokens[] = {
  "", "-", "--", "—", "——", "―", "–", "…", "……", "...",
  "NA", "N/A", "#N/A", "NULL",
};

static gboolean
is_space_char (gunichar c)
{
  /* Zero-width spaces and stray byte-order marks are invisible in a
   * spreadsheet, so they count as padding too. */
  return g_unichar_isspace (c) || c == 0x200B || c == 0xFEFF;
}

gssize
kc_value_fold_text (const char *text,
                    gssize      len,
                    char       *buffer,
                    gsize       size)
{
  const char *start;
  const char *stop;
  gsize n = 0;

  g_return_val_if_fail (buffer != NULL && size > 0, -1);

  buffer[0] = '\0';
  if (text == NULL)
    return 0;
  if (len < 0)
    len = strlen (text);

  /* Most cells are short printable ASCII without spaces: nothing to fold,
   * and the Unicode walk below would cost more than the rest of a parse. */
  if ((gsize) len < size)
    {
      gssize i;

      for (i = 0; i < len; i++)
        if ((guchar) text[i] <= 0x20 || (guchar) text[i] >= 0x7F)
          break;
      if (i == len)
        {
          memcpy (buffer, text, len);
          buffer[len] = '\0';
          return len;
        }
    }

  if (!g_utf8_validate_len (text, len, NULL))
    return -1;

  start = text;
  stop = text + len;
  while (start < stop && is_space_char (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (stop > start)
    {
      const char *prev = g_utf8_find_prev_char (start, stop);

      if (prev == NULL)
        prev = start;
      if (!is_space_char (g_utf8_get_char (prev)))
        break;
      stop = prev;
    }

  for (const char *p = start; p < stop; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize bytes = g_utf8_next_char (p) - p;
      char folded = '\0';

      if (c >= 0xFF01 && c <= 0xFF5E)
        folded = (char) (c - 0xFEE0);
      else if (c == 0x2212 || c == 0xFE63)
        folded = '-';
      else if (is_space_char (c))
        folded = ' ';

      if (folded != '\0')
        {
          if (n + 1 >= size)
            return -1;
          buffer[n++] = folded;
        }
      else
        {
          if (n + bytes >= size)
            return -1;
          memcpy (buffer + n, p, bytes);
          n += bytes;
        }
    }

  buffer[n] = '\0';
  return (gssize) n;
}

static gboolean
is_missing_token (const char *folded)
{
  for (guint i = 0; i < G_N_ELEMENTS (missing_tokens); i++)
    {
      if (g_ascii_strcasecmp (folded, missing_tokens[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Past the limit *n keeps counting, so that the caller sees the overflow
 * once, at the end. */
static void
append_char (char  *literal,
             gsize *n,
             char   c)
{
  if (*n < LITERAL_MAX)
    literal[*n] = c;
  (*n)++;
}

static KcValueStatus
parse_cell (const char  *text,
            gssize       len,
            double      *number,
            const char **unit,
            ValueError  *error)
{
  char cell[CELL_MAX];
  char literal[LITERAL_MAX + 1];
  gsize n = 0;
  const char *p;
  guint int_digits = 0;
  guint frac_digits = 0;
  guint group_len = 0;
  gboolean grouped = FALSE;
  const char *interned = NULL;
  gssize cell_len;
  double v;

  *error = VALUE_ERROR_NONE;

  cell_len = kc_value_fold_text (text, len, cell, sizeof cell);
  if (cell_len < 0)
    {
      *error = VALUE_ERROR_TEXT;
      return KC_VALUE_INVALID;
    }
  if (is_missing_token (cell))
    return KC_VALUE_MISSING;

  p = cell;
  if (*p == '(' && cell[cell_len - 1] == ')')
    {
      *error = VALUE_ERROR_BRACKETS;
      return KC_VALUE_INVALID;
    }

  if (*p == '+' || *p == '-')
    {
      if (*p == '-')
        append_char (literal, &n, '-');
      p++;
    }

  for (;;)
    {
      if (g_ascii_isdigit (*p))
        {
          append_char (literal, &n, *p);
          int_digits++;
          group_len++;
          p++;
        }
      else if (*p == ',' && int_digits > 0)
        {
          /* The first group has one to three digits, every later one
           * exactly three: "1,23,4" and "1,5" (a decimal comma) are not
           * thousands. */
          if (!g_ascii_isdigit (p[1])
              || (grouped ? group_len != 3 : group_len > 3))
            {
              *error = VALUE_ERROR_GROUPING;
              return KC_VALUE_INVALID;
            }
          grouped = TRUE;
          group_len = 0;
          p++;
        }
      else
        break;
    }
  if (grouped && group_len != 3)
    {
      *error = VALUE_ERROR_GROUPING;
      return KC_VALUE_INVALID;
    }

  if (*p == '.')
    {
      append_char (literal, &n, '.');
      p++;
      while (g_ascii_isdigit (*p))
        {
          append_char (literal, &n, *p);
          frac_digits++;
          p++;
        }
    }

  if (int_digits + frac_digits == 0)
    {
      *error = VALUE_ERROR_NO_NUMBER;
      return KC_VALUE_INVALID;
    }

  if (*p == 'e' || *p == 'E')
    {
      const char *q = p + 1;

      if (*q == '+' || *q == '-')
        q++;
      /* Without digits the 'e' starts the unit, which then fails below. */
      if (g_ascii_isdigit (*q))
        {
          for (const char *r = p; r < q; r++)
            append_char (literal, &n, *r == 'E' ? 'e' : *r);
          while (g_ascii_isdigit (*q))
            {
              append_char (literal, &n, *q);
              q++;
            }
          p = q;
        }
    }
  if (n > LITERAL_MAX)
    {
      *error = VALUE_ERROR_TOO_LONG;
      return KC_VALUE_INVALID;
    }
  literal[n] = '\0';

  while (*p == ' ')
    p++;
  /* A unit never starts with a digit: "5 10,000" is a typo, not 5 × 10⁴. */
  if (*p != '\0' && (g_ascii_isdigit (*p) || !kc_unit_is_valid (p)))
    {
      *error = VALUE_ERROR_UNIT;
      return KC_VALUE_INVALID;
    }

  v = g_ascii_strtod (literal, NULL);
  if (!isfinite (v))
    {
      *error = VALUE_ERROR_RANGE;
      return KC_VALUE_INVALID;
    }
  /* 1e-400 is not 0: reading it as 0 would lose the value without a word.
   * (The smallest doubles, down to 4.9e-324, are kept.) */
  if (v == 0)
    {
      const char *exponent = strchr (literal, 'e');
      const char *nonzero = strpbrk (literal, "123456789");

      if (exponent != NULL && nonzero != NULL && nonzero < exponent)
        {
          *error = VALUE_ERROR_TINY;
          return KC_VALUE_INVALID;
        }
    }

  /* Last, so that only units of good cells are interned. */
  if (*p != '\0')
    {
      interned = kc_unit_intern (p);
      if (interned == NULL)
        {
          *error = VALUE_ERROR_TOO_MANY_UNITS;
          return KC_VALUE_INVALID;
        }
    }
  /* "-0" is zero. */
  if (v == 0.0)
    v = 0.0;

  if (number != NULL)
    *number = v;
  if (unit != NULL)
    *unit = interned;
  return KC_VALUE_OK;
}

/* "-123.45": at most 15 digits, so the mantissa is exact in a double and
 * one division by an exact power of ten rounds correctly, as strtod does
 * (Clinger's fast path). Anything else takes the full parse. */
static gboolean
parse_plain_decimal (const char *text,
                     gssize      len,
                     double     *number)
{
  static const double powers_of_ten[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  };
  const char *p = text;
  const char *end;
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  guint digits = 0;
  guint frac_digits = 0;
  gboolean seen_point = FALSE;

  if (len < 0)
    len = strlen (text);
  end = text + len;

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }

  for (; p < end; p++)
    {
      if (*p >= '0' && *p <= '9')
        {
          if (++digits > 15)
            return FALSE;
          mantissa = mantissa * 10 + (guint64) (*p - '0');
          if (seen_point)
            frac_digits++;
        }
      else if (*p == '.' && !seen_point)
        seen_point = TRUE;
      else
        return FALSE;
    }

  if (digits == 0 || (seen_point && frac_digits == 0))
    return FALSE;

  if (number != NULL)
    {
      double v = (double) mantissa / powers_of_ten[frac_digits];

      /* "-0" is zero. */
      *number = negative && mantissa != 0 ? -v : v;
    }

  return TRUE;
}

KcValueStatus
kc_value_parse (const char  *text,
                gssize       len,
                double      *number,
                const char **unit)
{
  ValueError error;

  if (text != NULL && parse_plain_decimal (text, len, number))
    {
      if (unit != NULL)
        *unit = NULL;
      return KC_VALUE_OK;
    }

  return parse_cell (text, len, number, unit, &error);
}

const char *
kc_value_explain_invalid (const char *text,
                          gssize      len)
{
  ValueError error;

  if (parse_cell (text, len, NULL, NULL, &error) != KC_VALUE_INVALID)
    return NULL;

  switch (error)
    {
    case VALUE_ERROR_TEXT:
      if (text != NULL && !g_utf8_validate_len (text, len < 0 ? (gssize) strlen (text) : len, NULL))
        return _("The cell is not valid text.");
      return _("The cell is too long to be a number.");
    case VALUE_ERROR_BRACKETS:
      return _("Numbers in brackets are not read as negative; write a minus sign instead.");
    case VALUE_ERROR_GROUPING:
      return _("Thousands separators must split the digits into groups of three, as in 1,234.5.");
    case VALUE_ERROR_TOO_LONG:
      return _("The number has too many digits.");
    case VALUE_ERROR_RANGE:
      return _("The number is too large.");
    case VALUE_ERROR_TINY:
      return _("The number is too close to zero to be kept; write 0 if it is zero.");
    case VALUE_ERROR_UNIT:
      /* xgettext:no-c-format */
      return _("Unexpected text after the number; expected a unit such as %, 元 or 亿元.");
    case VALUE_ERROR_TOO_MANY_UNITS:
      return _("The data uses too many different units.");
    case VALUE_ERROR_NO_NUMBER:
    case VALUE_ERROR_NONE:
    default:
      /* xgettext:no-c-format */
      return _("Expected a number such as 1234.5, 1,234.5, 30% or 128.7亿元.");
    }
}

/* The fewest significant digits that read back as @r (nonzero, finite),
 * as a digit string without trailing zeros and the decimal exponent of the
 * first digit. */
static void
shortest_digits (double  r,
                 char   *digits,
                 int    *exponent)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *p;
  gsize n = 0;

  /* If any decimal of at most 15 digits reads back as @r, rounding @r to
   * 15 digits gives it (padded with zeros): a double's half-unit is finer
   * than the 15th digit. So only 15, 16 and 17 digits need trying. */
  for (int precision = 14; precision <= 16; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%de", precision);
      g_ascii_formatd (buf, sizeof buf, format, r);
      if (g_ascii_strtod (buf, NULL) == r)
        break;
    }

  p = buf;
  if (*p == '-')
    p++;
  for (; *p != 'e'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits[n++] = *p;
    }
  while (n > 1 && digits[n - 1] == '0')
    n--;
  digits[n] = '\0';
  *exponent = (int) g_ascii_strtoll (p + 1, NULL, 10);
}

char *
kc_value_format_plain (double v,
                       int    max_decimals)
{
  GString *out;
  char digits[24];
  int exponent;
  int n_digits;
  double r = v;

  if (isnan (v))
    return g_strdup ("");
  if (isinf (v))
    return g_strdup (v > 0 ? "inf" : "-inf");

  max_decimals = CLAMP (max_decimals, 0, 17);
  if (fabs (v) < 1e21)
    {
      char rounded[64];
      char format[8];

      g_snprintf (format, sizeof format, "%%.%df", max_decimals);
      g_ascii_formatd (rounded, sizeof rounded, format, v);
      r = g_ascii_strtod (rounded, NULL);
    }
  if (r == 0.0)
    return g_strdup ("0");

  shortest_digits (r, digits, &exponent);
  n_digits = (int) strlen (digits);
  out = g_string_new (r < 0 ? "-" : "");

  if (exponent >= 21)
    {
      g_string_append_c (out, digits[0]);
      if (n_digits > 1)
        g_string_append_printf (out, ".%s", digits + 1);
      g_string_append_printf (out, "e+%d", exponent);
    }
  else if (exponent >= 0)
    {
      for (int i = 0; i <= exponent; i++)
        g_string_append_c (out, i < n_digits ? digits[i] : '0');
      if (n_digits > exponent + 1)
        g_string_append_printf (out, ".%s", digits + exponent + 1);
    }
  else
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -exponent - 1; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }

  return g_string_free (out, FALSE);
}
