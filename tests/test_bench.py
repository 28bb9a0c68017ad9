"""The build benchmark (bench/build_bench.py): its schedule, and one real run at small sizes.

Timings are never asserted here (speed goals live in bench/); what is checked is that the
benchmark measures what it says and prints the lines the README and the issue rely on.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import build_bench  # noqa: E402


def _sizes(tmp_path: Path, ns: list[int]) -> list[dict]:
    return [
        {"n": n, "base": tmp_path / f"n{n}", "project": tmp_path / f"n{n}/project", "export": tmp_path / f"n{n}/export"}
        for n in ns
    ]


def test_one_worker_interleaves_run_by_run_smallest_first(tmp_path: Path) -> None:
    jobs = build_bench.plan(_sizes(tmp_path, [10, 100]), runs=3, jobs=1)
    order = [(j.n, j.kind, j.index) for j in jobs]
    assert order[:6] == [(10, "gen", 0), (10, "gc", 0), (10, "stock", 0), (10, "gen", 1), (10, "gc", 1), (10, "stock", 1)]
    assert order[-1] == (100, "pdf", 0)
    assert len(order) == 2 * (3 * 3 + 1)


def test_two_workers_take_the_longest_jobs_first(tmp_path: Path) -> None:
    jobs = build_bench.plan(_sizes(tmp_path, [10, 100, 1000]), runs=3, jobs=2)
    order = [(j.n, j.kind, j.index) for j in jobs]
    assert order[:3] == [(1000, "stock", 0), (1000, "stock", 1), (1000, "stock", 2)]
    assert order[3:6] == [(1000, "gc", 0), (1000, "gc", 1), (1000, "gc", 2)]
    assert [n for n, _, _ in order] == sorted((n for n, _, _ in order), reverse=True)
    # Every build has an output folder of its own, so parallel builds never share one.
    sites = [j.site for j in jobs if j.site is not None]
    assert len(sites) == len(set(sites)) == 3 * 3 * 2


def test_overlap_is_the_share_of_time_another_process_ran() -> None:
    def job(start: float, end: float) -> build_bench.Job:
        j = build_bench.Job(1, "gc", 0, [], Path("."))
        j.start, j.end = start, end
        return j

    a, b, c = job(0, 10), job(5, 20), job(20, 30)
    assert build_bench.overlap(a, [a, b, c]) == pytest.approx(0.5)
    assert build_bench.overlap(b, [a, b, c]) == pytest.approx(5 / 15)
    assert build_bench.overlap(c, [a, b, c]) == 0.0


def test_a_small_run_reports_the_three_target_lines(tmp_path: Path) -> None:
    out_json = tmp_path / "bench.json"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "build_bench.py"), "--topics", "10,20", "--json", str(out_json)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    assert re.fullmatch(r"first visit to a topic page at N=20: (\d+\.\d|n/a) KB gzip \(target ≤ 100\)", lines[-9])
    assert re.fullmatch(r"one search at N=20: (\d+\.\d|n/a) KB more \(target ≤ 150\)", lines[-8])
    assert re.fullmatch(r"search indexing at N=20: \d+\.\d\d s, \d+\.\d% of the build \(target ≤ 10%\)", lines[-7])
    assert re.fullmatch(r"generator overhead at N=20: \d+\.\d% of the build", lines[-6])
    assert re.fullmatch(r"build time vs stock MkDocs at N=20: \d+\.\d\d×", lines[-5])
    assert re.fullmatch(r"growth N=10→20: \d+\.\d×", lines[-4])
    assert re.fullmatch(r"prose edit-to-page growth N=10→20: \d+\.\d\d×", lines[-3])
    assert re.fullmatch(r"title edit-to-page vs cold build at N=20: \d+\.\d\d×", lines[-2])
    assert re.fullmatch(r"edit-to-page at N=20: \d+\.\d\d s \(prose\), \d+\.\d\d s \(title\)", lines[-1])
    # pages: topics + quizzes + worksheets + site pages (home, help, about, browse more safely, indexes, all topics,
    # categories, tags)
    assert "| 10 | 21 |" in proc.stdout and "| 20 | 33 |" in proc.stdout

    rows = json.loads(out_json.read_text())
    assert [r["n"] for r in rows] == [10, 20]
    for row in rows:  # each edit showed on the page, rebuilding only pages, not the whole site
        assert len(row["edit"]["runs"]["prose"]) == len(row["edit"]["runs"]["title"]) == 3
        assert all(0 < t < 60 for t in row["edit"]["runs"]["prose"] + row["edit"]["runs"]["title"])
        assert [d for d in row["edit"]["rebuilt"] if "full build" in d] == ["full build (first build)"]
        assert any(d.startswith("1 of ") for d in row["edit"]["rebuilt"]), row["edit"]["rebuilt"]
    for row in rows:
        for kind in ("gen", "gc", "stock"):
            assert len(row["runs"][kind]) == 3
            assert all(r["wall"] > 0 and r["cpu"] > 0 for r in row["runs"][kind])
            # Linux reports a child's peak memory as at least its parent's peak when it started;
            # the timed processes' figures are their own only if they exceed the bench process's.
            assert all(r["rss_mb"] > row["parent_rss_mb"] for r in row["runs"][kind]), (kind, row["parent_rss_mb"])
            assert 0.0 <= row["shared_core"][kind] <= 1.0
        # The guidecraft build prunes the nav; the stock one lists every page on every page.
        assert row["weight"]["plain"]["gc"]["html"] <= row["weight"]["plain"]["stock"]["html"]
        assert row["search"]["gc"][0] > 0 and row["search"]["stock"][0] > 0
        # Search: the word only one topic has finds that topic; the stock first visit carries Material's index.
        light = row["light_search"]
        assert light["index_pages"] == row["pages"] and light["index_seconds"] > 0
        word, topic = light["word"]
        if light["gc"] is not None:  # Chromium present
            assert light["gc"]["search_results"][:1] == [topic], (word, light["gc"])
            assert light["gc"]["first_visit"] < light["stock"]["first_visit"]
    # Without --keep, the projects and the built sites (hundreds of MB at 1,000 topics) are removed.
    assert not list(scratch.glob("guidecraft-bench-*"))


def test_a_large_run_reports_page_growth_and_site_size(tmp_path: Path) -> None:
    """``--large``: guidecraft alone, without and with categories; the issue's two closing lines."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "build_bench.py"), "--large", "45", "--large-from", "20",
         "--large-edits", "none"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
        env={**os.environ, "TMPDIR": str(scratch)},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    assert re.fullmatch(r"page HTML growth N=20→45: \d+\.\d\d× \(no categories\), \d+\.\d\d× \(categories\)", lines[-2])
    assert re.fullmatch(r"site size at N=45: \d+ MB", lines[-1])
    rows = [line for line in lines if re.match(r"\| (20|45) \| (no|yes) \|", line)]
    assert len(rows) == 4, proc.stdout
    # Past the grouping threshold (45 topics without categories) no page's nav lists every topic.
    plain45 = next(row for row in rows if row.startswith("| 45 | no |"))
    nav_max = int(plain45.split("|")[9].split("/")[0])
    assert nav_max < 45, plain45
    assert not list(scratch.glob("guidecraft-bench-*"))
