<?php
/*
 * Exception.php: Swoole\Coroutine\Http\Client\Exception, thrown by the
 * coroutine HTTP client's constructor for an empty host.
 */

declare(strict_types=1);

namespace Swoole\Coroutine\Http\Client;

class Exception extends \Swoole\Exception
{
}
