/* tgw-engine.c: the run loop that turns the future-event list into calls into the simulation.
 *
 * The simulation (sim/cluster/) owns every entity and registers one handler per event kind; the
 * engine only keeps the clock, the queue (tgw-event-queue.c) and a counter per kind for the run's
 * statistics. An event's 32-bit payload is the kind in the top 8 bits and the entity index in the
 * low 24, so an event stays 16 bytes and dispatch is one shift and one table load: no hash lookup,
 * no allocation and no logging happen between popping an event and calling its handler (design.md
 * §10 budgets 3 M events/s for the whole model; the bare queue does several times that). Before
 * each handler the engine shows the model the next two events through an optional per-kind
 * prefetch hook: a model whose entities do not fit in cache spends most of an event waiting for
 * them, and the queue knows which ones come next long before their handlers run.
 *
 * Scheduling into the past is a programming error, reported with g_return_val_if_fail (a
 * critical, fatal under the tests' G_DEBUG=fatal-criticals) and answered with seq 0, which no
 * event ever has: the event is dropped rather than clamped to now. Clamping would hide a model
 * bug behind a plausible-looking trajectory; dropping it makes the bug loud in every test. */
#include "tgw-engine.h"

#include "tgw-event-queue.h"

#define KIND_SHIFT 24

G_STATIC_ASSERT(TGW_ENGINE_MAX_KINDS <= (1u << (32 - KIND_SHIFT)));
G_STATIC_ASSERT(TGW_ENGINE_MAX_ID == (1u << KIND_SHIFT) - 1);

typedef struct {
    TgwEventHandler handler;
    TgwEventPrefetch prefetch;
    char *name;
} Kind;

struct _TgwEngine {
    gpointer model;
    TgwEventQueue *queue;
    gint64 now;
    guint64 events;
    gboolean stopping;
    Kind kinds[TGW_ENGINE_MAX_KINDS];
    guint64 kind_events[TGW_ENGINE_MAX_KINDS];
};

TgwEngine *
tgw_engine_new(gpointer model)
{
    TgwEngine *engine = g_new0(TgwEngine, 1);
    engine->model = model;
    engine->queue = tgw_event_queue_new();
    return engine;
}

void
tgw_engine_free(TgwEngine *engine)
{
    if (engine == NULL)
        return;
    for (guint i = 0; i < TGW_ENGINE_MAX_KINDS; i++)
        g_free(engine->kinds[i].name);
    tgw_event_queue_free(engine->queue);
    g_free(engine);
}

void
tgw_engine_register(TgwEngine *engine, guint kind, const char *name, TgwEventHandler handler)
{
    g_return_if_fail(engine != NULL);
    g_return_if_fail(kind < TGW_ENGINE_MAX_KINDS);
    g_return_if_fail(name != NULL);
    g_return_if_fail(handler != NULL);

    engine->kinds[kind].handler = handler;
    g_free(engine->kinds[kind].name);
    engine->kinds[kind].name = g_strdup(name);
}

void
tgw_engine_set_prefetch(TgwEngine *engine, guint kind, TgwEventPrefetch prefetch)
{
    g_return_if_fail(engine != NULL);
    g_return_if_fail(kind < TGW_ENGINE_MAX_KINDS);

    engine->kinds[kind].prefetch = prefetch;
}

guint32
tgw_engine_schedule(TgwEngine *engine, gint64 time, guint kind, guint32 id)
{
    g_return_val_if_fail(engine != NULL, 0);
    g_return_val_if_fail(kind < TGW_ENGINE_MAX_KINDS, 0);
    /* checked here, once per event, so that the run loop can call the handler blindly */
    g_return_val_if_fail(engine->kinds[kind].handler != NULL, 0);
    g_return_val_if_fail(id <= TGW_ENGINE_MAX_ID, 0);
    g_return_val_if_fail(time >= engine->now, 0);

    return tgw_event_queue_push(engine->queue, time, ((guint32) kind << KIND_SHIFT) | id);
}

static inline void
prefetch(TgwEngine *engine, const TgwEvent *event, guint ahead)
{
    if (event != NULL) {
        const Kind *k = &engine->kinds[event->payload >> KIND_SHIFT];
        if (k->prefetch != NULL)
            k->prefetch(engine->model, event->payload & TGW_ENGINE_MAX_ID, ahead);
    }
}

void
tgw_engine_run(TgwEngine *engine, gint64 until)
{
    TgwEventQueue *queue;
    gpointer model;
    TgwEvent event;

    g_return_if_fail(engine != NULL);
    g_return_if_fail(until >= engine->now);

    queue = engine->queue;
    model = engine->model;
    engine->stopping = FALSE;
    while (tgw_event_queue_pop_until(queue, until, &event)) {
        guint kind = event.payload >> KIND_SHIFT;

        /* the next events are usually the ones now at the top: their entities' memory can be on
         * its way while this one is handled (a model's dependent loads, pod -> node -> ENI, are
         * what an event waits for most) */
        prefetch(engine, tgw_event_queue_peek_second(queue), 1);
        prefetch(engine, tgw_event_queue_peek(queue), 0);

        engine->now = event.time;
        engine->events++;
        engine->kind_events[kind]++;
        engine->kinds[kind].handler(model, event.payload & TGW_ENGINE_MAX_ID, event.seq);
        if (G_UNLIKELY(engine->stopping))
            return; /* the clock stays at the event that asked to stop */
    }
    engine->now = until;
}

void
tgw_engine_stop(TgwEngine *engine)
{
    g_return_if_fail(engine != NULL);

    engine->stopping = TRUE;
}

gint64
tgw_engine_now(const TgwEngine *engine)
{
    g_return_val_if_fail(engine != NULL, 0);

    return engine->now;
}

guint64
tgw_engine_events(const TgwEngine *engine)
{
    g_return_val_if_fail(engine != NULL, 0);

    return engine->events;
}

guint64
tgw_engine_kind_events(const TgwEngine *engine, guint kind)
{
    g_return_val_if_fail(engine != NULL, 0);
    g_return_val_if_fail(kind < TGW_ENGINE_MAX_KINDS, 0);

    return engine->kind_events[kind];
}

const char *
tgw_engine_kind_name(const TgwEngine *engine, guint kind)
{
    g_return_val_if_fail(engine != NULL, NULL);
    g_return_val_if_fail(kind < TGW_ENGINE_MAX_KINDS, NULL);

    return engine->kinds[kind].name;
}

guint
tgw_engine_pending(const TgwEngine *engine)
{
    g_return_val_if_fail(engine != NULL, 0);

    return tgw_event_queue_len(engine->queue);
}
