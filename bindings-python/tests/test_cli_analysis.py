"""The analysis functions against the command line on the same files (hypothesis picks the data)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eblomlada as eb

from conftest import Cli, typed_equal

SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def needs(cli: Cli, command: str) -> None:
    """The CLI must have `command`: a renamed or dropped command fails these tests."""
    code, out, _ = cli.run("--help")
    assert any(line.split()[:1] == [command] for line in out.splitlines()), f"the CLI has no `{command}` command"


def write_all(assessments: List[eb.Assessment]) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="eblomlada-analysis-"))
    for i, a in enumerate(assessments):
        a.to_file(folder / f"{i:04d}-{a.municipality}-{a.year}.json")
    return folder


def national(seed: int, unanswered: float) -> List[eb.Assessment]:
    codes = ["0114", "0180", "0181", "1214", "1280", "1880", "1881", "1882", "2480", "2584"]
    return eb.synthetic(seed=seed, years=[2016, 2017], municipalities=codes, unanswered=unanswered)


seeds = st.integers(0, 2**32)
gaps = st.sampled_from([0.0, 0.05, 0.3])


@SETTINGS
@given(seed=seeds, unanswered=gaps, by=st.sampled_from([None, "county", "year"]))
def test_compile_like_the_cli(cli: Cli, seed: int, unanswered: float, by: str) -> None:
    needs(cli, "compile")
    data = national(seed, unanswered)
    folder = write_all(data)
    args = ["compile", str(folder)] + (["--by", by] if by else [])
    code, out, err = cli.run(*args)
    assert code == 0, err
    assert typed_equal(eb.compile(data, by=by).to_dict(), json.loads(out))


def test_compile_with_a_group_map_like_the_cli(cli: Cli) -> None:
    needs(cli, "compile")
    data = national(3, 0.05)
    folder = write_all(data)
    groups = {"0114": "storstad", "0180": "storstad", "1881": "landsbygd", "1880": "pendling"}
    group_file = folder.parent / f"{folder.name}-groups.json"
    group_file.write_text(json.dumps(groups), encoding="utf-8")
    code, out, err = cli.run("compile", str(folder), "--groups", str(group_file))
    assert code == 0, err
    assert typed_equal(eb.compile(data, by=groups).to_dict(), json.loads(out))


@SETTINGS
@given(seed=seeds, unanswered=gaps)
def test_compare_diff_and_plan_like_the_cli(cli: Cli, seed: int, unanswered: float) -> None:
    for command in ("compare", "diff", "plan"):
        needs(cli, command)
    data = national(seed, unanswered)
    folder = write_all(data)
    old, new = [a for a in data if a.municipality == "1881"]
    old_file, new_file = folder.parent / f"{folder.name}-old.json", folder.parent / f"{folder.name}-new.json"
    old.to_file(old_file)
    new.to_file(new_file)
    code, out, err = cli.run("compare", str(new_file), "--against", str(folder), "--by", "county")
    assert code == 0, err
    assert typed_equal(eb.compare(new, eb.compile(data, by="county")).to_dict(), json.loads(out))
    code, out, err = cli.run("diff", str(old_file), str(new_file))
    assert code == 0, err
    assert typed_equal(eb.diff(old, new).to_dict(), json.loads(out))
    code, out, err = cli.run("plan", str(new_file), "--area", "elderly")
    assert code == 0, err
    assert typed_equal(eb.plan(new, area="elderly").to_dict(), json.loads(out))
    code, out, err = cli.run("plan", str(new_file))
    assert code == 0, err
    assert typed_equal(eb.plan(new).to_dict(), json.loads(out))


def test_csv_export_and_synthetic_like_the_cli(cli: Cli, tmp_path: Path) -> None:
    needs(cli, "export")
    needs(cli, "synthetic")
    data = national(9, 0.1)
    files = []
    for i, a in enumerate(data):
        path = tmp_path / f"{i:03d}.json"
        a.to_file(path)
        files.append(str(path))
    code, _, err = cli.run("export", *files, "--csv", str(tmp_path / "cli.csv"))
    assert code == 0, err
    assert (tmp_path / "cli.csv").read_bytes().decode("utf-8") == eb.to_csv(data)
    code, _, err = cli.run("synthetic", "--seed", "5", "--years", "2016,2017", "--csv", str(tmp_path / "syn.csv"))
    assert code == 0, err
    assert eb.read_csv(tmp_path / "syn.csv") == eb.synthetic(seed=5, years=[2016, 2017])
