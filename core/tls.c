/*
 * tls.c: TLS on any TCP port opened with SWIRL_SOCK_SSL, on OpenSSL with
 * memory BIOs: the socket is read and written by the reactor as always,
 * the bytes pass through the BIOs, and nothing ever blocks on a handshake.
 *
 * A connection's CONNECT event comes once the handshake is done. A client
 * that sends garbage is dropped with a log line; one that stops in the
 * middle of the handshake is dropped after ssl_handshake_timeout seconds.
 * Certificates are read when a reactor starts listening, so a BASE
 * worker started by reload() reads them again; PROCESS reactors reload
 * them on SIGUSR1.
 */
#include "internal.h"

#include <openssl/err.h>
#include <pthread.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define TLS_BUF (16 * 1024)

typedef struct swirl__tls {
  SSL *ssl;
  BIO *rbio;            /* ciphertext from the client, for OpenSSL */
  BIO *wbio;            /* ciphertext from OpenSSL, for the client */
  int ready;            /* handshake done */
  uint64_t flushed;     /* BIO_number_written(wbio) at the last flush */
} swirl__tls;

/* Bytes waiting in a memory BIO, from its counters: BIO_ctrl_pending()
 * costs a ctrl call, and this runs several times per message. */
static size_t mem_pending(BIO *b) {
  return (size_t)(BIO_number_written(b) - BIO_number_read(b));
}

/* One SNI entry: a host name and its context. */
typedef struct sni_entry {
  struct sni_entry *next;
  char *host;
  SSL_CTX *ctx;
} sni_entry;

static const char *ssl_error(void) {
  /* Allocated once per thread: a small thread-local block (see error.c). */
  static __thread char *buf;
  unsigned long e = ERR_get_error();
  if (e == 0) return "unknown error";
  if (buf == NULL && (buf = swirl__malloc(256)) == NULL) {
    ERR_clear_error();
    return "out of memory";
  }
  ERR_error_string_n(e, buf, 256);
  ERR_clear_error();
  return buf;
}

/* Loads one certificate and key into ctx. */
static int load_pair(SSL_CTX *ctx, const char *cert, const char *key,
                     char *msg, size_t msgsize) {
  if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
    snprintf(msg, msgsize, "ssl_cert_file %s: %s", cert, ssl_error());
    return -1;
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
    snprintf(msg, msgsize, "ssl_key_file %s: %s", key, ssl_error());
    return -1;
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    snprintf(msg, msgsize, "ssl_key_file %s does not match ssl_cert_file %s",
             key, cert);
    return -1;
  }
  return 0;
}

/* The SNI list hangs off its context as ex_data with a free function, so
 * it lives exactly as long as the context: connections hold references to
 * the context (SSL_new), and a context replaced by a reload goes away
 * with the last connection that uses it. */
static int sni_index = -1;
static pthread_once_t sni_once = PTHREAD_ONCE_INIT;

static void sni_list_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
                          long argl, void *argp) {
  sni_entry *e = ptr;
  SWIRL__UNUSED(parent);
  SWIRL__UNUSED(ad);
  SWIRL__UNUSED(idx);
  SWIRL__UNUSED(argl);
  SWIRL__UNUSED(argp);
  while (e != NULL) {
    sni_entry *next = e->next;
    SSL_CTX_free(e->ctx);
    swirl__free(e->host);
    swirl__free(e);
    e = next;
  }
}

static void sni_index_init(void) {
  sni_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, sni_list_free);
}

/* Picks the context of the name the client asked for (SNI). */
static int on_servername(SSL *ssl, int *alert, void *arg) {
  const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  sni_entry *e;
  SWIRL__UNUSED(alert);
  if (name == NULL) return SSL_TLSEXT_ERR_NOACK;
  for (e = arg; e != NULL; e = e->next) {
    if (strcasecmp(e->host, name) == 0) {
      SSL_set_SSL_CTX(ssl, e->ctx);
      return SSL_TLSEXT_ERR_OK;
    }
  }
  return SSL_TLSEXT_ERR_NOACK;
}

/* Sets the allowed protocol versions from Swoole's ssl_protocols bits. */
static void set_protocols(SSL_CTX *ctx, int64_t bits) {
  static const struct { int64_t bit; int version; } map[] = {
      {SWIRL_SSL_TLSv1, TLS1_VERSION}, {SWIRL_SSL_TLSv1_1, TLS1_1_VERSION},
      {SWIRL_SSL_TLSv1_2, TLS1_2_VERSION}, {SWIRL_SSL_TLSv1_3, TLS1_3_VERSION}};
  int lo = 0, hi = 0;
  size_t i;
  if (bits == 0) return;
  for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
    if (!(bits & map[i].bit)) continue;
    if (lo == 0) lo = map[i].version;
    hi = map[i].version;
  }
  if (lo != 0) {
    SSL_CTX_set_min_proto_version(ctx, lo);
    SSL_CTX_set_max_proto_version(ctx, hi);
  }
}

static SSL_CTX *ctx_base(const swirl__config *pc, char *msg, size_t msgsize) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == NULL) {
    snprintf(msg, msgsize, "SSL_CTX_new: %s", ssl_error());
    return NULL;
  }
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
                            SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  /* Records are read from memory: take what is there in one read instead
   * of a header and a body apiece. */
  SSL_CTX_set_read_ahead(ctx, 1);
  set_protocols(ctx, pc->ssl_protocols);
  if (pc->ssl_ciphers != NULL && pc->ssl_ciphers[0] != '\0' &&
      SSL_CTX_set_cipher_list(ctx, pc->ssl_ciphers) != 1) {
    snprintf(msg, msgsize, "ssl_ciphers '%s': %s", pc->ssl_ciphers, ssl_error());
    SSL_CTX_free(ctx);
    return NULL;
  }
  if (pc->ssl_prefer_server_ciphers)
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (pc->ssl_ecdh_curve != NULL && pc->ssl_ecdh_curve[0] != '\0' &&
      SSL_CTX_set1_curves_list(ctx, pc->ssl_ecdh_curve) != 1) {
    snprintf(msg, msgsize, "ssl_ecdh_curve '%s': %s", pc->ssl_ecdh_curve,
             ssl_error());
    SSL_CTX_free(ctx);
    return NULL;
  }
  return ctx;
}

/* ------------------------------------------------------------------------
 * Internal interface
 * ---------------------------------------------------------------------- */

void *swirl__tls_ctx_new(const swirl__config *pc, char *msg, size_t msgsize) {
  SSL_CTX *ctx;
  if (pc->ssl_cert_file == NULL || pc->ssl_key_file == NULL) {
    snprintf(msg, msgsize, "an SSL port needs ssl_cert_file and ssl_key_file");
    return NULL;
  }
  if ((ctx = ctx_base(pc, msg, msgsize)) == NULL) return NULL;
  if (load_pair(ctx, pc->ssl_cert_file, pc->ssl_key_file, msg, msgsize) != 0) {
    SSL_CTX_free(ctx);
    return NULL;
  }
  if (pc->ssl_verify_peer) {
    if (pc->ssl_client_cert_file != NULL &&
        SSL_CTX_load_verify_locations(ctx, pc->ssl_client_cert_file, NULL) != 1) {
      snprintf(msg, msgsize, "ssl_client_cert_file %s: %s",
               pc->ssl_client_cert_file, ssl_error());
      SSL_CTX_free(ctx);
      return NULL;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                       NULL);
    if (pc->ssl_verify_depth > 0)
      SSL_CTX_set_verify_depth(ctx, (int)pc->ssl_verify_depth);
  }
  if (pc->ssl_sni_certs != NULL && pc->ssl_sni_certs[0] != '\0') {
    /* Lines of "host<TAB>cert<TAB>key". */
    pthread_once(&sni_once, sni_index_init);
    if (sni_index < 0) {
      snprintf(msg, msgsize, "SSL_CTX_get_ex_new_index: %s", ssl_error());
      SSL_CTX_free(ctx);
      return NULL;
    }
    const char *p = pc->ssl_sni_certs;
    sni_entry *head = NULL;
    while (*p != '\0') {
      char line[3 * 1024], *host, *cert, *key, *t1, *t2;
      const char *eol = strchr(p, '\n');
      size_t n = eol != NULL ? (size_t)(eol - p) : strlen(p);
      sni_entry *e;
      if (n >= sizeof(line)) n = sizeof(line) - 1;
      memcpy(line, p, n);
      line[n] = '\0';
      p += n + (eol != NULL);
      if (line[0] == '\0') continue;
      t1 = strchr(line, '\t');
      t2 = t1 != NULL ? strchr(t1 + 1, '\t') : NULL;
      if (t2 == NULL) {
        snprintf(msg, msgsize, "ssl_sni_certs: a line is not host, cert, key");
        SSL_CTX_set_ex_data(ctx, sni_index, head);
        SSL_CTX_free(ctx);
        return NULL;
      }
      *t1 = *t2 = '\0';
      host = line;
      cert = t1 + 1;
      key = t2 + 1;
      e = swirl__calloc(1, sizeof(*e));
      if (e == NULL || (e->ctx = ctx_base(pc, msg, msgsize)) == NULL ||
          load_pair(e->ctx, cert, key, msg, msgsize) != 0 ||
          (e->host = swirl__strndup(host, strlen(host))) == NULL) {
        if (e != NULL) {
          SSL_CTX_free(e->ctx);
          swirl__free(e);
        }
        SSL_CTX_set_ex_data(ctx, sni_index, head);
        SSL_CTX_free(ctx);
        return NULL;
      }
      e->next = head;
      head = e;
    }
    SSL_CTX_set_ex_data(ctx, sni_index, head);
    SSL_CTX_set_tlsext_servername_callback(ctx, on_servername);
    SSL_CTX_set_tlsext_servername_arg(ctx, head);
  }
  return ctx;
}

void swirl__tls_ctx_free(void *ctx) { SSL_CTX_free(ctx); }

int swirl__tls_accept(swirl__conn *c, void *ctx) {
  swirl__tls *t = swirl__calloc(1, sizeof(*t));
  if (t == NULL) return SWIRL_ENOMEM;
  t->ssl = SSL_new(ctx);
  t->rbio = BIO_new(BIO_s_mem());
  t->wbio = BIO_new(BIO_s_mem());
  if (t->ssl == NULL || t->rbio == NULL || t->wbio == NULL) {
    if (t->ssl != NULL) SSL_free(t->ssl);
    else {
      BIO_free(t->rbio);
      BIO_free(t->wbio);
    }
    swirl__free(t);
    return SWIRL_ENOMEM;
  }
  BIO_set_mem_eof_return(t->rbio, -1);
  SSL_set_bio(t->ssl, t->rbio, t->wbio);
  SSL_set_accept_state(t->ssl);
  c->tls = t;
  c->last_ms = swirl__now_ms(); /* the handshake's clock */
  return 0;
}

void swirl__tls_free(swirl__conn *c) {
  if (c->tls == NULL) return;
  SSL_free(c->tls->ssl); /* frees the BIOs too */
  swirl__free(c->tls);
  c->tls = NULL;
}

int swirl__tls_ready(const swirl__conn *c) {
  return c->tls == NULL || c->tls->ready;
}

/* Sends what OpenSSL has written to the memory BIO, in one write: records
 * sent one by one would meet Nagle's algorithm and the client's delayed
 * ACK, and a response would wait 40 ms. */
static int flush_out(swirl__conn *c) {
  char *p;
  long n;
  int32_t rc;
  uv_buf_t b;
  if (BIO_number_written(c->tls->wbio) == c->tls->flushed) return 0;
  c->tls->flushed = BIO_number_written(c->tls->wbio);
  n = BIO_get_mem_data(c->tls->wbio, &p);
  if (n <= 0) return 0;
  b = uv_buf_init(p, (unsigned)n);
  rc = swirl__conn_raw_writev(c, &b, 1);
  (void)BIO_reset(c->tls->wbio);
  return rc != 0 ? -1 : 0;
}

static void drop(swirl__conn *c, const char *what) {
  swirl__notice("session#%llu: TLS %s: %s; connection closed",
                (unsigned long long)c->id, what, ssl_error());
  c->notify = c->tls->ready; /* no CLOSE for a connection never opened */
  flush_out(c);
  swirl__conn_close_now(c);
}

void swirl__tls_feed(swirl__conn *c, const char *data, size_t len) {
  swirl__tls *t = c->tls;
  char plain[TLS_BUF];
  if (BIO_write(t->rbio, data, (int)len) != (int)len) {
    drop(c, "buffer");
    return;
  }
  if (!t->ready) {
    int r = SSL_do_handshake(t->ssl);
    if (r != 1) {
      int e = SSL_get_error(t->ssl, r);
      if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
        flush_out(c);
        return;
      }
      drop(c, "handshake failed");
      return;
    }
    t->ready = 1;
    c->last_ms = 0;
    if (flush_out(c) != 0) return;
    swirl__conn_opened(c);
    if (c->closing) return;
  }
  for (;;) {
    int n = SSL_read(t->ssl, plain, sizeof(plain));
    if (n > 0) {
      swirl__conn_input(c, plain, (size_t)n);
      if (c->closing || c->tls == NULL) return;
      /* Nothing buffered in OpenSSL or its input: another SSL_read could
       * only fail with WANT_READ (a cost per message worth saving). */
      if (SSL_pending(t->ssl) == 0 && mem_pending(t->rbio) == 0) break;
      continue;
    }
    {
      int e = SSL_get_error(t->ssl, n);
      if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) break;
      if (e == SSL_ERROR_ZERO_RETURN) {
        /* close_notify: the client is done. */
        flush_out(c);
        swirl__conn_close_now(c);
        return;
      }
      drop(c, "read failed");
      return;
    }
  }
  flush_out(c);
}

int32_t swirl__tls_write(swirl__conn *c, const uv_buf_t *bufs, int nbufs) {
  int i;
  for (i = 0; i < nbufs; i++) {
    size_t off = 0;
    while (off < bufs[i].len) {
      size_t chunk = bufs[i].len - off;
      int n;
      if (chunk > 1 << 30) chunk = 1 << 30;
      n = SSL_write(c->tls->ssl, bufs[i].base + off, (int)chunk);
      if (n <= 0)
        return swirl__srv_fail(c->srv, SWIRL_EIO, "session#%llu: TLS write "
                               "failed: %s", (unsigned long long)c->id,
                               ssl_error());
      off += (size_t)n;
      /* Keep the memory BIO from growing without end. */
      if (BIO_number_written(c->tls->wbio) - c->tls->flushed >= 256 * 1024 &&
          flush_out(c) != 0)
        return c->srv->last_error;
    }
  }
  return flush_out(c) != 0 ? c->srv->last_error : 0;
}

void swirl__tls_close_notify(swirl__conn *c) {
  if (c->tls == NULL || !c->tls->ready) return;
  SSL_shutdown(c->tls->ssl);
  flush_out(c);
}

/* Checks every SSL listener's settings; start() fails on the first bad
 * one, with OpenSSL's reason. */
int32_t swirl__tls_check(swirl_server *srv) {
  int i;
  for (i = 0; i < srv->nlisteners; i++) {
    swirl__listener *l = srv->listeners[i];
    void *ctx;
    if (!l->ssl) continue;
    ctx = swirl__tls_ctx_new(l->cfg != NULL ? l->cfg : &srv->cfg, srv->errmsg,
                             sizeof(srv->errmsg));
    if (ctx == NULL) return srv->last_error = SWIRL_EINVALID_PARAMS;
    SSL_CTX_free(ctx);
  }
  return 0;
}
