#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "CPCRE2Loop.h"

long cpcre2loop_count(const char *pattern, uint32_t caseless,
                      const uint8_t *const *subjects, const size_t *lengths, size_t count,
                      int group, long *captured_bytes) {
    int error; PCRE2_SIZE offset;
    uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C | (caseless ? PCRE2_CASELESS : 0);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options, &error, &offset, NULL);
    if (!code) return -1;
    if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0) { pcre2_code_free(code); return -2; }
    pcre2_match_context *context = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(context, 1000000);
    pcre2_match_data *data = pcre2_match_data_create_from_pattern(code, NULL);
    long matched = 0, bytes = 0;
    for (size_t i = 0; i < count; i++) {
        int rc = pcre2_jit_match(code, subjects[i], lengths[i], 0, 0, data, context);
        if (rc >= 0) {
            matched++;
            if (group >= 0) {
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(data);
                if (ov[2 * group] != PCRE2_UNSET) bytes += (long)(ov[2 * group + 1] - ov[2 * group]);
            }
        }
    }
    pcre2_match_data_free(data);
    pcre2_match_context_free(context);
    pcre2_code_free(code);
    *captured_bytes = bytes;
    return matched;
}
