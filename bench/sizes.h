/*
 * sizes.h — the anchors' sizing rule, shared by bench/workloads.c and
 * bench/floor.c so that both run and print the same n as bench/anchors.py
 * and bench/anchors.mjs.  SCALE multiplies every N, except that tree moves
 * its depth by log2(SCALE) and prints its number of tasks, and echo keeps
 * whole lines per connection (100 at least).
 */
#ifndef BENCH_SIZES_H
#define BENCH_SIZES_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* The size to run workload NAME at, given n, its size at scale 1 (for
 * tree, the depth); *shown gets the n its output line prints. */
static inline int64_t bench_size(const char *name, int64_t n, double scale, int64_t *shown) {
    int64_t size, least = 1;
    if (!strcmp(name, "tree")) {
        size = n + (int64_t)lround(log2(scale));
        if (size < 1) size = 1;
        *shown = ((int64_t)1 << (size + 1)) - 1;
        return size;
    }
    size = (int64_t)((double)n * scale);
    if (!strcmp(name, "echo")) {
        size = size / 100 * 100;
        least = 100;
    }
    if (size < least) size = least;
    *shown = size;
    return size;
}

#endif
