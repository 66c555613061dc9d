/* kc-atomic-file.h
 * Writes a file so that it is either complete or not changed at all. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A file being written: the data goes to a hidden temporary file in the
 * same folder, which replaces the target only on kc_atomic_file_commit().
 * A failure at any point (read-only folder, disk full, file size limit)
 * removes the temporary file and leaves the target as it was. Errors are
 * G_FILE_ERROR and name the target's path and the reason. */
typedef struct _KcAtomicFile KcAtomicFile;

KcAtomicFile *kc_atomic_file_new    (const char    *path,
                                     GError       **error);
/* Writes @len bytes; FALSE with @error on failure (the file is then
 * aborted: later writes and the commit fail with the same error). */
gboolean      kc_atomic_file_write  (KcAtomicFile  *file,
                                     const void    *data,
                                     gsize          len,
                                     GError       **error);
/* Flushes the data to disk and renames it over the target. */
gboolean      kc_atomic_file_commit (KcAtomicFile  *file,
                                     GError       **error);
/* Removes the temporary file unless committed, and frees @file. */
void          kc_atomic_file_free   (KcAtomicFile  *file);

/* The target path, as given. */
const char   *kc_atomic_file_get_path (KcAtomicFile *file);

/* All of @bytes to @path in one go. */
gboolean      kc_file_write_atomically (const char  *path,
                                        GBytes      *bytes,
                                        GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcAtomicFile, kc_atomic_file_free)

G_END_DECLS
