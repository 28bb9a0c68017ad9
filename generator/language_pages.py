"""What a site in several languages adds to its pages: each language's pages under its prefix, the
notice on a page not translated yet, the ``untranslated`` lint, which language a page is in and its
alternates, and the search runtime's words in every language.

:mod:`generator.languages` loads each language's content; this module works from what it loaded.
"""

from __future__ import annotations

import html
import json

from .assets import SEARCH_RUNTIME_MESSAGES, read_asset
from .diagnostics import Diagnostic
from .documents import Document
from .i18n import Messages
from .kinds import CONTENT_KINDS
from .languages import UNTRANSLATED, LanguageContent
from .models import SiteSettings
from .rendering import GeneratedPage, Renderer


def untranslated_notice(page: GeneratedPage, renderer: Renderer, main: str) -> GeneratedPage:
    """``page`` (in the main language) with a notice in the reader's language just after its front matter."""
    t = renderer.t
    text = html.escape(t("untranslated_notice", language=t.name_of(main)))
    notice = f'<p class="gc-untranslated" lang="{t.language}" data-search-exclude>{text}</p>\n\n'
    markdown = page.markdown
    if markdown.startswith("---\n"):
        end = markdown.index("\n---\n", 4) + 5
        markdown = markdown[:end] + "\n" + notice + markdown[end:].lstrip("\n")
    else:
        markdown = notice + markdown
    return GeneratedPage(page.src, markdown, page.source)


def prefixed(page: GeneratedPage, prefix: str) -> GeneratedPage:
    return GeneratedPage(prefix + page.src, page.markdown, page.source)


def language_pages(
    renderer: Renderer, lc: LanguageContent, main: str, pdf_sizes: dict[str, int] | None = None
) -> list[GeneratedPage]:
    """Every page of one non-main language, under its prefix; untranslated ones carry the notice."""
    folders = {k.folder for k in CONTENT_KINDS.values()}
    out = []
    for page in renderer.pages(pdf_sizes=pdf_sizes):
        folder, _, rest = page.src.partition("/")
        slug = rest[:-3] if rest.endswith(".md") else ""
        if folder in folders and "/" not in slug and slug != "index" and not lc.is_translated(folder, slug):
            page = untranslated_notice(page, renderer, main)
        out.append(prefixed(page, lc.prefix))
    return out


def untranslated_lints(languages: dict[str, LanguageContent]) -> list[Diagnostic]:
    """One ``untranslated`` warning per content file a site language has no translation of."""
    main, *others = languages.values()
    found = []
    for lc in others:
        name = Messages(main.language).name_of(lc.language)
        for folder, kind in ((k.folder, k.name) for k in CONTENT_KINDS.values()):
            for slug, doc in sorted(main.content.of_kind(kind).items()):
                if not lc.is_translated(folder, slug):
                    found.append(
                        Diagnostic(
                            doc.path,
                            1,
                            1,
                            "warning",
                            f"this page has no '{lc.language}' translation yet, so readers of {name} see it in "
                            f"the main language with a notice; expected {folder}/{slug}.{lc.language}.yaml beside "
                            "it (or disable_lints: [untranslated] while translations are under way)",
                            UNTRANSLATED,
                        )
                    )
        found += _untranslated_site_texts(main.content.site, lc)
    return found


def _untranslated_site_texts(original: Document[SiteSettings], lc: LanguageContent) -> list[Diagnostic]:
    """Site texts that site.<lang>.yaml leaves in the main language (at most one warning, naming them all)."""
    translation = lc.content.site
    if translation.path == original.path:  # no site.<lang>.yaml: an error already says what to add
        return []
    settings, data = original.model, translation.data
    missing = [
        key for key in ("disclaimer", "quiz_disclaimer", "home_intro") if getattr(settings, key) and key not in data
    ]
    have = {c.get("id") for c in data.get("categories") or [] if isinstance(c, dict)}
    missing += [f"categories ({c.id})" for c in settings.categories if c.id not in have]
    regions = {r.get("code") for r in data.get("crisis_regions") or [] if isinstance(r, dict)}
    missing += [f"crisis_regions ({r.code})" for r in settings.crisis_regions if r.code not in regions]
    if settings.quick_exit and settings.quick_exit.label and "quick_exit" not in data:
        missing.append("quick_exit (label)")
    if not missing:
        return []
    return [
        Diagnostic(
            translation.path,
            1,
            1,
            "warning",
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not translated, so readers of "
            f"'{lc.language}' see site.yaml's words; expected them in this file too",
            UNTRANSLATED,
        )
    ]


def page_language(src: str, languages: dict[str, LanguageContent]) -> str:
    """The language of the generated page ``src`` (its prefix), else the main language."""
    main = next(iter(languages))
    return next((lang for lang, lc in languages.items() if lc.prefix and src.startswith(lc.prefix)), main)


def alternates(src: str, languages: dict[str, LanguageContent]) -> list[tuple[str, str]]:
    """``(language, source path)`` of ``src`` in every site language, main first (``src`` included)."""
    lang = page_language(src, languages)
    bare = src[len(languages[lang].prefix) :]
    return [(other, lc.prefix + bare) for other, lc in languages.items()]


def search_runtime(catalogs: dict[str, Messages]) -> bytes:
    """search.js with every site language's messages in front; the script speaks its page's ``<html lang>``
    (the first catalog's language when the page's has none)."""
    by_language = {lang: t.subset(*SEARCH_RUNTIME_MESSAGES) for lang, t in catalogs.items()}
    data = json.dumps(by_language, sort_keys=True, ensure_ascii=False).replace("<", "\\u003c")
    main = json.dumps(next(iter(catalogs)))
    head = (
        f"var GC_SEARCH_MESSAGES = (function (all) {{ return all[document.documentElement.lang] || all[{main}]; }})"
        f"({data});\n"
    )
    return head.encode() + read_asset("search.js")
