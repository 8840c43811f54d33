/*
 * raw_http: the HTTP baseline of `make bench`, a hello-world HTTP/1.1
 * responder written directly on libuv with nothing a benchmark does not
 * need.
 *
 *   raw_http PORT
 *
 * One process, one loop, bound to 127.0.0.1:PORT (0 picks a free port).
 * Once it listens it prints "listening on 127.0.0.1:PORT" and flushes
 * stdout. SIGTERM and SIGINT stop it with exit status 0.
 *
 * It parses just enough to find where each request ends: the blank line
 * after the header block, plus a Content-Length body if one is announced
 * (chunked request bodies are not supported: such a request is answered
 * and the connection closed). Every request gets the same small answer,
 * "Hello World" with the headers a real server sends (Server, Date,
 * Content-Type, Content-Length, Connection); connections are kept alive
 * unless the client asks otherwise (HTTP/1.0 without keep-alive, or
 * "Connection: close"). All the answers to the requests found in one read
 * (pipelining) go out in one write.
 *
 * Reads land in one static 64 KiB buffer; only the unfinished tail of a
 * request is copied into the connection's own buffer. Answers go out
 * through uv_try_write first; what the kernel does not take at once is
 * copied and queued with uv_write.
 */
#define _GNU_SOURCE
#include <uv.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* A header block longer than this is refused (the connection is closed). */
#define RAW_HTTP_MAX_HEADER (16 * 1024)
/* Stop reading from a client while this much output is still queued. */
#define RAW_HTTP_MAX_QUEUED (4u << 20)
#define RAW_HTTP_BODY "Hello World"

typedef struct {
  uv_tcp_t tcp;       /* first: the handle's address is the client's */
  char *in;           /* unfinished request bytes carried to the next read */
  size_t in_len;
  size_t in_cap;
  size_t body_left;   /* bytes of a request body still to skip */
  int paused;         /* reading stopped while output drains */
  int close_after;    /* close once the queued output is written */
} client;

typedef struct {
  uv_write_t req;
  client *c;
  char data[];
} pending_write;

static uv_loop_t *loop;
static uv_tcp_t listener;
static uv_signal_t sig_term;
static uv_signal_t sig_int;
static char read_buf[64 * 1024];

/* The answer, rebuilt when the second in its Date header changes. */
static char response[256];
static size_t response_len;
static time_t response_time = -1;

/* Output of one read callback: the answers to every request it found. */
static char *out_buf;
static size_t out_len, out_cap;

static void refresh_response(void) {
  time_t t = time(NULL);
  if (t == response_time)
    return;
  response_time = t;
  struct tm tm;
  char date[64];
  gmtime_r(&t, &tm);
  strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  response_len = (size_t)snprintf(
      response, sizeof(response),
      "HTTP/1.1 200 OK\r\nServer: raw_http\r\nConnection: keep-alive\r\n"
      "Content-Type: text/html\r\nDate: %s\r\nContent-Length: %zu\r\n\r\n"
      "%s",
      date, sizeof(RAW_HTTP_BODY) - 1, RAW_HTTP_BODY);
}

/* Appends n bytes to out_buf. Returns 0, or -1 when memory ran out. */
static int out_append(const char *p, size_t n) {
  if (out_len + n > out_cap) {
    size_t cap = out_cap ? out_cap : 4096;
    while (cap < out_len + n)
      cap *= 2;
    char *b = realloc(out_buf, cap);
    if (b == NULL)
      return -1;
    out_buf = b;
    out_cap = cap;
  }
  memcpy(out_buf + out_len, p, n);
  out_len += n;
  return 0;
}

static void on_close(uv_handle_t *h) {
  client *c = (client *)h;
  free(c->in);
  free(c);
}

static void close_client(client *c) {
  if (!uv_is_closing((uv_handle_t *)&c->tcp))
    uv_close((uv_handle_t *)&c->tcp, on_close);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  (void)suggested;
  buf->base = read_buf;
  buf->len = sizeof(read_buf);
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf);

/* Frees a queued write; closes the client once everything is written if
 * it asked for that; resumes reading when the queue has drained below the
 * limit that paused it. */
static void on_write(uv_write_t *req, int status) {
  pending_write *w = (pending_write *)req;
  client *c = w->c;
  free(w);
  if (status < 0) {
    close_client(c);
    return;
  }
  if (c->close_after && c->tcp.write_queue_size == 0) {
    close_client(c);
    return;
  }
  if (c->paused && c->tcp.write_queue_size < RAW_HTTP_MAX_QUEUED &&
      !uv_is_closing((uv_handle_t *)&c->tcp)) {
    c->paused = 0;
    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
  }
}

/* Writes out_buf to c: as much as the socket takes now, the rest copied
 * into a queued write. Returns 0 or a libuv error. */
static int flush_output(client *c) {
  if (out_len == 0)
    return 0;
  uv_buf_t b = uv_buf_init(out_buf, (unsigned)out_len);
  int n = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
  if (n == UV_EAGAIN || n == UV_ENOSYS)
    n = 0;
  if (n < 0)
    return n;
  size_t left = out_len - (size_t)n;
  out_len = 0;
  if (left == 0)
    return 0;
  pending_write *w = malloc(sizeof(*w) + left);
  if (w == NULL)
    return UV_ENOMEM;
  w->c = c;
  memcpy(w->data, out_buf + n, left);
  b = uv_buf_init(w->data, (unsigned)left);
  int rc = uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, on_write);
  if (rc < 0) {
    free(w);
    return rc;
  }
  if (c->tcp.write_queue_size >= RAW_HTTP_MAX_QUEUED) {
    c->paused = 1;
    uv_read_stop((uv_stream_t *)&c->tcp);
  }
  return 0;
}

/* True when the header line at p (n bytes, without CRLF) is `name: value`
 * with value starting with `want`, both compared case-insensitively. */
static int header_is(const char *p, size_t n, const char *name,
                     const char *want) {
  size_t nl = strlen(name), wl = strlen(want);
  if (n < nl + 1 || strncasecmp(p, name, nl) != 0 || p[nl] != ':')
    return 0;
  p += nl + 1;
  n -= nl + 1;
  while (n > 0 && (*p == ' ' || *p == '\t')) {
    p++;
    n--;
  }
  return n >= wl && strncasecmp(p, want, wl) == 0;
}

/* Reads the header block p[0..n) (request line included, the final blank
 * line excluded): the body length it announces and whether the connection
 * stays open after the answer. Returns 0, or -1 for a chunked body. */
static int scan_headers(const char *p, size_t n, size_t *body,
                        int *keep_alive) {
  const char *end = p + n;
  const char *eol = memchr(p, '\n', n);
  size_t first = eol ? (size_t)(eol - p) : n;
  if (first > 0 && p[first - 1] == '\r')
    first--;
  int http10 = first >= 8 && memcmp(p + first - 8, "HTTP/1.0", 8) == 0;
  int ka = !http10;
  *body = 0;
  *keep_alive = 0;
  p = eol ? eol + 1 : end;
  while (p < end) {
    eol = memchr(p, '\n', (size_t)(end - p));
    size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
    size_t l = len > 0 && p[len - 1] == '\r' ? len - 1 : len;
    if (header_is(p, l, "content-length", "")) {
      const char *v = memchr(p, ':', l) + 1;
      *body = (size_t)strtoull(v, NULL, 10);
    } else if (header_is(p, l, "transfer-encoding", "chunked")) {
      return -1;
    } else if (header_is(p, l, "connection", "close")) {
      ka = 0;
    } else if (header_is(p, l, "connection", "keep-alive")) {
      ka = 1;
    }
    p = eol ? eol + 1 : end;
  }
  *keep_alive = ka;
  return 0;
}

/* Consumes complete requests from p[0..n), appending an answer for each to
 * out_buf. Returns the number of bytes consumed (the rest is an unfinished
 * request), or -1 when the connection must be closed after the output is
 * flushed (a client that asked for it, an oversized or unsupported
 * request, or no memory). */
static ssize_t parse_requests(client *c, const char *p, size_t n) {
  size_t pos = 0;
  while (pos < n) {
    if (c->body_left > 0) {
      size_t skip = n - pos < c->body_left ? n - pos : c->body_left;
      c->body_left -= skip;
      pos += skip;
      continue;
    }
    const char *hdr = p + pos;
    size_t avail = n - pos;
    const char *blank = memmem(hdr, avail, "\r\n\r\n", 4);
    if (blank == NULL)
      return avail > RAW_HTTP_MAX_HEADER ? -1 : (ssize_t)pos;
    size_t hlen = (size_t)(blank - hdr);
    int keep_alive;
    size_t body;
    int bad = scan_headers(hdr, hlen, &body, &keep_alive) < 0;
    pos += hlen + 4;
    c->body_left = body;
    if (out_append(response, response_len) < 0 || bad || !keep_alive)
      return -1;
  }
  return (ssize_t)pos;
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  client *c = (client *)s;
  if (nread < 0) {
    close_client(c);
    return;
  }
  if (nread == 0)
    return;
  refresh_response();
  const char *p = buf->base;
  size_t n = (size_t)nread;
  if (c->in_len > 0) {
    /* An unfinished request is waiting: join the new bytes to it. */
    if (c->in_len + n > c->in_cap) {
      size_t cap = c->in_cap ? c->in_cap : 1024;
      while (cap < c->in_len + n)
        cap *= 2;
      char *b = realloc(c->in, cap);
      if (b == NULL) {
        close_client(c);
        return;
      }
      c->in = b;
      c->in_cap = cap;
    }
    memcpy(c->in + c->in_len, p, n);
    c->in_len += n;
    p = c->in;
    n = c->in_len;
  }
  ssize_t used = parse_requests(c, p, n);
  int rc = flush_output(c);
  if (used < 0 || rc < 0) {
    c->in_len = 0;
    if (rc < 0 || c->tcp.write_queue_size == 0) {
      close_client(c);
    } else {
      c->close_after = 1;
      uv_read_stop(s);
    }
    return;
  }
  size_t left = n - (size_t)used;
  if (left == 0) {
    c->in_len = 0;
  } else if (p == c->in) {
    memmove(c->in, c->in + used, left);
    c->in_len = left;
  } else {
    if (left > c->in_cap) {
      char *b = realloc(c->in, left);
      if (b == NULL) {
        close_client(c);
        return;
      }
      c->in = b;
      c->in_cap = left;
    }
    memcpy(c->in, p + used, left);
    c->in_len = left;
  }
}

static void on_connection(uv_stream_t *server, int status) {
  if (status < 0)
    return;
  client *c = calloc(1, sizeof(*c));
  if (c == NULL)
    return;
  uv_tcp_init(loop, &c->tcp);
  if (uv_accept(server, (uv_stream_t *)&c->tcp) < 0) {
    close_client(c);
    return;
  }
  uv_tcp_nodelay(&c->tcp, 1);
  uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
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
  if (*argv[1] == '\0' || *end != '\0' || port < 0 || port > 65535) {
    fprintf(stderr, "raw_http: bad port '%s'\n", argv[1]);
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
    fprintf(stderr, "raw_http: 127.0.0.1:%ld: %s\n", port, uv_strerror(rc));
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
  free(out_buf);
  return 0;
}
