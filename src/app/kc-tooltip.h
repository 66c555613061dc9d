/* kc-tooltip.h
 * Tooltips whose width suits Chinese text. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void kc_tooltip_set_text         (GtkTooltip *tooltip,
                                  const char *text);
void kc_tooltip_set_markup       (GtkTooltip *tooltip,
                                  const char *markup);

/* Shows the tooltips of buttons, labels, boxes and the like, GTK's and
 * libadwaita's too, with kc_tooltip_set_markup(). Once per process. */
void kc_tooltip_install_handlers (void);

G_END_DECLS
