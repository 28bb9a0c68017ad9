"""Lighthouse on a built guidecraft site, served with gzip as GitHub Pages serves it (issue 18).

    python bench/lighthouse_bench.py                   # builds the bundled site first
    python bench/lighthouse_bench.py --site SITEDIR    # an already built site
    python bench/lighthouse_bench.py --json out.json   # also keep the four scores per page

Lighthouse 12.2.3 (13 needs Node 22) is installed with npm into bench/node_modules (ignored by
git) the first time. It runs as on a phone (mobile form factor, simulated throttling) in
Debian's Chromium (CHROME_PATH=/usr/bin/chromium) on the home page, a topic, a quiz and a
worksheet, and prints performance, accessibility, best practices and SEO for each.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
LIGHTHOUSE = "12.2.3"
CLI = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
PAGES = {
    "home": "",
    "topic": "topics/pushing-people-away/",
    "quiz": "quizzes/am-i-pushing-people-away/",
    "worksheet": "worksheets/small-steps-to-reconnect/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# What GitHub Pages compresses: text, not images or PDFs.
GZIP_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


def install_lighthouse() -> None:
    if CLI.exists():
        return
    print(f"installing lighthouse@{LIGHTHOUSE} into {BENCH / 'node_modules'} ...", flush=True)
    subprocess.run(
        ["npm", "i", "-E", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", f"lighthouse@{LIGHTHOUSE}"],
        cwd=BENCH,
        check=True,
    )


def gzip_handler(site: Path, prefix: str) -> type[http.server.SimpleHTTPRequestHandler]:
    """Serve ``site`` under ``prefix`` (/guidecraft/), gzipping text when the browser accepts it."""
    cache: dict[Path, bytes] = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
            pass

        def translate_path(self, path: str) -> str:
            if path.startswith(prefix):
                path = "/" + path[len(prefix) :]
            return super().translate_path(path)

        def send_head(self):  # type: ignore[no-untyped-def]
            path = Path(self.translate_path(self.path.split("?", 1)[0]))
            if path.is_dir():
                if not self.path.split("?", 1)[0].endswith("/"):
                    return super().send_head()
                path = path / "index.html"
            if not (path.suffix in GZIP_TYPES and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
                return super().send_head()
            body = cache.get(path)
            if body is None:
                body = cache[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages
            self.end_headers()
            import io

            return io.BytesIO(body)

    return Handler


def run_lighthouse(url: str, out: Path) -> dict[str, int]:
    subprocess.run(
        [
            "node",
            str(CLI),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--form-factor=mobile",
            "--throttling-method=simulate",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": CHROME},
        check=True,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    return {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the bundled site)")
    parser.add_argument("--json", type=Path, help="write the scores here too")
    args = parser.parse_args(argv)
    install_lighthouse()
    with tempfile.TemporaryDirectory(prefix="gc-lighthouse-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, check=True)
        prefix = "/guidecraft/"
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), gzip_handler(site.resolve(), prefix))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
        scores = {}
        try:
            for name, path in PAGES.items():
                scores[name] = run_lighthouse(base + path, Path(tmp) / f"{name}.json")
                print(f"{name:<10} " + "  ".join(f"{c} {scores[name][c]:>3}" for c in CATEGORIES), flush=True)
        finally:
            server.shutdown()
    if args.json:
        args.json.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
