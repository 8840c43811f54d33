<?php
/*
 * Event.php: Swoole\Event, the parts of Swoole's event API that concern
 * the process's loop itself: defer(), wait() and exit(). Watching PHP
 * streams (add/set/del/write/isset) needs descriptors in the core's loop,
 * which the ABI does not offer.
 */

// No strict_types here: arguments are taken as Swoole's internal
// functions take them, in coercive mode.

namespace Swoole;

use Swirl\Loop;
use Swirl\Runtime;

class Event
{
    private function __construct()
    {
    }

    /** Calls $callback() at the start of the next loop iteration. */
    public static function defer($callback)
    {
        return Loop::defer(Runtime::argCallable($callback, 'Swoole\Event::defer', 1, 'callback'));
    }

    /**
     * Runs the event loop until no timer or deferred call is left (what
     * happens at the end of the script otherwise).
     */
    public static function wait()
    {
        Loop::wait();
    }

    /**
     * The shutdown function Swoole registers when the event loop is
     * created: it runs the loop after the script body.
     */
    public static function rshutdown()
    {
        Loop::shutdown();
    }

    /** Clears every timer and stops the event loop. */
    public static function exit()
    {
        Loop::stop();
    }
}
