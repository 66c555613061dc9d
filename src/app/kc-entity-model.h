/* kc-entity-model.h
 * The entities a directory shows: a list model over an array of table rows,
 * searched, filtered by facets and sorted in a worker thread. */
#pragma once

#include <gio/gio.h>

#include "kc-entity-table.h"

G_BEGIN_DECLS

/* The facet columns, in this order. */
typedef enum
{
  KC_ENTITY_FACET_KIND,
  KC_ENTITY_FACET_LEVEL,
  KC_ENTITY_FACET_INDUSTRY,
  KC_ENTITY_FACET_TOWN,
  KC_N_ENTITY_FACETS
} KcEntityFacet;

KcEntityField kc_entity_facet_get_field (KcEntityFacet facet);

/* One key of a sort: a table column, ascending or not. Empty cells sort
 * last both ways; text sorts by its pinyin, then by the text itself. */
typedef struct
{
  guint    column;
  gboolean descending;
} KcEntitySortKey;

#define KC_TYPE_ENTITY_MODEL (kc_entity_model_get_type ())

G_DECLARE_FINAL_TYPE (KcEntityModel, kc_entity_model, KC, ENTITY_MODEL, GObject)

/* A model of KcEntityItems (made on demand) showing every row of @table
 * in table order; starts building the search index in the background. */
KcEntityModel  *kc_entity_model_new            (KcEntityTable         *table);
KcEntityTable  *kc_entity_model_get_table      (KcEntityModel         *self);

/* The rows shown, in order; valid until the result next changes. */
const guint32  *kc_entity_model_get_rows       (KcEntityModel         *self,
                                                guint                 *n_rows);
guint           kc_entity_model_get_row        (KcEntityModel         *self,
                                                guint                  position);
/* The position of table row @row, or GTK_INVALID_LIST_POSITION (G_MAXUINT). */
guint           kc_entity_model_find_row       (KcEntityModel         *self,
                                                guint                  row);

/* Each of these asks for a new result (the changes of one main-loop turn
 * make one request). It is computed in a worker thread (the newest request
 * wins; stale ones are skipped) and replaces the rows shown, or leaves
 * them when they are the same. */
void            kc_entity_model_set_query      (KcEntityModel         *self,
                                                const char            *query);
const char     *kc_entity_model_get_query      (KcEntityModel         *self);
/* Keeps only rows whose @facet has the value @code (of the facet's column;
 * KC_ENTITY_CODE_NONE for any value). Facets combine with AND. */
void            kc_entity_model_set_facet      (KcEntityModel         *self,
                                                KcEntityFacet          facet,
                                                guint                  code);
guint           kc_entity_model_get_facet      (KcEntityModel         *self,
                                                KcEntityFacet          facet);
/* Orders the result by @keys (copied; NULL or none: search relevance, or
 * table order for an empty query). */
void            kc_entity_model_set_sort       (KcEntityModel         *self,
                                                const KcEntitySortKey *keys,
                                                guint                  n_keys);

/* Items stand for positions: the item of a position stays the same object
 * while anyone holds it, and a new result changes its row (notify::row)
 * rather than replacing it; items-changed only tells how the length
 * changed. So the rows GTK keeps on screen are updated, not destroyed and
 * made again, and no items-changed both removes and adds rows (GTK 4.8
 * then makes every added item to look for the removed ones it tracks).
 *
 * Signals result-will-change (guint n_rows, the new length) and
 * result-changed come before and after a new result: a GtkSingleSelection
 * should be emptied on the first, as its item would show another row, and
 * set again on the second. */

/* TRUE from a request until its result is shown. */
gboolean        kc_entity_model_get_pending    (KcEntityModel         *self);

/* Facet counts of the current result (signal facet-counts-changed): how
 * many rows matching the query and the other facets have each value of
 * @facet (so a chosen facet still shows its alternatives), and how many
 * have any value or none. Counted in the worker after each result while
 * they are wanted (a facet's menu is open), so that typing does not pay
 * for them; otherwise the last ones counted (at first the table's). */
void            kc_entity_model_set_counts_wanted (KcEntityModel      *self,
                                                   gboolean            wanted);
guint           kc_entity_model_get_facet_count (KcEntityModel        *self,
                                                 KcEntityFacet         facet,
                                                 guint                 code);
guint           kc_entity_model_get_facet_any   (KcEntityModel        *self,
                                                 KcEntityFacet         facet);

/* The list a GtkColumnView shows: the model's items, except that while a
 * result has no rows (the view shows an empty state instead of the list)
 * it keeps the previous rows. GTK 4.8 keeps 200 rows of widgets alive;
 * emptying the list would destroy them and the next result make them
 * again, a long pause for a keystroke that finds nothing. */
#define KC_TYPE_ENTITY_STICKY_LIST (kc_entity_sticky_list_get_type ())

G_DECLARE_FINAL_TYPE (KcEntityStickyList, kc_entity_sticky_list, KC, ENTITY_STICKY_LIST, GObject)

GListModel     *kc_entity_sticky_list_new          (KcEntityModel      *model);
/* TRUE while it keeps rows the model no longer has. */
gboolean        kc_entity_sticky_list_get_keeping  (KcEntityStickyList *self);

G_END_DECLS
