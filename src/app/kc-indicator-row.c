/* kc-indicator-row.c
 * One row of the Indicators view's values table: a period of one region. */
#define G_LOG_DOMAIN "kc-indicator-row"

#include "config.h"

#include <math.h>

#include "kc-indicator-row.h"

struct _KcIndicatorRow
{
  GObject   parent_instance;

  guint     region_index;
  char     *region;
  KcPeriod  period;
  char     *period_text;
  double    value;
  char     *value_text;
  double    change;
  char     *change_text;
  char     *change_tooltip;
  char     *note;
};

G_DEFINE_FINAL_TYPE (KcIndicatorRow, kc_indicator_row, G_TYPE_OBJECT)

/* Read-only properties for the list item templates' expressions. */
enum {
  PROP_0,
  PROP_REGION,
  PROP_PERIOD_TEXT,
  PROP_VALUE_TEXT,
  PROP_CHANGE_TEXT,
  PROP_CHANGE_TOOLTIP,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kc_indicator_row_finalize (GObject *object)
{
  KcIndicatorRow *self = KC_INDICATOR_ROW (object);

  g_free (self->region);
  g_free (self->period_text);
  g_free (self->value_text);
  g_free (self->change_text);
  g_free (self->change_tooltip);
  g_free (self->note);

  G_OBJECT_CLASS (kc_indicator_row_parent_class)->finalize (object);
}

static void
kc_indicator_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KcIndicatorRow *self = KC_INDICATOR_ROW (object);

  switch (prop_id)
    {
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_PERIOD_TEXT:
      g_value_set_string (value, self->period_text);
      break;
    case PROP_VALUE_TEXT:
      g_value_set_string (value, self->value_text);
      break;
    case PROP_CHANGE_TEXT:
      g_value_set_string (value, self->change_text);
      break;
    case PROP_CHANGE_TOOLTIP:
      g_value_set_string (value, self->change_tooltip);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_indicator_row_class_init (KcIndicatorRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kc_indicator_row_finalize;
  object_class->get_property = kc_indicator_row_get_property;

  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERIOD_TEXT] =
    g_param_spec_string ("period-text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE_TEXT] =
    g_param_spec_string ("value-text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGE_TEXT] =
    g_param_spec_string ("change-text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGE_TOOLTIP] =
    g_param_spec_string ("change-tooltip", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kc_indicator_row_init (KcIndicatorRow *self)
{
}

KcIndicatorRow *
kc_indicator_row_new (guint           region_index,
                      const char     *region,
                      const KcPeriod *period,
                      double          value,
                      const char     *value_text,
                      double          change,
                      const char     *change_text,
                      const char     *change_tooltip,
                      const char     *note)
{
  KcIndicatorRow *self;

  g_return_val_if_fail (period != NULL && kc_period_is_valid (period), NULL);

  self = g_object_new (KC_TYPE_INDICATOR_ROW, NULL);
  self->region_index = region_index;
  self->region = g_strdup (region != NULL ? region : "");
  self->period = *period;
  self->period_text = kc_period_to_display (period, FALSE);
  self->value = value;
  self->value_text = g_strdup (value_text != NULL ? value_text : "");
  self->change = change;
  self->change_text = g_strdup (change_text != NULL ? change_text : "");
  self->change_tooltip = g_strdup (change_tooltip);
  self->note = g_strdup (note != NULL ? note : "");

  return self;
}

guint
kc_indicator_row_get_region_index (KcIndicatorRow *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_ROW (self), 0);

  return self->region_index;
}

const char *
kc_indicator_row_get_region (KcIndicatorRow *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_ROW (self), NULL);

  return self->region;
}

const KcPeriod *
kc_indicator_row_get_period (KcIndicatorRow *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_ROW (self), NULL);

  return &self->period;
}

const char *
kc_indicator_row_get_period_text (KcIndicatorRow *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_ROW (self), NULL);

  return self->period_text;
}

double
kc_indicator_row_get_value (KcIndicatorRow *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_ROW (self), NAN);

  return self->value;
}

const char *
kc_indicator_row_get_value_text (KcIndicatorRow *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_ROW (self), NULL);

  return self->value_text;
}

double
kc_indicator_row_get_change (KcIndicatorRow *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_ROW (self), NAN);

  return self->change;
}

const char *
kc_indicator_row_get_change_text (KcIndicatorRow *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_ROW (self), NULL);

  return self->change_text;
}

const char *
kc_indicator_row_get_change_tooltip (KcIndicatorRow *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_ROW (self), NULL);

  return self->change_tooltip;
}

const char *
kc_indicator_row_get_note (KcIndicatorRow *self)
{
  g_return_val_if_fail (KC_IS_INDICATOR_ROW (self), NULL);

  return self->note;
}

static int
compare_uint (guint a,
              guint b)
{
  return a < b ? -1 : a > b;
}

int
kc_indicator_row_compare_period (KcIndicatorRow *a,
                                 KcIndicatorRow *b)
{
  int result = kc_period_compare (&a->period, &b->period);

  return result != 0 ? result : compare_uint (a->region_index, b->region_index);
}

int
kc_indicator_row_compare_value (KcIndicatorRow *a,
                                KcIndicatorRow *b)
{
  /* Missing values sort after every value. */
  if (isnan (a->value) != isnan (b->value))
    return isnan (a->value) ? 1 : -1;
  if (!isnan (a->value) && a->value != b->value)
    return a->value < b->value ? -1 : 1;

  return kc_indicator_row_compare_region (a, b);
}

int
kc_indicator_row_compare_region (KcIndicatorRow *a,
                                 KcIndicatorRow *b)
{
  int result = compare_uint (a->region_index, b->region_index);

  return result != 0 ? result : kc_period_compare (&a->period, &b->period);
}
