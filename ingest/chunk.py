"""Structure-keeping chunking: sections from headings, chunks from whole sentences.

Every chunk knows its section (the nearest heading, e.g. "7.4 Inkopen met Impact lijkt ...")
and its heading path, and carries start/end offsets into the cleaned text, so the web app can
open the source and highlight the passage. Chunk ids are stable: source + position + content."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.documents import Chunk

TARGET_CHARS = 1100  # ~280 tokens: well inside e5's 512-token window, few embeddings per page
MAX_CHARS = 1500
OVERLAP_CHARS = 250  # the last sentence of a chunk is repeated in the next one if this short

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.{2,200})$")
_TOP_NUMBERED = re.compile(r"^(\d{1,2})\.\s+([A-Z][^\t]{2,110})$")
_NAMED = re.compile(r"^((?:Appendix|Bijlage|Deel|Hoofdstuk)\s+\d+)\b[.:–\-\s]*(.*)$")
# Sentence end: . ! ? … (plus closing quotes/brackets) followed by whitespace.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"')\]]*\s+")
# A bibliography ("Appendix 2 – Bronnen"): its entries point at documents we do not hold, so
# they are never evidence for an answer, yet their titles ("Inkoopdata ministerie 2023") crowd
# out real passages in retrieval. They stay visible in the source viewer, but are not chunked.
_REFERENCE_LIST = re.compile(
    r"^(?:(?:appendix|bijlage|hoofdstuk)\s+\d+\s*[.:–\-]?\s*|\d{1,2}\.?\s+)?"
    r"(?:bronnen(?:lijst)?|bronvermelding|literatuur(?:lijst)?|referenties|"
    r"geraadpleegde (?:bronnen|literatuur|documenten)|"
    r"lijst van (?:bronnen|geraadpleegde documenten))$",
    re.IGNORECASE,
)


@dataclass
class Heading:
    level: int
    text: str


def _strip_md(text: str) -> str:
    return re.sub(r"[*_`]+", "", text).strip()


def detect_heading(paragraph: str) -> Heading | None:
    """Return the heading a one-line paragraph stands for, or None for body text."""
    if "\n" in paragraph.strip() or "\t" in paragraph:
        return None
    line = paragraph.strip()
    if m := _MD_HEADING.match(line):
        return Heading(len(m.group(1)), _strip_md(m.group(2)))
    plain = _strip_md(line)
    if m := _NUMBERED.match(plain):
        return Heading(m.group(1).count(".") + 1, plain)
    if (m := _TOP_NUMBERED.match(plain)) and not plain.endswith((":", ";", ",")):
        return Heading(1, plain)
    if (m := _NAMED.match(plain)) and len(plain) <= 120:
        return Heading(1, plain)
    words = plain.split()
    if (
        3 <= len(plain) <= 110
        and 1 <= len(words) <= 14
        and plain[0].isupper()
        and not plain.endswith((".", ":", ";", ",", "!", "”", '"', ")"))
        and not plain.startswith(("“", '"', "•", "-", "http", "www", "Lees hier"))
        and line == paragraph.strip()
    ):
        return Heading(9, plain)  # unnumbered heading: below every numbered level
    return None


def is_reference_list(heading: str) -> bool:
    """True for the heading of a bibliography section."""
    return bool(_REFERENCE_LIST.match(_strip_md(heading).lstrip("# ").strip()))


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        if m.group(0).strip():
            spans.append((m.start(), m.end()))
    return spans


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end] (lines of a list count as sentences too)."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    out: list[tuple[int, int]] = []
    for s, e in spans:  # list lines inside a sentence span are separate units
        cursor = s
        for line in re.finditer(r"\n", text[s:e]):
            out.append((cursor, s + line.start()))
            cursor = s + line.end()
        out.append((cursor, e))
    return [(s, e) for s, e in out if text[s:e].strip()]


_FALLBACK = RecursiveCharacterTextSplitter(
    chunk_size=TARGET_CHARS,
    chunk_overlap=0,
    separators=["\t", "; ", ", ", " "],
    add_start_index=True,
    strip_whitespace=True,
)


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A single 'sentence' longer than MAX_CHARS (a flattened table): split at cell/word
    boundaries with LangChain's recursive splitter, keeping offsets."""
    out = []
    for doc in _FALLBACK.create_documents([text[start:end]]):
        s = start + doc.metadata["start_index"]
        out.append((s, s + len(doc.page_content)))
    return out


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    units: list[tuple[int, int]] = []
    for s, e in _sentence_spans(text, start, end):
        units.extend(_split_long(text, s, e) if e - s > MAX_CHARS else [(s, e)])
    return units


def _pack(units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Greedily pack whole sentences into chunks of about TARGET_CHARS. A new chunk repeats
    the previous chunk's last sentence when it is short (OVERLAP_CHARS), so an answer that
    spans a chunk border still has its context on both sides."""
    chunks: list[tuple[int, int]] = []
    cur: list[tuple[int, int]] = []
    for unit in units:
        if cur and unit[1] - cur[0][0] > TARGET_CHARS:
            chunks.append((cur[0][0], cur[-1][1]))
            last = cur[-1]
            keep = len(cur) > 1 and last[1] - last[0] <= OVERLAP_CHARS
            cur = [last] if keep and unit[1] - last[0] <= TARGET_CHARS else []
        cur.append(unit)
    if cur:
        chunks.append((cur[0][0], cur[-1][1]))
    return chunks


def chunk_id(source: str, position: int, content: str, section_path: str = "") -> str:
    """Stable id: the same passage at the same place under the same heading keeps its id."""
    digest = hashlib.sha256(f"{section_path}\x1f{content}".encode()).hexdigest()
    # The prefix names the embedding recipe: a new one makes every index re-embed once.
    # v2: vectors re-embedded without the heading (a bug in metadata refresh) are gone;
    # v3: the embedded text no longer starts with the document title (Chunk.embed_text).
    return hashlib.sha256(f"v3\x1f{source}\x1f{position}\x1f{digest}".encode()).hexdigest()[:32]


def _split_heading_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A heading printed right above a bullet list shares its paragraph: give it its own."""
    out = []
    for s, e in spans:
        nl = text.find("\n", s, e)
        if nl != -1 and text[nl + 1 : nl + 2] in ("•", "-", "▪") and detect_heading(text[s:nl]):
            out.extend([(s, nl), (nl + 1, e)])
        else:
            out.append((s, e))
    return out


def chunk_text(source: str, text: str) -> list[Chunk]:
    """Split a cleaned text into chunks that keep their section and never cut a sentence.

    The heading line itself is part of the first chunk of its section (so its words are
    searchable and a highlight shows it); a heading with no body of its own is carried into
    the next section's first chunk."""
    stack: list[Heading] = []
    # (headings in force, heading spans to include, body paragraph spans)
    sections: list[tuple[list[Heading], list[tuple[int, int]], list[tuple[int, int]]]] = [
        ([], [], [])
    ]
    for s, e in _split_heading_lines(text, _paragraph_spans(text)):
        heading = detect_heading(text[s:e])
        if heading:
            carried = sections[-1][1] if not sections[-1][2] else []
            if carried:
                sections.pop()
            stack = [h for h in stack if h.level < heading.level] + [heading]
            sections.append((list(stack), [*carried, (s, e)], []))
        else:
            sections[-1][2].append((s, e))

    chunks: list[Chunk] = []
    for headings, heads, paragraphs in sections:
        if not paragraphs and not heads:
            continue
        if any(is_reference_list(h.text) for h in headings):
            continue
        units: list[tuple[int, int]] = list(heads)
        for s, e in paragraphs:
            units.extend(_units(text, s, e))
        path = " › ".join(h.text for h in headings)
        # Cite the numbered heading ("7.4 ...") when there is one; sub-headings stay in the path.
        numbered = [h for h in headings if h.level < 9]
        section = (numbered or headings)[-1].text if headings else ""
        for s, e in _pack(units):
            content = text[s:e]
            position = len(chunks)
            chunks.append(
                Chunk(
                    chunk_id=chunk_id(source, position, content, path),
                    source=source,
                    position=position,
                    text=content,
                    section=section,
                    section_path=path,
                    start=s,
                    end=e,
                )
            )
    return chunks
