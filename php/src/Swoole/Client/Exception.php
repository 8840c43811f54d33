<?php
/*
 * Exception.php: Swoole\Client\Exception, Swoole's exception class of its
 * client, a Swoole\Exception.
 */

declare(strict_types=1);

namespace Swoole\Client;

class Exception extends \Swoole\Exception
{
}
