/* kc-cli.h
 * The headless command-line commands (--check, --export-chart, …). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Called from KcApplication's handle-local-options with the parsed
 * options; returns -1 to continue starting the app, else an exit status. */
int kc_cli_handle_local_options (GApplication *app,
                                 GVariantDict *options);

G_END_DECLS
