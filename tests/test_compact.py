"""Smaller pages (issue 24): built HTML loses its templates' indentation and blank lines, nothing else."""

from __future__ import annotations

from pathlib import Path

from conftest import mkdocs_build

from generator.compact import squeeze_html


def test_blank_lines_and_indentation_go_and_verbatim_blocks_stay() -> None:
    html = (
        "<ul>\n    <li>\n\n      <a href='x'>A  b</a>   \n    </li>\n</ul>\n"
        "<pre><code>  keep\n\n    this\n</code></pre>\n   <textarea>\n  typed\n\n</textarea>\n"
        "<script>\n  var a = `x\n\n  y`;\n</script>\n\t<p>one\n\t\ttwo\xa0 </p>"
    )
    assert squeeze_html(html) == (
        "<ul>\n<li>\n<a href='x'>A  b</a>\n</li>\n</ul>\n"
        "<pre><code>  keep\n\n    this\n</code></pre>\n<textarea>\n  typed\n\n</textarea>\n"
        "<script>\n  var a = `x\n\n  y`;\n</script>\n<p>one\ntwo\xa0 </p>"
    )


def test_built_pages_carry_no_indentation(tmp_path: Path) -> None:
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    page = (tmp_path / "site" / "topics" / "pushing-people-away" / "index.html").read_text(encoding="utf-8")
    assert "\n  <" not in page.split("<pre", 1)[0] and "\n\n" not in page.split("<pre", 1)[0]
    assert "<nav class=\"md-nav md-nav--primary\"" in page  # the page is whole
