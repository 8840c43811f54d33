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
} opt_def;

#define OFF(f) offsetof(swirl__config, f)
#define I64MAX INT64_MAX

static const opt_def opts[] = {
  {"worker_num", 'i', OFF(worker_num), 1, SWIRL__MAX_WORKERS, NULL},
  {"reactor_num", 'i', OFF(reactor_num), 1, 256, NULL},
  {"max_request", 'i', OFF(max_request), 0, I64MAX, NULL},
  {"max_connection", 'i', OFF(max_connection), 1, 1000000, NULL},
  {"max_conn", 'i', OFF(max_connection), 1, 1000000, NULL},
  {"backlog", 'i', OFF(backlog), 1, 65535, NULL},
  {"socket_buffer_size", 'i', OFF(socket_buffer_size), 4096, I64MAX, NULL},
  {"output_buffer_size", 'i', OFF(output_buffer_size), 4096, I64MAX, NULL},
  {"buffer_output_size", 'i', OFF(output_buffer_size), 4096, I64MAX, NULL},
  {"max_wait_time", 'i', OFF(max_wait_time), 0, 86400, NULL},
  {"dispatch_mode", 'i', OFF(dispatch_mode), 1, 5, NULL},
  {"task_worker_num", 'i', OFF(task_worker_num), 0, SWIRL__MAX_WORKERS, NULL},
  {"task_max_request", 'i', OFF(task_max_request), 0, I64MAX, NULL},
  {"task_ipc_mode", 'i', OFF(task_ipc_mode), 1, 3, NULL},
  {"task_tmpdir", 's', OFF(task_tmpdir), 0, 0, NULL},
  {"log_level", 'i', OFF(log_level), 0, 6, NULL},
  {"open_tcp_nodelay", 'b', OFF(open_tcp_nodelay), 0, 1, NULL},
  {"daemonize", 'b', OFF(daemonize), 0, 1, NULL},
  {"enable_reuse_port", 'b', OFF(enable_reuse_port), 0, 1, NULL},
  {"open_http_protocol", 'b', OFF(open_http_protocol), 0, 1, NULL},
  {"package_max_length", 'i', OFF(package_max_length), 1, 1LL << 40, NULL},
  {"http_parse_post", 'b', OFF(http_parse_post), 0, 1, NULL},
  {"http_parse_cookie", 'b', OFF(http_parse_cookie), 0, 1, NULL},
  {"http_parse_files", 'b', OFF(http_parse_files), 0, 1, NULL},
  {"http_compression", 'b', OFF(http_compression), 0, 1, NULL},
  {"http_compression_level", 'i', OFF(http_compression_level), 1, 9, NULL},
  {"http_request_timeout", 'd', OFF(http_request_timeout), 0, 86400, NULL},
  {"upload_tmp_dir", 's', OFF(upload_tmp_dir), 0, 0, NULL},
  {"log_file", 's', OFF(log_file), 0, 0, NULL},
  {"pid_file", 's', OFF(pid_file), 0, 0, NULL},
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
}

void swirl__config_free(swirl__config *cfg) {
  swirl__free(cfg->log_file);
  swirl__free(cfg->pid_file);
  swirl__free(cfg->upload_tmp_dir);
  swirl__free(cfg->task_tmpdir);
  cfg->log_file = cfg->pid_file = cfg->upload_tmp_dir = cfg->task_tmpdir = NULL;
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
