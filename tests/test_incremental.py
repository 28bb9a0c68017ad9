"""The core of incremental rebuilds (generator/incremental.py), checked against full renders.

Every update must give exactly the pages and nav a fresh :class:`Site` gives for the same
files. The fields listed as shown only on the document's own page are each changed in turn,
so a template that starts showing one of them elsewhere fails here.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import ContentError
from generator.incremental import OWN_PAGE_FIELDS, LiveSite
from generator.settings import SiteConfig
from generator.site import Site

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import make_project  # noqa: E402

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("incremental")
    make_project(dest, 12, seed=3)
    return dest


def _config(project: Path) -> SiteConfig:
    return SiteConfig(content_dir=project / "content", project_dir=project, today=TODAY, worksheet_pdfs=False)


def _live(project: Path) -> LiveSite:
    site = Site(_config(project))
    site.pages  # noqa: B018 - loaded and rendered before any file changes, as after a build
    return LiveSite(site)


def _same_as_fresh(live: LiveSite, project: Path) -> None:
    fresh = Site(_config(project))
    assert {p.src: p.markdown for p in live.site.pages} == {p.src: p.markdown for p in fresh.pages}
    assert [p.src for p in live.site.pages] == [p.src for p in fresh.pages]
    assert live.site.nav == fresh.nav


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _dump(data: Any, path: Path) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _mutate(value: Any) -> tuple[Any, bool]:
    """``value`` with its first piece of text (or date) changed."""
    if isinstance(value, str):
        return value + " Quokka.", True
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1), True
    if isinstance(value, list):
        for i, item in enumerate(value):
            new, done = _mutate(item)
            if done:
                return value[:i] + [new] + value[i + 1 :], True
    if isinstance(value, dict):
        for key in value:
            if key in {"worksheet", "topic", "quiz", "category", "kind", "type", "id"}:
                continue
            new, done = _mutate(value[key])
            if done:
                return {**value, key: new}, True
    return value, False


@pytest.mark.parametrize("folder", sorted(OWN_PAGE_FIELDS))
def test_each_own_page_field_changes_only_its_page(project: Path, folder: str) -> None:
    live = _live(project)
    path = sorted((project / "content" / folder).glob("*.yaml"))[0]
    original = path.read_text(encoding="utf-8")
    tried = []
    try:
        for field in sorted(OWN_PAGE_FIELDS[folder]):
            data = _load(path)
            if field not in data:
                continue
            before = {p.src: p.markdown for p in live.site.pages}
            new, done = _mutate(data[field])
            if not done:
                continue
            if field == "next_review":
                new = data["next_review"] + dt.timedelta(days=30)
            _dump({**data, field: new}, path)
            update = live.update([path])
            assert update.full is None
            _same_as_fresh(live, project)
            after = {p.src: p.markdown for p in live.site.pages}
            changed = {src for src in after if after[src] != before[src]}
            assert len(changed) == 1 and update.rendered == 1, (field, changed)
            tried.append(field)
    finally:
        path.write_text(original, encoding="utf-8")
    # The synthetic site fills every section, so nearly every field was tried.
    assert len(tried) >= len(OWN_PAGE_FIELDS[folder]) - 2, tried


@pytest.mark.parametrize("field", ["title", "summary", "tags", "audience", "related", "category"])
def test_shared_fields_reach_every_page_that_shows_them(project: Path, tmp_path: Path, field: str) -> None:
    import shutil

    copy = tmp_path / "p"
    shutil.copytree(project, copy)
    live = _live(copy)
    topics = sorted((copy / "content" / "topics").glob("*.yaml"))
    path = topics[3]
    data = _load(path)
    if field == "related":
        data["related"] = [p.stem for p in topics[5:7]]
    elif field == "category":
        site = _load(copy / "content" / "site.yaml")
        data["category"] = None if data.get("category") else site["categories"][0]["id"]
    elif field == "tags":
        data["tags"] = [*data["tags"][:1], "Brand new tag"]
    else:
        data[field], _ = _mutate(data[field])
    _dump(data, path)
    update = live.update([path])
    assert update.full is None
    _same_as_fresh(live, copy)
    assert len(update.pages) > (0 if field in {"audience", "related"} else 1)


def test_a_broken_file_keeps_the_last_site_and_its_fix_recovers(project: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "p"
    shutil.copytree(project, copy)
    live = _live(copy)
    good = live.site
    path = sorted((copy / "content" / "topics").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text("title: [\n" + text, encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        live.update([path])
    assert any(d.path.endswith(path.name) for d in exc.value.errors)
    assert live.site is good
    path.write_text(text.replace("title: ", "title: Fixed ", 1), encoding="utf-8")
    update = live.update([path])
    assert update.full is None and update.pages
    _same_as_fresh(live, copy)


def test_added_deleted_and_settings_files_ask_for_a_full_rebuild(project: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "p"
    shutil.copytree(project, copy)
    live = _live(copy)
    topics = copy / "content" / "topics"
    new = topics / "brand-new.yaml"
    shutil.copy(sorted(topics.glob("*.yaml"))[0], new)
    assert live.update([new]).full
    assert live.update([copy / "content" / "site.yaml"]).full
    gone = sorted(topics.glob("*.yaml"))[-1]
    gone.unlink()
    assert live.update([gone]).full


def test_a_title_reaches_a_topic_page_through_the_quiz_it_embeds(project: Path, tmp_path: Path) -> None:
    """Two references away: topic A embeds quiz Q, whose next step names topic B by its title."""
    import shutil

    copy = tmp_path / "p"
    shutil.copytree(project, copy)
    topics = sorted((copy / "content" / "topics").glob("*.yaml"))
    quiz_path = sorted((copy / "content" / "quizzes").glob("*.yaml"))[0]
    quiz = _load(quiz_path)
    host = next(p for p in topics if quiz_path.stem in _load(p).get("quizzes", []))
    target = next(
        p
        for p in topics
        if p != host
        and p.stem not in host.read_text(encoding="utf-8")
        and host.stem not in p.read_text(encoding="utf-8")
    )
    quiz["bands"][0]["next_steps"] = [{"topic": target.stem}]
    _dump(quiz, quiz_path)
    live = _live(copy)
    data = _load(target)
    data["title"] = "A title nobody had before"
    _dump(data, target)
    update = live.update([target])
    _same_as_fresh(live, copy)
    assert f"topics/{host.stem}.md" in update.pages
