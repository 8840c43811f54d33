/*
 * abi_check.c: checks that the library and the generated FFI header agree,
 * the way a PHP FFI::cdef or a ctypes binding would depend on them.
 *
 *   SWIRL_LIB=build/libswirl.so abi_check ffi/swirl_ffi.h [--results FILE]
 *
 * 1. Parses the header (macro-free C: enums, typedefs, a struct, function
 *    declarations that may span lines) into return type, name and
 *    parameter types, and checks that only the ABI's types cross it
 *    (int32_t, int64_t, uint64_t, size_t, double, pointers, void).
 * 2. Reads the library's ELF .dynsym itself and checks that every declared
 *    function is exported, that no swirl_* function is exported without a
 *    declaration, that nothing else is exported, and that the exports carry
 *    the version script's version.
 * 3. dlopen()s the library and calls functions through libffi with the
 *    types taken from the parsed declarations (not from a C prototype):
 *    versions, event size (against the struct layout libffi computes from
 *    the parsed struct), error strings for every parsed error code, and a
 *    server's life: new on 127.0.0.1 port 0, options, port, free.
 *
 * Prints one line per check ("ok N - ...", "not ok N - ... (why)") and
 * "N passed, N failed"; --results FILE gets "passed=N failed=N skipped=0".
 * A results file saying one failure is written first, so a crash in a call
 * still counts as a failure. Exit status 1 when a check failed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ffi.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * Reporting
 * ---------------------------------------------------------------------- */

static int n_passed, n_failed;
static const char *results_path;

static void write_results(int passed, int failed) {
  FILE *f;
  if (results_path == NULL)
    return;
  f = fopen(results_path, "w");
  if (f == NULL) {
    perror(results_path);
    return;
  }
  fprintf(f, "passed=%d failed=%d skipped=0\n", passed, failed);
  fclose(f);
}

/* Records one check. When it failed, fmt (if not NULL) says why. Returns
 * ok. */
static int check(int ok, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int check(int ok, const char *what, const char *fmt, ...) {
  int n = n_passed + n_failed + 1;
  if (ok) {
    n_passed++;
    printf("ok %d - %s\n", n, what);
  } else {
    n_failed++;
    printf("not ok %d - %s", n, what);
    if (fmt != NULL) {
      va_list ap;
      printf(" (");
      va_start(ap, fmt);
      vprintf(fmt, ap);
      va_end(ap);
      printf(")");
    }
    printf("\n");
  }
  fflush(stdout);
  return ok;
}

/* A growing string for lists in messages. */
typedef struct strbuf {
  char *s;
  size_t len, cap;
} strbuf;

static void sb_add(strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void sb_add(strbuf *b, const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (b->len + (size_t)n + 1 > b->cap) {
    b->cap = (b->len + (size_t)n + 1) * 2;
    b->s = realloc(b->s, b->cap);
    if (b->s == NULL)
      abort();
  }
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

static const char *sb_str(strbuf *b) { return b->s ? b->s : ""; }

/* ------------------------------------------------------------------------
 * Parsing the header
 * ---------------------------------------------------------------------- */

/* The kinds of value that may cross the ABI. */
enum kind { K_BAD = 0, K_VOID, K_I32, K_I64, K_U64, K_SIZE, K_DOUBLE, K_PTR };

static const char *kind_name(int k) {
  static const char *const names[] = {
      "(not an ABI type)", "void",   "int32_t", "int64_t",
      "uint64_t",          "size_t", "double",  "pointer"};
  return names[k];
}

#define MAX_PARAMS 16

typedef struct func_decl {
  char name[64];
  int ret;
  int nparams;
  int params[MAX_PARAMS];
  char text[512]; /* the declaration, whitespace collapsed */
  void *sym;      /* dlsym() result */
} func_decl;

typedef struct enum_value {
  char name[64];
  int64_t value;
  char group[64]; /* the enum's tag */
} enum_value;

typedef struct type_name {
  char name[64];
  int kind;      /* K_PTR for function pointers, K_BAD for structs */
  int is_struct; /* a struct type (usable only through a pointer) */
} type_name;

typedef struct field {
  char name[64];
  int kind;
} field;

static func_decl funcs[256];
static int nfuncs;
static enum_value enums[512];
static int nenums;
static type_name types[64];
static int ntypes;
static field event_fields[64];
static int nevent_fields = -1;
static strbuf parse_errors;

static int is_ident_char(int c) { return isalnum(c) || c == '_'; }

/* Removes comments and collapses whitespace runs into one space. */
static char *clean_text(const char *in) {
  size_t n = strlen(in), i, o = 0;
  char *out = malloc(n + 1);
  if (out == NULL)
    abort();
  for (i = 0; i < n; i++) {
    if (in[i] == '/' && in[i + 1] == '*') {
      const char *end = strstr(in + i + 2, "*/");
      i = end ? (size_t)(end - in) + 1 : n;
      out[o++] = ' ';
    } else if (in[i] == '/' && in[i + 1] == '/') {
      while (i < n && in[i] != '\n')
        i++;
      out[o++] = ' ';
    } else {
      out[o++] = isspace((unsigned char)in[i]) ? ' ' : in[i];
    }
  }
  out[o] = '\0';
  /* Collapse spaces. */
  {
    size_t r, w = 0;
    for (r = 0; r < o; r++) {
      if (out[r] == ' ' && (w == 0 || out[w - 1] == ' '))
        continue;
      out[w++] = out[r];
    }
    while (w > 0 && out[w - 1] == ' ')
      w--;
    out[w] = '\0';
  }
  return out;
}

static void trim(char *s) {
  size_t n = strlen(s), start = 0;
  while (n > 0 && isspace((unsigned char)s[n - 1]))
    s[--n] = '\0';
  while (isspace((unsigned char)s[start]))
    start++;
  memmove(s, s + start, n - start + 1);
}

static const type_name *find_type(const char *name) {
  int i;
  for (i = 0; i < ntypes; i++) {
    if (strcmp(types[i].name, name) == 0)
      return &types[i];
  }
  return NULL;
}

/* Classifies a declarator such as "const char *name", "swirl_server **out",
 * "int32_t code", "void (*cb)(int)" or, with want_name 0, a bare type.
 * Sets name (when wanted and present). Returns a K_* kind; K_BAD with a
 * reason in why for types the ABI does not allow. */
static int classify(const char *decl, int want_name, char *name,
                    size_t name_cap, char *why, size_t why_cap) {
  char words[8][64];
  int nwords = 0, stars = 0;
  const char *p = decl;

  if (name)
    name[0] = '\0';
  why[0] = '\0';
  if (strstr(decl, "(*") != NULL || strstr(decl, "( *") != NULL) {
    /* A function pointer parameter. */
    const char *s = strstr(decl, "*");
    if (name) {
      size_t k = 0;
      s++;
      while (*s == ' ')
        s++;
      while (is_ident_char((unsigned char)*s) && k + 1 < name_cap)
        name[k++] = *s++;
      name[k] = '\0';
    }
    return K_PTR;
  }
  while (*p) {
    if (*p == '*' || *p == '[') {
      stars++;
      if (*p == '[') {
        while (*p && *p != ']')
          p++;
      }
      if (*p)
        p++;
    } else if (is_ident_char((unsigned char)*p)) {
      size_t k = 0;
      char w[64];
      while (is_ident_char((unsigned char)*p) && k + 1 < sizeof(w))
        w[k++] = *p++;
      w[k] = '\0';
      if (strcmp(w, "const") == 0 || strcmp(w, "volatile") == 0 ||
          strcmp(w, "restrict") == 0 || strcmp(w, "extern") == 0)
        continue;
      if (nwords == 8) {
        snprintf(why, why_cap, "too many words in '%s'", decl);
        return K_BAD;
      }
      strcpy(words[nwords++], w);
    } else {
      p++;
    }
  }
  /* The last word is the name when a type precedes it. */
  if (want_name && nwords >= 2 &&
      !(nwords == 2 &&
        (strcmp(words[0], "struct") == 0 || strcmp(words[0], "enum") == 0))) {
    if (name)
      snprintf(name, name_cap, "%s", words[nwords - 1]);
    nwords--;
  }
  if (nwords == 0) {
    snprintf(why, why_cap, "no type in '%s'", decl);
    return K_BAD;
  }
  if (stars > 0)
    return K_PTR;
  if (nwords != 1) {
    snprintf(why, why_cap, "'%s' is not an ABI type", decl);
    return K_BAD;
  }
  if (strcmp(words[0], "int32_t") == 0)
    return K_I32;
  if (strcmp(words[0], "int64_t") == 0)
    return K_I64;
  if (strcmp(words[0], "uint64_t") == 0)
    return K_U64;
  if (strcmp(words[0], "size_t") == 0)
    return K_SIZE;
  if (strcmp(words[0], "double") == 0)
    return K_DOUBLE;
  if (strcmp(words[0], "void") == 0)
    return K_VOID;
  {
    const type_name *t = find_type(words[0]);
    if (t != NULL && !t->is_struct)
      return t->kind;
    if (t != NULL)
      snprintf(why, why_cap, "struct '%s' passed by value", words[0]);
    else
      snprintf(why, why_cap, "'%s' is not an ABI type", words[0]);
  }
  return K_BAD;
}

/* Parses "enum tag { A = 1, B, C = -3 }". */
static void parse_enum(const char *s) {
  const char *open = strchr(s, '{'), *close = strrchr(s, '}');
  char tag[64] = "", *body, *item, *save = NULL;
  int64_t next = 0;
  sscanf(s, "enum %63[A-Za-z0-9_]", tag);
  if (open == NULL || close == NULL || close < open) {
    sb_add(&parse_errors, "bad enum: %.60s; ", s);
    return;
  }
  body = strndup(open + 1, (size_t)(close - open - 1));
  for (item = strtok_r(body, ",", &save); item != NULL;
       item = strtok_r(NULL, ",", &save)) {
    char name[64];
    char *eq;
    trim(item);
    if (item[0] == '\0')
      continue;
    eq = strchr(item, '=');
    if (eq != NULL) {
      char *end;
      *eq = '\0';
      next = strtoll(eq + 1, &end, 0);
      while (*end == ' ')
        end++;
      if (*end != '\0') {
        sb_add(&parse_errors, "enum value not a plain number: %s; ", item);
        continue;
      }
    }
    snprintf(name, sizeof(name), "%s", item);
    trim(name);
    if (nenums < (int)(sizeof(enums) / sizeof(enums[0]))) {
      snprintf(enums[nenums].name, sizeof(enums[nenums].name), "%s", name);
      snprintf(enums[nenums].group, sizeof(enums[nenums].group), "%s", tag);
      enums[nenums++].value = next;
    }
    next++;
  }
  free(body);
}

static void add_type(const char *name, int kind, int is_struct) {
  if (ntypes < (int)(sizeof(types) / sizeof(types[0]))) {
    snprintf(types[ntypes].name, sizeof(types[ntypes].name), "%s", name);
    types[ntypes].kind = kind;
    types[ntypes++].is_struct = is_struct;
  }
}

/* Parses the fields of "struct ... { T a; T b; }" into event_fields when
 * the struct is swirl_event. */
static void parse_struct_body(const char *s, const char *tname) {
  const char *open = strchr(s, '{'), *close = strrchr(s, '}');
  char *body, *item, *save = NULL;
  if (open == NULL || close == NULL)
    return;
  if (strcmp(tname, "swirl_event") != 0)
    return;
  nevent_fields = 0;
  body = strndup(open + 1, (size_t)(close - open - 1));
  for (item = strtok_r(body, ";", &save); item != NULL;
       item = strtok_r(NULL, ";", &save)) {
    char why[160];
    field *f;
    trim(item);
    if (item[0] == '\0' || nevent_fields == 64)
      continue;
    f = &event_fields[nevent_fields++];
    f->kind = classify(item, 1, f->name, sizeof(f->name), why, sizeof(why));
    if (f->kind == K_BAD || f->kind == K_VOID)
      sb_add(&parse_errors, "swirl_event field: %s; ", why);
  }
  free(body);
}

/* Parses a typedef: of a struct (opaque or with a body), of a function
 * pointer, or an alias. */
static void parse_typedef(const char *s) {
  const char *rest = s + strlen("typedef ");
  char name[64] = "";
  if (strchr(rest, '(') != NULL) {
    /* typedef RET (*NAME)(PARAMS) */
    const char *star = strstr(rest, "(*");
    if (star == NULL || sscanf(star + 2, " %63[A-Za-z0-9_]", name) != 1) {
      sb_add(&parse_errors, "unreadable typedef: %.60s; ", s);
      return;
    }
    add_type(name, K_PTR, 0);
    return;
  }
  {
    /* The name is the last identifier. */
    const char *end = s + strlen(s);
    const char *q = end;
    while (q > s && is_ident_char((unsigned char)q[-1]))
      q--;
    snprintf(name, sizeof(name), "%.*s", (int)(end - q), q);
  }
  if (strncmp(rest, "struct", 6) == 0 || strncmp(rest, "union", 5) == 0) {
    if (strncmp(rest, "union", 5) == 0)
      sb_add(&parse_errors, "union %s in the ABI; ", name);
    add_type(name, K_BAD, 1);
    if (strchr(rest, '{') != NULL)
      parse_struct_body(rest, name);
  } else if (strncmp(rest, "enum", 4) == 0) {
    if (strchr(rest, '{') != NULL)
      parse_enum(rest);
    add_type(name, K_BAD, 0);
    sb_add(&parse_errors, "enum type %s would cross the ABI; ", name);
  } else {
    char why[160];
    int k = classify(rest, 1, NULL, 0, why, sizeof(why));
    add_type(name, k, 0);
  }
}

/* Parses "RET NAME(PARAMS)". */
static void parse_function(const char *s) {
  const char *open = strchr(s, '('), *q, *close;
  func_decl *f;
  char ret[256], why[160], *params, *item, *save = NULL;
  int depth = 0;
  size_t nlen;

  if (nfuncs == (int)(sizeof(funcs) / sizeof(funcs[0])))
    return;
  f = &funcs[nfuncs];
  memset(f, 0, sizeof(*f));
  snprintf(f->text, sizeof(f->text), "%s", s);
  q = open;
  while (q > s && q[-1] == ' ')
    q--;
  nlen = 0;
  while (q > s && is_ident_char((unsigned char)q[-1])) {
    q--;
    nlen++;
  }
  if (nlen == 0 || nlen >= sizeof(f->name)) {
    sb_add(&parse_errors, "unreadable declaration: %.60s; ", s);
    return;
  }
  memcpy(f->name, q, nlen);
  snprintf(ret, sizeof(ret), "%.*s", (int)(q - s), s);
  f->ret = classify(ret, 0, NULL, 0, why, sizeof(why));
  if (f->ret == K_BAD)
    sb_add(&parse_errors, "%s returns %s; ", f->name, why);
  for (close = open; *close; close++) {
    if (*close == '(')
      depth++;
    else if (*close == ')' && --depth == 0)
      break;
  }
  if (*close != ')') {
    sb_add(&parse_errors, "%s: unbalanced parentheses; ", f->name);
    return;
  }
  {
    const char *after = close + 1;
    while (*after == ' ')
      after++;
    if (*after != '\0')
      sb_add(&parse_errors, "%s: text after the parameters: %.40s; ", f->name,
             after);
  }
  params = strndup(open + 1, (size_t)(close - open - 1));
  trim(params);
  if (strcmp(params, "void") != 0 && params[0] != '\0') {
    /* Split at commas outside parentheses. */
    char *p = params, *start = params;
    depth = 0;
    for (;; p++) {
      if (*p == '(')
        depth++;
      else if (*p == ')')
        depth--;
      if ((*p == ',' && depth == 0) || *p == '\0') {
        int last = *p == '\0';
        int k;
        *p = '\0';
        item = start;
        trim(item);
        k = classify(item, 1, NULL, 0, why, sizeof(why));
        if (k == K_BAD || k == K_VOID)
          sb_add(&parse_errors, "%s parameter %d: %s; ", f->name,
                 f->nparams + 1, k == K_VOID ? "void" : why);
        if (f->nparams < MAX_PARAMS)
          f->params[f->nparams++] = k;
        if (last)
          break;
        start = p + 1;
      }
    }
  } else if (params[0] == '\0') {
    /* "f()" is an unprototyped declaration in C. */
    sb_add(&parse_errors, "%s() has no prototype (write (void)); ", f->name);
  }
  (void)save;
  free(params);
  nfuncs++;
}

/* Splits the cleaned header into top-level declarations and parses each. */
static void parse_header(const char *text) {
  const char *p = text, *start = text;
  int depth = 0;
  for (;; p++) {
    if (*p == '{' || *p == '(')
      depth++;
    else if (*p == '}' || *p == ')')
      depth--;
    if ((*p == ';' && depth == 0) || *p == '\0') {
      char *s = strndup(start, (size_t)(p - start));
      trim(s);
      if (s[0] == '\0') {
        /* Nothing. */
      } else if (strncmp(s, "typedef ", 8) == 0) {
        parse_typedef(s);
      } else if ((strncmp(s, "enum ", 5) == 0 || strncmp(s, "enum{", 5) == 0) &&
                 strchr(s, '{') != NULL) {
        parse_enum(s);
      } else if (strncmp(s, "struct ", 7) == 0 && strchr(s, '(') == NULL) {
        /* A struct definition or forward declaration: no ABI content. */
      } else if (strchr(s, '(') != NULL) {
        parse_function(s);
      } else {
        sb_add(&parse_errors, "declaration not understood: %.60s; ", s);
      }
      free(s);
      if (*p == '\0')
        break;
      start = p + 1;
    }
  }
}

static func_decl *find_func(const char *name) {
  int i;
  for (i = 0; i < nfuncs; i++) {
    if (strcmp(funcs[i].name, name) == 0)
      return &funcs[i];
  }
  return NULL;
}

static const enum_value *find_enum(const char *name) {
  int i;
  for (i = 0; i < nenums; i++) {
    if (strcmp(enums[i].name, name) == 0)
      return &enums[i];
  }
  return NULL;
}

/* The value of enumerator name; a missing one fails a check and gives 0. */
static int64_t enum_val(const char *name) {
  const enum_value *e = find_enum(name);
  if (e == NULL)
    check(0, "header declares the constant", "%s is missing", name);
  return e ? e->value : 0;
}

/* ------------------------------------------------------------------------
 * The library's exports, read from its ELF dynamic symbol table
 * ---------------------------------------------------------------------- */

typedef struct export {
  char name[96];
  char version[32]; /* "" when unversioned */
}
export;

static export exports[512];
static int nexports;

/* Reads the defined GLOBAL FUNC symbols of the .dynsym of path (64-bit
 * ELF), with their version names. Returns 0 or -1 with why set. */
static int read_exports(const char *path, char *why, size_t why_cap) {
  struct stat st;
  const unsigned char *map;
  const Elf64_Ehdr *eh;
  const Elf64_Shdr *sh;
  const Elf64_Sym *syms = NULL;
  const Elf64_Half *versym = NULL;
  const char *strtab = NULL;
  const char *vnames[64] = {0};
  size_t nsyms = 0, i;
  int fd = open(path, O_RDONLY | O_CLOEXEC);

  if (fd < 0 || fstat(fd, &st) != 0) {
    snprintf(why, why_cap, "%s: %s", path, strerror(errno));
    return -1;
  }
  map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED) {
    snprintf(why, why_cap, "mmap %s: %s", path, strerror(errno));
    return -1;
  }
  eh = (const Elf64_Ehdr *)map;
  if ((size_t)st.st_size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, 4) ||
      eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shoff == 0 ||
      eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) >
          (size_t)st.st_size) {
    snprintf(why, why_cap, "%s is not a 64-bit ELF file with sections", path);
    return -1;
  }
  sh = (const Elf64_Shdr *)(map + eh->e_shoff);
  for (i = 0; i < eh->e_shnum; i++) {
    if (sh[i].sh_type == SHT_DYNSYM) {
      syms = (const Elf64_Sym *)(map + sh[i].sh_offset);
      nsyms = sh[i].sh_size / sizeof(Elf64_Sym);
      strtab = (const char *)(map + sh[sh[i].sh_link].sh_offset);
    } else if (sh[i].sh_type == SHT_GNU_versym) {
      versym = (const Elf64_Half *)(map + sh[i].sh_offset);
    } else if (sh[i].sh_type == SHT_GNU_verdef) {
      /* Version definitions: index -> name. */
      const char *vstr = (const char *)(map + sh[sh[i].sh_link].sh_offset);
      const unsigned char *vd = map + sh[i].sh_offset;
      for (;;) {
        const Elf64_Verdef *d = (const Elf64_Verdef *)vd;
        const Elf64_Verdaux *a = (const Elf64_Verdaux *)(vd + d->vd_aux);
        if (d->vd_ndx < 64 && !(d->vd_flags & VER_FLG_BASE))
          vnames[d->vd_ndx] = vstr + a->vda_name;
        if (d->vd_next == 0)
          break;
        vd += d->vd_next;
      }
    }
  }
  if (syms == NULL) {
    snprintf(why, why_cap, "%s has no .dynsym", path);
    return -1;
  }
  for (i = 1; i < nsyms; i++) {
    const Elf64_Sym *s = &syms[i];
    int type = ELF64_ST_TYPE(s->st_info), bind = ELF64_ST_BIND(s->st_info);
    /* Defined functions with GLOBAL binding and default visibility; the
     * version script's own ABS symbols (version names) are not functions
     * and drop out here. */
    if (s->st_shndx == SHN_UNDEF || s->st_shndx == SHN_ABS ||
        (type != STT_FUNC && type != STT_GNU_IFUNC) || bind != STB_GLOBAL ||
        ELF64_ST_VISIBILITY(s->st_other) != STV_DEFAULT)
      continue;
    if (nexports == (int)(sizeof(exports) / sizeof(exports[0])))
      break;
    snprintf(exports[nexports].name, sizeof(exports[nexports].name), "%s",
             strtab + s->st_name);
    exports[nexports].version[0] = '\0';
    if (versym != NULL) {
      int v = versym[i] & 0x7fff;
      if (v >= 2 && v < 64 && vnames[v] != NULL)
        snprintf(exports[nexports].version, sizeof(exports[nexports].version),
                 "%s", vnames[v]);
    }
    nexports++;
  }
  return 0;
}

static const export *find_export(const char *name) {
  int i;
  for (i = 0; i < nexports; i++) {
    if (strcmp(exports[i].name, name) == 0)
      return &exports[i];
  }
  return NULL;
}

/* ------------------------------------------------------------------------
 * Calls through libffi, typed by the parsed declarations
 * ---------------------------------------------------------------------- */

/* One argument or result. */
typedef struct value {
  int kind;
  union {
    int32_t i32;
    int64_t i64;
    uint64_t u64;
    size_t sz;
    double d;
    void *p;
  } v;
} value;

#define A_I32(x) ((value){K_I32, {.i32 = (int32_t)(x)}})
#define A_I64(x) ((value){K_I64, {.i64 = (int64_t)(x)}})
#define A_U64(x) ((value){K_U64, {.u64 = (uint64_t)(x)}})
#define A_SIZE(x) ((value){K_SIZE, {.sz = (size_t)(x)}})
#define A_DBL(x) ((value){K_DOUBLE, {.d = (double)(x)}})
#define A_PTR(x) ((value){K_PTR, {.p = (void *)(x)}})
#define A_STR(s) A_PTR(s), A_SIZE(strlen(s))

static ffi_type *ffi_of(int kind) {
  switch (kind) {
  case K_VOID:
    return &ffi_type_void;
  case K_I32:
    return &ffi_type_sint32;
  case K_I64:
    return &ffi_type_sint64;
  case K_U64:
    return &ffi_type_uint64;
  case K_SIZE:
    return sizeof(size_t) == 8 ? &ffi_type_uint64 : &ffi_type_uint32;
  case K_DOUBLE:
    return &ffi_type_double;
  case K_PTR:
    return &ffi_type_pointer;
  default:
    return NULL;
  }
}

/* Calls the library's function name with the given arguments, through a
 * call interface built from its parsed declaration. The caller's argument
 * kinds must match the declaration (that is itself a check of the
 * signature). Returns 0 and sets *ret, or -1 after recording a failed
 * check. */
static int ffi_invokev(const char *name, value *ret, int nargs, va_list ap) {
  func_decl *f = find_func(name);
  ffi_type *atypes[MAX_PARAMS];
  void *avals[MAX_PARAMS];
  value args[MAX_PARAMS];
  union {
    ffi_arg a;
    ffi_sarg s;
    int64_t i64;
    uint64_t u64;
    double d;
    void *p;
    char pad[16];
  } rv;
  ffi_cif cif;
  int i;
  char what[128];

  snprintf(what, sizeof(what), "call %s through libffi", name);
  if (f == NULL)
    return check(0, what, "not declared in the header"), -1;
  if (f->sym == NULL)
    return check(0, what, "not found by dlsym"), -1;
  if (f->nparams != nargs)
    return check(0, what, "declared with %d parameters, the check passes %d",
                 f->nparams, nargs),
           -1;
  for (i = 0; i < nargs; i++) {
    args[i] = va_arg(ap, value);
    if (args[i].kind != f->params[i]) {
      return check(0, what, "parameter %d is declared %s, expected %s", i + 1,
                   kind_name(f->params[i]), kind_name(args[i].kind)),
             -1;
    }
    atypes[i] = ffi_of(f->params[i]);
    avals[i] = &args[i].v;
  }
  if (ffi_of(f->ret) == NULL)
    return check(0, what, "return type is not an ABI type"), -1;
  if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, (unsigned)nargs, ffi_of(f->ret),
                   atypes) != FFI_OK)
    return check(0, what, "ffi_prep_cif failed"), -1;
  memset(&rv, 0, sizeof(rv));
  ffi_call(&cif, FFI_FN(f->sym), &rv, avals);
  ret->kind = f->ret;
  switch (f->ret) {
  case K_I32:
    /* Integer results narrower than ffi_arg come back widened. */
    ret->v.i32 = (int32_t)rv.s;
    break;
  case K_I64:
    ret->v.i64 = rv.i64;
    break;
  case K_U64:
    ret->v.u64 = rv.u64;
    break;
  case K_SIZE:
    ret->v.sz = (size_t)rv.a;
    break;
  case K_DOUBLE:
    ret->v.d = rv.d;
    break;
  case K_PTR:
    ret->v.p = rv.p;
    break;
  default:
    break;
  }
  return 0;
}

static int ffi_invoke(const char *name, value *ret, int nargs, ...) {
  va_list ap;
  int rc;
  va_start(ap, nargs);
  rc = ffi_invokev(name, ret, nargs, ap);
  va_end(ap);
  return rc;
}

/* Calls a function declared to return int32_t. Returns its result, or
 * INT32_MIN after a failed check. nargs counts the values that follow. */
static int32_t call_i32(const char *name, int nargs, ...) {
  value r = {0};
  va_list ap;
  int rc;
  va_start(ap, nargs);
  rc = ffi_invokev(name, &r, nargs, ap);
  va_end(ap);
  if (rc != 0)
    return INT32_MIN;
  if (r.kind != K_I32) {
    check(0, "return type", "%s returns %s, expected int32_t", name,
          kind_name(r.kind));
    return INT32_MIN;
  }
  return r.v.i32;
}

/* Calls a function declared to return a pointer (a string here). Returns
 * it, or NULL after a failed check. */
static const char *call_str(const char *name, int nargs, ...) {
  value r = {0};
  va_list ap;
  int rc;
  va_start(ap, nargs);
  rc = ffi_invokev(name, &r, nargs, ap);
  va_end(ap);
  if (rc != 0)
    return NULL;
  if (r.kind != K_PTR) {
    check(0, "return type", "%s returns %s, expected a pointer", name,
          kind_name(r.kind));
    return NULL;
  }
  return r.v.p;
}

/* ------------------------------------------------------------------------
 * The checks
 * ---------------------------------------------------------------------- */

/* Tries to bind a plain TCP socket to 127.0.0.1:port. Returns 0 or errno. */
static int try_bind(int port) {
  struct sockaddr_in a;
  int fd = socket(AF_INET, SOCK_STREAM, 0), err = 0;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0)
    return errno;
  if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0)
    err = errno;
  close(fd);
  return err;
}

static void check_header(const char *path) {
  struct stat st;
  char *raw, *clean;
  int fd = open(path, O_RDONLY), i, bad_prefix = 0, hash_lines = 0;
  ssize_t n;
  strbuf names = {0};

  if (!check(fd >= 0 && fstat(fd, &st) == 0, "read the header", "%s: %s", path,
             strerror(errno))) {
    if (fd >= 0)
      close(fd);
    return;
  }
  raw = malloc((size_t)st.st_size + 1);
  n = read(fd, raw, (size_t)st.st_size);
  close(fd);
  raw[n > 0 ? n : 0] = '\0';
  for (i = 0; raw[i]; i++) {
    if (i == 0 || raw[i - 1] == '\n') {
      int j = i;
      while (raw[j] == ' ' || raw[j] == '\t')
        j++;
      hash_lines += raw[j] == '#';
    }
  }
  check(hash_lines == 0, "header is macro-free (no # lines)",
        "%d preprocessor lines", hash_lines);
  /* Parse what FFI::cdef would: it skips # lines. */
  for (i = 0; raw[i]; i++) {
    if (i == 0 || raw[i - 1] == '\n') {
      int j = i;
      while (raw[j] == ' ' || raw[j] == '\t')
        j++;
      if (raw[j] == '#') {
        while (raw[i] && raw[i] != '\n')
          raw[i++] = ' ';
        if (!raw[i])
          break;
      }
    }
  }
  clean = clean_text(raw);
  parse_header(clean);
  free(clean);
  free(raw);
  check(parse_errors.len == 0, "header parses; only ABI types cross it", "%s",
        sb_str(&parse_errors));
  check(nfuncs > 0 && nenums > 0, "header declares functions and enums",
        "%d functions, %d enumerators", nfuncs, nenums);
  printf("# %d functions, %d enumerators, %d typedefs\n", nfuncs, nenums,
         ntypes);
  for (i = 0; i < nfuncs; i++) {
    if (strncmp(funcs[i].name, "swirl_", 6) != 0 ||
        strncmp(funcs[i].name, "swirl__", 7) == 0) {
      bad_prefix++;
      sb_add(&names, "%s ", funcs[i].name);
    }
  }
  check(bad_prefix == 0, "every declared function is named swirl_*", "%s",
        sb_str(&names));
  free(names.s);
  for (i = 0; i < nfuncs; i++) {
    int j;
    for (j = 0; j < i; j++) {
      if (strcmp(funcs[i].name, funcs[j].name) == 0)
        check(0, "no function is declared twice", "%s", funcs[i].name);
    }
  }
}

static void check_exports(const char *lib) {
  char why[256];
  strbuf missing = {0}, extra = {0}, foreign = {0}, unversioned = {0};
  int i, nswirl = 0;
  const char *version = NULL;

  if (!check(read_exports(lib, why, sizeof(why)) == 0,
             "read the library's .dynsym", "%s", why))
    return;
  for (i = 0; i < nfuncs; i++) {
    if (find_export(funcs[i].name) == NULL)
      sb_add(&missing, "%s ", funcs[i].name);
  }
  for (i = 0; i < nexports; i++) {
    const char *name = exports[i].name;
    if (strncmp(name, "swirl_", 6) == 0) {
      nswirl++;
      if (find_func(name) == NULL)
        sb_add(&extra, "%s ", name);
      if (exports[i].version[0] == '\0')
        sb_add(&unversioned, "%s ", name);
      else if (version == NULL)
        version = exports[i].version;
      else if (strcmp(version, exports[i].version) != 0)
        sb_add(&unversioned, "%s@%s ", name, exports[i].version);
    } else if (strcmp(name, "_init") != 0 && strcmp(name, "_fini") != 0) {
      sb_add(&foreign, "%s ", name);
    }
  }
  printf("# %d swirl_* functions exported, version %s\n", nswirl,
         version ? version : "(none)");
  check(missing.len == 0, "every declared function is exported",
        "declared but not exported: %s", sb_str(&missing));
  check(extra.len == 0, "every exported swirl_* function is declared",
        "exported but not declared: %s", sb_str(&extra));
  check(foreign.len == 0, "no other function is exported", "also exported: %s",
        sb_str(&foreign));
  check(unversioned.len == 0 && version != NULL,
        "exports carry one symbol version (the version script's)",
        "unversioned or odd: %s", sb_str(&unversioned));
  free(missing.s);
  free(extra.s);
  free(foreign.s);
  free(unversioned.s);
}

/* Compares swirl_event_size() with the layout libffi computes for the
 * struct swirl_event parsed from the header. */
static void check_event_layout(void) {
  ffi_type st, *elems[65];
  size_t offsets[64];
  value r = {0};
  int i;

  if (!check(nevent_fields > 0, "header defines struct swirl_event", NULL))
    return;
  for (i = 0; i < nevent_fields; i++) {
    elems[i] = ffi_of(event_fields[i].kind);
    if (elems[i] == NULL || elems[i] == &ffi_type_void) {
      check(0, "swirl_event fields are ABI types", "field %s",
            event_fields[i].name);
      return;
    }
  }
  elems[nevent_fields] = NULL;
  memset(&st, 0, sizeof(st));
  st.type = FFI_TYPE_STRUCT;
  st.elements = elems;
  if (!check(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &st, offsets) == FFI_OK,
             "libffi lays out struct swirl_event", NULL))
    return;
  if (ffi_invoke("swirl_event_size", &r, 0) != 0)
    return;
  check(r.kind == K_SIZE && r.v.sz == st.size,
        "swirl_event_size() matches the header's struct",
        "library says %zu, header layout is %zu bytes", r.v.sz, st.size);
}

static void check_calls(void) {
  value r = {0};
  int32_t v, rc;
  const char *s;
  char expect[64];
  int i, bad;
  strbuf errs = {0};

  /* Versions. */
  v = call_i32("swirl_version", 0);
  s = call_str("swirl_version_string", 0);
  snprintf(expect, sizeof(expect), "%d.%d.%d", (v >> 16) & 0xff,
           (v >> 8) & 0xff, v & 0xff);
  check(v > 0 && s != NULL && strcmp(s, expect) == 0,
        "swirl_version() and swirl_version_string() agree", "%d (%s) vs \"%s\"",
        v, expect, s ? s : "(null)");
  v = call_i32("swirl_abi_version", 0);
  check(v >= 1, "swirl_abi_version() is at least 1", "%d", v);
  check_event_layout();

  /* Every error code of the header has a message and its own name. */
  bad = 0;
  for (i = 0; i < nenums; i++) {
    const char *msg, *name;
    value a = A_I32(enums[i].value);
    if (strcmp(enums[i].group, "swirl_error") != 0)
      continue;
    msg = call_str("swirl_strerror", 1, a);
    name = call_str("swirl_err_name", 1, a);
    if (msg == NULL || msg[0] == '\0') {
      sb_add(&errs, "%s has no message; ", enums[i].name);
      bad++;
    }
    if (name == NULL || strcmp(name, enums[i].name + 6) != 0) {
      sb_add(&errs, "swirl_err_name(%s) is \"%s\"; ", enums[i].name,
             name ? name : "(null)");
      bad++;
    }
  }
  check(bad == 0 && find_enum("SWIRL_EINVAL") != NULL,
        "swirl_strerror() and swirl_err_name() name every error code", "%s",
        sb_str(&errs));
  free(errs.s);

  /* Process helpers and NULL frees. */
  if (ffi_invoke("swirl_getpid", &r, 0) == 0)
    check(r.kind == K_I64 && r.v.i64 == (int64_t)getpid(),
          "swirl_getpid() is getpid()", "%lld", (long long)r.v.i64);
  check(ffi_invoke("swirl_free", &r, 1, A_PTR(NULL)) == 0 &&
            ffi_invoke("swirl_server_free", &r, 1, A_PTR(NULL)) == 0,
        "swirl_free(NULL) and swirl_server_free(NULL) return", NULL);

  /* A server's life: new, options, port, free. */
  {
    void *srv = NULL;
    int64_t got = -1;
    int port, err;
    size_t need = 0;
    int32_t base = (int32_t)enum_val("SWIRL_MODE_BASE");
    int32_t tcp = (int32_t)enum_val("SWIRL_SOCK_TCP");
    rc = call_i32("swirl_server_new", 6, A_PTR(&srv), A_STR("127.0.0.1"),
                  A_I32(0), A_I32(base), A_I32(tcp));
    if (!check(rc == 0 && srv != NULL,
               "swirl_server_new(127.0.0.1, port 0) succeeds", "rc %d: %s", rc,
               call_str("swirl_last_errmsg", 0)))
      return;
    rc = call_i32("swirl_server_set_int", 4, A_PTR(srv), A_STR("worker_num"),
                  A_I64(1));
    check(rc == 0, "swirl_server_set_int(worker_num, 1) succeeds", "rc %d", rc);
    rc = call_i32("swirl_server_get_int", 4, A_PTR(srv), A_STR("worker_num"),
                  A_PTR(&got));
    check(rc == 0 && got == 1, "swirl_server_get_int(worker_num) reads 1",
          "rc %d, value %lld", rc, (long long)got);
    rc = call_i32("swirl_server_set_double", 4, A_PTR(srv),
                  A_STR("no_such_opt"), A_DBL(1.5));
    s = call_str("swirl_server_errmsg", 1, A_PTR(srv));
    check(rc == enum_val("SWIRL_EUNKNOWN_OPTION") && s != NULL &&
              strstr(s, "no_such_opt") != NULL,
          "an unknown option fails with EUNKNOWN_OPTION and is named",
          "rc %d, message \"%s\"", rc, s ? s : "(null)");
    rc = call_i32("swirl_server_options", 3, A_PTR(srv), A_PTR(NULL),
                  A_PTR(&need));
    check(rc == enum_val("SWIRL_ERANGE") && need > 0,
          "swirl_server_options() reports the size it needs", "rc %d, %zu", rc,
          need);
    port = call_i32("swirl_server_port", 2, A_PTR(srv), A_I32(0));
    err = port > 0 ? try_bind(port) : 0;
    check(port > 0 && port < 65536 && err == EADDRINUSE,
          "swirl_server_port() is the bound port", "port %d, bind: %s", port,
          strerror(err));
    {
      void *other = NULL;
      rc = call_i32("swirl_server_new", 6, A_PTR(&other), A_STR("127.0.0.1"),
                    A_I32(port), A_I32(base), A_I32(tcp));
      /* Both sockets are bound but not listening; the system may allow the
       * second bind. Only a success must hand out a server. */
      if (rc == 0 && other != NULL)
        ffi_invoke("swirl_server_free", &r, 1, A_PTR(other));
    }
    ffi_invoke("swirl_server_free", &r, 1, A_PTR(srv));
    err = port > 0 ? try_bind(port) : -1;
    check(err == 0, "swirl_server_free() releases the port", "bind: %s",
          strerror(err));
  }

  /* A port in use fails in the constructor with its reason. */
  {
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    void *srv = NULL;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        listen(fd, 4) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &alen) == 0) {
      int32_t base = (int32_t)enum_val("SWIRL_MODE_BASE");
      int32_t tcp = (int32_t)enum_val("SWIRL_SOCK_TCP");
      rc = call_i32("swirl_server_new", 6, A_PTR(&srv), A_STR("127.0.0.1"),
                    A_I32(ntohs(a.sin_port)), A_I32(base), A_I32(tcp));
      s = call_str("swirl_last_errmsg", 0);
      check(rc == enum_val("SWIRL_EADDRINUSE") && s != NULL && s[0] != '\0',
            "a port in use fails with EADDRINUSE and a message",
            "rc %d, message \"%s\"", rc, s ? s : "(null)");
      if (rc == 0 && srv != NULL)
        ffi_invoke("swirl_server_free", &r, 1, A_PTR(srv));
    } else {
      check(0, "a port in use fails with EADDRINUSE and a message",
            "could not set up a listening socket: %s", strerror(errno));
    }
    if (fd >= 0)
      close(fd);
  }
}

int main(int argc, char **argv) {
  const char *header = NULL, *lib = getenv("SWIRL_LIB");
  void *handle;
  int i, nfound = 0;
  strbuf missing = {0};

  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--results") == 0 && i + 1 < argc)
      results_path = argv[++i];
    else if (header == NULL && argv[i][0] != '-')
      header = argv[i];
    else {
      fprintf(stderr, "usage: SWIRL_LIB=lib.so %s HEADER [--results FILE]\n",
              argv[0]);
      return 2;
    }
  }
  if (header == NULL) {
    fprintf(stderr, "usage: SWIRL_LIB=lib.so %s HEADER [--results FILE]\n",
            argv[0]);
    return 2;
  }
  /* Until the end is reached, the suite counts as failed. */
  write_results(0, 1);

  check_header(header);
  if (check(lib != NULL && lib[0] != '\0', "SWIRL_LIB names the library",
            NULL)) {
    check_exports(lib);
    handle = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
    if (check(handle != NULL, "dlopen the library", "%s", dlerror())) {
      for (i = 0; i < nfuncs; i++) {
        funcs[i].sym = dlsym(handle, funcs[i].name);
        if (funcs[i].sym != NULL)
          nfound++;
        else
          sb_add(&missing, "%s ", funcs[i].name);
      }
      check(nfound == nfuncs && nfuncs > 0,
            "dlsym finds every declared function", "missing: %s",
            sb_str(&missing));
      check_calls();
    }
  }
  free(missing.s);
  printf("%d passed, %d failed\n", n_passed, n_failed);
  write_results(n_passed, n_failed);
  return n_failed > 0 ? 1 : 0;
}
