/* kc-cli.h
 * The headless command-line commands (--check, --export-chart, …). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Adds the command-line options to @app, PATH arguments included (under
 * G_OPTION_REMAINING), and makes an option that does not parse a usage
 * error: call once, before g_application_run(). */
void kc_cli_add_options          (GApplication *app);

/* Called from KcApplication's handle-local-options with the parsed
 * options; returns -1 to continue starting the app, else an exit status. */
int kc_cli_handle_local_options (GApplication *app,
                                 GVariantDict *options);

G_END_DECLS
