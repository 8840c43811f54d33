/*
 * reactor.c: connections. A reactor is one event loop holding connections:
 * it accepts them, reads them (framing EOF / length / HTTP on the way),
 * writes what is sent to them and closes them.
 *
 * In BASE mode every worker process is its own reactor and raises the
 * events itself. In PROCESS mode the master runs reactor_num reactors on
 * threads: they never call a callback; each event goes, as a message, to
 * the worker that dispatch_mode picks, and the workers' sends, closes and
 * HTTP responses come back as messages to the reactor holding the
 * connection. Connections live in the master, so a worker that dies loses
 * none: the next event goes to its replacement.
 *
 * Connection life cycle: accepted -> CONNECT -> RECEIVE... -> closing ->
 * (uv_close callback) CLOSE -> freed. CLOSE is raised from the close
 * callback, never inside a close call, and the memory goes only after it.
 * A closing connection is invisible to send, close and exist.
 */
#include "internal.h"
#include "buf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* A write that could not complete at once: the request and a copy of the
 * unwritten bytes in one allocation. */
typedef struct write_req {
  uv_write_t req;
  size_t len;
  char data[];
} write_req;

static void free_handle(uv_handle_t *h) { swirl__free(h); }

static void pump(swirl__conn *c);

/* Every write ends here. A failed one needs nothing (the read side sees
 * the error); a finished one lets queued file output go on. */
/* Publishes how much waits for c, so that a worker elsewhere can refuse a
 * send to a slow reader (socket_buffer_size) instead of piling it up. */
static void publish_queued(swirl__conn *c) {
  swirl__session *e = &c->srv->sessions[c->id & (c->srv->sessions_cap - 1)];
  atomic_store_explicit(&e->out_queued, (int64_t)c->h.stream.write_queue_size,
                        memory_order_relaxed);
}

static void cork_flush(swirl__conn *c);

void swirl__rx_uncork(swirl__reactor *rx) {
  swirl__conn *c = rx->corked;
  if (c == NULL) return;
  c->corked = 0;
  cork_flush(c);
}

/* Writes what gathered while c was corked (see on_read). */
static void cork_flush(swirl__conn *c) {
  int was = c->corked;
  uv_buf_t b;
  if (c->cork == NULL || c->cork->len == 0) return;
  c->corked = 0;
  b = uv_buf_init(c->cork->data, (unsigned)c->cork->len);
  swirl__conn_raw_writev(c, &b, 1);
  c->cork->len = 0;
  if (c->cork->cap > 256 * 1024) swirl__buf_free(c->cork);
  c->corked = was;
}

static void on_write(uv_write_t *req, int status) {
  swirl__conn *c = (swirl__conn *)req->handle;
  swirl__free(req);
  publish_queued(c);
  if (status == 0 && c->jobs != NULL && !uv_is_closing(&c->h.any)) pump(c);
}

/* ------------------------------------------------------------------------
 * Output jobs: once a file is being sent, everything after it waits in a
 * queue of jobs (file parts, data) that is pumped as the socket drains, so
 * that a file is never read into memory whole and order is kept.
 * ---------------------------------------------------------------------- */

#define PUMP_CHUNK (64 * 1024)
#define PUMP_HIGH (256 * 1024)

typedef struct swirl__job {
  struct swirl__job *next;
  int fd;             /* -1: a data job */
  int64_t offset;
  int64_t remaining;
  size_t len;
  char data[];
} swirl__job;


static void job_pop(swirl__conn *c) {
  swirl__job *j = c->jobs;
  c->jobs = j->next;
  if (c->jobs == NULL) c->jobs_tail = NULL;
  if (j->fd >= 0) close(j->fd);
  swirl__free(j);
}

static void jobs_free(swirl__conn *c) {
  while (c->jobs != NULL) job_pop(c);
}

static void pump(swirl__conn *c) {
  while (c->jobs != NULL && !uv_is_closing(&c->h.any) &&
         c->h.stream.write_queue_size < PUMP_HIGH) {
    swirl__job *j = c->jobs;
    char *buf;
    size_t n;
    uv_buf_t b;
    int32_t rc;
    if (j->fd < 0) {
      /* Data queued behind a file: it leaves the queue first, so the
       * write below does not queue it again. */
      c->jobs = j->next;
      if (c->jobs == NULL) c->jobs_tail = NULL;
      j->next = NULL;
      b = uv_buf_init(j->data, (unsigned)j->len);
      rc = c->tls != NULL ? swirl__tls_write(c, &b, 1)
                          : swirl__conn_raw_writev(c, &b, 1);
      swirl__free(j);
    } else {
      ssize_t r;
      n = j->remaining > PUMP_CHUNK ? PUMP_CHUNK : (size_t)j->remaining;
      buf = swirl__malloc(n);
      if (buf == NULL) break;
      r = pread(j->fd, buf, n, j->offset);
      if (r <= 0) {
        /* The file shrank under us: the promised length cannot be kept,
         * so the connection ends rather than lie. */
        swirl__warn("session#%llu: sendfile: the file ended early",
                    (unsigned long long)c->id);
        swirl__free(buf);
        jobs_free(c);
        swirl__conn_close_now(c);
        return;
      }
      j->offset += r;
      j->remaining -= r;
      if (j->remaining == 0) job_pop(c);
      b = uv_buf_init(buf, (unsigned)r);
      /* With the jobs this chunk is part of still queued, the write must
       * go straight to the socket. */
      rc = c->tls != NULL ? swirl__tls_write(c, &b, 1)
                          : swirl__conn_raw_writev(c, &b, 1);
      swirl__free(buf);
    }
    if (rc != 0) {
      jobs_free(c);
      swirl__conn_close_now(c);
      return;
    }
  }
  if (c->jobs == NULL && c->close_after_jobs) {
    c->close_after_jobs = 0;
    swirl__conn_close_graceful(c);
  }
}

static int job_push(swirl__conn *c, swirl__job *j) {
  j->next = NULL;
  if (c->jobs_tail != NULL) c->jobs_tail->next = j;
  else c->jobs = j;
  c->jobs_tail = j;
  return 0;
}

int64_t swirl__conn_sendfile(swirl__conn *c, const char *path, int64_t offset,
                             int64_t length) {
  swirl_server *srv = c->srv;
  struct stat st;
  swirl__job *j;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return swirl__srv_fail(srv, -errno, "sendfile: %s: %s", path, strerror(errno));
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "sendfile: %s is not a regular file", path);
  }
  if (offset < 0 || offset > st.st_size || length < 0 ||
      (length > 0 && offset + length > st.st_size)) {
    close(fd);
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "sendfile: offset %lld / length %lld outside %s "
                           "(%lld bytes)", (long long)offset,
                           (long long)length, path, (long long)st.st_size);
  }
  if (length == 0) length = st.st_size - offset;
  if (length == 0) {
    close(fd);
    return 0;
  }
  j = swirl__calloc(1, sizeof(*j));
  if (j == NULL) {
    close(fd);
    return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  }
  j->fd = fd;
  j->offset = offset;
  j->remaining = length;
  job_push(c, j);
  pump(c);
  return length;
}

int32_t swirl__rx_sendfile(swirl__reactor *rx, uint64_t id, const char *path,
                           int64_t offset, int64_t length) {
  swirl__conn *c = swirl__rx_conn(rx, id);
  int64_t rc;
  if (c == NULL) return SWIRL_ESESSION_NOT_EXIST;
  rc = swirl__conn_sendfile(c, path, offset, length);
  return rc < 0 ? (int32_t)rc : 0;
}

/* ------------------------------------------------------------------------
 * Events: raised here (BASE) or sent to a worker (PROCESS)
 * ---------------------------------------------------------------------- */

static int is_request(int type) {
  return type == SWIRL_EV_RECEIVE || type == SWIRL_EV_REQUEST ||
         type == SWIRL_EV_PACKET;
}

/* The worker that handles an event of c (or of a datagram when c is NULL),
 * by dispatch_mode: 1 round robin, 2 by connection, 3 idle worker first,
 * 4 by client address, 5 by bound uid (else by connection). */
static int choose_worker(swirl__reactor *rx, swirl__conn *c) {
  swirl_server *srv = rx->srv;
  int n = (int)srv->cfg.worker_num, i;
  swirl__session *e;
  switch (srv->cfg.dispatch_mode) {
    case 1:
      return (int)(rx->rr++ % (uint32_t)n);
    case 3:
      for (i = 0; i < n; i++) {
        int w = (int)((rx->rr + (uint32_t)i) % (uint32_t)n);
        if (!atomic_load(&srv->shm->busy[w])) {
          rx->rr = (uint32_t)w + 1;
          return w;
        }
      }
      return (int)(rx->rr++ % (uint32_t)n);
    case 4:
      if (c != NULL && (e = swirl__session_get(srv, c->id)) != NULL) {
        uint32_t h = 2166136261u;
        for (i = 0; i < 16; i++) h = (h ^ e->addr[i]) * 16777619u;
        return (int)(h % (uint32_t)n);
      }
      break;
    case 5:
      if (c != NULL && (e = swirl__session_get(srv, c->id)) != NULL &&
          atomic_load(&e->uid) != 0)
        return (int)(atomic_load(&e->uid) % (uint64_t)n);
      break;
  }
  if (c != NULL) return (int)(c->id % (uint64_t)n);
  return (int)(rx->rr++ % (uint32_t)n);
}

static void flush_pending(swirl__reactor *rx, int dst);

static void on_channel_writable(uv_poll_t *p, int status, int events) {
  swirl__reactor *rx = p->data;
  SWIRL__UNUSED(status);
  SWIRL__UNUSED(events);
  flush_pending(rx, (int)(p - rx->wpoll));
}

/* Sends what waits for channel dst, in order, as long as it takes it. */
static void flush_pending(swirl__reactor *rx, int dst) {
  swirl_server *srv = rx->srv;
  while (rx->pend_head[dst] != NULL) {
    swirl__pending *m = rx->pend_head[dst];
    ssize_t n = send(srv->ipc[dst].wr, m->data, m->len, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
    if (n < 0)
      swirl__error("reactor#%d: message to worker#%d lost: %s", rx->id, dst,
                   strerror(errno));
    rx->pend_head[dst] = m->next;
    if (rx->pend_head[dst] == NULL) rx->pend_tail[dst] = NULL;
    swirl__free(m);
  }
  if (rx->pend_head[dst] != NULL && !rx->wpoll_on[dst]) {
    uv_poll_start(&rx->wpoll[dst], UV_WRITABLE, on_channel_writable);
    rx->wpoll_on[dst] = 1;
  } else if (rx->pend_head[dst] == NULL && rx->wpoll_on[dst]) {
    uv_poll_stop(&rx->wpoll[dst]);
    rx->wpoll_on[dst] = 0;
  }
}

/* Sends one datagram to channel dst without ever blocking the reactor: what
 * the channel cannot take now waits in order for it to drain. */
static void rx_send_now(swirl__reactor *rx, int dst, const struct iovec *iov,
                        int niov) {
  swirl_server *srv = rx->srv;
  struct msghdr msg;
  swirl__pending *m;
  size_t len = 0, off = 0;
  int i;
  if (rx->pend_head[dst] == NULL) {
    ssize_t n;
    memset(&msg, 0, sizeof(msg));
    msg.msg_iov = (struct iovec *)iov;
    msg.msg_iovlen = (size_t)niov;
    n = sendmsg(srv->ipc[dst].wr, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) return;
    if (errno != EAGAIN && errno != EINTR) {
      swirl__error("reactor#%d: message to worker#%d lost: %s", rx->id, dst,
                   strerror(errno));
      return;
    }
  }
  for (i = 0; i < niov; i++) len += iov[i].iov_len;
  m = swirl__malloc(sizeof(*m) + len);
  if (m == NULL) {
    swirl__error("reactor#%d: out of memory; a message to worker#%d is lost",
                 rx->id, dst);
    return;
  }
  m->next = NULL;
  m->len = len;
  for (i = 0; i < niov; i++) {
    memcpy(m->data + off, iov[i].iov_base, iov[i].iov_len);
    off += iov[i].iov_len;
  }
  if (rx->pend_tail[dst] != NULL) rx->pend_tail[dst]->next = m;
  else rx->pend_head[dst] = m;
  rx->pend_tail[dst] = m;
  flush_pending(rx, dst);
}

/* Sends what the batch of channel dst holds, as one datagram. */
static void rx_batch_flush(swirl__reactor *rx, int dst) {
  struct iovec iov;
  if (rx->batch_len[dst] == 0) return;
  iov.iov_base = rx->batch[dst];
  iov.iov_len = rx->batch_len[dst];
  rx->batch_len[dst] = 0;
  rx_send_now(rx, dst, &iov, 1);
}

/* What a turn of the loop queued for the workers leaves after its I/O
 * callbacks (check), and what timers and close callbacks queued leaves
 * before the loop waits again (prepare). */
static void batch_flush_all(swirl__reactor *rx) {
  int i;
  for (i = 0; i < rx->srv->nipc; i++)
    if (rx->batch_len[i] != 0) rx_batch_flush(rx, i);
}

static void on_batch_check(uv_check_t *h) { batch_flush_all(h->data); }

static void on_batch_prepare(uv_prepare_t *h) { batch_flush_all(h->data); }

/* Queues one message (a header and its payload, in iov) for channel dst.
 * Small ones wait in the channel's batch until the end of this turn of
 * the loop, so the events of one turn reach a worker in one datagram;
 * a large one leaves at once, after the batch. */
static void rx_datagram(swirl__reactor *rx, int dst, const struct iovec *iov,
                        int niov) {
  size_t len = 0, rec;
  char *p;
  int i;
  for (i = 0; i < niov; i++) len += iov[i].iov_len;
  rec = SWIRL__IPC_ALIGN(len);
  if (rx->batch == NULL || rec > SWIRL__IPC_BATCH_MAX / 4) {
    if (rx->batch != NULL) rx_batch_flush(rx, dst);
    rx_send_now(rx, dst, iov, niov);
    return;
  }
  if (rx->batch[dst] == NULL &&
      (rx->batch[dst] = swirl__malloc(SWIRL__IPC_BATCH_MAX)) == NULL) {
    rx_send_now(rx, dst, iov, niov);
    return;
  }
  if (rx->batch_len[dst] + rec > SWIRL__IPC_BATCH_MAX) rx_batch_flush(rx, dst);
  p = rx->batch[dst] + rx->batch_len[dst];
  for (i = 0; i < niov; i++) {
    memcpy(p, iov[i].iov_base, iov[i].iov_len);
    p += iov[i].iov_len;
  }
  memset(p, 0, rec - len);
  rx->batch_len[dst] += rec;
}

/* Sends ev to worker w as an EVENT message, in fragments if it is large. */
/* A dispatched GET or HEAD kept until it is answered: if its worker dies
 * first, the replacement gets it again (a safe method, as a proxy would
 * retry it), and the client never sees the crash. */
typedef struct swirl__retry {
  swirl_event ev;
  uint32_t seq;      /* the message's sequence on its worker's channel */
  char data[];       /* head block, then body */
} swirl__retry;

#define RETRY_MAX (64 * 1024)

void swirl__rx_retry_drop(swirl__conn *c) {
  swirl__free(c->retry);
  c->retry = NULL;
}

static void retry_keep(swirl__conn *c, const swirl_event *ev) {
  swirl__retry *r;
  swirl__rx_retry_drop(c);
  if (ev->len + ev->extra_len > RETRY_MAX || swirl__http_pending_count(c) != 1 ||
      !((ev->len >= 4 && memcmp(ev->data, "GET ", 4) == 0) ||
        (ev->len >= 5 && memcmp(ev->data, "HEAD ", 5) == 0)))
    return;
  r = swirl__malloc(sizeof(*r) + ev->len + ev->extra_len);
  if (r == NULL) return;
  r->ev = *ev;
  r->seq = 0;
  memcpy(r->data, ev->data, ev->len);
  memcpy(r->data + ev->len, ev->extra, ev->extra_len);
  r->ev.data = r->data;
  r->ev.extra = r->data + ev->len;
  c->retry = r;
}

static void rx_forward_event(swirl__reactor *rx, int w, const swirl_event *ev);

static void retry_send(swirl__reactor *rx, swirl__conn *c, int w) {
  rx_forward_event(rx, w, &c->retry->ev);
  c->retry->seq = rx->seq[w];
}

static void rx_forward_event(swirl__reactor *rx, int w, const swirl_event *ev) {
  swirl__ipc_hdr h;
  swirl__ipc_event e;
  struct iovec iov[4];
  size_t total = sizeof(e) + ev->len + ev->extra_len, sent = 0;
  memset(&e, 0, sizeof(e));
  e.type = ev->type;
  e.listener = ev->listener;
  e.reactor_id = ev->reactor_id;
  e.status = ev->status;
  e.flags = ev->flags;
  e.data_len = ev->len;
  /* Numbered per (reactor, worker): the worker records the last number it
   * read, so after a crash we know which requests it had taken. */
  e.pad = (int32_t)++rx->seq[w];
  memset(&h, 0, sizeof(h));
  h.type = SWIRL__IPC_EVENT;
  h.src = swirl__ipc_self;
  h.id = (int64_t)ev->conn;
  /* Fragment the concatenation [e][data][extra]. */
  while (sent < total || sent == 0) {
    size_t chunk = total - sent > SWIRL__IPC_INLINE_MAX ? SWIRL__IPC_INLINE_MAX
                                                       : total - sent;
    size_t pos = sent, left = chunk;
    int n = 1;
    h.len = (uint32_t)chunk;
    h.flags = sent + chunk < total ? SWIRL__IPC_MORE : 0;
    iov[0].iov_base = &h;
    iov[0].iov_len = sizeof(h);
    /* Map [pos, pos + chunk) onto the three parts. */
    {
      const char *parts[3] = {(const char *)&e, ev->data, ev->extra};
      size_t lens[3] = {sizeof(e), ev->len, ev->extra_len}, base = 0;
      int i;
      for (i = 0; i < 3 && left > 0; i++) {
        if (pos < base + lens[i]) {
          size_t off = pos - base, take = lens[i] - off;
          if (take > left) take = left;
          iov[n].iov_base = (void *)(parts[i] + off);
          iov[n].iov_len = take;
          n++;
          pos += take;
          left -= take;
        }
        base += lens[i];
      }
    }
    rx_datagram(rx, w, iov, n);
    sent += chunk;
    if (total == 0) break;
  }
}

void swirl__rx_emit(swirl__reactor *rx, swirl__conn *c, swirl_event *ev) {
  swirl_server *srv = rx->srv;
  int w;
  if (!rx->threaded) {
    /* A send to the event's own connection cannot fail while it takes
     * data: the binding may then use the outbox. */
    srv->outbox.ok_conn =
        c != NULL && !c->closing && c->jobs == NULL &&
                (int64_t)c->h.stream.write_queue_size < srv->cfg.socket_buffer_size
            ? c->id : 0;
    swirl__emit(srv, ev);
    srv->outbox.ok_conn = 0;
    if (is_request(ev->type)) swirl__worker_count_request(srv);
    return;
  }
  if (!(srv->mask & ((uint64_t)1 << ev->type))) return;
  if (ev->type == SWIRL_EV_CONNECT || ev->type == SWIRL_EV_CLOSE) {
    /* Swoole raises neither when events of one connection may go to any
     * worker (dispatch_mode 1 and 3), unless enable_unsafe_event. */
    if ((srv->cfg.dispatch_mode == 1 || srv->cfg.dispatch_mode == 3) &&
        !srv->cfg.enable_unsafe_event)
      return;
  }
  /* Every mode but 1 and 3 maps a connection to the same worker each
   * time, so no choice needs remembering. */
  w = choose_worker(rx, c);
  atomic_fetch_add(&srv->shm->dispatch_count, 1);
  if (c != NULL && srv->cfg.dispatch_mode != 1 && srv->cfg.dispatch_mode != 3) {
    /* The session says which worker handles the connection's events, so
     * that worker can tell (close() raises onClose in it, as Swoole). */
    swirl__session *e = swirl__session_get(srv, c->id);
    if (e != NULL && e->worker != w) e->worker = w;
  }
  if (c != NULL && ev->type == SWIRL_EV_REQUEST) {
    c->http_worker = w;
    retry_keep(c, ev);
  }
  rx_forward_event(rx, w, ev);
  if (c != NULL && c->retry != NULL && ev->type == SWIRL_EV_REQUEST)
    c->retry->seq = rx->seq[w];
}

/* ------------------------------------------------------------------------
 * Connections
 * ---------------------------------------------------------------------- */

static void conn_on_close(uv_handle_t *h) {
  swirl__conn *c = (swirl__conn *)h;
  swirl__reactor *rx = c->rx;
  swirl_server *srv = c->srv;
  if (c->http != NULL) swirl__http_conn_free(c);
  swirl__ws_free(c);
  swirl__proto_free(c);
  jobs_free(c);
  swirl__tls_free(c);
  swirl__rx_retry_drop(c);
  if (c->cork != NULL) {
    swirl__buf_free(c->cork);
    swirl__free(c->cork);
  }
  atomic_fetch_sub(&srv->shm->connection_num, 1);
  atomic_fetch_add(&srv->shm->close_count, 1);
  if (srv->sessions != NULL) {
    swirl__session *e = swirl__session_get(srv, c->id);
    if (e != NULL) {
      atomic_store(&e->ws_status, SWIRL_WEBSOCKET_STATUS_CLOSED);
      atomic_store(&e->closed, 1);
    }
  }
  /* CLOSE comes while the connection is still known (connection_info
   * works in it, as in Swoole), but no longer open (exist() is 0, send
   * fails): c->closing is set. */
  if (c->notify) {
    swirl_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = SWIRL_EV_CLOSE;
    ev.worker_id = srv->worker_id;
    ev.reactor_id = c->by_server ? -1 : rx->id;
    ev.listener = c->listener;
    ev.conn = c->id;
    ev.server = srv;
    swirl__rx_emit(rx, c, &ev);
  }
  swirl__map_del(&rx->conns, c->id);
  /* A worker handling this CLOSE (PROCESS mode) still reads the entry: it
   * clears it itself when done. */
  if (srv->sessions != NULL &&
      !(rx->threaded && c->notify && (srv->mask & ((uint64_t)1 << SWIRL_EV_CLOSE)) &&
        srv->cfg.dispatch_mode != 1 && srv->cfg.dispatch_mode != 3)) {
    uint64_t id = c->id;
    atomic_compare_exchange_strong(
        &srv->sessions[c->id & (srv->sessions_cap - 1)].id, &id, 0);
  }
  swirl__free(c);
}

void swirl__conn_close_now(swirl__conn *c) {
  if (uv_is_closing(&c->h.any)) return;
  cork_flush(c);
  c->closing = 1;
  uv_close(&c->h.any, conn_on_close);
}

static void conn_on_shutdown(uv_shutdown_t *req, int status) {
  SWIRL__UNUSED(status);
  swirl__conn_close_now((swirl__conn *)req->handle);
}

/* Closes c once what is queued for it has been written. */
void swirl__conn_close_graceful(swirl__conn *c) {
  cork_flush(c);
  c->closing = 1;
  if (c->jobs != NULL) {
    /* What is queued is written first. */
    c->close_after_jobs = 1;
    uv_read_stop(&c->h.stream);
    return;
  }
  uv_read_stop(&c->h.stream);
  if (c->tls != NULL) swirl__tls_close_notify(c);
  if (c->h.stream.write_queue_size == 0 ||
      uv_shutdown(&c->shutdown, &c->h.stream, conn_on_shutdown) != 0)
    swirl__conn_close_now(c);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  swirl__conn *c = (swirl__conn *)h;
  SWIRL__UNUSED(suggested);
  /* Data is handed on and borrowed only until that returns, so one buffer
   * per reactor serves every connection. */
  buf->base = c->rx->read_buf;
  buf->len = SWIRL__READ_BUF_SIZE;
}

/* The per-port socket options of an accepted TCP connection. */
static void conn_sockopts(swirl__conn *c) {
  const swirl__config *pc = c->pc;
  int fd = -1, v;
  if (uv_fileno(&c->h.any, &fd) != 0) return;
  if (pc->open_tcp_keepalive) {
    v = 1;
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v));
    if (pc->tcp_keepidle > 0 && (v = (int)pc->tcp_keepidle))
      setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof(v));
    if (pc->tcp_keepinterval > 0 && (v = (int)pc->tcp_keepinterval))
      setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &v, sizeof(v));
    if (pc->tcp_keepcount > 0 && (v = (int)pc->tcp_keepcount))
      setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof(v));
  }
  if (pc->tcp_user_timeout > 0) {
    unsigned int ms = (unsigned int)pc->tcp_user_timeout;
    setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &ms, sizeof(ms));
  }
  if (pc->kernel_socket_recv_buffer_size > 0) {
    v = (int)pc->kernel_socket_recv_buffer_size;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
  }
  if (pc->kernel_socket_send_buffer_size > 0) {
    v = (int)pc->kernel_socket_send_buffer_size;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
  }
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  swirl__conn *c = (swirl__conn *)s;
  swirl_server *srv = c->srv;
  if (nread > 0) {
    swirl__session *e = &srv->sessions[c->id & (srv->sessions_cap - 1)];
    atomic_store(&e->last_time, (int64_t)time(NULL));
  }
  if (nread > 0) {
    /* Everything the bytes of this read cause to be written (answers to
     * pipelined requests, a pong, TLS records) leaves in one write: no
     * small writes for Nagle's algorithm to hold back. */
    c->corked = 1;
    c->rx->corked = c;
    if (c->tls != NULL)
      swirl__tls_feed(c, buf->base, (size_t)nread);
    else
      swirl__conn_input(c, buf->base, (size_t)nread);
    c->rx->corked = NULL;
    c->corked = 0;
    cork_flush(c);
  } else if (nread < 0) {
    /* EOF or a reset: the client is gone. */
    if (!c->closing) swirl__conn_close_now(c);
  }
}

void swirl__conn_input(swirl__conn *c, const char *data, size_t len) {
  if (c->ws != NULL) {
    swirl__ws_feed(c, data, len);
  } else if (c->http != NULL) {
    swirl__http_feed(c, data, len);
  } else if (swirl__proto_framed(c->pc)) {
    swirl__proto_feed(c, data, len);
  } else {
    swirl__conn_receive(c, data, len);
  }
}

/* Raises RECEIVE for one packet (or whatever one read returned). */
void swirl__conn_receive(swirl__conn *c, const char *data, size_t len) {
  swirl_event ev;
  memset(&ev, 0, sizeof(ev));
  ev.type = SWIRL_EV_RECEIVE;
  ev.worker_id = c->srv->worker_id;
  ev.reactor_id = c->rx->id;
  ev.listener = c->listener;
  ev.conn = c->id;
  ev.data = data;
  ev.len = len;
  ev.server = c->srv;
  swirl__rx_emit(c->rx, c, &ev);
}

/* Makes c visible to every process (send, exist, connection_info). */
static void session_publish(swirl__reactor *rx, swirl__conn *c) {
  swirl_server *srv = rx->srv;
  swirl__session *e = &srv->sessions[c->id & (srv->sessions_cap - 1)];
  struct sockaddr_storage ss;
  int len = sizeof(ss);
  atomic_store(&e->id, 0);
  e->worker = rx->threaded ? -1 : srv->worker_id;
  e->owner = rx->threaded ? SWIRL__NWORKERS(srv) + rx->id : srv->worker_id;
  e->reactor = rx->id;
  e->listener = c->listener;
  e->connect_time = (int64_t)time(NULL);
  atomic_store(&e->last_time, e->connect_time);
  atomic_store(&e->uid, 0);
  atomic_store(&e->out_queued, 0);
  atomic_store(&e->closed, 0);
  atomic_store(&e->protect, 0);
  /* 0 until the connection asks for a WebSocket (see http.c). */
  atomic_store(&e->ws_status, 0);
  memset(e->addr, 0, sizeof(e->addr));
  e->remote_port = 0;
  e->family = 0;
  if (c->h.any.type == UV_TCP &&
      uv_tcp_getpeername(&c->h.tcp, (struct sockaddr *)&ss, &len) == 0) {
    e->family = ss.ss_family;
    if (ss.ss_family == AF_INET) {
      struct sockaddr_in *a = (struct sockaddr_in *)&ss;
      memcpy(e->addr, &a->sin_addr, 4);
      e->remote_port = ntohs(a->sin_port);
    } else if (ss.ss_family == AF_INET6) {
      struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
      memcpy(e->addr, &a->sin6_addr, 16);
      e->remote_port = ntohs(a->sin6_port);
    }
  }
  atomic_store(&e->id, c->id);
}

static void on_connection(uv_stream_t *server, int status) {
  swirl__reactor *rx = server->data;
  swirl_server *srv = rx->srv;
  int index = (int)((swirl__lhandle *)server - rx->lh);
  swirl__listener *l = srv->listeners[index];
  swirl__conn *c;
  if (status < 0) {
    swirl__warn("accept() failed: %s", uv_strerror(status));
    return;
  }
  c = swirl__calloc(1, sizeof(*c));
  if (c == NULL) {
    swirl__error("accept(): out of memory");
    return;
  }
  c->srv = srv;
  c->rx = rx;
  c->listener = index;
  c->pc = l->cfg != NULL ? l->cfg : &srv->cfg;
  if (swirl__sock_is_unix(l->sock_type))
    uv_pipe_init(rx->loop, &c->h.pipe, 0);
  else
    uv_tcp_init(rx->loop, &c->h.tcp);
  if (uv_accept(server, &c->h.stream) != 0) {
    uv_close(&c->h.any, free_handle);
    return;
  }
  if (atomic_fetch_add(&srv->shm->connection_num, 1) >= srv->cfg.max_connection) {
    atomic_fetch_sub(&srv->shm->connection_num, 1);
    swirl__warn("too many connections [now: %lld], max_connection=%lld: "
                "connection refused",
                (long long)atomic_load(&srv->shm->connection_num),
                (long long)srv->cfg.max_connection);
    uv_close(&c->h.any, free_handle);
    return;
  }
  atomic_fetch_add(&srv->shm->accept_count, 1);
  c->id = atomic_fetch_add(&srv->shm->next_session, 1) + 1;
  c->notify = 1;
  if (swirl__map_put(&rx->conns, c->id, c) != 0) {
    swirl__error("accept(): out of memory");
    c->notify = 0;
    swirl__conn_close_now(c);
    return;
  }
  /* HTTP and WebSocket answers go out at once (as nginx's tcp_nodelay):
   * a worker's answers in PROCESS mode come one message at a time. */
  if ((c->pc->open_tcp_nodelay || c->pc->open_http_protocol ||
       c->pc->open_websocket_protocol) && c->h.any.type == UV_TCP)
    uv_tcp_nodelay(&c->h.tcp, 1);
  if (c->h.any.type == UV_TCP) conn_sockopts(c);
  session_publish(rx, c);
  if ((c->pc->open_http_protocol || c->pc->open_websocket_protocol) &&
      swirl__http_conn_init(c) != 0) {
    swirl__error("accept(): out of memory");
    c->notify = 0;
    swirl__conn_close_now(c);
    return;
  }
  if (l->ssl) {
    /* CONNECT waits for the handshake. */
    if (rx->tls_ctx[index] == NULL || swirl__tls_accept(c, rx->tls_ctx[index]) != 0) {
      swirl__error("accept(): cannot start TLS");
      c->notify = 0;
      swirl__conn_close_now(c);
      return;
    }
  } else {
    swirl__conn_opened(c);
    /* enable_delay_receive: nothing is read until confirm(). */
    if (srv->cfg.enable_delay_receive && !c->closing) c->paused = 1;
  }
  if (!c->closing && !rx->stopping && !c->paused)
    uv_read_start(&c->h.stream, on_alloc, on_read);
}

void swirl__conn_opened(swirl__conn *c) {
  swirl_event ev;
  memset(&ev, 0, sizeof(ev));
  ev.type = SWIRL_EV_CONNECT;
  ev.worker_id = c->srv->worker_id;
  ev.reactor_id = c->rx->id;
  ev.listener = c->listener;
  ev.conn = c->id;
  ev.server = c->srv;
  swirl__rx_emit(c->rx, c, &ev);
}

swirl__conn *swirl__rx_conn(swirl__reactor *rx, uint64_t id) {
  swirl__conn *c = swirl__map_get(&rx->conns, id);
  if (c == NULL || c->closing) {
    swirl__srv_fail(rx->srv, SWIRL_ESESSION_NOT_EXIST,
                    "session#%llu does not exist", (unsigned long long)id);
    return NULL;
  }
  return c;
}

/* Checks that len more bytes may be queued for c (socket_buffer_size). */
int32_t swirl__conn_can_send(swirl__conn *c, size_t len) {
  swirl_server *srv = c->srv;
  if ((int64_t)len > srv->cfg.output_buffer_size)
    return swirl__srv_fail(srv, SWIRL_EOUTPUT_BUFFER_OVERFLOW,
                           "data of %zu bytes is larger than "
                           "output_buffer_size=%lld", len,
                           (long long)srv->cfg.output_buffer_size);
  if ((int64_t)(c->h.stream.write_queue_size +
                (c->cork != NULL ? c->cork->len : 0)) >= srv->cfg.socket_buffer_size)
    return swirl__srv_fail(srv, SWIRL_EOUTPUT_BUFFER_OVERFLOW,
                           "session#%llu: %zu bytes already wait for a slow "
                           "reader (socket_buffer_size=%lld)",
                           (unsigned long long)c->id,
                           c->h.stream.write_queue_size,
                           (long long)srv->cfg.socket_buffer_size);
  return 0;
}

/* Writes bufs to c: as much as the socket takes now, then a copy of the
 * rest queued behind it. Returns 0 or a negative code (recorded on srv). */
int32_t swirl__conn_writev(swirl__conn *c, uv_buf_t *bufs, int nbufs) {
  swirl_server *srv = c->srv;
  size_t total = 0, off;
  int i;
  for (i = 0; i < nbufs; i++) total += bufs[i].len;
  if (total == 0) return 0;
  if (c->jobs != NULL) {
    /* A file is under way: this data goes after it. */
    swirl__job *j = swirl__malloc(sizeof(*j) + total);
    if (j == NULL) return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
    j->fd = -1;
    j->len = total;
    for (i = 0, off = 0; i < nbufs; i++) {
      memcpy(j->data + off, bufs[i].base, bufs[i].len);
      off += bufs[i].len;
    }
    job_push(c, j);
    pump(c);
    return 0;
  }
  if (c->tls != NULL) return swirl__tls_write(c, bufs, nbufs);
  return swirl__conn_raw_writev(c, bufs, nbufs);
}

int32_t swirl__conn_raw_writev(swirl__conn *c, const uv_buf_t *bufs,
                               int nbufs) {
  swirl_server *srv = c->srv;
  write_req *w;
  uv_buf_t b;
  size_t total = 0, done = 0, off;
  int i, n, rc;
  for (i = 0; i < nbufs; i++) total += bufs[i].len;
  if (total == 0) return 0;
  if (c->corked && c->cork != NULL && c->cork->len + total > 64 * 1024)
    cork_flush(c); /* gathering is for small writes: big ones go at once */
  if (c->corked && total <= 64 * 1024 && !uv_is_closing(&c->h.any)) {
    if (c->cork == NULL && (c->cork = swirl__calloc(1, sizeof(*c->cork))) == NULL)
      return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
    for (i = 0; i < nbufs; i++)
      if (swirl__buf_append(c->cork, bufs[i].base, bufs[i].len) != 0)
        return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
    return 0;
  }
  if (c->h.stream.write_queue_size == 0) {
    n = uv_try_write(&c->h.stream, bufs, (unsigned)nbufs);
    if (n < 0 && n != UV_EAGAIN)
      return swirl__srv_fail(srv, n, "session#%llu: write failed: %s",
                             (unsigned long long)c->id, uv_strerror(n));
    if (n > 0) done = (size_t)n;
    if (done == total) return 0;
  }
  w = swirl__malloc(sizeof(*w) + (total - done));
  if (w == NULL) return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  w->len = total - done;
  off = 0;
  for (i = 0; i < nbufs; i++) {
    size_t l = bufs[i].len;
    const char *p = bufs[i].base;
    if (done >= l) {
      done -= l;
      continue;
    }
    memcpy(w->data + off, p + done, l - done);
    off += l - done;
    done = 0;
  }
  b = uv_buf_init(w->data, (unsigned)w->len);
  rc = uv_write(&w->req, &c->h.stream, &b, 1, on_write);
  if (rc != 0) {
    swirl__free(w);
    return swirl__srv_fail(srv, rc, "session#%llu: write failed: %s",
                           (unsigned long long)c->id, uv_strerror(rc));
  }
  publish_queued(c);
  return 0;
}

int32_t swirl__rx_send(swirl__reactor *rx, uint64_t id, const char *data,
                       size_t len) {
  swirl__conn *c = swirl__rx_conn(rx, id);
  uv_buf_t b;
  int32_t rc;
  if (c == NULL) return SWIRL_ESESSION_NOT_EXIST;
  if ((rc = swirl__conn_can_send(c, len)) != 0) return rc;
  b = uv_buf_init((char *)data, (unsigned)len);
  return swirl__conn_writev(c, &b, 1);
}

int32_t swirl__rx_close(swirl__reactor *rx, uint64_t id, int reset) {
  swirl__conn *c = swirl__rx_conn(rx, id);
  if (c == NULL) return SWIRL_ESESSION_NOT_EXIST;
  c->by_server = 1;
  if (reset && c->h.any.type == UV_TCP) {
    c->closing = 1;
    uv_tcp_close_reset(&c->h.tcp, conn_on_close);
  } else {
    swirl__conn_close_graceful(c);
  }
  return 0;
}

/* Stops reading connection id (pause) or reads it again (resume). What is
 * queued for it is still written. */
int32_t swirl__rx_pause(swirl__reactor *rx, uint64_t id, int pause) {
  swirl__conn *c = swirl__rx_conn(rx, id);
  if (c == NULL || c->closing) return SWIRL_ESESSION_NOT_EXIST;
  if (pause && !c->paused) {
    uv_read_stop(&c->h.stream);
    c->paused = 1;
  } else if (!pause && c->paused) {
    c->paused = 0;
    if (!rx->stopping) uv_read_start(&c->h.stream, on_alloc, on_read);
  }
  return 0;
}

/* Carries out what another process asked of one of our connections. Its
 * caller has returned already, so a failure can only be logged. */
void swirl__rx_handle_message(swirl__reactor *rx, const swirl__ipc_hdr *h,
                              const char *data) {
  uint64_t id = (uint64_t)h->id;
  int32_t rc = 0;
  switch (h->type) {
    case SWIRL__IPC_SEND:
      rc = swirl__rx_send(rx, id, data, h->len);
      break;
    case SWIRL__IPC_CLOSE:
      rc = swirl__rx_close(rx, id, h->flags & 1);
      break;
    case SWIRL__IPC_PAUSE:
      rc = swirl__rx_pause(rx, id, h->flags & 1);
      break;
    case SWIRL__IPC_HTTP_RESPOND: {
      swirl__ipc_respond r;
      if (h->len < sizeof(r)) return;
      memcpy(&r, data, sizeof(r));
      if (r.hlen > h->len - sizeof(r)) return;
      rc = swirl__http_respond(rx, id, r.status, data + sizeof(r),
                               (size_t)r.hlen, data + sizeof(r) + r.hlen,
                               h->len - sizeof(r) - (size_t)r.hlen, r.flags);
      break;
    }
    case SWIRL__IPC_HTTP_WRITE:
      rc = swirl__http_write(rx, id, data, h->len, h->flags & 1);
      break;
    case SWIRL__IPC_WS_PUSH:
      rc = swirl__ws_push(rx, id, data, h->len, h->flags & 0xff,
                          (h->flags >> 8) & 0xff);
      break;
    case SWIRL__IPC_SENDFILE: {
      swirl__ipc_sendfile f;
      char path[4096];
      size_t plen;
      if (h->len < sizeof(f)) return;
      memcpy(&f, data, sizeof(f));
      if (f.hlen > h->len - sizeof(f)) return;
      plen = h->len - sizeof(f) - (size_t)f.hlen;
      if (plen >= sizeof(path)) return;
      memcpy(path, data + sizeof(f) + f.hlen, plen);
      path[plen] = '\0';
      if (h->flags & 1)
        rc = swirl__http_sendfile(rx, id, f.status, data + sizeof(f),
                                  (size_t)f.hlen, path, f.offset, f.length);
      else
        rc = swirl__rx_sendfile(rx, id, path, f.offset, f.length);
      break;
    }
    case SWIRL__IPC_WORKER_DIED: {
      /* Its requests will never be answered: a GET or HEAD goes to its
       * replacement again; anything else is answered 503 now rather than
       * leave the client waiting. The connections themselves live on. */
      size_t i;
      for (i = 0; i < rx->conns.cap; i++) {
        swirl__conn *c = rx->conns.vals[i];
        if (c == NULL || c->closing || c->http_worker != (int)h->id ||
            !swirl__http_pending(c))
          continue;
        if (c->retry != NULL) {
          uint32_t taken = atomic_load(
              &rx->srv->shm->taken[rx->id * rx->srv->cfg.worker_num + h->id]);
          if ((int32_t)(c->retry->seq - taken) > 0)
            continue; /* never read: the new worker reads it from the channel */
          swirl__notice("worker#%lld died while session#%llu waited for its "
                        "answer; its request goes to the new worker",
                        (long long)h->id, (unsigned long long)c->id);
          retry_send(rx, c, (int)h->id);
          continue;
        }
        swirl__warn("worker#%lld died while session#%llu waited for its "
                    "answer; answered 503", (long long)h->id,
                    (unsigned long long)c->id);
        swirl__http_abort(c, 503);
      }
      return;
    }
    case SWIRL__IPC_WS_CLOSE:
      rc = swirl__ws_disconnect(rx, id, h->flags & 0xffff, data, h->len);
      break;
  }
  if (rc != 0 && rc != SWIRL_ESESSION_NOT_EXIST)
    swirl__notice("request from worker#%d for session#%llu failed: %s",
                  h->src, (unsigned long long)id, rx->srv->errmsg);
}

/* ------------------------------------------------------------------------
 * Datagram ports (UDP, Unix datagram): no connections, one PACKET event
 * per datagram with the sender's address.
 * ---------------------------------------------------------------------- */

/* Writes an IPv4 address in dotted decimal at out (16 bytes, NUL-ended);
 * returns its length. glibc's inet_ntop goes through sprintf, which costs
 * more than the rest of a UDP echo. */
static size_t ipv4_text(char *out, const struct in_addr *in) {
  const uint8_t *b = (const uint8_t *)&in->s_addr;
  size_t n = 0;
  int i;
  for (i = 0; i < 4; i++) {
    unsigned v = b[i];
    if (i > 0) out[n++] = '.';
    if (v >= 100) out[n++] = (char)('0' + v / 100);
    if (v >= 10) out[n++] = (char)('0' + v / 10 % 10);
    out[n++] = (char)('0' + v % 10);
  }
  out[n] = '\0';
  return n;
}

/* Parses a dotted-decimal IPv4 address strictly (four numbers 0-255, no
 * leading zeros beyond a lone 0, nothing else); 1 on success, as
 * inet_pton(AF_INET) answers, without its cost. */
static int ipv4_parse(const char *s, struct in_addr *out) {
  uint8_t b[4];
  int i;
  for (i = 0; i < 4; i++) {
    unsigned v = 0, digits = 0;
    while (*s >= '0' && *s <= '9') {
      if (digits > 0 && v == 0) return 0; /* a leading zero */
      v = v * 10 + (unsigned)(*s++ - '0');
      if (++digits > 3 || v > 255) return 0;
    }
    if (digits == 0) return 0;
    b[i] = (uint8_t)v;
    if (i < 3 && *s++ != '.') return 0;
  }
  if (*s != '\0') return 0;
  memcpy(&out->s_addr, b, 4);
  return 1;
}

static void emit_packet(swirl__reactor *rx, int index, const char *data,
                        size_t len, const struct sockaddr *from) {
  swirl_server *srv = rx->srv;
  swirl_event ev;
  char ip[INET6_ADDRSTRLEN + 1] = "";
  memset(&ev, 0, sizeof(ev));
  ev.type = SWIRL_EV_PACKET;
  ev.worker_id = srv->worker_id;
  ev.reactor_id = rx->id;
  ev.listener = index;
  ev.data = data;
  ev.len = len;
  ev.server = srv;
  if (from != NULL && from->sa_family == AF_INET) {
    const struct sockaddr_in *a = (const struct sockaddr_in *)from;
    ev.status = ntohs(a->sin_port);
    ev.extra = ip;
    ev.extra_len = ipv4_text(ip, &a->sin_addr);
  } else if (from != NULL && from->sa_family == AF_INET6) {
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)from;
    inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip));
    ev.status = ntohs(a->sin6_port);
    ev.extra = ip;
    ev.extra_len = strlen(ip);
  } else if (from != NULL && from->sa_family == AF_UNIX) {
    const struct sockaddr_un *a = (const struct sockaddr_un *)from;
    ev.extra = a->sun_path;
    ev.extra_len = strnlen(a->sun_path, sizeof(a->sun_path));
  }
  swirl__rx_emit(rx, NULL, &ev);
}

static void on_udp_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  swirl__reactor *rx = h->data;
  SWIRL__UNUSED(suggested);
  buf->base = rx->read_buf;
  buf->len = SWIRL__READ_BUF_SIZE;
}

static void on_udp_recv(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf,
                        const struct sockaddr *from, unsigned flags) {
  swirl__reactor *rx = h->data;
  int index = (int)((swirl__lhandle *)h - rx->lh);
  if (nread < 0) {
    swirl__warn("recvfrom() on %s:%d failed: %s",
                rx->srv->listeners[index]->host,
                rx->srv->listeners[index]->port, uv_strerror((int)nread));
    return;
  }
  if (from == NULL) return; /* nothing more to read now */
  if (flags & UV_UDP_PARTIAL)
    swirl__warn("datagram from the network was truncated to %d bytes",
                SWIRL__READ_BUF_SIZE);
  emit_packet(rx, index, buf->base, (size_t)nread, from);
}

static void on_unix_dgram(uv_poll_t *p, int status, int events) {
  swirl__reactor *rx = p->data;
  int index = (int)((swirl__lhandle *)p - rx->lh), i;
  SWIRL__UNUSED(events);
  if (status < 0) return;
  for (i = 0; i < 64; i++) {
    struct sockaddr_un from;
    socklen_t flen = sizeof(from);
    ssize_t n;
    memset(&from, 0, sizeof(from));
    n = recvfrom(rx->lfd[index], rx->read_buf, SWIRL__READ_BUF_SIZE,
                 MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
    if (n < 0) break;
    emit_packet(rx, index, rx->read_buf, (size_t)n,
                flen > sizeof(sa_family_t) ? (struct sockaddr *)&from : NULL);
  }
}

/* ------------------------------------------------------------------------
 * Reactors
 * ---------------------------------------------------------------------- */

int64_t swirl__idle_limit(const swirl_server *srv) {
  if (srv->cfg.heartbeat_idle_time > 0) return srv->cfg.heartbeat_idle_time;
  return srv->cfg.heartbeat_check_interval * 2;
}

/* Closes the connections that were silent longer than heartbeat_idle_time
 * (by default twice heartbeat_check_interval). */
static void on_heartbeat(uv_timer_t *t) {
  swirl__reactor *rx = t->data;
  swirl_server *srv = rx->srv;
  int64_t now = (int64_t)time(NULL), limit = swirl__idle_limit(srv);
  size_t i;
  for (i = 0; i < rx->conns.cap; i++) {
    swirl__conn *c = rx->conns.vals[i];
    swirl__session *e;
    if (c == NULL || c->closing) continue;
    e = swirl__session_get(srv, c->id);
    if (e != NULL && !atomic_load(&e->protect) &&
        now - atomic_load(&e->last_time) >= limit) {
      c->by_server = 1;
      swirl__conn_close_now(c);
    }
  }
}

int swirl__rx_init(swirl__reactor *rx, swirl_server *srv, int id,
                   uv_loop_t *loop, int threaded) {
  int i;
  memset(rx, 0, sizeof(*rx));
  rx->srv = srv;
  rx->id = id;
  rx->loop = loop;
  rx->threaded = threaded;
  for (i = 0; i < SWIRL__MAX_LISTENERS; i++) rx->lfd[i] = -1;
  rx->read_buf = swirl__malloc(SWIRL__READ_BUF_SIZE);
  if (rx->read_buf == NULL || swirl__map_init(&rx->conns) != 0)
    return SWIRL_ENOMEM;
  swirl__http_rx_init(rx);
  uv_timer_init(loop, &rx->heartbeat_timer);
  rx->heartbeat_timer.data = rx;
  if (srv->cfg.heartbeat_check_interval > 0) {
    uint64_t every = (uint64_t)srv->cfg.heartbeat_check_interval * 1000;
    uv_timer_start(&rx->heartbeat_timer, on_heartbeat, every, every);
    uv_unref((uv_handle_t *)&rx->heartbeat_timer);
  }
  return 0;
}

/* Starts listening on this reactor's loop: every stream listener, and the
 * datagram listeners too when `datagrams` (only one reactor reads them).
 * A reactor thread listens on its own duplicate of each descriptor. */
int swirl__rx_listen(swirl__reactor *rx, int datagrams) {
  swirl_server *srv = rx->srv;
  int i, rc = 0;
  for (i = 0; i < srv->nlisteners && rc == 0; i++) {
    swirl__listener *l = srv->listeners[i];
    swirl__lhandle *h = &rx->lh[i];
    int fd;
    if (swirl__sock_is_dgram(l->sock_type) && !datagrams) continue;
    fd = rx->threaded ? dup(l->fd) : l->fd;
    if (fd < 0) return -errno;
    rx->lfd[i] = fd;
    switch (l->sock_type) {
      case SWIRL_SOCK_UDP:
      case SWIRL_SOCK_UDP6:
        uv_udp_init(rx->loop, &h->udp);
        rc = uv_udp_open(&h->udp, fd);
        if (rc == 0) rc = uv_udp_recv_start(&h->udp, on_udp_alloc, on_udp_recv);
        break;
      case SWIRL_SOCK_UNIX_DGRAM:
        rc = uv_poll_init(rx->loop, &h->poll, fd);
        if (rc == 0) rc = uv_poll_start(&h->poll, UV_READABLE, on_unix_dgram);
        break;
      case SWIRL_SOCK_UNIX_STREAM:
        uv_pipe_init(rx->loop, &h->pipe, 0);
        rc = uv_pipe_open(&h->pipe, fd);
        if (rc == 0) rc = uv_listen(&h->stream, (int)srv->cfg.backlog, on_connection);
        break;
      default:
        uv_tcp_init(rx->loop, &h->tcp);
        rc = uv_tcp_open(&h->tcp, fd);
        if (rc == 0) rc = uv_listen(&h->stream, (int)srv->cfg.backlog, on_connection);
        break;
    }
    h->any.data = rx;
    rx->lactive[i] = 1;
    if (rc == 0 && l->ssl) {
      char msg[512];
      rx->tls_ctx[i] = swirl__tls_ctx_new(l->cfg != NULL ? l->cfg : &srv->cfg,
                                          msg, sizeof(msg));
      if (rx->tls_ctx[i] == NULL) {
        swirl__error("TLS on %s:%d: %s", l->host, l->port, msg);
        rc = SWIRL_EINVALID_PARAMS;
      }
    }
    if (rc != 0)
      swirl__error("cannot listen on %s:%d: %s", l->host, l->port,
                   uv_strerror(rc));
  }
  return rc;
}

void swirl__rx_stop_accept(swirl__reactor *rx) {
  int i;
  for (i = 0; i < SWIRL__MAX_LISTENERS; i++) {
    if (!rx->lactive[i]) continue;
    rx->lactive[i] = 0;
    /* The handle owns the descriptor: in a BASE worker the inherited one,
     * in a reactor thread its duplicate. */
    uv_close(&rx->lh[i].any, NULL);
  }
}

/* Closes every connection gracefully, with no more events. */
void swirl__rx_close_all(swirl__reactor *rx) {
  size_t i;
  for (i = 0; i < rx->conns.cap; i++) {
    swirl__conn *c = rx->conns.vals[i];
    if (c == NULL || c->closing) continue;
    c->notify = 0;
    swirl__conn_close_graceful(c);
  }
}

/* ------------------------------------------------------------------------
 * Reactor threads (PROCESS mode)
 * ---------------------------------------------------------------------- */

static void on_rx_messages(uv_poll_t *p, int status, int events) {
  swirl__reactor *rx = p->data;
  swirl_server *srv = rx->srv;
  char *buf = rx->read_buf;
  int i;
  SWIRL__UNUSED(events);
  if (status < 0) return;
  for (i = 0; i < 256; i++) {
    swirl__ipc_hdr h;
    const char *data;
    ssize_t n = recv(srv->ipc[SWIRL__NWORKERS(srv) + rx->id].rd, buf,
                     SWIRL__READ_BUF_SIZE, MSG_DONTWAIT);
    size_t off = 0;
    if (n < (ssize_t)sizeof(h)) break;
    /* One datagram, one or more records. */
    while (off + sizeof(h) <= (size_t)n) {
      memcpy(&h, buf + off, sizeof(h));
      if ((size_t)n - off - sizeof(h) < h.len)
        h.len = (uint32_t)((size_t)n - off - sizeof(h));
      data = buf + off + sizeof(h);
      off += SWIRL__IPC_ALIGN(sizeof(h) + h.len);
      if (swirl__ipc_assemble(rx->assembly, srv->nipc + SWIRL__MAX_PROCS, &h,
                              &data) == 1)
        swirl__rx_handle_message(rx, &h, data);
      if (off >= (size_t)n) break;
    }
  }
}

static void on_rx_stop_timeout(uv_timer_t *t) {
  swirl__reactor *rx = t->data;
  swirl__warn("reactor#%d: connections still open after max_wait_time; "
              "closing them", rx->id);
  uv_stop(rx->loop);
}

static void close_walk(uv_handle_t *h, void *arg) {
  SWIRL__UNUSED(arg);
  if (!uv_is_closing(h)) uv_close(h, NULL);
}

static void on_rx_wake(uv_async_t *a) {
  swirl__reactor *rx = a->data;
  int cmd = atomic_exchange(&rx->cmd, 0);
  int i;
  if (cmd & SWIRL__RX_CMD_RELOAD_TLS) {
    /* New certificates for new connections. Open connections and
     * handshakes under way hold their own reference to the old context
     * (and, through it, its SNI list): dropping ours frees it once the
     * last of them ends. */
    for (i = 0; i < rx->srv->nlisteners; i++) {
      swirl__listener *l = rx->srv->listeners[i];
      char msg[512];
      void *ctx;
      if (!l->ssl || rx->tls_ctx[i] == NULL) continue;
      ctx = swirl__tls_ctx_new(l->cfg != NULL ? l->cfg : &rx->srv->cfg, msg,
                               sizeof(msg));
      if (ctx == NULL) {
        swirl__error("reload: TLS on %s:%d keeps its old certificate: %s",
                     l->host, l->port, msg);
        continue;
      }
      swirl__tls_ctx_free(rx->tls_ctx[i]);
      rx->tls_ctx[i] = ctx;
    }
  }
  if (cmd & SWIRL__RX_CMD_STOP_ACCEPT) {
    rx->stopping = 1;
    swirl__rx_stop_accept(rx);
  }
  if (cmd & SWIRL__RX_CMD_STOP) {
    rx->stopping = 1;
    swirl__rx_stop_accept(rx);
    swirl__rx_close_all(rx);
    uv_close((uv_handle_t *)&rx->ipc_poll, NULL);
    uv_close((uv_handle_t *)&rx->wake, NULL);
    uv_close((uv_handle_t *)&rx->http_timer, NULL);
    uv_close((uv_handle_t *)&rx->heartbeat_timer, NULL);
    for (i = 0; i < rx->srv->nipc; i++)
      uv_close((uv_handle_t *)&rx->wpoll[i], NULL);
    uv_timer_start(&rx->stop_timer, on_rx_stop_timeout,
                   (uint64_t)(rx->srv->cfg.max_wait_time > 0
                                  ? rx->srv->cfg.max_wait_time : 1) * 1000, 0);
    uv_unref((uv_handle_t *)&rx->stop_timer);
  }
}

static void rx_thread_main(void *arg) {
  swirl__reactor *rx = arg;
  swirl__ipc_self = SWIRL__NWORKERS(rx->srv) + rx->id;
  swirl__set_role_name("swirl: reactor%d", rx->id);
  uv_run(rx->loop, UV_RUN_DEFAULT);
  /* Whatever is still open after the wait is closed now. */
  uv_walk(rx->loop, close_walk, NULL);
  uv_run(rx->loop, UV_RUN_DEFAULT);
}

int32_t swirl__rx_threads_start(swirl_server *srv) {
  int n = (int)srv->cfg.reactor_num, i, j;
  srv->reactors = swirl__calloc((size_t)n, sizeof(*srv->reactors));
  if (srv->reactors == NULL) return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  srv->nreactors = n;
  for (i = 0; i < n; i++) {
    swirl__reactor *rx = &srv->reactors[i];
    uv_loop_t *loop = swirl__malloc(sizeof(*loop));
    if (loop == NULL || uv_loop_init(loop) != 0 ||
        swirl__rx_init(rx, srv, i, loop, 1) != 0)
      return swirl__srv_fail(srv, SWIRL_ENOMEM, "reactor#%d: cannot start", i);
    rx->seq = swirl__calloc((size_t)srv->nipc, sizeof(*rx->seq));
    rx->pend_head = swirl__calloc((size_t)srv->nipc, sizeof(*rx->pend_head));
    rx->pend_tail = swirl__calloc((size_t)srv->nipc, sizeof(*rx->pend_tail));
    rx->wpoll = swirl__calloc((size_t)srv->nipc, sizeof(*rx->wpoll));
    rx->wpoll_on = swirl__calloc((size_t)srv->nipc, 1);
    rx->assembly = swirl__calloc((size_t)srv->nipc + SWIRL__MAX_PROCS,
                                 sizeof(*rx->assembly));
    rx->batch = swirl__calloc((size_t)srv->nipc, sizeof(*rx->batch));
    rx->batch_len = swirl__calloc((size_t)srv->nipc, sizeof(*rx->batch_len));
    if (rx->seq == NULL || rx->pend_head == NULL || rx->pend_tail == NULL ||
        rx->wpoll == NULL || rx->wpoll_on == NULL || rx->assembly == NULL ||
        rx->batch == NULL || rx->batch_len == NULL)
      return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
    uv_check_init(loop, &rx->batch_check);
    rx->batch_check.data = rx;
    uv_check_start(&rx->batch_check, on_batch_check);
    uv_unref((uv_handle_t *)&rx->batch_check);
    uv_prepare_init(loop, &rx->batch_prepare);
    rx->batch_prepare.data = rx;
    uv_prepare_start(&rx->batch_prepare, on_batch_prepare);
    uv_unref((uv_handle_t *)&rx->batch_prepare);
    for (j = 0; j < srv->nipc; j++) {
      uv_poll_init(loop, &rx->wpoll[j], srv->ipc[j].wr);
      rx->wpoll[j].data = rx;
      uv_unref((uv_handle_t *)&rx->wpoll[j]);
    }
    uv_poll_init(loop, &rx->ipc_poll, srv->ipc[SWIRL__NWORKERS(srv) + i].rd);
    rx->ipc_poll.data = rx;
    uv_poll_start(&rx->ipc_poll, UV_READABLE, on_rx_messages);
    uv_async_init(loop, &rx->wake, on_rx_wake);
    rx->wake.data = rx;
    uv_timer_init(loop, &rx->stop_timer);
    rx->stop_timer.data = rx;
    if (swirl__rx_listen(rx, i == 0) != 0)
      return swirl__srv_fail(srv, SWIRL_EIO, "reactor#%d: cannot listen", i);
    if (uv_thread_create(&rx->thread, rx_thread_main, rx) != 0)
      return swirl__srv_fail(srv, SWIRL_ENOMEM, "reactor#%d: no thread", i);
  }
  return 0;
}

void swirl__rx_threads_command(swirl_server *srv, int cmd) {
  int i;
  for (i = 0; i < srv->nreactors; i++) {
    atomic_fetch_or(&srv->reactors[i].cmd, cmd);
    uv_async_send(&srv->reactors[i].wake);
  }
}

void swirl__rx_threads_join(swirl_server *srv) {
  int i;
  for (i = 0; i < srv->nreactors; i++) uv_thread_join(&srv->reactors[i].thread);
}

/* ------------------------------------------------------------------------
 * sendto: any process may write a datagram on a datagram listener.
 * ---------------------------------------------------------------------- */

/* The first datagram listener of the server, or the one at index. */
static swirl__listener *dgram_listener(swirl_server *srv, int index, int unix_) {
  int i;
  if (index >= 0)
    return index < srv->nlisteners &&
                   swirl__sock_is_dgram(srv->listeners[index]->sock_type)
               ? srv->listeners[index] : NULL;
  for (i = 0; i < srv->nlisteners; i++) {
    int t = srv->listeners[i]->sock_type;
    if (swirl__sock_is_dgram(t) && (t == SWIRL_SOCK_UNIX_DGRAM) == unix_)
      return srv->listeners[i];
  }
  return NULL;
}

int32_t swirl__sendto(swirl_server *srv, const char *addr, int port,
                      const char *data, size_t len, int index) {
  struct sockaddr_storage ss;
  socklen_t slen;
  int is_unix = addr[0] == '/' || (port == 0 && strchr(addr, ':') == NULL &&
                                   strchr(addr, '.') == NULL);
  swirl__listener *l = dgram_listener(srv, index, is_unix);
  ssize_t n;
  if (l == NULL)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "sendto() needs a %s listener",
                           is_unix ? "Unix datagram" : "UDP");
  if (port < 0 || port > 65535)
    return swirl__srv_fail(srv, SWIRL_EINVAL, "invalid port %d", port);
  memset(&ss, 0, sizeof(ss));
  if (l->sock_type == SWIRL_SOCK_UNIX_DGRAM) {
    struct sockaddr_un *a = (struct sockaddr_un *)&ss;
    if (strlen(addr) >= sizeof(a->sun_path))
      return swirl__srv_fail(srv, SWIRL_EINVAL, "path too long: %s", addr);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, addr);
    slen = sizeof(*a);
  } else if (strchr(addr, ':') != NULL) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, addr, &a->sin6_addr) != 1)
      return swirl__srv_fail(srv, SWIRL_EINVAL, "invalid address '%s'", addr);
    slen = sizeof(*a);
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (ipv4_parse(addr, &a->sin_addr) != 1 &&
        inet_pton(AF_INET, addr, &a->sin_addr) != 1)
      return swirl__srv_fail(srv, SWIRL_EINVAL, "invalid address '%s'", addr);
    slen = sizeof(*a);
  }
  n = sendto(l->fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL,
             (struct sockaddr *)&ss, slen);
  if (n < 0)
    return swirl__srv_fail(srv, -errno, "sendto(%s:%d): %s", addr, port,
                           strerror(errno));
  return 0;
}
