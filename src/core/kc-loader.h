/* kc-loader.h
 * Reading files and folders into a KcDataset, in the background. */
#pragma once

#include <gio/gio.h>

#include "kc-dataset.h"

G_BEGIN_DECLS

typedef enum
{
  KC_LOAD_DEFAULT        = 0,
  /* Keep the good rows of a file that has bad ones; without it a file with
   * any error contributes nothing (its problems are still reported). */
  KC_LOAD_KEEP_GOOD_ROWS = 1 << 0,
} KcLoadFlags;

/* Called from the loading thread; must be thread-safe. */
typedef void (*KcLoadProgressFunc) (guint64  bytes_done,
                                    guint64  bytes_total,
                                    gpointer user_data);

/* Loads files, folders (their CSV files, sorted by name) and resource://
 * URIs. Returns a dataset even when files had problems (they are in
 * kc_dataset_get_problems()); NULL only when cancelled. */
KcDataset *kc_dataset_load         (GFile              **files,
                                    guint                n_files,
                                    KcLoadFlags          flags,
                                    KcLoadProgressFunc   progress,
                                    gpointer             progress_data,
                                    GCancellable        *cancellable,
                                    GError             **error);
/* The bundled Beilun dataset from the GResource. */
KcDataset *kc_dataset_load_bundled (GError             **error);
/* TRUE when no file could be loaded: a failed reload that should keep the
 * previous dataset. */
gboolean   kc_dataset_is_empty     (KcDataset           *self);

/* The same in a GTask thread; @progress is called in the thread-default
 * main context of the caller, at most about 30 times a second. */
void       kc_dataset_load_async   (GFile              **files,
                                    guint                n_files,
                                    KcLoadFlags          flags,
                                    KcLoadProgressFunc   progress,
                                    gpointer             progress_data,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
KcDataset *kc_dataset_load_finish  (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
