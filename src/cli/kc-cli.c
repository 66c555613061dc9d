/* kc-cli.c
 * The headless commands: they run before GTK starts and need no display. */
#define G_LOG_DOMAIN "kc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "kc-cli.h"
#include "kc-cli-private.h"
#include "kc-format.h"
#include "kc-loader.h"
#include "kc-search.h"

enum
{
  EXIT_OK = 0,
  EXIT_DATA = 1,
  EXIT_USAGE = 2,
};

typedef enum
{
  COMMAND_NONE         = 0,
  COMMAND_CHECK        = 1 << 0,
  COMMAND_LIST_CHARTS  = 1 << 1,
  COMMAND_EXPORT_CHART = 1 << 2,
  COMMAND_EXPORT_ALL   = 1 << 3,
  COMMAND_SEARCH       = 1 << 4,
  COMMAND_EXPORT       = COMMAND_EXPORT_CHART | COMMAND_EXPORT_ALL,
} Command;

/* The headless flags of the design.  PATH arguments land in
 * G_OPTION_REMAINING so that the commands see them too; without a command
 * KcApplication opens them in the window.  --scale and --limit are read as
 * strings because GApplication leaves a number option that is 0 out of the
 * options, which would make "--scale 0" the same as no --scale. */
static const GOptionEntry cli_option_entries[] = {
  { "check", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Load the data files, print what was recognized and every problem, then exit"), NULL },
  { "list-charts", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("List the dataset’s charts as ID, type and title, then exit"), NULL },
  { "export-chart", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Export the chart with this ID to the --output file, then exit"), N_("ID") },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("File to export to: PNG, SVG or PDF by its extension"), N_("FILE") },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Size of the exported chart in pixels"), N_("WxH") },
  { "scale", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Scale factor of exported bitmap images"), N_("N") },
  { "theme", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Colors of exported charts: light or dark"), N_("THEME") },
  { "transparent", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Leave the background of exported charts transparent"), NULL },
  { "export-all", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Export every chart of the dataset into this folder, then exit"), N_("DIR") },
  { "format", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("File format for --export-all: png, svg or pdf"), N_("FORMAT") },
  { "search", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Search enterprises and platforms, print the best matches, then exit"), N_("QUERY") },
  { "limit", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Print at most this many search results"), N_("N") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    NULL, NULL },
  { NULL }
};

/* The options that only some commands read, and the commands that read
 * them: with any other command, or with none, they are refused rather than
 * ignored.  --export-chart reads --format to check it against the
 * extension of --output. */
static const struct
{
  const char *name;
  Command     commands;
} command_options[] = {
  { "output", COMMAND_EXPORT_CHART },
  { "size", COMMAND_EXPORT },
  { "scale", COMMAND_EXPORT },
  { "theme", COMMAND_EXPORT },
  { "transparent", COMMAND_EXPORT },
  { "format", COMMAND_EXPORT },
  { "limit", COMMAND_SEARCH },
};

#define DEFAULT_LIMIT 20

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

/* GApplication prints GOption's own errors (a missing argument, an
 * unknown option) bare and returns 1, the status of data problems, with
 * no way to change it: the hook reports them as the usage errors they are
 * and exits before it does. */
static void
parse_error_hook (GOptionContext *context,
                  GOptionGroup   *group,
                  gpointer        data,
                  GError        **error)
{
  usage_error ("%s", error != NULL && *error != NULL ? (*error)->message : "");
  exit (EXIT_USAGE);
}

void
kc_cli_add_options (GApplication *app)
{
  GOptionGroup *group;

  g_application_add_main_option_entries (app, cli_option_entries);

  /* GOption calls the error hook of every group, whichever option failed;
   * a group without entries is left out of --help. */
  group = g_option_group_new ("kechuang-cli", "", "", NULL, NULL);
  g_option_group_set_error_hook (group, parse_error_hook);
  g_application_add_option_group (app, group);
}

static void
unused_option_error (const char *name,
                     Command     commands)
{
  switch (commands)
    {
    case COMMAND_EXPORT_CHART:
      usage_error (_("--%s is only used with --export-chart"), name);
      break;
    case COMMAND_EXPORT:
      usage_error (_("--%s is only used with --export-chart or --export-all"), name);
      break;
    case COMMAND_SEARCH:
      usage_error (_("--%s is only used with --search"), name);
      break;
    case COMMAND_NONE:
    case COMMAND_CHECK:
    case COMMAND_LIST_CHARTS:
    case COMMAND_EXPORT_ALL:
    default:
      g_assert_not_reached ();
    }
}

/* A whole number from 1 up, digits only. */
static gboolean
parse_limit (const char *text,
             guint      *limit)
{
  char *end = NULL;
  guint64 value;

  if (!g_ascii_isdigit (*text))
    return FALSE;

  /* Past G_MAXUINT64 the value saturates: as good as all the results. */
  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || value == 0)
    return FALSE;

  *limit = (guint) MIN (value, G_MAXUINT);

  return TRUE;
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
      /* A warning says "warning:" on its line (kc_problem_format()). */
      g_autofree char *line = kc_problem_format (kc_problem_list_get (problems, i));

      fprintf (out, "%s\n", line);
    }

  if (total > n)
    fprintf (out, _("… and %" PRIu64 " more problems\n"), total - n);
}

static gulong
plural_count (guint64 n)
{
  return (gulong) MIN (n, G_MAXULONG);
}

/* "2 rows", or "2 rows, 6 values" for a wide table whose values are not
 * one a row. */
static char *
format_counts (const KcFileInfo *info)
{
  g_autofree char *rows_text = NULL;
  guint64 values = info->values;
  guint64 rows = info->rows;

  rows_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " row", "%" PRIu64 " rows",
                                            plural_count (rows)),
                               rows);
  if (info->role != KC_FILE_ROLE_WIDE)
    return g_steal_pointer (&rows_text);

  /* TRANSLATORS: %s is the number of rows, e.g. "2 rows" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %" PRIu64 " value", "%s, %" PRIu64 " values",
                                       plural_count (values)),
                          rows_text, values);
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
      g_autofree char *counts = NULL;

      if (info->role == KC_FILE_ROLE_UNKNOWN || info->encoding[0] == '\0')
        {
          g_print (_("%s: not loaded\n"), info->file);
          continue;
        }

      counts = format_counts (info);
      /* TRANSLATORS: file: role, encoding, delimiter, rows (e.g. "2 rows" or
       * "2 rows, 6 values"), number of columns */
      g_print (_("%s: %s, %s, %s, %s, %u columns\n"),
               info->file, kc_file_role_to_string (info->role), info->encoding,
               delimiter_name (info->delimiter), counts, info->columns);
    }

  problems = kc_dataset_get_problems (dataset);
  _kc_cli_print_problems (dataset, stdout);

  return kc_problem_list_count_errors (problems) > 0 ? EXIT_DATA : EXIT_OK;
}

static int
run_list_charts (GPtrArray *files)
{
  g_autoptr(KcDataset) dataset = _kc_cli_load (files, TRUE);
  gboolean english;

  if (dataset == NULL)
    return EXIT_DATA;

  /* The title an export carries (kc_chart_spec_from_def() in the language
   * of the default chart options): the English one, when there is one,
   * unless the user's language is Chinese. */
  english = kc_chart_language_resolve (KC_CHART_LANGUAGE_AUTO) != KC_CHART_LANGUAGE_CHINESE;

  for (guint i = 0; i < kc_dataset_get_n_dashboard_charts (dataset); i++)
    {
      const KcChartDef *chart = kc_dataset_get_dashboard_chart (dataset, i);
      const char *title = english && chart->title_en != NULL ? chart->title_en : chart->title;

      g_print ("%s\t%s\t%s\n", chart->id, kc_chart_kind_to_string (chart->kind), title);
    }

  return EXIT_OK;
}

static int
run_search (GPtrArray  *files,
            const char *query,
            guint       limit)
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
  index = kc_search_index_new (kc_entity_table_get_n_rows (table), kc_entity_table_get_search_text, table);
  kc_search_index_query (index, query, NULL, 0, rows);

  for (guint i = 0; i < rows->len && i < limit; i++)
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
  const char *limit_text = NULL;
  g_autofree char *export_dir = NULL;
  guint limit = DEFAULT_LIMIT;
  guint n_commands = 0;
  Command command = COMMAND_NONE;
  gboolean check = g_variant_dict_contains (options, "check");
  gboolean list_charts = g_variant_dict_contains (options, "list-charts");

  g_variant_dict_lookup (options, "search", "&s", &query);
  g_variant_dict_lookup (options, "export-chart", "&s", &chart_id);
  g_variant_dict_lookup (options, "export-all", "^ay", &export_dir);

  n_commands = (check ? 1 : 0) + (list_charts ? 1 : 0) + (query != NULL ? 1 : 0)
               + (chart_id != NULL ? 1 : 0) + (export_dir != NULL ? 1 : 0);

  if (n_commands > 1)
    {
      usage_error (_("Use one of --check, --list-charts, --export-chart, --export-all and "
                     "--search at a time"));
      return EXIT_USAGE;
    }

  if (check)
    command = COMMAND_CHECK;
  else if (list_charts)
    command = COMMAND_LIST_CHARTS;
  else if (chart_id != NULL)
    command = COMMAND_EXPORT_CHART;
  else if (export_dir != NULL)
    command = COMMAND_EXPORT_ALL;
  else if (query != NULL)
    command = COMMAND_SEARCH;

  for (guint i = 0; i < G_N_ELEMENTS (command_options); i++)
    {
      if ((command_options[i].commands & command) == 0
          && g_variant_dict_contains (options, command_options[i].name))
        {
          unused_option_error (command_options[i].name, command_options[i].commands);
          return EXIT_USAGE;
        }
    }

  if (command == COMMAND_NONE)
    return -1;

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
      if (g_variant_dict_lookup (options, "limit", "&s", &limit_text)
          && !parse_limit (limit_text, &limit))
        {
          usage_error (_("--limit must be a positive number"));
          return EXIT_USAGE;
        }
      return run_search (files, query, limit);
    }

  return _kc_cli_run_export (options, files, chart_id, export_dir);
}
