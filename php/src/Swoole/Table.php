<?php
/*
 * Table.php: Swoole\Table on libswirl's shared-memory table. Also known as
 * swoole_table.
 *
 * The table lives in anonymous shared memory that create() maps: create it
 * before $server->start() (or pcntl_fork()) and every worker reads and
 * writes the same rows through its copy of this object. Each row is
 * written and read under its own lock in the core, so a row is never seen
 * half written.
 *
 * What crosses the FFI boundary: get($key) is one call that copies the row
 * image into a buffer this object owns, then one FFI::string() and one
 * unpack() with a format built at create(); set($key, $row) packs the
 * given columns into one string and makes one call.
 */

declare(strict_types=1);

namespace Swoole;

use FFI;
use FFI\CData;
use Swirl\FFI\Library;
use Swirl\Runtime;

class Table implements \Iterator, \Countable
{
    use \Swirl\NotCopyable;

    public const TYPE_INT = 1;
    public const TYPE_FLOAT = 2;
    public const TYPE_STRING = 3;

    /** Rows the table was sized for (rounded), set by create(). */
    public $size = null;

    /** Bytes of shared memory, set by create(). */
    public $memorySize = null;

    /** Swoole's SW_TABLE_KEY_SIZE: keys are cut to this minus one. */
    private const SWIRL_KEY_SIZE = 64;

    private ?FFI $swirlFfi = null;
    private ?CData $swirlT = null;
    private bool $swirlCreated = false;

    /** Column name => [index, type, offset, room]; room: a string's bytes. */
    private array $swirlCols = [];
    /** Column names in order. */
    private array $swirlNames = [];
    /** Column types in order. */
    private array $swirlTypes = [];
    /** unpack() format of a row image, keys c0, c1, ... (strings: l<i>, s<i>). */
    private string $swirlUnpack = '';
    private int $swirlRowSize = 0;

    private ?CData $swirlRow = null;
    private ?CData $swirlStr = null;
    private ?CData $swirlStrLen = null;
    private ?CData $swirlInt = null;
    private ?CData $swirlFloat = null;

    private ?CData $swirlCursor = null;
    private ?CData $swirlKeyBuf = null;
    private ?CData $swirlKeyLen = null;
    private ?string $swirlIterKey = null;
    private ?array $swirlIterRow = null;

    public function __construct($table_size, $conflict_proportion = 0.2)
    {
        $fn = 'Swoole\Table::__construct';
        if ($this->swirlT !== null) {
            Runtime::error(\E_ERROR, $fn, 'Constructor of ' . static::class . ' can only be called once');
        }
        $size = Runtime::argInt($table_size, $fn, 1, 'table_size');
        $conflict = self::swirlArgFloat($conflict_proportion, $fn, 2, 'conflict_proportion');
        // Swoole takes the size as a uint32_t: the low 32 bits count, and
        // anything from 2^31 up means 2^31 rows.
        $size &= 0xffffffff;
        $ffi = Library::get();
        $out = $ffi->new('swirl_table*');
        $rc = $ffi->swirl_table_new(FFI::addr($out), $size, $conflict);
        if ($rc < 0) {
            throw Runtime::asInternal(new Exception('global memory allocation failure', 501));
        }
        $this->swirlFfi = $ffi;
        $this->swirlT = $out;
    }

    public function __destruct()
    {
        if ($this->swirlT !== null) {
            $this->swirlFfi->swirl_table_free($this->swirlT);
            $this->swirlT = null;
        }
    }

    /** For NotCopyable: the copy forgets the handle. */
    private function swirlDropHandle(): void
    {
        $this->swirlT = null;
    }

    // ------------------------------------------------------------ schema

    public function column($name, $type, $size = 0): bool
    {
        $fn = 'Swoole\Table::column';
        $this->swirlHandle($fn);
        $name = Runtime::argString($name, $fn, 1, 'name');
        $type = Runtime::argInt($type, $fn, 2, 'type');
        $size = Runtime::argInt($size, $fn, 3, 'size');
        if ($type === self::TYPE_STRING && $size < 1) {
            Runtime::error(\E_WARNING, $fn, 'the length of string type values has to be more than zero');
            return false;
        }
        if ($this->swirlCreated) {
            Runtime::error(\E_WARNING, $fn, 'unable to add column after table has been created');
            return false;
        }
        if ($type < self::TYPE_INT || $type > self::TYPE_STRING) {
            Runtime::error(\E_WARNING, $fn, 'unknown column type');
            return false;
        }
        $rc = $this->swirlFfi->swirl_table_column($this->swirlT, $name, \strlen($name), $type,
            $type === self::TYPE_STRING ? $size : 8);
        if ($rc < 0) {
            Runtime::error(\E_WARNING, $fn, (string) $this->swirlFfi->swirl_last_errmsg());
            return false;
        }
        return true;
    }

    public function create(): bool
    {
        $fn = 'Swoole\Table::create';
        $this->swirlHandle($fn);
        $ffi = $this->swirlFfi;
        if ($ffi->swirl_table_create($this->swirlT) < 0) {
            Runtime::error(\E_ERROR, $fn, 'unable to allocate memory');
        }
        $this->swirlCreated = true;
        $this->swirlLayout();
        $this->size = $ffi->swirl_table_size($this->swirlT);
        $this->memorySize = $ffi->swirl_table_memory_size($this->swirlT);
        return true;
    }

    /** Reads the columns back from the core and prepares the buffers. */
    private function swirlLayout(): void
    {
        $ffi = $this->swirlFfi;
        $t = $this->swirlT;
        $n = $ffi->swirl_table_column_count($t);
        $nameLen = $ffi->new('size_t');
        $type = $ffi->new('int32_t');
        $size = $ffi->new('int64_t');
        $offset = $ffi->new('int64_t');
        $formats = [];
        $maxRoom = 1;
        for ($i = 0; $i < $n; $i++) {
            $nameLen->cdata = 0;
            $ffi->swirl_table_column_info($t, $i, null, FFI::addr($nameLen), FFI::addr($type),
                FFI::addr($size), FFI::addr($offset));
            $len = $nameLen->cdata;
            $buf = $ffi->new('char[' . \max(1, $len) . ']');
            $nameLen->cdata = $len;
            $ffi->swirl_table_column_info($t, $i, $buf, FFI::addr($nameLen), null, null, null);
            $name = $len > 0 ? FFI::string($buf, $len) : '';
            $ty = $type->cdata;
            // A string column holds its size rounded up to 8 bytes.
            $room = $ty === self::TYPE_STRING ? (($size->cdata + 7) & ~7) : 0;
            $this->swirlCols[$name] = [$i, $ty, $offset->cdata, $room];
            $this->swirlNames[$i] = $name;
            $this->swirlTypes[$i] = $ty;
            $maxRoom = \max($maxRoom, $room);
            $formats[] = match ($ty) {
                self::TYPE_INT => "qc$i",
                self::TYPE_FLOAT => "dc$i",
                default => "Ll$i/a{$room}s$i",
            };
        }
        // Host byte order throughout ('q', 'd', 'L'), as the core writes.
        $this->swirlUnpack = \implode('/', $formats);
        $this->swirlRowSize = (int) $ffi->swirl_table_row_size($t);
        $this->swirlRow = $ffi->new('char[' . \max(1, $this->swirlRowSize) . ']');
        $this->swirlStr = $ffi->new("char[$maxRoom]");
        $this->swirlStrLen = $ffi->new('size_t');
        $this->swirlInt = $ffi->new('int64_t');
        $this->swirlFloat = $ffi->new('double');
        $this->swirlCursor = $ffi->new('uint64_t');
        $this->swirlKeyBuf = $ffi->new('char[' . self::SWIRL_KEY_SIZE . ']');
        $this->swirlKeyLen = $ffi->new('size_t');
    }

    // ------------------------------------------------------------ rows

    public function set($key, $value): bool
    {
        $fn = 'Swoole\Table::set';
        $this->swirlReady($fn);
        $key = Runtime::argString($key, $fn, 1, 'key');
        if (!\is_array($value)) {
            throw Runtime::asInternal(new \TypeError("$fn(): Argument #2 (\$value) must be of type array, "
                . \get_debug_type($value) . ' given'));
        }
        $klen = \strlen($key);
        if ($klen >= self::SWIRL_KEY_SIZE) {
            Runtime::error(\E_WARNING, $fn, "key[$key] is too long");
        }
        $packed = '';
        foreach ($value as $name => $v) {
            if (!\is_string($name) || !isset($this->swirlCols[$name])) {
                continue;
            }
            [$i, $type] = $this->swirlCols[$name];
            if ($type === self::TYPE_INT) {
                $packed .= \pack('lq', $i, (int) $v);
            } elseif ($type === self::TYPE_FLOAT) {
                $packed .= \pack('ld', $i, (float) $v);
            } else {
                $s = (string) $v;
                $packed .= \pack('lL', $i, \strlen($s)) . $s;
            }
        }
        $rc = $this->swirlFfi->swirl_table_set($this->swirlT, $key, $klen, $packed, \strlen($packed));
        if ($rc < 0) {
            Runtime::error(\E_WARNING, $fn, "failed to set('$key'), unable to allocate memory");
            return false;
        }
        return true;
    }

    public function get($key, $field = null): mixed
    {
        $fn = 'Swoole\Table::get';
        $this->swirlReady($fn);
        $key = Runtime::argString($key, $fn, 1, 'key');
        $field = $field === null ? '' : Runtime::argString($field, $fn, 2, 'field');
        $ffi = $this->swirlFfi;
        if ($field !== '') {
            $col = $this->swirlCols[$field] ?? null;
            if ($col === null) {
                return false;
            }
            [$i, $type] = $col;
            if ($type === self::TYPE_INT) {
                $rc = $ffi->swirl_table_get_int($this->swirlT, $key, \strlen($key), $i,
                    FFI::addr($this->swirlInt));
                return $rc < 0 ? false : $this->swirlInt->cdata;
            }
            if ($type === self::TYPE_FLOAT) {
                $rc = $ffi->swirl_table_get_float($this->swirlT, $key, \strlen($key), $i,
                    FFI::addr($this->swirlFloat));
                return $rc < 0 ? false : $this->swirlFloat->cdata;
            }
            $this->swirlStrLen->cdata = $col[3];
            $rc = $ffi->swirl_table_get_str($this->swirlT, $key, \strlen($key), $i, $this->swirlStr,
                FFI::addr($this->swirlStrLen));
            if ($rc < 0) {
                return false;
            }
            $len = $this->swirlStrLen->cdata;
            return $len > 0 ? FFI::string($this->swirlStr, $len) : '';
        }
        $rc = $ffi->swirl_table_get($this->swirlT, $key, \strlen($key), $this->swirlRow,
            $this->swirlRowSize);
        if ($rc < 0) {
            return false;
        }
        return $this->swirlDecode();
    }

    /** The row image in $this->swirlRow as Swoole's array. */
    private function swirlDecode(): array
    {
        $row = [];
        if ($this->swirlRowSize === 0) {
            return $row;
        }
        $raw = \unpack($this->swirlUnpack, FFI::string($this->swirlRow, $this->swirlRowSize));
        foreach ($this->swirlNames as $i => $name) {
            $row[$name] = $this->swirlTypes[$i] === self::TYPE_STRING
                ? \substr($raw["s$i"], 0, $raw["l$i"])
                : $raw["c$i"];
        }
        return $row;
    }

    public function exists($key): bool
    {
        $fn = 'Swoole\Table::exists';
        $this->swirlReady($fn);
        $key = Runtime::argString($key, $fn, 1, 'key');
        return $this->swirlFfi->swirl_table_exists($this->swirlT, $key, \strlen($key)) === 1;
    }

    public function exist($key): bool
    {
        return $this->exists($key);
    }

    public function del($key): bool
    {
        $fn = 'Swoole\Table::del';
        $this->swirlReady($fn);
        $key = Runtime::argString($key, $fn, 1, 'key');
        return $this->swirlFfi->swirl_table_del($this->swirlT, $key, \strlen($key)) === 0;
    }

    public function delete($key): bool
    {
        return $this->del($key);
    }

    public function incr($key, $column, $incrby = 1): float|int|false
    {
        return $this->swirlAdd('incr', $key, $column, $incrby, 1);
    }

    public function decr($key, $column, $decrby = 1): float|int|false
    {
        return $this->swirlAdd('decr', $key, $column, $decrby, -1);
    }

    /**
     * incr() and decr(). As in Swoole, the row is made first (so a row
     * appears even when the column turns out to be unusable), then the
     * column is checked.
     */
    private function swirlAdd(string $op, $key, $column, $by, int $sign): float|int|false
    {
        $fn = "Swoole\\Table::$op";
        $this->swirlReady($fn);
        $key = Runtime::argString($key, $fn, 1, 'key');
        $column = Runtime::argString($column, $fn, 2, 'column');
        $ffi = $this->swirlFfi;
        $klen = \strlen($key);
        $col = $this->swirlCols[$column] ?? null;
        if ($col === null || $col[1] === self::TYPE_STRING) {
            if ($ffi->swirl_table_set($this->swirlT, $key, $klen, null, 0) < 0) {
                Runtime::error(\E_WARNING, $fn, 'unable to allocate memory');
                return false;
            }
            Runtime::error(\E_WARNING, $fn, $col === null
                ? "column[$column] does not exist"
                : "can't execute '$op' on a string type column");
            return false;
        }
        if ($col[1] === self::TYPE_FLOAT) {
            $rc = $ffi->swirl_table_incr_float($this->swirlT, $key, $klen, $col[0],
                $sign * (float) $by, FFI::addr($this->swirlFloat));
            $result = $this->swirlFloat->cdata;
        } else {
            $n = (int) $by;
            // -PHP_INT_MIN does not fit: subtracting it adds it, modulo 2^64.
            $rc = $ffi->swirl_table_incr_int($this->swirlT, $key, $klen, $col[0],
                $sign < 0 && $n !== \PHP_INT_MIN ? -$n : $n, FFI::addr($this->swirlInt));
            $result = $this->swirlInt->cdata;
        }
        if ($rc < 0) {
            Runtime::error(\E_WARNING, $fn, 'unable to allocate memory');
            return false;
        }
        return $result;
    }

    public function count($mode = 0): int
    {
        if ($this->swirlT === null) {
            return 0;
        }
        $mode = Runtime::argInt($mode, 'Swoole\Table::count', 1, 'mode');
        $n = $this->swirlCreated ? $this->swirlFfi->swirl_table_count($this->swirlT) : 0;
        return $mode === 1 ? $n * \count($this->swirlNames) : $n;
    }

    public function getSize(): int
    {
        return $this->swirlT === null ? 0 : $this->swirlFfi->swirl_table_size($this->swirlT);
    }

    public function getMemorySize(): int
    {
        return $this->swirlT === null ? 0 : $this->swirlFfi->swirl_table_memory_size($this->swirlT);
    }

    public function stats(): array|false
    {
        if ($this->swirlT === null || !$this->swirlCreated) {
            return false;
        }
        $ffi = $this->swirlFfi;
        $out = [];
        foreach (['num', 'conflict_count', 'conflict_max_level', 'insert_count', 'update_count',
                  'delete_count', 'available_slice_num', 'total_slice_num'] as $i => $name) {
            $out[$name] = $ffi->swirl_table_stat($this->swirlT, $i);
        }
        return $out;
    }

    public function destroy(): bool
    {
        $this->swirlReady('Swoole\Table::destroy');
        $this->swirlFfi->swirl_table_free($this->swirlT);
        $this->swirlT = null;
        $this->swirlCreated = false;
        return true;
    }

    // ------------------------------------------------------------ Iterator

    public function rewind(): void
    {
        $this->swirlReady('Swoole\Table::rewind');
        $this->swirlCursor->cdata = 0;
        $this->swirlForward();
    }

    public function valid(): bool
    {
        $this->swirlReady('Swoole\Table::valid');
        return $this->swirlIterKey !== null;
    }

    public function current(): mixed
    {
        $this->swirlReady('Swoole\Table::current');
        return $this->swirlIterRow;
    }

    public function key(): mixed
    {
        $this->swirlReady('Swoole\Table::key');
        return $this->swirlIterKey;
    }

    public function next(): void
    {
        $this->swirlReady('Swoole\Table::next');
        $this->swirlForward();
    }

    /** Copies the next row at the cursor (a plain number in the core). */
    private function swirlForward(): void
    {
        $this->swirlKeyLen->cdata = self::SWIRL_KEY_SIZE;
        $rc = $this->swirlFfi->swirl_table_next($this->swirlT, FFI::addr($this->swirlCursor),
            $this->swirlKeyBuf, FFI::addr($this->swirlKeyLen), $this->swirlRow, $this->swirlRowSize);
        if ($rc !== 1) {
            $this->swirlIterKey = null;
            $this->swirlIterRow = null;
            return;
        }
        $len = $this->swirlKeyLen->cdata;
        $this->swirlIterKey = $len > 0 ? FFI::string($this->swirlKeyBuf, $len) : '';
        $this->swirlIterRow = $this->swirlDecode();
    }

    // ------------------------------------------------------------ helpers

    /** Swoole's "you must call Table constructor first" (after destroy()). */
    private function swirlHandle(string $fn): void
    {
        if ($this->swirlT === null) {
            Runtime::error(\E_ERROR, $fn, 'you must call Table constructor first');
        }
    }

    private function swirlReady(string $fn): void
    {
        $this->swirlHandle($fn);
        if (!$this->swirlCreated) {
            Runtime::error(\E_ERROR, $fn, 'table is not created or has been destroyed');
        }
    }

    /** A float argument as zend_parse_parameters' "d" takes one. */
    private static function swirlArgFloat(mixed $v, string $fn, int $n, string $name): float
    {
        if (\is_float($v) || \is_int($v)) {
            return (float) $v;
        }
        if (\is_bool($v) || $v === null || (\is_string($v) && \is_numeric($v))) {
            return (float) $v;
        }
        throw Runtime::asInternal(new \TypeError("$fn(): Argument #$n (\$$name) must be of type float, "
            . \get_debug_type($v) . ' given'));
    }

    /** What var_dump() shows: the public properties, as Swoole's class has. */
    public function __debugInfo(): array
    {
        return \Swirl\Runtime::publicVars($this);
    }
}
