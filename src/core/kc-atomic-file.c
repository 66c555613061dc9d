/* kc-atomic-file.c
 * Writes a file so that it is either complete or not changed at all. */
#define G_LOG_DOMAIN "kc-atomic-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kc-atomic-file.h"

struct _KcAtomicFile
{
  char     *path;
  char     *tmp_path;
  int       fd;
  gboolean  committed;
  /* The first failure, repeated by every later call. */
  int       failed_errno;
};

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
fail (KcAtomicFile  *file,
      int            saved_errno,
      GError       **error)
{
  if (file->failed_errno == 0)
    file->failed_errno = saved_errno != 0 ? saved_errno : EIO;
  if (file->fd >= 0)
    {
      close (file->fd);
      file->fd = -1;
    }
  if (file->tmp_path != NULL)
    g_unlink (file->tmp_path);
  g_clear_pointer (&file->tmp_path, g_free);

  return set_errno_error (error, file->failed_errno, file->path);
}

KcAtomicFile *
kc_atomic_file_new (const char  *path,
                    GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  KcAtomicFile *file;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* rename() would replace an empty folder of that name, or fail late on
   * a non-empty one: say so before writing anything. */
  if (g_stat (path, &st) == 0 && S_ISDIR (st.st_mode))
    {
      set_errno_error (error, EISDIR, path);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);

  file = g_new0 (KcAtomicFile, 1);
  file->path = g_strdup (path);
  file->tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  file->fd = g_mkstemp_full (file->tmp_path, O_WRONLY, 0666);
  if (file->fd < 0)
    {
      int saved_errno = errno;

      g_clear_pointer (&file->tmp_path, g_free);
      set_errno_error (error, saved_errno, path);
      kc_atomic_file_free (file);
      return NULL;
    }

  /* The new file has the usual mode (0666 less the umask); one that
   * replaces a file keeps that file's mode. */
  if (g_stat (path, &st) == 0)
    fchmod (file->fd, st.st_mode & 07777);

  return file;
}

gboolean
kc_atomic_file_write (KcAtomicFile  *file,
                      const void    *data,
                      gsize          len,
                      GError       **error)
{
  const guint8 *p = data;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (!file->committed, FALSE);

  if (file->failed_errno != 0)
    return set_errno_error (error, file->failed_errno, file->path);

  while (len > 0)
    {
      gssize n = write (file->fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return fail (file, errno, error);
      if (n == 0)
        return fail (file, ENOSPC, error);
      p += n;
      len -= n;
    }

  return TRUE;
}

gboolean
kc_atomic_file_commit (KcAtomicFile  *file,
                       GError       **error)
{
  int fd;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (!file->committed, FALSE);

  if (file->failed_errno != 0)
    return set_errno_error (error, file->failed_errno, file->path);

  /* The data must be on disk before the name points at it; some file
   * systems (FUSE, the document portal) cannot sync and say EINVAL. */
  if (fsync (file->fd) != 0 && errno != EINVAL && errno != ENOTSUP)
    return fail (file, errno, error);

  fd = file->fd;
  file->fd = -1;
  if (close (fd) != 0)
    return fail (file, errno, error);

  if (g_rename (file->tmp_path, file->path) != 0)
    return fail (file, errno, error);

  file->committed = TRUE;
  g_clear_pointer (&file->tmp_path, g_free);

  return TRUE;
}

void
kc_atomic_file_free (KcAtomicFile *file)
{
  if (file == NULL)
    return;

  if (file->fd >= 0)
    close (file->fd);
  if (file->tmp_path != NULL)
    g_unlink (file->tmp_path);
  g_free (file->tmp_path);
  g_free (file->path);
  g_free (file);
}

const char *
kc_atomic_file_get_path (KcAtomicFile *file)
{
  g_return_val_if_fail (file != NULL, NULL);

  return file->path;
}

gboolean
kc_file_write_atomically (const char  *path,
                          GBytes      *bytes,
                          GError     **error)
{
  g_autoptr(KcAtomicFile) file = NULL;
  gsize len;
  const void *data;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  file = kc_atomic_file_new (path, error);
  if (file == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);

  return kc_atomic_file_write (file, data, len, error)
         && kc_atomic_file_commit (file, error);
}
