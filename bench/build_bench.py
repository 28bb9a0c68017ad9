"""Build benchmark: guidecraft against a stock MkDocs + Material build of the same pages.

    python bench/build_bench.py --topics 10,100,1000 [--runs 3] [--jobs 2] [--seed 1] [--keep DIR] [--no-edits]
    python bench/build_bench.py --large 10000 [--large-edits plain|both|none]   # issue 24: guidecraft alone

For each size it writes a synthetic project (bench/synth.py) into a temp folder and
measures, serially and interleaved run by run, as separate processes:

1. generator: load, validate and render (load_content + Renderer.pages/nav/theme_settings
   + assets), no MkDocs, worksheet PDFs off;
2. guidecraft: ``mkdocs build --strict`` with the plugin (worksheet_pdfs: "false");
3. stock: ``mkdocs build --strict`` of ``guidecraft export`` output (the same Markdown,
   nav and theme overrides) with Material's default navigation, i.e. without
   navigation.prune and without the plugin.

Then, per size: the search indexing step again, alone, and in Chromium at a phone size the
first visit to a topic page (gzip bytes of every response) and one search of a word only one
topic holds (issue 15).

Wall time is time.perf_counter() around each process; CPU time and peak memory
(ru_maxrss) come from os.wait4(), i.e. the rusage of that one child. Each figure is
the median of ``--runs`` runs. Worksheet PDFs (WeasyPrint) are timed once per size,
apart, because the stock build has no PDF step.

Then, one size at a time, edit-to-page under ``guidecraft serve`` (bench/serve_bench.py):
the median of ``--runs`` prose edits and title edits, from the save to the page showing it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from serve_bench import edit_to_page  # noqa: E402
from synth import REPO, make_project  # noqa: E402

GENERATOR_STEP = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from generator.loading import load_content
from generator.rendering import Renderer
from generator.settings import SiteConfig
from generator.site import Site
t1 = time.perf_counter()
root = Path(sys.argv[1])
content = load_content(root / "content", relative_to=root)
t2 = time.perf_counter()
site = Site(SiteConfig(content_dir=root / "content", project_dir=root, language="en", site_name="bench",
                       template_dirs=(root / "overrides",), worksheet_pdfs=False))
site.content = content  # loaded above, timed on its own
pages = site.pages
site.nav
site.theme_settings
site.assets
t3 = time.perf_counter()
out = {"imports": t1 - t0, "load": t2 - t1, "render": t3 - t2, "pages": len(pages)}
if len(sys.argv) > 2:  # worksheet PDFs, timed apart on a sample: WeasyPrint takes seconds each
    from generator.pdf import worksheet_pdf
    renderer = Renderer(content, SiteConfig(
        content_dir=root / "content", project_dir=root, language="en", site_name="bench",
        template_dirs=(root / "overrides",), worksheet_pdfs=True,
    ))
    slugs = sorted(content.worksheets)
    t4 = time.perf_counter()
    worksheet_pdf(renderer, slugs[0])  # the first pays for importing WeasyPrint and loading fonts
    t5 = time.perf_counter()
    sample = slugs[1:int(sys.argv[2]) + 1]
    for slug in sample:
        worksheet_pdf(renderer, slug)
    each = (time.perf_counter() - t5) / len(sample) if sample else t5 - t4
    out |= {"pdf_first": t5 - t4, "pdf_each": each, "pdfs": len(slugs), "pdf_sample": len(sample) + 1}
print(json.dumps(out))
"""

PDF_SAMPLE = 3  # worksheets timed after the first, per size

# Cold builds: no lint results kept from an earlier run (see generator.readability.ReadingAgeCache).
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "GUIDECRAFT_NO_CACHE": "1"}


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    stdout: str


def run(cmd: list[str], cwd: Path) -> Run:
    """Run one process; its own wall time, CPU time and peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise RuntimeError(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.read().decode()[-3000:]}")
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read().decode())


def own_peak_mb() -> float:
    """This process's own peak memory: the floor Linux puts under its children's figures.

    ``getrusage(RUSAGE_SELF)`` would not do: it too includes the peak of whatever process
    started this one (pytest, say). ``VmHWM`` is the peak of this address space alone.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:  # not Linux: the rusage figure is the best there is
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)) / 1024


def median(runs: list[Run], attr: str) -> float:
    return statistics.median(getattr(r, attr) for r in runs)


# --------------------------------------------------------------------------- sizes


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.css.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"] or "")


def page_weight(site: Path, page: str) -> dict[str, int]:
    """Gzip bytes of a page's HTML and the local CSS and JS files it loads."""
    html_path = site / page
    html = html_path.read_bytes()
    refs = _Refs()
    refs.feed(html.decode())
    out = {"html": gz(html), "css": 0, "js": 0}
    for kind, urls in (("css", refs.css), ("js", refs.js)):
        for url in urls:
            if re.match(r"^[a-z]+:|^//", url):
                continue  # nothing external is loaded (font: false); skip if a theme adds some
            target = (html_path.parent / url.split("?")[0].split("#")[0]).resolve()
            out[kind] += gz(target.read_bytes())
    out["total"] = out["html"] + out["css"] + out["js"]
    return out


def search_index(site: Path) -> tuple[int, int]:
    """Material's whole-site index (bytes, gzip bytes), or Pagefind's folder (bytes on disk, as served)."""
    material = site / "search" / "search_index.json"
    if material.exists():
        data = material.read_bytes()
        return len(data), gz(data)
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), sum(served_bytes(p) for p in files)


# Pagefind writes its index, fragments and WebAssembly already gzipped; a server sends them as they are.
PRECOMPRESSED = (".pf_fragment", ".pf_index", ".pf_meta", ".pagefind")


def served_bytes(path: Path) -> int:
    """What a response for this file costs: gzip for text, the file itself if already compressed."""
    data = path.read_bytes()
    return len(data) if path.name.endswith(PRECOMPRESSED) else gz(data)


# --------------------------------------------------------------------------- transfer in a browser

PHONE = {"width": 360, "height": 740}

INDEX_STEP = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from generator.search import index_site
stats = index_site(Path(sys.argv[1]), language="en")
wall = time.perf_counter() - t0
print(json.dumps({"seconds": stats.seconds, "pages": stats.pages, "bytes": stats.bytes, "wall": wall}))
"""


def pagefind_pages(site: Path) -> dict[str, str]:
    """Each page Pagefind indexed (URL without the leading /) and its indexed text."""
    out = {}
    for f in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        frag = json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd") :])
        out[frag["url"].lstrip("/")] = frag["content"]
    return out


def word_in_one_topic(site: Path) -> tuple[str, str] | None:
    """A word that only one topic page's text holds, with no other page holding its stem either."""
    pages = pagefind_pages(site)
    seen: dict[str, set[str]] = {}
    for url, text in pages.items():
        for word in set(re.findall(r"[a-z]{7,}", text.lower())):
            seen.setdefault(word, set()).add(url)
    everything = {url: text.lower() for url, text in pages.items()}
    fallback = None
    tried = 0
    for word in sorted(seen):
        (url,) = seen[word] if len(seen[word]) == 1 else ("",)
        if not url.startswith("topics/"):
            continue
        fallback = fallback or (word, url)
        tried += 1
        if tried > 200:  # each try reads every page's text
            break
        stem = word[: max(4, len(word) - 3)]
        if not any(stem in text for other, text in everything.items() if other != url):
            return word, url
    # At 10,000 topics every made-up word shares its stem with another: one page still holds the word.
    return fallback


def browser_transfer(site: Path, page_path: str, word: str | None) -> dict | None:
    """In Chromium at a phone size: bytes sent for a first visit to ``page_path`` (each response
    counted at its gzip size), then for one search of ``word`` (guidecraft's search box)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    import functools
    import http.server

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    seen: list[str] = []

    def cost(urls: list[str]) -> int:
        total = 0
        for url in dict.fromkeys(urls):
            path = url[len(base) :].split("?")[0].split("#")[0]
            target = site / (path + "index.html" if path == "" or path.endswith("/") else path)
            if target.is_file():
                total += served_bytes(target)
        return total

    out: dict = {}
    try:
        with sync_playwright() as pw:
            # Chromium puts a socket in TMPDIR, and a long path (a pytest temp folder) is too long for one.
            short_tmp = {**os.environ, "TMPDIR": "/tmp"} if Path("/tmp").is_dir() else None
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, env=short_tmp)
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = context.new_page()
            page.on("response", lambda r: seen.append(r.url) if r.url.startswith(base) else None)
            page.goto(base + page_path.removesuffix("index.html"))
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            out["first_visit"] = cost(seen)
            out["first_visit_files"] = len(set(seen))
            if word is not None and page.locator("[data-gc-search]").count():
                before = len(seen)
                page.evaluate("document.getElementById('__search').checked = true")
                page.locator(".gc-search input.md-search__input").focus()
                page.locator(".gc-search input.md-search__input").press_sequentially(word)
                page.wait_for_function(
                    "w => document.getElementById('gc-search-status').textContent.includes(w)", arg=word, timeout=30000
                )
                page.wait_for_load_state("networkidle")
                out["search"] = cost(seen[before:])
                out["search_files"] = len(set(seen[before:]))
                hrefs = page.locator(".gc-search .md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
                out["search_results"] = [h[len(base) :] for h in hrefs]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


# --------------------------------------------------------------------------- one size


def export_baseline(project: Path, dest: Path) -> None:
    """``guidecraft export`` of the project, then Material's default navigation (no prune)."""
    from generator.mkdocs_export import export_site

    export_site(project / "mkdocs.yml", dest)
    config = dest / "mkdocs.yml"
    text, removed = re.subn(r"(?m)^\s*-\s*navigation\.prune\s*\n", "", config.read_text(encoding="utf-8"))
    if removed != 1:
        sys.exit(f"{config}: expected one navigation.prune to remove, found {removed}")
    if re.search(r"(?m)^\s*-\s*guidecraft\b", text):
        sys.exit(f"{config}: the exported config still lists the guidecraft plugin")
    # Stock search is Material's: its plugin, and the theme's search box (not guidecraft's Pagefind one).
    text, plugins = re.subn(r"(?m)^plugins: \[\]\n", "plugins:\n- search\n", text)
    text, box = re.subn(r"(?m)^    search: pagefind\n", "", text)
    if (plugins, box) != (1, 1):
        sys.exit(f"{config}: expected 'plugins: []' and extra.guidecraft 'search: pagefind', found {plugins} and {box}")
    config.write_text(text, encoding="utf-8")


@dataclass
class Job:
    """One timed process: which size, which of the three steps, which run."""

    n: int
    kind: str  # "gen", "gc", "stock" or "pdf"
    index: int
    cmd: list[str]
    cwd: Path
    site: Path | None = None  # build output, deleted before the build starts
    result: Run | None = None
    start: float = 0.0
    end: float = 0.0


def prepare(n: int, seed: int, work: Path) -> dict:
    """Write the synthetic project of size ``n`` and its stock export."""
    base = work / f"n{n}"
    project, export = base / "project", base / "export"
    t = time.perf_counter()
    info = make_project(project, n, seed=seed, worksheet_pdfs="false")
    export_baseline(project, export)
    took = time.perf_counter() - t
    return {
        "n": n,
        "base": base,
        "project": project,
        "export": export,
        "info": info,
        "log": f"N={n}: synthesised {info} and exported in {took:.1f}s",
    }


def plan(sizes: list[dict], runs: int, jobs: int) -> list[Job]:
    """The timed processes, in the order the workers take them.

    With one worker: smallest size first, and the three steps interleaved run by run, so a
    change in the machine's load touches all three alike. With more: longest first (the
    largest size, stock builds before guidecraft builds before generator steps), so the
    slow stock builds of the largest site do not leave one core idle at the end.
    """
    py = sys.executable
    out: list[Job] = []
    for size in sizes:
        n, base, project, export = size["n"], size["base"], size["project"], size["export"]
        for i in range(runs):
            out.append(Job(n, "gen", i, [py, "-c", GENERATOR_STEP, str(project)], project))
            for kind, cfg in (("gc", project / "mkdocs.yml"), ("stock", export / "mkdocs.yml")):
                site = base / f"site-{kind}-{i}"
                build = [py, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(cfg), "-d", str(site)]
                out.append(Job(n, kind, i, build, cfg.parent, site))
        out.append(Job(n, "pdf", 0, [py, "-c", GENERATOR_STEP, str(project), str(PDF_SAMPLE)], project))
    if jobs > 1:
        weight = {"stock": 0, "gc": 1, "gen": 2, "pdf": 3}
        out.sort(key=lambda j: (-j.n, weight[j.kind], j.index))
    return out


def execute(todo: list[Job], jobs: int, log) -> None:
    """Run the jobs on ``jobs`` workers, each one process at a time."""
    origin = time.perf_counter()
    lock = threading.Lock()
    queue = list(reversed(todo))
    failures: list[str] = []

    def worker() -> None:
        while True:
            with lock:
                if not queue or failures:
                    return
                job = queue.pop()
            if job.site is not None:
                shutil.rmtree(job.site, ignore_errors=True)
            job.start = time.perf_counter() - origin
            try:
                job.result = run(job.cmd, job.cwd)
            except RuntimeError as exc:
                with lock:
                    failures.append(str(exc))
                return
            job.end = time.perf_counter() - origin
            log(
                f"  N={job.n} {job.kind} run {job.index + 1}: {job.result.wall:.2f}s "
                f"(at {job.start:.0f}-{job.end:.0f}s)"
            )

    threads = [threading.Thread(target=worker) for _ in range(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise RuntimeError(failures[0])


def overlap(job: Job, todo: list[Job]) -> float:
    """The share of ``job``'s wall time during which another timed process ran."""
    busy = 0.0
    for other in todo:
        if other is not job:
            busy += max(0.0, min(job.end, other.end) - max(job.start, other.start))
    return min(1.0, busy / (job.end - job.start)) if job.end > job.start else 0.0


def summarise(size: dict, todo: list[Job], runs: int) -> dict:
    """The medians and sizes of one site size, from its finished jobs."""
    n, base, info = size["n"], size["base"], size["info"]
    mine = [j for j in todo if j.n == n]
    ordered = sorted(mine, key=lambda j: j.index)
    results = {k: [j.result for j in ordered if j.kind == k] for k in ("gen", "gc", "stock")}
    inproc = [json.loads(r.stdout) for r in results["gen"]]
    pdf = json.loads(next(j for j in mine if j.kind == "pdf").result.stdout)
    gc_site, stock_site = base / "site-gc-0", base / "site-stock-0"
    quiz_page = f"topics/{info['quiz_topic']}/index.html"
    plain_page = f"topics/{info['plain_topic']}/index.html"
    # Search: the indexing step again on the built site, alone on the machine, --runs times;
    # then a first visit and one search in Chromium at a phone size.
    index_procs = [run([sys.executable, "-c", INDEX_STEP, str(gc_site)], base) for _ in range(runs)]
    index_runs = [json.loads(r.stdout) | {"cpu": r.cpu} for r in index_procs]
    word = word_in_one_topic(gc_site)
    search = {
        "index_seconds": statistics.median(r["seconds"] for r in index_runs),
        # CPU of the whole step process, Pagefind (multi-threaded) and interpreter start-up included.
        "index_cpu": statistics.median(r["cpu"] for r in index_runs),
        "index_pages": index_runs[0]["pages"],
        "word": word,
        "gc": browser_transfer(gc_site, plain_page, word[0] if word else None),
        "stock": browser_transfer(stock_site, plain_page, None),
    }
    out = {
        "n": n,
        "info": info,
        "pages": inproc[0]["pages"],
        "runs": {k: [r.__dict__ | {"stdout": None} for r in v] for k, v in results.items()},
        "shared_core": {
            k: statistics.median(overlap(j, todo) for j in mine if j.kind == k) for k in ("gen", "gc", "stock")
        },
        "gen_inproc": statistics.median(x["load"] + x["render"] for x in inproc),
        "gen_load": statistics.median(x["load"] for x in inproc),
        "gen_render": statistics.median(x["render"] for x in inproc),
        "pdf": pdf,
        "site_bytes": {"gc": tree_bytes(gc_site), "stock": tree_bytes(stock_site)},
        "search": {"gc": search_index(gc_site), "stock": search_index(stock_site)},
        "light_search": search,
        "weight": {
            "quiz": {"gc": page_weight(gc_site, quiz_page), "stock": page_weight(stock_site, quiz_page)},
            "plain": {"gc": page_weight(gc_site, plain_page), "stock": page_weight(stock_site, plain_page)},
        },
    }
    for key in results:
        for attr in ("wall", "cpu", "rss_mb"):
            out[f"{key}_{attr}"] = median(results[key], attr)
    for i in range(runs):
        for kind in ("gc", "stock"):
            shutil.rmtree(base / f"site-{kind}-{i}", ignore_errors=True)
    return out


# --------------------------------------------------------------------------- report


def pdf_cell(pdf: dict) -> str:
    if pdf["pdfs"] == 1:
        return f"{pdf['pdf_first']:.1f} s for 1"
    total = pdf["pdf_first"] + pdf["pdf_each"] * (pdf["pdfs"] - 1)
    return f"{pdf['pdf_first']:.1f} s first, then {pdf['pdf_each']:.1f} s each: ≈{total:.0f} s for {pdf['pdfs']}"


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def _kb_or_na(n: int | None) -> str:
    return "n/a" if n is None else kb(n)


def report(rows: list[dict], runs: int, jobs: int, took: float) -> list[str]:
    if jobs == 1:
        how = "one process at a time"
    else:
        shared = ", ".join(
            f"N={r['n']}: " + "/".join(f"{100 * r['shared_core'][k]:.0f}%" for k in ("gen", "gc", "stock"))
            for r in rows
        )
        how = (
            f"{jobs} processes at a time, one per core; share of each process's time with another "
            f"process running (median, generator/guidecraft/stock): {shared}"
        )
    lines = [
        f"Median of {runs} runs; wall s (CPU s) and peak RSS MB per process. Worksheet PDFs off in all three.",
        f"Run {how}. The whole benchmark took {took:.0f} s.",
        "",
        "| topics | pages | generator | generator in-process | guidecraft build | stock MkDocs build "
        "| guidecraft / stock |",
        "|---:|---:|---|---:|---|---|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']} | {r['pages']} "
            f"| {r['gen_wall']:.2f} s ({r['gen_cpu']:.2f}), {r['gen_rss_mb']:.0f} MB "
            f"| {r['gen_inproc']:.2f} s "
            f"| {r['gc_wall']:.2f} s ({r['gc_cpu']:.2f}), {r['gc_rss_mb']:.0f} MB "
            f"| {r['stock_wall']:.2f} s ({r['stock_cpu']:.2f}), {r['stock_rss_mb']:.0f} MB "
            f"| {r['gc_wall'] / r['stock_wall']:.2f}× |"
        )
    lines += [
        "",
        "| topics | site on disk: guidecraft / stock | search index gzip KB: guidecraft / stock "
        "| topic page with quiz, gzip KB (HTML+CSS+JS): guidecraft / stock "
        "| topic page without quiz: guidecraft / stock "
        "| worksheet PDFs (1 run, sampled) |",
        "|---:|---|---|---|---|---|",
    ]
    for r in rows:
        w = r["weight"]

        def fmt(x: dict[str, int]) -> str:
            return f"{kb(x['total'])} ({kb(x['html'])}+{kb(x['css'])}+{kb(x['js'])})"

        lines.append(
            f"| {r['n']} | {r['site_bytes']['gc'] / 1e6:.1f} MB / {r['site_bytes']['stock'] / 1e6:.1f} MB "
            f"| {kb(r['search']['gc'][1])} / {kb(r['search']['stock'][1])} "
            f"| {fmt(w['quiz']['gc'])} / {fmt(w['quiz']['stock'])} "
            f"| {fmt(w['plain']['gc'])} / {fmt(w['plain']['stock'])} "
            f"| {pdf_cell(r['pdf'])} |"
        )
    quiz_js = (REPO / "generator" / "assets" / "quiz.js").read_bytes()
    budget = len(gzip.compress(quiz_js, compresslevel=9, mtime=0))
    lines += [
        "",
        f"quiz runtime (generator/assets/quiz.js): {kb(len(quiz_js))} KB, {kb(gz(quiz_js))} KB gzip; "
        f"{budget} bytes with gzip -9 (budget 4096)",
        "",
    ]
    lines += [
        "Search: first visit to a topic page and one search, in Chromium at 360 px (each response at its "
        "gzip size; Pagefind's files as they are, already compressed); indexing timed alone, median of runs.",
        "",
        "| topics | first visit, gzip KB: guidecraft / stock | one search, KB (files) | word found | "
        "indexing step, wall s (CPU s) | share of the guidecraft build, wall (CPU) |",
        "|---:|---|---|---|---|---:|",
    ]
    for r in rows:
        ls = r["light_search"]
        gc_t, stock_t = ls["gc"] or {}, ls["stock"] or {}
        word, topic = ls["word"] or ("", "")
        found = "no word in one topic only"
        if word:
            results = gc_t.get("search_results", [])
            found = f"{word!r}: " + ("yes, first" if results[:1] == [topic] else f"no ({results[:3]})")
        lines.append(
            f"| {r['n']} | {_kb_or_na(gc_t.get('first_visit'))} / {_kb_or_na(stock_t.get('first_visit'))} "
            f"| {_kb_or_na(gc_t.get('search'))} ({gc_t.get('search_files', 'n/a')}) | {found} "
            f"| {ls['index_seconds']:.2f} s ({ls['index_cpu']:.2f}) "
            f"| {100 * ls['index_seconds'] / r['gc_wall']:.1f}% ({100 * ls['index_cpu'] / r['gc_cpu']:.1f}%) |"
        )
    lines.append("")
    big = rows[-1]
    bs = big["light_search"]
    first = (bs["gc"] or {}).get("first_visit")
    one = (bs["gc"] or {}).get("search")
    lines.append(f"first visit to a topic page at N={big['n']}: {_kb_or_na(first)} KB gzip (target ≤ 100)")
    lines.append(f"one search at N={big['n']}: {_kb_or_na(one)} KB more (target ≤ 150)")
    lines.append(
        f"search indexing at N={big['n']}: {bs['index_seconds']:.2f} s, "
        f"{100 * bs['index_seconds'] / big['gc_wall']:.1f}% of the build (target ≤ 10%)"
    )
    lines.append(f"generator overhead at N={big['n']}: {100 * big['gen_wall'] / big['gc_wall']:.1f}% of the build")
    lines.append(f"build time vs stock MkDocs at N={big['n']}: {big['gc_wall'] / big['stock_wall']:.2f}×")
    if len(rows) > 1:
        lines.append(f"growth N={rows[-2]['n']}→{big['n']}: {big['gc_wall'] / rows[-2]['gc_wall']:.1f}×")
    else:
        lines.append(f"growth N={big['n']}→{big['n']}: 1.0×")
    if all("edit" in r for r in rows):
        targets = next(i for i, line in enumerate(lines) if line.startswith("first visit to a topic page at N="))
        lines[targets:targets] = edit_report(rows)  # the table goes above the target lines, which stay last
        small = rows[0]
        lines.append(
            f"prose edit-to-page growth N={small['n']}→{big['n']}: {big['edit']['prose'] / small['edit']['prose']:.2f}×"
        )
        lines.append(f"title edit-to-page vs cold build at N={big['n']}: {big['edit']['title'] / big['gc_wall']:.2f}×")
        lines.append(
            f"edit-to-page at N={big['n']}: {big['edit']['prose']:.2f} s (prose), {big['edit']['title']:.2f} s (title)"
        )
    return lines


def edit_report(rows: list[dict]) -> list[str]:
    """The edit-to-page table (bench/serve_bench.py)."""
    runs = len(rows[0]["edit"]["runs"]["prose"])
    lines = [
        f"Edit-to-page under guidecraft serve, median of {runs}: from writing the file to the topic page showing "
        "the change (polled every 10 ms; change detection included). Measured one size at a time, nothing else "
        "of the benchmark running.",
        "",
        "| topics | serve start (first build) | prose edit → page | title edit → page | title edit / cold build "
        "| pages rebuilt (prose; title) |",
        "|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        e = r["edit"]
        done = e["rebuilt"]
        prose = next((d for d in done if "rebuilt" in d), "?")
        title = next((d for d in reversed(done) if "rebuilt" in d), "?")
        lines.append(
            f"| {r['n']} | {e['first_build']:.2f} s | {e['prose']:.2f} s | {e['title']:.2f} s "
            f"| {e['title'] / r['gc_wall']:.2f}× | {prose}; {title} |"
        )
    return lines + [""]


# --------------------------------------------------------------------------- sites of 10,000 topics (issue 24)

LARGE_FROM = 100  # the size page growth is measured from
_NAV_LINK = re.compile(r'<a [^>]*class="md-nav__link[^"]*"[^>]*>|<a href="[^"]*"[^>]*class="md-nav__link')


def nav_links(html: str) -> int:
    """Links in a page's nav (Material's md-nav__link), not counting those within the page (its contents)."""
    return sum(1 for m in _NAV_LINK.findall(html) if 'href="#' not in m)


def site_figures(site: Path, topic_slugs: set[str], plain_topic: str) -> dict:
    """Sizes and nav links of every page of a built site."""
    sizes: dict[str, int] = {}
    links: list[int] = []
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel.startswith(("pagefind/", "assets/")):
            continue
        data = page.read_bytes()
        sizes[rel] = len(data)
        links.append(nav_links(data.decode("utf-8", errors="replace")))
    topic_pages = [sizes[f"topics/{s}/index.html"] for s in topic_slugs if f"topics/{s}/index.html" in sizes]
    largest = max(sizes.items(), key=lambda kv: kv[1])
    return {
        "site_bytes": tree_bytes(site),
        "pages": len(sizes),
        "largest": largest,
        "topic_html_median": statistics.median(topic_pages),
        "plain_html": sizes[f"topics/{plain_topic}/index.html"],
        "nav_max": max(links),
        "nav_median": statistics.median(links),
    }


def large_size(n: int, categories: bool, seed: int, work: Path, runs: int, edits: bool, log) -> dict:
    """Build one size with guidecraft alone (no stock build) and measure it."""
    base = work / f"large-{n}-{'categories' if categories else 'plain'}"
    project, site = base / "project", base / "site"
    with multiprocessing.get_context("spawn").Pool(1) as pool:  # see main(): the parent's peak stays small
        info = pool.apply(make_project, (project, n), {"seed": seed, "categories": categories})
    label = f"N={n} {'categories' if categories else 'no categories'}"
    log(f"{label}: synthesised {info}; load average {os.getloadavg()}")
    build = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], project)
    log(f"{label}: built in {build.wall:.1f} s ({build.cpu:.1f} s CPU), peak {build.rss_mb:.0f} MB")
    slugs = {p.stem for p in (project / "content" / "topics").glob("*.yaml")}
    figures = site_figures(site, slugs, info["plain_topic"])
    word = word_in_one_topic(site)
    light = browser_transfer(site, f"topics/{info['plain_topic']}/index.html", word[0] if word else None)
    shutil.rmtree(site, ignore_errors=True)
    edit = edit_to_page(project, info, runs, log) if edits else None
    shutil.rmtree(base, ignore_errors=True)
    row = {
        "n": n,
        "categories": categories,
        "info": info,
        "build": build.__dict__ | {"stdout": None},
        "figures": figures,
        "light": light,
        "word": word,
        "edit": edit,
        "load": os.getloadavg(),
    }
    log(f"{label}: {json.dumps(row, default=str)}")
    return row


def large_report(rows: list[dict]) -> list[str]:
    lines = [
        "Sites built by guidecraft alone (mkdocs build --strict, worksheet PDFs off), one build per size.",
        "Edit-to-page under guidecraft serve, median of the runs: a title edit, then a prose edit saved two",
        "seconds after it; nav links are Material's nav links of each page (its own contents not counted).",
        "",
        "| topics | categories | build, wall s (CPU s) | peak MB | site MB | pages | largest page KB "
        "| topic page HTML KB (median) | nav links per page, max / median | first visit KB gzip "
        "| one search KB | edit → page: prose / title |",
        "|---:|---|---|---:|---:|---:|---|---:|---|---:|---:|---|",
    ]
    for r in rows:
        f, b, light = r["figures"], r["build"], r["light"] or {}
        edit = r["edit"]
        edit_cell = f"{edit['prose']:.2f} s / {edit['title']:.2f} s" if edit else "not measured"
        lines.append(
            f"| {r['n']} | {'yes' if r['categories'] else 'no'} | {b['wall']:.1f} ({b['cpu']:.1f}) "
            f"| {b['rss_mb']:.0f} | {f['site_bytes'] / 1e6:.1f} | {f['pages']} "
            f"| {kb(f['largest'][1])} ({f['largest'][0]}) | {kb(f['topic_html_median'])} "
            f"| {f['nav_max']} / {f['nav_median']:.0f} | {_kb_or_na(light.get('first_visit'))} "
            f"| {_kb_or_na(light.get('search'))} "
            f"| {edit_cell} |"
        )
    lines.append("")
    big = max(r["n"] for r in rows)
    small = min(r["n"] for r in rows)

    def growth(categories: bool) -> str:
        at = {r["n"]: r["figures"]["topic_html_median"] for r in rows if r["categories"] == categories}
        return f"{at[big] / at[small]:.2f}×" if big in at and small in at else "n/a"

    lines.append(f"page HTML growth N={small}→{big}: {growth(False)} (no categories), {growth(True)} (categories)")
    site_mb = max(r["figures"]["site_bytes"] for r in rows if r["n"] == big) / 1e6
    lines.append(f"site size at N={big}: {site_mb:.0f} MB")
    return lines


def large_main(
    n: int,
    *,
    start: int,
    seed: int,
    runs: int,
    edits: str,
    work: Path,
    log,
    variants: tuple[str, ...] = ("plain", "categories"),
) -> list[str]:
    """``--large N``: sizes ``start`` (100) and N, without and with categories, guidecraft alone."""
    rows = []
    for categories in [v == "categories" for v in variants]:
        for size in (start, n):
            measure_edits = edits == "both" or (edits == "plain" and not categories)
            rows.append(large_size(size, categories, seed, work, runs, measure_edits, log))
    return large_report(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--topics", default="10,100,1000", help="comma-separated site sizes, in topics")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported (>= 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="keep the projects and the JSON results in this folder")
    ap.add_argument("--json", type=Path, help="also write every measurement to this JSON file")
    ap.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="timed processes run at once, one per core (default: 2, or 1 on a one-core machine); "
        "1 runs them one after another, interleaved run by run, and takes about 13 minutes at 1,000 topics",
    )
    ap.add_argument("--no-edits", action="store_true", help="skip the edit-to-page measurements (guidecraft serve)")
    ap.add_argument(
        "--large",
        type=int,
        metavar="N",
        help="instead: sites of 100 and N topics (e.g. 10000), without and with categories, built by guidecraft "
        "alone; ends with the page HTML growth and site size lines",
    )
    ap.add_argument(
        "--large-edits",
        choices=("plain", "both", "none"),
        default="plain",
        help="with --large: measure edit-to-page on the sites without categories (default), on all, or on none",
    )
    ap.add_argument("--large-from", type=int, default=LARGE_FROM, help="with --large: the smaller size (default 100)")
    ap.add_argument(
        "--large-variants",
        default="plain,categories",
        help="with --large: which sites, 'plain' (no categories) and/or 'categories' (two runs can split them)",
    )
    args = ap.parse_args(argv)
    if args.runs < 3:
        ap.error("--runs must be at least 3: the benchmark reports medians")
    if not 1 <= args.jobs <= (os.cpu_count() or 1):
        ap.error(f"--jobs must be between 1 and the number of cores ({os.cpu_count()})")
    sizes = sorted({int(s) for s in args.topics.split(",") if s.strip()})

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.perf_counter()
    log(f"load average at the start: {os.getloadavg()}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="guidecraft-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.large:
        try:
            edits = "none" if args.no_edits else args.large_edits
            lines = large_main(
                args.large,
                start=args.large_from,
                seed=args.seed,
                runs=args.runs,
                edits=edits,
                work=work,
                log=log,
                variants=tuple(v for v in args.large_variants.split(",") if v),
            )
        except RuntimeError as exc:
            print(f"build_bench: {exc}", file=sys.stderr)
            return 1
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        log(f"benchmark took {time.perf_counter() - started:.0f}s; load average at the end: {os.getloadavg()}")
        print("\n".join(lines))
        return 0
    try:
        # Synthesising and exporting a 1,000-topic site grows a process to ~170 MB. It happens in a
        # fresh child, because Linux reports a child's peak memory as at least its parent's peak at
        # the moment it was started (exec records the old address space's high-water mark), and
        # the timed processes are started from this one.
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            prepared = pool.starmap(prepare, [(n, args.seed, work) for n in sizes])
        for size in prepared:
            log(size.pop("log"))
        parent_rss = own_peak_mb()
        log(f"this process's peak memory before timing: {parent_rss:.0f} MB")
        todo = plan(prepared, args.runs, args.jobs)
        log(f"{len(todo)} timed processes, {args.jobs} at a time")
        execute(todo, args.jobs, log)
        rows = [summarise(size, todo, args.runs) | {"parent_rss_mb": parent_rss} for size in prepared]
        if not args.no_edits:
            log(f"edit-to-page under guidecraft serve; load average: {os.getloadavg()}")
            for size, row in zip(prepared, rows, strict=True):
                row["edit"] = edit_to_page(size["project"], size["info"], args.runs, log)
    except RuntimeError as exc:
        print(f"build_bench: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    took = time.perf_counter() - started
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
    log(f"benchmark took {took:.0f}s; load average at the end: {os.getloadavg()}")
    print("\n".join(report(rows, args.runs, args.jobs, took)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
