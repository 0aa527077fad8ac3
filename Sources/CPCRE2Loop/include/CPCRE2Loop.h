#ifndef CPCRE2LOOP_H
#define CPCRE2LOOP_H
#include <stddef.h>
#include <stdint.h>

/* The benchmark's baseline: a plain C loop over pcre2_jit_match with one match data.
   Compiling is separate from the loop so that only matching is timed. */

typedef struct cpcre2loop cpcre2loop;

/* Compiles `pattern` (NUL-terminated UTF-8) with UTF | UCP | NEVER_BACKSLASH_C (| CASELESS),
   JIT-compiles it (PCRE2_JIT_COMPLETE) and sets a match limit of 1,000,000, the same as the
   Swift wrapper's defaults. Returns NULL when the pattern does not compile or the JIT declines. */
cpcre2loop *cpcre2loop_create(const char *pattern, uint32_t caseless);

void cpcre2loop_free(cpcre2loop *loop);

/* Matches every subject once with pcre2_jit_match and returns how many matched (or a negative
   PCRE2 error code on a match error other than "no match").
   When `group_name` is not NULL, each match also copies that named group's text into a local
   buffer (pcre2_substring_copy_byname) and *captured_bytes receives the sum of the copied lengths. */
long cpcre2loop_count(const cpcre2loop *loop,
                      const uint8_t *const *subjects, const size_t *lengths, size_t count,
                      const char *group_name, long *captured_bytes);
#endif
