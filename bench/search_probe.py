"""How big would the search index be if repeated or unsearchable blocks were excluded?

    python bench/search_probe.py SITE_DIR

Reads each built page's article, runs it through Material's own search parser, as
is and with ``data-search-exclude`` added to the blocks named in EXCLUDE, and prints
the index text size (raw and gzip) both ways. It changes no files: it measures a
proposal for the templates (see the Performance section of the README).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

from material.plugins.search.plugin import Parser

# Opening tags (by class) that would get data-search-exclude, and why.
EXCLUDE = {
    "gc-crisis-lines": "crisis lines repeated on every topic (the get-help page keeps them)",
    "gc-disclaimer": "the same disclaimer on every topic",
    "gc-quiz__form": "answer buttons: 'Not at all / Sometimes / ...' on every question",
    "gc-result": "hidden result panels, shown only after answering",
    "gc-quiz__key": "the paper scoring key",
    "gc-worksheet": "worksheet fields (empty tables, lines to write on)",
}
_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S)


def entries(html: str) -> list[dict[str, str]]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [
        {"title": "".join(s.title).strip(), "text": "".join(s.text).strip()}
        for s in parser.data
        if not s.is_excluded()
    ]


def mark(html: str, keep_crisis: bool) -> str:
    def add(m: re.Match[str]) -> str:
        classes = m.group(2).split()
        hit = [c for c in classes if c in EXCLUDE and not (keep_crisis and c == "gc-crisis-lines")]
        return m.group(0)[:-1] + " data-search-exclude>" if hit else m.group(0)

    return re.sub(r'<(\w+)\b[^>]*class="([^"]*)"[^>]*>', add, html)


def main(site: Path) -> None:
    before: list[dict[str, str]] = []
    after: list[dict[str, str]] = []
    for page in sorted(site.rglob("index.html")):
        m = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if not m:
            continue
        html = m.group(1)
        before += entries(html)
        after += entries(mark(html, keep_crisis=page.parent.name == "get-help"))
    for label, docs in (("as built", before), ("with exclusions", after)):
        data = json.dumps({"docs": docs}, ensure_ascii=False).encode()
        packed = len(gzip.compress(data)) / 1024
        print(f"{label:16s} {len(docs):6d} entries {len(data) / 1024:8.0f} KB {packed:7.0f} KB gzip")
    for cls, why in EXCLUDE.items():
        print(f"  .{cls}: {why}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
