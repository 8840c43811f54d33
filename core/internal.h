/*
 * internal.h: what the files of core/ share. Nothing here is public; the
 * only public names are the swirl_* functions of abi/swirl.h, defined in
 * api.c. Internal non-static names start with swirl__.
 */
#ifndef SWIRL_INTERNAL_H
#define SWIRL_INTERNAL_H

#include "swirl.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <sys/types.h>
#include <signal.h>
#include <uv.h>

#define SWIRL__UNUSED(x) ((void)(x))
#define SWIRL__MAX_LISTENERS 64
#define SWIRL__MAX_WORKERS 1024
#define SWIRL__READ_BUF_SIZE 65536

/* ------------------------------------------------------------------------
 * Allocation (alloc.c). Every allocation goes through these, so tests can
 * swap in a failing allocator.
 * ---------------------------------------------------------------------- */
void *swirl__malloc(size_t n);
void *swirl__calloc(size_t count, size_t n);
void *swirl__realloc(void *p, size_t n);
void swirl__free(void *p);
char *swirl__strndup(const char *s, size_t n);

/* ------------------------------------------------------------------------
 * Errors and logging (error.c, log.c)
 * ---------------------------------------------------------------------- */

const char *swirl__strerror(int32_t code);
const char *swirl__err_name(int32_t code);
const char *swirl__last_errmsg(void);

/* Records a failure without a server (swirl_last_errmsg()); returns code. */
int32_t swirl__fail(int32_t code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Process-wide log settings, set from the server's options at start. */
void swirl__log_set(int fd, int level, char role);
void swirl__log_worker(int id);
void swirl__log_open(const char *path, int stdio);
void swirl__log_reopen(void);
/* Takes on the configured user and group (when started as root). */
int swirl__drop_privileges(swirl_server *srv);
void swirl__log(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#define swirl__warn(...) swirl__log(SWIRL_LOG_WARNING, __VA_ARGS__)
#define swirl__notice(...) swirl__log(SWIRL_LOG_NOTICE, __VA_ARGS__)
#define swirl__error(...) swirl__log(SWIRL_LOG_ERROR, __VA_ARGS__)

/* ------------------------------------------------------------------------
 * Options (options.c)
 * ---------------------------------------------------------------------- */

enum { SWIRL__OPT_INT = 'i', SWIRL__OPT_BOOL = 'b', SWIRL__OPT_DOUBLE = 'd',
       SWIRL__OPT_STR = 's' };

/* The effective configuration. Every field has its default after
 * swirl__config_init(). Strings are owned (swirl__free). */
typedef struct swirl__config {
  int64_t worker_num;
  int64_t reactor_num;
  int64_t max_request;
  int64_t max_connection;
  int64_t backlog;
  int64_t socket_buffer_size;
  int64_t output_buffer_size;
  int64_t max_wait_time;
  int64_t dispatch_mode;
  int64_t enable_unsafe_event;
  int64_t enable_delay_receive;
  int64_t task_worker_num;
  int64_t log_level;
  int64_t heartbeat_check_interval;
  int64_t heartbeat_idle_time;
  int64_t open_tcp_nodelay;
  int64_t open_tcp_keepalive;
  int64_t tcp_keepidle;
  int64_t tcp_keepinterval;
  int64_t tcp_keepcount;
  int64_t tcp_user_timeout;
  int64_t tcp_fastopen;
  int64_t kernel_socket_recv_buffer_size;
  int64_t kernel_socket_send_buffer_size;
  int64_t daemonize;
  int64_t enable_reuse_port;
  int64_t tcp_defer_accept;
  int64_t task_max_request;
  int64_t task_ipc_mode;
  int64_t message_queue_key;
  char *task_tmpdir;
  int64_t open_http_protocol;
  int64_t open_websocket_protocol;
  int64_t open_websocket_close_frame; /* close frames reach MESSAGE */
  int64_t open_websocket_ping_frame;  /* pings reach MESSAGE, unanswered */
  int64_t open_websocket_pong_frame;  /* pongs reach MESSAGE */
  char *websocket_subprotocol;        /* Sec-WebSocket-Protocol of the 101 */
  char *ssl_cert_file;
  char *ssl_key_file;
  char *ssl_ciphers;
  char *ssl_client_cert_file;
  char *ssl_sni_certs;
  char *ssl_ecdh_curve;
  int64_t ssl_protocols;
  int64_t ssl_method;
  int64_t ssl_verify_peer;
  int64_t ssl_verify_depth;
  int64_t ssl_allow_self_signed;
  int64_t ssl_prefer_server_ciphers;
  double ssl_handshake_timeout;
  int64_t enable_static_handler;
  char *document_root;
  char *static_handler_locations; /* URL prefixes, one a line, or NULL */
  char *http_index_files;         /* file names, one a line, or NULL */
  int64_t http_autoindex;
  int64_t open_eof_check;
  int64_t open_eof_split;
  char *package_eof;
  int64_t open_length_check;
  char *package_length_type;
  int64_t package_length_offset;
  int64_t package_body_offset;
  int64_t package_max_length;
  int64_t http_parse_post;
  int64_t http_parse_cookie;
  int64_t http_parse_files;
  int64_t http_compression;
  int64_t http_compression_level;
  double http_request_timeout;
  char *upload_tmp_dir;
  char *log_file;
  char *pid_file;
  char *user;
  char *group;
} swirl__config;

void swirl__config_init(swirl__config *cfg);
int swirl__config_reset_port(swirl__config *cfg);
int swirl__config_copy(swirl__config *dst, const swirl__config *src);
/* 1 if option `name` may be set per port (a protocol option). */
int swirl__config_is_port_option(const char *name, size_t nlen);
void swirl__config_free(swirl__config *cfg);

/* Sets option `name` from a value of type `type` (SWIRL__OPT_*); for
 * strings `s`/`slen`, otherwise `i` (int and bool) or `d`. Returns 0 or a
 * negative code, with a message naming the option written to msg. */
int32_t swirl__config_set(swirl__config *cfg, const char *name, size_t nlen,
                          int type, int64_t i, double d, const char *s,
                          size_t slen, char *msg, size_t msgsize);
int32_t swirl__config_get_int(const swirl__config *cfg, const char *name,
                              size_t nlen, int64_t *out, char *msg,
                              size_t msgsize);
/* Writes "name:type\n" for every option into buf; see swirl_server_options. */
int32_t swirl__config_list(char *buf, size_t *len);

/* ------------------------------------------------------------------------
 * Connection map (map.c): open addressing, uint64 id -> pointer.
 * ---------------------------------------------------------------------- */
typedef struct swirl__map {
  uint64_t *keys;   /* 0 = empty, UINT64_MAX = deleted */
  void **vals;
  size_t cap;       /* power of two */
  size_t count;
  size_t used;      /* count + tombstones */
} swirl__map;

int swirl__map_init(swirl__map *m);
void swirl__map_free(swirl__map *m);
void *swirl__map_get(const swirl__map *m, uint64_t key);
int swirl__map_put(swirl__map *m, uint64_t key, void *val);
void *swirl__map_del(swirl__map *m, uint64_t key);

/* ------------------------------------------------------------------------
 * Server (server.c, manager.c, worker.c)
 * ---------------------------------------------------------------------- */

typedef enum swirl__role {
  SWIRL__ROLE_NONE = 0,   /* not started, or back in the master after */
  SWIRL__ROLE_MASTER,
  SWIRL__ROLE_MANAGER,
  SWIRL__ROLE_WORKER
} swirl__role;

typedef struct swirl__listener {
  int fd;
  int sock_type;     /* SWIRL_SOCK_*, without SWIRL_SOCK_SSL */
  int port;          /* bound port */
  char host[128];
  struct swirl__config *cfg; /* own protocol settings (port set), or NULL */
  int index;         /* position in the server's listener array */
  int ssl;           /* SWIRL_SOCK_SSL: TLS on this port */
} swirl__listener;

/* State shared by every process of one server (anonymous shared mmap,
 * created at start before the first fork). */
typedef struct swirl__shared {
  _Atomic uint64_t next_session;   /* last connection id handed out */
  _Atomic int64_t connection_num;  /* open connections, all workers */
  _Atomic uint64_t accept_count;
  _Atomic uint64_t close_count;
  _Atomic int shutting_down;
  _Atomic uint64_t request_count;
  _Atomic uint64_t dispatch_count;
  _Atomic int64_t tasking_num;
  int64_t start_time;
  _Atomic int32_t *pids;           /* per worker id: its pid (in busy[]'s
                                      shared block, after busy) */
  _Atomic uint32_t *taken;         /* PROCESS: [reactor][worker] sequence
                                      of the last event the worker read */
  _Atomic int32_t busy[];          /* per worker id: inside onTask */
} swirl__shared;

typedef struct swirl__conn swirl__conn;
typedef struct swirl__reactor swirl__reactor;

/* One connection as every process of the server sees it: a table in shared
 * memory indexed by id & (cap - 1), written by the owning worker. An entry
 * is valid only while its id matches the one looked up. */
typedef struct swirl__session {
  _Atomic uint64_t id;      /* 0 = free */
  int32_t worker;           /* worker that handles its events (BASE: holds it) */
  int32_t owner;            /* message channel of the holder: a worker's id
                               (BASE) or worker count + reactor id (PROCESS) */
  int32_t reactor;          /* reactor that holds it */
  int32_t listener;
  int32_t remote_port;
  int32_t family;           /* AF_INET or AF_INET6 */
  uint8_t addr[16];
  int64_t connect_time;     /* unix seconds */
  _Atomic int64_t last_time; /* unix seconds of the last data received */
  _Atomic uint64_t uid;     /* bind() */
  _Atomic int32_t ws_status; /* SWIRL_WEBSOCKET_STATUS_* */
  _Atomic int64_t out_queued; /* bytes waiting to be written to it */
  _Atomic int32_t closed;   /* gone, but its CLOSE is still being handled:
                               readable (connection_info), not usable */
  _Atomic int32_t protect;  /* protect(): heartbeat leaves it open */
} swirl__session;

/* One worker as the manager sees it. */
typedef struct swirl__worker_slot {
  pid_t pid;            /* 0 = not running */
  int64_t started_ms;   /* monotonic time of the last fork */
  int64_t restart_at;   /* > 0: fork again at this time (backoff) */
  int64_t backoff_ms;   /* current restart backoff */
  int reloading;        /* stopped by a reload: restart without error */
} swirl__worker_slot;

struct swirl_server {
  int mode;
  int sock_type;
  swirl__config cfg;
  swirl__listener *listeners[SWIRL__MAX_LISTENERS];
  int nlisteners;

  swirl_event_cb cb;
  void *ud;
  uint64_t mask;

  int32_t last_error;
  char errmsg[512];
  swirl_outbox outbox;   /* a send waiting for its callback to return */

  int started;           /* start() was called */
  swirl__role role;
  int worker_id;         /* -1 outside workers */
  pid_t master_pid;
  pid_t manager_pid;
  pid_t worker_pid;
  swirl__shared *shm;

  /* Manager state. */
  int nprocs;            /* user processes added with add_process */
  swirl__worker_slot *slots;
  int reload_next;       /* slot being reloaded, -1 when not reloading */
  int reload_end;        /* first slot after the reloaded range */
  pid_t retiring;        /* old worker a reload is waiting for, or 0 */
  int shutting_down;

  /* Message channels, one per worker and task worker (task.c). */
  struct { int rd, wr; } *ipc;
  int nipc;
  int task_queue;        /* task_ipc_mode 3: the channel every task worker
                            reads (tasks go to whichever is free), or -1 */
  int msqid;             /* task_ipc_mode 2: the System V message queue
                            tasks travel through, or -1 */
  size_t shm_size;
  swirl__session *sessions;
  size_t sessions_cap;      /* power of two */

  /* Reactors: BASE, the worker's own one; PROCESS, the master's threads. */
  swirl__reactor *rx;
  swirl__reactor *reactors;
  int nreactors;

  /* Worker state. */
  int64_t next_task_id;
  int task_rr;
  int in_task, cur_task_done, cur_task_src;
  int64_t cur_task_id;
  uv_loop_t *loop;
  uv_signal_t sigterm;
  uv_signal_t sigrtmin;
  uv_timer_t stop_timer;
  int stopping;
  uint64_t requests;     /* RECEIVE events handled, for max_request */
};

/* Socket type predicates (SWIRL_SOCK_* without the SSL bit). */
static inline int swirl__sock_is_dgram(int t) {
  return t == SWIRL_SOCK_UDP || t == SWIRL_SOCK_UDP6 ||
         t == SWIRL_SOCK_UNIX_DGRAM;
}
static inline int swirl__sock_is_unix(int t) {
  return t == SWIRL_SOCK_UNIX_STREAM || t == SWIRL_SOCK_UNIX_DGRAM;
}

/* Records a failure on srv and returns code. */
int32_t swirl__srv_fail(swirl_server *srv, int32_t code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void swirl__outbox_flush(swirl_server *srv);

/* Delivers ev to the server's callback if its type is in the mask, then
 * sends what the callback left in the outbox. */
static inline void swirl__emit(swirl_server *srv, swirl_event *ev) {
  if (srv->cb != NULL && (srv->mask & ((uint64_t)1 << ev->type)) != 0) {
    srv->cb(ev, srv->ud);
    if (srv->outbox.conn != 0) swirl__outbox_flush(srv);
  }
}

int32_t swirl__server_new(swirl_server **out, const char *host, size_t hlen,
                          int32_t port, int32_t mode, int32_t sock_type);
void swirl__server_free(swirl_server *srv);
int32_t swirl__server_listen(swirl_server *srv, const char *host, size_t hlen,
                             int32_t port, int32_t sock_type);
int32_t swirl__server_start(swirl_server *srv);

/* A connection of a worker. Connection life cycle: accepted -> CONNECT ->
 * RECEIVE... -> closing -> (uv_close callback) CLOSE -> freed. */
struct swirl__conn {
  union {                 /* first: the handle's address is the conn's */
    uv_handle_t any;
    uv_stream_t stream;
    uv_tcp_t tcp;
    uv_pipe_t pipe;
  } h;
  swirl_server *srv;
  swirl__reactor *rx;     /* the reactor that holds it */
  uint64_t id;
  int listener;
  int closing;
  int paused;             /* pause(): not read until resume() */
  int by_server;          /* the server closed it (CLOSE reactor_id -1) */
  int notify;             /* raise CLOSE when it is gone */
  uv_shutdown_t shutdown;
  struct swirl__http *http; /* HTTP state, when the port speaks HTTP */
  struct swirl__ws *ws;   /* WebSocket state, after the handshake */
  struct swirl__tls *tls; /* TLS state, on SSL ports */
  struct swirl__job *jobs, *jobs_tail; /* sendfile: output in order */
  int close_after_jobs;   /* a graceful close waits for the jobs */
  int corked;             /* writes gather in `cork` until the read that
                             caused them is handled: one write a read */
  struct swirl__buf *cork;
  int http_worker;        /* PROCESS: worker given its last HTTP request */
  struct swirl__retry *retry; /* PROCESS: a copy of that request, while it
                                 is unanswered and safe to send again */
  const struct swirl__config *pc; /* protocol settings of its port */
  struct swirl__buf *in;  /* framing: bytes of an incomplete packet */
  int64_t last_ms;        /* when a request started (timeouts) */
};

/* A handle on a listening socket, of the listener's type. */
typedef union swirl__lhandle {
  uv_handle_t any;
  uv_stream_t stream;
  uv_tcp_t tcp;      /* TCP */
  uv_pipe_t pipe;    /* Unix stream */
  uv_udp_t udp;      /* UDP */
  uv_poll_t poll;    /* Unix datagram */
} swirl__lhandle;

/* A message waiting for room in a full channel (reactor threads only). */
typedef struct swirl__pending {
  struct swirl__pending *next;
  size_t len;
  char data[];
} swirl__pending;

/* A reactor: one event loop that holds connections. In BASE mode each
 * worker process is one (its events go straight to the callback); in
 * PROCESS mode the master runs reactor_num of them on threads, which never
 * call a callback: they send each event to a worker over its channel and
 * carry out what workers ask (send, close, respond) on their connections. */
struct swirl__reactor {
  swirl_server *srv;
  int id;
  int threaded;
  uv_loop_t *loop;
  swirl__map conns;
  char *read_buf;
  struct swirl__conn *corked;  /* the connection whose read is being handled */
  int stopping;
  swirl__lhandle lh[SWIRL__MAX_LISTENERS];
  int lfd[SWIRL__MAX_LISTENERS];
  char lactive[SWIRL__MAX_LISTENERS];
  void *tls_ctx[SWIRL__MAX_LISTENERS];  /* SSL_CTX of SSL listeners */
  uv_timer_t http_timer;
  uv_timer_t heartbeat_timer;
  /* Reactor threads only. */
  uv_thread_t thread;
  uv_async_t wake;
  _Atomic int cmd;
  uv_poll_t ipc_poll;
  uv_timer_t stop_timer;
  uint32_t rr;
  uint32_t *seq;                            /* per worker: events sent */
  swirl__pending **pend_head, **pend_tail; /* per channel */
  uv_poll_t *wpoll;                         /* per channel */
  char *wpoll_on;
  struct swirl__buf **assembly;             /* per sender channel */
  char **batch;                             /* per channel: records not */
  size_t *batch_len;                        /* yet sent (see rx_datagram) */
  uv_check_t batch_check;
  uv_prepare_t batch_prepare;
};

/* The header of every message on a channel (task.c). A payload larger
 * than one datagram travels in fragments: each carries the header, with
 * SWIRL__IPC_MORE set on all but the last. */
/* A datagram may carry several messages (records) one after another, each
 * its header and payload, padded to 8 bytes: a process that sends many
 * small messages in one turn of its loop sends them in one datagram. */
#define SWIRL__IPC_BATCH_MAX (sizeof(swirl__ipc_hdr) + SWIRL__IPC_INLINE_MAX)
#define SWIRL__IPC_ALIGN(n) (((n) + 7) & ~(size_t)7)

typedef struct swirl__ipc_hdr {
  int32_t type;
  int32_t src;        /* sender's channel index (-1: none) */
  int64_t id;         /* task id, or connection id */
  int32_t flags;
  uint32_t len;       /* payload bytes in this datagram */
} swirl__ipc_hdr;

enum {
  SWIRL__IPC_TASK = 1,
  SWIRL__IPC_FINISH = 2,
  SWIRL__IPC_PIPE = 3,
  SWIRL__IPC_SEND = 4,         /* to a connection's holder: write data */
  SWIRL__IPC_CLOSE = 5,        /* flags & 1: reset */
  SWIRL__IPC_HTTP_RESPOND = 6, /* payload: swirl__ipc_respond + hdrs + body */
  SWIRL__IPC_HTTP_WRITE = 7,   /* flags & 1: end */
  SWIRL__IPC_EVENT = 8,        /* to a worker: swirl__ipc_event + data + extra */
  SWIRL__IPC_WS_PUSH = 9,      /* flags: opcode | fin << 8 */
  SWIRL__IPC_WS_CLOSE = 10,    /* flags: code; payload: reason */
  SWIRL__IPC_SENDFILE = 11,    /* swirl__ipc_sendfile + headers + path;
                                  flags & 1: an HTTP response */
  SWIRL__IPC_WORKER_DIED = 12, /* manager to reactors: worker `id` died */
  SWIRL__IPC_PAUSE = 13        /* flags & 1: stop reading; 0: read again */
};

#define SWIRL__IPC_INLINE_MAX (60 * 1024)
#define SWIRL__IPC_MORE 0x40000

typedef struct swirl__ipc_respond {
  int32_t status;
  int32_t flags;
  uint64_t hlen;
} swirl__ipc_respond;

typedef struct swirl__ipc_sendfile {
  int64_t offset;
  int64_t length;
  int32_t status;
  int32_t pad;
  uint64_t hlen;
} swirl__ipc_sendfile;

typedef struct swirl__ipc_event {
  int32_t type;
  int32_t listener;
  int32_t reactor_id;
  int32_t pad;
  int64_t status;
  int64_t flags;
  uint64_t data_len;
} swirl__ipc_event;

/* reactor.c */
int swirl__rx_init(swirl__reactor *rx, swirl_server *srv, int id,
                   uv_loop_t *loop, int threaded);
int swirl__rx_listen(swirl__reactor *rx, int datagrams);
void swirl__rx_stop_accept(swirl__reactor *rx);
void swirl__rx_close_all(swirl__reactor *rx);
/* Seconds a connection may stay silent (heartbeat), 0 for no limit. */
int64_t swirl__idle_limit(const swirl_server *srv);
int32_t swirl__rx_send(swirl__reactor *rx, uint64_t id, const char *data,
                       size_t len);
int32_t swirl__rx_close(swirl__reactor *rx, uint64_t id, int reset);
swirl__conn *swirl__rx_conn(swirl__reactor *rx, uint64_t id);
void swirl__rx_emit(swirl__reactor *rx, swirl__conn *c, swirl_event *ev);
void swirl__rx_handle_message(swirl__reactor *rx, const swirl__ipc_hdr *h,
                              const char *data);
int32_t swirl__sendto(swirl_server *srv, const char *addr, int port,
                      const char *data, size_t len, int listener);
int32_t swirl__rx_threads_start(swirl_server *srv);
void swirl__rx_threads_command(swirl_server *srv, int cmd);
void swirl__rx_threads_join(swirl_server *srv);
enum { SWIRL__RX_CMD_STOP_ACCEPT = 1, SWIRL__RX_CMD_STOP = 2,
       SWIRL__RX_CMD_RELOAD_TLS = 4 };

/* master.c: the PROCESS-mode master. */
int32_t swirl__master_run(swirl_server *srv);

/* manager.c: supervises workers; returns in the master after shutdown. */
int32_t swirl__manager_run(swirl_server *srv);

/* worker.c: runs worker `id` in this (forked) process; never returns. */
void swirl__worker_main(swirl_server *srv, int id) __attribute__((noreturn));
void swirl__user_process_main(swirl_server *srv, int index)
    __attribute__((noreturn));
int32_t swirl__worker_send(swirl_server *srv, uint64_t conn, const char *data,
                           size_t len);
int32_t swirl__worker_pause(swirl_server *srv, uint64_t id, int pause);
int32_t swirl__rx_pause(swirl__reactor *rx, uint64_t id, int pause);
int32_t swirl__worker_close(swirl_server *srv, uint64_t conn, int reset);
int swirl__worker_exist(swirl_server *srv, uint64_t conn);
void swirl__worker_count_request(swirl_server *srv);
int32_t swirl__conn_can_send(swirl__conn *c, size_t len);
int32_t swirl__conn_writev(swirl__conn *c, uv_buf_t *bufs, int nbufs);
/* Writes bytes to the socket itself, past TLS (tls.c uses it). */
int32_t swirl__conn_raw_writev(swirl__conn *c, const uv_buf_t *bufs, int nbufs);
/* Hands bytes read from c (decrypted, on a TLS port) to its protocol. */
void swirl__conn_input(swirl__conn *c, const char *data, size_t len);
void swirl__conn_receive(swirl__conn *c, const char *data, size_t len);
/* Raises an event of the server itself (START, SHUTDOWN, MANAGER_*). */
void swirl__emit_simple(swirl_server *srv, int type);
/* The connection is open (after the TLS handshake, if any): CONNECT. */
void swirl__conn_opened(swirl__conn *c);

/* tls.c: TLS through memory BIOs. */
void *swirl__tls_ctx_new(const swirl__config *pc, char *msg, size_t msgsize);
void swirl__tls_ctx_free(void *ctx);
int32_t swirl__tls_check(swirl_server *srv);
int swirl__tls_accept(swirl__conn *c, void *ctx);
int swirl__tls_ready(const swirl__conn *c);
void swirl__tls_feed(swirl__conn *c, const char *data, size_t len);
int32_t swirl__tls_write(swirl__conn *c, const uv_buf_t *bufs, int nbufs);
void swirl__tls_close_notify(swirl__conn *c);
void swirl__tls_free(swirl__conn *c);
void swirl__conn_close_now(swirl__conn *c);
/* Queues `length` bytes of file `path` from `offset` (length 0: to its
 * end) after what is queued for c; read in chunks as the socket drains.
 * Returns the number of bytes it will send, or a negative code. */
int64_t swirl__conn_sendfile(swirl__conn *c, const char *path, int64_t offset,
                             int64_t length);
int32_t swirl__rx_sendfile(swirl__reactor *rx, uint64_t id, const char *path,
                           int64_t offset, int64_t length);
int32_t swirl__worker_sendfile(swirl_server *srv, uint64_t id,
                               const char *path, int64_t offset,
                               int64_t length);
int32_t swirl__http_sendfile(swirl__reactor *rx, uint64_t conn, int32_t status,
                             const char *headers, size_t hlen,
                             const char *path, int64_t offset, int64_t length);
int32_t swirl__worker_http_sendfile(swirl_server *srv, uint64_t conn,
                                    int32_t status, const char *headers,
                                    size_t hlen, const char *path,
                                    int64_t offset, int64_t length);
void swirl__conn_close_graceful(swirl__conn *c);

/* proto.c: EOF and length framing of a connection's bytes. */
int swirl__proto_framed(const swirl__config *pc);
void swirl__proto_feed(swirl__conn *c, const char *data, size_t len);
void swirl__proto_free(swirl__conn *c);

/* The value of header `name` in a block of "Name: value\r\n" lines, or
 * NULL; *len gets its length, surrounding blanks trimmed (http.c). */
const char *swirl__header_value(const char *block, size_t blen,
                                const char *name, size_t *len);

/* ws.c: WebSocket on a connection. */
int swirl__utf8_valid(const unsigned char *s, size_t n);
int swirl__ws_is_upgrade(const char *hdrs, size_t hlen);
void swirl__ws_accept(swirl__conn *c, const char *head, size_t headlen,
                      const char *hdrs, size_t hlen, const char *rest,
                      size_t restlen);
int swirl__ws_switch(swirl__conn *c);
void swirl__ws_feed(swirl__conn *c, const char *data, size_t len);
void swirl__ws_free(swirl__conn *c);
int32_t swirl__ws_push(swirl__reactor *rx, uint64_t id, const char *data,
                       size_t len, int32_t opcode, int32_t flags);
int32_t swirl__ws_disconnect(swirl__reactor *rx, uint64_t id, int32_t code,
                             const char *reason, size_t rlen);
/* A PROCESS worker calls this after the callback of each event from a
 * reactor thread (answers a close frame the callback left unanswered). */
void swirl__ws_after_event(swirl_server *srv, const swirl_event *ev);
int32_t swirl__worker_ws_push(swirl_server *srv, uint64_t id, const char *data,
                              size_t len, int32_t opcode, int32_t flags);
int32_t swirl__worker_ws_disconnect(swirl_server *srv, uint64_t id,
                                    int32_t code, const char *reason,
                                    size_t rlen);

/* http.c: HTTP/1.x on a connection. */
int swirl__http_conn_init(swirl__conn *c);
void swirl__http_conn_free(swirl__conn *c);
void swirl__http_feed(swirl__conn *c, const char *data, size_t len);
void swirl__http_rx_init(swirl__reactor *rx);
int32_t swirl__http_respond(swirl__reactor *rx, uint64_t conn, int32_t status,
                            const char *headers, size_t hlen, const char *body,
                            size_t blen, int32_t flags);
/* Answers c's pending request with an error page and closes it. */
void swirl__http_abort(swirl__conn *c, int status);
int swirl__http_pending_count(const swirl__conn *c);
/* Forgets the copy kept to send c's request again (it was answered). */
void swirl__rx_retry_drop(swirl__conn *c);
/* 1 if c has a request that has not been answered yet. */
int swirl__http_pending(const swirl__conn *c);
int32_t swirl__http_write(swirl__reactor *rx, uint64_t conn, const char *data,
                          size_t len, int32_t end);
/* worker.c: the API's HTTP calls, routed to the connection's holder. */
int32_t swirl__worker_http_respond(swirl_server *srv, uint64_t conn,
                                   int32_t status, const char *headers,
                                   size_t hlen, const char *body, size_t blen,
                                   int32_t flags);
int32_t swirl__worker_http_write(swirl_server *srv, uint64_t conn,
                                 const char *data, size_t len, int32_t end);

/* loop.c: the process's loop, timers and deferred calls. */
uv_loop_t *swirl__loop(void);
void swirl__loop_adopt(uv_loop_t *loop);
void swirl__loop_forget(void);
int64_t swirl__watch_add(int fd, int events);
int32_t swirl__watch_set(int64_t id, int events);
int32_t swirl__watch_del(int64_t id);
/* Waits up to timeout_ms (-1: no limit) for one of the blocked signals of
 * set, running the process's timers meanwhile. Returns the signal number
 * with *info filled, or -1 (timeout, interruption). */
int swirl__sigwait(const sigset_t *set, siginfo_t *info, int64_t timeout_ms);
void swirl__sigwait_forget(void);
int32_t swirl__loop_on_event(swirl_event_cb cb, void *ud);
int64_t swirl__timer_add(int64_t ms, int repeat);
int32_t swirl__timer_clear(int64_t id);
int32_t swirl__timer_exists(int64_t id);
int32_t swirl__timer_count(void);
int32_t swirl__timer_clear_all(void);
int64_t swirl__defer(void);
int32_t swirl__loop_run(void);
int32_t swirl__loop_stop(void);

/* task.c: tasks, results and messages between workers. */
int32_t swirl__ipc_create(swirl_server *srv);
void swirl__ipc_close(swirl_server *srv);
void swirl__ipc_queue_remove(swirl_server *srv);
/* Sends the messages a worker has batched for the reactors now. */
void swirl__ipc_flush(swirl_server *srv);
/* Writes now what the connection being read has gathered (see on_read). */
void swirl__rx_uncork(swirl__reactor *rx);
/* The server of this worker process, or NULL. */
extern swirl_server *swirl__worker_srv;
int32_t swirl__ipc_worker_init(swirl_server *srv);
int64_t swirl__task(swirl_server *srv, const char *data, size_t len,
                    int32_t dst, int32_t flags);
int32_t swirl__finish_to(swirl_server *srv, int32_t src, int64_t task_id,
                         const char *data, size_t len, int32_t flags);
int32_t swirl__finish(swirl_server *srv, const char *data, size_t len,
                      int32_t flags);
int32_t swirl__send_message(swirl_server *srv, const char *data, size_t len,
                            int32_t dst, int32_t flags);
/* Sends a message to channel dst, blocking up to a second for room;
 * payloads over one datagram go in fragments (connection traffic) or
 * through a file in task_tmpdir (tasks, results, messages). */
int32_t swirl__ipc_send(swirl_server *srv, int dst, int type, int64_t id,
                        int32_t flags, const char *p1, size_t l1,
                        const char *p2, size_t l2);
/* Reassembles fragments: returns 1 with a complete message in h and
 * *data (valid until the next call), 0 while more fragments are due. */
int swirl__ipc_assemble(struct swirl__buf **slots, int nslots,
                        swirl__ipc_hdr *h, const char **data);
extern __thread int swirl__ipc_self;
int32_t swirl__task_wait(swirl_server *srv, int64_t id, double timeout,
                         char **out, size_t *out_len, int32_t *out_flags);
int32_t swirl__taskwait(swirl_server *srv, const char *data, size_t len,
                        double timeout, int32_t dst, int32_t flags,
                        char **out, size_t *out_len, int32_t *out_flags);

/* The live session entry of conn, or NULL. */
static inline swirl__session *swirl__session_get(swirl_server *srv,
                                                 uint64_t conn) {
  swirl__session *e;
  if (srv->sessions == NULL || conn == 0) return NULL;
  e = &srv->sessions[conn & (srv->sessions_cap - 1)];
  return atomic_load(&e->id) == conn ? e : NULL;
}

/* Number of worker processes of every kind (event + task workers). */
#define SWIRL__NWORKERS(srv) \
  ((int)((srv)->cfg.worker_num + (srv)->cfg.task_worker_num))
/* The manager's slots: workers, then user processes (addProcess). */
#define SWIRL__NSLOTS(srv) (SWIRL__NWORKERS(srv) + (srv)->nprocs)
#define SWIRL__MAX_PROCS 64

void swirl__set_role_name(const char *fmt, int n);

/* Monotonic milliseconds. */
int64_t swirl__now_ms(void);

#endif /* SWIRL_INTERNAL_H */
