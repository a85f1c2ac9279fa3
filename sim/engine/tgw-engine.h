/* tgw-engine.h: the discrete-event engine: clock, event kinds, handlers, run loop, counters.
 *
 * The engine knows nothing of AWS. A model registers handlers for event kinds (small integers)
 * and schedules (time, kind, id) events, where id indexes one of the model's entity tables. The
 * run loop pops events in (time, kind, id, seq) order, advances the clock and calls the kind's
 * handler. Same-instant events thus run in kind order, then entity order, then scheduling order.
 * Cancellation is lazy: schedule returns a sequence number; the model keeps it with the entity
 * and, when an event arrives whose seq is not the one it kept, ignores it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TGW_ENGINE_MAX_KINDS 64
#define TGW_ENGINE_MAX_ID    ((1u << 24) - 1)

typedef struct _TgwEngine TgwEngine;

/* called for each event of its kind; seq identifies the event (for lazy cancellation) */
typedef void (*TgwEventHandler)(gpointer model, guint32 id, guint32 seq);

/* optional, per kind: told the entities of the next two events before the current one is handled
 * (ahead 0: the next, ahead 1: the one after), so that the model can ask the memory system for
 * them early (__builtin_prefetch) and in stages: what it fetched for ahead 1 is at hand when the
 * same event comes again as ahead 0. It must change nothing; a wrong guess costs a prefetch. */
typedef void (*TgwEventPrefetch)(gpointer model, guint32 id, guint ahead);

TgwEngine *tgw_engine_new(gpointer model);
void tgw_engine_free(TgwEngine *engine);
/* kind < TGW_ENGINE_MAX_KINDS; name is for statistics */
void tgw_engine_register(TgwEngine *engine, guint kind, const char *name, TgwEventHandler handler);
void tgw_engine_set_prefetch(TgwEngine *engine, guint kind, TgwEventPrefetch prefetch);
/* schedules an event at an absolute time >= now; id <= TGW_ENGINE_MAX_ID; returns its seq */
guint32 tgw_engine_schedule(TgwEngine *engine, gint64 time, guint kind, guint32 id);
/* runs events with time <= until; the clock ends at until (or where tgw_engine_stop was called) */
void tgw_engine_run(TgwEngine *engine, gint64 until);
/* asks the run loop to return after the current event */
void tgw_engine_stop(TgwEngine *engine);
gint64 tgw_engine_now(const TgwEngine *engine);
/* events handled so far, in all and per kind */
guint64 tgw_engine_events(const TgwEngine *engine);
guint64 tgw_engine_kind_events(const TgwEngine *engine, guint kind);
const char *tgw_engine_kind_name(const TgwEngine *engine, guint kind);
guint tgw_engine_pending(const TgwEngine *engine);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwEngine, tgw_engine_free)

G_END_DECLS
