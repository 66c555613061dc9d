/* kc-problem.h
 * Problems found while reading data: where, what, how bad. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KC_SEVERITY_WARNING,
  KC_SEVERITY_ERROR,
} KcSeverity;

/* Stable codes: their string forms (kc_problem_code_to_string) are part
 * of the command-line output and of the hostile-input manifest, so a code
 * is never renamed or reused. */
typedef enum
{
  KC_PROBLEM_IO,
  KC_PROBLEM_EMPTY_FILE,
  KC_PROBLEM_BINARY_FILE,
  KC_PROBLEM_INVALID_ENCODING,
  KC_PROBLEM_EMBEDDED_NUL,
  KC_PROBLEM_UNTERMINATED_QUOTE,
  KC_PROBLEM_RAGGED_ROW,
  KC_PROBLEM_FIELD_TOO_LONG,
  KC_PROBLEM_TOO_MANY_COLUMNS,
  KC_PROBLEM_HEADER_ONLY,
  KC_PROBLEM_UNKNOWN_ROLE,
  KC_PROBLEM_MISSING_FIELD,
  KC_PROBLEM_DUPLICATE_ID,
  KC_PROBLEM_BAD_PERIOD,
  KC_PROBLEM_BAD_VALUE,
  KC_PROBLEM_UNIT_MISMATCH,
  KC_PROBLEM_CONFLICT,
  KC_PROBLEM_DANGLING_REFERENCE,
  KC_PROBLEM_BAD_CHART,
  KC_PROBLEM_TOO_MANY_PROBLEMS,
  KC_PROBLEM_CANCELLED,
  KC_N_PROBLEM_CODES
} KcProblemCode;

typedef struct
{
  char          *file;     /* path as the user gave it */
  guint64        line;     /* 1-based physical line; 0 = the whole file */
  guint          column;   /* 1-based field number; 0 = the whole line */
  KcProblemCode  code;
  KcSeverity     severity;
  char          *message;  /* translated, one sentence, no location */
} KcProblem;

const char *kc_problem_code_to_string   (KcProblemCode  code);
gboolean    kc_problem_code_from_string (const char    *text,
                                         KcProblemCode *code);

KcProblem  *kc_problem_new              (const char    *file,
                                         guint64        line,
                                         guint          column,
                                         KcProblemCode  code,
                                         KcSeverity     severity,
                                         const char    *message);
KcProblem  *kc_problem_copy             (const KcProblem *problem);
void        kc_problem_free             (KcProblem     *problem);
/* "file:line:col: code: message" with the zeros left out. */
char       *kc_problem_format           (const KcProblem *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcProblem, kc_problem_free)

/* A bounded list of problems: past the limit, problems are counted but not
 * kept (kc_problem_list_get_total() minus get_n() were dropped). Not
 * thread-safe; each loader thread keeps its own and merges. */
typedef struct _KcProblemList KcProblemList;

KcProblemList   *kc_problem_list_new       (guint           limit);
void             kc_problem_list_free      (KcProblemList  *list);
void             kc_problem_list_add       (KcProblemList  *list,
                                            const char     *file,
                                            guint64         line,
                                            guint           column,
                                            KcProblemCode   code,
                                            KcSeverity      severity,
                                            const char     *format,
                                            ...) G_GNUC_PRINTF (7, 8);
void             kc_problem_list_take      (KcProblemList  *list,
                                            KcProblem      *problem);
/* Moves every problem of @from to @list, adding @line_offset to their line
 * numbers (for a file parsed in parts). */
void             kc_problem_list_merge     (KcProblemList  *list,
                                            KcProblemList  *from,
                                            guint64         line_offset);
guint            kc_problem_list_get_n     (KcProblemList  *list);
const KcProblem *kc_problem_list_get       (KcProblemList  *list,
                                            guint           index);
/* Every problem seen, including those past the limit. */
guint64          kc_problem_list_get_total (KcProblemList  *list);
guint64          kc_problem_list_count_errors (KcProblemList *list);
/* Sorts by file, line, column; stable for equal positions. */
void             kc_problem_list_sort      (KcProblemList  *list);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcProblemList, kc_problem_list_free)

G_END_DECLS
