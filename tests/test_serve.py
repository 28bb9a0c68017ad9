"""``guidecraft serve``: random edit sequences, then every served file equals a clean build.

The builder the live-reload server calls (:class:`generator.mkdocs_serve.Preview`) is driven
directly, as the server would after each save: prose, titles, summaries, tags, categories,
related topics, quizzes, worksheets, site.yaml, topics added and deleted, broken YAML and its
fix. After each sequence, once the builder is idle, every file it serves (pages, sitemap,
search index, assets) must be byte for byte the same as a clean build of the same files in
a separate process. One test also runs the real command and its HTTP server.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import copy_project

from generator.mkdocs_serve import Preview

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import make_project  # noqa: E402

EPOCH = "1767225600"  # the same build date for both builds
CLEAN_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config_file, site_dir, url = sys.argv[1:4]
config = load_config(config_file=config_file, site_dir=site_dir)
config.site_url = url
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url=url)
"""


def _clean_build(project: Path, dest: Path, url: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", CLEAN_BUILD, str(project / "mkdocs.yml"), str(dest), url],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _assert_same_site(served: Path, clean: Path, context: str) -> None:
    a, b = _tree(served), _tree(clean)
    assert sorted(a) == sorted(b), f"{context}: files differ: {sorted(set(a) ^ set(b))[:10]}"
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"{context}: {len(differ)} files differ from a clean build, first: {differ[:5]}"


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(data: Any, path: Path) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


class Editor:
    """Random edits an author makes, each leaving valid content (except ``break_file``)."""

    WORDS = ["calm", "steady", "kind", "small", "gentle", "brave", "quiet", "clear", "honest", "warm"]

    def __init__(self, project: Path, rng: random.Random) -> None:
        self.content = project / "content"
        self.rng = rng
        self.broken: dict[Path, str] = {}
        self.added = 0

    def topics(self) -> list[Path]:
        return sorted((self.content / "topics").glob("*.yaml"))

    def word(self) -> str:
        return self.rng.choice(self.WORDS)

    def edit(self) -> str:
        ops = [
            self.prose, self.prose, self.title, self.summary, self.tags, self.category, self.related,
            self.quiz, self.next_step, self.worksheet, self.site_yaml, self.add_topic, self.delete_topic, self.break_file,
        ]  # fmt: skip
        op = self.rng.choice(ops)
        return f"{op.__name__}: {op()}"

    def _topic(self) -> tuple[Path, Any]:
        path = self.rng.choice([p for p in self.topics() if p not in self.broken])
        return path, _load(path)

    def prose(self) -> str:
        path, data = self._topic()
        field = self.rng.choice(["intro", "faq", "helping_others"])
        if field == "intro":
            data["intro"] = f"{data.get('intro') or ''} A {self.word()} word.".strip()
        elif field == "faq" and data.get("faq"):
            data["faq"][0]["answer"] += f" Be {self.word()}."
        elif data.get("helping_others"):
            data["helping_others"]["intro"] = f"Stay {self.word()}. " + (data["helping_others"].get("intro") or "")
        _dump(data, path)
        return f"{path.stem}.{field}"

    def title(self) -> str:
        path, data = self._topic()
        data["title"] = f"{self.word().title()} {data['title'].split(' ', 1)[-1]}"
        _dump(data, path)
        return f"{path.stem}: {data['title']}"

    def summary(self) -> str:
        path, data = self._topic()
        data["summary"] = f"A {self.word()} look at {data['title'].lower()}."
        _dump(data, path)
        return path.stem

    def tags(self) -> str:
        path, data = self._topic()
        data["tags"] = sorted({*data.get("tags", [])[:2], self.word().title()})
        _dump(data, path)
        return f"{path.stem}: {data['tags']}"

    def category(self) -> str:
        path, data = self._topic()
        ids = [c["id"] for c in _load(self.content / "site.yaml")["categories"]]
        data["category"] = self.rng.choice([i for i in ids if i != data.get("category")])
        _dump(data, path)
        return f"{path.stem} -> {data['category']}"

    def related(self) -> str:
        path, data = self._topic()
        others = [p.stem for p in self.topics() if p != path and not p.stem.startswith("extra-")]
        data["related"] = self.rng.sample(others, 2)
        _dump(data, path)
        return f"{path.stem}: {data['related']}"

    def quiz(self) -> str:
        path = self.rng.choice(sorted((self.content / "quizzes").glob("*.yaml")))
        data = _load(path)
        field = self.rng.choice(["title", "intro"])
        data[field] = f"{data[field]} ({self.word()})" if field == "title" else f"{data[field]} Be {self.word()}."
        _dump(data, path)
        return f"{path.stem}.{field}"

    def next_step(self) -> str:
        path = self.rng.choice(sorted((self.content / "quizzes").glob("*.yaml")))
        data = _load(path)
        target = self.rng.choice([p for p in self.topics() if not p.stem.startswith("extra-")]).stem
        data["bands"][self.rng.randrange(len(data["bands"]))]["next_steps"] = [{"topic": target}]
        _dump(data, path)
        return f"{path.stem} -> {target}"

    def worksheet(self) -> str:
        path = self.rng.choice(sorted((self.content / "worksheets").glob("*.yaml")))
        data = _load(path)
        field = self.rng.choice(["title", "purpose"])
        data[field] = f"{data[field]} ({self.word()})" if field == "title" else f"{data[field]} Be {self.word()}."
        _dump(data, path)
        return f"{path.stem}.{field}"

    def site_yaml(self) -> str:
        path = self.content / "site.yaml"
        data = _load(path)
        data["categories"][-1]["title"] = f"{self.word().title()} shelf"
        _dump(data, path)
        return data["categories"][-1]["title"]

    def add_topic(self) -> str:
        source, data = self._topic()
        self.added += 1
        slug = f"extra-{self.rng.randrange(10_000)}-{self.added}"
        data["title"] = f"Extra {self.word()} {self.added}"
        data["quizzes"] = []
        _dump(data, self.content / "topics" / f"{slug}.yaml")
        return slug

    def delete_topic(self) -> str:
        extras = [p for p in self.topics() if p.stem.startswith("extra-") and p not in self.broken]
        if not extras:
            return self.add_topic()
        path = self.rng.choice(extras)
        path.unlink()
        return f"deleted {path.stem}"

    def break_file(self) -> str:
        path, _ = self._topic()
        self.broken[path] = path.read_text(encoding="utf-8")
        path.write_text("title: [unclosed\n" + self.broken[path], encoding="utf-8")
        return f"broke {path.stem}"

    def fix_all(self) -> None:
        for path, text in self.broken.items():
            path.write_text(text, encoding="utf-8")
        self.broken.clear()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 12-topic synthetic site with two categories, one quiz and one worksheet."""
    project = tmp_path_factory.mktemp("serve") / "project"
    make_project(project, 12, seed=5)
    site = project / "content" / "site.yaml"
    data = _load(site)
    data["categories"].append({"id": "second-shelf", "title": "Second shelf", "summary": "More to read."})
    _dump(data, site)
    for path in sorted((project / "content" / "topics").glob("*.yaml"))[8:]:
        topic = _load(path)
        topic["category"] = "second-shelf"
        _dump(topic, path)
    return project


class IndexReader(threading.Thread):
    """Fetches the search index over and over, as a browser's search box does: the entry file,
    then the files it names (the language's metadata and WebAssembly) and the script."""

    def __init__(self, site: Path) -> None:
        super().__init__(daemon=True)
        self.index = site / "pagefind"
        self.reads = 0
        self.misses: list[str] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                entry = json.loads((self.index / "pagefind-entry.json").read_bytes())
                for lang in entry["languages"].values():
                    (self.index / f"pagefind.{lang['hash']}.pf_meta").read_bytes()
                    (self.index / f"wasm.{lang['wasm']}.pagefind").read_bytes()
                (self.index / "pagefind.js").read_bytes()
                self.reads += 1
            except (OSError, ValueError, KeyError) as exc:  # a 404, or half an index
                self.misses.append(repr(exc))
            time.sleep(0.001)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_while_serving_equal_a_clean_build(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = tmp_path / "project"
    shutil.copytree(synthetic, project)
    served = tmp_path / "served"
    served.mkdir()
    preview = Preview(project / "mkdocs.yml", site_dir=served, dev_addr="127.0.0.1:8123")
    preview(preview.load_config())
    assert preview.built is not None
    preview.wait()
    reader = IndexReader(served)  # searches all along: the index is never missing or half written
    reader.start()
    rng = random.Random(seed)
    editor = Editor(project, rng)
    kinds: list[str] = []
    for sequence in range(2):
        done = []
        for _ in range(rng.randint(3, 6)):
            done.append(editor.edit())
            if rng.random() < 0.6:  # else the next edit lands before the server notices (one batch)
                before = _tree(served) if editor.broken else None
                preview()
                preview.wait()
                kinds.append(preview.last)
                if editor.broken:
                    assert preview.last == "error", done
                    assert _tree(served) == before, "a broken file changed the served site"
        editor.fix_all()
        preview()
        preview.wait()
        kinds.append(preview.last)
        assert preview.last != "error", done
        clean = tmp_path / f"clean-{sequence}"
        _clean_build(project, clean, preview.serve_url)
        _assert_same_site(served, clean, f"seed {seed}, sequence {sequence}: {done}")
    reader.done.set()
    reader.join()
    assert reader.misses == [], f"{len(reader.misses)} of {reader.reads + len(reader.misses)}: {reader.misses[:3]}"
    assert reader.reads > 0
    preview.close()
    # The sequences exercised the incremental path, not only full builds.
    assert any("pages rebuilt" in k for k in kinds), kinds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()  # type: ignore[no-any-return]


def test_guidecraft_serve_shows_a_saved_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        mount = urllib.parse.urlsplit(_load(project / "mkdocs.yml")["site_url"]).path
        page = f"http://127.0.0.1:{port}{mount}topics/pushing-people-away/"
        deadline = time.monotonic() + 120
        while True:
            try:
                body = _get(page)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert b"livereload" in body
        topic = project / "content" / "topics" / "pushing-people-away.yaml"
        data = _load(topic)
        data["faq"][0]["answer"] += " Marmalade sandwiches help."
        _dump(data, topic)
        while b"Marmalade sandwiches help." not in _get(page):
            assert time.monotonic() < deadline, "the change never showed"
            time.sleep(0.05)
        topic.write_text("title: [\n" + topic.read_text(encoding="utf-8"), encoding="utf-8")
        while b'role="alert"' not in (body := _get(page)):
            assert time.monotonic() < deadline, "the error never showed"
            time.sleep(0.05)
        assert b"Marmalade sandwiches help." in body, "a broken file must leave the last good page"
        assert b"topics/pushing-people-away.yaml:" in body and b"YAML syntax" in body, "the page shows the problem"
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "pages rebuilt" in output, output[-2000:]
    assert "error" in output and "pushing-people-away.yaml" in output, output[-2000:]
    # A quiet terminal: what the author can act on, not WeasyPrint's steps or MkDocs' progress notes.
    for noise in ("Step ", "Cleaning site directory", "Documentation built in", "Watching paths", "INFO"):
        assert noise not in output, output[-2000:]
    assert f"Serving on http://127.0.0.1:{port}/" in output


def test_a_site_with_an_a_to_z_serves_like_a_clean_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the nav's threshold (issue 24) topics leave the nav for the A to Z; titles that move a
    topic to another letter, or start a new one, still leave the served site equal to a clean build."""
    from generator.navigation import NAV_SECTION_MAX

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = tmp_path / "project"
    make_project(project, NAV_SECTION_MAX + 3, seed=1, categories=False)
    served = tmp_path / "served"
    served.mkdir()
    preview = Preview(project / "mkdocs.yml", site_dir=served, dev_addr="127.0.0.1:8123")
    preview(preview.load_config())
    assert (served / "topics" / "a-z").is_dir()
    topics = sorted((project / "content" / "topics").glob("*.yaml"))
    edits = [
        (topics[0], lambda d: d | {"intro": d["intro"] + " A calm word."}),  # prose: its own page
        (topics[1], lambda d: d | {"title": "Zebra crossings " + d["title"].lower()}),  # a new letter: Z
        (topics[2], lambda d: d | {"title": "Being " + d["title"].lower()}),  # to B, which exists
    ]
    kinds = []
    for path, change in edits:
        _dump(change(_load(path)), path)
        preview()
        kinds.append(preview.last)
        assert preview.last != "error"
    preview.wait()
    clean = tmp_path / "clean"
    _clean_build(project, clean, preview.serve_url)
    _assert_same_site(served, clean, f"A to Z edits: {kinds}")
    assert (served / "topics" / "a-z" / "z" / "index.html").is_file()
    assert "pages rebuilt" in kinds[0], kinds
    preview.close()
