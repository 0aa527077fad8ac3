#ifndef CPCRE2LOOP_H
#define CPCRE2LOOP_H
#include <stddef.h>
#include <stdint.h>

/* The benchmark's baseline: a plain C loop over pcre2_jit_match with one match data.
   Returns the number of matching subjects; *captured_bytes sums the length of group `group`. */
long cpcre2loop_count(const char *pattern, uint32_t caseless,
                      const uint8_t *const *subjects, const size_t *lengths, size_t count,
                      int group, long *captured_bytes);
#endif
