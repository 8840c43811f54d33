/*
 * test-errors.c: every error code of the enum has a message and a distinct
 * name; the free functions accept NULL.
 */
#include "task.h"

typedef struct code_entry {
  int32_t code;
  const char *name; /* the enum name without "SWIRL_" */
} code_entry;

#define CODE(c)                                                                \
  { c, #c + 6 }

/* Every value of enum swirl_error, as abi/swirl.h lists them. */
static const code_entry codes[] = {
    CODE(SWIRL_OK),
    CODE(SWIRL_EPERM),
    CODE(SWIRL_ENOENT),
    CODE(SWIRL_EINTR),
    CODE(SWIRL_EIO),
    CODE(SWIRL_EBADF),
    CODE(SWIRL_EAGAIN),
    CODE(SWIRL_ENOMEM),
    CODE(SWIRL_EACCES),
    CODE(SWIRL_EBUSY),
    CODE(SWIRL_EEXIST),
    CODE(SWIRL_EINVAL),
    CODE(SWIRL_EMFILE),
    CODE(SWIRL_ENOSPC),
    CODE(SWIRL_EPIPE),
    CODE(SWIRL_ERANGE),
    CODE(SWIRL_ENOSYS),
    CODE(SWIRL_ENOTSUP),
    CODE(SWIRL_EADDRINUSE),
    CODE(SWIRL_EADDRNOTAVAIL),
    CODE(SWIRL_ECONNRESET),
    CODE(SWIRL_ETIMEDOUT),
    CODE(SWIRL_ECONNREFUSED),
    CODE(SWIRL_ECANCELED),
    CODE(SWIRL_EINVALID_PARAMS),
    CODE(SWIRL_EWRONG_OPERATION),
    CODE(SWIRL_EUNKNOWN_OPTION),
    CODE(SWIRL_EOPTION_TYPE),
    CODE(SWIRL_EOPTION_RANGE),
    CODE(SWIRL_ESESSION_CLOSED_BY_SERVER),
    CODE(SWIRL_ESESSION_CLOSED_BY_CLIENT),
    CODE(SWIRL_ESESSION_CLOSING),
    CODE(SWIRL_ESESSION_CLOSED),
    CODE(SWIRL_ESESSION_NOT_EXIST),
    CODE(SWIRL_ESESSION_INVALID_ID),
    CODE(SWIRL_EOUTPUT_BUFFER_OVERFLOW),
    CODE(SWIRL_ESERVER_ONLY_START_ONE),
    CODE(SWIRL_ESERVER_SEND_IN_MASTER),
    CODE(SWIRL_ESERVER_INVALID_LISTEN_PORT),
    CODE(SWIRL_ESERVER_WORKER_EXIT_TIMEOUT),
};

#define NCODES (sizeof(codes) / sizeof(codes[0]))

TEST_IMPL(strerror_every_code) {
  size_t i;
  for (i = 0; i < NCODES; i++) {
    const char *msg = swirl_strerror(codes[i].code);
    if (msg == NULL || msg[0] == '\0')
      fprintf(stderr, "code %d (%s) has no message\n", codes[i].code,
              codes[i].name);
    ASSERT_NOT_NULL(msg);
    ASSERT_GT(strlen(msg), 0);
  }
  return 0;
}

TEST_IMPL(err_name_every_code) {
  size_t i, j;
  for (i = 0; i < NCODES; i++) {
    const char *name = swirl_err_name(codes[i].code);
    ASSERT_NOT_NULL(name);
    ASSERT_STR_EQ(name, codes[i].name);
    for (j = 0; j < i; j++)
      ASSERT(strcmp(name, swirl_err_name(codes[j].code)) != 0);
  }
  return 0;
}

TEST_IMPL(err_unknown_code) {
  /* Codes outside the enum still get a string, never NULL. */
  static const int32_t odd[] = {-3,    -1000,     -7777,    1,
                                12345, INT32_MIN, INT32_MAX};
  size_t i;
  for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
    ASSERT_NOT_NULL(swirl_strerror(odd[i]));
    ASSERT_NOT_NULL(swirl_err_name(odd[i]));
  }
  return 0;
}

TEST_IMPL(free_null) {
  swirl_free(NULL);
  swirl_server_free(NULL);
  /* swirl_last_errmsg() is always a string, "" before any failure. */
  ASSERT_NOT_NULL(swirl_last_errmsg());
  return 0;
}
