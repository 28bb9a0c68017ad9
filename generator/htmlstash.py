"""Let pre-rendered HTML skip Python-Markdown.

The renderer turns every prose field into HTML with markdown-it before MkDocs sees a page,
so most of a generated page is raw HTML blocks. Python-Markdown would re-read each of them
three times (md_in_html's block parser, MkDocs' anchor scan, the inline processor), which
was about a quarter of a 1,000-topic build. The plugin swaps each self-contained top-level
HTML block for a placeholder before conversion and puts it back afterwards, so
Python-Markdown converts only the page's skeleton (headings with ids, link lists).

A page is left alone (no stashing) when anything could make the swap change its output:
an element with a ``markdown`` attribute (md_in_html), a code fence, or an HTML block
whose tags do not close within the block.
"""

from __future__ import annotations

import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

_TOKEN = "GCHTML{}X"
_STASHED = re.compile(r"<p>GCHTML(\d+)X</p>|GCHTML(\d+)X")
_OPENING = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>/]")
_UNSAFE = re.compile(r"<[a-zA-Z][^>\n]*\smarkdown(?:\s*=|\s|>)|^\s*(?:```|~~~)", re.M)
_BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS)


class StashError(Exception):
    """A stashed block could not be put back (another extension changed its placeholder)."""


def _block_tag(block: str) -> str | None:
    """The tag a chunk opens with, if Python-Markdown would read the chunk as a raw HTML block."""
    m = _OPENING.match(block)
    return m.group(1) if m and m.group(1).lower() in _BLOCK_TAGS else None


def _self_contained(block: str, tag: str) -> bool:
    if not block.rstrip().endswith(f"</{tag}>"):
        return False
    opened = len(re.findall(rf"<{tag}[\s>/]", block))
    return opened == block.count(f"</{tag}>")


def stash_html(markdown: str) -> tuple[str, list[str]]:
    """Placeholders for the page's top-level HTML blocks, and the blocks; no change if unsafe."""
    if "GCHTML" in markdown or _UNSAFE.search(markdown):
        return markdown, []
    blocks = markdown.split("\n\n")
    kept: list[str] = []
    for i, block in enumerate(blocks):
        tag = _block_tag(block)
        if tag is None:
            continue  # Markdown, or a paragraph that starts with an inline tag
        if not _self_contained(block, tag):
            return markdown, []  # an HTML block spans blank lines: let Python-Markdown read it all
        blocks[i] = _TOKEN.format(len(kept))
        kept.append(block)
    return "\n\n".join(blocks), kept


def restore_html(html: str, kept: list[str]) -> str:
    """Put the stashed blocks back into the converted page."""
    if not kept:
        return html
    seen: set[int] = set()

    def put(m: re.Match[str]) -> str:
        index = int(m.group(1) or m.group(2))
        seen.add(index)
        return kept[index]

    out = _STASHED.sub(put, html)
    if len(seen) != len(kept):
        missing = sorted(set(range(len(kept))) - seen)
        raise StashError(f"{len(missing)} HTML block(s) lost in conversion, first: {kept[missing[0]][:80]!r}")
    return out
