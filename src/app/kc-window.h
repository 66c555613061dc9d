/* kc-window.h
 * The main window: header bar, the three views, toasts. */
#pragma once

#include <adwaita.h>

#include "kc-application.h"

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

G_END_DECLS
