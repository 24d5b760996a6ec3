/*
 * clone-int.h — deep copies of errors and values, for handing them to
 * another thread (clone.c).
 */
#ifndef WA_CLONE_INT_H
#define WA_CLONE_INT_H

#include "wasyncio.h"

/* A new error equal to e (type, message, errno and details, cause, context,
 * children, each copied once even where shared) that shares no object with
 * it, so another thread may own it: error reference counts are not atomic.
 * NULL for NULL; a MemoryError when out of memory.  The shared MemoryError
 * is returned as it is (its count never changes). */
wa_error *wa__error_clone(const wa_error *e);

/* wa_value_copy, but every error inside (an error value, or one in a list)
 * is a wa__error_clone: *dst then shares nothing with *src but a pointer
 * value, whose destructor moves as wa_value_copy moves it.  WA_ENOMEM. */
int wa__value_clone(wa_value *dst, wa_value *src);

#endif
