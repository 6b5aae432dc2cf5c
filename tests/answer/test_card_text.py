"""The check card as Markdown: section labels stay out of the list before them."""

from __future__ import annotations

from bs4 import BeautifulSoup

from assistant.card_answer import CardText
from web.render import render_markdown


def test_section_label_after_a_list_is_its_own_paragraph() -> None:
    text = CardText(
        lines=[
            "**Opdrachtcheck** — geraamde opdrachtwaarde € 60.000",
            "- **Drempel**: onder de Europese drempel.",
            "**Aannames**",
            "- Ik behandel de opdracht als een dienst.",
        ]
    ).markdown()
    html = BeautifulSoup(str(render_markdown(text)), "html.parser")
    items = [li.get_text() for li in html.select("li")]
    assert len(items) == 2 and not any("Aannames" in item for item in items)
    assert any(p.get_text() == "Aannames" for p in html.select("p"))
    assert text.startswith("**Opdrachtcheck**")  # no blank line before the first label
