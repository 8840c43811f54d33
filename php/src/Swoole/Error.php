<?php
/*
 * Error.php: Swoole\Error, what Swoole throws for a misuse that cannot go
 * on (a coroutine API called outside a coroutine).
 */

declare(strict_types=1);

namespace Swoole;

class Error extends \Error
{
}
