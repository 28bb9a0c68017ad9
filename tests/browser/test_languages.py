"""A site in English and Spanish (issue 22) in Debian's Chromium: the language switch, ``lang`` and
``hreflang``, the Spanish crisis banner, an untranslated page's notice, the same quiz result in
both languages, search in the reader's language only, and axe on the new pages in light and dark.

The site is ``guidecraft init --region US --language en,es`` with the content of
tests/test_languages.py (a translated topic, quiz and worksheet, and a topic with no Spanish).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import mkdocs_build
from test_languages import bilingual_project

from ._sitewalk import ServedSite, answer_quiz, quiz_roots, serve_site, submit_quiz
from .test_accessibility import all_rule_ids, axe_check, open_page, report
from .test_search import RESULT, STATUS, search

pytestmark = pytest.mark.browser

SPANISH_ONLY_WORD = "girasol"  # only content/topics/coping.es.yaml holds it


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    project = bilingual_project(tmp_path_factory.mktemp("bilingual") / "s")
    out = project.parent / "out"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    served, stop = serve_site(out, prefix="")
    yield served
    stop()


def test_the_switch_leads_to_the_same_page_without_javascript(browser: Any, site: ServedSite) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url("topics/coping/"))
    assert page.locator("html").get_attribute("lang") == "en"
    alternates = page.locator("link[rel=alternate][hreflang]").evaluate_all("ls => ls.map(l => [l.hreflang, l.href])")
    assert alternates == [["en", site.url("topics/coping/")], ["es", site.url("es/topics/coping/")]]
    switch = page.locator(".md-select__link[hreflang=es]")
    assert switch.inner_text().strip() == "Español"
    page.locator(".md-header__option .md-select button").focus()  # the list opens on focus, with CSS alone
    switch.click()
    page.wait_for_url(site.url("es/topics/coping/"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator(".md-select__link[hreflang=en]").inner_text().strip() == "English"
    banner = page.locator(".gc-crisis-banner")
    assert "¿Necesitas ayuda ahora?" in banner.inner_text()
    assert banner.locator("a[href='tel:988']").count() == 1
    help_link = banner.locator(".gc-crisis-banner__link")
    help_link.click()
    page.wait_for_url(site.url("es/get-help/"))
    context.close()


def test_an_untranslated_page_says_so_in_the_readers_language(browser: Any, site: ServedSite) -> None:
    page = browser.new_page()
    page.goto(site.url("es/topics/sleep/"))
    notice = page.locator(".gc-untranslated")
    assert notice.get_attribute("lang") == "es"
    assert notice.inner_text() == "Esta página aún no está traducida, así que se muestra en inglés."
    assert page.locator("article").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Sleeping better"
    nav = page.locator(".md-nav--primary").inner_text()
    assert "Sleeping better" in nav and "Cómo llevar los días difíciles" in nav and "Coping with hard days" not in nav
    page.close()


@pytest.mark.parametrize("pick", ["first", "last"])
def test_the_same_answers_give_the_same_result_in_both_languages(browser: Any, site: ServedSite, pick: str) -> None:
    page = browser.new_page()
    results = {}
    for path in ("quizzes/check-in/", "es/quizzes/check-in/"):
        page.goto(site.url(path))
        (root,) = quiz_roots(page)
        answer_quiz(root, pick)
        results[path] = submit_quiz(root)
    page.close()
    english, spanish = results["quizzes/check-in/"], results["es/quizzes/check-in/"]
    # first answers: 0 + 2 (reversed) + 0 = 2, the first band; last: 2 + 0 + 2 = 4, and the red flag (which
    # puts crisis help in place of the band) in the reader's language
    if pick == "first":
        assert "You seem to be coping" in english and "Parece que lo llevas bien" in spanish, results
        assert "Your score: 2 (" in english and "Tu puntuación: 2 (" in spanish, results
    else:
        assert "You said you have felt hopeless" in english and "Has dicho que te has sentido sin esperanza" in spanish
        assert "Your score: 4 (" in english and "Tu puntuación: 4 (" in spanish, results
        assert "Llama o envía un mensaje al 988" in spanish


def test_search_finds_a_spanish_word_on_spanish_pages_only(browser: Any, site: ServedSite) -> None:
    page = browser.new_page()
    page.goto(site.url("es/about/"))
    search(page, SPANISH_ONLY_WORD)
    page.wait_for_function(f"document.querySelector({STATUS!r}).textContent.includes('1 resultado')", timeout=10000)
    assert page.locator(RESULT).evaluate_all("as => as.map(a => a.href)") == [site.url("es/topics/coping/")]
    page.goto(site.url("about/"))
    search(page, SPANISH_ONLY_WORD)
    page.wait_for_function(f"document.querySelector({STATUS!r}).textContent.includes('No results')", timeout=10000)
    assert page.locator(RESULT).count() == 0
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_new_pages_pass_every_axe_rule(browser: Any, site: ServedSite, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    failures: list[str] = []
    rules: list[str] = []
    for path in (
        "es/",
        "es/topics/coping/",
        "es/topics/sleep/",
        "es/quizzes/check-in/",
        "es/worksheets/feelings-diary/",
        "es/get-help/",
        "topics/coping/",
    ):
        open_page(page, site.url(path), scheme)
        rules = rules or all_rule_ids(page)
        failures += axe_check(page, rules)
        page.locator(".md-header__option .md-select button").focus()  # the language list open
        failures += axe_check(page, rules, ".md-header")
    context.close()
    assert not failures, report(failures)
