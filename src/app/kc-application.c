/* kc-application.c
 * The application: actions, accelerators, command line, style, About. */
#define G_LOG_DOMAIN "kc-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-application.h"
#include "kc-chart-view.h"
#include "kc-cli.h"
#include "kc-format.h"
#include "kc-indicator-view.h"
#include "kc-preferences-window.h"
#include "kc-window.h"
#include "kc-tooltip.h"

struct _KcApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  /* Reads the icon theme during start-up; joined at shutdown. */
  GThread        *icon_thread;
};

G_DEFINE_FINAL_TYPE (KcApplication, kc_application, ADW_TYPE_APPLICATION)

/* All accelerators of the application, in one place. */
static const struct
{
  const char *action;
  const char *accels[3];
} kc_accels[] = {
  { "app.quit", { "<Primary>q", NULL } },
  { "app.preferences", { "<Primary>comma", NULL } },
  { "win.open", { "<Primary>o", NULL } },
  { "win.open-folder", { "<Primary><Shift>o", NULL } },
  { "win.reload", { "F5", "<Primary>r", NULL } },
  { "win.cancel-load", { "Escape", NULL } },
  { "win.show-problems", { "F8", NULL } },
  { "win.find", { "<Primary>f", NULL } },
  { "win.export-chart('')", { "<Primary>e", NULL } },
  { "win.export-dashboard", { "<Primary><Shift>e", NULL } },
  { "win.export-all-charts", { "<Primary><Alt>e", NULL } },
  { "win.copy-chart('')", { "<Primary><Shift>c", NULL } },
  { "win.print", { "<Primary>p", NULL } },
  { "win.page-setup", { "<Primary><Shift>p", NULL } },
  { "win.show-page::dashboard", { "<Alt>1", NULL } },
  { "win.show-page::indicators", { "<Alt>2", NULL } },
  { "win.show-page::directory", { "<Alt>3", NULL } },
  { "win.show-help-overlay", { "<Primary>question", NULL } },
  { "window.close", { "<Primary>w", NULL } },
};

KcApplication *
kc_application_new (void)
{
  return g_object_new (KC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

GSettings *
kc_application_get_settings (KcApplication *self)
{
  g_return_val_if_fail (KC_IS_APPLICATION (self), NULL);

  return self->settings;
}

/* The main window to act on: the most recently focused KcWindow, or a new
 * one.  Dialogs may be the active window, so look for our own class. */
static KcWindow *
kc_application_get_main_window (KcApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (KC_IS_WINDOW (l->data))
        return l->data;
    }

  return kc_window_new (self);
}

static void
kc_application_apply_style (KcApplication *self)
{
  AdwStyleManager *style_manager;
  AdwColorScheme scheme;

  style_manager = adw_application_get_style_manager (ADW_APPLICATION (self));

  switch (g_settings_get_enum (self->settings, "style-variant"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;
    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;
    default:
      scheme = ADW_COLOR_SCHEME_DEFAULT;
      break;
    }

  adw_style_manager_set_color_scheme (style_manager, scheme);
}

/* The "number-format" preference, for every number the charts and the
 * tables write (kc-format). */
static void
kc_application_apply_number_format (KcApplication *self)
{
  g_autofree char *format = g_settings_get_string (self->settings, "number-format");
  KcDigitGrouping grouping = KC_DIGIT_GROUPING_LANGUAGE;

  if (g_str_equal (format, "grouped"))
    grouping = KC_DIGIT_GROUPING_ALWAYS;
  else if (g_str_equal (format, "plain"))
    grouping = KC_DIGIT_GROUPING_NEVER;

  kc_format_set_digit_grouping (grouping);
}

/* Writes the numbers under @widget again. */
static void
kc_application_reformat (GtkWidget *widget)
{
  if (KC_IS_CHART_VIEW (widget))
    gtk_widget_queue_draw (widget);
  else if (KC_IS_INDICATOR_VIEW (widget))
    kc_indicator_view_refresh_values (KC_INDICATOR_VIEW (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kc_application_reformat (child);
}

static void
kc_application_number_format_changed_cb (KcApplication *self)
{
  kc_application_apply_number_format (self);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    kc_application_reformat (l->data);
}

static void
kc_application_style_changed_cb (KcApplication *self,
                                 const char    *key,
                                 GSettings     *settings)
{
  kc_application_apply_style (self);
}

static void
kc_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  KcApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Close rather than quit, so that each window saves its state; the
   * application ends when the last window is gone. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
}

static void
kc_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  KcApplication *self = user_data;
  KcPreferencesWindow *preferences;

  preferences = kc_preferences_window_new (GTK_WINDOW (kc_application_get_main_window (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
kc_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  KcApplication *self = user_data;
  GtkWidget *about;
  const char *developers[] = {
    _("The Kechuang developers"),
    NULL
  };
  const char *data_sources[] = {
    _("Ningbo Daily (宁波日报), 2017: 《北仑：拥抱“国字号” 释放创新力量》 by Bao Lingyan, Jin Xumeng, Xie Ting and He Feng"),
    _("Ningbo Daily (宁波日报), 2017: 《打通科技成果转化“任督二脉”》 by Bao Lingyan and Liu Jian, infographic by Zheng Yong"),
    NULL
  };

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", kc_application_get_main_window (self),
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Kechuang"),
                        "developer-name", _("The Kechuang developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Chart a region’s science and technology innovation figures, search its enterprises and innovation platforms, and export print-ready charts."),
                        "website", PACKAGE_WEBSITE,
                        "issue-url", PACKAGE_WEBSITE "/issues",
                        "copyright", _("© 2026 The Kechuang developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one a line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about),
                                                _("Bundled Beilun 2017 Data"),
                                                data_sources);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry kc_app_actions[] = {
  { "quit", kc_application_quit_action },
  { "preferences", kc_application_preferences_action },
  { "about", kc_application_about_action },
};

static int
kc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_auto(GStrv) paths = NULL;
  g_autoptr(GError) error = NULL;
  GFile **files;
  guint n_files;
  int status;

  status = kc_cli_handle_local_options (app, options);
  if (status >= 0)
    return status;

  /* G_OPTION_REMAINING consumed the paths, so GApplication would only
   * activate: open them here, in this instance or in the running one. */
  if (!g_variant_dict_lookup (options, G_OPTION_REMAINING, "^aay", &paths))
    return -1;

  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  n_files = g_strv_length (paths);
  files = g_new0 (GFile *, n_files);
  for (guint i = 0; i < n_files; i++)
    files[i] = g_file_new_for_commandline_arg (paths[i]);
  g_application_open (app, files, n_files, "");
  for (guint i = 0; i < n_files; i++)
    g_object_unref (files[i]);
  g_free (files);

  /* A remote instance is done; the primary one goes on to its main loop. */
  return g_application_get_is_remote (app) ? EXIT_SUCCESS : -1;
}

static gpointer
kc_application_preload_icons_thread (gpointer data)
{
  g_autoptr(GtkIconTheme) theme = data;
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, "open-menu-symbolic", NULL,
                                                                 16, 1, GTK_TEXT_DIR_NONE, 0);

  return NULL;
}

/* The first icon looked up reads the icon theme's index files: about 5 %
 * of the main thread's start-up, when the window is first measured.
 * GtkIconTheme may be used from another thread once it is set up on the
 * main one (see gtkicontheme.c), so a thread reads them while the window
 * is built. It has nothing to report, and is joined at shutdown. */
static void
kc_application_preload_icons (KcApplication *self)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (display == NULL)
    return;

  self->icon_thread = g_thread_new ("[kc] icon theme", kc_application_preload_icons_thread,
                                    g_object_ref (gtk_icon_theme_get_for_display (display)));
}

static void
kc_application_startup (GApplication *app)
{
  KcApplication *self = KC_APPLICATION (app);

  G_APPLICATION_CLASS (kc_application_parent_class)->startup (app);
  kc_application_preload_icons (self);
  kc_tooltip_install_handlers ();

  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (kc_application_style_changed_cb),
                           self, G_CONNECT_SWAPPED);
  kc_application_apply_style (self);
  g_signal_connect_object (self->settings, "changed::number-format",
                           G_CALLBACK (kc_application_number_format_changed_cb),
                           self, G_CONNECT_SWAPPED);
  kc_application_apply_number_format (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   kc_app_actions, G_N_ELEMENTS (kc_app_actions),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (kc_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           kc_accels[i].action,
                                           kc_accels[i].accels);
}

static void
kc_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (kc_application_get_main_window (KC_APPLICATION (app))));
}

static void
kc_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  KcWindow *window = kc_application_get_main_window (KC_APPLICATION (app));

  kc_window_open_files (window, files, n_files);
  gtk_window_present (GTK_WINDOW (window));
}

/* Waits for the icon theme thread, if it has not been waited for. */
static void
kc_application_join_icon_thread (KcApplication *self)
{
  if (self->icon_thread != NULL)
    g_thread_join (g_steal_pointer (&self->icon_thread));
}

static void
kc_application_dispose (GObject *object)
{
  KcApplication *self = KC_APPLICATION (object);

  /* Registered without running (as the tests do), it has no shutdown. */
  kc_application_join_icon_thread (self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kc_application_parent_class)->dispose (object);
}

static void
kc_application_shutdown (GApplication *app)
{
  kc_application_join_icon_thread (KC_APPLICATION (app));

  G_APPLICATION_CLASS (kc_application_parent_class)->shutdown (app);
}

static void
kc_application_class_init (KcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kc_application_dispose;

  app_class->handle_local_options = kc_application_handle_local_options;
  app_class->startup = kc_application_startup;
  app_class->shutdown = kc_application_shutdown;
  app_class->activate = kc_application_activate;
  app_class->open = kc_application_open;
}

static void
kc_application_init (KcApplication *self)
{
  kc_cli_add_options (G_APPLICATION (self));
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PATH…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Without options, opens the data files or folders in PATH in the window. "
                                              "With a command option, works without a display and exits: "
                                              "0 when all went well, 1 on data problems, 2 on usage errors. "
                                              "Without PATH, the bundled Beilun 2017 dataset is used."));
}
