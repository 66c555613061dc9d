/* kc-chart-builder.h
 * Turns the dataset's charts and indicators into chart specs. */
#pragma once

#include "kc-chart-spec.h"
#include "kc-dataset.h"

G_BEGIN_DECLS

/* How an indicator's values are shown in the Indicators view. */
typedef enum
{
  KC_CHART_MODE_VALUES,
  KC_CHART_MODE_YEAR_ON_YEAR,    /* changes against a year earlier */
  KC_CHART_MODE_SHARE_OF_TOTAL,  /* each region's share of their sum */
} KcChartMode;

KcChartType  kc_chart_type_for_kind        (KcChartKind         kind);
/* The chart type an indicator gets when nobody chose one: a ratio over
 * time is a line, counts and amounts are columns, a single ratio is a
 * share, a single amount a KPI card. */
KcChartType  kc_chart_type_for_indicator   (KcDataset          *dataset,
                                            const KcIndicator  *indicator);
/* A spec for one chart of the dashboard, with periods and words in
 * @language. Never NULL: a chart without data gets a spec without values,
 * which the renderer draws as "no data". */
KcChartSpec *kc_chart_spec_from_def        (KcDataset          *dataset,
                                            const KcChartDef   *def,
                                            KcChartLanguage     language);
/* A spec for one indicator, over @regions (NULL-terminated; NULL or empty
 * = all its regions). */
KcChartSpec *kc_chart_spec_for_indicator   (KcDataset          *dataset,
                                            const KcIndicator  *indicator,
                                            const char * const *regions,
                                            KcChartType         type,
                                            KcChartMode         mode,
                                            KcChartLanguage     language);

G_END_DECLS
