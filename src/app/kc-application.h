/* kc-application.h
 * The application: actions, accelerators, command line, style. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KC_TYPE_APPLICATION (kc_application_get_type ())

G_DECLARE_FINAL_TYPE (KcApplication, kc_application, KC, APPLICATION, AdwApplication)

KcApplication *kc_application_new          (void);
GSettings     *kc_application_get_settings (KcApplication *self);

G_END_DECLS
