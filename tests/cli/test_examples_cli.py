"""``medoffice examples``: the example files shipped in the package, listed and copied."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from click.testing import CliRunner

from medoffice.cli import main
from medoffice.cli._examples import CATALOGUE

ROOT = Path(__file__).parents[2]
SHIPPED = Path(str(files("medoffice").joinpath("examples")))


def _shipped_files() -> dict[str, bytes]:
    return {
        path.relative_to(SHIPPED).as_posix(): path.read_bytes()
        for path in sorted(SHIPPED.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def _copied_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class TestList:
    def test_json_names_every_example_with_what_reads_it(self) -> None:
        result = CliRunner().invoke(main, ["examples", "list", "--format", "json"])
        assert result.exit_code == 0, result.output
        listed = json.loads(result.output)
        assert [entry["name"] for entry in listed] == [example.name for example in CATALOGUE]
        assert all(entry["description"] and entry["command"] for entry in listed)
        by_name = {entry["name"]: entry["command"] for entry in listed}
        assert by_name["scheduling/practice.toml"] == "medoffice slots"

    def test_the_catalogue_is_every_shipped_data_file(self) -> None:
        data = {name for name in _shipped_files() if not name.endswith("README.md")}
        assert data == {example.name for example in CATALOGUE}

    def test_the_table_shows_each_name_whole(self) -> None:
        result = CliRunner().invoke(main, ["examples", "list"])
        assert result.exit_code == 0, result.output
        for example in CATALOGUE:
            assert example.name in result.output

    def test_the_checkout_folder_is_the_shipped_one(self) -> None:
        """One home: the checkout's examples/ is the package's, so the two cannot drift."""
        assert (ROOT / "examples").resolve() == SHIPPED.resolve()


class TestCopy:
    def test_writes_every_file_as_shipped(self, tmp_path: Path) -> None:
        target = tmp_path / "new" / "examples"
        result = CliRunner().invoke(main, ["examples", "copy", str(target), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert _copied_files(target) == _shipped_files()
        written = json.loads(result.output)["files"]
        assert len(written) == len(_shipped_files())

    def test_a_copied_example_runs_with_its_command(self, tmp_path: Path) -> None:
        runner = CliRunner()
        assert runner.invoke(main, ["examples", "copy", str(tmp_path)]).exit_code == 0
        result = runner.invoke(
            main,
            [
                "slots",
                str(tmp_path / "scheduling" / "practice.toml"),
                "--type",
                "FU",
                "--from",
                "2026-03-09",
                "--now",
                "2026-03-06T12:00Z",
                "--format",
                "json",
            ],
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)

    def test_refuses_to_overwrite_and_writes_nothing(self, tmp_path: Path) -> None:
        mine = tmp_path / "credentials" / "roster.json"
        mine.parent.mkdir()
        mine.write_text("my own roster")
        result = CliRunner().invoke(main, ["examples", "copy", str(tmp_path)])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1
        assert "roster.json" in result.stderr
        assert "--force" in result.stderr
        assert mine.read_text() == "my own roster"
        assert _copied_files(tmp_path) == {"credentials/roster.json": b"my own roster"}

    def test_force_overwrites(self, tmp_path: Path) -> None:
        mine = tmp_path / "credentials" / "roster.json"
        mine.parent.mkdir()
        mine.write_text("my own roster")
        result = CliRunner().invoke(main, ["examples", "copy", str(tmp_path), "--force"])
        assert result.exit_code == 0, result.output
        assert _copied_files(tmp_path) == _shipped_files()

    def test_a_file_in_the_way_is_exit_two(self, tmp_path: Path) -> None:
        in_the_way = tmp_path / "examples"
        in_the_way.write_text("")
        for extra in ([], ["--force"]):
            result = CliRunner().invoke(main, ["examples", "copy", str(in_the_way), *extra])
            assert result.exit_code == 2
            assert result.stderr.startswith("medoffice: error: ")
            assert "not a folder" in result.stderr
            assert "Traceback" not in result.output

    def test_a_folder_where_a_file_goes_is_exit_two_even_with_force(self, tmp_path: Path) -> None:
        (tmp_path / "budget" / "practice.json").mkdir(parents=True)
        result = CliRunner().invoke(main, ["examples", "copy", str(tmp_path), "--force"])
        assert result.exit_code == 2
        assert "is a folder" in result.stderr
        assert _copied_files(tmp_path) == {}
