/* kc-entity-detail.c
 * The detail pane of the directory: one entity's fields, partners, the
 * platforms it takes part in and the indicators that mention it. */
#define G_LOG_DOMAIN "kc-entity-detail"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kc-entity-detail.h"
#include "kc-entity-item.h"
#include "kc-format.h"
#include "kc-pinyin.h"

/* A platform may have thousands of partners in a big table; the pane
 * lists the first ones and says how many more there are. */
#define MAX_LINKS 100
/* Shorter names (one character) would be found everywhere. */
#define MIN_MENTION_CHARS 2

/* One indicator's searchable text, folded. */
typedef struct
{
  char *id;
  char *text;
} Mention;

struct _KcEntityDetail
{
  AdwBin                parent_instance;

  KcDataset            *dataset;
  guint                 row;
  GArray               *mentions;        /* Mention, made when first needed */
  GArray               *partner_rows;    /* guint32, as listed */
  GArray               *partner_of_rows; /* guint32, as listed */
  GPtrArray            *mention_ids;     /* as listed */

  /* Template children */
  GtkStack             *stack;
  GtkScrolledWindow    *scrolled;
  GtkLabel             *name_label;
  GtkLabel             *summary_label;
  GtkGrid              *fields_grid;
  AdwPreferencesGroup  *partners_group;
  GtkListBox           *partners_list;
  AdwPreferencesGroup  *partner_of_group;
  GtkListBox           *partner_of_list;
  AdwPreferencesGroup  *mentions_group;
  GtkListBox           *mentions_list;
  GtkLabel             *origin_label;
};

G_DEFINE_FINAL_TYPE (KcEntityDetail, kc_entity_detail, ADW_TYPE_BIN)

enum
{
  ACTIVATE_ENTITY,
  OPEN_INDICATOR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mention_clear (gpointer data)
{
  Mention *mention = data;

  g_free (mention->id);
  g_free (mention->text);
}

GtkWidget *
kc_entity_detail_new (void)
{
  return g_object_new (KC_TYPE_ENTITY_DETAIL, NULL);
}

static KcEntityTable *
kc_entity_detail_get_table (KcEntityDetail *self)
{
  return self->dataset != NULL ? kc_dataset_get_entities (self->dataset) : NULL;
}

static void
append_folded (GString    *text,
               const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  kc_pinyin_fold (part, -1, text);
  /* Folding drops control characters: a match never spans two parts. */
  g_string_append_c (text, '\n');
}

/* The folded name, description, source and notes of every indicator; the
 * notes are interned, so each distinct one is read once per indicator. */
static void
kc_entity_detail_ensure_mentions (KcEntityDetail *self)
{
  guint n;

  if (self->mentions != NULL || self->dataset == NULL)
    return;

  self->mentions = g_array_new (FALSE, FALSE, sizeof (Mention));
  g_array_set_clear_func (self->mentions, mention_clear);
  n = kc_dataset_get_n_indicators (self->dataset);
  for (guint i = 0; i < n; i++)
    {
      const KcIndicator *indicator = kc_dataset_get_indicator (self->dataset, i);
      g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
      GString *text = g_string_new ("\n");
      const KcSeries **series;
      guint n_series = 0;
      Mention mention;

      append_folded (text, indicator->name);
      append_folded (text, indicator->name_en);
      append_folded (text, indicator->description);
      append_folded (text, indicator->source);
      series = kc_dataset_get_series_for (self->dataset, indicator, &n_series);
      for (guint s = 0; s < n_series; s++)
        for (guint p = 0; p < series[s]->points->len; p++)
          {
            const KcObservation *point = &g_array_index (series[s]->points, KcObservation, p);

            if (point->note != NULL && g_hash_table_add (seen, (gpointer) point->note))
              append_folded (text, point->note);
          }

      mention.id = g_strdup (indicator->id);
      mention.text = g_string_free (text, FALSE);
      g_array_append_val (self->mentions, mention);
    }
}

/* The entity's name and each of its short names, folded. */
static GPtrArray *
entity_names (KcEntityTable *table,
              guint          row)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) aliases = NULL;
  GString *folded = g_string_new (NULL);

  kc_pinyin_fold (kc_entity_table_get (table, row, KC_ENTITY_FIELD_NAME), -1, folded);
  g_ptr_array_add (names, g_string_free (folded, FALSE));

  aliases = g_regex_split_simple ("[;,；，、]", kc_entity_table_get (table, row, KC_ENTITY_FIELD_ALIAS), 0, 0);
  for (guint i = 0; aliases[i] != NULL; i++)
    {
      folded = g_string_new (NULL);
      kc_pinyin_fold (aliases[i], -1, folded);
      g_ptr_array_add (names, g_string_free (folded, FALSE));
    }
  return names;
}

GPtrArray *
kc_entity_detail_dup_mentions (KcEntityDetail *self,
                               guint           row)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  KcEntityTable *table;
  g_autoptr(GPtrArray) names = NULL;

  g_return_val_if_fail (KC_IS_ENTITY_DETAIL (self), ids);

  table = kc_entity_detail_get_table (self);
  if (table == NULL || row >= kc_entity_table_get_n_rows (table))
    return ids;

  kc_entity_detail_ensure_mentions (self);
  names = entity_names (table, row);
  for (guint i = 0; i < self->mentions->len; i++)
    {
      const Mention *mention = &g_array_index (self->mentions, Mention, i);

      for (guint n = 0; n < names->len; n++)
        {
          const char *name = g_ptr_array_index (names, n);

          if (g_utf8_strlen (name, -1) >= MIN_MENTION_CHARS && strstr (mention->text, name) != NULL)
            {
              g_ptr_array_add (ids, g_strdup (mention->id));
              break;
            }
        }
    }
  return ids;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
add_link_row (GtkListBox *list,
              const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_list_box_append (list, row);
}

static void
add_more_row (GtkListBox *list,
              guint       n_more)
{
  g_autofree char *number = g_strdup_printf ("%'u", n_more);
  g_autofree char *text = g_strdup_printf (ngettext ("and %s more", "and %s more", n_more), number);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (list, row);
}

/* The kind, level, industry and town, as a line under the name. */
static char *
entity_summary (KcEntityTable *table,
                guint          row)
{
  static const KcEntityField fields[] = {
    KC_ENTITY_FIELD_KIND,
    KC_ENTITY_FIELD_LEVEL,
    KC_ENTITY_FIELD_INDUSTRY,
    KC_ENTITY_FIELD_TOWN,
  };
  GString *summary = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = kc_entity_table_get (table, row, fields[i]);

      if (*value == '\0')
        continue;
      if (fields[i] == KC_ENTITY_FIELD_KIND)
        value = kc_entity_kind_get_display_name (value);
      if (summary->len > 0)
        g_string_append (summary, " · ");
      g_string_append (summary, value);
    }
  return g_string_free (summary, FALSE);
}

static void
fill_links (GtkListBox    *list,
            GArray        *rows,
            KcEntityTable *table,
            const guint32 *links,
            guint          n_links)
{
  clear_list (list);
  g_array_set_size (rows, 0);
  for (guint i = 0; i < n_links && i < MAX_LINKS; i++)
    {
      g_autofree char *summary = entity_summary (table, links[i]);

      add_link_row (list, kc_entity_table_get (table, links[i], KC_ENTITY_FIELD_NAME), summary);
      g_array_append_val (rows, links[i]);
    }
  if (n_links > MAX_LINKS)
    add_more_row (list, n_links - MAX_LINKS);
}

static void
fill_fields (KcEntityDetail *self,
             KcEntityTable  *table,
             guint           row)
{
  guint n_columns = kc_entity_table_get_n_columns (table);
  int line = 0;

  clear_grid (self->fields_grid);
  for (guint column = 0; column < n_columns; column++)
    {
      const char *value = kc_entity_table_get (table, row, column);
      GtkWidget *key_label;
      GtkWidget *value_label;

      /* The name is the title; partners are the links below. */
      if (column == KC_ENTITY_FIELD_NAME || column == KC_ENTITY_FIELD_PARTNERS || *value == '\0')
        continue;
      if (column == KC_ENTITY_FIELD_KIND)
        value = kc_entity_kind_get_display_name (value);

      key_label = gtk_label_new (kc_entity_table_get_column_name (table, column));
      gtk_label_set_xalign (GTK_LABEL (key_label), 0);
      gtk_label_set_yalign (GTK_LABEL (key_label), 0);
      gtk_widget_set_valign (key_label, GTK_ALIGN_START);
      gtk_widget_add_css_class (key_label, "dim-label");

      value_label = gtk_label_new (value);
      gtk_label_set_xalign (GTK_LABEL (value_label), 0);
      gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (value_label), 30);
      gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
      gtk_widget_set_hexpand (value_label, TRUE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, key_label, NULL,
                                      -1);

      gtk_grid_attach (self->fields_grid, key_label, 0, line, 1, 1);
      gtk_grid_attach (self->fields_grid, value_label, 1, line, 1, 1);
      line++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->fields_grid), line > 0);
}

/* The name in the interface language, as the Indicators page shows it. */
static const char *
indicator_name (const KcIndicator *indicator)
{
  if (kc_chart_language_resolve (KC_CHART_LANGUAGE_AUTO) != KC_CHART_LANGUAGE_CHINESE &&
      indicator->name_en != NULL)
    return indicator->name_en;

  return indicator->name;
}

static void
fill_mentions (KcEntityDetail *self,
               guint           row)
{
  clear_list (self->mentions_list);
  g_clear_pointer (&self->mention_ids, g_ptr_array_unref);
  self->mention_ids = kc_entity_detail_dup_mentions (self, row);
  for (guint i = 0; i < self->mention_ids->len; i++)
    {
      const KcIndicator *indicator = kc_dataset_find_indicator (self->dataset,
                                                                g_ptr_array_index (self->mention_ids, i));

      add_link_row (self->mentions_list, indicator_name (indicator), indicator->category);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->mentions_group), self->mention_ids->len > 0);
}

void
kc_entity_detail_set_row (KcEntityDetail *self,
                          guint           row)
{
  KcEntityTable *table;
  const guint32 *links;
  guint n_links = 0;
  g_autofree char *summary = NULL;
  g_autofree char *line = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *origin = NULL;

  g_return_if_fail (KC_IS_ENTITY_DETAIL (self));

  table = kc_entity_detail_get_table (self);
  if (table == NULL || row >= kc_entity_table_get_n_rows (table))
    row = G_MAXUINT;
  if (row == self->row)
    return;
  self->row = row;

  if (row == G_MAXUINT)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  gtk_label_set_text (self->name_label, kc_entity_table_get (table, row, KC_ENTITY_FIELD_NAME));
  summary = entity_summary (table, row);
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), *summary != '\0');
  fill_fields (self, table, row);

  links = kc_entity_table_get_partners (table, row, &n_links);
  fill_links (self->partners_list, self->partner_rows, table, links, n_links);
  gtk_widget_set_visible (GTK_WIDGET (self->partners_group), n_links > 0);

  links = kc_entity_table_get_partner_of (table, row, &n_links);
  fill_links (self->partner_of_list, self->partner_of_rows, table, links, n_links);
  gtk_widget_set_visible (GTK_WIDGET (self->partner_of_group), n_links > 0);

  fill_mentions (self, row);

  basename = g_path_get_basename (kc_entity_table_get_file (table, row));
  line = g_strdup_printf ("%" G_GUINT64_FORMAT, kc_entity_table_get_line (table, row));
  /* Translators: the file an entity was read from, and the line */
  origin = g_strdup_printf (_("From %s, line %s"), basename, line);
  gtk_label_set_text (self->origin_label, origin);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  gtk_stack_set_visible_child_name (self->stack, "entity");
}

guint
kc_entity_detail_get_row (KcEntityDetail *self)
{
  g_return_val_if_fail (KC_IS_ENTITY_DETAIL (self), G_MAXUINT);

  return self->row;
}

void
kc_entity_detail_set_dataset (KcEntityDetail *self,
                              KcDataset      *dataset)
{
  g_return_if_fail (KC_IS_ENTITY_DETAIL (self));
  g_return_if_fail (dataset == NULL || KC_IS_DATASET (dataset));

  kc_entity_detail_set_row (self, G_MAXUINT);
  if (!g_set_object (&self->dataset, dataset))
    return;
  g_clear_pointer (&self->mentions, g_array_unref);
}

static void
on_partner_activated (KcEntityDetail *self,
                      GtkListBoxRow  *row,
                      GtkListBox     *list)
{
  GArray *rows = list == self->partners_list ? self->partner_rows : self->partner_of_rows;
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && (guint) index < rows->len)
    g_signal_emit (self, signals[ACTIVATE_ENTITY], 0, g_array_index (rows, guint32, index));
}

static void
on_mention_activated (KcEntityDetail *self,
                      GtkListBoxRow  *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && (guint) index < self->mention_ids->len)
    g_signal_emit (self, signals[OPEN_INDICATOR], 0, g_ptr_array_index (self->mention_ids, index));
}

static void
kc_entity_detail_dispose (GObject *object)
{
  KcEntityDetail *self = KC_ENTITY_DETAIL (object);

  /* AdwBin unparents its child itself: it must not be a dangling one. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KC_TYPE_ENTITY_DETAIL);
  g_clear_object (&self->dataset);
  g_clear_pointer (&self->mentions, g_array_unref);
  g_clear_pointer (&self->mention_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (kc_entity_detail_parent_class)->dispose (object);
}

static void
kc_entity_detail_finalize (GObject *object)
{
  KcEntityDetail *self = KC_ENTITY_DETAIL (object);

  g_array_unref (self->partner_rows);
  g_array_unref (self->partner_of_rows);

  G_OBJECT_CLASS (kc_entity_detail_parent_class)->finalize (object);
}

static void
kc_entity_detail_class_init (KcEntityDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kc_entity_detail_dispose;
  object_class->finalize = kc_entity_detail_finalize;

  /* A partner or a platform was activated: its row in the entity table. */
  signals[ACTIVATE_ENTITY] =
    g_signal_new ("activate-entity",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[OPEN_INDICATOR] =
    g_signal_new ("open-indicator",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kechuang/Kechuang/kc-entity-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, scrolled);
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, fields_grid);
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, partners_group);
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, partners_list);
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, partner_of_group);
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, partner_of_list);
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, mentions_group);
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, mentions_list);
  gtk_widget_class_bind_template_child (widget_class, KcEntityDetail, origin_label);
}

static void
kc_entity_detail_init (KcEntityDetail *self)
{
  self->row = G_MAXUINT;
  self->partner_rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->partner_of_rows = g_array_new (FALSE, FALSE, sizeof (guint32));

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->partners_list, "row-activated",
                           G_CALLBACK (on_partner_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->partner_of_list, "row-activated",
                           G_CALLBACK (on_partner_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mentions_list, "row-activated",
                           G_CALLBACK (on_mention_activated), self, G_CONNECT_SWAPPED);
}
