"""Smaller pages: the built HTML without the indentation and blank lines its templates leave.

Material's templates indent every line and leave many blank ones: about a seventh of a topic
page's bytes. A line break with the blank space around it shows the same as one line break
wherever white space collapses, so that is what is kept. Inside ``<pre>``, ``<textarea>``,
``<script>`` and ``<style>`` nothing is changed.
"""

from __future__ import annotations

import re

_VERBATIM = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_BREAK = re.compile(r"[ \t]*\n[ \t\r\n]*")


def squeeze_html(html: str) -> str:
    """``html`` with each run of blank space that holds a line break made one line break."""
    out: list[str] = []
    at = 0
    for m in _VERBATIM.finditer(html):
        out.append(_BREAK.sub("\n", html[at : m.start()]))
        out.append(m.group(0))
        at = m.end()
    out.append(_BREAK.sub("\n", html[at:]))
    return "".join(out)
