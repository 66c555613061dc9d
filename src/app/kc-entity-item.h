/* kc-entity-item.h
 * An entity table row as a list item, made when a list asks. */
#pragma once

#include <glib-object.h>

#include "kc-entity-table.h"

G_BEGIN_DECLS

#define KC_TYPE_ENTITY_ITEM (kc_entity_item_get_type ())

G_DECLARE_FINAL_TYPE (KcEntityItem, kc_entity_item, KC, ENTITY_ITEM, GObject)

/* Keeps a reference to @table. */
KcEntityItem  *kc_entity_item_new       (KcEntityTable *table,
                                         guint          row);
KcEntityTable *kc_entity_item_get_table (KcEntityItem  *self);
/* The row shown (property row, notified when it changes). */
guint          kc_entity_item_get_row   (KcEntityItem  *self);
/* For KcEntityModel, whose items stand for positions (see there). */
void           kc_entity_item_set_row   (KcEntityItem  *self,
                                         guint          row);
/* The cell of @column (see kc_entity_table_get()). */
const char    *kc_entity_item_get       (KcEntityItem  *self,
                                         guint          column);

/* The translated name of a well-known kind value ("platform" → "Platform",
 * "平台"), or @kind itself. */
const char    *kc_entity_kind_get_display_name (const char *kind);

G_END_DECLS
