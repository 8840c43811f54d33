/*
 * raw_udp: the UDP baseline of `make bench`, a UDP echo server written
 * directly on libuv with nothing that a benchmark does not need.
 *
 *   raw_udp PORT
 *
 * One process, one loop, one UDP socket bound to 127.0.0.1:PORT (0 picks a
 * free port). Once it is bound it prints "listening on 127.0.0.1:PORT" and
 * flushes stdout. SIGTERM and SIGINT stop it with exit status 0.
 *
 * Every datagram lands in one static 64 KiB buffer and goes straight back
 * to its sender with uv_udp_try_send; when the socket's send buffer is full
 * the datagram is copied and queued with uv_udp_send instead, so none is
 * dropped on our side.
 */
#include <uv.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  uv_udp_send_t req;
  char data[];
} pending_send;

static uv_loop_t *loop;
static uv_udp_t sock;
static uv_signal_t sig_term;
static uv_signal_t sig_int;
static char read_buf[64 * 1024];

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  (void)suggested;
  buf->base = read_buf;
  buf->len = sizeof(read_buf);
}

static void on_send(uv_udp_send_t *req, int status) {
  (void)status; /* A datagram that could not be sent is lost, as UDP may. */
  free(req);
}

/* Sends the datagram back to `from`: at once if the socket takes it, else
 * through a queued copy. */
static void on_recv(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf,
                    const struct sockaddr *from, unsigned flags) {
  (void)flags;
  if (nread < 0 || from == NULL)
    return; /* An error, or nothing more to read now. */
  uv_buf_t b = uv_buf_init(buf->base, (unsigned)nread);
  int rc = uv_udp_try_send(h, &b, 1, from);
  if (rc != UV_EAGAIN)
    return;
  pending_send *s = malloc(sizeof(*s) + (size_t)nread);
  if (s == NULL)
    return;
  memcpy(s->data, buf->base, (size_t)nread);
  b = uv_buf_init(s->data, (unsigned)nread);
  if (uv_udp_send(&s->req, h, &b, 1, from, on_send) < 0)
    free(s);
}

static void close_all(uv_handle_t *h, void *arg) {
  (void)arg;
  if (!uv_is_closing(h))
    uv_close(h, NULL);
}

static void on_signal(uv_signal_t *h, int signum) {
  (void)signum;
  uv_walk(h->loop, close_all, NULL);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  char *end;
  long port = strtol(argv[1], &end, 10);
  if (*argv[1] == '\0' || *end != '\0' || port < 0 || port > 65535) {
    fprintf(stderr, "raw_udp: bad port '%s'\n", argv[1]);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  loop = uv_default_loop();

  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", (int)port, &addr);
  uv_udp_init(loop, &sock);
  int rc = uv_udp_bind(&sock, (const struct sockaddr *)&addr, 0);
  if (rc == 0)
    rc = uv_udp_recv_start(&sock, on_alloc, on_recv);
  if (rc < 0) {
    fprintf(stderr, "raw_udp: 127.0.0.1:%ld: %s\n", port, uv_strerror(rc));
    return 1;
  }

  struct sockaddr_storage bound;
  int blen = sizeof(bound);
  uv_udp_getsockname(&sock, (struct sockaddr *)&bound, &blen);
  printf("listening on 127.0.0.1:%d\n",
         ntohs(((struct sockaddr_in *)&bound)->sin_port));
  fflush(stdout);

  uv_signal_init(loop, &sig_term);
  uv_signal_start(&sig_term, on_signal, SIGTERM);
  uv_signal_init(loop, &sig_int);
  uv_signal_start(&sig_int, on_signal, SIGINT);

  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  return 0;
}
