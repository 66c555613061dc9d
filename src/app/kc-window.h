/* kc-window.h
 * The main window: header bar, the three views, toasts. */
#pragma once

#include <adwaita.h>

#include "kc-application.h"
#include "kc-dataset.h"

G_BEGIN_DECLS

#define KC_TYPE_WINDOW (kc_window_get_type ())

G_DECLARE_FINAL_TYPE (KcWindow, kc_window, KC, WINDOW, AdwApplicationWindow)

KcWindow   *kc_window_new                 (KcApplication *application);
void        kc_window_open_files          (KcWindow      *self,
                                           GFile        **files,
                                           guint          n_files);
GListModel *kc_window_get_requested_files (KcWindow      *self);
void        kc_window_add_toast           (KcWindow      *self,
                                           AdwToast      *toast);

/* The dataset shown, or NULL before the first load. */
KcDataset  *kc_window_get_dataset         (KcWindow      *self);
/* Shows @dataset at once, as read from nothing watchable (the bundled
 * data), or the empty state for NULL: cancels any load in progress. */
void        kc_window_set_dataset         (KcWindow      *self,
                                           KcDataset     *dataset);
/* Reads the files of the dataset shown again, in the background. */
void        kc_window_reload              (KcWindow      *self);
/* Stops the load in progress, keeping the data shown. */
void        kc_window_cancel_load         (KcWindow      *self);
gboolean    kc_window_is_loading          (KcWindow      *self);

G_END_DECLS
