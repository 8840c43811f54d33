/*
 * worker.c: a worker process (event worker or task worker).
 *
 * In BASE mode an event worker is also a reactor: it accepts on the
 * listening sockets it inherited and holds the connections it accepted
 * (reactor.c). In PROCESS mode it holds none: events arrive as messages
 * from the master's reactor threads (task.c), and what it sends goes back
 * to the reactor that holds the connection. The API calls below route a
 * send, close or HTTP response to wherever the connection lives.
 */
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static void worker_stop(swirl_server *srv);

/* Counts one request (receive, HTTP request, packet, task); a worker that
 * reached max_request (task_max_request in a task worker) stops, and the
 * manager starts its replacement. */
void swirl__worker_count_request(swirl_server *srv) {
  int64_t max = srv->worker_id < srv->cfg.worker_num ? srv->cfg.max_request
                                                    : srv->cfg.task_max_request;
  srv->requests++;
  if (srv->worker_id < srv->cfg.worker_num)
    atomic_fetch_add(&srv->shm->request_count, 1);
  if (max > 0 && srv->requests >= (uint64_t)max && !srv->stopping) {
    swirl__notice("worker#%d reached its max_request=%lld; it will be "
                  "replaced", srv->worker_id, (long long)max);
    worker_stop(srv);
  }
}

static void on_stop_timeout(uv_timer_t *t) {
  swirl_server *srv = t->loop->data;
  if (swirl__timer_count() > 0)
    swirl__warn("worker#%d: worker exit timeout, forced termination "
                "(timers still set after max_wait_time=%llds)",
                srv->worker_id, (long long)srv->cfg.max_wait_time);
  else
    swirl__warn("worker#%d: connections still open after max_wait_time=%llds; "
                "exiting", srv->worker_id, (long long)srv->cfg.max_wait_time);
  uv_stop(t->loop);
}

static uv_prepare_t exit_prepare;

/* Raises an event about this worker itself (WORKER_EXIT, WORKER_STOP). */
static void emit_worker_event(swirl_server *srv, int type) {
  swirl_event ev;
  memset(&ev, 0, sizeof(ev));
  ev.type = type;
  ev.worker_id = srv->worker_id;
  ev.reactor_id = -1;
  ev.pid = srv->worker_pid;
  ev.server = srv;
  swirl__emit(srv, &ev);
}

/* A stopping worker whose binding asked for WORKER_EXIT: raised on each
 * turn of the loop while timers remain, so the application can clear
 * them (Swoole's onWorkerExit). */
static void on_exit_prepare(uv_prepare_t *h) {
  if (swirl__timer_count() == 0) {
    uv_prepare_stop(h);
    return;
  }
  emit_worker_event(h->loop->data, SWIRL_EV_WORKER_EXIT);
}

/* Stops accepting and lets the open connections finish what is queued for
 * them; the loop then ends, WORKER_STOP is raised and the process exits. A
 * timer bounds the wait by max_wait_time. Timers are cleared, unless the
 * binding handles WORKER_EXIT (see on_exit_prepare). */
static void worker_stop(swirl_server *srv) {
  if (srv->stopping) return;
  srv->stopping = 1;
  if (srv->rx != NULL) {
    srv->rx->stopping = 1;
    swirl__rx_stop_accept(srv->rx);
  }
  uv_close((uv_handle_t *)&srv->sigterm, NULL);
  uv_close((uv_handle_t *)&srv->sigrtmin, NULL);
  if ((srv->mask & ((uint64_t)1 << SWIRL_EV_WORKER_EXIT)) &&
      swirl__timer_count() > 0) {
    /* Swoole's asynchronous exit: the application clears its timers in
     * onWorkerExit, or max_wait_time ends the wait. */
    uv_prepare_init(srv->loop, &exit_prepare);
    uv_prepare_start(&exit_prepare, on_exit_prepare);
    uv_unref((uv_handle_t *)&exit_prepare);
  } else {
    /* A stopping worker keeps no timers: they would hold the loop open
     * until max_wait_time. */
    swirl__timer_clear_all();
  }
  if (srv->rx != NULL) {
    swirl__rx_close_all(srv->rx);
    uv_close((uv_handle_t *)&srv->rx->http_timer, NULL);
    uv_close((uv_handle_t *)&srv->rx->heartbeat_timer, NULL);
  }
  uv_timer_start(&srv->stop_timer, on_stop_timeout,
                 (uint64_t)(srv->cfg.max_wait_time > 0 ? srv->cfg.max_wait_time
                                                       : 1) * 1000, 0);
  uv_unref((uv_handle_t *)&srv->stop_timer);
}

static void on_sigrtmin(uv_signal_t *h, int signum) {
  SWIRL__UNUSED(h);
  SWIRL__UNUSED(signum);
  swirl__log_reopen();
}

static void on_sigterm(uv_signal_t *h, int signum) {
  SWIRL__UNUSED(signum);
  worker_stop(h->loop->data);
}

/* Puts the signals back to their defaults, all unblocked but SIGTERM: a
 * SIGTERM that comes before the loop's handler is installed waits, and
 * is handled (a graceful stop) once swirl__worker_main unblocks it. */
static void worker_reset_signals(void) {
  sigset_t only_term;
  signal(SIGTERM, SIG_DFL);
  signal(SIGCHLD, SIG_DFL);
  signal(SIGUSR1, SIG_DFL);
  signal(SIGUSR2, SIG_DFL);
  /* Ctrl-C reaches the whole process group; the master alone decides. */
  signal(SIGINT, SIG_IGN);
  sigemptyset(&only_term);
  sigaddset(&only_term, SIGTERM);
  sigprocmask(SIG_SETMASK, &only_term, NULL);
}

swirl_server *swirl__worker_srv;

void swirl__worker_main(swirl_server *srv, int id) {
  static swirl__reactor rx;
  swirl_event ev;
  srv->role = SWIRL__ROLE_WORKER;
  swirl__worker_srv = srv;
  srv->worker_id = id;
  srv->worker_pid = getpid();
  swirl__ipc_self = id;
  swirl__free(srv->slots);
  srv->slots = NULL;
  swirl__log_set(-1, -1, id < srv->cfg.worker_num ? '*' : '^');
  swirl__log_worker(id);
  if (id < srv->cfg.worker_num)
    swirl__set_role_name("swirl: worker %d", id);
  else
    swirl__set_role_name("swirl: task %d", id);
  /* End with the manager, whatever ends it. */
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != srv->manager_pid) _exit(1);
  worker_reset_signals();
  if (swirl__drop_privileges(srv) != 0) _exit(1);

  srv->loop = swirl__malloc(sizeof(*srv->loop));
  if (srv->loop == NULL || uv_loop_init(srv->loop) != 0) {
    swirl__error("worker#%d: cannot set up its event loop", id);
    _exit(1);
  }
  srv->loop->data = srv;
  swirl__loop_adopt(srv->loop);
  /* A BASE event worker is a reactor; task workers and PROCESS workers
   * take no connections, only messages. */
  if (srv->mode == SWIRL_MODE_BASE && id < srv->cfg.worker_num) {
    if (swirl__rx_init(&rx, srv, id, srv->loop, 0) != 0 ||
        swirl__rx_listen(&rx, 1) != 0) {
      swirl__error("worker#%d: cannot listen", id);
      _exit(1);
    }
    srv->rx = &rx;
  }
  uv_signal_init(srv->loop, &srv->sigterm);
  uv_signal_start(&srv->sigterm, on_sigterm, SIGTERM);
  uv_signal_init(srv->loop, &srv->sigrtmin);
  uv_signal_start(&srv->sigrtmin, on_sigrtmin, SIGRTMIN);
  uv_unref((uv_handle_t *)&srv->sigrtmin);
  {
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &term, NULL);
  }
  uv_timer_init(srv->loop, &srv->stop_timer);
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
  /* Timers a forced end left behind are not for onWorkerStop to see. */
  swirl__timer_clear_all();
  emit_worker_event(srv, SWIRL_EV_WORKER_STOP);
  swirl__ipc_flush(srv);
  fflush(NULL);
  _exit(0);
}

/* ------------------------------------------------------------------------
 * Routing: the connection is ours (BASE), another worker's (BASE), or a
 * reactor thread's (PROCESS).
 * ---------------------------------------------------------------------- */

/* The channel of the process holding conn, or -1 (error recorded). A
 * connection held by this very worker gives SWIRL__NWORKERS + nreactors,
 * which no channel has. */
static int holder(swirl_server *srv, uint64_t id) {
  swirl__session *e;
  if (srv->role != SWIRL__ROLE_WORKER) {
    swirl__srv_fail(srv, SWIRL_ESERVER_SEND_IN_MASTER,
                    "connections can only be used in a worker");
    return -1;
  }
  if (srv->rx != NULL && swirl__map_get(&srv->rx->conns, id) != NULL)
    return INT32_MAX;
  e = swirl__session_get(srv, id);
  if (e == NULL || e->owner == swirl__ipc_self || atomic_load(&e->closed)) {
    swirl__srv_fail(srv, SWIRL_ESESSION_NOT_EXIST,
                    "session#%llu does not exist", (unsigned long long)id);
    return -1;
  }
  return e->owner;
}

/* Refuses more data for a connection held elsewhere whose client reads
 * too slowly, as a local send would. */
static int32_t remote_can_send(swirl_server *srv, uint64_t id, size_t len) {
  swirl__session *e = swirl__session_get(srv, id);
  int64_t q = e != NULL ? atomic_load(&e->out_queued) : 0;
  if ((int64_t)len > srv->cfg.output_buffer_size)
    return swirl__srv_fail(srv, SWIRL_EOUTPUT_BUFFER_OVERFLOW,
                           "data of %zu bytes is larger than "
                           "output_buffer_size=%lld", len,
                           (long long)srv->cfg.output_buffer_size);
  if (q >= srv->cfg.socket_buffer_size)
    return swirl__srv_fail(srv, SWIRL_EOUTPUT_BUFFER_OVERFLOW,
                           "session#%llu: %lld bytes already wait for a slow "
                           "reader (socket_buffer_size=%lld)",
                           (unsigned long long)id, (long long)q,
                           (long long)srv->cfg.socket_buffer_size);
  return 0;
}

int32_t swirl__worker_send(swirl_server *srv, uint64_t id, const char *data,
                           size_t len) {
  int h;
  if (len == 0)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS, "data is empty");
  if ((h = holder(srv, id)) < 0) return srv->last_error;
  if (h == INT32_MAX) return swirl__rx_send(srv->rx, id, data, len);
  if (remote_can_send(srv, id, len) != 0) return srv->last_error;
  return swirl__ipc_send(srv, h, SWIRL__IPC_SEND, (int64_t)id, 0, data, len,
                         NULL, 0);
}

int32_t swirl__worker_close(swirl_server *srv, uint64_t id, int reset) {
  int h = holder(srv, id);
  if (h < 0) return srv->last_error;
  if (h == INT32_MAX) return swirl__rx_close(srv->rx, id, reset);
  return swirl__ipc_send(srv, h, SWIRL__IPC_CLOSE, (int64_t)id, reset ? 1 : 0,
                         NULL, 0, NULL, 0);
}

int32_t swirl__worker_pause(swirl_server *srv, uint64_t id, int pause) {
  int h = holder(srv, id);
  if (h < 0) return srv->last_error;
  if (h == INT32_MAX) {
    int32_t rc = swirl__rx_pause(srv->rx, id, pause);
    return rc != 0 ? swirl__srv_fail(srv, rc, "session#%llu does not exist",
                                     (unsigned long long)id)
                   : 0;
  }
  return swirl__ipc_send(srv, h, SWIRL__IPC_PAUSE, (int64_t)id, pause ? 1 : 0,
                         NULL, 0, NULL, 0);
}

int swirl__worker_exist(swirl_server *srv, uint64_t id) {
  swirl__conn *c = srv->rx != NULL ? swirl__map_get(&srv->rx->conns, id) : NULL;
  if (c != NULL) return !c->closing;
  {
    swirl__session *e = swirl__session_get(srv, id);
    return e != NULL && !atomic_load(&e->closed);
  }
}

int32_t swirl__worker_http_respond(swirl_server *srv, uint64_t id,
                                   int32_t status, const char *hdrs,
                                   size_t hlen, const char *body, size_t blen,
                                   int32_t flags) {
  swirl__ipc_respond r;
  char *payload;
  int32_t rc;
  int h = holder(srv, id);
  if (h < 0) return srv->last_error;
  if (h == INT32_MAX)
    return swirl__http_respond(srv->rx, id, status, hdrs, hlen, body, blen,
                               flags);
  if (remote_can_send(srv, id, blen) != 0) return srv->last_error;
  if (status < 100 || status > 999)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "invalid HTTP status %d", status);
  memset(&r, 0, sizeof(r));
  r.status = status;
  r.flags = flags;
  r.hlen = hlen;
  /* Status and headers travel in front of the body. */
  payload = swirl__malloc(sizeof(r) + hlen);
  if (payload == NULL) return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  memcpy(payload, &r, sizeof(r));
  memcpy(payload + sizeof(r), hdrs, hlen);
  rc = swirl__ipc_send(srv, h, SWIRL__IPC_HTTP_RESPOND, (int64_t)id, 0, payload,
                       sizeof(r) + hlen, body, blen);
  swirl__free(payload);
  if (rc == 0 && status == 101) {
    /* A handshake accepted by onHandShake is a WebSocket from now on, as
     * in Swoole (push() and isEstablished() in the same callback): what
     * this worker sends next travels behind the 101. */
    swirl__session *e = swirl__session_get(srv, id);
    int32_t hs = SWIRL_WEBSOCKET_STATUS_HANDSHAKE;
    if (e != NULL)
      atomic_compare_exchange_strong(&e->ws_status, &hs,
                                     SWIRL_WEBSOCKET_STATUS_ACTIVE);
  }
  return rc;
}

int32_t swirl__worker_http_write(swirl_server *srv, uint64_t id,
                                 const char *data, size_t len, int32_t end) {
  int h = holder(srv, id);
  if (h < 0) return srv->last_error;
  if (h == INT32_MAX) return swirl__http_write(srv->rx, id, data, len, end);
  return swirl__ipc_send(srv, h, SWIRL__IPC_HTTP_WRITE, (int64_t)id,
                         end ? 1 : 0, data, len, NULL, 0);
}

int32_t swirl__worker_ws_push(swirl_server *srv, uint64_t id, const char *data,
                              size_t len, int32_t opcode, int32_t flags) {
  swirl__session *e;
  int h = holder(srv, id);
  if (h < 0) return srv->last_error;
  if (h == INT32_MAX)
    return swirl__ws_push(srv->rx, id, data, len, opcode, flags);
  e = swirl__session_get(srv, id);
  if (e == NULL || atomic_load(&e->ws_status) != SWIRL_WEBSOCKET_STATUS_ACTIVE)
    return swirl__srv_fail(srv, SWIRL_EWEBSOCKET_UNCONNECTED,
                           "session#%llu is not a websocket connection",
                           (unsigned long long)id);
  if (opcode < 0 || opcode > 10 || (opcode > 2 && opcode < 8))
    return swirl__srv_fail(srv, SWIRL_EWEBSOCKET_BAD_OPCODE,
                           "invalid websocket opcode %d", opcode);
  if (remote_can_send(srv, id, len) != 0) return srv->last_error;
  return swirl__ipc_send(srv, h, SWIRL__IPC_WS_PUSH, (int64_t)id,
                         (opcode & 0xff) | ((flags & 0xff) << 8), data, len,
                         NULL, 0);
}

int32_t swirl__worker_ws_disconnect(swirl_server *srv, uint64_t id,
                                    int32_t code, const char *reason,
                                    size_t rlen) {
  swirl__session *e;
  int h = holder(srv, id);
  if (h < 0) return srv->last_error;
  if (h == INT32_MAX)
    return swirl__ws_disconnect(srv->rx, id, code, reason, rlen);
  e = swirl__session_get(srv, id);
  if (e == NULL || atomic_load(&e->ws_status) != SWIRL_WEBSOCKET_STATUS_ACTIVE)
    return swirl__srv_fail(srv, SWIRL_EWEBSOCKET_UNCONNECTED,
                           "session#%llu is not a websocket connection",
                           (unsigned long long)id);
  return swirl__ipc_send(srv, h, SWIRL__IPC_WS_CLOSE, (int64_t)id,
                         code & 0xffff, reason, rlen, NULL, 0);
}

/* Sends a file (HTTP response when http != 0) from wherever conn lives. */
static int32_t route_sendfile(swirl_server *srv, uint64_t id, int http,
                              int32_t status, const char *hdrs, size_t hlen,
                              const char *path, int64_t offset,
                              int64_t length) {
  swirl__ipc_sendfile f;
  char *payload;
  size_t plen = strlen(path);
  int32_t rc;
  int h = holder(srv, id);
  if (h < 0) return srv->last_error;
  if (h == INT32_MAX)
    return http ? swirl__http_sendfile(srv->rx, id, status, hdrs, hlen, path,
                                       offset, length)
                : swirl__rx_sendfile(srv->rx, id, path, offset, length);
  if (access(path, R_OK) != 0)
    return swirl__srv_fail(srv, -errno, "sendfile: %s: %s", path,
                           strerror(errno));
  memset(&f, 0, sizeof(f));
  f.offset = offset;
  f.length = length;
  f.status = status;
  f.hlen = hlen;
  payload = swirl__malloc(sizeof(f) + hlen + plen);
  if (payload == NULL) return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  memcpy(payload, &f, sizeof(f));
  memcpy(payload + sizeof(f), hdrs, hlen);
  memcpy(payload + sizeof(f) + hlen, path, plen);
  rc = swirl__ipc_send(srv, h, SWIRL__IPC_SENDFILE, (int64_t)id, http ? 1 : 0,
                       payload, sizeof(f) + hlen + plen, NULL, 0);
  swirl__free(payload);
  return rc;
}

int32_t swirl__worker_sendfile(swirl_server *srv, uint64_t id,
                               const char *path, int64_t offset,
                               int64_t length) {
  return route_sendfile(srv, id, 0, 0, "", 0, path, offset, length);
}

int32_t swirl__worker_http_sendfile(swirl_server *srv, uint64_t id,
                                    int32_t status, const char *hdrs,
                                    size_t hlen, const char *path,
                                    int64_t offset, int64_t length) {
  return route_sendfile(srv, id, 1, status, hdrs, hlen, path, offset, length);
}

/* A user process (addProcess): raises USER_PROCESS, whose callback runs
 * the process's work, then exits; the manager starts it again unless the
 * server is stopping. It may send to connections like a worker. */
void swirl__user_process_main(swirl_server *srv, int index) {
  swirl_event ev;
  sigset_t none;
  srv->role = SWIRL__ROLE_WORKER;
  srv->worker_id = SWIRL__NWORKERS(srv) + index;
  srv->worker_pid = getpid();
  swirl__ipc_self = srv->nipc + index;
  swirl__free(srv->slots);
  srv->slots = NULL;
  swirl__log_set(-1, -1, '@');
  swirl__log_worker(srv->worker_id);
  swirl__loop_forget();
  swirl__set_role_name("swirl: user %d", index);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != srv->manager_pid) _exit(1);
  if (swirl__drop_privileges(srv) != 0) _exit(1);
  signal(SIGTERM, SIG_DFL);
  signal(SIGCHLD, SIG_DFL);
  signal(SIGUSR1, SIG_DFL);
  signal(SIGUSR2, SIG_DFL);
  signal(SIGINT, SIG_IGN);
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  memset(&ev, 0, sizeof(ev));
  ev.type = SWIRL_EV_USER_PROCESS;
  ev.worker_id = srv->worker_id;
  ev.reactor_id = -1;
  ev.id = index;
  ev.pid = srv->worker_pid;
  ev.server = srv;
  swirl__emit(srv, &ev);
  fflush(NULL);
  _exit(0);
}

void swirl__outbox_flush(swirl_server *srv) {
  uint64_t conn = srv->outbox.conn;
  size_t len = (size_t)srv->outbox.len;
  int64_t status = srv->outbox.status;
  srv->outbox.conn = 0;
  srv->outbox.len = 0;
  srv->outbox.status = 0;
  if (len > srv->outbox.cap) return;
  if (status != 0) {
    if (swirl__worker_http_respond(srv, conn, (int32_t)status, "", 0,
                                   srv->outbox.data, len, 0) != 0)
      swirl__notice("response to session#%llu failed: %s",
                    (unsigned long long)conn, srv->errmsg);
    return;
  }
  if (len == 0) return;
  if (swirl__worker_send(srv, conn, srv->outbox.data, len) != 0)
    swirl__notice("send of %zu bytes to session#%llu failed: %s", len,
                  (unsigned long long)conn, srv->errmsg);
}
