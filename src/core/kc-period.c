/* kc-period.c
 * Reading, ordering and writing reporting periods in ISO, Chinese and
 * English forms. */
#define G_LOG_DOMAIN "kc-period"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kc-period.h"
#include "kc-value.h"

#define PERIOD_MAX 64

typedef enum
{
  PERIOD_ERROR_NONE,
  PERIOD_ERROR_TEXT,
  PERIOD_ERROR_FORM,
  PERIOD_ERROR_YEAR,
  PERIOD_ERROR_MONTH,
  PERIOD_ERROR_QUARTER,
  PERIOD_ERROR_HALF,
  PERIOD_ERROR_REVERSED,
  PERIOD_ERROR_TRAILING,
  PERIOD_ERROR_DAY,
} PeriodError;

/* Longest first, so that 十二 is not read as 十. */
static const struct
{
  const char *text;
  guint       value;
} chinese_numbers[] = {
  { "十二", 12 },
  { "十一", 11 },
  { "十", 10 },
  { "一", 1 },
  { "二", 2 },
  { "三", 3 },
  { "四", 4 },
  { "五", 5 },
  { "六", 6 },
  { "七", 7 },
  { "八", 8 },
  { "九", 9 },
};

/* Between the months of a range: 1-2月, 1~2月 (also the folded ～), 1—2月,
 * 1–2月, 1〜2月, 1至2月, 1到2月. */
static const char *const range_separators[] = {
  "-", "~", "—", "–", "〜", "至", "到",
};

static const char *const chinese_quarters[] = { "一", "二", "三", "四" };

static const char *const english_months[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun",
  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static gboolean
consume (const char **p,
         const char  *token)
{
  gsize len = strlen (token);

  if (strncmp (*p, token, len) != 0)
    return FALSE;
  *p += len;
  return TRUE;
}

/* A run of ASCII digits; its value saturates, so that a long run reads as
 * out of range rather than wrapping. Returns the number of digits. */
static guint
read_digits (const char **p,
             guint       *value)
{
  guint count = 0;

  *value = 0;
  while (g_ascii_isdigit (**p))
    {
      if (*value < 100000000)
        *value = *value * 10 + (guint) (**p - '0');
      (*p)++;
      count++;
    }
  return count;
}

/* Digits or a Chinese numeral 一 to 十二. */
static gboolean
read_number (const char **p,
             guint       *value)
{
  if (read_digits (p, value) > 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (chinese_numbers); i++)
    {
      if (consume (p, chinese_numbers[i].text))
        {
          *value = chinese_numbers[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
consume_range_separator (const char **p)
{
  for (guint i = 0; i < G_N_ELEMENTS (range_separators); i++)
    {
      if (consume (p, range_separators[i]))
        return TRUE;
    }
  return FALSE;
}

static PeriodError
set_months (KcPeriod *period,
            guint     first,
            guint     last)
{
  if (first < 1 || first > 12 || last < 1 || last > 12)
    return PERIOD_ERROR_MONTH;
  if (last < first)
    return PERIOD_ERROR_REVERSED;

  period->kind = first == last ? KC_PERIOD_MONTH : KC_PERIOD_RANGE;
  period->first_month = (guint8) first;
  period->last_month = (guint8) last;
  return PERIOD_ERROR_NONE;
}

/* The Gregorian calendar, as GDate counts it; without GDate's checks, as
 * a daily series of a million rows asks this a million times. */
static guint
days_in_month (guint year,
               guint month)
{
  static const guint8 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : days[month - 1];
}

static PeriodError
set_day (KcPeriod *period,
         guint     year,
         guint     month,
         guint     day)
{
  PeriodError error = set_months (period, month, month);

  if (error != PERIOD_ERROR_NONE)
    return error;
  if (year < 1000 || year > 9999)
    return PERIOD_ERROR_YEAR;
  if (day < 1 || day > days_in_month (year, month))
    return PERIOD_ERROR_DAY;

  period->kind = KC_PERIOD_DAY;
  period->day = (guint8) day;
  return PERIOD_ERROR_NONE;
}

static PeriodError
set_quarter (KcPeriod *period,
             guint     quarter)
{
  if (quarter < 1 || quarter > 4)
    return PERIOD_ERROR_QUARTER;

  period->kind = KC_PERIOD_QUARTER;
  period->first_month = (guint8) (quarter * 3 - 2);
  period->last_month = (guint8) (quarter * 3);
  return PERIOD_ERROR_NONE;
}

static PeriodError
set_half (KcPeriod *period,
          guint     half)
{
  if (half < 1 || half > 2)
    return PERIOD_ERROR_HALF;

  period->kind = KC_PERIOD_HALF;
  period->first_month = (guint8) (half * 6 - 5);
  period->last_month = (guint8) (half * 6);
  return PERIOD_ERROR_NONE;
}

/* What follows "2017年". */
static PeriodError
parse_chinese (const char **p,
               guint        year,
               KcPeriod    *period)
{
  gboolean ordinal;
  guint first;
  guint last;

  if (**p == '\0' || consume (p, "度") || consume (p, "全年"))
    return PERIOD_ERROR_NONE;
  if (consume (p, "上半年"))
    return set_half (period, 1);
  if (consume (p, "下半年"))
    return set_half (period, 2);

  ordinal = consume (p, "第");
  if (!read_number (p, &first))
    return PERIOD_ERROR_FORM;
  if (consume (p, "季度") || consume (p, "季"))
    return set_quarter (period, first);
  if (ordinal)
    return PERIOD_ERROR_FORM;

  if (consume (p, "月"))
    {
      guint day;

      if (read_digits (p, &day) > 0)
        {
          if (!consume (p, "日") && !consume (p, "号"))
            return PERIOD_ERROR_FORM;
          return set_day (period, year, first, day);
        }

      /* 1月-2月 as well as 1-2月 */
      if (!consume_range_separator (p))
        {
          consume (p, "份");
          return set_months (period, first, first);
        }
    }
  else if (!consume_range_separator (p))
    return PERIOD_ERROR_FORM;

  if (!read_number (p, &last) || !consume (p, "月"))
    return PERIOD_ERROR_FORM;
  consume (p, "份");
  return set_months (period, first, last);
}

/* What follows "2017" in the compact forms: -03, /03, .03, M03, -M03,
 * Q1, -Q1, H1, -H1, -01..02, and days -03-15, /3/15, .03.15. */
static PeriodError
parse_compact (const char **p,
               guint        year,
               KcPeriod    *period)
{
  char separator = '\0';
  char letter;
  guint first;
  guint last;

  if (**p == '-' || **p == '/' || **p == '.')
    separator = *(*p)++;

  letter = g_ascii_toupper (**p);
  if ((letter == 'Q' || letter == 'H' || letter == 'M')
      && (separator == '\0' || separator == '-'))
    {
      (*p)++;
      if (read_digits (p, &first) == 0)
        return PERIOD_ERROR_FORM;
      if (letter == 'Q')
        return set_quarter (period, first);
      if (letter == 'H')
        return set_half (period, first);
      return set_months (period, first, first);
    }

  if (separator == '\0' || read_digits (p, &first) == 0)
    return PERIOD_ERROR_FORM;
  if (separator == '-' && consume (p, ".."))
    {
      if (read_digits (p, &last) == 0)
        return PERIOD_ERROR_FORM;
      return set_months (period, first, last);
    }
  if (**p == separator && g_ascii_isdigit ((*p)[1]))
    {
      guint day;

      (*p)++;
      read_digits (p, &day);
      return set_day (period, year, first, day);
    }
  return set_months (period, first, first);
}

static PeriodError
parse_period (const char *text,
              gssize      len,
              KcPeriod   *period)
{
  char buf[PERIOD_MAX];
  const char *p;
  guint year;
  guint digits;
  PeriodError error;

  memset (period, 0, sizeof *period);
  if (kc_value_fold_text (text, len, buf, sizeof buf) < 0)
    return PERIOD_ERROR_TEXT;

  p = buf;
  if (*p == '-' && g_ascii_isdigit (p[1]))
    return PERIOD_ERROR_YEAR;

  digits = read_digits (&p, &year);
  if (digits == 8)
    {
      /* 20170315 */
      error = set_day (period, year / 10000, year / 100 % 100, year % 100);
      year /= 10000;
    }
  else if (digits == 6)
    {
      /* 201703: the year is the first four of the six digits. */
      error = set_months (period, year % 100, year % 100);
      year /= 100;
    }
  else if (digits == 4)
    {
      period->kind = KC_PERIOD_YEAR;
      period->first_month = 1;
      period->last_month = 12;
      if (*p == '\0')
        error = PERIOD_ERROR_NONE;
      else if (consume (&p, "年"))
        error = parse_chinese (&p, year, period);
      else
        error = parse_compact (&p, year, period);
    }
  else if (digits == 0 || digits == 7 || digits > 8)
    return PERIOD_ERROR_FORM;
  else
    return PERIOD_ERROR_YEAR;

  if (error != PERIOD_ERROR_NONE)
    return error;
  if (year < 1000 || year > 9999)
    return PERIOD_ERROR_YEAR;
  if (*p != '\0')
    return PERIOD_ERROR_TRAILING;

  period->year = (gint32) year;
  return PERIOD_ERROR_NONE;
}

static gboolean
digits_at (const char *p,
           guint       n,
           guint      *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      if (p[i] < '0' || p[i] > '9')
        return FALSE;
      *value = *value * 10 + (guint) (p[i] - '0');
    }
  return TRUE;
}

/* "2017", "2017-03" and "2017-03-15" exactly, as machines write them: a
 * long daily series is mostly this, and the general parser folds first. */
static gboolean
parse_iso_fast (const char *text,
                gssize      len,
                KcPeriod   *period)
{
  guint year;
  guint month;
  guint day;

  if (len < 0)
    len = strlen (text);
  if ((len != 4 && len != 7 && len != 10) || !digits_at (text, 4, &year))
    return FALSE;

  memset (period, 0, sizeof *period);
  period->year = (gint32) year;
  if (len == 4)
    {
      period->kind = KC_PERIOD_YEAR;
      period->first_month = 1;
      period->last_month = 12;
    }
  else
    {
      if (text[4] != '-' || !digits_at (text + 5, 2, &month))
        return FALSE;
      if (len == 7)
        {
          if (set_months (period, month, month) != PERIOD_ERROR_NONE)
            return FALSE;
        }
      else if (text[7] != '-' || !digits_at (text + 8, 2, &day)
               || set_day (period, year, month, day) != PERIOD_ERROR_NONE)
        return FALSE;
    }

  return year >= 1000 && year <= 9999;
}

gboolean
kc_period_parse (const char *text,
                 gssize      len,
                 KcPeriod   *period)
{
  KcPeriod parsed;

  if (text != NULL && parse_iso_fast (text, len, &parsed))
    {
      if (period != NULL)
        *period = parsed;
      return TRUE;
    }

  if (parse_period (text, len, &parsed) != PERIOD_ERROR_NONE)
    return FALSE;
  if (period != NULL)
    *period = parsed;
  return TRUE;
}

const char *
kc_period_explain_invalid (const char *text,
                           gssize      len)
{
  KcPeriod parsed;

  switch (parse_period (text, len, &parsed))
    {
    case PERIOD_ERROR_NONE:
      return NULL;
    case PERIOD_ERROR_TEXT:
      return _("The cell is not valid text or is too long to be a period.");
    case PERIOD_ERROR_YEAR:
      return _("The year must be between 1000 and 9999.");
    case PERIOD_ERROR_MONTH:
      return _("Months must be between 1 and 12.");
    case PERIOD_ERROR_QUARTER:
      return _("Quarters must be between 1 and 4.");
    case PERIOD_ERROR_HALF:
      return _("Half-years must be 1 or 2.");
    case PERIOD_ERROR_REVERSED:
      return _("The range of months ends before it starts.");
    case PERIOD_ERROR_TRAILING:
      return _("Unexpected text after the period.");
    case PERIOD_ERROR_DAY:
      return _("The day does not exist in that month.");
    case PERIOD_ERROR_FORM:
    default:
      return _("Expected a period such as 2017, 2017-03, 2017-Q1, 2017-H1, 2017-01..02, 2017年3月 or 2017年1-2月.");
    }
}

gboolean
kc_period_is_valid (const KcPeriod *p)
{
  guint first;
  guint last;

  if (p == NULL || p->year < 1000 || p->year > 9999)
    return FALSE;

  first = p->first_month;
  last = p->last_month;
  if (first < 1 || last > 12 || first > last)
    return FALSE;

  switch (p->kind)
    {
    case KC_PERIOD_YEAR:
      return first == 1 && last == 12 && p->day == 0;
    case KC_PERIOD_HALF:
      return (first == 1 || first == 7) && last == first + 5 && p->day == 0;
    case KC_PERIOD_QUARTER:
      return first % 3 == 1 && last == first + 2 && p->day == 0;
    case KC_PERIOD_MONTH:
      return first == last && p->day == 0;
    case KC_PERIOD_RANGE:
      return first < last && p->day == 0;
    case KC_PERIOD_DAY:
      return first == last && p->day >= 1
             && p->day <= days_in_month ((guint) p->year, first);
    default:
      return FALSE;
    }
}

int
kc_period_compare (const KcPeriod *a,
                   const KcPeriod *b)
{
  guint64 ka = kc_period_sort_key (a);
  guint64 kb = kc_period_sort_key (b);

  return (ka > kb) - (ka < kb);
}

gboolean
kc_period_same_span (const KcPeriod *a,
                     const KcPeriod *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return (a->kind == KC_PERIOD_DAY) == (b->kind == KC_PERIOD_DAY) &&
         a->last_month - a->first_month == b->last_month - b->first_month;
}

gboolean
kc_period_equal (const KcPeriod *a,
                 const KcPeriod *b)
{
  return kc_period_compare (a, b) == 0;
}

guint
kc_period_hash (const KcPeriod *p)
{
  return ((guint) p->year << 12)
         ^ ((guint) p->day << 17)
         ^ ((guint) p->kind << 8)
         ^ ((guint) p->first_month << 4)
         ^ (guint) p->last_month;
}

/* Appends @value in decimal, zero-padded to @width digits. */
static char *
put_number (char *out,
            guint value,
            guint width)
{
  char digits[12];
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  while (n < width)
    digits[n++] = '0';
  while (n > 0)
    *out++ = digits[--n];

  return out;
}

static char *
put_text (char       *out,
          const char *text)
{
  gsize len = strlen (text);

  memcpy (out, text, len);
  return out + len;
}

/* Years, months and days without printf: a daily series of a million
 * points formats a million labels. NULL for the other kinds and styles. */
static char *
format_fast (const KcPeriod *p,
             KcPeriodStyle   style)
{
  char buf[48];
  char *o = buf;
  guint year = (guint) p->year;
  guint month = p->first_month;
  guint day = p->day;

  if (p->kind != KC_PERIOD_YEAR && p->kind != KC_PERIOD_MONTH && p->kind != KC_PERIOD_DAY)
    return NULL;

  switch (style)
    {
    case KC_PERIOD_STYLE_ISO:
      o = put_number (o, year, 4);
      if (p->kind != KC_PERIOD_YEAR)
        {
          *o++ = '-';
          o = put_number (o, month, 2);
        }
      if (p->kind == KC_PERIOD_DAY)
        {
          *o++ = '-';
          o = put_number (o, day, 2);
        }
      break;

    case KC_PERIOD_STYLE_CHINESE:
      o = put_text (put_number (o, year, 4), "年");
      if (p->kind != KC_PERIOD_YEAR)
        o = put_text (put_number (o, month, 1), "月");
      if (p->kind == KC_PERIOD_DAY)
        o = put_text (put_number (o, day, 1), "日");
      break;

    case KC_PERIOD_STYLE_ENGLISH:
      if (p->kind == KC_PERIOD_DAY)
        o = put_text (put_number (o, day, 1), " ");
      if (p->kind != KC_PERIOD_YEAR)
        o = put_text (put_text (o, english_months[month - 1]), " ");
      o = put_number (o, year, 4);
      break;

    case KC_PERIOD_STYLE_CHINESE_SHORT:
    case KC_PERIOD_STYLE_ENGLISH_SHORT:
    default:
      return NULL;
    }

  return g_strndup (buf, o - buf);
}

char *
kc_period_format (const KcPeriod *p,
                  KcPeriodStyle   style)
{
  char *fast;
  guint first;
  guint last;
  guint half;
  guint quarter;
  int yy;

  g_return_val_if_fail (kc_period_is_valid (p), NULL);

  fast = format_fast (p, style);
  if (fast != NULL)
    return fast;

  first = p->first_month;
  last = p->last_month;
  half = first == 1 ? 1 : 2;
  quarter = (first - 1) / 3 + 1;
  yy = p->year % 100;

  switch (style)
    {
    case KC_PERIOD_STYLE_ISO:
      switch (p->kind)
        {
        case KC_PERIOD_YEAR:
          return g_strdup_printf ("%d", p->year);
        case KC_PERIOD_HALF:
          return g_strdup_printf ("%d-H%u", p->year, half);
        case KC_PERIOD_QUARTER:
          return g_strdup_printf ("%d-Q%u", p->year, quarter);
        case KC_PERIOD_MONTH:
          return g_strdup_printf ("%d-%02u", p->year, first);
        case KC_PERIOD_DAY:
          return g_strdup_printf ("%d-%02u-%02u", p->year, first, (guint) p->day);
        default:
          return g_strdup_printf ("%d-%02u..%02u", p->year, first, last);
        }

    case KC_PERIOD_STYLE_CHINESE:
      switch (p->kind)
        {
        case KC_PERIOD_YEAR:
          return g_strdup_printf ("%d年", p->year);
        case KC_PERIOD_HALF:
          return g_strdup_printf ("%d年%s半年", p->year, half == 1 ? "上" : "下");
        case KC_PERIOD_QUARTER:
          return g_strdup_printf ("%d年%s季度", p->year, chinese_quarters[quarter - 1]);
        case KC_PERIOD_MONTH:
          return g_strdup_printf ("%d年%u月", p->year, first);
        case KC_PERIOD_DAY:
          return g_strdup_printf ("%d年%u月%u日", p->year, first, (guint) p->day);
        default:
          return g_strdup_printf ("%d年%u-%u月", p->year, first, last);
        }

    case KC_PERIOD_STYLE_CHINESE_SHORT:
      switch (p->kind)
        {
        case KC_PERIOD_YEAR:
          return g_strdup_printf ("%d年", p->year);
        case KC_PERIOD_HALF:
          return g_strdup_printf ("%02d年%s半年", yy, half == 1 ? "上" : "下");
        case KC_PERIOD_QUARTER:
          return g_strdup_printf ("%02d年%u季度", yy, quarter);
        case KC_PERIOD_MONTH:
          return g_strdup_printf ("%02d年%u月", yy, first);
        case KC_PERIOD_DAY:
          return g_strdup_printf ("%d/%u/%u", p->year, first, (guint) p->day);
        default:
          return g_strdup_printf ("%02d年%u-%u月", yy, first, last);
        }

    case KC_PERIOD_STYLE_ENGLISH:
      switch (p->kind)
        {
        case KC_PERIOD_YEAR:
          return g_strdup_printf ("%d", p->year);
        case KC_PERIOD_HALF:
          return g_strdup_printf ("H%u %d", half, p->year);
        case KC_PERIOD_QUARTER:
          return g_strdup_printf ("Q%u %d", quarter, p->year);
        case KC_PERIOD_MONTH:
          return g_strdup_printf ("%s %d", english_months[first - 1], p->year);
        case KC_PERIOD_DAY:
          return g_strdup_printf ("%u %s %d", (guint) p->day, english_months[first - 1], p->year);
        default:
          return g_strdup_printf ("%s–%s %d", english_months[first - 1],
                                  english_months[last - 1], p->year);
        }

    case KC_PERIOD_STYLE_ENGLISH_SHORT:
      switch (p->kind)
        {
        case KC_PERIOD_YEAR:
          return g_strdup_printf ("%d", p->year);
        case KC_PERIOD_HALF:
          return g_strdup_printf ("H%u ’%02d", half, yy);
        case KC_PERIOD_QUARTER:
          return g_strdup_printf ("Q%u ’%02d", quarter, yy);
        case KC_PERIOD_MONTH:
          return g_strdup_printf ("%s ’%02d", english_months[first - 1], yy);
        case KC_PERIOD_DAY:
          return g_strdup_printf ("%u %s ’%02d", (guint) p->day, english_months[first - 1], yy);
        default:
          return g_strdup_printf ("%s–%s ’%02d", english_months[first - 1],
                                  english_months[last - 1], yy);
        }

    default:
      g_return_val_if_reached (NULL);
    }
}

char *
kc_period_to_display (const KcPeriod *p,
                      gboolean        short_form)
{
  const char *const *languages = g_get_language_names ();
  gboolean chinese = languages[0] != NULL && g_str_has_prefix (languages[0], "zh");

  if (chinese)
    return kc_period_format (p, short_form ? KC_PERIOD_STYLE_CHINESE_SHORT
                                           : KC_PERIOD_STYLE_CHINESE);
  return kc_period_format (p, short_form ? KC_PERIOD_STYLE_ENGLISH_SHORT
                                         : KC_PERIOD_STYLE_ENGLISH);
}

KcPeriod
kc_period_shift_years (const KcPeriod *p,
                       int             years)
{
  KcPeriod shifted = *p;
  gint64 year = (gint64) p->year + years;

  /* Out of gint32, year 0 keeps the result invalid instead of wrapping. */
  shifted.year = year >= G_MININT32 && year <= G_MAXINT32 ? (gint32) year : 0;

  /* 29 February a year later is the 28th, as statistics offices count it. */
  if (shifted.kind == KC_PERIOD_DAY && shifted.first_month == 2 && shifted.day == 29
      && shifted.year >= 1 && shifted.year <= 9999 && !g_date_is_leap_year ((GDateYear) shifted.year))
    shifted.day = 28;

  return shifted;
}
