/* kc-loader.c
 * Reads CSV files into a dataset: recognises each file's role from its
 * header, parses rows in parallel parts, then merges them in file order. */
#define G_LOG_DOMAIN "kc-loader"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib/gstdio.h>
#include <math.h>

#include "kc-csv-reader.h"
#include "kc-dataset-private.h"
#include "kc-loader.h"
#include "kc-unit.h"
#include "kc-value.h"

#define MAX_PARTS 8
#define PROBLEM_LIMIT 1000

/* Columns of the roles other than entities (whose columns the entity table
 * maps itself). */
typedef enum
{
  COL_INDICATOR,
  COL_PERIOD,
  COL_VALUE,
  COL_REGION,
  COL_UNIT,
  COL_NOTE,
  COL_SOURCE,
  COL_ID,
  COL_NAME,
  COL_NAME_EN,
  COL_KIND,
  COL_CATEGORY,
  COL_DESCRIPTION,
  COL_TARGET,
  COL_TARGET_PERIOD,
  COL_TITLE,
  COL_TITLE_EN,
  COL_TYPE,
  COL_INDICATORS,
  COL_REGIONS,
  COL_FROM,
  COL_TO,
  N_COLS
} Column;

/* Normalised header spellings (lower case, no spaces, '_' or '-'). */
static const char *const column_aliases[N_COLS][8] = {
  [COL_INDICATOR] = { "indicator", "指标", "指标名称", "指标名", NULL },
  [COL_PERIOD] = { "period", "时间", "期间", "时期", "统计时间", "统计期", "日期", NULL },
  [COL_VALUE] = { "value", "数值", "值", "数据", "指标值", NULL },
  [COL_REGION] = { "region", "地区", "区域", "地区名称", "行政区", NULL },
  [COL_UNIT] = { "unit", "单位", "计量单位", NULL },
  [COL_NOTE] = { "note", "notes", "备注", "注", "附注", NULL },
  [COL_SOURCE] = { "source", "来源", "数据来源", "出处", NULL },
  [COL_ID] = { "id", "编号", "代码", "指标代码", "标识", NULL },
  [COL_NAME] = { "name", "名称", "指标名称", "中文名称", NULL },
  [COL_NAME_EN] = { "nameen", "englishname", "英文名称", "英文名", NULL },
  [COL_KIND] = { "kind", "类型", "指标类型", NULL },
  [COL_CATEGORY] = { "category", "分类", "类别", "门类", NULL },
  [COL_DESCRIPTION] = { "description", "描述", "说明", "定义", "简介", NULL },
  [COL_TARGET] = { "target", "目标", "目标值", NULL },
  [COL_TARGET_PERIOD] = { "targetperiod", "目标期", "目标时间", "目标年份", NULL },
  [COL_TITLE] = { "title", "标题", "图表标题", NULL },
  [COL_TITLE_EN] = { "titleen", "englishtitle", "英文标题", NULL },
  [COL_TYPE] = { "type", "charttype", "图表类型", "类型", NULL },
  [COL_INDICATORS] = { "indicators", "指标", "指标列表", NULL },
  [COL_REGIONS] = { "regions", "地区", "地区列表", NULL },
  [COL_FROM] = { "from", "起", "开始", "起始", NULL },
  [COL_TO] = { "to", "止", "结束", "截止", NULL },
};

typedef struct
{
  char          *display;     /* as shown in problems */
  char          *path;        /* local file, or NULL */
  GBytes        *bytes;       /* resource contents, or NULL */
  guint64        size;
  KcCsvFormat    format;
  KcFileRole     role;
  int            columns[N_COLS]; /* CSV column of each known column, or -1 */
  KcPeriod      *wide_periods;    /* wide tables: period of each column */
  gboolean      *wide_is_period;
  KcProblemList *problems;
  guint64        rows;
  guint64        values;        /* observations files: points read */
  gboolean       readable;
} LoadFile;

/* Consecutive points of one indicator, region, unit and value column: a
 * long series is one run, which the merge copies at once. */
typedef struct
{
  const char *indicator;
  const char *region;
  const char *unit;
  guint       value_column;  /* 1-based, for problems */
  guint       start;         /* index of its first point in the part */
  guint       n;
  gboolean    increasing;    /* each point's period later than the one before */
} ObservationRun;

/* The last string a column gave: rows repeat their indicator, region and
 * unit, and a compare is cheaper than a hash. */
typedef struct
{
  const char *text;
  gsize       len;
} LastString;

enum { LAST_INDICATOR, LAST_REGION, LAST_UNIT, LAST_NOTE, LAST_SOURCE, N_LAST };

/* What one part of an observations file reads: the points as the dataset
 * keeps them, so that the merge copies them (or takes the whole array)
 * instead of building them a second time. */
typedef struct
{
  LoadFile     *file;
  const char   *file_name;    /* interned in the dataset, for the points */
  GArray       *points;       /* KcObservation, lines relative to the part
                               * until merged; len is the room allocated */
  guint         n_points;     /* points filled */
  guint64       n_records;    /* rows with an indicator */
  GArray       *runs;         /* ObservationRun */
  guint64       last_key;     /* the period of the last point, as a sort key */
  guint64       line_offset;  /* lines of the file before the part */
  GStringChunk *strings;
  LastString    last[N_LAST];
} ObservationPart;

typedef struct
{
  LoadFile  *file;
  GPtrArray *rows;         /* GStrv, the record's fields */
  GArray    *lines;        /* guint64 */
} TablePart;

typedef struct
{
  KcLoadFlags         flags;
  KcLoadProgressFunc  progress;
  gpointer            progress_data;
  guint64             bytes_before;
  guint64             bytes_total;
  GCancellable       *cancellable;
  KcDataset          *dataset;
  GPtrArray          *files;          /* LoadFile* */
  GPtrArray          *observations;   /* ObservationPart*, in file order */
  GPtrArray          *catalogues;     /* TablePart* */
  GPtrArray          *charts;         /* TablePart* */
} Loader;

static void
load_file_free (LoadFile *file)
{
  g_free (file->display);
  g_free (file->path);
  g_clear_pointer (&file->bytes, g_bytes_unref);
  kc_csv_format_clear (&file->format);
  g_free (file->wide_periods);
  g_free (file->wide_is_period);
  g_clear_pointer (&file->problems, kc_problem_list_free);
  g_free (file);
}

static void
observation_part_free (ObservationPart *part)
{
  g_clear_pointer (&part->points, g_array_unref);
  g_array_unref (part->runs);
  if (part->strings != NULL)
    g_string_chunk_free (part->strings);
  g_free (part);
}

static void
table_part_free (TablePart *part)
{
  g_ptr_array_unref (part->rows);
  g_array_unref (part->lines);
  g_free (part);
}

static char *
normalise_header (const char *header)
{
  GString *out = g_string_sized_new (strlen (header));

  for (const char *p = header; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == '_' || c == '-' || c == 0x3000 || c == '\t' || c == 0xFEFF)
        continue;
      if (c >= 0xFF01 && c <= 0xFF5E)
        c -= 0xFEE0;
      g_string_append_unichar (out, g_unichar_tolower (c));
    }

  return g_string_free (out, FALSE);
}

static gboolean
header_is (const char *normalised,
           Column      column)
{
  for (guint i = 0; column_aliases[column][i] != NULL; i++)
    if (g_str_equal (normalised, column_aliases[column][i]))
      return TRUE;

  return FALSE;
}

/* Fills file->columns for the columns in @wanted, first match wins. */
static void
map_columns (LoadFile     *file,
             char        **normalised,
             const Column *wanted,
             guint         n_wanted)
{
  for (guint c = 0; c < N_COLS; c++)
    file->columns[c] = -1;

  for (guint w = 0; w < n_wanted; w++)
    {
      for (guint i = 0; normalised[i] != NULL; i++)
        {
          gboolean taken = FALSE;

          for (guint v = 0; v < w; v++)
            if (file->columns[wanted[v]] == (int) i)
              taken = TRUE;

          if (!taken && header_is (normalised[i], wanted[w]))
            {
              file->columns[wanted[w]] = i;
              break;
            }
        }
    }
}

static gboolean
has_column (char   **normalised,
            Column   column)
{
  for (guint i = 0; normalised[i] != NULL; i++)
    if (header_is (normalised[i], column))
      return TRUE;

  return FALSE;
}

static guint
count_entity_only_columns (char **header)
{
  guint n = 0;

  for (guint i = 0; header[i] != NULL; i++)
    {
      switch (kc_entity_field_from_header (header[i]))
        {
        case KC_ENTITY_FIELD_ALIAS:
        case KC_ENTITY_FIELD_LEVEL:
        case KC_ENTITY_FIELD_INDUSTRY:
        case KC_ENTITY_FIELD_TOWN:
        case KC_ENTITY_FIELD_YEAR:
        case KC_ENTITY_FIELD_PARTNERS:
          n++;
          break;
        default:
          break;
        }
    }

  return n;
}

static guint
count_catalogue_only_columns (char **normalised)
{
  static const Column only[] = { COL_UNIT, COL_CATEGORY, COL_TARGET, COL_TARGET_PERIOD };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (only); i++)
    if (has_column (normalised, only[i]))
      n++;

  return n;
}

static gboolean
detect_wide (LoadFile  *file,
             char     **normalised)
{
  guint n = file->format.n_columns;
  guint periods = 0;

  if (n < 2 || !header_is (normalised[0], COL_INDICATOR))
    return FALSE;

  file->wide_periods = g_new0 (KcPeriod, n);
  file->wide_is_period = g_new0 (gboolean, n);

  for (guint i = 1; i < n; i++)
    {
      const char *h = file->format.header[i];

      if (kc_period_parse (h, -1, &file->wide_periods[i]))
        {
          file->wide_is_period[i] = TRUE;
          periods++;
        }
    }

  return periods > 0;
}

/* A wide table reads only its period columns and the known ones; any other
 * column would drop its cells without a word, so each is reported once. */
static void
report_ignored_wide_columns (LoadFile *file)
{
  for (guint i = 1; i < file->format.n_columns; i++)
    {
      const char *header = file->format.header[i];
      const char *why;
      gboolean known = file->wide_is_period[i];

      for (guint c = 0; c < N_COLS && !known; c++)
        known = file->columns[c] == (int) i;
      if (known)
        continue;

      why = kc_period_explain_invalid (header, -1);
      if (*header == '\0')
        kc_problem_list_add (file->problems, file->display, file->format.header_line, i + 1,
                             KC_PROBLEM_BAD_PERIOD, KC_SEVERITY_WARNING,
                             _("This column has no header, so its cells are left out"));
      else
        kc_problem_list_add (file->problems, file->display, file->format.header_line, i + 1,
                             KC_PROBLEM_BAD_PERIOD, KC_SEVERITY_WARNING,
                             /* TRANSLATORS: the second %s is a sentence saying what is wrong */
                             _("The column “%s” is neither a period nor unit, region, note or "
                               "source, so its cells are left out. %s"),
                             header, why != NULL ? why : "");
    }
}

static char *
describe_header (char **header)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; header[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "“%s”", header[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Decides the role from the header alone (DESIGN.md, "Data files"). */
static void
detect_role (LoadFile *file)
{
  g_auto(GStrv) normalised = NULL;
  guint n = file->format.n_columns;

  normalised = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    normalised[i] = normalise_header (file->format.header[i]);

  if (has_column (normalised, COL_TITLE) && has_column (normalised, COL_TYPE)
      && has_column (normalised, COL_INDICATORS) && has_column (normalised, COL_ID))
    {
      static const Column wanted[] = { COL_ID, COL_TITLE, COL_TITLE_EN, COL_TYPE, COL_INDICATORS,
                                       COL_REGIONS, COL_FROM, COL_TO, COL_NOTE };

      file->role = KC_FILE_ROLE_CHARTS;
      map_columns (file, normalised, wanted, G_N_ELEMENTS (wanted));
      return;
    }

  if (has_column (normalised, COL_INDICATOR) && has_column (normalised, COL_PERIOD)
      && has_column (normalised, COL_VALUE))
    {
      static const Column wanted[] = { COL_INDICATOR, COL_PERIOD, COL_VALUE, COL_REGION,
                                       COL_UNIT, COL_NOTE, COL_SOURCE };

      file->role = KC_FILE_ROLE_OBSERVATIONS;
      map_columns (file, normalised, wanted, G_N_ELEMENTS (wanted));
      return;
    }

  if (detect_wide (file, normalised))
    {
      static const Column wanted[] = { COL_INDICATOR, COL_UNIT, COL_REGION, COL_NOTE, COL_SOURCE };

      file->role = KC_FILE_ROLE_WIDE;
      map_columns (file, normalised, wanted, G_N_ELEMENTS (wanted));
      file->columns[COL_INDICATOR] = 0;
      report_ignored_wide_columns (file);
      return;
    }

  if (has_column (normalised, COL_ID) && has_column (normalised, COL_NAME))
    {
      guint entity_score = count_entity_only_columns (file->format.header);
      guint catalogue_score = count_catalogue_only_columns (normalised);

      if (entity_score > catalogue_score
          || (entity_score == catalogue_score && has_column (normalised, COL_KIND)))
        {
          file->role = KC_FILE_ROLE_ENTITIES;
        }
      else
        {
          static const Column wanted[] = { COL_ID, COL_NAME, COL_NAME_EN, COL_UNIT, COL_KIND,
                                           COL_CATEGORY, COL_DESCRIPTION, COL_SOURCE,
                                           COL_TARGET, COL_TARGET_PERIOD };

          file->role = KC_FILE_ROLE_CATALOGUE;
          map_columns (file, normalised, wanted, G_N_ELEMENTS (wanted));
        }
      return;
    }

  file->role = KC_FILE_ROLE_UNKNOWN;
  {
    g_autofree char *found = describe_header (file->format.header);

    kc_problem_list_add (file->problems, file->display, file->format.header_line, 0,
                         KC_PROBLEM_UNKNOWN_ROLE, KC_SEVERITY_ERROR,
                         _("The header %s fits no kind of data file. Observations need "
                           "indicator, period and value; a wide table needs indicator "
                           "followed by periods; an indicator catalogue needs id and name; "
                           "entities need id, name and kind; charts need id, title, type "
                           "and indicators."),
                         found);
  }
}

/* @text, @len bytes, interned in the part; NUL-terminated at @len when
 * @terminated (a split field), otherwise copied first (a cell of a line). */
static const char *
part_string (ObservationPart *part,
             guint            slot,
             const char      *text,
             gsize            len,
             gboolean         terminated)
{
  LastString *last = &part->last[slot];

  if (text == NULL || len == 0)
    return NULL;

  if (last->text != NULL && last->len == len && memcmp (last->text, text, len) == 0)
    return last->text;

  if (terminated)
    {
      last->text = g_string_chunk_insert_const (part->strings, text);
    }
  else
    {
      g_autofree char *copy = g_strndup (text, len);

      last->text = g_string_chunk_insert_const (part->strings, copy);
    }
  last->len = len;

  return last->text;
}

static const char *
field_at (const KcCsvRecord *record,
          int                column)
{
  if (column < 0 || (guint) column >= record->n_fields)
    return NULL;

  return record->fields[column];
}

static gsize
field_len (const KcCsvRecord *record,
           int                column)
{
  if (column < 0 || (guint) column >= record->n_fields)
    return 0;

  return record->lengths[column];
}

/* The string of @column, through part_string(). */
static const char *
part_field (ObservationPart   *part,
            guint              slot,
            const KcCsvRecord *record,
            int                column)
{
  return part_string (part, slot, field_at (record, column), field_len (record, column), TRUE);
}

/* A new point at the end of the part, in the run its strings and column
 * make; the caller fills in its period and value. */
static KcObservation *
part_add_point (ObservationPart *part,
                const char      *indicator,
                const char      *region,
                const char      *unit,
                guint            value_column,
                const KcPeriod  *period)
{
  ObservationRun *run = part->runs->len > 0
                        ? &g_array_index (part->runs, ObservationRun, part->runs->len - 1) : NULL;
  guint64 key = kc_period_sort_key (period);
  KcObservation *point;

  if (run == NULL || run->indicator != indicator || run->region != region || run->unit != unit
      || run->value_column != value_column)
    {
      ObservationRun next = { indicator, region, unit, value_column, part->n_points, 0, TRUE };

      g_array_append_val (part->runs, next);
      run = &g_array_index (part->runs, ObservationRun, part->runs->len - 1);
    }
  else if (key <= part->last_key)
    {
      run->increasing = FALSE;
    }
  part->last_key = key;
  run->n++;

  /* The array grows by doubling and is cut to size after the read. */
  if (G_UNLIKELY (part->n_points == part->points->len))
    g_array_set_size (part->points, MAX (1024, part->points->len * 2));
  point = &g_array_index (part->points, KcObservation, part->n_points++);
  point->period = *period;
  point->file = part->file_name;

  return point;
}

/* Parses one value cell into @row; FALSE with a problem when it is bad. */
static gboolean
parse_value_cell (LoadFile          *file,
                  const KcCsvRecord *record,
                  guint              column,
                  double            *value,
                  const char       **row_unit,
                  KcProblemList     *problems)
{
  const char *text = record->fields[column];
  const char *unit = NULL;

  switch (kc_value_parse (text, record->lengths[column], value, &unit))
    {
    case KC_VALUE_OK:
      if (unit != NULL)
        *row_unit = unit;
      return TRUE;

    case KC_VALUE_MISSING:
      *value = NAN;
      return TRUE;

    case KC_VALUE_INVALID:
    default:
      {
        const char *why = kc_value_explain_invalid (text, record->lengths[column]);

        kc_problem_list_add (problems, file->display, record->line, column + 1,
                             KC_PROBLEM_BAD_VALUE, KC_SEVERITY_ERROR,
                             /* TRANSLATORS: the second %s is a sentence saying what is wrong */
                             _("“%s” is not a number. %s"), text,
                             why != NULL ? why
                             /* xgettext:no-c-format */
                             : _("Expected e.g. 1234.5, 1,234.5, 30% or 128.7亿元."));
      }
      return FALSE;
    }
}

static gboolean
on_observation_record (gpointer           part_data,
                       const KcCsvRecord *record,
                       KcProblemList     *problems)
{
  ObservationPart *part = part_data;
  LoadFile *file = part->file;
  int period_column = file->columns[COL_PERIOD];
  const char *indicator = field_at (record, file->columns[COL_INDICATOR]);
  const char *period_text = field_at (record, period_column);
  int value_column = file->columns[COL_VALUE];
  const char *unit;
  KcPeriod period;
  double value;
  KcObservation *point;

  if (indicator == NULL || *indicator == '\0')
    {
      kc_problem_list_add (problems, file->display, record->line,
                           file->columns[COL_INDICATOR] + 1, KC_PROBLEM_MISSING_FIELD,
                           KC_SEVERITY_ERROR, _("The indicator is empty"));
      return TRUE;
    }

  if (period_text == NULL
      || !kc_period_parse (period_text, field_len (record, period_column), &period))
    {
      kc_problem_list_add (problems, file->display, record->line,
                           period_column + 1, KC_PROBLEM_BAD_PERIOD,
                           KC_SEVERITY_ERROR,
                           /* TRANSLATORS: the second %s is a sentence saying what is wrong */
                           _("“%s” is not a period. %s"),
                           period_text != NULL ? period_text : "",
                           period_text != NULL && kc_period_explain_invalid (period_text, -1) != NULL
                           ? kc_period_explain_invalid (period_text, -1)
                           : _("Expected e.g. 2017, 2017-03, 2017-Q1, 2017-H1, 2017-01..02 or 2017年1-2月."));
      return TRUE;
    }

  unit = part_field (part, LAST_UNIT, record, file->columns[COL_UNIT]);
  if ((guint) value_column >= record->n_fields)
    value = NAN;
  else if (!parse_value_cell (file, record, value_column, &value, &unit, problems))
    return TRUE;

  point = part_add_point (part,
                          part_field (part, LAST_INDICATOR, record, file->columns[COL_INDICATOR]),
                          part_field (part, LAST_REGION, record, file->columns[COL_REGION]),
                          unit, value_column + 1, &period);
  point->value = value;
  point->note = part_field (part, LAST_NOTE, record, file->columns[COL_NOTE]);
  point->source = part_field (part, LAST_SOURCE, record, file->columns[COL_SOURCE]);
  point->line = record->line;

  return TRUE;
}

#define MAX_LINE_CELLS 32

/* The cell of @column, or NULL for a column the file does not have. */
static const char *
line_cell (ObservationPart  *part,
           guint             slot,
           const char *const cells[],
           const gsize       lens[],
           int               column)
{
  if (column < 0)
    return NULL;

  return part_string (part, slot, cells[column], lens[column], FALSE);
}

/* The short way for a plain line (a KcCsvLineFunc): cut at the delimiters
 * in place and parsed without copies, as a long series is written. A line
 * that is anything but a clean observation in the header's width goes
 * back to the reader, to be split, trimmed and reported as usual. */
static gboolean
on_observation_line (gpointer       part_data,
                     const char    *text,
                     gsize          len,
                     guint64        line,
                     KcProblemList *problems)
{
  ObservationPart *part = part_data;
  LoadFile *file = part->file;
  guint n_columns = file->format.n_columns;
  int period_column = file->columns[COL_PERIOD];
  int value_column = file->columns[COL_VALUE];
  const char *cells[MAX_LINE_CELLS];
  gsize lens[MAX_LINE_CELLS];
  const char *end = text + len;
  const char *unit = NULL;
  const char *value_unit = NULL;
  guint n = 0;
  KcPeriod period;
  double value;
  KcObservation *point;

  if (n_columns > MAX_LINE_CELLS)
    return FALSE;

  for (const char *p = text;;)
    {
      const char *next = memchr (p, file->format.delimiter, end - p);
      const char *stop = next != NULL ? next : end;
      const guint8 *first = (const guint8 *) p;
      const guint8 *last = (const guint8 *) stop - 1;

      /* Blanks around a cell (and U+3000) are the reader's to trim. */
      if (n == n_columns
          || (stop > p && (*first == ' ' || *first == '\t' || *first == 0xE3
                           || *last == ' ' || *last == '\t' || *last == 0x80)))
        return FALSE;
      cells[n] = p;
      lens[n++] = stop - p;
      if (next == NULL)
        break;
      p = next + 1;
    }

  if (n != n_columns || lens[file->columns[COL_INDICATOR]] == 0
      || !kc_period_parse (cells[period_column], lens[period_column], &period))
    return FALSE;

  switch (kc_value_parse (cells[value_column], lens[value_column], &value, &value_unit))
    {
    case KC_VALUE_OK:
      break;
    case KC_VALUE_MISSING:
      value = NAN;
      break;
    case KC_VALUE_INVALID:
    default:
      return FALSE;
    }

  unit = line_cell (part, LAST_UNIT, cells, lens, file->columns[COL_UNIT]);
  point = part_add_point (part,
                          line_cell (part, LAST_INDICATOR, cells, lens, file->columns[COL_INDICATOR]),
                          line_cell (part, LAST_REGION, cells, lens, file->columns[COL_REGION]),
                          value_unit != NULL ? value_unit : unit, value_column + 1, &period);
  point->value = value;
  point->note = line_cell (part, LAST_NOTE, cells, lens, file->columns[COL_NOTE]);
  point->source = line_cell (part, LAST_SOURCE, cells, lens, file->columns[COL_SOURCE]);
  point->line = line;

  return TRUE;
}

static gboolean
on_wide_record (gpointer           part_data,
                const KcCsvRecord *record,
                KcProblemList     *problems)
{
  ObservationPart *part = part_data;
  LoadFile *file = part->file;
  const char *indicator = field_at (record, 0);
  const char *row_unit;
  const char *region;
  const char *note;
  const char *source;

  if (indicator == NULL || *indicator == '\0')
    {
      kc_problem_list_add (problems, file->display, record->line, 1,
                           KC_PROBLEM_MISSING_FIELD, KC_SEVERITY_ERROR,
                           _("The indicator is empty"));
      return TRUE;
    }

  part->n_records++;
  indicator = part_field (part, LAST_INDICATOR, record, 0);
  row_unit = part_field (part, LAST_UNIT, record, file->columns[COL_UNIT]);
  region = part_field (part, LAST_REGION, record, file->columns[COL_REGION]);
  note = part_field (part, LAST_NOTE, record, file->columns[COL_NOTE]);
  source = part_field (part, LAST_SOURCE, record, file->columns[COL_SOURCE]);

  for (guint i = 1; i < record->n_fields && i < file->format.n_columns; i++)
    {
      const char *unit = row_unit;
      KcObservation *point;
      double value;

      if (!file->wide_is_period[i])
        continue;

      /* An empty cell in a wide table is simply a period without data. */
      if (record->lengths[i] == 0)
        continue;

      if (!parse_value_cell (file, record, i, &value, &unit, problems))
        continue;

      point = part_add_point (part, indicator, region, unit, i + 1, &file->wide_periods[i]);
      point->value = value;
      point->note = note;
      point->source = source;
      point->line = record->line;
    }

  return TRUE;
}

static gboolean
on_table_record (gpointer           part_data,
                 const KcCsvRecord *record,
                 KcProblemList     *problems)
{
  TablePart *part = part_data;
  char **copy = g_new (char *, record->n_fields + 1);
  guint64 line = record->line;

  for (guint i = 0; i < record->n_fields; i++)
    copy[i] = g_strndup (record->fields[i], record->lengths[i]);
  copy[record->n_fields] = NULL;

  g_ptr_array_add (part->rows, copy);
  g_array_append_val (part->lines, line);

  return TRUE;
}

typedef struct
{
  KcEntityBuilder *builder;
  const char      *file;
} EntityPart;

static gboolean
on_entity_record (gpointer           part_data,
                  const KcCsvRecord *record,
                  KcProblemList     *problems)
{
  EntityPart *part = part_data;

  kc_entity_builder_append (part->builder, record->fields, record->lengths, record->n_fields,
                            record->line, part->file, problems);
  return TRUE;
}

static void
on_read_progress (guint64  bytes_done,
                  guint64  bytes_total,
                  gpointer user_data)
{
  Loader *loader = user_data;

  if (loader->progress != NULL)
    loader->progress (loader->bytes_before + bytes_done, loader->bytes_total,
                      loader->progress_data);
}

static guint
read_parts (Loader          *loader,
            LoadFile        *file,
            guint            n_parts,
            gpointer        *parts,
            KcCsvLineFunc    line_func,
            KcCsvRecordFunc  func,
            guint64         *line_offsets)
{
  if (file->bytes != NULL)
    {
      line_offsets[0] = 0;
      return kc_csv_read_bytes (file->bytes, file->display, &file->format, parts[0],
                                func, file->problems);
    }

  return kc_csv_read_lines (file->path, file->display, &file->format, n_parts, parts, line_func,
                            func, on_read_progress, loader, line_offsets, file->problems,
                            loader->cancellable);
}

static guint
choose_parts (LoadFile *file)
{
  /* The reader falls back to one part for small files by itself. */
  if (file->bytes != NULL)
    return 1;

  return CLAMP (g_get_num_processors (), 1, MAX_PARTS);
}

static gboolean
file_rejected (Loader   *loader,
               LoadFile *file)
{
  return !(loader->flags & KC_LOAD_KEEP_GOOD_ROWS)
         && kc_problem_list_count_errors (file->problems) > 0;
}

static gboolean
read_observations (Loader   *loader,
                   LoadFile *file)
{
  ObservationPart *parts[MAX_PARTS] = { NULL };
  guint64 offsets[MAX_PARTS] = { 0 };
  guint n_parts = choose_parts (file);
  /* Interned before the parts start: they only read it. */
  const char *file_name = g_string_chunk_insert_const (loader->dataset->strings, file->display);
  guint used;

  for (guint i = 0; i < n_parts; i++)
    {
      parts[i] = g_new0 (ObservationPart, 1);
      parts[i]->file = file;
      parts[i]->file_name = file_name;
      parts[i]->points = g_array_new (FALSE, FALSE, sizeof (KcObservation));
      parts[i]->runs = g_array_new (FALSE, FALSE, sizeof (ObservationRun));
      parts[i]->strings = g_string_chunk_new (64 * 1024);
    }

  used = read_parts (loader, file, n_parts, (gpointer *) parts,
                     file->role == KC_FILE_ROLE_WIDE ? NULL : on_observation_line,
                     file->role == KC_FILE_ROLE_WIDE ? on_wide_record : on_observation_record,
                     offsets);

  file->rows = 0;
  file->values = 0;
  for (guint i = 0; i < n_parts; i++)
    {
      if (i < used && !g_cancellable_is_cancelled (loader->cancellable))
        {
          g_array_set_size (parts[i]->points, parts[i]->n_points);
          parts[i]->line_offset = offsets[i];
          /* A long table has a value a row; a wide one a row an indicator. */
          file->rows += file->role == KC_FILE_ROLE_WIDE ? parts[i]->n_records : parts[i]->n_points;
          file->values += parts[i]->n_points;
          g_ptr_array_add (loader->observations, parts[i]);
        }
      else
        {
          observation_part_free (parts[i]);
        }
    }

  return used > 0;
}

static gboolean
read_table (Loader    *loader,
            LoadFile  *file,
            GPtrArray *into)
{
  TablePart *part = g_new0 (TablePart, 1);
  guint64 offset = 0;
  gpointer parts[1] = { part };

  part->file = file;
  part->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  part->lines = g_array_new (FALSE, FALSE, sizeof (guint64));

  /* Catalogues and chart lists are small: one part keeps them in order. */
  if (read_parts (loader, file, 1, parts, NULL, on_table_record, &offset) == 0)
    {
      table_part_free (part);
      return FALSE;
    }

  file->rows = part->rows->len;
  g_ptr_array_add (into, part);

  return TRUE;
}

static gboolean
read_entities (Loader   *loader,
               LoadFile *file)
{
  g_autoptr(KcEntitySchema) schema = kc_entity_schema_new (file->format.header,
                                                           file->format.n_columns);
  KcEntityBuilder *builders[MAX_PARTS] = { NULL };
  EntityPart parts[MAX_PARTS];
  gpointer part_data[MAX_PARTS];
  guint64 offsets[MAX_PARTS] = { 0 };
  guint n_parts = choose_parts (file);
  KcEntityTable *table;
  guint used;

  for (guint i = 0; i < n_parts; i++)
    {
      builders[i] = kc_entity_builder_new (schema);
      parts[i].builder = builders[i];
      parts[i].file = file->display;
      part_data[i] = &parts[i];
    }

  used = read_parts (loader, file, n_parts, part_data, NULL, on_entity_record, offsets);
  if (used == 0 || g_cancellable_is_cancelled (loader->cancellable))
    {
      for (guint i = 0; i < n_parts; i++)
        kc_entity_builder_free (builders[i]);
      return FALSE;
    }

  for (guint i = used; i < n_parts; i++)
    g_clear_pointer (&builders[i], kc_entity_builder_free);

  table = kc_entity_table_merge (builders, used, offsets, file->display, file->problems);
  file->rows = kc_entity_table_get_n_rows (table);

  if (file_rejected (loader, file))
    {
      kc_entity_table_unref (table);
      return TRUE;
    }

  if (loader->dataset->entities == NULL)
    {
      loader->dataset->entities = table;
    }
  else
    {
      kc_entity_table_append (loader->dataset->entities, table, file->problems);
      kc_entity_table_unref (table);
    }

  return TRUE;
}

static LoadFile *
load_file_new (const char *display)
{
  LoadFile *file = g_new0 (LoadFile, 1);

  file->display = g_strdup (display);
  file->problems = kc_problem_list_new (PROBLEM_LIMIT);
  for (guint c = 0; c < N_COLS; c++)
    file->columns[c] = -1;

  return file;
}

static gboolean
has_csv_extension (const char *name)
{
  return g_str_has_suffix (name, ".csv") || g_str_has_suffix (name, ".CSV")
         || g_str_has_suffix (name, ".tsv") || g_str_has_suffix (name, ".TSV")
         || g_str_has_suffix (name, ".txt") || g_str_has_suffix (name, ".TXT");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
add_resource_folder (Loader     *loader,
                     const char *resource_dir,
                     const char *display_prefix)
{
  g_auto(GStrv) names = g_resources_enumerate_children (resource_dir, 0, NULL);
  guint n = names != NULL ? g_strv_length (names) : 0;

  if (names != NULL)
    qsort (names, n, sizeof (char *), compare_strings);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *resource = g_build_path ("/", resource_dir, names[i], NULL);
      g_autofree char *display = g_build_filename (display_prefix, names[i], NULL);
      LoadFile *file;

      if (!has_csv_extension (names[i]))
        continue;

      file = load_file_new (display);
      file->bytes = g_resources_lookup_data (resource, 0, NULL);
      file->size = file->bytes != NULL ? g_bytes_get_size (file->bytes) : 0;
      g_ptr_array_add (loader->files, file);
    }
}

static void
add_local_path (Loader     *loader,
                const char *path,
                const char *display)
{
  LoadFile *file = load_file_new (display);
  GStatBuf st;

  file->path = g_strdup (path);
  if (g_stat (path, &st) == 0)
    file->size = st.st_size;
  g_ptr_array_add (loader->files, file);
}

static void
add_input (Loader *loader,
           GFile  *input)
{
  g_autofree char *uri = g_file_get_uri (input);
  g_autofree char *path = g_file_get_path (input);
  g_autofree char *display = g_file_get_parse_name (input);

  if (g_str_has_prefix (uri, "resource://"))
    {
      const char *resource = uri + strlen ("resource://");
      g_autofree char *base = g_path_get_basename (resource);

      if (has_csv_extension (resource))
        {
          LoadFile *file = load_file_new (base);

          file->bytes = g_resources_lookup_data (resource, 0, NULL);
          file->size = file->bytes != NULL ? g_bytes_get_size (file->bytes) : 0;
          g_ptr_array_add (loader->files, file);
        }
      else
        {
          add_resource_folder (loader, resource, base);
        }
      return;
    }

  if (path == NULL)
    {
      LoadFile *file = load_file_new (display);

      kc_problem_list_add (file->problems, display, 0, 0, KC_PROBLEM_IO, KC_SEVERITY_ERROR,
                           _("Only local files can be opened"));
      g_ptr_array_add (loader->files, file);
      return;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (has_csv_extension (name))
          g_ptr_array_add (names, g_strdup (name));

      g_ptr_array_sort (names, compare_strings);

      if (names->len == 0)
        {
          LoadFile *file = load_file_new (display);

          kc_problem_list_add (file->problems, display, 0, 0, KC_PROBLEM_IO,
                               KC_SEVERITY_ERROR, _("The folder has no CSV files"));
          g_ptr_array_add (loader->files, file);
        }

      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);
          g_autofree char *child_display = g_build_filename (display, g_ptr_array_index (names, i), NULL);

          add_local_path (loader, child, child_display);
        }
      return;
    }

  add_local_path (loader, path, display);
}

static KcIndicatorKind
indicator_kind_from_text (const char *text,
                          gboolean   *ok)
{
  static const struct { const char *text; KcIndicatorKind kind; } kinds[] = {
    { "amount", KC_INDICATOR_AMOUNT }, { "金额", KC_INDICATOR_AMOUNT },
    { "总量", KC_INDICATOR_AMOUNT }, { "数额", KC_INDICATOR_AMOUNT },
    { "ratio", KC_INDICATOR_RATIO }, { "比率", KC_INDICATOR_RATIO },
    { "比例", KC_INDICATOR_RATIO }, { "占比", KC_INDICATOR_RATIO },
    { "百分比", KC_INDICATOR_RATIO }, { "count", KC_INDICATOR_COUNT },
    { "数量", KC_INDICATOR_COUNT }, { "计数", KC_INDICATOR_COUNT },
    { "个数", KC_INDICATOR_COUNT }, { "rank", KC_INDICATOR_RANK },
    { "排名", KC_INDICATOR_RANK }, { "名次", KC_INDICATOR_RANK },
  };

  *ok = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strcasecmp (text, kinds[i].text) == 0)
      return kinds[i].kind;

  *ok = FALSE;
  return KC_INDICATOR_AMOUNT;
}

/* An indicator met only in observations: its kind follows from its unit. */
static KcIndicatorKind
indicator_kind_from_unit (const char *unit)
{
  KcUnit parsed;

  if (unit == NULL || !kc_unit_parse (unit, &parsed))
    return KC_INDICATOR_AMOUNT;

  if (g_str_equal (parsed.base, "%") || g_str_equal (parsed.base, "百分点"))
    return KC_INDICATOR_RATIO;
  if (g_str_equal (parsed.base, "元") || g_str_equal (parsed.base, ""))
    return KC_INDICATOR_AMOUNT;

  return KC_INDICATOR_COUNT;
}

static char *
dup_field (char    **fields,
           int       column)
{
  if (column < 0 || (guint) column >= g_strv_length (fields) || fields[column][0] == '\0')
    return NULL;

  return g_strdup (fields[column]);
}

/* The catalogue's indicators are added only once all its rows are read:
 * in strict mode a file with an error contributes nothing. */
static void
merge_catalogue (Loader    *loader,
                 TablePart *part)
{
  LoadFile *file = part->file;
  KcDataset *dataset = loader->dataset;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_indicator_free);
  g_autoptr(GHashTable) pending_ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint r = 0; r < part->rows->len; r++)
    {
      char **fields = g_ptr_array_index (part->rows, r);
      guint64 line = g_array_index (part->lines, guint64, r);
      g_autofree char *id = dup_field (fields, file->columns[COL_ID]);
      g_autofree char *name = dup_field (fields, file->columns[COL_NAME]);
      g_autofree char *kind = dup_field (fields, file->columns[COL_KIND]);
      g_autofree char *target = dup_field (fields, file->columns[COL_TARGET]);
      g_autofree char *target_period = dup_field (fields, file->columns[COL_TARGET_PERIOD]);
      const KcIndicator *existing;
      KcIndicator *indicator;
      gboolean ok;

      if (id == NULL || name == NULL)
        {
          kc_problem_list_add (file->problems, file->display, line,
                               (id == NULL ? file->columns[COL_ID] : file->columns[COL_NAME]) + 1,
                               KC_PROBLEM_MISSING_FIELD, KC_SEVERITY_ERROR,
                               id == NULL ? _("The indicator id is empty")
                                          : _("The indicator name is empty"));
          continue;
        }

      existing = g_hash_table_lookup (pending_ids, id);
      if (existing == NULL)
        existing = kc_dataset_find_indicator (dataset, id);
      if (existing != NULL && g_str_equal (existing->id, id))
        {
          kc_problem_list_add (file->problems, file->display, line, file->columns[COL_ID] + 1,
                               KC_PROBLEM_DUPLICATE_ID, KC_SEVERITY_ERROR,
                               _("The indicator id “%s” is already defined at %s:%" PRIu64),
                               id, existing->file, existing->line);
          continue;
        }

      indicator = g_new0 (KcIndicator, 1);
      indicator->id = g_steal_pointer (&id);
      indicator->name = g_steal_pointer (&name);
      indicator->name_en = dup_field (fields, file->columns[COL_NAME_EN]);
      indicator->unit = dup_field (fields, file->columns[COL_UNIT]);
      indicator->category = dup_field (fields, file->columns[COL_CATEGORY]);
      indicator->description = dup_field (fields, file->columns[COL_DESCRIPTION]);
      indicator->source = dup_field (fields, file->columns[COL_SOURCE]);
      indicator->from_catalogue = TRUE;
      indicator->file = g_strdup (file->display);
      indicator->line = line;
      indicator->target = NAN;

      if (kind != NULL)
        {
          indicator->kind = indicator_kind_from_text (kind, &ok);
          if (!ok)
            kc_problem_list_add (file->problems, file->display, line,
                                 file->columns[COL_KIND] + 1, KC_PROBLEM_BAD_VALUE,
                                 KC_SEVERITY_WARNING,
                                 _("Unknown indicator kind “%s” (expected amount, ratio, count "
                                   "or rank); taken from the unit instead"),
                                 kind);
        }
      if (kind == NULL || !ok)
        indicator->kind = indicator_kind_from_unit (indicator->unit);

      if (target != NULL)
        {
          const char *target_unit = NULL;

          if (kc_value_parse (target, -1, &indicator->target, &target_unit) != KC_VALUE_OK)
            {
              indicator->target = NAN;
              kc_problem_list_add (file->problems, file->display, line,
                                   file->columns[COL_TARGET] + 1, KC_PROBLEM_BAD_VALUE,
                                   KC_SEVERITY_ERROR, _("The target “%s” is not a number"),
                                   target);
            }
        }

      if (target_period != NULL && !kc_period_parse (target_period, -1, &indicator->target_period))
        {
          memset (&indicator->target_period, 0, sizeof indicator->target_period);
          kc_problem_list_add (file->problems, file->display, line,
                               file->columns[COL_TARGET_PERIOD] + 1, KC_PROBLEM_BAD_PERIOD,
                               KC_SEVERITY_ERROR, _("The target period “%s” is not a period"),
                               target_period);
        }

      g_ptr_array_add (pending, indicator);
      g_hash_table_insert (pending_ids, indicator->id, indicator);
    }

  if (file_rejected (loader, file))
    return;

  /* The dataset takes them. */
  g_ptr_array_set_free_func (pending, NULL);
  for (guint i = 0; i < pending->len; i++)
    _kc_dataset_add_indicator (dataset, g_ptr_array_index (pending, i));
}

static const KcIndicator *
indicator_for_observation (Loader               *loader,
                           const ObservationRun *run,
                           guint64               line,
                           LoadFile             *file)
{
  const KcIndicator *found = kc_dataset_find_indicator (loader->dataset, run->indicator);
  KcIndicator *indicator;

  if (found != NULL)
    return found;

  indicator = g_new0 (KcIndicator, 1);
  indicator->id = g_strdup (run->indicator);
  indicator->name = g_strdup (run->indicator);
  indicator->unit = g_strdup (run->unit);
  indicator->kind = indicator_kind_from_unit (run->unit);
  indicator->target = NAN;
  indicator->file = g_strdup (file->display);
  indicator->line = line;

  return _kc_dataset_add_indicator (loader->dataset, indicator);
}

typedef struct
{
  KcObservation       *to;
  const KcObservation *from;
  guint                n;
  guint64              line_offset;
} PointCopy;

static gpointer
copy_points (gpointer data)
{
  const PointCopy *copy = data;

  if (copy->line_offset == 0)
    {
      memcpy (copy->to, copy->from, copy->n * sizeof (KcObservation));
      return NULL;
    }
  for (guint i = 0; i < copy->n; i++)
    {
      copy->to[i] = copy->from[i];
      copy->to[i].line += copy->line_offset;
    }

  return NULL;
}

/* Copies of this many points are split between two threads: the new
 * pages' faults cost more than the copy, and the parts' threads are done. */
#define PARALLEL_COPY_POINTS (256 * 1024)

/* Appends @n points to @points, their lines moved by @line_offset, in one
 * pass over memory that a million points make worth saving. */
static void
append_points (GArray              *points,
               const KcObservation *from,
               guint                n,
               guint64              line_offset)
{
  guint at = points->len;
  KcObservation *to;
  PointCopy halves[2];
  GThread *thread;

  g_array_set_size (points, at + n);
  to = &g_array_index (points, KcObservation, at);
  if (n < PARALLEL_COPY_POINTS || g_get_num_processors () < 2)
    {
      PointCopy all = { to, from, n, line_offset };

      copy_points (&all);
      return;
    }

  halves[0] = (PointCopy) { to, from, n / 2, line_offset };
  halves[1] = (PointCopy) { to + n / 2, from + n / 2, n - n / 2, line_offset };
  thread = g_thread_new ("kc-copy", copy_points, &halves[1]);
  copy_points (&halves[0]);
  g_thread_join (thread);
}

static void
report_unit_mismatch (LoadFile   *file,
                      guint64     line,
                      guint       column,
                      const char *unit,
                      const char *series_unit,
                      const char *indicator_name)
{
  kc_problem_list_add (file->problems, file->display, line, column,
                       KC_PROBLEM_UNIT_MISMATCH, KC_SEVERITY_ERROR,
                       _("The unit “%s” cannot be converted to “%s”, the unit of “%s”"),
                       unit, series_unit, indicator_name);
}

/* In strict mode a file with an error contributes nothing, so the one check
 * that merging makes — each run's unit against its series' — is made
 * first, as merge_observations() would, and reported the same way. */
static void
check_observation_units (Loader          *loader,
                         ObservationPart *part)
{
  LoadFile *file = part->file;
  const KcObservation *points = (const KcObservation *) part->points->data;
  /* "indicator\x1fregion" → the unit its series has or will take */
  g_autoptr(GHashTable) units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint r = 0; r < part->runs->len; r++)
    {
      const ObservationRun *run = &g_array_index (part->runs, ObservationRun, r);
      const char *region = run->region != NULL ? run->region : "";
      const KcIndicator *indicator = kc_dataset_find_indicator (loader->dataset, run->indicator);
      g_autofree char *key = g_strconcat (indicator != NULL ? indicator->id : run->indicator,
                                          "\x1f", region, NULL);
      const char *unit;
      double factor;

      if (!g_hash_table_lookup_extended (units, key, NULL, (gpointer *) &unit))
        {
          const KcSeries *series = indicator != NULL
                                   ? kc_dataset_get_series (loader->dataset, indicator, region)
                                   : NULL;

          unit = series != NULL ? series->unit : indicator != NULL ? indicator->unit : NULL;
          if (unit == NULL)
            unit = run->unit;
          g_hash_table_insert (units, g_steal_pointer (&key), (gpointer) unit);
        }

      if (run->unit == NULL || unit == NULL || g_str_equal (run->unit, unit)
          || kc_unit_conversion (run->unit, unit, &factor))
        continue;

      for (guint i = 0; i < run->n; i++)
        if (!isnan (points[run->start + i].value))
          report_unit_mismatch (file, points[run->start + i].line + part->line_offset,
                                run->value_column, run->unit, unit,
                                indicator != NULL ? indicator->name : run->indicator);
    }
}

/* A run in another unit than its series: each value converted, or the
 * point dropped with a problem when the units do not convert. */
static void
merge_converted_run (LoadFile             *file,
                     KcSeries             *series,
                     const ObservationRun *run,
                     const KcObservation  *points,
                     guint64               line_offset)
{
  double factor = 1;
  gboolean convertible = kc_unit_conversion (run->unit, series->unit, &factor);

  for (guint i = 0; i < run->n; i++)
    {
      KcObservation point = points[i];

      point.line += line_offset;
      if (!isnan (point.value))
        {
          if (!convertible)
            {
              report_unit_mismatch (file, point.line, run->value_column, run->unit,
                                    series->unit, series->indicator->name);
              continue;
            }
          point.value *= factor;
        }
      g_array_append_val (series->points, point);
    }
}

/* Appends the part's runs to their series in file order. Series whose
 * points may be out of order or repeat a period go into @unordered. */
static void
merge_observations (Loader          *loader,
                    ObservationPart *part,
                    GHashTable      *unordered)
{
  LoadFile *file = part->file;
  KcDataset *dataset = loader->dataset;
  KcObservation *points = (KcObservation *) part->points->data;
  guint n_points = part->points->len;
  const char *last_indicator = NULL;
  const char *last_region = NULL;
  KcSeries *series = NULL;

  for (guint r = 0; r < part->runs->len; r++)
    {
      const ObservationRun *run = &g_array_index (part->runs, ObservationRun, r);
      KcObservation *first = points + run->start;
      gboolean ordered = run->increasing;

      /* The part's strings are unique, so equal pointers mean equal text. */
      if (series == NULL || run->indicator != last_indicator || run->region != last_region)
        {
          const KcIndicator *indicator = indicator_for_observation (loader, run,
                                                                    first->line + part->line_offset,
                                                                    file);

          series = _kc_dataset_ensure_series (dataset, indicator,
                                              run->region != NULL ? run->region : "");
          last_indicator = run->indicator;
          last_region = run->region;
        }

      if (series->points->len > 0)
        {
          const KcObservation *end = &g_array_index (series->points, KcObservation,
                                                     series->points->len - 1);

          ordered &= kc_period_sort_key (&first->period) > kc_period_sort_key (&end->period);
        }
      if (!ordered)
        g_hash_table_add (unordered, series);

      if (series->unit == NULL && run->unit != NULL)
        series->unit = g_string_chunk_insert_const (dataset->strings, run->unit);

      if (run->unit != NULL && series->unit != NULL && !g_str_equal (run->unit, series->unit))
        merge_converted_run (file, series, run, first, part->line_offset);
      else if (series->points->len == 0 && run->n == n_points)
        {
          /* The whole part is one series, as a long file is: take its
           * points instead of copying them. */
          for (guint i = 0; part->line_offset != 0 && i < run->n; i++)
            first[i].line += part->line_offset;
          g_array_unref (series->points);
          series->points = g_steal_pointer (&part->points);
        }
      else
        append_points (series->points, first, run->n, part->line_offset);
    }
}

static gboolean
same_value (double a,
            double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);

  return fabs (a - b) <= 1e-9 * MAX (1.0, fabs (a));
}

/* The sort is stable, so of equal periods the first loaded comes first: it
 * is kept, a repeat of the same value is dropped quietly, and a different
 * value is a conflict naming both places. */
static void
report_conflicts (Loader   *loader,
                  KcSeries *series)
{
  KcDataset *dataset = loader->dataset;
  guint kept = 0;

  for (guint i = 0; i < series->points->len; i++)
    {
      KcObservation *point = &g_array_index (series->points, KcObservation, i);
      KcObservation *previous = kept > 0
                                ? &g_array_index (series->points, KcObservation, kept - 1)
                                : NULL;

      if (previous != NULL && kc_period_equal (&previous->period, &point->period))
        {
          if (!same_value (previous->value, point->value))
            {
              g_autofree char *period = kc_period_format (&point->period, KC_PERIOD_STYLE_ISO);

              kc_problem_list_add (dataset->problems, point->file, point->line, 0,
                                   KC_PROBLEM_CONFLICT, KC_SEVERITY_ERROR,
                                   _("“%s” for %s%s%s is %g here but %g at %s:%" PRIu64),
                                   series->indicator->name, period,
                                   *series->region != '\0' ? ", " : "", series->region,
                                   point->value, previous->value, previous->file,
                                   previous->line);
            }
          continue;
        }

      if (kept != i)
        g_array_index (series->points, KcObservation, kept) = *point;
      kept++;
    }

  g_array_set_size (series->points, kept);
}

/* Sorts the series the merge could not vouch for and drops their
 * repeated periods; a series read in order needs neither. */
static void
finish_series (Loader     *loader,
               GHashTable *unordered)
{
  KcDataset *dataset = loader->dataset;

  for (guint s = 0; s < dataset->series->len; s++)
    {
      KcSeries *series = g_ptr_array_index (dataset->series, s);

      if (g_hash_table_contains (unordered, series))
        {
          _kc_dataset_sort_series (series);
          report_conflicts (loader, series);
        }
      dataset->n_observations += series->points->len;
    }
}

/* Splits a list cell at ; , and their full-width forms, and 、. */
static char **
split_list (const char *text)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  const char *start = text;

  if (text == NULL)
    return g_new0 (char *, 1);

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || c == ';' || c == ',' || c == 0xFF1B || c == 0xFF0C || c == 0x3001)
        {
          g_autofree char *item = g_strndup (start, p - start);

          g_strstrip (item);
          if (*item != '\0')
            g_ptr_array_add (out, g_steal_pointer (&item));
          if (c == 0)
            break;
          start = g_utf8_next_char (p);
        }
    }
  g_ptr_array_add (out, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static gboolean
parse_chart_period (LoadFile   *file,
                    char      **fields,
                    Column      column,
                    guint64     line,
                    KcPeriod   *period)
{
  g_autofree char *text = dup_field (fields, file->columns[column]);

  memset (period, 0, sizeof *period);
  if (text == NULL)
    return TRUE;

  if (kc_period_parse (text, -1, period))
    return TRUE;

  kc_problem_list_add (file->problems, file->display, line, file->columns[column] + 1,
                       KC_PROBLEM_BAD_PERIOD, KC_SEVERITY_ERROR,
                       _("“%s” is not a period"), text);
  return FALSE;
}

/* Like the catalogue, the charts of a file are added once all its rows are
 * read, and not at all when strict mode rejects the file. */
static void
merge_charts (Loader    *loader,
              TablePart *part)
{
  LoadFile *file = part->file;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_chart_def_free);
  g_autoptr(GHashTable) pending_ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint r = 0; r < part->rows->len; r++)
    {
      char **fields = g_ptr_array_index (part->rows, r);
      guint64 line = g_array_index (part->lines, guint64, r);
      g_autoptr(KcChartDef) chart = g_new0 (KcChartDef, 1);
      g_autofree char *type = dup_field (fields, file->columns[COL_TYPE]);
      g_autofree char *indicators = dup_field (fields, file->columns[COL_INDICATORS]);
      g_autofree char *regions = dup_field (fields, file->columns[COL_REGIONS]);
      gboolean ok = TRUE;

      chart->id = dup_field (fields, file->columns[COL_ID]);
      chart->title = dup_field (fields, file->columns[COL_TITLE]);
      chart->title_en = dup_field (fields, file->columns[COL_TITLE_EN]);
      chart->note = dup_field (fields, file->columns[COL_NOTE]);
      chart->file = g_strdup (file->display);
      chart->line = line;

      if (chart->id == NULL)
        {
          kc_problem_list_add (file->problems, file->display, line, file->columns[COL_ID] + 1,
                               KC_PROBLEM_MISSING_FIELD, KC_SEVERITY_ERROR,
                               _("The chart id is empty"));
          continue;
        }

      if (g_hash_table_contains (pending_ids, chart->id)
          || kc_dataset_find_chart (loader->dataset, chart->id) != NULL)
        {
          const KcChartDef *other = g_hash_table_lookup (pending_ids, chart->id);

          if (other == NULL)
            other = kc_dataset_find_chart (loader->dataset, chart->id);

          kc_problem_list_add (file->problems, file->display, line, file->columns[COL_ID] + 1,
                               KC_PROBLEM_DUPLICATE_ID, KC_SEVERITY_ERROR,
                               _("The chart id “%s” is already used at %s:%" PRIu64),
                               chart->id, other->file, other->line);
          continue;
        }

      if (type == NULL || !kc_chart_kind_from_string (type, &chart->kind))
        {
          kc_problem_list_add (file->problems, file->display, line, file->columns[COL_TYPE] + 1,
                               KC_PROBLEM_BAD_CHART, KC_SEVERITY_ERROR,
                               _("“%s” is not a chart type (expected kpi, line, column, bar, "
                                 "area, share or ranking)"),
                               type != NULL ? type : "");
          continue;
        }

      chart->indicators = split_list (indicators);
      chart->regions = split_list (regions);

      if (chart->indicators[0] == NULL)
        {
          kc_problem_list_add (file->problems, file->display, line,
                               file->columns[COL_INDICATORS] + 1, KC_PROBLEM_MISSING_FIELD,
                               KC_SEVERITY_ERROR, _("The chart lists no indicators"));
          continue;
        }

      for (guint i = 0; chart->indicators[i] != NULL; i++)
        {
          const KcIndicator *indicator = kc_dataset_find_indicator (loader->dataset,
                                                                    chart->indicators[i]);

          if (indicator == NULL)
            {
              kc_problem_list_add (file->problems, file->display, line,
                                   file->columns[COL_INDICATORS] + 1,
                                   KC_PROBLEM_DANGLING_REFERENCE, KC_SEVERITY_ERROR,
                                   _("The chart refers to the indicator “%s”, which no file defines"),
                                   chart->indicators[i]);
              ok = FALSE;
              continue;
            }

          /* Charts may name an indicator by its name; keep the id. */
          g_free (chart->indicators[i]);
          chart->indicators[i] = g_strdup (indicator->id);
        }

      ok &= parse_chart_period (file, fields, COL_FROM, line, &chart->from);
      ok &= parse_chart_period (file, fields, COL_TO, line, &chart->to);

      if (chart->title == NULL)
        {
          const KcIndicator *first = kc_dataset_find_indicator (loader->dataset,
                                                                chart->indicators[0]);

          chart->title = g_strdup (first != NULL ? first->name : chart->id);
        }

      if (ok)
        {
          g_hash_table_insert (pending_ids, chart->id, chart);
          g_ptr_array_add (pending, g_steal_pointer (&chart));
        }
    }

  if (file_rejected (loader, file))
    return;

  g_ptr_array_set_free_func (pending, NULL);
  for (guint i = 0; i < pending->len; i++)
    _kc_dataset_add_chart (loader->dataset, g_ptr_array_index (pending, i));
}

static void
record_file_info (Loader   *loader,
                  LoadFile *file,
                  gboolean  loaded)
{
  KcFileInfo info = { 0 };
  guint64 errors = kc_problem_list_count_errors (file->problems);

  info.file = g_strdup (file->display);
  info.role = file->role;
  info.encoding = g_strdup (file->readable ? kc_encoding_to_string (file->format.encoding) : "");
  info.delimiter = file->format.delimiter;
  info.rows = file->rows;
  info.values = file->role == KC_FILE_ROLE_WIDE || file->role == KC_FILE_ROLE_OBSERVATIONS
                ? file->values : file->rows;
  info.columns = file->format.n_columns;
  info.errors = errors;
  info.warnings = kc_problem_list_get_total (file->problems) - errors;
  info.loaded = loaded;
  g_array_append_val (loader->dataset->files, info);
}

static gboolean
read_file (Loader   *loader,
           LoadFile *file)
{
  if (kc_problem_list_get_total (file->problems) > 0)
    return TRUE;

  if (file->bytes != NULL)
    file->readable = kc_csv_sniff_bytes (file->bytes, file->display, &file->format,
                                         file->problems);
  else
    file->readable = kc_csv_sniff (file->path, file->display, &file->format,
                                   file->problems, loader->cancellable);

  if (!file->readable)
    return !g_cancellable_is_cancelled (loader->cancellable);

  detect_role (file);

  switch (file->role)
    {
    case KC_FILE_ROLE_OBSERVATIONS:
    case KC_FILE_ROLE_WIDE:
      return read_observations (loader, file);
    case KC_FILE_ROLE_CATALOGUE:
      return read_table (loader, file, loader->catalogues);
    case KC_FILE_ROLE_CHARTS:
      return read_table (loader, file, loader->charts);
    case KC_FILE_ROLE_ENTITIES:
      return read_entities (loader, file);
    case KC_FILE_ROLE_UNKNOWN:
    default:
      return TRUE;
    }
}

static void
loader_clear (Loader *loader)
{
  g_clear_pointer (&loader->files, g_ptr_array_unref);
  g_clear_pointer (&loader->observations, g_ptr_array_unref);
  g_clear_pointer (&loader->catalogues, g_ptr_array_unref);
  g_clear_pointer (&loader->charts, g_ptr_array_unref);
  g_clear_object (&loader->dataset);
}

/* The first input's name, and how many more there are: a dashboard
 * headed by one file's name looked as if it showed only that file. */
static char *
title_for_inputs (GFile **files,
                  guint   n_files)
{
  g_autofree char *first = NULL;

  if (n_files == 0)
    return g_strdup ("");

  first = g_file_get_basename (files[0]);
  if (n_files == 1)
    return g_steal_pointer (&first);
  /* Translators: a dataset's title when several files or folders were
   * opened: the first one's name, then how many others */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more", "%s and %u more", n_files - 1),
                          first, n_files - 1);
}

KcDataset *
kc_dataset_load (GFile              **files,
                 guint                n_files,
                 KcLoadFlags          flags,
                 KcLoadProgressFunc   progress,
                 gpointer             progress_data,
                 GCancellable        *cancellable,
                 GError             **error)
{
  Loader loader = { 0 };
  g_autoptr(GHashTable) unordered = g_hash_table_new (NULL, NULL);

  loader.flags = flags;
  loader.progress = progress;
  loader.progress_data = progress_data;
  loader.cancellable = cancellable;
  loader.dataset = _kc_dataset_new ();
  loader.dataset->title = title_for_inputs (files, n_files);
  loader.files = g_ptr_array_new_with_free_func ((GDestroyNotify) load_file_free);
  loader.observations = g_ptr_array_new_with_free_func ((GDestroyNotify) observation_part_free);
  loader.catalogues = g_ptr_array_new_with_free_func ((GDestroyNotify) table_part_free);
  loader.charts = g_ptr_array_new_with_free_func ((GDestroyNotify) table_part_free);

  for (guint i = 0; i < n_files; i++)
    add_input (&loader, files[i]);

  for (guint i = 0; i < loader.files->len; i++)
    loader.bytes_total += ((LoadFile *) g_ptr_array_index (loader.files, i))->size;

  for (guint i = 0; i < loader.files->len; i++)
    {
      LoadFile *file = g_ptr_array_index (loader.files, i);

      if (!read_file (&loader, file) || g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("Loading was cancelled"));
          loader_clear (&loader);
          return NULL;
        }
      loader.bytes_before += file->size;
    }

  /* Merge in dependency order: indicators before the observations and charts
   * that refer to them. Rejected files contribute nothing. */
  for (guint i = 0; i < loader.catalogues->len; i++)
    {
      TablePart *part = g_ptr_array_index (loader.catalogues, i);

      if (!file_rejected (&loader, part->file))
        merge_catalogue (&loader, part);
    }

  for (guint i = 0; i < loader.observations->len; i++)
    {
      ObservationPart *part = g_ptr_array_index (loader.observations, i);

      if (!(loader.flags & KC_LOAD_KEEP_GOOD_ROWS) && !file_rejected (&loader, part->file))
        check_observation_units (&loader, part);
      if (file_rejected (&loader, part->file))
        continue;

      merge_observations (&loader, part, unordered);
      /* The points keep pointers into the part's strings. */
      g_ptr_array_add (loader.dataset->part_strings, g_steal_pointer (&part->strings));
    }
  finish_series (&loader, unordered);

  for (guint i = 0; i < loader.charts->len; i++)
    {
      TablePart *part = g_ptr_array_index (loader.charts, i);

      if (!file_rejected (&loader, part->file))
        merge_charts (&loader, part);
    }
  _kc_dataset_make_auto_charts (loader.dataset);

  for (guint i = 0; i < loader.files->len; i++)
    {
      LoadFile *file = g_ptr_array_index (loader.files, i);
      gboolean loaded = file->readable && file->role != KC_FILE_ROLE_UNKNOWN
                        && !file_rejected (&loader, file);

      record_file_info (&loader, file, loaded);
      kc_problem_list_merge (loader.dataset->problems, file->problems, 0);
    }
  kc_problem_list_sort (loader.dataset->problems);

  {
    KcDataset *dataset = g_steal_pointer (&loader.dataset);

    loader_clear (&loader);
    return dataset;
  }
}

KcDataset *
kc_dataset_load_bundled (GError **error)
{
  g_autoptr(GFile) folder = g_file_new_for_uri ("resource://" RESOURCE_PATH "/datasets/beilun-2017");
  KcDataset *dataset = kc_dataset_load (&folder, 1, KC_LOAD_DEFAULT, NULL, NULL, NULL, error);

  if (dataset != NULL)
    {
      g_free (dataset->title);
      dataset->title = g_strdup (_("Beilun District, 2017"));
      /* A poster in the other language than the interface's; the same
       * words as the msgid above and its zh_CN translation. */
      dataset->title_zh = g_strdup ("北仑区，2017 年");
      dataset->title_en = g_strdup ("Beilun District, 2017");
    }

  return dataset;
}

gboolean
kc_dataset_is_empty (KcDataset *self)
{
  g_return_val_if_fail (KC_IS_DATASET (self), TRUE);

  for (guint i = 0; i < self->files->len; i++)
    if (g_array_index (self->files, KcFileInfo, i).loaded)
      return FALSE;

  return TRUE;
}

typedef struct
{
  GFile              **files;
  guint                n_files;
  KcLoadFlags          flags;
  KcLoadProgressFunc   progress;
  gpointer             progress_data;
  GMainContext        *context;
  GMutex               mutex;
  guint64              done;
  guint64              total;
  gint64               last_report;
  gboolean             report_pending;
} LoadTaskData;

static void
load_task_data_free (LoadTaskData *data)
{
  for (guint i = 0; i < data->n_files; i++)
    g_object_unref (data->files[i]);
  g_free (data->files);
  g_main_context_unref (data->context);
  g_mutex_clear (&data->mutex);
  g_free (data);
}

static gboolean
report_progress_in_main (gpointer user_data)
{
  GTask *task = user_data;
  LoadTaskData *data = g_task_get_task_data (task);
  guint64 done;
  guint64 total;

  g_mutex_lock (&data->mutex);
  done = data->done;
  total = data->total;
  data->report_pending = FALSE;
  g_mutex_unlock (&data->mutex);

  if (!g_task_get_completed (task))
    data->progress (done, total, data->progress_data);

  return G_SOURCE_REMOVE;
}

static void
on_thread_progress (guint64  bytes_done,
                    guint64  bytes_total,
                    gpointer user_data)
{
  GTask *task = user_data;
  LoadTaskData *data = g_task_get_task_data (task);
  gint64 now = g_get_monotonic_time ();
  gboolean schedule = FALSE;

  g_mutex_lock (&data->mutex);
  data->done = MAX (data->done, bytes_done);
  data->total = bytes_total;
  if (!data->report_pending && now - data->last_report > G_USEC_PER_SEC / 30)
    {
      data->report_pending = TRUE;
      data->last_report = now;
      schedule = TRUE;
    }
  g_mutex_unlock (&data->mutex);

  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, report_progress_in_main, g_object_ref (task), g_object_unref);
      g_source_set_static_name (source, "[kc] load progress");
      g_source_attach (source, data->context);
      g_source_unref (source);
    }
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadTaskData *data = task_data;
  GError *error = NULL;
  KcDataset *dataset;

  dataset = kc_dataset_load (data->files, data->n_files, data->flags,
                             data->progress != NULL ? on_thread_progress : NULL, task,
                             cancellable, &error);

  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, g_object_unref);
}

void
kc_dataset_load_async (GFile              **files,
                       guint                n_files,
                       KcLoadFlags          flags,
                       KcLoadProgressFunc   progress,
                       gpointer             progress_data,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadTaskData *data;

  g_return_if_fail (files != NULL || n_files == 0);

  data = g_new0 (LoadTaskData, 1);
  data->files = g_new (GFile *, MAX (n_files, 1));
  for (guint i = 0; i < n_files; i++)
    data->files[i] = g_object_ref (files[i]);
  data->n_files = n_files;
  data->flags = flags;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_mutex_init (&data->mutex);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kc_dataset_load_async);
  g_task_set_name (task, "[kc] kc_dataset_load_async");
  g_task_set_task_data (task, data, (GDestroyNotify) load_task_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_in_thread);
}

KcDataset *
kc_dataset_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kc_dataset_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
