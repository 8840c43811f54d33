/*
 * swirl_helper: a small PHP 8.2 extension that repairs the PHP runtime in
 * a process forked by Swirl's C core, and lets such a process end without
 * running the parent's shutdown machinery. See swirl_helper.c for the
 * contract of each function.
 */

#ifndef PHP_SWIRL_HELPER_H
#define PHP_SWIRL_HELPER_H

extern zend_module_entry swirl_helper_module_entry;
#define phpext_swirl_helper_ptr &swirl_helper_module_entry

/* Kept equal to the Swirl library version (abi/swirl.h). */
#define PHP_SWIRL_HELPER_VERSION "0.1.0"

#if defined(ZTS) && defined(COMPILE_DL_SWIRL_HELPER)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif /* PHP_SWIRL_HELPER_H */
