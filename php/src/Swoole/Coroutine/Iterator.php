<?php
/*
 * Iterator.php: Swoole\Coroutine\Iterator, the ids Coroutine::list()
 * returns.
 */

declare(strict_types=1);

namespace Swoole\Coroutine;

class Iterator extends \ArrayIterator
{
}
