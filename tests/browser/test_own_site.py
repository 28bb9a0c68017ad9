"""The accessibility, privacy and keyboard suites again, over a site made the way a new author makes one.

``own_site`` (tests/conftest.py) installs the wheel in a fresh venv, runs ``guidecraft init``
for the US, copies in the bundled topics, quizzes and worksheets, and builds it strictly. It has
no ``overrides/`` of its own and a one-screen mkdocs.yml, so everything these suites check
(banner, notices, 404 page, palette, focus, no other hosts) must come from the package.

Each test function of those modules is collected here a second time; this module's ``site``
and ``built_site`` fixtures replace the bundled site's for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from . import test_accessibility, test_keyboard, test_privacy
from ._sitewalk import ServedSite, serve_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built_site(own_site: tuple[Path, Path]) -> Path:
    return own_site[1]


@pytest.fixture(scope="module")
def site(built_site: Path) -> Iterator[ServedSite]:
    served, stop = serve_site(built_site)
    yield served
    stop()


for _module in (test_accessibility, test_privacy, test_keyboard):
    for _name in dir(_module):
        if _name.startswith("test_") and callable(getattr(_module, _name)):
            globals()[_name] = getattr(_module, _name)
            if _name in {"kb"}:
                continue
# Fixtures those modules define for themselves.
kb = test_keyboard.kb
