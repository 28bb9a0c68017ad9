"""Reproducible builds: the same content, built twice with SOURCE_DATE_EPOCH set, gives
byte-identical output, every file, including sitemap.xml.gz, the search index (Pagefind's) and the
worksheet PDFs. The second build runs from another folder with another hash seed, so
neither the checkout's location nor Python's set and dict ordering can leak in."""

from __future__ import annotations

import difflib
import gzip
import hashlib
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build

pytestmark = pytest.mark.slow

EPOCH = "1767225600"  # the value conftest's built_site uses: 2026-01-01T00:00:00Z


def digests(site: Path) -> dict[str, str]:
    files = sorted(p for p in site.rglob("*") if p.is_file())
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def explain(a: Path, b: Path) -> str:
    """The first lines that differ, readable for text and gzip files."""
    data_a, data_b = a.read_bytes(), b.read_bytes()
    if a.suffix == ".gz":
        inner_a, inner_b = gzip.decompress(data_a), gzip.decompress(data_b)
        if inner_a == inner_b:
            return f"{a.name}: same content, different gzip header ({data_a[:10].hex()} vs {data_b[:10].hex()})"
        data_a, data_b = inner_a, inner_b
    try:
        lines = difflib.unified_diff(data_a.decode().splitlines(), data_b.decode().splitlines(), lineterm="", n=0)
        return "\n".join(list(lines)[:12])
    except UnicodeDecodeError:
        pairs = zip(data_a, data_b, strict=False)
        at = next((i for i, (x, y) in enumerate(pairs) if x != y), min(len(data_a), len(data_b)))
        return f"{a.name}: binary, first difference at byte {at}: {data_a[at:at + 40]!r} vs {data_b[at:at + 40]!r}"


def test_two_builds_of_the_same_content_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "a checkout somewhere else")
    again = tmp_path / "site"
    result = mkdocs_build(project, again, env={"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "4242"})
    assert result.returncode == 0, result.stderr

    first, second = digests(built_site), digests(again)
    assert sorted(first) == sorted(second), f"different files: {sorted(set(first) ^ set(second))}"
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"{len(differ)} of {len(first)} files differ:\n" + "\n\n".join(
        explain(built_site / name, again / name) for name in differ
    )
    # The check covers the files that most often drift.
    for name in ("sitemap.xml", "sitemap.xml.gz", "pagefind/pagefind-entry.json", "index.html", "404.html"):
        assert name in first, f"{name} was not built"
    # The search index (Pagefind): its fragments and index chunks are named by content hashes.
    assert [n for n in first if n.startswith("pagefind/fragment/")] and [n for n in first if n.startswith("pagefind/index/")]
    # The build date is the one given, not today's.
    assert "<lastmod>2026-01-01</lastmod>" in (built_site / "sitemap.xml").read_text()
