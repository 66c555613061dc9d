/* kc-chart-theme.c
 * Colours of the light and dark chart themes and the default palette. */
#define G_LOG_DOMAIN "kc-chart-theme"

#include "config.h"

#include <math.h>

#include "kc-chart-theme.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, alpha) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, alpha }

/* Greys from the GNOME palette (light 1…5, dark 1…5) and Adwaita's view
 * backgrounds, so charts sit naturally in the app. */
static const KcChartThemeColors light_colors = {
  .background = RGB (0xffffff),
  .text = RGB (0x241f31),
  .text_muted = RGB (0x5e5c64),
  .text_faint = RGB (0x77767b),
  .grid = RGB (0xe6e5e3),
  .baseline = RGB (0x5e5c64),
  .track = RGB (0xe6e5e3),
  .muted = RGB (0xc0bfbc),
  .target = RGB (0x241f31),
  .up = RGB (0x1c71d8),
  .down = RGB (0xc64600),
};

static const KcChartThemeColors dark_colors = {
  .background = RGB (0x1e1e1e),
  .text = RGB (0xffffff),
  .text_muted = RGB (0xc0bfbc),
  .text_faint = RGB (0x9a9996),
  .grid = RGB (0x353535),
  .baseline = RGB (0x9a9996),
  .track = RGB (0x3a3a3a),
  .muted = RGB (0x5e5c64),
  .target = RGB (0xf6f5f4),
  .up = RGB (0x62a0ea),
  .down = RGB (0xffa348),
};

/* Checked with Machado et al.'s (2009) simulation of protanopia,
 * deuteranopia and tritanopia: every pair of the eight stays at least
 * 15 ΔE*ab apart under each (see test-chart-render.c). */
static const KcColor light_palette[] = {
  RGB (0x1c71d8), /* blue 4   ~ Okabe-Ito blue #0072b2 */
  RGB (0xe66100), /* orange 4 ~ vermillion #d55e00 */
  RGB (0x2ec27e), /* green 4  ~ bluish green #009e73 */
  RGB (0x813d9c), /* purple 4 ~ reddish purple #cc79a7, darker */
  RGB (0xf5c211), /* yellow 4 ~ orange #e69f00 */
  RGB (0x99c1f1), /* blue 1   ~ sky blue #56b4e9, lighter */
  RGB (0x63452c), /* brown 5 */
  RGB (0x9a9996), /* light 5 grey */
};

static const KcColor dark_palette[] = {
  RGB (0x62a0ea), /* blue 2 */
  RGB (0xff7800), /* orange 3 */
  RGB (0x8ff0a4), /* green 1 */
  RGB (0x9141ac), /* purple 3 */
  RGB (0xf9f06b), /* yellow 1 */
  RGB (0x99c1f1), /* blue 1 */
  RGB (0xb5835a), /* brown 2 */
  RGB (0xc0bfbc), /* light 4 grey */
};

const KcChartThemeColors *
kc_chart_theme_get_colors (KcChartTheme theme)
{
  return theme == KC_CHART_THEME_DARK ? &dark_colors : &light_colors;
}

const KcColor *
kc_chart_default_palette (KcChartTheme theme,
                          guint       *n_colors)
{
  if (theme == KC_CHART_THEME_DARK)
    {
      *n_colors = G_N_ELEMENTS (dark_palette);
      return dark_palette;
    }

  *n_colors = G_N_ELEMENTS (light_palette);
  return light_palette;
}

static double
linear_channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

double
kc_color_luminance (const KcColor *color)
{
  return 0.2126 * linear_channel (color->r)
         + 0.7152 * linear_channel (color->g)
         + 0.0722 * linear_channel (color->b);
}
