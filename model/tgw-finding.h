/* tgw-finding.h: findings, the messages of validation and design checks.
 *
 * A finding has a stable code (what tests and CI filters match on), a severity, the file and line
 * it is about and a message that says what is wrong and what would be right. Lists print as
 * "file:line: severity: CODE: message", sorted by file and line (then by the order found), so the
 * output is the same however the checks were ordered internally. */
#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    TGW_SEVERITY_INFO,
    TGW_SEVERITY_WARNING,
    TGW_SEVERITY_ERROR,
} TgwSeverity;

const char *tgw_severity_name(TgwSeverity severity);
gboolean tgw_severity_parse(const char *text, TgwSeverity *out);

typedef struct {
    TgwSeverity severity;
    char *code;
    char *file;
    int line; /* 0: the file as a whole */
    char *message;
    guint order; /* insertion order, for stable sorting */
} TgwFinding;

typedef struct _TgwFindings TgwFindings;

TgwFindings *tgw_findings_new(void);
void tgw_findings_free(TgwFindings *findings);
void tgw_findings_add(TgwFindings *findings, TgwSeverity severity, const char *code,
                      const char *file, int line, const char *format, ...) G_GNUC_PRINTF(6, 7);
void tgw_findings_add_literal(TgwFindings *findings, TgwSeverity severity, const char *code,
                              const char *file, int line, const char *message);
guint tgw_findings_len(const TgwFindings *findings);
/* sorted view; valid until the next add */
const TgwFinding *tgw_findings_get(TgwFindings *findings, guint index);
guint tgw_findings_count(const TgwFindings *findings, TgwSeverity severity);
gboolean tgw_findings_has_errors(const TgwFindings *findings);
TgwSeverity tgw_findings_max_severity(const TgwFindings *findings);
/* whether any finding has this code */
gboolean tgw_findings_has_code(const TgwFindings *findings, const char *code);
/* "file:line: severity: CODE: message" */
char *tgw_finding_to_string(const TgwFinding *finding);
void tgw_findings_print(TgwFindings *findings, FILE *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwFindings, tgw_findings_free)

G_END_DECLS
