/*
 * log.c: the server's log lines, in Swoole's format:
 *   [2026-11-28 11:00:00 $1234.0]\tWARNING\tmessage
 * where the character before the pid is the role ('#' master, '$' manager,
 * '*' worker, '^' task worker) and the number after the dot the worker id.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static int log_fd = 2;
static int log_level = SWIRL_LOG_INFO;
static char log_role = '#';
static int log_worker = 0;

void swirl__log_set(int fd, int level, char role) {
  if (fd >= 0) log_fd = fd;
  if (level >= 0) log_level = level;
  if (role != 0) log_role = role;
}

void swirl__log_worker(int id) { log_worker = id; }

static char *log_path;
static int log_stdio; /* daemonized: stdout and stderr go to the log too */

void swirl__log_open(const char *path, int stdio) {
  swirl__free(log_path);
  log_path = path != NULL ? swirl__strndup(path, strlen(path)) : NULL;
  log_stdio = stdio;
}

/* Opens the log file again (after rotation: SIGRTMIN, as in Swoole). */
void swirl__log_reopen(void) {
  int fd;
  if (log_path == NULL) return;
  fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    swirl__log(SWIRL_LOG_ERROR, "cannot reopen log_file %s: %s", log_path,
               strerror(errno));
    return;
  }
  if (log_stdio) {
    dup2(fd, 1);
    dup2(fd, 2);
  }
  if (log_fd > 2) {
    dup2(fd, log_fd); /* keep the number other code may hold */
    close(fd);
  } else {
    log_fd = fd;
  }
}

static const char *level_name(int level) {
  switch (level) {
    case SWIRL_LOG_DEBUG: return "DEBUG";
    case SWIRL_LOG_TRACE: return "TRACE";
    case SWIRL_LOG_INFO: return "INFO";
    case SWIRL_LOG_NOTICE: return "NOTICE";
    case SWIRL_LOG_WARNING: return "WARNING";
    default: return "ERROR";
  }
}

/* Writes one line with a single write(2), so lines of several processes
 * sharing the file never interleave. */
void swirl__log(int level, const char *fmt, ...) {
  char line[1024];
  struct tm tm;
  time_t now;
  int n, m;
  va_list ap;
  if (level < log_level) return;
  now = time(NULL);
  localtime_r(&now, &tm);
  n = snprintf(line, sizeof(line), "[%04d-%02d-%02d %02d:%02d:%02d %c%d.%d]\t%s\t",
               tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
               tm.tm_min, tm.tm_sec, log_role, (int)getpid(), log_worker,
               level_name(level));
  va_start(ap, fmt);
  m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
  va_end(ap);
  if (m < 0) m = 0;
  n += m;
  if (n > (int)sizeof(line) - 2) n = sizeof(line) - 2;
  line[n++] = '\n';
  if (write(log_fd, line, n) < 0) { /* nowhere left to report it */ }
}
