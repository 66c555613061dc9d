/* kc-entity-detail.h
 * The detail pane of the directory: one entity's fields, partners, the
 * platforms it takes part in and the indicators that mention it. */
#pragma once

#include <adwaita.h>

#include "kc-dataset.h"

G_BEGIN_DECLS

#define KC_TYPE_ENTITY_DETAIL (kc_entity_detail_get_type ())

G_DECLARE_FINAL_TYPE (KcEntityDetail, kc_entity_detail, KC, ENTITY_DETAIL, AdwBin)

GtkWidget *kc_entity_detail_new         (void);

/* The dataset whose entities and indicators are shown; shows no entity. */
void       kc_entity_detail_set_dataset (KcEntityDetail *self,
                                         KcDataset      *dataset);
/* Shows the entity at @row of the dataset's entity table, or none for
 * G_MAXUINT. */
void       kc_entity_detail_set_row     (KcEntityDetail *self,
                                         guint           row);
guint      kc_entity_detail_get_row     (KcEntityDetail *self);

/* The indicators (ids, in dataset order) whose name, description, source
 * or observation notes name the entity at @row (its name or a short name of
 * two or more characters). Free with g_ptr_array_unref(). */
GPtrArray *kc_entity_detail_dup_mentions (KcEntityDetail *self,
                                          guint           row);

G_END_DECLS
