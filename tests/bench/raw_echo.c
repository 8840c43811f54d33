/*
 * raw_echo: the baseline of `make bench`, a TCP echo server written directly
 * on libuv with nothing that a benchmark does not need.
 *
 *   raw_echo PORT
 *
 * One process, one loop, bound to 127.0.0.1:PORT (0 picks a free port). Once
 * it listens it prints "listening on 127.0.0.1:PORT" and flushes stdout.
 * SIGTERM and SIGINT stop it with exit status 0.
 *
 * Every read lands in one static 64 KiB buffer: the loop is single threaded
 * and the data is either written out or copied before the read callback
 * returns, so the buffer is free again for the next read. Replies go out
 * through uv_try_write first; whatever the kernel does not take at once is
 * copied and queued with uv_write, which keeps the order because libuv's
 * uv_try_write refuses to write while a queued write is pending.
 */
#include <uv.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stop reading from a client while this much of its echo is still queued,
 * so a client that sends without reading cannot make us buffer without
 * bound. */
#define RAW_ECHO_MAX_QUEUED (4u << 20)

typedef struct {
  uv_write_t req;
  char data[];
} pending_write;

static uv_loop_t *loop;
static uv_tcp_t listener;
static uv_signal_t sig_term;
static uv_signal_t sig_int;
static char read_buf[64 * 1024];

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  (void)suggested;
  buf->base = read_buf;
  buf->len = sizeof(read_buf);
}

static void on_close(uv_handle_t *h) { free(h); }

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf);

/* Frees a queued write; resumes reading once the queue has drained below
 * the limit that made on_read stop. */
static void on_write(uv_write_t *req, int status) {
  uv_stream_t *s = req->handle;
  free(req);
  if (status < 0) {
    if (!uv_is_closing((uv_handle_t *)s))
      uv_close((uv_handle_t *)s, on_close);
    return;
  }
  if (s->data != NULL && s->write_queue_size < RAW_ECHO_MAX_QUEUED &&
      !uv_is_closing((uv_handle_t *)s)) {
    s->data = NULL;
    uv_read_start(s, on_alloc, on_read);
  }
}

/* Echoes `len` bytes at `data` back on s: as much as the socket takes now,
 * the rest copied into a queued write. Returns 0 or a libuv error. */
static int echo(uv_stream_t *s, const char *data, size_t len) {
  uv_buf_t b = uv_buf_init((char *)data, (unsigned)len);
  int n = uv_try_write(s, &b, 1);

  if (n == UV_EAGAIN || n == UV_ENOSYS)
    n = 0;
  if (n < 0)
    return n;
  if ((size_t)n == len)
    return 0;

  len -= (size_t)n;
  pending_write *w = malloc(sizeof(*w) + len);
  if (w == NULL)
    return UV_ENOMEM;
  memcpy(w->data, data + n, len);
  b = uv_buf_init(w->data, (unsigned)len);
  int rc = uv_write(&w->req, s, &b, 1, on_write);
  if (rc < 0) {
    free(w);
    return rc;
  }
  if (s->write_queue_size >= RAW_ECHO_MAX_QUEUED) {
    s->data = s; /* Marks the stream as paused. */
    uv_read_stop(s);
  }
  return 0;
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  if (nread > 0) {
    if (echo(s, buf->base, (size_t)nread) < 0)
      uv_close((uv_handle_t *)s, on_close);
  } else if (nread < 0) {
    uv_close((uv_handle_t *)s, on_close);
  }
}

static void on_connection(uv_stream_t *server, int status) {
  if (status < 0)
    return;
  uv_tcp_t *client = malloc(sizeof(*client));
  if (client == NULL)
    return;
  uv_tcp_init(loop, client);
  client->data = NULL;
  if (uv_accept(server, (uv_stream_t *)client) < 0) {
    uv_close((uv_handle_t *)client, on_close);
    return;
  }
  uv_tcp_nodelay(client, 1);
  uv_read_start((uv_stream_t *)client, on_alloc, on_read);
}

/* Closes every handle on the loop so uv_run returns. Clients are freed,
 * the static handles are not. */
static void close_all(uv_handle_t *h, void *arg) {
  (void)arg;
  if (uv_is_closing(h))
    return;
  if (h == (uv_handle_t *)&listener || h == (uv_handle_t *)&sig_term ||
      h == (uv_handle_t *)&sig_int)
    uv_close(h, NULL);
  else
    uv_close(h, on_close);
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
  if (*end != '\0' || port < 0 || port > 65535) {
    fprintf(stderr, "raw_echo: bad port '%s'\n", argv[1]);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  loop = uv_default_loop();

  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", (int)port, &addr);
  uv_tcp_init(loop, &listener);
  int rc = uv_tcp_bind(&listener, (const struct sockaddr *)&addr, 0);
  if (rc == 0)
    rc = uv_listen((uv_stream_t *)&listener, 511, on_connection);
  if (rc < 0) {
    fprintf(stderr, "raw_echo: 127.0.0.1:%ld: %s\n", port, uv_strerror(rc));
    return 1;
  }

  struct sockaddr_storage bound;
  int blen = sizeof(bound);
  uv_tcp_getsockname(&listener, (struct sockaddr *)&bound, &blen);
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
