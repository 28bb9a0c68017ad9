"""The smallest valid content, shared by the tests: site settings, a topic, a quiz, and a content folder."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from generator.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent

UNSPOKEN = next(code for code in ("de", "it", "pt", "nl", "pl", "cy", "sv") if code not in LANGUAGES)
"""A real language guidecraft has no catalogs for: tests of a language it does not speak use it, so
adding that language (a folder under generator/messages/) never breaks them."""

SITE = """\
region: GB
crisis_regions:
  - code: GB
    name: United Kingdom
    emergency: "999"
    lines:
      - name: Samaritans
        phone: "116 123"
disclaimer: This is general information, not medical advice.
quiz_disclaimer: This quiz is a way to reflect, not a diagnosis.
"""

TOPIC = """\
title: A topic
summary: One line about it.
audience: Anyone.
last_reviewed: 2026-01-01
next_review: 2027-01-01
authors: [Sam]
reviewers: [Alex]
sources:
  - title: A source
    url: https://example.org
"""

REVIEW_DATES = """\
last_reviewed: 2026-01-01
next_review: 2027-01-01
"""

QUIZ = f"""\
title: A quiz
summary: One line.
intro: Hello.
instructions: Pick one.
{REVIEW_DATES}scale:
  - {{label: "No", value: 0}}
  - {{label: "Yes", value: 1}}
questions:
  - id: one
    text: A question.
bands:
  - {{min: 0, max: 1, title: Any}}
"""

VALID_TOPIC = f"""\
title: A topic
summary: One line.
audience: Anyone.
{REVIEW_DATES}authors: [Someone]
"""
"""A topic with only the fields it must have: no sources or reviewers (the lints warn)."""


def content_folder(root: Path) -> Path:
    """``root`` as a content folder with the bundled site's settings and one valid topic, ``topics/good.yaml``."""
    (root / "topics").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.yaml", root / "site.yaml")
    (root / "topics" / "good.yaml").write_text(VALID_TOPIC, encoding="utf-8")
    return root


def write_content(root: Path, files: Mapping[str, str | bytes] | None = None, *, site: str = SITE) -> Path:
    """``root`` as a content folder: ``site`` as site.yaml, each of ``files`` (``topics/t.yaml``: its text),
    and an empty topics folder."""
    (root / "topics").mkdir(parents=True)
    (root / "site.yaml").write_text(site, encoding="utf-8")
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root
