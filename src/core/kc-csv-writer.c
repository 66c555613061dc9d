/* kc-csv-writer.c
 * Writes CSV (or tab-separated) text that spreadsheets open safely. */
#define G_LOG_DOMAIN "kc-csv-writer"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kc-atomic-file.h"
#include "kc-csv-writer.h"

/* Text is encoded and handed on in pieces of about this size. */
#define FLUSH_BYTES (256 * 1024)

struct _KcCsvWriter
{
  KcCsvCharset  charset;
  char          delimiter;
  GString      *text;       /* UTF-8, complete rows only when flushed */
  gboolean      row_empty;  /* no cell in the current row yet */
  KcAtomicFile *file;       /* NULL for the memory writer */
  GByteArray   *out;        /* the memory writer's encoded bytes */
  GError       *error;      /* the first failure */
};

gboolean
kc_csv_is_plain_number (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (p == NULL)
    return FALSE;
  if (*p == '-')
    p++;
  while (g_ascii_isdigit (*p))
    p++, digits = TRUE;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++, digits = TRUE;
    }
  if (!digits)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  return *p == '\0';
}

gboolean
kc_csv_needs_neutralising (const char *text)
{
  return text != NULL && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

static KcCsvWriter *
writer_new (KcCsvCharset charset,
            char         delimiter)
{
  KcCsvWriter *writer = g_new0 (KcCsvWriter, 1);

  g_return_val_if_fail (delimiter != '"' && delimiter != '\r' && delimiter != '\n', NULL);

  writer->charset = charset;
  writer->delimiter = delimiter;
  writer->text = g_string_sized_new (4096);
  writer->row_empty = TRUE;

  return writer;
}

static void
emit (KcCsvWriter *writer,
      const void  *data,
      gsize        len)
{
  if (writer->error != NULL)
    return;

  if (writer->file != NULL)
    kc_atomic_file_write (writer->file, data, len, &writer->error);
  else
    g_byte_array_append (writer->out, data, len);
}

static void
emit_bom (KcCsvWriter *writer)
{
  static const guint8 bom[] = { 0xEF, 0xBB, 0xBF };

  if (writer->charset == KC_CSV_CHARSET_UTF8_BOM)
    emit (writer, bom, sizeof bom);
}

KcCsvWriter *
kc_csv_writer_new (KcCsvCharset charset,
                   char         delimiter)
{
  KcCsvWriter *writer = writer_new (charset, delimiter);

  writer->out = g_byte_array_new ();
  emit_bom (writer);

  return writer;
}

KcCsvWriter *
kc_csv_writer_new_for_path (const char    *path,
                            KcCsvCharset   charset,
                            char           delimiter,
                            GError       **error)
{
  KcAtomicFile *file;
  KcCsvWriter *writer;

  g_return_val_if_fail (path != NULL, NULL);

  file = kc_atomic_file_new (path, error);
  if (file == NULL)
    return NULL;

  writer = writer_new (charset, delimiter);
  writer->file = file;
  emit_bom (writer);

  return writer;
}

void
kc_csv_writer_free (KcCsvWriter *writer)
{
  if (writer == NULL)
    return;

  /* Unless finished, the temporary file goes and the target stays. */
  kc_atomic_file_free (writer->file);
  if (writer->out != NULL)
    g_byte_array_unref (writer->out);
  g_string_free (writer->text, TRUE);
  g_clear_error (&writer->error);
  g_free (writer);
}

/* Encodes the complete rows collected so far and hands them on. */
static void
flush_text (KcCsvWriter *writer)
{
  if (writer->text->len == 0)
    return;

  if (writer->charset == KC_CSV_CHARSET_GB18030)
    {
      g_autoptr(GError) local_error = NULL;
      gsize written = 0;
      g_autofree char *converted = g_convert (writer->text->str, writer->text->len,
                                              "GB18030", "UTF-8", NULL, &written, &local_error);

      if (converted == NULL)
        {
          if (writer->error == NULL)
            g_set_error (&writer->error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION,
                         _("Could not convert the text to GB18030: %s"), local_error->message);
        }
      else
        emit (writer, converted, written);
    }
  else
    emit (writer, writer->text->str, writer->text->len);

  g_string_truncate (writer->text, 0);
}

static void
begin_cell (KcCsvWriter *writer)
{
  if (!writer->row_empty)
    g_string_append_c (writer->text, writer->delimiter);
  writer->row_empty = FALSE;
}

static gboolean
needs_quotes (const KcCsvWriter *writer,
              const char        *text,
              gsize              len)
{
  if (len == 0)
    return FALSE;
  /* Quoted, so that readers that trim unquoted fields keep the blanks. */
  if (text[0] == ' ' || text[len - 1] == ' ' || text[len - 1] == '\t')
    return TRUE;

  for (gsize i = 0; i < len; i++)
    if (text[i] == writer->delimiter || text[i] == '"' || text[i] == '\r' || text[i] == '\n')
      return TRUE;

  return FALSE;
}

static void
append_field (KcCsvWriter *writer,
              const char  *prefix,
              const char  *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *joined = NULL;
  const char *cell = text;
  gsize len;

  if (!g_utf8_validate (cell, -1, NULL))
    cell = valid = g_utf8_make_valid (cell, -1);
  if (prefix != NULL)
    cell = joined = g_strconcat (prefix, cell, NULL);
  len = strlen (cell);

  if (!needs_quotes (writer, cell, len))
    {
      g_string_append_len (writer->text, cell, len);
      return;
    }

  g_string_append_c (writer->text, '"');
  for (const char *p = cell; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (writer->text, '"');
      g_string_append_c (writer->text, *p);
    }
  g_string_append_c (writer->text, '"');
}

void
kc_csv_writer_add_text (KcCsvWriter *writer,
                        const char  *text)
{
  g_return_if_fail (writer != NULL);

  begin_cell (writer);
  if (text == NULL)
    return;
  append_field (writer, kc_csv_needs_neutralising (text) ? "'" : NULL, text);
}

void
kc_csv_writer_add_number (KcCsvWriter *writer,
                          double       value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (writer != NULL);

  begin_cell (writer);
  if (!isfinite (value))
    return;

  /* The shortest of 15 or 17 digits that reads back as the same double:
   * 128.7 stays "128.7", not "128.69999999999999". */
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (writer->text, buf);
}

void
kc_csv_writer_add_cell (KcCsvWriter *writer,
                        const char  *text)
{
  g_return_if_fail (writer != NULL);

  if (kc_csv_is_plain_number (text))
    {
      begin_cell (writer);
      g_string_append (writer->text, text);
    }
  else
    kc_csv_writer_add_text (writer, text);
}

void
kc_csv_writer_end_row (KcCsvWriter *writer)
{
  g_return_if_fail (writer != NULL);

  g_string_append (writer->text, "\r\n");
  writer->row_empty = TRUE;

  if (writer->text->len >= FLUSH_BYTES)
    flush_text (writer);
}

void
kc_csv_writer_add_row (KcCsvWriter        *writer,
                       const char * const *cells)
{
  g_return_if_fail (writer != NULL);

  for (guint i = 0; cells != NULL && cells[i] != NULL; i++)
    kc_csv_writer_add_cell (writer, cells[i]);
  kc_csv_writer_end_row (writer);
}

GBytes *
kc_csv_writer_finish (KcCsvWriter  *writer,
                      GError      **error)
{
  GBytes *bytes = NULL;

  g_return_val_if_fail (writer != NULL, NULL);

  /* A row without its line end is still a row. */
  if (!writer->row_empty)
    kc_csv_writer_end_row (writer);

  flush_text (writer);
  if (writer->error != NULL)
    g_propagate_error (error, g_steal_pointer (&writer->error));
  else if (writer->file == NULL)
    bytes = g_byte_array_free_to_bytes (g_steal_pointer (&writer->out));
  else if (kc_atomic_file_commit (writer->file, error))
    bytes = g_bytes_new (NULL, 0);

  kc_csv_writer_free (writer);

  return bytes;
}
