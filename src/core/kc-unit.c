/* kc-unit.c
 * Units of measure: splitting 亿元 into a base and a factor, converting
 * between units of one base, and naming them in Chinese or English. */
#define G_LOG_DOMAIN "kc-unit"

#include "config.h"

#include <string.h>

#include "kc-unit.h"
#include "kc-value.h"

#define UNIT_MAX 65

typedef struct
{
  const char *text;
  const char *base;
  double      factor;
} UnitAlias;

static const UnitAlias unit_aliases[] = {
  { "元", "元", 1 },
  { "CNY", "元", 1 },
  { "RMB", "元", 1 },
  { "yuan", "元", 1 },
  { "人民币", "元", 1 },
  { "人民币元", "元", 1 },
  { "美元", "美元", 1 },
  { "USD", "美元", 1 },
  { "US$", "美元", 1 },
  { "US dollars", "美元", 1 },
  { "港元", "港元", 1 },
  { "HKD", "港元", 1 },
  { "欧元", "欧元", 1 },
  { "EUR", "欧元", 1 },
  { "euros", "欧元", 1 },
  { "日元", "日元", 1 },
  { "JPY", "日元", 1 },
  { "yen", "日元", 1 },
  { "%", "%", 1 },
  { "percent", "%", 1 },
  { "‰", "%", 0.1 },
  { "百分点", "百分点", 1 },
  { "个百分点", "百分点", 1 },
  { "pp", "百分点", 1 },
  { "p.p.", "百分点", 1 },
  { "percentage point", "百分点", 1 },
  { "percentage points", "百分点", 1 },
  { "people", "人", 1 },
  { "persons", "人", 1 },
  { "person-times", "人次", 1 },
};

typedef enum
{
  PREFIX_ANY,          /* 亿, 万 and their compounds never start a unit name */
  PREFIX_CURRENCY,     /* 千, 百: 千克, 千瓦时, 百分点 are names, not magnitudes */
} PrefixRule;

typedef struct
{
  const char *text;
  double      factor;
  PrefixRule  rule;
  gboolean    alone;   /* a multiple of a pure number when nothing follows */
} Magnitude;

/* Longest first, so that 万亿 is not read as 万 before 亿. */
static const Magnitude chinese_magnitudes[] = {
  { "万亿", 1e12, PREFIX_ANY, TRUE },
  { "千亿", 1e11, PREFIX_ANY, TRUE },
  { "百亿", 1e10, PREFIX_ANY, TRUE },
  { "十亿", 1e9, PREFIX_ANY, TRUE },
  { "千万", 1e7, PREFIX_ANY, TRUE },
  { "百万", 1e6, PREFIX_ANY, TRUE },
  { "十万", 1e5, PREFIX_ANY, TRUE },
  { "亿", 1e8, PREFIX_ANY, TRUE },
  { "万", 1e4, PREFIX_ANY, TRUE },
  { "千", 1e3, PREFIX_CURRENCY, TRUE },
  { "百", 1e2, PREFIX_CURRENCY, FALSE },
};

/* Each is followed by a space or the end. The English names that
 * kc_unit_display() writes are among them, so that they read back. */
static const Magnitude english_magnitudes[] = {
  { "100 million", 1e8, PREFIX_ANY, TRUE },
  { "hundred million", 1e8, PREFIX_ANY, TRUE },
  { "100 billion", 1e11, PREFIX_ANY, TRUE },
  { "10 billion", 1e10, PREFIX_ANY, TRUE },
  { "billion", 1e9, PREFIX_ANY, TRUE },
  { "10 million", 1e7, PREFIX_ANY, TRUE },
  { "million", 1e6, PREFIX_ANY, TRUE },
  { "trillion", 1e12, PREFIX_ANY, TRUE },
  { "100,000", 1e5, PREFIX_ANY, TRUE },
  { "10,000", 1e4, PREFIX_ANY, TRUE },
  { "10k", 1e4, PREFIX_ANY, TRUE },
  { "10 thousand", 1e4, PREFIX_ANY, TRUE },
  { "ten thousand", 1e4, PREFIX_ANY, TRUE },
  { "thousand", 1e3, PREFIX_ANY, TRUE },
};

/* Names for display: the Chinese prefix and English words per factor. */
static const struct
{
  double      factor;
  const char *chinese;
  const char *english;
} magnitude_names[] = {
  { 1e3, "千", "thousand" },
  { 1e4, "万", "10,000" },
  { 1e5, "十万", "100,000" },
  { 1e6, "百万", "million" },
  { 1e7, "千万", "10 million" },
  { 1e8, "亿", "100 million" },
  { 1e9, "十亿", "billion" },
  { 1e10, "百亿", "10 billion" },
  { 1e11, "千亿", "100 billion" },
  { 1e12, "万亿", "trillion" },
};

/* English names of the bases; "" for Chinese measure words, which English
 * leaves out ("3251件" is "3,251"). */
static const struct
{
  const char *base;
  const char *english;
} base_names[] = {
  { "", "" },
  { "元", "yuan" },
  { "美元", "US dollars" },
  { "港元", "HKD" },
  { "欧元", "euros" },
  { "日元", "yen" },
  { "%", "%" },
  { "百分点", "percentage points" },
  { "人", "people" },
  { "人次", "person-times" },
  { "件", "" },
  { "家", "" },
  { "个", "" },
  { "项", "" },
};

static const UnitAlias *
find_alias (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (unit_aliases); i++)
    {
      if (g_ascii_strcasecmp (text, unit_aliases[i].text) == 0)
        return &unit_aliases[i];
    }
  return NULL;
}

/* Chinese characters only, possibly "per" another such run: 吨, 件/万人. */
static gboolean
is_han_unit (const char *text)
{
  gboolean segment_empty = TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/')
        {
          if (segment_empty)
            return FALSE;
          segment_empty = TRUE;
        }
      else if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN)
        segment_empty = FALSE;
      else
        return FALSE;
    }
  return !segment_empty;
}

static gboolean
is_currency (const char *base)
{
  /* 元, 美元, 港元, 欧元, 日元 */
  return g_str_has_suffix (base, "元");
}

/* A unit split but not interned, so that checking or comparing text read
 * from a file adds nothing to the intern table. @base points into the
 * folded text or at a string of the tables above. */
typedef struct
{
  const char *base;
  double      factor;
  gboolean    known;        /* may follow a number (kc_unit_is_valid()) */
  gboolean    base_static;  /* @base is from the tables */
} Resolved;

static void
set_resolved (Resolved   *r,
              const char *base,
              double      factor,
              gboolean    known,
              gboolean    base_static)
{
  r->base = base;
  r->factor = factor;
  r->known = known;
  r->base_static = base_static;
}

/* Splits the folded, non-empty @text. */
static void
resolve_unit (const char *text,
              Resolved   *r)
{
  const UnitAlias *alias = find_alias (text);

  if (alias != NULL)
    {
      set_resolved (r, alias->base, alias->factor, TRUE, TRUE);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (english_magnitudes); i++)
    {
      const Magnitude *m = &english_magnitudes[i];
      gsize len = strlen (m->text);
      const char *rest = text + len;

      if (g_ascii_strncasecmp (text, m->text, len) != 0
          || (*rest != '\0' && *rest != ' '))
        continue;

      while (*rest == ' ')
        rest++;
      alias = find_alias (rest);
      if (*rest == '\0')
        set_resolved (r, "", m->factor, TRUE, TRUE);
      else if (alias != NULL)
        set_resolved (r, alias->base, m->factor * alias->factor, TRUE, TRUE);
      else
        set_resolved (r, rest, m->factor, FALSE, FALSE);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (chinese_magnitudes); i++)
    {
      const Magnitude *m = &chinese_magnitudes[i];
      const char *rest;

      if (!g_str_has_prefix (text, m->text))
        continue;

      rest = text + strlen (m->text);
      while (*rest == ' ')
        rest++;
      alias = find_alias (rest);
      if (*rest == '\0')
        {
          if (!m->alone)
            break;
          set_resolved (r, "", m->factor, TRUE, TRUE);
          return;
        }
      if (alias != NULL && (m->rule == PREFIX_ANY || is_currency (alias->base)))
        {
          set_resolved (r, alias->base, m->factor * alias->factor, TRUE, TRUE);
          return;
        }
      if (m->rule == PREFIX_ANY)
        {
          set_resolved (r, rest, m->factor, is_han_unit (rest), FALSE);
          return;
        }
      break;
    }

  set_resolved (r, text, 1, is_han_unit (text), FALSE);
}

/* Bounds the strings interned from file contents. GLib never frees interned
 * strings, and each time its table grows it leaks the previous one, so a
 * hostile file with a million different units would cost gigabytes. */
#define INTERN_LIMIT 4096

static gint n_interned;

const char *
kc_unit_intern (const char *text)
{
  char folded[UNIT_MAX];
  GQuark quark;
  Resolved r;
  gint n;

  g_return_val_if_fail (text != NULL, NULL);

  quark = g_quark_try_string (text);
  if (quark != 0)
    return g_quark_to_string (quark);

  /* The ways of writing the units of the tables are few: never refused. */
  if (kc_value_fold_text (text, -1, folded, sizeof folded) > 0)
    {
      resolve_unit (folded, &r);
      if (r.base_static)
        return g_intern_string (text);
    }

  n = g_atomic_int_get (&n_interned);
  do
    {
      if (n >= INTERN_LIMIT)
        return NULL;
    }
  while (!g_atomic_int_compare_and_exchange_full (&n_interned, n, n + 1, &n));

  return g_intern_string (text);
}

gboolean
kc_unit_parse (const char *text,
               KcUnit     *unit)
{
  char folded[UNIT_MAX];
  Resolved r;
  const char *base;

  g_return_val_if_fail (unit != NULL, FALSE);

  unit->base = g_intern_static_string ("");
  unit->factor = 1;
  if (kc_value_fold_text (text, -1, folded, sizeof folded) <= 0)
    return FALSE;

  resolve_unit (folded, &r);
  base = r.base_static ? g_intern_static_string (r.base) : kc_unit_intern (r.base);
  if (base == NULL)
    return FALSE;

  unit->base = base;
  unit->factor = r.factor;
  return TRUE;
}

gboolean
kc_unit_is_valid (const char *text)
{
  char folded[UNIT_MAX];
  Resolved r;

  if (kc_value_fold_text (text, -1, folded, sizeof folded) <= 0)
    return FALSE;

  resolve_unit (folded, &r);
  return r.known;
}

/* NULL and "" are a pure number; text that is not a unit gives FALSE. */
static gboolean
resolve_text (const char *text,
              char       *folded,
              gsize       size,
              Resolved   *r)
{
  gssize len = kc_value_fold_text (text, -1, folded, size);

  if (len < 0)
    return FALSE;
  if (len == 0)
    set_resolved (r, "", 1, TRUE, TRUE);
  else
    resolve_unit (folded, r);
  return TRUE;
}

gboolean
kc_unit_conversion (const char *from,
                    const char *to,
                    double     *factor)
{
  char folded_from[UNIT_MAX];
  char folded_to[UNIT_MAX];
  Resolved a;
  Resolved b;

  if (!resolve_text (from, folded_from, sizeof folded_from, &a)
      || !resolve_text (to, folded_to, sizeof folded_to, &b)
      || !g_str_equal (a.base, b.base))
    return FALSE;

  if (factor != NULL)
    *factor = a.factor / b.factor;
  return TRUE;
}

static const char *
english_base_name (const char *base)
{
  for (guint i = 0; i < G_N_ELEMENTS (base_names); i++)
    {
      if (g_str_equal (base, base_names[i].base))
        return base_names[i].english;
    }
  return NULL;
}

static gboolean
find_magnitude_names (double       factor,
                      const char **chinese,
                      const char **english)
{
  if (factor == 1)
    {
      *chinese = "";
      *english = "";
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (magnitude_names); i++)
    {
      if (magnitude_names[i].factor == factor)
        {
          *chinese = magnitude_names[i].chinese;
          *english = magnitude_names[i].english;
          return TRUE;
        }
    }
  return FALSE;
}

char *
kc_unit_display (const char *unit,
                 gboolean    chinese)
{
  char folded[UNIT_MAX];
  const char *chinese_prefix;
  const char *english_prefix;
  const char *english_base;
  Resolved u;

  /* Too long or not text: shown as written, but never as broken UTF-8. */
  if (kc_value_fold_text (unit, -1, folded, sizeof folded) <= 0)
    return unit != NULL ? g_utf8_make_valid (unit, -1) : g_strdup ("");

  resolve_unit (folded, &u);

  if (g_str_equal (u.base, "%") && u.factor == 0.1)
    return g_strdup ("‰");
  if (!find_magnitude_names (u.factor, &chinese_prefix, &english_prefix))
    return g_strdup (folded);

  if (chinese)
    {
      if (english_base_name (u.base) == NULL && !is_han_unit (u.base))
        return g_strdup (folded);
      return g_strconcat (chinese_prefix, u.base, NULL);
    }

  english_base = english_base_name (u.base);
  if (english_base == NULL)
    return u.factor == 1 ? g_strdup (u.base) : g_strdup (folded);
  if (*english_prefix == '\0' || *english_base == '\0')
    return g_strconcat (english_prefix, english_base, NULL);
  return g_strconcat (english_prefix, " ", english_base, NULL);
}
