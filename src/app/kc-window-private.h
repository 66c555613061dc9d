/* kc-window-private.h
 * The KcWindow instance struct, shared by the files the window splits into. */
#pragma once

#include <adwaita.h>

#include "kc-dashboard-view.h"
#include "kc-dataset.h"
#include "kc-directory-view.h"
#include "kc-indicator-view.h"
#include "kc-problems-panel.h"
#include "kc-window.h"

G_BEGIN_DECLS

typedef struct _KcWindowLoad KcWindowLoad;

struct _KcWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  /* Every file asked to be opened, in order, as GFiles. */
  GListStore           *requested_files;
#if !GTK_CHECK_VERSION (4, 10, 0)
  /* Native dialogs are not kept alive by GTK while they are shown. */
  GtkFileChooserNative *chooser;
#endif

  /* The dataset shown; NULL until one is loaded. */
  KcDataset            *dataset;
  /* GFile: what @dataset was read from; empty for the bundled data. */
  GPtrArray            *inputs;
  /* The open or reload in progress, or NULL. */
  KcWindowLoad         *load;
  /* Cancels the start-up load of the bundled data. */
  GCancellable         *bundled_cancellable;
  /* GFileMonitor of each local input. */
  GPtrArray            *monitors;
  /* Waits for a burst of file changes to settle before reloading. */
  guint                 reload_source;
  GMenu                *recent_menu;
  AdwToast             *last_toast;
  /* Fills the pages not on screen after the first frame of a new dataset:
   * an idle, or the frame clock's after-paint handler that starts it. */
  guint                 sync_source;
  GdkFrameClock        *sync_clock;
  gulong                sync_paint_handler;

  /* Template children */
  AdwHeaderBar         *header_bar;
  AdwSplitButton       *open_button;
  GMenu                *open_menu;
  AdwViewSwitcherTitle *switcher_title;
  GtkMenuButton        *primary_menu_button;
  GtkToggleButton      *problems_button;
  GtkRevealer          *load_revealer;
  GtkLabel             *load_label;
  GtkButton            *cancel_button;
  GtkProgressBar       *progress_bar;
  GtkOverlay           *content_overlay;
  GtkRevealer          *drop_revealer;
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  KcProblemsPanel      *problems_panel;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
  KcDashboardView      *dashboard_view;
  AdwBin               *indicator_bin;
  AdwBin               *directory_bin;

  /* Built when first shown or needed, or after the first frame with
   * data: NULL until then. Use _kc_window_get_indicator_view() and
   * _kc_window_get_directory_view(). */
  KcIndicatorView      *indicator_view;
  KcDirectoryView      *directory_view;

  GtkDropTarget        *drop_target;
};

/* Installs the export and print actions (kc-window-export.c). */
void      _kc_window_class_init_export (GtkWidgetClass *widget_class);

/* kc-window.c: shows @dataset in the views and the title. */
void      _kc_window_set_dataset       (KcWindow       *self,
                                        KcDataset      *dataset);
/* kc-window.c: the Indicators and Directory views, built if they are
 * not yet, with the dataset shown. */
KcIndicatorView *_kc_window_get_indicator_view (KcWindow *self);
KcDirectoryView *_kc_window_get_directory_view (KcWindow *self);
/* kc-window.c: the views, or the empty state when there is no data. */
void      _kc_window_update_content    (KcWindow       *self);

/* kc-window-load.c */
void      _kc_window_load_bundled      (KcWindow       *self);
void      _kc_window_dispose_load      (KcWindow       *self);

/* The toast shown last, for tests. */
AdwToast *_kc_window_get_last_toast    (KcWindow       *self);

G_END_DECLS
