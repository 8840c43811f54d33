<?php
/*
 * TmpFiles.php: the uploaded files of one request. They are registered as
 * uploads with PHP (so is_uploaded_file() and move_uploaded_file() accept
 * them, as they accept Swoole's), and the ones still in place are removed
 * when the request is destroyed (as Swoole removes its tmpfiles). A
 * request holds one only when it has uploads, so that requests without
 * any need no destructor.
 *
 * Registering needs the helper extension (php/ext): PHP has no function
 * that adds to its table of uploaded files. Without it the files work as
 * before but is_uploaded_file() says false.
 */

declare(strict_types=1);

namespace Swirl\Http;

/**
 * @internal Not part of the Swoole API.
 */
final class TmpFiles
{
    /** Whether the helper registered the files with PHP. */
    private bool $registered;

    /** @param string[] $paths */
    public function __construct(private array $paths)
    {
        $this->registered = \function_exists('swirl_helper_register_upload');
        if ($this->registered) {
            foreach ($paths as $path) {
                \swirl_helper_register_upload($path);
            }
        }
    }

    /**
     * Removes each file, unless move_uploaded_file() moved it (PHP then
     * forgot it, and the path may name someone else's file by now).
     */
    public function __destruct()
    {
        foreach ($this->paths as $path) {
            if (!$this->registered || \swirl_helper_register_upload($path, false)) {
                @\unlink($path);
            }
        }
    }
}
