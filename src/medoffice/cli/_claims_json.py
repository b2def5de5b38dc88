"""The JSON document of ``medoffice claims check``, written one entry at a time.

Each claim's entry is rendered straight to text, exactly as ``json.dumps(entry, indent=2)``
nested under ``"claims"`` would lay it out, without building a dictionary per claim or per
finding: strings go through the standard library's C string encoder, and the ``not_run`` list
(the same for every claim of a payer) and the findings seen before (a damaged reference file's
finding is on every claim) are rendered once and reused. Entries are written
in blocks, so that a file of any size streams in flat memory with few writes.

>>> from medoffice.kernel import Finding, Report, Severity
>>> finding = Finding(rule="CLM-DX-001", severity=Severity.ERROR, message="no diagnosis")
>>> report = Report((finding,), not_run=(("AUTH-MISSING", "x"),))
>>> text = EntryText().render("PCN-1", None, report, ok=report.ok)
>>> import json
>>> json.loads(text)["findings"][0]["rule"], json.loads(text)["not_run"][0]["needs"]
('CLM-DX-001', 'x')
>>> text.splitlines()[1]
'      "claim": "PCN-1",'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring
from typing import Final, TypeVar

from medoffice.kernel import Finding, Report

__all__ = ["EntryBytes", "EntryText", "write_blocks"]

# How many distinct not_run lists are remembered (one per payer plan is usual).
_NOT_RUN_KEPT: Final = 256
# How many distinct findings are remembered (the reference files' findings, on every claim, and
# the common ones); then the memory starts afresh.
_FINDINGS_KEPT: Final = 4096
# Entries are written in blocks of about this many characters.
_BLOCK: Final = 1 << 16

_Key = TypeVar("_Key")
_Made = TypeVar("_Made")


def _remembered(
    memo: dict[_Key, _Made], key: _Key, make: Callable[[_Key], _Made], kept: int
) -> _Made:
    """``make(key)``, made once while ``memo`` remembers it; a memo holding ``kept`` values
    starts afresh."""
    made = memo.get(key)
    if made is None:
        if len(memo) >= kept:
            memo.clear()
        made = memo[key] = make(key)
    return made


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _finding(finding: Finding) -> str:
    return (
        '        {\n          "rule": '
        + encode_basestring(finding.rule.value)
        + ',\n          "severity": '
        + encode_basestring(finding.severity.value)
        + ',\n          "path": '
        + encode_basestring(finding.path)
        + ',\n          "message": '
        + encode_basestring(finding.message)
        + ',\n          "value": '
        + _text(finding.value)
        + ',\n          "source": '
        + _text(finding.source)
        + "\n        }"
    )


def _not_run(pairs: Iterable[tuple[str, str]]) -> str:
    items = ",\n".join(
        '        {\n          "rule": '
        + encode_basestring(rule)
        + ',\n          "needs": '
        + encode_basestring(needs)
        + "\n        }"
        for rule, needs in pairs
    )
    return "[\n" + items + "\n      ]" if items else "[]"


class EntryText:
    """Renders entries of the ``"claims"`` list, remembering the ``not_run`` lists seen."""

    __slots__ = ("_findings", "_not_run")

    def __init__(self) -> None:
        self._not_run: dict[tuple[tuple[str, str], ...], str] = {}
        self._findings: dict[Finding, str] = {}

    def _finding(self, finding: Finding) -> str:
        return _remembered(self._findings, finding, _finding, _FINDINGS_KEPT)

    def render(self, claim: str | None, file: str | None, report: Report, *, ok: bool) -> str:
        """One entry, indented as an item of the document's ``"claims"`` list."""
        not_run = _remembered(self._not_run, report.not_run, _not_run, _NOT_RUN_KEPT)
        findings = report.findings
        found = "[\n" + ",\n".join(map(self._finding, findings)) + "\n      ]" if findings else "[]"
        return (
            '    {\n      "claim": '
            + _text(claim)
            + ("" if file is None else ',\n      "file": ' + encode_basestring(file))
            + (',\n      "ok": true' if ok else ',\n      "ok": false')
            + ',\n      "findings": '
            + found
            + ',\n      "not_run": '
            + not_run
            + "\n    }"
        )


class EntryBytes:
    """Renders entries as :class:`EntryText` does, encoded in UTF-8 (with ``errors``), as parts
    to be joined: the ``not_run`` lists and the findings seen before are encoded once, and an
    entry's text is never made whole (nor copied) until its block is joined."""

    __slots__ = ("_errors", "_findings", "_not_run")

    def __init__(self, errors: str = "strict") -> None:
        self._errors = errors
        self._not_run: dict[tuple[tuple[str, str], ...], bytes] = {}
        self._findings: dict[Finding, bytes] = {}

    def _finding(self, finding: Finding) -> bytes:
        return _remembered(self._findings, finding, self._encoded_finding, _FINDINGS_KEPT)

    def _encoded_finding(self, finding: Finding) -> bytes:
        return _finding(finding).encode("utf-8", self._errors)

    def _encoded_not_run(self, pairs: tuple[tuple[str, str], ...]) -> bytes:
        text = ',\n      "not_run": ' + _not_run(pairs) + "\n    }"
        return text.encode("utf-8", self._errors)

    def render(
        self, claim: str | None, file: str | None, report: Report, *, ok: bool, into: list[bytes]
    ) -> None:
        """Add one entry's parts to ``into``: joined, they are ``EntryText().render(claim,
        file, report, ok=ok)`` encoded."""
        not_run = _remembered(self._not_run, report.not_run, self._encoded_not_run, _NOT_RUN_KEPT)
        head = (
            '    {\n      "claim": '
            + _text(claim)
            + ("" if file is None else ',\n      "file": ' + encode_basestring(file))
            + (
                ',\n      "ok": true,\n      "findings": '
                if ok
                else ',\n      "ok": false,\n      "findings": '
            )
        )
        into.append(head.encode("utf-8", self._errors))
        findings = report.findings
        if findings:
            into.append(b"[\n")
            into.append(b",\n".join(map(self._finding, findings)))
            into.append(b"\n      ]")
        else:
            into.append(b"[]")
        into.append(not_run)


def write_blocks(
    texts: Iterator[str | bytes | memoryview],
    write: Callable[[str], object],
    write_encoded: Callable[[bytes | memoryview], object] | None = None,
) -> bool:
    """Write ``texts`` as the items of a JSON list, comma-separated, in blocks of ~64 KB.

    An item that is :class:`bytes` or a :class:`memoryview` is a run of items already encoded
    for the output (rendered by another process, or straight to UTF-8): it goes through
    ``write_encoded`` as it is, at once, after what was written before it and its separator.
    Returns whether there was any item (the caller closes the list accordingly).
    """
    block: list[str] = []
    size = 0
    any_item = False
    try:
        for text in texts:
            if not isinstance(text, str):
                if write_encoded is None:
                    raise TypeError("encoded items need write_encoded")
                if block:
                    write("".join(block))
                    block.clear()
                    size = 0
                write_encoded(b",\n" if any_item else b"\n")
                write_encoded(text)
                any_item = True
                continue
            block.append(",\n" + text if any_item else "\n" + text)
            any_item = True
            size += len(text)
            if size >= _BLOCK:
                write("".join(block))
                block.clear()
                size = 0
    finally:
        if block:
            write("".join(block))
    return any_item
