"""Files only their owner may read: the state folder (0700) and what it holds (0600).

Used for the token file and the state store. Existing folders and files made looser by an older
version (or by a umask) are tightened when the server starts. A write never follows a link
planted in the folder: it goes to a fresh, randomly named file created exclusively in the same
folder, is flushed to disk, and then renamed over the target.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` (0700) or tighten it when group or others can reach it."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _tighten(path, DIR_MODE)
    return path


def private_file(path: Path) -> None:
    """Tighten an existing regular file to 0600 (a link is left alone, never followed)."""
    _tighten(path, FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode) or not stat.S_IMODE(info.st_mode) & 0o077:
        return
    try:
        os.chmod(path, mode, follow_symlinks=False)
    except (OSError, NotImplementedError) as exc:
        log.warning("could not restrict %s to mode %o (%s); other local users may read it",
                    path, mode, getattr(exc, "strerror", None) or type(exc).__name__)


def write_private(path: Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data``, readable by the owner only."""
    directory = private_dir(path.parent)
    # mkstemp opens with O_CREAT | O_EXCL (mode 0600): it never opens an existing file or link.
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def read_private(path: Path) -> bytes:
    """Read ``path`` without following a link put in its place."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        return fh.read()
