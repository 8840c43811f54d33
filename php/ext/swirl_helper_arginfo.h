/*
 * Argument information of the swirl_helper functions. It was produced by
 * PHP 8.2's build/gen_stub.php from this stub and is kept in sync by hand:
 *
 *   function swirl_helper_after_fork(): void {}
 *   function swirl_helper_exit(int $status = 0): never {}
 *   function swirl_helper_exit_hook(bool $on): void {}
 *   function swirl_helper_error(int $level, string $message, string $file,
 *                               int $line): void {}
 *   function swirl_helper_report_uncaught(Throwable $e): void {}
 *   function swirl_helper_version(): string {}
 *   function swirl_helper_exit_flush(string $library): bool {}
 *   function swirl_helper_register_upload(string $path, bool $on = true):
 *       bool {}
 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_swirl_helper_after_fork, 0, 0,
  IS_VOID, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_swirl_helper_exit, 0, 0,
  IS_NEVER, 0)
  ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, status, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_swirl_helper_exit_hook, 0, 1,
  IS_VOID, 0)
  ZEND_ARG_TYPE_INFO(0, on, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_swirl_helper_error, 0, 4,
  IS_VOID, 0)
  ZEND_ARG_TYPE_INFO(0, level, IS_LONG, 0)
  ZEND_ARG_TYPE_INFO(0, message, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, file, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, line, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_swirl_helper_report_uncaught,
  0, 1, IS_VOID, 0)
  ZEND_ARG_OBJ_INFO(0, e, Throwable, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_swirl_helper_version, 0, 0,
  IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_swirl_helper_exit_flush, 0, 1,
  _IS_BOOL, 0)
  ZEND_ARG_TYPE_INFO(0, library, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_swirl_helper_register_upload,
  0, 1, _IS_BOOL, 0)
  ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, on, _IS_BOOL, 0, "true")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_swirl_helper_hook, 0, 2,
  _IS_BOOL, 0)
  ZEND_ARG_TYPE_INFO(0, function, IS_STRING, 0)
  ZEND_ARG_TYPE_INFO(0, hook, IS_CALLABLE, 1)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_swirl_helper_exit_filter, 0, 1,
  IS_VOID, 0)
  ZEND_ARG_TYPE_INFO(0, filter, IS_CALLABLE, 1)
ZEND_END_ARG_INFO()

ZEND_FUNCTION(swirl_helper_exit_filter);
ZEND_FUNCTION(swirl_helper_hook);
ZEND_FUNCTION(swirl_helper_after_fork);
ZEND_FUNCTION(swirl_helper_exit_flush);
ZEND_FUNCTION(swirl_helper_exit);
ZEND_FUNCTION(swirl_helper_exit_hook);
ZEND_FUNCTION(swirl_helper_error);
ZEND_FUNCTION(swirl_helper_report_uncaught);
ZEND_FUNCTION(swirl_helper_version);
ZEND_FUNCTION(swirl_helper_register_upload);

static const zend_function_entry ext_functions[] = {
  ZEND_FE(swirl_helper_after_fork, arginfo_swirl_helper_after_fork)
  ZEND_FE(swirl_helper_exit, arginfo_swirl_helper_exit)
  ZEND_FE(swirl_helper_exit_hook, arginfo_swirl_helper_exit_hook)
  ZEND_FE(swirl_helper_error, arginfo_swirl_helper_error)
  ZEND_FE(swirl_helper_report_uncaught, arginfo_swirl_helper_report_uncaught)
  ZEND_FE(swirl_helper_version, arginfo_swirl_helper_version)
  ZEND_FE(swirl_helper_exit_flush, arginfo_swirl_helper_exit_flush)
  ZEND_FE(swirl_helper_register_upload, arginfo_swirl_helper_register_upload)
  ZEND_FE(swirl_helper_hook, arginfo_swirl_helper_hook)
  ZEND_FE(swirl_helper_exit_filter, arginfo_swirl_helper_exit_filter)
  ZEND_FE_END
};
