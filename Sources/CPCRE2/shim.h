#ifndef CPCRE2_SHIM_H
#define CPCRE2_SHIM_H

/* PCRE2 selects its code unit width with this macro; the generic names
   (pcre2_compile, ...) are macros that Swift cannot import, so Swift code calls
   the explicit 8-bit functions (pcre2_compile_8, ...). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Constants that are macros built from casts, which Swift does not import. */
static inline size_t cpcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
static inline size_t cpcre2_unset(void) { return PCRE2_UNSET; }

#endif
