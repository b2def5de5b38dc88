"""Killing a writing process mid-way (SIGKILL), shared by the SQLite and PostgreSQL tests."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import Any


def wait_until_started(started: Any, process: BaseProcess, *, seconds: float = 120) -> None:
    """Wait for the child's first commit; fail at once if it died before that."""
    deadline = time.monotonic() + seconds
    while not started.wait(timeout=0.1):
        assert process.is_alive(), f"the writer died with exit code {process.exitcode}"
        assert time.monotonic() < deadline, "the writer never committed"


def kill_mid_write(target: str, work: Callable[[str, Any], None], *, settle: float) -> None:
    """Start ``work(target, started)`` in a spawned process; once it has committed and written
    for ``settle`` more seconds, SIGKILL it."""
    context = multiprocessing.get_context("spawn")
    started = context.Event()
    writer = context.Process(target=work, args=(target, started))
    writer.start()
    wait_until_started(started, writer)
    time.sleep(settle)
    assert writer.pid is not None
    os.kill(writer.pid, signal.SIGKILL)
    writer.join(timeout=30)
    assert writer.exitcode == -signal.SIGKILL
