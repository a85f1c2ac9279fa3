/* tgw-instance.c: the embedded instance table and max-pods arithmetic (vpc-cni.md rules 1-3, 28).
 */
#include "tgw-instance.h"

#include <gio/gio.h>

#include "tgw-resources.h"

#include "tgw-suggest.h"

typedef struct {
    GPtrArray *types; /* TgwInstanceType*, sorted by name */
    GHashTable *by_name;
    GStringChunk *names;
    GPtrArray *name_list; /* the names, NULL-terminated, for tgw_suggest() */
} InstanceTable;

static guint64
field_uint(const char *text)
{
    return text[0] == '\0' ? 0 : g_ascii_strtoull(text, NULL, 10);
}

static InstanceTable *
instance_table_load(void)
{
    InstanceTable *table = g_new0(InstanceTable, 1);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) lines = NULL;
    g_autofree char *text = NULL;
    gsize len = 0;
    const char *data = NULL;

    bytes = g_resource_lookup_data(tgw_get_resource(), "/org/tgwsim/instances.csv",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
    if (bytes == NULL)
        g_error("the embedded instance table is missing: %s", error->message);
    data = g_bytes_get_data(bytes, &len);
    text = g_strndup(data, len);
    lines = g_strsplit(text, "\n", -1);
    table->types = g_ptr_array_new_with_free_func(g_free);
    table->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    table->names = g_string_chunk_new(16384);
    table->name_list = g_ptr_array_new();
    for (guint i = 0; lines[i] != NULL; i++) {
        g_auto(GStrv) f = NULL;
        TgwInstanceType *t = NULL;

        if (lines[i][0] == '#' || lines[i][0] == '\0' ||
            g_str_has_prefix(lines[i], "instance_type"))
            continue;
        f = g_strsplit(lines[i], ",", -1);
        if (g_strv_length(f) != 9)
            g_error("embedded instance table: bad row '%s'", lines[i]);
        t = g_new0(TgwInstanceType, 1);
        t->name = g_string_chunk_insert(table->names, f[0]);
        t->max_enis = (guint) field_uint(f[1]);
        t->ipv4_per_eni = (guint) field_uint(f[2]);
        t->bare_metal = g_str_equal(f[4], "true");
        t->nitro = g_str_equal(f[3], "nitro") || t->bare_metal;
        t->vcpus = (guint) field_uint(f[5]);
        t->memory_mib = field_uint(f[6]);
        t->alloc_cpu_m = (gint64) field_uint(f[7]);
        t->alloc_mem_mib = (gint64) field_uint(f[8]);
        g_ptr_array_add(table->types, t);
        g_hash_table_insert(table->by_name, (gpointer) t->name, t);
        g_ptr_array_add(table->name_list, (gpointer) t->name);
    }
    g_ptr_array_add(table->name_list, NULL);
    return table;
}

static InstanceTable *
instance_table(void)
{
    static gsize once = 0;
    static InstanceTable *table = NULL;
    if (g_once_init_enter(&once)) {
        table = instance_table_load();
        g_once_init_leave(&once, 1);
    }
    return table;
}

const TgwInstanceType *
tgw_instance_lookup(const char *name)
{
    return g_hash_table_lookup(instance_table()->by_name, name);
}

const TgwInstanceType *const *
tgw_instance_all(guint *n_types)
{
    InstanceTable *table = instance_table();
    *n_types = table->types->len;
    return (const TgwInstanceType *const *) table->types->pdata;
}

const char *
tgw_instance_suggest(const char *name)
{
    return tgw_suggest(name, (const char *const *) instance_table()->name_list->pdata);
}

guint
tgw_instance_max_pods(const TgwInstanceType *type, const TgwMaxPodsOptions *options, char **explain)
{
    const TgwMaxPodsOptions none = {0};
    const TgwMaxPodsOptions *o = options != NULL ? options : &none;
    guint enis = type->max_enis;
    guint per_eni = type->ipv4_per_eni - 1; /* rule 2: an ENI's primary IP is never a pod's */
    gboolean prefix = o->prefix_delegation && type->nitro; /* rule 11 */
    guint64 pods = 0, capped = 0, cap = 0;
    g_autoptr(GString) how = g_string_new(NULL);

    if (o->max_eni > 0 && o->max_eni < enis) /* rule 3 */
        enis = o->max_eni;
    if (o->custom_networking && enis > 0) { /* rule 20/28: the primary ENI serves no pods */
        g_string_append_printf(
            how, "(%u ENIs - 1, custom networking: the primary ENI serves no pods)", enis);
        enis -= 1;
    } else {
        g_string_append_printf(how, "%u ENIs", enis);
    }
    if (prefix) {
        pods = (guint64) enis * per_eni * 16 + 2;
        g_string_append_printf(
            how, " x (%u IPv4 per ENI - 1) x 16 per /28 prefix + 2 = %" G_GUINT64_FORMAT,
            type->ipv4_per_eni, pods);
    } else {
        pods = (guint64) enis * per_eni + 2;
        g_string_append_printf(how, " x (%u IPv4 per ENI - 1) + 2 = %" G_GUINT64_FORMAT,
                               type->ipv4_per_eni, pods);
        if (o->prefix_delegation)
            g_string_append(how,
                            " (prefix delegation needs a Nitro instance; secondary IPs are used)");
    }
    capped = pods;
    if (o->cap) {
        cap = type->vcpus > 30 ? 250 : 110;
        if (pods > cap) {
            capped = cap;
            g_string_append_printf(how, ", capped at %" G_GUINT64_FORMAT " (%s 30 vCPUs)", cap,
                                   type->vcpus > 30 ? "above" : "at most");
        }
    }
    if (explain != NULL)
        *explain = g_strdup(how->str);
    return (guint) capped;
}
