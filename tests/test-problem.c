/* test-problem.c
 * Problem codes, formatting, and the bounded problem list. */
#include "config.h"

#include "kc-problem.h"

static void
test_codes_round_trip (void)
{
  for (guint i = 0; i < KC_N_PROBLEM_CODES; i++)
    {
      KcProblemCode code;
      const char *name = kc_problem_code_to_string (i);

      g_assert_nonnull (name);
      g_assert_true (kc_problem_code_from_string (name, &code));
      g_assert_cmpint (code, ==, i);
    }

  g_assert_false (kc_problem_code_from_string ("no-such-code", NULL));
}

static void
test_format (void)
{
  g_autoptr(KcProblem) p = kc_problem_new ("a.csv", 12, 3, KC_PROBLEM_BAD_VALUE,
                                           KC_SEVERITY_ERROR, "“x” is not a number");
  g_autoptr(KcProblem) whole = kc_problem_new ("b.csv", 0, 0, KC_PROBLEM_EMPTY_FILE,
                                               KC_SEVERITY_ERROR, "empty");
  g_autoptr(KcProblem) warning = kc_problem_new ("c.csv", 2, 4, KC_PROBLEM_DANGLING_REFERENCE,
                                                 KC_SEVERITY_WARNING, "Partner “zz” is not an id");
  g_autofree char *s = kc_problem_format (p);
  g_autofree char *w = kc_problem_format (whole);
  g_autofree char *x = kc_problem_format (warning);

  g_assert_cmpstr (s, ==, "a.csv:12:3: bad-value: “x” is not a number");
  g_assert_cmpstr (w, ==, "b.csv: empty-file: empty");
  /* A warning says so, where the CLI and the problems panel's Copy show it. */
  g_assert_cmpstr (x, ==, "c.csv:2:4: dangling-reference: warning: Partner “zz” is not an id");
}

static void
test_list_limit_and_merge (void)
{
  g_autoptr(KcProblemList) list = kc_problem_list_new (3);
  g_autoptr(KcProblemList) part = kc_problem_list_new (10);
  g_autoptr(KcProblemList) roomy = kc_problem_list_new (10);
  g_autoptr(KcProblemList) part2 = kc_problem_list_new (10);

  for (guint i = 1; i <= 5; i++)
    kc_problem_list_add (list, "f.csv", i, 1, KC_PROBLEM_BAD_VALUE,
                         KC_SEVERITY_ERROR, "bad %u", i);

  g_assert_cmpuint (kc_problem_list_get_n (list), ==, 3);
  g_assert_cmpuint (kc_problem_list_get_total (list), ==, 5);
  g_assert_cmpuint (kc_problem_list_count_errors (list), ==, 5);

  kc_problem_list_add (part, "f.csv", 2, 0, KC_PROBLEM_RAGGED_ROW,
                       KC_SEVERITY_WARNING, "ragged");
  kc_problem_list_merge (list, part, 100);
  g_assert_cmpuint (kc_problem_list_get_n (part), ==, 0);
  g_assert_cmpuint (kc_problem_list_get_total (list), ==, 6);
  g_assert_cmpuint (kc_problem_list_count_errors (list), ==, 5);
  g_assert_cmpuint (kc_problem_list_get_n (list), ==, 3);

  kc_problem_list_add (roomy, "g.csv", 9, 1, KC_PROBLEM_BAD_VALUE, KC_SEVERITY_ERROR, "x");
  kc_problem_list_add (part2, "g.csv", 2, 2, KC_PROBLEM_BAD_PERIOD, KC_SEVERITY_ERROR, "y");
  kc_problem_list_merge (roomy, part2, 5);
  kc_problem_list_sort (roomy);
  g_assert_cmpuint (kc_problem_list_get (roomy, 0)->line, ==, 7);
  g_assert_cmpuint (kc_problem_list_get (roomy, 1)->line, ==, 9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/problem/codes", test_codes_round_trip);
  g_test_add_func ("/problem/format", test_format);
  g_test_add_func ("/problem/list", test_list_limit_and_merge);

  return g_test_run ();
}
