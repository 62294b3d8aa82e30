"""Whose turn it is to write an SQLite database: one thread of one process at a time.

SQLite lets one connection write at a time; a second writer waits in its busy handler, which
sleeps and polls with growing pauses (up to 100 ms each). Under load that sleep was the p99
of a step: hundreds of milliseconds with one worker, whose threads now queue on a lock and
are woken the moment the writer before them ends; 187-416 ms with two workers, whose writers
still met at SQLite's lock (bench.over_http). So writers also take a lock on a file beside
the database (``flock``, held by the open file, let go by the kernel if the process dies),
looked at every few milliseconds at most while another process writes: 108-135 ms. The rest
is the turn's unfairness: the process that just wrote often takes it again while the other
is between looks; a wait the kernel queues (a blocking ``flock``) would be fairer, but it
would wait forever behind a stuck writer. A turn not had within the timeout is given up: the
writer then waits at SQLite's lock, and fails there, as before.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

# The longest pause between two looks at another process's turn: short beside SQLite's own
# pauses, long beside the few microseconds a look costs.
LONGEST_PAUSE = 0.002


class WriterTurn:
    """The turn to write the database at ``path`` (None for one in memory: this process only)."""

    def __init__(self, path: Path | None) -> None:
        self._threads = threading.Lock()
        self._path = None if path is None else path.with_name(path.name + ".writer")
        self._held: int | None = None  # the file open while this process has the turn

    def take(self, timeout: float) -> bool:
        """Wait for the turn, up to ``timeout`` seconds; whether it was had."""
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=timeout):
            return False
        if self._path is None:
            return True
        try:
            self._held = self._other_processes(self._path, deadline)
        finally:
            if self._held is None:
                self._threads.release()
        return self._held is not None

    def give_back(self) -> None:
        if self._held is not None:
            os.close(self._held)  # and with it the file's lock
            self._held = None
        self._threads.release()

    @staticmethod
    def _other_processes(path: Path, deadline: float) -> int | None:
        """The file, open and locked against other processes; None past the deadline. Opened
        for each turn, so no file stays open beside an engine that is done with."""
        opened = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        pause = LONGEST_PAUSE / 8
        while True:
            try:
                fcntl.flock(opened, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return opened
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(opened)
                    return None
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
            except BaseException:
                os.close(opened)
                raise
