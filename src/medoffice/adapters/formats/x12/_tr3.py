"""Full TR3 validation by pyx12, as an optional extra pass (``--strict-x12``).

medoffice's own reader checks the envelopes, the loop structure and the elements a claim
scrubber needs. pyx12 knows the whole 005010X222A1 implementation guide (every element's
code list, length and situational rule), at a price in speed. :func:`check_tr3` runs it over a
file and returns its complaints as ``X12-TR3`` findings at the same segment positions the reader
uses (``segment[10]``, ``segment[23].HI01-2``). pyx12 is the optional ``x12`` extra
(``pip install medoffice[x12]``) and is imported only when this function runs.

Quoted and bracketed text in pyx12's messages is replaced by ``<redacted>`` (bracketed element
references such as ``(NM102)`` stay), because it can echo a value (a name, a member id) from the
file, and finding messages never carry PHI.

>>> _redact('Data element "Name" (NM103) is too long: (SMITHSON)', "NM1")
'Data element <redacted> (NM103) is too long: (<redacted>)'


More information: pyx12 (https://github.com/azoner/pyx12); ASC X12 005010X222A1 TR3.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Final

from medoffice.kernel import Finding, InvalidArgument, Report, Severity

__all__ = ["TR3_RULE", "check_tr3"]

TR3_RULE: Final = "X12-TR3"
_QUOTED: Final = re.compile(r"\"[^\"]*\"|'[^']*'")
_BRACKETED: Final = re.compile(r"\(([^()]*)\)")
_BOM: Final = b"\xef\xbb\xbf"
# GS08 of every group, whatever the delimiters: the eighth element after GS.
_GS08: Final = re.compile(rb"(?:^|[^A-Z0-9])GS(.)(?:[^\r\n]*?\1){7}([0-9A-Z]{6,12})")
_SCAN: Final = 64 * 1024 * 1024
# The 837P maps pyx12 ships (anything else raises its EngineError: "Map not found").
_MAPPED: Final = frozenset({b"005010X222A1"})


def check_tr3(source: IO[bytes] | bytes | str | os.PathLike[str]) -> Report:
    """pyx12's TR3 validation of an X12 file as a report of ``X12-TR3`` findings.

    Raises :class:`~medoffice.kernel.InvalidArgument` when pyx12 is not installed.
    """
    try:
        import pyx12.params  # noqa: PLC0415 - the optional extra loads only when asked for
        import pyx12.x12n_document  # noqa: PLC0415
    except ImportError:
        raise InvalidArgument(
            "full TR3 validation needs the optional x12 extra: pip install 'medoffice[x12]'"
        ) from None
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | os.PathLike):
        data = Path(source).read_bytes()
    else:
        data = source.read()
    # pyx12 wants the ISA first: a byte-order mark or blank lines before it fail the whole file.
    data = data.removeprefix(_BOM).lstrip(b" \t\r\n")
    refused = _unmapped(data)
    if refused is not None:
        return Report.of([refused])
    text = io.StringIO(data.decode("latin-1"))
    errors = io.StringIO()
    logger = logging.getLogger("pyx12")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)  # pyx12 logs every error; the findings carry them
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pyx12.x12n_document.x12n_document(pyx12.params.params(), text, None, None, None, errors)
    except Exception as error:
        return Report.of([_could_not(f"{type(error).__name__}: {_redact(str(error), '')}")])
    finally:
        logger.setLevel(level)
    if not errors.getvalue().strip():
        return Report.of([_could_not("it produced no result")])
    try:
        document = json.loads(errors.getvalue())
    except (ValueError, RecursionError):
        return Report.of([_could_not("its result is not JSON")])
    return Report.of(_findings(document))


def _could_not(why: str) -> Finding:
    return Finding(
        rule=TR3_RULE,
        severity=Severity.ERROR,
        message=f"TR3: pyx12 could not validate the file ({why[:200]})",
        source="pyx12",
    )


def _unmapped(data: bytes) -> Finding | None:
    """A finding when a group names no version pyx12 validates (or the file has no GS)."""
    versions = {match.group(2) for match in _GS08.finditer(data[:_SCAN])}
    if not versions:
        return _could_not("no GS segment names the version")
    other = sorted(v.decode("latin-1") for v in versions - _MAPPED)
    if other:
        return _could_not(f"it validates 005010X222A1 only, not {', '.join(other)[:80]}")
    return None


def _redact(message: str, seg_id: str) -> str:
    """Hide quoted and bracketed values; keep bracketed references such as ``(NM102)``."""

    def bracket(match: re.Match[str]) -> str:
        inner = match.group(1)
        keep = (
            seg_id and inner.startswith(seg_id) and inner[len(seg_id) :].replace("-", "").isdigit()
        )
        return match.group(0) if keep else "(<redacted>)"

    return _BRACKETED.sub(bracket, _QUOTED.sub("<redacted>", message))


def _finding(message: str, path: str, seg_id: str = "") -> Finding:
    clean = _redact(message, seg_id)
    return Finding(
        rule=TR3_RULE, severity=Severity.ERROR, message=f"TR3: {clean}", path=path, source="pyx12"
    )


def _errors(node: Mapping[str, Any], path: str, seg_id: str = "") -> Iterator[Finding]:
    for error in node.get("errors") or ():
        yield _finding(str(error.get("err_str", "")), path, seg_id)


def _findings(document: Mapping[str, Any]) -> Iterator[Finding]:
    for interchange in document.get("interchanges") or ():
        yield from _errors(interchange, f"segment[{interchange.get('cur_line', 0)}]")
        for group in interchange.get("groups") or ():
            yield from _errors(group, f"segment[{group.get('cur_line', 0)}]")
            for transaction in group.get("transactions") or ():
                yield from _errors(transaction, f"segment[{transaction.get('cur_line', 0)}]")
                for segment in transaction.get("segments") or ():
                    yield from _segment(segment)


def _segment(segment: Mapping[str, Any]) -> Iterator[Finding]:
    path = f"segment[{segment.get('cur_line', 0)}]"
    seg_id = str(segment.get("seg_id") or "")[:3]
    yield from _errors(segment, path, seg_id)
    for element in segment.get("elements") or ():
        at = f"{path}.{seg_id}{int(element.get('ele_pos') or 0):02d}"
        if element.get("subele_pos"):
            at += f"-{int(element['subele_pos'])}"
        yield from _errors(element, at, seg_id)
