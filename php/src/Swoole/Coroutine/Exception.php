<?php
/*
 * Exception.php: Swoole\Coroutine\Exception, thrown by the coroutine
 * servers when they cannot listen.
 */

declare(strict_types=1);

namespace Swoole\Coroutine;

class Exception extends \Swoole\Exception
{
}
