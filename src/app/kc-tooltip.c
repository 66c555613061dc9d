/* kc-tooltip.c
 * Tooltips whose width suits Chinese text.
 *
 * GTK 4.8 limits a tooltip's label to as many "average characters" as its
 * text has (at most 50), and Pango counts a Chinese character as two of
 * those: "主菜单" came out one character to a line, and every tooltip of
 * the Chinese interface with it. These show the text in a label of their
 * own, up to 50 average characters wide, wrapping only beyond that. */
#define G_LOG_DOMAIN "kc-tooltip"

#include "config.h"

#include <adwaita.h>

#include "kc-tooltip.h"

#define LABEL_KEY "kc-tooltip-label"

static GtkLabel *
tooltip_label (GtkTooltip *tooltip)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (tooltip), LABEL_KEY);

  if (label == NULL)
    {
      label = GTK_LABEL (g_object_ref_sink (gtk_label_new (NULL)));
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (label, 50);
      gtk_label_set_xalign (label, 0);
      g_object_set_data_full (G_OBJECT (tooltip), LABEL_KEY, label, g_object_unref);
    }
  return label;
}

static void
show_label (GtkTooltip *tooltip,
            const char *text,
            gboolean    markup)
{
  GtkLabel *label;

  g_return_if_fail (GTK_IS_TOOLTIP (tooltip));

  label = tooltip_label (tooltip);
  if (markup)
    gtk_label_set_markup (label, text);
  else
    gtk_label_set_text (label, text);
  gtk_tooltip_set_custom (tooltip, GTK_WIDGET (label));
}

void
kc_tooltip_set_text (GtkTooltip *tooltip,
                     const char *text)
{
  show_label (tooltip, text, FALSE);
}

void
kc_tooltip_set_markup (GtkTooltip *tooltip,
                       const char *markup)
{
  show_label (tooltip, markup, TRUE);
}

/* In place of GtkWidget's own handler, which shows the widget's
 * tooltip-markup (tooltip-text is kept as markup too) in GTK's label. */
static gboolean
query_tooltip (GtkWidget  *widget,
               int         x,
               int         y,
               gboolean    keyboard_mode,
               GtkTooltip *tooltip)
{
  const char *markup = gtk_widget_get_tooltip_markup (widget);
  gboolean handled = FALSE;

  if (markup != NULL)
    {
      kc_tooltip_set_markup (tooltip, markup);
      return TRUE;
    }

  g_signal_chain_from_overridden_handler (widget, x, y, keyboard_mode, tooltip, &handled);
  return handled;
}

void
kc_tooltip_install_handlers (void)
{
  /* The kinds of widget that carry tooltips here: GtkButton covers the
   * toggle buttons, the view switcher's and the window's own buttons. A
   * widget with a query-tooltip handler of its own (charts) is not one. */
  const GType types[] = {
    GTK_TYPE_BUTTON, GTK_TYPE_MENU_BUTTON, ADW_TYPE_SPLIT_BUTTON, GTK_TYPE_LABEL, GTK_TYPE_BOX,
    GTK_TYPE_IMAGE, GTK_TYPE_SPINNER, ADW_TYPE_WINDOW_TITLE, ADW_TYPE_PREFERENCES_GROUP,
  };
  static gsize installed = 0;

  if (!g_once_init_enter (&installed))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_type_class_unref (g_type_class_ref (types[i]));
      g_signal_override_class_handler ("query-tooltip", types[i], G_CALLBACK (query_tooltip));
    }

  g_once_init_leave (&installed, 1);
}
