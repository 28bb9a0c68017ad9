"""The paper scoring key: the points for each answer, the bands as written, and every rule in words.

With it a reader scores the quiz on paper, without JavaScript; it must agree with
:func:`generator.quiz.scoring.score_answers` (``tests/test_quiz_compiler.py`` checks it does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import Messages
from ..models import Band, Condition, Quiz, SubscaleBand
from .scoring import condition_bound, item_score


@dataclass(frozen=True)
class KeyRow:
    """One question's line of a points table."""

    number: int
    """The question's number, from 1."""
    points: tuple[int, ...]
    """The points for each answer, already reversed and weighted."""


@dataclass(frozen=True)
class KeyTable:
    """The points table for the questions that share one set of answers."""

    labels: tuple[str, ...]
    """The answers' words, in scale order."""
    rows: tuple[KeyRow, ...]
    """The questions, in order."""


@dataclass(frozen=True)
class KeyBand:
    """A band as the key lists it: its scores as written in the quiz, and its title."""

    min: int | float
    """The lowest score in the band."""
    max: int | float
    """The highest score in the band."""
    title: str
    """The band's title."""


def key_tables(quiz: Quiz) -> tuple[KeyTable, ...]:
    """One points table per distinct set of answers, in question order; unscored questions are left out.

    Points are already reversed and weighted, so the key never also asks the reader to reverse.
    """
    tables: dict[tuple[str, ...], list[KeyRow]] = {}
    for i, q in enumerate(quiz.questions):
        if not q.scored:
            continue
        scale = quiz.scale_for(q)
        row = KeyRow(number=i + 1, points=tuple(item_score(quiz, i, p.value) for p in scale))
        tables.setdefault(tuple(p.label for p in scale), []).append(row)
    return tuple(KeyTable(labels=labels, rows=tuple(rows)) for labels, rows in tables.items())


def key_bands(bands: Sequence[Band | SubscaleBand]) -> tuple[KeyBand, ...]:
    """Bands with their scores as written."""
    return tuple(KeyBand(min=b.min, max=b.max, title=b.title) for b in bands)


def join_words(items: Sequence[str], word: str) -> str:
    """'a, b or c' (with the catalog's word for 'or')."""
    return ", ".join(items[:-1]) + (f" {word} " if len(items) > 1 else "") + items[-1]


@dataclass(frozen=True)
class RuleWords:
    """Red flags and flags in the key's words: which answers or which score make them fire."""

    quiz: Quiz
    messages: Messages

    def number(self, question_id: str) -> int:
        """A question's number, from 1."""
        return next(i for i, q in enumerate(self.quiz.questions) if q.id == question_id) + 1

    def answers(self, question_id: str, limit: int | float, up: bool) -> str:
        """The answers of a question whose value is at least (up) or at most the limit."""
        scale = self.quiz.scale_for(self.quiz.questions[self.number(question_id) - 1])
        labels = [p.label for p in scale if (p.value >= limit if up else p.value <= limit)]
        return join_words(labels, self.messages.quiz_or)

    def crisis_keys(self) -> tuple[str, ...]:
        """The urgent part of the key: red flags by question number, then the crisis flags in order."""
        t = self.messages
        rules = sorted(self.quiz.red_flags, key=lambda r: self.number(r.question))
        red = [
            t("quiz_key_red_flag_item", n=self.number(r.question), answers=self.answers(r.question, r.at_least, True))
            for r in rules
        ]
        crisis = [self.describe(f.when) for f in self.quiz.flags if f.severity == "crisis"]
        return (*red, *crisis)

    def describe(self, c: Condition) -> str:
        """One flag's rule in words."""
        t, up, bound = self.messages, c.at_least is not None, condition_bound(c)
        if c.question is not None:
            return t("quiz_key_red_flag_item", n=self.number(c.question), answers=self.answers(c.question, bound, up))
        if c.questions is not None:
            numbers = ", ".join(str(self.number(q)) for q in c.questions)
            answers = self.answers(c.questions[0], bound, up)
            out = t("quiz_key_flag_count", count=c.how_many, numbers=numbers, answers=answers)
            for q, limit in c.thresholds.items():
                out += "; " + t("quiz_key_flag_own", n=self.number(q), answers=self.answers(q, limit, up))
            if c.including_one_of:
                numbers = join_words([str(self.number(q)) for q in c.including_one_of], t.quiz_or)
                out += "; " + t("quiz_key_flag_including", numbers=numbers)
            return out
        name = t.quiz_key_total_title if c.total else next(s.title for s in self.quiz.subscales if s.id == c.subscale)
        return t("quiz_key_flag_at_least" if up else "quiz_key_flag_at_most", title=name, value=bound)
