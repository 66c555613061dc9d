/* kc-dataset.h
 * The loaded data: indicators, series, entities, charts and problems. */
#pragma once

#include <gio/gio.h>

#include "kc-entity-table.h"
#include "kc-period.h"
#include "kc-problem.h"

G_BEGIN_DECLS

typedef enum
{
  KC_INDICATOR_AMOUNT,
  KC_INDICATOR_RATIO,
  KC_INDICATOR_COUNT,
  KC_INDICATOR_RANK,
} KcIndicatorKind;

typedef struct
{
  char            *id;
  char            *name;
  char            *name_en;
  char            *unit;          /* interned-free copy; NULL when none */
  KcIndicatorKind  kind;
  char            *category;
  char            *description;
  char            *source;
  double           target;        /* NAN when there is none */
  KcPeriod         target_period; /* year 0 when there is none */
  gboolean         from_catalogue;
  char            *file;          /* where it was defined (or first used) */
  guint64          line;
} KcIndicator;

typedef struct
{
  KcPeriod     period;
  double       value;    /* in the series' unit; NAN = missing */
  const char  *note;     /* interned or NULL */
  const char  *source;   /* interned or NULL */
  const char  *file;     /* interned */
  guint64      line;
} KcObservation;

typedef struct
{
  const KcIndicator *indicator;
  const char        *region;   /* interned; "" when the file gave none */
  const char        *unit;     /* interned; NULL when none */
  GArray            *points;   /* KcObservation, sorted by period */
} KcSeries;

typedef enum
{
  KC_CHART_KIND_KPI,
  KC_CHART_KIND_LINE,
  KC_CHART_KIND_COLUMN,
  KC_CHART_KIND_BAR,
  KC_CHART_KIND_AREA,
  KC_CHART_KIND_SHARE,
  KC_CHART_KIND_RANKING,
  KC_N_CHART_KINDS
} KcChartKind;

const char *kc_chart_kind_to_string   (KcChartKind  kind);
gboolean    kc_chart_kind_from_string (const char  *text,
                                       KcChartKind *kind);

typedef struct
{
  char         *id;
  char         *title;
  char         *title_en;    /* optional English title; NULL when none */
  KcChartKind   kind;
  char        **indicators;  /* ids, NULL-terminated; each resolves */
  char        **regions;     /* NULL-terminated, may be empty */
  KcPeriod      from;        /* year 0 = open */
  KcPeriod      to;
  char         *note;
  char         *file;
  guint64       line;
} KcChartDef;

typedef enum
{
  KC_FILE_ROLE_UNKNOWN,
  KC_FILE_ROLE_OBSERVATIONS,
  KC_FILE_ROLE_WIDE,
  KC_FILE_ROLE_CATALOGUE,
  KC_FILE_ROLE_ENTITIES,
  KC_FILE_ROLE_CHARTS,
} KcFileRole;

const char *kc_file_role_to_string (KcFileRole role);

/* What --check prints for each file. */
typedef struct
{
  char       *file;
  KcFileRole  role;
  char       *encoding;
  char        delimiter;
  guint64     rows;      /* data rows read */
  guint64     values;    /* observations read: one a row of a long table,
                          * one a filled period cell of a wide one; for
                          * other files, as many as rows */
  guint       columns;
  guint64     errors;
  guint64     warnings;
  gboolean    loaded;    /* FALSE when rejected */
} KcFileInfo;

#define KC_TYPE_DATASET (kc_dataset_get_type ())
G_DECLARE_FINAL_TYPE (KcDataset, kc_dataset, KC, DATASET, GObject)

guint               kc_dataset_get_n_indicators  (KcDataset   *self);
const KcIndicator  *kc_dataset_get_indicator     (KcDataset   *self,
                                                  guint        index);
/* By id, then by name or English name. */
const KcIndicator  *kc_dataset_find_indicator    (KcDataset   *self,
                                                  const char  *key);
/* Series of one indicator, in region order; @n_series may be NULL. */
const KcSeries    **kc_dataset_get_series_for    (KcDataset   *self,
                                                  const KcIndicator *indicator,
                                                  guint       *n_series);
const KcSeries     *kc_dataset_get_series        (KcDataset   *self,
                                                  const KcIndicator *indicator,
                                                  const char  *region);
guint               kc_dataset_get_n_series      (KcDataset   *self);
guint64             kc_dataset_get_n_observations (KcDataset  *self);
KcEntityTable      *kc_dataset_get_entities      (KcDataset   *self);
guint               kc_dataset_get_n_charts      (KcDataset   *self);
const KcChartDef   *kc_dataset_get_chart         (KcDataset   *self,
                                                  guint        index);
const KcChartDef   *kc_dataset_find_chart        (KcDataset   *self,
                                                  const char  *id);
/* The charts the dashboard shows: the curated ones from charts.csv, or
 * without them a selection made from the indicators' kinds. */
guint               kc_dataset_get_n_dashboard_charts (KcDataset *self);
const KcChartDef   *kc_dataset_get_dashboard_chart    (KcDataset *self,
                                                       guint      index);
guint               kc_dataset_get_n_files       (KcDataset   *self);
const KcFileInfo   *kc_dataset_get_file          (KcDataset   *self,
                                                  guint        index);
KcProblemList      *kc_dataset_get_problems      (KcDataset   *self);
/* A short name for the dataset: the folder or file name, or the bundled
 * dataset's title. */
const char         *kc_dataset_get_title         (KcDataset   *self);
/* The title in Chinese or in English, for charts and posters in that
 * language: the bundled dataset has both, whatever the interface's; any
 * other dataset has its one title. */
const char         *kc_dataset_get_title_in      (KcDataset   *self,
                                                  gboolean     chinese);

/* The point of @series at @period, or NULL. */
const KcObservation *kc_series_lookup            (const KcSeries *series,
                                                  const KcPeriod *period);
/* The latest point with a value, or NULL. */
const KcObservation *kc_series_get_latest        (const KcSeries *series);

G_END_DECLS
