/* test-directory-view.c
 * The directory: search as you type, facets, the row count, partner links,
 * sorting, and a large generated table searched off the main thread. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "kc-directory-view.h"
#include "kc-entity-detail.h"
#include "kc-entity-item.h"
#include "kc-entity-model.h"
#include "kc-loader.h"
#include "kc-pinyin.h"
#include "kc-test-utils.h"

/* Long enough for the search index of 200,000 rows under a slow CI. */
#define WAIT_TIMEOUT_US (60 * G_USEC_PER_SEC)

typedef struct
{
  KcDataset       *dataset;
  GtkWindow       *window;
  KcDirectoryView *view;
} Fixture;

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until the view's model has shown its newest result. */
static void
wait_for_result (KcDirectoryView *view)
{
  KcEntityModel *model = KC_ENTITY_MODEL (kc_directory_view_get_model (view));
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;
  guint timer = g_timeout_add (10, wake_up, NULL);

  while (kc_entity_model_get_pending (model))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_source_remove (timer);
}

static void
fixture_set_up_with (Fixture   *fixture,
                     KcDataset *dataset)
{
  fixture->dataset = dataset;
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->view = KC_DIRECTORY_VIEW (kc_directory_view_new ());
  g_object_ref_sink (fixture->view);
  gtk_window_set_default_size (fixture->window, 1000, 700);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  kc_directory_view_set_dataset (fixture->view, dataset);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KcDataset *dataset = kc_dataset_load_bundled (&error);

  g_assert_no_error (error);
  fixture_set_up_with (fixture, dataset);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->view);
  g_clear_object (&fixture->dataset);
}

static KcEntityModel *
view_model (Fixture *fixture)
{
  return KC_ENTITY_MODEL (kc_directory_view_get_model (fixture->view));
}

static const char *
row_name (Fixture *fixture,
          guint    position)
{
  KcEntityModel *model = view_model (fixture);

  return kc_entity_table_get (kc_entity_model_get_table (model),
                              kc_entity_model_get_row (model, position),
                              KC_ENTITY_FIELD_NAME);
}

static void
type_query (Fixture    *fixture,
            const char *text)
{
  GtkEditable *entry = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "search_entry");

  gtk_editable_set_text (entry, text);
  wait_for_result (fixture->view);
}

static const char *
count_text (Fixture *fixture)
{
  return gtk_label_get_text (template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "count_label"));
}

static char *
expected_count_text (guint shown,
                     guint total)
{
  g_autofree char *a = g_strdup_printf ("%'u", shown);
  g_autofree char *b = g_strdup_printf ("%'u", total);

  return g_strdup_printf ("%s of %s", a, b);
}

/* The list under the column view's selection. */
static GListModel *
shown_list (Fixture *fixture)
{
  GtkColumnView *column_view = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "column_view");

  return gtk_single_selection_get_model (GTK_SINGLE_SELECTION (gtk_column_view_get_model (column_view)));
}

/* The column view shows the model's rows, position by position. */
static void
assert_shows_model (Fixture *fixture)
{
  KcEntityModel *model = view_model (fixture);
  GListModel *shown = shown_list (fixture);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KcEntityItem) item = g_list_model_get_item (shown, i);

      g_assert_cmpuint (kc_entity_item_get_row (item), ==, kc_entity_model_get_row (model, i));
    }
}

static void
test_search_initials (Fixture       *fixture,
                      gconstpointer  data)
{
  KcEntityTable *table = kc_dataset_get_entities (fixture->dataset);
  g_autofree char *expected = NULL;
  GtkStack *stack = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "list_stack");
  guint n_all = kc_entity_table_get_n_rows (table);
  guint n;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (view_model (fixture))), ==, n_all);

  /* Typed one letter at a time, as a user would. */
  type_query (fixture, "z");
  type_query (fixture, "zx");
  type_query (fixture, "zxj");
  type_query (fixture, "zxjt");
  n = g_list_model_get_n_items (G_LIST_MODEL (view_model (fixture)));
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpstr (row_name (fixture, 0), ==, "中芯集团");
  assert_shows_model (fixture);
  expected = expected_count_text (n, n_all);
  g_assert_cmpstr (count_text (fixture), ==, expected);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");

  /* Chinese and full pinyin reach the same entity. */
  type_query (fixture, "中芯集");
  g_assert_cmpstr (row_name (fixture, 0), ==, "中芯集团");
  type_query (fixture, "zhongxinjituan");
  g_assert_cmpstr (row_name (fixture, 0), ==, "中芯集团");

  /* Down goes from the search to the results, the first one selected. */
  {
    GtkWidget *entry = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "search_entry");
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (entry);
    gboolean handled = FALSE;
    GtkWidget *focus;

    gtk_widget_grab_focus (entry);
    for (guint c = 0; c < g_list_model_get_n_items (controllers) && !handled; c++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Down, 0, (GdkModifierType) 0, &handled);
      }
    g_assert_true (handled);
    focus = gtk_root_get_focus (gtk_widget_get_root (entry));
    g_assert_nonnull (focus);
    g_assert_true (focus == GTK_WIDGET (template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "column_view"))
                   || gtk_widget_is_ancestor (focus, GTK_WIDGET (template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW,
                                                                                  "column_view"))));
    g_assert_cmpstr (kc_directory_view_get_selected_id (fixture->view), ==, "smic-group");
  }

  /* The English name finds it too, ranked like a short name: exactly,
   * then by its start. */
  type_query (fixture, "SMIC Group");
  g_assert_cmpstr (row_name (fixture, 0), ==, "中芯集团");
  type_query (fixture, "smic");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (view_model (fixture))), >=, 2);
  g_assert_cmpstr (row_name (fixture, 0), ==, "中芯国际");
  g_assert_cmpstr (row_name (fixture, 1), ==, "中芯集团");

  /* Nothing found: the model is empty, the list behind the empty state
   * keeps its rows (GTK would destroy and remake them). */
  n = g_list_model_get_n_items (G_LIST_MODEL (view_model (fixture)));
  type_query (fixture, "qqqqzzzz");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (view_model (fixture))), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "no-results");
  g_assert_cmpuint (g_list_model_get_n_items (shown_list (fixture)), ==, n);
  g_assert_true (kc_entity_sticky_list_get_keeping (KC_ENTITY_STICKY_LIST (shown_list (fixture))));

  /* …and shows exactly the model's rows again after. */
  type_query (fixture, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (view_model (fixture))), ==, n_all);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_false (kc_entity_sticky_list_get_keeping (KC_ENTITY_STICKY_LIST (shown_list (fixture))));
  assert_shows_model (fixture);
}

static GtkWidget *
find_named_widget (GtkWidget  *root,
                   const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named_widget (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_kind (KcEntityTable *table,
            const char    *kind)
{
  guint n = 0;

  for (guint r = 0; r < kc_entity_table_get_n_rows (table); r++)
    if (strcmp (kc_entity_table_get (table, r, KC_ENTITY_FIELD_KIND), kind) == 0)
      n++;
  return n;
}

/* The count shown beside a value in an open facet menu. */
static const char *
facet_row_count (GtkWidget  *popover,
                 const char *value)
{
  GtkWidget *label = find_label (popover, value);
  GtkWidget *count;

  g_assert_nonnull (label);
  count = gtk_widget_get_next_sibling (label);
  g_assert_true (GTK_IS_LABEL (count));
  return gtk_label_get_text (GTK_LABEL (count));
}

static GtkWidget *
open_facet (Fixture    *fixture,
            GtkWidget  *button)
{
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  /* The counts of the current result are made when the menu opens. */
  wait_for_result (fixture->view);
  return GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
}

static void
assert_count (const char *text,
              guint       n)
{
  g_autofree char *expected = g_strdup_printf ("%'u", n);

  g_assert_cmpstr (text, ==, expected);
}

/* Choosing "Platform" in the kind facet's popover, as a user does. */
static void
test_facet (Fixture       *fixture,
            gconstpointer  data)
{
  KcEntityTable *table = kc_dataset_get_entities (fixture->dataset);
  guint n_all = kc_entity_table_get_n_rows (table);
  guint n_platforms = count_kind (table, "platform");
  guint n_enterprises = count_kind (table, "enterprise");
  GtkWidget *button = find_named_widget (GTK_WIDGET (fixture->view), "kind");
  GtkWidget *popover;
  GtkWidget *row;
  KcEntityModel *model = view_model (fixture);
  g_autofree char *expected = NULL;
  guint n;

  g_assert_cmpuint (n_platforms, >, 0);
  g_assert_true (GTK_IS_MENU_BUTTON (button));
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Kind");

  /* Each value with its count in the whole table. */
  popover = open_facet (fixture, button);
  assert_count (facet_row_count (popover, "Platform"), n_platforms);
  assert_count (facet_row_count (popover, "Enterprise"), n_enterprises);
  assert_count (facet_row_count (popover, "All"), n_all);
  row = gtk_widget_get_ancestor (find_label (popover, "Platform"), GTK_TYPE_LIST_BOX_ROW);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  wait_for_result (fixture->view);
  g_assert_false (gtk_widget_get_visible (popover));

  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, n_platforms);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (kc_entity_table_get (table, kc_entity_model_get_row (model, i), KC_ENTITY_FIELD_KIND),
                     ==, "platform");
  expected = expected_count_text (n_platforms, n_all);
  g_assert_cmpstr (count_text (fixture), ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Kind: Platform");

  /* The kind facet still counts the other kinds, to switch to them. */
  popover = open_facet (fixture, button);
  assert_count (facet_row_count (popover, "Enterprise"), n_enterprises);
  assert_count (facet_row_count (popover, "Platform"), n_platforms);
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* With a search: both at once, and the counts follow the search. */
  type_query (fixture, "平台");
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, n_platforms);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (kc_entity_table_get (table, kc_entity_model_get_row (model, i), KC_ENTITY_FIELD_KIND),
                     ==, "platform");
  expected = expected_count_text (n, n_all);
  g_assert_cmpstr (count_text (fixture), ==, expected);
  g_clear_pointer (&expected, g_free);
  popover = open_facet (fixture, button);
  assert_count (facet_row_count (popover, "Platform"), n);
  gtk_popover_popdown (GTK_POPOVER (popover));

  g_assert_false (kc_directory_view_set_facet (fixture->view, KC_ENTITY_FACET_KIND, "no such kind"));
  g_assert_true (kc_directory_view_set_facet (fixture->view, KC_ENTITY_FACET_KIND, NULL));
  type_query (fixture, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_all);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Kind");
}

static void
test_partner_link (Fixture       *fixture,
                   gconstpointer  data)
{
  KcEntityTable *table = kc_dataset_get_entities (fixture->dataset);
  KcEntityDetail *detail = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "detail");
  GtkListBox *partners = template_child (detail, KC_TYPE_ENTITY_DETAIL, "partners_list");
  GtkListBox *partner_of = template_child (detail, KC_TYPE_ENTITY_DETAIL, "partner_of_list");
  GtkSingleSelection *selection;
  gint64 platform = kc_entity_table_find_id (table, "pilot-env-materials");
  const guint32 *links;
  guint n_links = 0;
  GtkListBoxRow *row;
  const char *partner_id;
  KcEntityItem *item;

  g_assert_cmpint (platform, >=, 0);
  links = kc_entity_table_get_partners (table, platform, &n_links);
  g_assert_cmpuint (n_links, >=, 2);

  /* The search shows the platform but hides its partners. */
  type_query (fixture, "znhhjgncl");
  g_assert_true (kc_directory_view_select_entity (fixture->view, "pilot-env-materials"));
  wait_for_result (fixture->view);
  g_assert_cmpstr (kc_directory_view_get_selected_id (fixture->view), ==, "pilot-env-materials");
  g_assert_cmpuint (kc_entity_detail_get_row (detail), ==, platform);
  g_assert_null (gtk_list_box_get_row_at_index (partners, n_links));

  /* The second partner: activating it selects it, clearing the search. */
  row = gtk_list_box_get_row_at_index (partners, 1);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   kc_entity_table_get (table, links[1], KC_ENTITY_FIELD_NAME));
  partner_id = kc_entity_table_get (table, links[1], KC_ENTITY_FIELD_ID);
  g_signal_emit_by_name (partners, "row-activated", row);
  wait_for_result (fixture->view);

  g_assert_cmpstr (kc_directory_view_get_selected_id (fixture->view), ==, partner_id);
  g_assert_cmpuint (kc_entity_detail_get_row (detail), ==, links[1]);
  g_assert_cmpstr (gtk_editable_get_text (template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "search_entry")),
                   ==, "");
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW,
                                                                              "column_view")));
  item = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (item);
  g_assert_cmpuint (kc_entity_item_get_row (item), ==, links[1]);

  /* The partner lists the platform it takes part in: back to it. */
  row = gtk_list_box_get_row_at_index (partner_of, 0);
  g_assert_nonnull (row);
  g_signal_emit_by_name (partner_of, "row-activated", row);
  wait_for_result (fixture->view);
  g_assert_cmpstr (kc_directory_view_get_selected_id (fixture->view), ==, "pilot-env-materials");

  /* A selection stays selected while a search still shows it. */
  type_query (fixture, "中试");
  g_assert_cmpstr (kc_directory_view_get_selected_id (fixture->view), ==, "pilot-env-materials");
  item = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (item);
  g_assert_cmpuint (kc_entity_item_get_row (item), ==, platform);
  type_query (fixture, "中芯集团");
  g_assert_null (kc_directory_view_get_selected_id (fixture->view));

  g_assert_false (kc_directory_view_select_entity (fixture->view, "no-such-id"));
}

static gboolean
indicator_mentions (KcDataset         *dataset,
                    const KcIndicator *indicator,
                    const char        *name)
{
  const KcSeries **series;
  guint n_series = 0;

  if (strstr (indicator->name, name) != NULL ||
      (indicator->description != NULL && strstr (indicator->description, name) != NULL) ||
      (indicator->source != NULL && strstr (indicator->source, name) != NULL))
    return TRUE;

  series = kc_dataset_get_series_for (dataset, indicator, &n_series);
  for (guint s = 0; s < n_series; s++)
    for (guint p = 0; p < series[s]->points->len; p++)
      {
        const char *note = g_array_index (series[s]->points, KcObservation, p).note;

        if (note != NULL && strstr (note, name) != NULL)
          return TRUE;
      }
  return FALSE;
}

static void
store_string (char       **out,
              const char  *text)
{
  g_free (*out);
  *out = g_strdup (text);
}

static void
test_mentions (Fixture       *fixture,
               gconstpointer  data)
{
  KcEntityTable *table = kc_dataset_get_entities (fixture->dataset);
  KcEntityDetail *detail = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "detail");
  GtkListBox *mentions = template_child (detail, KC_TYPE_ENTITY_DETAIL, "mentions_list");
  gint64 smic = kc_entity_table_find_id (table, "smic-group");
  g_autoptr(GPtrArray) ids = NULL;
  guint n_expected = 0;
  guint i = 0;

  g_assert_cmpint (smic, >=, 0);
  ids = kc_entity_detail_dup_mentions (detail, smic);
  for (guint k = 0; k < kc_dataset_get_n_indicators (fixture->dataset); k++)
    {
      const KcIndicator *indicator = kc_dataset_get_indicator (fixture->dataset, k);

      if (!indicator_mentions (fixture->dataset, indicator, "中芯集团"))
        continue;
      g_assert_cmpuint (i, <, ids->len);
      g_assert_cmpstr (g_ptr_array_index (ids, i), ==, indicator->id);
      i++;
      n_expected++;
    }
  g_assert_cmpuint (ids->len, ==, n_expected);
  g_assert_cmpuint (n_expected, >=, 1);

  /* Shown in the pane, and activating one asks to open it. */
  g_assert_true (kc_directory_view_select_entity (fixture->view, "smic-group"));
  g_assert_nonnull (gtk_list_box_get_row_at_index (mentions, n_expected - 1));
  g_assert_null (gtk_list_box_get_row_at_index (mentions, n_expected));
  {
    g_autofree char *opened = NULL;
    gulong id = g_signal_connect_swapped (fixture->view, "open-indicator", G_CALLBACK (store_string), &opened);

    g_signal_emit_by_name (mentions, "row-activated", gtk_list_box_get_row_at_index (mentions, 0));
    g_assert_cmpstr (opened, ==, g_ptr_array_index (ids, 0));
    g_signal_handler_disconnect (fixture->view, id);
  }

  /* Named in the interface's language: the tests run in English. */
  for (i = 0; i < ids->len; i++)
    {
      const KcIndicator *indicator = kc_dataset_find_indicator (fixture->dataset, g_ptr_array_index (ids, i));
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (mentions, i);

      g_assert_nonnull (indicator->name_en);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, indicator->name_en);
    }
}

static void
check_sorted (KcEntityModel *model,
              gboolean       descending)
{
  KcEntityTable *table = kc_entity_model_get_table (model);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_autofree char *previous = NULL;

  for (guint i = 0; i < n; i++)
    {
      char *key = kc_pinyin_full (kc_entity_table_get (table, kc_entity_model_get_row (model, i),
                                                       KC_ENTITY_FIELD_NAME));

      if (previous != NULL)
        {
          int order = strcmp (previous, key);

          g_assert_cmpint (descending ? -order : order, <=, 0);
        }
      g_free (previous);
      previous = key;
    }
}

static void
test_sort (Fixture       *fixture,
           gconstpointer  data)
{
  GtkColumnView *column_view = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "column_view");
  GListModel *columns = gtk_column_view_get_columns (column_view);
  g_autoptr(GtkColumnViewColumn) name_column = NULL;
  KcEntityModel *model = view_model (fixture);

  for (guint i = 0; i < g_list_model_get_n_items (columns) && name_column == NULL; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), "Name") == 0)
        name_column = g_steal_pointer (&column);
    }
  g_assert_nonnull (name_column);
  g_assert_true (gtk_column_view_column_get_visible (name_column));

  gtk_column_view_sort_by_column (column_view, name_column, GTK_SORT_ASCENDING);
  wait_for_result (fixture->view);
  check_sorted (model, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    kc_entity_table_get_n_rows (kc_dataset_get_entities (fixture->dataset)));

  gtk_column_view_sort_by_column (column_view, name_column, GTK_SORT_DESCENDING);
  wait_for_result (fixture->view);
  check_sorted (model, TRUE);

  /* Sorted results of a search. */
  type_query (fixture, "b");
  check_sorted (model, TRUE);

  /* Back to relevance: a name or short name whose initials start with b
   * (北仑…) before those with a b inside. */
  gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
  wait_for_result (fixture->view);
  {
    KcEntityTable *table = kc_entity_model_get_table (model);
    guint32 row = kc_entity_model_get_row (model, 0);
    g_autofree char *name = kc_pinyin_initials (kc_entity_table_get (table, row, KC_ENTITY_FIELD_NAME));
    g_autofree char *alias = kc_pinyin_initials (kc_entity_table_get (table, row, KC_ENTITY_FIELD_ALIAS));

    g_assert_true (name[0] == 'b' || alias[0] == 'b');
  }
}

static GtkColumnViewColumn *
find_column (GtkColumnView *column_view,
             const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  return NULL;
}

/* Shows the optional column @title, as its item in the columns menu does. */
static void
show_column (KcDirectoryView *view,
             const char      *title)
{
  GtkMenuButton *button = template_child (view, KC_TYPE_DIRECTORY_VIEW, "columns_button");
  g_autoptr(GMenuModel) section = g_menu_model_get_item_link (gtk_menu_button_get_menu_model (button), 1,
                                                              G_MENU_LINK_SECTION);

  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;

      if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
          g_str_equal (label, title) &&
          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        {
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), action, NULL));
          return;
        }
    }
  g_error ("no column %s in the menu", title);
}

/* Optional columns come and go from the columns menu, in table order. */
static void
test_columns (Fixture       *fixture,
              gconstpointer  data)
{
  GtkColumnView *column_view = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "column_view");
  GListModel *columns = gtk_column_view_get_columns (column_view);
  GtkMenuButton *button = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "columns_button");
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);
  GMenuModel *section;
  g_autofree char *action = NULL;
  g_autofree char *label = NULL;
  guint n_shown = g_list_model_get_n_items (columns);
  g_autoptr(GtkColumnViewColumn) first = NULL;

  /* The default columns: name, kind, level, industry, town, year. */
  g_assert_cmpuint (n_shown, ==, 6);
  g_assert_nonnull (find_column (column_view, "Name"));
  g_assert_nonnull (find_column (column_view, "Year"));
  g_assert_null (find_column (column_view, "ID"));

  /* The menu lists the others; ID is its first item. */
  g_assert_nonnull (menu);
  section = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  g_assert_nonnull (section);
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "ID");
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
  g_object_unref (section);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), action, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, n_shown + 1);
  first = g_list_model_get_item (columns, 0);
  g_assert_cmpstr (gtk_column_view_column_get_title (first), ==, "ID");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), action, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, n_shown);
  g_assert_null (find_column (column_view, "ID"));
}

static void
test_empty_dataset (void)
{
  Fixture fixture;
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = kc_test_write_file (dir, "observations.csv",
                                              "indicator,period,value\nx,2017,1\n", -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  KcDataset *dataset = kc_dataset_load (&file, 1, KC_LOAD_DEFAULT, NULL, NULL, NULL, &error);
  GtkStack *stack;

  g_assert_no_error (error);
  fixture_set_up_with (&fixture, dataset);
  stack = template_child (fixture.view, KC_TYPE_DIRECTORY_VIEW, "list_stack");
  g_assert_null (kc_directory_view_get_model (fixture.view));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (count_text (&fixture), ==, "0 entities");
  g_assert_false (kc_directory_view_select_entity (fixture.view, "x"));
  fixture_tear_down (&fixture, NULL);
  kc_test_remove_tree (dir);
}

/* Names from a few syllables, so that a two-character query matches many
 * rows and a four-character one a few. */
static const char *const syllables[] = {
  "宁", "波", "北", "仑", "模", "具", "海", "天", "芯", "华", "金", "港", "新", "材", "料", "科",
};

static void
generated_name (guint    row,
                GString *out)
{
  guint h = row * 2654435761u;

  g_string_truncate (out, 0);
  for (guint i = 0; i < 4; i++)
    g_string_append (out, syllables[(h >> (i * 4 + 8)) & 15]);
  g_string_append (out, row % 3 == 0 ? "有限公司" : "研究院");
}

/* Every eleventh row's short name: its name's last two syllables, so that
 * names that are equal can be ranked apart. */
static void
generated_alias (guint    row,
                 GString *out)
{
  guint h = row * 2654435761u;

  g_string_truncate (out, 0);
  if (row % 11 != 0)
    return;
  for (guint i = 2; i < 4; i++)
    g_string_append (out, syllables[(h >> (i * 4 + 8)) & 15]);
}

static gboolean
folded_contains (const char *text,
                 const char *query)
{
  return strstr (text, query) != NULL;
}

static void
test_large_table (void)
{
  Fixture fixture;
  const guint n_rows = 200000;
  const char *const queries[] = { "宁波", "宁波模", "波仑" };
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autoptr(GString) csv = g_string_new ("id,name,alias,kind,industry,description,code\n");
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) alias = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  KcDataset *dataset;
  KcEntityTable *table;
  KcEntityModel *model;

  for (guint r = 0; r < n_rows; r++)
    {
      generated_name (r, name);
      generated_alias (r, alias);
      g_string_append_printf (csv, "e%u,%s,%s,%s,%s,%s,", r, name->str, alias->str,
                              r % 5 == 0 ? "platform" : "enterprise",
                              syllables[r % 16],
                              r % 7 == 0 ? "位于宁波北仑" : "");
      /* A column of many values and many empty cells. */
      if (r % 3 != 0)
        g_string_append_printf (csv, "k%07u", (r * 7919u) % 1000003u);
      g_string_append_c (csv, '\n');
    }
  path = kc_test_write_file (dir, "entities.csv", csv->str, csv->len);
  file = g_file_new_for_path (path);
  dataset = kc_dataset_load (&file, 1, KC_LOAD_DEFAULT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  table = kc_dataset_get_entities (dataset);
  g_assert_cmpuint (kc_entity_table_get_n_rows (table), ==, n_rows);

  fixture_set_up_with (&fixture, dataset);
  model = view_model (&fixture);

  /* Only what the file has: no level, town or year column or facet. */
  g_assert_true (gtk_widget_is_visible (find_named_widget (GTK_WIDGET (fixture.view), "kind")));
  g_assert_false (gtk_widget_is_visible (find_named_widget (GTK_WIDGET (fixture.view), "town")));
  g_assert_null (find_column (template_child (fixture.view, KC_TYPE_DIRECTORY_VIEW, "column_view"), "Town"));
  g_assert_nonnull (find_column (template_child (fixture.view, KC_TYPE_DIRECTORY_VIEW, "column_view"), "Industry"));

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autofree guint8 *shown = g_new0 (guint8, n_rows);
      guint n_expected = 0;
      guint n;
      gboolean in_prefix = TRUE;

      type_query (&fixture, queries[q]);
      assert_shows_model (&fixture);
      n = g_list_model_get_n_items (G_LIST_MODEL (model));
      for (guint i = 0; i < n; i++)
        {
          guint32 row = kc_entity_model_get_row (model, i);
          const char *row_name_text = kc_entity_table_get (table, row, KC_ENTITY_FIELD_NAME);
          const char *row_alias = kc_entity_table_get (table, row, KC_ENTITY_FIELD_ALIAS);

          g_assert_cmpuint (shown[row], ==, 0);
          shown[row] = 1;
          /* Names and short names that start with the query come first
           * (a short name is part of its name, so it matches no more). */
          if (!g_str_has_prefix (row_name_text, queries[q]) &&
              !(row_alias != NULL && g_str_has_prefix (row_alias, queries[q])))
            in_prefix = FALSE;
          else
            g_assert_true (in_prefix);
        }
      for (guint r = 0; r < n_rows; r++)
        {
          gboolean match = folded_contains (kc_entity_table_get (table, r, KC_ENTITY_FIELD_NAME), queries[q]) ||
                           folded_contains (kc_entity_table_get (table, r, KC_ENTITY_FIELD_DESCRIPTION), queries[q]);

          g_assert_cmpuint (shown[r], ==, match);
          n_expected += match;
        }
      g_assert_cmpuint (n, ==, n_expected);
      g_assert_cmpuint (n, >, 0);
    }

  /* Sorted by name: many names share their first syllables, so the sort
   * goes past the first eight bytes of the keys; equal names keep their
   * order. */
  type_query (&fixture, "");
  {
    GtkColumnView *column_view = template_child (fixture.view, KC_TYPE_DIRECTORY_VIEW, "column_view");
    GtkColumnViewColumn *name_column = find_column (column_view, "Name");
    const guint32 *rows;
    guint n = 0;

    gtk_column_view_sort_by_column (column_view, name_column, GTK_SORT_ASCENDING);
    wait_for_result (fixture.view);
    check_sorted (model, FALSE);
    assert_shows_model (&fixture);
    rows = kc_entity_model_get_rows (model, &n);
    g_assert_cmpuint (n, ==, n_rows);
    for (guint i = 1; i < n; i++)
      if (strcmp (kc_entity_table_get (table, rows[i - 1], KC_ENTITY_FIELD_NAME),
                  kc_entity_table_get (table, rows[i], KC_ENTITY_FIELD_NAME)) == 0)
        g_assert_cmpuint (rows[i - 1], <, rows[i]);
    gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
    wait_for_result (fixture.view);
  }

  /* Search results sorted by name: equal names keep the order the search
   * ranked them in. A few results are sorted by themselves; most of the
   * table (n: half the rows and more) by reading the column's order. */
  for (guint q = 0; q < 2; q++)
    for (guint descending = 0; descending < 2; descending++)
      {
        GtkColumnView *column_view = template_child (fixture.view, KC_TYPE_DIRECTORY_VIEW, "column_view");
        g_autofree guint32 *ranked = g_new (guint32, n_rows);
        const guint32 *rows;
        guint n = 0, n_ties = 0, n_out_of_row_order = 0;

        type_query (&fixture, q == 0 ? queries[0] : "n");
        rows = kc_entity_model_get_rows (model, &n);
        if (q == 0)
          g_assert_cmpuint (n, <, n_rows / 2);
        else
          g_assert_cmpuint (n, >=, n_rows / 2);
        for (guint i = 0; i < n; i++)
          ranked[rows[i]] = i;
        gtk_column_view_sort_by_column (column_view, find_column (column_view, "Name"),
                                        descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
        wait_for_result (fixture.view);
        check_sorted (model, descending);
        rows = kc_entity_model_get_rows (model, &n);
        for (guint i = 1; i < n; i++)
          if (strcmp (kc_entity_table_get (table, rows[i - 1], KC_ENTITY_FIELD_NAME),
                      kc_entity_table_get (table, rows[i], KC_ENTITY_FIELD_NAME)) == 0)
            {
              g_assert_cmpuint (ranked[rows[i - 1]], <, ranked[rows[i]]);
              n_ties++;
              n_out_of_row_order += rows[i - 1] > rows[i];
            }
        g_assert_cmpuint (n_ties, >, 100);
        /* Some equal names were ranked apart (by name, then short name
         * or description), so the input order is not the row order. */
        g_assert_cmpuint (n_out_of_row_order, >, 0);
        gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
        wait_for_result (fixture.view);
      }

  /* Most of the table sorted by name and then by industry (the column
   * sorted by before), and by a column that is mostly empty cells: equal
   * keys keep the order the search ranked them in, empty cells last. */
  {
    GtkColumnView *column_view = template_child (fixture.view, KC_TYPE_DIRECTORY_VIEW, "column_view");
    g_autofree guint32 *ranked = g_new (guint32, n_rows);
    const guint32 *rows;
    guint n = 0, n_industry_ties = 0, n_empty = 0;
    guint code = KC_N_ENTITY_FIELDS;

    while (g_strcmp0 (kc_entity_table_get_column_name (table, code), "code") != 0)
      code++;
    type_query (&fixture, "n");
    rows = kc_entity_model_get_rows (model, &n);
    g_assert_cmpuint (n, >=, n_rows / 2);
    for (guint i = 0; i < n; i++)
      ranked[rows[i]] = i;

    /* Clicking a second header keeps the first as the next key; the
     * column view's API sets one column only, so the model is asked. */
    {
      const KcEntitySortKey keys[] = {
        { KC_ENTITY_FIELD_NAME, FALSE },
        { KC_ENTITY_FIELD_INDUSTRY, FALSE },
      };

      kc_entity_model_set_sort (model, keys, G_N_ELEMENTS (keys));
      wait_for_result (fixture.view);
    }
    check_sorted (model, FALSE);
    rows = kc_entity_model_get_rows (model, &n);
    for (guint i = 1; i < n; i++)
      if (strcmp (kc_entity_table_get (table, rows[i - 1], KC_ENTITY_FIELD_NAME),
                  kc_entity_table_get (table, rows[i], KC_ENTITY_FIELD_NAME)) == 0)
        {
          g_autofree char *a = kc_pinyin_full (kc_entity_table_get (table, rows[i - 1], KC_ENTITY_FIELD_INDUSTRY));
          g_autofree char *b = kc_pinyin_full (kc_entity_table_get (table, rows[i], KC_ENTITY_FIELD_INDUSTRY));
          int order = strcmp (a, b);

          g_assert_cmpint (order, <=, 0);
          if (order == 0)
            {
              g_assert_cmpuint (ranked[rows[i - 1]], <, ranked[rows[i]]);
              n_industry_ties++;
            }
        }
    g_assert_cmpuint (n_industry_ties, >, 10);
    kc_entity_model_set_sort (model, NULL, 0);
    wait_for_result (fixture.view);

    show_column (fixture.view, "code");
    gtk_column_view_sort_by_column (column_view, find_column (column_view, "code"), GTK_SORT_ASCENDING);
    wait_for_result (fixture.view);
    rows = kc_entity_model_get_rows (model, &n);
    for (guint i = 1; i < n; i++)
      {
        const char *a = kc_entity_table_get (table, rows[i - 1], code);
        const char *b = kc_entity_table_get (table, rows[i], code);

        if (*b == '\0')
          {
            n_empty++;
            if (*a == '\0')
              g_assert_cmpuint (ranked[rows[i - 1]], <, ranked[rows[i]]);
          }
        else
          {
            if (!(*a != '\0' && strcmp (a, b) < 0))
              g_error ("row %u: \"%s\" then \"%s\"", i, a, b);
          }
      }
    g_assert_cmpuint (n_empty, >, 1000);
    gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
    wait_for_result (fixture.view);
  }

  /* A facet on top of the search. */
  type_query (&fixture, queries[0]);
  g_assert_true (kc_directory_view_set_facet (fixture.view, KC_ENTITY_FACET_KIND, "platform"));
  wait_for_result (fixture.view);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    g_assert_cmpuint (kc_entity_model_get_row (model, i) % 5, ==, 0);

  fixture_tear_down (&fixture, NULL);
  kc_test_remove_tree (dir);
}

/* The tallest line of text among the shown cells, minus its cell's
 * height: above 0 means some cell clips its text. */
static int
cell_overflow (GtkWidget *widget,
               guint     *n_cells)
{
  int overflow = G_MININT;

  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget)
      && gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL)
    {
      g_autoptr(PangoLayout) layout =
        gtk_widget_create_pango_layout (widget, gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
      PangoRectangle logical;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      overflow = logical.height - gtk_widget_get_height (widget);
      (*n_cells)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    overflow = MAX (overflow, cell_overflow (child, n_cells));
  return overflow;
}

/* Chinese names fit their cells in an English UI, whose line height
 * comes from a Latin font shorter than the CJK font that draws them. */
static void
test_cjk_cells (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *column_view = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "column_view");
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;
  guint timer = g_timeout_add (10, wake_up, NULL);
  guint n_cells = 0;
  int overflow = G_MININT;

  g_assert_cmpstr (pango_language_to_string (gtk_get_default_language ()), !=, "zh-cn");
  /* The cells are laid out at the first frame. */
  while (n_cells == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      overflow = cell_overflow (column_view, &n_cells);
    }
  g_source_remove (timer);
  g_assert_cmpuint (n_cells, >, 20);
  g_assert_cmpint (overflow, <=, 0);
}

static gboolean
leaflet_folded_is (AdwLeaflet *leaflet,
                   gboolean    folded)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;
  guint timer = g_timeout_add (10, wake_up, NULL);

  while (adw_leaflet_get_folded (leaflet) != folded && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timer);
  return adw_leaflet_get_folded (leaflet) == folded;
}

/* The search stays when new data comes (typed while a file loaded, or
 * before it was read again) and applies to it. */
static void
test_search_survives_new_data (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KcDataset *again = kc_dataset_load_bundled (&error);
  GtkEditable *entry = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "search_entry");

  g_assert_no_error (error);
  type_query (fixture, "zxjt");
  kc_directory_view_set_dataset (fixture->view, again);
  g_object_unref (fixture->dataset);
  fixture->dataset = again;
  wait_for_result (fixture->view);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "zxjt");
  g_assert_cmpstr (kc_entity_model_get_query (view_model (fixture)), ==, "zxjt");
  g_assert_cmpstr (row_name (fixture, 0), ==, "中芯集团");
}

/* In a narrow window a click on a row opens its detail, as the
 * indicators' list does; wide, a click only selects. */
static void
test_narrow_click (Fixture       *fixture,
                   gconstpointer  data)
{
  AdwLeaflet *leaflet = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "leaflet");
  GtkColumnView *column_view = template_child (fixture->view, KC_TYPE_DIRECTORY_VIEW, "column_view");

  g_assert_true (leaflet_folded_is (leaflet, FALSE));
  g_assert_false (gtk_column_view_get_single_click_activate (column_view));

  gtk_window_set_default_size (fixture->window, 360, 700);
  g_assert_true (leaflet_folded_is (leaflet, TRUE));
  g_assert_true (gtk_column_view_get_single_click_activate (column_view));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
  g_signal_emit_by_name (column_view, "activate", 0);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "detail");

  gtk_window_set_default_size (fixture->window, 1000, 700);
  g_assert_true (leaflet_folded_is (leaflet, FALSE));
  g_assert_false (gtk_column_view_get_single_click_activate (column_view));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("LOCALEDIR_OVERRIDE");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/directory/search-initials", Fixture, NULL, fixture_set_up, test_search_initials, fixture_tear_down);
  g_test_add ("/directory/facet", Fixture, NULL, fixture_set_up, test_facet, fixture_tear_down);
  g_test_add ("/directory/partner-link", Fixture, NULL, fixture_set_up, test_partner_link, fixture_tear_down);
  g_test_add ("/directory/mentions", Fixture, NULL, fixture_set_up, test_mentions, fixture_tear_down);
  g_test_add ("/directory/sort", Fixture, NULL, fixture_set_up, test_sort, fixture_tear_down);
  g_test_add ("/directory/narrow-click", Fixture, NULL, fixture_set_up, test_narrow_click, fixture_tear_down);
  g_test_add ("/directory/search-survives-new-data", Fixture, NULL, fixture_set_up, test_search_survives_new_data, fixture_tear_down);
  g_test_add ("/directory/columns", Fixture, NULL, fixture_set_up, test_columns, fixture_tear_down);
  g_test_add_func ("/directory/empty-dataset", test_empty_dataset);
  g_test_add_func ("/directory/large-table", test_large_table);
  g_test_add ("/directory/cjk-cells", Fixture, NULL, fixture_set_up, test_cjk_cells, fixture_tear_down);

  return g_test_run ();
}
