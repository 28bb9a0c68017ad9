"""Content models: the single source of truth for what a content file may hold.

Validation, the JSON Schemas under ``schemas/`` and the authoring guide all come
from these classes. Field descriptions are shown by editors as autocompletion help.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, ValidationInfo, field_validator, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Length limits: generous for real writing, and they keep a pasted novel out of a title and the PDF step.
TITLE_MAX = 120
LINE_MAX = 300
PROSE_MAX = 20_000

Markdown = Annotated[
    str,
    Field(
        min_length=1,
        max_length=PROSE_MAX,
        description="Text written in Markdown: paragraphs, **bold**, *italic*, lists and links. "
        "Link to other pages with topic:SLUG, quiz:SLUG or worksheet:SLUG. "
        "Raw HTML is shown as text unless the site sets allow_html: true.",
    ),
]
ShortText = Annotated[
    str, Field(min_length=1, max_length=LINE_MAX, description="Plain text on one line (no Markdown).")
]
Title = Annotated[
    str,
    Field(min_length=1, max_length=TITLE_MAX, description="A title or label: a few words on one line (no Markdown)."),
]
Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        description="A name of lower-case letters, digits and hyphens: a file name without .yaml, or an id.",
    ),
]

READER_TEXT: tuple[Any, ...] = (Title, ShortText, Markdown)
"""The kinds of text that readers see; every other value is a setting (slugs, codes, numbers, dates)."""

Page = Literal["own page", "linking pages", "home", "topic lists", "tags page", "index pages", "nav"]
"""The pages a field of a topic, quiz or worksheet can show on:

- ``own page``: the document's own page (with its PDF, and its title and description for search);
- ``linking pages``: the pages of other documents (a topic's related topics, a quiz embedded in a topic
  page, the topic a quiz or worksheet goes with);
- ``home``: the home page; ``topic lists``: All topics, the category pages and the A to Z;
- ``tags page``: Topics by tag; ``index pages``: the lists of quizzes and of worksheets; ``nav``: the navigation.
"""


@dataclass(frozen=True)
class Shown:
    """Where a content field shows, declared once beside the field (``Annotated[..., shown(...)]``).

    Live previews re-render only its own page when a field shown on no other page changes
    (:attr:`generator.kinds.ContentKind.own_page_fields`); ``tests/test_field_visibility.py`` fails
    when a template shows a field on a page its declaration does not name.
    """

    on: frozenset[Page]
    names_others: bool = False
    """The field names other documents (``related``, ``topic``): it reaches them, whatever pages show it."""


def shown(*on: Page, names_others: bool = False) -> Shown:
    """The pages that show a field: ``title: Annotated[Title, shown("own page", "home")]``."""
    return Shown(frozenset(on), names_others)


def field_pages(model: type[BaseModel]) -> dict[str, Shown]:
    """Each field of a content model and where it shows. Raises ``TypeError`` for a field that does not say."""
    out = {}
    for name, info in model.model_fields.items():
        found = [m for m in info.metadata if isinstance(m, Shown)]
        if len(found) != 1:
            raise TypeError(f"{model.__name__}.{name} does not say where it shows, expected Annotated[..., shown(...)]")
        out[name] = found[0]
    return out


def without_shown(annotation: Any) -> Any:
    """``annotation`` without its :class:`Shown` marker, so ``Annotated[Markdown, shown(...)]`` is ``Markdown``
    again (Python merges nested ``Annotated`` types into one)."""
    if typing.get_origin(annotation) is Annotated:
        base, *meta = typing.get_args(annotation)
        kept = [m for m in meta if not isinstance(m, Shown)]
        if len(kept) != len(meta):
            return Annotated[(base, *kept)] if kept else base
    return annotation


_OWN = shown("own page")
_QUIZ_FORM = shown("own page", "linking pages")
"""A quiz's form is on its own page and on each page that embeds it (a topic's)."""


class Strict(BaseModel):
    """Base for every content model: unknown keys are errors."""

    # use_attribute_docstrings: the line under a field is its description (schemas, editors, the docs).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False, use_attribute_docstrings=True)


# --------------------------------------------------------------------------- site settings


# A number as people dial it: digits, with spaces, '-', '(', ')' and a leading '+' to read it by.
_DIALABLE = re.compile(r"^\+?[0-9()][0-9 ()\-]*$")
_WEB_PAGE = re.compile(r"^https://[^\s/?#\"'<>`]+[^\s\"'<>`]*$")


def _number(v: str | None) -> str | None:
    """A phone or text number: readers' phones dial it (it becomes a tel: or sms: link), so nothing else fits."""
    if v is not None and (not _DIALABLE.match(v) or not any(c.isdigit() for c in v)):
        raise ValueError(
            f"{v!r} is not a number to dial, expected digits with only spaces, '-', brackets or a leading '+' "
            "between them, such as '116 123'"
        )
    return v


class CrisisLine(Strict):
    """One service a reader can contact for help right now."""

    name: Title = Field(description="The service's name, for example 'Samaritans'.")
    phone: ShortText | None = Field(
        default=None, description="A number to call, as people would dial it, for example '116 123'."
    )
    text: ShortText | None = Field(
        default=None,
        description="How to reach it by text message, for example 'Text SHOUT to 85258'.",
    )
    sms: ShortText | None = Field(
        default=None, description="The number to send a text message to, for example '85258'."
    )
    url: ShortText | None = Field(default=None, description="The service's web page (https://...).")
    hours: ShortText | None = Field(default=None, description="When it is open, for example '24 hours, every day'.")
    note: ShortText | None = Field(default=None, description="One short line about who it is for.")

    @field_validator("url")
    @classmethod
    def _https(cls, v: str | None) -> str | None:
        if v is not None and not _WEB_PAGE.match(v):
            raise ValueError(
                f"{v!r} is not a safe web address, expected one that starts with https:// and has no spaces or "
                "quote marks, such as https://www.samaritans.org"
            )
        return v

    @field_validator("phone", "sms")
    @classmethod
    def _dialable(cls, v: str | None) -> str | None:
        return _number(v)

    @model_validator(mode="after")
    def _reachable(self) -> CrisisLine:
        if not (self.phone or self.sms or self.url):
            raise ValueError("a crisis line needs at least one of phone, sms or url")
        return self


class CrisisRegion(Strict):
    """The crisis lines for one country or region."""

    code: Annotated[
        str, Field(pattern=r"^[A-Z]{2}$", description="Two-letter country code, for example GB, US, IE, ES.")
    ]
    name: Title = Field(description="The region's name as readers know it.")
    emergency: ShortText = Field(description="The emergency number, for example '999' or '911'.")
    lines: list[CrisisLine] = Field(min_length=1, description="Services, most important first.")

    @field_validator("emergency")
    @classmethod
    def _dialable(cls, v: str) -> str:
        return _number(v) or v


class Category(Strict):
    """A group of topics, shown as a section of the navigation and an index page."""

    id: Slug = Field(description="The id topics use in 'category', for example 'relationships'.")
    title: Title = Field(description="The group's name in the navigation and on the home page.")
    summary: ShortText | None = None
    """One line about the group, shown with its title."""


class QuickExit(Strict):
    """A way to leave the site fast: a button on every page and Shift pressed three times."""

    url: ShortText = Field(
        description="The ordinary page the reader is sent to, for example a weather or news page (https://...). "
        "The page they were on is taken out of the browser's Back history."
    )
    label: Title | None = Field(
        default=None, description="The button's words. Defaults to 'Exit this page' in the site's language."
    )

    @field_validator("url")
    @classmethod
    def _http(cls, v: str) -> str:
        if not re.match(r"^https?://[^\s/?#]+", v) or any(c.isspace() or c in "\"'<>`" for c in v):
            raise ValueError("must be a full web address starting with https:// or http://")
        return v


class SiteSettings(Strict):
    """Site-wide settings (content/site.yaml)."""

    language: Annotated[
        str | None,
        Field(
            default=None,
            pattern=r"^[a-z]{2}$",
            description="The language the content is written in (en, es). "
            "Defaults to theme.language in mkdocs.yml; if both are set they must agree.",
        ),
    ] = None
    languages: (
        list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]] | None
    ) = Field(
        default=None,
        min_length=1,
        description="For a site in several languages: every language it is written in, the main one first "
        "(for example [en, es]). Other languages live under their code (/es/) and translate files beside the "
        "originals (coping.es.yaml). Give either language or languages, not both.",
    )
    crisis_regions: list[CrisisRegion] = Field(
        min_length=1, description="Crisis lines by region. The one named by 'region' is shown on every page."
    )
    region: Annotated[
        str, Field(pattern=r"^[A-Z]{2}$", description="The region whose crisis lines are shown on every page.")
    ]
    disclaimer: Markdown = Field(description="The 'not medical advice' notice shown on every page.")
    quiz_disclaimer: Markdown = Field(
        description="Shown beside every quiz unless the quiz sets its own: a reflection, not a diagnosis."
    )
    home_intro: Markdown | None = Field(default=None, description="A short welcome shown on the home page.")
    categories: list[Category] = Field(
        default_factory=list, description="Optional topic groups. Topics name one with 'category'."
    )
    allow_html: bool = Field(
        default=False,
        description="Trust raw HTML written in content. It still passes an allow-list: formatting stays; scripts, "
        "event handlers, styles, frames and forms are removed. Leave false when many people edit the content.",
    )
    quick_exit: QuickExit | None = Field(
        default=None,
        description="Turn on 'Exit this page': a button at the top of every page, and Shift pressed three times, "
        "swap the site for the page at 'url'. Also adds a 'Browse more safely' page.",
    )
    remember_color_scheme: bool = Field(
        default=False,
        description="Keep the reader's light or dark choice between visits. This stores one item in the browser "
        "(localStorage). When false, nothing is stored and the scheme follows the device.",
    )

    @field_validator("region")
    @classmethod
    def _region_known(cls, region: str, info: ValidationInfo) -> str:
        codes = [r.code for r in info.data.get("crisis_regions") or []]
        if codes and region not in codes:
            raise ValueError(f"region {region!r} has no entry in crisis_regions (have: {', '.join(codes)})")
        return region

    @model_validator(mode="after")
    def _one_language_setting(self) -> SiteSettings:
        if self.language is not None and self.languages is not None:
            raise ValueError(
                "both language and languages are given, expected one: 'language: en' for a site in one "
                "language, or 'languages: [en, es]' (main language first) for several"
            )
        if self.languages is not None and len(set(self.languages)) != len(self.languages):
            raise ValueError("languages names a language twice, expected each language once")
        return self

    def crisis_region(self) -> CrisisRegion:
        return next(r for r in self.crisis_regions if r.code == self.region)


# --------------------------------------------------------------------------- site texts in another language


class CategoryTranslation(Strict):
    """A category's words in another language; ``id`` names the category in site.yaml."""

    id: Slug
    title: Title
    summary: ShortText | None = None


class QuickExitTranslation(Strict):
    """The "Exit this page" button's words in another language."""

    label: Title


class SiteTranslation(Strict):
    """The site texts of ``content/site.yaml`` in another language (``content/site.es.yaml``).

    Settings (region, quick_exit's url, colours) stay in site.yaml; only words are here, and the
    crisis lines in this language: the same services and numbers, in the readers' words.
    """

    site_name: Title | None = Field(
        default=None, description="The site's name in this language (mkdocs.yml's site_name in the main language)."
    )
    crisis_regions: list[CrisisRegion] | None = Field(
        default=None,
        description="The crisis lines of site.yaml's regions in this language: the same codes, services, numbers "
        "and addresses, with names, hours and notes in this language.",
    )
    disclaimer: Markdown | None = Field(default=None, description="site.yaml's disclaimer in this language.")
    quiz_disclaimer: Markdown | None = Field(default=None, description="site.yaml's quiz_disclaimer in this language.")
    home_intro: Markdown | None = Field(default=None, description="site.yaml's home_intro in this language.")
    categories: list[CategoryTranslation] = Field(
        default_factory=list, description="The titles and summaries of site.yaml's categories, by id."
    )
    quick_exit: QuickExitTranslation | None = Field(
        default=None, description="The 'Exit this page' button's words; the url stays in site.yaml."
    )


# --------------------------------------------------------------------------- topics


class Source(Strict):
    """Where a fact came from."""

    title: Title = Field(description="The title of the page, leaflet or paper.")
    url: ShortText = Field(description="Its web address (https://...).")
    publisher: ShortText | None = None
    """Who published it, for example 'NHS'."""

    @field_validator("url")
    @classmethod
    def _http(cls, v: str) -> str:
        if not re.match(r"^https?://", v):
            raise ValueError("must start with https:// or http://")
        return v


class Item(Strict):
    """A titled point with an optional body."""

    title: Title = Field(description="The point, in a few words.")
    body: Markdown | None = None
    """More about the point."""


class Step(Strict):
    """One thing the reader can do."""

    title: Title = Field(description="The step, in a few words.")
    body: Markdown = Field(description="How to do it, and why it helps.")
    try_this: Markdown | None = Field(default=None, description="One small action to try today.")
    worksheet: Slug | None = Field(default=None, description="A worksheet that goes with this step.")


class Section(Strict):
    """A section with an optional introduction and a list of points."""

    intro: Markdown | None = None
    """Words shown before the list."""
    items: list[Item] = Field(min_length=1)
    """The points, in order."""


class StepsSection(Strict):
    intro: Markdown | None = None
    """Words shown before the steps."""
    items: list[Step] = Field(min_length=1)
    """The steps, in order."""


class SeekHelp(Strict):
    """When to seek professional help. Urgent signs are kept apart and shown with the crisis lines."""

    intro: Markdown | None = None
    """Words shown before the signs."""
    urgent: list[Markdown] = Field(min_length=1, description="Signs that mean: get help today.")
    non_urgent: list[Markdown] = Field(min_length=1, description="Signs that mean: talk to a professional soon.")
    what_to_expect: Markdown | None = Field(default=None, description="What therapy or a first appointment is like.")


class Faq(Strict):
    question: Title = Field(description="The question, as a reader would ask it.")
    answer: Markdown = Field(description="The answer, shown when the reader opens the question.")


class Topic(Strict):
    """A topic page (content/topics/SLUG.yaml)."""

    title: Annotated[Title, shown("own page", "linking pages", "home", "topic lists", "tags page", "nav")] = Field(
        description="The page title."
    )
    summary: Annotated[ShortText, shown("own page", "linking pages", "home", "topic lists")] = Field(
        description="One line shown on the home page card and in search results."
    )
    audience: Annotated[ShortText, _OWN] = Field(description="Who the page is for, in one line.")
    category: Annotated[Slug | None, shown("home", "topic lists", "nav")] = Field(
        default=None, description="The id of a category from site.yaml."
    )
    tags: Annotated[list[ShortText], shown("own page", "home", "tags page")] = Field(
        default_factory=list,
        description="A few short words about what the topic covers. Topics that share a tag are listed together "
        "on the 'Topics by tag' page; capitals do not matter ('Sleep' and 'sleep' are one tag).",
    )
    last_reviewed: Annotated[dt.date, _OWN] = Field(description="When a reviewer last checked the page (YYYY-MM-DD).")
    next_review: Annotated[dt.date, _OWN] = Field(description="When the page is due for its next review (YYYY-MM-DD).")
    authors: Annotated[list[ShortText], _OWN] = Field(min_length=1)
    """Who wrote the page: at least one name."""
    reviewers: Annotated[list[ShortText], _OWN] = Field(default_factory=list)
    """Who checked the page, for example a clinician. Someone other than the authors."""
    sources: Annotated[list[Source], _OWN] = Field(default_factory=list)
    """Where the facts on the page come from."""
    intro: Annotated[Markdown | None, _OWN] = None
    """A few sentences that open the page."""
    causes: Annotated[Section | None, _OWN] = None
    """'Why it happens': a list of causes."""
    signs: Annotated[Section | None, _OWN] = None
    """'Signs to look out for': a list of signs."""
    steps: Annotated[StepsSection | None, _OWN] = None
    """'Steps you can take': numbered steps."""
    seek_help: Annotated[SeekHelp | None, _OWN] = None
    """'When to get professional help': urgent signs, shown with the crisis lines, and other signs."""
    helping_others: Annotated[Section | None, _OWN] = None
    """'Helping someone else': advice for friends and family."""
    faq: Annotated[list[Faq], _OWN] = Field(default_factory=list)
    """'Questions people ask', shown as answers that open and close."""
    quizzes: Annotated[list[Slug], shown("own page", names_others=True)] = Field(
        default_factory=list, description="Quizzes embedded at the foot of the page."
    )
    related: Annotated[list[Slug], shown("own page", names_others=True)] = Field(
        default_factory=list, description="Other topics to read next."
    )

    @field_validator("next_review")
    @classmethod
    def _dates_in_order(cls, next_review: dt.date, info: ValidationInfo) -> dt.date:
        last = info.data.get("last_reviewed")
        if last is not None and next_review < last:
            raise ValueError(f"next_review {next_review} is before last_reviewed {last}, expected a later date")
        return next_review


# --------------------------------------------------------------------------- quizzes


Bound = Annotated[
    int | FiniteFloat,
    Field(
        description="A whole number, or a decimal such as 3.5 for mean scores. "
        "Decimals are read exactly as written: 2.35 means 235/100, never a rounded binary number."
    ),
]


def _not_below_min(value: Any, info: ValidationInfo) -> Any:
    low = info.data.get("min")
    if low is not None and value < low:
        raise ValueError(f"max {value} is less than min {low}, expected max >= min")
    return value


class ScalePoint(Strict):
    label: Title = Field(description="The answer's words, for example 'Not at all'.")
    value: int
    """The points this answer scores, before any reversing or weight."""


class Band(Strict):
    """A range of scores (inclusive) and what it means."""

    min: Bound = Field(description="The lowest score in this band. Bands include both ends.")
    max: Bound = Field(description="The highest score in this band; at least min.")
    title: Title = Field(description="The result's heading, for example 'You seem to be staying in touch'.")
    body: Markdown | None = None
    """What this result means for the reader."""
    next_steps: list[NextStep] = Field(default_factory=list)
    """Links shown with this result."""

    @field_validator("max")
    @classmethod
    def _ordered(cls, value: int, info: ValidationInfo) -> int:
        return _not_below_min(value, info)


class NextStep(Strict):
    """A suggestion: a link to a topic, a quiz or a worksheet, with optional words."""

    text: ShortText | None = None
    """The link's words. Without them, the page's title is used."""
    topic: Slug | None = None
    """A topic to link to."""
    worksheet: Slug | None = None
    """A worksheet to link to."""
    quiz: Slug | None = None
    """A quiz to link to."""
    section: Annotated[
        str | None,
        Field(default=None, pattern=r"^[a-z0-9-]+$", description="An anchor on the topic page, for example 'steps'."),
    ] = None

    @model_validator(mode="after")
    def _one_target(self) -> NextStep:
        targets = [t for t in (self.topic, self.worksheet, self.quiz) if t]
        if len(targets) != 1:
            raise ValueError("give exactly one of topic, worksheet or quiz")
        return self


class SubscaleBand(Strict):
    min: Bound = Field(description="The lowest score in this band. Bands include both ends.")
    max: Bound = Field(description="The highest score in this band; at least min.")
    title: Title = Field(description="What this score of the subscale is called; profiles name bands by it.")

    @field_validator("max")
    @classmethod
    def _ordered(cls, value: int, info: ValidationInfo) -> int:
        return _not_below_min(value, info)


ScoreKind = Literal["sum", "mean"]


class Subscale(Strict):
    id: Slug = Field(description="The id questions use in 'subscale', and flags and profiles name.")
    title: Title = Field(description="The subscale's name, shown with its score.")
    score: ScoreKind = Field(
        default="sum",
        description="'sum' adds up the points; 'mean' divides that sum by the number of questions "
        "(by the sum of their weights when questions have weights).",
    )
    bands: list[SubscaleBand] = Field(min_length=1)
    """What each score of this subscale means. Together they cover every possible score once."""


class Question(Strict):
    id: Slug = Field(description="The id flags and red flags use, for example 'item-9'.")
    text: ShortText = Field(description="The question or statement the reader answers.")
    reverse: bool = Field(default=False, description="Score this item the other way round.")
    weight: int = Field(default=1, ge=1, le=10)
    """The answer's points are multiplied by this whole number."""
    scored: bool = Field(
        default=True,
        description="false: the question is shown and answered, but adds nothing to any score "
        "(for example a closing question about how hard things have been). Flags may still use it.",
    )
    subscale: Slug | None = None
    """The id of the subscale this question counts towards."""
    scale: list[ScalePoint] | None = Field(default=None, min_length=2, description="This question's own answers.")


class RedFlag(Strict):
    """A rule that shows the urgent-help panel, whatever the total."""

    question: Slug = Field(description="The id of the question the rule looks at.")
    at_least: int = Field(description="Fires when the answer's value (before any reversing) is at least this.")
    message: Markdown | None = None
    """What the reader is told when the rule fires."""


class Condition(Strict):
    """When a flag fires. Give one of question, questions, subscale or total, and one of at_least or at_most.

    Answers are compared by their own value, before any reversing or weight; scores
    (subscale or total) by the exact score, a sum or a mean.
    """

    question: Slug | None = Field(default=None, description="One question: fires on its answer.")
    questions: list[Slug] | None = Field(
        default=None,
        min_length=1,
        description="Several questions: fires when at least how_many of them meet the threshold.",
    )
    subscale: Slug | None = Field(default=None, description="A subscale: fires on its score.")
    total: Literal[True] | None = Field(default=None, description="true: fires on the total score.")
    at_least: Bound | None = Field(default=None, description="Fires when the value is this or more.")
    at_most: Bound | None = Field(default=None, description="Fires when the value is this or less.")
    how_many: int = Field(
        default=1, ge=1, description="With questions: how many of them must meet the threshold (default 1: any)."
    )
    including_one_of: list[Slug] = Field(
        default_factory=list,
        description="With questions: one of these questions must be among those that meet the threshold.",
    )
    thresholds: dict[Slug, int] = Field(
        default_factory=dict,
        description="With questions: a threshold of its own for some of them, used instead of at_least or at_most.",
    )

    @model_validator(mode="after")
    def _one_of_each(self) -> Condition:
        targets = [
            name for name in ("question", "questions", "subscale", "total") if getattr(self, name) is not None
        ]
        if len(targets) != 1:
            raise ValueError("give exactly one of question, questions, subscale or total")
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("give exactly one of at_least or at_most")
        if self.questions is None and (self.how_many != 1 or self.including_one_of or self.thresholds):
            raise ValueError("how_many, including_one_of and thresholds go only with questions")
        if self.question is not None or self.questions is not None:
            bound = self.at_least if self.at_least is not None else self.at_most
            if not isinstance(bound, int):
                raise ValueError("an answer's value is a whole number, expected a whole number threshold")
        return self


class Flag(Strict):
    """A rule that adds a message to the result whatever the band: crisis help, or calm advice."""

    severity: Literal["crisis", "advice"] = Field(
        description="'crisis' shows the urgent-help panel with the crisis lines; "
        "'advice' shows a calm note with its next steps."
    )
    when: Condition
    """The rule: which answers or which score, and the threshold."""
    title: Title | None = Field(default=None, description="A short heading for an advice note.")
    message: Markdown = Field(description="What the reader is told when the flag fires.")
    next_steps: list[NextStep] = Field(default_factory=list, description="Suggestions shown with an advice note.")


class Profile(Strict):
    """A result chosen by the bands of several subscales together."""

    when: dict[Slug, ShortText | list[ShortText]] = Field(
        min_length=1,
        description="For each subscale id, the title of a band (or a list of titles). "
        "A subscale not named here may be in any band.",
    )
    title: Title = Field(description="The result's heading.")
    body: Markdown | None = None
    """What this result means for the reader."""
    next_steps: list[NextStep] = Field(default_factory=list)
    """Links shown with this result."""


class Transform(Strict):
    """A second way to show the total, for example as a percentage: the score times a number."""

    multiply: Bound = Field(description="The number the score is multiplied by, for example 4.")
    unit: str = Field(default="", description="Written straight after the number, for example '%'.")
    label: Title = Field(description="What the transformed score is called, for example 'Percentage score'.")

    @field_validator("multiply")
    @classmethod
    def _positive(cls, v: Any) -> Any:
        if v <= 0:
            raise ValueError("must be more than 0")
        return v


class Quiz(Strict):
    """A self-assessment quiz (content/quizzes/SLUG.yaml)."""

    title: Annotated[Title, shown("own page", "linking pages", "home", "index pages", "nav")] = Field(
        description="The quiz's title."
    )
    summary: Annotated[ShortText, shown("own page", "home", "index pages")] = Field(
        description="One line shown on the quizzes page and in search results."
    )
    intro: Annotated[Markdown, _QUIZ_FORM] = Field(description="Shown above the questions: what the quiz is for.")
    instructions: Annotated[Markdown, _QUIZ_FORM] = Field(
        description="How to answer, for example which weeks to think about."
    )
    disclaimer: Annotated[Markdown | None, _QUIZ_FORM] = Field(
        default=None, description="Defaults to quiz_disclaimer in site.yaml."
    )
    not_for_others: Annotated[Markdown | None, _QUIZ_FORM] = Field(
        default=None, description="Asks readers not to answer for someone else. A default is used when empty."
    )
    topic: Annotated[Slug | None, shown("own page", names_others=True)] = Field(
        default=None, description="The topic this quiz belongs to."
    )
    asks_about_risk: Annotated[bool, shown()] = Field(
        default=False, description="True when any question asks about harm or crisis."
    )
    scale: Annotated[list[ScalePoint] | None, _QUIZ_FORM] = Field(
        default=None, min_length=2, description="Answers shared by every question."
    )
    questions: Annotated[list[Question], _QUIZ_FORM] = Field(min_length=1)
    """The questions, in the order they are asked."""
    subscales: Annotated[list[Subscale], _QUIZ_FORM] = Field(default_factory=list)
    """Parts of the quiz scored on their own, each with its own bands."""
    score: Annotated[ScoreKind, _QUIZ_FORM] = Field(
        default="sum", description="How the total is worked out: 'sum' or 'mean'."
    )
    bands: Annotated[list[Band], _QUIZ_FORM] = Field(
        default_factory=list,
        description="What each total means. Leave out when subscales (and profiles) carry the result: "
        "then no total is shown.",
    )
    profiles: Annotated[list[Profile], _QUIZ_FORM] = Field(
        default_factory=list,
        description="Results chosen by subscale bands together, instead of total bands. "
        "Every combination of bands must fall in exactly one profile.",
    )
    transform: Annotated[Transform | None, _QUIZ_FORM] = Field(
        default=None, description="Also show the total multiplied, with a unit."
    )
    red_flags: Annotated[list[RedFlag], _QUIZ_FORM] = Field(default_factory=list)
    """Rules that show the urgent-help panel when one answer is high, whatever the score."""
    flags: Annotated[list[Flag], _QUIZ_FORM] = Field(
        default_factory=list, description="Rules with a severity, 'crisis' or 'advice', checked whatever the band."
    )
    instrument: Annotated[Slug | None, _QUIZ_FORM] = Field(
        default=None,
        description="The id of the published questionnaire this quiz came from (set by guidecraft new --from).",
    )
    citation: Annotated[Annotated[str, Field(min_length=1)] | None, _QUIZ_FORM] = Field(
        default=None,
        description="The published source to cite for this questionnaire, as plain text "
        "(no Markdown; not checked for reading age).",
    )
    licence: Annotated[Markdown | None, _QUIZ_FORM] = Field(
        default=None, description="Who owns it and how it may be used."
    )
    sources: Annotated[list[Source], _QUIZ_FORM] = Field(
        default_factory=list, description="Where the questionnaire and its scoring come from."
    )
    last_reviewed: Annotated[dt.date | None, shown()] = None
    """When a reviewer last checked the quiz (YYYY-MM-DD)."""
    next_review: Annotated[dt.date | None, shown()] = None
    """When the quiz is due for its next review (YYYY-MM-DD)."""

    @model_validator(mode="after")
    def _every_question_has_a_scale(self) -> Quiz:
        missing = [q.id for q in self.questions if q.scale is None and self.scale is None]
        if missing:
            raise ValueError(f"questions {', '.join(missing)} have no scale; give a shared 'scale' or one per question")
        return self

    def scale_for(self, question: Question) -> list[ScalePoint]:
        scale = question.scale or self.scale
        assert scale is not None  # checked by _every_question_has_a_scale
        return scale


# --------------------------------------------------------------------------- worksheets


class PromptBlock(Strict):
    """A question with lines to write on."""

    kind: Literal["prompt"]
    """'prompt': a question with lines to write on."""
    text: ShortText = Field(description="The question to write about.")
    hint: Markdown | None = None
    """Help shown under the question."""
    lines: int = Field(default=4, ge=1, le=30, description="How many writing lines to print.")


class ChecklistBlock(Strict):
    kind: Literal["checklist"]
    """'checklist': things to tick."""
    title: Title = Field(description="The list's heading.")
    items: list[ShortText] = Field(min_length=1)
    """The things to tick, in order."""


class RatingBlock(Strict):
    """A 0 to 10 scale."""

    kind: Literal["rating"]
    """'rating': a scale from 0 to 10."""
    text: ShortText = Field(description="What the reader rates from 0 to 10.")
    low_label: Title = Field(description="What 0 means.")
    high_label: Title = Field(description="What 10 means.")


class TableBlock(Strict):
    """A grid to fill in, for example a 7-day journal."""

    kind: Literal["table"]
    """'table': a grid to fill in."""
    title: Title = Field(description="The table's heading.")
    row_heading: ShortText = Field(description="The heading of the first column, for example 'Day'.")
    rows: list[ShortText] = Field(min_length=1, description="Row labels, for example the days of the week.")
    columns: list[ShortText] = Field(min_length=1, max_length=6)
    """The column headings, up to 6."""


class PlanBlock(Strict):
    """Small steps with 'by when' and 'done'."""

    kind: Literal["plan"]
    """'plan': small steps with 'by when' and 'done'."""
    title: Title = Field(description="The plan's heading.")
    steps: int = Field(default=5, ge=1, le=12, description="How many empty step rows.")
    examples: list[ShortText] = Field(default_factory=list, description="Steps filled in as examples.")


class NotesBlock(Strict):
    kind: Literal["notes"]
    """'notes': lines for anything else."""
    title: Title = Field(description="The heading above the lines.")
    lines: int = Field(default=6, ge=1, le=30)
    """How many writing lines to print."""


WorksheetBlock = Annotated[
    PromptBlock | ChecklistBlock | RatingBlock | TableBlock | PlanBlock | NotesBlock,
    Field(discriminator="kind"),
]


class Worksheet(Strict):
    """A printable worksheet (content/worksheets/SLUG.yaml)."""

    title: Annotated[Title, shown("own page", "linking pages", "home", "index pages", "nav")] = Field(
        description="The worksheet's title."
    )
    summary: Annotated[ShortText, shown("own page", "home", "index pages")] = Field(
        description="One line shown on the worksheets page and in search results."
    )
    purpose: Annotated[Markdown, _OWN] = Field(description="Why this worksheet helps.")
    instructions: Annotated[Markdown, _OWN] = Field(description="How to fill it in.")
    topic: Annotated[Slug | None, shown("own page", names_others=True)] = Field(
        default=None, description="The topic this worksheet belongs to."
    )
    blocks: Annotated[list[WorksheetBlock], _OWN] = Field(min_length=1)
    """The parts of the worksheet, in order. Each one's 'kind' says which block it is."""


Band.model_rebuild()
Flag.model_rebuild()
Profile.model_rebuild()

ContentModel = Topic | Quiz | Worksheet | SiteSettings
