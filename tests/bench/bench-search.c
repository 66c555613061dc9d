/* bench-search.c
 * Search as you type over many entities: time per keystroke.
 *
 *   bench-search [ROWS | ENTITIES.csv] [ROUNDS [QUERY…]]
 *
 * Without a file, ROWS synthetic entities (1,000,000 by default); with
 * one (e.g. from gen-entities.py), its entities as the loader reads them.
 * With queries, only those, each typed in a new session, and the least
 * time of each keystroke over the rounds: on a shared machine, the least
 * is what compares one version with another, with a digest of each
 * keystroke's result to tell whether they agree. */
#define G_LOG_DOMAIN "bench-search"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>

#include "kc-loader.h"
#include "kc-search.h"

static const char *const places[] = { "宁波", "北仑", "大碶", "梅山", "小港", "霞浦", "柴桥", "春晓", "杭州", "上海" };
static const char *const industries[] = { "模具", "新材料", "集成电路", "汽车零部件", "智能制造", "港航物流", "石化", "生物医药", "新能源", "软件" };
static const char *const suffixes[] = { "有限公司", "股份有限公司", "研究院", "工程技术中心", "科技有限公司" };
static const char *const syllables[] = {
  "华", "中", "芯", "海", "天", "港", "信", "达", "创", "新", "博", "远", "金", "瑞", "安", "宏",
  "德", "业", "申", "洲", "吉", "利", "骐", "松", "星", "明", "光", "通", "泰", "恒", "盛", "鑫",
};

/* Every row's three texts in one buffer; NUL-terminated, text f of row r
 * at starts[r * 3 + f] (G_MAXUINT64 for none). */
typedef struct
{
  GString *text;
  guint64 *starts;
  guint    n_rows;
} Rows;

static void
generate (Rows  *rows,
          guint  n_rows)
{
  GString *s = g_string_sized_new ((gsize) n_rows * 120);
  guint64 *starts = g_new (guint64, (gsize) n_rows * 3);

  for (guint i = 0; i < n_rows; i++)
    {
      guint h = i * 2654435761u;
      const char *a = syllables[h % 32];
      const char *b = syllables[(h >> 5) % 32];
      const char *c = syllables[(h >> 10) % 32];
      guint64 *at = starts + (gsize) i * 3;

      at[0] = s->len;
      g_string_append_printf (s, "%s%s%s%s%s%s", places[(h >> 15) % 10], a, b, c,
                              industries[i % 10], suffixes[(h >> 19) % 5]);
      g_string_append_c (s, '\0');
      if (i % 2 == 0)
        {
          at[1] = s->len;
          g_string_append_printf (s, "%s%s%s", a, b, c);
          g_string_append_c (s, '\0');
        }
      else
        {
          at[1] = G_MAXUINT64;
        }
      at[2] = s->len;
      g_string_append_printf (s, "主营%s，位于%s。%s", industries[(h >> 22) % 10],
                              places[(h >> 26) % 10], i % 10 == 0 ? "高新技术企业" : "");
      g_string_append_c (s, '\0');
    }

  rows->text = s;
  rows->starts = starts;
  rows->n_rows = n_rows;
}

static const char *
rows_get_text (guint    row,
               guint    field,
               gpointer user_data)
{
  const Rows *rows = user_data;
  guint64 start = rows->starts[(gsize) row * 3 + field];

  return start == G_MAXUINT64 ? NULL : rows->text->str + start;
}

static const char *
table_get_text (guint    row,
                guint    field,
                gpointer user_data)
{
  static const KcEntityField columns[KC_SEARCH_N_FIELDS] = {
    KC_ENTITY_FIELD_NAME, KC_ENTITY_FIELD_ALIAS, KC_ENTITY_FIELD_DESCRIPTION,
  };

  return kc_entity_table_get (user_data, row, columns[field]);
}

static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  gsize pages = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    pages = strtoull (strchr (statm, ' ') + 1, NULL, 10);
  return pages * 4096;
}

/* Processor time of all threads, in ms: on a shared machine it says what
 * the search costs better than the wall clock does. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
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
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, (guint) ((times->len - 1) * p + 0.5));
}

static void
print_times (const char *label,
             GArray     *times,
             GArray     *cpu,
             guint64     results)
{
  g_print ("%-26s %4u keys  wall p50 %7.2f p99 %7.2f max %7.2f ms  cpu p50 %7.2f p99 %7.2f ms  %7" G_GUINT64_FORMAT " results\n",
           label, times->len, percentile (times, 0.5), percentile (times, 0.99),
           percentile (times, 1.0), percentile (cpu, 0.5), percentile (cpu, 0.99),
           results / MAX (times->len, 1));
}

/* The texts of typing @query one character at a time, then deleting it
 * one character at a time down to one character. */
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
  return texts;
}

/* The plain reference: strstr on every raw name and alias. */
static guint
strstr_all (guint             n_rows,
            KcSearchTextFunc  get_text,
            gpointer          data,
            const char       *query)
{
  guint n = 0;

  for (guint r = 0; r < n_rows; r++)
    {
      const char *name = get_text (r, KC_SEARCH_FIELD_NAME, data);
      const char *alias = get_text (r, KC_SEARCH_FIELD_ALIAS, data);

      if (strstr (name, query) != NULL || (alias != NULL && strstr (alias, query) != NULL))
        n++;
    }
  return n;
}

/* FNV-1a of the rows in their order: two versions that print the same
 * digest for a keystroke gave the same result. */
static guint32
rows_digest (const guint32 *rows,
             guint          n_rows)
{
  guint32 h = 2166136261u;

  for (guint i = 0; i < n_rows; i++)
    for (guint b = 0; b < 4; b++)
      h = (h ^ ((rows[i] >> (8 * b)) & 0xff)) * 16777619u;
  return h;
}

/* Types each query of @queries in a new session, @rounds times, and
 * prints the least wall and processor time of each keystroke, and a
 * digest of its result. */
static void
time_keystrokes (KcSearchIndex      *index,
                 const char *const  *queries,
                 guint               n_queries,
                 guint               rounds)
{
  for (guint q = 0; q < n_queries; q++)
    {
      g_autoptr(GPtrArray) texts = keystrokes (queries[q]);
      g_autofree double *wall = g_new (double, texts->len);
      g_autofree double *cpu = g_new (double, texts->len);
      g_autofree guint *results = g_new0 (guint, texts->len);
      g_autofree guint32 *digests = g_new0 (guint32, texts->len);

      for (guint k = 0; k < texts->len; k++)
        wall[k] = cpu[k] = G_MAXDOUBLE;
      for (guint round = 0; round < rounds; round++)
        {
          KcSearchSession *session = kc_search_session_new (index);

          for (guint k = 0; k < texts->len; k++)
            {
              double cpu_start = cpu_ms ();
              gint64 start = g_get_monotonic_time ();
              const guint32 *rows = kc_search_session_query (session, g_ptr_array_index (texts, k),
                                                              &results[k]);

              wall[k] = MIN (wall[k], (g_get_monotonic_time () - start) / 1000.0);
              cpu[k] = MIN (cpu[k], cpu_ms () - cpu_start);
              digests[k] = rows_digest (rows, results[k]);
            }
          kc_search_session_free (session);
        }
      for (guint k = 0; k < texts->len; k++)
        g_print ("%-14s wall min %7.2f ms  cpu min %7.2f ms  %7u results  rows %08x\n",
                 (const char *) g_ptr_array_index (texts, k), wall[k], cpu[k], results[k], digests[k]);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char *const queries[][2] = {
    { "Chinese", "模具" },
    { "Chinese", "宁波" },
    { "Chinese", "宁波华中" },
    { "initials", "nbmj" },
    { "initials", "zxjt" },
    { "full pinyin", "ningbo" },
    { "full pinyin", "moju" },
  };
  static const char *const families[] = { "Chinese", "initials", "full pinyin" };
  const char *source = argc > 1 ? argv[1] : "1000000";
  guint rounds = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 5;
  guint n_rows;
  Rows rows = { NULL, NULL, 0 };
  g_autoptr(KcDataset) dataset = NULL;
  KcSearchTextFunc get_text = rows_get_text;
  gpointer data = &rows;
  KcSearchIndex *index;
  gint64 start;
  gsize before;

  if (g_str_has_suffix (source, ".csv"))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (source);
      g_autoptr(GError) error = NULL;
      KcEntityTable *table;

      start = g_get_monotonic_time ();
      dataset = kc_dataset_load (&file, 1, KC_LOAD_KEEP_GOOD_ROWS, NULL, NULL, NULL, &error);
      table = dataset != NULL ? kc_dataset_get_entities (dataset) : NULL;
      if (table == NULL || kc_entity_table_get_n_rows (table) == 0)
        {
          g_printerr ("bench-search: %s: no entities (%s)\n", source,
                      error != NULL ? error->message : "see kechuang --check");
          return 1;
        }
      n_rows = kc_entity_table_get_n_rows (table);
      get_text = table_get_text;
      data = table;
      g_print ("%s: %u entities, loaded in %.1f ms, %u rounds\n", source, n_rows,
               (g_get_monotonic_time () - start) / 1000.0, rounds);
    }
  else
    {
      n_rows = (guint) strtoul (source, NULL, 10);
      if (n_rows == 0)
        {
          g_printerr ("usage: bench-search [ROWS | ENTITIES.csv] [ROUNDS]\n");
          return 2;
        }
      generate (&rows, n_rows);
      g_print ("%u synthetic rows, %" G_GSIZE_FORMAT " MB of text, %u rounds\n", n_rows,
               rows.text->len >> 20, rounds);
    }
  if (rounds == 0)
    {
      g_printerr ("usage: bench-search [ROWS | ENTITIES.csv] [ROUNDS]\n");
      return 2;
    }

  before = resident_bytes ();
  start = g_get_monotonic_time ();
  index = kc_search_index_new (n_rows, get_text, data);
  g_print ("index built in %.1f ms, %.1f MB resident (%.1f bytes a row)\n",
           (g_get_monotonic_time () - start) / 1000.0,
           (resident_bytes () - before) / 1048576.0,
           (double) (resident_bytes () - before) / n_rows);

  if (argc > 3)
    time_keystrokes (index, (const char *const *) argv + 3, argc - 3, rounds);
  for (guint family = 0; argc <= 3 && family < G_N_ELEMENTS (families); family++)
    {
      const char *family_name = families[family];
      g_autoptr(GArray) typed = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) typed_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) fresh_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) plain_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (guint32));
      guint64 typed_results = 0;
      guint64 fresh_results = 0;
      guint64 plain_results = 0;
      g_autofree char *label = NULL;

      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          g_autoptr(GPtrArray) texts = NULL;

          if (strcmp (queries[q][0], family_name) != 0)
            continue;
          texts = keystrokes (queries[q][1]);

          for (guint round = 0; round < rounds; round++)
            {
              /* A new session each round: the user starts a new search. */
              KcSearchSession *session = kc_search_session_new (index);

              for (guint k = 0; k < texts->len; k++)
                {
                  guint n = 0;
                  double cpu = cpu_ms ();
                  double ms;

                  start = g_get_monotonic_time ();
                  kc_search_session_query (session, g_ptr_array_index (texts, k), &n);
                  ms = (g_get_monotonic_time () - start) / 1000.0;
                  cpu = cpu_ms () - cpu;
                  g_array_append_val (typed, ms);
                  g_array_append_val (typed_cpu, cpu);
                  typed_results += n;
                }
              kc_search_session_free (session);
            }

          /* Without refinement: every keystroke scans every row. */
          for (guint k = 0; k < texts->len; k++)
            {
              double cpu = cpu_ms ();
              double ms;

              start = g_get_monotonic_time ();
              kc_search_index_query (index, g_ptr_array_index (texts, k), NULL, 0, out);
              ms = (g_get_monotonic_time () - start) / 1000.0;
              cpu = cpu_ms () - cpu;
              g_array_append_val (fresh, ms);
              g_array_append_val (fresh_cpu, cpu);
              fresh_results += out->len;

              cpu = cpu_ms ();
              start = g_get_monotonic_time ();
              plain_results += strstr_all (n_rows, get_text, data, g_ptr_array_index (texts, k));
              ms = (g_get_monotonic_time () - start) / 1000.0;
              cpu = cpu_ms () - cpu;
              g_array_append_val (plain, ms);
              g_array_append_val (plain_cpu, cpu);
            }
        }

      label = g_strdup_printf ("%s, as typed", family_name);
      print_times (label, typed, typed_cpu, typed_results);
      g_free (label);
      label = g_strdup_printf ("%s, every row", family_name);
      print_times (label, fresh, fresh_cpu, fresh_results);
      g_free (label);
      label = g_strdup_printf ("%s, plain strstr", family_name);
      print_times (label, plain, plain_cpu, plain_results);
    }

  kc_search_index_free (index);
  if (rows.text != NULL)
    g_string_free (rows.text, TRUE);
  g_free (rows.starts);
  return 0;
}
