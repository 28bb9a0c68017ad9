"""The quiz compiler, one job per module.

- :mod:`~generator.quiz.scoring`: the reference scorer, in exact arithmetic (every possible score, one reader's result).
- :mod:`~generator.quiz.checks`: the build checks pydantic alone cannot make.
- :mod:`~generator.quiz.payload`: the JSON data each quiz page carries for ``assets/quiz.js``, and its JSON Schema
  (``quiz-payload.schema.json``, beside it).
- :mod:`~generator.quiz.key`: the paper scoring key.
- :mod:`~generator.quiz.page`: what a quiz needs from its page (rendered Markdown, resolved links).
- :mod:`~generator.quiz.view`: everything ``templates/quiz_form.html.j2`` shows, as frozen dataclasses.

Import names from the module that holds them; this package re-exports nothing.
"""

__all__ = ["checks", "key", "page", "payload", "scoring", "view"]
