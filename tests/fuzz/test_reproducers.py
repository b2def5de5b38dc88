"""Each input that once ended in a traceback, a hang or a wrong count, kept as a regression test."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from medoffice.adapters.formats.inputs import read_input
from medoffice.adapters.formats.x12 import X12Limits, check_tr3, read_837p, read_837p_all
from medoffice.claims import ClaimReadError, claims_from_json
from medoffice.cli import main
from medoffice.kernel import Finding
from medoffice.kernel.inputs import InputLimits, UnreadableInput, parse_json
from medoffice.testing import generate_837p

ROOT = Path(__file__).parents[2]
CLAIM = ROOT / "examples" / "claims" / "clean_medicare_visit.json"
PRACTICE = ROOT / "examples" / "scheduling" / "practice.toml"
ROSTER = ROOT / "examples" / "credentials" / "roster.json"
ON = ["--on", "2026-03-20"]
DEEP = "[" * 1000 + "]" * 1000
HUGE = "1" * 4301


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def error_line(result: Result) -> str:
    """The one line of a bad-input exit."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def error_on_file(path: Path, text: str, command: list[str]) -> tuple[Path, str]:
    """Write ``text`` to ``path``, run ``command`` with it in place of ``{}``: the error line."""
    path.write_text(text, encoding="utf-8")
    return path, error_line(run(*[str(path) if word == "{}" else word for word in command]))


def x12(data: bytes, tmp_path: Path, name: str = "batch.txt") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


class TestDeepNestingAndHugeIntegers:
    @pytest.mark.parametrize("text", [DEEP, f"[{HUGE}]", f'{{"claims": [{{"units": {HUGE}}}]}}'])
    def test_claims_from_json_raises_its_own_error(self, text: str) -> None:
        """Nesting a thousand deep or 4,301 digits is a ClaimReadError, not a RecursionError."""
        with pytest.raises(ClaimReadError):
            claims_from_json(text)

    @pytest.mark.parametrize(
        ("command", "name"),
        [
            (["claims", "check", "{}", *ON], "claims.json"),
            (["claims", "check", str(CLAIM), "--profile", "{}", *ON], "profile.json"),
            (["slots", "{}", "--type", "FU", "--from", "2026-03-09"], "practice.json"),
            (["credentials", "status", "{}", "--on", "2026-03-01"], "roster.json"),
            (["budget", "variance", "{}"], "budget.json"),
        ],
    )
    @pytest.mark.parametrize("text", [DEEP, f'{{"n": {HUGE}}}'])
    def test_every_cli_reader_exits_two_naming_the_file(
        self, tmp_path: Path, command: list[str], name: str, text: str
    ) -> None:
        """Each command that reads a JSON file answers with one line naming it: exit 2."""
        _, line = error_on_file(tmp_path / name, text, command)
        assert name in line

    @pytest.mark.parametrize("text", [f"a = {DEEP}", f"a = {HUGE}"])
    def test_toml_readers_refuse_too(self, tmp_path: Path, text: str) -> None:
        """A TOML practice file or profile nested too deep or with a huge number: exit 2."""
        practice = tmp_path / "practice.toml"
        practice.write_text(text, encoding="utf-8")
        assert "practice.toml" in error_line(
            run("slots", str(practice), "--type", "FU", "--from", "2026-03-09")
        )
        args = ["claims", "check", str(CLAIM), "--profile", str(practice), *ON]
        assert "practice.toml" in error_line(run(*args))

    def test_the_limits_are_configurable(self) -> None:
        """A caller may allow deeper nesting than the default."""
        text = "[" * 100 + "]" * 100
        with pytest.raises(UnreadableInput):
            parse_json(text)
        value = parse_json(text, limits=InputLimits(max_depth=200))
        depth = 0
        while isinstance(value, list) and value:
            value, depth = value[0], depth + 1
        assert depth == 99

    def test_an_837p_element_of_4301_digits_is_a_finding(self) -> None:
        """SV107 of 4,301 digits: an X12-ELEMENT finding, never a ValueError."""
        data = generate_837p(1, seed=3).replace(b"***1:2:3~", b"***" + HUGE.encode() + b"~", 1)
        found = read_837p_all(data).report.findings
        assert any(f.path.endswith("SV107-1") for f in found)


class TestOutput:
    def test_markup_in_a_claim_is_printed_as_it_is(self, tmp_path: Path) -> None:
        """A patient control number `[/bold]` in a table: printed literally, no MarkupError."""
        claim = json.loads(CLAIM.read_text("utf-8"))
        claim["patient_control_number"] = "[/bold]"
        path = tmp_path / "c.json"
        path.write_text(json.dumps(claim), "utf-8")
        result = run("claims", "check", str(path), *ON)
        assert result.exit_code == 0
        assert "[/bold]: ok" in result.stdout

    @pytest.mark.parametrize("command", [["codes", "icd10"], ["identifiers", "check"]])
    def test_markup_on_the_command_line_is_printed_as_it_is(self, command: list[str]) -> None:
        """codes icd10 '[/x]' and identifiers check '[/x]' show the value."""
        result = run(*command, "[/x]")
        assert result.exit_code in {0, 1}
        assert "[/x]" in result.stdout

    def test_a_lone_surrogate_is_written_as_an_escape(self, tmp_path: Path) -> None:
        """A lone surrogate from a JSON escape reaches the output as valid JSON."""
        claim = json.loads(CLAIM.read_text("utf-8"))
        claim["patient_control_number"] = "\ud800"
        path = tmp_path / "c.json"
        path.write_text(json.dumps(claim), "utf-8")
        result = run("claims", "check", str(path), "--format", "json", *ON)
        assert result.exit_code == 0
        assert json.loads(result.stdout)["claims"][0]["claim"] == "\ud800"


class TestArgumentsOutOfRange:
    def test_slots_from_the_last_day_is_bad_input(self) -> None:
        """slots --from 9999-12-31: exit 2 with a usage message, not an OverflowError."""
        result = run("slots", str(PRACTICE), "--type", "FU", "--from", "9999-12-31")
        assert result.exit_code == 2
        assert "--from" in result.output

    def test_a_horizon_of_three_million_days_is_bad_input(self) -> None:
        """credentials alerts --horizon 3000000: exit 2, not an OverflowError."""
        result = run(
            "credentials", "alerts", str(ROSTER), "--on", "2026-03-01", "--horizon", "3000000"
        )
        assert result.exit_code == 2
        assert "--horizon" in result.output

    def test_a_horizon_past_the_last_day_is_bad_input(self) -> None:
        """A horizon within range that runs past year 9999 ends in one error line."""
        args = ["credentials", "alerts", str(ROSTER), "--on", "9999-12-01", "--horizon", "300"]
        assert "out of range" in error_line(run(*args))


class TestDevicesAndPipes:
    def test_dev_zero_is_refused_without_reading_it_all(self) -> None:
        """claims check /dev/zero ends at once with one line (it is neither JSON nor X12)."""
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero on this system")
        assert "/dev/zero" in error_line(run("claims", "check", "/dev/zero", *ON))

    def test_an_endless_json_file_is_cut_at_the_size_limit(self) -> None:
        """read_input stops one byte past the limit."""
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero on this system")
        with pytest.raises(UnreadableInput, match="larger than"):
            read_input("/dev/zero", limits=InputLimits(max_bytes=1 << 20))

    @pytest.mark.parametrize("data", [CLAIM.read_bytes(), generate_837p(2, seed=4)])
    def test_a_named_pipe_is_read_once(self, tmp_path: Path, data: bytes) -> None:
        """A FIFO argument is sniffed and read through the same open: no hang, same answer."""
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes on this system")
        fifo = tmp_path / "claims.pipe"
        os.mkfifo(fifo)

        def feed() -> None:
            with fifo.open("wb") as pipe:
                pipe.write(data)

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        result = run("claims", "check", str(fifo), "--format", "json", *ON)
        writer.join(timeout=10)
        assert result.exit_code in {0, 1}, result.output
        assert json.loads(result.stdout)["summary"]["claims"] >= 1


class TestStrictX12:
    @pytest.fixture(autouse=True)
    def _pyx12(self) -> None:
        pytest.importorskip("pyx12")

    @pytest.mark.parametrize("version", [b"005010X222", b"005010X224A2", b"005010X279"])
    def test_a_version_pyx12_has_no_map_for_is_one_finding(self, version: bytes) -> None:
        """GS08 that pyx12 cannot map: one X12-TR3 finding, not EngineError."""
        data = generate_837p(1, seed=3).replace(b"*X*005010X222A1~", b"*X*" + version + b"~", 1)
        found = check_tr3(data).findings
        assert [str(f.rule) for f in found] == ["X12-TR3"]

    def test_a_missing_gs_is_one_finding(self) -> None:
        """No GS segment: one finding, not IndexError."""
        data = generate_837p(1, seed=3)
        start = data.index(b"GS*")
        data = data[:start] + data[data.index(b"~", start) + 1 :]
        assert len(check_tr3(data).findings) == 1

    def test_a_byte_order_mark_is_not_passed_to_pyx12(self) -> None:
        """A BOM and blank line before the ISA change nothing in pyx12's answer."""
        data = generate_837p(1, seed=3)
        assert check_tr3(b"\xef\xbb\xbf\n" + data) == check_tr3(data)


class TestClaimsAsBillersReadThem:
    def test_the_summary_counts_claims_only(self, tmp_path: Path) -> None:
        """A one-claim file with an envelope finding is 1 claim, plus a file entry."""
        broken = generate_837p(1, seed=5).replace(b"IEA*1*", b"IEA*2*")
        result = run("claims", "check", x12(broken, tmp_path), "--format", "json", *ON)
        summary = json.loads(result.stdout)["summary"]
        assert (summary["claims"], summary["files"]) == (1, 1)

    @pytest.mark.parametrize(
        ("data", "says"),
        [
            (generate_837p(1, seed=1).decode("latin-1").encode("utf-16"), "UTF-16"),
            (b"Subject: claims\n\n" + generate_837p(1, seed=1), "before the ISA"),
        ],
    )
    def test_a_file_that_is_not_x12_gets_the_readers_message(
        self, tmp_path: Path, data: bytes, says: str
    ) -> None:
        """UTF-16, or text before the ISA: the reader's own message, not 'not valid JSON'."""
        line = error_line(run("claims", "check", x12(data, tmp_path), *ON))
        assert says in line
        assert "JSON" not in line

    @pytest.mark.parametrize("data", [b"", b"  \r\n\t ", b"\xef\xbb\xbf"])
    def test_an_empty_file_says_it_is_empty(self, tmp_path: Path, data: bytes) -> None:
        """Nothing (or only blanks) in the file: exit 2 saying so, not 'does not start with ISA'."""
        result = run("claims", "check", x12(data, tmp_path), *ON)
        assert result.exit_code == 2
        line = error_line(result)
        assert line.endswith("batch.txt: the input is empty")

    def test_an_empty_json_document_says_it_is_empty(self) -> None:
        with pytest.raises(UnreadableInput, match=r"x\.json: the file is empty"):
            parse_json("  \n", source="x.json")

    @pytest.mark.parametrize(
        ("st", "gs08"),
        [
            (b"ST*835*0001*005010X221A1~", b"005010X221A1"),
            (b"ST*837*0001*005010X223A2~", b"005010X223A2"),
            (b"ST*837*0001*005010X224A2~", b"005010X224A2"),
            (b"ST*270*0001*005010X279A1~", b"005010X279A1"),
            (b"ST*837*0001~", b"004010X098A1"),
        ],
    )
    def test_other_sets_are_refused_with_one_finding(self, st: bytes, gs08: bytes) -> None:
        """835, 837I, 837D, 270 and 4010 sets: one X12-ENVELOPE finding, no claim scored."""
        data = generate_837p(3, seed=2).replace(b"ST*837*0001*005010X222A1~", st)
        data = data.replace(b"005010X222A1~", gs08 + b"~", 1)
        reading = read_837p_all(data)
        assert reading.claims == ()
        assert [str(f.rule) for f in reading.report.findings] == ["X12-ENVELOPE"]


class TestBoundedFindings:
    def test_segments_outside_any_set_are_capped_with_a_count(self) -> None:
        """Ten thousand stray segments: N listed, then one X12-LIMIT finding counts the rest."""
        data = generate_837p(1, seed=3).replace(b"GE*1*1~", b"REF*EI*1~" * 10_000 + b"GE*1*1~")
        found = [
            i for i in read_837p(data, limits=X12Limits(max_findings=50)) if isinstance(i, Finding)
        ]
        assert len(found) == 51
        assert str(found[-1].rule) == "X12-LIMIT"
        assert int(found[-1].value or 0) >= 9_950

    def test_an_unterminated_segment_is_dropped_past_the_limit(self) -> None:
        """A segment that never ends: one X12-LIMIT finding, not a buffer the size of the file."""
        data = generate_837p(1, seed=3) + b"NTE*" + b"A" * (3 << 20)
        found = read_837p_all(data).report.findings
        assert "X12-LIMIT" in {str(f.rule) for f in found}


class TestOneErrorLine:
    @pytest.mark.parametrize(
        ("command", "name", "text"),
        [
            (["credentials", "status", "{}", "--on", "2026-03-01"], "roster.json", '{"staff": 7}'),
            (["budget", "variance", "{}"], "budget.json", "[]"),
            (["slots", "{}", "--type", "FU", "--from", "2026-03-09"], "practice.toml", "x = 1"),
            (["claims", "check", str(CLAIM), "--profile", "{}", *ON], "p.toml", "[rules.NOPE]"),
        ],
    )
    def test_a_layout_problem_names_the_file(
        self, tmp_path: Path, command: list[str], name: str, text: str
    ) -> None:
        """Valid JSON or TOML of the wrong shape: one line naming the file and the problem."""
        path, line = error_on_file(tmp_path / name, text, command)
        assert line.startswith(f"medoffice: error: {path}: ")


class TestFoundByTheFuzzHarness:
    def test_a_time_zone_name_too_long_for_a_path_is_bad_input(self, tmp_path: Path) -> None:
        """ZoneInfo raises OSError for a name longer than a file name: one error line, exit 2."""
        text = PRACTICE.read_text("utf-8").replace(
            'zone = "America/New_York"', 'zone = "America/' + "[" * 300 + 'New_York"', 1
        )
        path = tmp_path / "practice.toml"
        path.write_text(text, encoding="utf-8")
        line = error_line(run("slots", str(path), "--type", "FU", "--from", "2026-03-09"))
        assert "time zone" in line
