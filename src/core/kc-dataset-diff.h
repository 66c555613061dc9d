/* kc-dataset-diff.h
 * What changed between two loads of the same files, for the reload toast. */
#pragma once

#include "kc-dataset.h"

G_BEGIN_DECLS

/* Counts of what differs from an old dataset to a new one. Values are
 * matched by indicator id, region and period (a missing value counts as
 * absent); entities by id; indicators by id. The values of an indicator
 * that appears or disappears count as added or removed values too. */
typedef struct
{
  guint64 values_changed;
  guint64 values_added;
  guint64 values_removed;
  guint64 entities_changed;  /* same id, some field differs */
  guint64 entities_added;
  guint64 entities_removed;
  guint   indicators_added;
  guint   indicators_removed;
} KcDatasetDiff;

/* Compares @old_dataset with @new_dataset. Only reads them, so it may run
 * in any thread. Free with kc_dataset_diff_free(). */
KcDatasetDiff *kc_dataset_diff           (KcDataset           *old_dataset,
                                          KcDataset           *new_dataset);
void           kc_dataset_diff_free      (KcDatasetDiff       *diff);
/* TRUE when every count is zero. */
gboolean       kc_dataset_diff_is_empty  (const KcDatasetDiff *diff);
/* One translated line: "3 values changed", "2 values added, 1 removed",
 * "1 indicator added", "No changes". Free with g_free(). */
char          *kc_dataset_diff_describe  (const KcDatasetDiff *diff);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcDatasetDiff, kc_dataset_diff_free)

G_END_DECLS
