"""One writer at a time per folder: `extract` and `reconcile` lock the folder they rewrite.

``publish`` (pipeline/io.py) already makes each set of files appear at once, but a
command is a read-modify-publish: `reconcile` reads the published set and
republishes it with ids, `extract` publishes the tables and then writes
report.html beside them. Two commands on one folder could interleave those steps
(ids computed on an older extract published over a newer one, one run's report
beside the other's tables), so each command holds ``<folder>/.lock`` from before
it reads until its last write:

* the lock is an OS lock (flock, through filelock): the kernel drops it when the
  holder exits, however it exits, so a killed run never blocks the next one;
* the holder writes who it is (pid, command, when it took the lock) into the lock
  file, so a run that finds the folder busy can name it; the file stays after
  release (filelock keeps the inode so every waiter locks the same one);
* the lock file is not part of the published set: readers never open it and the
  sweeper of abandoned run folders leaves it alone;
* readers (``pd.read_parquet(<folder>/<table>.parquet)``) take no lock: the
  ``.current`` switch is one atomic rename, so they see one whole set.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = ".lock"
# Long enough for `make extract` started twice, or reconcile behind an extract of
# the samples; short enough that a forgotten run does not hang a script for hours.
DEFAULT_WAIT = 600.0
# Exit code of a command that found its folder busy: not a usage error (2), and a
# script can tell it apart to retry later.
EXIT_BUSY = 4


class FolderLockError(Exception):
    """A one-line, user-facing failure; ``code`` is the exit status (4 busy, 2 cannot lock)."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


@contextmanager
def folder_lock(folder: Path, command: str, wait: float = DEFAULT_WAIT,
                notify: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold ``folder``'s lock for the body; wait up to ``wait`` seconds for another holder.

    ``wait`` 0 refuses at once, ``inf`` waits as long as it takes. ``notify`` gets
    one line when the folder is busy and the command starts waiting. Raises
    FolderLockError (code EXIT_BUSY) when the folder stays busy, (code 2) when
    the lock file cannot be opened. The folder is created if missing.
    """
    if not wait >= 0:  # also NaN
        raise ValueError(f"--wait must be 0 or more seconds (0 = refuse at once), not {wait!r}")
    # preserve_lock_file: flock or nothing. Where the filesystem has no flock, filelock
    # would fall back to a marker file, which a killed holder leaves behind; failing
    # with "cannot lock" is better than a lock that can outlive its holder.
    lock = FileLock(folder / LOCK_NAME, on_acquired=partial(_record_holder, command), preserve_lock_file=True)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _acquire(lock, folder, wait, notify)
    except OSError as exc:  # filelock's Timeout never gets here: _acquire turns it into FolderLockError
        raise FolderLockError(f"cannot lock {folder / LOCK_NAME}: {exc}", 2) from None
    try:
        yield
    finally:
        lock.release()


def _acquire(lock: FileLock, folder: Path, wait: float, notify: Callable[[str], None]) -> None:
    try:
        lock.acquire(blocking=False)
        return
    except Timeout:
        pass
    holder = describe_holder(read_holder(folder))
    if wait == 0:
        raise FolderLockError(busy_message(folder, holder, wait), EXIT_BUSY)
    notify(waiting_message(folder, holder, wait))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise FolderLockError(busy_message(folder, describe_holder(read_holder(folder)), wait), EXIT_BUSY) from None


def _record_holder(command: str, fd: int) -> None:
    # Written in place (no truncation first) so a reader never sees an empty file;
    # a reader catching a half-written record just names "another run".
    data = holder_record(os.getpid(), command, datetime.now())
    os.pwrite(fd, data, 0)
    os.ftruncate(fd, len(data))


def holder_record(pid: int, command: str, since: datetime) -> bytes:
    return (json.dumps({"pid": pid, "command": command, "since": since.isoformat(timespec="seconds")}) + "\n").encode()


def read_holder(folder: Path) -> dict | None:
    """The record the current (or last) holder wrote, or None when there is none or it is unreadable."""
    try:
        record = json.loads((folder / LOCK_NAME).read_text(encoding="utf-8"))
        return {"pid": int(record["pid"]), "command": str(record["command"]),
                "since": datetime.fromisoformat(record["since"])}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def describe_holder(record: dict | None, today: datetime | None = None) -> str:
    """'another run (extract, pid 4242 since 14:02:31)'; the date too when it is not today."""
    if record is None:
        return "another run"
    today = today or datetime.now()
    since = record["since"]
    when = since.strftime("%H:%M:%S" if since.date() == today.date() else "%Y-%m-%d %H:%M:%S")
    return f"another run ({record['command']}, pid {record['pid']} since {when})"


def waiting_message(folder: Path, holder: str, wait: float) -> str:
    limit = "until it finishes" if math.isinf(wait) else f"up to {wait:g} s (--wait)"
    return f"{folder} is being written by {holder}; waiting {limit}…"


def busy_message(folder: Path, holder: str, wait: float) -> str:
    if wait == 0:
        return (f"{folder} is being written by {holder}; not waiting (--wait 0), nothing written. "
                f"Run again when it has finished, or give --wait SECONDS.")
    return (f"{folder} is still being written by {holder} after waiting {wait:g} s; nothing written. "
            f"Run again when it has finished, or give a longer --wait.")
