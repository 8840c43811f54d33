/*
 * options.c: the server options, set by Swoole's names. One table says each
 * option's type, range and where it lives; setters and getters are checked
 * against it, so an unknown name or a wrong type is an error that names the
 * option instead of being ignored.
 */
#include "internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct opt_def {
  const char *name;
  int type;           /* SWIRL__OPT_* */
  size_t offset;      /* into swirl__config */
  int64_t min, max;   /* for integers */
  const char *unsupported; /* non-NULL: only the default is accepted, why */
  int port;           /* may be set per port */
} opt_def;

#define OFF(f) offsetof(swirl__config, f)
#define I64MAX INT64_MAX

static const opt_def opts[] = {
  {"worker_num", 'i', OFF(worker_num), 1, SWIRL__MAX_WORKERS, NULL, 0},
  {"reactor_num", 'i', OFF(reactor_num), 1, 256, NULL, 0},
  {"max_request", 'i', OFF(max_request), 0, I64MAX, NULL, 0},
  {"max_connection", 'i', OFF(max_connection), 1, 1000000, NULL, 0},
  {"max_conn", 'i', OFF(max_connection), 1, 1000000, NULL, 0},
  {"backlog", 'i', OFF(backlog), 1, 65535, NULL, 0},
  {"socket_buffer_size", 'i', OFF(socket_buffer_size), 4096, I64MAX, NULL, 0},
  {"output_buffer_size", 'i', OFF(output_buffer_size), 4096, I64MAX, NULL, 0},
  {"buffer_output_size", 'i', OFF(output_buffer_size), 4096, I64MAX, NULL, 0},
  {"max_wait_time", 'i', OFF(max_wait_time), 0, 86400, NULL, 0},
  {"dispatch_mode", 'i', OFF(dispatch_mode), 1, 5, NULL, 0},
  {"enable_unsafe_event", 'b', OFF(enable_unsafe_event), 0, 1, NULL, 0},
  {"enable_delay_receive", 'b', OFF(enable_delay_receive), 0, 1, NULL, 0},
  {"task_worker_num", 'i', OFF(task_worker_num), 0, SWIRL__MAX_WORKERS, NULL, 0},
  {"task_max_request", 'i', OFF(task_max_request), 0, I64MAX, NULL, 0},
  {"task_ipc_mode", 'i', OFF(task_ipc_mode), 1, 3, NULL, 0},
  {"message_queue_key", 'i', OFF(message_queue_key), 0, 0x7fffffff, NULL, 0},
  {"task_tmpdir", 's', OFF(task_tmpdir), 0, 0, NULL, 0},
  {"log_level", 'i', OFF(log_level), 0, 6, NULL, 0},
  {"heartbeat_check_interval", 'i', OFF(heartbeat_check_interval), 0, 86400, NULL, 0},
  {"heartbeat_idle_time", 'i', OFF(heartbeat_idle_time), 0, 86400 * 30, NULL, 0},
  {"open_tcp_nodelay", 'b', OFF(open_tcp_nodelay), 0, 1, NULL, 1},
  {"open_tcp_keepalive", 'b', OFF(open_tcp_keepalive), 0, 1, NULL, 1},
  {"tcp_keepidle", 'i', OFF(tcp_keepidle), 0, 32767, NULL, 1},
  {"tcp_keepinterval", 'i', OFF(tcp_keepinterval), 0, 32767, NULL, 1},
  {"tcp_keepcount", 'i', OFF(tcp_keepcount), 0, 127, NULL, 1},
  {"tcp_user_timeout", 'i', OFF(tcp_user_timeout), 0, I64MAX / 2, NULL, 1},
  {"tcp_fastopen", 'i', OFF(tcp_fastopen), 0, 65535, NULL, 1},
  {"kernel_socket_recv_buffer_size", 'i', OFF(kernel_socket_recv_buffer_size), 0,
   1 << 30, NULL, 1},
  {"kernel_socket_send_buffer_size", 'i', OFF(kernel_socket_send_buffer_size), 0,
   1 << 30, NULL, 1},
  {"daemonize", 'b', OFF(daemonize), 0, 1, NULL, 0},
  {"enable_reuse_port", 'b', OFF(enable_reuse_port), 0, 1, NULL, 0},
  {"tcp_defer_accept", 'i', OFF(tcp_defer_accept), 0, 3600, NULL, 0},
  {"open_http_protocol", 'b', OFF(open_http_protocol), 0, 1, NULL, 1},
  {"open_websocket_protocol", 'b', OFF(open_websocket_protocol), 0, 1, NULL, 1},
  {"open_websocket_close_frame", 'b', OFF(open_websocket_close_frame), 0, 1, NULL, 1},
  {"open_websocket_ping_frame", 'b', OFF(open_websocket_ping_frame), 0, 1, NULL, 1},
  {"open_websocket_pong_frame", 'b', OFF(open_websocket_pong_frame), 0, 1, NULL, 1},
  {"websocket_subprotocol", 's', OFF(websocket_subprotocol), 0, 0, NULL, 1},
  {"ssl_cert_file", 's', OFF(ssl_cert_file), 0, 0, NULL, 1},
  {"ssl_key_file", 's', OFF(ssl_key_file), 0, 0, NULL, 1},
  {"ssl_ciphers", 's', OFF(ssl_ciphers), 0, 0, NULL, 1},
  {"ssl_client_cert_file", 's', OFF(ssl_client_cert_file), 0, 0, NULL, 1},
  {"ssl_sni_certs", 's', OFF(ssl_sni_certs), 0, 0, NULL, 1},
  {"ssl_ecdh_curve", 's', OFF(ssl_ecdh_curve), 0, 0, NULL, 1},
  {"ssl_protocols", 'i', OFF(ssl_protocols), 0, 0xff, NULL, 1},
  {"ssl_method", 'i', OFF(ssl_method), 0, 100, NULL, 1},
  {"ssl_verify_peer", 'b', OFF(ssl_verify_peer), 0, 1, NULL, 1},
  {"ssl_verify_depth", 'i', OFF(ssl_verify_depth), 0, 100, NULL, 1},
  {"ssl_allow_self_signed", 'b', OFF(ssl_allow_self_signed), 0, 1, NULL, 1},
  {"ssl_prefer_server_ciphers", 'b', OFF(ssl_prefer_server_ciphers), 0, 1, NULL, 1},
  {"ssl_handshake_timeout", 'd', OFF(ssl_handshake_timeout), 0, 86400, NULL, 1},
  {"enable_static_handler", 'b', OFF(enable_static_handler), 0, 1, NULL, 1},
  {"document_root", 's', OFF(document_root), 0, 0, NULL, 1},
  {"static_handler_locations", 's', OFF(static_handler_locations), 0, 0, NULL, 1},
  {"http_index_files", 's', OFF(http_index_files), 0, 0, NULL, 1},
  {"http_autoindex", 'b', OFF(http_autoindex), 0, 1, NULL, 1},
  {"open_eof_check", 'b', OFF(open_eof_check), 0, 1, NULL, 1},
  {"open_eof_split", 'b', OFF(open_eof_split), 0, 1, NULL, 1},
  {"package_eof", 's', OFF(package_eof), 0, 0, NULL, 1},
  {"open_length_check", 'b', OFF(open_length_check), 0, 1, NULL, 1},
  {"package_length_type", 's', OFF(package_length_type), 0, 0, NULL, 1},
  {"package_length_offset", 'i', OFF(package_length_offset), 0, 1 << 20, NULL, 1},
  {"package_body_offset", 'i', OFF(package_body_offset), 0, 1 << 20, NULL, 1},
  {"package_max_length", 'i', OFF(package_max_length), 1, 1LL << 40, NULL, 1},
  {"http_parse_post", 'b', OFF(http_parse_post), 0, 1, NULL, 0},
  {"http_parse_cookie", 'b', OFF(http_parse_cookie), 0, 1, NULL, 0},
  {"http_parse_files", 'b', OFF(http_parse_files), 0, 1, NULL, 0},
  {"http_compression", 'b', OFF(http_compression), 0, 1, NULL, 0},
  {"http_compression_level", 'i', OFF(http_compression_level), 1, 9, NULL, 0},
  {"http_request_timeout", 'd', OFF(http_request_timeout), 0, 86400, NULL, 0},
  {"upload_tmp_dir", 's', OFF(upload_tmp_dir), 0, 0, NULL, 0},
  {"log_file", 's', OFF(log_file), 0, 0, NULL, 0},
  {"user", 's', OFF(user), 0, 0, NULL, 0},
  {"group", 's', OFF(group), 0, 0, NULL, 0},
  {"pid_file", 's', OFF(pid_file), 0, 0, NULL, 0},
};

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static const opt_def *find_opt(const char *name, size_t nlen) {
  size_t i;
  for (i = 0; i < NOPTS; i++) {
    if (strlen(opts[i].name) == nlen && memcmp(opts[i].name, name, nlen) == 0)
      return &opts[i];
  }
  return NULL;
}

static const char *type_name(int t) {
  switch (t) {
    case 'i': return "an integer";
    case 'b': return "a boolean";
    case 'd': return "a number";
    default: return "a string";
  }
}

void swirl__config_init(swirl__config *cfg) {
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  if (ncpu < 1) ncpu = 1;
  memset(cfg, 0, sizeof(*cfg));
  cfg->worker_num = ncpu;
  cfg->reactor_num = ncpu;
  cfg->max_request = 0;
  cfg->max_connection = 20000;
  cfg->backlog = 512;
  cfg->socket_buffer_size = 2 * 1024 * 1024;
  cfg->output_buffer_size = 4294967295LL;
  cfg->max_wait_time = 3;
  cfg->dispatch_mode = 2;
  cfg->task_worker_num = 0;
  cfg->log_level = SWIRL_LOG_INFO;
  cfg->package_max_length = 2 * 1024 * 1024;
  cfg->http_parse_post = 1;
  cfg->http_parse_cookie = 1;
  cfg->http_parse_files = 1;
  cfg->http_compression = 1;
  cfg->http_compression_level = 1;
  cfg->http_request_timeout = 60;
  cfg->upload_tmp_dir = swirl__strndup("/tmp", 4);
  cfg->task_tmpdir = swirl__strndup("/tmp", 4);
  cfg->task_ipc_mode = 1;
  cfg->package_eof = swirl__strndup("\r\n", 2);
  cfg->ssl_handshake_timeout = 30;
  cfg->package_length_type = swirl__strndup("N", 1);
}

int swirl__config_is_port_option(const char *name, size_t nlen) {
  const opt_def *o = find_opt(name, nlen);
  return o != NULL && o->port;
}

/* Copies src into dst, strings duplicated. Returns 0 or SWIRL_ENOMEM. */
int swirl__config_copy(swirl__config *dst, const swirl__config *src) {
  size_t i;
  *dst = *src;
  for (i = 0; i < NOPTS; i++) {
    char **f;
    if (opts[i].type != 's') continue;
    f = (char **)((char *)dst + opts[i].offset);
    if (*f != NULL && (*f = swirl__strndup(*f, strlen(*f))) == NULL)
      return SWIRL_ENOMEM;
  }
  return 0;
}

/* Puts every per-port option of cfg back to its default, as Swoole does
 * for a port given settings of its own: such a port inherits nothing of
 * the server's protocol. Returns 0 or SWIRL_ENOMEM. */
int swirl__config_reset_port(swirl__config *cfg) {
  swirl__config def;
  size_t i;
  int32_t rc = 0;
  swirl__config_init(&def);
  for (i = 0; i < NOPTS; i++) {
    char *to = (char *)cfg + opts[i].offset;
    const char *from = (const char *)&def + opts[i].offset;
    if (!opts[i].port) continue;
    if (opts[i].type == 's') {
      char **f = (char **)to;
      const char *d = *(char *const *)from;
      swirl__free(*f);
      *f = d != NULL ? swirl__strndup(d, strlen(d)) : NULL;
      if (d != NULL && *f == NULL) rc = SWIRL_ENOMEM;
    } else {
      memcpy(to, from, opts[i].type == 'd' ? sizeof(double) : sizeof(int64_t));
    }
  }
  swirl__config_free(&def);
  return rc;
}

void swirl__config_free(swirl__config *cfg) {
  swirl__free(cfg->log_file);
  swirl__free(cfg->pid_file);
  swirl__free(cfg->user);
  swirl__free(cfg->group);
  cfg->user = cfg->group = NULL;
  swirl__free(cfg->upload_tmp_dir);
  swirl__free(cfg->task_tmpdir);
  swirl__free(cfg->package_eof);
  swirl__free(cfg->document_root);
  cfg->document_root = NULL;
  swirl__free(cfg->static_handler_locations);
  swirl__free(cfg->http_index_files);
  cfg->static_handler_locations = cfg->http_index_files = NULL;
  swirl__free(cfg->websocket_subprotocol);
  cfg->websocket_subprotocol = NULL;
  swirl__free(cfg->ssl_cert_file);
  swirl__free(cfg->ssl_key_file);
  swirl__free(cfg->ssl_ciphers);
  swirl__free(cfg->ssl_client_cert_file);
  swirl__free(cfg->ssl_sni_certs);
  swirl__free(cfg->ssl_ecdh_curve);
  cfg->ssl_cert_file = cfg->ssl_key_file = cfg->ssl_ciphers = NULL;
  cfg->ssl_client_cert_file = cfg->ssl_sni_certs = cfg->ssl_ecdh_curve = NULL;
  swirl__free(cfg->package_length_type);
  cfg->log_file = cfg->pid_file = cfg->upload_tmp_dir = cfg->task_tmpdir = NULL;
  cfg->package_eof = cfg->package_length_type = NULL;
}

int32_t swirl__config_set(swirl__config *cfg, const char *name, size_t nlen,
                          int type, int64_t i, double d, const char *s,
                          size_t slen, char *msg, size_t msgsize) {
  const opt_def *o = find_opt(name, nlen);
  char *field;
  if (o == NULL) {
    snprintf(msg, msgsize, "unknown option '%.*s'", (int)nlen, name);
    return SWIRL_EUNKNOWN_OPTION;
  }
  field = (char *)cfg + o->offset;
  /* Integers and booleans interconvert; a double is taken by an integer
   * option only when it is whole. */
  if (type == SWIRL__OPT_DOUBLE && (o->type == 'i' || o->type == 'b')) {
    if (d != (double)(int64_t)d) {
      snprintf(msg, msgsize, "option '%s' must be %s, not %g", o->name,
               type_name(o->type), d);
      return SWIRL_EOPTION_TYPE;
    }
    i = (int64_t)d;
    type = SWIRL__OPT_INT;
  }
  if ((o->type == 's') != (type == SWIRL__OPT_STR)) {
    snprintf(msg, msgsize, "option '%s' must be %s", o->name,
             type_name(o->type));
    return SWIRL_EOPTION_TYPE;
  }
  if (o->type == 's') {
    char *copy;
    if (memchr(s, '\0', slen) != NULL) {
      snprintf(msg, msgsize, "option '%s' must not contain a NUL byte",
               o->name);
      return SWIRL_EOPTION_TYPE;
    }
    if (strcmp(o->name, "package_eof") == 0 && (slen < 1 || slen > 8)) {
      snprintf(msg, msgsize, "option 'package_eof' must be 1 to 8 bytes long");
      return SWIRL_EOPTION_RANGE;
    }
    if (strcmp(o->name, "package_length_type") == 0 &&
        (slen != 1 || strchr("cCsSnNvVlLqQJP", s[0]) == NULL)) {
      snprintf(msg, msgsize, "option 'package_length_type' must be one of "
               "the pack() codes c C s S n N v V l L q Q J P, not '%.*s'",
               (int)slen, s);
      return SWIRL_EOPTION_RANGE;
    }
    copy = swirl__strndup(s, slen);
    if (copy == NULL) return SWIRL_ENOMEM;
    swirl__free(*(char **)field);
    *(char **)field = copy;
    return 0;
  }
  if (o->type == 'd') {
    if (type != SWIRL__OPT_DOUBLE) d = (double)i;
    if (!(d >= (double)o->min && d <= (double)o->max)) {
      snprintf(msg, msgsize, "option '%s' is %g, out of its range %lld..%lld",
               o->name, d, (long long)o->min, (long long)o->max);
      return SWIRL_EOPTION_RANGE;
    }
    *(double *)field = d;
    return 0;
  }
  if (o->type == 'b') {
    i = i != 0;
  } else if (i < o->min || i > o->max) {
    snprintf(msg, msgsize,
             "option '%s' is %lld, out of its range %lld..%lld", o->name,
             (long long)i, (long long)o->min, (long long)o->max);
    return SWIRL_EOPTION_RANGE;
  }
  if (o->unsupported != NULL && i != *(int64_t *)field) {
    snprintf(msg, msgsize, "option '%s': %s", o->name, o->unsupported);
    return SWIRL_ENOTSUP;
  }
  *(int64_t *)field = i;
  return 0;
}

int32_t swirl__config_get_int(const swirl__config *cfg, const char *name,
                              size_t nlen, int64_t *out, char *msg,
                              size_t msgsize) {
  const opt_def *o = find_opt(name, nlen);
  if (o == NULL) {
    snprintf(msg, msgsize, "unknown option '%.*s'", (int)nlen, name);
    return SWIRL_EUNKNOWN_OPTION;
  }
  if (o->type == 's') {
    snprintf(msg, msgsize, "option '%s' is a string", o->name);
    return SWIRL_EOPTION_TYPE;
  }
  if (o->type == 'd')
    *out = (int64_t)*(const double *)((const char *)cfg + o->offset);
  else
    *out = *(const int64_t *)((const char *)cfg + o->offset);
  return 0;
}

int32_t swirl__config_list(char *buf, size_t *len) {
  size_t need = 0, i, cap = *len;
  for (i = 0; i < NOPTS; i++) {
    int n = snprintf(buf != NULL && need < cap ? buf + need : NULL,
                     buf != NULL && need < cap ? cap - need : 0, "%s:%c\n",
                     opts[i].name, opts[i].type);
    need += (size_t)n;
  }
  *len = need + 1; /* with the terminating NUL */
  return need + 1 <= cap ? 0 : SWIRL_ERANGE;
}
