"""Sites in several languages: languages found from their catalogs, French, and (later) translated files."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
import yaml
from conftest import mkdocs_build
from minimal_content import TOPIC, UNSPOKEN, write_content
from test_i18n import HARD_CODED, fragments, merged, page_texts, words_left

from generator import cli, i18n, load_content
from generator.crisis import UnknownRegion, directory_entry, known_regions
from generator.i18n import LANGUAGES, Messages, UnknownLanguage, catalog
from generator.instruments import NotTranslated, instrument_ids, instrument_template
from generator.kinds import CONTENT_KINDS
from generator.readability import reading_age_of
from generator.rendering import Renderer
from generator.scaffold import ScaffoldError, scaffold_template
from generator.settings import SiteConfig, SiteError
from generator.site import Site

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ROOT / "generator" / "messages"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- languages are found


def test_the_interface_languages_are_the_catalog_folders() -> None:
    folders = sorted(p.name for p in MESSAGES.iterdir() if p.is_dir() and any(p.glob("*.yaml")))
    assert list(LANGUAGES) == folders
    assert {"en", "es", "fr"} <= set(LANGUAGES)


def test_a_language_without_catalogs_is_an_error_not_english() -> None:
    with pytest.raises(UnknownLanguage, match=rf"no interface words in '{UNSPOKEN}'.*generator/messages/{UNSPOKEN}/"):
        catalog(UNSPOKEN)
    with pytest.raises(UnknownLanguage):
        Messages(UNSPOKEN)


def test_each_language_names_itself_in_its_own_words() -> None:
    assert [catalog(code)["language_name"] for code in ("en", "es", "fr")] == ["English", "Español", "Français"]
    assert Messages("es").name_of("en") == "inglés"
    assert Messages("fr").language_name == "Français"


def test_a_site_in_a_language_without_catalogs_stops_with_one_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text(
        (ROOT / "tests" / "fixtures" / "spanish" / "content" / "site.yaml")
        .read_text(encoding="utf-8")
        .replace("language: es", f"language: {UNSPOKEN}"),
        encoding="utf-8",
    )
    site = Site(SiteConfig(content_dir=content, project_dir=tmp_path))
    with pytest.raises(SiteError, match=rf"site.yaml: guidecraft has no interface words in '{UNSPOKEN}'"):
        site.renderer  # noqa: B018


def test_the_directory_never_gives_another_languages_words() -> None:
    with pytest.raises(UnknownRegion, match=r"no words in 'fr' for the crisis lines of GB"):
        directory_entry("GB", "fr")
    canada = directory_entry("CA", "fr")
    assert canada.unchecked  # translated, waiting for a French speaker's check
    assert canada.region.lines[0].text == "Appelez ou textez le 988"
    assert not directory_entry("CA", "en").unchecked


# Issue 20: no silent fallback. These fail if another language's words ever stand in for missing ones.


def test_a_missing_message_is_an_error_in_code_and_in_every_page_not_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = catalog
    monkeypatch.setattr(i18n, "catalog", lambda language: {k: v for k, v in real(language).items() if k != "sources"})
    t = Messages("fr")
    with pytest.raises(AttributeError, match=r"no message 'sources' in the 'fr' catalog"):
        t.sources  # noqa: B018
    with pytest.raises(AttributeError, match=r"no message 'sources'"):
        t("sources")
    with pytest.raises(KeyError):
        t.subset("causes", "sources")
    site = write_content(tmp_path / "content", {"topics/t.yaml": TOPIC})
    renderer = Renderer(load_content(site, relative_to=tmp_path))
    with pytest.raises(jinja2.UndefinedError, match="sources"):  # the page's template, strict about every word
        renderer.pages()


def test_crisis_lines_without_words_in_a_language_are_an_error_not_english() -> None:
    for region in known_regions():
        with pytest.raises(UnknownRegion, match=rf"no words in '{UNSPOKEN}' for the crisis lines of {region}"):
            directory_entry(region, UNSPOKEN)


def test_an_instrument_without_a_copy_in_a_language_is_an_error_not_english() -> None:
    for ident in instrument_ids():
        with pytest.raises(NotTranslated, match=rf"no copy of the instrument '{ident}' in '{UNSPOKEN}'"):
            instrument_template(ident, UNSPOKEN)
        assert instrument_template(ident, "es") != instrument_template(ident, "en")


def test_a_scaffold_without_a_copy_in_a_language_is_an_error_not_english() -> None:
    for kind in CONTENT_KINDS:
        with pytest.raises(ScaffoldError, match=rf"no {kind} to write in '{UNSPOKEN}'"):
            scaffold_template(kind, UNSPOKEN)
        assert scaffold_template(kind, "es") != scaffold_template(kind, "en")


# --------------------------------------------------------------------------- French


def test_french_has_a_reading_age_formula() -> None:
    plain = (
        "Ce site donne des informations générales pour vous aider à réfléchir. Ce n'est pas un avis médical. "
        "Si votre santé vous inquiète, parlez à un médecin."
    )
    hard = (
        "La symptomatologie anxio-dépressive caractéristique nécessite systématiquement une évaluation "
        "pluridisciplinaire approfondie, conformément aux recommandations institutionnelles internationales."
    )
    easy_age, hard_age = reading_age_of(plain, "fr"), reading_age_of(hard, "fr")
    assert easy_age is not None and hard_age is not None
    assert easy_age <= 11 < hard_age


@pytest.mark.slow
def test_a_french_canadian_site_builds_strictly_with_no_english_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(capsys, "init", str(tmp_path / "s"), "--region", "CA", "--language", "fr")
    assert code == 0
    site_yaml = (tmp_path / "s" / "content" / "site.yaml").read_text(encoding="utf-8")
    assert "no 'fr' speaker has" in site_yaml  # the directory's French words wait for a check
    settings = yaml.safe_load(site_yaml)
    assert (
        settings["language"] == "fr" and settings["crisis_regions"][0]["lines"][0]["text"] == "Appelez ou textez le 988"
    )
    result = mkdocs_build(tmp_path / "s", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    texts = page_texts(tmp_path / "out")
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in home and 'href="tel:988"' in home
    assert "Besoin d'aide maintenant" in texts["index.html"]
    english, french = merged("en"), merged("fr")
    # words both languages share ("Page" in "Page {page} of {pages}") are not English leaking through
    searched = {
        key: [part for part in fragments(text) if part not in french[key]]
        for key, text in english.items()
        if text != french[key]
    }
    searched |= {f"hard-coded '{text}'": [text] for text in HARD_CODED}
    searched |= {"directory": ["Call or text", "24 hours", "Kids Help Phone", "Crisis Helpline"]}
    assert words_left(searched, texts) == []


# --------------------------------------------------------------------------- a site in English and Spanish

TOPIC_EN = """\
title: Coping with hard days
summary: Small things that can help on a hard day.
audience: Anyone who is having a hard day.
last_reviewed: 2026-10-01
next_review: 2099-10-01
authors: [Sam]
reviewers: [Alex]
sources:
  - title: A source
    url: https://example.org
intro: Some days are hard. Small steps can help you get through them.
quizzes: [check-in]
"""

# "girasol" (sunflower) is a word only the Spanish topic holds: search finds it on Spanish pages only.
TOPIC_ES = """\
title: Cómo llevar los días difíciles
summary: Cosas pequeñas que pueden ayudar en un día difícil.
audience: Cualquier persona que tenga un día difícil.
last_reviewed: 2026-10-01
next_review: 2099-10-01
authors: [Sam]
reviewers: [Alex]
sources:
  - title: Una fuente
    url: https://example.org
intro: Algunos días son difíciles. Mira un girasol, respira y da un paso pequeño.
quizzes: [check-in]
"""

UNTRANSLATED_TOPIC = """\
title: Sleeping better
summary: Simple ways to rest better at night.
audience: Anyone who sleeps badly.
last_reviewed: 2026-10-01
next_review: 2099-10-01
authors: [Sam]
reviewers: [Alex]
sources:
  - title: A source
    url: https://example.org
intro: Go to bed at the same time each night. Keep your room dark and calm.
"""

QUIZ_EN = """\
title: How am I doing?
summary: A few questions to help you think about how you are.
topic: coping
asks_about_risk: true
last_reviewed: 2026-10-01
next_review: 2099-10-01
intro: These questions are about you.
instructions: Think about the last two weeks. Pick the answer that fits you best.
scale:
  - label: Not at all
    value: 0
  - label: Sometimes
    value: 1
  - label: Most days
    value: 2
questions:
  - id: no-reply
    text: I leave messages without a reply.
  - id: support
    text: I have someone to talk to.
    reverse: true
  - id: hopeless
    text: I have felt hopeless.
bands:
  - min: 0
    max: 2
    title: You seem to be coping
    body: Keep doing what helps you.
  - min: 3
    max: 6
    title: Things may be hard right now
    body: Talking to someone you trust can help.
    next_steps:
      - worksheet: feelings-diary
red_flags:
  - question: hopeless
    at_least: 1
    message: You said you have felt hopeless. Please talk to someone today.
"""

QUIZ_ES = """\
title: ¿Cómo estoy?
summary: Unas preguntas para pensar en cómo estás.
topic: coping
asks_about_risk: true
last_reviewed: 2026-10-01
next_review: 2099-10-01
intro: Estas preguntas son sobre ti.
instructions: Piensa en las dos últimas semanas. Elige la respuesta que más se parece a ti.
scale:
  - label: Nada
    value: 0
  - label: A veces
    value: 1
  - label: Casi siempre
    value: 2
questions:
  - id: no-reply
    text: Dejo mensajes sin contestar.
  - id: support
    text: Tengo a alguien con quien hablar.
    reverse: true
  - id: hopeless
    text: Me he sentido sin esperanza.
bands:
  - min: 0
    max: 2
    title: Parece que lo llevas bien
    body: Sigue haciendo lo que te ayuda.
  - min: 3
    max: 6
    title: Puede que lo estés pasando mal
    body: Hablar con alguien de confianza puede ayudar.
    next_steps:
      - worksheet: feelings-diary
red_flags:
  - question: hopeless
    at_least: 1
    message: Has dicho que te has sentido sin esperanza. Habla hoy con alguien.
"""

WORKSHEET_EN = """\
title: Feelings diary
summary: Write down each day how you feel and what happened.
topic: coping
purpose: Writing things down helps you see what makes a day hard.
instructions: Fill in one line each day. Go at your own pace.
blocks:
  - kind: prompt
    text: What happened today?
    hint: One sentence is enough.
    lines: 3
"""

WORKSHEET_ES = """\
title: Diario de emociones
summary: Anota cada día cómo te sientes y qué ha pasado.
topic: coping
purpose: Escribir ayuda a ver qué hace difícil un día.
instructions: Rellena una línea cada día. Ve a tu ritmo.
blocks:
  - kind: prompt
    text: ¿Qué ha pasado hoy?
    hint: Basta con una frase.
    lines: 3
"""


def bilingual_project(dest: Path, *, lints_off: tuple[str, ...] = ("untranslated",)) -> Path:
    """``guidecraft init --region US --language en,es``, then a translated topic, quiz and worksheet, and
    a topic with no Spanish yet."""
    from generator.init import init_site

    init_site(dest, region="US", language="en,es")
    files = {
        "topics/coping.yaml": TOPIC_EN,
        "topics/coping.es.yaml": TOPIC_ES,
        "topics/sleep.yaml": UNTRANSLATED_TOPIC,
        "quizzes/check-in.yaml": QUIZ_EN,
        "quizzes/check-in.es.yaml": QUIZ_ES,
        "worksheets/feelings-diary.yaml": WORKSHEET_EN,
        "worksheets/feelings-diary.es.yaml": WORKSHEET_ES,
    }
    for name, text in files.items():
        path = dest / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if lints_off:
        from conftest import set_plugin_options

        set_plugin_options(dest, lints_off=lints_off)
    return dest


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = bilingual_project(tmp_path_factory.mktemp("bilingual") / "s")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://example.org/help/\n", encoding="utf-8")
    out = project.parent / "out"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    return out


def check(capsys: pytest.CaptureFixture[str], project: Path) -> tuple[int, str]:
    code = cli.main(["check", "-f", str(project / "mkdocs.yml"), "--today", "2026-12-01"])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.slow
def test_each_language_has_its_pages_at_the_same_slugs(bilingual: Path) -> None:
    for page in (
        "index.html",
        "topics/coping/index.html",
        "topics/sleep/index.html",
        "quizzes/check-in/index.html",
        "worksheets/feelings-diary/index.html",
        "get-help/index.html",
    ):
        english, spanish = (bilingual / page).read_text(), (bilingual / "es" / page).read_text()
        assert '<html lang="en"' in english and '<html lang="es"' in spanish, page
        assert 'hreflang="es"' in english and 'hreflang="en"' in spanish, page
    topic = (bilingual / "es" / "topics" / "coping" / "index.html").read_text()
    assert "girasol" in topic and "girasol" not in (bilingual / "topics" / "coping" / "index.html").read_text()
    assert "<title>Cómo llevar los días difíciles - Nuestra guía de autoayuda</title>" in topic  # site.es.yaml's name
    assert 'href="tel:988"' in topic
    assert "Llama a 988 Suicide" in page_texts(bilingual)["es/topics/coping/index.html"]


@pytest.mark.slow
def test_an_untranslated_page_is_in_the_main_language_with_a_notice(bilingual: Path) -> None:
    page = (bilingual / "es" / "topics" / "sleep" / "index.html").read_text()
    assert '<html lang="es"' in page and '<article class="md-content__inner md-typeset" lang="en">' in page
    assert '<p class="gc-untranslated" lang="es" data-search-exclude>Esta página aún no está traducida' in page
    assert "Sleeping better" in page
    assert "gc-untranslated" not in (bilingual / "es" / "topics" / "coping" / "index.html").read_text()


@pytest.mark.slow
def test_the_switch_leads_to_the_same_page_in_each_language(bilingual: Path) -> None:
    page = (bilingual / "es" / "quizzes" / "check-in" / "index.html").read_text()
    links = re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link">\s*([^<]*?)\s*</a>', page)
    assert links == [("../../../quizzes/check-in/", "en", "English"), ("./", "es", "Español")]


@pytest.mark.slow
def test_a_worksheet_has_a_pdf_per_language(bilingual: Path) -> None:
    english, spanish = (
        bilingual / "worksheets" / "feelings-diary.pdf",
        bilingual / "es" / "worksheets" / "feelings-diary.pdf",
    )
    if not english.exists():
        pytest.skip("WeasyPrint is not installed, so no worksheet PDF was built")
    pypdf = pytest.importorskip("pypdf")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(spanish).pages)
    assert "Diario de emociones" in text and "988" in text
    assert "Feelings diary" in " ".join(p.extract_text() for p in pypdf.PdfReader(english).pages)


@pytest.mark.slow
def test_the_sitemap_lists_each_pages_translations(bilingual: Path) -> None:
    import gzip
    import xml.etree.ElementTree as ET

    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    text = (bilingual / "sitemap.xml").read_text(encoding="utf-8")
    assert gzip.decompress((bilingual / "sitemap.xml.gz").read_bytes()).decode() == text
    urls = {
        u.findtext("sm:loc", namespaces=ns): [(a.get("hreflang"), a.get("href")) for a in u.iterfind("xhtml:link", ns)]
        for u in ET.fromstring(text).iterfind("sm:url", ns)
    }
    base = "https://example.org/help/"
    for page in ("topics/coping/", "topics/sleep/", "quizzes/check-in/"):
        expected = [("en", base + page), ("es", base + "es/" + page)]
        assert urls[base + page] == expected and urls[base + "es/" + page] == expected, page


def test_translations_are_linted_in_their_own_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = bilingual_project(tmp_path / "s")
    hard = (
        "La sintomatología ansioso-depresiva característica necesita sistemáticamente una evaluación "
        "pluridisciplinaria profunda, conforme a las recomendaciones institucionales internacionales vigentes "
        "en la mayoría de los establecimientos hospitalarios universitarios."
    )
    topic = project / "content" / "topics" / "coping.es.yaml"
    topic.write_text(TOPIC_ES.replace("intro: Algunos días son difíciles.", f"intro: {hard} TODO"), encoding="utf-8")
    code, out = check(capsys, project)
    found = sorted(line.split(": warning: ")[1][:40] for line in out.splitlines() if "coping.es.yaml" in line)
    assert found == ["1 field still holds placeholder text (TO", "intro: reading age 16.2, expected 11 or "], out


def test_untranslated_pages_are_a_lint_of_their_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = bilingual_project(tmp_path / "s", lints_off=())
    code, out = check(capsys, project)
    assert code == 0, out
    assert [line for line in out.splitlines() if "warning:" in line] == [
        "content/topics/sleep.yaml:1:1: warning: this page has no 'es' translation yet, so readers of Spanish see "
        "it in the main language with a notice; expected topics/sleep.es.yaml beside it (or disable_lints: "
        "[untranslated] while translations are under way)"
    ]
    assert re.search(r"untranslated +0 +1", out)


# --------------------------------------------------------------------------- mistakes, each one line at its file


def errors(capsys: pytest.CaptureFixture[str], project: Path) -> list[str]:
    code, out = check(capsys, project)
    assert code == 1, out
    return [line for line in out.splitlines() if ": error: " in line]


def test_a_changed_band_bound_in_a_translated_quiz_names_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = bilingual_project(tmp_path / "s")
    quiz = project / "content" / "quizzes" / "check-in.es.yaml"
    quiz.write_text(QUIZ_ES.replace("  - min: 3\n    max: 6\n", "  - min: 3\n    max: 5\n"), encoding="utf-8")
    assert errors(capsys, project) == [
        "content/quizzes/check-in.es.yaml:30:10: error: bands[1].max: is 5 here but 6 in "
        "content/quizzes/check-in.yaml:30, expected a translation to score exactly as its original (only words "
        "may change); change scoring in both files together"
    ]
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode != 0 and "check-in.es.yaml" in result.stderr and "check-in.yaml:30" in result.stderr


@pytest.mark.parametrize(
    "change,expected",
    [
        (("  - id: support\n", "  - id: apoyo\n"), "questions[1].id: is 'apoyo' here but 'support'"),
        (("    reverse: true\n", ""), "questions[1].reverse: is False here but True"),
        (("    value: 2\n", "    value: 3\n"), "scale[2].value: is 3 here but 2"),
        (("    at_least: 1\n", "    at_least: 2\n"), "red_flags[0].at_least: is 2 here but 1"),
        (
            ("  - id: hopeless\n    text: Me he sentido sin esperanza.\n", ""),
            "questions: is 2 entries here but 3 entries",
        ),
    ],
)
def test_only_words_may_change_in_a_translated_quiz(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], expected: str
) -> None:
    project = bilingual_project(tmp_path / "s")
    assert change[0] in QUIZ_ES
    (project / "content" / "quizzes" / "check-in.es.yaml").write_text(QUIZ_ES.replace(*change), encoding="utf-8")
    (found,) = errors(capsys, project)
    assert found.startswith("content/quizzes/check-in.es.yaml:") and expected in found, found
    assert "content/quizzes/check-in.yaml:" in found


def test_a_translation_without_an_original_or_language_is_an_error_at_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = bilingual_project(tmp_path / "s")
    (project / "content" / "topics" / "missing.es.yaml").write_text(TOPIC_ES, encoding="utf-8")
    (project / "content" / "topics" / "coping.fr.yaml").write_text(TOPIC_ES, encoding="utf-8")
    assert errors(capsys, project) == [
        "content/topics/coping.fr.yaml:1:1: error: this file translates into 'fr', which is not one of the site's "
        "languages (en, es), expected a language listed after the first in site.yaml's languages; add 'fr' to "
        "languages, or rename or delete this file",
        "content/topics/missing.es.yaml:1:1: error: this file translates topics/missing.yaml, which does not "
        "exist, expected a translation beside its original; write topics/missing.yaml first, or rename this file "
        "to match one",
    ]


def test_language_and_languages_together_are_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = bilingual_project(tmp_path / "s")
    site = project / "content" / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("languages: [en, es]\n", "languages: [en, es]\nlanguage: en\n")
    )
    (found,) = errors(capsys, project)
    assert "both language and languages are given, expected one" in found and found.startswith("content/site.yaml:")


def test_a_site_language_without_crisis_lines_in_it_says_what_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = bilingual_project(tmp_path / "s")
    (project / "content" / "site.es.yaml").unlink()
    (found,) = errors(capsys, project)
    assert found.startswith("content/site.es.yaml:1:1: error: the crisis lines of region US have no words in 'es'")
    assert "add crisis_regions to content/site.es.yaml" in found and "--language es" in found


def test_a_translation_cannot_change_a_crisis_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = bilingual_project(tmp_path / "s")
    site_es = project / "content" / "site.es.yaml"
    site_es.write_text(site_es.read_text(encoding="utf-8").replace('phone: "988"', 'phone: "989"'), encoding="utf-8")
    (found,) = errors(capsys, project)
    assert found.startswith("content/site.es.yaml:") and "services, numbers or addresses differ" in found


def test_a_one_language_site_refuses_a_translation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.init import init_site

    init_site(tmp_path / "s", region="US", language="en")
    (tmp_path / "s" / "content" / "topics").mkdir()
    (tmp_path / "s" / "content" / "topics" / "coping.yaml").write_text(TOPIC_EN.replace("quizzes: [check-in]\n", ""))
    (tmp_path / "s" / "content" / "topics" / "coping.es.yaml").write_text(TOPIC_ES.replace("quizzes: [check-in]\n", ""))
    (found,) = errors(capsys, tmp_path / "s")
    assert found.startswith("content/topics/coping.es.yaml:1:1: error: this file translates into 'es', which is not")


# --------------------------------------------------------------------------- guidecraft serve


@pytest.mark.slow
def test_serve_rebuilds_translations_incrementally_and_equals_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_serve import EPOCH, _assert_same_site, _clean_build

    from generator.mkdocs_serve import Preview

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = bilingual_project(tmp_path / "s")
    content = project / "content"
    served = tmp_path / "served"
    served.mkdir()
    preview = Preview(project / "mkdocs.yml", site_dir=served, dev_addr="127.0.0.1:8124")
    preview(preview.load_config())
    assert preview.built is not None

    def save(name: str, old: str, new: str) -> str:
        path = content / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
        preview()
        preview.wait()
        return preview.last

    kinds = [
        save("topics/coping.es.yaml", "Mira un girasol", "Mira una flor"),  # a translation's own page
        save("topics/sleep.yaml", "Keep your room dark", "Keep your room cool"),  # reaches es/topics/sleep too
        save("quizzes/check-in.es.yaml", "Parece que lo llevas bien", "Parece que vas bien"),
        save("topics/coping.es.yaml", "title: Cómo llevar los días difíciles", "title: Días difíciles"),  # the nav
    ]
    assert all("pages rebuilt" in kind for kind in kinds), kinds
    assert "Keep your room cool" in (served / "es" / "topics" / "sleep" / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    _clean_build(project, clean, preview.serve_url)
    _assert_same_site(served, clean, str(kinds))
    # a broken translation keeps the last good site, and says where
    assert save("quizzes/check-in.es.yaml", "    max: 6\n", "    max: 5\n") == "error"
    assert any("check-in.es.yaml" in p and "check-in.yaml" in p for p in preview.problems), preview.problems


def test_the_main_language_is_site_yamls_first_and_mkdocs_yml_should_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = bilingual_project(tmp_path / "s", lints_off=("untranslated",))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  language: en\n", "  language: es\n"))
    code, out = check(capsys, project)
    assert "the main language 'en' (first in languages) differs from theme.language 'es'" in out, out
    from generator.mkdocs_config import load_mkdocs_config, site_config

    site = Site(site_config(load_mkdocs_config(config)))
    assert site.language == "en" and list(site.languages) == ["en", "es"]


def test_a_translation_names_only_pages_that_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = bilingual_project(tmp_path / "s")
    topic = project / "content" / "topics" / "coping.es.yaml"
    topic.write_text(TOPIC_ES + "related: [sleeep]\n", encoding="utf-8")
    (found,) = errors(capsys, project)
    assert (
        found.startswith("content/topics/coping.es.yaml:13:11: error: related[0]: ")
        and "unknown topic 'sleeep', did you mean 'sleep'?" in found
    )


@pytest.mark.slow
def test_spanish_pages_have_no_english_interface_words(bilingual: Path) -> None:
    english, spanish = merged("en"), merged("es")
    texts = {page: text for page, text in page_texts(bilingual).items() if page.startswith("es/")}
    assert len(texts) >= 10
    # the untranslated topic's own words are English on purpose (its page says so)
    untranslated = [
        v for k, v in yaml.safe_load(UNTRANSLATED_TOPIC).items() if k in {"title", "summary", "audience", "intro"}
    ]
    for words in untranslated:
        texts = {page: text.replace(words, "") for page, text in texts.items()}
    searched = {
        key: [part for part in fragments(text) if part not in spanish[key]]
        for key, text in english.items()
        # the switch names English in English; "Text" is in a service's name (Crisis Text Line)
        if text != spanish[key] and key not in {"language_name", "text"}
    }
    searched |= {f"hard-coded '{text}'": [text] for text in HARD_CODED}
    searched |= {"crisis lines": ["Call or text", "24 hours", "Help in English"]}
    found = words_left(searched, texts)
    assert found == [], "\n".join(found)


@pytest.mark.slow
def test_a_site_in_several_languages_builds_the_same_bytes_twice(bilingual: Path, tmp_path: Path) -> None:
    project = bilingual.parent / "s"
    again = tmp_path / "again"
    assert mkdocs_build(project, again).returncode == 0
    first = {p.relative_to(bilingual).as_posix(): p.read_bytes() for p in bilingual.rglob("*") if p.is_file()}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name] and not name.startswith("sitemap.xml")] == []


def test_export_says_it_cannot_take_a_site_in_several_languages(tmp_path: Path) -> None:
    from generator.mkdocs_export import ExportError, export_site

    project = bilingual_project(tmp_path / "s")
    with pytest.raises(ExportError, match=r"several languages \(en, es\), which only the guidecraft plugin"):
        export_site(project / "mkdocs.yml", tmp_path / "exported")
    assert not (tmp_path / "exported").exists()


def test_site_texts_categories_and_the_exit_label_come_from_the_translation(tmp_path: Path) -> None:
    from generator.mkdocs_config import load_mkdocs_config, mkdocs_nav, site_config
    from generator.theme_settings import theme_extra

    project = bilingual_project(tmp_path / "s")
    content = project / "content"
    site_yaml = content / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8") + "categories:\n  - id: feelings\n    title: Feelings\n",
        encoding="utf-8",
    )
    site_es = content / "site.es.yaml"
    site_es.write_text(
        site_es.read_text(encoding="utf-8")
        + "categories:\n  - id: feelings\n    title: Sentimientos\nquick_exit:\n  label: Salir ya\n",
        encoding="utf-8",
    )
    topic = content / "topics" / "coping.es.yaml"
    topic.write_text(TOPIC_ES + "category: feelings\n", encoding="utf-8")
    (content / "topics" / "coping.yaml").write_text(TOPIC_EN + "category: feelings\n", encoding="utf-8")
    site = Site(site_config(load_mkdocs_config(project / "mkdocs.yml")))
    spanish = theme_extra(site.theme_settings_for("es"))
    english = theme_extra(site.theme_settings)
    assert spanish["quick_exit"]["label"] == "Salir ya" and english["quick_exit"]["label"] == "Exit this page"
    assert spanish["quick_exit"]["safer_url"] == "es/safer-browsing/"
    assert "Esta web da información general" in spanish["disclaimer_html"]
    pages = {p.src: p.markdown for p in site.pages}
    assert "Sentimientos" in pages["es/topics/feelings/index.md"] and "Feelings" in pages["topics/feelings/index.md"]
    nav = mkdocs_nav(site.nav)
    assert nav[-1] == {"Español": nav[-1]["Español"]} and "es/topics/feelings/index.md" in str(nav[-1])


def test_inits_site_translation_matches_its_editor_schema(tmp_path: Path) -> None:
    import json

    import jsonschema

    from generator.init import init_site

    init_site(tmp_path / "s", region="US", language="en,es")
    text = (tmp_path / "s" / "content" / "site.es.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/site-translation.schema.json\n")
    schema = json.loads((tmp_path / "s" / "schemas" / "site-translation.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(text), schema)
    settings = json.loads((tmp_path / "s" / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/site-translation.schema.json"] == "content/site.*.yaml"


def test_site_texts_left_untranslated_are_an_untranslated_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = bilingual_project(tmp_path / "s", lints_off=())
    site_es = project / "content" / "site.es.yaml"
    text = site_es.read_text(encoding="utf-8")
    site_es.write_text(text[: text.index("\ndisclaimer:")] + "\n", encoding="utf-8")
    code, out = check(capsys, project)
    assert code == 0, out
    assert (
        "content/site.es.yaml:1:1: warning: disclaimer, quiz_disclaimer, home_intro are not translated, so readers "
        "of 'es' see site.yaml's words; expected them in this file too"
    ) in out


def test_a_site_language_without_catalogs_is_an_error_at_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = bilingual_project(tmp_path / "s")
    site = project / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [en, es]", f"languages: [en, es, {UNSPOKEN}]"))
    found = errors(capsys, project)
    assert (
        found[0].startswith("content/site.yaml:")
        and f"no interface words in '{UNSPOKEN}', expected one of: {', '.join(LANGUAGES)}" in found[0]
    )
    assert f"copy generator/messages/en/ to generator/messages/{UNSPOKEN}/" in found[0]


# --------------------------------------------------------------------------- addresses in every language (merge)


def test_the_addresses_of_every_language_are_claimed_once_each(tmp_path: Path) -> None:
    """``Site.addresses`` holds the /es/ pages too, each from the file it is made from, with no false clash
    between a page and its translation."""
    project = bilingual_project(tmp_path / "s")
    site = Site(SiteConfig(content_dir=project / "content", project_dir=project))
    addresses = site.addresses
    assert addresses["topics/coping/"] == "content/topics/coping.yaml"
    assert addresses["es/topics/coping/"] == "content/topics/coping.es.yaml"
    assert addresses["es/topics/sleep/"] == "content/topics/sleep.yaml"  # not translated yet: the original's
    assert addresses["es/quizzes/check-in/"] == "content/quizzes/check-in.es.yaml"
    assert "es/" in addresses and "es/get-help/" in addresses
    assert {page.src for page in site.pages} >= {"es/topics/coping.md", "es/index.md"}


def test_a_file_at_a_translated_pages_address_is_a_clash_in_that_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = bilingual_project(tmp_path / "s")
    clash = project / "content" / "es" / "topics" / "coping.md"
    clash.parent.mkdir(parents=True)
    clash.write_text("# Mía\n", encoding="utf-8")
    code, out = check(capsys, project)
    assert code == 1
    assert (
        "content/es/topics/coping.md:1:1: error: the file content/es/topics/coping.md would be at "
        "es/topics/coping/, the address of the page of content/topics/coping.es.yaml" in out
    ), out


def test_warnings_beside_errors_judge_a_site_in_its_main_language(tmp_path: Path) -> None:
    """``lints_despite`` (the warnings shown beside errors) takes the main language from ``languages``,
    as the build does, not English."""
    from generator.diagnostics import ContentError
    from generator.init import init_site

    init_site(tmp_path / "s", region="ES", language="es")
    site_yaml = tmp_path / "s" / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("\nlanguage: es\n", "\nlanguages: [es, en]\n"))
    site = Site(SiteConfig(content_dir=tmp_path / "s" / "content", project_dir=tmp_path / "s"))
    with pytest.raises(ContentError) as error:  # the lines of ES have no English words: an error
        site.lints  # noqa: B018
    assert any("have no words in 'en'" in d.message for d in error.value.diagnostics)
    assert [str(d) for d in site.lints_despite(error.value) if d.kind == "crisis-lines"] == []


def test_the_spanish_side_gets_the_same_a_to_z_past_the_nav_cap(tmp_path: Path) -> None:
    """Issue 24 in a site of two languages: past NAV_SECTION_MAX topics /es/ has its All topics page and
    letters too, in Spanish, and its topic pages leave its nav as the English ones leave theirs."""
    from generator.mkdocs_config import mkdocs_nav
    from generator.navigation import NAV_SECTION_MAX

    project = bilingual_project(tmp_path / "s")
    topics = project / "content" / "topics"
    for n in range(NAV_SECTION_MAX):
        (topics / f"extra-{n}.yaml").write_text(TOPIC_EN.replace("title: ", f"title: Extra {n} ", 1), encoding="utf-8")
    site = Site(SiteConfig(content_dir=project / "content", project_dir=project, worksheet_pdfs=False))
    nav = mkdocs_nav(site.nav)
    assert nav[0] == {"Home": "index.md"} and nav[-1]["Español"][0] == {"Inicio": "es/index.md"}
    english, spanish = nav[1]["Topics"], nav[-1]["Español"][1]["Temas"]
    letters = [{"C": "topics/a-z/c.md"}, {"E": "topics/a-z/e.md"}, {"S": "topics/a-z/s.md"}]
    assert english[:2] == ["topics/index.md", {"Topics A to Z": letters}]
    assert spanish[0] == "es/topics/index.md"
    assert spanish[1] == {"Temas de la A a la Z": [{k: "es/" + v for k, v in d.items()} for d in letters]}
    assert "es/topics/extra-0.md" in site.pages_outside_nav and "topics/extra-0.md" in site.pages_outside_nav
    assert site.addresses["es/topics/a-z/e/"] == "content/site.yaml"
