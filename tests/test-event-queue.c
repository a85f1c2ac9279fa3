/* test-event-queue.c: the future-event list: (time, payload, seq) order, FIFO ties, the seq wrap,
 * growth.
 *
 * Every ordering test compares the heap with a plain reference (a sorted copy, or a linear scan
 * for the minimum), so a heap bug shows up as the first event that comes out differently. */
#include "tgw-event-queue.h"

typedef struct {
    gint64 time;
    guint64 order; /* push order, unwrapped: the reference for what seq means */
    guint32 payload;
} Ref;

static gint
ref_compare(gconstpointer a, gconstpointer b)
{
    const Ref *x = a, *y = b;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* pushes n events at random times in [0, span) (a small span makes many ties), then pops them
 * all and checks them against the sorted reference */
static void
check_random_pushes(TgwEventQueue *queue, GRand *rand, guint n, gint64 span)
{
    g_autoptr(GArray) ref = g_array_sized_new(FALSE, FALSE, sizeof(Ref), n);
    TgwEvent event;

    for (guint i = 0; i < n; i++) {
        Ref r = {g_rand_int_range(rand, 0, (gint32) span), i, i};
        tgw_event_queue_push(queue, r.time, r.payload);
        g_array_append_val(ref, r);
    }
    g_assert_cmpuint(tgw_event_queue_len(queue), ==, n);
    g_array_sort(ref, ref_compare);
    for (guint i = 0; i < n; i++) {
        const Ref *r = &g_array_index(ref, Ref, i);
        const TgwEvent *second = tgw_event_queue_peek_second(queue);
        /* the look-ahead names the event the pop after this one returns */
        if (i + 1 < n) {
            g_assert_nonnull(second);
            g_assert_cmpuint(second->payload, ==, g_array_index(ref, Ref, i + 1).payload);
        } else {
            g_assert_null(second);
        }
        g_assert_true(tgw_event_queue_pop(queue, &event));
        g_assert_cmpint(event.time, ==, r->time);
        g_assert_cmpuint(event.payload, ==, r->payload);
    }
    g_assert_false(tgw_event_queue_pop(queue, &event));
}

static void
test_random_order(void)
{
    g_autoptr(TgwEventQueue) queue = tgw_event_queue_new();
    g_autoptr(GRand) rand = g_rand_new_with_seed(7);

    check_random_pushes(queue, rand, 10000, G_GINT64_CONSTANT(1) << 30); /* few ties */
    check_random_pushes(queue, rand, 10000, 50);                         /* ~200 per time */
    check_random_pushes(queue, rand, 1, 10);
    check_random_pushes(queue, rand, 5, 1); /* all tied */
}

static void
test_fifo_ties(void)
{
    g_autoptr(TgwEventQueue) queue = tgw_event_queue_new();
    TgwEvent event;

    /* 100 events at t=5 pushed between events at t=9 and t=1: the t=5 ones come out in push
     * order, with seqs 2..101 (the t=9 event took seq 1) */
    g_assert_cmpuint(tgw_event_queue_push(queue, 9, 1000), ==, 1);
    for (guint i = 0; i < 100; i++)
        g_assert_cmpuint(tgw_event_queue_push(queue, 5, i), ==, i + 2);
    g_assert_cmpuint(tgw_event_queue_push(queue, 1, 2000), ==, 102);

    g_assert_true(tgw_event_queue_pop(queue, &event));
    g_assert_cmpint(event.time, ==, 1);
    g_assert_cmpuint(event.seq, ==, 102);
    for (guint i = 0; i < 100; i++) {
        g_assert_true(tgw_event_queue_pop(queue, &event));
        g_assert_cmpint(event.time, ==, 5);
        g_assert_cmpuint(event.payload, ==, i);
        g_assert_cmpuint(event.seq, ==, i + 2);
    }
    g_assert_true(tgw_event_queue_pop(queue, &event));
    g_assert_cmpuint(event.payload, ==, 1000);
    g_assert_cmpuint(tgw_event_queue_len(queue), ==, 0);
}

/* same time: the smaller payload (kind, entity) first, whatever the push order; equal payloads
 * first in, first out */
static void
test_payload_ties(void)
{
    g_autoptr(TgwEventQueue) queue = tgw_event_queue_new();
    TgwEvent event;
    guint32 a = tgw_event_queue_push(queue, 7, 30);
    guint32 b = tgw_event_queue_push(queue, 7, 10);
    guint32 c = tgw_event_queue_push(queue, 7, 20);
    guint32 d = tgw_event_queue_push(queue, 7, 10);

    g_assert_true(tgw_event_queue_pop(queue, &event));
    g_assert_cmpuint(event.seq, ==, b);
    g_assert_true(tgw_event_queue_pop(queue, &event));
    g_assert_cmpuint(event.seq, ==, d);
    g_assert_true(tgw_event_queue_pop(queue, &event));
    g_assert_cmpuint(event.seq, ==, c);
    g_assert_true(tgw_event_queue_pop(queue, &event));
    g_assert_cmpuint(event.seq, ==, a);
}

static void
test_seq_wrap(void)
{
    g_autoptr(TgwEventQueue) queue = tgw_event_queue_new();
    g_autoptr(GRand) rand = g_rand_new_with_seed(11);
    TgwEvent event;
    guint32 seq;

    /* 4 pushes before the wrap get 0xFFFFFFFC..0xFFFFFFFF, then numbering goes on at 1 (0 is
     * skipped: it means "no event" to callers). All at one time, so only seq orders them: an
     * unsigned comparison would put 1..4 first; the wrap-safe one keeps push order. */
    tgw_event_queue_set_next_seq(queue, 0xFFFFFFFCu);
    for (guint i = 0; i < 8; i++) {
        seq = tgw_event_queue_push(queue, 42, i);
        g_assert_cmpuint(seq, ==, i < 4 ? 0xFFFFFFFCu + i : i - 3);
    }
    for (guint i = 0; i < 8; i++) {
        g_assert_true(tgw_event_queue_pop(queue, &event));
        g_assert_cmpuint(event.payload, ==, i);
    }

    /* the same with random times and many ties, straddling the wrap in the middle */
    tgw_event_queue_set_next_seq(queue, 0xFFFFFFFFu - 2500);
    check_random_pushes(queue, rand, 5000, 20);

    /* set_next_seq(0) means 1, as a fresh queue starts */
    tgw_event_queue_set_next_seq(queue, 0);
    g_assert_cmpuint(tgw_event_queue_push(queue, 0, 0), ==, 1);
}

static void
test_seq_starts_at_one(void)
{
    g_autoptr(TgwEventQueue) queue = tgw_event_queue_new();
    TgwEvent event;

    g_assert_null(tgw_event_queue_peek(queue));
    g_assert_false(tgw_event_queue_pop(queue, &event));
    g_assert_cmpuint(tgw_event_queue_push(queue, 3, 7), ==, 1);
    g_assert_cmpuint(tgw_event_queue_push(queue, 2, 8), ==, 2);
    g_assert_nonnull(tgw_event_queue_peek(queue));
    g_assert_cmpint(tgw_event_queue_peek(queue)->time, ==, 2);
    g_assert_cmpuint(tgw_event_queue_peek(queue)->payload, ==, 8);
    g_assert_cmpuint(tgw_event_queue_len(queue), ==, 2);

    /* clear empties the queue but numbering goes on: a seq kept from before cannot match */
    tgw_event_queue_clear(queue);
    g_assert_cmpuint(tgw_event_queue_len(queue), ==, 0);
    g_assert_null(tgw_event_queue_peek(queue));
    g_assert_cmpuint(tgw_event_queue_push(queue, 1, 9), ==, 3);
}

static void
test_pop_until(void)
{
    g_autoptr(TgwEventQueue) queue = tgw_event_queue_new();
    TgwEvent event;

    tgw_event_queue_push(queue, 10, 1);
    tgw_event_queue_push(queue, 20, 2);
    g_assert_false(tgw_event_queue_pop_until(queue, 9, &event));
    g_assert_true(tgw_event_queue_pop_until(queue, 10, &event)); /* inclusive */
    g_assert_cmpuint(event.payload, ==, 1);
    g_assert_false(tgw_event_queue_pop_until(queue, 19, &event));
    g_assert_cmpuint(tgw_event_queue_len(queue), ==, 1);
    g_assert_true(tgw_event_queue_pop_until(queue, G_MAXINT64, &event));
    g_assert_false(tgw_event_queue_pop_until(queue, G_MAXINT64, &event));
}

/* a hold model with a growing and shrinking population against a linear-scan reference */
static void
test_growth_interleaved(void)
{
    g_autoptr(TgwEventQueue) queue = tgw_event_queue_new();
    g_autoptr(GRand) rand = g_rand_new_with_seed(3);
    g_autoptr(GArray) ref = g_array_new(FALSE, FALSE, sizeof(Ref));
    guint64 pushed = 0;
    gint64 now = 0;
    TgwEvent event;

    /* 20,000 steps: the first half pushes twice as often as it pops (the array doubles from its
     * first 256 slots up past 4,096), the second half pops twice as often */
    for (guint step = 0; step < 20000; step++) {
        gboolean grow = step < 10000;
        gboolean push = ref->len == 0 || g_rand_int_range(rand, 0, 3) < (grow ? 2 : 1);

        if (push) {
            Ref r = {now + g_rand_int_range(rand, 0, 100), pushed++, step};
            tgw_event_queue_push(queue, r.time, r.payload);
            g_array_append_val(ref, r);
        } else {
            guint least = 0;
            for (guint i = 1; i < ref->len; i++) {
                if (ref_compare(&g_array_index(ref, Ref, i), &g_array_index(ref, Ref, least)) < 0)
                    least = i;
            }
            g_assert_true(tgw_event_queue_pop(queue, &event));
            g_assert_cmpint(event.time, ==, g_array_index(ref, Ref, least).time);
            g_assert_cmpuint(event.payload, ==, g_array_index(ref, Ref, least).payload);
            g_assert_cmpint(event.time, >=, now);
            now = event.time;
            g_array_remove_index_fast(ref, least);
        }
        g_assert_cmpuint(tgw_event_queue_len(queue), ==, ref->len);
    }
    g_assert_cmpuint(pushed, >, 4096);

    /* a large population: 300,000 pending (2^19 slots), drained in order */
    tgw_event_queue_clear(queue);
    for (guint i = 0; i < 300000; i++)
        tgw_event_queue_push(queue, g_rand_int_range(rand, 0, 1000000), i);
    g_assert_cmpuint(tgw_event_queue_len(queue), ==, 300000);
    now = G_MININT64;
    for (guint i = 0; i < 300000; i++) {
        g_assert_true(tgw_event_queue_pop(queue, &event));
        g_assert_cmpint(event.time, >=, now);
        now = event.time;
    }
    g_assert_cmpuint(tgw_event_queue_len(queue), ==, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/event-queue/seq-starts-at-one", test_seq_starts_at_one);
    g_test_add_func("/event-queue/random-order", test_random_order);
    g_test_add_func("/event-queue/fifo-ties", test_fifo_ties);
    g_test_add_func("/event-queue/payload-ties", test_payload_ties);
    g_test_add_func("/event-queue/seq-wrap", test_seq_wrap);
    g_test_add_func("/event-queue/pop-until", test_pop_until);
    g_test_add_func("/event-queue/growth-interleaved", test_growth_interleaved);
    return g_test_run();
}
