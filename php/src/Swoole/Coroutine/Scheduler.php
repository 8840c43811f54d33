<?php
/*
 * Scheduler.php: Swoole\Coroutine\Scheduler (also Co\Scheduler): add()
 * and parallel() collect coroutines, start() runs them and the loop until
 * nothing is left, as Co\run() does for one.
 */

// No strict_types: Swoole's methods take their arguments in coercive mode.

namespace Swoole\Coroutine;

use Swirl\Loop;
use Swirl\Runtime;
use Swoole\Coroutine;

final class Scheduler
{
    private array $jobs = [];
    private bool $started = false;

    public function add($func, ...$params)
    {
        $this->jobs[] = [Runtime::argCallable($func, 'Swoole\Coroutine\Scheduler::add', 1, 'func'), $params];
    }

    public function parallel($n, $func, ...$params)
    {
        $func = Runtime::argCallable($func, 'Swoole\Coroutine\Scheduler::parallel', 2, 'func');
        for ($i = 0; $i < (int) $n; $i++) {
            $this->jobs[] = [$func, $params];
        }
    }

    public function set(array $settings)
    {
        Coroutine::set($settings);
    }

    public function getOptions()
    {
        return Coroutine::getOptions();
    }

    public function start()
    {
        if ($this->started || Coroutine::getCid() !== -1 || Loop::busy() || Loop::created()) {
            Runtime::error(\E_WARNING, 'Swoole\Coroutine\Scheduler::start',
                'eventLoop has already been created. unable to start Swoole\Coroutine\Scheduler');
            return false;
        }
        $this->started = true;
        $jobs = $this->jobs;
        $this->jobs = [];
        foreach ($jobs as [$func, $params]) {
            Coroutine::swirlStart($func, $params);
        }
        Loop::ffi();
        Loop::wait();
        Coroutine::swirlDeadlockCheck();
        return true;
    }
}
