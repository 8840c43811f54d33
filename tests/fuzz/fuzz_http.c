/*
 * fuzz_http.c: a libFuzzer target for the request side of the HTTP and
 * WebSocket parsers (core/http.c, core/ws.c). Each input is fed, split at
 * a point the input chooses, to a fresh connection whose peer is one end
 * of a socket pair; requests are answered, so responses and error pages
 * are written too. Built by `make fuzz` (and briefly run by `make check`).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static swirl_server srv;
static swirl__reactor rx;
static uv_loop_t loop;
static int ready;

static void on_event(const swirl_event *ev, void *ud) {
  (void)ud;
  if (ev->type == SWIRL_EV_REQUEST || ev->type == SWIRL_EV_HANDSHAKE)
    swirl__http_respond(&rx, ev->conn, ev->len % 3 ? 200 : 101, "X: y\r\n", 6,
                        ev->extra, ev->extra_len,
                        ev->len % 5 == 0 ? SWIRL_HTTP_CHUNKED : 0);
  if (ev->type == SWIRL_EV_MESSAGE)
    swirl__ws_push(&rx, ev->conn, ev->data, ev->len, (int32_t)ev->status, 1);
}

static void setup(void) {
  swirl__config_init(&srv.cfg);
  srv.cfg.open_http_protocol = 1;
  srv.cfg.open_websocket_protocol = 1;
  srv.cfg.package_max_length = 64 * 1024;
  srv.cfg.http_request_timeout = 0;
  srv.mode = SWIRL_MODE_BASE;
  srv.role = SWIRL__ROLE_WORKER;
  srv.shm = calloc(1, sizeof(*srv.shm) + 4 * sizeof(srv.shm->busy[0]));
  srv.cb = on_event;
  srv.mask = ~(uint64_t)0 & ~((uint64_t)1 << SWIRL_EV_HANDSHAKE);
  uv_loop_init(&loop);
  swirl__rx_init(&rx, &srv, 0, &loop, 0);
  srv.rx = &rx;
  ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static uint64_t next_id = 1;
  swirl__conn *c;
  int sv[2];
  size_t cut;
  if (!ready) setup();
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return 0;
  c = calloc(1, sizeof(*c));
  c->srv = &srv;
  c->rx = &rx;
  c->id = next_id++;
  c->pc = &srv.cfg;
  uv_pipe_init(&loop, &c->h.pipe, 0);
  uv_pipe_open(&c->h.pipe, sv[0]);
  swirl__map_put(&rx.conns, c->id, c);
  atomic_fetch_add(&srv.shm->connection_num, 1);
  swirl__http_conn_init(c);
  /* The first byte says where the input is split, to exercise requests
   * that arrive in two reads. */
  cut = size > 0 ? data[0] % (size + 1) : 0;
  if (size > 1) {
    char *copy = malloc(size);
    memcpy(copy, data + 1, size - 1);
    if (cut > size - 1) cut = size - 1;
    swirl__conn_input(c, copy, cut);
    if (!c->closing) swirl__conn_input(c, copy + cut, size - 1 - cut);
    free(copy);
  }
  if (!c->closing) swirl__conn_close_now(c);
  close(sv[1]);
  uv_run(&loop, UV_RUN_NOWAIT);
  uv_run(&loop, UV_RUN_NOWAIT);
  return 0;
}
