"""How the package writes and reads files: racing threads, planted symlinks, permissions,
special targets and the input size limit (the writer is the Rust crate eblomlada-files)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path
from typing import List

import pytest

import eblomlada as eb


def _documents() -> List[eb.Assessment]:
    kumla = eb.Assessment.from_file(Path(__file__).resolve().parents[2] / "examples" / "kumla-2017.json")
    out = []
    for i in range(6):
        a = kumla.copy()
        a.answer("elderly-01", "fully", comment=f"writer {i} " + "x" * (5000 * i))
        out.append(a)
    return out


def test_threads_writing_one_path_each_leave_a_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    docs = _documents()
    expected = {d.to_json() + "\n" for d in docs}
    errors: List[BaseException] = []
    seen: List[str] = []
    stop = threading.Event()

    def writer(doc: eb.Assessment) -> None:
        try:
            for _ in range(40):
                doc.to_file(path)
        except BaseException as e:  # noqa: BLE001 - every failure counts
            errors.append(e)

    def reader() -> None:
        while not stop.is_set():
            try:
                seen.append(path.read_bytes().decode("utf-8"))
            except FileNotFoundError:
                pass  # before the first rename only

    threads = [threading.Thread(target=writer, args=(d,)) for d in docs]
    watcher = threading.Thread(target=reader)
    watcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    watcher.join()
    assert errors == []
    assert seen, "the reader read something"
    torn = [s for s in seen if s not in expected]
    assert torn == [], f"{len(torn)} of {len(seen)} reads saw no whole document"
    assert path.read_bytes().decode("utf-8") in expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.json"]


def test_threads_writing_csv_to_one_path(tmp_path: Path) -> None:
    path = tmp_path / "shared.csv"
    docs = _documents()
    expected = {eb.to_csv(d) for d in docs}
    errors: List[BaseException] = []

    def writer(doc: eb.Assessment) -> None:
        try:
            for _ in range(20):
                eb.to_csv(doc, path)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert path.read_bytes().decode("utf-8") in expected


@pytest.mark.skipif(os.name != "posix", reason="symlinks and modes")
def test_a_planted_symlink_is_not_followed_and_permissions_are_kept(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    for pid in range(os.getpid() - 50, os.getpid() + 50):
        (tmp_path / f".out.json.{pid}.tmp").symlink_to(victim)
    out = tmp_path / "out.json"
    out.write_text("old")
    out.chmod(0o600)
    _documents()[0].to_file(out)
    assert victim.read_text() == "precious"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").startswith("{")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_is_written_through_and_a_folder_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got: List[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    eb.to_csv(_documents()[0], fifo)
    reader.join()
    assert got[0].startswith("catalogue,municipality,")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    with pytest.raises(IsADirectoryError) as info:
        _documents()[0].to_file(tmp_path)
    assert "is a folder" in str(info.value)


def test_input_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "kumla.json"
    _documents()[0].to_file(path)
    size = path.stat().st_size
    previous = eb.set_max_input_bytes(size - 1)
    try:
        with pytest.raises(OSError) as info:
            eb.Assessment.from_file(path)
        assert info.value.errno == 27
        assert f"larger than the limit of {size - 1} bytes" in str(info.value)
        assert "set_max_input_bytes" in str(info.value)
        eb.set_max_input_bytes(size)
        assert eb.Assessment.from_file(path).municipality == "1881"
    finally:
        eb.set_max_input_bytes(previous)
    assert previous == 64 * 1024 * 1024


def test_one_assessment_shared_by_threads_changes_and_draws_without_errors(tmp_path: Path) -> None:
    """Each call is whole: it takes what it needs before it lets go of the GIL, so threads that
    change, draw and write one Assessment never meet a half-made change or an 'Already borrowed'."""
    a = _documents()[0]
    ids = [ind.id for ind in a.catalogue][:40]
    errors: List[BaseException] = []

    def changer() -> None:
        try:
            for i in range(200):
                a.answer(ids[i % len(ids)], ["fully", "partly", "not_met"][i % 3], comment=f"c{i}")
                a.set_extra("round", i)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    def reader(n: int) -> None:
        try:
            for _ in range(20):
                assert a.flowerbox().startswith("<svg")
                a.to_file(tmp_path / f"r{n}.json")
                eb.to_xlsx(a, tmp_path / f"r{n}.xlsx")
                eb.Assessment.from_file(tmp_path / f"r{n}.json")
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=changer)] + [threading.Thread(target=reader, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_python_code_run_during_a_change_may_use_the_same_assessment() -> None:
    a = eb.Assessment("eblomladan-2016", "1881", 2017)

    class Uses(list):  # type: ignore[type-arg]
        def __iter__(self):  # type: ignore[no-untyped-def]
            a.answer("lead-01", "fully")
            return iter([1])

    a.set_extra("x", Uses([1]))
    assert a.extra["x"] == [1] and a["lead-01"] == "fully"


def test_plan_limit_can_be_raised_or_lowered() -> None:
    a = _documents()[0]
    assert eb.plan(a).steps
    with pytest.raises(eb.AnalysisError) as info:
        eb.plan(a, max_entries=10)
    assert "more than the limit of 10" in str(info.value)
