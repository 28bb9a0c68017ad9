"""The browser the benchmarks and screenshot scripts drive: Debian's Chromium, never a downloaded one,
launched with the flags that keep it from reaching the network on its own (the project brief's list)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("GUIDECRAFT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
