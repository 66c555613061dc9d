/* kc-preferences-window.c
 * Preferences: style, chart palette, number format, export credit line. */
#define G_LOG_DOMAIN "kc-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-preferences-window.h"

struct _KcPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  AdwComboRow          *style_row;
  AdwComboRow          *palette_row;
  AdwComboRow          *number_format_row;
  AdwEntryRow          *credit_row;
};

G_DEFINE_FINAL_TYPE (KcPreferencesWindow, kc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The enum nicks of the schema, in the order of the combo rows' items in
 * kc-preferences-window.ui. */
static const char * const style_nicks[] = { "follow", "light", "dark", NULL };
static const char * const palette_nicks[] = { "gnome", "colorblind", "monochrome", NULL };
static const char * const number_format_nicks[] = { "locale", "grouped", "plain", NULL };

static gboolean
kc_preferences_nick_to_position (GValue   *value,
                                 GVariant *variant,
                                 gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    {
      if (g_str_equal (nicks[i], nick))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
kc_preferences_position_to_nick (const GValue       *value,
                                 const GVariantType *expected_type,
                                 gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint position = g_value_get_uint (value);

  /* GTK_INVALID_LIST_POSITION while the row has no selection */
  if (position >= g_strv_length ((char **) nicks))
    return NULL;

  return g_variant_new_string (nicks[position]);
}

static void
kc_preferences_window_bind_combo (KcPreferencesWindow *self,
                                  const char          *key,
                                  AdwComboRow         *row,
                                  const char * const  *nicks)
{
  g_settings_bind_with_mapping (self->settings, key,
                                row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                kc_preferences_nick_to_position,
                                kc_preferences_position_to_nick,
                                (gpointer) nicks, NULL);
}

KcPreferencesWindow *
kc_preferences_window_new (GtkWindow *transient_for)
{
  g_return_val_if_fail (transient_for == NULL || GTK_IS_WINDOW (transient_for), NULL);

  return g_object_new (KC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       "modal", transient_for != NULL,
                       NULL);
}

static void
kc_preferences_window_dispose (GObject *object)
{
  KcPreferencesWindow *self = KC_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KC_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kc_preferences_window_parent_class)->dispose (object);
}

static void
kc_preferences_window_class_init (KcPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kc_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KcPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, KcPreferencesWindow, palette_row);
  gtk_widget_class_bind_template_child (widget_class, KcPreferencesWindow, number_format_row);
  gtk_widget_class_bind_template_child (widget_class, KcPreferencesWindow, credit_row);
}

static void
kc_preferences_window_init (KcPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  kc_preferences_window_bind_combo (self, "style-variant", self->style_row, style_nicks);
  kc_preferences_window_bind_combo (self, "chart-palette", self->palette_row, palette_nicks);
  kc_preferences_window_bind_combo (self, "number-format", self->number_format_row, number_format_nicks);
  g_settings_bind (self->settings, "export-credit",
                   self->credit_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
}
