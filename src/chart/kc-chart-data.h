/* kc-chart-data.h
 * A chart's values as a table, for CSV export and the clipboard. */
#pragma once

#include "kc-chart-spec.h"

G_BEGIN_DECLS

/* The values @spec shows, header row first: a GPtrArray of GStrv (it
 * frees its rows). Columns are the category, then one per series headed
 * by its name (or the title) and the unit: "新产品产值率（%）" /
 * "New-product rate (%)". A share without series is its percentage, part
 * and total; a KPI without series its value. Numbers are plain decimals
 * with '.', as exact as the double holds ("128.7", "-3.5"); missing
 * values are empty cells. Header words are in @language. */
GPtrArray *kc_chart_spec_dup_table (const KcChartSpec *spec,
                                    KcChartLanguage    language);

/* The plain decimal kc_chart_spec_dup_table() writes for @value; "" for
 * NAN. Free with g_free(). */
char      *kc_chart_data_format_number (double value);

G_END_DECLS
