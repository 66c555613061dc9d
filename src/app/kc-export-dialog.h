/* kc-export-dialog.h
 * The export dialog: format, size, look and text, a live preview, and the
 * file chooser; writes charts, the dashboard poster and data files. */
#pragma once

#include <adwaita.h>

#include "kc-chart-spec.h"
#include "kc-csv-writer.h"
#include "kc-export-size.h"
#include "kc-poster.h"

G_BEGIN_DECLS

/* The values of the GSettings enum export-format. */
typedef enum
{
  KC_EXPORT_FORMAT_PNG,
  KC_EXPORT_FORMAT_SVG,
  KC_EXPORT_FORMAT_PDF,
  KC_EXPORT_FORMAT_CSV,
} KcExportFormat;

/* Writes a table's header and at most @max_rows data rows (G_MAXUINT for
 * all) to @writer. Called in a worker thread for the export and in the
 * main thread for the preview, so @user_data must be safe to read from
 * both (the dataset's tables are immutable). */
typedef void (*KcExportTableFunc) (KcCsvWriter *writer,
                                   guint        max_rows,
                                   gpointer     user_data);

#define KC_TYPE_EXPORT_DIALOG (kc_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KcExportDialog, kc_export_dialog, KC, EXPORT_DIALOG, AdwWindow)

/* One chart, as PNG, SVG, PDF or its values as CSV. */
KcExportDialog *kc_export_dialog_new_for_chart   (GtkWindow         *parent,
                                                  KcChartSpec       *spec);
/* The dashboard poster, as PNG, PDF or SVG. */
KcExportDialog *kc_export_dialog_new_for_poster  (GtkWindow         *parent,
                                                  KcPoster          *poster);
/* Several charts into a folder, each named after its id as the command
 * line's --export-all names them; @specs and @ids have the same length. */
KcExportDialog *kc_export_dialog_new_for_charts  (GtkWindow         *parent,
                                                  GPtrArray         *specs,
                                                  const char * const *ids);
/* A table as CSV, named after @title. */
KcExportDialog *kc_export_dialog_new_for_table   (GtkWindow         *parent,
                                                  const char        *title,
                                                  KcExportTableFunc  func,
                                                  gpointer           user_data,
                                                  GDestroyNotify     destroy);
/* The rows a chart's CSV gets instead of the chart's own values (the
 * indicator view's table, which shows more columns). */
void            kc_export_dialog_set_table       (KcExportDialog    *self,
                                                  KcExportTableFunc  func,
                                                  gpointer           user_data,
                                                  GDestroyNotify     destroy);

KcExportFormat  kc_export_dialog_get_format      (KcExportDialog    *self);
/* FALSE when this dialog does not offer @format. */
gboolean        kc_export_dialog_set_format      (KcExportDialog    *self,
                                                  KcExportFormat     format);
/* Selects a size preset by id (see kc_export_presets_get(), or "user:"
 * and a saved preset's name); FALSE when there is none. */
gboolean        kc_export_dialog_set_preset      (KcExportDialog    *self,
                                                  const char        *id);
void            kc_export_dialog_get_size        (KcExportDialog    *self,
                                                  KcExportSize      *size);
/* The pixel size of the preview as last drawn; FALSE before the first. */
gboolean        kc_export_dialog_get_preview_size (KcExportDialog   *self,
                                                   int              *width,
                                                   int              *height);
/* The file name suggested for the chosen format. Free with g_free(). */
char           *kc_export_dialog_dup_suggested_name (KcExportDialog *self);
/* TRUE while a file is being written. */
gboolean        kc_export_dialog_get_busy        (KcExportDialog    *self);

/* Writes to @file (a folder for several charts), as the Export button
 * does once the file chooser has answered. Unless @confirmed (the
 * chooser already asked), an existing file is replaced only after the
 * user agrees in a message dialog. Success emits ::exported and closes
 * the dialog; a failure shows the path and the reason in a message
 * dialog and leaves any existing file as it was. */
void            kc_export_dialog_export_to_file  (KcExportDialog    *self,
                                                  GFile             *file,
                                                  gboolean           confirmed);

/* Whether writing @n_names files into @folder (or @folder itself when
 * @names is NULL) replaces files that exist: what the confirmation asks
 * about. Returns how many exist. */
guint           kc_export_count_existing         (GFile             *folder,
                                                  const char * const *names);

G_END_DECLS
