#ifndef CBYTESCAN_H
#define CBYTESCAN_H

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Sixteen bytes tested at once, for the loops over a lead's texts: each function answers a mask of 16 bits, bit i
// set where byte i matches (exact for all 16 bytes, unlike the eight-byte word tests in Swift, whose marks above the
// first are not to be read). With SSE2 (every x86-64) a load, a few compares and one `pmovmskb`; Swift has no
// spelling for these (its SIMD types compiled the same tests to a loop over the bytes through the stack). Elsewhere
// the same answer byte by byte.

/// Bits of the 16 bytes at `p` that end a run of plain bytes in a JSON string literal: a quote, a backslash or a
/// control character (below 0x20).
static inline uint32_t cbytescan_json_string_stops(const uint8_t *p) {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
    __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    // Below 0x20 (unsigned): the larger of the byte and 0x1F is 0x1F.
    __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
    return (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control));
#else
    uint32_t mask = 0;
    for (int i = 0; i < 16; i++) {
        if (p[i] == '"' || p[i] == '\\' || p[i] < 0x20) mask |= 1u << i;
    }
    return mask;
#endif
}

/// ``cbytescan_json_string_stops`` of the 16 bytes at `source`, which are also copied to `destination` (one load).
static inline uint32_t cbytescan_copy_json_string_stops(const uint8_t *source, uint8_t *destination) {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)source);
    _mm_storeu_si128((__m128i *)destination, v);
    __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
    __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
    return (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control));
#else
    memmove(destination, source, 16);
    return cbytescan_json_string_stops(destination);
#endif
}

/// Bits of the 16 bytes at `source` that are backslashes, the sixteen copied to `destination` (one load): a run of
/// the content of a checked JSON string literal, where a backslash is the only byte that ends a run (its quotes and
/// control characters are escaped).
static inline uint32_t cbytescan_copy_backslashes(const uint8_t *source, uint8_t *destination) {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)source);
    _mm_storeu_si128((__m128i *)destination, v);
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
#else
    uint32_t mask = 0;
    for (int i = 0; i < 16; i++) {
        destination[i] = source[i];
        if (source[i] == '\\') mask |= 1u << i;
    }
    return mask;
#endif
}

/// The 16 bytes at `source` copied to `first` and to `second` (one load, two stores; the three places do not
/// overlap), and the bits of them that are backslashes: for the content of a checked JSON string literal, where a
/// backslash is the only byte that ends a run. A quiz log in a lead's comment is read from the lead's line, its text
/// decoded to one place and its values to the other (JSONEscapedDocumentReader.swift).
static inline uint32_t cbytescan_copy2_backslashes(const uint8_t *source, uint8_t *first, uint8_t *second) {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)source);
    _mm_storeu_si128((__m128i *)first, v);
    _mm_storeu_si128((__m128i *)second, v);
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
#else
    uint32_t mask = 0;
    for (int i = 0; i < 16; i++) {
        first[i] = source[i];
        second[i] = source[i];
        if (source[i] == '\\') mask |= 1u << i;
    }
    return mask;
#endif
}

#if defined(__SSE2__)
/// The bytes of `v` that are C2, D8 or EF, or E2 (C2 and E2 differ in bit 0x20 only: one compare for both), as 0xFF.
static inline __m128i cbytescan_invisible_leads_of(__m128i v) {
    __m128i c2e2 = _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xDF)), _mm_set1_epi8((char)0xC2));
    __m128i d8 = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD8));
    __m128i ef = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF));
    return _mm_or_si128(c2e2, _mm_or_si128(d8, ef));
}
#endif


/// Whether a lead's member names are those of the lead before, in order (LeadFieldNames.swift): for each of `count`
/// members, the 16 bytes of the text at its name's start (`name_starts[i * name_stride]`: the members' layout) and
/// the 16 bytes `expected + i * 32` are the same where bit j of the 32-bit mask at `expected + i * 32 + 16` is set
/// (the name and its closing quote). The caller guarantees that 16 bytes can be read at each name's start. One
/// compare a member, two members a step (~10 instructions a member; two words and their masks compared in Swift
/// took ~18).
static inline int cbytescan_same_names(const uint8_t *text, const int32_t *name_starts, long name_stride,
                                       const uint8_t *expected, long count) {
    long i = 0;
#if defined(__SSE2__)
    // Two members a step, one branch for both (~10 instructions a member where one a step took ~12).
    for (; i + 2 <= count; i += 2) {
        const uint8_t *place = expected + i * 32;
        uint32_t mask0, mask1;
        memcpy(&mask0, place + 16, sizeof mask0);
        memcpy(&mask1, place + 48, sizeof mask1);
        __m128i a0 = _mm_loadu_si128((const __m128i *)(text + name_starts[i * name_stride]));
        __m128i a1 = _mm_loadu_si128((const __m128i *)(text + name_starts[(i + 1) * name_stride]));
        uint32_t differ0 = ~(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a0, _mm_loadu_si128((const __m128i *)place))) & mask0;
        uint32_t differ1 = ~(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a1, _mm_loadu_si128((const __m128i *)(place + 32)))) & mask1;
        if ((differ0 | differ1) != 0) return 0;
    }
#endif
    for (; i < count; i++) {
        const uint8_t *place = expected + i * 32;
        uint32_t mask;
        memcpy(&mask, place + 16, sizeof mask);
#if defined(__SSE2__)
        __m128i a = _mm_loadu_si128((const __m128i *)(text + name_starts[i * name_stride]));
        __m128i b = _mm_loadu_si128((const __m128i *)place);
        if (((uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a, b)) & mask) != mask) break;
#else
        const uint8_t *name = text + name_starts[i * name_stride];
        int same = 1;
        for (int j = 0; j < 16; j++) {
            if ((mask >> j & 1) && name[j] != place[j]) same = 0;
        }
        if (!same) break;
#endif
    }
    return i == count;
}

/// The index of the first byte at or after `from` among the `count` bytes at `p` that is C2, D8, E2 or EF (the
/// first bytes of the invisible characters' UTF-8, InvisibleCharacters.swift, which the caller then reads whole), or
/// `count` when there is none: a `memchr` of four bytes at once. With SSE2, 64 bytes a step (one test of the four
/// sixteens together, as glibc's `memchr` does), then sixteen, then the last sixteen of the text again for the rest.
static inline long cbytescan_next_invisible_lead(const uint8_t *p, long count, long from);

/// ``cbytescan_next_invisible_lead`` of those four bytes and the backslash: where a string literal's content stops
/// being a plain text without invisible characters (the first escape, or a first byte the caller reads whole), in the
/// same one pass (a `memchr` for the backslash and the search for the four bytes had each read the text).
static inline long cbytescan_next_backslash_or_invisible_lead(const uint8_t *p, long count, long from);

#if defined(__SSE2__)
/// ``cbytescan_invisible_leads_of`` of `v`, and its backslashes when `backslashes` (a constant where inlined).
static inline __m128i cbytescan_stops_of(__m128i v, int backslashes) {
    __m128i leads = cbytescan_invisible_leads_of(v);
    return backslashes ? _mm_or_si128(leads, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))) : leads;
}
#endif

/// The search of the two functions above: the invisible characters' first bytes, and backslashes when `backslashes`.
static inline long cbytescan_next_stop(const uint8_t *p, long count, long from, int backslashes) {
    long i = from;
#if defined(__SSE2__)
    for (; i + 64 <= count; i += 64) {
        __m128i a = cbytescan_stops_of(_mm_loadu_si128((const __m128i *)(p + i)), backslashes);
        __m128i b = cbytescan_stops_of(_mm_loadu_si128((const __m128i *)(p + i + 16)), backslashes);
        __m128i c = cbytescan_stops_of(_mm_loadu_si128((const __m128i *)(p + i + 32)), backslashes);
        __m128i d = cbytescan_stops_of(_mm_loadu_si128((const __m128i *)(p + i + 48)), backslashes);
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))) != 0) {
            uint32_t low = (uint32_t)_mm_movemask_epi8(a) | (uint32_t)_mm_movemask_epi8(b) << 16;
            if (low != 0) return i + __builtin_ctz(low);
            uint32_t high = (uint32_t)_mm_movemask_epi8(c) | (uint32_t)_mm_movemask_epi8(d) << 16;
            return i + 32 + __builtin_ctz(high);
        }
    }
    for (; i + 16 <= count; i += 16) {
        uint32_t mask = (uint32_t)_mm_movemask_epi8(cbytescan_stops_of(_mm_loadu_si128((const __m128i *)(p + i)), backslashes));
        if (mask != 0) return i + __builtin_ctz(mask);
    }
    if (i < count && count >= 16) {
        // The last sixteen bytes, those before `i` shifted out (bit 0 is then the byte at `i`).
        uint32_t mask = (uint32_t)_mm_movemask_epi8(cbytescan_stops_of(_mm_loadu_si128((const __m128i *)(p + count - 16)), backslashes));
        mask >>= 16 - (count - i);
        return mask != 0 ? i + __builtin_ctz(mask) : count;
    }
#endif
    for (; i < count; i++) {
        uint8_t byte = p[i];
        if ((byte & 0xDF) == 0xC2 || byte == 0xD8 || byte == 0xEF || (backslashes && byte == '\\')) return i;
    }
    return count;
}

#if defined(__x86_64__) && defined(__clang__)
#define CBYTESCAN_AVX2 1
#include <immintrin.h>

/// ``cbytescan_stops_of`` of 32 bytes (AVX2).
__attribute__((target("avx2")))
static inline __m256i cbytescan_stops_of_256(__m256i v, int backslashes) {
    __m256i c2e2 = _mm256_cmpeq_epi8(_mm256_and_si256(v, _mm256_set1_epi8((char)0xDF)), _mm256_set1_epi8((char)0xC2));
    __m256i d8 = _mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)0xD8));
    __m256i ef = _mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)0xEF));
    __m256i leads = _mm256_or_si256(c2e2, _mm256_or_si256(d8, ef));
    return backslashes ? _mm256_or_si256(leads, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\'))) : leads;
}

/// ``cbytescan_next_stop`` 64 bytes a step with AVX2, for a caller that checked the processor has it and that at
/// least 64 bytes are left from `from`. (A function of its own, compiled for AVX2: not inlined into callers that are
/// compiled for the build's target, x86-64 with SSE2 only.)
__attribute__((target("avx2"), noinline))
static long cbytescan_next_stop_wide(const uint8_t *p, long count, long from, int backslashes) {
    long i = from;
    for (; i + 64 <= count; i += 64) {
        __m256i a = cbytescan_stops_of_256(_mm256_loadu_si256((const __m256i *)(p + i)), backslashes);
        __m256i b = cbytescan_stops_of_256(_mm256_loadu_si256((const __m256i *)(p + i + 32)), backslashes);
        __m256i any = _mm256_or_si256(a, b);
        if (!_mm256_testz_si256(any, any)) {
            uint64_t mask = (uint64_t)(uint32_t)_mm256_movemask_epi8(a) | (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32;
            return i + __builtin_ctzll(mask);
        }
    }
    if (i + 32 <= count) {
        uint32_t mask = (uint32_t)_mm256_movemask_epi8(cbytescan_stops_of_256(_mm256_loadu_si256((const __m256i *)(p + i)), backslashes));
        if (mask != 0) return i + __builtin_ctz(mask);
        i += 32;
    }
    if (i < count) {
        // The last 32 bytes (the text has at least 64), those before `i` shifted out (bit 0 is then the byte at `i`).
        uint32_t mask = (uint32_t)_mm256_movemask_epi8(cbytescan_stops_of_256(_mm256_loadu_si256((const __m256i *)(p + count - 32)), backslashes));
        mask >>= 32 - (count - i);
        return mask != 0 ? i + __builtin_ctz(mask) : count;
    }
    return count;
}

/// How many bytes of valid UTF-8 `p` (`count` bytes) starting at `i` (a character's first byte) are an invisible
/// character, 0 when none: `InvisibleCharacters.length(at:in:)`, the same tests.
static inline int cbytescan_invisible_length(const uint8_t *p, long count, long i) {
    switch (p[i]) {
    case 0xC2: return i + 1 < count && p[i + 1] == 0xAD ? 2 : 0;
    case 0xD8: return i + 1 < count && p[i + 1] == 0x9C ? 2 : 0;
    case 0xE2: {
        if (i + 2 >= count) return 0;
        uint8_t second = p[i + 1], third = p[i + 2];
        if (second == 0x80) return (third >= 0x8B && third <= 0x8F) || (third >= 0xAA && third <= 0xAE) ? 3 : 0;
        if (second == 0x81) return (third >= 0xA0 && third <= 0xA4) || (third >= 0xA6 && third <= 0xAF) ? 3 : 0;
        return 0;
    }
    case 0xEF: return i + 2 < count && p[i + 1] == 0xBB && p[i + 2] == 0xBF ? 3 : 0;
    default: return 0;
    }
}

/// `InvisibleCharacters.isPlainVisibleText(literal:)` of `count` >= 64 bytes, the bytes read copied to `out` (room
/// for `count`), in one pass with AVX2: every stop (a backslash or an invisible character's possible first byte) of
/// each 64 bytes is tested in the loop, where the search returned at each (a dash, a `²`) and was started again, and
/// the 64 bytes are stored (the last 64 read and stored whole, over bytes already stored, those already read masked
/// out): one pass where the search and `memcpy` read the text twice. 1 when plain, 0 when not; what is written is
/// meant only when 1 is returned.
__attribute__((target("avx2"), noinline))
static int cbytescan_copy_if_plain_visible_wide(const uint8_t *p, long count, uint8_t *out) {
    long i = 0;
    while (i < count) {
        long base = i + 64 <= count ? i : count - 64;
        __m256i x = _mm256_loadu_si256((const __m256i *)(p + base));
        __m256i y = _mm256_loadu_si256((const __m256i *)(p + base + 32));
        _mm256_storeu_si256((__m256i *)(out + base), x);
        _mm256_storeu_si256((__m256i *)(out + base + 32), y);
        __m256i a = cbytescan_stops_of_256(x, 1);
        __m256i b = cbytescan_stops_of_256(y, 1);
        uint64_t mask = (uint64_t)(uint32_t)_mm256_movemask_epi8(a) | (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32;
        if (base != i) mask &= ~0ULL << (i - base);
        for (; mask != 0; mask &= mask - 1) {
            long at = base + __builtin_ctzll(mask);
            if (p[at] == '\\' || cbytescan_invisible_length(p, count, at) != 0) return 0;
        }
        i = base + 64;
    }
    return 1;
}
/// `InvisibleCharacters.firstIndex(in:)` of `count` >= 64 bytes of valid UTF-8 at `p`, with AVX2: where the first
/// invisible character starts, `count` when there is none. Every possible first byte of each 64 bytes is tested in
/// the loop (``cbytescan_invisible_length``), where the search returned at each (a dash, a `²`) and Swift tested it
/// and started the search again; the last 64 bytes are read whole, those already read masked out.
__attribute__((target("avx2"), noinline))
static long cbytescan_first_invisible_wide(const uint8_t *p, long count) {
    long i = 0;
    while (i < count) {
        long base = i + 64 <= count ? i : count - 64;
        __m256i a = cbytescan_stops_of_256(_mm256_loadu_si256((const __m256i *)(p + base)), 0);
        __m256i b = cbytescan_stops_of_256(_mm256_loadu_si256((const __m256i *)(p + base + 32)), 0);
        uint64_t mask = (uint64_t)(uint32_t)_mm256_movemask_epi8(a) | (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32;
        if (base != i) mask &= ~0ULL << (i - base);
        for (; mask != 0; mask &= mask - 1) {
            long at = base + __builtin_ctzll(mask);
            if (cbytescan_invisible_length(p, count, at) != 0) return at;
        }
        i = base + 64;
    }
    return count;
}
#else
#define CBYTESCAN_AVX2 0
#endif

/// ``cbytescan_next_stop``, with AVX2 when the processor has it and 64 bytes or more are left (half the instructions
/// a byte: SSE2's compares overwrite their operand, so each of the five tests of sixteen bytes also copies them).
static inline long cbytescan_next_stop_dispatched(const uint8_t *p, long count, long from, int backslashes) {
#if CBYTESCAN_AVX2
    if (count - from >= 64 && __builtin_cpu_supports("avx2")) return cbytescan_next_stop_wide(p, count, from, backslashes);
#endif
    return cbytescan_next_stop(p, count, from, backslashes);
}

static inline long cbytescan_next_invisible_lead(const uint8_t *p, long count, long from) {
    return cbytescan_next_stop_dispatched(p, count, from, 0);
}

static inline long cbytescan_next_backslash_or_invisible_lead(const uint8_t *p, long count, long from) {
    return cbytescan_next_stop_dispatched(p, count, from, 1);
}

/// ``cbytescan_first_invisible_wide`` when the processor has AVX2 and `count` >= 64, else -1: nothing was read.
static inline long cbytescan_first_invisible_dispatched(const uint8_t *p, long count) {
#if CBYTESCAN_AVX2
    if (count >= 64 && __builtin_cpu_supports("avx2")) return cbytescan_first_invisible_wide(p, count);
#endif
    return -1;
}

/// ``cbytescan_copy_if_plain_visible_wide`` when the processor has AVX2 and `count` >= 64 (1 plain and copied, 0 not
/// plain), else -1: nothing was read or written.
static inline int cbytescan_copy_if_plain_visible_dispatched(const uint8_t *p, long count, uint8_t *out) {
#if CBYTESCAN_AVX2
    if (count >= 64 && __builtin_cpu_supports("avx2")) return cbytescan_copy_if_plain_visible_wide(p, count, out);
#endif
    return -1;
}

#endif
