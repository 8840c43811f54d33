/*
 * error.c: the one list of error codes, from which swirl_strerror() and
 * swirl_err_name() are generated, and the per-thread message of failures
 * that have no server to hold them.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* X(name, sentence). Every enumerator of enum swirl_error appears once; the
 * switch below has no default, so -Wswitch reports one that is missing. */
#define SWIRL__ERRNO_MAP(X)                                                   \
  X(OK, "success")                                                            \
  X(EPERM, "operation not permitted")                                         \
  X(ENOENT, "no such file or directory")                                      \
  X(EINTR, "interrupted system call")                                         \
  X(EIO, "i/o error")                                                         \
  X(EBADF, "bad file descriptor")                                             \
  X(EAGAIN, "resource temporarily unavailable")                               \
  X(ENOMEM, "not enough memory")                                              \
  X(EACCES, "permission denied")                                              \
  X(EBUSY, "resource busy or locked")                                         \
  X(EEXIST, "file already exists")                                            \
  X(EINVAL, "invalid argument")                                               \
  X(EMFILE, "too many open files")                                            \
  X(ENOSPC, "no space left on device")                                        \
  X(EPIPE, "broken pipe")                                                     \
  X(ERANGE, "result too large")                                               \
  X(ENOSYS, "function not implemented")                                       \
  X(ENOTSUP, "operation not supported")                                       \
  X(EADDRINUSE, "address already in use")                                     \
  X(EADDRNOTAVAIL, "address not available")                                   \
  X(ECONNRESET, "connection reset by peer")                                   \
  X(ETIMEDOUT, "connection timed out")                                        \
  X(ECONNREFUSED, "connection refused")                                       \
  X(ECANCELED, "operation canceled")                                          \
  X(EINVALID_PARAMS, "invalid parameters")                                    \
  X(EWRONG_OPERATION, "operation not allowed in this state")                  \
  X(EUNKNOWN_OPTION, "unknown option")                                        \
  X(EOPTION_TYPE, "option value has the wrong type")                          \
  X(EOPTION_RANGE, "option value out of range")                               \
  X(ESESSION_CLOSED_BY_SERVER, "session closed by server")                    \
  X(ESESSION_CLOSED_BY_CLIENT, "session closed by client")                    \
  X(ESESSION_CLOSING, "session is closing")                                   \
  X(ESESSION_CLOSED, "session is closed")                                     \
  X(ESESSION_NOT_EXIST, "session does not exist")                             \
  X(ESESSION_INVALID_ID, "invalid session id")                                \
  X(EOUTPUT_BUFFER_OVERFLOW, "output buffer overflow")                        \
  X(EWEBSOCKET_BAD_OPCODE, "bad websocket opcode")                          \
  X(EWEBSOCKET_UNCONNECTED, "not a websocket connection")                    \
  X(ESERVER_ONLY_START_ONE, "the server can only be started once")            \
  X(ESERVER_SEND_IN_MASTER, "cannot send in the master process")             \
  X(ESERVER_INVALID_LISTEN_PORT, "invalid listen port")                       \
  X(ESERVER_WORKER_EXIT_TIMEOUT, "worker exit timeout, forced to terminate")

const char *swirl__strerror(int32_t code) {
  switch ((enum swirl_error)code) {
#define X(name, msg) \
  case SWIRL_##name: \
    return msg;
    SWIRL__ERRNO_MAP(X)
#undef X
  }
  if (code < 0 && code > -1000) return strerror(-code);
  return "unknown error";
}

const char *swirl__err_name(int32_t code) {
  switch ((enum swirl_error)code) {
#define X(name, msg) \
  case SWIRL_##name: \
    return #name;
    SWIRL__ERRNO_MAP(X)
#undef X
  }
  return "UNKNOWN";
}

/* Each thread's last message, allocated on its first failure: a pointer
 * keeps the library's thread-local block small, which matters because it
 * is taken from glibc's static TLS reserve (see http.c). */
#define ERRMSG_SIZE 512
static __thread char *last_errmsg;

const char *swirl__last_errmsg(void) {
  return last_errmsg != NULL ? last_errmsg : "";
}

int32_t swirl__fail(int32_t code, const char *fmt, ...) {
  va_list ap;
  if (last_errmsg == NULL && (last_errmsg = swirl__malloc(ERRMSG_SIZE)) == NULL)
    return code;
  va_start(ap, fmt);
  vsnprintf(last_errmsg, ERRMSG_SIZE, fmt, ap);
  va_end(ap);
  return code;
}

int32_t swirl__srv_fail(swirl_server *srv, int32_t code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(srv->errmsg, sizeof(srv->errmsg), fmt, ap);
  va_end(ap);
  srv->last_error = code;
  return code;
}
