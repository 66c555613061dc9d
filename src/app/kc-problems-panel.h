/* kc-problems-panel.h
 * The problems of a load, grouped by file, as selectable text. */
#pragma once

#include <adwaita.h>

#include "kc-dataset.h"

G_BEGIN_DECLS

#define KC_TYPE_PROBLEMS_PANEL (kc_problems_panel_get_type ())

G_DECLARE_FINAL_TYPE (KcProblemsPanel, kc_problems_panel, KC, PROBLEMS_PANEL, AdwBin)

GtkWidget *kc_problems_panel_new         (void);

/* Shows the problems of @dataset (NULL for none); keeps a reference. */
void       kc_problems_panel_set_dataset (KcProblemsPanel *self,
                                          KcDataset       *dataset);
KcDataset *kc_problems_panel_get_dataset (KcProblemsPanel *self);

/* The problems in the order shown, one "file:line:col: code: message" a
 * line: what the Copy button puts on the clipboard. */
char      *kc_problems_panel_dup_text    (KcProblemsPanel *self);

G_END_DECLS
