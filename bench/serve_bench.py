"""Edit-to-page: how long after a save the served page shows the change, under ``guidecraft serve``.

``edit_to_page(project, info, runs)`` starts ``python -m generator.cli serve`` on a free port
(in its own process, as an author runs it), waits for the first build, then ``runs`` times:

- **prose**: adds a unique word to the first FAQ answer of a topic without a quiz, and
- **title**: adds a unique word to the same topic's title (nav, home, category and tags
  pages show it too),

and after each save polls the topic's page (every 10 ms) until the word is in it. The time
counted is from the moment the file is written to the moment the page that shows it arrives.
The server's change detection (MkDocs' polling file watcher, here every 0.25 s, then 0.1 s
for the saves to settle) is part of it, as it is for an author. Edits come as an author makes
them (issue 24): the title edit first, then the prose edit two seconds after the title was
saved (or as soon as the title shows, if that takes longer), and the next run's title two
seconds after that; nobody waits for the search index, which the server writes meanwhile.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
POLL = 0.01
SETTLE = 1.5  # seconds after the first build shows before the first edit
GAP = 2.0  # seconds from one save to the next, as an author saves


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read()  # type: ignore[no-any-return]
    except OSError:
        return None


def _until(url: str, marker: bytes, timeout: float) -> float:
    """Seconds until ``url`` serves a page containing ``marker``."""
    start = time.perf_counter()
    while True:
        body = _get(url)
        if body is not None and marker in body:
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{url} did not show {marker!r} within {timeout:.0f} s")
        time.sleep(POLL)


def _prose(text: str, word: str) -> str:
    head, sep, tail = text.partition("\nfaq:\n")
    if not sep:
        raise RuntimeError("the topic has no faq to edit")
    return head + sep + tail.replace("  answer: ", f"  answer: {word} ", 1)


def _title(text: str, word: str) -> str:
    return re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {m.group(1)} {word}", text, count=1)


def edit_to_page(project: Path, info: dict[str, Any], runs: int, log: Any = print) -> dict[str, Any]:
    """Median (and every) edit-to-page time for prose and title edits, in seconds."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    mount = urlsplit(config.get("site_url") or "/").path.rstrip("/") + "/"
    port = _free_port()
    slug = info["plain_topic"]
    url = f"http://127.0.0.1:{port}{mount}topics/{slug}/"
    topic = project / "content" / "topics" / f"{slug}.yaml"
    original = topic.read_text(encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        cmd = [sys.executable, "-m", "generator.cli", "serve", "-a", f"127.0.0.1:{port}"]
        cmd += ["-f", str(project / "mkdocs.yml")]
        server = subprocess.Popen(
            cmd,
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            while _get(url) is None:
                if server.poll() is not None:
                    out.seek(0)
                    raise RuntimeError(f"guidecraft serve stopped:\n{out.read().decode()[-3000:]}")
                if time.perf_counter() - start > 900:
                    raise RuntimeError("guidecraft serve did not start within 15 minutes")
                time.sleep(0.1)
            first = time.perf_counter() - start
            time.sleep(SETTLE)
            times: dict[str, list[float]] = {"prose": [], "title": []}
            saved = time.perf_counter() - GAP
            for i in range(runs):
                for kind, edit in (("title", _title), ("prose", _prose)):
                    word = f"Zq{kind}{i}x{time.time_ns() % 100_000}"
                    time.sleep(max(0.0, saved + GAP - time.perf_counter()))
                    topic.write_text(edit(topic.read_text(encoding="utf-8"), word), encoding="utf-8")
                    saved = time.perf_counter()
                    times[kind].append(_until(url, word.encode(), timeout=600))
                    log(f"  N={info['topics']} edit-to-page {kind} run {i + 1}: {times[kind][-1]:.2f}s")
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
            topic.write_text(original, encoding="utf-8")
        out.seek(0)
        output = out.read().decode(errors="replace")
    rebuilt = re.findall(r"guidecraft: (\d+ of \d+ pages rebuilt \(\d+ changed\)|full build \([^)]*\)) in", output)
    return {
        "first_build": first,
        "prose": statistics.median(times["prose"]),
        "title": statistics.median(times["title"]),
        "runs": times,
        "rebuilt": rebuilt,
    }
