"""How a new site installs guidecraft: the line for its ``requirements.txt``, and the files that line needs.

guidecraft is not on PyPI yet, so a site's Pages workflow cannot ``pip install guidecraft``. ``init``
puts the guidecraft that made the site into the site's own folder as a wheel
(``vendor/guidecraft-VERSION-py3-none-any.whl``) and names that file in ``requirements.txt``; the
workflow installs it, and its dependencies from PyPI, on any machine that has the site's folder.

The wheel is written again from the *installed* guidecraft, not copied from somewhere: pip keeps
no wheel after installing one, and the file a user installed from may be gone. An installed
wheel is its package folder plus its ``.dist-info`` metadata, so the same files zipped again
are the same wheel, with nothing to download or build. An editable install (``pip install -e .``)
gives the package folder of the checkout. The bytes are the same every time (sorted names, a
fixed date), so running ``init`` twice with one guidecraft gives one file.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

PUBLISHED_ON_PYPI = False
"""Set to True once guidecraft is on PyPI: then ``init`` writes the pinned version and no wheel."""

DIST = "guidecraft"
PACKAGE = "generator"
VENDOR_DIR = "vendor"
WHEEL_TAG = "py3-none-any"
# Written by the installer, not part of the wheel (RECORD is written again below).
_INSTALLER_FILES = frozenset({"INSTALLER", "REQUESTED", "direct_url.json", "RECORD", "WHEEL"})
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: the same bytes on every run


class VendorError(Exception):
    """The installed guidecraft cannot be written out as a wheel."""


@dataclass(frozen=True)
class Requirement:
    """The ``requirements.txt`` line that installs guidecraft with PDFs, and files to write beside it."""

    line: str
    files: dict[str, bytes] = field(default_factory=dict)
    """Paths inside the site's folder, with their bytes (the vendored wheel)."""


def wheel_name(version: str) -> str:
    return f"{DIST}-{version}-{WHEEL_TAG}.whl"


def site_requirement() -> Requirement:
    """What a new site needs to install the guidecraft that is running now."""
    try:
        version = metadata.version(DIST)
    except metadata.PackageNotFoundError:
        raise VendorError(
            f"{DIST} runs here without being installed, so there is nothing to copy into the site; "
            f"expected it installed with pip (python -m pip install .)"
        ) from None
    if PUBLISHED_ON_PYPI:
        return Requirement(f"{DIST}[pdf]=={version}")
    direct = _direct_url()
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict) and str(direct.get("url", "")).startswith("https://"):
        # Installed from a public git address: the workflow can install from there too.
        ref = vcs.get("requested_revision") or vcs.get("commit_id")
        return Requirement(f"{DIST}[pdf] @ git+{direct['url']}@{ref}")
    path = f"{VENDOR_DIR}/{wheel_name(version)}"
    # pip reads a path in requirements.txt from the folder it runs in: the site's, in the workflow too.
    return Requirement(f"./{path}[pdf]", {path: installed_wheel()})


def _direct_url() -> dict[str, object]:
    try:
        text = metadata.distribution(DIST).read_text("direct_url.json")
        data = json.loads(text) if text else {}
    except (metadata.PackageNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def installed_wheel() -> bytes:
    """The installed guidecraft as a wheel file: its package folder and metadata, zipped the same way each time."""
    dist = metadata.distribution(DIST)
    version = dist.version
    info = f"{DIST}-{version}.dist-info"
    entries: dict[str, bytes] = {}
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            entries[f"{PACKAGE}/{path.relative_to(package).as_posix()}"] = path.read_bytes()
    for item in sorted(dist.files or [], key=str):
        parts = item.parts
        if parts and parts[0].endswith(".dist-info") and item.name not in _INSTALLER_FILES:
            entries[f"{info}/{'/'.join(parts[1:])}"] = item.read_binary()
    for name in ("METADATA", "entry_points.txt"):  # an installer that kept no RECORD still keeps these
        text = None if f"{info}/{name}" in entries else dist.read_text(name)
        if text:
            entries[f"{info}/{name}"] = text.encode()
    if f"{info}/METADATA" not in entries:
        raise VendorError(
            f"the installed {DIST} {version} has no METADATA, so it cannot be copied into the site; "
            f"expected an install made by pip: reinstall it with python -m pip install"
        )
    entries[f"{info}/WHEEL"] = (
        f"Wheel-Version: 1.0\nGenerator: {DIST} {version}\nRoot-Is-Purelib: true\nTag: {WHEEL_TAG}\n"
    ).encode()
    record = "".join(f"{name},sha256={_digest(data)},{len(data)}\n" for name, data in entries.items())
    entries[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
        for name, data in entries.items():
            member = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            member.external_attr = 0o644 << 16
            member.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(member, data)
    return out.getvalue()


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


@dataclass(frozen=True)
class Upgrade:
    """What :func:`use_installed` changed in a site's folder."""

    line: str
    written: list[Path]
    removed: list[Path]


_NAMES_GUIDECRAFT = re.compile(r"^\s*(?:\./)?(?:vendor/guidecraft-\S*\.whl|guidecraft\b)", re.I)


def use_installed(site_dir: Path) -> Upgrade:
    """Make the site in ``site_dir`` install the guidecraft that is running now: its wheel in
    ``vendor/`` (older guidecraft wheels there removed) and its line in ``requirements.txt``
    (other lines kept)."""
    needs = site_requirement()
    written = []
    for name, data in needs.files.items():
        path = site_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    removed = []
    vendor = site_dir / VENDOR_DIR
    for old in sorted(vendor.glob(f"{DIST}-*.whl")) if vendor.is_dir() else []:
        if old not in written:
            old.unlink()
            removed.append(old)
    requirements = site_dir / "requirements.txt"
    lines = requirements.read_text(encoding="utf-8").splitlines() if requirements.is_file() else []
    kept = [line for line in lines if not _NAMES_GUIDECRAFT.match(line)]
    first = next((i for i, line in enumerate(lines) if _NAMES_GUIDECRAFT.match(line)), 0)
    kept.insert(min(first, len(kept)), needs.line)
    requirements.write_text("\n".join(kept) + "\n", encoding="utf-8")
    written.append(requirements)
    return Upgrade(needs.line, written, removed)
