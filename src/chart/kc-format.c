/* kc-format.c
 * Number, unit and change formatting for charts, in Chinese or English. */
#define G_LOG_DOMAIN "kc-format"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kc-format.h"

#define MINUS_SIGN "\xe2\x88\x92" /* U+2212: the typographic minus */

KcChartLanguage
kc_chart_language_resolve (KcChartLanguage language)
{
  const char * const *names;

  if (language != KC_CHART_LANGUAGE_AUTO)
    return language;

  /* The first name is the user's most preferred language; "C" means none. */
  names = g_get_language_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
        continue;
      if (g_str_has_prefix (names[i], "zh"))
        return KC_CHART_LANGUAGE_CHINESE;
      return KC_CHART_LANGUAGE_ENGLISH;
    }

  return KC_CHART_LANGUAGE_ENGLISH;
}

static gint digit_grouping = KC_DIGIT_GROUPING_LANGUAGE;

void
kc_format_set_digit_grouping (KcDigitGrouping grouping)
{
  g_return_if_fail (grouping <= KC_DIGIT_GROUPING_NEVER);

  g_atomic_int_set (&digit_grouping, grouping);
}

KcDigitGrouping
kc_format_get_digit_grouping (void)
{
  return g_atomic_int_get (&digit_grouping);
}

gboolean
kc_format_groups_digits (KcChartLanguage language)
{
  switch (kc_format_get_digit_grouping ())
    {
    case KC_DIGIT_GROUPING_ALWAYS:
      return TRUE;
    case KC_DIGIT_GROUPING_NEVER:
      return FALSE;
    case KC_DIGIT_GROUPING_LANGUAGE:
    default:
      return kc_chart_language_resolve (language) == KC_CHART_LANGUAGE_ENGLISH;
    }
}

typedef struct
{
  const char *prefix;
  double      factor;
} Magnitude;

/* Longest first, so that 百万 wins over 百 and 万亿 over 万. */
static const Magnitude unit_magnitudes[] = {
  { "万亿", 1e12 },
  { "百万", 1e6 },
  { "千万", 1e7 },
  { "十亿", 1e9 },
  { "亿", 1e8 },
  { "万", 1e4 },
  { "千", 1e3 },
};

void
kc_unit_split (const char  *unit,
               KcUnitParts *parts)
{
  parts->factor = 1.0;
  parts->base = unit != NULL ? unit : "";
  parts->is_percent = FALSE;

  if (unit == NULL || *unit == '\0')
    return;

  if (g_str_equal (unit, "%") || g_str_equal (unit, "\xef\xbc\x85") /* ％ */)
    {
      parts->is_percent = TRUE;
      parts->base = "%";
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (unit_magnitudes); i++)
    {
      gsize len = strlen (unit_magnitudes[i].prefix);

      /* "千瓦时" is a unit of its own, not a thousand 瓦时. */
      if (g_str_has_prefix (unit, unit_magnitudes[i].prefix) && unit[len] != '\0'
          && !g_str_has_prefix (unit, "千瓦") && !g_str_has_prefix (unit, "千克")
          && !g_str_has_prefix (unit, "千米"))
        {
          parts->factor = unit_magnitudes[i].factor;
          parts->base = unit + len;
          return;
        }
    }

  /* A bare magnitude ("万", "亿") counts things in that magnitude. */
  for (guint i = 0; i < G_N_ELEMENTS (unit_magnitudes); i++)
    if (g_str_equal (unit, unit_magnitudes[i].prefix))
      {
        parts->factor = unit_magnitudes[i].factor;
        parts->base = "";
        return;
      }
}

typedef struct
{
  const char *zh;
  const char *en;
} UnitName;

/* English names of common Chinese base units. Measure words for counted
 * things (件, 家, 个…) have no English equivalent: the noun is in the
 * chart's title, so they disappear. */
static const UnitName unit_names[] = {
  { "元", "yuan" },
  { "人民币", "yuan" },
  { "美元", "US dollars" },
  { "人", "people" },
  { "人次", "visits" },
  { "吨", "tonnes" },
  { "千瓦时", "kWh" },
  { "千克", "kg" },
  { "平方米", "m²" },
  { "亩", "mu" },
  { "件", "" },
  { "项", "" },
  { "个", "" },
  { "家", "" },
  { "座", "" },
  { "台", "" },
  { "所", "" },
  { "名", "" },
  { "只", "" },
  { "次", "" },
  { "例", "" },
  { "篇", "" },
  { "户", "" },
};

const char *
kc_unit_base_for_language (const char     *unit,
                           KcChartLanguage language)
{
  KcUnitParts parts;

  kc_unit_split (unit, &parts);
  if (kc_chart_language_resolve (language) == KC_CHART_LANGUAGE_CHINESE)
    return parts.base;

  for (guint i = 0; i < G_N_ELEMENTS (unit_names); i++)
    if (g_str_equal (parts.base, unit_names[i].zh))
      return unit_names[i].en;

  return parts.base;
}

/* From here on, digits would run past any magnitude word (a thousand
 * trillion, 1000万亿): a value this large is written as 1.23×10¹⁵. */
#define SCIENTIFIC_FROM 1e15

/* The decimals of the shortest decimal that reads back as @a (≥ 0), and
 * its last digit in @last: 25.125 has 3, ending in 5; 0.1 has 1. */
static int
shortest_decimals (double  a,
                   char   *last)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *e;
  int mantissa_decimals, exponent, precision;

  for (precision = 0; precision <= 17; precision++)
    {
      g_snprintf (buffer, sizeof buffer, "%.*e", precision, a);
      if (g_ascii_strtod (buffer, NULL) == a)
        break;
    }
  /* d.ddde±xx: @precision digits after the point, then the exponent. */
  e = strchr (buffer, 'e');
  if (e == NULL)
    {
      *last = '0';
      return 0;
    }
  mantissa_decimals = precision;
  exponent = atoi (e + 1);
  *last = e[-1];
  if (a == 0)
    *last = '0';
  return MAX (0, mantissa_decimals - exponent);
}

static const char *const superscript_digits[] = {
  "\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
  "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9",
};

/* 1.23×10¹⁵: three significant digits and a power of ten. */
static char *
format_scientific (double value)
{
  int exponent = (int) floor (log10 (fabs (value)));
  double mantissa = fabs (value) / pow (10, exponent);
  g_autofree char *digits = NULL;
  g_autofree char *power = g_strdup_printf ("%d", exponent);
  GString *out = g_string_new (value < 0 ? MINUS_SIGN : "");

  /* 9.999×10¹⁵ rounds to 10.00: one more power of ten. */
  if (round (mantissa * 100) >= 1000)
    {
      exponent++;
      mantissa /= 10;
      g_free (power);
      power = g_strdup_printf ("%d", exponent);
    }
  digits = g_strdup_printf ("%.2f", mantissa);
  /* 1.50 → 1.5, 2.00 → 2 */
  for (char *end = digits + strlen (digits) - 1; *end == '0' || *end == '.'; end--)
    {
      gboolean dot = *end == '.';

      *end = '\0';
      if (dot)
        break;
    }
  g_string_append (out, digits);
  g_string_append (out, "\xc3\x97" "10"); /* × */
  for (const char *p = power; *p != '\0'; p++)
    g_string_append (out, *p == '-' ? "\xe2\x81\xbb" : superscript_digits[*p - '0']);
  return g_string_free (out, FALSE);
}

char *
kc_format_decimal (double   value,
                   int      max_decimals,
                   gboolean group_thousands)
{
  g_autofree char *digits = NULL;
  GString *out;
  char *dot;
  const char *p;
  gsize int_len;
  double a = fabs (value);
  char last;

  if (!isfinite (value))
    return g_strdup ("\xe2\x80\x93"); /* en dash */
  if (a >= SCIENTIFIC_FROM)
    return format_scientific (value);

  max_decimals = CLAMP (max_decimals, 0, 9);
  /* Half a unit of the last decimal rounds up, as people round: the
   * binary 25.125 is a tie that printf rounds to even, 25.12. */
  if (shortest_decimals (a, &last) == max_decimals + 1 && last == '5')
    a = nextafter (a, INFINITY);
  digits = g_strdup_printf ("%.*f", max_decimals, a);

  dot = strchr (digits, '.');
  if (dot != NULL)
    {
      char *end = digits + strlen (digits) - 1;

      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }

  out = g_string_new (NULL);
  /* No "−0" after rounding. */
  if (value < 0 && strspn (digits, "0.") != strlen (digits))
    g_string_append (out, MINUS_SIGN);

  dot = strchr (digits, '.');
  int_len = dot != NULL ? (gsize) (dot - digits) : strlen (digits);
  for (p = digits; *p != '\0'; p++)
    {
      gsize pos = p - digits;

      if (group_thousands && pos > 0 && pos < int_len && (int_len - pos) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* Decimals that show a value to about three significant digits, at most
 * two decimals for values of 1 or more. */
static int
auto_decimals (double value)
{
  double a = fabs (value);

  if (a == 0 || a >= 100)
    return a >= 1000 ? 0 : 2;
  if (a >= 1)
    return 2;
  return CLAMP ((int) ceil (-log10 (a)) + 2, 2, 6);
}

typedef struct
{
  double      divisor;
  const char *zh;
  const char *en;
} MagnitudeWord;

static const MagnitudeWord magnitude_words[] = {
  { 1e12, "万亿", "trillion" },
  { 1e9, NULL, "billion" },
  { 1e8, "亿", NULL },
  { 1e6, NULL, "million" },
  { 1e4, "万", NULL },
};

static const MagnitudeWord *
pick_magnitude (double          a,
                KcChartLanguage language,
                double          zh_min_wan,
                double          en_min_million)
{
  for (guint i = 0; i < G_N_ELEMENTS (magnitude_words); i++)
    {
      const MagnitudeWord *m = &magnitude_words[i];

      if (language == KC_CHART_LANGUAGE_CHINESE && m->zh == NULL)
        continue;
      if (language != KC_CHART_LANGUAGE_CHINESE && m->en == NULL)
        continue;
      if (m->divisor == 1e4 && a < zh_min_wan)
        continue;
      if (m->divisor == 1e6 && a < en_min_million)
        continue;
      if (a >= m->divisor)
        return m;
    }

  return NULL;
}

/* Splits @value into digits and a magnitude word (NULL when none). */
static char *
format_magnitude (double           value,
                  KcChartLanguage  language,
                  const char     **word)
{
  const MagnitudeWord *m;
  double a = fabs (value);
  double scaled;
  int decimals;

  *word = NULL;
  if (!isfinite (value) || a >= SCIENTIFIC_FROM)
    return kc_format_decimal (value, 0, FALSE);

  m = pick_magnitude (a, language, 1e4, 1e6);
  if (m == NULL)
    return kc_format_decimal (value, auto_decimals (value), kc_format_groups_digits (language));

  scaled = value / m->divisor;
  /* 9999.999万 rounds to "10000万": move to the next magnitude. */
  if (fabs (round (scaled * 100) / 100) >= (language == KC_CHART_LANGUAGE_CHINESE ? 1e4 : 1e3)
      && m != &magnitude_words[0])
    {
      const MagnitudeWord *bigger = pick_magnitude (m->divisor * 1e4, language, 1e4, 1e6);

      if (bigger != NULL && bigger->divisor > m->divisor)
        {
          m = bigger;
          scaled = value / m->divisor;
        }
    }

  *word = language == KC_CHART_LANGUAGE_CHINESE ? m->zh : m->en;
  /* Two decimals, or three when that is the whole value: 251.25亿 is
   * 25.125 billion, and the data's own digits are not rounded away in
   * the change of magnitude. */
  {
    char last;

    decimals = shortest_decimals (fabs (scaled), &last) == 3 ? 3 : 2;
  }
  return kc_format_decimal (scaled, decimals, kc_format_groups_digits (language));
}

char *
kc_format_number (double          value,
                  KcChartLanguage language)
{
  const char *word;
  g_autofree char *digits = NULL;

  language = kc_chart_language_resolve (language);
  digits = format_magnitude (value, language, &word);
  if (word == NULL)
    return g_steal_pointer (&digits);
  if (language == KC_CHART_LANGUAGE_CHINESE)
    return g_strconcat (digits, word, NULL);
  return g_strconcat (digits, " ", word, NULL);
}

static char *
ordinal_en (long n)
{
  const char *suffix = "th";
  long t = labs (n) % 100;

  if (t < 11 || t > 13)
    {
      switch (labs (n) % 10)
        {
        case 1: suffix = "st"; break;
        case 2: suffix = "nd"; break;
        case 3: suffix = "rd"; break;
        default: break;
        }
    }

  return g_strdup_printf ("%ld%s", n, suffix);
}

void
kc_format_value_split (double           value,
                       KcValueKind      kind,
                       const char      *unit,
                       KcChartLanguage  language,
                       char           **number,
                       char           **suffix)
{
  KcUnitParts parts;
  const char *word;
  const char *base;
  g_autofree char *digits = NULL;

  language = kc_chart_language_resolve (language);
  kc_unit_split (unit, &parts);

  if (!isfinite (value))
    {
      *number = g_strdup (language == KC_CHART_LANGUAGE_CHINESE ? "无数据" : "no data");
      *suffix = g_strdup ("");
      return;
    }

  if (kind == KC_VALUE_RANK)
    {
      long n = lround (value);

      *number = language == KC_CHART_LANGUAGE_CHINESE ? g_strdup_printf ("第%ld位", n) : ordinal_en (n);
      *suffix = g_strdup ("");
      return;
    }

  if (kind == KC_VALUE_RATIO || parts.is_percent)
    {
      *number = kc_format_decimal (value, fabs (value) < 1 && value != 0 ? 2 : 1, FALSE);
      *suffix = g_strdup ("%");
      return;
    }

  digits = format_magnitude (value * parts.factor, language, &word);
  base = kc_unit_base_for_language (unit, language);
  *number = g_steal_pointer (&digits);
  if (word == NULL)
    *suffix = g_strdup (base);
  else if (language == KC_CHART_LANGUAGE_CHINESE || *base == '\0')
    *suffix = g_strconcat (word, base, NULL);
  else
    *suffix = g_strconcat (word, " ", base, NULL);
}

char *
kc_format_value (double          value,
                 KcValueKind     kind,
                 const char     *unit,
                 KcChartLanguage language)
{
  g_autofree char *number = NULL;
  g_autofree char *suffix = NULL;

  language = kc_chart_language_resolve (language);
  kc_format_value_split (value, kind, unit, language, &number, &suffix);
  if (*suffix == '\0')
    return g_steal_pointer (&number);
  /* Chinese writes the unit straight after the digits (128.7亿元), and
   * nobody puts a space before a percent sign. */
  if (language == KC_CHART_LANGUAGE_CHINESE || g_str_equal (suffix, "%"))
    return g_strconcat (number, suffix, NULL);
  return g_strconcat (number, " ", suffix, NULL);
}

char *
kc_format_change (double          change,
                  KcChangeKind    kind,
                  const char     *unit,
                  KcChartLanguage language)
{
  g_autofree char *body = NULL;
  gboolean shows_zero;
  const char *sign = "";

  language = kc_chart_language_resolve (language);
  if (!isfinite (change) || kind == KC_CHANGE_NONE)
    return g_strdup (language == KC_CHART_LANGUAGE_CHINESE ? "无数据" : "no data");

  switch (kind)
    {
    case KC_CHANGE_POINTS:
      {
        g_autofree char *n = kc_format_decimal (fabs (change), 2, FALSE);

        shows_zero = g_str_equal (n, "0");
        body = language == KC_CHART_LANGUAGE_CHINESE
          ? g_strconcat (n, "个百分点", NULL)
          : g_strconcat (n, " pp", NULL);
      }
      break;
    case KC_CHANGE_PERCENT:
      {
        g_autofree char *n = kc_format_decimal (fabs (change), 1, FALSE);

        shows_zero = g_str_equal (n, "0");
        body = g_strconcat (n, "%", NULL);
      }
      break;
    case KC_CHANGE_ABSOLUTE:
    case KC_CHANGE_NONE:
    default:
      {
        KcUnitParts parts;
        g_autofree char *n = NULL;

        kc_unit_split (unit, &parts);
        n = kc_format_number (fabs (change) * parts.factor, language);
        shows_zero = g_str_equal (n, "0");
        body = kc_format_value (fabs (change), KC_VALUE_AMOUNT, unit, language);
      }
      break;
    }

  /* Rounding may turn a tiny change into "0", which has no sign. */
  if (!shows_zero && change > 0)
    sign = "+";
  else if (!shows_zero && change < 0)
    sign = MINUS_SIGN;

  return g_strconcat (sign, body, NULL);
}

char *
kc_format_percent (double percent)
{
  g_autofree char *n = kc_format_decimal (percent, 1, FALSE);

  return g_strconcat (n, "%", NULL);
}

void
kc_axis_unit_init (KcAxisUnit     *axis,
                   double          max_abs,
                   KcValueKind     kind,
                   const char     *unit,
                   gboolean        change_mode,
                   KcChartLanguage language)
{
  KcUnitParts parts;
  const MagnitudeWord *m;
  const char *base;
  gboolean zh;

  language = kc_chart_language_resolve (language);
  zh = language == KC_CHART_LANGUAGE_CHINESE;
  kc_unit_split (unit, &parts);

  axis->factor = 1.0;
  axis->divisor = 1.0;

  if (change_mode)
    {
      if (kind == KC_VALUE_RATIO || parts.is_percent)
        axis->title = g_strdup (zh ? "百分点" : "percentage points");
      else
        axis->title = g_strdup (zh ? "同比增长（%）" : "% year on year");
      return;
    }

  if (kind == KC_VALUE_RATIO || parts.is_percent)
    {
      axis->title = g_strdup ("%");
      return;
    }

  if (kind == KC_VALUE_RANK)
    {
      axis->title = g_strdup (zh ? "位次" : "rank");
      return;
    }

  axis->factor = parts.factor;
  base = kc_unit_base_for_language (unit, language);
  /* A thousand-based English magnitude keeps ticks short (250 thousand
   * rather than 250,000), 万 does the same in Chinese. */
  /* Ticks beyond a thousand trillion are powers of ten of the unit
   * (kc_format_decimal() writes them so), with no magnitude word. */
  if (fabs (max_abs) * parts.factor >= SCIENTIFIC_FROM)
    {
      axis->title = g_strdup (base);
      return;
    }
  m = pick_magnitude (fabs (max_abs) * parts.factor, language, 1e4, 1e6);
  if (m == NULL && !zh && fabs (max_abs) * parts.factor >= 1e5)
    {
      axis->divisor = 1e3;
      axis->title = *base != '\0' ? g_strconcat ("thousand ", base, NULL) : g_strdup ("thousand");
      return;
    }

  if (m == NULL)
    {
      axis->title = g_strdup (base);
      return;
    }

  axis->divisor = m->divisor;
  if (zh)
    axis->title = g_strconcat (m->zh, base, NULL);
  else if (*base != '\0')
    axis->title = g_strconcat (m->en, " ", base, NULL);
  else
    axis->title = g_strdup (m->en);
}

void
kc_axis_unit_clear (KcAxisUnit *axis)
{
  g_clear_pointer (&axis->title, g_free);
}

char *
kc_axis_unit_format_tick (const KcAxisUnit *axis,
                          double            value,
                          double            step,
                          KcChartLanguage   language)
{
  double scale = axis->factor / axis->divisor;
  double v = value * scale;
  double s = fabs (step * scale);
  int decimals = 0;

  if (s > 0 && s < 1)
    decimals = (int) ceil (-log10 (s) - 1e-9);
  /* 1-2-5 steps below one: 0.5 needs one decimal, 0.25 two. */
  if (s > 0 && fabs (s * pow (10, decimals) - round (s * pow (10, decimals))) > 1e-6)
    decimals++;

  return kc_format_decimal (v, decimals, kc_format_groups_digits (language));
}
