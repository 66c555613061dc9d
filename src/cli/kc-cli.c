/* kc-cli.c
 * The headless commands: they run before GTK starts and need no display. */
#define G_LOG_DOMAIN "kc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>

#include "kc-cli.h"
#include "kc-cli-private.h"
#include "kc-loader.h"
#include "kc-search.h"

enum
{
  EXIT_OK = 0,
  EXIT_DATA = 1,
  EXIT_USAGE = 2,
};

static void
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static void
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("kechuang: %s\n", message);
  g_printerr (_("Run “kechuang --help” to see the options.\n"));
}

static GPtrArray *
files_from_options (GVariantDict *options)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree const char **paths = NULL;

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &paths))
    {
      for (guint i = 0; paths[i] != NULL; i++)
        g_ptr_array_add (files, g_file_new_for_commandline_arg (paths[i]));
    }

  return files;
}

KcDataset *
_kc_cli_load (GPtrArray *files,
              gboolean   keep_good_rows)
{
  g_autoptr(GError) error = NULL;
  KcDataset *dataset;

  if (files->len == 0)
    dataset = kc_dataset_load_bundled (&error);
  else
    dataset = kc_dataset_load ((GFile **) files->pdata, files->len,
                               keep_good_rows ? KC_LOAD_KEEP_GOOD_ROWS : KC_LOAD_DEFAULT,
                               NULL, NULL, NULL, &error);

  if (dataset == NULL)
    g_printerr ("kechuang: %s\n", error->message);

  return dataset;
}

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case ',':
      return _("comma");
    case ';':
      return _("semicolon");
    case '\t':
      return _("tab");
    default:
      return "";
    }
}

void
_kc_cli_print_problems (KcDataset *dataset,
                        FILE      *out)
{
  KcProblemList *problems = kc_dataset_get_problems (dataset);
  guint n = kc_problem_list_get_n (problems);
  guint64 total = kc_problem_list_get_total (problems);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *line = kc_problem_format (kc_problem_list_get (problems, i));

      fprintf (out, "%s\n", line);
    }

  if (total > n)
    fprintf (out, _("… and %" PRIu64 " more problems\n"), total - n);
}

static int
run_check (GPtrArray *files)
{
  g_autoptr(KcDataset) dataset = NULL;
  KcProblemList *problems;

  /* Every problem in every file is reported, so the good rows are read too. */
  dataset = _kc_cli_load (files, TRUE);
  if (dataset == NULL)
    return EXIT_DATA;

  for (guint i = 0; i < kc_dataset_get_n_files (dataset); i++)
    {
      const KcFileInfo *info = kc_dataset_get_file (dataset, i);

      if (info->role == KC_FILE_ROLE_UNKNOWN || info->encoding[0] == '\0')
        {
          g_print (_("%s: not loaded\n"), info->file);
          continue;
        }

      g_print (_("%s: %s, %s, %s, %" PRIu64 " rows, %u columns\n"),
               info->file, kc_file_role_to_string (info->role), info->encoding,
               delimiter_name (info->delimiter), info->rows, info->columns);
    }

  problems = kc_dataset_get_problems (dataset);
  _kc_cli_print_problems (dataset, stdout);

  return kc_problem_list_count_errors (problems) > 0 ? EXIT_DATA : EXIT_OK;
}

static int
run_list_charts (GPtrArray *files)
{
  g_autoptr(KcDataset) dataset = _kc_cli_load (files, TRUE);

  if (dataset == NULL)
    return EXIT_DATA;

  for (guint i = 0; i < kc_dataset_get_n_dashboard_charts (dataset); i++)
    {
      const KcChartDef *chart = kc_dataset_get_dashboard_chart (dataset, i);

      g_print ("%s\t%s\t%s\n", chart->id, kc_chart_kind_to_string (chart->kind), chart->title);
    }

  return EXIT_OK;
}

static const char *
entity_text (guint    row,
             guint    field,
             gpointer user_data)
{
  KcEntityTable *table = user_data;
  static const KcEntityField fields[] = {
    KC_ENTITY_FIELD_NAME, KC_ENTITY_FIELD_ALIAS, KC_ENTITY_FIELD_DESCRIPTION
  };

  if (field >= G_N_ELEMENTS (fields))
    return NULL;

  return kc_entity_table_get (table, row, fields[field]);
}

static int
run_search (GPtrArray  *files,
            const char *query,
            int         limit)
{
  g_autoptr(KcDataset) dataset = _kc_cli_load (files, TRUE);
  g_autoptr(GArray) rows = NULL;
  KcSearchIndex *index;
  KcEntityTable *table;

  if (dataset == NULL)
    return EXIT_DATA;

  table = kc_dataset_get_entities (dataset);
  if (table == NULL)
    {
      g_printerr (_("kechuang: the data has no entities file to search\n"));
      return EXIT_DATA;
    }

  rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  index = kc_search_index_new (kc_entity_table_get_n_rows (table), entity_text, table);
  kc_search_index_query (index, query, NULL, 0, rows);

  for (guint i = 0; i < rows->len && (limit <= 0 || i < (guint) limit); i++)
    {
      guint32 row = g_array_index (rows, guint32, i);

      g_print ("%s\t%s\t%s\n",
               kc_entity_table_get (table, row, KC_ENTITY_FIELD_ID),
               kc_entity_table_get (table, row, KC_ENTITY_FIELD_KIND),
               kc_entity_table_get (table, row, KC_ENTITY_FIELD_NAME));
    }

  kc_search_index_free (index);

  return EXIT_OK;
}

int
kc_cli_handle_local_options (GApplication *app,
                             GVariantDict *options)
{
  g_autoptr(GPtrArray) files = files_from_options (options);
  const char *query = NULL;
  const char *chart_id = NULL;
  g_autofree char *export_dir = NULL;
  int limit = 20;
  guint n_commands = 0;
  gboolean check = g_variant_dict_contains (options, "check");
  gboolean list_charts = g_variant_dict_contains (options, "list-charts");

  g_variant_dict_lookup (options, "search", "&s", &query);
  g_variant_dict_lookup (options, "export-chart", "&s", &chart_id);
  g_variant_dict_lookup (options, "export-all", "^ay", &export_dir);
  g_variant_dict_lookup (options, "limit", "i", &limit);

  n_commands = (check ? 1 : 0) + (list_charts ? 1 : 0) + (query != NULL ? 1 : 0)
               + (chart_id != NULL ? 1 : 0) + (export_dir != NULL ? 1 : 0);

  if (n_commands == 0)
    {
      static const char *const export_only[] = {
        "output", "size", "scale", "theme", "transparent", "format", "limit"
      };

      for (guint i = 0; i < G_N_ELEMENTS (export_only); i++)
        {
          if (g_variant_dict_contains (options, export_only[i]))
            {
              usage_error (_("--%s is only used with --export-chart, --export-all or --search"),
                           export_only[i]);
              return EXIT_USAGE;
            }
        }
      return -1;
    }

  if (n_commands > 1)
    {
      usage_error (_("Use one of --check, --list-charts, --export-chart, --export-all and "
                     "--search at a time"));
      return EXIT_USAGE;
    }

  if (check)
    {
      if (files->len == 0)
        {
          usage_error (_("--check needs at least one file or folder"));
          return EXIT_USAGE;
        }
      return run_check (files);
    }

  if (list_charts)
    return run_list_charts (files);

  if (query != NULL)
    {
      if (limit < 0)
        {
          usage_error (_("--limit must be a positive number"));
          return EXIT_USAGE;
        }
      return run_search (files, query, limit);
    }

  return _kc_cli_run_export (options, files, chart_id, export_dir);
}
