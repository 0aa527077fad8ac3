// The module is its header (CByteScan.h): static inline functions the Swift compiler inlines at each call.
#include "CByteScan.h"
