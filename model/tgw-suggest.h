/* tgw-suggest.h: "did you mean" help for unknown names (edit distance). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Levenshtein distance, ASCII, capped at 64 characters per side */
guint tgw_edit_distance(const char *a, const char *b);
/* whether candidate at this distance is a plausible typo of name */
gboolean tgw_suggest_is_close(const char *name, const char *candidate, guint distance);
/* the closest of candidates (a NULL-terminated array of names), or NULL */
const char *tgw_suggest(const char *name, const char *const *candidates);

G_END_DECLS
