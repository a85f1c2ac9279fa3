/* bench-heap.c: the bare-heap figure, the throughput of TgwEventQueue alone on this machine.
 *
 *   bench-heap [EVENTS]        (default 5,000,000 per population)
 *
 * The classic hold model (ns-3's utils/bench-scheduler, Jones's hold test): keep P events
 * pending; EVENTS times pop the earliest and push one at its time + Exp(mean 100). One event is
 * one pop plus one push, which is what the engine's run loop pays per event before any handler
 * runs, so this is the ceiling the design's events/s budget (design.md §10) is measured against.
 * It is a meson benchmark(), not a test: `meson test -C BUILD --benchmark`.
 *
 * The increments come from a precomputed table of 4096 exponential quantiles picked by a
 * xorshift generator, so neither log() nor GRand is timed: the figure is the heap's. They are
 * rounded to whole milliseconds like the engine's clock, which gives the ties (and the seq
 * comparisons) a millisecond clock really has. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "tgw-event-queue.h"

/* the name on the result lines; meson builds a binary-heap variant under another name */
#ifndef BENCH_LABEL
#define BENCH_LABEL "bare-heap"
#endif

#define MEAN_INCREMENT 100.0
#define TABLE_BITS     12
#define TABLE_SIZE     (1u << TABLE_BITS)

static guint16 increments[TABLE_SIZE];
static guint64 xorshift_state = 0x9E3779B97F4A7C15u;

static inline guint64
xorshift64(void)
{
    guint64 x = xorshift_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return xorshift_state = x;
}

static inline gint64
next_increment(void)
{
    return increments[xorshift64() >> (64 - TABLE_BITS)];
}

static void
fill_table(void)
{
    /* the mid-point quantiles of Exp(mean 100): an exact mean without sampling noise */
    for (guint i = 0; i < TABLE_SIZE; i++) {
        double u = (i + 0.5) / TABLE_SIZE;
        increments[i] = (guint16) lround(-MEAN_INCREMENT * log(u));
    }
}

static void
hold(guint pending, guint64 events)
{
    g_autoptr(TgwEventQueue) queue = tgw_event_queue_new();
    TgwEvent event = {0};
    gint64 now = 0, started, elapsed_us;
    guint64 checksum = 0;

    for (guint i = 0; i < pending; i++)
        tgw_event_queue_push(queue, next_increment(), i);
    /* one population's worth of untimed holds, so that the timed part starts in steady state */
    for (guint i = 0; i < pending; i++) {
        tgw_event_queue_pop(queue, &event);
        tgw_event_queue_push(queue, event.time + next_increment(), event.payload);
    }

    started = g_get_monotonic_time();
    for (guint64 i = 0; i < events; i++) {
        tgw_event_queue_pop(queue, &event);
        if (G_UNLIKELY(event.time < now))
            g_error("bench-heap: event at %" G_GINT64_FORMAT " popped after %" G_GINT64_FORMAT,
                    event.time, now);
        now = event.time;
        checksum += event.payload;
        tgw_event_queue_push(queue, now + next_increment(), event.payload);
    }
    elapsed_us = MAX(g_get_monotonic_time() - started, 1);

    printf(BENCH_LABEL " P=%u events=%" G_GUINT64_FORMAT " events/s=%.0f\n", pending, events,
           events * 1e6 / elapsed_us);
    printf("# ns/event=%.1f sim-time=%" G_GINT64_FORMAT " checksum=%" G_GUINT64_FORMAT "\n",
           elapsed_us * 1e3 / events, now, checksum);
    fflush(stdout);
}

int
main(int argc, char **argv)
{
    static const guint populations[] = {1000, 20000, 100000};
    guint64 events = 5000000;

    if (argc > 2 ||
        (argc == 2 && !g_ascii_string_to_unsigned(argv[1], 10, 1, G_MAXUINT64, &events, NULL))) {
        fprintf(stderr, "usage: %s [EVENTS]\n", argv[0]);
        return 2;
    }
#ifdef TGW_EVENT_QUEUE_ARITY
    printf("# " BENCH_LABEL ": %d-ary heap\n", TGW_EVENT_QUEUE_ARITY);
#endif
    fill_table();
    for (guint i = 0; i < G_N_ELEMENTS(populations); i++)
        hold(populations[i], events);
    return 0;
}
