/* test-dataset-diff.c
 * Comparing two loads of a dataset and describing the difference. */
#include "config.h"

#include <locale.h>

#include "kc-dataset-diff.h"
#include "kc-loader.h"
#include "kc-test-utils.h"

static const char indicators_csv[] =
  "id,name,unit,kind\n"
  "output,产值,亿元,amount\n"
  "rate,产值率,%,ratio\n"
  "patents,专利,件,count\n";

static const char observations_csv[] =
  "indicator,region,period,value\n"
  "output,北仑区,2015,100\n"
  "output,北仑区,2016,110\n"
  "output,北仑区,2017,120\n"
  "rate,北仑区,2016,28.5\n"
  "rate,北仑区,2017,30\n"
  "patents,北仑区,2017,3251\n";

static const char entities_csv[] =
  "id,name,kind,town,partners,website\n"
  "smic,中芯集团,enterprise,小港,,smic.example\n"
  "geely,吉利汽车,enterprise,新碶,smic,\n"
  "lab,创新实验室,platform,大碶,geely,\n";

static KcDataset *
load_folder (const char *dir,
             const char *indicators,
             const char *observations,
             const char *entities)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = kc_test_write_file (dir, "indicators.csv", indicators, -1);
  g_autofree char *b = kc_test_write_file (dir, "observations.csv", observations, -1);
  g_autofree char *c = kc_test_write_file (dir, "entities.csv", entities, -1);
  KcDataset *dataset;

  dataset = kc_dataset_load (&folder, 1, KC_LOAD_KEEP_GOOD_ROWS, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  g_assert_false (kc_dataset_is_empty (dataset));
  g_assert_cmpuint (kc_problem_list_count_errors (kc_dataset_get_problems (dataset)), ==, 0);

  return dataset;
}

/* Loads the base files and a variant in two folders and compares them. */
static KcDatasetDiff *
diff_variant (const char *indicators,
              const char *observations,
              const char *entities)
{
  g_autofree char *dir_a = kc_test_make_tmpdir ();
  g_autofree char *dir_b = kc_test_make_tmpdir ();
  g_autoptr(KcDataset) old_dataset = load_folder (dir_a, indicators_csv, observations_csv, entities_csv);
  g_autoptr(KcDataset) new_dataset = load_folder (dir_b, indicators, observations, entities);
  KcDatasetDiff *diff = kc_dataset_diff (old_dataset, new_dataset);

  kc_test_remove_tree (dir_a);
  kc_test_remove_tree (dir_b);

  return diff;
}

static void
assert_description (const KcDatasetDiff *diff,
                    const char          *expected)
{
  g_autofree char *text = kc_dataset_diff_describe (diff);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_diff_same (void)
{
  g_autoptr(KcDatasetDiff) diff = diff_variant (indicators_csv, observations_csv, entities_csv);

  g_assert_true (kc_dataset_diff_is_empty (diff));
  assert_description (diff, "No changes");
}

static void
test_diff_values (void)
{
  /* 2016 output changed, 2015 output removed, 2018 output added, a rate
   * emptied (removed) and the patents value changed: the rows are also
   * reordered, which is no change. */
  static const char observations[] =
    "indicator,region,period,value\n"
    "patents,北仑区,2017,3300\n"
    "output,北仑区,2017,120\n"
    "output,北仑区,2016,111.5\n"
    "output,北仑区,2018,130\n"
    "rate,北仑区,2016,\n"
    "rate,北仑区,2017,30\n";
  g_autoptr(KcDatasetDiff) diff = diff_variant (indicators_csv, observations, entities_csv);

  g_assert_cmpuint (diff->values_changed, ==, 2);
  g_assert_cmpuint (diff->values_added, ==, 1);
  g_assert_cmpuint (diff->values_removed, ==, 2);
  g_assert_cmpuint (diff->indicators_added, ==, 0);
  g_assert_cmpuint (diff->indicators_removed, ==, 0);
  g_assert_cmpuint (diff->entities_added + diff->entities_removed + diff->entities_changed, ==, 0);
  assert_description (diff, "2 values changed, 1 added, 2 removed");
}

static void
test_diff_regions_and_indicators (void)
{
  /* "patents" is gone (one value), "staff" is new (two values), and the
   * output has a second region (one value). */
  static const char indicators[] =
    "id,name,unit,kind\n"
    "output,产值,亿元,amount\n"
    "rate,产值率,%,ratio\n"
    "staff,人才,人,count\n";
  static const char observations[] =
    "indicator,region,period,value\n"
    "output,北仑区,2015,100\n"
    "output,北仑区,2016,110\n"
    "output,北仑区,2017,120\n"
    "output,镇海区,2017,80\n"
    "rate,北仑区,2016,28.5\n"
    "rate,北仑区,2017,30\n"
    "staff,北仑区,2016,500\n"
    "staff,北仑区,2017,520\n";
  g_autoptr(KcDatasetDiff) diff = diff_variant (indicators, observations, entities_csv);

  g_assert_cmpuint (diff->values_changed, ==, 0);
  g_assert_cmpuint (diff->values_added, ==, 3);
  g_assert_cmpuint (diff->values_removed, ==, 1);
  g_assert_cmpuint (diff->indicators_added, ==, 1);
  g_assert_cmpuint (diff->indicators_removed, ==, 1);
  assert_description (diff, "3 values added, 1 removed; 1 indicator added, 1 removed");
}

static void
test_diff_entities (void)
{
  /* geely's town changed, smic's extra column changed, lab removed, and
   * two rows added; the columns are in another order. */
  static const char entities[] =
    "website,id,kind,name,town,partners\n"
    "smic.example.cn,smic,enterprise,中芯集团,小港,\n"
    ",geely,enterprise,吉利汽车,霞浦,smic\n"
    ",ningbo-u,institute,宁波大学,,\n"
    ",port,enterprise,宁波港,,geely\n";
  g_autoptr(KcDatasetDiff) diff = diff_variant (indicators_csv, observations_csv, entities);

  g_assert_cmpuint (diff->entities_changed, ==, 2);
  g_assert_cmpuint (diff->entities_added, ==, 2);
  g_assert_cmpuint (diff->entities_removed, ==, 1);
  g_assert_cmpuint (diff->values_changed + diff->values_added + diff->values_removed, ==, 0);
  assert_description (diff, "2 directory entries changed, 2 added, 1 removed");
}

static void
test_diff_entity_column_dropped (void)
{
  /* Without the website column, smic lost a value; the others had none. */
  static const char entities[] =
    "id,name,kind,town,partners\n"
    "smic,中芯集团,enterprise,小港,\n"
    "geely,吉利汽车,enterprise,新碶,smic\n"
    "lab,创新实验室,platform,大碶,geely\n";
  g_autoptr(KcDatasetDiff) diff = diff_variant (indicators_csv, observations_csv, entities);

  g_assert_cmpuint (diff->entities_changed, ==, 1);
  g_assert_cmpuint (diff->entities_added, ==, 0);
  g_assert_cmpuint (diff->entities_removed, ==, 0);
}

static void
test_diff_describe (void)
{
  static const struct
  {
    KcDatasetDiff diff;
    const char *text;
  } cases[] = {
    { { .values_changed = 3 }, "3 values changed" },
    { { .values_changed = 1 }, "1 value changed" },
    { { .values_added = 2, .values_removed = 1 }, "2 values added, 1 removed" },
    { { .values_removed = 1 }, "1 value removed" },
    { { .indicators_removed = 2 }, "2 indicators removed" },
    { { .entities_added = 1 }, "1 directory entry added" },
    { { .values_changed = 1, .entities_changed = 1 }, "1 value changed; 1 directory entry changed" },
    { { .values_added = G_GUINT64_CONSTANT (5000000000) }, "5000000000 values added" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_false (kc_dataset_diff_is_empty (&cases[i].diff));
      assert_description (&cases[i].diff, cases[i].text);
    }
}

static void
test_diff_bundled_with_itself (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KcDataset) a = kc_dataset_load_bundled (&error);
  g_autoptr(KcDataset) b = NULL;
  g_autoptr(KcDatasetDiff) diff = NULL;

  g_assert_no_error (error);
  b = kc_dataset_load_bundled (&error);
  g_assert_no_error (error);

  diff = kc_dataset_diff (a, b);
  g_assert_true (kc_dataset_diff_is_empty (diff));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dataset-diff/same", test_diff_same);
  g_test_add_func ("/dataset-diff/values", test_diff_values);
  g_test_add_func ("/dataset-diff/regions-and-indicators", test_diff_regions_and_indicators);
  g_test_add_func ("/dataset-diff/entities", test_diff_entities);
  g_test_add_func ("/dataset-diff/entity-column-dropped", test_diff_entity_column_dropped);
  g_test_add_func ("/dataset-diff/describe", test_diff_describe);
  g_test_add_func ("/dataset-diff/bundled", test_diff_bundled_with_itself);

  return g_test_run ();
}
