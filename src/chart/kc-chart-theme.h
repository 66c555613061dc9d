/* kc-chart-theme.h
 * Colours of the light and dark chart themes and the default palette. */
#pragma once

#include "kc-chart-spec.h"

G_BEGIN_DECLS

typedef struct
{
  KcColor background;
  KcColor text;         /* title, KPI value */
  KcColor text_muted;   /* subtitle, ticks, labels */
  KcColor text_faint;   /* footer */
  KcColor grid;         /* gridlines */
  KcColor baseline;     /* the zero line, the category axis */
  KcColor track;        /* the rest of a donut */
  KcColor muted;        /* bars that are not highlighted */
  KcColor target;       /* the dashed target line */
  KcColor up;           /* KPI change marks */
  KcColor down;
} KcChartThemeColors;

const KcChartThemeColors *kc_chart_theme_get_colors   (KcChartTheme theme);

/* The default series colours for @theme; *n_colors receives the count.
 *
 * Hues in the order of Okabe & Ito's colour-blind-safe set (blue, orange,
 * bluish green, purple, yellow, sky blue, brown, grey), each taken from the
 * GNOME palette and its lightness chosen so that all eight stay apart for
 * protanopes, deuteranopes and tritanopes, not only neighbours: blue and
 * orange, the common two-series case, differ along the blue–yellow axis
 * that red–green colour-blind readers keep, and in lightness for
 * greyscale print. The dark theme uses lighter swatches of the same hues
 * for contrast on a dark background. */
const KcColor            *kc_chart_default_palette    (KcChartTheme theme,
                                                       guint       *n_colors);

/* WCAG relative luminance, 0 (black) .. 1 (white). */
double                    kc_color_luminance          (const KcColor *color);

G_END_DECLS
