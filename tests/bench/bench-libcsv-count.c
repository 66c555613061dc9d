/* bench-libcsv-count.c
 * The reference: libcsv alone counting fields and rows, one thread. */
#define G_LOG_DOMAIN "bench-libcsv-count"

#include "config.h"

#include <csv.h>
#include <glib.h>
#include <stdio.h>

#define CHUNK_SIZE (1024 * 1024)

typedef struct
{
  guint64 fields;
  guint64 rows;
} Counts;

static void
on_field (void   *data,
          size_t  len,
          void   *user_data)
{
  Counts *counts = user_data;

  counts->fields++;
}

static void
on_row (int   terminator,
        void *user_data)
{
  Counts *counts = user_data;

  counts->rows++;
}

int
main (int   argc,
      char *argv[])
{
  struct csv_parser parser;
  Counts counts = { 0 };
  g_autofree char *buffer = NULL;
  g_autoptr(GTimer) timer = NULL;
  guint64 bytes = 0;
  size_t n;
  FILE *fp;

  if (argc != 2)
    {
      g_printerr ("Usage: %s FILE.csv\n", argv[0]);
      return 2;
    }

  fp = fopen (argv[1], "rb");
  if (fp == NULL)
    {
      g_printerr ("%s: cannot open %s\n", argv[0], argv[1]);
      return 1;
    }

  timer = g_timer_new ();
  buffer = g_malloc (CHUNK_SIZE);
  csv_init (&parser, 0);

  while ((n = fread (buffer, 1, CHUNK_SIZE, fp)) > 0)
    {
      bytes += n;
      if (csv_parse (&parser, buffer, n, on_field, on_row, &counts) != n)
        {
          g_printerr ("%s: %s\n", argv[1], csv_strerror (csv_error (&parser)));
          break;
        }
    }
  csv_fini (&parser, on_field, on_row, &counts);
  csv_free (&parser);
  fclose (fp);

  g_print ("bytes %" G_GUINT64_FORMAT "  rows %" G_GUINT64_FORMAT
           "  fields %" G_GUINT64_FORMAT "  %.3f s  %.1f MB/s\n",
           bytes, counts.rows, counts.fields, g_timer_elapsed (timer, NULL),
           bytes / 1e6 / g_timer_elapsed (timer, NULL));

  return 0;
}
