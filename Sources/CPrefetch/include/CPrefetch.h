#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the processor to bring the cache lines of `count` bytes from `address` closer (for reading, kept in every
/// cache level): a hint, which never faults and changes no result. What Swift has no spelling for.
static inline void cprefetch_read(const void *address, long count) {
    const char *p = (const char *)address;
    for (long offset = 0; offset < count; offset += 64) {
        __builtin_prefetch(p + offset, 0, 3);
    }
}

#endif
