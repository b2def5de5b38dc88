"""Findings and reports: how medoffice says what is wrong with a user's data.

A check never raises on bad data; it returns a :class:`Report` of :class:`Finding` records. Each
finding names a stable rule id (tests and payers' profiles rely on it; ids are never renamed or
reused), a severity, a message for people, the path of the field it concerns
(``lines[2].modifiers[0]``), and the offending value unless that value is protected health
information. A report is immutable and always lists its findings in the same order, so two runs
over the same input produce byte-identical output.

>>> report = Report.of(
...     [
...         Finding(
...             rule="DX-NONE",
...             severity=Severity.ERROR,
...             message="the claim has no diagnosis",
...             path="diagnoses",
...         ),
...         Finding(
...             rule="DX-UNREFERENCED",
...             severity="info",
...             message="no line points at it",
...             path="diagnoses[3]",
...             value="Z79.4",
...         ),
...     ]
... )
>>> report.ok
False
>>> [str(f.rule) for f in report.filter(severity=Severity.INFO)]
['DX-UNREFERENCED']
>>> report.to_dict()["summary"]
{'error': 1, 'warning': 0, 'info': 1}
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, final

import attrs

from medoffice.kernel._errors import InvalidValue

__all__ = ["Finding", "Report", "RuleId", "Severity", "made_finding", "made_report"]

_RULE_ID: Final = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
_DIGITS: Final = re.compile(r"([0-9]+)")


def _is_rule_text(value: object) -> bool:
    return isinstance(value, str) and _RULE_ID.fullmatch(value) is not None


@final
class RuleId(str):
    """A stable rule identifier such as ``CLM-NO-LINES`` or ``NCCI-PTP-1-BYPASSED``.

    A ``str`` whose text is checked on the way in: it compares equal to its text, hashes like
    it and serialises as it (``json.dumps`` writes the bare string).

    >>> import json
    >>> RuleId("DX-EXCLUDES1") == "DX-EXCLUDES1", json.dumps({"rule": RuleId("DX-EXCLUDES1")})
    (True, '{"rule": "DX-EXCLUDES1"}')
    """

    __slots__ = ()

    def __new__(cls, value: str) -> RuleId:
        if isinstance(value, RuleId):
            return value
        if not _is_rule_text(value):
            raise InvalidValue(
                "a rule id is upper-case letters and digits in dash-separated parts "
                "(for example CLM-DX-002)"
            )
        return super().__new__(cls, value)

    @property
    def value(self) -> str:
        """The id as a plain ``str``."""
        return str.__str__(self)

    def __str__(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"RuleId({str.__repr__(self)})"


def _to_rule(value: RuleId | str) -> RuleId:
    return value if isinstance(value, RuleId) else RuleId(value)


@final
class Severity(enum.StrEnum):
    """How bad a finding is: ``error`` blocks, ``warning`` needs a look, ``info`` is a note."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for infos (the report's sort order)."""
        return _RANK[self]

    def at_least(self, other: Severity) -> bool:
        """Whether this severity is as serious as ``other`` or more."""
        return self.rank <= other.rank


_RANK: Final = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _to_severity(value: Severity | str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise InvalidValue(f"{value!r} is not a severity (error, warning or info)") from None


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


@final
@attrs.frozen(kw_only=True)
class Finding:
    """One problem found in a user's data.

    ``path`` points at the field (``""`` for the whole object); ``value`` is the offending value,
    or ``None`` when it is absent or is protected health information; ``source`` names the
    authority the rule comes from when the rule has one.
    """

    rule: RuleId = attrs.field(converter=_to_rule)
    severity: Severity = attrs.field(converter=_to_severity)
    message: str
    path: str = ""
    value: str | None = attrs.field(default=None, converter=_optional_text)
    source: str | None = None

    def sort_key(self) -> tuple[Any, ...]:
        """Errors first, then by field path in natural order, rule id, value and message.

        A missing value or source sorts before an empty one: the two are different findings,
        so a tie between them would leave the order to the order the findings came in.
        """
        return (
            self.severity.rank,
            _natural(self.path),
            self.rule.value,
            self.value is not None,
            self.value or "",
            self.message,
            self.source is not None,
            self.source or "",
        )

    def to_dict(self) -> dict[str, str | None]:
        """A JSON-ready mapping."""
        return {
            "rule": self.rule.value,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
            "value": self.value,
            "source": self.source,
        }


def _natural(path: str) -> tuple[tuple[int, int | str], ...]:
    # lines[2] sorts before lines[10]; a checker's paths come from a small set: split once each
    try:
        return _NATURAL[path]
    except KeyError:
        pass
    except TypeError:  # an unhashable path is split every time (and fails there, as it did)
        return _split(path)
    key = _split(path)
    if len(_NATURAL) >= _NATURAL_LIMIT:
        _NATURAL.clear()
    _NATURAL[path] = key
    return key


def _split(path: str) -> tuple[tuple[int, int | str], ...]:
    return tuple(
        (0, int(part)) if _DIGITS.fullmatch(part) else (1, part)
        for part in _DIGITS.split(path)
        if part
    )


_NATURAL: Final[dict[str, tuple[tuple[int, int | str], ...]]] = {}
_NATURAL_LIMIT: Final = 4_096


def _sorted_unique(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    unique: dict[Finding, None] = {}
    for finding in findings:
        if not isinstance(finding, Finding):
            raise InvalidValue(f"a report holds findings, not {type(finding).__name__}")
        unique.setdefault(finding, None)
    return tuple(sorted(unique, key=Finding.sort_key))


def _not_run(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({(str(rule), str(needs)) for rule, needs in pairs}))


@final
@attrs.frozen
class Report:
    """An immutable, deterministically ordered set of findings.

    ``not_run`` lists the checks that did not run for lack of data, each as (rule id, what it
    needed), so that a report never passes silently over what it could not check.
    """

    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_sorted_unique)
    not_run: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_not_run, kw_only=True, repr=False
    )

    @classmethod
    def of(cls, findings: Iterable[Finding] = ()) -> Report:
        """A report of ``findings`` (duplicates dropped, sorted)."""
        return cls(tuple(findings))

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings and infos do not spoil a report)."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity warning."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __bool__(self) -> bool:
        return bool(self.findings)

    def merge(self, *others: Report) -> Report:
        """One report holding the findings of this one and ``others``."""
        return Report(
            self.findings + tuple(f for other in others for f in other.findings),
            not_run=self.not_run + tuple(n for other in others for n in other.not_run),
        )

    def __add__(self, other: Report) -> Report:
        return self.merge(other)

    def filter(
        self,
        *,
        severity: Severity | str | None = None,
        at_least: Severity | str | None = None,
        rules: Iterable[RuleId | str] | None = None,
        path_prefix: str | None = None,
    ) -> Report:
        """The findings matching every criterion given.

        ``severity`` keeps exactly that severity; ``at_least`` keeps it and anything worse;
        ``rules`` keeps those rule ids; ``path_prefix`` keeps a field and its sub-fields.
        """
        keep = list(self.findings)
        if severity is not None:
            wanted = _to_severity(severity)
            keep = [f for f in keep if f.severity is wanted]
        if at_least is not None:
            floor = _to_severity(at_least)
            keep = [f for f in keep if f.severity.at_least(floor)]
        if rules is not None:
            ids = {_to_rule(r) for r in rules}
            keep = [f for f in keep if f.rule in ids]
        if path_prefix is not None:
            keep = [f for f in keep if _under(f.path, path_prefix)]
        return Report(tuple(keep), not_run=self.not_run)

    def count_by_rule(self) -> Mapping[str, int]:
        """How many findings each rule produced, by rule id."""
        return dict(sorted(Counter(f.rule.value for f in self.findings).items()))

    def summary(self) -> dict[str, int]:
        """How many findings of each severity."""
        counts = Counter(f.severity for f in self.findings)
        return {s.value: counts.get(s, 0) for s in Severity}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping: ``{"ok", "findings", "summary"}``, and ``"not_run"`` (the
        checks that did not run for lack of data) when there are any."""
        found: dict[str, Any] = {
            "ok": self.ok,
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }
        if self.not_run:
            found["not_run"] = [{"rule": rule, "needs": needs} for rule, needs in self.not_run]
        return found


def made_finding(
    rule: RuleId,
    severity: Severity,
    message: str,
    *,
    path: str,
    value: str | None,
    source: str | None,
) -> Finding:
    """The finding ``Finding(...)`` makes of these fields, for a checker that made the rule id
    and severity itself (they are not checked again; a value is still made a ``str``)."""
    finding = object.__new__(Finding)
    setter = object.__setattr__
    setter(finding, "rule", rule)
    setter(finding, "severity", severity)
    setter(finding, "message", message)
    setter(finding, "path", path)
    setter(finding, "value", value if value is None or type(value) is str else str(value))
    setter(finding, "source", source)
    return finding


def made_report(findings: list[Finding], not_run: tuple[tuple[str, str], ...] = ()) -> Report:
    """``Report(tuple(findings), not_run=not_run)`` for a checker that made every finding and
    gives ``not_run`` already as the report keeps it (sorted ``str`` pairs, each once)."""
    report = object.__new__(Report)
    unique = list(dict.fromkeys(findings)) if len(findings) > 1 else findings
    if len(unique) > 1:
        unique.sort(key=Finding.sort_key)
    object.__setattr__(report, "findings", tuple(unique))
    object.__setattr__(report, "not_run", not_run)
    return report


def _under(path: str, prefix: str) -> bool:
    if not prefix:
        return True
    return path == prefix or (path.startswith(prefix) and path[len(prefix)] in ".[")
