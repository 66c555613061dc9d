/* kc-entity-table.h
 * The entities of a dataset: a compact, immutable table for millions of rows. */
#pragma once

#include <glib.h>

#include "kc-problem.h"

G_BEGIN_DECLS

/* The known columns of an entities file. A table's columns are these, in
 * this order, followed by the file's other ("extra") columns. */
typedef enum
{
  KC_ENTITY_FIELD_ID,
  KC_ENTITY_FIELD_NAME,
  KC_ENTITY_FIELD_NAME_EN,
  KC_ENTITY_FIELD_ALIAS,
  KC_ENTITY_FIELD_KIND,
  KC_ENTITY_FIELD_LEVEL,
  KC_ENTITY_FIELD_INDUSTRY,
  KC_ENTITY_FIELD_TOWN,
  KC_ENTITY_FIELD_YEAR,
  KC_ENTITY_FIELD_PARTNERS,
  KC_ENTITY_FIELD_DESCRIPTION,
  KC_ENTITY_FIELD_SOURCE,
  KC_N_ENTITY_FIELDS
} KcEntityField;

/* The code of an empty cell in an interned column. */
#define KC_ENTITY_CODE_NONE G_MAXUINT

/* Maps a header cell to a field, or -1 for an extra column. English or
 * Chinese (id/编号, name/名称/企业名称, name_en/英文名称, alias/简称/别名,
 * kind/类型/类别, level/级别, industry/行业, town/街道/镇街, year/年份/成立年份,
 * partners/合作伙伴/合作单位, description/描述/简介/说明,
 * source/来源/数据来源, and a few more); ignores case, spaces, '_' and '-'. */
int          kc_entity_field_from_header      (const char    *header);
/* The canonical English name: "id", "name", "name_en", … */
const char  *kc_entity_field_to_string        (KcEntityField  field);
/* The translated column title. */
const char  *kc_entity_field_get_display_name (KcEntityField  field);
/* Kind, level, industry, town and year are interned: each distinct value
 * is stored once and rows hold a small code (facets, fast filters). */
gboolean     kc_entity_field_is_interned      (KcEntityField  field);

/* Which CSV column feeds which field. A second column mapping to an
 * already mapped field, and every unknown column, is an extra column that
 * keeps its header text as its name. Immutable, refcounted. */
typedef struct _KcEntitySchema KcEntitySchema;

KcEntitySchema *kc_entity_schema_new           (char *const          *header,
                                                guint                 n_columns);
KcEntitySchema *kc_entity_schema_ref           (KcEntitySchema       *schema);
void            kc_entity_schema_unref         (KcEntitySchema       *schema);
/* The 0-based CSV column of @field, or -1. */
int             kc_entity_schema_get_column    (const KcEntitySchema *schema,
                                                KcEntityField         field);
guint           kc_entity_schema_get_n_extras  (const KcEntitySchema *schema);
const char     *kc_entity_schema_get_extra_name (const KcEntitySchema *schema,
                                                 guint                 extra);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcEntitySchema, kc_entity_schema_unref)

/* Collects the rows of one part of a file. Not thread-safe: the loader
 * gives each thread its own builder. No allocation per row or per cell:
 * strings go into large append-only chunks, rows hold one 32-bit
 * reference, interned cells a 1- to 4-byte code. */
typedef struct _KcEntityBuilder KcEntityBuilder;

KcEntityBuilder *kc_entity_builder_new      (const KcEntitySchema *schema);
/* Frees a builder that was not given to kc_entity_table_merge(). */
void             kc_entity_builder_free     (KcEntityBuilder      *builder);
/* Appends one CSV record (@fields need not be NUL-terminated; a record
 * shorter than the header has empty cells). The id is stored without the
 * spaces around it, interned values trimmed and the year as four ASCII
 * digits; everything else exactly as given. Rejects, with a problem at
 * (@file, @line, column = the field's 1-based number) and returning FALSE:
 * an empty id or name (missing-field), a year that is not a whole number
 * from 1000 to 9999 ("2015", "２０１５", "2015年"; bad-value), a NUL byte
 * (embedded-nul). @line is as the reader gives it (relative to the part);
 * @problems may be NULL. */
gboolean         kc_entity_builder_append   (KcEntityBuilder      *builder,
                                             char *const          *fields,
                                             const gsize          *lengths,
                                             guint                 n_fields,
                                             guint64               line,
                                             const char           *file,
                                             KcProblemList        *problems);
guint            kc_entity_builder_get_n_rows (KcEntityBuilder    *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcEntityBuilder, kc_entity_builder_free)

/* The table: refcounted (atomically), immutable once built, so any thread
 * may read it while another table loads. Strings stay in the builders'
 * chunks (merging copies no text). */
typedef struct _KcEntityTable KcEntityTable;

/* Merges @n builders in order into a table and frees them. @line_offsets
 * (or NULL for zeros) is added to the lines of each part. Then:
 * - duplicate ids: an error (duplicate-id) at the later row's line and id
 *   column naming the first row's line; the later row is dropped;
 * - partners (ids separated by ';' '；' ',' '，' or '、', spaces trimmed) are
 *   resolved to rows: an unknown id (dangling-reference), the row's own id
 *   or an id listed twice is a warning at the row's line and partners
 *   column, and is left out; cycles are fine.
 * Uses several threads for big tables. @problems may be NULL. */
KcEntityTable *kc_entity_table_merge   (KcEntityBuilder **builders,
                                        guint             n,
                                        const guint64    *line_offsets,
                                        const char       *file,
                                        KcProblemList    *problems);
/* Adds the rows of @other (a second entities file) after those of @self,
 * sharing its strings; @other is left unchanged. Known columns match by
 * field, extras by name (case and spaces ignored); new extras are added.
 * A row of @other whose id @self already has is an error (duplicate-id,
 * naming the other file and line) and is dropped. Partners are then
 * resolved again over both files, so a row may name a partner from the
 * other file; the problems of each file's own links were reported when it
 * was merged, so none are added here. Only call it before @self is shared
 * with other threads. */
void           kc_entity_table_append  (KcEntityTable    *self,
                                        KcEntityTable    *other,
                                        KcProblemList    *problems);

KcEntityTable *kc_entity_table_ref     (KcEntityTable    *self);
void           kc_entity_table_unref   (KcEntityTable    *self);

guint          kc_entity_table_get_n_rows       (KcEntityTable *self);
/* KC_N_ENTITY_FIELDS known columns (present in the files or not), then the
 * extras: column c < KC_N_ENTITY_FIELDS is the field c. */
guint          kc_entity_table_get_n_columns    (KcEntityTable *self);
/* Translated title of a known column; an extra's header as in the file. */
const char    *kc_entity_table_get_column_name  (KcEntityTable *self,
                                                 guint          column);
/* Whether any file of the table had this column. */
gboolean       kc_entity_table_has_column       (KcEntityTable *self,
                                                 guint          column);
/* The cell: "" when empty, never NULL; valid while the table lives. */
const char    *kc_entity_table_get              (KcEntityTable *self,
                                                 guint          row,
                                                 guint          column);
/* The founding year, or 0 when empty. */
guint          kc_entity_table_get_year         (KcEntityTable *self,
                                                 guint          row);
/* The row with exactly this id, or -1. */
gint64         kc_entity_table_find_id          (KcEntityTable *self,
                                                 const char    *id);
/* Rows this row lists as partners, in the order listed. */
const guint32 *kc_entity_table_get_partners     (KcEntityTable *self,
                                                 guint          row,
                                                 guint         *n);
/* Rows that list this row as a partner, in row order. */
const guint32 *kc_entity_table_get_partner_of   (KcEntityTable *self,
                                                 guint          row,
                                                 guint         *n);
/* Where the row was read: its first physical line and the file. */
guint64        kc_entity_table_get_line         (KcEntityTable *self,
                                                 guint          row);
const char    *kc_entity_table_get_file         (KcEntityTable *self,
                                                 guint          row);

/* Facets of an interned column: its distinct non-empty values, code 0
 * the most frequent (ties in byte order of the value). */
gboolean       kc_entity_table_column_is_interned (KcEntityTable *self,
                                                   guint          column);
guint          kc_entity_table_get_n_values     (KcEntityTable *self,
                                                 guint          column);
const char    *kc_entity_table_get_value        (KcEntityTable *self,
                                                 guint          column,
                                                 guint          code);
guint          kc_entity_table_get_value_count  (KcEntityTable *self,
                                                 guint          column,
                                                 guint          code);
/* The code of a row's value, or KC_ENTITY_CODE_NONE when empty. */
guint          kc_entity_table_get_code         (KcEntityTable *self,
                                                 guint          row,
                                                 guint          column);

/* The texts search reads (a KcSearchTextFunc with the table as
 * @user_data): the name; the aliases and the English name, as parts of
 * one field; the description. */
const char    *kc_entity_table_get_search_text  (guint          row,
                                                 guint          field,
                                                 gpointer       table);

/* Bytes allocated for the table, its strings and indexes. */
gsize          kc_entity_table_get_memory_size  (KcEntityTable *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcEntityTable, kc_entity_table_unref)

G_END_DECLS
