/* kc-chart-data.c
 * A chart's values as a table, for CSV export and the clipboard. */
#define G_LOG_DOMAIN "kc-chart-data"

#include "config.h"

#include <math.h>

#include "kc-chart-data.h"

char *
kc_chart_data_format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup ("");

  /* 15 digits when they read back as the same double ("128.7"), else 17. */
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);

  return g_strdup (buf);
}

static char *
header_with_unit (const char      *name,
                  const char      *unit,
                  KcChartLanguage  language)
{
  if (unit == NULL || *unit == '\0')
    return g_strdup (name);
  if (language == KC_CHART_LANGUAGE_CHINESE)
    return g_strdup_printf ("%s（%s）", name, unit);
  return g_strdup_printf ("%s (%s)", name, unit);
}

static void
add_row (GPtrArray  *rows,
         const char *first,
         ...)
{
  GPtrArray *row = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *cell = first; cell != NULL; cell = va_arg (args, const char *))
    g_ptr_array_add (row, g_strdup (cell));
  va_end (args);
  g_ptr_array_add (row, NULL);
  g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
}

static void
add_value_row (GPtrArray  *rows,
               const char *label,
               double      value)
{
  g_autofree char *number = kc_chart_data_format_number (value);

  add_row (rows, label, number, NULL);
}

GPtrArray *
kc_chart_spec_dup_table (const KcChartSpec *spec,
                         KcChartLanguage    language)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gboolean zh;
  const char *title;

  g_return_val_if_fail (spec != NULL, rows);

  zh = kc_chart_language_resolve (language) == KC_CHART_LANGUAGE_CHINESE;
  title = spec->title != NULL ? spec->title : "";

  if (spec->n_series > 0)
    {
      guint n_points = kc_chart_spec_get_n_points (spec);
      GPtrArray *header = g_ptr_array_new ();

      g_ptr_array_add (header, g_strdup (zh ? "类别" : "Category"));
      for (guint s = 0; s < spec->n_series; s++)
        {
          const char *name = spec->series[s].name != NULL ? spec->series[s].name : title;

          g_ptr_array_add (header, header_with_unit (name, spec->unit, zh ? KC_CHART_LANGUAGE_CHINESE
                                                                           : KC_CHART_LANGUAGE_ENGLISH));
        }
      g_ptr_array_add (header, NULL);
      g_ptr_array_add (rows, g_ptr_array_free (header, FALSE));

      for (guint c = 0; c < n_points; c++)
        {
          GPtrArray *row = g_ptr_array_new ();

          g_ptr_array_add (row, kc_chart_spec_dup_category (spec, c));
          for (guint s = 0; s < spec->n_series; s++)
            g_ptr_array_add (row, kc_chart_data_format_number (kc_chart_spec_get_value (spec, s, c)));
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
        }

      return rows;
    }

  add_row (rows, zh ? "项目" : "Item", zh ? "数值" : "Value", NULL);

  if (spec->type == KC_CHART_SHARE)
    {
      const char *label = spec->share.label != NULL ? spec->share.label : title;
      g_autofree char *percent = header_with_unit (label, "%", zh ? KC_CHART_LANGUAGE_CHINESE
                                                                  : KC_CHART_LANGUAGE_ENGLISH);
      g_autofree char *part = NULL;
      g_autofree char *total = NULL;

      add_value_row (rows, percent, kc_chart_spec_get_share_percent (spec));
      if (isfinite (spec->share.part))
        {
          part = header_with_unit (zh ? "部分" : "Part", spec->unit,
                                   zh ? KC_CHART_LANGUAGE_CHINESE : KC_CHART_LANGUAGE_ENGLISH);
          add_value_row (rows, part, spec->share.part);
        }
      if (isfinite (spec->share.total))
        {
          total = header_with_unit (zh ? "总计" : "Total", spec->unit,
                                    zh ? KC_CHART_LANGUAGE_CHINESE : KC_CHART_LANGUAGE_ENGLISH);
          add_value_row (rows, total, spec->share.total);
        }
    }
  else if (isfinite (kc_chart_spec_get_kpi_value (spec)))
    {
      const char *label = spec->kpi.label != NULL ? spec->kpi.label : title;
      g_autofree char *name = header_with_unit (label, spec->unit, zh ? KC_CHART_LANGUAGE_CHINESE
                                                                      : KC_CHART_LANGUAGE_ENGLISH);

      add_value_row (rows, name, kc_chart_spec_get_kpi_value (spec));
    }

  return rows;
}
