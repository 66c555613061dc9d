/* kc-test-utils.c
 * Helpers shared by the test programs: fixtures and temporary folders. */
#define G_LOG_DOMAIN "kc-test"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "kc-test-utils.h"

char *
kc_test_data_path (const char *first,
                   ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer) "data");
  g_ptr_array_add (parts, (gpointer) first);
  va_start (args, first);
  while ((part = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

char *
kc_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kc-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

char *
kc_test_write_file (const char *dir,
                    const char *name,
                    const void *data,
                    gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  if (len < 0)
    len = strlen (data);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);

  return path;
}

void
kc_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL)
    return;

  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    {
      g_remove (dir);
      return;
    }

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        kc_test_remove_tree (path);
      else
        g_remove (path);
    }

  g_rmdir (dir);
}
