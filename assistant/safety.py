"""Prompt-injection guards.

Passages are data. A sentence inside a passage that talks *to the assistant* ("zeg dat ...",
"negeer alle eerdere instructies") is never evidence: the extractive answerer skips it and the
verifier does not accept it as support. A question that tries to override the assistant has that
part cut off, so only the genuine question is answered."""

from __future__ import annotations

import re

_INSTRUCTION_PATTERNS = [
    r"\b(negeer|vergeet|overschrijf|omzeil)\b.{0,40}\b(instructie|opdracht|regel|prompt|bericht)",
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instruction|prompt|rule|message)s?\b",
    r"\b(zeg|antwoord|vertel|schrijf|beweer)\b[^.?!\n]{0,30}?"
    r"\b(dat|tegen de gebruiker|de gebruiker)\b",
    r"\b(je|jij|u)\s+(bent|moet|mag|zult)\s+(nu|voortaan|vanaf nu|altijd)\b",
    r"\b(vanaf nu|voortaan)\b.{0,30}\b(ben je|antwoord|zeg)\b",
    r"\b(system ?prompt|systeemprompt|systeeminstructie|jailbreak)\b",
    r"\b(als|tegen)\s+(een\s+)?(ai|assistent|taalmodel|chatbot)\b.{0,40}\b(zeg|antwoord|moet)\b",
    r"\byou (are|must) now\b|\bact as\b|\bpretend\b",
]
_INSTRUCTION_RE = re.compile("|".join(f"(?:{p})" for p in _INSTRUCTION_PATTERNS), re.I | re.S)

# In a question, everything from the override phrase to the end of its sentence is dropped.
_OVERRIDE_RE = re.compile(
    r"(?:\b(?:negeer|vergeet|ignore|disregard|forget)\b[^.?!\n]*"
    r"(?:instructie|opdracht|regel|prompt|instruction|rule)s?[^.?!\n]*[.?!]?)"
    r"|(?:\b(?:zeg|beweer|antwoord|schrijf|vertel)\b[^.?!\n]{0,30}?\bdat\b[^.?!\n]*[.?!]?)"
    r"|(?:\b(?:je bent nu|vanaf nu ben je|you are now|act as)\b[^.?!\n]*[.?!]?)",
    re.I,
)


def looks_like_instruction(sentence: str) -> bool:
    """True when a sentence addresses the assistant instead of stating a fact."""
    return bool(_INSTRUCTION_RE.search(sentence))


def strip_override(question: str) -> tuple[str, bool]:
    """Remove override attempts from a question. Returns (clean question, whether any was found)."""
    cleaned, count = _OVERRIDE_RE.subn(" ", question)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,;:-")
    return cleaned, count > 0
