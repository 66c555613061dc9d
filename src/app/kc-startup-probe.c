/* kc-startup-probe.c
 * Quits the app after its first drawn frame, so that tests/bench/run can
 * time a cold start to the first frame: the frame's time is printed on
 * standard output as "first-frame MICROSECONDS" of g_get_monotonic_time(),
 * so that quitting and tearing down are not counted. */
#define G_LOG_DOMAIN "kc-startup-probe"

#include "config.h"

#include "kc-startup-probe.h"

/* Whether @window shows its data yet: a frame of the empty window that
 * waits for the bundled dataset does not count. */
static gboolean
window_has_data (GtkWindow *window)
{
  g_autoptr(GObject) dataset = NULL;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (window), "dataset") == NULL)
    return TRUE;
  g_object_get (window, "dataset", &dataset, NULL);
  return dataset != NULL;
}

static void
on_after_paint (GdkFrameClock  *clock,
                GtkApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (application);

  if (window != NULL && !window_has_data (window))
    return;
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, application);
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (G_APPLICATION (application));
}

static void
on_window_mapped (GtkWidget      *window,
                  GtkApplication *application)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, on_window_mapped, application);
  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), application);
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window)
{
  g_signal_handlers_disconnect_by_func (application, on_window_added, NULL);
  g_signal_connect (window, "map", G_CALLBACK (on_window_mapped), application);
}

void
kc_startup_probe_install (GtkApplication *application)
{
  g_return_if_fail (GTK_IS_APPLICATION (application));

  if (g_getenv ("KECHUANG_EXIT_AFTER_FIRST_FRAME") == NULL)
    return;

  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), NULL);
}
