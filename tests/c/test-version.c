/*
 * test-version.c: the version functions agree with the header's macros and
 * with each other, and swirl_event_size() matches this compiler's layout.
 */
#include "task.h"

TEST_IMPL(version) {
  char expect[64];
  int32_t v = swirl_version();
  const char *s = swirl_version_string();

  ASSERT_EQ(v, (SWIRL_VERSION_MAJOR << 16) | (SWIRL_VERSION_MINOR << 8) |
                   SWIRL_VERSION_PATCH);
  snprintf(expect, sizeof(expect), "%d.%d.%d", SWIRL_VERSION_MAJOR,
           SWIRL_VERSION_MINOR, SWIRL_VERSION_PATCH);
  ASSERT_NOT_NULL(s);
  ASSERT_STR_EQ(s, expect);
  /* A static string: the same pointer every time. */
  ASSERT(swirl_version_string() == s);
  ASSERT_EQ(swirl_abi_version(), SWIRL_ABI_VERSION);
  ASSERT_GE(swirl_abi_version(), 1);
  return 0;
}

TEST_IMPL(event_size) {
  ASSERT_EQ(swirl_event_size(), sizeof(swirl_event));
  /* Fields are fixed-width and 8-byte aligned on every target. */
  ASSERT_EQ(swirl_event_size() % 8, 0);
  ASSERT_EQ(offsetof(swirl_event, type), 0);
  return 0;
}
