/* tgw-suggest.c: edit distance for "did you mean" messages. */
#include "tgw-suggest.h"

#include <string.h>

#define MAX_LEN 64

guint
tgw_edit_distance(const char *a, const char *b)
{
    guint la = (guint) MIN(strlen(a), MAX_LEN), lb = (guint) MIN(strlen(b), MAX_LEN);
    guint row[MAX_LEN + 1];

    for (guint j = 0; j <= lb; j++)
        row[j] = j;
    for (guint i = 1; i <= la; i++) {
        guint diag = row[0];
        row[0] = i;
        for (guint j = 1; j <= lb; j++) {
            guint up = row[j];
            guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + cost);
            diag = up;
        }
    }
    return row[lb];
}

gboolean
tgw_suggest_is_close(const char *name, const char *candidate, guint distance)
{
    gsize len = strlen(name);
    if (candidate == NULL || distance == 0)
        return FALSE;
    return distance <= 2 ? len >= 3 || distance == 1 : distance <= len / 3;
}

const char *
tgw_suggest(const char *name, const char *const *candidates)
{
    const char *best = NULL;
    guint best_distance = G_MAXUINT;
    for (guint i = 0; candidates != NULL && candidates[i] != NULL; i++) {
        guint d = tgw_edit_distance(name, candidates[i]);
        if (d < best_distance) {
            best_distance = d;
            best = candidates[i];
        }
    }
    return tgw_suggest_is_close(name, best, best_distance) ? best : NULL;
}
