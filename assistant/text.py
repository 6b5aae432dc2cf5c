"""Small Dutch text helpers shared by the extractive answerer and the verifier.

Sentence splitting keeps character offsets, so a quote can always be traced back to the exact
span of the passage (and from there, via the chunk's start offset, into the cleaned source)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# Abbreviations that end in a dot but do not end a sentence (lower-case, without the final dot).
_ABBREVIATIONS = {
    "o.a",
    "bijv",
    "bv",
    "nr",
    "art",
    "e.d",
    "m.b.t",
    "i.v.m",
    "t.a.v",
    "z.g",
    "d.w.z",
    "o.b.v",
    "incl",
    "excl",
    "min",
    "max",
    "ca",
    "mr",
    "dr",
    "drs",
    "ir",
    "ing",
    "prof",
    "blz",
    "p",
    "jl",
    "vgl",
    "resp",
    "evt",
    "m.n",
    "t.b.v",
    "etc",
    "mln",
    "mld",
    "mrd",
    "jo",
    "lid",
    "hfst",
    "par",
}

# Dutch function words that carry no topical meaning; a small hand-kept list is enough here.
STOPWORDS = frozenset(
    """
    de het een en of maar dat die dit deze wat wie welke waar wanneer hoe waarom is zijn was waren
    wordt worden werd werden word ben bent heb hebt heeft hebben had hadden kan kunnen kon konden
    moet moeten moest mag mogen zal zullen zou zouden wil willen ook nog al niet geen wel te van
    voor in op aan met bij uit over naar om tot door als dan zo er hier daar je jij u uw ik we wij
    ze zij hij haar hem hun ons onze mijn jouw men zich zelf veel meer meest minder weinig alle
    alles iets niets elk elke ieder iedere andere ander toch dus want omdat nu reeds zoals hoeveel
    waarin waarbij waarvoor daarbij daarin daarvoor hierbij hiervoor onder tussen tegen zonder
    via per na sinds binnen buiten boven beneden mee eens even vaak zeer heel erg gaat gaan ging
    doen doet deed gedaan kunt zou worden geworden worden, the and of to a in is for on
    """.replace(",", " ").split()
)

_WORD_RE = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ][0-9A-Za-zÀ-ÖØ-öø-ÿ'’\-]*")
# Numbers as written in Dutch text: 250.000, 5,4, 2030, 50%, € 60.000. Matched as written.
_NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
# A colon does not end a sentence: "(hierna: ARK)", "als volgt: ...".
_SENT_END_RE = re.compile(r"[.!?;]+[\"'”’)]*\s+|\n\s*\n+|\n(?=\s*(?:[-*•]|\d+[.)]|#))")


@dataclass(frozen=True)
class Span:
    """A sentence with its offsets [start, end) into the text it was cut from."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch")


def fold(text: str) -> str:
    """Lower-case and strip diacritics so 'creëren' and 'creeren' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


_DOUBLE_VOWEL_RE = re.compile(r"([aeou])\1")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    stemmed = _stemmer().stemWord(word)
    # Snowball leaves "duurzaam"/"duurzame" apart; a final -e and doubled vowels are noise here.
    if len(stemmed) > 4 and stemmed.endswith("e"):
        stemmed = stemmed[:-1]
    return _DOUBLE_VOWEL_RE.sub(r"\1", stemmed)


def content_terms(text: str) -> list[str]:
    """Stemmed, folded content words (stopwords and one-letter tokens removed)."""
    out: list[str] = []
    for token in words(fold(text)):
        # "MVI-zelfevaluatietool", "zero-emissie": the parts carry the meaning.
        for w in token.replace("’", "'").split("-"):
            w = w.strip("'")
            if len(w) < 2 or w in STOPWORDS:
                continue
            out.append(stem(w))
    return out


def numbers(text: str) -> list[str]:
    """Numbers as written (e.g. '250.000', '5', '2030'); used for the verbatim-number check."""
    return _NUMBER_RE.findall(text)


def _ends_with_abbreviation(text: str) -> bool:
    tail = text.rstrip().rstrip(".").rsplit(None, 1)
    if not tail:
        return False
    last = tail[-1].lower()
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def split_sentences(text: str) -> list[Span]:
    """Split text into sentences, keeping offsets. Newlines inside a sentence are kept as is."""
    spans: list[Span] = []
    start = 0
    for match in _SENT_END_RE.finditer(text):
        end = match.end()
        piece = text[start:end]
        if match.group(0).strip() and _ends_with_abbreviation(text[start : match.start() + 1]):
            continue
        _add_span(spans, text, start, end, piece)
        start = end
    if start < len(text):
        _add_span(spans, text, start, len(text), text[start:])
    return spans


def _add_span(spans: list[Span], text: str, start: int, end: int, piece: str) -> None:
    lead = len(piece) - len(piece.lstrip())
    stripped = piece.strip()
    if not stripped:
        return
    s = start + lead
    spans.append(Span(text=stripped, start=s, end=s + len(stripped)))


_MD_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")  # table cells extracted from PDFs as HTML
_LEAD_MARK_RE = re.compile(r"^(?:[-*•]\s+|#+\s*|\d+[.)]\s+)+")


def tidy(text: str) -> str:
    """Collapse whitespace, Markdown links/emphasis and list bullets for an answer sentence."""
    text = _HTML_TAG_RE.sub(" ", _MD_LINK_RE.sub(r"\1", text.strip()))
    text = re.sub(r"\*\*|__|(?<!\w)\*|\*(?!\w)", "", text)
    text = _LEAD_MARK_RE.sub("", text.strip())
    return re.sub(r"\s+", " ", text).strip()
