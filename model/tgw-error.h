/* tgw-error.h: the one GError domain of tgwsim and its codes.
 *
 * Every recoverable failure (bad input, I/O, store, limits) is reported as a GError in this domain;
 * programming errors use g_return_if_fail and assertions instead (GLib's rule). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TGW_ERROR (tgw_error_quark())

typedef enum {
    TGW_ERROR_INVALID, /* a value or a reference in the input is wrong */
    TGW_ERROR_PARSE,   /* the input cannot be read as XML or JSON */
    TGW_ERROR_IO,      /* a file cannot be read or written */
    TGW_ERROR_LIMIT,   /* a size or budget beyond what tgwsim accepts */
    TGW_ERROR_STORE,   /* the SQLite results store failed */
    TGW_ERROR_USAGE,   /* a command-line mistake */
    TGW_ERROR_NOT_FOUND,
    TGW_ERROR_FAILED,
    TGW_ERROR_NOT_CANONICAL, /* a value in a form that means something else: a CIDR with host
                              * bits set (the message names the canonical form) */
} TgwError;

GQuark tgw_error_quark(void);

G_END_DECLS
