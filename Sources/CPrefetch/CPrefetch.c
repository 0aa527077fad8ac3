// The module is its header (CPrefetch.h): static inline functions the Swift compiler inlines at each call.
#include "CPrefetch.h"
