"""``guidecraft new`` writes in the site's language: every note, example and word a reader could
see, or a ``TODO`` the strict build refuses.

The English scaffolds and instrument templates are the source; each translation must keep
their shape and, for the instruments, every number, id and setting of the published scoring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import mkdocs_build
from minimal_content import UNSPOKEN

from generator import cli
from generator.i18n import LANGUAGES, catalog
from generator.instruments import instrument_data, instrument_ids, instrument_template
from generator.kinds import CONTENT_KINDS, PAGE_FOLDERS
from generator.scaffold import scaffold_template, scaffold_text

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
KINDS = sorted(CONTENT_KINDS)
Made = set[tuple[str, str, "str | None"]]
"""Pages ``guidecraft new`` made: kind, slug and the instrument it was made from."""
WORD = re.compile(r"[^\W\d_]{3,}")
# Words that stay as they are in any language: commands, field names' parts, the instruments' names.
NEUTRAL = {
    "todo", "guidecraft", "check", "strict", "new", "quiz", "from", "yaml", "language", "server", "schema",
    "markdown", "slug", "https", "example", "org", "phq", "gad", "who", "ucla", "pfizer", "inc", "igo",
    "mean",  # a value of score:, named in the notes beside sum
    "ana", "ruiz", "robert", "janet", "kurt", "morris",  # names: in the examples, the authors of a questionnaire
    "has", "idea", "panel", "real", "original",  # Spanish words too ("has dicho", "una idea", "el panel")
}  # fmt: skip
# Code in notes, kept as written: 'reverse: true', {min: 0, max: 3}, site.yaml.
CODE = re.compile(r"'[^'\n]*'|\{[^}\n]*\}|\b[\w-]+\.(?:yaml|json)\b")


def data(kind: str, language: str) -> Any:
    return yaml.safe_load(scaffold_text(kind, "una-prueba", schema_ref="x.json", language=language))


def keys_and_identifiers(value: Any) -> set[str]:
    """Field names (split at '_') and id-like values: the YAML's vocabulary, not its words."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found |= set(str(key).lower().split("_")) | keys_and_identifiers(item)
    elif isinstance(value, list):
        for item in value:
            found |= keys_and_identifiers(item)
    elif isinstance(value, bool):
        found.add(str(value).lower())
    elif isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        found |= set(value.split("-"))
    return found


def references(value: Any) -> set[str]:
    """Words of bibliographic references (citation, sources), which stay in their published language."""
    text = " ".join([str(value.get("citation") or "")] + [str(s) for s in value.get("sources") or []])
    return {w.lower() for w in WORD.findall(text)}


def english_words() -> set[str]:
    """Every word the English scaffolds and instrument templates write, notes included, and every
    English interface message, less field names, ids, references and the neutral words."""
    words: set[str] = set()
    vocabulary = set(NEUTRAL)
    for kind in KINDS:
        words |= {w.lower() for w in WORD.findall(scaffold_template(kind))}
        vocabulary |= keys_and_identifiers(data(kind, "en"))
    for ident in instrument_ids():
        words |= {w.lower() for w in WORD.findall(instrument_template(ident))}
        english = instrument_data(ident)
        vocabulary |= keys_and_identifiers(english) | references(english)
    for text in catalog("en").values():
        words |= {w.lower() for w in WORD.findall(text)}
    for language in TRANSLATED:  # interface words both catalogs use ("total", "general") are not English only
        for text in catalog(language).values():
            vocabulary |= {w.lower() for w in WORD.findall(text)}
    return words - vocabulary


ENGLISH = english_words()


def test_the_english_word_list_has_the_words_the_issue_saw() -> None:
    assert {"monday", "day", "sometimes", "often", "happened", "felt", "replace", "reason"} <= ENGLISH


# --------------------------------------------------------------------------- the translations


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("kind", KINDS)
def test_a_translated_scaffold_has_the_english_shape(language: str, kind: str) -> None:
    assert shape(data(kind, language), ids_free=True) == shape(data(kind, "en"), ids_free=True)
    assert scaffold_template(kind, language) != scaffold_template(kind)


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("ident", instrument_ids())
def test_a_translated_instrument_keeps_the_published_scoring(language: str, ident: str) -> None:
    """Numbers, ids, flags and settings are the English file's; only words change."""
    translated, english = instrument_data(ident, language), instrument_data(ident)
    assert shape(translated) == shape(english)
    assert translated["citation"] == english["citation"] or ident == "ucla-3"  # a reference is not translated
    assert instrument_template(ident, language) != instrument_template(ident)


def shape(value: Any, *, ids_free: bool = False, key: str = "") -> Any:
    """The data with its words taken out: what a translation may not change."""
    if isinstance(value, dict):
        return {k: shape(v, ids_free=ids_free, key=str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v, ids_free=ids_free, key=key) for v in value]
    if isinstance(value, str):
        identifier = re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) or value.startswith("https://")
        if identifier and not (ids_free and key in {"id", "question"}) and "TODO" not in value:
            return value
        return "TODO" if "TODO" in value else "words"
    return value


@pytest.mark.parametrize("language", TRANSLATED)
def test_what_new_writes_holds_no_english_word(language: str) -> None:
    """Notes included: an author who reads only Spanish can follow every line."""
    texts = {kind: scaffold_text(kind, "una-prueba", schema_ref="x.json", language=language) for kind in KINDS}
    texts = {kind: CODE.sub(" ", text) for kind, text in texts.items()}
    for ident in instrument_ids():
        text = scaffold_text("quiz", "una-prueba", schema_ref="x.json", instrument=ident, language=language)
        refs = references(instrument_data(ident, language))
        texts[ident] = " ".join(w for w in WORD.findall(CODE.sub(" ", text)) if w.lower() not in refs)
    for name, text in texts.items():
        english = sorted({w for w in WORD.findall(text) if w.lower() in ENGLISH})
        assert english == [], f"{language} {name}: {english}"


# --------------------------------------------------------------------------- a Spanish site, end to end

LONG_FIELDS = {"intro", "body", "purpose", "instructions", "answer", "what_to_expect", "try_this", "message"}


@dataclass(frozen=True)
class AuthorWords:
    """What an author writes in place of each TODO, in one language: ``{n}`` counts the fields filled."""

    fillers: dict[str, str]
    """The words for the fields that want a name or an address (url, publisher, authors)."""
    long: str
    """Sentences, for the fields that hold prose."""
    short: str
    """A phrase, for every other field."""


SPANISH = AuthorWords(
    {"url": "https://www.sanidad.gob.es/", "publisher": "Ministerio de Sanidad", "authors": "Sara López"},
    "Aquí va un texto corto y tranquilo, número {n}. Habla de pasos pequeños.",
    "Una idea sencilla, número {n}",
)
FRENCH = AuthorWords(
    {"url": "https://www.canada.ca/", "publisher": "Santé Canada", "authors": "Sara López"},
    "Voici un texte court et calme, numéro {n}. Il parle de petits pas.",
    "Une idée simple, numéro {n}",
)


def fill_in(value: Any, words: AuthorWords, key: str = "", counter: list[int] | None = None) -> Any:
    """Every TODO replaced with ``words``, as an author would."""
    counter = counter if counter is not None else [0]
    if isinstance(value, dict):
        return {k: fill_in(v, words, str(k), counter) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_in(v, words, key, counter) for v in value]
    if isinstance(value, str) and "TODO" in value:
        counter[0] += 1
        if key in words.fillers:
            return words.fillers[key]
        return (words.long if key in LONG_FIELDS else words.short).format(n=counter[0])
    return value


class _MainText(HTMLParser):
    """The words of a page's article, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if tag in {"script", "style"}:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag in {"script", "style"}:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.words += WORD.findall(data)


def new_pages(capsys: pytest.CaptureFixture[str], pages: tuple[str, str, str], prefix: str) -> Made:
    """``guidecraft new`` in the site in the working folder: a topic, a quiz and a worksheet named ``pages``,
    and a quiz from every instrument (``PREFIX-ID``); ``check --strict`` refuses their TODOs."""
    made = {(kind, slug, None) for kind, slug in zip(("topic", "quiz", "worksheet"), pages, strict=True)} | {
        ("quiz", f"{prefix}-{ident}", ident) for ident in instrument_ids()
    }
    for kind, slug, instrument in sorted(made, key=str):
        assert cli.main(["new", kind, slug] + (["--from", instrument] if instrument else [])) == 0
    capsys.readouterr()
    assert cli.main(["check", "--strict"]) == 1  # the TODOs are refused
    assert "placeholder" in capsys.readouterr().out
    return made


def fill_in_and_build_without_english(
    project: Path,
    site: Path,
    capsys: pytest.CaptureFixture[str],
    made: Made,
    words: AuthorWords,
    reviewer: str,
    language: str,
) -> None:
    """Every TODO of the ``made`` pages replaced by ``words``: the site checks clean, builds, and no page
    shows an English word (but the references of the instruments, which are published as they are)."""
    for kind, slug, _ in made:
        path = project / "content" / PAGE_FOLDERS[kind] / f"{slug}.yaml"
        filled = fill_in(yaml.safe_load(path.read_text(encoding="utf-8")), words)
        if kind == "topic":
            filled["reviewers"] = [reviewer]
        path.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cli.main(["check", "--strict"]) == 0, capsys.readouterr().out
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr
    refs = set().union(*(references(instrument_data(ident, language)) for ident in instrument_ids()))
    for kind, slug, _ in made:
        page = site / PAGE_FOLDERS[kind] / slug / "index.html"
        reader = _MainText()
        reader.feed(page.read_text(encoding="utf-8"))
        assert len(reader.words) > 20, page
        english = sorted({w for w in reader.words if w.lower() in ENGLISH and w.lower() not in refs})
        assert english == [], f"{page.relative_to(site)}: {english}"


@pytest.mark.slow
def test_a_spanish_site_with_new_pages_shows_no_english_word_once_its_todos_are_in_spanish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "es-site"
    assert cli.main(["init", str(project), "--region", "ES", "--language", "es"]) == 0
    monkeypatch.chdir(project)
    made = new_pages(capsys, ("primeros-pasos", "como-me-siento", "mi-diario"), "mi")
    worksheet = yaml.safe_load((project / "content/worksheets/mi-diario.yaml").read_text())
    table = next(b for b in worksheet["blocks"] if b["kind"] == "table")
    assert table["row_heading"] == "Día" and table["rows"][0] == "Lunes"
    quiz = yaml.safe_load((project / "content/quizzes/como-me-siento.yaml").read_text())
    assert [s["label"] for s in quiz["scale"]] == ["Nunca", "A veces", "A menudo", "Casi siempre"]
    reviewer = "Dra. Ana Ruiz, psicóloga clínica"
    fill_in_and_build_without_english(project, tmp_path / "out", capsys, made, SPANISH, reviewer, "es")


def test_new_in_a_site_in_several_languages_writes_its_main_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """site.yaml's ``languages: [fr, en]`` (no ``language``): the original is written in the first, French."""
    project = tmp_path / "ca"
    assert cli.main(["init", str(project), "--region", "CA", "--language", "fr,en"]) == 0
    monkeypatch.chdir(project)
    assert cli.main(["new", "worksheet", "mon-journal"]) == 0
    capsys.readouterr()
    text = (project / "content" / "worksheets" / "mon-journal.yaml").read_text(encoding="utf-8")
    table = next(b for b in yaml.safe_load(text)["blocks"] if b["kind"] == "table")
    assert table["row_heading"] == "Jour" and table["rows"][0] == "Lundi"
    assert sorted({w for w in WORD.findall(CODE.sub(" ", text)) if w.lower() in ENGLISH}) == []


def test_the_language_of_a_site_in_several_languages_is_its_first(tmp_path: Path) -> None:
    from generator.scaffold import site_language

    (tmp_path / "site.yaml").write_text("languages: [fr, en]\n", encoding="utf-8")
    assert site_language(tmp_path) == "fr"
    assert site_language(tmp_path, "en") == "fr"  # site.yaml names the content's language before the theme does


def test_a_language_without_scaffolds_is_refused_not_written_in_english() -> None:
    from generator.scaffold import ScaffoldError

    with pytest.raises(
        ScaffoldError, match=rf"no topic to write in '{UNSPOKEN}' yet \(generator/messages/{UNSPOKEN}/scaffold/topic"
    ):
        scaffold_text("topic", "ein-test", schema_ref="x.json", language=UNSPOKEN)
    with pytest.raises(ScaffoldError, match=rf"no phq-9 to write in '{UNSPOKEN}' yet"):
        scaffold_text("quiz", "ein-test", schema_ref="x.json", instrument="phq-9", language=UNSPOKEN)


@pytest.mark.slow
def test_a_french_site_with_new_pages_shows_no_english_word_once_its_todos_are_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "fr-site"
    assert cli.main(["init", str(project), "--region", "CA", "--language", "fr"]) == 0
    monkeypatch.chdir(project)
    made = new_pages(capsys, ("premiers-pas", "comment-je-vais", "mon-journal"), "mon")
    quiz = yaml.safe_load((project / "content/quizzes/comment-je-vais.yaml").read_text())
    assert [s["label"] for s in quiz["scale"]] == ["Jamais", "Parfois", "Souvent", "Presque toujours"]
    reviewer = "Dre Ana Ruiz, psychologue clinicienne"
    fill_in_and_build_without_english(project, tmp_path / "out", capsys, made, FRENCH, reviewer, "fr")
