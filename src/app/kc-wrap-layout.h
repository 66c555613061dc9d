/* kc-wrap-layout.h
 * A layout that places children side by side and wraps them into more
 * lines when the width runs out, each at its natural width. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KC_TYPE_WRAP_LAYOUT (kc_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (KcWrapLayout, kc_wrap_layout, KC, WRAP_LAYOUT, GtkLayoutManager)

GtkLayoutManager *kc_wrap_layout_new             (void);

/* Space between children on a line, and between lines. */
int               kc_wrap_layout_get_spacing     (KcWrapLayout *self);
void              kc_wrap_layout_set_spacing     (KcWrapLayout *self,
                                                  int           spacing);
int               kc_wrap_layout_get_row_spacing (KcWrapLayout *self);
void              kc_wrap_layout_set_row_spacing (KcWrapLayout *self,
                                                  int           spacing);

G_END_DECLS
