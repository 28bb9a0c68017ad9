"""Synthetic guidecraft projects for the build benchmark.

``make_project(dest, topics, seed)`` writes a project folder that looks like a real
charity's site at that size:

- ``content/site.yaml``: the repository's real site settings (crisis lines, region,
  disclaimers) plus one category per about 25 topics;
- ``content/topics/*.yaml``: topics with every section filled, about 1,500 words each,
  made of varied plain sentences (deterministic for a seed), with tags, related topics
  in the same category and links to other topics in the prose;
- one quiz and one worksheet per 10 topics, valid as the loader checks them (bands
  cover every possible score exactly once, a red-flag rule, reversed items);
- ``mkdocs.yml`` and ``overrides/``: copies of the repository's, with the plugin's
  ``worksheet_pdfs`` set as asked.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml writes 1,000 topics in a second or two

# --------------------------------------------------------------------------- words

_SUBJECTS = [
    "Many people", "Some of us", "A close friend", "Your mind", "A parent", "Someone you trust",
    "A brother or sister", "A partner", "People at work", "A teacher", "An old friend", "Your body",
    "A neighbour", "A doctor", "A counsellor", "Young people", "Older people", "A new friend",
    "Your family", "A kind voice", "Nobody", "Everyone", "A small habit", "A quiet evening",
]
_VERBS = [
    "notice", "find", "feel", "learn", "remember", "forget", "share", "hide", "miss", "keep",
    "try", "ask for", "look for", "talk about", "worry about", "think about", "hope for", "make room for",
    "let go of", "hold on to", "write down", "plan", "put off", "come back to",
]
_OBJECTS = [
    "small changes", "a hard feeling", "the urge to stay home", "a message they meant to send",
    "the good days", "a long walk", "old patterns", "a simple plan", "time to rest", "a calm talk",
    "a worry that keeps coming back", "what helps", "the signs of stress", "their own needs",
    "the people who matter", "a bit of space", "a kind word", "the next small step", "a busy week",
    "a quiet place", "a way to say no", "a reason to smile", "a cup of tea with someone", "some fresh air",
]
_TAILS = [
    "when things feel heavy", "after a long day", "at their own pace", "more often than they think",
    "without meaning to", "in the morning", "before they are ready", "when nobody is looking",
    "even on good days", "bit by bit", "with a little help", "over many weeks", "for a while",
    "once they feel safe", "in their own way", "from time to time", "as the weeks go by",
    "when the house is quiet", "on the way home", "at the weekend", "during a hard time",
    "when sleep is poor", "after a busy month", "with the people close by",
]
_OPENERS = ["", "", "", "Often, ", "Sometimes, ", "At first, ", "Later, ", "For many, ", "In time, ", "Now and then, "]
_CLOSERS = [
    "That is normal.", "It takes time.", "You are not alone in this.", "Go gently.",
    "There is no rush.", "Small steps count.", "It is fine to ask for help.", "Be kind to yourself.",
]

_THEMES = [
    "Feeling lonely", "Worry", "Low mood", "Anger", "Stress", "Grief", "Shyness", "Jealousy",
    "Guilt", "Shame", "Feeling numb", "Panic", "Poor sleep", "Self-doubt", "Feeling left out",
    "Money worries", "Burnout", "Feeling stuck", "Mood swings", "Overthinking", "Feeling on edge",
    "Trust", "Saying no", "Asking for help", "Feeling judged", "Fear of change", "Being alone",
    "Arguments", "Feeling unheard", "Feeling tired", "Low confidence", "Missing someone",
    "Feeling overwhelmed", "Regret", "Feeling unsafe", "Pressure", "Feeling far from others",
    "Feeling hopeless", "Big changes", "Making friends",
]
_CONTEXTS = [
    "at work", "at school", "at home", "after a break-up", "after a move", "in a new job",
    "as a parent", "as a carer", "with friends", "online", "in a family", "after an illness",
    "at university", "in later life", "as a teenager", "after a loss", "in a relationship",
    "with neighbours", "in winter", "on holidays", "after a baby", "when money is tight",
    "with brothers and sisters", "in a new town", "when living alone",
]
_CATEGORY_NAMES = [
    "Feelings", "Relationships", "Family life", "Work and study", "Health and sleep", "Loss and change",
    "Confidence", "Getting support", "Money and home", "Growing older", "Friendship", "Everyday stress",
    "Young people", "Carers", "Life events", "Staying well",
]
_TAGS = [
    "closeness", "fear of rejection", "low mood", "friendship", "worry", "sleep", "family", "work",
    "school", "grief", "anger", "trust", "confidence", "stress", "loneliness", "change", "money",
    "carers", "parents", "young people", "older people", "relationships", "self-care", "boundaries",
    "talking", "feelings", "habits", "rest", "support", "hope",
]


_PLURAL = {"Many people", "Some of us", "Young people", "Older people", "People at work"}


def _third_person(verb: str) -> str:
    head, _, rest = verb.partition(" ")
    if head.endswith("y") and head[-2] not in "aeiou":
        head = head[:-1] + "ies"
    elif head.endswith(("s", "sh", "ch", "x")):
        head += "es"
    else:
        head += "s"
    return f"{head} {rest}".strip()


_SCALE = ["Not at all", "Sometimes", "Often", "Most of the time"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Words:
    """Varied plain sentences from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self) -> str:
        r = self.rng
        if r.random() < 0.12:
            return r.choice(_CLOSERS)
        opener = r.choice(_OPENERS)
        subject = r.choice(_SUBJECTS)
        plural = subject in _PLURAL
        if opener:
            subject = subject[0].lower() + subject[1:]
        verb = r.choice(_VERBS)
        if not plural:
            verb = _third_person(verb)
        return f"{opener}{subject} {verb} {r.choice(_OBJECTS)} {r.choice(_TAILS)}."

    def text(self, words: int) -> str:
        """Paragraphs of about ``words`` words."""
        words = round(words * 0.85)  # the last sentence overshoots by half a sentence on average
        paragraphs, current, count = [], [], 0
        while count < words:
            s = self.sentence()
            current.append(s)
            count += len(s.split())
            if len(current) >= self.rng.randint(3, 5):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        return "\n\n".join(paragraphs)

    def line(self) -> str:
        return self.sentence()

    def title(self) -> str:
        r = self.rng
        return f"{r.choice(_VERBS).capitalize()} {r.choice(_OBJECTS)}"


def count_words(data: Any) -> int:
    if isinstance(data, str):
        return len(data.split())
    if isinstance(data, dict):
        return sum(count_words(v) for v in data.values())
    if isinstance(data, list):
        return sum(count_words(v) for v in data)
    return 0


# --------------------------------------------------------------------------- content


_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]  # 70


def own_word(i: int) -> str:
    """A made-up word for topic ``i``, unique up to 70**3 topics; its first syllables differ most
    often, so no two words share the stem a search engine keeps."""
    n = len(_SYLLABLES)
    return _SYLLABLES[i % n] + _SYLLABLES[(i // n) % n] + _SYLLABLES[(i // n // n) % n] + "lo"


def _topic(w: Words, i: int, slug: str, title: str, category: str, related: list[str], quiz: str | None,
           worksheet: str | None, link_to: str) -> dict[str, Any]:
    r = w.rng
    day = dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)
    steps = []
    for k in range(5):
        step: dict[str, Any] = {"title": w.title(), "body": w.text(60), "try_this": w.text(25)}
        if k == 1 and worksheet:
            step["worksheet"] = worksheet
        steps.append(step)
    # One word no other page has, in the body text, as a real topic has (a place, a name): the
    # benchmark searches for it (bench/build_bench.py). Appended, so the seeded text is unchanged.
    steps[2]["body"] += f" Some people call this the {own_word(i)} pattern."
    causes = [{"title": w.title(), "body": w.text(70)} for _ in range(4)]
    # A prose link to another topic, as authors write them, checked by the loader.
    causes[-1]["body"] += f"\n\nSee [ideas that may help](topic:{link_to}#steps)."
    return {
        "title": title,
        "summary": w.line(),
        "audience": w.line(),
        "category": category,
        "tags": r.sample(_TAGS, 3),
        "last_reviewed": day,
        "next_review": day + dt.timedelta(days=365),
        "authors": ["guidecraft benchmark"],
        "reviewers": ["guidecraft benchmark review"],
        "sources": [
            {"title": f"Source {i}-{n}", "url": f"https://example.org/{slug}/{n}", "publisher": "Example"}
            for n in range(2)
        ],
        "intro": w.text(60),
        "causes": {"intro": w.text(50), "items": causes},
        "signs": {"intro": w.text(40), "items": [{"title": w.title(), "body": w.line()} for _ in range(5)]},
        "steps": {"intro": w.text(40), "items": steps},
        "seek_help": {
            "intro": w.text(40),
            "urgent": [w.line() for _ in range(3)],
            "non_urgent": [w.line() for _ in range(3)],
            "what_to_expect": w.text(60),
        },
        "helping_others": {"intro": w.text(40), "items": [{"title": w.title(), "body": w.text(60)} for _ in range(3)]},
        "faq": [{"question": w.title() + "?", "answer": w.text(50)} for _ in range(3)],
        "quizzes": [quiz] if quiz else [],
        "related": related,
    }


def _quiz(w: Words, topic: str, worksheet: str | None) -> dict[str, Any]:
    questions = [{"id": f"q{k + 1}", "text": w.line()} for k in range(8)]
    questions[2]["reverse"] = True
    questions[5]["reverse"] = True
    # 8 questions scored 0-3: totals 0 to 24, each in exactly one band.
    bands = []
    for lo, hi in ((0, 7), (8, 15), (16, 24)):
        steps = [{"topic": topic, "section": "steps", "text": w.title()}]
        if worksheet:
            steps.append({"worksheet": worksheet, "text": w.title()})
        bands.append({"min": lo, "max": hi, "title": w.title(), "body": w.text(50), "next_steps": steps})
    return {
        "title": f"Check-in: {w.title().lower()}",
        "summary": w.line(),
        "topic": topic,
        "asks_about_risk": True,
        "last_reviewed": dt.date(2026, 1, 1),
        "next_review": dt.date(2027, 1, 1),
        "intro": w.text(40),
        "instructions": w.text(30),
        "scale": [{"label": label, "value": v} for v, label in enumerate(_SCALE)],
        "questions": questions,
        "bands": bands,
        "red_flags": [{"question": "q8", "at_least": 2, "message": w.text(30)}],
    }


def _worksheet(w: Words, topic: str) -> dict[str, Any]:
    return {
        "title": f"Worksheet: {w.title().lower()}",
        "summary": w.line(),
        "topic": topic,
        "purpose": w.text(40),
        "instructions": w.text(40),
        "blocks": [
            {"kind": "table", "title": w.title(), "row_heading": "Day",
             "rows": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
             "columns": ["What happened", "How I felt", "What I did"]},
            {"kind": "rating", "text": w.line(), "low_label": "Not at all", "high_label": "Very much"},
            {"kind": "prompt", "text": w.line(), "hint": w.line(), "lines": 4},
            {"kind": "checklist", "title": w.title(), "items": [w.line() for _ in range(4)]},
            {"kind": "plan", "title": w.title(), "steps": 4, "examples": [w.line()]},
            {"kind": "notes", "title": w.title(), "lines": 5},
        ],
    }


def _dump(data: Any, path: Path) -> None:
    path.write_text(yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=80), encoding="utf-8")


# Past 1,000 topics (every theme in every context), titles take one of these endings too.
_ASPECTS = ["and sleep", "and family", "and friends", "and money", "and food", "and work", "and health",
            "and school", "and rest"]  # fmt: skip


def make_project(
    dest: Path, topics: int, *, seed: int = 1, worksheet_pdfs: str = "false", categories: bool = True
) -> dict[str, Any]:
    """Write a synthetic project into ``dest``; returns counts and two topic slugs (one with a quiz, one without).

    ``categories=False`` writes a site without categories, as every ``guidecraft init`` site starts.
    """
    rng = random.Random(seed * 1_000_003 + topics)
    w = Words(rng)
    content = dest / "content"
    for kind in ("topics", "quizzes", "worksheets"):
        (content / kind).mkdir(parents=True, exist_ok=True)

    n_cat = max(1, round(topics / 25))
    rounds = len(_CATEGORY_NAMES)
    names = [_CATEGORY_NAMES[k % rounds] + (f" {k // rounds + 1}" if k >= rounds else "") for k in range(n_cat)]
    cats = [{"id": _slug(name), "title": name, "summary": w.line()} for name in names]
    titles = [f"{a} {b}" for a in _THEMES for b in _CONTEXTS]
    random.Random(seed).shuffle(titles)
    titles += [f"{t} {aspect}" for aspect in _ASPECTS for t in titles]
    if topics > len(titles):
        raise ValueError(f"at most {len(titles)} topics")
    titles = titles[:topics]
    slugs = [_slug(t) for t in titles]
    cat_of = [cats[i * n_cat // topics]["id"] for i in range(topics)]
    members: dict[str, list[int]] = {}
    for i, c in enumerate(cat_of):
        members.setdefault(c, []).append(i)

    n_extra = max(1, topics // 10)
    quiz_topic = {k * 10: f"check-in-{k + 1:03d}" for k in range(n_extra)}
    sheet_topic = {k * 10: f"worksheet-{k + 1:03d}" for k in range(n_extra)}

    words = 0
    for i, slug in enumerate(slugs):
        peers = [slugs[j] for j in members[cat_of[i]] if j != i]  # without categories: the 25 around it
        related = rng.sample(peers, min(3, len(peers)))
        link_to = slugs[(i + 1) % topics] if topics > 1 else slug
        data = _topic(w, i, slug, titles[i], cat_of[i], related, quiz_topic.get(i), sheet_topic.get(i), link_to)
        if not categories:
            del data["category"]
        words += count_words({k: v for k, v in data.items() if k not in {"sources", "tags", "authors", "reviewers"}})
        _dump(data, content / "topics" / f"{slug}.yaml")
    for i, qslug in quiz_topic.items():
        _dump(_quiz(w, slugs[i], sheet_topic.get(i)), content / "quizzes" / f"{qslug}.yaml")
    for i, wslug in sheet_topic.items():
        _dump(_worksheet(w, slugs[i]), content / "worksheets" / f"{wslug}.yaml")

    site = yaml.safe_load((REPO / "content" / "site.yaml").read_text(encoding="utf-8"))
    site["categories"] = cats if categories else []
    _dump(site, content / "site.yaml")

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = "content"
    plugin = {"guidecraft": {"worksheet_pdfs": worksheet_pdfs}}
    config["plugins"] = [plugin if p == "guidecraft" else p for p in config.get("plugins", [])]
    _dump(config, dest / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", dest / "overrides", dirs_exist_ok=True)
    return {
        "topics": topics,
        "quizzes": len(quiz_topic),
        "worksheets": len(sheet_topic),
        "categories": n_cat if categories else 0,
        "words_per_topic": round(words / topics),
        "quiz_topic": slugs[0],
        "plain_topic": slugs[min(1, topics - 1)],
    }
