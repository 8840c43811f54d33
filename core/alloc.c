/* alloc.c: the one allocator every core file uses. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void *swirl__malloc(size_t n) { return malloc(n); }

void *swirl__calloc(size_t count, size_t n) { return calloc(count, n); }

void *swirl__realloc(void *p, size_t n) { return realloc(p, n); }

void swirl__free(void *p) { free(p); }

char *swirl__strndup(const char *s, size_t n) {
  char *d = swirl__malloc(n + 1);
  if (d == NULL) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}
