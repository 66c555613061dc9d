/* kc-problem.c
 * Problems found while reading data, and a bounded list of them. */
#define G_LOG_DOMAIN "kc-problem"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-problem.h"

struct _KcProblemList
{
  GPtrArray *problems;
  guint      limit;
  guint64    total;
  guint64    errors;
};

static const char *const problem_code_names[KC_N_PROBLEM_CODES] = {
  [KC_PROBLEM_IO] = "io",
  [KC_PROBLEM_EMPTY_FILE] = "empty-file",
  [KC_PROBLEM_BINARY_FILE] = "binary-file",
  [KC_PROBLEM_INVALID_ENCODING] = "invalid-encoding",
  [KC_PROBLEM_EMBEDDED_NUL] = "embedded-nul",
  [KC_PROBLEM_UNTERMINATED_QUOTE] = "unterminated-quote",
  [KC_PROBLEM_RAGGED_ROW] = "ragged-row",
  [KC_PROBLEM_FIELD_TOO_LONG] = "field-too-long",
  [KC_PROBLEM_TOO_MANY_COLUMNS] = "too-many-columns",
  [KC_PROBLEM_HEADER_ONLY] = "header-only",
  [KC_PROBLEM_UNKNOWN_ROLE] = "unknown-role",
  [KC_PROBLEM_MISSING_FIELD] = "missing-field",
  [KC_PROBLEM_DUPLICATE_ID] = "duplicate-id",
  [KC_PROBLEM_BAD_PERIOD] = "bad-period",
  [KC_PROBLEM_BAD_VALUE] = "bad-value",
  [KC_PROBLEM_UNIT_MISMATCH] = "unit-mismatch",
  [KC_PROBLEM_CONFLICT] = "conflict",
  [KC_PROBLEM_DANGLING_REFERENCE] = "dangling-reference",
  [KC_PROBLEM_BAD_CHART] = "bad-chart",
  [KC_PROBLEM_TOO_MANY_PROBLEMS] = "too-many-problems",
  [KC_PROBLEM_CANCELLED] = "cancelled",
};

const char *
kc_problem_code_to_string (KcProblemCode code)
{
  g_return_val_if_fail (code < KC_N_PROBLEM_CODES, "unknown");

  return problem_code_names[code];
}

gboolean
kc_problem_code_from_string (const char    *text,
                             KcProblemCode *code)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < KC_N_PROBLEM_CODES; i++)
    {
      if (g_str_equal (text, problem_code_names[i]))
        {
          if (code != NULL)
            *code = (KcProblemCode) i;
          return TRUE;
        }
    }

  return FALSE;
}

KcProblem *
kc_problem_new (const char    *file,
                guint64        line,
                guint          column,
                KcProblemCode  code,
                KcSeverity     severity,
                const char    *message)
{
  KcProblem *problem = g_new0 (KcProblem, 1);

  problem->file = g_strdup (file);
  problem->line = line;
  problem->column = column;
  problem->code = code;
  problem->severity = severity;
  problem->message = g_strdup (message);

  return problem;
}

KcProblem *
kc_problem_copy (const KcProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return kc_problem_new (problem->file, problem->line, problem->column,
                         problem->code, problem->severity, problem->message);
}

void
kc_problem_free (KcProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->file);
  g_free (problem->message);
  g_free (problem);
}

char *
kc_problem_format (const KcProblem *problem)
{
  GString *out = g_string_new (problem->file != NULL ? problem->file : "");

  if (problem->line > 0)
    {
      g_string_append_printf (out, ":%" G_GUINT64_FORMAT, problem->line);
      if (problem->column > 0)
        g_string_append_printf (out, ":%u", problem->column);
    }

  g_string_append_printf (out, ": %s: ", kc_problem_code_to_string (problem->code));
  /* Only errors fail a check: a warning says so, in the message part so
   * that the line keeps its file:line:col: code: shape. */
  if (problem->severity == KC_SEVERITY_WARNING)
    g_string_append_printf (out, _("warning: %s"), problem->message);
  else
    g_string_append (out, problem->message);

  return g_string_free (out, FALSE);
}

KcProblemList *
kc_problem_list_new (guint limit)
{
  KcProblemList *list = g_new0 (KcProblemList, 1);

  list->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) kc_problem_free);
  list->limit = MAX (limit, 1);

  return list;
}

void
kc_problem_list_free (KcProblemList *list)
{
  if (list == NULL)
    return;

  g_ptr_array_unref (list->problems);
  g_free (list);
}

void
kc_problem_list_take (KcProblemList *list,
                      KcProblem     *problem)
{
  list->total++;
  if (problem->severity == KC_SEVERITY_ERROR)
    list->errors++;

  if (list->problems->len < list->limit)
    g_ptr_array_add (list->problems, problem);
  else
    kc_problem_free (problem);
}

void
kc_problem_list_add (KcProblemList *list,
                     const char    *file,
                     guint64        line,
                     guint          column,
                     KcProblemCode  code,
                     KcSeverity     severity,
                     const char    *format,
                     ...)
{
  KcProblem *problem;
  va_list args;

  g_return_if_fail (list != NULL);

  /* Past the limit only the counters move: formatting a message per row of
   * a file full of errors would cost more than reading it. */
  if (list->problems->len >= list->limit)
    {
      list->total++;
      if (severity == KC_SEVERITY_ERROR)
        list->errors++;
      return;
    }

  problem = kc_problem_new (file, line, column, code, severity, NULL);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  kc_problem_list_take (list, problem);
}

void
kc_problem_list_merge (KcProblemList *list,
                       KcProblemList *from,
                       guint64        line_offset)
{
  guint kept;

  g_return_if_fail (list != NULL);
  g_return_if_fail (from != NULL);

  kept = from->problems->len;

  /* take() counts what it is given; add only what @from saw but dropped. */
  for (guint i = 0; i < kept; i++)
    {
      KcProblem *problem = g_ptr_array_index (from->problems, i);

      if (problem->line > 0)
        problem->line += line_offset;
      if (problem->severity == KC_SEVERITY_ERROR)
        from->errors--;
      from->total--;
      g_ptr_array_index (from->problems, i) = NULL;
      kc_problem_list_take (list, problem);
    }
  g_ptr_array_set_size (from->problems, 0);

  list->total += from->total;
  list->errors += from->errors;
  from->total = 0;
  from->errors = 0;
}

guint
kc_problem_list_get_n (KcProblemList *list)
{
  g_return_val_if_fail (list != NULL, 0);

  return list->problems->len;
}

const KcProblem *
kc_problem_list_get (KcProblemList *list,
                     guint          index)
{
  g_return_val_if_fail (list != NULL, NULL);
  g_return_val_if_fail (index < list->problems->len, NULL);

  return g_ptr_array_index (list->problems, index);
}

guint64
kc_problem_list_get_total (KcProblemList *list)
{
  g_return_val_if_fail (list != NULL, 0);

  return list->total;
}

guint64
kc_problem_list_count_errors (KcProblemList *list)
{
  g_return_val_if_fail (list != NULL, 0);

  return list->errors;
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const KcProblem *pa = *(const KcProblem *const *) a;
  const KcProblem *pb = *(const KcProblem *const *) b;
  int cmp = g_strcmp0 (pa->file, pb->file);

  if (cmp != 0)
    return cmp;
  if (pa->line != pb->line)
    return pa->line < pb->line ? -1 : 1;
  if (pa->column != pb->column)
    return pa->column < pb->column ? -1 : 1;
  return 0;
}

void
kc_problem_list_sort (KcProblemList *list)
{
  g_return_if_fail (list != NULL);

  /* g_ptr_array_sort is a stable merge sort in GLib. */
  g_ptr_array_sort (list->problems, compare_problems);
}
