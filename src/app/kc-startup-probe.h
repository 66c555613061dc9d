/* kc-startup-probe.h
 * Quits the app after its first drawn frame, for the start-up benchmark. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* When KECHUANG_EXIT_AFTER_FIRST_FRAME is set, the first window quits the
 * application once it has painted a frame; otherwise does nothing. */
void kc_startup_probe_install (GtkApplication *application);

G_END_DECLS
