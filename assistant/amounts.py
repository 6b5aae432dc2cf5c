"""Dutch amounts and durations in free text: "€ 60.000", "60k", "2 ton", "1,2 miljoen", "2 jaar".

Pure functions without state; the profile parser combines them. Amounts need a currency sign,
a magnitude word (k, duizend, ton, miljoen) or thousands separators, so that "2 jaar" or
"100 laptops" are never read as money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_NUMBERS: dict[str, float] = {
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "vijftien": 15,
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
    "honderd": 100,
    "anderhalf": 1.5,
    "anderhalve": 1.5,
    "half": 0.5,
    "halve": 0.5,
    "tweeënhalf": 2.5,
    "tweeenhalf": 2.5,
}
_WORDS = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:[.\u00a0\u202f]\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:[.,]\d+)?"
_MULT = {
    "k": 1e3,
    "duizend": 1e3,
    "dzd": 1e3,
    "ton": 1e5,
    "miljoen": 1e6,
    "mln": 1e6,
    "mio": 1e6,
    "m": 1e6,
}
AMOUNT_RE = re.compile(
    rf"(?P<cur1>€|\beur\b|\beuro\b)?\s*"
    rf"(?P<num>{_DIGITS}|(?<![a-zà-ü])(?:{_WORDS}))"
    r"\s*(?P<mult>k\b|duizend|dzd\b|ton\b|miljoen|mln\b\.?|mio\b|m\b)?"
    r"\s*(?P<cur2>euro\b|eur\b|€|,-|,--)?",
    re.IGNORECASE,
)
# "€ 60 000": a space as thousands separator only right after a currency sign.
SPACED_RE = re.compile(r"(€|\beur\b|\beuro\b)\s*(\d{1,3}(?: \d{3})+)(?!\d)", re.IGNORECASE)
DURATION_RE = re.compile(
    rf"(?<![\d.,])(?P<num>\d+(?:[.,]\d+)?|(?<![a-zà-ü])(?:{_WORDS}))\s*"
    r"(?P<unit>jaren|jaar|jr\b|maanden|maand|mnd\b|weken|week|dagen|dag\b)",
    re.IGNORECASE,
)
TIMES_RE = re.compile(r"(?P<n>\d+|twee|drie|vier)\s*(?:x|keer|maal)\s*$", re.IGNORECASE)
PLUS_CHAIN_RE = re.compile(
    r"(?<![\d.,])(\d+(?:\s*\+\s*\d+)+)\s*(jaar|jaren|maanden|mnd)\b", re.IGNORECASE
)
OPTION_CUE_RE = re.compile(r"(optie|verleng|\+\s*$|plus\s*$)", re.IGNORECASE)


@dataclass(frozen=True)
class AmountMatch:
    value: float
    start: int
    end: int
    text: str
    note: str | None = None  # an interpretation worth telling the user


@dataclass(frozen=True)
class DurationMatch:
    months: int
    start: int
    end: int
    text: str
    is_option: bool


def parse_number(raw: str) -> tuple[float, str | None]:
    """Dutch number text -> value, plus a note when the reading was a guess."""
    raw = raw.strip().lower()
    if raw in WORD_NUMBERS:
        return WORD_NUMBERS[raw], None
    raw = raw.replace("\u00a0", ".").replace("\u202f", ".").replace(" ", ".")
    if "," in raw and "." in raw:  # 1.250.000,50
        return float(raw.replace(".", "").replace(",", ".")), None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):  # 60,000: English style, read as thousands
        return float(
            raw.replace(",", "")
        ), f"'{raw}' gelezen als {format_eur(float(raw.replace(',', '')))}"
    if "," in raw:
        return float(raw.replace(",", ".")), None
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):  # Dutch thousands: 60.000, 1.250.000
        return float(raw.replace(".", "")), None
    return float(raw), None


def find_amounts(text: str) -> list[AmountMatch]:
    """All money amounts in `text`, left to right."""
    found: list[AmountMatch] = []
    for m in SPACED_RE.finditer(text):
        value = float(m.group(2).replace(" ", ""))
        found.append(AmountMatch(value, m.start(), m.end(), m.group(0)))
    taken = [(a.start, a.end) for a in found]
    for m in AMOUNT_RE.finditer(text):
        if any(s <= m.start("num") < e for s, e in taken):
            continue
        amount = _amount_from_match(m, text)
        if amount is not None:
            found.append(amount)
    return sorted(found, key=lambda a: a.start)


def _amount_from_match(m: re.Match[str], text: str) -> AmountMatch | None:
    num_text, mult = m.group("num"), (m.group("mult") or "").lower().rstrip(".")
    has_currency = bool(m.group("cur1") or m.group("cur2"))
    if mult == "m" and not has_currency:
        return None  # "5 m" is more likely metres than millions
    is_word = num_text.lower() in WORD_NUMBERS
    if is_word and not mult:
        return None  # "twee" alone is a count, not money
    try:
        value, note = parse_number(num_text)
    except ValueError:
        return None
    formatted = bool(re.search(r"\d[.,\u00a0\u202f]\d{3}(?!\d)", num_text))
    if not (has_currency or mult or (formatted and value >= 1000)):
        return None
    if not mult and not has_currency and _followed_by_unit(text, m.end("num")):
        return None
    value *= _MULT.get(mult, 1.0)
    if mult and note:
        note = None  # "1,250 miljoen" is a decimal, not thousands
        value = float(num_text.replace(",", ".")) * _MULT[mult]
    if value <= 0:
        return None
    start = m.start("cur1") if m.group("cur1") else m.start("num")
    return AmountMatch(round(value, 2), start, m.end(), text[start : m.end()].strip(), note)


def _followed_by_unit(text: str, pos: int) -> bool:
    return bool(
        re.match(
            r"\s*(jaar|jaren|maand|maanden|stuks|x\b|keer|m2|m²|km|uur|mensen)",
            text[pos:],
            re.IGNORECASE,
        )
    )


def _months(num: float, unit: str) -> int:
    unit = unit.lower()
    if unit.startswith(("jaar", "jaren", "jr")):
        return round(num * 12)
    if unit.startswith(("maand", "mnd")):
        return round(num)
    if unit.startswith("week"):
        return max(1, round(num * 12 / 52))
    return max(1, round(num / 30))


def find_durations(text: str) -> list[DurationMatch]:
    """Durations with a flag for options/extensions ("met optie op 2 x 1 jaar")."""
    found: list[DurationMatch] = []
    for m in PLUS_CHAIN_RE.finditer(text):  # "2+1+1 jaar": base plus option years
        parts = [int(p) for p in re.split(r"\s*\+\s*", m.group(1))]
        for i, part in enumerate(parts):
            found.append(
                DurationMatch(
                    _months(part, m.group(2)), m.start(), m.end(), m.group(0), is_option=i > 0
                )
            )
    chains = [(d.start, d.end) for d in found]
    for m in DURATION_RE.finditer(text):
        if any(s <= m.start() < e for s, e in chains):
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        if re.search(r"\bper\s*$|/\s*$", before):
            continue  # "per jaar" is a rate, not a duration
        try:
            num, _ = parse_number(m.group("num"))
        except ValueError:
            continue
        times = TIMES_RE.search(before)
        factor = parse_number(times.group("n"))[0] if times else 1
        after = text[m.end() : m.end() + 12]
        is_option = bool(OPTION_CUE_RE.search(before[-30:]) or re.match(r"\s*optie", after))
        found.append(
            DurationMatch(
                _months(num, m.group("unit")) * int(factor),
                m.start(),
                m.end(),
                m.group(0),
                is_option,
            )
        )
    return sorted(found, key=lambda d: d.start)


def format_eur(value: float) -> str:
    """€ 60.000 / € 1.250.000 / € 60.000,50 (Dutch notation)."""
    whole = int(value)
    cents = round((value - whole) * 100)
    text = f"{whole:,}".replace(",", ".")
    return f"€ {text},{cents:02d}" if cents else f"€ {text}"


def format_months(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} jaar"
    return f"{months} maanden" if months != 1 else "1 maand"
