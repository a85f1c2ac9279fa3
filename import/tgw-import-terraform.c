/* tgw-import-terraform.c: `terraform show -json` (a state or a plan) read into a scenario.
 *
 * Three steps, as the loader has them: read (every resource instance of the document, with the
 * values it has or will have, into Res records in document order), resolve (the IDs and, at plan
 * time, the configuration's references that tie a subnet to its VPC and so on), write (the
 * scenario, with xmlTextWriter, in the language's order: transit gateways, VPCs, clusters,
 * address consumers). Each written element follows a comment with its Terraform address.
 *
 * State: values.root_module and its child_modules. Plan: planned_values.root_module, plus the
 * instances resource_changes creates that planned_values lacks, the after_unknown map of each
 * change (values known only after apply are reported, never guessed) and the data sources of
 * prior_state (so that an ID a data source read is named as such). */
#include "tgw-import.h"

#include <string.h>

#include <libxml/xmlwriter.h>

#include "tgw-cidr.h"
#include "tgw-error.h"
#include "tgw-import-private.h"
#include "tgw-instance.h"
#include "tgw-json-read.h"

void
tgw_import_free(TgwImport *import)
{
    if (import == NULL)
        return;
    g_free(import->xml);
    g_ptr_array_unref(import->warnings);
    g_free(import);
}

static void
res_free(gpointer data)
{
    Res *r = data;
    g_free(r->address);
    g_free(r->type);
    g_free(r->module);
    g_free(r->config_addr);
    g_free(r->name);
    g_free(r);
}

void
imp_warn(Imp *imp, const Res *r, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_ptr_array_add(imp->warnings, r != NULL
                                       ? g_strdup_printf("%s: %s: %s", imp->file, r->address, msg)
                                       : g_strdup_printf("%s: %s", imp->file, msg));
}

gboolean
imp_fail(Imp *imp, const Res *r, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (imp->error == NULL)
        g_set_error(&imp->error, TGW_ERROR, TGW_ERROR_FAILED, "%s: %s%s%s", imp->file,
                    r != NULL ? r->address : "", r != NULL ? ": " : "", msg);
    return FALSE;
}

/* ---- read ------------------------------------------------------------------------------------ */

/* "module.a.module.b.aws_subnet.x[0]" -> module "module.a.module.b", config "aws_subnet.x" */
static void
split_address(const char *address, char **module, char **config)
{
    const char *p = address, *last_module_end = NULL;
    while (g_str_has_prefix(p, "module.")) {
        const char *dot = strchr(p + strlen("module."), '.');
        /* a module call's instance key may hold dots inside ["..."]: skip to after the key */
        const char *bracket = strchr(p + strlen("module."), '[');
        if (bracket != NULL && (dot == NULL || bracket < dot)) {
            const char *close = strstr(bracket, "].");
            dot = close != NULL ? close + 1 : NULL;
        }
        if (dot == NULL)
            break;
        last_module_end = dot;
        p = dot + 1;
    }
    *module = last_module_end != NULL ? g_strndup(address, (gsize) (last_module_end - address))
                                      : g_strdup("");
    {
        const char *b = strchr(p, '[');
        *config = b != NULL ? g_strndup(p, (gsize) (b - p)) : g_strdup(p);
    }
}

static void
add_res(Imp *imp, const char *address, const char *type, gboolean data, JsonObject *values)
{
    Res *r = NULL;
    const char *id = NULL;
    if (address == NULL || type == NULL || values == NULL ||
        g_hash_table_contains(imp->by_address, address))
        return;
    r = g_new0(Res, 1);
    r->address = g_strdup(address);
    r->type = g_strdup(type);
    r->data = data;
    r->values = values;
    split_address(address, &r->module, &r->config_addr);
    g_ptr_array_add(imp->res, r);
    g_hash_table_insert(imp->by_address, r->address, r);
    id = tgw_json_get_string(values, "id");
    if (id != NULL && !g_hash_table_contains(imp->by_id, id))
        g_hash_table_insert(imp->by_id, (gpointer) id, r);
    if (!data) {
        GPtrArray *list = g_hash_table_lookup(imp->by_type, r->type);
        if (list == NULL) {
            list = g_ptr_array_new();
            g_hash_table_insert(imp->by_type, r->type, list);
        }
        g_ptr_array_add(list, r);
        imp->managed++;
    }
}

static gboolean
read_module(Imp *imp, JsonObject *module, gboolean data_only, guint depth)
{
    JsonArray *resources = tgw_json_get_array(module, "resources");
    JsonArray *children = tgw_json_get_array(module, "child_modules");
    if (depth > 64)
        return imp_fail(imp, NULL, "modules nested more than 64 deep");
    for (guint i = 0; resources != NULL && i < json_array_get_length(resources); i++) {
        JsonNode *n = json_array_get_element(resources, i);
        JsonObject *r = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        gboolean data = g_strcmp0(tgw_json_get_string(r, "mode"), "data") == 0;
        if (r == NULL || (data_only && !data))
            continue;
        add_res(imp, tgw_json_get_string(r, "address"), tgw_json_get_string(r, "type"), data,
                tgw_json_get_object(r, "values"));
    }
    for (guint i = 0; children != NULL && i < json_array_get_length(children); i++) {
        JsonNode *n = json_array_get_element(children, i);
        if (JSON_NODE_HOLDS_OBJECT(n) &&
            !read_module(imp, json_node_get_object(n), data_only, depth + 1))
            return FALSE;
    }
    return TRUE;
}

/* the plan's changes: their after_unknown maps, and instances planned_values lacks */
static void
read_changes(Imp *imp, JsonArray *changes)
{
    for (guint i = 0; changes != NULL && i < json_array_get_length(changes); i++) {
        JsonNode *n = json_array_get_element(changes, i);
        JsonObject *c = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        JsonObject *change = tgw_json_get_object(c, "change");
        const char *address = tgw_json_get_string(c, "address");
        JsonObject *unknown = tgw_json_get_object(change, "after_unknown");
        Res *r = NULL;
        if (c == NULL || address == NULL || g_strcmp0(tgw_json_get_string(c, "mode"), "data") == 0)
            continue;
        add_res(imp, address, tgw_json_get_string(c, "type"), FALSE,
                tgw_json_get_object(change, "after"));
        r = g_hash_table_lookup(imp->by_address, address);
        if (r != NULL)
            r->unknown = unknown;
    }
}

static gboolean
read_document(Imp *imp)
{
    JsonObject *doc = JSON_NODE_HOLDS_OBJECT(imp->root) ? json_node_get_object(imp->root) : NULL;
    const char *version = tgw_json_get_string(doc, "format_version");
    JsonObject *values = tgw_json_get_object(doc, "values");
    JsonObject *planned = tgw_json_get_object(doc, "planned_values");
    guint64 major = 0;
    char *end = NULL;

    if (doc == NULL || version == NULL ||
        (values == NULL && planned == NULL && !json_object_has_member(doc, "terraform_version")))
        return imp_fail(imp, NULL,
                        "not a Terraform document: expected the output of `terraform show "
                        "-json` (an object with format_version and values, or planned_values for "
                        "a plan)");
    major = g_ascii_strtoull(version, &end, 10);
    if (end == version || (*end != '.' && *end != '\0') || major > 1)
        return imp_fail(imp, NULL,
                        "format_version \"%s\" is not one tgwsim reads: it knows 0.x and 1.x "
                        "(Terraform 0.12 and later); a new major version may have changed the "
                        "layout",
                        version);
    imp->plan = planned != NULL;
    if (planned != NULL) {
        JsonObject *prior = tgw_json_get_object(tgw_json_get_object(doc, "prior_state"), "values");
        if (!read_module(imp, tgw_json_get_object(planned, "root_module"), FALSE, 0))
            return FALSE;
        read_changes(imp, tgw_json_get_array(doc, "resource_changes"));
        if (!read_module(imp, tgw_json_get_object(prior, "root_module"), TRUE, 0))
            return FALSE;
        imp->config = tgw_json_get_object(tgw_json_get_object(doc, "configuration"), "root_module");
    } else if (values != NULL &&
               !read_module(imp, tgw_json_get_object(values, "root_module"), FALSE, 0)) {
        return FALSE;
    }
    return TRUE;
}

/* ---- resolve --------------------------------------------------------------------------------- */

/* obj's member block when it is a list of objects (a nested block), its first element */
static JsonObject *
nested(JsonObject *obj, const char *block)
{
    return block != NULL ? tgw_json_get_block(obj, block) : obj;
}

gboolean
imp_unknown(const Res *r, const char *attr)
{
    JsonObject *u = nested(r->unknown, r->block);
    JsonNode *n = u != NULL ? json_object_get_member(u, attr) : NULL;
    if (n == NULL)
        return FALSE;
    if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN)
        return json_node_get_boolean(n);
    if (JSON_NODE_HOLDS_ARRAY(n)) {
        JsonArray *a = json_node_get_array(n);
        for (guint i = 0; i < json_array_get_length(a); i++) {
            JsonNode *e = json_array_get_element(a, i);
            if (JSON_NODE_HOLDS_VALUE(e) && json_node_get_value_type(e) == G_TYPE_BOOLEAN &&
                json_node_get_boolean(e))
                return TRUE;
        }
    }
    return FALSE;
}

/* the configuration's resource block of r (plans only), or NULL */
static JsonObject *
config_of(Imp *imp, const Res *r)
{
    JsonObject *module = imp->config;
    g_auto(GStrv) parts = g_strsplit(r->module, ".", -1);
    JsonArray *resources = NULL;

    /* "module.a.module.b" -> module_calls.a.module.module_calls.b.module (keys dropped) */
    for (guint i = 0; module != NULL && parts[i] != NULL && parts[i + 1] != NULL; i += 2) {
        g_autofree char *call = g_strdup(parts[i + 1]);
        char *bracket = strchr(call, '[');
        if (bracket != NULL)
            *bracket = '\0';
        module = tgw_json_get_object(
            tgw_json_get_object(tgw_json_get_object(module, "module_calls"), call), "module");
    }
    resources = tgw_json_get_array(module, "resources");
    for (guint i = 0; resources != NULL && i < json_array_get_length(resources); i++) {
        JsonNode *n = json_array_get_element(resources, i);
        JsonObject *o = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        if (g_strcmp0(tgw_json_get_string(o, "address"), r->config_addr) == 0)
            return o;
    }
    return NULL;
}

/* adds to out the instances a configuration reference names ("aws_vpc.main.id",
 * "aws_subnet.private[0]", "aws_subnet.private" for all of them), of type want */
static void
add_referenced(Imp *imp, const Res *from, const char *ref, const char *want, GPtrArray *out)
{
    g_autofree char *path = NULL;
    g_auto(GStrv) parts = NULL;
    if (!g_str_has_prefix(ref, want) || ref[strlen(want)] != '.')
        return;
    /* TYPE.NAME[KEY] with the attribute after it dropped */
    parts = g_strsplit(ref + strlen(want) + 1, ".", 2);
    path = from->module[0] != '\0' ? g_strdup_printf("%s.%s.%s", from->module, want, parts[0])
                                   : g_strdup_printf("%s.%s", want, parts[0]);
    if (g_hash_table_contains(imp->by_address, path)) {
        Res *r = g_hash_table_lookup(imp->by_address, path);
        if (!g_ptr_array_find(out, r, NULL))
            g_ptr_array_add(out, r);
        return;
    }
    /* every instance of a counted or for_each resource */
    for (guint i = 0; i < imp->res->len; i++) {
        Res *r = imp->res->pdata[i];
        if (g_str_has_prefix(r->address, path) && r->address[strlen(path)] == '[' &&
            !g_ptr_array_find(out, r, NULL))
            g_ptr_array_add(out, r);
    }
}

/* the resources of type want that attribute attr of r names: by ID when the value is known, by
 * the configuration's references when it is not (a plan that creates both); each ID that names
 * nothing in the input is appended to dangling when given */
GPtrArray *
imp_refs(Imp *imp, const Res *r, const char *attr, const char *want, GPtrArray *dangling)
{
    GPtrArray *out = g_ptr_array_new();
    JsonNode *n = r->values != NULL ? json_object_get_member(r->values, attr) : NULL;
    g_autoptr(GPtrArray) ids = g_ptr_array_new();

    if (n != NULL && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
        g_ptr_array_add(ids, (gpointer) json_node_get_string(n));
    else if (n != NULL && JSON_NODE_HOLDS_ARRAY(n)) {
        g_ptr_array_unref(ids);
        ids = tgw_json_get_strings(r->values, attr);
    }
    for (guint i = 0; i < ids->len; i++) {
        Res *t = g_hash_table_lookup(imp->by_id, ids->pdata[i]);
        if (t != NULL && g_str_equal(t->type, want) && !t->data) {
            if (!g_ptr_array_find(out, t, NULL))
                g_ptr_array_add(out, t);
        } else if (dangling != NULL) {
            g_ptr_array_add(dangling, ids->pdata[i]);
        }
    }
    if (imp_unknown(r, attr) && imp->config != NULL) {
        JsonObject *exprs = nested(tgw_json_get_object(config_of(imp, r), "expressions"), r->block);
        JsonObject *expr = tgw_json_get_object(exprs, attr);
        g_autoptr(GPtrArray) refs = tgw_json_get_strings(expr, "references");
        for (guint i = 0; i < refs->len; i++)
            add_referenced(imp, r, refs->pdata[i], want, out);
    }
    return out;
}

Res *
imp_ref(Imp *imp, const Res *r, const char *attr, const char *want)
{
    g_autoptr(GPtrArray) all = imp_refs(imp, r, attr, want, NULL);
    return all->len > 0 ? all->pdata[0] : NULL;
}

/* what an ID that names no managed resource is, for a message */
char *
imp_describe_missing(Imp *imp, const char *id)
{
    Res *t = id != NULL ? g_hash_table_lookup(imp->by_id, id) : NULL;
    if (t != NULL && t->data)
        return g_strdup_printf("'%s' (read by the data source %s, not managed in this input)", id,
                               t->address);
    return g_strdup_printf("'%s' (not in this input: another state or a data source?)",
                           id != NULL ? id : "?");
}

/* ---- names ----------------------------------------------------------------------------------- */

/* a scenario name from a Terraform address: module names, the resource name and its key, joined
 * by '-' ("module.net.aws_subnet.private[0]" -> "net-private-0"), unique within scope */
const char *
imp_name(Imp *imp, Res *r, const char *scope)
{
    g_autoptr(GString) s = g_string_new(NULL);
    const char *p = r->address;

    if (r->name != NULL)
        return r->name;
    /* modules */
    while (g_str_has_prefix(p, "module.")) {
        const char *start = p + strlen("module.");
        const char *end = start;
        while (*end != '\0' && *end != '.' && *end != '[')
            end++;
        g_string_append_len(s, start, end - start);
        g_string_append_c(s, '-');
        if (*end == '[') {
            const char *close = strchr(end, ']');
            if (close == NULL)
                break;
            g_string_append_len(s, end + 1, close - end - 1);
            g_string_append_c(s, '-');
            end = close + 1;
        }
        p = *end == '.' ? end + 1 : end;
    }
    /* TYPE.NAME[KEY] */
    {
        const char *dot = strchr(p, '.');
        const char *name = dot != NULL ? dot + 1 : p;
        const char *bracket = strchr(name, '[');
        g_string_append_len(s, name, bracket != NULL ? bracket - name : (gssize) strlen(name));
        if (bracket != NULL) {
            const char *close = strrchr(bracket, ']');
            g_string_append_c(s, '-');
            g_string_append_len(s, bracket + 1,
                                close != NULL ? close - bracket - 1 : (gssize) strlen(bracket + 1));
        }
    }
    r->name = imp_doc_unique_name(imp->doc, scope, s->str, r->type);
    return r->name;
}

/* ---- the importer ------------------------------------------------------------------------------
 */

/* whether the loader takes the document written; if not, imp->error says why, near which
 * Terraform address */
static gboolean
loads(Imp *imp, const char *xml)
{
    g_autofree char *why = imp_doc_refusal(xml);
    return why == NULL || imp_fail(imp, NULL, "%s", why);
}

TgwImport *
tgw_import_terraform(const char *data, gsize len, const char *file, GError **error)
{
    Imp imp = {0};
    TgwImport *out = NULL;

    imp.file = file;
    imp.root = tgw_json_read(data, len, file, error);
    if (imp.root == NULL)
        return NULL;
    imp.res = g_ptr_array_new_with_free_func(res_free);
    imp.by_address = g_hash_table_new(g_str_hash, g_str_equal);
    imp.by_id = g_hash_table_new(g_str_hash, g_str_equal);
    imp.by_type =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
    imp.none = g_ptr_array_new();
    imp.warnings = g_ptr_array_new_with_free_func(g_free);
    if (read_document(&imp)) {
        char *xml = imp_write(&imp);
        if (xml != NULL && !loads(&imp, xml))
            g_clear_pointer(&xml, g_free);
        if (xml != NULL) {
            out = g_new0(TgwImport, 1);
            out->xml = xml;
            out->warnings = g_ptr_array_ref(imp.warnings);
            out->placeholders = imp.placeholders;
            out->resources_read = imp.mapped;
        }
    }
    if (out == NULL && imp.error != NULL)
        g_propagate_error(error, g_steal_pointer(&imp.error));
    else if (out == NULL)
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED, "%s: cannot import", file);
    g_clear_error(&imp.error);
    g_ptr_array_unref(imp.res);
    g_hash_table_unref(imp.by_address);
    g_hash_table_unref(imp.by_id);
    g_hash_table_unref(imp.by_type);
    g_ptr_array_unref(imp.none);
    g_ptr_array_unref(imp.warnings);
    json_node_unref(imp.root);
    return out;
}
