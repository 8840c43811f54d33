/*
 * ws.c: WebSocket (RFC 6455) on ports with open_websocket_protocol.
 *
 * A GET with "Upgrade: websocket" is answered with 101 by the core (event
 * OPEN follows, with the request's header block), or, when the binding
 * handles HANDSHAKE, handed over as that event for the binding to answer
 * with a 101 through swirl_http_respond() (no OPEN then, as in Swoole).
 *
 * Frames: a data message, fragmented or not, reaches the binding as ONE
 * MESSAGE event (status = opcode, flags = 1 for "finished"). Pings are
 * answered with pongs and pongs are dropped by the core, unless the port
 * sets open_websocket_ping_frame (pings reach MESSAGE and the binding
 * answers them) or open_websocket_pong_frame (pongs reach MESSAGE). A
 * close frame is answered with the same close frame (code and reason) and
 * the connection ends; with open_websocket_close_frame it reaches MESSAGE
 * first and the binding may answer with its own close frame (push() of a
 * close frame, or disconnect()); when the callback returns without one,
 * the core answers as before. Nothing the client sends after its close
 * frame is read. The core is strict where the RFC says to fail the
 * connection: reserved bits
 * or opcodes, unmasked client frames, control frames over 125 bytes or
 * fragmented, a continuation with nothing to continue, invalid close codes
 * get close 1002; text or close reasons that are not UTF-8 get 1007; a
 * message over package_max_length gets 1009. Each sends the close frame,
 * then closes the connection; the others go on.
 */
#include "internal.h"
#include "buf.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

typedef struct swirl__ws {
  swirl__buf msg;       /* fragments of the message being received */
  int msg_opcode;       /* its opcode, 0 when none is under way */
  int closing;          /* a close frame was sent */
  int peer_closed;      /* the client's close frame waits for the binding */
} swirl__ws;

/* An internal push() flag, beside SWIRL_WS_FLAG_*: the core's answer to a
 * client's close frame, sent when the binding's MESSAGE callback for it has
 * returned. It does nothing if a close frame went out meanwhile. */
enum { WS_FLAG_ANSWER = 0x80 };

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

/* Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. */
int swirl__utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t need;
    uint32_t cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      cp = c & 0x07;
    } else {
      return 0;
    }
    if (i + need >= n) return 0;
    {
      size_t k;
      for (k = 1; k <= need; k++) {
        if ((s[i + k] & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (s[i + k] & 0x3f);
      }
    }
    if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
      return 0;
    i += need + 1;
  }
  return 1;
}

/* Does a comma-separated header value contain token (case-insensitive)? */
static int has_token(const char *v, size_t len, const char *token) {
  size_t tl = strlen(token), i = 0;
  while (i < len) {
    size_t j = i, k;
    while (j < len && v[j] != ',') j++;
    k = i;
    while (k < j && (v[k] == ' ' || v[k] == '\t')) k++;
    {
      size_t e = j;
      while (e > k && (v[e - 1] == ' ' || v[e - 1] == '\t')) e--;
      if (e - k == tl && strncasecmp(v + k, token, tl) == 0) return 1;
    }
    i = j + 1;
  }
  return 0;
}

static void set_status(swirl__conn *c, int status) {
  swirl__session *e = swirl__session_get(c->srv, c->id);
  if (e != NULL) atomic_store(&e->ws_status, status);
}

/* Writes one frame (server frames are never masked). */
static int32_t write_frame(swirl__conn *c, int opcode, int fin,
                           const char *data, size_t len) {
  unsigned char hdr[10];
  size_t hl;
  uv_buf_t b[2];
  hdr[0] = (unsigned char)((fin ? 0x80 : 0) | (opcode & 0x0f));
  if (len < 126) {
    hdr[1] = (unsigned char)len;
    hl = 2;
  } else if (len <= 0xffff) {
    hdr[1] = 126;
    hdr[2] = (unsigned char)(len >> 8);
    hdr[3] = (unsigned char)len;
    hl = 4;
  } else {
    int i;
    hdr[1] = 127;
    for (i = 0; i < 8; i++) hdr[2 + i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
    hl = 10;
  }
  b[0] = uv_buf_init((char *)hdr, (unsigned)hl);
  b[1] = uv_buf_init((char *)data, (unsigned)len);
  return swirl__conn_writev(c, b, len > 0 ? 2 : 1);
}

/* Sends a close frame with code (and reason), then closes the connection
 * once it is written. */
static void fail(swirl__conn *c, int code, const char *why) {
  unsigned char p[2];
  if (c->ws == NULL || c->ws->closing || c->closing) return;
  if (why != NULL)
    swirl__notice("session#%llu: websocket %s; closed with %d",
                  (unsigned long long)c->id, why, code);
  p[0] = (unsigned char)(code >> 8);
  p[1] = (unsigned char)code;
  write_frame(c, SWIRL_WS_OPCODE_CLOSE, 1, (const char *)p, 2);
  c->ws->closing = 1;
  c->by_server = 1;
  swirl__conn_close_graceful(c);
}

static int valid_close_code(int code) {
  if (code >= 3000 && code <= 4999) return 1;
  switch (code) {
    case 1000: case 1001: case 1002: case 1003: case 1007: case 1008:
    case 1009: case 1010: case 1011: case 1012: case 1013: case 1014:
      return 1;
  }
  return 0;
}

/* Answers the client's close frame with the same payload (its code and
 * reason, as Swoole echoes them; 1000 for a close frame without a code),
 * then closes the connection once that is written. The client began the
 * close: it is not a close by the server. */
static void answer_close(swirl__conn *c, const char *p, size_t len) {
  if (c->ws == NULL || c->ws->closing || c->closing) return;
  if (len < 2) {
    p = "\x03\xe8";
    len = 2;
  }
  write_frame(c, SWIRL_WS_OPCODE_CLOSE, 1, p, len);
  c->ws->closing = 1;
  swirl__conn_close_graceful(c);
}

static void deliver(swirl__conn *c, int opcode, const char *data, size_t len) {
  swirl_event ev;
  memset(&ev, 0, sizeof(ev));
  ev.type = SWIRL_EV_MESSAGE;
  ev.worker_id = c->srv->worker_id;
  ev.reactor_id = c->rx->id;
  ev.listener = c->listener;
  ev.conn = c->id;
  ev.status = opcode;
  ev.flags = 1; /* finished: fragments were joined */
  ev.data = data;
  ev.len = len;
  ev.server = c->srv;
  swirl__rx_emit(c->rx, c, &ev);
}

/* Handles one complete, unmasked frame. Returns 0, or -1 if c was failed. */
static int frame(swirl__conn *c, int fin, int opcode, char *p, size_t len) {
  swirl__ws *ws = c->ws;
  size_t max = (size_t)c->pc->package_max_length;
  if (opcode >= 8) {
    if (!fin || len > 125) {
      fail(c, 1002, "control frame fragmented or over 125 bytes");
      return -1;
    }
    if (opcode == SWIRL_WS_OPCODE_PING) {
      if (c->pc->open_websocket_ping_frame)
        deliver(c, opcode, p, len); /* the binding answers, or not */
      else
        write_frame(c, SWIRL_WS_OPCODE_PONG, 1, p, len);
    } else if (opcode == SWIRL_WS_OPCODE_PONG) {
      if (c->pc->open_websocket_pong_frame) deliver(c, opcode, p, len);
    } else {
      int code = 1000;
      if (len == 1) {
        fail(c, 1002, "close frame of 1 byte");
        return -1;
      }
      if (len >= 2) {
        code = ((unsigned char)p[0] << 8) | (unsigned char)p[1];
        if (!valid_close_code(code)) {
          fail(c, 1002, "invalid close code");
          return -1;
        }
        if (!swirl__utf8_valid((const unsigned char *)p + 2, len - 2)) {
          fail(c, 1007, "close reason is not UTF-8");
          return -1;
        }
      }
      (void)code;
      if (!c->pc->open_websocket_close_frame) {
        answer_close(c, p, len);
        return -1;
      }
      /* The binding sees the frame first. A reactor thread cannot know
       * when the worker's callback returns: the worker answers then (see
       * swirl__ws_after_event), unless no worker takes MESSAGE. */
      ws->peer_closed = 1;
      deliver(c, opcode, p, len);
      if (!c->rx->threaded ||
          !(c->srv->mask & ((uint64_t)1 << SWIRL_EV_MESSAGE)))
        answer_close(c, p, len);
      return -1;
    }
    return 0;
  }
  if (opcode == 0) {
    if (ws->msg_opcode == 0) {
      fail(c, 1002, "continuation frame with no message to continue");
      return -1;
    }
  } else if (ws->msg_opcode != 0) {
    fail(c, 1002, "new message inside a fragmented one");
    return -1;
  }
  if (opcode != 0 && fin) {
    if (opcode == SWIRL_WS_OPCODE_TEXT &&
        !swirl__utf8_valid((const unsigned char *)p, len)) {
      fail(c, 1007, "text message is not UTF-8");
      return -1;
    }
    deliver(c, opcode, p, len);
    return 0;
  }
  if (ws->msg.len + len > max) {
    fail(c, 1009, "message over package_max_length");
    return -1;
  }
  if (opcode != 0) ws->msg_opcode = opcode;
  if (swirl__buf_append(&ws->msg, p, len) != 0) {
    fail(c, 1011, "out of memory");
    return -1;
  }
  if (fin) {
    int op = ws->msg_opcode;
    ws->msg_opcode = 0;
    if (op == SWIRL_WS_OPCODE_TEXT &&
        !swirl__utf8_valid((const unsigned char *)ws->msg.data, ws->msg.len)) {
      fail(c, 1007, "text message is not UTF-8");
      return -1;
    }
    deliver(c, op, ws->msg.data, ws->msg.len);
    ws->msg.len = 0;
  }
  return 0;
}

/* Parses the frames in p[0..len); returns how many bytes it used (the rest
 * is an incomplete frame), or -1 if the connection was failed. */
static ssize_t parse(swirl__conn *c, char *p, size_t len) {
  size_t off = 0, max = (size_t)c->pc->package_max_length;
  while (off < len && c->ws != NULL && !c->closing && !c->ws->peer_closed) {
    unsigned char b0, b1;
    size_t hl = 2, plen, i;
    unsigned char mask[4];
    char *payload;
    if (len - off < 2) break;
    b0 = (unsigned char)p[off];
    b1 = (unsigned char)p[off + 1];
    if (b0 & 0x70) {
      fail(c, 1002, "reserved bits set");
      return -1;
    }
    if (((b0 & 0x0f) > 2 && (b0 & 0x0f) < 8) || (b0 & 0x0f) > 10) {
      fail(c, 1002, "reserved opcode");
      return -1;
    }
    if (!(b1 & 0x80)) {
      fail(c, 1002, "unmasked client frame");
      return -1;
    }
    plen = b1 & 0x7f;
    if (plen == 126) hl += 2;
    else if (plen == 127) hl += 8;
    hl += 4;
    if (len - off < hl) break;
    if (plen == 126) {
      plen = ((unsigned char)p[off + 2] << 8) | (unsigned char)p[off + 3];
    } else if (plen == 127) {
      uint64_t v = 0;
      for (i = 0; i < 8; i++) v = (v << 8) | (unsigned char)p[off + 2 + i];
      if (v > (uint64_t)max) {
        fail(c, 1009, "frame over package_max_length");
        return -1;
      }
      plen = (size_t)v;
    }
    if (plen > max) {
      fail(c, 1009, "frame over package_max_length");
      return -1;
    }
    if (len - off - hl < plen) break;
    memcpy(mask, p + off + hl - 4, 4);
    payload = p + off + hl;
    for (i = 0; i < plen; i++) payload[i] ^= mask[i & 3];
    off += hl + plen;
    if (frame(c, (b0 & 0x80) != 0, b0 & 0x0f, payload, plen) != 0) return -1;
  }
  return c->closing || c->ws == NULL || c->ws->peer_closed ? -1 : (ssize_t)off;
}

/* ------------------------------------------------------------------------
 * Internal interface
 * ---------------------------------------------------------------------- */

/* Makes c a WebSocket connection; its HTTP state goes. */
int swirl__ws_switch(swirl__conn *c) {
  c->ws = swirl__calloc(1, sizeof(*c->ws));
  if (c->ws == NULL) return SWIRL_ENOMEM;
  if (c->http != NULL) swirl__http_conn_free(c);
  set_status(c, SWIRL_WEBSOCKET_STATUS_ACTIVE);
  c->last_ms = 0;
  return 0;
}

void swirl__ws_free(swirl__conn *c) {
  if (c->ws == NULL) return;
  swirl__buf_free(&c->ws->msg);
  swirl__free(c->ws);
  c->ws = NULL;
}

/* Is the request in block (an upgrade) a WebSocket handshake? */
int swirl__ws_is_upgrade(const char *hdrs, size_t hlen) {
  size_t l;
  const char *v = swirl__header_value(hdrs, hlen, "upgrade", &l);
  return v != NULL && has_token(v, l, "websocket");
}

/* Answers the handshake in the header block `hdrs` with 101 and switches
 * c to WebSocket, raising OPEN with `head`; or answers 400 when the request
 * is not a valid handshake. `rest` holds bytes that followed the request
 * (frames sent without waiting for the 101). */
void swirl__ws_accept(swirl__conn *c, const char *head, size_t headlen,
                      const char *hdrs, size_t hlen, const char *rest,
                      size_t restlen) {
  size_t klen = 0, vlen = 0;
  const char *key = swirl__header_value(hdrs, hlen, "sec-websocket-key", &klen);
  const char *ver = swirl__header_value(hdrs, hlen, "sec-websocket-version", &vlen);
  unsigned char sha[SHA_DIGEST_LENGTH];
  char accept[64], resp[512];
  char keyguid[64];
  int n;
  uv_buf_t b;
  swirl_event ev;
  if (key == NULL || klen != 24 || ver == NULL || vlen != 2 ||
      memcmp(ver, "13", 2) != 0) {
    swirl__notice("session#%llu: invalid websocket handshake; answered 400",
                  (unsigned long long)c->id);
    n = snprintf(resp, sizeof(resp),
                 "HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\n"
                 "Connection: close\r\nContent-Length: 0\r\n\r\n");
    b = uv_buf_init(resp, (unsigned)n);
    swirl__conn_writev(c, &b, 1);
    c->by_server = 1;
    swirl__conn_close_graceful(c);
    return;
  }
  memcpy(keyguid, key, klen);
  memcpy(keyguid + klen, WS_GUID, sizeof(WS_GUID) - 1);
  EVP_Digest(keyguid, klen + sizeof(WS_GUID) - 1, sha, NULL, EVP_sha1(), NULL);
  EVP_EncodeBlock((unsigned char *)accept, sha, SHA_DIGEST_LENGTH);
  /* Swoole's answer, header for header: its websocket_subprotocol is sent
   * as it is (no negotiation), unless it would break the header block. */
  n = snprintf(resp, sizeof(resp),
               "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n"
               "Sec-WebSocket-Version: 13\r\n",
               accept);
  {
    const char *proto = c->pc->websocket_subprotocol;
    static const char server[] = "Server: swoole-http-server\r\n\r\n";
    uv_buf_t parts[5];
    int np = 0;
    parts[np++] = uv_buf_init(resp, (unsigned)n);
    if (proto != NULL && proto[0] != '\0' && strpbrk(proto, "\r\n") == NULL) {
      parts[np++] = uv_buf_init("Sec-WebSocket-Protocol: ", 24);
      parts[np++] = uv_buf_init((char *)proto, (unsigned)strlen(proto));
      parts[np++] = uv_buf_init("\r\n", 2);
    }
    parts[np++] = uv_buf_init((char *)server, sizeof(server) - 1);
    if (swirl__conn_writev(c, parts, np) != 0) return;
  }
  /* OPEN carries the request; copy it before the HTTP state goes. */
  {
    char *copy = swirl__malloc(headlen + 1);
    if (copy != NULL) memcpy(copy, head, headlen);
    if (copy == NULL || swirl__ws_switch(c) != 0) {
      swirl__free(copy);
      swirl__conn_close_now(c);
      return;
    }
    memset(&ev, 0, sizeof(ev));
    ev.type = SWIRL_EV_OPEN;
    ev.worker_id = c->srv->worker_id;
    ev.reactor_id = c->rx->id;
    ev.listener = c->listener;
    ev.conn = c->id;
    ev.data = copy;
    ev.len = headlen;
    ev.extra = "";
    ev.server = c->srv;
    swirl__rx_emit(c->rx, c, &ev);
    swirl__free(copy);
  }
  if (restlen > 0 && !c->closing) swirl__ws_feed(c, rest, restlen);
}

void swirl__ws_feed(swirl__conn *c, const char *data, size_t len) {
  swirl__buf *in = c->in;
  ssize_t used;
  if (c->ws == NULL || c->ws->closing || c->ws->peer_closed) return;
  if (in == NULL || in->len == 0) {
    /* Frames are unmasked in place: the read buffer is ours. */
    used = parse(c, (char *)data, len);
    if (used < 0 || (size_t)used == len) return;
    if (in == NULL && (in = c->in = swirl__calloc(1, sizeof(*in))) == NULL) {
      swirl__conn_close_now(c);
      return;
    }
    if (swirl__buf_append(in, data + used, len - (size_t)used) != 0)
      swirl__conn_close_now(c);
    return;
  }
  if (swirl__buf_append(in, data, len) != 0) {
    swirl__conn_close_now(c);
    return;
  }
  used = parse(c, in->data, in->len);
  if (used < 0) return;
  memmove(in->data, in->data + used, in->len - (size_t)used);
  in->len -= (size_t)used;
}

int32_t swirl__ws_push(swirl__reactor *rx, uint64_t id, const char *data,
                       size_t len, int32_t opcode, int32_t flags) {
  swirl__conn *c = swirl__rx_conn(rx, id);
  int32_t rc;
  if (c == NULL) return SWIRL_ESESSION_NOT_EXIST;
  if ((flags & WS_FLAG_ANSWER) && opcode == SWIRL_WS_OPCODE_CLOSE) {
    /* The worker's answer to a close frame: only if nothing answered it
     * meanwhile (the binding's own close frame came first). */
    if (c->ws != NULL && len <= 125) answer_close(c, data, len);
    return 0;
  }
  if (c->ws == NULL || c->ws->closing)
    return swirl__srv_fail(rx->srv, SWIRL_EWEBSOCKET_UNCONNECTED,
                           "session#%llu is not a websocket connection",
                           (unsigned long long)id);
  if (opcode < 0 || opcode > 10 || (opcode > 2 && opcode < 8))
    return swirl__srv_fail(rx->srv, SWIRL_EWEBSOCKET_BAD_OPCODE,
                           "invalid websocket opcode %d", opcode);
  if (opcode >= 8 && len > 125)
    return swirl__srv_fail(rx->srv, SWIRL_EINVALID_PARAMS,
                           "control frames carry at most 125 bytes");
  if ((rc = swirl__conn_can_send(c, len)) != 0) return rc;
  /* A control frame is never fragmented (RFC 6455 5.5): FIN always. */
  rc = write_frame(c, opcode, (flags & SWIRL_WS_FLAG_FIN) != 0 || opcode >= 8,
                   data, len);
  if (rc == 0 && opcode == SWIRL_WS_OPCODE_CLOSE) {
    c->ws->closing = 1;
    c->by_server = 1;
    swirl__conn_close_graceful(c);
  }
  return rc;
}

int32_t swirl__ws_disconnect(swirl__reactor *rx, uint64_t id, int32_t code,
                             const char *reason, size_t rlen) {
  swirl__conn *c = swirl__rx_conn(rx, id);
  char p[125];
  if (c == NULL) return SWIRL_ESESSION_NOT_EXIST;
  if (c->ws == NULL || c->ws->closing)
    return swirl__srv_fail(rx->srv, SWIRL_EWEBSOCKET_UNCONNECTED,
                           "session#%llu is not a websocket connection",
                           (unsigned long long)id);
  if (rlen > 123) rlen = 123;
  p[0] = (char)(code >> 8);
  p[1] = (char)code;
  memcpy(p + 2, reason, rlen);
  write_frame(c, SWIRL_WS_OPCODE_CLOSE, 1, p, rlen + 2);
  c->ws->closing = 1;
  c->by_server = 1;
  swirl__conn_close_graceful(c);
  return 0;
}

/* In a PROCESS worker, after the callback of an event that came from a
 * reactor thread: a client's close frame (open_websocket_close_frame) that
 * the callback did not answer is answered now with the same frame. The
 * answer travels behind anything the callback sent, so the reactor drops it
 * when the binding's own close frame came first. */
void swirl__ws_after_event(swirl_server *srv, const swirl_event *ev) {
  if (ev->type != SWIRL_EV_MESSAGE || ev->status != SWIRL_WS_OPCODE_CLOSE)
    return;
  swirl__worker_ws_push(srv, ev->conn, ev->data, ev->len,
                        SWIRL_WS_OPCODE_CLOSE,
                        SWIRL_WS_FLAG_FIN | WS_FLAG_ANSWER);
}
