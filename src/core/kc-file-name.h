/* kc-file-name.h
 * File names made from titles and ids, safe on every file system. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest name kc_file_name_suggest() returns, in bytes, extension
 * included. Well under the 255 bytes of ext4, NTFS (in UTF-16 units) and
 * APFS, so that the hidden temporary file of an atomic write (8 bytes
 * more) and a " (2)" still fit, and under eCryptfs' 143. */
#define KC_FILE_NAME_MAX_BYTES 128

/* A file name for @title ending in ".@extension" (@extension without the
 * dot; NULL for none). Chinese and other letters are kept (NFC); the
 * characters Windows forbids (/ \ : * ? " < > |), control and invisible
 * formatting characters (which can disguise an extension) become '-' or
 * are dropped; runs of blanks become one space; leading and trailing
 * blanks, dots and dashes go (a leading dot hides a file, a trailing one
 * is dropped by Windows); the reserved Windows device names (CON, PRN,
 * AUX, NUL, COM1–9, LPT1–9, with any extension) get a '_' appended; the
 * name is cut at a character boundary to KC_FILE_NAME_MAX_BYTES. An
 * empty result uses @fallback (itself cleaned the same way, "chart" if
 * that is empty too). Free with g_free(). */
char     *kc_file_name_suggest   (const char *title,
                                  const char *fallback,
                                  const char *extension);

/* The name a chart id gets in a folder export, as the command line's
 * --export-all writes it: letters of any script, digits, '-', '_' and
 * inner '.' kept, anything else '-'. Free with g_free(). */
char     *kc_file_name_for_id    (const char *id,
                                  const char *extension);

G_END_DECLS
