#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdlib.h>
#include <pcre2.h>
#include "CPCRE2Loop.h"

struct cpcre2loop {
    pcre2_code *code;
    pcre2_match_context *context;
    pcre2_match_data *data;
};

cpcre2loop *cpcre2loop_create(const char *pattern, uint32_t caseless) {
    int error; PCRE2_SIZE offset;
    uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C | (caseless ? PCRE2_CASELESS : 0);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options, &error, &offset, NULL);
    if (!code) return NULL;
    if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0) { pcre2_code_free(code); return NULL; }
    cpcre2loop *loop = malloc(sizeof *loop);
    if (!loop) { pcre2_code_free(code); return NULL; }
    loop->code = code;
    loop->context = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(loop->context, 1000000);
    loop->data = pcre2_match_data_create_from_pattern(code, NULL);
    return loop;
}

void cpcre2loop_free(cpcre2loop *loop) {
    if (!loop) return;
    pcre2_match_data_free(loop->data);
    pcre2_match_context_free(loop->context);
    pcre2_code_free(loop->code);
    free(loop);
}

long cpcre2loop_count(const cpcre2loop *loop,
                      const uint8_t *const *subjects, const size_t *lengths, size_t count,
                      const char *group_name, long *captured_bytes) {
    PCRE2_UCHAR buffer[1024];
    long matched = 0, bytes = 0;
    for (size_t i = 0; i < count; i++) {
        int rc = pcre2_jit_match(loop->code, subjects[i], lengths[i], 0, 0, loop->data, loop->context);
        if (rc == PCRE2_ERROR_NOMATCH) continue;
        if (rc < 0) return rc;
        matched++;
        if (group_name) {
            PCRE2_SIZE length = sizeof buffer;
            if (pcre2_substring_copy_byname(loop->data, (PCRE2_SPTR)group_name, buffer, &length) == 0)
                bytes += (long)length;
        }
    }
    if (captured_bytes) *captured_bytes = bytes;
    return matched;
}
