/*
 * proto.c: framing of a TCP port's bytes into packets, as Swoole's
 * open_eof_check / open_eof_split / open_length_check options do, so that
 * RECEIVE carries whole packets instead of whatever one read returned.
 *
 * Complete packets inside one read are handed over straight from the read
 * buffer; only the tail of an incomplete packet is copied, into c->in. A
 * packet (or an unterminated line) longer than package_max_length closes
 * that connection, with a log line; the others go on.
 */
#define _GNU_SOURCE
#include "internal.h"
#include "buf.h"

#include <stdio.h>
#include <string.h>

int swirl__proto_framed(const swirl__config *pc) {
  return pc->open_eof_check || pc->open_eof_split || pc->open_length_check;
}


static void too_big(swirl__conn *c, const char *what, uint64_t n) {
  swirl__warn("session#%llu: %s of %llu bytes is over package_max_length=%lld;"
              " connection closed", (unsigned long long)c->id, what,
              (unsigned long long)n, (long long)c->pc->package_max_length);
  c->by_server = 1;
  swirl__conn_close_now(c);
}

/* Reads the length field at p (type is a pack() code). Returns 0 and sets
 * *out, or -1 for a negative value. */
static int read_length(char type, const unsigned char *p, int64_t *out) {
  uint64_t u = 0;
  int i;
  switch (type) {
    case 'c': *out = (int8_t)p[0]; break;
    case 'C': *out = p[0]; break;
    case 'n': *out = (p[0] << 8) | p[1]; break;
    case 'v': *out = p[0] | (p[1] << 8); break;
    case 'N': *out = ((uint32_t)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]; break;
    case 'V': *out = p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24); break;
    case 's': { int16_t v; memcpy(&v, p, 2); *out = v; break; }
    case 'S': { uint16_t v; memcpy(&v, p, 2); *out = v; break; }
    case 'l': { int32_t v; memcpy(&v, p, 4); *out = v; break; }
    case 'L': { uint32_t v; memcpy(&v, p, 4); *out = v; break; }
    case 'q': { int64_t v; memcpy(&v, p, 8); *out = v; break; }
    case 'Q': { uint64_t v; memcpy(&v, p, 8); *out = (int64_t)v; break; }
    case 'J': for (i = 0; i < 8; i++) u = (u << 8) | p[i]; *out = (int64_t)u; break;
    case 'P': for (i = 7; i >= 0; i--) u = (u << 8) | p[i]; *out = (int64_t)u; break;
    default: return -1;
  }
  return *out < 0 ? -1 : 0;
}

static int length_size(char type) {
  switch (type) {
    case 'c': case 'C': return 1;
    case 's': case 'S': case 'n': case 'v': return 2;
    case 'q': case 'Q': case 'J': case 'P': return 8;
    default: return 4;
  }
}

/* How long the packet at the start of p is: > 0 its length, 0 not known
 * yet, < 0 invalid (reason in *what, size in *bad). */
static int64_t packet_length(swirl__conn *c, const char *p, size_t len,
                             const char **what, uint64_t *bad) {
  const swirl__config *pc = c->pc;
  if (pc->open_length_check) {
    char type = pc->package_length_type[0];
    size_t need = (size_t)pc->package_length_offset + (size_t)length_size(type);
    int64_t body;
    if (len < need) return 0;
    if (read_length(type, (const unsigned char *)p + pc->package_length_offset,
                    &body) != 0) {
      *what = "packet with a negative length";
      *bad = 0;
      return -1;
    }
    if ((uint64_t)body + (uint64_t)pc->package_body_offset >
        (uint64_t)pc->package_max_length) {
      *what = "packet";
      *bad = (uint64_t)body + (uint64_t)pc->package_body_offset;
      return -1;
    }
    return body + pc->package_body_offset > 0 ? body + pc->package_body_offset
                                              : -1;
  } else {
    /* EOF split: up to and including the first EOF marker. */
    const char *eof = pc->package_eof;
    size_t elen = strlen(eof);
    const char *hit = memmem(p, len, eof, elen);
    if (hit == NULL) {
      if (len > (size_t)pc->package_max_length) {
        *what = "line without package_eof";
        *bad = len;
        return -1;
      }
      return 0;
    }
    return (int64_t)(hit - p) + (int64_t)elen;
  }
}

/* Splits data into packets, delivers each; returns how many bytes were
 * consumed (the rest is an incomplete packet), or -1 if c was closed. */
static ssize_t split(swirl__conn *c, const char *data, size_t len) {
  size_t off = 0;
  while (off < len && !c->closing) {
    const char *what = NULL;
    uint64_t bad = 0;
    int64_t n = packet_length(c, data + off, len - off, &what, &bad);
    if (n < 0) {
      too_big(c, what, bad);
      return -1;
    }
    if (n == 0 || (size_t)n > len - off) break;
    swirl__conn_receive(c, data + off, (size_t)n);
    off += (size_t)n;
  }
  return c->closing ? -1 : (ssize_t)off;
}

void swirl__proto_feed(swirl__conn *c, const char *data, size_t len) {
  const swirl__config *pc = c->pc;
  swirl__buf *in = c->in;
  ssize_t used;
  if (!pc->open_length_check && !pc->open_eof_split) {
    /* EOF check without split: deliver everything up to a read that ends
     * with the marker, as Swoole does. */
    size_t elen = strlen(pc->package_eof), total;
    const char *all = data;
    if (in != NULL && in->len > 0) {
      if (swirl__buf_append(in, data, len) != 0) goto nomem;
      all = in->data;
    }
    total = in != NULL && in->len > 0 ? in->len : len;
    if (total >= elen && memcmp(all + total - elen, pc->package_eof, elen) == 0) {
      swirl__conn_receive(c, all, total);
      if (in != NULL) in->len = 0;
      return;
    }
    if (total > (size_t)pc->package_max_length) {
      too_big(c, "data without package_eof", total);
      return;
    }
    if (all == data) {
      if (in == NULL && (in = c->in = swirl__calloc(1, sizeof(*in))) == NULL)
        goto nomem;
      if (swirl__buf_append(in, data, len) != 0) goto nomem;
    }
    return;
  }
  if (in == NULL || in->len == 0) {
    used = split(c, data, len);
    if (used < 0 || (size_t)used == len) return;
    if (in == NULL && (in = c->in = swirl__calloc(1, sizeof(*in))) == NULL)
      goto nomem;
    if (swirl__buf_append(in, data + used, len - (size_t)used) != 0) goto nomem;
    return;
  }
  if (swirl__buf_append(in, data, len) != 0) goto nomem;
  used = split(c, in->data, in->len);
  if (used < 0) return;
  memmove(in->data, in->data + used, in->len - (size_t)used);
  in->len -= (size_t)used;
  return;
nomem:
  swirl__error("session#%llu: out of memory while framing; connection closed",
               (unsigned long long)c->id);
  swirl__conn_close_now(c);
}

void swirl__proto_free(swirl__conn *c) {
  if (c->in == NULL) return;
  swirl__buf_free(c->in);
  swirl__free(c->in);
  c->in = NULL;
}
