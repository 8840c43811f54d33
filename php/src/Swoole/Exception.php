<?php
/*
 * Exception.php: Swoole\Exception, thrown where Swoole throws (for example
 * when the server's port cannot be bound). Also known as swoole_exception
 * and Swirl\Exception.
 */

declare(strict_types=1);

namespace Swoole;

class Exception extends \Exception
{
}
