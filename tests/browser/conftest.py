"""Fixtures the browser tests share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ._sitewalk import ServedSite, serve_site


@pytest.fixture(scope="module")
def site(built_site: Path) -> Iterator[ServedSite]:
    """The bundled site served under its site_url path, once per test module."""
    served, stop = serve_site(built_site)
    yield served
    stop()
