/* kc-directory-view.c
 * The directory: a searchable, faceted list of a dataset's entities. */
#define G_LOG_DOMAIN "kc-directory-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-directory-view.h"
#include "kc-entity-detail.h"
#include "kc-entity-item.h"
#include "kc-entity-model.h"

/* A facet popover lists at most this many values, the most frequent in
 * the current result first. */
#define MAX_FACET_VALUES 100
/* The partners column names the first few. */
#define MAX_PARTNER_NAMES 3

typedef struct
{
  KcDirectoryView *view;
  KcEntityFacet    facet;
  GtkMenuButton   *button;
  GtkPopover      *popover;
  GtkListBox      *list;
  GArray          *codes;     /* guint, the value of each listed row after "All" */
} FacetUi;

struct _KcDirectoryView
{
  AdwBin               parent_instance;

  KcDataset           *dataset;
  KcEntityTable       *table;      /* the dataset's, or NULL */
  KcEntityModel       *model;
  GtkSingleSelection  *selection;
  GPtrArray           *columns;    /* GtkColumnViewColumn *, shown or not */
  GSimpleActionGroup  *actions;
  FacetUi              facets[KC_N_ENTITY_FACETS];

  guint                selected_row;    /* table row, G_MAXUINT for none */
  guint                select_after;    /* to select when the result comes */
  gboolean             replacing;       /* while the model replaces its rows */
  gboolean             scroll_to_top;   /* a new query or filter */
  gboolean             scroll_to_selected;
  GArray              *probe_log;       /* while reading the sort, else NULL */
  guint                probe_column;

  /* Template children */
  AdwLeaflet          *leaflet;
  GtkSearchEntry      *search_entry;
  GtkFlowBox          *filter_box;
  GtkStack            *list_stack;
  GtkScrolledWindow   *scrolled;
  GtkColumnView       *column_view;
  AdwStatusPage       *no_results_page;
  GtkLabel            *count_label;
  GtkSpinner          *spinner;
  GtkMenuButton       *columns_button;
  GtkWidget           *back_bar;
  KcEntityDetail      *detail;
};

G_DEFINE_FINAL_TYPE (KcDirectoryView, kc_directory_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DATASET,
  PROP_SELECTED_ID,
  N_PROPS
};

enum
{
  OPEN_INDICATOR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The columns shown at first; the others are in the columns menu. */
static const KcEntityField default_columns[] = {
  KC_ENTITY_FIELD_NAME,
  KC_ENTITY_FIELD_KIND,
  KC_ENTITY_FIELD_LEVEL,
  KC_ENTITY_FIELD_INDUSTRY,
  KC_ENTITY_FIELD_TOWN,
  KC_ENTITY_FIELD_YEAR,
};

static gboolean
is_default_column (guint column)
{
  for (guint i = 0; i < G_N_ELEMENTS (default_columns); i++)
    if (default_columns[i] == column)
      return TRUE;
  return FALSE;
}

GtkWidget *
kc_directory_view_new (void)
{
  return g_object_new (KC_TYPE_DIRECTORY_VIEW, NULL);
}

static char *
format_count (guint n)
{
  /* The locale's digit grouping: 1,000,000 in English. */
  return g_strdup_printf ("%'u", n);
}

/* ------------------------------------------------------------ the list */

static gboolean
kc_directory_view_is_filtered (KcDirectoryView *self)
{
  if (self->model == NULL)
    return FALSE;
  if (*kc_entity_model_get_query (self->model) != '\0')
    return TRUE;
  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    if (kc_entity_model_get_facet (self->model, f) != KC_ENTITY_CODE_NONE)
      return TRUE;
  return FALSE;
}

static void
kc_directory_view_update_status (KcDirectoryView *self)
{
  guint n_total = self->table != NULL ? kc_entity_table_get_n_rows (self->table) : 0;
  guint n_shown = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  g_autofree char *total = format_count (n_total);
  g_autofree char *shown = format_count (n_shown);
  g_autofree char *text = NULL;

  if (kc_directory_view_is_filtered (self))
    /* Translators: entities shown of all entities, as in "128 of 1,000,000" */
    text = g_strdup_printf (ngettext ("%s of %s", "%s of %s", n_total), shown, total);
  else
    text = g_strdup_printf (ngettext ("%s entity", "%s entities", n_total), total);
  gtk_label_set_text (self->count_label, text);

  if (n_total == 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else if (n_shown == 0)
    {
      const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
      g_autofree char *description = NULL;

      if (*query != '\0')
        description = g_strdup_printf (_("No entity matches “%s”. Try fewer characters, its pinyin or its initials."), query);
      else
        description = g_strdup (_("No entity has all the chosen values."));
      adw_status_page_set_description (self->no_results_page, description);
      gtk_stack_set_visible_child_name (self->list_stack, "no-results");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
    }
}

static void
kc_directory_view_update_pending (KcDirectoryView *self)
{
  gboolean pending = self->model != NULL && kc_entity_model_get_pending (self->model);

  gtk_spinner_set_spinning (self->spinner, pending);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), pending);
}

static GtkWidget *
kc_directory_view_get_list_view (KcDirectoryView *self)
{
  /* GTK 4.8 has no gtk_column_view_scroll_to(); its list view has the
   * list.scroll-to-item action. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static void
kc_directory_view_scroll_to (KcDirectoryView *self,
                             guint            position)
{
  GtkWidget *list_view = kc_directory_view_get_list_view (self);

  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

static void
kc_directory_view_set_selected_row (KcDirectoryView *self,
                                    guint            row)
{
  if (self->selected_row == row)
    return;

  self->selected_row = row;
  kc_entity_detail_set_row (self->detail, row);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

/* Selects @row if the list shows it; returns whether it does. */
static gboolean
kc_directory_view_show_row (KcDirectoryView *self,
                            guint            row)
{
  guint position = kc_entity_model_find_row (self->model, row);

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  kc_directory_view_set_selected_row (self, row);
  kc_directory_view_scroll_to (self, position);
  return TRUE;
}

static void
on_selection_changed (KcDirectoryView *self)
{
  KcEntityItem *item;

  if (self->replacing)
    return;

  item = gtk_single_selection_get_selected_item (self->selection);
  kc_directory_view_set_selected_row (self, item != NULL ? kc_entity_item_get_row (item) : G_MAXUINT);
}

static void
on_result_will_change (KcDirectoryView *self)
{
  /* Kept in selected_row, and selected again once the rows are replaced. */
  self->replacing = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  /* Before the rows change, so that the new ones show from the top. */
  if (self->select_after == G_MAXUINT &&
      (self->scroll_to_top || (self->scroll_to_selected && self->selected_row == G_MAXUINT)))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
}

static void
on_result_changed (KcDirectoryView *self)
{
  guint position = GTK_INVALID_LIST_POSITION;
  guint wanted = self->select_after != G_MAXUINT ? self->select_after : self->selected_row;

  if (wanted != G_MAXUINT)
    position = kc_entity_model_find_row (self->model, wanted);
  gtk_single_selection_set_selected (self->selection, position);
  self->replacing = FALSE;

  if (position != GTK_INVALID_LIST_POSITION)
    {
      kc_directory_view_set_selected_row (self, wanted);
      if (self->select_after != G_MAXUINT || self->scroll_to_selected)
        kc_directory_view_scroll_to (self, position);
    }
  else if (self->select_after == G_MAXUINT)
    {
      kc_directory_view_set_selected_row (self, G_MAXUINT);
    }
  /* Else a result older than the one asked for: wait for that one. */
  if (position != GTK_INVALID_LIST_POSITION)
    self->select_after = G_MAXUINT;
  self->scroll_to_top = FALSE;
  self->scroll_to_selected = FALSE;

  kc_directory_view_update_status (self);
}

static void
on_pending_changed (KcDirectoryView *self)
{
  kc_directory_view_update_pending (self);
  /* A result identical to the one shown changes no item. */
  if (!kc_entity_model_get_pending (self->model))
    {
      if (self->select_after != G_MAXUINT)
        {
          kc_directory_view_show_row (self, self->select_after);
          self->select_after = G_MAXUINT;
        }
      self->scroll_to_top = FALSE;
      self->scroll_to_selected = FALSE;
      kc_directory_view_update_status (self);
    }
}

static void
on_search_changed (KcDirectoryView *self)
{
  if (self->model == NULL)
    return;

  self->scroll_to_top = TRUE;
  kc_entity_model_set_query (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_search_activate (KcDirectoryView *self)
{
  if (self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return;

  kc_directory_view_show_row (self, kc_entity_model_get_row (self->model, 0));
}

/* Down in the search entry goes to the results, as in a search page. */
static gboolean
on_search_key_pressed (KcDirectoryView       *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  GtkWidget *list_view;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0
      || self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return FALSE;

  list_view = kc_directory_view_get_list_view (self);
  if (list_view == NULL)
    return FALSE;
  if (self->selected_row == G_MAXUINT || kc_entity_model_find_row (self->model, self->selected_row) == G_MAXUINT)
    kc_directory_view_show_row (self, kc_entity_model_get_row (self->model, 0));
  return gtk_widget_grab_focus (list_view);
}

static void
on_stop_search (KcDirectoryView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_row_activated (KcDirectoryView *self,
                  guint            position)
{
  if (self->model == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;

  kc_directory_view_set_selected_row (self, kc_entity_model_get_row (self->model, position));
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

static void
on_back_clicked (KcDirectoryView *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* ------------------------------------------------------------- columns */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  GtkInscription *inscription = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  /* An inscription, not a label: its size does not depend on its text,
   * so a new result redraws the rows on screen but measures none of the
   * 200 rows GTK keeps. */
  gtk_inscription_set_text_overflow (inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  switch (column)
    {
    case KC_ENTITY_FIELD_NAME:
      gtk_inscription_set_min_chars (inscription, 12);
      gtk_inscription_set_nat_chars (inscription, 36);
      break;
    case KC_ENTITY_FIELD_YEAR:
      gtk_inscription_set_min_chars (inscription, 4);
      gtk_inscription_set_nat_chars (inscription, 5);
      gtk_widget_add_css_class (GTK_WIDGET (inscription), "numeric");
      break;
    case KC_ENTITY_FIELD_KIND:
      gtk_inscription_set_min_chars (inscription, 6);
      gtk_inscription_set_nat_chars (inscription, 11);
      break;
    case KC_ENTITY_FIELD_DESCRIPTION:
      gtk_inscription_set_min_chars (inscription, 12);
      gtk_inscription_set_nat_chars (inscription, 48);
      break;
    default:
      /* Chinese characters are about two of these wide. */
      gtk_inscription_set_min_chars (inscription, 4);
      gtk_inscription_set_nat_chars (inscription, 13);
      break;
    }
  gtk_list_item_set_child (list_item, GTK_WIDGET (inscription));
}

static char *
partner_names (KcEntityTable *table,
               guint          row)
{
  GString *names = g_string_new (NULL);
  const guint32 *partners;
  guint n = 0;

  partners = kc_entity_table_get_partners (table, row, &n);
  for (guint i = 0; i < n && i < MAX_PARTNER_NAMES; i++)
    {
      if (i > 0)
        /* Translators: between the names of an entity's partners */
        g_string_append (names, _(", "));
      g_string_append (names, kc_entity_table_get (table, partners[i], KC_ENTITY_FIELD_NAME));
    }
  if (n > MAX_PARTNER_NAMES)
    g_string_append (names, "…");
  return g_string_free (names, FALSE);
}

static void
update_cell (GtkListItem *list_item)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list_item), "kc-column"));
  KcEntityItem *item = gtk_list_item_get_item (list_item);
  GtkInscription *inscription = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));
  const char *text = kc_entity_item_get (item, column);

  if (column == KC_ENTITY_FIELD_KIND && *text != '\0')
    {
      gtk_inscription_set_text (inscription, kc_entity_kind_get_display_name (text));
    }
  else if (column == KC_ENTITY_FIELD_PARTNERS)
    {
      g_autofree char *names = partner_names (kc_entity_item_get_table (item),
                                              kc_entity_item_get_row (item));

      gtk_inscription_set_text (inscription, names);
    }
  else
    {
      gtk_inscription_set_text (inscription, text);
    }
}

/* The height of one line of the cell's text in pixels. GtkInscription
 * asks for a line of the UI language's font, but the names are Chinese
 * whatever that language is: in an English UI the taller CJK fallback
 * font then overflows the cell and its bottom strokes are clipped
 * (上 read as 卜). So the line must also fit the font that draws Chinese. */
static int
cell_line_height (GtkWidget *cell)
{
  PangoContext *context = gtk_widget_get_pango_context (cell);
  PangoLanguage *languages[] = { NULL, pango_language_from_string ("zh-cn") };
  int height = 0;

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, languages[i]);

      height = MAX (height, pango_font_metrics_get_ascent (metrics)
                            + pango_font_metrics_get_descent (metrics));
      pango_font_metrics_unref (metrics);
    }
  return PANGO_PIXELS_CEIL (height);
}

/* A model's item shows another row when the result changes. */
static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  gulong handler;
  int height;

  /* Here, not in setup: the cell is in the window now, so its context
   * has the font it draws with. Measured once for each column's cells:
   * fonts' metrics cost too much for every row bound while scrolling. */
  height = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kc-line-height"));
  if (height == 0)
    {
      height = cell_line_height (cell);
      g_object_set_data (G_OBJECT (factory), "kc-line-height", GINT_TO_POINTER (height));
    }
  gtk_widget_set_size_request (cell, -1, height);
  g_object_set_data (G_OBJECT (list_item), "kc-column", user_data);
  handler = g_signal_connect_swapped (gtk_list_item_get_item (list_item), "notify::row",
                                      G_CALLBACK (update_cell), list_item);
  g_object_set_data (G_OBJECT (list_item), "kc-row-handler", GSIZE_TO_POINTER (handler));
  update_cell (list_item);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "kc-row-handler"));

  g_signal_handler_disconnect (gtk_list_item_get_item (list_item), handler);
}

typedef struct
{
  KcDirectoryView *view;
  guint            column;
} ColumnSort;

/* A column's sorter. The model sorts (in its worker); the column view's
 * sorter only says which columns to sort by: GTK 4.8 has no API to read
 * that (gtk_column_view_sorter_get_nth_sort_column is 4.10), so
 * kc_directory_view_read_sort() asks it to compare two items and watches
 * which column sorters it consults, in which order, and which it inverts. */
static int
compare_column (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  ColumnSort *sort = user_data;
  KcDirectoryView *self = sort->view;

  if (self->probe_log != NULL)
    {
      g_array_append_val (self->probe_log, sort->column);
      return sort->column == self->probe_column ? GTK_ORDERING_SMALLER : GTK_ORDERING_EQUAL;
    }

  return gtk_ordering_from_cmpfunc (g_utf8_collate (kc_entity_item_get ((KcEntityItem *) a, sort->column),
                                                    kc_entity_item_get ((KcEntityItem *) b, sort->column)));
}

static void
kc_directory_view_read_sort (KcDirectoryView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (KcEntitySortKey));
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(KcEntityItem) first = NULL;
  g_autoptr(KcEntityItem) second = NULL;

  if (self->model == NULL || self->table == NULL || kc_entity_table_get_n_rows (self->table) == 0)
    return;

  first = kc_entity_item_new (self->table, 0);
  second = kc_entity_item_new (self->table, 0);

  /* All equal: every sort column is consulted, the first one first. */
  self->probe_log = order;
  self->probe_column = G_MAXUINT;
  gtk_sorter_compare (sorter, first, second);

  for (guint i = 0; i < order->len; i++)
    {
      KcEntitySortKey key;
      g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (guint));

      /* This one says "smaller": the sorter says "larger" if inverted. */
      key.column = g_array_index (order, guint, i);
      self->probe_log = log;
      self->probe_column = key.column;
      key.descending = gtk_sorter_compare (sorter, first, second) == GTK_ORDERING_LARGER;
      g_array_append_val (keys, key);
    }
  self->probe_log = NULL;

  self->scroll_to_selected = TRUE;
  kc_entity_model_set_sort (self->model, (const KcEntitySortKey *) (gpointer) keys->data, keys->len);
}

static void
on_sorter_changed (KcDirectoryView *self)
{
  kc_directory_view_read_sort (self);
}

static gboolean
column_is_shown (GtkColumnViewColumn *column)
{
  return gtk_column_view_column_get_column_view (column) != NULL;
}

/* A hidden column is taken out of the view, not made invisible: GTK 4.8
 * keeps 200 rows alive and makes a cell in each for every column, shown
 * or not, and a new result replaces them all. */
static void
kc_directory_view_show_column (KcDirectoryView     *self,
                               GtkColumnViewColumn *column,
                               gboolean             show)
{
  guint position = 0;

  if (show == column_is_shown (column))
    return;

  if (!show)
    {
      gtk_column_view_remove_column (self->column_view, column);
      return;
    }

  /* In table order among the columns shown. */
  for (guint i = 0; i < self->columns->len && g_ptr_array_index (self->columns, i) != column; i++)
    if (column_is_shown (g_ptr_array_index (self->columns, i)))
      position++;
  gtk_column_view_insert_column (self->column_view, position, column);
}

static void
on_column_visible (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  GtkColumnViewColumn *column = user_data;
  KcDirectoryView *self = g_object_get_data (G_OBJECT (action), "kc-directory-view");

  g_simple_action_set_state (action, state);
  kc_directory_view_show_column (self, column, g_variant_get_boolean (state));
}

static void
kc_directory_view_clear_columns (KcDirectoryView *self)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      GtkColumnViewColumn *column = g_ptr_array_index (self->columns, i);
      g_autofree char *name = g_strdup_printf ("column-%u", i);

      g_action_map_remove_action (G_ACTION_MAP (self->actions), name);
      if (column_is_shown (column))
        gtk_column_view_remove_column (self->column_view, column);
    }
  g_ptr_array_set_size (self->columns, 0);
  gtk_menu_button_set_menu_model (self->columns_button, NULL);
}

static void
kc_directory_view_add_columns (KcDirectoryView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) shown = g_menu_new ();
  guint n_columns = kc_entity_table_get_n_columns (self->table);

  g_menu_append (menu, _("Sort by Relevance"), "directory.unsort");
  g_menu_append_section (menu, _("Columns"), G_MENU_MODEL (shown));

  for (guint c = 0; c < n_columns; c++)
    {
      GtkListItemFactory *factory;
      GtkColumnViewColumn *column;
      ColumnSort *sort;
      g_autoptr(GtkSorter) sorter = NULL;
      g_autoptr(GSimpleAction) action = NULL;
      g_autofree char *name = NULL;
      g_autofree char *detailed = NULL;
      gboolean visible = is_default_column (c);

      /* A known column no file had would be empty. */
      if (!kc_entity_table_has_column (self->table, c))
        continue;

      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (kc_entity_table_get_column_name (self->table, c), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, c == KC_ENTITY_FIELD_NAME || c == KC_ENTITY_FIELD_DESCRIPTION);
      gtk_column_view_column_set_header_menu (column, G_MENU_MODEL (menu));

      sort = g_new (ColumnSort, 1);
      sort->view = self;
      sort->column = c;
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_column, sort, g_free));
      gtk_column_view_column_set_sorter (column, sorter);

      name = g_strdup_printf ("column-%u", self->columns->len);
      action = g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (visible));
      g_object_set_data (G_OBJECT (action), "kc-directory-view", self);
      g_signal_connect_object (action, "change-state", G_CALLBACK (on_column_visible), column, 0);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
      detailed = g_strconcat ("directory.", name, NULL);
      /* The name cannot be hidden: it is the row's title. */
      if (c != KC_ENTITY_FIELD_NAME)
        g_menu_append (shown, kc_entity_table_get_column_name (self->table, c), detailed);

      g_ptr_array_add (self->columns, column);
      if (visible)
        gtk_column_view_append_column (self->column_view, column);
    }

  gtk_menu_button_set_menu_model (self->columns_button, G_MENU_MODEL (menu));
}

static void
on_unsort (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  KcDirectoryView *self = user_data;

  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
}

/* -------------------------------------------------------------- facets */

static guint
facet_column (const FacetUi *ui)
{
  return kc_entity_facet_get_field (ui->facet);
}

static void
facet_update_button (FacetUi *ui)
{
  KcDirectoryView *self = ui->view;
  guint column = facet_column (ui);
  const char *title;
  guint code;
  g_autofree char *label = NULL;

  if (self->table == NULL)
    return;

  title = kc_entity_table_get_column_name (self->table, column);
  code = kc_entity_model_get_facet (self->model, ui->facet);
  if (code == KC_ENTITY_CODE_NONE)
    {
      gtk_menu_button_set_label (ui->button, title);
      gtk_widget_remove_css_class (GTK_WIDGET (ui->button), "accent");
      return;
    }

  {
    const char *value = kc_entity_table_get_value (self->table, column, code);

    if (column == KC_ENTITY_FIELD_KIND)
      value = kc_entity_kind_get_display_name (value);
    /* Translators: a facet button with its chosen value, as in "Kind: Platform" */
    label = g_strdup_printf (_("%s: %s"), title, value);
  }
  gtk_menu_button_set_label (ui->button, label);
  gtk_widget_add_css_class (GTK_WIDGET (ui->button), "accent");
}

static GtkWidget *
facet_row_new (const char *value,
               guint       count,
               gboolean    chosen)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget *label = gtk_label_new (value);
  g_autofree char *number = format_count (count);
  GtkWidget *count_label = gtk_label_new (number);
  g_autofree char *accessible = NULL;

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_opacity (check, chosen ? 1 : 0);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (count_label, "dim-label");
  gtk_widget_add_css_class (count_label, "numeric");
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: a facet value and how many entities have it */
  accessible = g_strdup_printf (_("%s, %s"), value, number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                               GTK_ACCESSIBLE_STATE_SELECTED, chosen,
                               -1);
  return row;
}

typedef struct
{
  const guint *counts;
} CountOrder;

static int
compare_by_count (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const CountOrder *order = user_data;
  guint ca = *(const guint *) a;
  guint cb = *(const guint *) b;

  if (order->counts[ca] != order->counts[cb])
    return order->counts[ca] > order->counts[cb] ? -1 : 1;
  return ca < cb ? -1 : ca > cb;
}

/* Lists "All" and the values present in the current result, by count. */
static void
facet_fill (FacetUi *ui)
{
  KcDirectoryView *self = ui->view;
  guint column = facet_column (ui);
  guint n_values;
  guint chosen;
  g_autofree guint *counts = NULL;
  GtkWidget *child;
  CountOrder order;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (ui->list))) != NULL)
    gtk_list_box_remove (ui->list, child);
  g_array_set_size (ui->codes, 0);
  if (self->model == NULL)
    return;

  n_values = kc_entity_table_get_n_values (self->table, column);
  chosen = kc_entity_model_get_facet (self->model, ui->facet);
  counts = g_new (guint, MAX (n_values, 1));
  for (guint code = 0; code < n_values; code++)
    {
      counts[code] = kc_entity_model_get_facet_count (self->model, ui->facet, code);
      if (counts[code] > 0 || code == chosen)
        g_array_append_val (ui->codes, code);
    }
  order.counts = counts;
  g_array_sort_with_data (ui->codes, compare_by_count, &order);
  if (ui->codes->len > MAX_FACET_VALUES)
    {
      g_array_set_size (ui->codes, MAX_FACET_VALUES);
      if (chosen != KC_ENTITY_CODE_NONE && counts[chosen] < counts[g_array_index (ui->codes, guint, MAX_FACET_VALUES - 1)])
        g_array_index (ui->codes, guint, MAX_FACET_VALUES - 1) = chosen;
    }

  gtk_list_box_append (ui->list, facet_row_new (_("All"),
                                                kc_entity_model_get_facet_any (self->model, ui->facet),
                                                chosen == KC_ENTITY_CODE_NONE));
  for (guint i = 0; i < ui->codes->len; i++)
    {
      guint code = g_array_index (ui->codes, guint, i);
      const char *value = kc_entity_table_get_value (self->table, column, code);

      if (column == KC_ENTITY_FIELD_KIND)
        value = kc_entity_kind_get_display_name (value);
      gtk_list_box_append (ui->list, facet_row_new (value, counts[code], code == chosen));
    }
}

static void
on_facet_popover_show (FacetUi *ui)
{
  /* Filled now with the counts there are, again when the current ones
   * come (facet-counts-changed). */
  if (ui->view->model != NULL)
    kc_entity_model_set_counts_wanted (ui->view->model, TRUE);
  facet_fill (ui);
}

static void
on_facet_popover_closed (FacetUi *ui)
{
  if (ui->view->model != NULL)
    kc_entity_model_set_counts_wanted (ui->view->model, FALSE);
}

static void
on_facet_row_activated (FacetUi       *ui,
                        GtkListBoxRow *row)
{
  KcDirectoryView *self = ui->view;
  int index = gtk_list_box_row_get_index (row);
  guint code = KC_ENTITY_CODE_NONE;

  if (self->model == NULL || index < 0)
    return;
  if (index > 0 && (guint) index <= ui->codes->len)
    code = g_array_index (ui->codes, guint, index - 1);

  gtk_popover_popdown (ui->popover);
  self->scroll_to_top = TRUE;
  kc_entity_model_set_facet (self->model, ui->facet, code);
  facet_update_button (ui);
}

static void
on_facet_counts_changed (KcDirectoryView *self)
{
  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    if (gtk_widget_get_visible (GTK_WIDGET (self->facets[f].popover)))
      facet_fill (&self->facets[f]);
}

static void
kc_directory_view_init_facets (KcDirectoryView *self)
{
  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    {
      FacetUi *ui = &self->facets[f];
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      ui->view = self;
      ui->facet = f;
      ui->codes = g_array_new (FALSE, FALSE, sizeof (guint));
      ui->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
      ui->popover = GTK_POPOVER (gtk_popover_new ());
      ui->list = GTK_LIST_BOX (gtk_list_box_new ());

      gtk_list_box_set_selection_mode (ui->list, GTK_SELECTION_NONE);
      gtk_widget_add_css_class (GTK_WIDGET (ui->list), "navigation-sidebar");
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (ui->list));
      gtk_popover_set_child (ui->popover, scrolled);
      gtk_menu_button_set_popover (ui->button, GTK_WIDGET (ui->popover));
      gtk_menu_button_set_always_show_arrow (ui->button, TRUE);
      gtk_widget_set_name (GTK_WIDGET (ui->button), kc_entity_field_to_string (facet_column (ui)));

      g_signal_connect_swapped (ui->popover, "show", G_CALLBACK (on_facet_popover_show), ui);
      g_signal_connect_swapped (ui->popover, "closed", G_CALLBACK (on_facet_popover_closed), ui);
      g_signal_connect_swapped (ui->list, "row-activated", G_CALLBACK (on_facet_row_activated), ui);
      gtk_flow_box_append (self->filter_box, GTK_WIDGET (ui->button));
    }
}

static void
kc_directory_view_update_facets (KcDirectoryView *self)
{
  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    {
      FacetUi *ui = &self->facets[f];
      guint column = facet_column (ui);
      gboolean shown = self->table != NULL &&
                       kc_entity_table_has_column (self->table, column) &&
                       kc_entity_table_get_n_values (self->table, column) > 0;
      GtkWidget *child = gtk_widget_get_parent (GTK_WIDGET (ui->button));

      gtk_widget_set_visible (child, shown);
      if (shown)
        {
          g_autofree char *label = g_strdup_printf (_("Filter by %s"),
                                                    kc_entity_table_get_column_name (self->table, column));

          gtk_widget_set_tooltip_text (GTK_WIDGET (ui->button), label);
          facet_update_button (ui);
        }
    }
}

/* ----------------------------------------------------------- the dataset */

static void
kc_directory_view_refresh (KcDirectoryView *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), self->model != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->columns_button), self->model != NULL);
  kc_directory_view_update_facets (self);
  kc_directory_view_update_pending (self);
  kc_directory_view_update_status (self);
}

static void
kc_directory_view_clear_model (KcDirectoryView *self)
{
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
}

void
kc_directory_view_set_dataset (KcDirectoryView *self,
                               KcDataset       *dataset)
{
  g_return_if_fail (KC_IS_DIRECTORY_VIEW (self));
  g_return_if_fail (dataset == NULL || KC_IS_DATASET (dataset));

  if (self->dataset == dataset)
    return;

  kc_directory_view_clear_model (self);
  kc_directory_view_clear_columns (self);
  g_clear_pointer (&self->table, kc_entity_table_unref);
  g_set_object (&self->dataset, dataset);
  self->selected_row = G_MAXUINT;
  self->select_after = G_MAXUINT;
  kc_entity_detail_set_dataset (self->detail, dataset);

  if (dataset != NULL && kc_dataset_get_entities (dataset) != NULL)
    {
      self->table = kc_entity_table_ref (kc_dataset_get_entities (dataset));
      self->model = kc_entity_model_new (self->table);
      /* The search stays: typed while a file loaded, or before it was
       * read again, it was lost with the old data. */
      kc_entity_model_set_query (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      g_signal_connect_swapped (self->model, "result-will-change", G_CALLBACK (on_result_will_change), self);
      g_signal_connect_swapped (self->model, "notify::pending", G_CALLBACK (on_pending_changed), self);
      g_signal_connect_swapped (self->model, "facet-counts-changed", G_CALLBACK (on_facet_counts_changed), self);
      /* Keeps its rows while a result is empty (see there). */
      self->selection = gtk_single_selection_new (kc_entity_sticky_list_new (self->model));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      g_signal_connect_swapped (self->model, "result-changed", G_CALLBACK (on_result_changed), self);
      g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
      kc_directory_view_add_columns (self);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
      gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
    }

  kc_directory_view_refresh (self);
  adw_leaflet_set_visible_child_name (self->leaflet, "list");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

KcDataset *
kc_directory_view_get_dataset (KcDirectoryView *self)
{
  g_return_val_if_fail (KC_IS_DIRECTORY_VIEW (self), NULL);

  return self->dataset;
}

void
kc_directory_view_focus_search (KcDirectoryView *self)
{
  g_return_if_fail (KC_IS_DIRECTORY_VIEW (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static gboolean
kc_directory_view_select_row (KcDirectoryView *self,
                              guint            row)
{
  if (self->model == NULL || row >= kc_entity_table_get_n_rows (self->table))
    return FALSE;

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
  if (kc_directory_view_show_row (self, row))
    return TRUE;

  /* Hidden by the search or a facet: show everything, then select it. */
  kc_directory_view_set_selected_row (self, row);
  self->select_after = row;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    {
      kc_entity_model_set_facet (self->model, f, KC_ENTITY_CODE_NONE);
      facet_update_button (&self->facets[f]);
    }
  return TRUE;
}

gboolean
kc_directory_view_select_entity (KcDirectoryView *self,
                                 const char      *id)
{
  gint64 row;

  g_return_val_if_fail (KC_IS_DIRECTORY_VIEW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (self->table == NULL)
    return FALSE;

  row = kc_entity_table_find_id (self->table, id);
  if (row < 0)
    return FALSE;

  return kc_directory_view_select_row (self, (guint) row);
}

const char *
kc_directory_view_get_selected_id (KcDirectoryView *self)
{
  g_return_val_if_fail (KC_IS_DIRECTORY_VIEW (self), NULL);

  if (self->table == NULL || self->selected_row == G_MAXUINT)
    return NULL;

  return kc_entity_table_get (self->table, self->selected_row, KC_ENTITY_FIELD_ID);
}

gboolean
kc_directory_view_set_facet (KcDirectoryView *self,
                             KcEntityFacet    facet,
                             const char      *value)
{
  guint column;
  guint code = KC_ENTITY_CODE_NONE;

  g_return_val_if_fail (KC_IS_DIRECTORY_VIEW (self), FALSE);
  g_return_val_if_fail (facet < KC_N_ENTITY_FACETS, FALSE);

  if (self->model == NULL)
    return FALSE;

  column = kc_entity_facet_get_field (facet);
  if (value != NULL)
    {
      guint n_values = kc_entity_table_get_n_values (self->table, column);

      for (code = 0; code < n_values; code++)
        if (g_strcmp0 (kc_entity_table_get_value (self->table, column, code), value) == 0)
          break;
      if (code == n_values)
        return FALSE;
    }

  self->scroll_to_top = TRUE;
  kc_entity_model_set_facet (self->model, facet, code);
  facet_update_button (&self->facets[facet]);
  return TRUE;
}

GListModel *
kc_directory_view_get_model (KcDirectoryView *self)
{
  g_return_val_if_fail (KC_IS_DIRECTORY_VIEW (self), NULL);

  return self->model != NULL ? G_LIST_MODEL (self->model) : NULL;
}

GArray *
kc_directory_view_dup_visible_rows (KcDirectoryView *self)
{
  GArray *rows;
  const guint32 *data;
  guint n = 0;

  g_return_val_if_fail (KC_IS_DIRECTORY_VIEW (self), NULL);

  rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (self->model == NULL)
    return rows;

  data = kc_entity_model_get_rows (self->model, &n);
  g_array_append_vals (rows, data, n);
  return rows;
}

static void
on_activate_entity (KcDirectoryView *self,
                    guint            row)
{
  kc_directory_view_select_row (self, row);
}

static void
on_open_indicator (KcDirectoryView *self,
                   const char      *id)
{
  g_signal_emit (self, signals[OPEN_INDICATOR], 0, id);
}

static void
kc_directory_view_dispose (GObject *object)
{
  KcDirectoryView *self = KC_DIRECTORY_VIEW (object);

  if (self->column_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
      kc_directory_view_clear_model (self);
      kc_directory_view_clear_columns (self);
    }
  /* AdwBin unparents its child itself: it must not be a dangling one. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KC_TYPE_DIRECTORY_VIEW);
  g_clear_object (&self->dataset);
  g_clear_pointer (&self->table, kc_entity_table_unref);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (kc_directory_view_parent_class)->dispose (object);
}

static void
kc_directory_view_finalize (GObject *object)
{
  KcDirectoryView *self = KC_DIRECTORY_VIEW (object);

  for (guint f = 0; f < KC_N_ENTITY_FACETS; f++)
    g_array_unref (self->facets[f].codes);
  g_ptr_array_unref (self->columns);

  G_OBJECT_CLASS (kc_directory_view_parent_class)->finalize (object);
}

static void
kc_directory_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KcDirectoryView *self = KC_DIRECTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;

    case PROP_SELECTED_ID:
      g_value_set_string (value, kc_directory_view_get_selected_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_directory_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KcDirectoryView *self = KC_DIRECTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      kc_directory_view_set_dataset (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_directory_view_class_init (KcDirectoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kc_directory_view_dispose;
  object_class->finalize = kc_directory_view_finalize;
  object_class->get_property = kc_directory_view_get_property;
  object_class->set_property = kc_directory_view_set_property;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL,
                         KC_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ID] =
    g_param_spec_string ("selected-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An indicator in the detail pane was activated: its id. */
  signals[OPEN_INDICATOR] =
    g_signal_new ("open-indicator",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (KC_TYPE_ENTITY_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kechuang/Kechuang/kc-directory-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, filter_box);
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, count_label);
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, columns_button);
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, back_bar);
  gtk_widget_class_bind_template_child (widget_class, KcDirectoryView, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_entity);
  gtk_widget_class_bind_template_callback (widget_class, on_open_indicator);
}

static void
kc_directory_view_init (KcDirectoryView *self)
{
  static const GActionEntry entries[] = {
    { .name = "unsort", .activate = on_unsort },
  };

  self->selected_row = G_MAXUINT;
  self->select_after = G_MAXUINT;
  self->columns = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "directory", G_ACTION_GROUP (self->actions));

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    /* Before the entry's text, which takes Down for itself. */
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  }
  g_object_bind_property (self->leaflet, "folded", self->back_bar, "visible", G_BINDING_SYNC_CREATE);
  /* In a narrow window the list and the detail take turns: a click on a
   * row opens its detail, as a tap does on a phone and as the indicators'
   * list does; wide, a click selects and a double click activates. */
  g_object_bind_property (self->leaflet, "folded", self->column_view, "single-click-activate",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, G_CONNECT_SWAPPED);
  kc_directory_view_init_facets (self);
  kc_directory_view_refresh (self);
}
