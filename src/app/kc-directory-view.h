/* kc-directory-view.h
 * The directory: a searchable, faceted list of a dataset's entities. */
#pragma once

#include <adwaita.h>

#include "kc-dataset.h"
#include "kc-entity-model.h"

G_BEGIN_DECLS

#define KC_TYPE_DIRECTORY_VIEW (kc_directory_view_get_type ())

G_DECLARE_FINAL_TYPE (KcDirectoryView, kc_directory_view, KC, DIRECTORY_VIEW, AdwBin)

GtkWidget *kc_directory_view_new             (void);

/* Shows the entities of @dataset (NULL for none); the view keeps a
 * reference. Clears the search and the facets. */
void       kc_directory_view_set_dataset     (KcDirectoryView *self,
                                              KcDataset       *dataset);
KcDataset *kc_directory_view_get_dataset     (KcDirectoryView *self);

/* Focuses the search entry and selects its text (Ctrl+F). */
void       kc_directory_view_focus_search    (KcDirectoryView *self);

/* Selects the entity with this id and scrolls to it, clearing the search
 * and the facets first when they hide it. Returns FALSE for an unknown id. */
gboolean   kc_directory_view_select_entity   (KcDirectoryView *self,
                                              const char      *id);

/* The id of the selected entity, or NULL (property selected-id). */
const char *kc_directory_view_get_selected_id (KcDirectoryView *self);

/* Shows only entities whose @facet is @value (as in the file; NULL for any
 * value), as if chosen in the facet's menu. FALSE for an unknown value. */
gboolean   kc_directory_view_set_facet       (KcDirectoryView *self,
                                              KcEntityFacet    facet,
                                              const char      *value);

/* The KcEntityModel shown, or NULL without entities. */
GListModel *kc_directory_view_get_model      (KcDirectoryView *self);

/* The rows shown (guint32 entity rows, in the shown order), for exporting
 * the filtered rows. Free with g_array_unref(). */
GArray    *kc_directory_view_dup_visible_rows (KcDirectoryView *self);

/* Signal open-indicator (const char *indicator_id): an indicator that
 * mentions the selected entity was activated in the detail pane. */

G_END_DECLS
