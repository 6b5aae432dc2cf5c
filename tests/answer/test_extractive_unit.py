"""The extractive answerer picks stating sentences, never a bare Markdown heading."""

from __future__ import annotations

from assistant.extractive import ExtractiveAnswerer
from assistant.passages import Passage

# regels-social-return.md as rendered from knowledge/rules (heading + the rule's first lines).
RULE_PASSAGE = (
    "## Omvang van social return bij het Rijk (SROI-RIJK-PERCENTAGE)\n\n"
    "In die rijksopdrachten besteedt de opdrachtnemer standaard 5% van de loonsom aan social "
    "return. Beleid, geen wet."
)


def test_a_markdown_heading_is_not_picked_as_an_answer_sentence() -> None:
    passage = Passage(n=1, text=RULE_PASSAGE, meta={"source": "regels-social-return.md"})
    picked = ExtractiveAnswerer().pick("Hoeveel social return bij het Rijk?", [passage])
    texts = [p.text for p in picked]
    assert texts and texts[0].startswith("In die rijksopdrachten besteedt")
    assert not any("SROI-RIJK-PERCENTAGE" in t for t in texts)
