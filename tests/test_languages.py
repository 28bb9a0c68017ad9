"""Sites in several languages: languages found from their catalogs, French, and (later) translated files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import mkdocs_build
from test_i18n import HARD_CODED, fragments, merged, page_texts

from generator import cli
from generator.crisis import UnknownRegion, directory_entry
from generator.i18n import LANGUAGES, Messages, UnknownLanguage, catalog
from generator.lint import reading_age_of
from generator.site import Site, SiteConfig, SiteError

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
    with pytest.raises(UnknownLanguage, match=r"no interface words in 'de'.*generator/messages/de/"):
        catalog("de")
    with pytest.raises(UnknownLanguage):
        Messages("cy")


def test_each_language_names_itself_in_its_own_words() -> None:
    assert [catalog(code)["language_name"] for code in ("en", "es", "fr")] == ["English", "Español", "Français"]
    assert Messages("es").language_name("en") == "inglés"


def test_a_site_in_a_language_without_catalogs_stops_with_one_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text(
        (ROOT / "tests" / "fixtures" / "spanish" / "content" / "site.yaml")
        .read_text(encoding="utf-8")
        .replace("language: es", "language: de"),
        encoding="utf-8",
    )
    site = Site(SiteConfig(content_dir=content, project_dir=tmp_path))
    with pytest.raises(SiteError, match=r"site.yaml: guidecraft has no interface words in 'de'"):
        site.renderer  # noqa: B018


def test_the_directory_never_gives_another_languages_words() -> None:
    with pytest.raises(UnknownRegion, match=r"no words in 'fr' for the crisis lines of GB"):
        directory_entry("GB", "fr")
    canada = directory_entry("CA", "fr")
    assert canada.unchecked  # translated, waiting for a French speaker's check
    assert canada.region.lines[0].text == "Appelez ou textez le 988"
    assert not directory_entry("CA", "en").unchecked


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
    assert settings["language"] == "fr" and settings["crisis_regions"][0]["lines"][0]["text"] == "Appelez ou textez le 988"
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
    found = []
    for key, parts in searched.items():
        for part in parts:
            pattern = re.compile(rf"(?<!\w){re.escape(part)}(?!\w)")
            for page, text in texts.items():
                if match := pattern.search(text):
                    found.append(f"{page}: {key}: ...{text[max(match.start() - 40, 0) : match.end() + 40]}...")
    assert found == []
