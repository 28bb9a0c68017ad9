"""Two languages: matching catalogs, a Spanish site with no English in it, crisis lines by region."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.i18n import LANGUAGES
from generator.lint import lint
from generator.loading import load_content
from generator.rendering import Renderer
from generator.settings import SiteConfig
from generator.theme_settings import theme_extra

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ROOT / "generator" / "messages"
SPANISH = ROOT / "tests" / "fixtures" / "spanish"
PLACEHOLDER = re.compile(r"\{[^}]*\}")
# English written straight into templates rather than taken from a catalog
HARD_CODED = ["Page not found", "Home", "Not found", "Skip to content", "Read more", "Print", "Submit"]


def area_files(language: str) -> dict[str, dict[str, str]]:
    return {
        path.stem: {str(k): str(v) for k, v in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()}
        for path in sorted((MESSAGES / language).glob("*.yaml"))
    }


def merged(language: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for messages in area_files(language).values():
        out.update(messages)
    return out


def fragments(message: str) -> list[str]:
    """The literal parts of a message around its {placeholders}, long enough to search for."""
    parts = (part.strip(" :.,") for part in PLACEHOLDER.split(message))
    return [part for part in parts if len(part) >= 2]


# --------------------------------------------------------------------------- catalogs


def test_every_catalog_area_has_the_same_keys_in_every_language() -> None:
    english = area_files("en")
    assert english, "no English catalogs found"
    for language in LANGUAGES:
        areas = area_files(language)
        assert sorted(areas) == sorted(english), language
        for area, messages in english.items():
            missing = sorted(set(messages) - set(areas[area]))
            extra = sorted(set(areas[area]) - set(messages))
            assert (missing, extra) == ([], []), f"{language}/{area}.yaml: missing {missing}, not in English {extra}"


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_translations_keep_placeholders_and_are_not_empty(language: str) -> None:
    english, other = merged("en"), merged(language)
    for key, text in english.items():
        assert text.strip() and other[key].strip(), key
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(other[key])), key


def test_no_key_is_defined_twice_across_areas() -> None:
    for language in LANGUAGES:
        seen: dict[str, str] = {}
        for area, messages in area_files(language).items():
            for key in messages:
                assert key not in seen, f"{language}: '{key}' is in both {seen[key]}.yaml and {area}.yaml"
                seen[key] = area


# --------------------------------------------------------------------------- a Spanish site


class _Text(HTMLParser):
    """What a reader can see or hear: text, labels, and the JSON data the quiz runtime shows."""

    ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "value", "aria-description", "content"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("type") or ""
        if tag == "style" or (tag == "script" and not kind.endswith("json")):
            self._hidden += 1
        self.parts += [
            value for name, value in attrs if value and (name in self.ATTRIBUTES or name.startswith("data-"))
        ]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def page_texts(site: Path) -> dict[str, str]:
    out = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        out[path.relative_to(site).as_posix()] = re.sub(r"\s+", " ", " ".join(parser.parts))
    return out


def words_left(searched: dict[str, list[str]], texts: dict[str, str]) -> list[str]:
    """Each place a searched fragment stands as a whole word in a page's text: ``page: key: ...context...``."""
    found = []
    for key, parts in searched.items():
        for part in parts:
            pattern = re.compile(rf"(?<!\w){re.escape(part)}(?!\w)")
            for page, text in texts.items():
                if match := pattern.search(text):
                    found.append(f"{page}: {key}: ...{text[max(match.start() - 40, 0) : match.end() + 40]}...")
    return found


@pytest.mark.slow
def test_spanish_site_has_no_english_ui_strings(spanish_site: Path) -> None:
    english, spanish = merged("en"), merged("es")
    texts = page_texts(spanish_site)
    assert {
        "index.html",
        "404.html",
        "topics/alejarse-de-los-demas/index.html",
        "quizzes/como-estoy/index.html",
        "worksheets/diario-de-emociones/index.html",
    } <= set(texts)
    searched = {key: fragments(text) for key, text in english.items() if text != spanish[key]}
    searched |= {f"hard-coded '{text}'": [text] for text in HARD_CODED}
    assert words_left(searched, texts) == []


@pytest.mark.slow
def test_spanish_site_shows_the_spanish_catalog(spanish_site: Path) -> None:
    """The check above means something only if the UI strings are on the pages, in Spanish."""
    english, spanish = merged("en"), merged("es")
    everything = " ".join(page_texts(spanish_site).values())
    translated = [key for key in spanish if spanish[key] != english[key]]
    shown = [key for key in translated if all(part in everything for part in fragments(spanish[key]))]
    assert len(shown) >= 0.85 * len(translated), sorted(set(translated) - set(shown))
    for key in ("causes", "crisis_banner_lead", "not_found_title", "quiz_scoring_key", "get_help_title"):
        assert key in shown, key
    index = (spanish_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in index
    topic = page_texts(spanish_site)["topics/alejarse-de-los-demas/index.html"]
    assert "1 de octubre de 2026" in topic  # dates in Spanish too


@pytest.mark.slow
def test_spanish_worksheet_pdf_has_no_english(spanish_site: Path) -> None:
    pdf = spanish_site / "worksheets" / "diario-de-emociones.pdf"
    if not pdf.is_file():
        pytest.skip("WeasyPrint is not installed, so no worksheet PDF was built")
    pypdf = pytest.importorskip("pypdf")
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages))
    assert "Diario de emociones" in text
    english, spanish = merged("en"), merged("es")
    leaks = [
        (key, part)
        for key, message in english.items()
        if message != spanish[key]
        for part in fragments(message)
        if re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text)
    ]
    assert leaks == []


@pytest.mark.slow
def test_spanish_site_shows_spains_crisis_lines(spanish_site: Path) -> None:
    texts = page_texts(spanish_site)
    for page in ("index.html", "404.html", "topics/alejarse-de-los-demas/index.html"):
        assert "112" in texts[page] and "024" in texts[page], page
    # the banner names the first line with a verb that suits any service's name
    assert "Llama a Línea 024 de atención a la conducta suicida: 024" in texts["index.html"]
    help_page = texts["get-help/index.html"]
    assert "Teléfono de la Esperanza" in help_page and "717 003 717" in help_page
    assert not any("Samaritans" in text or "999" in text for text in texts.values())


def test_spanish_fixture_checks_clean() -> None:
    content = load_content(SPANISH / "content", relative_to=ROOT)
    assert lint(content, page_srcs=Renderer(content).page_srcs(), language="es") == []


# --------------------------------------------------------------------------- crisis lines follow the region


@pytest.mark.parametrize(
    "content_dir,region,shown,hidden",
    [
        (SPANISH / "content", "ES", ["Línea 024 de atención a la conducta suicida", "112"], ["Línea de la Vida"]),
        (SPANISH / "content", "MX", ["Línea de la Vida", "800 911 2000", "911"], ["024"]),
        (ROOT / "content", "GB", ["Samaritans", "116 123", "999"], ["Samaritans Ireland", "988"]),
        (ROOT / "content", "IE", ["Samaritans Ireland", "Text About It", "112"], ["999", "988"]),
        (ROOT / "content", "US", ["988 Suicide &amp; Crisis Lifeline", "911"], ["Samaritans", "999"]),
    ],
)
def test_crisis_lines_follow_the_configured_region(
    content_dir: Path, region: str, shown: list[str], hidden: list[str]
) -> None:
    content = load_content(content_dir)
    content.site.model.region = region
    renderer = Renderer(content, SiteConfig(language=content.site.model.language or "en"))
    settings = theme_extra(renderer.theme_settings())["region"]
    assert settings["code"] == region
    banner = " ".join(
        str(v)
        for v in [settings["name"], settings["emergency"]]
        + [str(line.get(k)) for line in settings["lines"] for k in ("name", "phone", "text")]
    )
    help_page = next(p.markdown for p in renderer.site_pages() if p.src == "get-help.md")
    main_region = help_page.split("\n## ", 1)[0]  # the chosen region comes first, other regions under an h2
    for text in shown:
        assert text in banner, text
        assert text in main_region, text
    for text in hidden:
        assert text not in banner, text
        assert text not in main_region, text


@pytest.mark.slow
def test_spanish_paper_and_exit_control_speak_spanish(spanish_site: Path) -> None:
    """The printed crisis line (page and worksheet PDF) and "Exit this page" come from the Spanish catalog."""
    line = "¿Necesitas ayuda ahora? Llama a Línea 024 de atención a la conducta suicida: 024. En una emergencia, llama al 112."
    texts = page_texts(spanish_site)
    for page in ("index.html", "topics/alejarse-de-los-demas/index.html", "quizzes/como-estoy/index.html",
                 "worksheets/diario-de-emociones/index.html"):
        assert line in texts[page], page
        assert "Salir de esta página" in texts[page] and "Mayúsculas: pulsa 2 veces más para salir." in texts[page]
    assert "Navegar con más seguridad" in texts["safer-browsing/index.html"]
    pdf = spanish_site / "worksheets" / "diario-de-emociones.pdf"
    if not pdf.is_file():
        pytest.skip("WeasyPrint is not installed, so no worksheet PDF was built")
    pypdf = pytest.importorskip("pypdf")
    for n, sheet in enumerate(pypdf.PdfReader(pdf).pages, 1):
        text = re.sub(r"\s+", " ", sheet.extract_text())
        assert "Línea 024 de atención a la conducta suicida: 024" in text and "llama al 112" in text, n
