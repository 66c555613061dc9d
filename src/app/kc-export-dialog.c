/* kc-export-dialog.c
 * The export dialog: format, size, look and text, a live preview, and the
 * file chooser; writes charts, the dashboard poster and data files. */
#define G_LOG_DOMAIN "kc-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kc-atomic-file.h"
#include "kc-chart-data.h"
#include "kc-chart-render.h"
#include "kc-chart-view.h"
#include "kc-export-dialog.h"
#include "kc-file-name.h"

/* Typing in a size field redraws the preview once the typing pauses. */
#define PREVIEW_DELAY_MS 150
/* Rows of a table shown in the data preview. */
#define PREVIEW_ROWS 40

typedef enum
{
  MODE_CHART,
  MODE_POSTER,
  MODE_CHARTS,
  MODE_TABLE,
} Mode;

typedef struct
{
  char         *id;      /* a built-in id, or "user:" and the name */
  char         *label;   /* "Newspaper, Two Columns" */
  char         *detail;  /* "114 × 80 mm"; NULL for Custom */
  char         *name;    /* both, as the row shows the choice */
  KcExportSize  size;
} Preset;

struct _KcExportDialog
{
  AdwWindow          parent_instance;

  GSettings         *settings;
  Mode               mode;
  KcChartSpec       *spec;        /* the chart; for several, the first */
  GPtrArray         *specs;       /* MODE_CHARTS */
  GStrv              ids;         /* MODE_CHARTS */
  KcPoster          *poster;      /* MODE_POSTER */
  char              *title;       /* for the file name */
  KcExportTableFunc  table_func;
  gpointer           table_data;
  GDestroyNotify     table_destroy;

  GArray            *formats;     /* KcExportFormat, as the format row lists them */
  GArray            *presets;     /* Preset, as the preset row lists them, then Custom */
  KcExportSize       size;
  KcExportFormat     format;
  gboolean           updating;    /* set while widgets are filled in from code */
  gboolean           size_valid;

  guint              preview_source;
  cairo_surface_t   *preview;
  gboolean           preview_transparent;

  gboolean           busy;
  gboolean           disposed;
  GCancellable      *cancellable;
#if !GTK_CHECK_VERSION (4, 10, 0)
  /* Native dialogs are not kept alive by GTK while they are shown. */
  GtkFileChooserNative *chooser;
#endif

  /* Template children */
  AdwLeaflet        *leaflet;
  GtkButton         *export_button;
  GtkSpinner        *spinner;
  GtkStack          *preview_stack;
  GtkDrawingArea    *preview_area;
  GtkDrawingArea    *compact_preview;
  GtkLabel          *data_preview;
  GtkLabel          *size_label;
  AdwComboRow       *format_row;
  AdwPreferencesGroup *size_group;
  GtkButton         *delete_preset_button;
  AdwComboRow       *preset_row;
  GtkSpinButton     *width_spin;
  GtkSpinButton     *height_spin;
  GtkAdjustment     *width_adjustment;
  GtkAdjustment     *height_adjustment;
  AdwComboRow       *unit_row;
  AdwComboRow       *scale_row;
  AdwComboRow       *dpi_row;
  AdwPreferencesGroup *appearance_group;
  AdwComboRow       *theme_row;
  AdwActionRow      *transparent_row;
  GtkSwitch         *transparent_switch;
  AdwPreferencesGroup *text_group;
  GtkSwitch         *title_switch;
  GtkSwitch         *subtitle_switch;
  GtkSwitch         *footer_switch;
  AdwEntryRow       *credit_row;
  AdwPreferencesGroup *data_group;
  AdwComboRow       *encoding_row;
};

G_DEFINE_FINAL_TYPE (KcExportDialog, kc_export_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum
{
  EXPORTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const double scales[] = { 1, 2, 3 };
static const double dpis[] = { 150, 300, 600 };
static const char * const csv_encoding_nicks[] = { "utf8-bom", "utf8", "gb18030" };
static const char * const format_nicks[] = { "png", "svg", "pdf", "csv" };

static void kc_export_dialog_schedule_preview (KcExportDialog *self);

static void
preset_clear (gpointer data)
{
  Preset *preset = data;

  g_free (preset->id);
  g_free (preset->label);
  g_free (preset->detail);
  g_free (preset->name);
}

static const char *
format_extension (KcExportFormat format)
{
  return format_nicks[format];
}

static KcChartFormat
chart_format (KcExportFormat format)
{
  switch (format)
    {
    case KC_EXPORT_FORMAT_SVG:
      return KC_CHART_FORMAT_SVG;
    case KC_EXPORT_FORMAT_PDF:
      return KC_CHART_FORMAT_PDF;
    case KC_EXPORT_FORMAT_PNG:
    case KC_EXPORT_FORMAT_CSV:
    default:
      return KC_CHART_FORMAT_PNG;
    }
}

static guint
nearest_index (const double *values,
               guint         n,
               double        value)
{
  guint best = 0;

  for (guint i = 1; i < n; i++)
    if (fabs (values[i] - value) < fabs (values[best] - value))
      best = i;

  return best;
}

/* ---- Reading the options -------------------------------------------------- */

static KcCsvCharset
kc_export_dialog_get_charset (KcExportDialog *self)
{
  switch (adw_combo_row_get_selected (self->encoding_row))
    {
    case 1:
      return KC_CSV_CHARSET_UTF8;
    case 2:
      return KC_CSV_CHARSET_GB18030;
    default:
      return KC_CSV_CHARSET_UTF8_BOM;
    }
}

/* The chart options the export and the preview draw with. */
static void
kc_export_dialog_get_options (KcExportDialog *self,
                              KcChartOptions *options)
{
  g_autofree char *palette = g_settings_get_string (self->settings, "chart-palette");

  kc_chart_options_init (options, 1, 1);
  options->theme = adw_combo_row_get_selected (self->theme_row) == 1 ? KC_CHART_THEME_DARK
                                                                     : KC_CHART_THEME_LIGHT;
  /* PDF has no transparent paper. */
  options->transparent = gtk_switch_get_active (self->transparent_switch)
                         && (self->format == KC_EXPORT_FORMAT_PNG || self->format == KC_EXPORT_FORMAT_SVG);
  options->show_title = gtk_switch_get_active (self->title_switch);
  options->show_subtitle = gtk_switch_get_active (self->subtitle_switch);
  options->show_footer = gtk_switch_get_active (self->footer_switch);
  /* The palette chosen in the preferences, as on screen. */
  options->palette = kc_chart_view_lookup_palette (palette, options->theme, &options->n_palette);
}

static const char *
kc_export_dialog_get_credit (KcExportDialog *self)
{
  const char *credit = gtk_editable_get_text (GTK_EDITABLE (self->credit_row));

  return gtk_switch_get_active (self->footer_switch) && credit != NULL && *credit != '\0' ? credit : NULL;
}

/* A copy of @spec with the credit line of the dialog. */
static KcChartSpec *
kc_export_dialog_dup_spec (KcExportDialog *self,
                           KcChartSpec    *spec)
{
  KcChartSpec *copy = kc_chart_spec_copy (spec);
  const char *credit = kc_export_dialog_get_credit (self);

  if (credit != NULL)
    kc_chart_spec_set_credit (copy, credit);

  return copy;
}

/* ---- Presets ---------------------------------------------------------------- */

static gboolean
preset_fits_mode (const KcExportPreset *preset,
                  Mode                  mode)
{
  return mode == MODE_POSTER ? preset->for_poster : preset->for_chart;
}

static void
append_preset (KcExportDialog     *self,
               char               *id,
               const char         *label,
               const KcExportSize *size)
{
  Preset p = { id, g_strdup (label), NULL, NULL, { 0 } };

  if (size != NULL)
    {
      p.size = *size;
      if (size->unit == KC_SIZE_UNIT_MM)
        p.detail = g_strdup_printf (_("%g × %g mm"), size->width, size->height);
      else
        p.detail = g_strdup_printf (_("%g × %g px"), size->width, size->height);
      /* Translators: a size preset and its size, e.g. "Newspaper, Two Columns (114 × 80 mm)" */
      p.name = g_strdup_printf (_("%s (%s)"), label, p.detail);
    }
  else
    p.name = g_strdup (label);

  g_array_append_val (self->presets, p);
}

static void
kc_export_dialog_load_presets (KcExportDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GVariant) user_px = g_settings_get_value (self->settings, "export-presets");
  g_autoptr(GVariant) user_mm = g_settings_get_value (self->settings, "export-presets-mm");
  const KcExportPreset *builtin;
  GVariantIter iter;
  const char *name;
  int w, h;
  double wd, hd;
  guint n;

  g_array_set_size (self->presets, 0);

  builtin = kc_export_presets_get (&n);
  for (guint i = 0; i < n; i++)
    if (preset_fits_mode (&builtin[i], self->mode))
      append_preset (self, g_strdup (builtin[i].id), _(builtin[i].name), &builtin[i].size);

  g_variant_iter_init (&iter, user_px);
  while (g_variant_iter_next (&iter, "(&sii)", &name, &w, &h))
    {
      KcExportSize size = { w, h, KC_SIZE_UNIT_PX, 1, 300 };

      append_preset (self, g_strconcat ("user:", name, NULL), name, &size);
    }
  g_variant_iter_init (&iter, user_mm);
  while (g_variant_iter_next (&iter, "(&sdd)", &name, &wd, &hd))
    {
      KcExportSize size = { wd, hd, KC_SIZE_UNIT_MM, 1, 300 };

      append_preset (self, g_strconcat ("user:", name, NULL), name, &size);
    }

  append_preset (self, g_strdup (""), _("Custom"), NULL);

  for (guint i = 0; i < self->presets->len; i++)
    gtk_string_list_append (names, g_array_index (self->presets, Preset, i).name);

  self->updating = TRUE;
  adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (names));
  self->updating = FALSE;
}

/* The preset list shows each name with its size below it, so that long
 * names are not cut. */
static void
preset_item_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (item, box);
}

static void
preset_item_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     KcExportDialog           *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (label);
  guint position = gtk_list_item_get_position (item);
  const Preset *preset;

  if (position >= self->presets->len)
    return;

  preset = &g_array_index (self->presets, Preset, position);
  gtk_label_set_text (GTK_LABEL (label), preset->label);
  gtk_label_set_text (GTK_LABEL (detail), preset->detail != NULL ? preset->detail : "");
  gtk_widget_set_visible (detail, preset->detail != NULL);
}

static guint
kc_export_dialog_find_preset (KcExportDialog *self,
                              const char     *id)
{
  for (guint i = 0; i < self->presets->len; i++)
    if (g_str_equal (g_array_index (self->presets, Preset, i).id, id))
      return i;

  return GTK_INVALID_LIST_POSITION;
}

static const Preset *
kc_export_dialog_get_selected_preset (KcExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->preset_row);

  if (selected >= self->presets->len)
    return NULL;

  return &g_array_index (self->presets, Preset, selected);
}

/* ---- Showing the options ---------------------------------------------------- */

static void
kc_export_dialog_update_visibility (KcExportDialog *self)
{
  const Preset *preset = kc_export_dialog_get_selected_preset (self);
  gboolean data = self->format == KC_EXPORT_FORMAT_CSV;
  gboolean png = self->format == KC_EXPORT_FORMAT_PNG;
  gboolean mm = self->size.unit == KC_SIZE_UNIT_MM;

  gtk_widget_set_visible (GTK_WIDGET (self->size_group), !data);
  gtk_widget_set_visible (GTK_WIDGET (self->appearance_group), !data);
  gtk_widget_set_visible (GTK_WIDGET (self->text_group), !data);
  gtk_widget_set_visible (GTK_WIDGET (self->data_group), data);
  gtk_widget_set_visible (GTK_WIDGET (self->scale_row), png && !mm);
  gtk_widget_set_visible (GTK_WIDGET (self->dpi_row), png && mm);
  gtk_widget_set_sensitive (GTK_WIDGET (self->transparent_row),
                            png || self->format == KC_EXPORT_FORMAT_SVG);
  gtk_widget_set_visible (GTK_WIDGET (self->delete_preset_button),
                          preset != NULL && g_str_has_prefix (preset->id, "user:"));
  gtk_stack_set_visible_child_name (self->preview_stack, data ? "data" : "image");
  gtk_widget_set_visible (GTK_WIDGET (self->compact_preview),
                          !data && adw_leaflet_get_folded (self->leaflet));
}

/* Puts self->size into the size widgets. */
static void
kc_export_dialog_show_size (KcExportDialog *self)
{
  gboolean mm = self->size.unit == KC_SIZE_UNIT_MM;

  self->updating = TRUE;
  for (guint i = 0; i < 2; i++)
    {
      GtkAdjustment *adjustment = i == 0 ? self->width_adjustment : self->height_adjustment;
      GtkSpinButton *spin = i == 0 ? self->width_spin : self->height_spin;

      gtk_adjustment_configure (adjustment, i == 0 ? self->size.width : self->size.height,
                                mm ? 5 : 16, mm ? 5000 : 20000,
                                mm ? 1 : 10, mm ? 10 : 100, 0);
      gtk_spin_button_set_digits (spin, mm ? 1 : 0);
    }
  adw_combo_row_set_selected (self->unit_row, mm ? 1 : 0);
  adw_combo_row_set_selected (self->scale_row, nearest_index (scales, G_N_ELEMENTS (scales), self->size.scale));
  adw_combo_row_set_selected (self->dpi_row, nearest_index (dpis, G_N_ELEMENTS (dpis), self->size.dpi));
  self->updating = FALSE;
}

static void
kc_export_dialog_update_size_label (KcExportDialog *self)
{
  g_autoptr(GError) error = NULL;
  KcExportGeometry geometry;

  if (self->format == KC_EXPORT_FORMAT_CSV)
    {
      const char *names[] = { N_("UTF-8 with BOM"), N_("UTF-8"), N_("GB18030") };

      /* Translators: the data format, e.g. "CSV, UTF-8 with BOM, Windows line ends" */
      g_autofree char *text = g_strdup_printf (_("CSV, %s, Windows line ends"),
                                               _(names[kc_export_dialog_get_charset (self)]));

      gtk_label_set_text (self->size_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->size_label), "error");
      self->size_valid = TRUE;
    }
  else if (kc_export_size_get_geometry (&self->size, chart_format (self->format), &geometry, &error))
    {
      g_autofree char *text = kc_export_size_describe (&self->size, chart_format (self->format));

      gtk_label_set_text (self->size_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->size_label), "error");
      self->size_valid = TRUE;
    }
  else
    {
      gtk_label_set_text (self->size_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->size_label), "error");
      self->size_valid = FALSE;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save", self->size_valid && !self->busy);
}

static void
kc_export_dialog_options_changed (KcExportDialog *self)
{
  kc_export_dialog_update_visibility (self);
  kc_export_dialog_update_size_label (self);
  kc_export_dialog_schedule_preview (self);
}

/* ---- The preview ---------------------------------------------------------- */

static void
draw_checkerboard (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h)
{
  const double cell = 8;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  for (double cy = y; cy < y + h; cy += cell)
    for (double cx = x + (fmod ((cy - y) / cell, 2) >= 1 ? cell : 0); cx < x + w; cx += 2 * cell)
      cairo_rectangle (cr, cx, cy, cell, cell);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* Paints the last rendered preview, fitted and centred in the area. */
static void
preview_draw (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  KcExportDialog *self = user_data;
  double sw, sh, k, dw, dh, x, y;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (area));

  if (self->preview == NULL)
    return;

  sw = cairo_image_surface_get_width (self->preview) / (double) scale;
  sh = cairo_image_surface_get_height (self->preview) / (double) scale;
  k = MIN (width / sw, height / sh);
  dw = sw * k;
  dh = sh * k;
  x = floor ((width - dw) / 2);
  y = floor ((height - dh) / 2);

  /* A hint of paper: a soft shadow around the page. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
  cairo_rectangle (cr, x - 1, y - 1, dw + 2, dh + 3);
  cairo_fill (cr);
  if (self->preview_transparent)
    draw_checkerboard (cr, x, y, dw, dh);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, k / scale, k / scale);
  cairo_set_source_surface (cr, self->preview, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), k * scale > 0.999 && k * scale < 1.001
                                                   ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
kc_export_dialog_render_data_preview (KcExportDialog *self)
{
  KcCsvWriter *writer = kc_csv_writer_new (KC_CSV_CHARSET_UTF8, ',');
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  if (self->table_func != NULL)
    self->table_func (writer, PREVIEW_ROWS, self->table_data);
  else if (self->spec != NULL)
    {
      g_autoptr(GPtrArray) rows = kc_chart_spec_dup_table (self->spec, KC_CHART_LANGUAGE_AUTO);

      for (guint i = 0; i < MIN (rows->len, PREVIEW_ROWS + 1); i++)
        kc_csv_writer_add_row (writer, g_ptr_array_index (rows, i));
    }

  bytes = kc_csv_writer_finish (writer, NULL);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  /* Shown with plain line ends; the file has CRLF. */
  g_strdelimit (text, "\r", ' ');
  gtk_label_set_text (self->data_preview, text);
}

/* The largest size of @aspect that fits the visible preview areas. */
static void
preview_pixels (KcExportDialog *self,
                double          aspect,
                int            *pw,
                int            *ph)
{
  GtkWidget *area = adw_leaflet_get_folded (self->leaflet) ? GTK_WIDGET (self->compact_preview)
                                                           : GTK_WIDGET (self->preview_area);
  int scale = gtk_widget_get_scale_factor (area);
  double aw = MAX (gtk_widget_get_width (area), 200);
  double ah = MAX (gtk_widget_get_height (area), 150);

  if (aw / ah > aspect)
    aw = ah * aspect;
  else
    ah = aw / aspect;

  *pw = MAX (1, (int) round (aw * scale));
  *ph = MAX (1, (int) round (ah * scale));
}

static gboolean
kc_export_dialog_render_preview (gpointer user_data)
{
  KcExportDialog *self = user_data;
  KcExportGeometry geometry;
  KcChartOptions options;
  cairo_surface_t *surface;
  cairo_t *cr;
  int pw, ph;

  self->preview_source = 0;

  if (self->format == KC_EXPORT_FORMAT_CSV)
    {
      kc_export_dialog_render_data_preview (self);
      return G_SOURCE_REMOVE;
    }

  if (!kc_export_size_get_geometry (&self->size, chart_format (self->format), &geometry, NULL))
    return G_SOURCE_REMOVE;

  /* Drawn at the export's own size, scaled down to the preview's pixels:
   * the same layout, type sizes and line breaks as the file. */
  kc_export_dialog_get_options (self, &options);
  options.width = geometry.width;
  options.height = geometry.height;
  preview_pixels (self, geometry.width / geometry.height, &pw, &ph);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cr = cairo_create (surface);
  cairo_scale (cr, pw / geometry.width, ph / geometry.height);
  if (self->mode == MODE_POSTER)
    {
      kc_poster_set_credit (self->poster, kc_export_dialog_get_credit (self));
      kc_poster_render (cr, self->poster, &options, NULL);
    }
  else if (self->spec != NULL)
    {
      g_autoptr(KcChartSpec) spec = kc_export_dialog_dup_spec (self, self->spec);

      kc_chart_render (cr, spec, &options, NULL);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  g_clear_pointer (&self->preview, cairo_surface_destroy);
  self->preview = surface;
  self->preview_transparent = options.transparent;
  gtk_widget_queue_draw (GTK_WIDGET (self->preview_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->compact_preview));

  return G_SOURCE_REMOVE;
}

static void
kc_export_dialog_schedule_preview (KcExportDialog *self)
{
  /* Each change restarts the wait, so typing is never held up. */
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, kc_export_dialog_render_preview, self);
}

static void
preview_resize_cb (KcExportDialog *self)
{
  kc_export_dialog_schedule_preview (self);
}

/* ---- Widget signals ------------------------------------------------------- */

static void
format_changed_cb (KcExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  if (self->updating || selected >= self->formats->len)
    return;

  self->format = g_array_index (self->formats, KcExportFormat, selected);
  kc_export_dialog_options_changed (self);
}

static void
preset_changed_cb (KcExportDialog *self)
{
  const Preset *preset;

  if (self->updating)
    return;

  preset = kc_export_dialog_get_selected_preset (self);
  /* Custom keeps what is in the fields. */
  if (preset != NULL && *preset->id != '\0')
    {
      double scale = self->size.scale, dpi = self->size.dpi;

      self->size = preset->size;
      self->size.scale = scale;
      self->size.dpi = dpi;
      kc_export_dialog_show_size (self);
    }
  kc_export_dialog_options_changed (self);
}

/* A size typed or chosen by hand: Custom, unless it is the preset's. */
static void
kc_export_dialog_size_edited (KcExportDialog *self)
{
  const Preset *preset = kc_export_dialog_get_selected_preset (self);

  if (preset != NULL && *preset->id != '\0'
      && (preset->size.width != self->size.width || preset->size.height != self->size.height
          || preset->size.unit != self->size.unit))
    {
      self->updating = TRUE;
      adw_combo_row_set_selected (self->preset_row, self->presets->len - 1);
      self->updating = FALSE;
    }
  kc_export_dialog_options_changed (self);
}

static void
spin_text_changed_cb (KcExportDialog *self,
                      GtkEditable    *editable)
{
  const char *text = gtk_editable_get_text (editable);
  char *end = NULL;
  double value;

  if (self->updating)
    return;

  /* Follow the text as it is typed, before the spin button takes it. */
  value = g_strtod (text, &end);
  if (end == text || !isfinite (value))
    return;
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0')
    return;

  if (GTK_WIDGET (editable) == GTK_WIDGET (self->width_spin))
    self->size.width = value;
  else
    self->size.height = value;
  kc_export_dialog_size_edited (self);
}

static void
spin_value_changed_cb (KcExportDialog *self,
                       GtkSpinButton  *spin)
{
  if (self->updating)
    return;

  if (spin == self->width_spin)
    self->size.width = gtk_spin_button_get_value (spin);
  else
    self->size.height = gtk_spin_button_get_value (spin);
  kc_export_dialog_size_edited (self);
}

static void
unit_changed_cb (KcExportDialog *self)
{
  KcSizeUnit unit;
  double dpi;

  if (self->updating)
    return;

  unit = adw_combo_row_get_selected (self->unit_row) == 1 ? KC_SIZE_UNIT_MM : KC_SIZE_UNIT_PX;
  if (unit == self->size.unit)
    return;

  /* The same size on paper: pixels are CSS pixels, 96 to the inch. */
  dpi = KC_PX_PER_INCH;
  if (unit == KC_SIZE_UNIT_MM)
    {
      self->size.width = round (kc_px_to_mm (self->size.width, dpi) * 10) / 10;
      self->size.height = round (kc_px_to_mm (self->size.height, dpi) * 10) / 10;
    }
  else
    {
      self->size.width = round (kc_mm_to_px (self->size.width, dpi));
      self->size.height = round (kc_mm_to_px (self->size.height, dpi));
    }
  self->size.unit = unit;
  kc_export_dialog_show_size (self);
  kc_export_dialog_size_edited (self);
}

static void
scale_changed_cb (KcExportDialog *self)
{
  if (self->updating)
    return;

  self->size.scale = scales[MIN (adw_combo_row_get_selected (self->scale_row), G_N_ELEMENTS (scales) - 1)];
  self->size.dpi = dpis[MIN (adw_combo_row_get_selected (self->dpi_row), G_N_ELEMENTS (dpis) - 1)];
  kc_export_dialog_options_changed (self);
}

static void
look_changed_cb (KcExportDialog *self)
{
  if (self->updating)
    return;

  kc_export_dialog_options_changed (self);
}

/* ---- Settings --------------------------------------------------------------- */

static void
kc_export_dialog_load_settings (KcExportDialog *self)
{
  g_autofree char *preset_id = g_settings_get_string (self->settings, "export-preset");
  g_autofree char *credit = g_settings_get_string (self->settings, "export-credit");
  KcExportFormat format = g_settings_get_enum (self->settings, "export-format");
  guint preset;
  int w, h;

  g_settings_get (self->settings, "export-size", "(ii)", &w, &h);
  self->size.scale = g_settings_get_double (self->settings, "export-scale");
  self->size.dpi = g_settings_get_double (self->settings, "export-dpi");
  if (g_settings_get_enum (self->settings, "export-unit") == KC_SIZE_UNIT_MM)
    {
      self->size.unit = KC_SIZE_UNIT_MM;
      g_settings_get (self->settings, "export-size-mm", "(dd)", &self->size.width, &self->size.height);
    }
  else
    {
      self->size.unit = KC_SIZE_UNIT_PX;
      self->size.width = w;
      self->size.height = h;
    }

  self->updating = TRUE;
  adw_combo_row_set_selected (self->theme_row, g_settings_get_enum (self->settings, "export-theme"));
  gtk_switch_set_active (self->transparent_switch, g_settings_get_boolean (self->settings, "export-transparent"));
  gtk_switch_set_active (self->title_switch, g_settings_get_boolean (self->settings, "export-show-title"));
  gtk_switch_set_active (self->subtitle_switch, g_settings_get_boolean (self->settings, "export-show-subtitle"));
  gtk_switch_set_active (self->footer_switch, g_settings_get_boolean (self->settings, "export-show-footer"));
  gtk_editable_set_text (GTK_EDITABLE (self->credit_row), credit);
  adw_combo_row_set_selected (self->encoding_row, g_settings_get_enum (self->settings, "export-csv-encoding"));
  self->updating = FALSE;

  /* A preset this dialog does not offer (a newspaper column for the
   * poster) gives way to the first one it does. */
  preset = kc_export_dialog_find_preset (self, preset_id);
  if (*preset_id != '\0' && preset == GTK_INVALID_LIST_POSITION)
    preset = 0;
  /* Custom (its id is "") keeps the size saved with it: its own size is
   * none (0 × 0), and taking it left the dialog refusing every export. */
  if (preset == GTK_INVALID_LIST_POSITION || *preset_id == '\0')
    preset = self->presets->len - 1;
  else
    {
      const Preset *p = &g_array_index (self->presets, Preset, preset);

      self->size.width = p->size.width;
      self->size.height = p->size.height;
      self->size.unit = p->size.unit;
    }
  self->updating = TRUE;
  adw_combo_row_set_selected (self->preset_row, preset);
  self->updating = FALSE;
  kc_export_dialog_show_size (self);

  if (!kc_export_dialog_set_format (self, format))
    kc_export_dialog_set_format (self, g_array_index (self->formats, KcExportFormat, 0));
}

static void
kc_export_dialog_save_settings (KcExportDialog *self)
{
  const Preset *preset = kc_export_dialog_get_selected_preset (self);

  g_settings_delay (self->settings);
  g_settings_set_enum (self->settings, "export-format", self->format);
  if (self->format != KC_EXPORT_FORMAT_CSV)
    {
      g_settings_set_string (self->settings, "export-preset", preset != NULL ? preset->id : "");
      g_settings_set_enum (self->settings, "export-unit", self->size.unit);
      if (self->size.unit == KC_SIZE_UNIT_MM)
        {
          g_settings_set (self->settings, "export-size-mm", "(dd)", self->size.width, self->size.height);
          g_settings_set_double (self->settings, "export-dpi", self->size.dpi);
        }
      else
        {
          g_settings_set (self->settings, "export-size", "(ii)",
                          (int) round (self->size.width), (int) round (self->size.height));
          g_settings_set_double (self->settings, "export-scale", self->size.scale);
        }
      g_settings_set_enum (self->settings, "export-theme", adw_combo_row_get_selected (self->theme_row));
      g_settings_set_boolean (self->settings, "export-transparent", gtk_switch_get_active (self->transparent_switch));
      g_settings_set_boolean (self->settings, "export-show-title", gtk_switch_get_active (self->title_switch));
      g_settings_set_boolean (self->settings, "export-show-subtitle", gtk_switch_get_active (self->subtitle_switch));
      g_settings_set_boolean (self->settings, "export-show-footer", gtk_switch_get_active (self->footer_switch));
      g_settings_set_string (self->settings, "export-credit", gtk_editable_get_text (GTK_EDITABLE (self->credit_row)));
    }
  else
    g_settings_set_string (self->settings, "export-csv-encoding",
                           csv_encoding_nicks[kc_export_dialog_get_charset (self)]);
  g_settings_apply (self->settings);
}

/* ---- User presets ----------------------------------------------------------- */

static void
save_preset_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         KcExportDialog   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *id = NULL;
  gboolean mm = self->size.unit == KC_SIZE_UNIT_MM;
  const char *key = mm ? "export-presets-mm" : "export-presets";
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  GVariant *child;

  if (!g_str_equal (response, "save") || *name == '\0')
    return;

  /* A preset of the same name is replaced. */
  old = g_settings_get_value (self->settings, key);
  g_variant_builder_init (&builder, G_VARIANT_TYPE (mm ? "a(sdd)" : "a(sii)"));
  g_variant_iter_init (&iter, old);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *existing;

      g_variant_get_child (child, 0, "&s", &existing);
      if (!g_str_equal (existing, name))
        g_variant_builder_add_value (&builder, child);
      g_variant_unref (child);
    }
  if (mm)
    g_variant_builder_add (&builder, "(sdd)", name, self->size.width, self->size.height);
  else
    g_variant_builder_add (&builder, "(sii)", name,
                           (int) round (self->size.width), (int) round (self->size.height));
  g_settings_set_value (self->settings, key, g_variant_builder_end (&builder));

  kc_export_dialog_load_presets (self);
  id = g_strconcat ("user:", name, NULL);
  kc_export_dialog_set_preset (self, id);
}

static void
save_preset_entry_activate_cb (GtkEditable      *entry,
                               AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
kc_export_dialog_save_preset_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  KcExportDialog *self = KC_EXPORT_DIALOG (widget);
  g_autofree char *body = kc_export_size_describe (&self->size, KC_CHART_FORMAT_SVG);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Size as Preset"), body);
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Preset name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Preset name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (save_preset_response_cb), self);
  g_signal_connect (entry, "activate", G_CALLBACK (save_preset_entry_activate_cb), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
kc_export_dialog_delete_preset_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  KcExportDialog *self = KC_EXPORT_DIALOG (widget);
  const Preset *preset = kc_export_dialog_get_selected_preset (self);
  g_autofree char *name = NULL;
  KcExportSize size;

  if (preset == NULL || !g_str_has_prefix (preset->id, "user:"))
    return;

  name = g_strdup (preset->id + strlen ("user:"));
  size = self->size;
  for (guint k = 0; k < 2; k++)
    {
      const char *key = k == 0 ? "export-presets" : "export-presets-mm";
      g_autoptr(GVariant) old = g_settings_get_value (self->settings, key);
      GVariantBuilder builder;
      GVariantIter iter;
      GVariant *child;

      g_variant_builder_init (&builder, g_variant_get_type (old));
      g_variant_iter_init (&iter, old);
      while ((child = g_variant_iter_next_value (&iter)) != NULL)
        {
          const char *existing;

          g_variant_get_child (child, 0, "&s", &existing);
          if (!g_str_equal (existing, name))
            g_variant_builder_add_value (&builder, child);
          g_variant_unref (child);
        }
      g_settings_set_value (self->settings, key, g_variant_builder_end (&builder));
    }

  /* The size stays, as a custom one. */
  kc_export_dialog_load_presets (self);
  self->updating = TRUE;
  adw_combo_row_set_selected (self->preset_row, self->presets->len - 1);
  self->updating = FALSE;
  self->size = size;
  kc_export_dialog_show_size (self);
  kc_export_dialog_options_changed (self);
}

/* ---- Writing ------------------------------------------------------------------ */

typedef struct
{
  Mode               mode;
  KcExportFormat     format;
  KcExportSize       size;
  KcChartOptions     options;
  KcCsvCharset       charset;
  KcChartSpec       *spec;        /* with the credit line */
  GPtrArray         *specs;       /* MODE_CHARTS, with the credit line */
  GStrv              ids;
  KcPoster          *poster;
  KcExportTableFunc  table_func;
  gpointer           table_data;
  GFile             *file;        /* the file, or the folder for MODE_CHARTS */
  guint              n_written;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->spec, kc_chart_spec_unref);
  g_clear_pointer (&job->specs, g_ptr_array_unref);
  g_clear_pointer (&job->ids, g_strfreev);
  g_clear_pointer (&job->poster, kc_poster_unref);
  g_clear_object (&job->file);
  g_free (job);
}

static void
write_chart_table (KcCsvWriter       *writer,
                   const KcChartSpec *spec)
{
  g_autoptr(GPtrArray) rows = kc_chart_spec_dup_table (spec, KC_CHART_LANGUAGE_AUTO);

  for (guint i = 0; i < rows->len; i++)
    kc_csv_writer_add_row (writer, g_ptr_array_index (rows, i));
}

static gboolean
write_csv (Job                *job,
           const KcChartSpec  *spec,
           gboolean            use_table,
           const char         *path,
           GError            **error)
{
  KcCsvWriter *writer = kc_csv_writer_new_for_path (path, job->charset, ',', error);
  g_autoptr(GBytes) done = NULL;

  if (writer == NULL)
    return FALSE;

  if (use_table && job->table_func != NULL)
    job->table_func (writer, G_MAXUINT, job->table_data);
  else
    write_chart_table (writer, spec);

  done = kc_csv_writer_finish (writer, error);

  return done != NULL;
}

static gboolean
write_image (Job                *job,
             const KcChartSpec  *spec,
             const char         *path,
             GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  KcChartFormat format = chart_format (job->format);

  if (job->poster != NULL)
    bytes = kc_export_size_render_poster (job->poster, &job->options, &job->size, format, &local_error);
  else
    bytes = kc_export_size_render_chart (spec, &job->options, &job->size, format, &local_error);

  if (bytes == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not write “%s”: %s"), display, local_error->message);
      return FALSE;
    }

  return kc_file_write_atomically (path, bytes, error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autofree char *path = g_file_get_path (job->file);
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (job->file);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Could not write “%s”: only local files can be written"), uri);
      return;
    }

  if (job->mode == MODE_CHARTS)
    {
      for (guint i = 0; i < job->specs->len; i++)
        {
          g_autofree char *name = kc_file_name_for_id (job->ids[i], format_extension (job->format));
          g_autofree char *file = g_build_filename (path, name, NULL);
          gboolean ok;

          if (g_cancellable_set_error_if_cancelled (cancellable, &error))
            break;
          if (job->format == KC_EXPORT_FORMAT_CSV)
            ok = write_csv (job, g_ptr_array_index (job->specs, i), FALSE, file, &error);
          else
            ok = write_image (job, g_ptr_array_index (job->specs, i), file, &error);
          if (!ok)
            break;
          job->n_written++;
        }
    }
  else if (job->format == KC_EXPORT_FORMAT_CSV)
    {
      if (write_csv (job, job->spec, TRUE, path, &error))
        job->n_written = 1;
    }
  else if (write_image (job, job->spec, path, &error))
    job->n_written = 1;

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
kc_export_dialog_set_busy (KcExportDialog *self,
                           gboolean        busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->leaflet), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save", self->size_valid && !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
kc_export_dialog_show_error (KcExportDialog *self,
                             const char     *heading,
                             const char     *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KcExportDialog) self = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *folder_uri = NULL;

  /* Closed while writing: nothing left to show. */
  if (self->disposed)
    return;

  kc_export_dialog_set_busy (self, FALSE);
  g_clear_object (&self->cancellable);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (job->mode == MODE_CHARTS && job->n_written > 0)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%s\n\n%u chart was written before the failure.",
                                                "%s\n\n%u charts were written before the failure.",
                                                job->n_written),
                                   error->message, job->n_written);
      kc_export_dialog_show_error (self, _("Could Not Export"), message != NULL ? message : error->message);
      return;
    }

  kc_export_dialog_save_settings (self);
  folder = job->mode == MODE_CHARTS ? g_object_ref (job->file) : g_file_get_parent (job->file);
  if (folder != NULL)
    {
      folder_uri = g_file_get_uri (folder);
      g_settings_set_string (self->settings, "last-export-folder", folder_uri);
    }

  g_signal_emit (self, signals[EXPORTED], 0, job->file, job->n_written);
  gtk_window_close (GTK_WINDOW (self));
}

static void
kc_export_dialog_start (KcExportDialog *self,
                        GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  job->mode = self->mode;
  job->format = self->format;
  job->size = self->size;
  kc_export_dialog_get_options (self, &job->options);
  job->charset = kc_export_dialog_get_charset (self);
  job->file = g_object_ref (file);
  if (self->spec != NULL)
    job->spec = kc_export_dialog_dup_spec (self, self->spec);
  if (self->poster != NULL)
    {
      kc_poster_set_credit (self->poster, kc_export_dialog_get_credit (self));
      job->poster = kc_poster_ref (self->poster);
    }
  if (self->specs != NULL)
    {
      job->specs = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_chart_spec_unref);
      for (guint i = 0; i < self->specs->len; i++)
        g_ptr_array_add (job->specs, kc_export_dialog_dup_spec (self, g_ptr_array_index (self->specs, i)));
      job->ids = g_strdupv (self->ids);
    }
  job->table_func = self->table_func;
  job->table_data = self->table_data;

  self->cancellable = g_cancellable_new ();
  kc_export_dialog_set_busy (self, TRUE);

  /* Not the task's source object: the worker thread may drop the task's
   * last reference, and a window must be finalized in the main thread. */
  task = g_task_new (NULL, self->cancellable, export_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, kc_export_dialog_start);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
}

guint
kc_export_count_existing (GFile              *target,
                          const char * const *names)
{
  guint n = 0;

  g_return_val_if_fail (G_IS_FILE (target), 0);

  if (names == NULL)
    return g_file_query_exists (target, NULL) ? 1 : 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GFile) child = g_file_get_child (target, names[i]);

      if (g_file_query_exists (child, NULL))
        n++;
    }

  return n;
}

/* The names the charts get in a folder. */
static GStrv
kc_export_dialog_dup_chart_names (KcExportDialog *self)
{
  GStrv names = g_new0 (char *, g_strv_length (self->ids) + 1);

  for (guint i = 0; self->ids[i] != NULL; i++)
    names[i] = kc_file_name_for_id (self->ids[i], format_extension (self->format));

  return names;
}

static void
overwrite_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       KcExportDialog   *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "kc-file");

  if (g_str_equal (response, "replace"))
    kc_export_dialog_start (self, file);
}

void
kc_export_dialog_export_to_file (KcExportDialog *self,
                                 GFile          *file,
                                 gboolean        confirmed)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  guint existing;
  GtkWidget *dialog;

  g_return_if_fail (KC_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->busy)
    return;

  if (self->mode == MODE_CHARTS)
    names = kc_export_dialog_dup_chart_names (self);
  existing = confirmed && self->mode != MODE_CHARTS
             ? 0 : kc_export_count_existing (file, (const char * const *) names);
  if (existing == 0)
    {
      kc_export_dialog_start (self, file);
      return;
    }

  if (self->mode == MODE_CHARTS)
    {
      g_autofree char *folder = g_file_get_parse_name (file);

      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Replace %u Existing File?",
                                              "Replace %u Existing Files?", existing),
                                 existing);
      body = g_strdup_printf (_("Files with the same names already exist in “%s”. Replacing them overwrites their contents."),
                              folder);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *display = g_filename_display_name (name);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *folder = parent != NULL ? g_file_get_parse_name (parent) : g_strdup ("/");

      heading = g_strdup_printf (_("Replace “%s”?"), display);
      body = g_strdup_printf (_("A file with this name already exists in “%s”. Replacing it overwrites its contents."),
                              folder);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "kc-file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (overwrite_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The file chooser ------------------------------------------------------ */

/* The chooser's answer, with the format's extension added when the user
 * typed none or another; a file named so by us was not confirmed. */
static void
kc_export_dialog_chosen (KcExportDialog *self,
                         GFile          *file)
{
  g_autofree char *name = NULL;
  const char *ext = format_extension (self->format);
  g_autofree char *suffix = g_strconcat (".", ext, NULL);
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) named = NULL;
  gboolean has_suffix = FALSE;

  if (self->mode == MODE_CHARTS)
    {
      kc_export_dialog_export_to_file (self, file, FALSE);
      return;
    }

  name = g_file_get_basename (file);
  parent = g_file_get_parent (file);
  if (name != NULL)
    {
      g_autofree char *folded = g_ascii_strdown (name, -1);

      has_suffix = g_str_has_suffix (folded, suffix);
    }
  if (name == NULL || parent == NULL || has_suffix)
    {
      kc_export_dialog_export_to_file (self, file, TRUE);
      return;
    }

  {
    g_autofree char *with_ext = g_strconcat (name, suffix, NULL);

    named = g_file_get_child (parent, with_ext);
  }
  kc_export_dialog_export_to_file (self, named, FALSE);
}

static GFile *
kc_export_dialog_dup_initial_folder (KcExportDialog *self)
{
  g_autofree char *uri = g_settings_get_string (self->settings, "last-export-folder");
  const char *dir;

  if (*uri != '\0')
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (uri);

      if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
        return g_steal_pointer (&folder);
    }

  dir = g_get_user_special_dir (self->format == KC_EXPORT_FORMAT_CSV ? G_USER_DIRECTORY_DOCUMENTS
                                                                      : G_USER_DIRECTORY_PICTURES);
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    dir = g_get_home_dir ();

  return g_file_new_for_path (dir);
}

static GtkFileFilter *
kc_export_dialog_create_filter (KcExportDialog *self)
{
  static const char * const mime_types[] = { "image/png", "image/svg+xml", "application/pdf", "text/csv" };
  static const char * const names[] = { N_("PNG Images"), N_("SVG Images"), N_("PDF Documents"), N_("CSV Files") };
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _(names[self->format]));
  gtk_file_filter_add_mime_type (filter, mime_types[self->format]);
  gtk_file_filter_add_suffix (filter, format_extension (self->format));

  return filter;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
file_dialog_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KcExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  if (self->mode == MODE_CHARTS)
    file = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (source), result, &error);
  else
    file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, &error);

  if (file != NULL)
    kc_export_dialog_chosen (self, file);
  else if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED)
           && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    kc_export_dialog_show_error (self, _("Could Not Export"), error->message);
}

static void
kc_export_dialog_choose_file (KcExportDialog *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GFile) folder = kc_export_dialog_dup_initial_folder (self);

  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_initial_folder (dialog, folder);

  if (self->mode == MODE_CHARTS)
    {
      gtk_file_dialog_set_title (dialog, _("Export Charts to Folder"));
      gtk_file_dialog_set_accept_label (dialog, _("_Export"));
      gtk_file_dialog_select_folder (dialog, GTK_WINDOW (self), NULL, file_dialog_done_cb,
                                     g_object_ref (self));
    }
  else
    {
      g_autofree char *name = kc_export_dialog_dup_suggested_name (self);
      g_autoptr(GtkFileFilter) filter = kc_export_dialog_create_filter (self);
      g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

      g_list_store_append (filters, filter);
      gtk_file_dialog_set_title (dialog, _("Export"));
      gtk_file_dialog_set_accept_label (dialog, _("_Export"));
      gtk_file_dialog_set_initial_name (dialog, name);
      gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
      /* The chooser (or the portal's) confirms replacing a file. */
      gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, file_dialog_done_cb, g_object_ref (self));
    }
}
#else
static void
chooser_response_cb (KcExportDialog       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);

  if (file != NULL)
    kc_export_dialog_chosen (self, file);
}

static void
kc_export_dialog_choose_file (KcExportDialog *self)
{
  g_autoptr(GFile) folder = kc_export_dialog_dup_initial_folder (self);
  gboolean charts = self->mode == MODE_CHARTS;
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  chooser = gtk_file_chooser_native_new (charts ? _("Export Charts to Folder") : _("Export"),
                                         GTK_WINDOW (self),
                                         charts ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                : GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  if (!charts)
    {
      g_autofree char *name = kc_export_dialog_dup_suggested_name (self);
      g_autoptr(GtkFileFilter) filter = kc_export_dialog_create_filter (self);

      /* GTK 4's chooser, like the portal's, always asks before it returns
       * an existing file in save mode: that is the confirmation. */
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }

  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  self->chooser = chooser;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
#endif

static void
kc_export_dialog_save_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  KcExportDialog *self = KC_EXPORT_DIALOG (widget);

  if (!self->size_valid || self->busy)
    return;

  kc_export_dialog_choose_file (self);
}

/* ---- Public API ------------------------------------------------------------- */

KcExportFormat
kc_export_dialog_get_format (KcExportDialog *self)
{
  g_return_val_if_fail (KC_IS_EXPORT_DIALOG (self), KC_EXPORT_FORMAT_PNG);

  return self->format;
}

gboolean
kc_export_dialog_set_format (KcExportDialog *self,
                             KcExportFormat  format)
{
  g_return_val_if_fail (KC_IS_EXPORT_DIALOG (self), FALSE);

  for (guint i = 0; i < self->formats->len; i++)
    if (g_array_index (self->formats, KcExportFormat, i) == format)
      {
        self->updating = TRUE;
        adw_combo_row_set_selected (self->format_row, i);
        self->updating = FALSE;
        self->format = format;
        kc_export_dialog_options_changed (self);
        return TRUE;
      }

  return FALSE;
}

gboolean
kc_export_dialog_set_preset (KcExportDialog *self,
                             const char     *id)
{
  guint index;

  g_return_val_if_fail (KC_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  index = kc_export_dialog_find_preset (self, id);
  if (index == GTK_INVALID_LIST_POSITION || *id == '\0')
    return FALSE;

  if (adw_combo_row_get_selected (self->preset_row) == index)
    preset_changed_cb (self);
  else
    adw_combo_row_set_selected (self->preset_row, index);

  return TRUE;
}

void
kc_export_dialog_get_size (KcExportDialog *self,
                           KcExportSize   *size)
{
  g_return_if_fail (KC_IS_EXPORT_DIALOG (self));

  *size = self->size;
}

gboolean
kc_export_dialog_get_preview_size (KcExportDialog *self,
                                   int            *width,
                                   int            *height)
{
  g_return_val_if_fail (KC_IS_EXPORT_DIALOG (self), FALSE);

  if (self->preview == NULL)
    return FALSE;

  *width = cairo_image_surface_get_width (self->preview);
  *height = cairo_image_surface_get_height (self->preview);

  return TRUE;
}

char *
kc_export_dialog_dup_suggested_name (KcExportDialog *self)
{
  g_return_val_if_fail (KC_IS_EXPORT_DIALOG (self), NULL);

  return kc_file_name_suggest (self->title, _("chart"), format_extension (self->format));
}

gboolean
kc_export_dialog_get_busy (KcExportDialog *self)
{
  g_return_val_if_fail (KC_IS_EXPORT_DIALOG (self), FALSE);

  return self->busy;
}

void
kc_export_dialog_set_table (KcExportDialog    *self,
                            KcExportTableFunc  func,
                            gpointer           user_data,
                            GDestroyNotify     destroy)
{
  g_return_if_fail (KC_IS_EXPORT_DIALOG (self));
  g_return_if_fail (!self->busy);

  if (self->table_destroy != NULL)
    self->table_destroy (self->table_data);
  self->table_func = func;
  self->table_data = user_data;
  self->table_destroy = destroy;

  if (self->format == KC_EXPORT_FORMAT_CSV)
    kc_export_dialog_schedule_preview (self);
}

/* ---- Construction -------------------------------------------------------- */

static void
kc_export_dialog_setup (KcExportDialog *self,
                        GtkWindow      *parent,
                        Mode            mode,
                        const char     *title)
{
  static const char * const format_names[] = {
    N_("PNG Image"), N_("SVG Vector Image"), N_("PDF Document"), N_("Data (CSV)"),
  };
  static const KcExportFormat chart_formats[] = {
    KC_EXPORT_FORMAT_PNG, KC_EXPORT_FORMAT_SVG, KC_EXPORT_FORMAT_PDF, KC_EXPORT_FORMAT_CSV,
  };
  static const KcExportFormat poster_formats[] = {
    KC_EXPORT_FORMAT_PNG, KC_EXPORT_FORMAT_PDF, KC_EXPORT_FORMAT_SVG,
  };
  static const KcExportFormat table_formats[] = { KC_EXPORT_FORMAT_CSV };
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const KcExportFormat *formats = chart_formats;
  guint n_formats = G_N_ELEMENTS (chart_formats);

  self->mode = mode;
  self->title = g_strdup (title);

  if (mode == MODE_POSTER)
    {
      formats = poster_formats;
      n_formats = G_N_ELEMENTS (poster_formats);
    }
  else if (mode == MODE_TABLE)
    {
      formats = table_formats;
      n_formats = G_N_ELEMENTS (table_formats);
    }
  g_array_append_vals (self->formats, formats, n_formats);
  for (guint i = 0; i < n_formats; i++)
    gtk_string_list_append (names, _(format_names[formats[i]]));
  self->updating = TRUE;
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (names));
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_row), n_formats > 1);

  switch (mode)
    {
    case MODE_POSTER:
      gtk_window_set_title (GTK_WINDOW (self), _("Export Dashboard"));
      break;
    case MODE_CHARTS:
      gtk_window_set_title (GTK_WINDOW (self), _("Export All Charts"));
      break;
    case MODE_TABLE:
      gtk_window_set_title (GTK_WINDOW (self), _("Export Data"));
      break;
    case MODE_CHART:
    default:
      gtk_window_set_title (GTK_WINDOW (self), _("Export Chart"));
      break;
    }

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  kc_export_dialog_load_presets (self);
  kc_export_dialog_load_settings (self);
  kc_export_dialog_options_changed (self);
}

KcExportDialog *
kc_export_dialog_new_for_chart (GtkWindow   *parent,
                                KcChartSpec *spec)
{
  KcExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (KC_TYPE_EXPORT_DIALOG, NULL);
  self->spec = kc_chart_spec_ref (spec);
  kc_export_dialog_setup (self, parent, MODE_CHART, spec->title);

  return self;
}

KcExportDialog *
kc_export_dialog_new_for_poster (GtkWindow *parent,
                                 KcPoster  *poster)
{
  KcExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (poster != NULL, NULL);

  self = g_object_new (KC_TYPE_EXPORT_DIALOG, NULL);
  self->poster = kc_poster_ref (poster);
  kc_export_dialog_setup (self, parent, MODE_POSTER, kc_poster_get_title (poster));

  return self;
}

KcExportDialog *
kc_export_dialog_new_for_charts (GtkWindow          *parent,
                                 GPtrArray          *specs,
                                 const char * const *ids)
{
  KcExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (specs != NULL && specs->len > 0, NULL);
  g_return_val_if_fail (ids != NULL && g_strv_length ((GStrv) ids) == specs->len, NULL);

  self = g_object_new (KC_TYPE_EXPORT_DIALOG, NULL);
  self->specs = g_ptr_array_ref (specs);
  self->ids = g_strdupv ((GStrv) ids);
  self->spec = kc_chart_spec_ref (g_ptr_array_index (specs, 0));
  kc_export_dialog_setup (self, parent, MODE_CHARTS, NULL);

  return self;
}

KcExportDialog *
kc_export_dialog_new_for_table (GtkWindow         *parent,
                                const char        *title,
                                KcExportTableFunc  func,
                                gpointer           user_data,
                                GDestroyNotify     destroy)
{
  KcExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (KC_TYPE_EXPORT_DIALOG, NULL);
  self->table_func = func;
  self->table_data = user_data;
  self->table_destroy = destroy;
  kc_export_dialog_setup (self, parent, MODE_TABLE, title);

  return self;
}

static void
leaflet_folded_cb (KcExportDialog *self)
{
  kc_export_dialog_update_visibility (self);
  kc_export_dialog_schedule_preview (self);
}

static void
kc_export_dialog_dispose (GObject *object)
{
  KcExportDialog *self = KC_EXPORT_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);
#if !GTK_CHECK_VERSION (4, 10, 0)
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
#endif

  gtk_widget_dispose_template (GTK_WIDGET (self), KC_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (kc_export_dialog_parent_class)->dispose (object);
}

static void
kc_export_dialog_finalize (GObject *object)
{
  KcExportDialog *self = KC_EXPORT_DIALOG (object);

  if (self->table_destroy != NULL)
    self->table_destroy (self->table_data);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->spec, kc_chart_spec_unref);
  g_clear_pointer (&self->specs, g_ptr_array_unref);
  g_clear_pointer (&self->ids, g_strfreev);
  g_clear_pointer (&self->poster, kc_poster_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->formats, g_array_unref);
  g_clear_pointer (&self->presets, g_array_unref);
  g_clear_pointer (&self->preview, cairo_surface_destroy);

  G_OBJECT_CLASS (kc_export_dialog_parent_class)->finalize (object);
}

static void
kc_export_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KcExportDialog *self = KC_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_export_dialog_class_init (KcExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kc_export_dialog_dispose;
  object_class->finalize = kc_export_dialog_finalize;
  object_class->get_property = kc_export_dialog_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KcExportDialog::exported:
   * @file: the file written, or the folder for several charts
   * @n_files: how many files were written
   */
  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_FILE, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kc-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, preview_area);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, compact_preview);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, data_preview);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, size_label);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, size_group);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, delete_preset_button);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, preset_row);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, width_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, height_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, unit_row);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, dpi_row);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, appearance_group);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, theme_row);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, transparent_row);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, transparent_switch);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, text_group);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, title_switch);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, subtitle_switch);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, footer_switch);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, credit_row);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, data_group);
  gtk_widget_class_bind_template_child (widget_class, KcExportDialog, encoding_row);

  gtk_widget_class_install_action (widget_class, "export.save", NULL, kc_export_dialog_save_action);
  gtk_widget_class_install_action (widget_class, "export.save-preset", NULL, kc_export_dialog_save_preset_action);
  gtk_widget_class_install_action (widget_class, "export.delete-preset", NULL, kc_export_dialog_delete_preset_action);
}

static void
kc_export_dialog_init (KcExportDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->formats = g_array_new (FALSE, FALSE, sizeof (KcExportFormat));
  self->presets = g_array_new (FALSE, TRUE, sizeof (Preset));
  g_array_set_clear_func (self->presets, preset_clear);
  self->size = (KcExportSize) { 1200, 800, KC_SIZE_UNIT_PX, 1, 300 };

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (preset_item_setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (preset_item_bind_cb), self, 0);
  adw_combo_row_set_list_factory (self->preset_row, factory);

  gtk_drawing_area_set_draw_func (self->preview_area, preview_draw, self, NULL);
  gtk_drawing_area_set_draw_func (self->compact_preview, preview_draw, self, NULL);
  g_signal_connect_object (self->preview_area, "resize", G_CALLBACK (preview_resize_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compact_preview, "resize", G_CALLBACK (preview_resize_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (leaflet_folded_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (format_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preset_row, "notify::selected", G_CALLBACK (preset_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->width_spin, "changed", G_CALLBACK (spin_text_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->height_spin, "changed", G_CALLBACK (spin_text_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->width_spin, "value-changed", G_CALLBACK (spin_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->height_spin, "value-changed", G_CALLBACK (spin_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->unit_row, "notify::selected", G_CALLBACK (unit_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scale_row, "notify::selected", G_CALLBACK (scale_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dpi_row, "notify::selected", G_CALLBACK (scale_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->theme_row, "notify::selected", G_CALLBACK (look_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->encoding_row, "notify::selected", G_CALLBACK (look_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->transparent_switch, "notify::active", G_CALLBACK (look_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->title_switch, "notify::active", G_CALLBACK (look_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subtitle_switch, "notify::active", G_CALLBACK (look_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->footer_switch, "notify::active", G_CALLBACK (look_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->credit_row, "changed", G_CALLBACK (look_changed_cb), self, G_CONNECT_SWAPPED);
}
