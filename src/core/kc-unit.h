/* kc-unit.h
 * Units of measure: a base and a magnitude, so that 亿元 and 万元 compare. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @base is interned: "元", "美元", "%", "百分点", "件", "家", "人", … or ""
 * for a pure number. A value in this unit times @factor is in @base. */
typedef struct
{
  const char *base;
  double      factor;
} KcUnit;

/* Reads a unit as written in a unit column or after a number:
 *  - Chinese magnitudes before a base: 万亿 (1e12), 千亿, 百亿, 十亿, 亿,
 *    千万, 百万, 十万, 万 (1e4); 千 and 百 only before a currency (千元,
 *    百万元) or, for 千, alone, since they also begin unit names (千克,
 *    千瓦时, 百分点);
 *  - alone, a magnitude is a multiple of a pure number: "亿" → {"", 1e8};
 *  - aliases: CNY, RMB, yuan, 人民币 → 元; USD → 美元; HKD → 港元;
 *    EUR, euros → 欧元; JPY, yen → 日元; 个百分点, pp,
 *    p.p., percentage points → 百分点; percent → %; "‰" → {%, 0.1};
 *    people, persons → 人; person-times → 人次;
 *  - English magnitudes before an optional base, separated by a space:
 *    "100 million yuan" / "hundred million yuan" (1e8), "trillion",
 *    "100 billion", "10 billion", "billion", "10 million", "million",
 *    "100,000", "10,000" / "10k" / "10 thousand" / "ten thousand" (1e4),
 *    "thousand" (1e3), so that kc_unit_display() in English reads back;
 *  - anything else is its own base with factor 1 (吨, 人次, 元/吨).
 * ASCII letters compare in any case; full-width forms are folded first.
 * Returns FALSE, with @unit set to {"", 1}, for NULL, empty, invalid UTF-8
 * or text longer than 64 bytes, and for a new base when kc_unit_intern()
 * refuses it. Thread-safe. */
gboolean  kc_unit_parse       (const char *text,
                               KcUnit     *unit);

/* Whether @text may follow a number in a value cell: a unit kc_unit_parse()
 * knows (with or without magnitude), or one made only of Chinese characters,
 * possibly per another ("吨", "万人次", "件/万人"). Rejects "abc", "kg". */
gboolean  kc_unit_is_valid    (const char *text);

/* The factor to multiply a value in @from by to express it in @to
 * ("亿元" → "万元": 1e4). FALSE when the bases differ (亿元 vs 件, % vs
 * 百分点) or either is not valid UTF-8 or too long. NULL or "" is a pure
 * number. Interns nothing. */
gboolean  kc_unit_conversion  (const char *from,
                               const char *to,
                               double     *factor);

/* g_intern_string() for text read from files. GLib never frees interned
 * strings and leaks its old table each time it grows, so memory would grow
 * with the square of the number of different units in a hostile file: past
 * 4096 strings that were not interned before, this returns NULL instead,
 * except for the ways of writing the units of the tables (亿元, CNY, %).
 * kc_value_parse() and kc_unit_parse() intern through it. Thread-safe. */
const char *kc_unit_intern    (const char *text);

/* A unit for display. In Chinese the canonical form ("CNY" → "元",
 * "100 million yuan" → "亿元"); in English "亿元" → "100 million yuan",
 * "%" → "%", "百分点" → "percentage points", "人" → "people", and ""
 * for measure words that English does not write (件, 家, 个, 项).
 * A unit without an English name is returned as written. These strings are
 * fixed, not translated: the caller chose the language. Free with g_free(). */
char     *kc_unit_display     (const char *unit,
                               gboolean    chinese);

G_END_DECLS
