"""Reading the official ICD-10-CM order addenda (``icd10cm_order_addenda_2027.txt``).

CMS ships it in ``2027-code-descriptions-tabular-order.zip`` (CDC as
``icd10cm-order-addenda-2027.txt``): fixed columns, ASCII, CRLF. Each row is
``action(13) flag(1) ' ' code(7) ' ' short title(60) ' ' long title``, the action one of
``Add:``, ``Delete:``, ``Revise from:``, ``Revise to:``, the flag 1 for a billable code and 0 for
a header, the code without its dot. After the rows, a blank line and a summary of how many
headers and codes each release has and how many were added, deleted and revised. The reader
checks the rows against that summary, so a file cut short is refused rather than half applied.

>>> text = (
...     "Add:         1 M043    VEXAS syndrome   " + " " * 44 + "VEXAS syndrome\\r\\n"
...     "\\r\\nCodes\\r\\n  74719 codes in icd10cm_order_2026.txt\\r\\n"
...     "  74720 codes in icd10cm_order_2027.txt\\r\\n      1 additions\\r\\n"
... )
>>> addenda = read_order_addenda(text, file="icd10cm_order_addenda_2027.txt")
>>> addenda.fiscal_year, [(r.action.value, r.code, r.title) for r in addenda.rows]
(2027, [('Add', 'M043', 'VEXAS syndrome')])

More information: CMS, "2027 ICD-10-CM", https://www.cms.gov/medicare/coding-billing/icd-10-codes
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from medoffice.coding._problems import ReferenceFileError
from medoffice.coding.icd10cm._addenda import AddendaAction, AddendaRow, OrderAddenda

__all__ = ["read_order_addenda"]

_ACTIONS: Final = {f"{action.value}:": action for action in AddendaAction}
_ROW: Final = re.compile(
    r"(?P<action>Add:|Delete:|Revise from:|Revise to:)\s*(?P<flag>[01]) (?P<code>[0-9A-Z]{3,7})"
    r"\s+(?P<titles>.*)\Z"
)
_RELEASE: Final = re.compile(r"\s*(\d+) (headers|codes) in \S*?(\d{4})\.txt\s*\Z")
_COUNT: Final = re.compile(r"\s*(\d+) (additions|deletions|revisions)\s*\Z")
_SHORT_WIDTH: Final = 60


def _summary(lines: list[str], start: int, file: str) -> tuple[int | None, dict[str, int]]:
    """The fiscal year the summary names, and its counts (``codes additions`` ...)."""
    fiscal_year: int | None = None
    counts: dict[str, int] = {}
    section = ""
    for number, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        if stripped in {"Headers", "Codes"}:
            section = stripped.lower()
            continue
        release = _RELEASE.match(line)
        if release:
            fiscal_year = max(fiscal_year or 0, int(release.group(3)))
            continue
        count = _COUNT.match(line)
        if count and section:
            counts.setdefault(f"{section} {count.group(2)}", int(count.group(1)))
        elif stripped and stripped != "of which" and not stripped.startswith(tuple("0123456789")):
            raise ReferenceFileError(
                f"unexpected summary line {stripped!r}", file=file, line=number
            )
    return fiscal_year, counts


def _parsed_counts(rows: list[AddendaRow]) -> dict[str, int]:
    tally = Counter((row.action, row.billable) for row in rows)
    return {
        f"{'codes' if billable else 'headers'} {name}": sum(
            tally[(action, billable)] for action in actions
        )
        for billable in (True, False)
        for name, actions in (
            ("additions", (AddendaAction.ADD,)),
            ("deletions", (AddendaAction.DELETE,)),
            ("revisions", (AddendaAction.REVISE_TO,)),
        )
    }


def _fiscal_year_from(file: str) -> int | None:
    found = re.search(r"(20\d\d)", file)
    return int(found.group(1)) if found else None


def read_order_addenda(text: str, *, file: str) -> OrderAddenda:
    """The rows of an order-addenda file; :class:`ReferenceFileError` when it cannot be trusted.

    ``file`` is the file's name, for messages and, when the summary block is missing, for the
    fiscal year (``..._2027.txt``).
    """
    lines = text.splitlines()
    rows: list[AddendaRow] = []
    end = len(lines)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            end = number
            break
        found = _ROW.match(line)
        if found is None:
            raise ReferenceFileError("not an order-addenda row", file=file, line=number)
        titles = found.group("titles")
        long_title = titles[_SHORT_WIDTH + 1 :].strip() if len(titles) > _SHORT_WIDTH else ""
        rows.append(
            AddendaRow(
                action=_ACTIONS[found.group("action")],
                billable=found.group("flag") == "1",
                code=found.group("code"),
                title=long_title or titles.strip(),
                line=number,
            )
        )
    if not rows:
        raise ReferenceFileError("the order addenda hold no rows", file=file)
    fiscal_year, counts = _summary(lines, end, file)
    fiscal_year = fiscal_year or _fiscal_year_from(file)
    if fiscal_year is None:
        raise ReferenceFileError("no fiscal year in the summary or the file name", file=file)
    parsed = _parsed_counts(rows)
    for name, expected in counts.items():
        if parsed.get(name) != expected:
            raise ReferenceFileError(
                f"the summary counts {expected} {name} but the file holds {parsed.get(name)}: "
                "the file is incomplete or altered",
                file=file,
            )
    return OrderAddenda(fiscal_year=fiscal_year, rows=tuple(rows))
