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

void
tgw_findings_add_literal(TgwFindings *findings, TgwSeverity severity, const char *code,
                         const char *file, int line, const char *message)
{
    TgwFinding *f = g_new0(TgwFinding, 1);
    f->severity = severity;
    f->code = g_strdup(code);
    f->file = g_strdup(file != NULL ? file : "<input>");
    f->line = line;
    f->message = g_strdup(message);
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
