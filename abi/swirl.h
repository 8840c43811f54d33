/*
 * swirl.h: the one public header of Swirl, an event-driven network server
 * engine on libuv.
 *
 * Rules every declaration below follows:
 * - Objects are opaque; the library allocates and frees them.
 * - Connections (Swoole's "fd"), timers and tasks are 64-bit ids. A stale id
 *   fails with a negative code, it never crashes.
 * - 0 or a non-negative result means success; a negative SWIRL_E* code means
 *   failure. Codes below 1000 are the negated system errno (Linux values);
 *   codes from 1000 up are the negated error numbers that Swoole uses, so a
 *   binding's getLastError() is simply -code. swirl_strerror() names them.
 * - Strings go in as (pointer, length) and are copied before the call
 *   returns. Data handed to a callback is borrowed: valid until it returns.
 * - Callbacks run only on the thread that runs the process's event loop
 *   (inside swirl_server_start()), never on another thread.
 *
 * This header includes only <stddef.h> and <stdint.h>. ffi/swirl_ffi.h is
 * generated from it (macro-free) for PHP's FFI::cdef and Python's ctypes.
 */
#ifndef SWIRL_H
#define SWIRL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SWIRL_BUILDING) && defined(__GNUC__)
#define SWIRL_EXTERN __attribute__((visibility("default")))
#else
#define SWIRL_EXTERN /* nothing */
#endif

#define SWIRL_VERSION_MAJOR 0
#define SWIRL_VERSION_MINOR 1
#define SWIRL_VERSION_PATCH 0
#define SWIRL_ABI_VERSION 1

/* ------------------------------------------------------------------------
 * Versions
 * ---------------------------------------------------------------------- */

/* The library's version as (major << 16) | (minor << 8) | patch. */
SWIRL_EXTERN int32_t swirl_version(void);

/* The library's version as "major.minor.patch"; a static string. */
SWIRL_EXTERN const char *swirl_version_string(void);

/* The ABI generation. It changes only if a binding written for an earlier
 * one could no longer work (never, by the _v2 rule); bindings check it. */
SWIRL_EXTERN int32_t swirl_abi_version(void);

/* sizeof(swirl_event) as the library sees it; bindings that mirror the
 * struct compare it with their own layout when they load. */
SWIRL_EXTERN size_t swirl_event_size(void);

/* ------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------- */

/* Every error code. System errors are -errno (Linux numbering); the others
 * are the negated numbers Swoole's getLastError() reports. */
enum swirl_error {
  SWIRL_OK = 0,
  SWIRL_EPERM = -1,
  SWIRL_ENOENT = -2,
  SWIRL_EINTR = -4,
  SWIRL_EIO = -5,
  SWIRL_EBADF = -9,
  SWIRL_EAGAIN = -11,
  SWIRL_ENOMEM = -12,
  SWIRL_EACCES = -13,
  SWIRL_EBUSY = -16,
  SWIRL_EEXIST = -17,
  SWIRL_EINVAL = -22,
  SWIRL_EMFILE = -24,
  SWIRL_ENOSPC = -28,
  SWIRL_EPIPE = -32,
  SWIRL_ERANGE = -34,
  SWIRL_ENOSYS = -38,
  SWIRL_ENOTSUP = -95,
  SWIRL_EADDRINUSE = -98,
  SWIRL_EADDRNOTAVAIL = -99,
  SWIRL_ECONNRESET = -104,
  SWIRL_ETIMEDOUT = -110,
  SWIRL_ECONNREFUSED = -111,
  SWIRL_ECANCELED = -125,
  /* Swoole's own numbers. */
  SWIRL_EINVALID_PARAMS = -505,     /* an argument is invalid */
  SWIRL_EWRONG_OPERATION = -509,    /* not possible in this state */
  SWIRL_EUNKNOWN_OPTION = -510,     /* no option of that name */
  SWIRL_EOPTION_TYPE = -511,        /* option given a value of the wrong type */
  SWIRL_EOPTION_RANGE = -512,       /* option value out of its range */
  SWIRL_ESESSION_CLOSED_BY_SERVER = -1001,
  SWIRL_ESESSION_CLOSED_BY_CLIENT = -1002,
  SWIRL_ESESSION_CLOSING = -1003,
  SWIRL_ESESSION_CLOSED = -1004,
  SWIRL_ESESSION_NOT_EXIST = -1005, /* no connection with that id here */
  SWIRL_ESESSION_INVALID_ID = -1006,
  SWIRL_EOUTPUT_BUFFER_OVERFLOW = -1009, /* the connection's send queue is full */
  SWIRL_EWEBSOCKET_BAD_OPCODE = -8502,
  SWIRL_EWEBSOCKET_UNCONNECTED = -8503,  /* not a websocket connection */
  SWIRL_ESERVER_ONLY_START_ONE = -9008,  /* start() called twice */
  SWIRL_ESERVER_SEND_IN_MASTER = -9009,  /* send() outside a worker */
  SWIRL_ESERVER_INVALID_LISTEN_PORT = -9004,
  SWIRL_ESERVER_WORKER_EXIT_TIMEOUT = -9101
};

/* A sentence describing code (never NULL; a static string). */
SWIRL_EXTERN const char *swirl_strerror(int32_t code);

/* The code's enum name without the prefix, e.g. "EADDRINUSE" (static). */
SWIRL_EXTERN const char *swirl_err_name(int32_t code);

/* Frees memory the library handed to the caller. NULL is a no-op. */
SWIRL_EXTERN void swirl_free(void *ptr);

/* ------------------------------------------------------------------------
 * Constants shared with Swoole's API
 * ---------------------------------------------------------------------- */

/* Server modes (Swoole's SWOOLE_BASE / SWOOLE_PROCESS values). */
enum swirl_mode {
  SWIRL_MODE_BASE = 1,
  SWIRL_MODE_PROCESS = 2
};

/* Socket types (Swoole's SWOOLE_SOCK_* values). SWIRL_SOCK_SSL may be or-ed
 * into a TCP type, as Swoole's SWOOLE_SSL. */
enum swirl_sock_type {
  SWIRL_SOCK_TCP = 1,
  SWIRL_SOCK_UDP = 2,
  SWIRL_SOCK_TCP6 = 3,
  SWIRL_SOCK_UDP6 = 4,
  SWIRL_SOCK_UNIX_STREAM = 5,
  SWIRL_SOCK_UNIX_DGRAM = 6,
  SWIRL_SOCK_SSL = 512
};

/* TLS protocol versions for the ssl_protocols option (Swoole's
 * SWOOLE_SSL_* bits). */
enum swirl_ssl_protocol {
  SWIRL_SSL_TLSv1 = 8,
  SWIRL_SSL_TLSv1_1 = 16,
  SWIRL_SSL_TLSv1_2 = 32,
  SWIRL_SSL_TLSv1_3 = 64
};

/* Log levels (Swoole's SWOOLE_LOG_* values). */
enum swirl_log_level {
  SWIRL_LOG_DEBUG = 0,
  SWIRL_LOG_TRACE = 1,
  SWIRL_LOG_INFO = 2,
  SWIRL_LOG_NOTICE = 3,
  SWIRL_LOG_WARNING = 4,
  SWIRL_LOG_ERROR = 5,
  SWIRL_LOG_NONE = 6
};

/* ------------------------------------------------------------------------
 * Events
 * ---------------------------------------------------------------------- */

/* Event types. Where each one runs:
 *   START          master, once listeners are bound and workers forked
 *   SHUTDOWN       master, after every worker has stopped
 *   MANAGER_START  manager, once it has forked the workers
 *   MANAGER_STOP   manager, after the last worker stopped
 *   WORKER_START   each worker, first event in the new process
 *   WORKER_STOP    each worker, when it stops normally: once its loop has
 *                  ended (connections closed, timers gone), last thing
 *   WORKER_ERROR   manager: a worker ended abnormally; worker_id, pid,
 *                  status (exit code) and signal are set
 *   CONNECT        worker: new connection `conn` on listener `listener`
 *   RECEIVE        worker: data/len arrived on `conn`
 *   CLOSE          worker: `conn` is closed (by either side); reactor_id is
 *                  -1 when the server closed it, as in Swoole
 *   TIMER          the process's loop: timer `id` is due (server is NULL;
 *                  delivered to the callback of swirl_loop_on_event)
 *   DEFER          the process's loop: deferred call `id` is due (same)
 *   REQUEST        worker: a complete HTTP request on `conn` (ports with
 *                  open_http_protocol). data/len is the header block
 *                  "METHOD URL HTTP/x.y\r\nName: value\r\n..." (names as
 *                  sent, one line per header); extra/extra_len the body,
 *                  decoded; status the version (11 = HTTP/1.1); flags the
 *                  SWIRL_HTTP_REQ_* bits. Answer with swirl_http_respond().
 *   TASK           task worker: task `id` from worker `worker_id`, payload
 *                  data/len, flags as given to swirl_server_task(). Answer
 *                  (optionally) with swirl_server_finish() inside the event.
 *   FINISH         worker: the result of its task `id` from task worker
 *                  `worker_id`; data/len, flags as given to finish().
 *   PIPE_MESSAGE   worker or task worker: a message from worker `worker_id`
 *                  (swirl_server_send_message), data/len, flags.
 *   PACKET         worker: a datagram on UDP / Unix datagram listener
 *                  `listener`; data/len the payload, extra/extra_len the
 *                  sender's address (IP text, or socket path), status its
 *                  port (0 for Unix). Answer with swirl_server_sendto().
 *   OPEN           worker: a WebSocket handshake on `conn` was accepted;
 *                  data/len the request's header block (as REQUEST).
 *   MESSAGE        worker: a whole WebSocket message on `conn` (fragments
 *                  joined); data/len the payload, status the opcode,
 *                  flags 1 (finished).
 *   HANDSHAKE      worker: a WebSocket upgrade request, delivered instead of
 *                  the automatic handshake when the binding handles this
 *                  event; answering it with status 101 through
 *                  swirl_http_respond() makes it a WebSocket (no OPEN).
 *   USER_PROCESS   a user process (swirl_server_add_process) has started:
 *                  id is its index, worker_id its worker id (after the
 *                  task workers), pid its pid. The process exits when the
 *                  callback returns, and the manager starts it again
 *                  unless the server is stopping.
 *   FD             the process's loop: watched descriptor `id` is ready
 *                  (see swirl_loop_watch)
 *   BEFORE_SHUTDOWN master: the server is about to shut down (before the
 *                  workers are asked to stop)
 *   BEFORE_RELOAD  manager: a reload (SIGUSR1/SIGUSR2, reload()) begins
 *   AFTER_RELOAD   manager: every worker of the reload has been replaced
 *   WORKER_EXIT    worker: it is stopping but its loop still has timers;
 *                  raised on every turn of the loop until they are gone
 *                  (or max_wait_time ends the worker). Only when asked for
 *                  in the event mask: otherwise a stopping worker's timers
 *                  are cleared at once.
 * The first event in every forked process is MANAGER_START or WORKER_START,
 * so a binding can repair its runtime there. */
enum swirl_event_type {
  SWIRL_EV_NONE = 0,
  SWIRL_EV_START = 1,
  SWIRL_EV_SHUTDOWN = 2,
  SWIRL_EV_MANAGER_START = 3,
  SWIRL_EV_MANAGER_STOP = 4,
  SWIRL_EV_WORKER_START = 5,
  SWIRL_EV_WORKER_STOP = 6,
  SWIRL_EV_WORKER_ERROR = 7,
  SWIRL_EV_CONNECT = 8,
  SWIRL_EV_RECEIVE = 9,
  SWIRL_EV_CLOSE = 10,
  SWIRL_EV_TIMER = 11,
  SWIRL_EV_DEFER = 12,
  SWIRL_EV_REQUEST = 13,
  SWIRL_EV_TASK = 14,
  SWIRL_EV_FINISH = 15,
  SWIRL_EV_PIPE_MESSAGE = 16,
  SWIRL_EV_PACKET = 17,
  SWIRL_EV_OPEN = 18,
  SWIRL_EV_MESSAGE = 19,
  SWIRL_EV_HANDSHAKE = 20,
  SWIRL_EV_USER_PROCESS = 21,
  SWIRL_EV_FD = 22,
  SWIRL_EV_BEFORE_SHUTDOWN = 23,
  SWIRL_EV_BEFORE_RELOAD = 24,
  SWIRL_EV_AFTER_RELOAD = 25,
  SWIRL_EV_WORKER_EXIT = 26,
  SWIRL_EV_MAX = 27
};

typedef struct swirl_server swirl_server;

/* One event. Every field is plain data; unused ones are 0 (or -1 where
 * noted). `data` and `extra` are borrowed: valid only until the callback
 * returns. Fields a future event needs are added at the end, never moved. */
typedef struct swirl_event {
  int32_t type;        /* SWIRL_EV_* */
  int32_t worker_id;   /* worker the event concerns (this one, usually) */
  int32_t reactor_id;  /* Swoole's $reactor_id / $from_id */
  int32_t listener;    /* index of the listener (0 = the first port) */
  uint64_t conn;       /* connection id (Swoole's $fd), 0 if none */
  int64_t id;          /* timer or task id, else 0 */
  int64_t pid;         /* process id for START/WORKER_* events */
  int64_t status;      /* exit code (WORKER_ERROR), else event specific */
  int64_t signal;      /* terminating signal (WORKER_ERROR), else 0 */
  int64_t flags;       /* event specific bits, else 0 */
  const char *data;    /* payload (RECEIVE), else NULL */
  size_t len;          /* length of data */
  const char *extra;   /* a second payload (event specific), else NULL */
  size_t extra_len;    /* length of extra */
  swirl_server *server; /* the server that raised the event */
} swirl_event;

/* The one callback type. `ud` is the pointer given at registration. */
typedef void (*swirl_event_cb)(const swirl_event *ev, void *ud);

/* ------------------------------------------------------------------------
 * Server
 * ---------------------------------------------------------------------- */

/* Creates a server and its first listener, as Swoole's constructor does:
 * the socket is created and bound now (so a port in use fails here, with
 * the system's reason in swirl_last_errmsg()), and listens from start().
 * port 0 picks a free port; swirl_server_port() reads it back. mode is
 * SWIRL_MODE_*, sock_type SWIRL_SOCK_*. On success *out holds the server. */
SWIRL_EXTERN int32_t swirl_server_new(swirl_server **out, const char *host,
                                      size_t host_len, int32_t port,
                                      int32_t mode, int32_t sock_type);

/* Frees a server that is not running. NULL is a no-op. */
SWIRL_EXTERN void swirl_server_free(swirl_server *srv);

/* Adds a listener (Swoole's addListener). Returns its index (>= 1). */
SWIRL_EXTERN int32_t swirl_server_listen(swirl_server *srv, const char *host,
                                         size_t host_len, int32_t port,
                                         int32_t sock_type);

/* The bound port of listener `index` (0 = the constructor's). */
SWIRL_EXTERN int32_t swirl_server_port(swirl_server *srv, int32_t index);

/* The socket descriptor of listener `index` (Swoole's $port->sock), or a
 * negative code. It belongs to the server: do not close it. */
SWIRL_EXTERN int32_t swirl_server_port_fd(swirl_server *srv, int32_t index);

/* Sets an option by Swoole's name (e.g. "worker_num"). Before start() only.
 * An unknown name fails with SWIRL_EUNKNOWN_OPTION, a value of the wrong
 * type with SWIRL_EOPTION_TYPE, one out of range with SWIRL_EOPTION_RANGE;
 * swirl_server_errmsg() then names the option. Integer options accept
 * set_bool (0/1), boolean options accept set_int 0 or 1, double options
 * accept set_int. */
SWIRL_EXTERN int32_t swirl_server_set_int(swirl_server *srv, const char *name,
                                          size_t name_len, int64_t value);
SWIRL_EXTERN int32_t swirl_server_set_double(swirl_server *srv,
                                             const char *name, size_t name_len,
                                             double value);
SWIRL_EXTERN int32_t swirl_server_set_bool(swirl_server *srv, const char *name,
                                           size_t name_len, int32_t value);
SWIRL_EXTERN int32_t swirl_server_set_str(swirl_server *srv, const char *name,
                                          size_t name_len, const char *value,
                                          size_t value_len);

/* Sets a protocol option of listener `index` alone (Swoole's $port->set()):
 * open_eof_check, open_eof_split, package_eof, open_length_check,
 * package_length_type, package_length_offset, package_body_offset,
 * package_max_length, open_http_protocol, open_tcp_nodelay. A listener
 * whose options were never set this way follows the server's. Other names
 * fail with SWIRL_EUNKNOWN_OPTION. */
SWIRL_EXTERN int32_t swirl_server_port_set_int(swirl_server *srv, int32_t index,
                                               const char *name,
                                               size_t name_len, int64_t value);
SWIRL_EXTERN int32_t swirl_server_port_set_bool(swirl_server *srv,
                                                int32_t index,
                                                const char *name,
                                                size_t name_len, int32_t value);
SWIRL_EXTERN int32_t swirl_server_port_set_str(swirl_server *srv, int32_t index,
                                               const char *name,
                                               size_t name_len,
                                               const char *value,
                                               size_t value_len);

/* Reads the effective value of an integer or boolean option (its default
 * when never set) into *out. */
SWIRL_EXTERN int32_t swirl_server_get_int(swirl_server *srv, const char *name,
                                          size_t name_len, int64_t *out);

/* Writes the names of every option the server accepts into buf as one
 * string "name:type\n..." (type i, b, d or s), at most *len bytes, and
 * sets *len to the full size needed, terminating NUL included. Returns 0,
 * or SWIRL_ERANGE when buf was too small (call again with *len bytes). */
SWIRL_EXTERN int32_t swirl_server_options(swirl_server *srv, char *buf,
                                          size_t *len);

/* Adds a user process (Swoole's addProcess): the manager starts it with
 * the workers, starts it again when it ends, and stops it with the server.
 * Before start(). Returns its index (0, 1, ...). */
SWIRL_EXTERN int32_t swirl_server_add_process(swirl_server *srv);

/* Registers the event callback. mask has bit (1 << SWIRL_EV_x) set for each
 * event the caller handles; the others are never delivered. Before start(). */
SWIRL_EXTERN int32_t swirl_server_on_event(swirl_server *srv,
                                           swirl_event_cb cb, void *ud,
                                           uint64_t mask);

/* Starts the server and runs until it shuts down. In the master it returns 0
 * after SHUTDOWN (or a negative code if the start failed). Worker and
 * manager processes never return from it: they exit when they are done. */
SWIRL_EXTERN int32_t swirl_server_start(swirl_server *srv);

/* Queues len bytes for connection conn (copied). In a worker only.
 * Fails with SWIRL_ESESSION_NOT_EXIST for an unknown or closed id and with
 * SWIRL_EOUTPUT_BUFFER_OVERFLOW when socket_buffer_size bytes are already
 * waiting for a slow reader. */
SWIRL_EXTERN int32_t swirl_server_send(swirl_server *srv, uint64_t conn,
                                       const char *data, size_t len);

/* Sends a datagram to addr:port (an IP address; for a Unix datagram
 * listener, a socket path and port 0) from datagram listener `listener`,
 * or from the first UDP (or Unix datagram, for a path) listener when
 * listener < 0. In a worker only. */
SWIRL_EXTERN int32_t swirl_server_sendto(swirl_server *srv, const char *addr,
                                         size_t addr_len, int32_t port,
                                         const char *data, size_t len,
                                         int32_t listener);

/* Sends `length` bytes of the file at path (NUL-terminated) from `offset`
 * (length 0: to its end) to conn, after what is already queued for it,
 * reading it in chunks as the client takes them. */
SWIRL_EXTERN int32_t swirl_server_sendfile(swirl_server *srv, uint64_t conn,
                                           const char *path, int64_t offset,
                                           int64_t length);

/* A send the binding can make without a function call (a C call costs a
 * scripting language far more than writing two fields):
 * swirl_server_outbox() gives this process's outbox; to send len bytes
 * (len <= cap) to connection ok_conn, copy them to data, set len, then set
 * conn. The library sends them, exactly as swirl_server_send() would,
 * right after the callback returns, and before any other call on the
 * server, so order is kept. Only one send waits at a time (conn != 0:
 * use swirl_server_send()). ok_conn is the connection of the event being
 * handled when it is local and may take more data now (else 0): a send to
 * it cannot fail, so the binding may report success at once. */
typedef struct swirl_outbox {
  uint64_t conn;     /* set last by the binding; 0: nothing waits */
  uint64_t len;
  char *data;        /* library memory, cap bytes */
  uint64_t cap;
  uint64_t ok_conn;  /* set by the library before each event */
  int64_t status;    /* 0: a plain send; else an HTTP response with this
                        status, no extra header and data as its body
                        (what swirl_http_respond() would send) */
} swirl_outbox;

/* This process's outbox for srv (valid while srv lives). */
SWIRL_EXTERN swirl_outbox *swirl_server_outbox(swirl_server *srv);

/* With pause != 0 stops reading connection `conn` (no RECEIVE comes for
 * it, though data read before may still be on its way to a worker); with
 * 0 reads it again. What is queued for the connection is still written.
 * Returns 0 or SWIRL_ESESSION_NOT_EXIST. Swoole's pause()/resume(). */
SWIRL_EXTERN int32_t swirl_server_pause(swirl_server *srv, uint64_t conn,
                                        int32_t pause);

/* With on != 0 the heartbeat (heartbeat_check_interval, and
 * swirl_server_heartbeat()) never closes conn for being idle; 0 undoes
 * it. Returns 0 or SWIRL_ESESSION_NOT_EXIST. Swoole's protect(). With the
 * option enable_delay_receive a new connection is not read until
 * swirl_server_pause(conn, 0) (Swoole's confirm()). */
SWIRL_EXTERN int32_t swirl_server_protect(swirl_server *srv, uint64_t conn,
                                          int32_t on);

/* Closes conn after its queued data is written (reset != 0: at once, with
 * RST). CLOSE follows from the event loop, never inside this call. */
SWIRL_EXTERN int32_t swirl_server_close(swirl_server *srv, uint64_t conn,
                                        int32_t reset);

/* 1 if conn is an open connection of the server (held by any worker),
 * else 0. send() and close() work on any of them: a connection held by
 * another worker is written or closed by that worker on the caller's
 * behalf. */
SWIRL_EXTERN int32_t swirl_server_exist(swirl_server *srv, uint64_t conn);

/* What swirl_server_connection_info() fills in. */
typedef struct swirl_conn_info {
  uint64_t conn;
  uint64_t uid;          /* given to swirl_server_bind(), else 0 */
  int64_t connect_time;  /* unix seconds */
  int64_t last_time;     /* unix seconds of the last data received */
  int32_t worker_id;     /* worker that handles its events: the one
                            holding it (BASE), the one of its last event
                            (PROCESS, dispatch_mode 2, 4, 5), else -1 */
  int32_t reactor_id;
  int32_t listener;      /* listener index */
  int32_t server_port;
  int32_t remote_port;
  int32_t socket_type;   /* SWIRL_SOCK_* of the listener */
  int32_t server_fd;     /* the listening socket's descriptor */
  int32_t websocket_status; /* SWIRL_WEBSOCKET_STATUS_*, 0 if not one */
  char remote_ip[64];    /* NUL-terminated text form */
} swirl_conn_info;

/* sizeof(swirl_conn_info) as the library sees it (for bindings' mirrors). */
SWIRL_EXTERN size_t swirl_conn_info_size(void);

/* Fills *info for connection conn; SWIRL_ESESSION_NOT_EXIST if none. */
SWIRL_EXTERN int32_t swirl_server_connection_info(swirl_server *srv,
                                                  uint64_t conn,
                                                  swirl_conn_info *info);

/* Writes up to max ids of open connections greater than start_after, in
 * increasing order, into ids. Returns how many it wrote. */
SWIRL_EXTERN int32_t swirl_server_connection_list(swirl_server *srv,
                                                  uint64_t start_after,
                                                  uint64_t *ids, int32_t max);

/* The number of open connections of the whole server. */
SWIRL_EXTERN int64_t swirl_server_connection_count(swirl_server *srv);

/* Connections silent for heartbeat_idle_time seconds (by default twice
 * heartbeat_check_interval): writes up to max of their ids into ids and,
 * when close != 0, closes them. Returns how many there were. */
SWIRL_EXTERN int32_t swirl_server_heartbeat(swirl_server *srv, int32_t close,
                                            uint64_t *ids, int32_t max);

/* What swirl_server_stats() fills in (Swoole's $server->stats()). */
typedef struct swirl_stats {
  int64_t start_time;          /* unix seconds */
  int64_t connection_num;
  uint64_t accept_count;
  uint64_t close_count;
  uint64_t request_count;      /* all event workers */
  uint64_t dispatch_count;     /* events sent to workers (PROCESS mode) */
  uint64_t worker_request_count; /* this worker */
  int64_t tasking_num;         /* tasks sent and not yet done */
  int32_t worker_num;
  int32_t idle_worker_num;
  int32_t task_worker_num;
  int32_t task_idle_worker_num;
} swirl_stats;

/* sizeof(swirl_stats) as the library sees it (for bindings' mirrors). */
SWIRL_EXTERN size_t swirl_stats_size(void);

/* Fills *stats. */
SWIRL_EXTERN int32_t swirl_server_stats(swirl_server *srv, swirl_stats *stats);

/* Binds connection conn to a user id (Swoole's bind(), dispatch_mode 5).
 * Fails with SWIRL_EWRONG_OPERATION if it is bound already. */
SWIRL_EXTERN int32_t swirl_server_bind(swirl_server *srv, uint64_t conn,
                                       uint64_t uid);

/* Asks the whole server to shut down (from any of its processes). */
SWIRL_EXTERN int32_t swirl_server_shutdown(swirl_server *srv);

/* Sends a task to task worker `dst` (0 .. task_worker_num-1), or to an idle
 * one when dst < 0. flags (16 bits) travel with it, uninterpreted (a
 * binding marks serialized payloads there). In an event worker only.
 * Returns the task id (>= 0, increasing per worker) or a negative code:
 * SWIRL_EAGAIN when the task worker's queue stayed full for a second.
 * Payloads over 60 KiB travel through a temporary file in task_tmpdir. */
SWIRL_EXTERN int64_t swirl_server_task(swirl_server *srv, const char *data,
                                       size_t len, int32_t dst, int32_t flags);

/* Inside a TASK event: sends the result to the worker that sent the task,
 * where it arrives as a FINISH event. Once per task. */
SWIRL_EXTERN int32_t swirl_server_finish(swirl_server *srv, const char *data,
                                         size_t len, int32_t flags);

/* In a task worker, inside or after the TASK event: sends the result of
 * task `task_id` from worker `src` (the event's id and worker_id), as
 * swirl_server_finish() does inside the event. A binding whose onTask
 * goes on after the event (a coroutine that waited) answers this way.
 * Once per task while its event runs; the library cannot tell later. */
SWIRL_EXTERN int32_t swirl_server_task_finish(swirl_server *srv, int32_t src,
                                              int64_t task_id,
                                              const char *data, size_t len,
                                              int32_t flags);

/* Sends a task and waits up to `timeout` seconds for its result, which is
 * returned in *out (library memory: free with swirl_free) with *out_len and
 * *out_flags. Other messages that arrive meanwhile are delivered after it
 * returns. SWIRL_ETIMEDOUT when no result came in time. */
SWIRL_EXTERN int32_t swirl_server_taskwait(swirl_server *srv, const char *data,
                                           size_t len, double timeout,
                                           int32_t dst, int32_t flags,
                                           char **out, size_t *out_len,
                                           int32_t *out_flags);

/* Waits up to `timeout` seconds for the result of task `task_id`, sent by
 * this worker with swirl_server_task() (a result that arrived already is
 * taken at once); the result is returned as by swirl_server_taskwait(). A
 * result that comes after the wait gave up arrives as a FINISH event, so
 * a binding marks such tasks in their flags to tell them apart. Other
 * messages that arrive meanwhile are delivered after it returns. Several
 * tasks sent first and then waited for one by one run side by side
 * (Swoole's taskWaitMulti). SWIRL_ETIMEDOUT when no result came in time. */
SWIRL_EXTERN int32_t swirl_server_task_wait(swirl_server *srv, int64_t task_id,
                                            double timeout, char **out,
                                            size_t *out_len,
                                            int32_t *out_flags);

/* Sends a message to worker or task worker `dst`, where it arrives as a
 * PIPE_MESSAGE event. */
SWIRL_EXTERN int32_t swirl_server_send_message(swirl_server *srv,
                                               const char *data, size_t len,
                                               int32_t dst, int32_t flags);

/* The pid of worker (or task worker, or user process) `worker_id` as the
 * manager last started it, or a negative code. */
SWIRL_EXTERN int64_t swirl_server_get_worker_pid(swirl_server *srv,
                                                 int32_t worker_id);

/* What worker (or task worker) `worker_id` is doing, as Swoole's
 * getWorkerStatus() reports it: 1 busy in a callback, 2 idle, 3 not
 * running (between an exit and its replacement); -1 for this worker. A
 * negative code for an id out of range or outside a running server. */
SWIRL_EXTERN int32_t swirl_server_worker_status(swirl_server *srv,
                                               int32_t worker_id);

/* Stops worker `worker_id` (-1: this one) gracefully; the manager starts
 * its replacement (Swoole's $server->stop()). */
SWIRL_EXTERN int32_t swirl_server_stop_worker(swirl_server *srv,
                                              int32_t worker_id);

/* Replaces every worker one after another (only_task != 0: the task
 * workers only), as SIGUSR1 / SIGUSR2 to the manager do. */
SWIRL_EXTERN int32_t swirl_server_reload(swirl_server *srv, int32_t only_task);

/* This process's worker id, or -1 in the master and the manager. */
SWIRL_EXTERN int32_t swirl_server_worker_id(swirl_server *srv);

/* Process ids: master, manager, and this worker (0 when not yet known). */
SWIRL_EXTERN int64_t swirl_server_master_pid(swirl_server *srv);
SWIRL_EXTERN int64_t swirl_server_manager_pid(swirl_server *srv);
SWIRL_EXTERN int64_t swirl_server_worker_pid(swirl_server *srv);

/* The code of the last failed call on srv (0 if none), as Swoole's
 * getLastError() would report it negated. */
SWIRL_EXTERN int32_t swirl_server_last_error(swirl_server *srv);

/* A message about the last failed call on srv ("" if none). Valid until the
 * next call on srv. */
SWIRL_EXTERN const char *swirl_server_errmsg(swirl_server *srv);

/* The message of the last failure that had no server to hold it (e.g. a
 * failed swirl_server_new). Per thread; valid until the next failure. */
SWIRL_EXTERN const char *swirl_last_errmsg(void);

/* ------------------------------------------------------------------------
 * HTTP
 * ---------------------------------------------------------------------- */

/* Bits of a REQUEST event's flags. */
enum swirl_http_request_flags {
  SWIRL_HTTP_REQ_KEEP_ALIVE = 1, /* the connection stays open after it */
  SWIRL_HTTP_REQ_HEAD = 2,       /* a HEAD request: no body is sent */
  SWIRL_HTTP_REQ_HTTP10 = 4,     /* HTTP/1.0 */
  SWIRL_HTTP_REQ_UPLOADS = 8     /* file parts of the multipart body went to
                                    files in upload_tmp_dir: each such part
                                    of the body has no content and one more
                                    header, "X-Swirl-Tmpfile: <path>" (a
                                    client's own header of that name is
                                    dropped); the files are the binding's
                                    to remove */
};

/* Flags of swirl_http_respond(). */
enum swirl_http_respond_flags {
  SWIRL_HTTP_CHUNKED = 1, /* stream: body is the first chunk, more follow
                             with swirl_http_write() */
  SWIRL_HTTP_CLOSE = 2,   /* close the connection after this response */
  SWIRL_HTTP_REASON = 4   /* the first line of `headers` is the reason
                             phrase of the status line, not a header */
};

/* Answers the oldest unanswered request on conn: status line, `headers` (a
 * block of "Name: value\r\n" lines, may be empty) and body, in one write.
 * Server, Connection, Content-Type (text/html), Date and Content-Length
 * (blen) are added unless the block sets them, as Swoole adds them: a
 * Content-Length of the block's own is sent as it is (the body is still
 * written whole), a HEAD request with an empty body gets no length, and a
 * 101 gets neither type nor length nor Connection. Without
 * SWIRL_HTTP_REASON the reason phrase is the status code's usual one.
 * Every line of the block is sent as it is. A HEAD request gets no body.
 * If the request did not keep the connection alive, it is closed once the
 * response is written. */
SWIRL_EXTERN int32_t swirl_http_respond(swirl_server *srv, uint64_t conn,
                                        int32_t status, const char *headers,
                                        size_t headers_len, const char *body,
                                        size_t body_len, int32_t flags);

/* Answers the oldest unanswered request on conn with `length` bytes of the
 * file at path (NUL-terminated) from `offset` (length 0: to the end), as
 * swirl_http_respond() does with a body; the file is read in chunks as the
 * client takes it, never whole. Content-Type is the caller's to set. */
SWIRL_EXTERN int32_t swirl_http_sendfile(swirl_server *srv, uint64_t conn,
                                         int32_t status, const char *headers,
                                         size_t headers_len, const char *path,
                                         int64_t offset, int64_t length);

/* Sends one more chunk of a response begun with SWIRL_HTTP_CHUNKED; with
 * end != 0 it is the last (len may be 0) and the response is complete. */
SWIRL_EXTERN int32_t swirl_http_write(swirl_server *srv, uint64_t conn,
                                      const char *data, size_t len,
                                      int32_t end);

/* ------------------------------------------------------------------------
 * WebSocket (ports with open_websocket_protocol)
 * ---------------------------------------------------------------------- */

/* Opcodes (Swoole's WEBSOCKET_OPCODE_*). */
enum swirl_ws_opcode {
  SWIRL_WS_OPCODE_CONTINUATION = 0,
  SWIRL_WS_OPCODE_TEXT = 1,
  SWIRL_WS_OPCODE_BINARY = 2,
  SWIRL_WS_OPCODE_CLOSE = 8,
  SWIRL_WS_OPCODE_PING = 9,
  SWIRL_WS_OPCODE_PONG = 10
};

/* Frame flags of swirl_ws_push() (Swoole's SWOOLE_WEBSOCKET_FLAG_*). */
enum swirl_ws_flags {
  SWIRL_WS_FLAG_FIN = 1
};

/* A connection's websocket_status (Swoole's WEBSOCKET_STATUS_*). */
enum swirl_ws_status {
  SWIRL_WEBSOCKET_STATUS_CLOSED = 0,
  SWIRL_WEBSOCKET_STATUS_CONNECTION = 1,
  SWIRL_WEBSOCKET_STATUS_HANDSHAKE = 2,
  SWIRL_WEBSOCKET_STATUS_ACTIVE = 3
};

/* Sends one frame to WebSocket connection conn: opcode SWIRL_WS_OPCODE_*,
 * flags SWIRL_WS_FLAG_FIN unless more fragments follow. Fails with
 * SWIRL_EWEBSOCKET_UNCONNECTED when conn is not an open WebSocket, and
 * with SWIRL_EOUTPUT_BUFFER_OVERFLOW (never blocking) when the client
 * reads too slowly. */
SWIRL_EXTERN int32_t swirl_ws_push(swirl_server *srv, uint64_t conn,
                                   const char *data, size_t len,
                                   int32_t opcode, int32_t flags);

/* Sends a close frame with code and reason (at most 123 bytes), then
 * closes the connection. */
SWIRL_EXTERN int32_t swirl_ws_disconnect(swirl_server *srv, uint64_t conn,
                                         int32_t code, const char *reason,
                                         size_t reason_len);

/* ------------------------------------------------------------------------
 * The process's event loop: timers, deferred calls, watched descriptors
 *
 * Every process has one loop: inside a server worker it is the worker's
 * loop; elsewhere it is created on first use and runs in swirl_loop_run().
 * Its events (TIMER, DEFER) go to one process-wide callback. A forked
 * worker starts with no timers of its own.
 * ---------------------------------------------------------------------- */

/* Registers the callback of the process's loop events (TIMER, DEFER). */
SWIRL_EXTERN int32_t swirl_loop_on_event(swirl_event_cb cb, void *ud);

/* Starts a timer due in `ms` milliseconds (>= 1); with repeat != 0 it fires
 * every `ms` until cleared. Returns its id (>= 1, increasing from 1 in each
 * process, as Swoole's timer ids) or a negative code. */
SWIRL_EXTERN int64_t swirl_timer_add(int64_t ms, int32_t repeat);

/* Stops timer `id`. Returns 0, or SWIRL_ENOENT if there is no such timer.
 * Clearing a one-shot timer inside its own TIMER event is allowed. */
SWIRL_EXTERN int32_t swirl_timer_clear(int64_t id);

/* 1 if timer `id` is pending, else 0. */
SWIRL_EXTERN int32_t swirl_timer_exists(int64_t id);

/* The number of pending timers of this process. */
SWIRL_EXTERN int32_t swirl_timer_count(void);

/* Clears every timer of this process; returns how many there were. */
SWIRL_EXTERN int32_t swirl_timer_clear_all(void);

/* Queues a DEFER event for the next loop iteration. Returns its id. */
SWIRL_EXTERN int64_t swirl_defer(void);

/* What a descriptor watch waits for (swirl_loop_watch). */
enum swirl_watch_events {
  SWIRL_WATCH_READ = 1,
  SWIRL_WATCH_WRITE = 2
};

/* Watches descriptor `fd` (a socket, pipe or terminal; not a regular
 * file) in the process's loop: an FD event (id = the watch id, flags =
 * the SWIRL_WATCH_* bits that are ready) comes each time it is ready for
 * what `events` asks. A hang-up reads as SWIRL_WATCH_READ; an error (a
 * failed non-blocking connect(), say) as both bits, once: the watch then
 * stops until swirl_loop_watch_set(). The descriptor is made non-blocking and stays the caller's: closing it
 * is the caller's business, after swirl_loop_unwatch(). A watch keeps
 * swirl_loop_run() running. Returns the watch id (>= 1) or a negative
 * code: SWIRL_EEXIST if `fd` is watched already, SWIRL_EINVAL for a bad
 * descriptor or one epoll cannot watch. */
SWIRL_EXTERN int64_t swirl_loop_watch(int32_t fd, int32_t events);

/* Changes what watch `id` waits for; events 0 pauses it (a paused watch
 * does not keep the loop running). Returns 0 or SWIRL_ENOENT. */
SWIRL_EXTERN int32_t swirl_loop_watch_set(int64_t id, int32_t events);

/* Ends watch `id`; no FD event of it comes after this returns. Returns 0
 * or SWIRL_ENOENT. */
SWIRL_EXTERN int32_t swirl_loop_unwatch(int64_t id);

/* In a child forked from this process by other means than the server
 * (pcntl_fork, a Process): forgets the parent's loop, timers and watches,
 * which are the parent's; the next loop call makes a fresh loop. */
SWIRL_EXTERN void swirl_loop_fork(void);

/* Runs the process's loop until no timer, deferred call or watch is left,
 * or swirl_loop_stop(). For programs without a server (inside a worker the
 * server runs the loop). Returns 0 or a negative code. */
SWIRL_EXTERN int32_t swirl_loop_run(void);

/* Makes swirl_loop_run() return after the current event. */
SWIRL_EXTERN int32_t swirl_loop_stop(void);

/* ------------------------------------------------------------------------
 * Process helpers
 * ---------------------------------------------------------------------- */

/* In a server worker: sends at once what the worker has written but the
 * core has not sent yet (the outbox of the current callback, messages
 * batched for the reactor threads until the end of the loop's turn). A
 * binding that ends the process by other means than swirl_process_exit()
 * calls it first, so what a callback sent before exit() is not lost.
 * Anywhere else it does nothing. */
SWIRL_EXTERN void swirl_process_flush(void);

/* Flushes what swirl_process_flush() flushes and C stdio, then ends this
 * process at once with `code`, running no atexit handlers. Bindings use it
 * to end a worker from a callback. */
SWIRL_EXTERN void swirl_process_exit(int32_t code);

/* This process's id (bindings whose runtime caches it use this). */
SWIRL_EXTERN int64_t swirl_getpid(void);

/* ------------------------------------------------------------------------
 * Shared memory: tables, atomics, locks
 *
 * Swoole's Table, Atomic, Atomic\Long and Lock. Each object lives in
 * anonymous shared memory: create it before fork() (or before
 * swirl_server_start(), which forks the workers) and every process forked
 * afterwards reaches the same memory through its inherited copy of the
 * handle. A handle is process-local: each process frees its own copy with
 * the object's _free function (NULL is a no-op), which unmaps the memory
 * in that process only; the memory is gone once the last process that
 * holds it has freed it or exited. Never use a handle after its _free.
 *
 * Every function here may be called from any process and any thread; none
 * touches an event loop. A failure other than the ordinary outcomes named
 * below (no such row, lock busy, timed out) leaves a reason in
 * swirl_last_errmsg().
 * ---------------------------------------------------------------------- */

typedef struct swirl_table swirl_table;
typedef struct swirl_atomic swirl_atomic;
typedef struct swirl_atomic_long swirl_atomic_long;
typedef struct swirl_lock swirl_lock;

/* Column types (Swoole's Table::TYPE_* values). An INT column holds an
 * int64_t whatever size it was declared with (as in Swoole 4.8); a FLOAT
 * column a double; a STRING column up to its size, rounded up to a
 * multiple of 8, of bytes. */
enum swirl_table_type {
  SWIRL_TABLE_TYPE_INT = 1,
  SWIRL_TABLE_TYPE_FLOAT = 2,
  SWIRL_TABLE_TYPE_STRING = 3
};

/* Table limits. Row keys longer than SWIRL_TABLE_KEY_MAX bytes are cut to
 * that length by every call that takes a key, as Swoole does. */
enum swirl_table_limit {
  SWIRL_TABLE_KEY_MAX = 63
};

/* What swirl_table_stat() reports (Swoole's Table::stats() entries). */
enum swirl_table_stat {
  SWIRL_TABLE_STAT_NUM = 0,                 /* rows in the table */
  SWIRL_TABLE_STAT_CONFLICT_COUNT = 1,      /* inserts whose slot was taken */
  SWIRL_TABLE_STAT_CONFLICT_MAX_LEVEL = 2,  /* longest chain walked */
  SWIRL_TABLE_STAT_INSERT_COUNT = 3,
  SWIRL_TABLE_STAT_UPDATE_COUNT = 4,
  SWIRL_TABLE_STAT_DELETE_COUNT = 5,
  SWIRL_TABLE_STAT_AVAILABLE_SLICE_NUM = 6, /* rows that can still be added */
  SWIRL_TABLE_STAT_TOTAL_SLICE_NUM = 7      /* rows the memory holds */
};

/* Creates a table description (Swoole's new Table($size, $conflict)).
 * size is rounded up to a power of two, at least 64 and at most 2^31 (the
 * value swirl_table_size() reports); conflict_proportion is clamped to
 * [0.2, 1.0]. The table can hold size * (1 + conflict_proportion) rows,
 * however their keys hash. Nothing is shared until swirl_table_create().
 * On success *out holds the table. SWIRL_EINVAL for a negative size. */
SWIRL_EXTERN int32_t swirl_table_new(swirl_table **out, int64_t size,
                                     double conflict_proportion);

/* Frees this process's handle and unmaps the table here (Swoole's
 * destroy()). Other processes keep their rows. NULL is a no-op. */
SWIRL_EXTERN void swirl_table_free(swirl_table *t);

/* Adds a column before swirl_table_create(). type is SWIRL_TABLE_TYPE_*;
 * size matters for STRING columns only (bytes, >= 1). Returns the column's
 * index (0, 1, ... in the order added), which the other calls take.
 * SWIRL_EINVAL for an unknown type, a STRING size < 1 or a row over 2 GiB,
 * SWIRL_EWRONG_OPERATION after create(), SWIRL_EEXIST for a name in use. */
SWIRL_EXTERN int32_t swirl_table_column(swirl_table *t, const char *name,
                                        size_t name_len, int32_t type,
                                        int64_t size);

/* Allocates the shared memory. Afterwards no column can be added, and the
 * row calls below work (before it they fail with SWIRL_EWRONG_OPERATION).
 * SWIRL_ENOMEM when the system has not that much memory to share,
 * SWIRL_EWRONG_OPERATION when called twice. */
SWIRL_EXTERN int32_t swirl_table_create(swirl_table *t);

/* The number of hash slots (the rounded size; Swoole's getSize()). */
SWIRL_EXTERN int64_t swirl_table_size(swirl_table *t);

/* Bytes of shared memory the table uses (0 before create()). */
SWIRL_EXTERN int64_t swirl_table_memory_size(swirl_table *t);

/* The number of columns. */
SWIRL_EXTERN int32_t swirl_table_column_count(swirl_table *t);

/* The index of the column called name, or SWIRL_ENOENT. */
SWIRL_EXTERN int32_t swirl_table_column_index(swirl_table *t,
                                              const char *name,
                                              size_t name_len);

/* Describes column `index`: its name into name (at most *name_len bytes,
 * no NUL added; *name_len is set to the name's length, and SWIRL_ERANGE
 * returned when the buffer was too small), its type, its declared size,
 * and the offset of its value in a row image (see swirl_table_get()). Any
 * output pointer may be NULL. SWIRL_ENOENT for an index out of range. */
SWIRL_EXTERN int32_t swirl_table_column_info(swirl_table *t, int32_t index,
                                             char *name, size_t *name_len,
                                             int32_t *type, int64_t *size,
                                             int64_t *offset);

/* The size in bytes of a row image: every column's value at its offset.
 * An INT value is an int64_t and a FLOAT value a double (host byte order,
 * possibly unaligned); a STRING value is a uint32_t length followed by the
 * bytes, in a field of 4 + (size rounded up to a multiple of 8) bytes. */
SWIRL_EXTERN int64_t swirl_table_row_size(swirl_table *t);

/* Writes columns of row `key`, making the row (every column 0 or "") if it
 * did not exist, under the row's lock: other processes see all of the new
 * values or none. values is a packed list of entries, each an int32_t
 * column index followed by the value: int64_t (INT), double (FLOAT), or a
 * uint32_t length and that many bytes (STRING), host byte order, no
 * padding. Columns not listed keep their values. A string longer than its
 * column is cut to fit and a warning is logged, as in Swoole. The list is
 * checked before anything is written: SWIRL_EINVAL if it is malformed.
 * Returns 1 when the row was created, 0 when it existed; SWIRL_ENOSPC
 * when the table is full ("unable to allocate memory" in Swoole). */
SWIRL_EXTERN int32_t swirl_table_set(swirl_table *t, const char *key,
                                     size_t key_len, const char *values,
                                     size_t values_len);

/* Copies row `key` as a row image (see swirl_table_row_size()) into row,
 * at most row_len bytes, under the row's lock, so the copy is consistent.
 * Returns 0, or SWIRL_ENOENT when there is no such row. */
SWIRL_EXTERN int32_t swirl_table_get(swirl_table *t, const char *key,
                                     size_t key_len, char *row,
                                     size_t row_len);

/* Writes one column of row `key` (made as in swirl_table_set() if
 * missing). The column must have the function's type, else SWIRL_EINVAL.
 * Returns 1 when the row was created, 0 when it existed, SWIRL_ENOSPC when
 * the table is full. set_str cuts a value longer than the column. */
SWIRL_EXTERN int32_t swirl_table_set_int(swirl_table *t, const char *key,
                                         size_t key_len, int32_t column,
                                         int64_t value);
SWIRL_EXTERN int32_t swirl_table_set_float(swirl_table *t, const char *key,
                                           size_t key_len, int32_t column,
                                           double value);
SWIRL_EXTERN int32_t swirl_table_set_str(swirl_table *t, const char *key,
                                         size_t key_len, int32_t column,
                                         const char *value, size_t value_len);

/* Reads one column of row `key` into *out. SWIRL_ENOENT when there is no
 * such row, SWIRL_EINVAL when the column has another type. get_str copies
 * the value into buf (at most *len bytes, no NUL added) and sets *len to
 * its length; SWIRL_ERANGE (with *len set) when buf was too small. */
SWIRL_EXTERN int32_t swirl_table_get_int(swirl_table *t, const char *key,
                                         size_t key_len, int32_t column,
                                         int64_t *out);
SWIRL_EXTERN int32_t swirl_table_get_float(swirl_table *t, const char *key,
                                           size_t key_len, int32_t column,
                                           double *out);
SWIRL_EXTERN int32_t swirl_table_get_str(swirl_table *t, const char *key,
                                         size_t key_len, int32_t column,
                                         char *buf, size_t *len);

/* Adds `by` (negative to subtract) to an INT or FLOAT column of row `key`
 * atomically, making the row (all 0) if it is missing, as Swoole's
 * incr()/decr() do, and stores the new value in *out (which may be NULL).
 * INT arithmetic wraps around. Returns 1 when the row was created, 0 when
 * it existed; SWIRL_EINVAL when the column has another type, SWIRL_ENOSPC
 * when the table is full. */
SWIRL_EXTERN int32_t swirl_table_incr_int(swirl_table *t, const char *key,
                                          size_t key_len, int32_t column,
                                          int64_t by, int64_t *out);
SWIRL_EXTERN int32_t swirl_table_incr_float(swirl_table *t, const char *key,
                                            size_t key_len, int32_t column,
                                            double by, double *out);

/* 1 if row `key` exists, else 0. */
SWIRL_EXTERN int32_t swirl_table_exists(swirl_table *t, const char *key,
                                        size_t key_len);

/* Deletes row `key`. Returns 0, or SWIRL_ENOENT when there is no such
 * row. */
SWIRL_EXTERN int32_t swirl_table_del(swirl_table *t, const char *key,
                                     size_t key_len);

/* The number of rows, as every process sees it (0 before create()). */
SWIRL_EXTERN int64_t swirl_table_count(swirl_table *t);

/* Iterates over the rows: start with *cursor = 0; each call copies the
 * next row's key into key (*key_len: in, the buffer's size, which must be
 * at least SWIRL_TABLE_KEY_MAX; out, the key's length) and its row image
 * into row (at most row_len bytes; row may be NULL), advances *cursor and
 * returns 1; at the end it returns 0. The cursor is a plain number, valid
 * in any process. Each row is copied under its lock, but rows set or
 * deleted during an iteration may be seen or missed, as in Swoole. */
SWIRL_EXTERN int32_t swirl_table_next(swirl_table *t, uint64_t *cursor,
                                      char *key, size_t *key_len, char *row,
                                      size_t row_len);

/* One of the table's counters, SWIRL_TABLE_STAT_*, as every process sees
 * it. SWIRL_EINVAL for an unknown `which`. */
SWIRL_EXTERN int64_t swirl_table_stat(swirl_table *t, int32_t which);

/* Creates a 32-bit unsigned counter (Swoole\Atomic) set to value (taken
 * modulo 2^32). On success *out holds it. */
SWIRL_EXTERN int32_t swirl_atomic_new(swirl_atomic **out, int64_t value);

/* Frees this process's handle. NULL is a no-op. */
SWIRL_EXTERN void swirl_atomic_free(swirl_atomic *a);

/* The value (0 .. 2^32 - 1). */
SWIRL_EXTERN int64_t swirl_atomic_get(swirl_atomic *a);

/* Adds (sub: subtracts) value modulo 2^32 and returns the new value
 * (0 .. 2^32 - 1). */
SWIRL_EXTERN int64_t swirl_atomic_add(swirl_atomic *a, int64_t value);
SWIRL_EXTERN int64_t swirl_atomic_sub(swirl_atomic *a, int64_t value);

/* Sets the value (modulo 2^32). Returns 0. */
SWIRL_EXTERN int32_t swirl_atomic_set(swirl_atomic *a, int64_t value);

/* Sets the value to `value` if it equals cmp (both modulo 2^32). Returns 1
 * if it did, else 0. */
SWIRL_EXTERN int32_t swirl_atomic_cmpset(swirl_atomic *a, int64_t cmp,
                                         int64_t value);

/* Swoole's wait(): if the value is 1, sets it to 0 and returns 0 at once;
 * if it is 0, sleeps (futex) until swirl_atomic_wakeup() or `timeout`
 * seconds (<= 0: no limit, as in Swoole), then takes the wakeup (1 -> 0)
 * and returns 0. SWIRL_ETIMEDOUT when time ran out, SWIRL_EINTR when a
 * signal interrupted the wait, SWIRL_EAGAIN when the value was neither 0
 * nor 1 or another waiter took the wakeup. Blocks the calling thread. */
SWIRL_EXTERN int32_t swirl_atomic_wait(swirl_atomic *a, double timeout);

/* Swoole's wakeup(): if the value is 0, sets it to 1 and wakes up to n
 * waiters; returns how many were woken (0 when the value was not 0). */
SWIRL_EXTERN int32_t swirl_atomic_wakeup(swirl_atomic *a, int32_t n);

/* Creates a 64-bit signed counter (Swoole\Atomic\Long). */
SWIRL_EXTERN int32_t swirl_atomic_long_new(swirl_atomic_long **out,
                                           int64_t value);

/* Frees this process's handle. NULL is a no-op. */
SWIRL_EXTERN void swirl_atomic_long_free(swirl_atomic_long *a);

/* Stores the value in *out. Returns 0. */
SWIRL_EXTERN int32_t swirl_atomic_long_get(swirl_atomic_long *a,
                                           int64_t *out);

/* Adds (sub: subtracts) value, wrapping around, and stores the new value
 * in *out (which may be NULL). Returns 0. */
SWIRL_EXTERN int32_t swirl_atomic_long_add(swirl_atomic_long *a,
                                           int64_t value, int64_t *out);
SWIRL_EXTERN int32_t swirl_atomic_long_sub(swirl_atomic_long *a,
                                           int64_t value, int64_t *out);

/* Sets the value. Returns 0. */
SWIRL_EXTERN int32_t swirl_atomic_long_set(swirl_atomic_long *a,
                                           int64_t value);

/* Sets the value to `value` if it equals cmp. Returns 1 if it did, else
 * 0. */
SWIRL_EXTERN int32_t swirl_atomic_long_cmpset(swirl_atomic_long *a,
                                              int64_t cmp, int64_t value);

/* Lock types (Swoole's SWOOLE_RWLOCK, SWOOLE_FILELOCK, ... values).
 *   MUTEX     process-shared, robust: when its owner dies, the next locker
 *             gets it (Swoole's Mutex is not robust); unlocking a mutex
 *             another process holds fails with SWIRL_EPERM.
 *   RWLOCK    process-shared reader-writer lock.
 *   SPINLOCK  process-shared spinlock.
 *   SEM       a process-shared semaphore of value 1: any process may
 *             unlock it; no read locks.
 *   FILELOCK  an fcntl() write/read lock on the whole file at `path`
 *             (created if missing), per process as fcntl locks are: it
 *             excludes other processes, never the holder itself. */
enum swirl_lock_type {
  SWIRL_LOCK_RWLOCK = 1,
  SWIRL_LOCK_FILELOCK = 2,
  SWIRL_LOCK_MUTEX = 3,
  SWIRL_LOCK_SEM = 4,
  SWIRL_LOCK_SPINLOCK = 5
};

/* Creates a lock of `type` (path: the file of a FILELOCK, else ignored;
 * may be NULL with length 0). On success *out holds it. SWIRL_EINVAL for
 * an unknown type or a FILELOCK without a path; the system's code when
 * the file cannot be opened. */
SWIRL_EXTERN int32_t swirl_lock_new(swirl_lock **out, int32_t type,
                                    const char *path, size_t path_len);

/* Frees this process's handle (a FILELOCK's descriptor is closed, which
 * drops this process's lock on the file). NULL is a no-op. */
SWIRL_EXTERN void swirl_lock_free(swirl_lock *lk);

/* Takes the lock exclusively, waiting as long as it takes. Returns 0. */
SWIRL_EXTERN int32_t swirl_lock_lock(swirl_lock *lk);

/* Takes the lock exclusively if it is free: 0, else SWIRL_EBUSY. */
SWIRL_EXTERN int32_t swirl_lock_trylock(swirl_lock *lk);

/* Takes a shared (read) lock; MUTEX and SPINLOCK take their one lock,
 * SEM fails with SWIRL_ENOTSUP (as in Swoole). */
SWIRL_EXTERN int32_t swirl_lock_lock_read(swirl_lock *lk);

/* Takes a shared lock if possible: 0, else SWIRL_EBUSY (SEM:
 * SWIRL_ENOTSUP). */
SWIRL_EXTERN int32_t swirl_lock_trylock_read(swirl_lock *lk);

/* Releases the lock (exclusive or shared). Returns 0, or SWIRL_EPERM for
 * a MUTEX this thread does not hold. Unlocking an RWLOCK or SPINLOCK that
 * is not held is undefined, as in pthreads; a SEM simply counts up. */
SWIRL_EXTERN int32_t swirl_lock_unlock(swirl_lock *lk);

/* Takes the lock exclusively, waiting at most `timeout` seconds: 0, or
 * SWIRL_ETIMEDOUT. MUTEX, RWLOCK, SPINLOCK and SEM; a FILELOCK fails with
 * SWIRL_ENOTSUP. */
SWIRL_EXTERN int32_t swirl_lock_lockwait(swirl_lock *lk, double timeout);

#ifdef __cplusplus
}
#endif
#endif /* SWIRL_H */
