"""Files the trainer writes: atomically, and never over what it was asked to read.

A report written in place and interrupted (a full disk, an encoding error, a
kill) leaves a truncated file and destroys the good report that was there; a
report written to the path of its own transcript destroys the transcript. Every
write goes to a temporary file in the same folder and is renamed into place, and
an output that resolves to an input or to the session database is refused.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from trainer.errors import TrainerError


class OutputError(TrainerError):
    """An output cannot be written, or would overwrite something it must not."""


def write_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` so that readers see the old file or the new one, never half of one."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise OutputError(f"cannot write {path}: the text holds a character that is not valid UTF-8 ({err.reason})") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        with suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def _read_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


_UMASK = _read_umask()  # read once, at import: changing it is process-wide and not thread-safe


def _mode_for(path: Path) -> int:
    """The permissions the file would have had if written in place: its own, or the umask's default."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_UMASK


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.expanduser().absolute()


def protected_paths(database: Path | None) -> list[Path]:
    """The session database and its WAL and shared-memory files."""
    if database is None:
        return []
    db = _resolved(database)
    return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]


def refuse_clobber(output: Path, inputs: list[Path], database: Path | None) -> None:
    """Raise `OutputError` if writing to `output` would destroy an input or the session database.

    `inputs` are the paths given on the command line and the files read from them;
    an output folder must not be one of the input folders either (reports would
    land among the transcripts and be read as transcripts next time).
    """
    target = _resolved(output)
    if target in protected_paths(database):
        raise OutputError(f"refusing to write to {output}: it is the session database; pass another -o")
    for given in inputs:
        if target == _resolved(given):
            what = "an input folder" if given.is_dir() else "an input file"
            raise OutputError(f"refusing to write to {output}: it is {what}; pass another -o")
