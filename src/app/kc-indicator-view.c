/* kc-indicator-view.c
 * The indicator explorer: a categorised list, the chart, the values table. */
#define G_LOG_DOMAIN "kc-indicator-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kc-chart-builder.h"
#include "kc-chart-view.h"
#include "kc-derived.h"
#include "kc-indicator-row.h"
#include "kc-indicator-view.h"
#include "kc-search.h"
#include "kc-wrap-layout.h"

/* Notes listed in the details; the rest are in the values table. */
#define MAX_NOTES_SHOWN 8

struct _KcIndicatorView
{
  GtkWidget             parent_instance;

  KcDataset            *dataset;
  GSettings            *settings;

  /* The sidebar: rows in category order; row_indicators maps a row's
   * position to its indicator's index, indicator_rows the other way. */
  KcSearchIndex        *search_index;
  GPtrArray            *search_aliases;
  GArray               *row_indicators;
  GPtrArray            *indicator_rows;
  gboolean             *matches;

  /* The indicator shown and how. */
  const KcIndicator    *indicator;
  GPtrArray            *regions;          /* const char *, the series' regions */
  GArray               *region_selected;  /* gboolean per region */
  KcChartType           chart_type;
  gboolean              year_on_year;
  gboolean              share_of_total;
  KcChartSpec          *spec;
  GListStore           *rows;
  GtkSortListModel     *sorted_rows;

  /* Template children */
  GtkStack             *stack;
  AdwLeaflet           *leaflet;
  GtkSearchEntry       *search_entry;
  GtkListBox           *list_box;
  GtkScrolledWindow    *content_scroll;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkBox               *controls_box;
  GtkWidget            *type_box;
  GtkMenuButton        *region_button;
  GtkBox               *region_list;
  GtkWidget            *mode_box;
  GtkWidget            *year_on_year_button;
  GtkWidget            *share_button;
  AdwClamp             *chart_clamp;
  KcChartView          *chart_view;
  GtkScrolledWindow    *table_scroll;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *region_column;
  GtkColumnViewColumn  *period_column;
  GtkColumnViewColumn  *value_column;
  GtkColumnViewColumn  *change_column;
  GtkColumnViewColumn  *note_column;
  AdwActionRow         *definition_row;
  AdwActionRow         *unit_row;
  AdwActionRow         *kind_row;
  AdwActionRow         *category_row;
  AdwActionRow         *source_row;
  AdwActionRow         *target_row;
  AdwActionRow         *notes_row;
  AdwActionRow         *id_row;
};

#define KPI_HEIGHT   220
#define SHARE_HEIGHT 300
#define CHART_HEIGHT 360
#define TABLE_ROWS_WITHOUT_SCROLLING 10

G_DEFINE_FINAL_TYPE (KcIndicatorView, kc_indicator_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_CHART_TYPE,
  PROP_YEAR_ON_YEAR,
  PROP_SHARE_OF_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_chinese (void)
{
  return kc_chart_language_resolve (KC_CHART_LANGUAGE_AUTO) == KC_CHART_LANGUAGE_CHINESE;
}

/* The name in the interface language, and the other one when it differs. */
static const char *
indicator_name (const KcIndicator *indicator)
{
  if (!is_chinese () && indicator->name_en != NULL)
    return indicator->name_en;

  return indicator->name;
}

static const char *
indicator_other_name (const KcIndicator *indicator)
{
  const char *other = is_chinese () || indicator->name_en == NULL ? indicator->name_en : indicator->name;

  return g_strcmp0 (other, indicator_name (indicator)) != 0 ? other : NULL;
}

static KcValueKind
value_kind_for (const KcIndicator *indicator)
{
  switch (indicator->kind)
    {
    case KC_INDICATOR_RATIO:
      return KC_VALUE_RATIO;
    case KC_INDICATOR_COUNT:
      return KC_VALUE_COUNT;
    case KC_INDICATOR_RANK:
      return KC_VALUE_RANK;
    case KC_INDICATOR_AMOUNT:
    default:
      return KC_VALUE_AMOUNT;
    }
}

static const char *
kind_display_name (KcIndicatorKind kind)
{
  switch (kind)
    {
    case KC_INDICATOR_RATIO:
      return C_("indicator kind", "Ratio");
    case KC_INDICATOR_COUNT:
      return C_("indicator kind", "Count");
    case KC_INDICATOR_RANK:
      return C_("indicator kind", "Rank");
    case KC_INDICATOR_AMOUNT:
    default:
      return C_("indicator kind", "Amount");
    }
}

static const char *
indicator_category (const KcIndicator *indicator)
{
  return indicator->category != NULL && *indicator->category != '\0'
         ? indicator->category : _("Other");
}

static const char *
series_unit (const KcSeries    *series,
             const KcIndicator *indicator)
{
  return series->unit != NULL ? series->unit : indicator->unit;
}

static KcChangeKind
change_kind_for (KcChangeUnit unit)
{
  switch (unit)
    {
    case KC_CHANGE_UNIT_POINTS:
      return KC_CHANGE_POINTS;
    case KC_CHANGE_UNIT_POSITIONS:
      return KC_CHANGE_ABSOLUTE;
    case KC_CHANGE_UNIT_PERCENT:
    default:
      return KC_CHANGE_PERCENT;
    }
}

/* Sidebar */

static const char *
search_text (guint    row,
             guint    field,
             gpointer user_data)
{
  KcIndicatorView *self = user_data;
  const KcIndicator *indicator = kc_dataset_get_indicator (self->dataset, row);

  switch (field)
    {
    case KC_SEARCH_FIELD_NAME:
      return indicator->name;
    case KC_SEARCH_FIELD_ALIAS:
      return g_ptr_array_index (self->search_aliases, row);
    case KC_SEARCH_FIELD_DESCRIPTION:
      return indicator->description;
    default:
      return NULL;
    }
}

static gboolean
kc_indicator_view_filter_row (GtkListBoxRow *row,
                              gpointer       user_data)
{
  KcIndicatorView *self = user_data;
  guint index = g_array_index (self->row_indicators, guint, gtk_list_box_row_get_index (row));

  return self->matches == NULL || self->matches[index];
}

static void
kc_indicator_view_update_header (GtkListBoxRow *row,
                                 GtkListBoxRow *before,
                                 gpointer       user_data)
{
  KcIndicatorView *self = user_data;
  const KcIndicator *indicator;
  const char *category;
  GtkWidget *header;

  indicator = kc_dataset_get_indicator (self->dataset,
                                        g_array_index (self->row_indicators, guint,
                                                       gtk_list_box_row_get_index (row)));
  category = indicator_category (indicator);

  if (before != NULL)
    {
      const KcIndicator *previous;

      previous = kc_dataset_get_indicator (self->dataset,
                                           g_array_index (self->row_indicators, guint,
                                                          gtk_list_box_row_get_index (before)));
      if (g_str_equal (indicator_category (previous), category))
        {
          gtk_list_box_row_set_header (row, NULL);
          return;
        }
    }

  header = gtk_list_box_row_get_header (row);
  if (header != NULL && g_str_equal (gtk_label_get_label (GTK_LABEL (header)), category))
    return;

  header = gtk_label_new (category);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_set_margin_top (header, before != NULL ? 18 : 6);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_list_box_row_set_header (row, header);
}

static GtkWidget *
kc_indicator_view_create_row (const KcIndicator *indicator)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (indicator_name (indicator));
  const char *other_name = indicator_other_name (indicator);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 24);
  gtk_box_append (GTK_BOX (box), name);

  if (other_name != NULL)
    {
      GtkWidget *other = gtk_label_new (other_name);

      gtk_label_set_xalign (GTK_LABEL (other), 0);
      gtk_label_set_ellipsize (GTK_LABEL (other), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (other), 24);
      gtk_widget_set_tooltip_text (other, other_name);
      gtk_widget_add_css_class (other, "caption");
      gtk_widget_add_css_class (other, "dim-label");
      gtk_box_append (GTK_BOX (box), other);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, indicator_name (indicator),
                                  -1);
  return row;
}

static void
kc_indicator_view_clear_list (KcIndicatorView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  g_clear_pointer (&self->search_index, kc_search_index_free);
  g_ptr_array_set_size (self->search_aliases, 0);
  g_array_set_size (self->row_indicators, 0);
  g_ptr_array_set_size (self->indicator_rows, 0);
  g_clear_pointer (&self->matches, g_free);
}

static void
kc_indicator_view_build_list (KcIndicatorView *self)
{
  guint n = kc_dataset_get_n_indicators (self->dataset);
  g_autoptr(GPtrArray) categories = g_ptr_array_new ();

  kc_indicator_view_clear_list (self);

  /* The categories in the order the catalogue first names them. */
  for (guint i = 0; i < n; i++)
    {
      const char *category = indicator_category (kc_dataset_get_indicator (self->dataset, i));

      if (!g_ptr_array_find_with_equal_func (categories, category, g_str_equal, NULL))
        g_ptr_array_add (categories, (gpointer) category);
    }

  g_ptr_array_set_size (self->indicator_rows, n);
  for (guint c = 0; c < categories->len; c++)
    for (guint i = 0; i < n; i++)
      {
        const KcIndicator *indicator = kc_dataset_get_indicator (self->dataset, i);
        GtkWidget *row;

        if (!g_str_equal (indicator_category (indicator), g_ptr_array_index (categories, c)))
          continue;

        row = kc_indicator_view_create_row (indicator);
        g_array_append_val (self->row_indicators, i);
        g_ptr_array_index (self->indicator_rows, i) = row;
        gtk_list_box_append (self->list_box, row);
      }

  /* The English name and the id are searched like short names. */
  for (guint i = 0; i < n; i++)
    {
      const KcIndicator *indicator = kc_dataset_get_indicator (self->dataset, i);

      g_ptr_array_add (self->search_aliases,
                       g_strjoin (";", indicator->id,
                                  indicator->name_en != NULL ? indicator->name_en : "",
                                  NULL));
    }
  self->search_index = kc_search_index_new (n, search_text, self);
  self->matches = g_new0 (gboolean, n);
}

static void
kc_indicator_view_apply_filter (KcIndicatorView *self)
{
  KcSearchQuery query;
  guint n;

  if (self->search_index == NULL)
    return;

  n = kc_search_index_get_n_rows (self->search_index);
  kc_search_query_parse (&query, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  for (guint i = 0; i < n; i++)
    self->matches[i] = kc_search_index_match_row (self->search_index, &query, i) != KC_SEARCH_MATCH_NONE;
  kc_search_query_clear (&query);

  gtk_list_box_invalidate_filter (self->list_box);
  gtk_list_box_invalidate_headers (self->list_box);
}

static GtkListBoxRow *
kc_indicator_view_first_visible_row (KcIndicatorView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      return GTK_LIST_BOX_ROW (child);

  return NULL;
}

static void
kc_indicator_view_search_changed_cb (KcIndicatorView *self)
{
  kc_indicator_view_apply_filter (self);
}

static void
kc_indicator_view_search_activate_cb (KcIndicatorView *self)
{
  GtkListBoxRow *row = kc_indicator_view_first_visible_row (self);

  if (row == NULL)
    return;

  gtk_list_box_select_row (self->list_box, row);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
kc_indicator_view_stop_search_cb (KcIndicatorView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* The chart */

static gboolean
kc_indicator_view_is_time_series (KcIndicatorView *self)
{
  return self->chart_type == KC_CHART_LINE
         || self->chart_type == KC_CHART_COLUMN
         || self->chart_type == KC_CHART_AREA;
}

static guint
kc_indicator_view_count_selected (KcIndicatorView *self)
{
  guint n = 0;

  for (guint i = 0; i < self->region_selected->len; i++)
    n += g_array_index (self->region_selected, gboolean, i) ? 1 : 0;

  return n;
}

static void
kc_indicator_view_update_chart (KcIndicatorView *self)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new ();
  KcChartMode mode = KC_CHART_MODE_VALUES;
  int height;

  g_clear_pointer (&self->spec, kc_chart_spec_unref);
  if (self->indicator == NULL)
    {
      kc_chart_view_set_spec (self->chart_view, NULL);
      return;
    }

  for (guint i = 0; i < self->regions->len; i++)
    if (g_array_index (self->region_selected, gboolean, i))
      g_ptr_array_add (regions, g_ptr_array_index (self->regions, i));
  g_ptr_array_add (regions, NULL);

  if (self->year_on_year)
    mode = KC_CHART_MODE_YEAR_ON_YEAR;
  else if (self->share_of_total)
    mode = KC_CHART_MODE_SHARE_OF_TOTAL;

  self->spec = kc_chart_spec_for_indicator (self->dataset, self->indicator,
                                            (const char * const *) regions->pdata,
                                            self->chart_type, mode, KC_CHART_LANGUAGE_AUTO);
  kc_chart_view_set_spec (self->chart_view, self->spec);
  /* A single figure needs less room than axes do. */
  height = self->chart_type == KC_CHART_KPI ? KPI_HEIGHT
           : self->chart_type == KC_CHART_SHARE ? SHARE_HEIGHT
           : CHART_HEIGHT;
  gtk_widget_set_size_request (GTK_WIDGET (self->chart_view), -1, height);
  adw_clamp_set_maximum_size (self->chart_clamp, height);
  adw_clamp_set_tightening_threshold (self->chart_clamp, height);
}

/* The values table */

static KcIndicatorRow *
kc_indicator_view_make_row (KcIndicatorView *self,
                            guint            region_index,
                            const KcSeries  *series,
                            guint            index)
{
  const KcObservation *point = &g_array_index (series->points, KcObservation, index);
  const char *unit = series_unit (series, self->indicator);
  g_autofree char *value_text = kc_format_value (point->value, value_kind_for (self->indicator),
                                                 unit, KC_CHART_LANGUAGE_AUTO);
  g_autofree char *change_text = NULL;
  g_autofree char *tooltip = NULL;
  KcDerivedStatus status;
  KcChange change;
  gboolean year_on_year = TRUE;

  status = kc_series_year_on_year (series, &point->period, &change);
  if (status != KC_DERIVED_OK)
    {
      year_on_year = FALSE;
      status = kc_series_change_from_previous (series, index, &change);
    }

  if (status == KC_DERIVED_OK)
    {
      g_autofree char *base_period = kc_period_to_display (&change.base_period, FALSE);
      g_autofree char *base_value = kc_format_value (change.base_value, value_kind_for (self->indicator),
                                                     unit, KC_CHART_LANGUAGE_AUTO);

      change_text = kc_format_change (change.value, change_kind_for (change.unit),
                                      change.unit == KC_CHANGE_UNIT_POSITIONS ? NULL : unit,
                                      KC_CHART_LANGUAGE_AUTO);
      if (year_on_year)
        /* TRANSLATORS: tooltip of a change in the values table, e.g. "Year on year, against Jan–Feb 2016 (27.8%)" */
        tooltip = g_strdup_printf (_("Year on year, against %s (%s)"), base_period, base_value);
      else
        /* TRANSLATORS: tooltip of a change in the values table, e.g. "Against the previous value, 2016 (27.8%)" */
        tooltip = g_strdup_printf (_("Against the previous value, %s (%s)"), base_period, base_value);
    }
  else
    {
      change_text = g_strdup ("—");
      tooltip = g_strdup (kc_derived_status_explain (status));
    }

  return kc_indicator_row_new (region_index, series->region, &point->period, point->value, value_text,
                               status == KC_DERIVED_OK ? change.value : NAN,
                               change_text, tooltip, point->note);
}

static void
kc_indicator_view_update_table (KcIndicatorView *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  const KcSeries **series;
  guint n_series = 0;

  if (self->indicator != NULL)
    {
      series = kc_dataset_get_series_for (self->dataset, self->indicator, &n_series);
      for (guint s = 0; s < n_series; s++)
        {
          if (!g_array_index (self->region_selected, gboolean, s))
            continue;
          for (guint i = 0; i < series[s]->points->len; i++)
            g_ptr_array_add (items, kc_indicator_view_make_row (self, s, series[s], i));
        }
    }

  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       items->pdata, items->len);
  gtk_column_view_column_set_visible (self->region_column, kc_indicator_view_count_selected (self) > 1);

  /* A scrollbar's minimum length would leave a gap under a short table;
   * short tables are shown whole. */
  gtk_scrolled_window_set_policy (self->table_scroll, GTK_POLICY_AUTOMATIC,
                                  items->len > TABLE_ROWS_WITHOUT_SCROLLING ? GTK_POLICY_AUTOMATIC
                                                                           : GTK_POLICY_NEVER);
}

/* The details */

static void
set_detail (AdwActionRow *row,
            const char   *text)
{
  gboolean shown = text != NULL && *text != '\0';

  adw_action_row_set_subtitle (row, shown ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (row), shown);
}

static char *
kc_indicator_view_collect_sources (KcIndicatorView *self)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  const KcSeries **series;
  guint n = 0;

  if (self->indicator->source != NULL)
    return g_strdup (self->indicator->source);

  series = kc_dataset_get_series_for (self->dataset, self->indicator, &n);
  for (guint s = 0; s < n; s++)
    for (guint i = 0; i < series[s]->points->len; i++)
      {
        const char *source = g_array_index (series[s]->points, KcObservation, i).source;

        if (source != NULL && !g_ptr_array_find_with_equal_func (sources, source, g_str_equal, NULL))
          g_ptr_array_add (sources, (gpointer) source);
      }
  g_ptr_array_add (sources, NULL);

  return g_strjoinv ("\n", (char **) sources->pdata);
}

static char *
kc_indicator_view_collect_notes (KcIndicatorView *self)
{
  GString *notes = g_string_new (NULL);
  const KcSeries **series;
  guint n = 0, shown = 0, more = 0;

  series = kc_dataset_get_series_for (self->dataset, self->indicator, &n);
  for (guint s = 0; s < n; s++)
    for (guint i = 0; i < series[s]->points->len; i++)
      {
        const KcObservation *point = &g_array_index (series[s]->points, KcObservation, i);
        g_autofree char *period = NULL;

        if (point->note == NULL || *point->note == '\0')
          continue;
        /* A long series may have a note on every value: a label of
         * thousands of lines froze the window for a minute while GTK
         * measured it. The first few here; all of them are in the
         * values table, a row each. */
        if (shown == MAX_NOTES_SHOWN)
          {
            more++;
            continue;
          }
        shown++;

        period = kc_period_to_display (&point->period, FALSE);
        if (notes->len > 0)
          g_string_append_c (notes, '\n');
        if (n > 1 && *series[s]->region != '\0')
          g_string_append_printf (notes, "%s %s: %s", series[s]->region, period, point->note);
        else
          g_string_append_printf (notes, "%s: %s", period, point->note);
      }

  if (more > 0)
    {
      g_string_append_c (notes, '\n');
      g_string_append_printf (notes, g_dngettext (GETTEXT_PACKAGE, "… and %u more, in the values table",
                                                  "… and %u more, in the values table", more),
                              more);
    }

  return g_string_free (notes, FALSE);
}

static void
kc_indicator_view_update_details (KcIndicatorView *self)
{
  const KcIndicator *indicator = self->indicator;
  g_autofree char *sources = kc_indicator_view_collect_sources (self);
  g_autofree char *notes = kc_indicator_view_collect_notes (self);
  g_autofree char *target = NULL;

  gtk_label_set_label (self->title_label, indicator_name (indicator));
  gtk_label_set_label (self->subtitle_label, indicator_other_name (indicator));
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), indicator_other_name (indicator) != NULL);

  if (!isnan (indicator->target))
    {
      g_autofree char *value = kc_format_value (indicator->target, value_kind_for (indicator),
                                                indicator->unit, KC_CHART_LANGUAGE_AUTO);

      if (indicator->target_period.year != 0)
        {
          g_autofree char *period = kc_period_to_display (&indicator->target_period, FALSE);

          /* TRANSLATORS: a target and when it is due, e.g. "24 by 2021" */
          target = g_strdup_printf (_("%s by %s"), value, period);
        }
      else
        target = g_steal_pointer (&value);
    }

  set_detail (self->definition_row, indicator->description);
  set_detail (self->unit_row, indicator->unit);
  set_detail (self->kind_row, kind_display_name (indicator->kind));
  set_detail (self->category_row, indicator->category);
  set_detail (self->source_row, sources);
  set_detail (self->target_row, target);
  set_detail (self->notes_row, notes);
  set_detail (self->id_row, indicator->id);
}

/* Controls */

/* Shows or hides a control, and its group and the row of controls when
 * all of theirs are hidden. */
static void
kc_indicator_view_show_control (KcIndicatorView *self,
                                GtkWidget       *control,
                                gboolean         visible)
{
  gboolean any = FALSE;

  gtk_widget_set_visible (control, visible);
  gtk_widget_set_visible (self->mode_box,
                          gtk_widget_get_visible (self->year_on_year_button)
                          || gtk_widget_get_visible (self->share_button));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->controls_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    any |= gtk_widget_get_visible (child);
  gtk_widget_set_visible (GTK_WIDGET (self->controls_box), any);
}

static void
kc_indicator_view_update_controls (KcIndicatorView *self)
{
  gboolean time_series = kc_indicator_view_is_time_series (self);

  kc_indicator_view_show_control (self, self->share_button,
                                  time_series && kc_indicator_view_count_selected (self) > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "indicator.copy-values",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0);
}

/* The number of regions shown, on the button that chooses them. */
static void
kc_indicator_view_update_region_label (KcIndicatorView *self)
{
  guint n = kc_indicator_view_count_selected (self);
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Region", "%u Regions", n), n);

  gtk_menu_button_set_label (self->region_button, label);
}

static void
kc_indicator_view_region_toggled_cb (GtkCheckButton  *button,
                                     KcIndicatorView *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "kc-region-index"));
  gboolean active = gtk_check_button_get_active (button);

  /* At least one region stays chosen: an empty chart answers nothing. */
  if (!active && kc_indicator_view_count_selected (self) <= 1)
    {
      gtk_check_button_set_active (button, TRUE);
      return;
    }

  g_array_index (self->region_selected, gboolean, index) = active;
  kc_indicator_view_update_region_label (self);

  /* A share of one region's total is always 100 %. */
  if (self->share_of_total && kc_indicator_view_count_selected (self) < 2)
    {
      self->share_of_total = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHARE_OF_TOTAL]);
    }

  kc_indicator_view_update_chart (self);
  kc_indicator_view_update_table (self);
  kc_indicator_view_update_controls (self);
}

static void
kc_indicator_view_build_regions (KcIndicatorView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->region_list))) != NULL)
    gtk_box_remove (self->region_list, child);

  for (guint i = 0; i < self->regions->len; i++)
    {
      const char *region = g_ptr_array_index (self->regions, i);
      GtkWidget *button = gtk_check_button_new_with_label (*region != '\0' ? region : _("Unnamed Region"));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
      g_object_set_data (G_OBJECT (button), "kc-region-index", GUINT_TO_POINTER (i));
      g_signal_connect_object (button, "toggled", G_CALLBACK (kc_indicator_view_region_toggled_cb), self, 0);
      gtk_box_append (self->region_list, button);
    }

  kc_indicator_view_update_region_label (self);
  kc_indicator_view_show_control (self, GTK_WIDGET (self->region_button), self->regions->len > 1);
}

static void
kc_indicator_view_show (KcIndicatorView   *self,
                        const KcIndicator *indicator)
{
  const KcSeries **series;
  guint n_series = 0;
  guint max_points = 0;
  gboolean has_year_on_year = FALSE;
  gboolean was_year_on_year = self->year_on_year;
  gboolean was_share = self->share_of_total;
  KcChartType old_type = self->chart_type;

  self->indicator = indicator;

  series = kc_dataset_get_series_for (self->dataset, indicator, &n_series);
  g_ptr_array_set_size (self->regions, 0);
  g_array_set_size (self->region_selected, 0);
  for (guint s = 0; s < n_series; s++)
    {
      gboolean selected = TRUE;

      g_ptr_array_add (self->regions, (gpointer) series[s]->region);
      g_array_append_val (self->region_selected, selected);
      max_points = MAX (max_points, series[s]->points->len);

      for (guint i = 0; i < series[s]->points->len && !has_year_on_year; i++)
        {
          KcChange change;

          has_year_on_year = kc_series_year_on_year (series[s],
                                                     &g_array_index (series[s]->points, KcObservation, i).period,
                                                     &change) == KC_DERIVED_OK;
        }
    }

  self->chart_type = kc_chart_type_for_indicator (self->dataset, indicator);
  self->year_on_year = FALSE;
  self->share_of_total = FALSE;

  /* A single figure is a KPI card or a share and has nothing to switch. */
  kc_indicator_view_show_control (self, self->type_box,
                                  max_points > 1 && kc_indicator_view_is_time_series (self));
  kc_indicator_view_show_control (self, self->year_on_year_button, has_year_on_year);
  kc_indicator_view_build_regions (self);

  kc_indicator_view_update_details (self);
  kc_indicator_view_update_chart (self);
  kc_indicator_view_update_table (self);
  kc_indicator_view_update_controls (self);

  if (old_type != self->chart_type)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART_TYPE]);
  if (was_year_on_year)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR_ON_YEAR]);
  if (was_share)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHARE_OF_TOTAL]);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->content_scroll), 0);
}

static void
kc_indicator_view_row_selected_cb (KcIndicatorView *self,
                                   GtkListBoxRow   *row)
{
  guint index;

  if (row == NULL || self->dataset == NULL)
    return;

  index = g_array_index (self->row_indicators, guint, gtk_list_box_row_get_index (row));
  kc_indicator_view_show (self, kc_dataset_get_indicator (self->dataset, index));
}

static void
kc_indicator_view_row_activated_cb (KcIndicatorView *self,
                                    GtkListBoxRow   *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Settings of the chart, as properties so that they can be actions */

static void
kc_indicator_view_set_chart_type (KcIndicatorView *self,
                                  const char      *name)
{
  KcChartType type;

  if (name == NULL || !kc_chart_type_from_string (name, &type) || type == self->chart_type)
    return;

  self->chart_type = type;
  kc_indicator_view_update_chart (self);
  kc_indicator_view_update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART_TYPE]);
}

static void
kc_indicator_view_set_mode (KcIndicatorView *self,
                            gboolean         year_on_year,
                            gboolean         share_of_total)
{
  gboolean old_year_on_year = self->year_on_year;
  gboolean old_share = self->share_of_total;

  if (old_year_on_year == year_on_year && old_share == share_of_total)
    return;

  self->year_on_year = year_on_year;
  self->share_of_total = share_of_total;
  kc_indicator_view_update_chart (self);

  if (old_year_on_year != year_on_year)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR_ON_YEAR]);
  if (old_share != share_of_total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHARE_OF_TOTAL]);
}

static GPtrArray *
kc_indicator_view_collect_rows (KcIndicatorView *self)
{
  GPtrArray *out;
  GStrvBuilder *header;
  gboolean with_region = gtk_column_view_column_get_visible (self->region_column);
  guint n;

  if (self->indicator == NULL)
    return NULL;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  header = g_strv_builder_new ();
  if (with_region)
    g_strv_builder_add (header, _("Region"));
  g_strv_builder_add_many (header, _("Period"), _("Value"), _("Unit"), _("Change"), _("Note"), NULL);
  g_ptr_array_add (out, g_strv_builder_end (header));
  g_strv_builder_unref (header);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted_rows));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KcIndicatorRow) row = g_list_model_get_item (G_LIST_MODEL (self->sorted_rows), i);
      const char *unit = self->indicator->unit;
      g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
      g_autofree char *period = kc_period_format (kc_indicator_row_get_period (row), KC_PERIOD_STYLE_ISO);
      double value = kc_indicator_row_get_value (row);
      char number[G_ASCII_DTOSTR_BUF_SIZE] = "";
      const KcSeries *series = kc_dataset_get_series (self->dataset, self->indicator,
                                                      kc_indicator_row_get_region (row));

      if (series != NULL)
        unit = series_unit (series, self->indicator);
      /* Plain digits, so that spreadsheets read the numbers. */
      if (!isnan (value))
        g_ascii_formatd (number, sizeof number, "%.15g", value);

      if (with_region)
        g_strv_builder_add (fields, kc_indicator_row_get_region (row));
      g_strv_builder_add_many (fields, period, number, unit != NULL ? unit : "",
                               isnan (kc_indicator_row_get_change (row)) ? "" : kc_indicator_row_get_change_text (row),
                               kc_indicator_row_get_note (row), NULL);
      g_ptr_array_add (out, g_strv_builder_end (fields));
    }

  return out;
}

static void
kc_indicator_view_copy_values_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  KcIndicatorView *self = KC_INDICATOR_VIEW (widget);
  g_autoptr(GPtrArray) rows = kc_indicator_view_collect_rows (self);
  g_autoptr(GString) text = g_string_new (NULL);

  if (rows == NULL)
    return;

  for (guint i = 0; i < rows->len; i++)
    {
      g_auto(GStrv) fields = g_strdupv (g_ptr_array_index (rows, i));

      /* Tabs and line breaks inside a field would shift the columns. */
      for (guint f = 0; fields[f] != NULL; f++)
        g_strdelimit (fields[f], "\t\r\n", ' ');
      for (guint f = 0; fields[f] != NULL; f++)
        {
          if (f > 0)
            g_string_append_c (text, '\t');
          g_string_append (text, fields[f]);
        }
      g_string_append_c (text, '\n');
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text->str);
}

static void
kc_indicator_view_show_list_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  KcIndicatorView *self = KC_INDICATOR_VIEW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static int
compare_by_period (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return kc_indicator_row_compare_period ((KcIndicatorRow *) a, (KcIndicatorRow *) b);
}

static int
compare_by_value (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return kc_indicator_row_compare_value ((KcIndicatorRow *) a, (KcIndicatorRow *) b);
}

static int
compare_by_region (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return kc_indicator_row_compare_region ((KcIndicatorRow *) a, (KcIndicatorRow *) b);
}

static void
kc_indicator_view_dispose (GObject *object)
{
  KcIndicatorView *self = KC_INDICATOR_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KC_TYPE_INDICATOR_VIEW);
  g_clear_pointer (&self->search_index, kc_search_index_free);
  g_clear_pointer (&self->matches, g_free);
  g_clear_pointer (&self->spec, kc_chart_spec_unref);
  g_clear_object (&self->sorted_rows);
  g_clear_object (&self->rows);
  g_clear_object (&self->settings);
  self->indicator = NULL;
  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (kc_indicator_view_parent_class)->dispose (object);
}

static void
kc_indicator_view_finalize (GObject *object)
{
  KcIndicatorView *self = KC_INDICATOR_VIEW (object);

  g_ptr_array_unref (self->search_aliases);
  g_array_unref (self->row_indicators);
  g_ptr_array_unref (self->indicator_rows);
  g_ptr_array_unref (self->regions);
  g_array_unref (self->region_selected);

  G_OBJECT_CLASS (kc_indicator_view_parent_class)->finalize (object);
}

static void
kc_indicator_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KcIndicatorView *self = KC_INDICATOR_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_CHART_TYPE:
      g_value_set_string (value, kc_chart_type_to_string (self->chart_type));
      break;
    case PROP_YEAR_ON_YEAR:
      g_value_set_boolean (value, self->year_on_year);
      break;
    case PROP_SHARE_OF_TOTAL:
      g_value_set_boolean (value, self->share_of_total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_indicator_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KcIndicatorView *self = KC_INDICATOR_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      kc_indicator_view_set_dataset (self, g_value_get_object (value));
      break;
    case PROP_CHART_TYPE:
      kc_indicator_view_set_chart_type (self, g_value_get_string (value));
      break;
    case PROP_YEAR_ON_YEAR:
      /* The two modes exclude each other. */
      kc_indicator_view_set_mode (self, g_value_get_boolean (value),
                                  g_value_get_boolean (value) ? FALSE : self->share_of_total);
      break;
    case PROP_SHARE_OF_TOTAL:
      kc_indicator_view_set_mode (self, g_value_get_boolean (value) ? FALSE : self->year_on_year,
                                  g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_indicator_view_class_init (KcIndicatorViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kc_indicator_view_dispose;
  object_class->finalize = kc_indicator_view_finalize;
  object_class->get_property = kc_indicator_view_get_property;
  object_class->set_property = kc_indicator_view_set_property;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL,
                         KC_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The chart type's name (see kc_chart_type_to_string()). */
  properties[PROP_CHART_TYPE] =
    g_param_spec_string ("chart-type", NULL, NULL, "line",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_YEAR_ON_YEAR] =
    g_param_spec_boolean ("year-on-year", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARE_OF_TOTAL] =
    g_param_spec_boolean ("share-of-total", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "indicator.chart-type", "chart-type");
  gtk_widget_class_install_property_action (widget_class, "indicator.year-on-year", "year-on-year");
  gtk_widget_class_install_property_action (widget_class, "indicator.share-of-total", "share-of-total");
  gtk_widget_class_install_action (widget_class, "indicator.copy-values", NULL,
                                   kc_indicator_view_copy_values_action);
  gtk_widget_class_install_action (widget_class, "indicator.show-list", NULL,
                                   kc_indicator_view_show_list_action);

  g_type_ensure (KC_TYPE_CHART_VIEW);
  g_type_ensure (KC_TYPE_INDICATOR_ROW);
  g_type_ensure (KC_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kechuang/Kechuang/kc-indicator-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, stack);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, list_box);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, content_scroll);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, title_label);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, controls_box);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, type_box);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, region_button);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, region_list);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, mode_box);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, year_on_year_button);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, share_button);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, chart_clamp);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, chart_view);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, table_scroll);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, region_column);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, period_column);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, value_column);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, change_column);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, note_column);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, definition_row);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, unit_row);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, kind_row);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, category_row);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, source_row);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, target_row);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, notes_row);
  gtk_widget_class_bind_template_child (widget_class, KcIndicatorView, id_row);
  gtk_widget_class_bind_template_callback (widget_class, kc_indicator_view_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kc_indicator_view_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, kc_indicator_view_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, kc_indicator_view_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, kc_indicator_view_row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kc-indicator-view");
}

static void
kc_indicator_view_init (KcIndicatorView *self)
{
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->search_aliases = g_ptr_array_new_with_free_func (g_free);
  self->row_indicators = g_array_new (FALSE, FALSE, sizeof (guint));
  self->indicator_rows = g_ptr_array_new ();
  self->regions = g_ptr_array_new ();
  self->region_selected = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->chart_type = KC_CHART_LINE;

  gtk_list_box_set_filter_func (self->list_box, kc_indicator_view_filter_row, self, NULL);
  gtk_list_box_set_header_func (self->list_box, kc_indicator_view_update_header, self, NULL);
  /* Typing in the sidebar filters the list. */
  gtk_search_entry_set_key_capture_widget (self->search_entry,
                                           gtk_widget_get_parent (GTK_WIDGET (self->search_entry)));

  {
    g_autoptr(GtkCustomSorter) by_period = gtk_custom_sorter_new (compare_by_period, NULL, NULL);
    g_autoptr(GtkCustomSorter) by_value = gtk_custom_sorter_new (compare_by_value, NULL, NULL);
    g_autoptr(GtkCustomSorter) by_region = gtk_custom_sorter_new (compare_by_region, NULL, NULL);

    gtk_column_view_column_set_sorter (self->period_column, GTK_SORTER (by_period));
    gtk_column_view_column_set_sorter (self->value_column, GTK_SORTER (by_value));
    gtk_column_view_column_set_sorter (self->region_column, GTK_SORTER (by_region));
  }

  self->rows = g_list_store_new (KC_TYPE_INDICATOR_ROW);
  self->sorted_rows = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                               g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->sorted_rows)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  g_settings_bind (self->settings, "chart-palette", self->chart_view, "palette", G_SETTINGS_BIND_GET);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "indicator.copy-values", FALSE);
}

GtkWidget *
kc_indicator_view_new (void)
{
  return g_object_new (KC_TYPE_INDICATOR_VIEW, NULL);
}

void
kc_indicator_view_refresh_values (KcIndicatorView *self)
{
  g_return_if_fail (KC_IS_INDICATOR_VIEW (self));

  if (self->indicator == NULL)
    return;

  kc_indicator_view_update_table (self);
  kc_indicator_view_update_details (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_view));
}

KcDataset *
kc_indicator_view_get_dataset (KcIndicatorView *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_VIEW (self), NULL);

  return self->dataset;
}

void
kc_indicator_view_set_dataset (KcIndicatorView *self,
                               KcDataset       *dataset)
{
  g_autofree char *previous = NULL;

  g_return_if_fail (KC_IS_INDICATOR_VIEW (self));
  g_return_if_fail (dataset == NULL || KC_IS_DATASET (dataset));

  if (dataset == self->dataset)
    return;

  /* A reload keeps the indicator in view when it is still there. */
  if (self->indicator != NULL)
    previous = g_strdup (self->indicator->id);

  self->indicator = NULL;
  kc_indicator_view_clear_list (self);
  g_set_object (&self->dataset, dataset);

  if (dataset == NULL || kc_dataset_get_n_indicators (dataset) == 0)
    {
      kc_indicator_view_update_chart (self);
      kc_indicator_view_update_table (self);
      kc_indicator_view_update_controls (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    {
      GtkListBoxRow *first;

      kc_indicator_view_build_list (self);
      kc_indicator_view_apply_filter (self);
      gtk_stack_set_visible_child_name (self->stack, "indicators");

      if (previous == NULL || kc_dataset_find_indicator (dataset, previous) == NULL)
        {
          first = kc_indicator_view_first_visible_row (self);
          if (first == NULL)
            first = gtk_list_box_get_row_at_index (self->list_box, 0);
          gtk_list_box_select_row (self->list_box, first);
        }
      else
        {
          const KcIndicator *indicator = kc_dataset_find_indicator (dataset, previous);

          for (guint i = 0; i < kc_dataset_get_n_indicators (dataset); i++)
            if (kc_dataset_get_indicator (dataset, i) == indicator)
              gtk_list_box_select_row (self->list_box, g_ptr_array_index (self->indicator_rows, i));
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

gboolean
kc_indicator_view_select (KcIndicatorView *self,
                          const char      *indicator_id)
{
  const KcIndicator *indicator;
  GtkListBoxRow *row = NULL;

  g_return_val_if_fail (KC_IS_INDICATOR_VIEW (self), FALSE);
  g_return_val_if_fail (indicator_id != NULL, FALSE);

  if (self->dataset == NULL)
    return FALSE;
  indicator = kc_dataset_find_indicator (self->dataset, indicator_id);
  if (indicator == NULL)
    return FALSE;

  for (guint i = 0; i < kc_dataset_get_n_indicators (self->dataset); i++)
    if (kc_dataset_get_indicator (self->dataset, i) == indicator)
      row = g_ptr_array_index (self->indicator_rows, i);
  g_return_val_if_fail (row != NULL, FALSE);

  /* A filter that hides the indicator asked for no longer applies. */
  if (!gtk_widget_get_child_visible (GTK_WIDGET (row)))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      kc_indicator_view_apply_filter (self);
    }

  if (gtk_list_box_get_selected_row (self->list_box) != row)
    gtk_list_box_select_row (self->list_box, row);
  else if (self->indicator != indicator)
    kc_indicator_view_show (self, indicator);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  return TRUE;
}

void
kc_indicator_view_focus_search (KcIndicatorView *self)
{
  g_return_if_fail (KC_IS_INDICATOR_VIEW (self));

  if (self->dataset == NULL || kc_dataset_get_n_indicators (self->dataset) == 0)
    return;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

const char *
kc_indicator_view_get_selected (KcIndicatorView *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_VIEW (self), NULL);

  return self->indicator != NULL ? self->indicator->id : NULL;
}

KcChartSpec *
kc_indicator_view_dup_current_spec (KcIndicatorView *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_VIEW (self), NULL);

  return self->spec != NULL ? kc_chart_spec_ref (self->spec) : NULL;
}

GPtrArray *
kc_indicator_view_dup_table_rows (KcIndicatorView *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_VIEW (self), NULL);

  return kc_indicator_view_collect_rows (self);
}
