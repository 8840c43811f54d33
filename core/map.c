/*
 * map.c: an open-addressing hash map from 64-bit ids to pointers, used for
 * the connections of a worker. Key 0 marks an empty slot and UINT64_MAX a
 * deleted one, so neither can be stored (connection ids start at 1).
 */
#include "internal.h"

#include <string.h>

#define MAP_EMPTY 0
#define MAP_DELETED UINT64_MAX

static size_t map_hash(uint64_t k) {
  /* Ids are sequential; a multiplicative mix spreads them over the table. */
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return (size_t)k;
}

static int map_resize(swirl__map *m, size_t cap) {
  uint64_t *keys = swirl__calloc(cap, sizeof(*keys));
  void **vals = swirl__calloc(cap, sizeof(*vals));
  size_t i;
  if (keys == NULL || vals == NULL) {
    swirl__free(keys);
    swirl__free(vals);
    return SWIRL_ENOMEM;
  }
  for (i = 0; i < m->cap; i++) {
    uint64_t k = m->keys[i];
    size_t j;
    if (k == MAP_EMPTY || k == MAP_DELETED) continue;
    for (j = map_hash(k) & (cap - 1); keys[j] != MAP_EMPTY; j = (j + 1) & (cap - 1))
      ;
    keys[j] = k;
    vals[j] = m->vals[i];
  }
  swirl__free(m->keys);
  swirl__free(m->vals);
  m->keys = keys;
  m->vals = vals;
  m->cap = cap;
  m->used = m->count;
  return 0;
}

int swirl__map_init(swirl__map *m) {
  memset(m, 0, sizeof(*m));
  return map_resize(m, 64);
}

void swirl__map_free(swirl__map *m) {
  swirl__free(m->keys);
  swirl__free(m->vals);
  memset(m, 0, sizeof(*m));
}

void *swirl__map_get(const swirl__map *m, uint64_t key) {
  size_t j;
  if (m->cap == 0 || key == MAP_EMPTY || key == MAP_DELETED) return NULL;
  for (j = map_hash(key) & (m->cap - 1); m->keys[j] != MAP_EMPTY;
       j = (j + 1) & (m->cap - 1)) {
    if (m->keys[j] == key) return m->vals[j];
  }
  return NULL;
}

/* Inserts or replaces key. Returns 0 or SWIRL_ENOMEM. */
int swirl__map_put(swirl__map *m, uint64_t key, void *val) {
  size_t j, tomb = SIZE_MAX;
  if ((m->used + 1) * 4 >= m->cap * 3) {
    size_t cap = m->cap;
    if ((m->count + 1) * 2 >= cap) cap *= 2;  /* else just drop tombstones */
    if (map_resize(m, cap) != 0) return SWIRL_ENOMEM;
  }
  for (j = map_hash(key) & (m->cap - 1); m->keys[j] != MAP_EMPTY;
       j = (j + 1) & (m->cap - 1)) {
    if (m->keys[j] == key) {
      m->vals[j] = val;
      return 0;
    }
    if (m->keys[j] == MAP_DELETED && tomb == SIZE_MAX) tomb = j;
  }
  if (tomb != SIZE_MAX) {
    j = tomb;
  } else {
    m->used++;
  }
  m->keys[j] = key;
  m->vals[j] = val;
  m->count++;
  return 0;
}

/* Removes key; returns its value or NULL if absent. */
void *swirl__map_del(swirl__map *m, uint64_t key) {
  size_t j;
  if (m->cap == 0 || key == MAP_EMPTY || key == MAP_DELETED) return NULL;
  for (j = map_hash(key) & (m->cap - 1); m->keys[j] != MAP_EMPTY;
       j = (j + 1) & (m->cap - 1)) {
    if (m->keys[j] == key) {
      void *v = m->vals[j];
      m->keys[j] = MAP_DELETED;
      m->vals[j] = NULL;
      m->count--;
      return v;
    }
  }
  return NULL;
}
