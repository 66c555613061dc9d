/* bench-directory.c
 * The directory's search as you type: time from a keystroke to the
 * KcEntityModel showing its result, against GTK's own filter models.
 *
 *   bench-directory [ROWS | ENTITIES.csv] [ROUNDS] [--no-reference]
 *
 * Without a file, ROWS generated entities (1,000,000 by default); with
 * one (e.g. from gen-entities.py), its entities as the loader reads them.
 * With a display (xvfb-run) and a file, the real KcDirectoryView is typed
 * into too, in a window, and the frame drawn after each result is timed.
 *
 * latency: keystroke to the model holding the result; cpu: processor time
 * of all threads meanwhile; main: the main thread's part (the request,
 * then replacing the rows, with the list and the selection following);
 * frame: drawing the next frame. */
#define G_LOG_DOMAIN "bench-directory"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <adwaita.h>

#include "kc-directory-view.h"
#include "kc-entity-item.h"
#include "kc-entity-model.h"
#include "kc-loader.h"

/* The queries, typed one character at a time and deleted again. */
static const struct
{
  const char *family;
  const char *query;
} queries[] = {
  { "Chinese", "宁波模具" },
  { "Chinese", "北仑科技" },
  { "initials", "nbmj" },
  { "initials", "blkj" },
  { "initials", "zjkj" },
  { "full pinyin", "ningbo" },
  { "full pinyin", "moju" },
  /* Pairs inside syllables at every keystroke: zh, ho, on, ng. */
  { "full pinyin", "zhongxin" },
};

static const char *const families[] = { "Chinese", "initials", "full pinyin" };

/* ------------------------------------------------------------ the data */

static const char *const places[] = { "宁波", "北仑", "浙江", "大碶", "梅山", "小港", "霞浦", "柴桥" };
static const char *const syllables[] = {
  "华", "海", "天", "申", "洲", "博", "威", "恒", "瑞", "德", "力", "鑫", "宏", "达", "信", "联",
  "通", "远", "东", "方", "金", "泰", "盛", "隆", "嘉", "和", "兴", "旺", "科", "创", "新", "芯",
};
static const char *const industries[] = { "模具", "汽车零部件", "石化", "新材料", "装备制造", "集成电路", "港航物流", "注塑机械" };
static const char *const suffixes[] = { "有限公司", "模具厂", "科技有限公司", "工程技术中心", "企业研究院", "股份公司" };
static const char *const kinds[] = { "enterprise", "enterprise", "enterprise", "platform", "institution" };
static const char *const towns[] = { "大碶街道", "新碶街道", "小港街道", "霞浦街道", "柴桥街道", "春晓街道", "梅山街道" };

static KcEntityTable *
generate_table (guint n_rows)
{
  static char *header[] = { "id", "name", "alias", "kind", "industry", "town", "description" };
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header, G_N_ELEMENTS (header));
  KcEntityBuilder *builder = kc_entity_builder_new (schema);
  g_autoptr(GString) id = g_string_new (NULL);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) alias = g_string_new (NULL);
  g_autoptr(GString) description = g_string_new (NULL);

  for (guint r = 0; r < n_rows; r++)
    {
      guint h = r * 2654435761u;
      const char *industry = industries[(h >> 20) % G_N_ELEMENTS (industries)];
      char *cells[7];
      gsize lengths[7];

      g_string_printf (id, "e%07u", r);
      g_string_truncate (alias, 0);
      for (guint i = 0; i < 2 + (h >> 30 == 0); i++)
        g_string_append (alias, syllables[(h >> (i * 5 + 3)) % G_N_ELEMENTS (syllables)]);
      g_string_printf (name, "%s%s%s%s", places[(h >> 17) % G_N_ELEMENTS (places)], alias->str,
                       r % 3 == 0 ? industry : "", suffixes[(h >> 24) % G_N_ELEMENTS (suffixes)]);
      if (r % 4 != 0)
        g_string_truncate (alias, 0);
      g_string_printf (description, "主要从事%s产品的研发、生产和销售，位于%s", industry,
                       towns[(h >> 13) % G_N_ELEMENTS (towns)]);

      cells[0] = id->str;
      cells[1] = name->str;
      cells[2] = alias->str;
      cells[3] = (char *) kinds[r % G_N_ELEMENTS (kinds)];
      cells[4] = (char *) industry;
      cells[5] = (char *) towns[(h >> 13) % G_N_ELEMENTS (towns)];
      cells[6] = description->str;
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        lengths[c] = strlen (cells[c]);
      kc_entity_builder_append (builder, cells, lengths, G_N_ELEMENTS (cells), r + 2, "bench.csv", NULL);
    }

  return kc_entity_table_merge (&builder, 1, NULL, "bench.csv", NULL);
}

/* ------------------------------------------------------------ figures */

typedef struct
{
  GArray  *cpu;        /* ms of processor time, all threads */
  GArray  *latency;    /* ms, keystroke to the model showing the result */
  GArray  *main;       /* ms of main-thread work for the keystroke */
  GArray  *frame;      /* ms of the frame drawn after the result */
  guint64  results;
} Figures;

static void
figures_init (Figures *figures)
{
  figures->cpu = g_array_new (FALSE, FALSE, sizeof (double));
  figures->latency = g_array_new (FALSE, FALSE, sizeof (double));
  figures->main = g_array_new (FALSE, FALSE, sizeof (double));
  figures->frame = g_array_new (FALSE, FALSE, sizeof (double));
  figures->results = 0;
}

static void
figures_clear (Figures *figures)
{
  g_array_unref (figures->cpu);
  g_array_unref (figures->latency);
  g_array_unref (figures->main);
  g_array_unref (figures->frame);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *times,
            double  p)
{
  if (times->len == 0)
    return 0;
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, (guint) ((times->len - 1) * p + 0.5));
}

static void
print_header (void)
{
  g_print ("\n%-44s %5s %9s %9s %9s %9s %10s %10s %9s\n", "what", "keys", "p50 ms", "p99 ms", "max ms",
           "cpu p99", "main p99", "frame p99", "results");
  g_print ("%-44s %5s %9s %9s %9s %9s %10s %10s %9s\n", "----", "----", "------", "------", "------",
           "-------", "--------", "---------", "-------");
}

static void
print_figures (const char *label,
               Figures    *figures)
{
  g_autofree char *main_text = figures->main->len > 0
                               ? g_strdup_printf ("%10.2f", percentile (figures->main, 0.99))
                               : g_strdup_printf ("%10s", "-");
  g_autofree char *frame_text = figures->frame->len > 0
                                ? g_strdup_printf ("%10.2f", percentile (figures->frame, 0.99))
                                : g_strdup_printf ("%10s", "-");

  g_print ("%-44s %5u %9.2f %9.2f %9.2f %9.2f %s %s %9" G_GUINT64_FORMAT "\n", label, figures->latency->len,
           percentile (figures->latency, 0.5), percentile (figures->latency, 0.99),
           percentile (figures->latency, 1.0), percentile (figures->cpu, 0.99), main_text, frame_text,
           figures->results / MAX (figures->latency->len, 1));
}

/* Processor time of all threads, in µs: on a shared machine it says what
 * a keystroke costs better than the wall clock does. */
static gint64
cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static void
add_time (GArray *times,
          gint64  start,
          gint64  end)
{
  double ms = (end - start) / 1000.0;

  g_array_append_val (times, ms);
}

/* Typing @query a character at a time, then deleting it back to nothing. */
static GPtrArray *
keystrokes (const char *query)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  const char *end = query;

  do
    {
      end = g_utf8_next_char (end);
      g_ptr_array_add (texts, g_strndup (query, end - query));
    }
  while (*end != '\0');
  for (guint i = texts->len - 1; i > 0; i--)
    g_ptr_array_add (texts, g_strdup (g_ptr_array_index (texts, i - 1)));
  g_ptr_array_add (texts, g_strdup (""));
  return texts;
}

/* ------------------------------------------------------ the entity model */

typedef struct
{
  GdkFrameClock *clock;
  gint64         paint_start;
  gint64         paint_end;
} FrameWatch;

static void
on_before_paint (GdkFrameClock *clock,
                 FrameWatch    *watch)
{
  watch->paint_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                FrameWatch    *watch)
{
  watch->paint_end = g_get_monotonic_time ();
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef void (*TypeFunc) (gpointer    target,
                          const char *text);

static void
type_into_model (gpointer    target,
                 const char *text)
{
  kc_entity_model_set_query (target, text);
}

static void
type_into_entry (gpointer    target,
                 const char *text)
{
  gtk_editable_set_text (target, text);
}

/* The main thread's work on a result: from result-will-change to the end
 * of result-changed (the list's items-changed, the selection, the
 * counts label), with the handlers of the view, connected before. */
typedef struct
{
  gint64 start;
  gint64 busy;
} ApplyWatch;

static void
on_will_change (ApplyWatch *watch)
{
  watch->start = g_get_monotonic_time ();
}

static void
on_changed (ApplyWatch *watch)
{
  watch->busy += g_get_monotonic_time () - watch->start;
}

/* One keystroke: until the model shows its result, then (with a window)
 * until the next frame is drawn. */
static void
keystroke (KcEntityModel *model,
           TypeFunc       type,
           gpointer       target,
           const char    *text,
           FrameWatch    *watch,
           Figures       *figures)
{
  ApplyWatch apply = { 0, 0 };
  gint64 cpu = cpu_us ();
  gint64 start = g_get_monotonic_time ();
  gulong will_id = g_signal_connect_swapped (model, "result-will-change", G_CALLBACK (on_will_change), &apply);
  gulong changed_id = g_signal_connect_data (model, "result-changed", G_CALLBACK (on_changed), &apply,
                                             NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  type (target, text);
  apply.busy += g_get_monotonic_time () - start;
  while (kc_entity_model_get_pending (model))
    g_main_context_iteration (NULL, TRUE);
  add_time (figures->latency, start, g_get_monotonic_time ());
  add_time (figures->cpu, cpu, cpu_us ());
  add_time (figures->main, 0, apply.busy);
  figures->results += g_list_model_get_n_items (G_LIST_MODEL (model));
  g_signal_handler_disconnect (model, will_id);
  g_signal_handler_disconnect (model, changed_id);

  if (watch != NULL)
    {
      watch->paint_end = 0;
      gdk_frame_clock_request_phase (watch->clock, GDK_FRAME_CLOCK_PHASE_PAINT);
      while (watch->paint_end == 0)
        g_main_context_iteration (NULL, TRUE);
      add_time (figures->frame, watch->paint_start, watch->paint_end);
    }
}

/* Types every query of each family, as a table of figures. */
static void
type_queries (KcEntityModel *model,
              TypeFunc       type,
              gpointer       target,
              FrameWatch    *watch,
              guint          rounds,
              const char    *label_suffix)
{
  print_header ();
  for (guint f = 0; f < G_N_ELEMENTS (families); f++)
    {
      Figures figures;
      g_autofree char *label = g_strdup_printf ("%s%s", families[f], label_suffix);

      figures_init (&figures);
      for (guint round = 0; round < rounds; round++)
        for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
          {
            g_autoptr(GPtrArray) texts = NULL;

            if (strcmp (queries[q].family, families[f]) != 0)
              continue;
            texts = keystrokes (queries[q].query);
            for (guint k = 0; k < texts->len; k++)
              keystroke (model, type, target, g_ptr_array_index (texts, k), watch, &figures);
          }
      print_figures (label, &figures);
      figures_clear (&figures);
    }
}

static void
wait_for (KcEntityModel *model)
{
  while (kc_entity_model_get_pending (model))
    g_main_context_iteration (NULL, TRUE);
}

static void
bench_model (KcEntityTable         *table,
             guint                  rounds,
             const KcEntitySortKey *sort)
{
  g_autoptr(KcEntityModel) model = kc_entity_model_new (table);
  gint64 start;

  /* The index is built in the background when the model is made: wait
   * for it, as a user who opens the view and starts typing later. */
  start = g_get_monotonic_time ();
  kc_entity_model_set_query (model, "宁");
  wait_for (model);
  kc_entity_model_set_query (model, "");
  wait_for (model);
  g_print ("\nKcEntityModel alone: search index ready after %.1f ms\n",
           (g_get_monotonic_time () - start) / 1000.0);

  if (sort != NULL)
    {
      start = g_get_monotonic_time ();
      kc_entity_model_set_sort (model, sort, 1);
      wait_for (model);
      g_print ("sorted by name: %.1f ms the first time (the column's order is kept)\n",
               (g_get_monotonic_time () - start) / 1000.0);
    }

  type_queries (model, type_into_model, model, NULL, rounds,
                sort != NULL ? ", model, sorted by name" : ", model");
}

/* The real view in a window: the search entry, the column view, the
 * selection kept across results, the facet counts. */
static void
bench_view (KcDataset *dataset,
            guint      rounds)
{
  GtkWidget *window = gtk_window_new ();
  KcDirectoryView *view = KC_DIRECTORY_VIEW (kc_directory_view_new ());
  KcEntityModel *model;
  KcEntityTable *table = kc_dataset_get_entities (dataset);
  GtkEditable *entry;
  FrameWatch watch = { NULL, 0, 0 };
  gint64 start;
  guint timer = g_timeout_add (5, wake_up, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  kc_directory_view_set_dataset (view, dataset);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (view)))
    g_main_context_iteration (NULL, TRUE);
  model = KC_ENTITY_MODEL (kc_directory_view_get_model (view));
  entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (view), KC_TYPE_DIRECTORY_VIEW, "search_entry"));
  watch.clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (watch.clock, "before-paint", G_CALLBACK (on_before_paint), &watch);
  g_signal_connect (watch.clock, "after-paint", G_CALLBACK (on_after_paint), &watch);

  start = g_get_monotonic_time ();
  gtk_editable_set_text (entry, "宁");
  wait_for (model);
  gtk_editable_set_text (entry, "");
  wait_for (model);
  g_print ("\nKcDirectoryView in a window: search index ready after %.1f ms\n",
           (g_get_monotonic_time () - start) / 1000.0);

  /* A selected entity, kept selected while the results still show it. */
  kc_directory_view_select_entity (view, kc_entity_table_get (table, kc_entity_table_get_n_rows (table) / 2,
                                                              KC_ENTITY_FIELD_ID));
  type_queries (model, type_into_entry, entry, &watch, rounds, ", view with a selection");

  g_source_remove (timer);
  g_signal_handlers_disconnect_by_data (watch.clock, &watch);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ------------------------------------------------------------ references */

static gboolean
accept_all (gpointer item,
            gpointer user_data)
{
  return TRUE;
}

static void
bench_references (const char **names,
                  guint        n_rows)
{
  g_autoptr(GtkStringList) list = NULL;
  gint64 start;

  print_header ();

  /* strstr over the names, for the Chinese queries (it knows no pinyin). */
  {
    Figures figures;

    figures_init (&figures);
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        g_autoptr(GPtrArray) texts = NULL;

        if (strcmp (queries[q].family, "Chinese") != 0)
          continue;
        texts = keystrokes (queries[q].query);
        for (guint k = 0; k < texts->len; k++)
          {
            const char *text = g_ptr_array_index (texts, k);
            guint n = 0;

            gint64 cpu = cpu_us ();

            start = g_get_monotonic_time ();
            for (guint r = 0; r < n_rows; r++)
              if (strstr (names[r], text) != NULL)
                n++;
            add_time (figures.latency, start, g_get_monotonic_time ());
            add_time (figures.cpu, cpu, cpu_us ());
            figures.results += n;
          }
      }
    print_figures ("plain strstr loop over the names", &figures);
    figures_clear (&figures);
  }

  start = g_get_monotonic_time ();
  list = gtk_string_list_new (names);
  g_print ("(GtkStringList of %u names made in %.1f ms)\n", n_rows, (g_get_monotonic_time () - start) / 1000.0);

  /* GtkFilterListModel with a filter that keeps everything: the cost of
   * the list model alone, per refilter. */
  {
    GtkCustomFilter *filter = gtk_custom_filter_new (accept_all, NULL, NULL);
    g_autoptr(GtkFilterListModel) filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (list)),
                                                                        GTK_FILTER (filter));
    Figures figures;

    figures_init (&figures);
    for (guint k = 0; k < 8; k++)
      {
        gint64 cpu = cpu_us ();

        start = g_get_monotonic_time ();
        gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_DIFFERENT);
        add_time (figures.latency, start, g_get_monotonic_time ());
        add_time (figures.cpu, cpu, cpu_us ());
        figures.results += g_list_model_get_n_items (G_LIST_MODEL (filtered));
      }
    print_figures ("GtkFilterListModel, trivial filter", &figures);
    figures_clear (&figures);
  }

  for (guint ignore_case = 0; ignore_case < 2; ignore_case++)
    {
      GtkStringFilter *filter = gtk_string_filter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT,
                                                                                    NULL, "string"));
      g_autoptr(GtkFilterListModel) filtered = NULL;
      Figures figures;

      gtk_string_filter_set_ignore_case (filter, ignore_case);
      gtk_string_filter_set_match_mode (filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
      filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (list)), GTK_FILTER (filter));
      figures_init (&figures);
      /* One Chinese query: each keystroke takes about a second. */
      {
        g_autoptr(GPtrArray) texts = keystrokes (queries[0].query);

        for (guint k = 0; k < texts->len; k++)
          {
            gint64 cpu = cpu_us ();

            start = g_get_monotonic_time ();
            gtk_string_filter_set_search (filter, g_ptr_array_index (texts, k));
            add_time (figures.latency, start, g_get_monotonic_time ());
            add_time (figures.cpu, cpu, cpu_us ());
            figures.results += g_list_model_get_n_items (G_LIST_MODEL (filtered));
          }
      }
      print_figures (ignore_case ? "GtkFilterListModel + GtkStringFilter, ignore case"
                                 : "GtkFilterListModel + GtkStringFilter, exact case",
                     &figures);
      figures_clear (&figures);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *source = "1000000";
  guint rounds = 3;
  gboolean reference = TRUE;
  gboolean display;
  g_autoptr(KcDataset) dataset = NULL;
  g_autoptr(KcEntityTable) table = NULL;
  g_autofree const char **names = NULL;
  guint n_rows;
  guint n_args = 0;
  gint64 start;
  KcEntitySortKey by_name = { KC_ENTITY_FIELD_NAME, FALSE };

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--no-reference") == 0)
        reference = FALSE;
      else if (n_args++ == 0)
        source = argv[i];
      else
        rounds = (guint) strtoul (argv[i], NULL, 10);
    }
  if (rounds == 0)
    {
      g_printerr ("usage: bench-directory [ROWS | ENTITIES.csv] [ROUNDS] [--no-reference]\n");
      return 2;
    }

  display = gtk_init_check ();
  if (display)
    adw_init ();

  start = g_get_monotonic_time ();
  if (g_str_has_suffix (source, ".csv"))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (source);
      g_autoptr(GError) error = NULL;

      dataset = kc_dataset_load (&file, 1, KC_LOAD_KEEP_GOOD_ROWS, NULL, NULL, NULL, &error);
      if (dataset == NULL || kc_dataset_get_entities (dataset) == NULL)
        {
          g_printerr ("bench-directory: %s: no entities (%s)\n", source,
                      error != NULL ? error->message : "see kechuang --check");
          return 1;
        }
      table = kc_entity_table_ref (kc_dataset_get_entities (dataset));
    }
  else
    {
      guint n = (guint) strtoul (source, NULL, 10);

      if (n == 0)
        {
          g_printerr ("usage: bench-directory [ROWS | ENTITIES.csv] [ROUNDS] [--no-reference]\n");
          return 2;
        }
      table = generate_table (n);
    }
  n_rows = kc_entity_table_get_n_rows (table);
  g_print ("%s: %u entities in %.1f ms; %u rounds; %u processors; %s\n", source, n_rows,
           (g_get_monotonic_time () - start) / 1000.0, rounds, g_get_num_processors (),
           display ? "with a display" : "no display: model only");

  names = g_new (const char *, n_rows + 1);
  for (guint r = 0; r < n_rows; r++)
    names[r] = kc_entity_table_get (table, r, KC_ENTITY_FIELD_NAME);
  names[n_rows] = NULL;

  bench_model (table, rounds, NULL);
  bench_model (table, rounds, &by_name);
  if (display && dataset != NULL)
    bench_view (dataset, rounds);
  else
    g_print ("\n(the view is measured with a display and an ENTITIES.csv)\n");
  if (reference)
    bench_references (names, n_rows);

  return 0;
}
