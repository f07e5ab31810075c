"""The local spool: where a delivery goes when the database cannot take it.

An append-only file of JSON lines under the data directory (the folder 0700,
the file 0600 whatever the umask), each line written and fsync'd before the
platform is acknowledged. The intake replays it into the inbox, in order, as
soon as the database is back, then empties it. A line half-written by a crash
is skipped (it was never acknowledged). Nothing else reads it; `keyworker
retention` treats it like the inbox.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE_NAME = "intake.jsonl"


class Spool:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self._lock = threading.Lock()

    def _open(self) -> int:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)
        return fd

    def append(self, record: dict[str, Any]) -> None:
        """Write one record durably (fsync) before returning; raises OSError if it can't."""
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        with self._lock:
            fd = self._open()
            try:
                if os.fstat(fd).st_size and not self._ends_with_newline():
                    line = b"\n" + line  # after a torn line, start a fresh one
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) == b"\n"

    def pending(self) -> bool:
        try:
            return self.path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def take(self) -> tuple[list[dict[str, Any]], int]:
        """Every whole record, oldest first, and how many bytes they filled (for `discard`).

        A torn line (a crash mid-write: never acknowledged) is skipped."""
        with self._lock:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return [], 0
        whole = raw[: raw.rfind(b"\n") + 1]
        records = []
        for line in whole.splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                log.warning("skipped a torn line in the intake spool")
        return records, len(whole)

    def discard(self, nbytes: int) -> None:
        """Drop the first `nbytes` (records now in the database), keeping anything newer."""
        with self._lock:
            try:
                rest = self.path.read_bytes()[nbytes:]
            except FileNotFoundError:
                return
            tmp = self.path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, rest)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
