/* tgw-xml.c: reading scenario XML safely and validating it against the embedded XSD. */
#include "tgw-xml.h"

#include <gio/gio.h>

#include "tgw-resources.h"
#include <libxml/xmlschemas.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlParserCtxt, xmlFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlSchemaValidCtxt, xmlSchemaFreeValidCtxt)

typedef struct {
    const char *file;
    TgwFindings *findings;
    const char *code;
    guint count;
    guint max_reported;
} ErrorSink;

/* libxml2 messages end with a newline, sometimes carry trailing spaces and a few have a second
 * line ("Bytes: 0xFF ..."); a finding is printed on one line */
static char *
clean_message(const char *message)
{
    char *copy = g_strdup(message != NULL ? message : "unknown XML error");
    g_strstrip(copy);
    for (char *p = copy; *p != '\0'; p++) {
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    }
    return copy;
}

static void
collect_error(void *data, xmlErrorPtr err)
{
    ErrorSink *sink = data;
    g_autofree char *message = NULL;

    if (err == NULL || err->level == XML_ERR_WARNING)
        return;
    sink->count++;
    if (sink->count > sink->max_reported)
        return; /* the first errors explain the rest; a flood helps nobody */
    message = clean_message(err->message);
    if (strstr(message, "Excessive depth") != NULL) {
        /* libxml2's advice (XML_PARSE_HUGE) is for programmers; say what the limit is instead */
        g_free(message);
        message = g_strdup("the elements nest more than 256 deep; a scenario nests at most a few "
                           "levels (scenario, vpc, route-table, route)");
    }
    tgw_findings_add_literal(sink->findings, TGW_SEVERITY_ERROR, sink->code, sink->file, err->line,
                             message);
}

static gboolean
looks_binary(const char *data, gsize len)
{
    return memchr(data, '\0', len) != NULL;
}

/* the end of the first occurrence of needle at or after p, or end */
static const char *
skip_past(const char *p, const char *end, const char *needle)
{
    gsize n = strlen(needle);
    while (p + n <= end) {
        const char *hit = memchr(p, needle[0], (gsize) (end - p));
        if (hit == NULL || hit + n > end)
            return end;
        if (memcmp(hit, needle, n) == 0)
            return hit + n;
        p = hit + 1;
    }
    return end;
}

/* counts start tags and the attributes of each on the raw text (comments, CDATA sections,
 * processing instructions and declarations skipped; quotes respected), refusing a file over
 * TGW_XML_MAX_ELEMENTS or a tag over TGW_XML_MAX_ATTRIBUTES before any parsing; one pass, no
 * allocation. An upper bound on what the parser would build: text it would reject anyway may be
 * counted too. */
static gboolean
prescan_within_limits(const char *data, gsize len, const char *file, TgwFindings *findings)
{
    const char *p = data, *end = data + len;
    guint elements = 0;
    int line = 1;

    while (p < end) {
        const char *lt = memchr(p, '<', (gsize) (end - p));
        const char *tag = NULL;
        guint attributes = 0;
        char quote = 0;

        for (const char *q = p; lt != NULL && q < lt; q++)
            line += *q == '\n';
        if (lt == NULL || lt + 1 >= end)
            break;
        if (lt[1] == '!' || lt[1] == '?' || lt[1] == '/') {
            const char *next =
                lt[1] == '?'                                       ? skip_past(lt, end, "?>")
                : end - lt >= 4 && memcmp(lt, "<!--", 4) == 0      ? skip_past(lt, end, "-->")
                : end - lt >= 9 && memcmp(lt, "<![CDATA[", 9) == 0 ? skip_past(lt, end, "]]>")
                                                                   : skip_past(lt, end, ">");
            for (const char *q = lt; q < next; q++)
                line += *q == '\n';
            p = next;
            continue;
        }
        if (++elements > TGW_XML_MAX_ELEMENTS) {
            tgw_findings_add(findings, TGW_SEVERITY_ERROR, "LIMIT-FILE", file, line,
                             "the file has more than %d elements; scenarios are at most %d "
                             "(split it, or generate fewer objects)",
                             TGW_XML_MAX_ELEMENTS, TGW_XML_MAX_ELEMENTS);
            return FALSE;
        }
        tag = lt;
        for (p = lt + 1; p < end; p++) {
            if (*p == '\n')
                line++;
            if (quote != 0) {
                if (*p == quote)
                    quote = 0;
            } else if (*p == '"' || *p == '\'') {
                quote = *p;
            } else if (*p == '=') {
                attributes++;
            } else if (*p == '>') {
                p++;
                break;
            }
        }
        if (attributes > TGW_XML_MAX_ATTRIBUTES) {
            int tag_line = line;
            for (const char *q = tag; q < p; q++)
                tag_line -= *q == '\n';
            tgw_findings_add(findings, TGW_SEVERITY_ERROR, "LIMIT-FILE", file, tag_line,
                             "an element has %u attributes; at most %d are read (the schema "
                             "allows far fewer)",
                             attributes, TGW_XML_MAX_ATTRIBUTES);
            return FALSE;
        }
    }
    return TRUE;
}

xmlDoc *
tgw_xml_read(const char *data, gsize len, const char *file, TgwFindings *findings)
{
    g_autoptr(xmlParserCtxt) ctxt = NULL;
    ErrorSink sink = {file, findings, "XML-PARSE", 0, 1};
    xmlDoc *doc = NULL;
    gsize i = 0;

    while (i < len && g_ascii_isspace(data[i]))
        i++;
    if (i == len) {
        tgw_findings_add_literal(findings, TGW_SEVERITY_ERROR, "FILE-EMPTY", file, 0,
                                 "the file is empty; a scenario starts with "
                                 "<scenario version=\"1\" name=\"...\">");
        return NULL;
    }
    if (looks_binary(data, len)) {
        tgw_findings_add_literal(findings, TGW_SEVERITY_ERROR, "FILE-BINARY", file, 0,
                                 "the file holds binary data (a NUL byte), not XML text; give a "
                                 "scenario XML file");
        return NULL;
    }
    if (len > TGW_XML_MAX_BYTES || len > G_MAXINT) {
        tgw_findings_add(findings, TGW_SEVERITY_ERROR, "LIMIT-FILE", file, 0,
                         "the file is %" G_GSIZE_FORMAT " bytes; scenarios are at most %d MiB", len,
                         TGW_XML_MAX_BYTES / (1024 * 1024));
        return NULL;
    }
    {
        /* refuse DTDs before libxml2 sees them: no entity declarations are parsed at all */
        const char *doctype = g_strstr_len(data, (gssize) len, "<!DOCTYPE");
        if (doctype != NULL) {
            int line = 1;
            for (const char *p = data; p < doctype; p++)
                line += *p == '\n';
            tgw_findings_add_literal(findings, TGW_SEVERITY_ERROR, "XML-DTD", file, line,
                                     "the file has a <!DOCTYPE>; scenarios may not declare DTDs "
                                     "or entities (they are refused for safety): remove the "
                                     "DOCTYPE");
            return NULL;
        }
    }
    if (!prescan_within_limits(data, len, file, findings))
        return NULL;
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL)
        g_error("out of memory creating an XML parser");
    xmlSetStructuredErrorFunc(&sink, collect_error);
    /* NONET: no fetching; no NOENT/DTDLOAD/DTDATTR: entities stay unexpanded, no DTD is loaded */
    doc = xmlCtxtReadMemory(ctxt, data, (int) len, file, NULL,
                            XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc == NULL || !ctxt->wellFormed) {
        if (sink.count == 0)
            tgw_findings_add_literal(findings, TGW_SEVERITY_ERROR, "XML-PARSE", file, 0,
                                     "the file is not well-formed XML");
        if (doc != NULL)
            xmlFreeDoc(doc);
        return NULL;
    }
    if (doc->intSubset != NULL || doc->extSubset != NULL) {
        xmlNode *dtd = (xmlNode *) (doc->intSubset != NULL ? doc->intSubset : doc->extSubset);
        tgw_findings_add_literal(findings, TGW_SEVERITY_ERROR, "XML-DTD", file, tgw_xml_line(dtd),
                                 "the file has a <!DOCTYPE>; scenarios may not declare DTDs or "
                                 "entities (they are refused for safety): remove the DOCTYPE");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

static xmlSchema *
scenario_schema(void)
{
    static gsize once = 0;
    static xmlSchema *schema = NULL;

    if (g_once_init_enter(&once)) {
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) bytes = g_resource_lookup_data(
            tgw_get_resource(), "/org/tgwsim/scenario.xsd", G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
        xmlSchemaParserCtxt *pctxt = NULL;
        gsize len = 0;
        const char *data = NULL;

        if (bytes == NULL)
            g_error("the embedded scenario schema is missing: %s", error->message);
        data = g_bytes_get_data(bytes, &len);
        pctxt = xmlSchemaNewMemParserCtxt(data, (int) len);
        schema = xmlSchemaParse(pctxt);
        xmlSchemaFreeParserCtxt(pctxt);
        if (schema == NULL)
            g_error("the embedded scenario schema does not parse");
        g_once_init_leave(&once, 1);
    }
    return schema;
}

gboolean
tgw_xml_validate(xmlDoc *doc, const char *file, TgwFindings *findings)
{
    g_autoptr(xmlSchemaValidCtxt) vctxt = xmlSchemaNewValidCtxt(scenario_schema());
    ErrorSink sink = {file, findings, "XML-SCHEMA", 0, 50};
    int rc = 0;

    xmlSchemaSetValidStructuredErrors(vctxt, collect_error, &sink);
    rc = xmlSchemaValidateDoc(vctxt, doc);
    if (rc != 0 && sink.count == 0)
        tgw_findings_add_literal(findings, TGW_SEVERITY_ERROR, "XML-SCHEMA", file, 0,
                                 "the document does not follow scenarios/scenario.xsd");
    if (sink.count > sink.max_reported)
        tgw_findings_add(findings, TGW_SEVERITY_ERROR, "XML-SCHEMA", file, 0,
                         "%u more schema errors not shown", sink.count - sink.max_reported);
    return rc == 0;
}

char *
tgw_xml_prop(xmlNode *node, const char *name)
{
    xmlChar *value = xmlGetNoNsProp(node, (const xmlChar *) name);
    char *copy = NULL;
    if (value == NULL)
        return NULL;
    copy = g_strdup((const char *) value);
    xmlFree(value);
    return copy;
}

int
tgw_xml_line(xmlNode *node)
{
    long line = xmlGetLineNo(node);
    return line < 0 || line > G_MAXINT ? 0 : (int) line;
}

gboolean
tgw_xml_is(xmlNode *node, const char *name)
{
    return node != NULL && node->type == XML_ELEMENT_NODE &&
           xmlStrEqual(node->name, (const xmlChar *) name);
}
