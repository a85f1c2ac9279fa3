/* fuzz-common.h: what both libFuzzer harnesses (fuzz-scenario.c, fuzz-values.c) set up alike. */
#pragma once

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

/* GLib's fatal messages end in a breakpoint (SIGTRAP), which libFuzzer does not catch: abort()
 * instead, so that the input is saved as a crash */
static void
fuzz_abort_on_message(const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) {
        fprintf(stderr, "%s: %s\n", domain != NULL ? domain : "tgwsim", message);
        abort();
    }
}

/* libxml2's generic error messages, silenced: a harness's input is expected to be bad */
static void
fuzz_quiet_xml(void *ctx, const char *msg, ...)
{
}

/* every warning, critical or error from GLib or tgwsim is a finding of the fuzzer */
static inline void
fuzz_abort_on_glib_messages(void)
{
    g_log_set_default_handler(fuzz_abort_on_message, NULL);
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
}
