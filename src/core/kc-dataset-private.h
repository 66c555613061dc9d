/* kc-dataset-private.h
 * The dataset's instance struct, shared by kc-dataset.c and the loader. */
#pragma once

#include "kc-dataset.h"

G_BEGIN_DECLS

struct _KcDataset
{
  GObject         parent_instance;

  char           *title;
  char           *title_zh;    /* the title in each language, where the dataset has both */
  char           *title_en;
  GPtrArray      *indicators;     /* KcIndicator*, owned */
  GHashTable     *indicator_keys; /* id, name, name_en → KcIndicator* */
  GPtrArray      *series;         /* KcSeries*, owned, in load order */
  GHashTable     *series_by_key;  /* "indicator\x1fregion" → KcSeries* */
  GHashTable     *series_by_indicator; /* KcIndicator* → GPtrArray of KcSeries* */
  guint64         n_observations;
  KcEntityTable  *entities;       /* NULL when no entities were loaded */
  GPtrArray      *charts;         /* KcChartDef*, owned */
  GPtrArray      *auto_charts;    /* KcChartDef*, owned; used when charts is empty */
  GArray         *files;          /* KcFileInfo */
  KcProblemList  *problems;
  GStringChunk   *strings;        /* notes, sources, regions, file names */
  GPtrArray      *part_strings;   /* GStringChunk* kept from loader parts */
};

KcDataset   *_kc_dataset_new              (void);
KcIndicator *_kc_dataset_add_indicator    (KcDataset   *self,
                                           KcIndicator *indicator);
KcSeries    *_kc_dataset_ensure_series    (KcDataset         *self,
                                           const KcIndicator *indicator,
                                           const char        *region);
void         _kc_dataset_add_chart        (KcDataset   *self,
                                           KcChartDef  *chart);
void         _kc_dataset_make_auto_charts (KcDataset *self);
/* Sorts the points by period, stably, unless they are in order. */
void         _kc_dataset_sort_series      (KcSeries    *series);
void         kc_indicator_free            (KcIndicator *indicator);
void         kc_chart_def_free            (KcChartDef  *chart);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KcChartDef, kc_chart_def_free)

G_END_DECLS
