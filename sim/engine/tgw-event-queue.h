/* tgw-event-queue.h: the future-event list of the simulation engine.
 *
 * An array-backed heap of small plain events ordered by (time, payload, sequence number): no
 * allocation per event (the array grows by doubling and is reused), no GSequence/GTree (3-12x
 * slower here, see ../shared/reference/style-anchors.md A3). Same-time events go by payload (kind,
 * then entity) and then first scheduled, first served; the sequence number doubles as the event's
 * identity for lazy cancellation: an entity keeps the seq of its one live timer and ignores popped
 * events whose seq differs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    gint64 time;     /* simulated milliseconds */
    guint32 seq;     /* order of scheduling; wraps after 2^32, compared wrap-safely */
    guint32 payload; /* kind and entity index, packed by the engine */
} TgwEvent;

G_STATIC_ASSERT(sizeof(TgwEvent) == 16);

typedef struct _TgwEventQueue TgwEventQueue;

TgwEventQueue *tgw_event_queue_new(void);
void tgw_event_queue_free(TgwEventQueue *queue);
/* schedules an event; returns its sequence number (never 0) */
guint32 tgw_event_queue_push(TgwEventQueue *queue, gint64 time, guint32 payload);
/* removes the earliest event into *out; FALSE when empty */
gboolean tgw_event_queue_pop(TgwEventQueue *queue, TgwEvent *out);
/* pop, but only if the earliest event's time is <= until: the run loop's one call per event */
gboolean tgw_event_queue_pop_until(TgwEventQueue *queue, gint64 until, TgwEvent *out);
/* the earliest event without removing it; NULL when empty */
const TgwEvent *tgw_event_queue_peek(const TgwEventQueue *queue);
/* the event a second pop would return (the least of the root's children), NULL when fewer than
 * two are pending; a look-ahead for prefetching, valid until the next push or pop */
const TgwEvent *tgw_event_queue_peek_second(const TgwEventQueue *queue);
guint tgw_event_queue_len(const TgwEventQueue *queue);
void tgw_event_queue_clear(TgwEventQueue *queue);
/* the seq the next push gets (0 means 1); for tests of the wrap past 2^32 */
void tgw_event_queue_set_next_seq(TgwEventQueue *queue, guint32 seq);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwEventQueue, tgw_event_queue_free)

G_END_DECLS
