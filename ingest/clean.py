"""Cleaning of PDF-extraction noise. Each rule is a small function: text -> (text, changes).

The rules run in a fixed order (`RULES`); `clean_text` returns the cleaned text and a count per
rule, which the ingest report shows as before/after numbers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

Rule = Callable[[str], tuple[str, int]]

_URL_LINE = re.compile(r"^\s*['‘’]?\s*(https?://\S+|www\.\S+)\s*$")
_STACK_PIECE = re.compile(r"^.{1,2}$")
_BULLET = re.compile(r"^\s*(?:[•\-–*▪]|\d+[.)]|[a-z][.)])\s+")
# Words after "klimaat-" that show the hyphen is an elision ("klimaat- en energiebeleid").
_ELISION_WORDS = {"en", "of", "tot", "dan", "noch", "als", "maar"}


def normalize_whitespace(text: str) -> tuple[str, int]:
    """Unify line ends, non-breaking spaces and form feeds; strip trailing blanks."""
    before = text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u00a0", " ").replace("\u00ad", "")
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    changed = sum(a != b for a, b in zip(before.split("\n"), text.split("\n"), strict=False))
    return text, changed


def join_stacked_letters(text: str) -> tuple[str, int]:
    """Rejoin text printed vertically in a rotated page margin: one or two letters per line.

    A run of at least six such pieces (blank lines between them allowed, a three-letter piece
    tolerated inside a run) is glued back together; the pieces carry their own spaces. A margin
    text that recurs on several pages is a navigation tab repeating chapter titles found
    elsewhere in the text, so it is dropped; a one-off margin text becomes its own paragraph."""
    lines = text.split("\n")
    runs: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines):
        if _STACK_PIECE.match(lines[i]) and lines[i].strip():
            j = i
            while j < len(lines) and (
                _STACK_PIECE.match(lines[j]) or not lines[j].strip() or len(lines[j]) == 3
            ):
                j += 1
            while j > i and not lines[j - 1].strip():
                j -= 1
            pieces = lines[i:j]
            if sum(1 for p in pieces if p.strip()) >= 6:
                runs.append((i, j, re.sub(r"\s+", " ", "".join(pieces)).strip()))
                i = j
                continue
        i += 1

    # Compare without digits/spaces: a page number may be glued to one copy ("332.We ...").
    def key(joined: str) -> str:
        return re.sub(r"[\d\s]", "", joined)

    repeated = {key(r[2]) for r in runs if sum(key(r[2]) == key(o[2]) for o in runs) > 1}
    out: list[str] = []
    last = 0
    for start, end, joined in runs:
        out.extend(lines[last:start])
        if key(joined) not in repeated:
            out.extend(["", joined, ""])
        last = end
    out.extend(lines[last:])
    return "\n".join(out), sum(1 for s, e, _ in runs for x in lines[s:e] if x.strip())


def drop_margin_tabs(text: str) -> tuple[str, int]:
    """Drop chapter tabs printed in the margin of chapter pages: a paragraph that is only
    "N. Title" while the same title also occurs elsewhere in the document. The list of titles
    inside running text (consecutive lines) is content and stays."""

    def flat(part: str) -> str:
        return re.sub(r"\s+", " ", part).strip()

    def is_tab(part: str) -> bool:
        return bool(re.fullmatch(r"\d\.\s+[^.]{3,100}", part))

    blocks = text.split("\n\n")
    seen = Counter(flat(line) for line in text.split("\n"))
    seen.update(flat(b) for b in blocks if "\n" in b.strip())
    out: list[str] = []
    dropped = 0
    for block in blocks:
        lines = block.strip("\n").split("\n")
        # A tab may run into the next page's first line, which starts with a space.
        cut = next((k for k, ln in enumerate(lines) if k and ln.startswith(" ")), len(lines))
        head, rest = flat(" ".join(lines[:cut])), lines[cut:]
        if is_tab(head) and seen[head] >= 2:
            dropped += 1
            if rest:
                out.append("\n".join(rest))
            continue
        out.append(block)
    return "\n\n".join(out), dropped


def drop_table_of_contents(text: str) -> tuple[str, int]:
    """Drop a table of contents: a run of at least five lines that each end in a tab and a page
    number ("7.4 Inkopen met Impact lijkt minder bepalend ...\t28"). Its titles return as real
    headings further on; left in, the list would be retrieved instead of the sections."""
    lines = text.split("\n")
    toc = [bool(re.match(r"^\S.{2,250}\t\s*\d{1,3}\s*$", line)) for line in lines]
    drop = [False] * len(lines)
    i = 0
    while i < len(lines):
        if toc[i]:
            j, count = i, 0
            while j < len(lines) and (toc[j] or not lines[j].strip()):
                count += toc[j]
                j += 1
            if count >= 5:
                drop[i:j] = [True] * (j - i)
            i = j
        else:
            i += 1
    out = [line for line, gone in zip(lines, drop, strict=True) if not gone]
    return "\n".join(out), sum(1 for line, gone in zip(lines, drop, strict=True) if gone and line)


def drop_repeated_url_lines(text: str) -> tuple[str, int]:
    """Link annotations are extracted as bare URL lines, often twice or thrice: keep one."""
    out: list[str] = []
    dropped = 0
    previous_url = None
    for line in text.split("\n"):
        match = _URL_LINE.match(line)
        url = match.group(1) if match else None
        if url is not None and url == previous_url:
            dropped += 1
            continue
        if line.strip():
            previous_url = url
        out.append(line)
    return "\n".join(out), dropped


def drop_page_numbers(text: str) -> tuple[str, int]:
    """Remove bare page numbers: lines holding only 1-3 digits, and a number glued after the
    last sentence of a page ("... van de rijksoverheid. 4")."""
    out: list[str] = []
    dropped = 0
    for line in text.split("\n"):
        if re.fullmatch(r"\s*\d{1,3}\s*", line):
            dropped += 1
            continue
        new = re.sub(r"([.!?”\"])\s+\d{1,3}$", r"\1", line)
        if new == line:
            new = re.sub(r"^(Lees hier .+?)\s+\d{1,3}$", r"\1", line)
        dropped += new != line
        out.append(new)
    return "\n".join(out), dropped


def drop_running_headers(text: str) -> tuple[str, int]:
    """Remove running headers/footers: a short line that recurs at least three times with only
    its page number changing ("Tweede Kamer, vergaderjaar 2019–2020, 30 196, nr. 679 3")."""
    lines = text.split("\n")

    def key(line: str) -> str | None:
        stripped = line.strip()
        if not (8 <= len(stripped) <= 120) or "\t" in stripped or _BULLET.match(stripped):
            return None
        if not re.search(r"(^\d{1,3}\s)|(\s\d{1,3}$)|(\|)", stripped):
            return None
        return re.sub(r"^\d{1,3}\s+|\s+\d{1,3}$", "", stripped)

    counts = Counter(k for k in map(key, lines) if k)
    frequent = {k for k, n in counts.items() if n >= 3}
    out = [line for line in lines if key(line) not in frequent]
    return "\n".join(out), len(lines) - len(out)


def fix_hyphenation(text: str) -> tuple[str, int]:
    """Join words broken at line ends: "belang-\\nrijke" -> "belangrijke". Keeps the hyphen of
    an elision ("klimaat-\\nen energie") and before a capital ("ABDTOP-\\nConsult")."""
    count = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal count
        head, tail = match.group(1), match.group(2)
        first = tail
        if first.lower().strip(".,;:") in _ELISION_WORDS:
            return f"{head}- {tail}"
        count += 1
        if first[:1].isupper() or first[:1].isdigit():
            return f"{head}-{tail}"
        return f"{head}{tail}"

    text = re.sub(r"(\w)-[ \t]*\n[ \t]*(\S+)", repl, text)
    return text, count


# Known OCR confusions in this corpus, each verified against the published PDF text.
_OCR_FIXES = {
    "t.0.v.": "t.o.v.",
    "ordegrrootte": "ordegrootte",
    "thema'’s": "thema's",
    "creéren": "creëren",
}


def fix_ocr_slips(text: str) -> tuple[str, int]:
    """Correct OCR slips that are safe: a listed confusion, or a digit 0 between lower-case
    letters ("ge0rganiseerd"), which is never a number in Dutch prose."""
    count = 0
    for wrong, right in _OCR_FIXES.items():
        n = text.count(wrong)
        if n:
            text = text.replace(wrong, right)
            count += n
    # Whole lower-case words only, never inside URLs, codes or numbers.
    text, n = re.subn(r"(?<![\w/.:=-])([a-z]+)0([a-z]+)(?![\w/.=-])", r"\1o\2", text)
    return text, count + n


def reflow_paragraphs(text: str) -> tuple[str, int]:
    """Undo the PDF's hard line wraps inside a paragraph so sentences are whole again.

    Lines are joined with a space unless the next line starts a list item, a Markdown
    heading or table row, or the current line is a Markdown heading."""
    out: list[str] = []
    joined = 0
    for line in text.split("\n"):
        stripped = line.strip()
        prev = out[-1] if out else ""
        can_join = (
            prev.strip()
            and stripped
            and not _BULLET.match(stripped)
            and not stripped.startswith(("#", "|", "Tabel ", "Figuur "))
            and not prev.lstrip().startswith(("#", "|"))
            and not line.startswith((" ", "\t"))  # a leading space marks a new PDF page/block
            and not _URL_LINE.match(prev)
            and not _URL_LINE.match(line)
            and "\t" not in prev
            and "\t" not in stripped
            and not re.match(r"^\d+(\.\d+)+\s", stripped)
        )
        if can_join:
            out[-1] = prev.rstrip() + " " + stripped
            joined += 1
        elif prev.strip() and stripped and (line.startswith(" ") or _URL_LINE.match(prev)):
            out.extend(["", stripped])  # a new page/block: keep it a paragraph of its own
        else:
            out.append(stripped if not stripped else line.strip())
    return "\n".join(out), joined


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE = re.compile(rf"^([{_SUPERSCRIPTS}]+)\s+\S")


def move_footnotes_to_references(text: str) -> tuple[str, int]:
    """Put each footnote right after the paragraph that refers to it ("... groot is.¹⁰").

    PDF extraction leaves footnotes wherever the page ended, often pages away from their
    reference and in the middle of another passage; a footnote that holds content ("Dit zijn:
    energie, GWW, ...") is then never retrieved with the sentence it explains. A footnote
    whose marker has no earlier reference stays where it is."""
    blocks = text.split("\n\n")
    footnotes: dict[int, list[str]] = {}  # index of the referring block -> its footnotes
    kept: list[str | None] = []
    moved = 0
    for block in blocks:
        lines = block.strip("\n").split("\n")
        if not all(_FOOTNOTE.match(line) for line in lines):
            kept.append(block)
            continue
        rest = []
        for line in lines:
            marker = _FOOTNOTE.match(line).group(1)  # type: ignore[union-attr]
            ref = re.compile(rf"(?<=\S)(?<![{_SUPERSCRIPTS}]){marker}(?![{_SUPERSCRIPTS}])")
            target = next(
                (i for i in range(len(kept) - 1, -1, -1) if kept[i] and ref.search(kept[i])),
                None,
            )
            if target is None:
                rest.append(line)
            else:
                footnotes.setdefault(target, []).append(line)
                moved += target != len(kept) - 1  # not already right below its reference
        kept.append("\n".join(rest) if rest else None)
    out: list[str] = []
    for i, block in enumerate(kept):
        if block is not None:
            out.append(block)
        out.extend(footnotes.get(i, []))
    return "\n\n".join(out), moved


RULES: list[tuple[str, Rule]] = [
    ("normalize_whitespace", normalize_whitespace),
    ("join_stacked_letters", join_stacked_letters),
    ("drop_margin_tabs", drop_margin_tabs),
    ("drop_table_of_contents", drop_table_of_contents),
    ("drop_repeated_url_lines", drop_repeated_url_lines),
    ("drop_running_headers", drop_running_headers),
    ("drop_page_numbers", drop_page_numbers),
    ("fix_hyphenation", fix_hyphenation),
    ("fix_ocr_slips", fix_ocr_slips),
    ("move_footnotes_to_references", move_footnotes_to_references),
]


def clean_text(text: str, *, reflow: bool = True) -> tuple[str, dict[str, int]]:
    """Run every rule in order; `reflow` joins wrapped lines (off for Markdown we wrote)."""
    counts: dict[str, int] = {}
    rules = RULES + ([("reflow_paragraphs", reflow_paragraphs)] if reflow else [])
    for name, rule in rules:
        text, counts[name] = rule(text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text, counts
