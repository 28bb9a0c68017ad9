"""Remake the screenshots in the docs from the bundled site: ``python docs/screenshots.py``.

Builds the bundled site (``mkdocs build --strict``), serves it from 127.0.0.1 under its
``site_url`` path, and photographs a few pages with Debian's Chromium through Playwright, at a
390 px phone and a 1280 px screen. Each picture is reduced to 256 colours, so it stays small
(under 150 KB) in the repository. Run it after a change to the theme or the bundled content.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "pages" / "assets" / "screenshots"
CHROMIUM = os.environ.get("GUIDECRAFT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PREFIX = "guidecraft"
"""The path of the bundled site's site_url, as GitHub Pages serves it."""

SHOTS = (
    # (file name, page under the site, width, height, what to do first)
    ("home-1280.png", "", 1280, 800, None),
    ("home-390.png", "", 390, 780, None),
    ("topic-390.png", "topics/pushing-people-away/", 390, 780, None),
    ("topic-1280.png", "topics/pushing-people-away/#steps", 1280, 800, None),
    ("quiz-result-390.png", "quizzes/am-i-pushing-people-away/", 390, 780, "answer"),
    ("worksheet-1280.png", "worksheets/small-steps-to-reconnect/", 1280, 800, None),
)
MAX_BYTES = 150_000


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass


def build_site(dest: Path) -> Path:
    """The bundled site, built strictly into ``dest/PREFIX``."""
    site = dest / PREFIX
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    return site


def answer_quiz(page) -> None:  # type: ignore[no-untyped-def]
    """Choose the first answer to every question and show the result."""
    names = page.eval_on_selector_all(
        "form.gc-quiz__form input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        page.locator(f'form.gc-quiz__form input[type=radio][name="{name}"]').first.check(force=True)
    page.locator("form.gc-quiz__form .gc-quiz__submit").click()
    page.wait_for_selector(".gc-result:not([hidden])")
    # Scroll the result's heading to just under the sticky header.
    page.evaluate(
        "() => { const r = document.querySelector('.gc-result:not([hidden])');"
        " window.scrollTo(0, r.getBoundingClientRect().top + window.scrollY - 64); }"
    )
    page.wait_for_timeout(300)


def small_png(raw: bytes) -> bytes:
    from PIL import Image

    image = Image.open(io.BytesIO(raw)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_site(root)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name, path, width, height, action in SHOTS:
                    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme="light")
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
                    page.goto(base + path, wait_until="networkidle")
                    if action == "answer":
                        answer_quiz(page)
                    data = small_png(page.screenshot())
                    if len(data) > MAX_BYTES:
                        print(f"{name}: {len(data)} bytes, expected at most {MAX_BYTES}", file=sys.stderr)
                        return 1
                    (OUT / name).write_bytes(data)
                    print(f"{OUT.relative_to(ROOT) / name}: {width}x{height}, {len(data) // 1024} KB")
                    page.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
