/*
 * api.c: the public layer. Every swirl_* function of abi/swirl.h is defined
 * here and nowhere else: it checks its arguments and calls internal code.
 */
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK_SRV(srv)                                                    \
  do {                                                                    \
    if ((srv) == NULL) return swirl__fail(SWIRL_EINVAL, "server is NULL"); \
  } while (0)

/* A send left in the outbox goes before anything else the caller asks. */
#define FLUSH(srv)                                              \
  do {                                                          \
    if ((srv)->outbox.conn != 0) swirl__outbox_flush(srv);      \
  } while (0)

#define CHECK_STR(srv, p, n, what)                                         \
  do {                                                                     \
    if ((p) == NULL && (n) != 0)                                           \
      return swirl__srv_fail((srv), SWIRL_EINVAL, "%s is NULL", (what));   \
  } while (0)

SWIRL_EXTERN int32_t swirl_version(void) {
  return (SWIRL_VERSION_MAJOR << 16) | (SWIRL_VERSION_MINOR << 8) |
         SWIRL_VERSION_PATCH;
}

#define SWIRL__STR2(x) #x
#define SWIRL__STR(x) SWIRL__STR2(x)

SWIRL_EXTERN const char *swirl_version_string(void) {
  return SWIRL__STR(SWIRL_VERSION_MAJOR) "." SWIRL__STR(
      SWIRL_VERSION_MINOR) "." SWIRL__STR(SWIRL_VERSION_PATCH);
}

SWIRL_EXTERN int32_t swirl_abi_version(void) { return SWIRL_ABI_VERSION; }

SWIRL_EXTERN size_t swirl_event_size(void) { return sizeof(swirl_event); }

SWIRL_EXTERN const char *swirl_strerror(int32_t code) {
  return swirl__strerror(code);
}

SWIRL_EXTERN const char *swirl_err_name(int32_t code) {
  return swirl__err_name(code);
}

SWIRL_EXTERN const char *swirl_last_errmsg(void) {
  return swirl__last_errmsg();
}

SWIRL_EXTERN void swirl_free(void *ptr) { swirl__free(ptr); }

SWIRL_EXTERN int32_t swirl_server_new(swirl_server **out, const char *host,
                                      size_t host_len, int32_t port,
                                      int32_t mode, int32_t sock_type) {
  if (out == NULL) return swirl__fail(SWIRL_EINVAL, "out is NULL");
  *out = NULL;
  if (host == NULL && host_len != 0)
    return swirl__fail(SWIRL_EINVAL, "host is NULL");
  return swirl__server_new(out, host != NULL ? host : "", host_len, port, mode,
                           sock_type);
}

SWIRL_EXTERN void swirl_server_free(swirl_server *srv) {
  if (srv == NULL || srv->role != SWIRL__ROLE_NONE) return;
  swirl__server_free(srv);
}

SWIRL_EXTERN int32_t swirl_server_listen(swirl_server *srv, const char *host,
                                         size_t host_len, int32_t port,
                                         int32_t sock_type) {
  CHECK_SRV(srv);
  CHECK_STR(srv, host, host_len, "host");
  return swirl__server_listen(srv, host != NULL ? host : "", host_len, port,
                              sock_type);
}

SWIRL_EXTERN int32_t swirl_server_port(swirl_server *srv, int32_t index) {
  CHECK_SRV(srv);
  if (index < 0 || index >= srv->nlisteners)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "no listener with index %d", index);
  return srv->listeners[index]->port;
}

SWIRL_EXTERN int32_t swirl_server_port_fd(swirl_server *srv, int32_t index) {
  CHECK_SRV(srv);
  if (index < 0 || index >= srv->nlisteners)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "no listener with index %d", index);
  if (srv->listeners[index]->fd < 0)
    return swirl__srv_fail(srv, SWIRL_EBADF, "listener %d is closed", index);
  return srv->listeners[index]->fd;
}

/* One path for every typed setter. */
static int32_t set_option(swirl_server *srv, const char *name, size_t nlen,
                          int type, int64_t i, double d, const char *s,
                          size_t slen) {
  int32_t rc;
  CHECK_SRV(srv);
  CHECK_STR(srv, name, nlen, "option name");
  if (srv->started)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "options cannot change after start()");
  rc = swirl__config_set(&srv->cfg, name != NULL ? name : "", nlen, type, i, d,
                         s, slen, srv->errmsg, sizeof(srv->errmsg));
  if (rc != 0) srv->last_error = rc;
  return rc;
}

SWIRL_EXTERN int32_t swirl_server_set_int(swirl_server *srv, const char *name,
                                          size_t name_len, int64_t value) {
  return set_option(srv, name, name_len, SWIRL__OPT_INT, value, 0, NULL, 0);
}

SWIRL_EXTERN int32_t swirl_server_set_double(swirl_server *srv,
                                             const char *name, size_t name_len,
                                             double value) {
  return set_option(srv, name, name_len, SWIRL__OPT_DOUBLE, 0, value, NULL, 0);
}

SWIRL_EXTERN int32_t swirl_server_set_bool(swirl_server *srv, const char *name,
                                           size_t name_len, int32_t value) {
  return set_option(srv, name, name_len, SWIRL__OPT_BOOL, value != 0, 0, NULL,
                    0);
}

SWIRL_EXTERN int32_t swirl_server_set_str(swirl_server *srv, const char *name,
                                          size_t name_len, const char *value,
                                          size_t value_len) {
  CHECK_SRV(srv);
  CHECK_STR(srv, value, value_len, "value");
  return set_option(srv, name, name_len, SWIRL__OPT_STR, 0, 0,
                    value != NULL ? value : "", value_len);
}

/* One path for every per-port setter. */
static int32_t port_set(swirl_server *srv, int32_t index, const char *name,
                        size_t nlen, int type, int64_t i, const char *s,
                        size_t slen) {
  swirl__listener *l;
  int32_t rc;
  CHECK_SRV(srv);
  CHECK_STR(srv, name, nlen, "option name");
  if (name == NULL) name = "";
  if (srv->started)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "options cannot change after start()");
  if (index < 0 || index >= srv->nlisteners)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "no listener with index %d", index);
  if (!swirl__config_is_port_option(name, nlen))
    return swirl__srv_fail(srv, SWIRL_EUNKNOWN_OPTION,
                           "option '%.*s' cannot be set per port", (int)nlen,
                           name);
  l = srv->listeners[index];
  if (l->cfg == NULL) {
    l->cfg = swirl__malloc(sizeof(*l->cfg));
    /* A port with settings of its own starts from the defaults for them,
     * as in Swoole; the server's other options stay as they are. */
    if (l->cfg == NULL || swirl__config_copy(l->cfg, &srv->cfg) != 0 ||
        (index > 0 && swirl__config_reset_port(l->cfg) != 0)) {
      swirl__free(l->cfg);
      l->cfg = NULL;
      return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
    }
  }
  rc = swirl__config_set(l->cfg, name, nlen, type, i, 0, s, slen, srv->errmsg,
                         sizeof(srv->errmsg));
  if (rc != 0) srv->last_error = rc;
  return rc;
}

SWIRL_EXTERN int32_t swirl_server_port_set_int(swirl_server *srv, int32_t index,
                                               const char *name,
                                               size_t name_len, int64_t value) {
  return port_set(srv, index, name, name_len, SWIRL__OPT_INT, value, NULL, 0);
}

SWIRL_EXTERN int32_t swirl_server_port_set_bool(swirl_server *srv,
                                                int32_t index,
                                                const char *name,
                                                size_t name_len, int32_t value) {
  return port_set(srv, index, name, name_len, SWIRL__OPT_BOOL, value != 0,
                  NULL, 0);
}

SWIRL_EXTERN int32_t swirl_server_port_set_str(swirl_server *srv, int32_t index,
                                               const char *name,
                                               size_t name_len,
                                               const char *value,
                                               size_t value_len) {
  CHECK_SRV(srv);
  CHECK_STR(srv, value, value_len, "value");
  return port_set(srv, index, name, name_len, SWIRL__OPT_STR, 0,
                  value != NULL ? value : "", value_len);
}

SWIRL_EXTERN int32_t swirl_server_get_int(swirl_server *srv, const char *name,
                                          size_t name_len, int64_t *out) {
  int32_t rc;
  CHECK_SRV(srv);
  CHECK_STR(srv, name, name_len, "option name");
  if (out == NULL) return swirl__srv_fail(srv, SWIRL_EINVAL, "out is NULL");
  rc = swirl__config_get_int(&srv->cfg, name != NULL ? name : "", name_len, out,
                             srv->errmsg, sizeof(srv->errmsg));
  if (rc != 0) srv->last_error = rc;
  return rc;
}

SWIRL_EXTERN int32_t swirl_server_options(swirl_server *srv, char *buf,
                                          size_t *len) {
  CHECK_SRV(srv);
  if (len == NULL) return swirl__srv_fail(srv, SWIRL_EINVAL, "len is NULL");
  if (buf == NULL) *len = 0;
  return swirl__config_list(buf, len);
}

SWIRL_EXTERN int32_t swirl_server_on_event(swirl_server *srv,
                                           swirl_event_cb cb, void *ud,
                                           uint64_t mask) {
  CHECK_SRV(srv);
  if (srv->started)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "the callback cannot change after start()");
  srv->cb = cb;
  srv->ud = ud;
  srv->mask = cb != NULL ? mask : 0;
  return 0;
}

SWIRL_EXTERN int32_t swirl_server_start(swirl_server *srv) {
  CHECK_SRV(srv);
  return swirl__server_start(srv);
}

SWIRL_EXTERN int32_t swirl_server_send(swirl_server *srv, uint64_t conn,
                                       const char *data, size_t len) {
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, data, len, "data");
  return swirl__worker_send(srv, conn, data, len);
}

SWIRL_EXTERN int32_t swirl_server_pause(swirl_server *srv, uint64_t conn,
                                        int32_t pause) {
  CHECK_SRV(srv);
  FLUSH(srv);
  return swirl__worker_pause(srv, conn, pause != 0);
}

SWIRL_EXTERN int32_t swirl_server_protect(swirl_server *srv, uint64_t conn,
                                          int32_t on) {
  swirl__session *e;
  CHECK_SRV(srv);
  e = swirl__session_get(srv, conn);
  if (e == NULL || atomic_load(&e->closed))
    return swirl__srv_fail(srv, SWIRL_ESESSION_NOT_EXIST,
                           "session#%llu does not exist",
                           (unsigned long long)conn);
  atomic_store(&e->protect, on != 0);
  return 0;
}

SWIRL_EXTERN int32_t swirl_server_close(swirl_server *srv, uint64_t conn,
                                        int32_t reset) {
  CHECK_SRV(srv);
  FLUSH(srv);
  return swirl__worker_close(srv, conn, reset);
}

SWIRL_EXTERN int32_t swirl_server_exist(swirl_server *srv, uint64_t conn) {
  CHECK_SRV(srv);
  return swirl__worker_exist(srv, conn);
}

SWIRL_EXTERN int32_t swirl_server_shutdown(swirl_server *srv) {
  CHECK_SRV(srv);
  FLUSH(srv);
  if (!srv->started || srv->master_pid == 0)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "the server is not running");
  if (kill(srv->master_pid, SIGTERM) != 0)
    return swirl__srv_fail(srv, -errno, "kill(master %d): %s",
                           (int)srv->master_pid, strerror(errno));
  return 0;
}

SWIRL_EXTERN int32_t swirl_server_worker_id(swirl_server *srv) {
  CHECK_SRV(srv);
  return srv->worker_id;
}

SWIRL_EXTERN int64_t swirl_server_master_pid(swirl_server *srv) {
  CHECK_SRV(srv);
  return srv->master_pid;
}

SWIRL_EXTERN int64_t swirl_server_manager_pid(swirl_server *srv) {
  CHECK_SRV(srv);
  return srv->manager_pid;
}

SWIRL_EXTERN int64_t swirl_server_worker_pid(swirl_server *srv) {
  CHECK_SRV(srv);
  return srv->role == SWIRL__ROLE_WORKER ? srv->worker_pid : 0;
}

SWIRL_EXTERN int32_t swirl_server_last_error(swirl_server *srv) {
  CHECK_SRV(srv);
  return srv->last_error;
}

SWIRL_EXTERN const char *swirl_server_errmsg(swirl_server *srv) {
  return srv == NULL ? "server is NULL" : srv->errmsg;
}

SWIRL_EXTERN void swirl_process_flush(void) {
  swirl_server *srv = swirl__worker_srv;
  if (srv == NULL || srv->role != SWIRL__ROLE_WORKER) return;
  if (srv->outbox.conn != 0) swirl__outbox_flush(srv);
  if (srv->rx != NULL) swirl__rx_uncork(srv->rx);
  swirl__ipc_flush(srv);
}

SWIRL_EXTERN void swirl_process_exit(int32_t code) {
  swirl_process_flush();
  fflush(NULL);
  _exit(code);
}

SWIRL_EXTERN int64_t swirl_getpid(void) { return getpid(); }

SWIRL_EXTERN int32_t swirl_loop_on_event(swirl_event_cb cb, void *ud) {
  return swirl__loop_on_event(cb, ud);
}

SWIRL_EXTERN int64_t swirl_timer_add(int64_t ms, int32_t repeat) {
  return swirl__timer_add(ms, repeat);
}

SWIRL_EXTERN int32_t swirl_timer_clear(int64_t id) {
  return swirl__timer_clear(id);
}

SWIRL_EXTERN int32_t swirl_timer_exists(int64_t id) {
  return swirl__timer_exists(id);
}

SWIRL_EXTERN int32_t swirl_timer_count(void) { return swirl__timer_count(); }

SWIRL_EXTERN int32_t swirl_timer_clear_all(void) {
  return swirl__timer_clear_all();
}

SWIRL_EXTERN int64_t swirl_defer(void) { return swirl__defer(); }

SWIRL_EXTERN int64_t swirl_loop_watch(int32_t fd, int32_t events) {
  return swirl__watch_add(fd, events);
}

SWIRL_EXTERN int32_t swirl_loop_watch_set(int64_t id, int32_t events) {
  return swirl__watch_set(id, events);
}

SWIRL_EXTERN int32_t swirl_loop_unwatch(int64_t id) {
  return swirl__watch_del(id);
}

SWIRL_EXTERN void swirl_loop_fork(void) { swirl__loop_forget(); }

SWIRL_EXTERN int32_t swirl_loop_run(void) { return swirl__loop_run(); }

SWIRL_EXTERN int32_t swirl_loop_stop(void) { return swirl__loop_stop(); }

SWIRL_EXTERN int32_t swirl_http_respond(swirl_server *srv, uint64_t conn,
                                        int32_t status, const char *headers,
                                        size_t headers_len, const char *body,
                                        size_t body_len, int32_t flags) {
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, headers, headers_len, "headers");
  CHECK_STR(srv, body, body_len, "body");
  return swirl__worker_http_respond(srv, conn, status, headers != NULL ? headers : "",
                             headers_len, body != NULL ? body : "", body_len,
                             flags);
}

SWIRL_EXTERN int32_t swirl_http_write(swirl_server *srv, uint64_t conn,
                                      const char *data, size_t len,
                                      int32_t end) {
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, data, len, "data");
  return swirl__worker_http_write(srv, conn, data != NULL ? data : "", len, end);
}

SWIRL_EXTERN int64_t swirl_server_task(swirl_server *srv, const char *data,
                                       size_t len, int32_t dst, int32_t flags) {
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, data, len, "data");
  return swirl__task(srv, data != NULL ? data : "", len, dst, flags);
}

SWIRL_EXTERN int32_t swirl_server_finish(swirl_server *srv, const char *data,
                                         size_t len, int32_t flags) {
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, data, len, "data");
  return swirl__finish(srv, data != NULL ? data : "", len, flags);
}

SWIRL_EXTERN int32_t swirl_server_task_finish(swirl_server *srv, int32_t src,
                                              int64_t task_id,
                                              const char *data, size_t len,
                                              int32_t flags) {
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, data, len, "data");
  return swirl__finish_to(srv, src, task_id, data != NULL ? data : "", len,
                          flags);
}

SWIRL_EXTERN int32_t swirl_server_taskwait(swirl_server *srv, const char *data,
                                           size_t len, double timeout,
                                           int32_t dst, int32_t flags,
                                           char **out, size_t *out_len,
                                           int32_t *out_flags) {
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, data, len, "data");
  if (out == NULL || out_len == NULL || out_flags == NULL)
    return swirl__srv_fail(srv, SWIRL_EINVAL, "out, out_len or out_flags is NULL");
  *out = NULL;
  *out_len = 0;
  *out_flags = 0;
  if (!(timeout > 0)) timeout = 0.001;
  return swirl__taskwait(srv, data != NULL ? data : "", len, timeout, dst,
                         flags, out, out_len, out_flags);
}

SWIRL_EXTERN int32_t swirl_server_task_wait(swirl_server *srv, int64_t task_id,
                                            double timeout, char **out,
                                            size_t *out_len,
                                            int32_t *out_flags) {
  CHECK_SRV(srv);
  FLUSH(srv);
  if (out == NULL || out_len == NULL || out_flags == NULL)
    return swirl__srv_fail(srv, SWIRL_EINVAL, "out, out_len or out_flags is NULL");
  *out = NULL;
  *out_len = 0;
  *out_flags = 0;
  if (srv->role != SWIRL__ROLE_WORKER || srv->worker_id >= srv->cfg.worker_num)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "waiting for a task is only possible in an event "
                           "worker");
  if (!(timeout > 0)) timeout = 0.001;
  return swirl__task_wait(srv, task_id, timeout, out, out_len, out_flags);
}

SWIRL_EXTERN int32_t swirl_server_send_message(swirl_server *srv,
                                               const char *data, size_t len,
                                               int32_t dst, int32_t flags) {
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, data, len, "data");
  return swirl__send_message(srv, data != NULL ? data : "", len, dst, flags);
}

SWIRL_EXTERN int32_t swirl_server_connection_info(swirl_server *srv,
                                                  uint64_t conn,
                                                  swirl_conn_info *info) {
  swirl__session *e;
  swirl__listener *l;
  CHECK_SRV(srv);
  if (info == NULL) return swirl__srv_fail(srv, SWIRL_EINVAL, "info is NULL");
  e = swirl__session_get(srv, conn);
  if (e == NULL)
    return swirl__srv_fail(srv, SWIRL_ESESSION_NOT_EXIST,
                           "session#%llu does not exist",
                           (unsigned long long)conn);
  memset(info, 0, sizeof(*info));
  info->conn = conn;
  info->uid = atomic_load(&e->uid);
  info->connect_time = e->connect_time;
  info->last_time = atomic_load(&e->last_time);
  info->worker_id = e->worker;
  info->reactor_id = e->reactor;
  info->listener = e->listener;
  l = e->listener >= 0 && e->listener < srv->nlisteners
          ? srv->listeners[e->listener] : NULL;
  if (l != NULL) {
    info->server_port = l->port;
    info->socket_type = l->sock_type;
    info->server_fd = l->fd;
  }
  info->remote_port = e->remote_port;
  info->websocket_status = atomic_load(&e->ws_status);
  if (e->family == AF_INET || e->family == AF_INET6)
    inet_ntop(e->family, e->addr, info->remote_ip, sizeof(info->remote_ip));
  /* The entry may have been reused while we read it. */
  if (atomic_load(&e->id) != conn)
    return swirl__srv_fail(srv, SWIRL_ESESSION_NOT_EXIST,
                           "session#%llu does not exist",
                           (unsigned long long)conn);
  return 0;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

SWIRL_EXTERN int32_t swirl_server_connection_list(swirl_server *srv,
                                                  uint64_t start_after,
                                                  uint64_t *ids, int32_t max) {
  uint64_t *all;
  size_t i, n = 0;
  CHECK_SRV(srv);
  if (max < 0 || (ids == NULL && max > 0))
    return swirl__srv_fail(srv, SWIRL_EINVAL, "invalid ids/max");
  if (srv->sessions == NULL || max == 0) return 0;
  all = swirl__malloc(srv->sessions_cap * sizeof(*all));
  if (all == NULL) return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  for (i = 0; i < srv->sessions_cap; i++) {
    uint64_t id = atomic_load(&srv->sessions[i].id);
    if (id != 0 && id > start_after && !atomic_load(&srv->sessions[i].closed))
      all[n++] = id;
  }
  qsort(all, n, sizeof(*all), cmp_u64);
  if (n > (size_t)max) n = (size_t)max;
  memcpy(ids, all, n * sizeof(*all));
  swirl__free(all);
  return (int32_t)n;
}

SWIRL_EXTERN int64_t swirl_server_connection_count(swirl_server *srv) {
  CHECK_SRV(srv);
  return srv->shm != NULL ? atomic_load(&srv->shm->connection_num) : 0;
}

SWIRL_EXTERN int32_t swirl_server_bind(swirl_server *srv, uint64_t conn,
                                       uint64_t uid) {
  swirl__session *e;
  uint64_t zero = 0;
  CHECK_SRV(srv);
  e = swirl__session_get(srv, conn);
  if (e == NULL)
    return swirl__srv_fail(srv, SWIRL_ESESSION_NOT_EXIST,
                           "session#%llu does not exist",
                           (unsigned long long)conn);
  if (uid == 0)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS, "uid must not be 0");
  if (!atomic_compare_exchange_strong(&e->uid, &zero, uid))
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "session#%llu is already bound",
                           (unsigned long long)conn);
  return 0;
}

SWIRL_EXTERN int32_t swirl_server_sendto(swirl_server *srv, const char *addr,
                                         size_t addr_len, int32_t port,
                                         const char *data, size_t len,
                                         int32_t listener) {
  char buf[256];
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, data, len, "data");
  if (addr == NULL || addr_len == 0 || addr_len >= sizeof(buf) ||
      memchr(addr, '\0', addr_len) != NULL)
    return swirl__srv_fail(srv, SWIRL_EINVAL, "invalid address");
  if (srv->role != SWIRL__ROLE_WORKER)
    return swirl__srv_fail(srv, SWIRL_ESERVER_SEND_IN_MASTER,
                           "sendto() is only possible in a worker");
  memcpy(buf, addr, addr_len);
  buf[addr_len] = '\0';
  return swirl__sendto(srv, buf, port, data != NULL ? data : "", len,
                              listener);
}

SWIRL_EXTERN int32_t swirl_ws_push(swirl_server *srv, uint64_t conn,
                                   const char *data, size_t len,
                                   int32_t opcode, int32_t flags) {
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, data, len, "data");
  return swirl__worker_ws_push(srv, conn, data != NULL ? data : "", len, opcode,
                               flags);
}

SWIRL_EXTERN int32_t swirl_ws_disconnect(swirl_server *srv, uint64_t conn,
                                         int32_t code, const char *reason,
                                         size_t reason_len) {
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, reason, reason_len, "reason");
  if (code < 1000 || code > 4999)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "invalid close code %d", code);
  return swirl__worker_ws_disconnect(srv, conn, code,
                                     reason != NULL ? reason : "", reason_len);
}

static int check_path(const char *path) {
  return path != NULL && path[0] != '\0' && strlen(path) < 4096;
}

SWIRL_EXTERN int32_t swirl_server_sendfile(swirl_server *srv, uint64_t conn,
                                           const char *path, int64_t offset,
                                           int64_t length) {
  CHECK_SRV(srv);
  FLUSH(srv);
  if (!check_path(path))
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS, "invalid file path");
  return swirl__worker_sendfile(srv, conn, path, offset, length);
}

SWIRL_EXTERN int32_t swirl_http_sendfile(swirl_server *srv, uint64_t conn,
                                         int32_t status, const char *headers,
                                         size_t headers_len, const char *path,
                                         int64_t offset, int64_t length) {
  CHECK_SRV(srv);
  FLUSH(srv);
  CHECK_STR(srv, headers, headers_len, "headers");
  if (!check_path(path))
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS, "invalid file path");
  return swirl__worker_http_sendfile(srv, conn, status,
                                     headers != NULL ? headers : "",
                                     headers_len, path, offset, length);
}

SWIRL_EXTERN int32_t swirl_server_heartbeat(swirl_server *srv, int32_t close,
                                            uint64_t *ids, int32_t max) {
  int64_t now = (int64_t)time(NULL), limit;
  int32_t n = 0;
  size_t i;
  CHECK_SRV(srv);
  if (max < 0 || (ids == NULL && max > 0))
    return swirl__srv_fail(srv, SWIRL_EINVAL, "invalid ids/max");
  limit = swirl__idle_limit(srv);
  if (limit <= 0)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "heartbeat needs heartbeat_check_interval or "
                           "heartbeat_idle_time");
  if (srv->sessions == NULL) return 0;
  for (i = 0; i < srv->sessions_cap; i++) {
    swirl__session *e = &srv->sessions[i];
    uint64_t id = atomic_load(&e->id);
    if (id == 0 || atomic_load(&e->closed) || atomic_load(&e->protect) ||
        now - atomic_load(&e->last_time) < limit)
      continue;
    if (n < max) ids[n] = id;
    n++;
    if (close) swirl__worker_close(srv, id, 0);
  }
  return n;
}

SWIRL_EXTERN int32_t swirl_server_stats(swirl_server *srv, swirl_stats *st) {
  int i, busy = 0, tbusy = 0;
  CHECK_SRV(srv);
  if (st == NULL) return swirl__srv_fail(srv, SWIRL_EINVAL, "stats is NULL");
  memset(st, 0, sizeof(*st));
  st->worker_num = (int32_t)srv->cfg.worker_num;
  st->task_worker_num = (int32_t)srv->cfg.task_worker_num;
  st->worker_request_count = srv->requests;
  if (srv->shm == NULL) {
    st->idle_worker_num = st->worker_num;
    st->task_idle_worker_num = st->task_worker_num;
    return 0;
  }
  st->start_time = srv->shm->start_time;
  st->connection_num = atomic_load(&srv->shm->connection_num);
  st->accept_count = atomic_load(&srv->shm->accept_count);
  st->close_count = atomic_load(&srv->shm->close_count);
  st->request_count = atomic_load(&srv->shm->request_count);
  st->dispatch_count = atomic_load(&srv->shm->dispatch_count);
  st->tasking_num = atomic_load(&srv->shm->tasking_num);
  for (i = 0; i < SWIRL__NWORKERS(srv); i++) {
    if (!atomic_load(&srv->shm->busy[i])) continue;
    if (i < srv->cfg.worker_num) busy++; else tbusy++;
  }
  st->idle_worker_num = st->worker_num - busy;
  st->task_idle_worker_num = st->task_worker_num - tbusy;
  return 0;
}

SWIRL_EXTERN int32_t swirl_server_add_process(swirl_server *srv) {
  CHECK_SRV(srv);
  if (srv->started)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "processes cannot be added after start()");
  if (srv->nprocs >= SWIRL__MAX_PROCS)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "at most %d user processes", SWIRL__MAX_PROCS);
  return srv->nprocs++;
}

SWIRL_EXTERN size_t swirl_conn_info_size(void) { return sizeof(swirl_conn_info); }

SWIRL_EXTERN size_t swirl_stats_size(void) { return sizeof(swirl_stats); }

SWIRL_EXTERN int64_t swirl_server_get_worker_pid(swirl_server *srv,
                                                 int32_t worker_id) {
  CHECK_SRV(srv);
  if (srv->shm == NULL)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "the server is not running");
  if (worker_id < 0 || worker_id >= SWIRL__NSLOTS(srv))
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "no worker with id %d", worker_id);
  return atomic_load(&srv->shm->pids[worker_id]);
}

SWIRL_EXTERN int32_t swirl_server_worker_status(swirl_server *srv,
                                               int32_t worker_id) {
  CHECK_SRV(srv);
  if (srv->shm == NULL)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "the server is not running");
  if (worker_id < 0) worker_id = srv->worker_id;
  /* Asking about itself, a worker is running code: busy. */
  if (worker_id >= 0 && worker_id == srv->worker_id &&
      srv->role == SWIRL__ROLE_WORKER)
    return 1;
  if (worker_id < 0 || worker_id >= SWIRL__NWORKERS(srv))
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "no worker with id %d", worker_id);
  if (atomic_load(&srv->shm->pids[worker_id]) == 0) return 3;
  return atomic_load(&srv->shm->busy[worker_id]) ? 1 : 2;
}

SWIRL_EXTERN int32_t swirl_server_stop_worker(swirl_server *srv,
                                              int32_t worker_id) {
  int64_t pid;
  CHECK_SRV(srv);
  FLUSH(srv);
  if (worker_id < 0) {
    if (srv->role != SWIRL__ROLE_WORKER)
      return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                             "stop() without a worker id is for workers");
    worker_id = srv->worker_id;
  }
  pid = swirl_server_get_worker_pid(srv, worker_id);
  if (pid < 0) return (int32_t)pid;
  if (pid == 0 || kill((pid_t)pid, SIGTERM) != 0)
    return swirl__srv_fail(srv, -ESRCH,
                           "worker#%d is not running", worker_id);
  return 0;
}

SWIRL_EXTERN int32_t swirl_server_reload(swirl_server *srv, int32_t only_task) {
  CHECK_SRV(srv);
  /* To the master, as `kill -USR1` from a shell would: in PROCESS mode
   * it reloads the reactors' certificates, then passes the signal on to
   * the manager (the same process in BASE mode). */
  if (!srv->started || srv->master_pid == 0)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "the server is not running");
  if (kill(srv->master_pid, only_task ? SIGUSR2 : SIGUSR1) != 0)
    return swirl__srv_fail(srv, -errno, "kill(master %d): %s",
                           (int)srv->master_pid, strerror(errno));
  return 0;
}

SWIRL_EXTERN swirl_outbox *swirl_server_outbox(swirl_server *srv) {
  if (srv == NULL) return NULL;
  if (srv->outbox.data == NULL) {
    srv->outbox.data = swirl__malloc(64 * 1024);
    if (srv->outbox.data == NULL) return NULL;
    srv->outbox.cap = 64 * 1024;
  }
  return &srv->outbox;
}
