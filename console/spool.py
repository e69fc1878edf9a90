"""Private scratch folders: where a process writes files nobody else may read (an
uploaded CSV being checked, an export being written) before they go to storage."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

_folders: dict[tuple[int, str, str], Path] = {}
_lock = threading.Lock()


def private_dir(prefix: str, parent: str = "") -> Path:
    """This process's private folder for `prefix`: made once per process (and per
    `parent`) by tempfile.mkdtemp, so mode 0700, owned by the process's user, under a
    name nobody can guess or create first, inside `parent` (made 0700 if missing; the
    system's temporary folder when ""). Made again if it was removed; removed when the
    process exits."""
    key = (os.getpid(), prefix, parent)
    with _lock:
        path = _folders.get(key)
        if path is None or not path.is_dir():
            if parent:
                Path(parent).mkdir(mode=0o700, parents=True, exist_ok=True)
            path = _folders[key] = Path(tempfile.mkdtemp(prefix=prefix, dir=parent or None))
    return path


@atexit.register
def _remove_folders() -> None:
    """At exit, remove the folders this process made (not its parent's: a forked
    worker inherits the table)."""
    pid = os.getpid()
    for (owner, _, _), path in list(_folders.items()):
        if owner == pid:
            shutil.rmtree(path, ignore_errors=True)
