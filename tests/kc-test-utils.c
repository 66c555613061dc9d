/* kc-test-utils.c
 * Helpers shared by the test programs: fixtures, temporary folders and
 * a private session bus. */
#define G_LOG_DOMAIN "kc-test"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "kc-loader.h"
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

/* Kept for the life of the program: disposing it would wait for the bus
 * connection, which GTK and libadwaita hold until exit. */
static GTestDBus *test_bus;

void
kc_test_bus_start (void)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  g_assert_null (test_bus);
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  /* GLib forks a watcher here that stops the daemon if the test dies. A
   * fork copies only the calling thread, so before GTK starts its threads
   * the watcher's copy of the heap is whole, and its leak check at exit
   * (under AddressSanitizer) finds nothing that only a lost thread held. */
  g_test_dbus_up (test_bus);
  /* g_test_dbus_up() unsets DISPLAY, which GTK has yet to open. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
}

void
kc_test_bus_stop (void)
{
  GDBusConnection *connection;

  g_assert_nonnull (test_bus);
  /* The connection outlives the daemon: keep its closing from ending the
   * process. */
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (connection != NULL)
    g_dbus_connection_set_exit_on_close (connection, FALSE);
  g_clear_object (&connection);
  g_test_dbus_stop (test_bus);
}

KcDataset *
kc_test_load_bundled (void)
{
  g_autoptr(GError) error = NULL;
  KcDataset *dataset = kc_dataset_load_bundled (&error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

void
kc_test_spin (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (2000);
}

void
kc_test_collect_descendants (GtkWidget *widget,
                             GType      type,
                             GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (out, child);
      kc_test_collect_descendants (child, type, out);
    }
}
