/* test-indicator-view.c
 * KcIndicatorView: the categorised list and its filter, the chart and its
 * switches, the values table, the details and the empty state. */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "kc-chart-view.h"
#include "kc-derived.h"
#include "kc-indicator-view.h"
#include "kc-loader.h"
#include "kc-test-utils.h"

/* Two regions over three years: year-on-year changes and shares. */
static KcDataset *
load_regions (char **dir)
{
  static const char observations[] =
    "indicator,region,period,value,unit\n"
    "patents,北仑区,2015,1000,件\n"
    "patents,北仑区,2016,1200,件\n"
    "patents,北仑区,2017,1500,件\n"
    "patents,镇海区,2015,600,件\n"
    "patents,镇海区,2016,900,件\n";
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  KcDataset *dataset;

  *dir = kc_test_make_tmpdir ();
  path = kc_test_write_file (*dir, "observations.csv", observations, -1);
  file = g_file_new_for_path (path);
  dataset = kc_dataset_load (&file, 1, KC_LOAD_DEFAULT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kc_problem_list_get_total (kc_dataset_get_problems (dataset)), ==, 0);
  return dataset;
}

static gpointer
find_descendant (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  kc_test_collect_descendants (widget, type, found);
  g_assert_cmpuint (found->len, >=, 1);
  return g_ptr_array_index (found, 0);
}

static GtkWidget *
find_toggle (GtkWidget  *view,
             const char *action,
             const char *target)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  kc_test_collect_descendants (view, GTK_TYPE_TOGGLE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkActionable *button = g_ptr_array_index (buttons, i);
      GVariant *value = gtk_actionable_get_action_target_value (button);

      if (g_strcmp0 (gtk_actionable_get_action_name (button), action) != 0)
        continue;
      if (target == NULL || (value != NULL && g_str_equal (g_variant_get_string (value, NULL), target)))
        return GTK_WIDGET (button);
    }

  g_assert_not_reached ();
}

static guint
count_visible_rows (GtkWidget *view)
{
  GtkWidget *list = find_descendant (view, GTK_TYPE_LIST_BOX);
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row))
      n++;

  return n;
}

static const char *
visible_page (GtkWidget *view)
{
  return gtk_stack_get_visible_child_name (find_descendant (view, GTK_TYPE_STACK));
}

/* Every text of the labels under @widget, one a line. */
static char *
collect_text (GtkWidget *widget)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  kc_test_collect_descendants (widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_is_visible (g_ptr_array_index (labels, i)))
      g_string_append_printf (text, "%s\n", gtk_label_get_label (g_ptr_array_index (labels, i)));

  return g_string_free (text, FALSE);
}

static void
test_select (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_indicator_view_new ());
  g_autoptr(KcChartSpec) spec = NULL;
  KcChartView *chart;

  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), dataset);
  g_assert_cmpstr (visible_page (view), ==, "indicators");
  /* Something is shown from the start. */
  g_assert_nonnull (kc_indicator_view_get_selected (KC_INDICATOR_VIEW (view)));

  g_assert_false (kc_indicator_view_select (KC_INDICATOR_VIEW (view), "no-such-indicator"));
  g_assert_true (kc_indicator_view_select (KC_INDICATOR_VIEW (view), "new-product-rate"));
  g_assert_cmpstr (kc_indicator_view_get_selected (KC_INDICATOR_VIEW (view)), ==, "new-product-rate");

  spec = kc_indicator_view_dup_current_spec (KC_INDICATOR_VIEW (view));
  g_assert_nonnull (spec);
  g_assert_cmpint (spec->type, ==, KC_CHART_LINE);
  g_assert_cmpuint (kc_chart_spec_get_n_points (spec), ==, 2);
  g_assert_cmpuint (spec->n_series, ==, 1);
  g_assert_cmpfloat_with_epsilon (kc_chart_spec_get_value (spec, 0, 0), 27.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (kc_chart_spec_get_value (spec, 0, 1), 30, 1e-9);

  /* The chart on screen is that spec. */
  chart = find_descendant (view, KC_TYPE_CHART_VIEW);
  g_assert_true (kc_chart_view_get_spec (chart) == spec);

  /* The list's selection follows. */
  {
    GtkListBox *list = find_descendant (view, GTK_TYPE_LIST_BOX);
    GtkListBoxRow *row = gtk_list_box_get_selected_row (list);
    g_autofree char *text = NULL;

    g_assert_nonnull (row);
    text = collect_text (GTK_WIDGET (row));
    g_assert_nonnull (strstr (text, "New-product output rate"));
  }

  g_assert_finalize_object (view);
}

static void
test_table (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_indicator_view_new ());
  g_autoptr(GPtrArray) rows = NULL;
  GtkColumnView *column_view;
  GListModel *columns;
  GtkColumnViewColumn *value_column = NULL;
  char **row;

  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), dataset);
  kc_indicator_view_select (KC_INDICATOR_VIEW (view), "new-product-rate");

  rows = kc_indicator_view_dup_table_rows (KC_INDICATOR_VIEW (view));
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 3);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (g_strv_length (row), ==, 5);
  g_assert_cmpstr (row[0], ==, "Period");
  g_assert_cmpstr (row[1], ==, "Value");
  g_assert_cmpstr (row[3], ==, "Change");

  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row[0], ==, "2016");
  g_assert_cmpstr (row[1], ==, "27.8");
  g_assert_cmpstr (row[2], ==, "%");
  g_assert_cmpstr (row[3], ==, "");

  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (row[0], ==, "2017-01..02");
  g_assert_cmpstr (row[1], ==, "30");
  g_assert_cmpstr (row[3], ==, "+2.2 pp");
  g_assert_nonnull (strstr (row[4], "2.2 percentage points"));
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Sorted by value, largest first, as on screen. */
  column_view = find_descendant (view, GTK_TYPE_COLUMN_VIEW);
  columns = gtk_column_view_get_columns (column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), "Value") == 0)
        value_column = column;
    }
  g_assert_nonnull (value_column);
  gtk_column_view_sort_by_column (column_view, value_column, GTK_SORT_DESCENDING);
  rows = kc_indicator_view_dup_table_rows (KC_INDICATOR_VIEW (view));
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[1], ==, "30");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[1], ==, "27.8");
  g_clear_pointer (&rows, g_ptr_array_unref);

  gtk_column_view_sort_by_column (column_view, value_column, GTK_SORT_ASCENDING);
  rows = kc_indicator_view_dup_table_rows (KC_INDICATOR_VIEW (view));
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[1], ==, "27.8");

  g_assert_finalize_object (view);
}

/* The first change cannot be computed, and its tooltip says why. */
static void
test_change_tooltip (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_indicator_view_new ());
  GtkColumnView *column_view;
  GListModel *model;
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) second = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *change = NULL;

  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), dataset);
  kc_indicator_view_select (KC_INDICATOR_VIEW (view), "new-product-rate");
  column_view = find_descendant (view, GTK_TYPE_COLUMN_VIEW);
  model = G_LIST_MODEL (gtk_column_view_get_model (column_view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  first = g_list_model_get_item (model, 0);
  g_object_get (first, "change-text", &change, "change-tooltip", &tooltip, NULL);
  g_assert_cmpstr (change, ==, "—");
  g_assert_cmpstr (tooltip, ==, kc_derived_status_explain (KC_DERIVED_NO_BASE));
  g_clear_pointer (&tooltip, g_free);
  g_clear_pointer (&change, g_free);

  second = g_list_model_get_item (model, 1);
  g_object_get (second, "change-text", &change, "change-tooltip", &tooltip, NULL);
  g_assert_cmpstr (change, ==, "+2.2 pp");
  g_assert_nonnull (strstr (tooltip, "2016"));
  g_assert_nonnull (strstr (tooltip, "27.8%"));

  g_assert_finalize_object (view);
}

static void
on_text_read (GObject      *clipboard,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, &error);
  g_assert_no_error (error);
}

static void
test_copy (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_indicator_view_new ());
  GdkClipboard *clipboard = gtk_widget_get_clipboard (view);
  g_autofree char *text = NULL;
  gint64 deadline;

  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), dataset);
  kc_indicator_view_select (KC_INDICATOR_VIEW (view), "new-product-rate");
  gdk_clipboard_set_text (clipboard, "");

  g_assert_true (gtk_widget_activate_action (view, "indicator.copy-values", NULL));
  gdk_clipboard_read_text_async (clipboard, NULL, on_text_read, &text);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (text == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (text, ==,
                   "Period\tValue\tUnit\tChange\tNote\n"
                   "2016\t27.8\t%\t\tcomputed: 30 % − 2.2 points; the report says the Jan–Feb 2017 rate (30 %) "
                   "is 2.2 points above the end of 2016 (较去年年底提高2.2个百分点)\n"
                   "2017-01..02\t30\t%\t+2.2 pp\t2.2 percentage points above the end of 2016\n");

  g_assert_finalize_object (view);
}

static void
wait_for_rows (GtkWidget *view,
               guint      n)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* GtkSearchEntry reports a change after a short delay. */
  while (count_visible_rows (view) != n && g_get_monotonic_time () < deadline)
    kc_test_spin ();
}

static void
test_filter (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_indicator_view_new ());
  GtkEditable *entry;
  guint n = kc_dataset_get_n_indicators (dataset);

  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), dataset);
  g_assert_cmpuint (count_visible_rows (view), ==, n);
  entry = find_descendant (view, GTK_TYPE_SEARCH_ENTRY);

  /* Chinese: the four indicators about patents (专利). */
  gtk_editable_set_text (entry, "专利");
  wait_for_rows (view, 4);
  g_assert_cmpuint (count_visible_rows (view), ==, 4);

  /* Pinyin initials: 授权专利, and 申请专利 inside two longer names. */
  gtk_editable_set_text (entry, "sqzl");
  wait_for_rows (view, 3);
  g_assert_cmpuint (count_visible_rows (view), ==, 3);

  /* English names and ids. */
  gtk_editable_set_text (entry, "listed-park-land");
  wait_for_rows (view, 1);
  g_assert_cmpuint (count_visible_rows (view), ==, 1);

  gtk_editable_set_text (entry, "no indicator is called this");
  wait_for_rows (view, 0);
  g_assert_cmpuint (count_visible_rows (view), ==, 0);

  /* Selecting an indicator the filter hides clears the filter. */
  g_assert_true (kc_indicator_view_select (KC_INDICATOR_VIEW (view), "tech-sold"));
  g_assert_cmpuint (count_visible_rows (view), ==, n);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");

  g_assert_finalize_object (view);
}

static void
test_chart_type (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *view = kc_indicator_view_new ();
  GtkWidget *line, *column, *area;
  g_autoptr(KcChartSpec) spec = NULL;

  /* In a window, as the toggle buttons find their actions through it. */
  gtk_window_set_child (window, view);
  gtk_window_present (window);
  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), dataset);
  kc_indicator_view_select (KC_INDICATOR_VIEW (view), "new-product-rate");
  line = find_toggle (view, "indicator.chart-type", "line");
  column = find_toggle (view, "indicator.chart-type", "column");
  area = find_toggle (view, "indicator.chart-type", "area");
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (line)));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (line)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (column)));

  g_signal_emit_by_name (column, "clicked");
  spec = kc_indicator_view_dup_current_spec (KC_INDICATOR_VIEW (view));
  g_assert_cmpint (spec->type, ==, KC_CHART_COLUMN);
  g_assert_cmpuint (kc_chart_spec_get_n_points (spec), ==, 2);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (column)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (line)));
  g_clear_pointer (&spec, kc_chart_spec_unref);

  g_signal_emit_by_name (area, "clicked");
  spec = kc_indicator_view_dup_current_spec (KC_INDICATOR_VIEW (view));
  g_assert_cmpint (spec->type, ==, KC_CHART_AREA);
  g_clear_pointer (&spec, kc_chart_spec_unref);

  /* A single figure is a KPI card: nothing to switch, no year-on-year. */
  kc_indicator_view_select (KC_INDICATOR_VIEW (view), "hightech-output");
  spec = kc_indicator_view_dup_current_spec (KC_INDICATOR_VIEW (view));
  g_assert_cmpint (spec->type, ==, KC_CHART_KPI);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (line)));
  g_assert_false (gtk_widget_get_visible (find_toggle (view, "indicator.year-on-year", NULL)));
  g_assert_false (gtk_widget_get_visible (find_toggle (view, "indicator.share-of-total", NULL)));

  /* Ctrl+F: the filter takes the keyboard focus. */
  kc_indicator_view_focus_search (KC_INDICATOR_VIEW (view));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (window),
                                         find_descendant (view, GTK_TYPE_SEARCH_ENTRY)));

  gtk_window_destroy (window);
}

static void
test_details (void)
{
  g_autoptr(KcDataset) dataset = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_indicator_view_new ());
  const KcIndicator *indicator = kc_dataset_find_indicator (dataset, "tech-bought");
  g_autofree char *text = NULL;

  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), dataset);
  kc_indicator_view_select (KC_INDICATOR_VIEW (view), "tech-bought");
  text = collect_text (find_descendant (view, ADW_TYPE_PREFERENCES_GROUP));

  g_assert_nonnull (strstr (text, "亿元"));
  g_assert_nonnull (strstr (text, indicator->source));
  g_assert_nonnull (strstr (text, "宁波日报《打通科技成果转化“任督二脉”》(2017)"));
  g_assert_nonnull (strstr (text, indicator->description));
  g_assert_nonnull (strstr (text, "技术交易"));
  g_assert_nonnull (strstr (text, "Amount"));
  g_clear_pointer (&text, g_free);

  /* The catalogue's target. */
  kc_indicator_view_select (KC_INDICATOR_VIEW (view), "listed-companies");
  text = collect_text (find_descendant (view, ADW_TYPE_PREFERENCES_GROUP));
  g_assert_nonnull (strstr (text, "Target"));
  g_assert_nonnull (strstr (text, "2021"));
  g_clear_pointer (&text, g_free);

  /* The points' notes. */
  kc_indicator_view_select (KC_INDICATOR_VIEW (view), "tech-sold");
  text = collect_text (find_descendant (view, ADW_TYPE_PREFERENCES_GROUP));
  g_assert_nonnull (strstr (text, "2016: mainly to Hangzhou"));

  g_assert_finalize_object (view);
}

static void
test_regions (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KcDataset) dataset = load_regions (&dir);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *view = kc_indicator_view_new ();
  g_autoptr(KcChartSpec) spec = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  GtkWidget *year_on_year, *share;
  GtkMenuButton *regions;

  /* In a window, as the toggle buttons find their actions through it. */
  gtk_window_set_child (window, view);
  gtk_window_present (window);
  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), dataset);
  g_assert_true (kc_indicator_view_select (KC_INDICATOR_VIEW (view), "patents"));
  spec = kc_indicator_view_dup_current_spec (KC_INDICATOR_VIEW (view));
  g_assert_cmpuint (spec->n_series, ==, 2);
  /* Two regions: the legend names them, the subtitle does not. */
  g_assert_null (spec->subtitle);
  g_clear_pointer (&spec, kc_chart_spec_unref);

  /* The region column comes with several regions. */
  rows = kc_indicator_view_dup_table_rows (KC_INDICATOR_VIEW (view));
  g_assert_cmpuint (rows->len, ==, 6);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "Region");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[0], ==, "北仑区");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[1], ==, "2016");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[4], ==, "+20%");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Year on year. */
  year_on_year = find_toggle (view, "indicator.year-on-year", NULL);
  g_assert_true (gtk_widget_get_visible (year_on_year));
  g_signal_emit_by_name (year_on_year, "clicked");
  spec = kc_indicator_view_dup_current_spec (KC_INDICATOR_VIEW (view));
  g_assert_true (spec->change_mode);
  g_assert_cmpfloat_with_epsilon (kc_chart_spec_get_value (spec, 0, 1), 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (kc_chart_spec_get_value (spec, 1, 1), 50, 1e-9);
  g_clear_pointer (&spec, kc_chart_spec_unref);

  /* Share of the total replaces it. */
  share = find_toggle (view, "indicator.share-of-total", NULL);
  g_assert_true (gtk_widget_get_visible (share));
  g_signal_emit_by_name (share, "clicked");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (year_on_year)));
  spec = kc_indicator_view_dup_current_spec (KC_INDICATOR_VIEW (view));
  g_assert_false (spec->change_mode);
  g_assert_cmpstr (spec->unit, ==, "%");
  g_assert_cmpfloat_with_epsilon (kc_chart_spec_get_value (spec, 0, 0) + kc_chart_spec_get_value (spec, 1, 0),
                                  100, 1e-9);
  g_assert_cmpfloat_with_epsilon (kc_chart_spec_get_value (spec, 0, 0), 62.5, 1e-9);
  g_clear_pointer (&spec, kc_chart_spec_unref);

  /* One region only: no region column, no share. */
  regions = find_descendant (view, GTK_TYPE_MENU_BUTTON);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (regions)));
  kc_test_collect_descendants (GTK_WIDGET (gtk_menu_button_get_popover (regions)), GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (checks->len, ==, 2);
  g_assert_cmpstr (gtk_menu_button_get_label (regions), ==, "2 Regions");
  gtk_check_button_set_active (g_ptr_array_index (checks, 1), FALSE);
  g_assert_cmpstr (gtk_menu_button_get_label (regions), ==, "1 Region");
  spec = kc_indicator_view_dup_current_spec (KC_INDICATOR_VIEW (view));
  g_assert_cmpuint (spec->n_series, ==, 1);
  g_assert_false (spec->change_mode);
  g_assert_cmpstr (spec->unit, ==, "件");
  /* No legend for one series: the subtitle says which region it is. */
  g_assert_cmpstr (spec->subtitle, ==, spec->series[0].name);
  g_assert_nonnull (spec->subtitle);
  g_assert_false (gtk_widget_get_visible (share));
  rows = kc_indicator_view_dup_table_rows (KC_INDICATOR_VIEW (view));
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "Period");
  g_clear_pointer (&spec, kc_chart_spec_unref);

  /* The last region cannot be unchosen. */
  gtk_check_button_set_active (g_ptr_array_index (checks, 0), FALSE);
  g_assert_true (gtk_check_button_get_active (g_ptr_array_index (checks, 0)));
  spec = kc_indicator_view_dup_current_spec (KC_INDICATOR_VIEW (view));
  g_assert_cmpuint (spec->n_series, ==, 1);

  gtk_window_destroy (window);
  kc_test_remove_tree (dir);
}

static double
control_y (GtkWidget  *view,
           const char *action,
           const char *target)
{
  GtkWidget *button = find_toggle (view, action, target);
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (button, view, &GRAPHENE_POINT_INIT (0, 0), &point));
  return point.y;
}

static void
resize_and_wait (GtkWindow *window,
                 GtkWidget *view,
                 int        width)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_window_set_default_size (window, width, 700);
  while (gtk_widget_get_width (view) != width && g_get_monotonic_time () < deadline)
    kc_test_spin ();
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (view), ==, width);
}

/* The chart's controls share a line when there is room and wrap at phone
 * width, where the sidebar folds away. */
static void
test_narrow (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KcDataset) dataset = load_regions (&dir);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *view = kc_indicator_view_new ();
  AdwLeaflet *leaflet;

  gtk_window_set_child (window, view);
  gtk_window_present (window);
  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), dataset);
  kc_indicator_view_select (KC_INDICATOR_VIEW (view), "patents");
  leaflet = find_descendant (view, ADW_TYPE_LEAFLET);

  resize_and_wait (window, view, 1200);
  g_assert_false (adw_leaflet_get_folded (leaflet));
  g_assert_cmpfloat (control_y (view, "indicator.chart-type", "line"), ==,
                     control_y (view, "indicator.share-of-total", NULL));

  resize_and_wait (window, view, 360);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  g_assert_cmpfloat (control_y (view, "indicator.chart-type", "line"), <,
                     control_y (view, "indicator.share-of-total", NULL));
  g_assert_true (gtk_widget_activate_action (view, "indicator.show-list", NULL));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");

  gtk_window_destroy (window);
  kc_test_remove_tree (dir);
}

static void
test_empty (void)
{
  g_autofree char *dir = kc_test_make_tmpdir ();
  static const char entities[] = "id,name,kind\ne1,中芯集团,enterprise\n";
  g_autofree char *path = kc_test_write_file (dir, "entities.csv", entities, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KcDataset) dataset = kc_dataset_load (&file, 1, KC_LOAD_DEFAULT, NULL, NULL, NULL, &error);
  g_autoptr(KcDataset) bundled = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_indicator_view_new ());

  g_assert_no_error (error);
  g_assert_cmpuint (kc_dataset_get_n_indicators (dataset), ==, 0);

  g_assert_cmpstr (visible_page (view), ==, "empty");
  g_assert_null (kc_indicator_view_dup_table_rows (KC_INDICATOR_VIEW (view)));

  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), bundled);
  kc_indicator_view_select (KC_INDICATOR_VIEW (view), "tech-sold");
  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), dataset);
  g_assert_cmpstr (visible_page (view), ==, "empty");
  g_assert_null (kc_indicator_view_get_selected (KC_INDICATOR_VIEW (view)));
  g_assert_null (kc_indicator_view_dup_current_spec (KC_INDICATOR_VIEW (view)));
  g_assert_false (kc_indicator_view_select (KC_INDICATOR_VIEW (view), "tech-sold"));

  g_assert_finalize_object (view);
  kc_test_remove_tree (dir);
}

/* A reload keeps the indicator in view. */
static void
test_reload_keeps_selection (void)
{
  g_autoptr(KcDataset) first = kc_test_load_bundled ();
  g_autoptr(KcDataset) second = kc_test_load_bundled ();
  GtkWidget *view = g_object_ref_sink (kc_indicator_view_new ());

  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), first);
  kc_indicator_view_select (KC_INDICATOR_VIEW (view), "tech-sold");
  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), second);
  g_assert_cmpstr (kc_indicator_view_get_selected (KC_INDICATOR_VIEW (view)), ==, "tech-sold");

  g_assert_finalize_object (view);
}

/* A note on each of 30 values: the details list the first few and say
 * where the rest are, rather than a label of every note (thousands of
 * lines froze the window). */
static void
test_many_notes (void)
{
  g_autoptr(GString) csv = g_string_new ("indicator,period,value,note\n");
  g_autofree char *dir = kc_test_make_tmpdir ();
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KcDataset) dataset = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *view = kc_indicator_view_new ();
  AdwActionRow *notes;
  g_auto(GStrv) lines = NULL;

  for (guint m = 0; m < 30; m++)
    g_string_append_printf (csv, "output,%u-%02u,%u,note %u\n", 2015 + m / 12, m % 12 + 1, 100 + m, m);
  path = kc_test_write_file (dir, "observations.csv", csv->str, csv->len);
  file = g_file_new_for_path (path);
  dataset = kc_dataset_load (&file, 1, KC_LOAD_DEFAULT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  gtk_window_set_child (window, view);
  gtk_window_present (window);
  kc_indicator_view_set_dataset (KC_INDICATOR_VIEW (view), dataset);
  g_assert_true (kc_indicator_view_select (KC_INDICATOR_VIEW (view), "output"));
  notes = ADW_ACTION_ROW (gtk_widget_get_template_child (view, KC_TYPE_INDICATOR_VIEW, "notes_row"));
  g_assert_nonnull (notes);
  lines = g_strsplit (adw_action_row_get_subtitle (notes), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 9);
  g_assert_true (g_str_has_suffix (lines[0], ": note 0"));
  g_assert_cmpstr (lines[8], ==, "… and 22 more, in the values table");

  gtk_window_destroy (window);
  kc_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/indicator-view/select", test_select);
  g_test_add_func ("/indicator-view/table", test_table);
  g_test_add_func ("/indicator-view/change-tooltip", test_change_tooltip);
  g_test_add_func ("/indicator-view/copy", test_copy);
  g_test_add_func ("/indicator-view/filter", test_filter);
  g_test_add_func ("/indicator-view/chart-type", test_chart_type);
  g_test_add_func ("/indicator-view/details", test_details);
  g_test_add_func ("/indicator-view/regions", test_regions);
  g_test_add_func ("/indicator-view/many-notes", test_many_notes);
  g_test_add_func ("/indicator-view/narrow", test_narrow);
  g_test_add_func ("/indicator-view/empty", test_empty);
  g_test_add_func ("/indicator-view/reload-keeps-selection", test_reload_keeps_selection);

  return g_test_run ();
}
