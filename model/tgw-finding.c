/* tgw-finding.c: finding lists (see tgw-finding.h). */
#include "tgw-finding.h"

#include <string.h>

struct _TgwFindings {
    GPtrArray *items; /* TgwFinding* */
    gboolean sorted;
};

const char *
tgw_severity_name(TgwSeverity severity)
{
    switch (severity) {
    case TGW_SEVERITY_INFO:
        return "info";
    case TGW_SEVERITY_WARNING:
        return "warning";
    case TGW_SEVERITY_ERROR:
        return "error";
    }
    return "unknown";
}

gboolean
tgw_severity_parse(const char *text, TgwSeverity *out)
{
    for (TgwSeverity s = TGW_SEVERITY_INFO; s <= TGW_SEVERITY_ERROR; s++) {
        if (g_str_equal(text, tgw_severity_name(s))) {
            *out = s;
            return TRUE;
        }
    }
    return FALSE;
}

static void
finding_free(gpointer data)
{
    TgwFinding *f = data;
    g_free(f->code);
    g_free(f->file);
    g_free(f->message);
    g_free(f);
}

TgwFindings *
tgw_findings_new(void)
{
    TgwFindings *findings = g_new0(TgwFindings, 1);
    findings->items = g_ptr_array_new_with_free_func(finding_free);
    findings->sorted = TRUE;
    return findings;
}

void
tgw_findings_free(TgwFindings *findings)
{
    if (findings == NULL)
        return;
    g_ptr_array_unref(findings->items);
    g_free(findings);
}

/* the longest message kept: a value quoted from a huge attribute is cut, not printed whole */
#define MAX_MESSAGE 2000

/* a finding is one line: control characters that came from the input (a newline in an attribute
 * value or a --set argument) are written as escapes, so no input can forge a line of its own; a
 * message longer than MAX_MESSAGE bytes is cut at a character boundary and marked */
static char *
one_line(const char *message)
{
    GString *out = NULL;
    const char *p = message;
    gsize len = 0;

    while (*p != '\0' && (guchar) *p >= 0x20 && *p != 0x7f)
        p++;
    len = *p == '\0' ? (gsize) (p - message) : strlen(message);
    if (*p == '\0' && len <= MAX_MESSAGE)
        return g_strdup(message);
    out = g_string_sized_new(MIN(len, MAX_MESSAGE) + 16);
    for (p = message; *p != '\0' && out->len < MAX_MESSAGE; p++) {
        guchar c = (guchar) *p;
        if (c == '\n')
            g_string_append(out, "\\n");
        else if (c == '\r')
            g_string_append(out, "\\r");
        else if (c == '\t')
            g_string_append(out, "\\t");
        else if (c < 0x20 || c == 0x7f)
            g_string_append_printf(out, "\\x%02x", c);
        else
            g_string_append_c(out, *p);
    }
    if (*p != '\0') {
        /* cut before a partial UTF-8 sequence: drop continuation bytes and their lead byte */
        while (out->len > 0 && ((guchar) out->str[out->len - 1] & 0xC0) == 0x80)
            g_string_truncate(out, out->len - 1);
        if (out->len > 0 && (guchar) out->str[out->len - 1] >= 0xC0)
            g_string_truncate(out, out->len - 1);
        g_string_append_printf(out, " [... %" G_GSIZE_FORMAT " more bytes]",
                               len - (gsize) (p - message));
    }
    return g_string_free(out, FALSE);
}

void
tgw_findings_add_literal(TgwFindings *findings, TgwSeverity severity, const char *code,
                         const char *file, int line, const char *message)
{
    TgwFinding *f = g_new0(TgwFinding, 1);
    f->severity = severity;
    f->code = g_strdup(code);
    f->file = g_strdup(file != NULL ? file : "<input>");
    f->line = line;
    f->message = one_line(message != NULL ? message : "");
    f->order = findings->items->len;
    g_ptr_array_add(findings->items, f);
    findings->sorted = FALSE;
}

void
tgw_findings_add(TgwFindings *findings, TgwSeverity severity, const char *code, const char *file,
                 int line, const char *format, ...)
{
    va_list ap;
    g_autofree char *message = NULL;
    va_start(ap, format);
    message = g_strdup_vprintf(format, ap);
    va_end(ap);
    tgw_findings_add_literal(findings, severity, code, file, line, message);
}

guint
tgw_findings_len(const TgwFindings *findings)
{
    return findings->items->len;
}

static gint
finding_compare(gconstpointer pa, gconstpointer pb)
{
    const TgwFinding *a = *(const TgwFinding *const *) pa, *b = *(const TgwFinding *const *) pb;
    int c = strcmp(a->file, b->file);
    if (c != 0)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

const TgwFinding *
tgw_findings_get(TgwFindings *findings, guint index)
{
    if (!findings->sorted) {
        g_ptr_array_sort(findings->items, finding_compare);
        findings->sorted = TRUE;
    }
    return g_ptr_array_index(findings->items, index);
}

guint
tgw_findings_count(const TgwFindings *findings, TgwSeverity severity)
{
    guint n = 0;
    for (guint i = 0; i < findings->items->len; i++)
        n += ((const TgwFinding *) findings->items->pdata[i])->severity == severity;
    return n;
}

gboolean
tgw_findings_has_errors(const TgwFindings *findings)
{
    return tgw_findings_count(findings, TGW_SEVERITY_ERROR) > 0;
}

TgwSeverity
tgw_findings_max_severity(const TgwFindings *findings)
{
    TgwSeverity max = TGW_SEVERITY_INFO;
    for (guint i = 0; i < findings->items->len; i++)
        max = MAX(max, ((const TgwFinding *) findings->items->pdata[i])->severity);
    return max;
}

gboolean
tgw_findings_has_code(const TgwFindings *findings, const char *code)
{
    for (guint i = 0; i < findings->items->len; i++) {
        if (g_str_equal(((const TgwFinding *) findings->items->pdata[i])->code, code))
            return TRUE;
    }
    return FALSE;
}

char *
tgw_finding_to_string(const TgwFinding *f)
{
    if (f->line > 0)
        return g_strdup_printf("%s:%d: %s: %s: %s", f->file, f->line,
                               tgw_severity_name(f->severity), f->code, f->message);
    return g_strdup_printf("%s: %s: %s: %s", f->file, tgw_severity_name(f->severity), f->code,
                           f->message);
}

void
tgw_findings_print(TgwFindings *findings, FILE *out)
{
    for (guint i = 0; i < tgw_findings_len(findings); i++) {
        g_autofree char *line = tgw_finding_to_string(tgw_findings_get(findings, i));
        fprintf(out, "%s\n", line);
    }
}
