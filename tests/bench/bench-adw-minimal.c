/* bench-adw-minimal.c
 * The start-up reference: a minimal libadwaita window that shows one label
 * and quits after its first drawn frame, like kechuang does under
 * KECHUANG_EXIT_AFTER_FIRST_FRAME. */
#include "config.h"

#include <adwaita.h>

#include "kc-startup-probe.h"

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window),
                                      gtk_label_new ("Hello"));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.kechuang.BenchMinimal",
                                                       G_APPLICATION_NON_UNIQUE);

  g_setenv ("KECHUANG_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
  kc_startup_probe_install (GTK_APPLICATION (app));
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
