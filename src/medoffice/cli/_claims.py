"""``medoffice claims``: check professional claims before they are submitted.

``medoffice claims check FILE...`` reads JSON claims (one claim, a list, or ``{"claims": [...]}``
per file; recognised by a first ``{`` or ``[``) and X12 837P files (anything else; a file
that is neither gets the X12 reader's own message), checks each claim against the ICD-10-CM
code set and whatever official files ``--reference-data`` holds (ICD-10-CM, MCE, HCPCS, NCCI
PTP, MUE and add-on tables, POS lists), and prints a table, or with ``--format json``::

    {
        "claims": [
            {
                "claim": "<patient control number>",
                "ok": true,
                "findings": [
                    {
                        "rule": ...,
                        "severity": ...,
                        "path": ...,
                        "message": ...,
                        "value": ...,
                        "source": ...,
                    }
                ],
                "not_run": [{"rule": ..., "needs": ...}],
            }
        ],
        "summary": {
            "claims": 1,
            "ok": 1,
            "not_ok": 0,
            "files": 0,
            "error": 0,
            "warning": 0,
            "info": 0,
        },
        "reference": {"<date of service>": {"<set>": "<release>"}},
    }

Without ``--reference-data`` the claims are checked against the reference store (``--store``,
else ``MEDOFFICE_REFERENCE_STORE``, else the user data folder), each date of service against the
releases in force on it; ``reference`` names them (with ``--reference-data``, the files loaded).
Each claim lists the rules that did not run for lack of data (``not_run``).

The X12 reader's findings on a claim (``X12-SEGMENT``, ``X12-ELEMENT``) join that claim's
findings; findings about a file as a whole (``X12-ENVELOPE``, and ``X12-TR3`` from pyx12 with
``--strict-x12``) are listed as an entry whose ``claim`` is ``null`` and whose ``file`` names it.

Entries are written as each claim is checked (memory stays flat); ``summary.claims`` counts
claims only. ``--jobs N`` (default ``auto``, one per CPU this process may use that the load
leaves free) checks the claims of files of 1 MiB or more in worker processes
(:mod:`medoffice.cli._claims_jobs`); the output is the same, byte for byte, as with
``--jobs 1``. Exit codes: 0 clean, 1 error findings (on a
claim or a file), 2 unreadable input (a file that is neither JSON claims nor X12, a profile, a
folder) or a worker process that failed: one line on standard error,
``medoffice: error: FILE: problem``.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import gc
import io
import itertools
import stat
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any, Final, NamedTuple, cast

import click

from medoffice.adapters.formats.inputs import read_input
from medoffice.cli._claims_checker import Checker, build_checker
from medoffice.cli._claims_json import EntryBytes, EntryText, write_blocks
from medoffice.cli._output import (
    DAY,
    EXIT_FINDINGS,
    EXIT_OK,
    JOBS,
    OutputFormat,
    handle_bad_input,
    json_text,
    reading,
    stderr_is_terminal,
    table_format_option,
)
from medoffice.kernel import Finding, Report, Severity
from medoffice.kernel.inputs import DEFAULT_LIMITS, InputLimits, UnreadableInput, decode_text

__all__ = ["command"]

_HEAD: Final = 4096
_UTF8_BOM: Final = b"\xef\xbb\xbf"
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
# The largest 837P read whole (only --strict-x12 needs a file in memory; reading streams).
_X12_IN_MEMORY: Final = 1 << 30


@click.group(
    name="claims",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/claims.html",
)
def command() -> None:
    """Check professional claims (CMS-1500 / 837P) before they are submitted."""


def is_json(head: bytes) -> bool:
    """Whether a file's first bytes look like a JSON document (else it is read as X12)."""
    if head.startswith(_UTF16_BOMS):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.removeprefix(_UTF8_BOM).decode("latin-1")
    return text.lstrip()[:1] in {"{", "["}


class _Replay(io.RawIOBase):
    """A stream that gives back the bytes already read from it, then the rest (read once)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._rest.close()
        super().close()


def _read_rest(path: Path, head: bytes, handle: IO[bytes], limit: int) -> bytes:
    parts, size = [head], len(head)
    while size <= limit:
        chunk = handle.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    if size > limit:
        raise UnreadableInput(str(path), f"larger than the limit of {limit:,} bytes")
    return b"".join(parts)


class Entry:
    """One claim read and checked (or a file's own findings when ``label`` is ``None``)."""

    __slots__ = ("file", "label", "ok", "report")

    def __init__(self, label: str | None, report: Report, file: Path | None = None) -> None:
        self.label = label
        """The claim's patient control number (``None`` for a file's own findings)."""
        self.report = report
        self.file = file
        self.ok = report.ok

    @classmethod
    def of(cls, claim: Any, report: Report) -> Entry:
        """The entry of ``claim``, checked."""
        return cls(str(claim.patient_control_number), report)

    def __reduce__(self) -> tuple[type[Entry], tuple[str | None, Report, Path | None]]:
        return (Entry, (self.label, self.report, self.file))


class Rendered(NamedTuple):
    """Entries already rendered for the JSON document (by a worker process), and their counts.

    ``text`` is their JSON texts joined by ``",\\n"``, as :func:`write_entries` would write
    them: as a string, or already encoded for standard output (a view of what a forked child
    wrote, valid until the next entry is asked for); ``size`` how many there are; ``summary``
    their counts, added to the run's.
    """

    text: str | memoryview
    size: int
    summary: Summary


Check = Callable[[Any, Sequence[Finding]], Report]


class Share:
    """Which of a file's items (claims, and a file's own findings) one worker process checks.

    Items go by blocks of ``block``, in turn: worker ``worker`` of ``workers`` takes blocks
    ``worker``, ``worker + workers``, ... . :meth:`mine` is asked once per item, in order
    (across every file of the run); ``index`` is then that item's number.
    """

    __slots__ = ("block", "index", "worker", "workers")

    def __init__(self, worker: int, workers: int, block: int) -> None:
        self.worker, self.workers, self.block = worker, workers, block
        self.index = -1

    def mine(self) -> bool:
        """Count one more item: whether it is this worker's to check."""
        self.index += 1
        return (self.index // self.block) % self.workers == self.worker


# One item of a file still to be checked (a claim, or the file's own findings): called as
# ``run(item, check)`` it gives the item's entry (``None``: a file with no findings of its own).
Task = tuple[Callable[[Any, Check], Entry | None], Any]


class Opened:
    """A file opened and sniffed: called with a checker, it yields the file's entries.

    :meth:`tasks` yields the file's items as they are read, each still to be converted and
    checked (a process forked after reading some can check those); :meth:`shared` yields
    ``None`` in place of each item another worker checks (that item is read, never converted
    nor checked); :meth:`close` lets go of a file not read. A file read whole (JSON claims) is
    ``reusable``: its items can be asked for again, in another process forked from this one,
    say, without reading the file again.
    """

    __slots__ = ("_close", "_tasks", "reusable")

    def __init__(
        self,
        tasks: Callable[[], Iterator[Task]],
        close: Callable[[], None] = lambda: None,
        *,
        reusable: bool = False,
    ) -> None:
        self._tasks = tasks
        self._close = close
        self.reusable = reusable

    def __call__(self, check: Check) -> Iterator[Entry]:
        for run, item in self._tasks():
            entry = run(item, check)
            if entry is not None:
                yield entry

    def tasks(self) -> Iterator[Task]:
        """The file's items, read one at a time, each with what checks it (see :data:`Task`)."""
        return self._tasks()

    def shared(self, check: Check, share: Share) -> Iterator[Entry | None]:
        """The entries of the items ``share`` gives this worker, ``None`` for the others."""
        for run, item in self._tasks():
            yield run(item, check) if share.mine() else None

    def close(self) -> None:
        """Close the file (when it is not read to its end)."""
        self._close()


def _json_entry(claim: Any, check: Check) -> Entry:
    return Entry.of(claim, check(claim, ()))


def _open_json(path: Path, head: bytes, handle: IO[bytes], limits: InputLimits) -> Opened:
    from medoffice.claims import ClaimReadError, claims_from_json  # noqa: PLC0415

    data = _read_rest(path, head, handle, limits.max_bytes)
    try:
        claims = claims_from_json(data, limits=limits)
    except ClaimReadError as error:
        problems = "; ".join(p.removeprefix("(file): ") for p in error.problems[:20])
        more = len(error.problems) - 20
        if more > 0:
            problems += f"; and {more} more problems"
        raise UnreadableInput(str(path), problems) from None

    def tasks() -> Iterator[Task]:
        for claim in claims:
            yield _json_entry, claim

    return Opened(tasks, reusable=True)


def _open_x12(path: Path, head: bytes, handle: IO[bytes], *, strict: bool) -> Opened:
    from medoffice.adapters.formats.x12 import NotX12, X12Claim, check_tr3, read_837p  # noqa: PLC0415
    from medoffice.adapters.formats.x12._convert import read_claim  # noqa: PLC0415

    if strict:  # pyx12 reads the file whole: read it once, for both passes
        data: bytes | None = _read_rest(path, head, handle, _X12_IN_MEMORY)
        handle.close()
        source: Any = data
    else:
        data = None
        source = io.BufferedReader(_Replay(head, handle), buffer_size=1 << 20)
    try:
        items = read_837p(source)
    except NotX12 as error:
        raise UnreadableInput(str(path), str(error)) from None

    def claim_entry(item: Any, check: Check) -> Entry:
        claim = read_claim(item)  # what the reader built: checked once, not twice
        return Entry.of(claim, check(claim, item.findings))

    def file_entry(file_findings: list[Finding], _check: Check) -> Entry | None:
        if data is not None:
            file_findings.extend(check_tr3(data))
        return Entry(None, Report(file_findings), file=path) if file_findings else None

    def tasks() -> Iterator[Task]:
        file_findings: list[Finding] = []
        for item in items:
            if isinstance(item, X12Claim):
                yield claim_entry, item
            else:
                file_findings.append(item)
        # The file's entry is an item (counted by a share) when it has findings, or with
        # --strict-x12, whose pyx12 pass runs only where that item is checked.
        if data is not None or file_findings:
            yield file_entry, file_findings

    return Opened(tasks, handle.close)


def open_claims(
    path: Path, *, strict_x12: bool = False, limits: InputLimits = DEFAULT_LIMITS
) -> Opened:
    """Open ``path`` once, tell JSON from X12 by its first bytes, and read what must be read.

    JSON claims are read whole (within ``limits``); an 837P streams, one claim at a time. A
    file that is neither raises :class:`UnreadableInput` naming it and the problem.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise UnreadableInput(str(path), (error.strerror or type(error).__name__).lower()) from None
    try:
        head = b""
        while len(head) < _HEAD:
            chunk = handle.read(_HEAD - len(head))
            if not chunk:
                break
            head += chunk
        if is_json(head):
            opened = _open_json(path, head, handle, limits)
            handle.close()
            return opened
        return _open_x12(path, head, handle, strict=strict_x12)
    except BaseException:
        handle.close()
        raise


class Summary:
    """The counts of a run, kept as entries stream past."""

    def __init__(self) -> None:
        self.claims = self.ok = self.files = 0
        self.file_errors = 0
        self._by_severity = dict.fromkeys(Severity, 0)
        self.not_run: dict[str, set[str]] = {}
        self._last_not_run: tuple[tuple[str, str], ...] = ()

    def add(self, entry: Entry) -> None:
        """Count one entry: a claim, or a file's own findings."""
        counts = self._by_severity
        for finding in entry.report.findings:
            counts[finding.severity] += 1
        pairs = entry.report.not_run
        if pairs != self._last_not_run:  # most claims repeat the previous claim's list
            for rule, needs in pairs:
                self.not_run.setdefault(needs, set()).add(rule)
            self._last_not_run = pairs
        if entry.label is None:
            self.files += 1
            self.file_errors += not entry.ok
        else:
            self.claims += 1
            self.ok += entry.ok

    def merge(self, other: Summary) -> None:
        """Add the counts of ``other`` (of entries counted elsewhere) to these."""
        self.claims += other.claims
        self.ok += other.ok
        self.files += other.files
        self.file_errors += other.file_errors
        for severity, count in other._by_severity.items():
            self._by_severity[severity] += count
        for needs, rules in other.not_run.items():
            self.not_run.setdefault(needs, set()).update(rules)

    def to_dict(self) -> dict[str, int]:
        """``claims`` counts claims only; ``files`` the files with findings of their own."""
        return {
            "claims": self.claims,
            "ok": self.ok,
            "not_ok": self.claims - self.ok,
            "files": self.files,
            **{severity.value: count for severity, count in self._by_severity.items()},
        }

    @property
    def exit_code(self) -> int:
        """1 when a claim or a file has an error finding, else 0."""
        return EXIT_OK if self.claims == self.ok and not self.file_errors else EXIT_FINDINGS


class JsonEntries:
    """Renders entries as items of the document's ``"claims"`` list, counting them."""

    __slots__ = ("_render", "summary")

    def __init__(self, summary: Summary | None = None) -> None:
        self._render = EntryText().render
        self.summary = Summary() if summary is None else summary

    def text(self, entry: Entry) -> str:
        """The entry's JSON text (it is counted)."""
        self.summary.add(entry)
        file = None if entry.file is None else str(entry.file)
        return self._render(entry.label, file, entry.report, ok=entry.ok)


def encoded_output() -> bool:
    """Whether what ``click.echo`` writes to standard output is UTF-8 going to ``sys.stdout``'s
    own buffer: text rendered elsewhere can then be encoded there and written as bytes, the
    very bytes the text would have become here."""
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False
    return utf8 and isinstance(getattr(stream, "buffer", None), io.BufferedIOBase | io.RawIOBase)


def _write_encoded(data: bytes | memoryview) -> None:
    # click.echo flushes the text stream after each write: what came before is out already.
    binary = sys.stdout.buffer
    view = memoryview(data)
    while view:  # an unbuffered stream (python -u) may take part of it at a time
        view = view[binary.write(view) or 0 :]
    binary.flush()


# Entries rendered straight to UTF-8 go by blocks of this many (about 64 KB).
ENCODED_BLOCK: Final = 32


def encoded_blocks(entries: Iterable[Entry], summary: Summary, errors: str) -> Iterator[bytes]:
    """The JSON texts of ``entries`` encoded in UTF-8 (with ``errors``), by blocks of
    :data:`ENCODED_BLOCK` entries, each block its entries' texts joined by ``",\\n"``; each
    entry is counted in ``summary`` as it is rendered.

    What :meth:`JsonEntries.text` gives, encoded, without making the text of an entry whole nor
    encoding it (:class:`~medoffice.cli._claims_json.EntryBytes`)."""
    counted = summary.add
    render = EntryBytes(errors).render
    block: list[bytes] = []
    count = 0
    for entry in entries:
        counted(entry)
        if count:
            block.append(b",\n")
        file = None if entry.file is None else str(entry.file)
        render(entry.label, file, entry.report, ok=entry.ok, into=block)
        count += 1
        if count == ENCODED_BLOCK:
            yield b"".join(block)
            block.clear()
            count = 0
    if block:
        yield b"".join(block)


def _json_items(
    entries: Iterator[Entry] | Iterator[Entry | Rendered], summary: Summary
) -> Iterator[str | bytes | memoryview]:
    """The items of the document's ``"claims"`` list, each entry counted in ``summary``: those
    :class:`Rendered` elsewhere as they are; the others rendered here, straight to UTF-8 by
    blocks when standard output takes what is encoded so (:func:`encoded_output`), else as
    text."""
    text = JsonEntries(summary).text
    errors = (sys.stdout.errors or "strict") if encoded_output() else None
    runs = itertools.groupby(entries, key=lambda entry: isinstance(entry, Rendered))
    for rendered, run in runs:
        if rendered:
            for each in cast("Iterator[Rendered]", run):
                summary.merge(each.summary)
                if each.size:
                    yield each.text
        elif errors is None:
            yield from map(text, cast("Iterator[Entry]", run))
        else:
            yield from encoded_blocks(cast("Iterator[Entry]", run), summary, errors)


def write_entries(
    entries: Iterator[Entry] | Iterator[Entry | Rendered],
    output_format: OutputFormat,
    *,
    reference: Callable[[], Any] | None = None,
) -> Summary:
    """Print each entry as it comes (a JSON document or tables), then the summary.

    ``reference`` gives, once every entry has passed, what the document's ``"reference"`` holds
    (which reference data answered); the table output prints it after the summary. Entries
    already :class:`Rendered` (by worker processes; JSON only) are written and counted as they
    are.
    """
    summary = Summary()
    if output_format is OutputFormat.JSON:
        click.echo('{\n  "claims": [', nl=False)
        any_entry = write_blocks(
            _json_items(entries, summary), functools.partial(click.echo, nl=False), _write_encoded
        )
        tail = textwrap.indent(json_text(summary.to_dict()), "  ").lstrip()
        click.echo(("\n  ]" if any_entry else "]") + f',\n  "summary": {tail}', nl=False)
        if reference is not None:
            used = textwrap.indent(json_text(reference()), "  ").lstrip()
            click.echo(f',\n  "reference": {used}', nl=False)
        click.echo("\n}")
        return summary
    from medoffice.cli._claims_table import print_tables  # noqa: PLC0415

    print_tables(cast("Iterator[Entry]", entries), summary, reference)  # rendered: JSON only
    return summary


def _in_parallel(files: Sequence[Path]) -> bool:
    """Whether ``files`` are large enough, together, to be worth worker processes, and can be
    read again by each (regular files: not a named pipe, which gives its bytes once)."""
    from medoffice.cli._claims_jobs import PARALLEL_FROM  # noqa: PLC0415

    total = 0
    for path in files:
        try:
            status = path.stat()
        except OSError:
            return False
        if not stat.S_ISREG(status.st_mode):
            return False
        total += status.st_size
    return total >= PARALLEL_FROM


@contextlib.contextmanager
def _frozen() -> Iterator[None]:
    """Objects made so far left out of the collector's passes (unless some already are)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _check_all(
    opened: list[Opened],
    files: Sequence[Path],
    *,
    checker: Checker,
    spec: dict[str, Any],
    strict_x12: bool,
    jobs: int,
    output_format: OutputFormat,
) -> Summary:
    """Check and write every claim of ``files`` (``opened``), in this process or in workers."""
    entries: Iterator[Entry] | Iterator[Entry | Rendered]
    if jobs > 1 and _in_parallel(files):
        from medoffice.cli import _claims_jobs  # noqa: PLC0415

        entries = _claims_jobs.entries(
            files,
            strict_x12=strict_x12,
            checker=checker,
            spec=spec,
            jobs=jobs,
            render=output_format is OutputFormat.JSON,  # the workers render, the parent writes
            read=opened,  # read here once where the platform forks
        )
    else:
        entries = (entry for each in opened for entry in each(checker))
    if stderr_is_terminal():
        from medoffice.cli._claims_table import with_progress  # noqa: PLC0415

        entries = with_progress(entries)
    return write_entries(entries, output_format, reference=checker.provenance)


@command.command(
    name="check",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/claims.html#medoffice-claims-check",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="rule profile, TOML or JSON (enable, disable, severities, per payer)",
)
@click.option(
    "--reference-data",
    "reference_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="folder of official files: ICD-10-CM releases, the MCE edit table, HCPCS, "
    "NCCI PTP, MUE and add-on tables, POS lists",
)
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    help="the reference store to check against when --reference-data is not given (default: "
    "MEDOFFICE_REFERENCE_STORE, else the user data folder)",
)
@click.option(
    "--strict-x12",
    is_flag=True,
    help="also run pyx12's full TR3 validation on 837P files (needs the x12 extra)",
)
@click.option(
    "--on",
    "on",
    type=DAY,
    help="submission date, YYYY-MM-DD (default: today, UTC)",
)
@click.option(
    "--jobs",
    "jobs",
    type=JOBS,
    default="auto",
    show_default=True,
    help="worker processes checking claims (auto: the CPUs this process may use that the "
    "system's load leaves free); the output "
    "is the same whatever the number; files under 1 MiB in total, or a named pipe, are checked "
    "in one process",
)
@table_format_option
@handle_bad_input
def check(  # click passes every parameter by keyword
    *,
    files: tuple[Path, ...],
    profile_path: Path | None,
    reference_dir: Path | None,
    store: Path | None,
    strict_x12: bool,
    on: date | None,
    jobs: int,
    output_format: OutputFormat,
) -> None:
    """Check JSON or X12 837P claims in FILE... against the rule catalogue
    (https://medoffice.readthedocs.io/en/latest/rules.html)."""
    from medoffice.claims import Profile  # noqa: PLC0415

    opened = [open_claims(path, strict_x12=strict_x12) for path in files]
    profile = Profile()
    if profile_path is not None:
        with reading(profile_path):
            text = decode_text(read_input(profile_path), source=str(profile_path))
            is_json_profile = profile_path.suffix.lower() == ".json"
            profile = Profile.from_json(text) if is_json_profile else Profile.from_toml(text)
    if on is not None:
        day = on
    else:
        from medoffice.adapters.clock import SystemClock  # noqa: PLC0415

        day = SystemClock().now().date()
    # The context checks the profile's rule ids: a problem there is the profile file's.
    with reading(profile_path) if profile_path is not None else contextlib.nullcontext():
        spec: dict[str, Any] = {
            "profile": profile,
            "on": day,
            "reference_dir": reference_dir,
            "store": store,
        }
        checker = build_checker(**spec)
    # The reference data lives as long as the run: the collector's full passes, as the claims
    # stream past, need not go through it again and again (the objects of a caller that froze
    # its own are left as they are; ours are thawed at the end, for a caller running on).
    with _frozen():
        summary = _check_all(
            opened,
            files,
            checker=checker,
            spec=spec,
            strict_x12=strict_x12,
            jobs=jobs,
            output_format=output_format,
        )
    raise SystemExit(summary.exit_code)
