/* buf.h: a growable byte buffer. */
#ifndef SWIRL_BUF_H
#define SWIRL_BUF_H

#include "internal.h"

#include <string.h>

typedef struct swirl__buf {
  char *data;
  size_t len;
  size_t cap;
} swirl__buf;

/* Makes room for n more bytes. Returns 0 or SWIRL_ENOMEM. */
static inline int swirl__buf_reserve(swirl__buf *b, size_t n) {
  size_t cap;
  char *p;
  if (b->len + n <= b->cap) return 0;
  cap = b->cap != 0 ? b->cap : 256;
  while (cap < b->len + n) cap *= 2;
  p = swirl__realloc(b->data, cap);
  if (p == NULL) return SWIRL_ENOMEM;
  b->data = p;
  b->cap = cap;
  return 0;
}

static inline int swirl__buf_append(swirl__buf *b, const void *p, size_t n) {
  if (n == 0) return 0; /* b->data may still be NULL: no memcpy then */
  if (swirl__buf_reserve(b, n) != 0) return SWIRL_ENOMEM;
  memcpy(b->data + b->len, p, n);
  b->len += n;
  return 0;
}

static inline void swirl__buf_free(swirl__buf *b) {
  swirl__free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

#endif
