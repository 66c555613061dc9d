/* kc-cli-private.h
 * Pieces shared by the command-line commands. */
#pragma once

#include <stdio.h>

#include "kc-dataset.h"

G_BEGIN_DECLS

/* Loads @files (GFile*), or the bundled dataset when there are none;
 * prints why and returns NULL when that fails. */
KcDataset *_kc_cli_load           (GPtrArray    *files,
                                   gboolean      keep_good_rows);
void       _kc_cli_print_problems (KcDataset    *dataset,
                                   FILE         *out);
int        _kc_cli_run_export     (GVariantDict *options,
                                   GPtrArray    *files,
                                   const char   *chart_id,
                                   const char   *export_dir);

G_END_DECLS
