/* bench-entities.c
 * The entities table alone: building in parallel parts, merging, reading. */
#define G_LOG_DOMAIN "bench-entities"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>

#include "kc-entity-table.h"

#define N_CELLS 12
#define MAX_PARTS 8

static char *header[N_CELLS] = {
  "id", "名称", "英文名称", "简称", "类型", "级别", "行业", "街道", "成立年份", "合作伙伴", "简介", "备注",
};

static const char *const towns[] = { "大碶街道", "新碶街道", "小港街道", "霞浦街道", "柴桥街道", "戚家山街道", "春晓街道", "梅山街道", "白峰街道", "郭巨街道", "大榭开发区" };
static const char *const industries[] = { "集成电路", "新材料", "智能制造", "汽车零部件", "模具", "港航物流", "石化", "生物医药", "新能源", "软件和信息服务" };
static const char *const industries_en[] = { "Chips", "Materials", "Machines", "Auto Parts", "Moulds", "Logistics", "Chemicals", "Pharma", "Energy", "Software" };
static const char *const kinds[] = { "企业", "平台", "院士工作站", "工程技术中心" };
static const char *const levels[] = { "", "国家级", "省级", "市级", "区级" };
static const char *const syllables[] = { "华", "中", "芯", "海", "天", "港", "信", "达", "创", "新", "博", "远", "金", "瑞", "安", "宏" };

/* All rows' cells in one buffer: cell c of row r starts at
 * starts[r * (N_CELLS + 1) + c] and ends where the next one starts. */
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
  GString *s = g_string_sized_new ((gsize) n_rows * 200);
  guint64 *starts = g_new (guint64, (gsize) n_rows * (N_CELLS + 1));

  for (guint i = 0; i < n_rows; i++)
    {
      guint64 *at = starts + (gsize) i * (N_CELLS + 1);
      guint h = i * 2654435761u;
      const char *a = syllables[h % 16], *b = syllables[(h >> 4) % 16], *c = syllables[(h >> 8) % 16];

      at[0] = s->len;
      g_string_append_printf (s, "E%07u", i);
      at[1] = s->len;
      g_string_append_printf (s, "宁波%s%s%s%s有限公司", a, b, c, industries[i % 10]);
      at[2] = s->len;
      if (i % 3 == 0)
        g_string_append_printf (s, "Ningbo %s Co., Ltd. No. %u", industries_en[i % 10], i);
      at[3] = s->len;
      g_string_append_printf (s, "%s%s%s", a, b, c);
      at[4] = s->len;
      g_string_append (s, kinds[(h >> 12) % 4]);
      at[5] = s->len;
      g_string_append (s, levels[(h >> 14) % 5]);
      at[6] = s->len;
      g_string_append (s, industries[(h >> 17) % 10]);
      at[7] = s->len;
      g_string_append (s, towns[(h >> 20) % 11]);
      at[8] = s->len;
      g_string_append_printf (s, "%u", 1980 + (h >> 24) % 40);
      at[9] = s->len;
      if (i % 5 == 0)
        g_string_append_printf (s, "E%07u;E%07u", (h >> 3) % n_rows, (h >> 7) % n_rows);
      at[10] = s->len;
      g_string_append_printf (s, "主营%s，位于%s。", industries[i % 10], towns[i % 11]);
      at[11] = s->len;
      if (i % 10 == 0)
        g_string_append (s, "高新技术企业");
      at[12] = s->len;
    }

  rows->text = s;
  rows->starts = starts;
  rows->n_rows = n_rows;
}

typedef struct
{
  const Rows      *rows;
  KcEntityBuilder *builder;
  KcProblemList   *problems;
  guint            first;
  guint            end;
} Part;

static gpointer
fill_part (gpointer data)
{
  Part *part = data;
  char *cells[N_CELLS];
  gsize lengths[N_CELLS];

  for (guint r = part->first; r < part->end; r++)
    {
      const guint64 *at = part->rows->starts + (gsize) r * (N_CELLS + 1);

      for (guint c = 0; c < N_CELLS; c++)
        {
          cells[c] = part->rows->text->str + at[c];
          lengths[c] = at[c + 1] - at[c];
        }
      kc_entity_builder_append (part->builder, cells, lengths, N_CELLS, r - part->first + 2,
                                "bench.csv", part->problems);
    }

  return NULL;
}

static guint64
status_kib (const char *key)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  p = strstr (status, key);
  return p != NULL ? g_ascii_strtoull (p + strlen (key), NULL, 10) : 0;
}

/* CPU time of all the process's threads, in ms: less disturbed than wall
 * time when other programs share the cores. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

int
main (int   argc,
      char *argv[])
{
  guint n_rows = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  guint n_parts = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 2;
  guint n_runs = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 3;
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (header, N_CELLS);
  double build_times[16], merge_times[16], build_cpu[16], merge_cpu[16];
  Rows rows;

  if (n_rows == 0 || n_parts == 0 || n_parts > MAX_PARTS || n_runs == 0 || n_runs > 16)
    {
      g_printerr ("Usage: %s [ROWS [PARTS (1–8) [RUNS (1–16)]]]\n", argv[0]);
      return 2;
    }

  generate (&rows, n_rows);
  g_print ("%u rows, %.1f MB of cell text, %u parts, %u runs\n", n_rows,
           rows.text->len / 1e6, n_parts, n_runs);

  for (guint run = 0; run < n_runs; run++)
    {
      KcEntityBuilder *builders[MAX_PARTS];
      Part parts[MAX_PARTS];
      GThread *threads[MAX_PARTS];
      guint64 offsets[MAX_PARTS];
      g_autoptr(KcProblemList) problems = kc_problem_list_new (1000);
      KcEntityTable *table;
      guint64 rss_before = status_kib ("VmRSS:");
      gint64 t0, t1, t2;
      double c0, c1, c2;

      c0 = cpu_ms ();
      t0 = g_get_monotonic_time ();
      for (guint p = 0; p < n_parts; p++)
        {
          builders[p] = kc_entity_builder_new (schema);
          parts[p] = (Part) { &rows, builders[p], kc_problem_list_new (1000),
                              (guint) ((guint64) n_rows * p / n_parts),
                              (guint) ((guint64) n_rows * (p + 1) / n_parts) };
          offsets[p] = parts[p].first;
          threads[p] = g_thread_new ("part", fill_part, &parts[p]);
        }
      for (guint p = 0; p < n_parts; p++)
        {
          g_thread_join (threads[p]);
          kc_problem_list_merge (problems, parts[p].problems, offsets[p]);
          kc_problem_list_free (parts[p].problems);
        }
      t1 = g_get_monotonic_time ();
      c1 = cpu_ms ();
      table = kc_entity_table_merge (builders, n_parts, offsets, "bench.csv", problems);
      t2 = g_get_monotonic_time ();
      c2 = cpu_ms ();

      build_times[run] = (t1 - t0) / 1e3;
      merge_times[run] = (t2 - t1) / 1e3;
      build_cpu[run] = c1 - c0;
      merge_cpu[run] = c2 - c1;
      g_print ("run %u: build %.1f ms (CPU %.1f), merge %.1f ms (CPU %.1f), total %.1f ms; "
               "%u rows, %" G_GUINT64_FORMAT " problems, %.1f MB (%.1f B a row), RSS +%.1f MB\n",
               run + 1, build_times[run], build_cpu[run], merge_times[run], merge_cpu[run],
               build_times[run] + merge_times[run],
               kc_entity_table_get_n_rows (table), kc_problem_list_get_total (problems),
               kc_entity_table_get_memory_size (table) / 1e6,
               (double) kc_entity_table_get_memory_size (table) / n_rows,
               (status_kib ("VmRSS:") - rss_before) / 1024.0);

      if (run == n_runs - 1)
        {
          gint64 t3, t4, t5;
          gsize bytes = 0;
          guint found = 0;

          t3 = g_get_monotonic_time ();
          for (guint r = 0; r < n_rows; r++)
            bytes += strlen (kc_entity_table_get (table, r, KC_ENTITY_FIELD_NAME));
          t4 = g_get_monotonic_time ();
          for (guint r = 0; r < n_rows; r++)
            {
              char id[16];

              g_snprintf (id, sizeof id, "E%07u", (r * 2654435761u) % n_rows);
              found += kc_entity_table_find_id (table, id) >= 0;
            }
          t5 = g_get_monotonic_time ();
          g_print ("read every name: %.1f ms (%zu bytes); find_id %u times: %.1f ms (%u found)\n",
                   (t4 - t3) / 1e3, bytes, n_rows, (t5 - t4) / 1e3, found);
        }

      kc_entity_table_unref (table);
    }

  qsort (build_times, n_runs, sizeof (double), compare_doubles);
  qsort (merge_times, n_runs, sizeof (double), compare_doubles);
  qsort (build_cpu, n_runs, sizeof (double), compare_doubles);
  qsort (merge_cpu, n_runs, sizeof (double), compare_doubles);
  g_print ("median: build %.1f ms (CPU %.1f), merge %.1f ms (CPU %.1f); "
           "peak RSS of the process %.1f MB\n",
           build_times[n_runs / 2], build_cpu[n_runs / 2], merge_times[n_runs / 2],
           merge_cpu[n_runs / 2], status_kib ("VmHWM:") / 1024.0);

  g_string_free (rows.text, TRUE);
  g_free (rows.starts);

  return 0;
}
