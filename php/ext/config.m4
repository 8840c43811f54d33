dnl config.m4 for the swirl_helper extension, built with phpize:
dnl   phpize && ./configure && make   ->   modules/swirl_helper.so
dnl The extension is enabled by default so that a bare ./configure works.

PHP_ARG_ENABLE([swirl_helper],
  [whether to enable the Swirl fork helper],
  [AS_HELP_STRING([--disable-swirl_helper],
    [Disable the Swirl fork helper extension])],
  [yes])

if test "$PHP_SWIRL_HELPER" != "no"; then
  AC_DEFINE(HAVE_SWIRL_HELPER, 1, [Whether the Swirl fork helper is enabled])
  dnl __fpurge() lets the child drop the parent's unwritten stdout buffer.
  AC_CHECK_HEADERS([stdio_ext.h])
  AC_CHECK_FUNCS([__fpurge])
  PHP_NEW_EXTENSION(swirl_helper, swirl_helper.c, $ext_shared,,
    [-DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -Wall -Wextra -Wno-unused-parameter])
fi
