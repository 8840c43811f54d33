<?php
/*
 * Exception.php: Swoole\Coroutine\Socket\Exception, thrown when a
 * coroutine socket cannot be created.
 */

declare(strict_types=1);

namespace Swoole\Coroutine\Socket;

class Exception extends \Swoole\Exception
{
}
