/* kc-entity-item.c
 * An entity table row as a list item, made when a list asks. */
#define G_LOG_DOMAIN "kc-entity-item"

#include "config.h"

#include <glib/gi18n.h>

#include "kc-entity-item.h"

struct _KcEntityItem
{
  GObject        parent_instance;

  KcEntityTable *table;
  guint          row;
};

G_DEFINE_FINAL_TYPE (KcEntityItem, kc_entity_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ROW,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

KcEntityItem *
kc_entity_item_new (KcEntityTable *table,
                    guint          row)
{
  KcEntityItem *self;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row < kc_entity_table_get_n_rows (table), NULL);

  self = g_object_new (KC_TYPE_ENTITY_ITEM, NULL);
  self->table = kc_entity_table_ref (table);
  self->row = row;
  return self;
}

KcEntityTable *
kc_entity_item_get_table (KcEntityItem *self)
{
  g_return_val_if_fail (KC_IS_ENTITY_ITEM (self), NULL);

  return self->table;
}

guint
kc_entity_item_get_row (KcEntityItem *self)
{
  g_return_val_if_fail (KC_IS_ENTITY_ITEM (self), 0);

  return self->row;
}

void
kc_entity_item_set_row (KcEntityItem *self,
                        guint         row)
{
  g_return_if_fail (KC_IS_ENTITY_ITEM (self));
  g_return_if_fail (row < kc_entity_table_get_n_rows (self->table));

  if (self->row == row)
    return;

  self->row = row;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
kc_entity_item_get (KcEntityItem *self,
                    guint         column)
{
  g_return_val_if_fail (KC_IS_ENTITY_ITEM (self), "");

  return kc_entity_table_get (self->table, self->row, column);
}

const char *
kc_entity_kind_get_display_name (const char *kind)
{
  /* The kinds the bundled data and the documentation use. */
  static const struct
  {
    const char *kind;
    const char *name;
  } kinds[] = {
    { "enterprise", N_("Enterprise") },
    { "platform", N_("Platform") },
    { "institution", N_("Institution") },
    { "university", N_("University") },
    { "park", N_("Park") },
    { "alliance", N_("Alliance") },
    { "programme", N_("Programme") },
  };

  g_return_val_if_fail (kind != NULL, "");

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strcasecmp (kind, kinds[i].kind) == 0)
      return _(kinds[i].name);

  return kind;
}

static void
kc_entity_item_finalize (GObject *object)
{
  KcEntityItem *self = KC_ENTITY_ITEM (object);

  g_clear_pointer (&self->table, kc_entity_table_unref);

  G_OBJECT_CLASS (kc_entity_item_parent_class)->finalize (object);
}

static void
kc_entity_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KcEntityItem *self = KC_ENTITY_ITEM (object);

  switch (prop_id)
    {
    case PROP_ROW:
      g_value_set_uint (value, self->row);
      break;

    case PROP_NAME:
      g_value_set_string (value, kc_entity_table_get (self->table, self->row,
                                                      KC_ENTITY_FIELD_NAME));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kc_entity_item_class_init (KcEntityItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kc_entity_item_finalize;
  object_class->get_property = kc_entity_item_get_property;

  properties[PROP_ROW] =
    g_param_spec_uint ("row", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* For GtkExpressions (e.g. a string sorter or filter). */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kc_entity_item_init (KcEntityItem *self)
{
}
