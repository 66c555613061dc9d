/* kc-cli-export.c
 * --export-chart and --export-all: the dashboard's charts written to PNG,
 * SVG or PDF files without a display. */
#define G_LOG_DOMAIN "kc-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kc-chart-builder.h"
#include "kc-chart-export.h"
#include "kc-cli-private.h"
#include "kc-file-name.h"

#define DEFAULT_WIDTH 1200
#define DEFAULT_HEIGHT 800
#define MAX_SIDE 20000

typedef struct
{
  KcChartOptions options;
  double         scale;
  gboolean       has_format;
  KcChartFormat  format;
} ExportSettings;

static gboolean
parse_size (const char *text,
            double     *width,
            double     *height)
{
  guint64 w;
  guint64 h;
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  w = g_ascii_strtoull (text, &end, 10);
  if (end == NULL || (*end != 'x' && *end != 'X') || !g_ascii_isdigit (end[1]))
    return FALSE;
  h = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != '\0')
    return FALSE;
  if (w < 16 || h < 16 || w > MAX_SIDE || h > MAX_SIDE)
    return FALSE;

  *width = w;
  *height = h;

  return TRUE;
}

static gboolean
parse_scale (const char *text,
             double     *scale)
{
  char *end = NULL;
  double value = g_strtod (text, &end);

  /* The comparison is FALSE for NaN too. */
  if (end == text || *end != '\0' || !(value >= 0.25 && value <= 10))
    return FALSE;

  *scale = value;

  return TRUE;
}

static gboolean
read_settings (GVariantDict   *options,
               ExportSettings *settings)
{
  const char *scale = NULL;
  const char *size = NULL;
  const char *theme = NULL;
  const char *format = NULL;

  kc_chart_options_init (&settings->options, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  settings->scale = 1.0;

  if (g_variant_dict_lookup (options, "size", "&s", &size)
      && !parse_size (size, &settings->options.width, &settings->options.height))
    {
      g_printerr (_("kechuang: --size must be WIDTHxHEIGHT in pixels, each from 16 to %d, e.g. 1200x800\n"),
                  MAX_SIDE);
      return FALSE;
    }

  if (g_variant_dict_lookup (options, "scale", "&s", &scale)
      && !parse_scale (scale, &settings->scale))
    {
      g_printerr (_("kechuang: --scale must be a number from 0.25 to 10\n"));
      return FALSE;
    }

  if (g_variant_dict_lookup (options, "theme", "&s", &theme))
    {
      if (g_str_equal (theme, "light"))
        settings->options.theme = KC_CHART_THEME_LIGHT;
      else if (g_str_equal (theme, "dark"))
        settings->options.theme = KC_CHART_THEME_DARK;
      else
        {
          g_printerr (_("kechuang: --theme must be light or dark, not “%s”\n"), theme);
          return FALSE;
        }
    }

  settings->options.transparent = g_variant_dict_contains (options, "transparent");

  if (g_variant_dict_lookup (options, "format", "&s", &format))
    {
      if (!kc_chart_format_from_string (format, &settings->format)
          || settings->format == KC_CHART_FORMAT_AUTO)
        {
          g_printerr (_("kechuang: --format must be png, svg or pdf, not “%s”\n"), format);
          return FALSE;
        }
      settings->has_format = TRUE;
    }

  return TRUE;
}

static gboolean
export_spec (const KcChartSpec    *spec,
             const ExportSettings *settings,
             const char           *path,
             KcChartFormat         format)
{
  g_autoptr(GError) error = NULL;

  if (!kc_chart_export (spec, &settings->options, path, format, settings->scale, &error))
    {
      g_printerr ("kechuang: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
export_one (KcDataset            *dataset,
            const KcChartDef     *def,
            const ExportSettings *settings,
            const char           *path,
            KcChartFormat         format)
{
  g_autoptr(KcChartSpec) spec = kc_chart_spec_from_def (dataset, def, settings->options.language);

  return export_spec (spec, settings, path, format);
}

static gpointer
release_dataset (gpointer dataset)
{
  g_object_unref (dataset);
  return NULL;
}

static const char *
extension_for (KcChartFormat format)
{
  switch (format)
    {
    case KC_CHART_FORMAT_SVG:
      return "svg";
    case KC_CHART_FORMAT_PDF:
      return "pdf";
    case KC_CHART_FORMAT_PNG:
    case KC_CHART_FORMAT_AUTO:
    default:
      return "png";
    }
}

static int
export_all (KcDataset            *dataset,
            const ExportSettings *settings,
            const char           *dir)
{
  KcChartFormat format = settings->has_format ? settings->format : KC_CHART_FORMAT_PNG;
  guint failed = 0;
  guint n = kc_dataset_get_n_dashboard_charts (dataset);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_printerr (_("kechuang: cannot create the folder %s: %s\n"), dir, g_strerror (saved));
      return 1;
    }

  for (guint i = 0; i < n; i++)
    {
      const KcChartDef *def = kc_dataset_get_dashboard_chart (dataset, i);
      g_autofree char *name = kc_file_name_for_id (def->id, extension_for (format));
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (export_one (dataset, def, settings, path, format))
        g_print ("%s\n", path);
      else
        failed++;
    }

  return failed > 0 ? 1 : 0;
}

int
_kc_cli_run_export (GVariantDict *options,
                    GPtrArray    *files,
                    const char   *chart_id,
                    const char   *export_dir)
{
  g_autoptr(KcDataset) dataset = NULL;
  g_autofree char *output = NULL;
  ExportSettings settings = { 0 };
  const KcChartDef *def = NULL;
  KcChartFormat format = KC_CHART_FORMAT_PNG;

  if (!read_settings (options, &settings))
    return 2;

  g_variant_dict_lookup (options, "output", "^ay", &output);

  if (chart_id != NULL)
    {
      if (output == NULL)
        {
          g_printerr (_("kechuang: --export-chart needs --output FILE (.png, .svg or .pdf)\n"));
          return 2;
        }
      format = kc_chart_format_from_path (output);
      if (format == KC_CHART_FORMAT_AUTO)
        {
          g_printerr (_("kechuang: cannot tell the format of %s: name it .png, .svg or .pdf\n"), output);
          return 2;
        }
      if (settings.has_format && settings.format != format)
        {
          g_printerr (_("kechuang: --format does not match the extension of %s\n"), output);
          return 2;
        }
    }

  dataset = _kc_cli_load (files, TRUE);
  if (dataset == NULL)
    return 1;

  if (export_dir != NULL)
    return export_all (dataset, &settings, export_dir);

  for (guint i = 0; i < kc_dataset_get_n_dashboard_charts (dataset) && def == NULL; i++)
    if (g_str_equal (kc_dataset_get_dashboard_chart (dataset, i)->id, chart_id))
      def = kc_dataset_get_dashboard_chart (dataset, i);

  if (def == NULL)
    {
      g_printerr (_("kechuang: there is no chart “%s”; “kechuang --list-charts” lists them\n"),
                  chart_id);
      return 2;
    }

  {
    g_autoptr(KcChartSpec) spec = kc_chart_spec_from_def (dataset, def, settings.options.language);
    GThread *release;
    gboolean ok;

    /* The spec holds all it shows: the dataset, a million points for a
     * long series, is freed while the chart is drawn. */
    release = g_thread_new ("kc-release", release_dataset, g_steal_pointer (&dataset));
    ok = export_spec (spec, &settings, output, format);
    g_thread_join (release);

    return ok ? 0 : 1;
  }
}
