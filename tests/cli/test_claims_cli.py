"""``medoffice claims check``: output shapes, profiles, reference data and exit codes."""

from __future__ import annotations

import gc
import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryDiagnosisCodes
from medoffice.claims import CheckContext, ServiceLine, claim_to_json
from medoffice.claims._check import check_with_prior
from medoffice.cli import _claims, main
from medoffice.cli._claims import open_claims
from medoffice.cli._claims_json import _FINDINGS_KEPT, _NOT_RUN_KEPT, EntryBytes, EntryText
from medoffice.cli._claims_table import with_progress
from medoffice.cli._output import OutputFormat
from medoffice.kernel import Finding, Money, Report, Severity
from medoffice.testing import generate_837p, sample_claim

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "claims" / "data"
REFERENCE = ROOT / "tests" / "adapters" / "bridges" / "fixtures"
EXAMPLES = ROOT / "examples" / "claims"
CLEAN = str(EXAMPLES / "clean_medicare_visit.json")
PROBLEMS = str(EXAMPLES / "claim_with_problems.json")
ON = ["--on", "2026-03-20"]
JSON = ["--format", "json"]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["claims", "check", *args])


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


class TestExitCodes:
    def test_a_clean_claim_exits_zero(self) -> None:
        """No error finding means exit 0."""
        assert run(CLEAN, *ON).exit_code == 0

    def test_error_findings_exit_one(self) -> None:
        """A claim with errors makes the run exit 1."""
        assert run(CLEAN, PROBLEMS, *ON).exit_code == 1

    def test_a_missing_file_exits_two(self, tmp_path: Path) -> None:
        """An unreadable input is exit 2 with a message, not a traceback."""
        result = run(str(tmp_path / "nope.json"), *ON)
        assert result.exit_code == 2
        assert "Traceback" not in result.output

    def test_bad_json_exits_two_naming_the_field(self) -> None:
        """A claim file with a wrongly typed field names the file and the field path."""
        result = run(str(DATA / "bad_types.json"), *ON)
        assert result.exit_code == 2
        assert "claims[0].billing.npi" in result.stderr
        assert "1958-13-40" not in result.stderr

    def test_a_bad_profile_exits_two(self, tmp_path: Path) -> None:
        """A profile naming an unknown rule is bad input."""
        profile = tmp_path / "p.toml"
        profile.write_text("[rules.NO-SUCH-RULE]\nenabled = false\n", encoding="utf-8")
        assert run(CLEAN, "--profile", str(profile), *ON).exit_code == 2

    def test_a_missing_reference_folder_exits_two(self, tmp_path: Path) -> None:
        """A reference-data folder that does not exist is bad input."""
        result = run(CLEAN, "--reference-data", str(tmp_path / "none"), *ON)
        assert result.exit_code == 2


class TestJsonOutput:
    def test_the_document_has_the_specified_shape(self) -> None:
        """claims[] with claim/ok/findings/not_run, each finding with exactly its keys; a
        summary; the reference data used on each date of service."""
        data = as_json(run(CLEAN, PROBLEMS, "--format", "json", *ON))
        assert set(data) == {"claims", "summary", "reference"}
        assert [c["claim"] for c in data["claims"]] == ["PCN-0001", "PCN-0002"]
        assert [c["ok"] for c in data["claims"]] == [True, False]
        for entry in data["claims"]:
            assert set(entry) == {"claim", "ok", "findings", "not_run"}
            for finding in entry["findings"]:
                assert set(finding) == {"rule", "severity", "path", "message", "value", "source"}
        assert data["summary"]["claims"] == 2
        assert data["summary"]["not_ok"] == 1

    def test_the_releases_used_and_the_rules_not_run_are_listed(self) -> None:
        """With an empty store: ICD-10-CM answers, the NCCI rules are listed as not run."""
        data = as_json(run(CLEAN, "--format", "json", *ON))
        (answers,) = data["reference"].values()
        assert answers["icd10cm"] is not None
        assert answers["ncci-ptp"] is None
        needs = {item["needs"] for item in data["claims"][0]["not_run"]}
        assert "NCCI and modifier edit tables" in needs
        table = run(CLEAN, *ON)
        assert "rules did not run" in table.output
        assert "Reference data for" in table.output

    def test_findings_carry_rule_and_path(self) -> None:
        """The problem claim reports its duplicate line and pointer by path."""
        data = as_json(run(PROBLEMS, "--format", "json", *ON))
        found = {(f["rule"], f["path"]) for f in data["claims"][0]["findings"]}
        assert ("LINE-DUPLICATE", "lines[2]") in found
        assert ("PTR-OUT-OF-RANGE", "lines[1].pointers[1]") in found

    def test_the_document_is_laid_out_as_indented_json(self, tmp_path: Path) -> None:
        """The text is what ``json.dumps(document, indent=2)`` writes, and control numbers with
        quotes, backslashes and line separators come back exactly as they were."""
        numbers = ['A"B\\C\u00e9\u2028D', "X\x85Y\u2029Z\U0001f600"]
        claims = [
            claim_to_json(attrs.evolve(sample_claim(), patient_control_number=n)) for n in numbers
        ]
        path = tmp_path / "claims.json"
        path.write_text(json.dumps(claims), encoding="utf-8")
        text = run(str(path), PROBLEMS, "--format", "json", *ON).stdout
        data = json.loads(text)
        assert [c["claim"] for c in data["claims"]] == [*numbers, "PCN-0002"]
        assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def test_no_finding_quotes_the_patient(self) -> None:
        """Neither the synthetic patient's name nor birth date reaches the output."""
        result = run(PROBLEMS, "--format", "json", *ON)
        assert "Jane" not in result.stdout
        assert "1958-07-14" not in result.stdout


class TestProfilesAndReferenceData:
    def test_a_profile_can_silence_a_rule(self, tmp_path: Path) -> None:
        """Disabling LINE-DUPLICATE in a TOML profile removes it from the output."""
        profile = tmp_path / "p.toml"
        profile.write_text("[rules.LINE-DUPLICATE]\nenabled = false\n", encoding="utf-8")
        data = as_json(run(PROBLEMS, "--profile", str(profile), "--format", "json", *ON))
        assert "LINE-DUPLICATE" not in {f["rule"] for f in data["claims"][0]["findings"]}

    def test_a_json_profile_is_read_too(self, tmp_path: Path) -> None:
        """A .json profile is parsed as JSON."""
        profile = tmp_path / "p.json"
        profile.write_text('{"rules": {"LINE-DUPLICATE": {"severity": "info"}}}', "utf-8")
        data = as_json(run(PROBLEMS, "--profile", str(profile), "--format", "json", *ON))
        severities = {
            f["severity"] for f in data["claims"][0]["findings"] if f["rule"] == "LINE-DUPLICATE"
        }
        assert severities == {"info"}

    def test_reference_data_enables_the_hcpcs_rule(self) -> None:
        """With an HCPCS file loaded, the terminated A4397 is reported on its line."""
        result = run(PROBLEMS, "--reference-data", str(REFERENCE), "--format", "json", *ON)
        found = {(f["rule"], f["path"]) for f in as_json(result)["claims"][0]["findings"]}
        assert ("PX-INVALID-ON-DOS", "lines[1].procedure") in found


class TestTableOutput:
    def test_the_table_names_each_claim_and_the_summary(self) -> None:
        """People get one row per finding (or an ok row) and a summary line."""
        result = run(CLEAN, PROBLEMS, *ON)
        assert "PCN-0001" in result.stdout
        assert "LINE-DUPLICATE" in result.stdout
        assert "2 claims: 1 ok, 1 with errors" in result.stdout


class TestProgress:
    def test_the_progress_display_passes_every_entry_through(self) -> None:
        """Counting entries on standard error changes nothing in what is checked and printed."""
        context = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())

        def check(claim: Any, read: Any) -> Any:
            return check_with_prior(claim, context=context, prior=None)

        plain = [(e.label, e.file, e.report) for e in open_claims(Path(PROBLEMS))(check)]
        shown = [
            (e.label, e.file, e.report) for e in with_progress(open_claims(Path(PROBLEMS))(check))
        ]
        assert shown == plain
        assert plain


class TestCollector:
    def test_the_run_freezes_its_reference_data_and_thaws_it_after(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """While the claims are checked the objects made before (the reference data) are out
        of the collector's passes; after the run nothing stays frozen."""
        seen: list[int] = []
        real = _claims.write_entries

        def writing(*args: Any, **kwargs: Any) -> Any:
            seen.append(gc.get_freeze_count())
            return real(*args, **kwargs)

        monkeypatch.setattr(_claims, "write_entries", writing)
        assert gc.get_freeze_count() == 0
        assert run(CLEAN, PROBLEMS, *JSON, *ON).exit_code == 1
        assert seen[0] > 0
        assert gc.get_freeze_count() == 0

    def test_what_a_caller_froze_stays_frozen(self) -> None:
        """A program that froze its own objects before the run finds them frozen after it."""
        gc.freeze()
        try:
            frozen = gc.get_freeze_count()
            assert run(CLEAN, *JSON, *ON).exit_code == 0
            assert gc.get_freeze_count() == frozen
        finally:
            gc.unfreeze()


def _x12(tmp_path: Path, data: bytes, name: str = "batch.txt") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


class TestX12Input:
    def test_an_837p_file_is_recognised_by_content(self, tmp_path: Path) -> None:
        """A generated 837P with a BOM and leading blank line, named .txt, is read as X12."""
        path = _x12(tmp_path, b"\xef\xbb\xbf\n" + generate_837p(3, seed=5))
        data = as_json(run(path, "--format", "json", *ON))
        assert data["summary"]["claims"] == 3
        assert all(entry["claim"] for entry in data["claims"])

    def test_x12_and_json_files_mix_in_one_run(self, tmp_path: Path) -> None:
        """JSON and X12 claims come out in the same document, in file order."""
        path = _x12(tmp_path, generate_837p(2, seed=5))
        data = as_json(run(CLEAN, path, "--format", "json", *ON))
        assert data["claims"][0]["claim"] == "PCN-0001"
        assert data["summary"]["claims"] == 3

    def test_an_envelope_error_is_listed_for_the_file(self, tmp_path: Path) -> None:
        """A wrong IEA control number is an X12-ENVELOPE finding on an entry naming the file."""
        broken = generate_837p(2, seed=5).replace(b"IEA*1*", b"IEA*2*")
        path = _x12(tmp_path, broken)
        result = run(path, "--format", "json", *ON)
        entries = [e for e in as_json(result)["claims"] if e["claim"] is None]
        assert [e["file"] for e in entries] == [path]
        assert {f["rule"] for f in entries[0]["findings"]} == {"X12-ENVELOPE"}
        assert result.exit_code == 1

    def test_a_truncated_interchange_header_exits_two(self, tmp_path: Path) -> None:
        """A file starting with ISA but no complete header is not X12: exit 2, no traceback."""
        result = run(_x12(tmp_path, b"ISA*garbage~"), *ON)
        assert result.exit_code == 2
        assert "Traceback" not in result.output

    def test_strict_x12_adds_the_tr3_pass(self, tmp_path: Path) -> None:
        """--strict-x12 runs pyx12 too and still answers with a document, not a traceback."""
        pytest.importorskip("pyx12")
        path = _x12(tmp_path, generate_837p(1, seed=5))
        result = run(path, "--strict-x12", "--format", "json", *ON)
        assert result.exit_code in {0, 1}
        assert as_json(result)["summary"]["claims"] >= 1


class TestNcciReferenceData:
    def test_ptp_and_mue_files_in_the_folder_are_used(self, tmp_path: Path) -> None:
        """Normalised PTP and MUE files found in --reference-data fire the NCCI rules."""
        (tmp_path / "ptp.csv").write_text(
            "col1,col2,effective,deleted,modifier_indicator,ref_version\n"
            "29881,29877,2010-01-01,,1,NCCI-2026Q1\n",
            encoding="utf-8",
        )
        (tmp_path / "mue.csv").write_text(
            "code,max_units,mai,ref_version\n29881,1,2,MUE-2026Q1\n", encoding="utf-8"
        )
        lines = tuple(
            ServiceLine(
                service_from=date(2026, 3, 2),
                procedure=code,
                pointers=(1,),
                charge=Money.of("100.00", "USD"),
                units=units,
            )
            for code, units in (("29881", 2), ("29877", 1))
        )
        claim_file = tmp_path / "claims" / "claim.json"
        claim_file.parent.mkdir()
        document = claim_to_json(sample_claim(lines=lines, total_charge=None))
        claim_file.write_text(json.dumps(document), "utf-8")
        result = CliRunner().invoke(
            main,
            ["claims", "check", str(claim_file), "--reference-data", str(tmp_path), *JSON, *ON],
            env={"MEDOFFICE_CACHE_DIR": str(tmp_path / "cache")},
        )
        found = {(f["rule"], f["path"]) for f in as_json(result)["claims"][0]["findings"]}
        assert ("NCCI-PTP-1", "lines[1].procedure") in found
        assert ("MUE-DAY-POLICY", "lines[0].units") in found


class TestRealX12Samples:
    def test_every_shared_837p_sample_is_checked_without_a_crash(
        self, reference_data: Path, tmp_path: Path
    ) -> None:
        """Valid and deliberately broken 837P samples give a document (exit 0 or 1), never 2."""
        samples = sorted(p for p in (reference_data / "x12_837p").rglob("*") if p.is_file())
        samples = [p for p in samples if p.suffix != ".md"]
        assert samples
        for sample in samples:
            result = CliRunner().invoke(
                main,
                ["claims", "check", str(sample), *JSON, *ON],
                env={"MEDOFFICE_CACHE_DIR": str(tmp_path)},
            )
            assert result.exit_code in {0, 1}, (sample.name, result.output[-300:])
            assert "summary" in as_json(result), sample.name


class TestJsonEntryMemory:
    def test_remembered_findings_and_not_run_lists_stay_bounded(self) -> None:
        """Thousands of distinct findings and not_run lists: each entry is right, memory capped."""
        text = EntryText()
        for n in range(_FINDINGS_KEPT + 100):
            finding = Finding(rule="LINE-DUPLICATE", severity=Severity.ERROR, message=f"m{n}")
            report = Report((finding,), not_run=((f"RULE-{n}", "tables"),))
            entry = json.loads(text.render(f"PCN-{n}", None, report, ok=report.ok))
            assert entry["findings"][0]["message"] == f"m{n}"
            assert entry["not_run"] == [{"rule": f"RULE-{n}", "needs": "tables"}]
        assert len(text._findings) <= _FINDINGS_KEPT
        assert len(text._not_run) <= _NOT_RUN_KEPT


_TEXTS = st.text(max_size=12) | st.sampled_from(["", "é", "\udcff", '"\\\n', "\u2028"])
_FINDINGS = st.builds(
    Finding,
    rule=st.sampled_from(["CLM-DX-001", "LINE-DUPLICATE", "X12-SEGMENT"]),
    severity=st.sampled_from(list(Severity)),
    message=_TEXTS,
    path=_TEXTS,
    value=st.none() | _TEXTS,
    source=st.none() | _TEXTS,
)


class TestEntryBytes:
    @given(
        entries=st.lists(
            st.tuples(
                st.none() | _TEXTS,
                st.none() | _TEXTS,
                st.lists(st.sampled_from(["a", "b"]) | _FINDINGS, max_size=4),
                st.lists(st.tuples(_TEXTS, _TEXTS), max_size=3),
                st.booleans(),
            ),
            max_size=6,
        ),
        errors=st.sampled_from(["strict", "replace", "surrogateescape", "backslashreplace"]),
    )
    def test_the_parts_joined_are_the_entry_text_encoded(
        self, entries: list[tuple[Any, ...]], errors: str
    ) -> None:
        """Any claims (labels, files, findings seen again or not, not_run lists, text that
        UTF-8 cannot encode): each entry's parts, joined, are its text encoded with the same
        error handler, or fail to encode as it does."""
        shared = Finding(rule="CLM-DX-001", severity=Severity.ERROR, message="seen again")
        again = Finding(rule="X12-SEGMENT", severity=Severity.INFO, message="é")
        text, encoded = EntryText(), EntryBytes(errors)
        for claim, file, found, not_run, ok in entries:
            findings = tuple({"a": shared, "b": again}.get(f, f) for f in found)
            report = Report(findings, not_run=tuple(not_run))
            try:
                expected: bytes | type[Exception] = text.render(claim, file, report, ok=ok).encode(
                    "utf-8", errors
                )
            except UnicodeEncodeError:
                expected = UnicodeEncodeError
            parts: list[bytes] = []
            try:
                encoded.render(claim, file, report, ok=ok, into=parts)
            except UnicodeEncodeError:
                assert expected is UnicodeEncodeError
            else:
                assert b"".join(parts) == expected


def _document(runs: list[tuple[bool, list[Any]]], errors: str, *, encoded: bool) -> bytes:
    """The JSON document write_entries prints of ``runs`` (entries, or entries rendered
    elsewhere as one text), standard output UTF-8 with ``errors``; the summary after it."""
    output = io.BytesIO()
    stdout = io.TextIOWrapper(output, encoding="utf-8", errors=errors, write_through=True)
    items: list[Any] = []
    for rendered, entries in runs:
        if rendered:
            json_entries = _claims.JsonEntries()
            text = ",\n".join(json_entries.text(entry) for entry in entries)
            items.append(_claims.Rendered(text, len(entries), json_entries.summary))
        else:
            items.extend(entries)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", stdout)
        patch.setattr(_claims, "encoded_output", lambda: encoded)
        summary = _claims.write_entries(iter(items), OutputFormat.JSON)
    stdout.flush()
    return output.getvalue() + repr((summary.to_dict(), summary.not_run)).encode()


_ENTRIES = st.builds(
    lambda label, findings, not_run: _claims.Entry(
        label,
        Report(tuple(findings), not_run=tuple(not_run)),
        None if label is not None else Path("batch.x12"),
    ),
    st.none() | _TEXTS,
    st.lists(_FINDINGS, max_size=3),
    st.lists(st.tuples(_TEXTS, _TEXTS), max_size=2),
)


class TestEncodedDocument:
    @given(
        runs=st.lists(st.tuples(st.booleans(), st.lists(_ENTRIES, max_size=12)), max_size=6),
        block=st.integers(min_value=1, max_value=8),
        errors=st.sampled_from(["replace", "surrogateescape", "backslashreplace"]),
    )
    def test_entries_rendered_straight_to_utf8_print_the_document_text_prints(
        self, runs: list[tuple[bool, list[Any]]], block: int, errors: str
    ) -> None:
        """Any entries (claims, files' own findings, text UTF-8 cannot encode), some rendered
        elsewhere, by blocks of any size: the document printed with the entries rendered straight
        to UTF-8 is, byte for byte, the one printed with them rendered as text, and the counts
        are the same."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_claims, "ENCODED_BLOCK", block)
            encoded = _document(runs, errors, encoded=True)
        assert encoded == _document(runs, errors, encoded=False)
