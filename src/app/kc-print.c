/* kc-print.c
 * Printing a chart or the dashboard poster, vector, fitted to the page. */
#define G_LOG_DOMAIN "kc-print"

#include "config.h"


#include "kc-chart-render.h"
#include "kc-print.h"

typedef struct
{
  KcChartSpec   *spec;
  KcPoster      *poster;
  double         aspect;
  const KcColor *palette;   /* static palettes of KcChartView */
  guint          n_palette;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_pointer (&job->spec, kc_chart_spec_unref);
  g_clear_pointer (&job->poster, kc_poster_unref);
  g_free (job);
}

void
kc_print_fit (double  width,
              double  height,
              double  aspect,
              double *chart_width,
              double *chart_height)
{
  *chart_width = width;
  *chart_height = width / aspect;
  if (*chart_height > height)
    {
      *chart_height = height;
      *chart_width = height * aspect;
    }
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  KcChartOptions options;

  /* Paper is light; leaving the background unpainted saves ink. */
  kc_chart_options_init (&options, width, height);
  options.theme = KC_CHART_THEME_LIGHT;
  options.transparent = TRUE;
  options.palette = job->palette;
  options.n_palette = job->n_palette;

  if (job->poster != NULL)
    {
      kc_poster_render (cr, job->poster, &options, NULL);
      return;
    }

  kc_print_fit (width, height, job->aspect, &options.width, &options.height);
  cairo_save (cr);
  cairo_translate (cr, (width - options.width) / 2, 0);
  kc_chart_render (cr, job->spec, &options, NULL);
  cairo_restore (cr);
}

static GtkPrintOperation *
new_operation (PrintJob     *job,
               const char   *title,
               GtkPageSetup *page_setup)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();

  gtk_print_operation_set_n_pages (operation, 1);
  /* The context is measured in points, the unit the charts are laid
   * out in for print. */
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  if (title != NULL)
    gtk_print_operation_set_job_name (operation, title);
  if (page_setup != NULL)
    gtk_print_operation_set_default_page_setup (operation, page_setup);

  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb), job,
                         (GClosureNotify) print_job_free, 0);

  return operation;
}

GtkPrintOperation *
kc_print_operation_new_for_chart (KcChartSpec   *spec,
                                  double         aspect,
                                  const KcColor *palette,
                                  guint          n_palette,
                                  GtkPageSetup  *page_setup)
{
  PrintJob *job;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (aspect > 0, NULL);

  job = g_new0 (PrintJob, 1);
  job->spec = kc_chart_spec_ref (spec);
  job->aspect = aspect;
  job->palette = palette;
  job->n_palette = n_palette;

  return new_operation (job, spec->title, page_setup);
}

GtkPrintOperation *
kc_print_operation_new_for_poster (KcPoster      *poster,
                                   const KcColor *palette,
                                   guint          n_palette,
                                   GtkPageSetup  *page_setup)
{
  PrintJob *job;

  g_return_val_if_fail (poster != NULL, NULL);

  job = g_new0 (PrintJob, 1);
  job->poster = kc_poster_ref (poster);
  job->palette = palette;
  job->n_palette = n_palette;

  return new_operation (job, kc_poster_get_title (poster), page_setup);
}

GtkPageSetup *
kc_print_load_page_setup (GSettings *settings)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, "page-setup");
  GtkPageSetup *setup;

  if (g_variant_n_children (value) == 0)
    return NULL;

  setup = gtk_page_setup_new_from_gvariant (value);
  if (setup == NULL)
    g_debug ("The saved page setup is not usable");

  return setup;
}

void
kc_print_save_page_setup (GSettings    *settings,
                          GtkPageSetup *page_setup)
{
  g_return_if_fail (GTK_IS_PAGE_SETUP (page_setup));

  g_settings_set_value (settings, "page-setup", gtk_page_setup_to_gvariant (page_setup));
}
