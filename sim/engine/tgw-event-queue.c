/* tgw-event-queue.c: the future-event list, an implicit d-ary min-heap of 16-byte TgwEvents.
 *
 * The engine (tgw-engine.c) is the only caller on the hot path: one push per scheduled event,
 * one pop per handled event. Everything here is chosen for that loop:
 *
 * - Arity 4 rather than 2, because it measured faster here: tests/bench-heap.c builds this file
 *   both ways (the meson benchmarks bare-heap and bare-heap-binary). A 4-ary heap is half as
 *   deep, so a pop walks half as many levels, and the four children it compares at each level sit
 *   in one cache line. The arity stays a compile-time constant for that benchmark.
 * - The array is offset so that every group of four siblings (indices 4i+1..4i+4) starts on a
 *   64-byte boundary: a sibling group is then exactly one cache line.
 * - Sifting moves a hole instead of swapping, so each level costs one 16-byte copy, not three.
 * - The array doubles when full and never shrinks (clear keeps it): a run reaches its high-water
 *   mark early and then allocates nothing per event.
 *
 * Order is (time, payload, seq). Ties in time go by payload (the engine packs kind and entity
 * there) before scheduling order, so that which of two same-instant events runs first never
 * depends on how many events were scheduled before them: a model that skips provably idle events
 * (lazy ipamd ticks) then replays exactly what the model that schedules them all does. seq
 * increases by one per push and wraps after 2^32, skipping 0 so that 0 can mean "no event" to
 * callers; it is compared as (gint32)(a - b) < 0, which is right as long
 * as the events in the queue were scheduled fewer than 2^31 pushes apart. An event left pending
 * while two billion others were scheduled would be misordered; nothing here checks for that. */
#include "tgw-event-queue.h"

#include <string.h>

#ifndef TGW_EVENT_QUEUE_ARITY
#define TGW_EVENT_QUEUE_ARITY 4
#endif

#define ARITY TGW_EVENT_QUEUE_ARITY
G_STATIC_ASSERT(ARITY >= 2 && ARITY <= 8);

/* the first capacity: a few pages' worth, enough for the small tests without regrowing */
#define INITIAL_CAPACITY 256
#define CACHE_LINE       64
/* elements of padding before heap[0], so that heap[1] (the first sibling group) is line-aligned */
#define PAD ((CACHE_LINE / sizeof(TgwEvent) - 1) % (CACHE_LINE / sizeof(TgwEvent)))

struct _TgwEventQueue {
    TgwEvent *heap; /* heap[0] is the minimum; points PAD elements into block */
    TgwEvent *block;
    guint len;
    guint capacity;
    guint32 next_seq;
};

static inline gboolean
event_before(const TgwEvent *a, const TgwEvent *b)
{
    if (a->time != b->time)
        return a->time < b->time;
    if (a->payload != b->payload)
        return a->payload < b->payload;
    return (gint32) (a->seq - b->seq) < 0;
}

TgwEventQueue *
tgw_event_queue_new(void)
{
    TgwEventQueue *queue = g_new0(TgwEventQueue, 1);
    queue->next_seq = 1;
    return queue;
}

void
tgw_event_queue_free(TgwEventQueue *queue)
{
    if (queue == NULL)
        return;
    g_aligned_free(queue->block);
    g_free(queue);
}

/* doubles the array; the copy is rare (log2 of the high-water mark times per run) */
static void
grow(TgwEventQueue *queue)
{
    guint capacity = queue->capacity ? queue->capacity * 2 : INITIAL_CAPACITY;
    TgwEvent *block;

    /* not g_return_if_fail: push writes the new event right after, so returning without room
     * would write past the array (2^31 pending events, 32 GiB, is beyond any memory budget) */
    if (G_UNLIKELY(capacity <= queue->capacity))
        g_error("tgw_event_queue_push: more than %u events pending", queue->capacity);
    block = g_aligned_alloc(capacity + PAD, sizeof(TgwEvent), CACHE_LINE);
    if (queue->len > 0)
        memcpy(block + PAD, queue->heap, queue->len * sizeof(TgwEvent));
    g_aligned_free(queue->block);
    queue->block = block;
    queue->heap = block + PAD;
    queue->capacity = capacity;
}

guint32
tgw_event_queue_push(TgwEventQueue *queue, gint64 time, guint32 payload)
{
    TgwEvent event;
    TgwEvent *heap;
    guint hole;

    g_return_val_if_fail(queue != NULL, 0);

    if (G_UNLIKELY(queue->len == queue->capacity))
        grow(queue);

    event.time = time;
    event.seq = queue->next_seq++;
    event.payload = payload;
    if (G_UNLIKELY(queue->next_seq == 0))
        queue->next_seq = 1;

    heap = queue->heap;
    hole = queue->len++;
    while (hole > 0) {
        guint parent = (hole - 1) / ARITY;
        if (!event_before(&event, &heap[parent]))
            break;
        heap[hole] = heap[parent];
        hole = parent;
    }
    heap[hole] = event;
    return event.seq;
}

/* removes heap[0]: the last element is sunk from the root, the hole following the least child */
static inline void
remove_min(TgwEventQueue *queue)
{
    TgwEvent *heap = queue->heap;
    guint len = --queue->len;
    const TgwEvent last = heap[len];
    guint hole = 0;

    for (;;) {
        guint first = hole * ARITY + 1;
        guint least, end;

        if (first >= len)
            break;
        /* the next level's four sibling groups: whichever child wins, its children are on
         * their way (in a model whose entities crowd the heap out of L2, each level otherwise
         * waits for a miss) */
        if ((first + ARITY - 1) * ARITY + 1 < len) { /* all four inside the heap */
            for (guint c = 0; c < ARITY; c++)
                __builtin_prefetch(&heap[(first + c) * ARITY + 1]);
        }
        least = first;
        end = first + ARITY < len ? first + ARITY : len;
        for (guint c = first + 1; c < end; c++) {
            if (event_before(&heap[c], &heap[least]))
                least = c;
        }
        if (!event_before(&heap[least], &last))
            break;
        heap[hole] = heap[least];
        hole = least;
    }
    heap[hole] = last;
}

gboolean
tgw_event_queue_pop(TgwEventQueue *queue, TgwEvent *out)
{
    g_return_val_if_fail(queue != NULL, FALSE);
    g_return_val_if_fail(out != NULL, FALSE);

    if (queue->len == 0)
        return FALSE;
    *out = queue->heap[0];
    remove_min(queue);
    return TRUE;
}

gboolean
tgw_event_queue_pop_until(TgwEventQueue *queue, gint64 until, TgwEvent *out)
{
    g_return_val_if_fail(queue != NULL, FALSE);
    g_return_val_if_fail(out != NULL, FALSE);

    if (queue->len == 0 || queue->heap[0].time > until)
        return FALSE;
    *out = queue->heap[0];
    remove_min(queue);
    return TRUE;
}

const TgwEvent *
tgw_event_queue_peek(const TgwEventQueue *queue)
{
    g_return_val_if_fail(queue != NULL, NULL);

    return queue->len > 0 ? &queue->heap[0] : NULL;
}

const TgwEvent *
tgw_event_queue_peek_second(const TgwEventQueue *queue)
{
    const TgwEvent *least = NULL;
    guint end = 0;

    g_return_val_if_fail(queue != NULL, NULL);

    if (queue->len < 2)
        return NULL;
    least = &queue->heap[1];
    end = MIN(queue->len, 1 + ARITY);
    for (guint c = 2; c < end; c++) {
        if (event_before(&queue->heap[c], least))
            least = &queue->heap[c];
    }
    return least;
}

guint
tgw_event_queue_len(const TgwEventQueue *queue)
{
    g_return_val_if_fail(queue != NULL, 0);

    return queue->len;
}

void
tgw_event_queue_clear(TgwEventQueue *queue)
{
    g_return_if_fail(queue != NULL);

    /* the array stays (a following run will need it again) and seq keeps counting, so that a
     * seq an entity still holds from before the clear can never match a new event */
    queue->len = 0;
}

void
tgw_event_queue_set_next_seq(TgwEventQueue *queue, guint32 seq)
{
    g_return_if_fail(queue != NULL);

    queue->next_seq = seq != 0 ? seq : 1;
}
