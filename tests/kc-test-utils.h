/* kc-test-utils.h
 * Helpers shared by the test programs. */
#pragma once

#include <gtk/gtk.h>

#include "kc-dataset.h"

G_BEGIN_DECLS

/* Path of a file under tests/data/; free with g_free(). */
char    *kc_test_data_path     (const char *first, ...) G_GNUC_NULL_TERMINATED;
/* A new empty folder under the test's temporary directory. */
char    *kc_test_make_tmpdir   (void);
/* Writes @len bytes to a new file in @dir; returns its path. */
char    *kc_test_write_file    (const char *dir,
                                const char *name,
                                const void *data,
                                gssize      len);
/* Removes @dir and everything under it. */
void     kc_test_remove_tree   (const char *dir);
/* Starts a private D-Bus session bus for the whole test program; call
 * before gtk_test_init(). */
void     kc_test_bus_start     (void);
/* Stops the bus of kc_test_bus_start(); call after g_test_run(). */
void     kc_test_bus_stop      (void);

/* The bundled Beilun dataset; fails the test if it cannot be read. */
KcDataset *kc_test_load_bundled (void);
/* Runs the main loop for a moment without blocking when nothing happens. */
void     kc_test_spin          (void);
/* Appends every descendant of @widget of @type to @out, depth first. */
void     kc_test_collect_descendants (GtkWidget *widget,
                                      GType      type,
                                      GPtrArray *out);

G_END_DECLS
