/*
 * worker.c: a worker process. Each worker runs its own libuv loop, accepts
 * on the listening sockets it inherited (BASE mode), and owns the
 * connections it accepted: it reads them, raises the events and writes
 * what the callbacks send.
 *
 * Connection life cycle: accepted -> CONNECT -> RECEIVE... -> closing ->
 * (uv_close callback) CLOSE -> freed. The CLOSE event is raised from the
 * close callback, never inside swirl_server_close(), and the memory goes
 * only after it. A closing connection is invisible to send/close/exist.
 */
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
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

static void conn_on_close(uv_handle_t *h) {
  swirl__conn *c = (swirl__conn *)h;
  swirl_server *srv = c->srv;
  swirl__map_del(&srv->conns, c->id);
  if (srv->sessions != NULL) {
    uint64_t id = c->id;
    atomic_compare_exchange_strong(
        &srv->sessions[c->id & (srv->sessions_cap - 1)].id, &id, 0);
  }
  if (c->http != NULL) swirl__http_conn_free(c);
  swirl__proto_free(c);
  atomic_fetch_sub(&srv->shm->connection_num, 1);
  atomic_fetch_add(&srv->shm->close_count, 1);
  if (c->notify) {
    swirl_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = SWIRL_EV_CLOSE;
    ev.worker_id = srv->worker_id;
    ev.reactor_id = c->by_server ? -1 : srv->worker_id;
    ev.listener = c->listener;
    ev.conn = c->id;
    ev.server = srv;
    swirl__emit(srv, &ev);
  }
  swirl__free(c);
}

static void free_handle(uv_handle_t *h) { swirl__free(h); }

static void on_write(uv_write_t *req, int status) {
  /* A failed write needs nothing here: the read side sees the error. */
  SWIRL__UNUSED(status);
  swirl__free(req);
}

void swirl__conn_close_now(swirl__conn *c) {
  if (uv_is_closing(&c->h.any)) return;
  c->closing = 1;
  uv_close(&c->h.any, conn_on_close);
}

static void conn_on_shutdown(uv_shutdown_t *req, int status) {
  SWIRL__UNUSED(status);
  swirl__conn_close_now((swirl__conn *)req->handle);
}

/* Closes c once what is queued for it has been written. */
void swirl__conn_close_graceful(swirl__conn *c) {
  c->closing = 1;
  uv_read_stop(&c->h.stream);
  if (c->h.stream.write_queue_size == 0 ||
      uv_shutdown(&c->shutdown, &c->h.stream, conn_on_shutdown) != 0)
    swirl__conn_close_now(c);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  swirl__conn *c = (swirl__conn *)h;
  SWIRL__UNUSED(suggested);
  /* Data is handed to the callback and borrowed only until it returns, so
   * one buffer per worker serves every connection. */
  buf->base = c->srv->read_buf;
  buf->len = SWIRL__READ_BUF_SIZE;
}

static void worker_stop(swirl_server *srv);

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  swirl__conn *c = (swirl__conn *)s;
  swirl_server *srv = c->srv;
  if (nread > 0) {
    swirl__session *e = &srv->sessions[c->id & (srv->sessions_cap - 1)];
    atomic_store(&e->last_time, (int64_t)time(NULL));
  }
  if (nread > 0 && c->http != NULL) {
    swirl__http_feed(c, buf->base, (size_t)nread);
  } else if (nread > 0 && swirl__proto_framed(c->pc)) {
    swirl__proto_feed(c, buf->base, (size_t)nread);
  } else if (nread > 0) {
    swirl_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = SWIRL_EV_RECEIVE;
    ev.worker_id = srv->worker_id;
    ev.reactor_id = srv->worker_id;
    ev.listener = c->listener;
    ev.conn = c->id;
    ev.data = buf->base;
    ev.len = (size_t)nread;
    ev.server = srv;
    swirl__emit(srv, &ev);
    swirl__worker_count_request(srv);
  } else if (nread < 0) {
    /* EOF or a reset: the client is gone. */
    if (!c->closing) swirl__conn_close_now(c);
  }
}

/* Makes c visible to the other processes (send, exist, connection_info). */
static void session_publish(swirl_server *srv, swirl__conn *c) {
  swirl__session *e = &srv->sessions[c->id & (srv->sessions_cap - 1)];
  struct sockaddr_storage ss;
  int len = sizeof(ss);
  atomic_store(&e->id, 0);
  e->worker = srv->worker_id;
  e->listener = c->listener;
  e->connect_time = (int64_t)time(NULL);
  atomic_store(&e->last_time, e->connect_time);
  atomic_store(&e->uid, 0);
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
  swirl__listener *l = server->data;
  swirl_server *srv = l->handle.any.loop->data;
  swirl__conn *c;
  swirl_event ev;
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
  c->listener = l->index;
  c->pc = l->cfg != NULL ? l->cfg : &srv->cfg;
  if (swirl__sock_is_unix(l->sock_type))
    uv_pipe_init(srv->loop, &c->h.pipe, 0);
  else
    uv_tcp_init(srv->loop, &c->h.tcp);
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
  if (swirl__map_put(&srv->conns, c->id, c) != 0) {
    swirl__error("accept(): out of memory");
    c->notify = 0;
    swirl__conn_close_now(c);
    return;
  }
  if (c->pc->open_tcp_nodelay) uv_tcp_nodelay(&c->h.tcp, 1);
  session_publish(srv, c);
  if (c->pc->open_http_protocol && swirl__http_conn_init(c) != 0) {
    swirl__error("accept(): out of memory");
    c->notify = 0;
    swirl__conn_close_now(c);
    return;
  }
  memset(&ev, 0, sizeof(ev));
  ev.type = SWIRL_EV_CONNECT;
  ev.worker_id = srv->worker_id;
  ev.reactor_id = srv->worker_id;
  ev.listener = c->listener;
  ev.conn = c->id;
  ev.server = srv;
  swirl__emit(srv, &ev);
  if (!c->closing && !srv->stopping)
    uv_read_start(&c->h.stream, on_alloc, on_read);
}

/* Counts one request (receive, HTTP request, task); a worker that reached
 * max_request (task_max_request in a task worker) stops, and the manager
 * starts its replacement. */
void swirl__worker_count_request(swirl_server *srv) {
  int64_t max = srv->worker_id < srv->cfg.worker_num ? srv->cfg.max_request
                                                    : srv->cfg.task_max_request;
  srv->requests++;
  if (max > 0 && srv->requests >= (uint64_t)max && !srv->stopping) {
    swirl__notice("worker#%d reached its max_request=%lld; it will be "
                  "replaced", srv->worker_id, (long long)max);
    worker_stop(srv);
  }
}

/* ------------------------------------------------------------------------
 * Datagram ports (UDP, Unix datagram): no connections, one PACKET event
 * per datagram with the sender's address.
 * ---------------------------------------------------------------------- */

static void emit_packet(swirl_server *srv, swirl__listener *l, const char *data,
                        size_t len, const struct sockaddr *from) {
  swirl_event ev;
  char ip[INET6_ADDRSTRLEN + 1] = "";
  memset(&ev, 0, sizeof(ev));
  ev.type = SWIRL_EV_PACKET;
  ev.worker_id = srv->worker_id;
  ev.reactor_id = srv->worker_id;
  ev.listener = l->index;
  ev.data = data;
  ev.len = len;
  ev.server = srv;
  if (from != NULL && from->sa_family == AF_INET) {
    const struct sockaddr_in *a = (const struct sockaddr_in *)from;
    inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
    ev.status = ntohs(a->sin_port);
    ev.extra = ip;
    ev.extra_len = strlen(ip);
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
  swirl__emit(srv, &ev);
  swirl__worker_count_request(srv);
}

static void on_udp_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  swirl_server *srv = h->loop->data;
  SWIRL__UNUSED(suggested);
  buf->base = srv->read_buf;
  buf->len = SWIRL__READ_BUF_SIZE;
}

static void on_udp_recv(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf,
                        const struct sockaddr *from, unsigned flags) {
  swirl__listener *l = h->data;
  swirl_server *srv = h->loop->data;
  if (nread < 0) {
    swirl__warn("recvfrom() on %s:%d failed: %s", l->host, l->port,
                uv_strerror((int)nread));
    return;
  }
  if (from == NULL) return; /* nothing more to read now */
  if (flags & UV_UDP_PARTIAL)
    swirl__warn("datagram from the network was truncated to %d bytes",
                SWIRL__READ_BUF_SIZE);
  emit_packet(srv, l, buf->base, (size_t)nread, from);
}

static void on_unix_dgram(uv_poll_t *p, int status, int events) {
  swirl__listener *l = p->data;
  swirl_server *srv = p->loop->data;
  int i;
  SWIRL__UNUSED(events);
  if (status < 0) return;
  for (i = 0; i < 64; i++) {
    struct sockaddr_un from;
    socklen_t flen = sizeof(from);
    ssize_t n;
    memset(&from, 0, sizeof(from));
    n = recvfrom(l->fd, srv->read_buf, SWIRL__READ_BUF_SIZE, MSG_DONTWAIT,
                 (struct sockaddr *)&from, &flen);
    if (n < 0) break;
    emit_packet(srv, l, srv->read_buf, (size_t)n,
                flen > sizeof(sa_family_t) ? (struct sockaddr *)&from : NULL);
  }
}

/* Starts listener l on this worker's loop, by its type. */
static int listener_start(swirl_server *srv, swirl__listener *l) {
  int rc;
  switch (l->sock_type) {
    case SWIRL_SOCK_UDP:
    case SWIRL_SOCK_UDP6:
      uv_udp_init(srv->loop, &l->handle.udp);
      l->handle.any.data = l;
      rc = uv_udp_open(&l->handle.udp, l->fd);
      if (rc == 0) rc = uv_udp_recv_start(&l->handle.udp, on_udp_alloc, on_udp_recv);
      return rc;
    case SWIRL_SOCK_UNIX_DGRAM:
      rc = uv_poll_init(srv->loop, &l->handle.poll, l->fd);
      l->handle.any.data = l;
      if (rc == 0) rc = uv_poll_start(&l->handle.poll, UV_READABLE, on_unix_dgram);
      return rc;
    case SWIRL_SOCK_UNIX_STREAM:
      uv_pipe_init(srv->loop, &l->handle.pipe, 0);
      l->handle.any.data = l;
      rc = uv_pipe_open(&l->handle.pipe, l->fd);
      break;
    default:
      uv_tcp_init(srv->loop, &l->handle.tcp);
      l->handle.any.data = l;
      rc = uv_tcp_open(&l->handle.tcp, l->fd);
      break;
  }
  if (rc == 0)
    rc = uv_listen(&l->handle.stream, (int)srv->cfg.backlog, on_connection);
  return rc;
}

/* The first datagram listener of the server, or the one at index. */
static swirl__listener *dgram_listener(swirl_server *srv, int index, int unix_) {
  int i;
  if (index >= 0)
    return index < srv->nlisteners && swirl__sock_is_dgram(srv->listeners[index]->sock_type)
               ? srv->listeners[index] : NULL;
  for (i = 0; i < srv->nlisteners; i++) {
    int t = srv->listeners[i]->sock_type;
    if (swirl__sock_is_dgram(t) && (t == SWIRL_SOCK_UNIX_DGRAM) == unix_)
      return srv->listeners[i];
  }
  return NULL;
}

int32_t swirl__worker_sendto(swirl_server *srv, const char *addr, int port,
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
    if (inet_pton(AF_INET, addr, &a->sin_addr) != 1)
      return swirl__srv_fail(srv, SWIRL_EINVAL, "invalid address '%s'", addr);
    slen = sizeof(*a);
  }
  if (port < 0 || port > 65535)
    return swirl__srv_fail(srv, SWIRL_EINVAL, "invalid port %d", port);
  n = sendto(l->fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL,
             (struct sockaddr *)&ss, slen);
  if (n < 0)
    return swirl__srv_fail(srv, -errno, "sendto(%s:%d): %s", addr, port,
                           strerror(errno));
  return 0;
}

static void on_stop_timeout(uv_timer_t *t) {
  swirl_server *srv = t->loop->data;
  swirl__warn("worker#%d: connections still open after max_wait_time=%llds; "
              "exiting", srv->worker_id, (long long)srv->cfg.max_wait_time);
  uv_stop(t->loop);
}

/* Stops accepting, raises WORKER_STOP, and lets the open connections finish
 * what is queued for them; the loop then ends and the process exits. A
 * timer bounds the wait by max_wait_time. */
static void worker_stop(swirl_server *srv) {
  swirl_event ev;
  size_t i;
  int j;
  if (srv->stopping) return;
  srv->stopping = 1;
  for (j = 0; j < srv->nlisteners; j++) {
    swirl__listener *l = srv->listeners[j];
    if (l->active) uv_close(&l->handle.any, NULL);
    l->active = 0;
  }
  uv_close((uv_handle_t *)&srv->sigterm, NULL);
  memset(&ev, 0, sizeof(ev));
  ev.type = SWIRL_EV_WORKER_STOP;
  ev.worker_id = srv->worker_id;
  ev.reactor_id = -1;
  ev.pid = srv->worker_pid;
  ev.server = srv;
  swirl__emit(srv, &ev);
  /* As in Swoole, a stopping worker keeps no timers: they would hold the
   * loop open until max_wait_time. */
  swirl__timer_clear_all();
  for (i = 0; i < srv->conns.cap; i++) {
    swirl__conn *c = srv->conns.vals[i];
    if (c == NULL || c->closing) continue;
    c->notify = 0; /* the worker is going away: no more callbacks */
    swirl__conn_close_graceful(c);
  }
  uv_timer_start(&srv->stop_timer, on_stop_timeout,
                 (uint64_t)(srv->cfg.max_wait_time > 0 ? srv->cfg.max_wait_time
                                                       : 1) * 1000, 0);
  uv_unref((uv_handle_t *)&srv->stop_timer);
}

static void on_sigterm(uv_signal_t *h, int signum) {
  SWIRL__UNUSED(signum);
  worker_stop(h->loop->data);
}

static void worker_reset_signals(void) {
  sigset_t none;
  signal(SIGTERM, SIG_DFL);
  signal(SIGCHLD, SIG_DFL);
  signal(SIGUSR1, SIG_DFL);
  signal(SIGUSR2, SIG_DFL);
  /* Ctrl-C reaches the whole process group; the master alone decides. */
  signal(SIGINT, SIG_IGN);
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
}

void swirl__worker_main(swirl_server *srv, int id) {
  swirl_event ev;
  int i;
  srv->role = SWIRL__ROLE_WORKER;
  srv->worker_id = id;
  srv->worker_pid = getpid();
  swirl__free(srv->slots);
  srv->slots = NULL;
  swirl__log_set(-1, -1, '*');
  swirl__log_worker(id);
  /* End with the manager, whatever ends it. */
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != srv->manager_pid) _exit(1);
  worker_reset_signals();

  srv->loop = swirl__malloc(sizeof(*srv->loop));
  srv->read_buf = swirl__malloc(SWIRL__READ_BUF_SIZE);
  if (srv->loop == NULL || srv->read_buf == NULL ||
      uv_loop_init(srv->loop) != 0 || swirl__map_init(&srv->conns) != 0) {
    swirl__error("worker#%d: cannot set up its event loop", id);
    _exit(1);
  }
  srv->loop->data = srv;
  swirl__loop_adopt(srv->loop);
  /* Task workers take no connections: only messages. */
  for (i = 0; id < srv->cfg.worker_num && i < srv->nlisteners; i++) {
    swirl__listener *l = srv->listeners[i];
    int rc;
    rc = listener_start(srv, l);
    if (rc != 0) {
      swirl__error("worker#%d: cannot listen on %s:%d: %s", id, l->host,
                   l->port, uv_strerror(rc));
      _exit(1);
    }
    l->active = 1;
  }
  uv_signal_init(srv->loop, &srv->sigterm);
  uv_signal_start(&srv->sigterm, on_sigterm, SIGTERM);
  uv_timer_init(srv->loop, &srv->stop_timer);
  swirl__http_worker_init(srv);
  if (swirl__ipc_worker_init(srv) != 0) {
    swirl__error("worker#%d: cannot read its messages", id);
    _exit(1);
  }

  memset(&ev, 0, sizeof(ev));
  ev.type = SWIRL_EV_WORKER_START;
  ev.worker_id = id;
  ev.reactor_id = -1;
  ev.pid = srv->worker_pid;
  ev.server = srv;
  swirl__emit(srv, &ev);

  uv_run(srv->loop, UV_RUN_DEFAULT);
  fflush(NULL);
  _exit(0);
}

/* Writes bufs to c: as much as the socket takes now, then a copy of the
 * rest queued behind it. Returns 0 or a negative code (recorded on srv). */
int32_t swirl__conn_writev(swirl__conn *c, uv_buf_t *bufs, int nbufs) {
  swirl_server *srv = c->srv;
  write_req *w;
  uv_buf_t b;
  size_t total = 0, done = 0, off;
  int i, n, rc;
  for (i = 0; i < nbufs; i++) total += bufs[i].len;
  if (total == 0) return 0;
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
  return 0;
}

/* Finds the open connection `id` of this worker, or records why not. */
swirl__conn *swirl__conn_get(swirl_server *srv, uint64_t id) {
  swirl__conn *c;
  if (srv->role != SWIRL__ROLE_WORKER) {
    swirl__srv_fail(srv, SWIRL_ESERVER_SEND_IN_MASTER,
                    "connections exist only in a worker");
    return NULL;
  }
  c = swirl__map_get(&srv->conns, id);
  if (c == NULL || c->closing) {
    swirl__srv_fail(srv, SWIRL_ESESSION_NOT_EXIST,
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
  if ((int64_t)c->h.stream.write_queue_size >= srv->cfg.socket_buffer_size)
    return swirl__srv_fail(srv, SWIRL_EOUTPUT_BUFFER_OVERFLOW,
                           "session#%llu: %zu bytes already wait for a slow "
                           "reader (socket_buffer_size=%lld)",
                           (unsigned long long)c->id, c->h.stream.write_queue_size,
                           (long long)srv->cfg.socket_buffer_size);
  return 0;
}

int32_t swirl__worker_send(swirl_server *srv, uint64_t id, const char *data,
                           size_t len) {
  swirl__conn *c;
  write_req *w;
  uv_buf_t b;
  int n = 0, rc;
  if (srv->role != SWIRL__ROLE_WORKER)
    return swirl__srv_fail(srv, SWIRL_ESERVER_SEND_IN_MASTER,
                           "send() is only possible in a worker");
  c = swirl__map_get(&srv->conns, id);
  if (c == NULL) {
    /* Held by another worker: it writes on our behalf. */
    swirl__session *e = swirl__session_get(srv, id);
    if (len == 0)
      return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS, "data is empty");
    if (e != NULL && e->worker != srv->worker_id)
      return swirl__forward(srv, e->worker, 0, id, data, len);
  }
  if (c == NULL || c->closing)
    return swirl__srv_fail(srv, SWIRL_ESESSION_NOT_EXIST,
                           "session#%llu does not exist", (unsigned long long)id);
  if (len == 0)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS, "data is empty");
  if ((int64_t)len > srv->cfg.output_buffer_size)
    return swirl__srv_fail(srv, SWIRL_EOUTPUT_BUFFER_OVERFLOW,
                           "data of %zu bytes is larger than "
                           "output_buffer_size=%lld", len,
                           (long long)srv->cfg.output_buffer_size);
  if ((int64_t)c->h.stream.write_queue_size >= srv->cfg.socket_buffer_size)
    return swirl__srv_fail(srv, SWIRL_EOUTPUT_BUFFER_OVERFLOW,
                           "session#%llu: %zu bytes already wait for a slow "
                           "reader (socket_buffer_size=%lld)",
                           (unsigned long long)id, c->h.stream.write_queue_size,
                           (long long)srv->cfg.socket_buffer_size);
  if (c->h.stream.write_queue_size == 0) {
    b = uv_buf_init((char *)data, (unsigned)(len > 0x7fffffff ? 0x7fffffff : len));
    n = uv_try_write(&c->h.stream, &b, 1);
    if (n == (int)len) return 0;
    if (n < 0 && n != UV_EAGAIN)
      return swirl__srv_fail(srv, n, "session#%llu: write failed: %s",
                             (unsigned long long)id, uv_strerror(n));
    if (n < 0) n = 0;
  }
  w = swirl__malloc(sizeof(*w) + (len - (size_t)n));
  if (w == NULL) return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  w->len = len - (size_t)n;
  memcpy(w->data, data + n, w->len);
  b = uv_buf_init(w->data, (unsigned)w->len);
  rc = uv_write(&w->req, &c->h.stream, &b, 1,
                on_write);
  if (rc != 0) {
    swirl__free(w);
    return swirl__srv_fail(srv, rc, "session#%llu: write failed: %s",
                           (unsigned long long)id, uv_strerror(rc));
  }
  return 0;
}

int32_t swirl__worker_close(swirl_server *srv, uint64_t id, int reset) {
  swirl__conn *c;
  if (srv->role != SWIRL__ROLE_WORKER)
    return swirl__srv_fail(srv, SWIRL_ESERVER_SEND_IN_MASTER,
                           "close() is only possible in a worker");
  c = swirl__map_get(&srv->conns, id);
  if (c == NULL) {
    swirl__session *e = swirl__session_get(srv, id);
    if (e != NULL && e->worker != srv->worker_id)
      return swirl__forward(srv, e->worker, reset ? 2 : 1, id, NULL, 0);
  }
  if (c == NULL || c->closing)
    return swirl__srv_fail(srv, SWIRL_ESESSION_NOT_EXIST,
                           "session#%llu does not exist", (unsigned long long)id);
  c->by_server = 1;
  if (reset && c->h.any.type == UV_TCP) {
    c->closing = 1;
    uv_tcp_close_reset(&c->h.tcp, conn_on_close);
  } else {
    swirl__conn_close_graceful(c);
  }
  return 0;
}

int swirl__worker_exist(swirl_server *srv, uint64_t id) {
  swirl__conn *c = srv->role == SWIRL__ROLE_WORKER
                       ? swirl__map_get(&srv->conns, id) : NULL;
  if (c != NULL) return !c->closing;
  return swirl__session_get(srv, id) != NULL;
}
