/* tgw-error.c: the tgwsim GError domain. */
#include "tgw-error.h"

G_DEFINE_QUARK(tgw - error - quark, tgw_error)
