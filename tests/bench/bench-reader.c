/* bench-reader.c
 * The streaming CSV reader on a big file: sniff, then read in parts.
 *   bench-reader FILE.csv [N_PARTS] [--libcsv-only] */
#define G_LOG_DOMAIN "bench-reader"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kc-csv-reader.h"

typedef struct
{
  guint64 records;
  guint64 fields;
  guint64 bytes;
} Counts;

static gboolean
on_record (gpointer           part_data,
           const KcCsvRecord *record,
           KcProblemList     *problems)
{
  Counts *counts = part_data;

  counts->records++;
  counts->fields += record->n_fields;
  for (guint i = 0; i < record->n_fields; i++)
    counts->bytes += record->lengths[i];

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KcProblemList) problems = kc_problem_list_new (100);
  g_autoptr(GTimer) timer = NULL;
  KcCsvFormat format = { 0 };
  Counts counts[16] = { { 0 } };
  gpointer part_data[16];
  guint64 line_offsets[16];
  Counts total = { 0 };
  guint n_parts = 2;
  guint used;

  if (argc < 2 || argc > 4)
    {
      g_printerr ("Usage: %s FILE.csv [N_PARTS] [--libcsv-only]\n", argv[0]);
      return 2;
    }
  if (argc >= 3)
    n_parts = CLAMP (atoi (argv[2]), 1, (int) G_N_ELEMENTS (counts));
  /* Every line through libcsv, none split by the reader's shortcut. */
  if (argc == 4 && strcmp (argv[3], "--libcsv-only") == 0)
    kc_csv_set_plain_lines (FALSE);

  timer = g_timer_new ();

  if (!kc_csv_sniff (argv[1], NULL, &format, problems, NULL))
    {
      for (guint i = 0; i < kc_problem_list_get_n (problems); i++)
        {
          g_autofree char *text = kc_problem_format (kc_problem_list_get (problems, i));

          g_printerr ("%s\n", text);
        }
      return 1;
    }

  for (guint p = 0; p < n_parts; p++)
    part_data[p] = &counts[p];

  used = kc_csv_read (argv[1], NULL, &format, n_parts, part_data, on_record, NULL, NULL,
                      line_offsets, problems, NULL);

  for (guint p = 0; p < used; p++)
    {
      total.records += counts[p].records;
      total.fields += counts[p].fields;
      total.bytes += counts[p].bytes;
    }

  g_print ("%s  %c  parts %u  records %" G_GUINT64_FORMAT "  fields %" G_GUINT64_FORMAT
           "  text %" G_GUINT64_FORMAT " bytes  problems %" G_GUINT64_FORMAT
           "  %.3f s  %.1f MB/s\n",
           kc_encoding_to_string (format.encoding),
           format.delimiter == '\t' ? 'T' : format.delimiter, used, total.records,
           total.fields, total.bytes, kc_problem_list_get_total (problems),
           g_timer_elapsed (timer, NULL),
           format.file_size / 1e6 / g_timer_elapsed (timer, NULL));

  kc_csv_format_clear (&format);

  return used > 0 ? 0 : 1;
}
