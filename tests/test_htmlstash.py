"""Pre-rendered HTML skips Python-Markdown, and the page comes out the same."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.utils.meta import get_data

from generator.htmlstash import StashError, restore_html, stash_html
from generator.loading import load_content
from generator.rendering import Renderer
from generator.settings import SiteConfig

ROOT = Path(__file__).resolve().parent.parent


def _extensions() -> tuple[list[str], dict[str, dict]]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            (name, opts), = ext.items()
            names.append(name)
            options[name] = opts or {}
        else:
            names.append(ext)
    return names, options


def _convert(text: str) -> str:
    names, options = _extensions()
    return markdown.Markdown(extensions=names, extension_configs=options).convert(text)


def _same_html(a: str) -> str:
    # Stashed blocks come back without the blank line Python-Markdown puts between raw blocks.
    return re.sub(r">\s+<", "><", a).strip()


def _pages() -> list[tuple[str, str]]:
    content = load_content(ROOT / "content")
    renderer = Renderer(content, SiteConfig(template_dirs=(ROOT / "overrides",)))
    return [(p.src, get_data(p.markdown)[0]) for p in renderer.pages()]


@pytest.mark.parametrize(("src", "body"), _pages(), ids=lambda v: v if v.endswith(".md") else "")
def test_every_bundled_page_converts_the_same(src: str, body: str) -> None:
    stashed, kept = stash_html(body)
    assert _same_html(restore_html(_convert(stashed), kept)) == _same_html(_convert(body))


def test_topic_pages_are_mostly_stashed() -> None:
    for src, body in _pages():
        if src.startswith("topics/") and not src.endswith("index.md"):
            stashed, kept = stash_html(body)
            assert kept, src
            assert len(stashed) < len(body) / 4, f"{src}: only {len(body) - len(stashed)} of {len(body)} characters stashed"


@pytest.mark.parametrize(
    "body",
    [
        '<div class="grid cards" markdown>\n\n- **a**\n\n</div>\n\n<p>x</p>',  # md_in_html
        "<div>\n<p>a</p>\n\n<p>b</p>\n</div>\n\n<p>c</p>",  # one raw block across a blank line
        "```\n<p>code</p>\n```\n\n<p>x</p>",  # a code fence
        "<p>GCHTML0X</p>",  # text that looks like a placeholder
    ],
)
def test_pages_that_could_change_are_left_alone(body: str) -> None:
    assert stash_html(body) == (body, [])


def test_inline_html_paragraphs_stay_markdown() -> None:
    body = "# Title\n\n<strong>Bold</strong> and *more*\n\n<div>\n<p>block</p>\n</div>"
    stashed, kept = stash_html(body)
    assert kept == ["<div>\n<p>block</p>\n</div>"]
    html = restore_html(_convert(stashed), kept)
    assert "<p><strong>Bold</strong> and <em>more</em></p>" in html
    assert _same_html(html) == _same_html(_convert(body))


def test_a_lost_placeholder_is_an_error() -> None:
    stashed, kept = stash_html("# T\n\n<div>\n<p>a</p>\n</div>\n\n<ul>\n<li>b</li>\n</ul>")
    assert len(kept) == 2
    html = _convert(stashed).replace("GCHTML1X", "")
    with pytest.raises(StashError, match="1 HTML block"):
        restore_html(html, kept)
