/* main.c
 * Entry point: sets up gettext and hands over to KcApplication. */
#define G_LOG_DOMAIN "kechuang"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kc-application.h"
#include "kc-chart-render.h"
#include "kc-startup-probe.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KcApplication) app = NULL;
  const char *localedir;

  /* Tests and uninstalled runs point this at <build>/po. */
  localedir = g_getenv ("LOCALEDIR_OVERRIDE");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  kc_chart_prefer_simplified_han ();
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = kc_application_new ();
  kc_startup_probe_install (GTK_APPLICATION (app));

  return g_application_run (G_APPLICATION (app), argc, argv);
}
