"""One check for every question that enters the product (web form, JSON API, CLI)."""

from __future__ import annotations

import re

# Control characters other than tab and newline carry no meaning in a question, and NUL bytes
# cannot be stored in PostgreSQL text columns: remove them before anything else sees the text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class QuestionError(ValueError):
    """A question the assistant will not take; the message is Dutch and meant for the user."""


def clean_question(raw: str, max_chars: int) -> str:
    question = _CONTROL.sub("", raw).strip()
    if not question:
        raise QuestionError("De vraag is leeg. Typ een vraag over inkoop of beschrijf uw opdracht.")
    if len(question) > max_chars:
        raise QuestionError(
            f"De vraag is te lang ({len(question)} tekens); het maximum is {max_chars} tekens. "
            "Maak de vraag korter."
        )
    return question
