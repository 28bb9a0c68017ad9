"""Screenshots of each kind of page, for a person to look at (issue 18). Not a test; nothing is committed.

    python bench/screenshots.py OUTDIR                 # builds the bundled site into OUTDIR/site first
    python bench/screenshots.py OUTDIR --site SITEDIR  # an already built site

For the home page, a topic, a quiz (answered, so its result and crisis help show), a worksheet,
the Get help page and the quizzes index, at 390 x 844 and 1280 x 800, in light and dark, it
writes OUTDIR/<page>-<width>-<scheme>.png (the first screen) and ...-full.png (the whole page).
Uses Debian's Chromium (/usr/bin/chromium), never a downloaded one.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "",
    "topic": "topics/pushing-people-away/",
    "quiz": "quizzes/am-i-pushing-people-away/",
    "worksheet": "worksheets/small-steps-to-reconnect/",
    "get-help": "get-help/",
    "quizzes": "quizzes/",
}
SIZES = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 800}}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def answer_quizzes(page: object) -> None:
    """Answer every quiz on the page with the last choice (the most worrying), so crisis help shows."""
    page.evaluate(  # type: ignore[attr-defined]
        """() => {
          for (const quiz of document.querySelectorAll('[data-gc-quiz]')) {
            const names = new Set([...quiz.querySelectorAll('form input[type=radio]')].map(e => e.name));
            for (const n of names) { const r = quiz.querySelectorAll(`input[name="${n}"]`); r[r.length - 1].click(); }
            const b = quiz.querySelector('form button[type=submit]'); if (b) b.click();
          }
        }"""
    )
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    page.evaluate("window.scrollTo(0, 0)")  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--site", type=Path, help="a built site (default: build the bundled site)")
    args = parser.parse_args(argv)
    out: Path = args.outdir
    out.mkdir(parents=True, exist_ok=True)
    site = args.site
    if site is None:
        site = out / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, check=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for size, viewport in SIZES.items():
                context = browser.new_context(viewport=viewport, color_scheme=scheme)
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(base + path)
                    if name == "quiz":
                        answer_quizzes(page)
                    stem = out / f"{name}-{size}-{scheme}"
                    page.screenshot(path=f"{stem}.png")
                    page.screenshot(path=f"{stem}-full.png", full_page=True)
                context.close()
        browser.close()
    server.shutdown()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
