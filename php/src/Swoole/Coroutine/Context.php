<?php
/*
 * Context.php: Swoole\Coroutine\Context, the array a coroutine keeps for
 * its own data (Coroutine::getContext()); it goes when the coroutine ends.
 */

declare(strict_types=1);

namespace Swoole\Coroutine;

class Context extends \ArrayObject
{
}
