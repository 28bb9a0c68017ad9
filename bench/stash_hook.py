"""Experiment (a MkDocs hook, not part of guidecraft): skip Python-Markdown for pre-rendered HTML.

guidecraft renders all prose to HTML with markdown-it before MkDocs sees it, so Python-Markdown
only re-reads that HTML: md_in_html's block parser, MkDocs' anchor scan and the inline processor
walk every tag of it. This hook swaps each blank-line-separated HTML block of a generated page
for a placeholder paragraph before conversion and puts the HTML back afterwards, so Python-Markdown
converts only the page skeleton (headings, link lists). Pages that rely on md_in_html
(``markdown`` attribute: the home page) are left alone.

Used by ``build_bench.py --experiment stash`` to measure what such a change to the plugin would
save; see docs-notes/performance.md.
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN = "GCSTASH{}X"
_PLACEHOLDER = re.compile(r"<p>GCSTASH(\d+)X</p>")
_stash: dict[str, list[str]] = {}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if not page.file.generated_by or re.search(r"<\w+[^>\n]*\smarkdown(=|>|\s)", markdown):
        return markdown
    kept: list[str] = []
    blocks = markdown.split("\n\n")
    for i, block in enumerate(blocks):
        if block.startswith("<") and not block.startswith("<!--"):
            kept.append(block)
            blocks[i] = _TOKEN.format(len(kept) - 1)
    _stash[page.file.src_uri] = kept
    return "\n\n".join(blocks)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    kept = _stash.pop(page.file.src_uri, None)
    if not kept:
        return html
    return _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], html)
