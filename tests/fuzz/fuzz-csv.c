/* fuzz-csv.c
 * libFuzzer target for the CSV reader: sniffing and reading any bytes,
 * and checking that every way of reading them gives the same rows. */
#define G_LOG_DOMAIN "fuzz-csv"

#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "kc-csv-reader.h"

#define FUZZ_PARTS 3
/* Reading from a file and in parts costs a write and threads per input:
 * only for inputs up to this size. */
#define FUZZ_PARALLEL_MAX (16 * 1024)

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *scratch_path;

typedef struct
{
  GArray *lines;   /* guint64: the record's line, relative to its part */
  GArray *hashes;  /* guint: a hash of its fields */
} PartDigest;

static gboolean
on_record (gpointer           part_data,
           const KcCsvRecord *record,
           KcProblemList     *problems)
{
  PartDigest *digest = part_data;
  guint hash = record->n_fields;

  for (guint i = 0; i < record->n_fields; i++)
    {
      /* Every cell is NUL-terminated UTF-8 of the length given. */
      g_assert (strlen (record->fields[i]) == record->lengths[i]);
      g_assert (g_utf8_validate (record->fields[i], record->lengths[i], NULL));
      hash = hash * 31 + g_str_hash (record->fields[i]);
    }

  g_array_append_val (digest->lines, record->line);
  g_array_append_val (digest->hashes, hash);
  return TRUE;
}

/* One value for the rows (with absolute lines) and the problems. */
static guint64
digest_read (PartDigest    *parts,
             guint          n_parts,
             const guint64 *offsets,
             KcProblemList *problems)
{
  guint64 digest = 0;

  for (guint p = 0; p < n_parts; p++)
    for (guint i = 0; i < parts[p].lines->len; i++)
      digest = digest * 1000003 + (offsets[p] + g_array_index (parts[p].lines, guint64, i)) * 7919
               + g_array_index (parts[p].hashes, guint, i);

  for (guint i = 0; i < kc_problem_list_get_n (problems); i++)
    {
      const KcProblem *problem = kc_problem_list_get (problems, i);

      digest = digest * 1000003 + problem->code * 131 + problem->line * 17 + problem->column;
    }

  return digest * 31 + kc_problem_list_get_total (problems);
}

static void
parts_init (PartDigest *parts,
            gpointer   *part_data)
{
  for (guint p = 0; p < FUZZ_PARTS; p++)
    {
      parts[p].lines = g_array_new (FALSE, FALSE, sizeof (guint64));
      parts[p].hashes = g_array_new (FALSE, FALSE, sizeof (guint));
      part_data[p] = &parts[p];
    }
}

static void
parts_clear (PartDigest *parts)
{
  for (guint p = 0; p < FUZZ_PARTS; p++)
    {
      g_array_unref (parts[p].lines);
      g_array_unref (parts[p].hashes);
    }
}

static guint64
read_bytes (GBytes            *bytes,
            const KcCsvFormat *format,
            gboolean           plain_lines)
{
  g_autoptr(KcProblemList) problems = kc_problem_list_new (50);
  PartDigest parts[FUZZ_PARTS];
  gpointer part_data[FUZZ_PARTS];
  guint64 offsets[FUZZ_PARTS] = { 0 };
  guint64 digest;

  parts_init (parts, part_data);
  kc_csv_set_plain_lines (plain_lines);
  g_assert (kc_csv_read_bytes (bytes, "fuzz.csv", format, part_data[0], on_record, problems) <= 1);
  kc_csv_set_plain_lines (TRUE);
  digest = digest_read (parts, 1, offsets, problems);
  parts_clear (parts);

  return digest;
}

static guint64
read_file_in_parts (const KcCsvFormat *format)
{
  g_autoptr(KcProblemList) problems = kc_problem_list_new (50);
  PartDigest parts[FUZZ_PARTS];
  gpointer part_data[FUZZ_PARTS];
  guint64 offsets[FUZZ_PARTS] = { 0 };
  guint64 digest;
  guint used;

  parts_init (parts, part_data);
  used = kc_csv_read (scratch_path, "fuzz.csv", format, FUZZ_PARTS, part_data, on_record,
                      NULL, NULL, offsets, problems, NULL);
  g_assert (used <= FUZZ_PARTS);
  digest = digest_read (parts, MAX (used, 1), offsets, problems);
  parts_clear (parts);

  return digest;
}

/* Not g_file_set_contents(): it syncs, and GLib 2.74's unsynced variant
 * does not truncate. */
static void
write_scratch (const uint8_t *data,
               size_t         size)
{
  int fd = g_open (scratch_path, O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);

  g_assert (fd >= 0);
  g_assert (write (fd, data, size) == (gssize) size);
  g_close (fd, NULL);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  int fd = g_file_open_tmp ("fuzz-csv-XXXXXX.csv", &scratch_path, NULL);

  g_assert (fd >= 0);
  g_close (fd, NULL);
  /* Parts as small as the inputs, so that every input is split. */
  kc_csv_set_min_part_size (16);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(KcProblemList) problems = kc_problem_list_new (50);
  KcCsvFormat format = { 0 };
  guint64 plain, libcsv_only;

  if (!kc_csv_sniff_bytes (bytes, "fuzz.csv", &format, problems))
    {
      g_assert (kc_problem_list_count_errors (problems) > 0);
      return 0;
    }

  g_assert (format.n_columns <= KC_CSV_MAX_COLUMNS);
  g_assert (g_strv_length (format.header) == format.n_columns);

  /* The plain-line shortcut must agree with libcsv on everything. */
  plain = read_bytes (bytes, &format, TRUE);
  libcsv_only = read_bytes (bytes, &format, FALSE);
  g_assert (plain == libcsv_only);

  /* Split points found by the quote scanner must agree with libcsv too. */
  if (size <= FUZZ_PARALLEL_MAX && kc_encoding_is_ascii_compatible (format.encoding))
    {
      write_scratch (data, size);
      g_assert (read_file_in_parts (&format) == plain);
    }

  kc_csv_format_clear (&format);
  return 0;
}
