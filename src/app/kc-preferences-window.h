/* kc-preferences-window.h
 * Preferences: style, chart palette, number format, export credit line. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KC_TYPE_PREFERENCES_WINDOW (kc_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (KcPreferencesWindow, kc_preferences_window, KC, PREFERENCES_WINDOW, AdwPreferencesWindow)

KcPreferencesWindow *kc_preferences_window_new (GtkWindow *transient_for);

G_END_DECLS
