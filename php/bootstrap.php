<?php
/*
 * bootstrap.php: makes Swoole scripts run on Swirl without Composer.
 *
 *   php -d ffi.enable=1 -d auto_prepend_file=php/bootstrap.php script.php
 *   php/bin/swirl-php script.php          (the same, plus the helper)
 *
 * It defines Swoole's constants and functions and registers the class
 * autoloader; the library itself is loaded on first use (new
 * Swoole\Server). When the real swoole extension is loaded it does
 * nothing but say so.
 */

if (extension_loaded('swoole')) {
    fwrite(STDERR, "Swirl: the swoole extension is loaded; Swirl is not needed and stays out of the way\n");
    return;
}

require_once __DIR__ . '/src/functions.php';
