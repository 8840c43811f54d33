/*
 * http.c: HTTP/1.0 and 1.1 on a worker's connections, on http-parser.
 *
 * Requests: the parser's callbacks build, per connection, one header block
 *   "METHOD URL HTTP/x.y\r\nName: value\r\n..."
 * and the decoded body (chunked transfer coding removed). When a request is
 * complete it goes to the language in ONE event, SWIRL_EV_REQUEST, with the
 * block in data/len and the body in extra/extra_len; the binding parses the
 * block only as far as the user reads it.
 *
 * Responses: swirl_http_respond() sends status line, headers and body in one
 * write; swirl_http_write() streams chunks. Pipelined requests are kept in
 * a queue of small records (keep-alive, HEAD, version) so that each
 * response is framed for its own request; a response to a request that
 * asked to close ends the connection once written.
 *
 * Limits: a header block over SWIRL__HTTP_MAX_HEAD gets 400, a body over
 * package_max_length 413 (from Content-Length, before the body arrives),
 * a malformed request 400; each is answered and the connection closed, and
 * the worker goes on. A request not complete within http_request_timeout
 * seconds gets 408 and a close.
 */
#define _GNU_SOURCE
#include "internal.h"
#include "buf.h"

#include <http_parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <dirent.h>

#define SWIRL__HTTP_MAX_HEAD (32 * 1024)

enum {
  RQ_KEEP_ALIVE = 1,
  RQ_HEAD = 2,
  RQ_HTTP10 = 4
};

typedef struct swirl__http {
  http_parser parser;
  swirl__buf url;
  swirl__buf hdrs;       /* "Name: value\r\n" lines */
  swirl__buf head;       /* the assembled block handed to the binding */
  swirl__buf body;
  int in_value;          /* the last header callback was a value */
  int in_message;        /* between message begin and complete */
  int expect_continue;   /* Expect: 100-continue was seen */
  int header_is_expect;  /* the current header's name is Expect */
  int chunked_out;       /* a chunked response is being streamed */
  int failed;            /* an error answer was sent: ignore the rest */
  int ws_pending;        /* a WebSocket handshake to answer after parsing */
  int ws_waiting;        /* HANDSHAKE raised: a 101 makes it a WebSocket */
  int in_feed;           /* the parser is running (callbacks inside it) */
  uint64_t body_total;   /* body bytes received (files included) */
  struct multipart *mp;  /* a multipart body being streamed, or NULL */
  int ws_switch;         /* a 101 was sent inside the parser: switch after */
  size_t head_bytes;     /* bytes of request line and headers so far */
  /* Requests delivered and not yet answered, oldest first. */
  uint8_t *rq;
  size_t rq_head, rq_len, rq_cap;
} swirl__http;

static http_parser_settings settings;

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

static const char *reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Request Entity Too Large";
    case 414: return "Request-URI Too Large";
    case 415: return "Unsupported Media Type";
    case 416: return "Requested Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 418: return "I'm a teapot";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Entity";
    case 423: return "Locked";
    case 424: return "Failed Dependency";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 507: return "Insufficient Storage";
    default: return NULL;
  }
}

/* The Date header's value, formatted once a second. */
static const char *http_date(void) {
  /* initial-exec: per-response thread locals without a __tls_get_addr
   * call each time (a few bytes of the static TLS reserve). */
  static __thread char buf[64] __attribute__((tls_model("initial-exec")));
  static __thread time_t last __attribute__((tls_model("initial-exec")));
  time_t now = time(NULL);
  if (now != last) {
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    last = now;
  }
  return buf;
}

/* Writes v in decimal at p (no NUL); returns the digit count. snprintf
 * costs more than the rest of a response head together. */
static size_t fmt_dec(char *p, uint64_t v) {
  char tmp[20];
  size_t n = 0, i;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (i = 0; i < n; i++) p[i] = tmp[n - 1 - i];
  return n;
}

/* The same in lower-case hexadecimal (chunk sizes). */
static size_t fmt_hex(char *p, uint64_t v) {
  char tmp[16];
  size_t n = 0, i;
  do {
    tmp[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v != 0);
  for (i = 0; i < n; i++) p[i] = tmp[n - 1 - i];
  return n;
}

static int rq_push(swirl__http *h, uint8_t v) {
  if (h->rq_head + h->rq_len == h->rq_cap) {
    if (h->rq_head > 0) {
      memmove(h->rq, h->rq + h->rq_head, h->rq_len);
      h->rq_head = 0;
    } else {
      size_t cap = h->rq_cap ? h->rq_cap * 2 : 4;
      uint8_t *p = swirl__realloc(h->rq, cap);
      if (p == NULL) return SWIRL_ENOMEM;
      h->rq = p;
      h->rq_cap = cap;
    }
  }
  h->rq[h->rq_head + h->rq_len++] = v;
  return 0;
}

/* The oldest unanswered request's record; a response with none pending
 * (Response::create) is framed as keep-alive HTTP/1.1. */
static uint8_t rq_front(const swirl__http *h) {
  return h->rq_len > 0 ? h->rq[h->rq_head] : RQ_KEEP_ALIVE;
}

static void rq_pop(swirl__http *h) {
  if (h->rq_len == 0) return;
  h->rq_head++;
  if (--h->rq_len == 0) h->rq_head = 0;
}

/* Answers an error with a small page and closes the connection. */
static void http_fail(swirl__conn *c, int status) {
  swirl__http *h = c->http;
  char buf[512];
  const char *reason = reason_phrase(status);
  int n;
  uv_buf_t b;
  if (h->failed) return;
  h->failed = 1;
  n = snprintf(buf, sizeof(buf),
               "HTTP/1.1 %d %s\r\nServer: swoole-http-server\r\n"
               "Content-Type: text/html\r\nConnection: close\r\n"
               "Content-Length: %zu\r\n\r\n<h1>%d %s</h1>",
               status, reason, strlen(reason) + 13, status, reason);
  b = uv_buf_init(buf, (unsigned)n);
  swirl__conn_writev(c, &b, 1);
  c->by_server = 1;
  swirl__conn_close_graceful(c);
}

const char *swirl__header_value(const char *block, size_t blen,
                                const char *name, size_t *len) {
  size_t nl = strlen(name), i = 0;
  while (i < blen) {
    const char *line = block + i;
    const char *eol = memchr(line, '\n', blen - i);
    size_t ll = eol != NULL ? (size_t)(eol - line) : blen - i;
    if (ll > nl && line[nl] == ':' && strncasecmp(line, name, nl) == 0) {
      const char *v = line + nl + 1, *end = line + ll;
      while (v < end && (*v == ' ' || *v == '\t')) v++;
      while (end > v && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
      *len = (size_t)(end - v);
      return v;
    }
    i += ll + 1;
  }
  return NULL;
}

/* ------------------------------------------------------------------------
 * Static files (enable_static_handler, document_root,
 * static_handler_locations, http_index_files, http_autoindex): answered
 * here, without a trip to the language, as Swoole's StaticHandler answers
 * them (see try_static). What it does not serve goes on to the REQUEST
 * event.
 * ---------------------------------------------------------------------- */

static const char *mime_type(const char *path) {
  static const char *const map[][2] = {
      {"html", "text/html"}, {"htm", "text/html"}, {"css", "text/css"},
      {"js", "application/javascript"}, {"mjs", "application/javascript"},
      {"json", "application/json"}, {"txt", "text/plain"},
      {"xml", "text/xml"}, {"csv", "text/csv"}, {"md", "text/markdown"},
      {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},
      {"gif", "image/gif"}, {"svg", "image/svg+xml"}, {"ico", "image/x-icon"},
      {"webp", "image/webp"}, {"bmp", "image/bmp"}, {"pdf", "application/pdf"},
      {"wasm", "application/wasm"}, {"zip", "application/zip"},
      {"gz", "application/gzip"}, {"tar", "application/x-tar"},
      {"mp3", "audio/mpeg"}, {"mp4", "video/mp4"}, {"webm", "video/webm"},
      {"woff", "font/woff"}, {"woff2", "font/woff2"}, {"ttf", "font/ttf"},
  };
  const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
  size_t i;
  if (dot == NULL || (slash != NULL && dot < slash)) return "application/octet-stream";
  for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
    if (strcasecmp(dot + 1, map[i][0]) == 0) return map[i][1];
  return "application/octet-stream";
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void response_done(swirl__conn *c, int keep_alive);

static int answer_small(swirl__conn *c, int status, const char *extra_hdrs) {
  char head[256];
  int n = snprintf(head, sizeof(head), "%s", extra_hdrs);
  swirl__http_respond(c->rx, c->id, status, head, (size_t)n, "", 0, 0);
  return 1;
}

/* The next entry of an option that lists values one a line (PHP's arrays
 * become such lines); empty lines are skipped. Returns 0 at the end. */
static int next_item(const char **p, const char **item, size_t *len) {
  const char *s = *p;
  while (s != NULL && *s == '\n') s++;
  if (s == NULL || *s == '\0') return 0;
  *item = s;
  while (*s != '\0' && *s != '\n') s++;
  *len = (size_t)(s - *item);
  *p = s;
  return 1;
}

/* An RFC 1123, RFC 850 or asctime date (the forms Swoole's static handler
 * reads) as seconds since the epoch, or -1. */
static int64_t parse_http_date(const char *v, size_t vlen) {
  static const char *const forms[] = {"%a, %d %b %Y %H:%M:%S GMT",
                                      "%a, %d %b %Y %H:%M:%S UTC",
                                      "%A, %d-%b-%y %H:%M:%S GMT",
                                      "%a %b %e %H:%M:%S %Y"};
  char buf[64];
  size_t i;
  if (vlen == 0 || vlen >= sizeof(buf)) return -1;
  memcpy(buf, v, vlen);
  buf[vlen] = '\0';
  for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    if (strptime(buf, forms[i], &tm) != NULL) return (int64_t)timegm(&tm);
  }
  return -1;
}

/* Writes a whole answer the static handler built itself and ends the
 * request (closing the connection if it was not kept alive). */
static int static_raw(swirl__conn *c, const char *data, size_t len) {
  int keep_alive = (rq_front(c->http) & RQ_KEEP_ALIVE) != 0;
  uv_buf_t b = uv_buf_init((char *)data, (unsigned)len);
  swirl__conn_writev(c, &b, 1);
  response_done(c, keep_alive);
  return 1;
}

/* Swoole's 404 of a missing file under a static location. */
static int static_raw_404(swirl__conn *c) {
  static const char page[] =
      "<html><body><h2>HTTP 404 Not Found</h2><hr><i>Powered by Swoole</i>"
      "</body></html>";
  swirl__http_respond(c->rx, c->id, 404, "", 0, page, sizeof(page) - 1, 0);
  return 1;
}

/* Appends s to out with the characters HTML gives a meaning escaped. */
static int append_html(swirl__buf *out, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    const char *e = NULL;
    switch (s[i]) {
      case '<': e = "&lt;"; break;
      case '>': e = "&gt;"; break;
      case '&': e = "&amp;"; break;
      case '"': e = "&quot;"; break;
      case '\'': e = "&#39;"; break;
    }
    if ((e != NULL ? swirl__buf_append(out, e, strlen(e))
                   : swirl__buf_append(out, s + i, 1)) != 0)
      return -1;
  }
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* http_autoindex: answers with Swoole's listing of directory `dir`, whose
 * URL path is url/ulen, names sorted bytewise ("." left out, and ".." at
 * the root). Names and path are HTML-escaped (Swoole writes them raw).
 * Returns 1 when answered, 0 if the directory cannot be read. */
static int static_listing(swirl__conn *c, const char *dir, const char *url,
                          size_t ulen, const char *lm) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL, extra[128];
  size_t n = 0, cap = 0, i;
  swirl__buf page = {0};
  int root = ulen == 1 && url[0] == '/', ok = 0, m;
  if (d == NULL) return 0;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || (root && strcmp(e->d_name, "..") == 0))
      continue;
    if (n == cap) {
      char **p = swirl__realloc(names, (cap = cap ? cap * 2 : 32) * sizeof(*names));
      if (p == NULL) goto done;
      names = p;
    }
    if ((names[n] = swirl__strndup(e->d_name, strlen(e->d_name))) == NULL) goto done;
    n++;
  }
  qsort(names, n, sizeof(*names), cmp_names);
  /* The path ends with a slash in the page, as in Swoole. */
#define APPEND(str) (swirl__buf_append(&page, str, strlen(str)) != 0)
#define PATH() (append_html(&page, url, ulen) != 0 || \
                ((ulen == 0 || url[ulen - 1] != '/') && APPEND("/")))
  if (APPEND("<html>\n<head>\n\t<meta charset='UTF-8'>\n<title>Index of ") ||
      PATH() || APPEND("</title></head>\n<body>\n<h1>Index of ") || PATH() ||
      APPEND("</h1><hr/>\t<ul>\n"))
    goto done;
  for (i = 0; i < n; i++) {
    if (APPEND("\t\t<li><a href=") || PATH() ||
        append_html(&page, names[i], strlen(names[i])) != 0 || APPEND(">") ||
        append_html(&page, names[i], strlen(names[i])) != 0 ||
        APPEND("</a></li>\n"))
      goto done;
  }
  if (APPEND("\t</ul>\n<hr><i>Powered by Swoole</i></body>\n</html>\n")) goto done;
#undef PATH
#undef APPEND
  m = snprintf(extra, sizeof(extra), "Content-Type: text/html\r\nLast-Modified: %s\r\n", lm);
  swirl__http_respond(c->rx, c->id, 200, extra, (size_t)m, page.data, page.len, 0);
  ok = 1;
done:
  closedir(d);
  for (i = 0; i < n; i++) swirl__free(names[i]);
  swirl__free(names);
  swirl__buf_free(&page);
  return ok;
}

/* Serves the request from document_root, as Swoole's StaticHandler does.
 * With static_handler_locations, only URLs that start with one of them
 * (case-insensitively) are looked at, and under those a missing file gets
 * 404 instead of going to the application. A directory is served through
 * the first of http_index_files it holds, else with http_autoindex as a
 * listing; else it goes to the application. If-Modified-Since at or after
 * the modification time gets 304. A path with ".." must stay under the
 * root (else it goes to the application); other paths may follow symbolic
 * links out of it, as in Swoole. A Range of one span gets 206 (Swirl's
 * addition). Returns 1 when answered, 0 to hand the request to the
 * language. */
static int try_static(swirl__conn *c, const char *url, size_t ulen,
                      const char *hdrs, size_t hlen) {
  const swirl__config *pc = c->pc;
  char rel[4096], full[8192], real_root[4096], real[4096], extra[512];
  size_t i, n = 0, plen, rootlen, vlen;
  struct stat st;
  const char *v, *it, *lp;
  int64_t offset = 0, length, since;
  int status = 200, m, last = 0;
  struct tm tm;
  char lm[64];
  for (plen = 0; plen < ulen && url[plen] != '?' && url[plen] != '#'; plen++)
    ;
  if (pc->static_handler_locations != NULL && pc->static_handler_locations[0] != '\0') {
    lp = pc->static_handler_locations;
    while (next_item(&lp, &it, &vlen))
      if (ulen >= vlen && strncasecmp(url, it, vlen) == 0) last = 1;
    if (!last) return 0;
  }
  for (i = 0; i < plen; i++) {
    int ch = url[i];
    if (ch == '%' && i + 2 < plen && hexval(url[i + 1]) >= 0 &&
        hexval(url[i + 2]) >= 0) {
      ch = hexval(url[i + 1]) * 16 + hexval(url[i + 2]);
      i += 2;
    } else if (ch == '+') {
      ch = ' '; /* Swoole decodes the path as a form value */
    }
    if (ch == 0 || n + 1 >= sizeof(rel)) return 0;
    rel[n++] = (char)ch;
  }
  rel[n] = '\0';
  if (n == 0 || rel[0] != '/') return 0;
  if (realpath(pc->document_root, real_root) == NULL) return 0;
  rootlen = strlen(real_root);
  snprintf(full, sizeof(full), "%s%s", real_root, rel);
  if (strstr(rel, "..") != NULL) {
    /* Checked after decoding (Swoole looks at the raw URL only). */
    if (realpath(full, real) == NULL) return last ? static_raw_404(c) : 0;
    if (strncmp(real, real_root, rootlen) != 0 ||
        (real[rootlen] != '/' && real[rootlen] != '\0'))
      return 0;
  }
  if (stat(full, &st) != 0) return last ? static_raw_404(c) : 0;
  if (S_ISDIR(st.st_mode)) {
    if ((pc->http_index_files == NULL || pc->http_index_files[0] == '\0') &&
        !pc->http_autoindex)
      return 0;
  } else if (!S_ISREG(st.st_mode)) {
    return 0;
  }
  gmtime_r(&st.st_mtime, &tm);
  strftime(lm, sizeof(lm), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  v = swirl__header_value(hdrs, hlen, "if-modified-since", &vlen);
  if (v != NULL && (since = parse_http_date(v, vlen)) >= 0 &&
      since >= (int64_t)st.st_mtime) {
    /* Swoole's 304: no length, no type. */
    m = snprintf(extra, sizeof(extra),
                 "HTTP/1.1 304 Not Modified\r\n%sDate: %s\r\nLast-Modified: %s\r\n"
                 "Server: swoole-http-server\r\n\r\n",
                 (rq_front(c->http) & RQ_KEEP_ALIVE) ? "Connection: keep-alive\r\n"
                                                     : "Connection: close\r\n",
                 http_date(), lm);
    return static_raw(c, extra, (size_t)m);
  }
  if (S_ISDIR(st.st_mode)) {
    /* The first index file, in the order given, that the directory has. */
    size_t flen = strlen(full);
    int found = 0;
    lp = pc->http_index_files;
    while (!found && next_item(&lp, &it, &vlen)) {
      snprintf(full + flen, sizeof(full) - flen, "%s%.*s",
               flen > 0 && full[flen - 1] == '/' ? "" : "/", (int)vlen, it);
      if (lstat(full, &st) == 0) found = 1;
    }
    if (found) {
      /* Swoole takes only a regular file (not a link) as index. */
      if (!S_ISREG(st.st_mode)) return 0;
      gmtime_r(&st.st_mtime, &tm);
      strftime(lm, sizeof(lm), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    } else {
      full[flen] = '\0';
      if (!pc->http_autoindex) return 0;
      return static_listing(c, full, url, plen, lm);
    }
  }
  length = st.st_size;
  v = swirl__header_value(hdrs, hlen, "range", &vlen);
  if (v != NULL && vlen > 6 && strncmp(v, "bytes=", 6) == 0 &&
      memchr(v, ',', vlen) == NULL) {
    /* One range: a-b, a-, or -suffix. */
    char spec[64];
    long long a = -1, b = -1;
    char *dash;
    snprintf(spec, sizeof(spec), "%.*s", (int)(vlen - 6), v + 6);
    dash = strchr(spec, '-');
    if (dash != NULL) {
      *dash = '\0';
      if (spec[0] != '\0') a = atoll(spec);
      if (dash[1] != '\0') b = atoll(dash + 1);
      if (a < 0 && b > 0) {
        a = st.st_size > b ? st.st_size - b : 0;
        b = st.st_size - 1;
      } else if (b < 0 || b >= st.st_size) {
        b = st.st_size - 1;
      }
      if (a < 0 || a >= st.st_size || a > b) {
        snprintf(extra, sizeof(extra), "Content-Range: bytes */%lld\r\n",
                 (long long)st.st_size);
        return answer_small(c, 416, extra);
      }
      offset = a;
      length = b - a + 1;
      status = 206;
    }
  }
  m = snprintf(extra, sizeof(extra),
               "Content-Type: %s\r\nLast-Modified: %s\r\nAccept-Ranges: bytes\r\n",
               mime_type(full), lm);
  if (status == 206)
    m += snprintf(extra + m, sizeof(extra) - (size_t)m,
                  "Content-Range: bytes %lld-%lld/%lld\r\n", (long long)offset,
                  (long long)(offset + length - 1), (long long)st.st_size);
  if (length == 0) {
    swirl__http_respond(c->rx, c->id, status, extra, (size_t)m, "", 0, 0);
    return 1;
  }
  swirl__http_sendfile(c->rx, c->id, status, extra, (size_t)m, full, offset,
                       length);
  return 1;
}

/* ------------------------------------------------------------------------
 * Multipart uploads, streamed: the file parts of a multipart/form-data
 * body go to temporary files in upload_tmp_dir as they arrive; the body
 * the binding gets keeps every other byte, and each file part there has
 * no content but one more header, "X-Swirl-Tmpfile: <path>", naming the
 * file that holds it. The files belong to the binding once the request is
 * delivered (it removes them after the request); before that, a request
 * that fails takes its files with it.
 * ---------------------------------------------------------------------- */

enum { MP_PREAMBLE, MP_AFTER_DELIM, MP_HEADERS, MP_CONTENT, MP_EPILOGUE };

typedef struct multipart {
  char delim[80];        /* "\r\n--" boundary */
  size_t dlen;
  int state;
  swirl__buf carry;      /* bytes that may start a delimiter, or headers */
  int fd;                /* the open temporary file, or -1 */
  char **files;          /* every file made for this request */
  size_t nfiles;
} multipart;

static void mp_free(multipart *m, int unlink_files) {
  size_t i;
  if (m == NULL) return;
  if (m->fd >= 0) close(m->fd);
  for (i = 0; i < m->nfiles; i++) {
    if (unlink_files) unlink(m->files[i]);
    swirl__free(m->files[i]);
  }
  swirl__free(m->files);
  swirl__buf_free(&m->carry);
  swirl__free(m);
}

/* Starts streaming if the request is multipart/form-data with a boundary. */
static void mp_start(swirl__conn *c) {
  swirl__http *h = c->http;
  size_t vlen, blen;
  const char *v = swirl__header_value(h->hdrs.data, h->hdrs.len, "content-type",
                                      &vlen), *b, *end;
  multipart *m;
  if (v == NULL || vlen < 19 || strncasecmp(v, "multipart/form-data", 19) != 0 ||
      !c->srv->cfg.http_parse_files)
    return;
  end = v + vlen;
  for (b = v; b + 9 <= end && strncasecmp(b, "boundary=", 9) != 0; b++)
    ;
  if (b + 9 > end) return;
  b += 9;
  blen = 0;
  while (b + blen < end && b[blen] != ';') blen++;
  if (blen >= 2 && b[0] == '"' && b[blen - 1] == '"') {
    b++;
    blen -= 2;
  }
  if (blen == 0 || blen > 70) return;
  m = swirl__calloc(1, sizeof(*m));
  if (m == NULL) return;
  m->fd = -1;
  memcpy(m->delim, "\r\n--", 4);
  memcpy(m->delim + 4, b, blen);
  m->dlen = blen + 4;
  m->state = MP_PREAMBLE;
  h->mp = m;
}

/* Opens the temporary file of a new file part; returns its path or NULL. */
static const char *mp_open(swirl__conn *c, multipart *m) {
  const char *dir = c->srv->cfg.upload_tmp_dir != NULL ? c->srv->cfg.upload_tmp_dir
                                                       : "/tmp";
  char path[4096], **files;
  snprintf(path, sizeof(path), "%s/swoole.upfile.XXXXXX", dir);
  m->fd = mkstemp(path);
  if (m->fd < 0) {
    swirl__warn("session#%llu: upload_tmp_dir %s: %s", (unsigned long long)c->id,
                dir, strerror(errno));
    return NULL;
  }
  files = swirl__realloc(m->files, (m->nfiles + 1) * sizeof(*files));
  if (files == NULL) return NULL;
  m->files = files;
  m->files[m->nfiles] = swirl__strndup(path, strlen(path));
  if (m->files[m->nfiles] == NULL) return NULL;
  return m->files[m->nfiles++];
}

/* Part content: to the file of a file part, else to the body. */
static int mp_content(swirl__conn *c, multipart *m, const char *p, size_t n) {
  if (n == 0) return 0;
  if (m->fd >= 0) {
    while (n > 0) {
      ssize_t w = write(m->fd, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        swirl__warn("session#%llu: writing an upload: %s",
                    (unsigned long long)c->id, strerror(errno));
        return -1;
      }
      p += w;
      n -= (size_t)w;
    }
    return 0;
  }
  return swirl__buf_append(&c->http->body, p, n);
}

/* Copies a part's header lines to the body, but a client's own
 * X-Swirl-Tmpfile lines: that name is ours, and the binding trusts it to
 * name a file the core wrote. */
static int mp_copy_headers(swirl__buf *out, const char *hd, size_t n) {
  size_t i = 0;
  int first = 1;
  for (;;) {
    const char *l = hd + i, *e = memmem(l, n - i, "\r\n", 2);
    size_t ll = e != NULL ? (size_t)(e - l) : n - i;
    const char *colon = memchr(l, ':', ll);
    if (!(colon != NULL && colon - l == 15 && strncasecmp(l, "x-swirl-tmpfile", 15) == 0)) {
      if (!first && swirl__buf_append(out, "\r\n", 2) != 0) return -1;
      if (swirl__buf_append(out, l, ll) != 0) return -1;
      first = 0;
    }
    if (e == NULL) return 0;
    i += ll + 2;
  }
}

/* A part's headers are complete (without the blank line): copies them to
 * the body, opening a file (and naming it there) for a file part. */
static int mp_headers(swirl__conn *c, multipart *m, const char *hd, size_t n) {
  swirl__http *h = c->http;
  size_t vlen;
  const char *cd = swirl__header_value(hd, n, "content-disposition", &vlen);
  const char *fn = NULL;
  size_t i;
  if (mp_copy_headers(&h->body, hd, n) != 0) return -1;
  if (cd != NULL)
    for (i = 0; i + 10 <= vlen; i++)
      if (strncasecmp(cd + i, "filename=", 9) == 0 && (i == 0 || cd[i - 1] == ' ' || cd[i - 1] == ';')) {
        fn = cd + i + 9;
        break;
      }
  /* An empty filename (no file chosen) stays in the body, as PHP has it. */
  if (fn != NULL && !(fn[0] == '"' && fn + 1 < cd + vlen && fn[1] == '"')) {
    const char *path = mp_open(c, m);
    char line[4200];
    int k;
    if (path == NULL) return -1;
    k = snprintf(line, sizeof(line), "\r\nX-Swirl-Tmpfile: %s", path);
    if (swirl__buf_append(&h->body, line, (size_t)k) != 0) return -1;
  }
  return swirl__buf_append(&h->body, "\r\n\r\n", 4);
}

/* Feeds body bytes through the multipart state machine. */
static int mp_feed(swirl__conn *c, const char *at, size_t n) {
  multipart *m = c->http->mp;
  swirl__buf *cy = &m->carry;
  const char *p;
  size_t len, i;
  /* Work on carry + new bytes. */
  if (swirl__buf_append(cy, at, n) != 0) return -1;
  p = cy->data;
  len = cy->len;
  i = 0;
  while (i < len) {
    if (m->state == MP_PREAMBLE || m->state == MP_CONTENT) {
      /* The first delimiter may lack the leading CRLF. */
      const char *d = m->delim;
      size_t dl = m->dlen, j;
      const char *hit = NULL;
      if (m->state == MP_PREAMBLE && i == 0 && len >= dl - 2 &&
          memcmp(p, d + 2, dl - 2) == 0) {
        hit = p;
        d += 2;
        dl -= 2;
      } else {
        for (j = i; j + dl <= len; j++)
          if (p[j] == '\r' && memcmp(p + j, d, dl) == 0) {
            hit = p + j;
            break;
          }
      }
      if (hit == NULL) {
        /* Keep what could begin a delimiter; the rest is content. */
        size_t keep = len - i < dl - 1 ? len - i : dl - 1, upto = len - keep;
        if (m->state == MP_CONTENT) {
          if (mp_content(c, m, p + i, upto - i) != 0) return -1;
        } else if (swirl__buf_append(&c->http->body, p + i, upto - i) != 0) {
          return -1;
        }
        i = upto;
        break;
      }
      if (m->state == MP_CONTENT) {
        if (mp_content(c, m, p + i, (size_t)(hit - (p + i))) != 0) return -1;
        if (m->fd >= 0) {
          close(m->fd);
          m->fd = -1;
        }
      } else if (swirl__buf_append(&c->http->body, p + i, (size_t)(hit - (p + i))) != 0) {
        return -1;
      }
      if (swirl__buf_append(&c->http->body, d, dl) != 0) return -1;
      i = (size_t)(hit - p) + dl;
      m->state = MP_AFTER_DELIM;
    } else if (m->state == MP_AFTER_DELIM) {
      if (len - i < 2) break;
      if (p[i] == '-' && p[i + 1] == '-') {
        m->state = MP_EPILOGUE;
      } else {
        m->state = MP_HEADERS;
      }
      if (swirl__buf_append(&c->http->body, p + i, 2) != 0) return -1;
      i += 2;
    } else if (m->state == MP_HEADERS) {
      const char *e = NULL;
      size_t j;
      for (j = i; j + 4 <= len; j++)
        if (memcmp(p + j, "\r\n\r\n", 4) == 0) {
          e = p + j;
          break;
        }
      if (e == NULL && j == i && len - i >= 2 && memcmp(p + i, "\r\n", 2) == 0) {
        /* A part with no header at all. */
        if (swirl__buf_append(&c->http->body, "\r\n", 2) != 0) return -1;
        i += 2;
        m->state = MP_CONTENT;
        continue;
      }
      if (e == NULL) {
        if (len - i > 16 * 1024) return -1; /* part headers too long */
        break;
      }
      if (mp_headers(c, m, p + i, (size_t)(e - (p + i))) != 0) return -1;
      i = (size_t)(e - p) + 4;
      m->state = MP_CONTENT;
    } else {
      if (swirl__buf_append(&c->http->body, p + i, len - i) != 0) return -1;
      i = len;
    }
  }
  /* What is left waits for the next bytes. */
  memmove(cy->data, cy->data + i, len - i);
  cy->len = len - i;
  return 0;
}

/* ------------------------------------------------------------------------
 * Parser callbacks
 * ---------------------------------------------------------------------- */

static int on_message_begin(http_parser *p) {
  swirl__conn *c = p->data;
  swirl__http *h = c->http;
  h->url.len = h->hdrs.len = h->body.len = 0;
  h->body_total = 0;
  mp_free(h->mp, 1);
  h->mp = NULL;
  h->in_value = 0;
  h->in_message = 1;
  h->expect_continue = 0;
  h->header_is_expect = 0;
  h->head_bytes = 0;
  c->last_ms = swirl__now_ms();
  return 0;
}

static int head_limit(swirl__conn *c, size_t n) {
  swirl__http *h = c->http;
  h->head_bytes += n;
  if (h->head_bytes > SWIRL__HTTP_MAX_HEAD) {
    swirl__warn("session#%llu: request header over %d bytes; answered 400",
                (unsigned long long)c->id, SWIRL__HTTP_MAX_HEAD);
    http_fail(c, 400);
    return -1;
  }
  return 0;
}

static int on_url(http_parser *p, const char *at, size_t n) {
  swirl__conn *c = p->data;
  if (head_limit(c, n) != 0) return -1;
  return swirl__buf_append(&c->http->url, at, n) != 0 ? -1 : 0;
}

static int on_header_field(http_parser *p, const char *at, size_t n) {
  swirl__conn *c = p->data;
  swirl__http *h = c->http;
  if (head_limit(c, n + 4) != 0) return -1;
  if (h->in_value || h->hdrs.len == 0) {
    if (h->in_value && swirl__buf_append(&h->hdrs, "\r\n", 2) != 0) return -1;
    h->in_value = 0;
    h->header_is_expect = n == 6 && strncasecmp(at, "expect", 6) == 0;
  } else {
    h->header_is_expect = 0; /* a name split over reads: rare, not Expect */
  }
  return swirl__buf_append(&h->hdrs, at, n) != 0 ? -1 : 0;
}

static int on_header_value(http_parser *p, const char *at, size_t n) {
  swirl__conn *c = p->data;
  swirl__http *h = c->http;
  if (head_limit(c, n) != 0) return -1;
  if (!h->in_value) {
    if (swirl__buf_append(&h->hdrs, ": ", 2) != 0) return -1;
    h->in_value = 1;
    if (h->header_is_expect && n >= 12 && strncasecmp(at, "100-continue", 12) == 0)
      h->expect_continue = 1;
  }
  return swirl__buf_append(&h->hdrs, at, n) != 0 ? -1 : 0;
}

static int on_headers_complete(http_parser *p) {
  swirl__conn *c = p->data;
  swirl__http *h = c->http;
  if (h->in_value && swirl__buf_append(&h->hdrs, "\r\n", 2) != 0) return -1;
  if ((p->flags & F_CONTENTLENGTH) &&
      p->content_length > (uint64_t)c->pc->package_max_length) {
    swirl__warn("session#%llu: request body of %llu bytes is over "
                "package_max_length=%lld; answered 413",
                (unsigned long long)c->id, (unsigned long long)p->content_length,
                (long long)c->pc->package_max_length);
    http_fail(c, 413);
    return -1;
  }
  if (h->expect_continue && p->http_minor >= 1) {
    uv_buf_t b = uv_buf_init("HTTP/1.1 100 Continue\r\n\r\n", 25);
    swirl__conn_writev(c, &b, 1);
  }
  mp_start(c);
  return 0;
}

static int on_body(http_parser *p, const char *at, size_t n) {
  swirl__conn *c = p->data;
  swirl__http *h = c->http;
  h->body_total += n;
  if (h->body_total > (uint64_t)c->pc->package_max_length) {
    swirl__warn("session#%llu: request body over package_max_length=%lld; "
                "answered 413", (unsigned long long)c->id,
                (long long)c->pc->package_max_length);
    http_fail(c, 413);
    return -1;
  }
  if (h->mp != NULL) {
    if (mp_feed(c, at, n) != 0) {
      swirl__notice("session#%llu: bad multipart body; answered 400",
                    (unsigned long long)c->id);
      http_fail(c, 400);
      return -1;
    }
    return 0;
  }
  return swirl__buf_append(&h->body, at, n) != 0 ? -1 : 0;
}

static int on_message_complete(http_parser *p) {
  swirl__conn *c = p->data;
  swirl__http *h = c->http;
  swirl_server *srv = c->srv;
  swirl_event ev;
  const char *method = http_method_str((enum http_method)p->method);
  size_t mlen = strlen(method);
  uint8_t rec = 0;
  char ver[24];
  int vlen;

  h->in_message = 0;
  if (h->mp != NULL && h->mp->carry.len > 0) {
    /* An unterminated last part: what is left is its content. */
    multipart *m = h->mp;
    if (mp_content(c, m, m->carry.data, m->carry.len) != 0) return -1;
    m->carry.len = 0;
  }
  if (p->upgrade && c->pc->open_websocket_protocol &&
      swirl__ws_is_upgrade(h->hdrs.data, h->hdrs.len)) {
    /* Answered once parsing stops, with the bytes that follow in hand.
     * Only now is the connection a WebSocket one (websocket_status 1);
     * plain requests on the port leave it 0, as in Swoole. */
    swirl__session *e = swirl__session_get(srv, c->id);
    if (e != NULL)
      atomic_store(&e->ws_status, SWIRL_WEBSOCKET_STATUS_CONNECTION);
    h->ws_pending = 1;
  }
  if (http_should_keep_alive(p) && !p->upgrade) rec |= RQ_KEEP_ALIVE;
  if (p->method == HTTP_HEAD) rec |= RQ_HEAD;
  if (p->http_major == 1 && p->http_minor == 0) rec |= RQ_HTTP10;
  if (rq_push(h, rec) != 0) return -1;

  memcpy(ver, " HTTP/", 6);
  vlen = 6 + (int)fmt_dec(ver + 6, p->http_major);
  ver[vlen++] = '.';
  vlen += (int)fmt_dec(ver + vlen, p->http_minor);
  ver[vlen++] = '\r';
  ver[vlen++] = '\n';
  h->head.len = 0;
  if (swirl__buf_reserve(&h->head, mlen + 1 + h->url.len + (size_t)vlen +
                                       h->hdrs.len) != 0)
    return -1;
  swirl__buf_append(&h->head, method, mlen);
  swirl__buf_append(&h->head, " ", 1);
  swirl__buf_append(&h->head, h->url.data, h->url.len);
  swirl__buf_append(&h->head, ver, (size_t)vlen);
  swirl__buf_append(&h->head, h->hdrs.data, h->hdrs.len);

  if (!h->ws_pending && c->pc->enable_static_handler &&
      c->pc->document_root != NULL &&
      (p->method == HTTP_GET || p->method == HTTP_HEAD) &&
      try_static(c, h->url.data, h->url.len, h->hdrs.data, h->hdrs.len))
    return c->closing ? -1 : 0;
  if (h->ws_pending) {
    if (!(srv->mask & ((uint64_t)1 << SWIRL_EV_HANDSHAKE))) return 0;
    /* The binding answers the handshake itself. */
    h->ws_pending = 0;
    h->ws_waiting = 1;
    {
      swirl__session *e = swirl__session_get(srv, c->id);
      if (e != NULL) atomic_store(&e->ws_status, SWIRL_WEBSOCKET_STATUS_HANDSHAKE);
    }
  }
  memset(&ev, 0, sizeof(ev));
  ev.type = h->ws_waiting ? SWIRL_EV_HANDSHAKE : SWIRL_EV_REQUEST;
  ev.worker_id = srv->worker_id;
  ev.reactor_id = c->rx->id;
  ev.listener = c->listener;
  ev.conn = c->id;
  ev.status = p->http_major * 10 + p->http_minor;
  ev.flags = rec;
  if (h->mp != NULL && h->mp->nfiles > 0) ev.flags |= SWIRL_HTTP_REQ_UPLOADS;
  ev.data = h->head.data;
  ev.len = h->head.len;
  ev.extra = h->body.len > 0 ? h->body.data : "";
  ev.extra_len = h->body.len;
  ev.server = srv;
  c->last_ms = 0;
  if (h->mp != NULL && h->mp->fd >= 0) {
    close(h->mp->fd);
    h->mp->fd = -1;
  }
  swirl__rx_emit(c->rx, c, &ev);
  if (c->http == h && h->mp != NULL) {
    /* Delivered: the files are the binding's now. */
    mp_free(h->mp, 0);
    h->mp = NULL;
  }
  /* The callback may have closed the connection: stop parsing then. */
  return c->closing ? -1 : 0;
}

/* ------------------------------------------------------------------------
 * Internal interface
 * ---------------------------------------------------------------------- */

static void on_request_timer(uv_timer_t *t) {
  swirl__reactor *rx = t->data;
  swirl_server *srv = rx->srv;
  int64_t limit = srv->cfg.http_request_timeout > 0
                      ? (int64_t)(srv->cfg.http_request_timeout * 1000)
                      : INT64_MAX;
  int64_t now = swirl__now_ms();
  size_t i;
  for (i = 0; i < rx->conns.cap; i++) {
    swirl__conn *c = rx->conns.vals[i];
    if (c == NULL || c->closing || c->last_ms == 0) continue;
    if (!swirl__tls_ready(c)) {
      if (now - c->last_ms >= (int64_t)(c->pc->ssl_handshake_timeout * 1000)) {
        swirl__notice("session#%llu: TLS handshake not done after %gs; "
                      "connection closed", (unsigned long long)c->id,
                      c->pc->ssl_handshake_timeout);
        c->notify = 0;
        swirl__conn_close_now(c);
      }
      continue;
    }
    if (c->http == NULL) continue;
    if (now - c->last_ms >= limit) {
      swirl__notice("session#%llu: request not complete after %gs; answered "
                    "408", (unsigned long long)c->id,
                    srv->cfg.http_request_timeout);
      http_fail(c, 408);
    }
  }
}

static void settings_init(void) {
  http_parser_settings_init(&settings);
  settings.on_message_begin = on_message_begin;
  settings.on_url = on_url;
  settings.on_header_field = on_header_field;
  settings.on_header_value = on_header_value;
  settings.on_headers_complete = on_headers_complete;
  settings.on_body = on_body;
  settings.on_message_complete = on_message_complete;
}

/* Arms the reactor's sweep that ends requests which never complete
 * (slowloris), if any of its ports speaks HTTP. */
void swirl__http_rx_init(swirl__reactor *rx) {
  static uv_once_t once = UV_ONCE_INIT;
  swirl_server *srv = rx->srv;
  uint64_t every;
  uv_once(&once, settings_init);
  uv_timer_init(rx->loop, &rx->http_timer);
  rx->http_timer.data = rx;
  {
    int i, any = 0;
    double shortest = srv->cfg.http_request_timeout;
    for (i = 0; i < srv->nlisteners; i++) {
      const swirl__config *pc = srv->listeners[i]->cfg != NULL
                                    ? srv->listeners[i]->cfg : &srv->cfg;
      if ((pc->open_http_protocol || pc->open_websocket_protocol) &&
          srv->cfg.http_request_timeout > 0)
        any = 1;
      if (srv->listeners[i]->ssl && pc->ssl_handshake_timeout > 0) {
        any = 1;
        if (shortest <= 0 || pc->ssl_handshake_timeout < shortest)
          shortest = pc->ssl_handshake_timeout;
      }
    }
    if (!any) return;
    every = (uint64_t)(shortest * 1000 / 4);
  }
  if (every < 50) every = 50;
  if (every > 1000) every = 1000;
  uv_timer_start(&rx->http_timer, on_request_timer, every, every);
  uv_unref((uv_handle_t *)&rx->http_timer);
}

int swirl__http_conn_init(swirl__conn *c) {
  swirl__http *h = swirl__calloc(1, sizeof(*h));
  if (h == NULL) return SWIRL_ENOMEM;
  http_parser_init(&h->parser, HTTP_REQUEST);
  h->parser.data = c;
  c->http = h;
  c->last_ms = swirl__now_ms(); /* the first request must come in time */
  return 0;
}

void swirl__http_conn_free(swirl__conn *c) {
  swirl__http *h = c->http;
  mp_free(h->mp, 1); /* a request cut short takes its files with it */
  swirl__buf_free(&h->url);
  swirl__buf_free(&h->hdrs);
  swirl__buf_free(&h->head);
  swirl__buf_free(&h->body);
  swirl__free(h->rq);
  swirl__free(h);
  c->http = NULL;
}

void swirl__http_feed(swirl__conn *c, const char *data, size_t len) {
  swirl__http *h = c->http;
  size_t n;
  if (h->failed || c->closing) return;
  h->in_feed = 1;
  n = http_parser_execute(&h->parser, &settings, data, len);
  h->in_feed = 0;
  if (h->ws_switch) {
    /* The binding accepted a handshake from inside the parser: the
     * connection is a WebSocket already, and its HTTP state can go now.
     * What followed the request is frames. */
    if (len > n && !c->closing) {
      if (c->in == NULL) c->in = swirl__calloc(1, sizeof(*c->in));
      if (c->in != NULL) swirl__buf_append(c->in, data + n, len - n);
    }
    swirl__http_conn_free(c);
    if (c->in != NULL && c->in->len > 0 && !c->closing) swirl__ws_feed(c, "", 0);
    return;
  }
  if (h->failed || c->closing) return;
  if (h->ws_pending) {
    h->ws_pending = 0;
    rq_pop(h);
    swirl__ws_accept(c, h->head.data, h->head.len, h->hdrs.data, h->hdrs.len,
                     data + n, len - n);
    return;
  }
  if (h->parser.upgrade) {
    /* An upgrade this port does not speak: the request was answered as a
     * plain one (without keep-alive); what follows is not HTTP. */
    if (h->ws_waiting && len > n) {
      if (c->in == NULL) c->in = swirl__calloc(1, sizeof(*c->in));
      if (c->in != NULL) swirl__buf_append(c->in, data + n, len - n);
    }
    h->failed = 1;
    return;
  }
  if (n != len || HTTP_PARSER_ERRNO(&h->parser) != HPE_OK) {
    swirl__notice("session#%llu: bad request (%s); answered 400",
                  (unsigned long long)c->id,
                  http_errno_name(HTTP_PARSER_ERRNO(&h->parser)));
    http_fail(c, 400);
  }
}

/* Does the header block set a header named `name` (lower case)? */
static int has_header(const char *hdrs, size_t hlen, const char *name) {
  size_t nl = strlen(name), i = 0;
  while (i < hlen) {
    const char *line = hdrs + i;
    const char *eol = memchr(line, '\n', hlen - i);
    size_t ll = eol != NULL ? (size_t)(eol - line) : hlen - i;
    if (ll > nl && line[nl] == ':' && strncasecmp(line, name, nl) == 0) return 1;
    i += ll + 1;
  }
  return 0;
}

/* Starts a response head in out: the status line (with `reason` when it
 * is not NULL, else the code's usual phrase), the caller's header lines as
 * they are, and Server unless they set it. */
static int head_start(swirl__buf *out, int status, const char *reason,
                      size_t rlen, const char *hdrs, size_t hlen) {
  char line[256];
  int n;
  out->len = 0;
  if (reason == NULL) {
    reason = reason_phrase(status);
    rlen = reason != NULL ? strlen(reason) : 0;
  }
  if (rlen > 128) rlen = 128;
  memcpy(line, "HTTP/1.1 ", 9);
  n = 9 + (int)fmt_dec(line + 9, (uint64_t)(status < 0 ? 0 : status));
  if (rlen > 0) {
    line[n++] = ' ';
    memcpy(line + n, reason, rlen);
    n += (int)rlen;
  }
  line[n++] = '\r';
  line[n++] = '\n';
  if (swirl__buf_append(out, line, (size_t)n) != 0) return SWIRL_ENOMEM;
  if (hlen > 0) {
    if (swirl__buf_append(out, hdrs, hlen) != 0) return SWIRL_ENOMEM;
    if (hdrs[hlen - 1] != '\n' && swirl__buf_append(out, "\r\n", 2) != 0)
      return SWIRL_ENOMEM;
  }
  if (!has_header(hdrs, hlen, "server") &&
      swirl__buf_append(out, "Server: swoole-http-server\r\n", 28) != 0)
    return SWIRL_ENOMEM;
  return 0;
}

/* Builds the status line and headers of a response into out, as Swoole's
 * HttpContext::build_header does: head_start(), then what the caller's
 * lines do not set: Connection, Content-Type, Date, and Transfer-Encoding
 * (chunked) or Content-Length (blen; none for a HEAD request with no
 * body). A 101 gets only Server and Date. The caller's own Content-Length
 * is sent instead of blen, whatever the body's length: that is Swoole's
 * rule ("allow setting content length header"). */
static int build_head(swirl__buf *out, int status, const char *reason,
                      size_t rlen, const char *hdrs, size_t hlen,
                      int keep_alive, int chunked, size_t blen, int head) {
  char line[256];
  int n;
  if (head_start(out, status, reason, rlen, hdrs, hlen) != 0)
    return SWIRL_ENOMEM;
  if (status != 101 && !has_header(hdrs, hlen, "connection")) {
    const char *v = keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    if (swirl__buf_append(out, v, strlen(v)) != 0) return SWIRL_ENOMEM;
  }
  if (status != 101 && !has_header(hdrs, hlen, "content-type") &&
      swirl__buf_append(out, "Content-Type: text/html\r\n", 25) != 0)
    return SWIRL_ENOMEM;
  if (!has_header(hdrs, hlen, "date")) {
    const char *d = http_date();
    size_t dl = strlen(d);
    memcpy(line, "Date: ", 6);
    memcpy(line + 6, d, dl);
    memcpy(line + 6 + dl, "\r\n", 2);
    if (swirl__buf_append(out, line, 8 + dl) != 0) return SWIRL_ENOMEM;
  }
  if (status == 101 || (!chunked && blen == 0 && head) ||
      (!chunked && has_header(hdrs, hlen, "content-length")))
    return swirl__buf_append(out, "\r\n", 2);
  if (chunked)
    return swirl__buf_append(out, "Transfer-Encoding: chunked\r\n\r\n",
                             sizeof("Transfer-Encoding: chunked\r\n\r\n") - 1);
  memcpy(line, "Content-Length: ", 16);
  n = 16 + (int)fmt_dec(line + 16, (uint64_t)blen);
  memcpy(line + n, "\r\n\r\n", 4);
  return swirl__buf_append(out, line, (size_t)n + 4);
}

/* Ends the current response: the request leaves the queue, and the
 * connection closes if that request did not keep it alive. */
static void response_done(swirl__conn *c, int keep_alive) {
  rq_pop(c->http);
  if (c->retry != NULL) swirl__rx_retry_drop(c);
  c->http->chunked_out = 0;
  if (!keep_alive) {
    c->by_server = 1;
    swirl__conn_close_graceful(c);
  }
}

/* One response head at a time (initial-exec: see http_date). */
static __thread swirl__buf scratch __attribute__((tls_model("initial-exec")));

/* The head of the answer to a handshake that onHandShake took, as Swoole
 * 4.8 builds it for an upgrade context (HttpContext::build_header with
 * upgrade set): the status line, the binding's lines as they are, Server
 * unless the binding set it, and nothing more: no Date, no Connection, no
 * length. A 101 makes the connection a WebSocket; any other status ends it,
 * so a body is delimited by the close. */
static int ws_handshake_head(swirl__buf *out, int status, const char *reason,
                             size_t rlen, const char *hdrs, size_t hlen) {
  if (head_start(out, status, reason, rlen, hdrs, hlen) != 0)
    return SWIRL_ENOMEM;
  return swirl__buf_append(out, "\r\n", 2);
}

int32_t swirl__http_respond(swirl__reactor *rx, uint64_t id, int32_t status,
                            const char *hdrs, size_t hlen, const char *body,
                            size_t blen, int32_t flags) {
  swirl_server *srv = rx->srv;
  swirl__conn *c = swirl__rx_conn(rx, id);
  uint8_t rec;
  int keep_alive, chunked = (flags & SWIRL_HTTP_CHUNKED) != 0, nb = 1;
  const char *reason = NULL;
  size_t rlen = 0;
  uv_buf_t b[4];
  char size_line[32];
  int32_t rc;
  if (c == NULL) return srv->last_error;
  if (c->http == NULL)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "session#%llu does not speak HTTP",
                           (unsigned long long)id);
  if (c->http->chunked_out)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "session#%llu: a chunked response is under way",
                           (unsigned long long)id);
  if (status < 100 || status > 999)
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "invalid HTTP status %d", status);
  if ((rc = swirl__conn_can_send(c, blen)) != 0) return rc;
  if (flags & SWIRL_HTTP_REASON) {
    /* The first line of the block is the reason phrase. */
    const char *eol = memchr(hdrs, '\n', hlen);
    size_t skip = eol != NULL ? (size_t)(eol - hdrs) + 1 : hlen;
    reason = hdrs;
    rlen = skip;
    while (rlen > 0 && (reason[rlen - 1] == '\n' || reason[rlen - 1] == '\r'))
      rlen--;
    hdrs += skip;
    hlen -= skip;
  }
  rec = rq_front(c->http);
  keep_alive = (rec & RQ_KEEP_ALIVE) != 0 && !(flags & SWIRL_HTTP_CLOSE);
  if (rec & RQ_HTTP10) chunked = 0; /* HTTP/1.0 has no chunks: stream raw */
  if (c->http->ws_waiting && !(flags & SWIRL_HTTP_CHUNKED)) {
    if (ws_handshake_head(&scratch, status, reason, rlen, hdrs, hlen) != 0)
      return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  } else if (build_head(&scratch, status, reason, rlen, hdrs, hlen, keep_alive,
                        chunked || ((rec & RQ_HTTP10) && (flags & SWIRL_HTTP_CHUNKED)),
                        blen, (rec & RQ_HEAD) != 0) != 0) {
    return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  }
  if ((rec & RQ_HTTP10) && (flags & SWIRL_HTTP_CHUNKED)) {
    /* Streaming to HTTP/1.0: no length known, so the end is the close. */
    char *te = memmem(scratch.data, scratch.len, "Transfer-Encoding: chunked\r\n", 28);
    if (te != NULL) {
      memmove(te, te + 28, scratch.len - (size_t)(te + 28 - scratch.data));
      scratch.len -= 28;
    }
    keep_alive = 0;
  }
  b[0] = uv_buf_init(scratch.data, (unsigned)scratch.len);
  if (!(rec & RQ_HEAD) && blen > 0) {
    if (chunked) {
      int n = (int)fmt_hex(size_line, (uint64_t)blen);
      size_line[n++] = '\r';
      size_line[n++] = '\n';
      b[nb++] = uv_buf_init(size_line, (unsigned)n);
      b[nb++] = uv_buf_init((char *)body, (unsigned)blen);
      b[nb++] = uv_buf_init("\r\n", 2);
    } else {
      b[nb++] = uv_buf_init((char *)body, (unsigned)blen);
    }
  }
  if ((rc = swirl__conn_writev(c, b, nb)) != 0) return rc;
  if (status == 101 && c->http->ws_waiting) {
    /* The binding accepted the handshake: a WebSocket from now on (push()
     * works at once), with any frames that came early waiting in c->in.
     * Inside the parser's own callback the HTTP state, which the parser
     * still uses, goes when the parser returns. */
    if (c->http->in_feed) {
      swirl__http *h = c->http;
      c->http = NULL; /* kept from swirl__ws_switch() */
      rc = swirl__ws_switch(c);
      c->http = h;
      if (rc != 0) {
        swirl__conn_close_now(c);
        return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
      }
      h->ws_switch = 1;
      return 0;
    }
    if (swirl__ws_switch(c) != 0) {
      swirl__conn_close_now(c);
      return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
    }
    if (c->in != NULL && c->in->len > 0) swirl__ws_feed(c, "", 0);
    return 0;
  }
  if (flags & SWIRL_HTTP_CHUNKED) {
    /* Part of an answer is out: sending the request again would give the
     * client a second one. */
    swirl__rx_retry_drop(c);
    c->http->chunked_out = 1 | (keep_alive ? 0 : 2) | ((rec & RQ_HTTP10) ? 4 : 0) |
                           ((rec & RQ_HEAD) ? 8 : 0);
    return 0;
  }
  response_done(c, keep_alive);
  return 0;
}

int32_t swirl__http_write(swirl__reactor *rx, uint64_t id, const char *data,
                          size_t len, int32_t end) {
  swirl_server *srv = rx->srv;
  swirl__conn *c = swirl__rx_conn(rx, id);
  int st, nb = 0;
  uv_buf_t b[4];
  char size_line[32];
  int32_t rc;
  if (c == NULL) return srv->last_error;
  if (c->http == NULL || !c->http->chunked_out)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "session#%llu: no chunked response is under way",
                           (unsigned long long)id);
  if ((rc = swirl__conn_can_send(c, len)) != 0) return rc;
  st = c->http->chunked_out;
  if (!(st & 8)) {
    if (st & 4) {
      if (len > 0) b[nb++] = uv_buf_init((char *)data, (unsigned)len);
    } else {
      if (len > 0) {
        int n = (int)fmt_hex(size_line, (uint64_t)len);
        size_line[n++] = '\r';
        size_line[n++] = '\n';
        b[nb++] = uv_buf_init(size_line, (unsigned)n);
        b[nb++] = uv_buf_init((char *)data, (unsigned)len);
        b[nb++] = uv_buf_init("\r\n", 2);
      }
      if (end) b[nb++] = uv_buf_init("0\r\n\r\n", 5);
    }
  }
  if (nb > 0 && (rc = swirl__conn_writev(c, b, nb)) != 0) return rc;
  if (end) response_done(c, !(st & 2));
  return 0;
}

int32_t swirl__http_sendfile(swirl__reactor *rx, uint64_t id, int32_t status,
                             const char *hdrs, size_t hlen, const char *path,
                             int64_t offset, int64_t length) {
  swirl_server *srv = rx->srv;
  swirl__conn *c = swirl__rx_conn(rx, id);
  struct stat st;
  uint8_t rec;
  int keep_alive;
  uv_buf_t b;
  int32_t rc;
  if (c == NULL) return srv->last_error;
  if (c->http == NULL || c->http->chunked_out)
    return swirl__srv_fail(srv, SWIRL_EWRONG_OPERATION,
                           "session#%llu: no HTTP response can start now",
                           (unsigned long long)id);
  if (stat(path, &st) != 0)
    return swirl__srv_fail(srv, -errno, "sendfile: %s: %s", path,
                           strerror(errno));
  if (!S_ISREG(st.st_mode))
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "sendfile: %s is not a regular file", path);
  if (offset < 0 || offset > st.st_size || length < 0 ||
      (length > 0 && offset + length > st.st_size))
    return swirl__srv_fail(srv, SWIRL_EINVALID_PARAMS,
                           "sendfile: offset %lld / length %lld outside %s",
                           (long long)offset, (long long)length, path);
  if (length == 0) length = st.st_size - offset;
  rec = rq_front(c->http);
  keep_alive = (rec & RQ_KEEP_ALIVE) != 0;
  if (build_head(&scratch, status, NULL, 0, hdrs, hlen, keep_alive, 0,
                 (size_t)length, (rec & RQ_HEAD) != 0) != 0)
    return swirl__srv_fail(srv, SWIRL_ENOMEM, "out of memory");
  b = uv_buf_init(scratch.data, (unsigned)scratch.len);
  if ((rc = swirl__conn_writev(c, &b, 1)) != 0) return rc;
  if (!(rec & RQ_HEAD) && length > 0) {
    int64_t n = swirl__conn_sendfile(c, path, offset, length);
    if (n < 0) {
      /* The head is out: the connection cannot carry another answer. */
      swirl__conn_close_now(c);
      return (int32_t)n;
    }
  }
  response_done(c, keep_alive);
  return 0;
}

void swirl__http_abort(swirl__conn *c, int status) {
  if (c->http == NULL) return;
  if (c->http->chunked_out) {
    /* Half an answer is out: only a close can end it. */
    swirl__conn_close_now(c);
    return;
  }
  http_fail(c, status);
}

int swirl__http_pending(const swirl__conn *c) {
  return c->http != NULL && c->http->rq_len > 0 && !c->http->failed;
}

int swirl__http_pending_count(const swirl__conn *c) {
  return c->http != NULL ? (int)c->http->rq_len : 0;
}
