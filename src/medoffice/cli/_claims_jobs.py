"""``medoffice claims check --jobs N``: claims checked in other processes, written in order.

Where the platform forks, the run reads each file once, here, as ``--jobs 1`` does, and hands
the claims it has read to children forked as it goes (:func:`_pipeline`). The items of the
files (claims, and a file's own findings) go by chunks. The first :data:`FIRST` are checked
here before any fork, so that the code paths and the checker's caches the children inherit are
warm (a child starting cold checks its first claims at half the speed) and the output starts at
once. Each following chunk of :data:`CHUNK` items (the first a third as large, the second two
thirds, so that a child starts checking sooner), once read, goes to a child forked there and
then: the child inherits the chunk as it lies in memory (copy-on-write: pickling the claims
read would cost more than checking them), converts and checks it, and writes what it made to an
anonymous memory file (memfd) created for it: for the JSON document, its text encoded as
standard output encodes it, by blocks as it is made (when that is UTF-8; as a string with the
counts otherwise), then the chunk's counts and dates of service; for tables, the entries. The
parent reads on meanwhile. At most ``N`` children run at once (at the limit the parent waits
for the oldest); their outputs are written strictly in chunk order, each as soon as its turn
has come and it is ready, the JSON text straight from the child's memory file (mapped, no
copy). The last chunk (shorter than its turn's) is checked here while the children finish
theirs. So the output and the exit code are those of one process, byte for byte, and memory
stays bounded: at most ``N`` chunks read and not yet written. The parent lets go of a chunk as
soon as its child is forked: each page the two share is then copied once, by whichever writes
to it first (the parent freeing the claims, or the child reading them), and the parent reads
the next chunk into the memory it freed, where keeping the chunk until the child had exited
had the parent copy those pages again, then again for the next child, and the children copy
theirs (about a third of the kernel's page work). The parent freezes its objects for the
collector before each fork, so that neither the child's collections nor its own go through the
pages they share (ours are thawed at the end); the collector is off meanwhile, in the parent
and in the children (the claims a parent reads would be gone through again and again).

SIGINT is blocked across each fork: a child ignores it (it never runs Python's handler), and
the parent, stopped by Ctrl-C, kills its children. A child that stops (killed, out of memory),
fails or writes nothing gives one line on standard error and exit 2; a file that fails midway
is raised once the chunks before it are written, as one process would. A child exits with
``os._exit`` (the parent's buffers are not flushed twice, its objects not torn down).

What it costs, measured on a 9.7 MB 837P (22,000 claims, the official reference files, 2 CPUs):
the processes copy memory pages as each writes to what they share (reference counts, the
allocator's pools, the claims): with ``--jobs 2``, on a machine about 1.7 times slower than
that of the figures of ``docs/claims.md`` and shared with other work, the parent takes about
57,000 page faults (one process: 21,000) and the children about 22,000 in all (69,000 and
55,000 when the parent kept each chunk until its child had exited), and ``--jobs 2`` takes a
few percent more CPU time than one process, mostly the kernel's page copies. The parent's own
work (start and reference loading, reading, writing) and the CPU time of all together bound the
time by the clock.

Elsewhere (spawn), each worker process loads the reference data again from the compiled
caches, reads every file, and converts and checks only its share of the items: blocks of
:data:`BLOCK` items in turn, block ``b`` to worker ``b % N``
(:class:`~medoffice.cli._claims.Share`), each sent back through a queue of its own that holds
at most :data:`IN_FLIGHT` blocks (for the JSON document as the block's text with its counts,
for tables as the entries); the parent takes block 0 from worker 0, block 1 from worker 1, ...
and writes them as they come: the same output, at most ``N x IN_FLIGHT`` blocks waiting.
Reading every file once per worker costs CPU time.

Either way, files smaller than :data:`PARALLEL_FROM` in total are checked in the one process,
with no other process started.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import mmap
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn

from medoffice.cli._claims import (
    Entry,
    JsonEntries,
    Opened,
    Rendered,
    Share,
    Summary,
    Task,
    encoded_blocks,
    encoded_output,
    open_claims,
)
from medoffice.kernel import MedofficeError

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from medoffice.cli._claims_checker import Checker

__all__ = ["BLOCK", "CHUNK", "FIRST", "IN_FLIGHT", "PARALLEL_FROM", "WorkerFailed", "entries"]

# Items (claims) per chunk: a chunk is what one forked child checks.
CHUNK: Final = 3000
# Items the parent checks itself before it forks the first child (see _pipeline).
FIRST: Final = 200
# Items (claims) per block: a block is one message from a spawned worker.
BLOCK: Final = 256
# Blocks a worker may have sent and the parent not yet taken.
IN_FLIGHT: Final = 4
# Files smaller than this in total (bytes) are checked in one process (about 2,300 claims).
PARALLEL_FROM: Final = 1 << 20
# How often (seconds) the parent, waiting on a worker, looks whether it is still alive.
_POLL: Final = 0.5


class WorkerFailed(MedofficeError):
    """A worker process stopped or failed before it had checked its share of the claims."""


# What a worker needs to build its checker when it is not forked (spawn): build_checker's
# keyword arguments.
CheckerSpec = dict[str, Any]


def entries(
    files: Sequence[Path],
    *,
    strict_x12: bool,
    checker: Checker,
    spec: CheckerSpec,
    jobs: int,
    start_method: str | None = None,
    render: bool = False,
    read: Sequence[Opened] = (),
) -> Iterator[Entry | Rendered]:
    """The entries of ``files``, in file order, checked by ``jobs`` other processes.

    ``read`` are ``files`` opened by the caller (any that is not is opened here). Where the
    platform forks (and ``start_method`` is not another), they are read here once, and
    children forked chunk by chunk as the iterator is read check what was read: a progress
    display's thread may run meanwhile, a child touches none of its objects nor locks. The
    children stop when the iterator ends or is closed. Elsewhere the worker processes start at
    once (before a progress display starts a thread, say), each opening every file again.
    ``checker`` is the parent's (forked children use it; the dates of service the others saw are
    added to it); ``spec`` builds one in a worker that is not forked. With ``render`` the
    entries come as :class:`~medoffice.cli._claims.Rendered` blocks of JSON text and counts
    (cheaper to ship than the entries' reports), else as the entries.
    """
    # Where the platform forks, the pipeline (multiprocessing, for the other start methods, is
    # imported only then: it is most of this module's import time).
    method = start_method or ("fork" if hasattr(os, "fork") else None)
    if method == "fork" and hasattr(os, "fork"):
        if len(read) != len(files):
            read = [open_claims(path, strict_x12=strict_x12) for path in files]
        return _pipeline(read, checker, jobs, render=render)
    for each in read:  # each spawned worker opens the files again
        each.close()
    import multiprocessing  # noqa: PLC0415

    context: Any = multiprocessing.get_context(method)  # typeshed's BaseContext has no Process
    channels = [context.Queue(maxsize=IN_FLIGHT) for _ in range(jobs)]
    workers: list[BaseProcess] = []
    # SIGINT is held back while the workers start (a Ctrl-C then reaches the parent after), so
    # that none starts with Python's handler: a worker ignores it, the parent stops them.
    blocked = _block_interrupts()
    try:
        for number, channel in enumerate(channels):
            worker = context.Process(
                target=_work,
                args=((number, jobs, tuple(files), strict_x12, spec, render), channel),
                name=f"medoffice-claims-{number}",
                daemon=True,
            )
            worker.start()
            workers.append(worker)
    except BaseException:
        _stop(workers, channels)
        raise
    finally:
        _restore_interrupts(blocked)
    return _merged(workers, channels, checker)


def _merged(
    workers: Sequence[BaseProcess], channels: Sequence[Any], checker: Checker
) -> Iterator[Entry | Rendered]:
    try:
        yield from _merge(workers, channels, checker)
    finally:
        _stop(workers, channels)


def _block_interrupts() -> bool:
    if not hasattr(signal, "pthread_sigmask"):
        return False
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    return True


def _restore_interrupts(blocked: bool) -> None:  # noqa: FBT001
    if blocked and hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _merge(
    workers: Sequence[BaseProcess], channels: Sequence[Any], checker: Checker
) -> Iterator[Entry | Rendered]:
    count = len(workers)
    block = 0
    while True:
        message = _take(workers, channels, block % count)
        if message[0] == "end":
            break
        _, number, made = message
        if number != block:  # a worker skipped or repeated a block: never expected
            raise WorkerFailed(f"a worker process sent block {number} where {block} was due")
        if isinstance(made, Rendered):
            yield made
        else:
            yield from made
        block += 1
    checker.add_dates(message[1])
    for index in range(count):  # the other workers' dates of service, and their end
        if index != block % count:
            ending = _take(workers, channels, index)
            if ending[0] != "end":
                raise WorkerFailed("a worker process sent claims past the end of the files")
            checker.add_dates(ending[1])


def _take(workers: Sequence[BaseProcess], channels: Sequence[Any], index: int) -> Any:
    """The next message of worker ``index``; a failure or a stopped worker raises WorkerFailed."""
    import queue as queues  # noqa: PLC0415

    channel, worker = channels[index], workers[index]
    while True:
        try:
            message = channel.get(timeout=_POLL)
        except queues.Empty:
            if worker.is_alive():
                continue
            try:  # what it sent just before it stopped
                message = channel.get(timeout=_POLL)
            except queues.Empty:
                code = worker.exitcode
                how = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
                raise WorkerFailed(
                    f"worker process {index + 1} stopped ({how}) before it had checked its claims"
                ) from None
        if message[0] == "error":
            raise WorkerFailed(message[1])
        return message


def _stop(workers: Sequence[BaseProcess], channels: Sequence[Any]) -> None:
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    for worker in workers:
        worker.join()
    for channel in channels:
        channel.close()
        channel.join_thread()


# A worker's task: its number, the number of workers, the files, --strict-x12, what builds
# its checker when it is not forked, and whether it renders its entries (JSON).
_Task = tuple[int, int, tuple[Path, ...], bool, CheckerSpec, bool]


class _Block:
    """The entries of the block a worker is making: as they are, or rendered."""

    __slots__ = ("_json", "_made", "_texts")

    def __init__(self, *, render: bool) -> None:
        self._json = JsonEntries() if render else None
        self._made: list[Entry] = []
        self._texts: list[str] = []

    def add(self, entry: Entry) -> None:
        if self._json is None:
            self._made.append(entry)
        else:
            self._texts.append(self._json.text(entry))

    def take(self) -> list[Entry] | Rendered:
        """What the block holds, to send; the block starts afresh."""
        if self._json is None:
            made, self._made = self._made, []
            return made
        texts, self._texts = self._texts, []
        rendered = Rendered(",\n".join(texts), len(texts), self._json.summary)
        self._json.summary = Summary()
        return rendered


def _work(task: _Task, channel: Any) -> None:
    """A worker: check the blocks ``number``, ``number + count``, ... of the items of ``files``."""
    number, count, files, strict_x12, spec, render = task
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _restore_interrupts(blocked=True)
    try:
        checker = _build(spec)
        share = Share(number, count, BLOCK)
        made = _Block(render=render)
        for path in files:
            opened = open_claims(path, strict_x12=strict_x12)
            for entry in opened.shared(checker, share):
                index = share.index
                if (index // BLOCK) % count != number:
                    continue
                if entry is not None:
                    made.add(entry)
                if index % BLOCK == BLOCK - 1:  # a block complete: sent at once
                    channel.put(("block", index // BLOCK, made.take()))
        last = share.index
        if last >= 0 and (last // BLOCK) % count == number and last % BLOCK != BLOCK - 1:
            channel.put(("block", last // BLOCK, made.take()))
        channel.put(("end", checker.dates))
    except MedofficeError as error:  # a file that became unreadable: its one line
        channel.put(("error", str(error)))
    except OSError as error:
        channel.put(("error", f"{error.strerror or type(error).__name__} ({error.filename})"))
    except Exception as error:  # said in one line, its type only: no data quoted
        channel.put(("error", f"a worker process failed: {type(error).__name__}"))


def _build(spec: CheckerSpec) -> Checker:
    from medoffice.cli._claims_checker import build_checker  # noqa: PLC0415

    return build_checker(**spec)


# --- Where the platform forks: the parent reads once, forked children check -----------------


class _Child:
    """A forked child checking one chunk: its process id, its chunk's number, where it writes
    what it made and, once it has exited, its wait status."""

    __slots__ = ("number", "output", "pid", "status")

    def __init__(self, pid: int, number: int, output: int) -> None:
        self.pid, self.number, self.output = pid, number, output
        self.status: int | None = None


class _Run:
    """What every child of a run is told: the checker, and how entries are made (as they
    are, rendered as text, or rendered and encoded for standard output)."""

    __slots__ = ("checker", "encoded", "render")

    def __init__(self, checker: Checker, *, render: bool, encoded: bool) -> None:
        self.checker, self.render, self.encoded = checker, render, encoded


def _pipeline(
    opened: Sequence[Opened], checker: Checker, jobs: int, *, render: bool
) -> Iterator[Entry | Rendered]:
    """The entries of ``opened``, read here once, checked by forked children chunk by chunk."""
    run = _Run(checker, render=render, encoded=render and encoded_output())
    running: collections.deque[_Child] = collections.deque()
    # The parent's objects are frozen before each fork (so that neither the children's
    # collections nor the parent's own go through the pages they share); ours are thawed at the
    # end unless the caller had frozen its own (the reference data: it stays frozen).
    thaw = not gc.get_freeze_count()
    # Nor does the collector run meanwhile, here or in the children (they inherit it off): the
    # claims read here live until their child is gone, so every pass would go through them
    # (about a tenth of the parent's time), and reading and checking leave next to no garbage
    # in cycles: what they leave is collected once the run is over.
    collecting = gc.isenabled()
    gc.disable()
    tasks = (task for each in opened for task in each.tasks())
    size, number, warm = FIRST, 0, False
    try:
        while True:
            chunk, failure = _read_chunk(tasks, size)
            if len(chunk) < size or failure is not None:
                yield from _last(chunk, failure, running, run)
                return
            if not warm:
                # The first chunk, checked here before any fork: the code paths and the
                # checker's caches the children inherit are warm (each child would otherwise
                # warm its own, at twice the cost per claim), and the output starts at once.
                yield from _unpacked(_made(chunk, checker, render=render))
                size, warm = _ramp(), True
                continue
            while len(running) >= jobs:
                yield from _oldest(running, run)
            _fork(chunk, number, run, running)
            del chunk  # let go of at once: see the module's docstring
            number += 1
            size = min(size * 2, CHUNK)
            while running and _done(running[0]):  # written as soon as it is ready
                yield from _oldest(running, run)
    finally:
        for child in running:
            _end(child)
        for each in opened:  # a run stopped early lets go of the files not read to their end
            each.close()
        if thaw:
            gc.unfreeze()
        if collecting:
            gc.enable()


def _ramp() -> int:
    """The size of the first chunk forked: a third of :data:`CHUNK` (then two thirds, then
    whole), so that the first child starts checking sooner, while the parent reads on."""
    return max(1, CHUNK // 3)


def _last(
    chunk: list[Task], failure: Exception | None, running: collections.deque[_Child], run: _Run
) -> Iterator[Entry | Rendered]:
    """The last chunk, checked here while the children finish theirs, after theirs; then the
    failure that ended the reading, if any."""
    try:
        made = _made(chunk, run.checker, render=run.render)
    except Exception as error:
        made, failure = None, failure or error
    while running:
        yield from _oldest(running, run)
    if made is not None:
        yield from _unpacked(made)
    if failure is not None:
        raise failure


def _read_chunk(tasks: Iterator[Task], size: int) -> tuple[list[Task], Exception | None]:
    """The next ``size`` tasks (fewer at the end), and the failure that stopped the reading (an
    unreadable file: raised once the chunks before it are written, as one process would)."""
    chunk: list[Task] = []
    try:
        for task in tasks:
            chunk.append(task)
            if len(chunk) >= size:
                break
    except Exception as error:  # given back, raised in its turn
        return chunk, error
    return chunk, None


def _unpacked(made: list[Entry] | Rendered) -> Iterator[Entry | Rendered]:
    if isinstance(made, Rendered):
        yield made
    else:
        yield from made


def _made(
    chunk: list[Task],
    checker: Checker,
    *,
    render: bool,
    write: Callable[[bytes], object] | None = None,
) -> list[Entry] | Rendered:
    """The chunk's entries, converted and checked: as they are, or rendered (JSON).

    With ``write`` (rendered entries encoded for standard output, in a child), the text goes
    to ``write`` as it is made, by blocks rendered straight to UTF-8
    (:func:`~medoffice.cli._claims.encoded_blocks`), and the
    :class:`~medoffice.cli._claims.Rendered` that comes back holds none of it: no text of the
    whole chunk is ever held, nor copied whole.
    """
    if not render:
        return [entry for run, item in chunk if (entry := run(item, checker)) is not None]
    if write is None:
        json = JsonEntries()
        texts = [
            json.text(entry) for run, item in chunk if (entry := run(item, checker)) is not None
        ]
        return Rendered(",\n".join(texts), len(texts), json.summary)
    summary = Summary()
    made = (entry for run, item in chunk if (entry := run(item, checker)) is not None)
    for number, block in enumerate(encoded_blocks(made, summary, sys.stdout.errors or "strict")):
        if number:
            write(b",\n")
        write(block)
    # Each entry counts as a claim or as a file's own findings.
    return Rendered("", summary.claims + summary.files, summary)


def _scratch() -> int:
    """An anonymous file in memory (a temporary file where there is no memfd): what a child
    writes there waits for the parent however busy it is, and goes when both close it."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("medoffice-claims", os.MFD_CLOEXEC)
    with tempfile.TemporaryFile() as scratch:
        return os.dup(scratch.fileno())


def _fork(chunk: list[Task], number: int, run: _Run, running: collections.deque[_Child]) -> None:
    """Fork a child to check ``chunk``; it joins ``running`` before a Ctrl-C can stop the
    parent (so that it is stopped too)."""
    # SIGINT is held back across the fork (a Ctrl-C then reaches the parent after), so that the
    # child never runs Python's handler: it ignores SIGINT, the parent stops it.
    blocked = _block_interrupts()
    try:
        output = _scratch()
        try:
            gc.freeze()
            pid = os.fork()
        except BaseException:
            os.close(output)
            raise
        if pid == 0:
            _child(chunk, run, output)  # does not return
        running.append(_Child(pid, number, output))
    finally:
        _restore_interrupts(blocked)


# What a child writes: when the entries are rendered and encoded, their text first (as it is
# made: the parent writes it out as it lies); then its message pickled (what it made, or its
# failure; the dates of service its checker saw) and the message's length (8 bytes,
# little-endian), last.
_LENGTH: Final = 8


def _child(chunk: list[Task], run: _Run, output: int) -> NoReturn:
    """A forked child: check the chunk, write what it made to ``output``, exit at once (no
    cleanup of the parent's objects, no flush of the parent's buffers)."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        _restore_interrupts(blocked=True)

        def write(part: bytes) -> None:
            view = memoryview(part)
            while view:
                view = view[os.write(output, view) :]

        streamed = write if run.encoded and run.render else None
        try:
            made = _made(chunk, run.checker, render=run.render, write=streamed)
            message: tuple[Any, ...] = ("made", made)
        except MedofficeError as error:
            message = ("error", str(error))
        except OSError as error:
            message = ("error", f"{error.strerror or type(error).__name__} ({error.filename})")
        except Exception as error:  # said in one line, its type only: no data
            message = ("error", f"a worker process failed: {type(error).__name__}")
        header = pickle.dumps((*message, run.checker.dates), pickle.HIGHEST_PROTOCOL)
        write(header + len(header).to_bytes(_LENGTH, "little"))
        code = 0
    finally:
        os._exit(code)


def _oldest(running: collections.deque[_Child], run: _Run) -> Iterator[Entry | Rendered]:
    """What the oldest child made; it leaves ``running`` once collected (until then, a run
    stopped stops it)."""
    yield from _collected(running[0], run)
    running.popleft()


def _done(child: _Child) -> bool:
    """Whether the child has exited (it is then collected at once)."""
    pid, status = os.waitpid(child.pid, os.WNOHANG)
    if pid == 0:
        return False
    child.status = status
    return True


def _collected(child: _Child, run: _Run) -> Iterator[Entry | Rendered]:
    """What the child made, once it has exited; a child that failed raises WorkerFailed."""
    try:
        if child.status is None:
            child.status = os.waitpid(child.pid, 0)[1]
        code = os.waitstatus_to_exitcode(child.status)
        if code != 0:
            how = f"signal {-code}" if code < 0 else f"exit {code}"
            raise WorkerFailed(
                f"worker process {child.number + 1} stopped ({how}) before it had checked its "
                "claims"
            )
        yield from _message(child, run)
    finally:
        os.close(child.output)
        child.output = -1


def _message(child: _Child, run: _Run) -> Iterator[Entry | Rendered]:
    size = os.lseek(child.output, 0, os.SEEK_END)
    tail = os.pread(child.output, _LENGTH, size - _LENGTH) if size >= _LENGTH else b""
    length = int.from_bytes(tail, "little")
    if len(tail) < _LENGTH or _LENGTH + length > size:
        raise WorkerFailed(f"worker process {child.number + 1} stopped before it had written")
    end = size - _LENGTH - length  # the encoded text comes before the message
    header = os.pread(child.output, length, end)
    message = pickle.loads(header)  # noqa: S301 - written by a child of this process
    if message[0] == "error":
        raise WorkerFailed(message[1])
    run.checker.add_dates(message[2])
    made = message[1]
    if not isinstance(made, Rendered) or not end:
        yield from _unpacked(made)
        return
    # The text, encoded, straight from the memory file to the output: no copy made here.
    with mmap.mmap(child.output, size, access=mmap.ACCESS_READ) as mapped:
        view = memoryview(mapped)
        text = view[:end]
        try:
            yield made._replace(text=text)
        finally:  # the views go before the map (a reader still holding one cannot use it)
            text.release()
            view.release()


def _end(child: _Child) -> None:
    """Stop a child still running (the run failed or was interrupted) and let go of it."""
    if child.status is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child.pid, 0)
    if child.output >= 0:
        os.close(child.output)
