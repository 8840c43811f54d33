<?php
/*
 * Iterator.php: Swoole\Timer\Iterator, what Timer::list() returns: an
 * ArrayIterator over timer ids.
 */

declare(strict_types=1);

namespace Swoole\Timer;

class Iterator extends \ArrayIterator
{
}
