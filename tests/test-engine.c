/* test-engine.c: the run loop: order, clock, counters, run(until), stop, lazy cancellation. */
#include "tgw-engine.h"

#include <string.h>

enum {
    KIND_ARRIVAL,
    KIND_TIMER,
    KIND_TICK,
    KIND_LAST = TGW_ENGINE_MAX_KINDS - 1,
};

typedef struct {
    guint32 live_seq; /* the seq of the entity's one live timer; 0: none */
    guint fired;
} Entity;

typedef struct {
    TgwEngine *engine;
    GString *log; /* "kind:id@time " per handled event */
    Entity entities[4];
    guint ignored;
    guint stop_after; /* stop when this many events were logged; 0: never */
    gint64 tick_every;
} Model;

static void
log_event(Model *model, guint kind, guint32 id)
{
    g_string_append_printf(model->log, "%u:%u@%" G_GINT64_FORMAT " ", kind, id,
                           tgw_engine_now(model->engine));
    if (model->stop_after > 0 && tgw_engine_events(model->engine) == model->stop_after)
        tgw_engine_stop(model->engine);
}

static void
on_arrival(gpointer data, guint32 id, guint32 seq)
{
    log_event(data, KIND_ARRIVAL, id);
}

static void
on_last(gpointer data, guint32 id, guint32 seq)
{
    log_event(data, KIND_LAST, id);
}

/* the lazy-cancellation pattern: act only on the event whose seq the entity kept */
static void
on_timer(gpointer data, guint32 id, guint32 seq)
{
    Model *model = data;
    Entity *entity = &model->entities[id];

    if (seq != entity->live_seq) {
        model->ignored++;
        return;
    }
    entity->live_seq = 0;
    entity->fired++;
    log_event(model, KIND_TIMER, id);
}

/* a periodic event that schedules its successor, as an ipamd tick would */
static void
on_tick(gpointer data, guint32 id, guint32 seq)
{
    Model *model = data;

    log_event(model, KIND_TICK, id);
    tgw_engine_schedule(model->engine, tgw_engine_now(model->engine) + model->tick_every, KIND_TICK,
                        id);
}

static void
model_init(Model *model)
{
    memset(model, 0, sizeof *model);
    model->engine = tgw_engine_new(model);
    model->log = g_string_new(NULL);
    tgw_engine_register(model->engine, KIND_ARRIVAL, "arrival", on_arrival);
    tgw_engine_register(model->engine, KIND_TIMER, "timer", on_timer);
    tgw_engine_register(model->engine, KIND_TICK, "tick", on_tick);
    tgw_engine_register(model->engine, KIND_LAST, "last", on_last);
}

static void
model_clear(Model *model)
{
    tgw_engine_free(model->engine);
    g_string_free(model->log, TRUE);
}

static void
test_order_and_counters(void)
{
    Model m;
    model_init(&m);

    g_assert_cmpint(tgw_engine_now(m.engine), ==, 0);
    g_assert_cmpstr(tgw_engine_kind_name(m.engine, KIND_TIMER), ==, "timer");
    g_assert_null(tgw_engine_kind_name(m.engine, 5)); /* never registered */

    /* scheduled out of order; t=30 twice (FIFO between kinds too); one event beyond until */
    tgw_engine_schedule(m.engine, 30, KIND_ARRIVAL, 1);
    tgw_engine_schedule(m.engine, 10, KIND_LAST, TGW_ENGINE_MAX_ID);
    tgw_engine_schedule(m.engine, 30, KIND_LAST, 2);
    tgw_engine_schedule(m.engine, 20, KIND_ARRIVAL, 0);
    tgw_engine_schedule(m.engine, 100, KIND_ARRIVAL, 3);
    g_assert_cmpuint(tgw_engine_pending(m.engine), ==, 5);

    /* until is inclusive: t=30 runs at until=30, t=100 waits; the clock ends at until */
    tgw_engine_run(m.engine, 30);
    g_assert_cmpstr(m.log->str, ==, "63:16777215@10 0:0@20 0:1@30 63:2@30 ");
    g_assert_cmpint(tgw_engine_now(m.engine), ==, 30);
    g_assert_cmpuint(tgw_engine_pending(m.engine), ==, 1);
    g_assert_cmpuint(tgw_engine_events(m.engine), ==, 4);
    g_assert_cmpuint(tgw_engine_kind_events(m.engine, KIND_ARRIVAL), ==, 2);
    g_assert_cmpuint(tgw_engine_kind_events(m.engine, KIND_LAST), ==, 2);
    g_assert_cmpuint(tgw_engine_kind_events(m.engine, KIND_TIMER), ==, 0);

    /* nothing due before 99: only the clock moves */
    tgw_engine_run(m.engine, 99);
    g_assert_cmpint(tgw_engine_now(m.engine), ==, 99);
    g_assert_cmpuint(tgw_engine_events(m.engine), ==, 4);

    /* scheduling at now is allowed and runs in the same run */
    tgw_engine_schedule(m.engine, 99, KIND_ARRIVAL, 4);
    tgw_engine_run(m.engine, 1000);
    g_assert_cmpstr(m.log->str, ==, "63:16777215@10 0:0@20 0:1@30 63:2@30 0:4@99 0:3@100 ");
    g_assert_cmpint(tgw_engine_now(m.engine), ==, 1000);
    g_assert_cmpuint(tgw_engine_pending(m.engine), ==, 0);
    g_assert_cmpuint(tgw_engine_events(m.engine), ==, 6);
    g_assert_cmpuint(tgw_engine_kind_events(m.engine, KIND_ARRIVAL), ==, 4);
    model_clear(&m);
}

static void
test_lazy_cancel(void)
{
    Model m;
    guint32 superseded;
    model_init(&m);

    /* entity 0: a timer at 100, replaced by an earlier one at 50 (the one at 100 is stale);
     * entity 1: a timer at 40, cancelled outright (live_seq = 0);
     * entity 2: a timer at 60, replaced by a later one at 200 (the one at 60 pops first and is
     *           stale: the entity must not fire early) */
    superseded = tgw_engine_schedule(m.engine, 100, KIND_TIMER, 0);
    m.entities[0].live_seq = tgw_engine_schedule(m.engine, 50, KIND_TIMER, 0);
    g_assert_cmpuint(superseded, !=, m.entities[0].live_seq);
    m.entities[1].live_seq = tgw_engine_schedule(m.engine, 40, KIND_TIMER, 1);
    m.entities[1].live_seq = 0;
    m.entities[2].live_seq = tgw_engine_schedule(m.engine, 60, KIND_TIMER, 2);
    m.entities[2].live_seq = tgw_engine_schedule(m.engine, 200, KIND_TIMER, 2);

    tgw_engine_run(m.engine, 1000);
    g_assert_cmpstr(m.log->str, ==, "1:0@50 1:2@200 ");
    g_assert_cmpuint(m.entities[0].fired, ==, 1);
    g_assert_cmpuint(m.entities[1].fired, ==, 0);
    g_assert_cmpuint(m.entities[2].fired, ==, 1);
    /* the engine counts every popped event, stale ones included: 5 popped, 3 ignored */
    g_assert_cmpuint(m.ignored, ==, 3);
    g_assert_cmpuint(tgw_engine_kind_events(m.engine, KIND_TIMER), ==, 5);
    model_clear(&m);
}

static void
test_self_scheduling_and_stop(void)
{
    Model m;
    model_init(&m);
    m.tick_every = 10;

    /* ticks at 0, 10, ..., 90 run before until=95; the one at 100 stays pending */
    tgw_engine_schedule(m.engine, 0, KIND_TICK, 7);
    tgw_engine_run(m.engine, 95);
    g_assert_cmpuint(tgw_engine_kind_events(m.engine, KIND_TICK), ==, 10);
    g_assert_cmpuint(tgw_engine_pending(m.engine), ==, 1);
    g_assert_cmpint(tgw_engine_now(m.engine), ==, 95);

    /* stop after the 13th event (t=120): the clock stays there, not at until */
    m.stop_after = 13;
    tgw_engine_run(m.engine, 1000);
    g_assert_cmpint(tgw_engine_now(m.engine), ==, 120);
    g_assert_cmpuint(tgw_engine_events(m.engine), ==, 13);
    g_assert_cmpuint(tgw_engine_pending(m.engine), ==, 1);

    /* a new run goes on from there (the stop applied to one run only) */
    m.stop_after = 0;
    tgw_engine_run(m.engine, 150);
    g_assert_cmpuint(tgw_engine_events(m.engine), ==, 16); /* 130, 140, 150 */
    g_assert_cmpint(tgw_engine_now(m.engine), ==, 150);
    g_assert_true(g_str_has_suffix(m.log->str, "2:7@120 2:7@130 2:7@140 2:7@150 "));
    model_clear(&m);
}

/* the prefetch hook hears of the next two events (ahead 1, the one after the next, then ahead 0)
 * before each event is handled, for its kind only; it changes nothing in the run */
static void
on_prefetch(gpointer data, guint32 id, guint ahead)
{
    Model *model = data;
    g_string_append_printf(model->log, "[%u%s] ", id, ahead == 0 ? "" : "+");
}

static void
test_prefetch_hint(void)
{
    Model m;
    model_init(&m);

    tgw_engine_set_prefetch(m.engine, KIND_ARRIVAL, on_prefetch);
    tgw_engine_schedule(m.engine, 40, KIND_ARRIVAL, 3);
    tgw_engine_schedule(m.engine, 10, KIND_ARRIVAL, 1);
    tgw_engine_schedule(m.engine, 20, KIND_LAST, 9);
    tgw_engine_schedule(m.engine, 30, KIND_ARRIVAL, 2);
    tgw_engine_run(m.engine, 100);
    /* before 1@10: next is the last-kind 9 (no hook), the one after is 2; before 9: 2 and 3 ... */
    g_assert_cmpstr(m.log->str, ==, "[2+] 0:1@10 [3+] [2] 63:9@20 [3] 0:2@30 0:3@40 ");
    model_clear(&m);
}

static void
test_programming_errors(void)
{
    Model m;
    model_init(&m);

    tgw_engine_run(m.engine, 100);

    /* the past is refused, not clamped: seq 0 (no event has it), nothing queued */
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*time >= engine->now*");
    g_assert_cmpuint(tgw_engine_schedule(m.engine, 99, KIND_ARRIVAL, 0), ==, 0);
    g_test_assert_expected_messages();

    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*id <= TGW_ENGINE_MAX_ID*");
    g_assert_cmpuint(tgw_engine_schedule(m.engine, 100, KIND_ARRIVAL, TGW_ENGINE_MAX_ID + 1), ==,
                     0);
    g_test_assert_expected_messages();

    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*kind < TGW_ENGINE_MAX_KINDS*");
    g_assert_cmpuint(tgw_engine_schedule(m.engine, 100, TGW_ENGINE_MAX_KINDS, 0), ==, 0);
    g_test_assert_expected_messages();

    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*handler != NULL*");
    g_assert_cmpuint(tgw_engine_schedule(m.engine, 100, 5, 0), ==, 0);
    g_test_assert_expected_messages();

    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*until >= engine->now*");
    tgw_engine_run(m.engine, 50);
    g_test_assert_expected_messages();

    g_assert_cmpuint(tgw_engine_pending(m.engine), ==, 0);
    g_assert_cmpint(tgw_engine_now(m.engine), ==, 100);
    model_clear(&m);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/engine/order-and-counters", test_order_and_counters);
    g_test_add_func("/engine/lazy-cancel", test_lazy_cancel);
    g_test_add_func("/engine/self-scheduling-and-stop", test_self_scheduling_and_stop);
    g_test_add_func("/engine/prefetch-hint", test_prefetch_hint);
    g_test_add_func("/engine/programming-errors", test_programming_errors);
    return g_test_run();
}
