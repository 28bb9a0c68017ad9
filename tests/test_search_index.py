"""The search index of the bundled site: real content in, repeated and hidden blocks out.

Search is Pagefind (generator/search.py): it indexes each page's ``data-pagefind-body``
after the build and splits the index into fragments. These tests read the fragments (one
per page: its indexed text and headings) and run real queries through Pagefind's own
``pagefind.js`` in Node (tests/js/pagefind_query.mjs).

Blocks that repeat on every topic (the disclaimer, crisis lines, review dates) or that a
reader never searches for (answer buttons, hidden result panels, the paper scoring key,
worksheet scales and empty rows) carry ``data-search-exclude``, so search skips them. The
get-help and about pages keep the crisis lines and the disclaimer searchable.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build

from generator import load_content
from generator.i18n import Messages
from generator.markup import plain_text

ROOT = Path(__file__).resolve().parent.parent
QUERY = ROOT / "tests" / "js" / "pagefind_query.mjs"
SPANISH = ROOT / "tests" / "fixtures" / "spanish"

pytestmark = pytest.mark.slow


def fragments(site: Path) -> list[dict]:  # type: ignore[type-arg]
    """Every page Pagefind indexed: its URL, text and headings, decoded from the fragment files."""
    out = []
    for f in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(f.read_bytes())
        assert data.startswith(b"pagefind_dcd"), f
        out.append(json.loads(data[len(b"pagefind_dcd") :]))
    return out


def query(site: Path, *words: str) -> dict[str, list[str]]:
    """Run each query through the site's own pagefind.js in Node: the pages found, best first."""
    if shutil.which("node") is None:
        pytest.skip("Node is not installed")
    result = subprocess.run(
        ["node", str(QUERY), str(site), *words], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, list[str]] = json.loads(result.stdout)
    return {q: [url.lstrip("/") for url in urls] for q, urls in found.items()}


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()


@pytest.fixture(scope="module")
def entries(built_site: Path) -> list[dict[str, str]]:
    """One entry per heading section, as Pagefind's sub-results show them: the page's
    text from that heading's word to the next heading's."""
    out = []
    for frag in fragments(built_site):
        page = frag["url"].lstrip("/")
        words = frag["content"].split()
        anchors = sorted((a for a in frag["anchors"] if re.fullmatch(r"h[1-6]", a["element"])), key=lambda a: a["location"])
        for i, anchor in enumerate(anchors):
            end = anchors[i + 1]["location"] if i + 1 < len(anchors) else len(words)
            out.append(
                {
                    "page": page,
                    "location": f"{page}#{anchor['id']}" if anchor.get("id") else page,
                    "text": _plain(" ".join(words[anchor["location"] : end])),
                }
            )
    return out


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, str]:
    """Each page's indexed text, keyed by URL ('' is the home page)."""
    return {frag["url"].lstrip("/"): _plain(frag["meta"].get("title", "") + " \n " + frag["content"]) for frag in fragments(built_site)}


@pytest.fixture(scope="module")
def content():  # type: ignore[no-untyped-def]
    return load_content(ROOT / "content")


def hits(pages: dict[str, str], needle: str) -> list[str]:
    return sorted(url for url, text in pages.items() if needle.casefold() in text.casefold())


def built_text(site: Path, url: str) -> str:
    return _plain((site / url / "index.html").read_text(encoding="utf-8"))


def test_every_page_is_in_the_index(built_site: Path, pages: dict[str, str]) -> None:
    built = {
        p.parent.relative_to(built_site).as_posix() + "/" if p.parent != built_site else ""
        for p in built_site.rglob("index.html")
        if not p.relative_to(built_site).as_posix().startswith(("assets/", "pagefind/"))
    }
    assert built and built == set(pages)
    assert "404.html" not in pages and not [p for p in pages if p.startswith("404")], "the 404 page is in the index"


def test_the_index_is_pagefinds_in_the_sites_language_and_material_builds_none(built_site: Path) -> None:
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]
    assert not (built_site / "search" / "search_index.json").exists(), "Material's whole-site index is still built"
    assert not list((built_site / "pagefind").glob("pagefind-*ui*")), "Pagefind's unused interfaces are shipped"


def test_the_disclaimer_is_searchable_on_the_about_page_only(built_site: Path, pages: dict[str, str], content) -> None:  # type: ignore[no-untyped-def]
    disclaimer = plain_text(content.site.model.disclaimer)
    first = disclaimer.split(". ")[0]
    assert hits(pages, first) == ["about/"]
    for slug in content.topics:
        assert first in built_text(built_site, f"topics/{slug}"), "the disclaimer is still shown on topic pages"


def test_crisis_lines_are_found_on_the_get_help_page_not_on_topics(
    built_site: Path, pages: dict[str, str], content
) -> None:  # type: ignore[no-untyped-def]
    region = content.site.model.crisis_region()
    numbers = [line.phone for line in region.lines if line.phone]
    assert numbers
    for number in numbers:
        assert hits(pages, number) == ["get-help/"], number
        for slug in content.topics:
            assert number in built_text(built_site, f"topics/{slug}"), "crisis lines are still shown on topic pages"
    for line in region.lines:  # "Samaritans: Talk about ... Call: 116 123": words do not run together
        assert f"{line.name}{':' if line.note else ''} " in pages["get-help/"], line.name
    assert hits(pages, "emergency") == ["get-help/"]
    assert not hits(pages, Messages("en")("crisis_banner_emergency", number=region.emergency))
    assert not hits(pages, Messages("en").seek_help_urgent_lead)


def test_topic_prose_and_sections_are_indexed(pages: dict[str, str], content) -> None:  # type: ignore[no-untyped-def]
    t = Messages("en")
    for slug, doc in content.topics.items():
        topic = doc.model
        text = pages[f"topics/{slug}/"]
        expected = [topic.title, topic.audience, plain_text(topic.intro), t.steps, t.seek_help]
        expected += [step.title for step in topic.steps.items] if topic.steps else []
        expected += [plain_text(step.body) for step in topic.steps.items] if topic.steps else []
        expected += [sign for sign in topic.seek_help.urgent] if topic.seek_help else []
        expected += [item.question for item in topic.faq]
        expected += list(topic.tags)
        for piece in expected:
            assert piece and piece in text, f"topics/{slug}: {piece!r} is not in the search index"
        assert t.last_reviewed not in text and topic.authors[0] not in text


def test_quizzes_index_title_intro_and_questions_but_not_answers_or_the_key(
    entries: list[dict[str, str]],
    pages: dict[str, str],
    content,  # type: ignore[no-untyped-def]
) -> None:
    t = Messages("en")
    for slug, doc in content.quizzes.items():
        quiz = doc.model
        searchable = [quiz.title, plain_text(quiz.intro), plain_text(quiz.instructions)]
        searchable += [q.text for q in quiz.questions]
        labels = {p.label for q in quiz.questions for p in quiz.scale_for(q)}
        # The quiz's own page, and its section on the topic page that embeds it.
        where = {"quiz page": pages[f"quizzes/{slug}/"]}
        if quiz.topic:
            section = [e for e in entries if e["location"] == f"topics/{quiz.topic}/#gcq-{slug}--title"]
            assert len(section) == 1, f"no search entry for the quiz on topics/{quiz.topic}/"
            where["topic page"] = section[0]["text"]
        for name, text in where.items():
            rest = text
            for piece in searchable:
                assert piece in rest, f"{slug} ({name}): {piece!r} is not in the search index"
                rest = rest.replace(piece, " ")
            for label in labels:
                assert label.casefold() not in rest.casefold(), f"{slug} ({name}): answer {label!r} is in the index"
    for message in (
        t.quiz_scoring_key,
        t.quiz_key_how,
        t.quiz_result_heading,
        t.quiz_unanswered,
        t.quiz_privacy,
        t.quiz_not_for_others,
        t.quiz_key_points,
    ):
        assert not hits(pages, message), message
    assert not hits(pages, plain_text(content.site.model.quiz_disclaimer))
    assert not [e["location"] for e in entries if "--result" in e["location"]], "hidden result panels have entries"


def test_worksheets_index_titles_and_prompts_but_not_empty_fields(pages: dict[str, str], content) -> None:  # type: ignore[no-untyped-def]
    t = Messages("en")
    for slug, doc in content.worksheets.items():
        ws = doc.model
        text = pages[f"worksheets/{slug}/"]
        expected = [ws.title, plain_text(ws.purpose), plain_text(ws.instructions)]
        for block in ws.blocks:
            expected += [getattr(block, "text", None) or block.title]  # type: ignore[union-attr]
            expected += list(getattr(block, "items", [])) + list(getattr(block, "columns", []))
            expected += list(getattr(block, "examples", []))
        for piece in expected:
            assert piece and piece in text, f"worksheets/{slug}: {piece!r} is not in the search index"
        assert not re.search(r"\b1 2 3 4 5 6 7 8 9\b", text), f"worksheets/{slug}: a 0-10 scale is in the index"
    for message in (t.worksheet_privacy, t.worksheet_plan_what, t.worksheet_plan_by_when, t.worksheet_download_pdf):
        assert not hits(pages, message), message


def test_tags_page_indexes_tag_names_not_the_topic_lists(entries: list[dict[str, str]], content) -> None:  # type: ignore[no-untyped-def]
    sections = {e["location"]: e["text"] for e in entries if e["page"] == "tags/" and "#" in e["location"]}
    sections.pop("tags/#topics-by-tag")  # the page's own title and intro
    tags = {tag for doc in content.topics.values() for tag in doc.model.tags}
    assert sorted(s.rstrip(".") for s in sections.values()) == sorted(tags)  # each section: its tag, no text
    titles = {doc.model.title for doc in content.topics.values()}
    assert not [t for t in titles if any(t in text for text in sections.values())]


# --------------------------------------------------------------------------- real queries


def body_words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[A-Za-z]{7,}", text)}


def test_a_word_in_one_topics_body_finds_that_topic(built_site: Path, pages: dict[str, str], content) -> None:  # type: ignore[no-untyped-def]
    picks = {}
    for slug, doc in content.topics.items():
        steps = doc.model.steps.items if doc.model.steps else []
        body = " ".join(plain_text(step.body) for step in steps)
        others = " ".join(text for url, text in pages.items() if url != f"topics/{slug}/").casefold()
        # A word that, less any ending a stemmer drops, appears on no other page.
        unique = sorted(w for w in body_words(body) if w[: max(4, len(w) - 3)] not in others)
        assert unique, f"topics/{slug} has no word of its own to search for"
        picks[unique[0]] = f"topics/{slug}/"
    found = query(built_site, *picks, "samaritans", "emergency")
    for word, page in picks.items():
        assert found[word] == [page], f"{word!r} found {found[word]}, expected only {page}"
    assert found["samaritans"] == ["get-help/"]
    assert found["emergency"] == ["get-help/"]


def test_a_spanish_site_is_indexed_with_spanish_stemming(spanish_site: Path) -> None:
    entry = json.loads((spanish_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["es"]
    topic = next(f for f in fragments(spanish_site) if f["url"] == "/topics/alejarse-de-los-demas/")
    assert "Cancelamos planes" in topic["content"] and "cancelar" not in topic["content"].casefold()
    # "cancelar" and "cancelamos" share a Spanish stem (cancel-), not an English one.
    runtime = (spanish_site / "assets" / "guidecraft" / "search.js").read_text(encoding="utf-8")
    assert '"search_searching": "Buscando\\u2026"' in runtime and "Searching" not in runtime
    found = query(spanish_site, "cancelar", "plan")
    assert "topics/alejarse-de-los-demas/" in found["cancelar"]
    assert "topics/alejarse-de-los-demas/" in found["plan"]


# --------------------------------------------------------------------------- Material's search, as a setting


def test_search_material_keeps_materials_search_and_builds_no_pagefind_index(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  - guidecraft.*$", "  - search\n  - guidecraft:\n      search: material", text)
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "search" / "search_index.json").exists()
    assert not (tmp_path / "site" / "pagefind").exists()
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' in home and "data-gc-search" not in home


def test_search_material_without_materials_plugin_is_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^  - guidecraft.*$", "  - guidecraft:\n      search: material", config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "search: material needs Material's search plugin" in result.stderr


def test_materials_search_plugin_listed_with_pagefind_builds_no_second_index(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^  - guidecraft.*$", "  - search\n  - guidecraft", config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "search").exists()
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").exists()
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "data-gc-search" in home and 'data-md-component="search"' not in home


def test_an_exported_site_gets_its_search_index_from_python_m_generator_search(tmp_path: Path) -> None:
    """`guidecraft export` runs no plugin, so no indexing step: after building the export, run it yourself."""
    import os
    import sys

    from generator.mkdocs_export import export_site

    project = copy_project(tmp_path / "project")
    export_site(project / "mkdocs.yml", tmp_path / "export")
    result = mkdocs_build(tmp_path / "export", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "data-gc-search" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "site" / "pagefind").exists()
    run = subprocess.run(
        [sys.executable, "-m", "generator.search", str(tmp_path / "site")],
        capture_output=True, text=True, timeout=300, check=False, env={**os.environ},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("indexed ")
    assert query(tmp_path / "site", "samaritans")["samaritans"] == ["get-help/"]


def _index_files(site: Path) -> dict[str, bytes]:
    index = site / "pagefind"
    return {p.relative_to(index).as_posix(): p.read_bytes() for p in sorted(index.rglob("*")) if p.is_file()}


def test_reindexing_replaces_the_index_whole_and_leaves_nothing_behind(built_site: Path, tmp_path: Path) -> None:
    """A new index goes in beside the old one and then takes its place (issue 23): nothing of the
    old index stays once it is replaced, in the foreground or in the background (guidecraft serve)."""
    from generator.search import NEW_PREFIX, BackgroundIndexer, index_site

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (site / f"{NEW_PREFIX}killed").mkdir()  # a run that was interrupted
    page = site / "about" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<p>Zanzibarish words.</p></article>"))
    index_site(site, language="en")
    assert not list(site.glob(NEW_PREFIX + "*"))
    assert any("Zanzibarish" in f["content"] for f in fragments(site))
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("pagefind"))
    index_site(clean, language="en")
    assert _index_files(site) == _index_files(clean)  # no fragment of the old index stays

    page.write_text(page.read_text(encoding="utf-8").replace("Zanzibarish", "Quixotical"))
    indexer = BackgroundIndexer()
    indexer.request(site, language="en")
    indexer.request(site, language="en")  # merged with the first, or run after it
    indexer.close()
    assert not any("Zanzibarish" in f["content"] for f in fragments(site))
    shutil.rmtree(clean / "pagefind")
    shutil.copy(page, clean / "about" / "index.html")
    index_site(clean, language="en")
    assert _index_files(site) == _index_files(clean)
