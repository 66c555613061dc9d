/* kc-value.h
 * Numbers as written in the cells of Chinese statistics tables. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KC_VALUE_OK,
  KC_VALUE_MISSING,
  KC_VALUE_INVALID,
} KcValueStatus;

/* Parses one cell; @len may be -1 for a NUL-terminated @text, otherwise
 * exactly @len bytes are read (a NUL inside them makes the cell INVALID).
 *
 * On OK, *number is the number as written and *unit the text after it
 * (interned, through kc_unit_intern(), so pointers compare like those of
 * g_intern_string(); full-width forms folded: "３０％" gives
 * 30 and "%"), or NULL when there is none. Magnitude suffixes stay in the
 * unit: "128.7亿元" is 128.7 with "亿元"; kc-unit.h converts.
 *
 * Accepted: an optional sign ('+', '-', U+2212 MINUS SIGN, full-width
 * forms), digits with optional thousands separators (',' or '，', groups
 * of exactly three after the first group of one to three), an optional
 * decimal part ('.' or '．'), an optional exponent ("1e3", "2.5E-2"), then
 * optionally spaces and a unit that kc_unit_is_valid() accepts and that
 * does not start with a digit ("5 10,000" is INVALID). Spaces
 * (ASCII, NBSP, U+3000 and other Unicode spaces) around the cell are
 * ignored. Full-width digits are read as ASCII digits. "-0" gives 0.
 *
 * MISSING (after trimming, ASCII letters in any case): the empty cell,
 * "-", "--", "－", "—", "——", "―", "–", "…", "……", "...", "NA", "N/A",
 * "#N/A", "NULL".
 *
 * INVALID: anything else, in particular garbage after the number ("12abc"),
 * bad grouping ("1,23,4", "1,5"), NaN and infinity, numbers too large for
 * a double ("1e400"), literals longer than 100 characters, invalid UTF-8,
 * a new unit once kc_unit_intern() has refused more,
 * and accounting negatives "(3)": brackets around a number in Chinese
 * tables are as often footnote markers as negatives, so guessing would
 * silently change data; the cell is reported instead.
 *
 * @number and @unit may be NULL. They are only written on OK. Thread-safe. */
KcValueStatus kc_value_parse            (const char *text,
                                         gssize      len,
                                         double     *number,
                                         const char **unit);

/* Why kc_value_parse() says INVALID for @text, as a short translated
 * sentence to follow the quoted cell in an error message; NULL when the
 * cell is OK or MISSING. */
const char   *kc_value_explain_invalid  (const char *text,
                                         gssize      len);

/* @v in plain decimal notation, rounded to at most @max_decimals (0–17)
 * digits after the point, without trailing zeros, without an exponent
 * unless |v| ≥ 1e21, with '.' whatever the locale; "-0" and values that
 * round to zero print as "0". NaN (a missing value) gives "", infinities
 * "inf" and "-inf". The result reads back with kc_value_parse(). */
char         *kc_value_format_plain     (double      v,
                                         int         max_decimals);

/* Copies @text (@len bytes, or up to NUL when -1) into @buffer of @size
 * bytes with surrounding spaces removed, full-width ASCII forms
 * (U+FF01–U+FF5E) folded to ASCII, Unicode spaces to ' ' and U+2212 MINUS
 * SIGN to '-', then NUL-terminates it. Returns the folded length, or -1
 * when @text is not valid UTF-8, holds a NUL, or does not fit. Used by
 * values, units and periods so that they agree on what a cell says. */
gssize        kc_value_fold_text        (const char *text,
                                         gssize      len,
                                         char       *buffer,
                                         gsize       size);

G_END_DECLS
