/* kc-pinyin.h
 * Text folding and toneless pinyin keys for searching Chinese names. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Byte that separates the parts (name, each alias) of one row's search key.
 * Folding drops control characters, so it never occurs in folded text. */
#define KC_PINYIN_PART_SEPARATOR '\x1f'

/* The toneless lowercase syllable of a CJK Unified Ideograph (U+3400–U+4DBF,
 * U+4E00–U+9FFF), e.g. "zhong" for 中, "lv" for 绿; NULL for any other
 * character. A character with several readings gets only its first
 * kMandarin reading (行 is always "xing", 长 "zhang"), so 银行 is not found
 * as "yinhang": a known limitation. */
const char *kc_pinyin_for_char      (gunichar     c);

/* Appends @text (invalid UTF-8 repaired) folded for matching to @out:
 * full-width ASCII made half-width, letters lowercased, white space and
 * control characters dropped. Everything else is kept as it is. */
void        kc_pinyin_fold          (const char  *text,
                                     gssize       len,
                                     GString     *out);

/* Splits already folded text into units — one per Chinese character with a
 * reading (its syllable) and one per ASCII letter or digit (itself); other
 * characters are skipped — and appends the units concatenated to @full, the
 * first letter of each unit to @initials and each unit's length (1–6, as a
 * byte) to @lengths. Any of the three may be NULL. 中芯集团 gives
 * "zhongxinjituan", "zxjt" and {5,3,2,4}; "csmt中心" gives "csmtzhongxin"
 * and "csmtzx". Returns the number of units appended. */
guint       kc_pinyin_append_units  (const char  *folded,
                                     gssize       len,
                                     GString     *full,
                                     GString     *initials,
                                     GString     *lengths);

/* Convenience wrappers over the two functions above: fold @text, then
 * return its full pinyin or its initials. Free with g_free(). */
char       *kc_pinyin_full          (const char  *text);
char       *kc_pinyin_initials      (const char  *text);

G_END_DECLS
