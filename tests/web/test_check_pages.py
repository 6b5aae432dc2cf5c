"""Opdrachtcheck page with the real rules engine (deterministic, milliseconds)."""

from __future__ import annotations

import pytest
from web_helpers import csrf_headers, soup

from web.routes.check import parse_amount

FIELDS = {
    "bedrag": "120.000",
    "basis": "per_jaar",
    "looptijd": "4",
    "eenheid": "jaren",
    "soort": "dienst",
    "productgroep": "cleaning",
    "organisatie": "gemeente",
}
TEXT = "Schoonmaak van het stadskantoor voor € 120.000 per jaar, 4 jaar, gemeente"


def verdicts(html: str) -> list[tuple[str, str, str]]:
    return [
        (v["data-topic"], v["data-status"], v.select_one(".verdict-text").get_text())
        for v in soup(html).select(".card .verdict")
    ]


def test_form_page_has_labelled_fields(client):
    page = soup(client.get("/opdrachtcheck").text)
    form = page.select_one("form#check-form")
    for name in ("bedrag", "looptijd", "soort", "productgroep", "organisatie", "loonsom"):
        field = form.select_one(f'[name="{name}"]')
        assert page.select_one(f'label[for="{field["id"]}"]') is not None, name
    assert {o["value"] for o in form.select('input[name="basis"]')} == {"totaal", "per_jaar"}
    groups = [o["value"] for o in form.select("select#productgroep option") if o["value"]]
    assert "cleaning" in groups
    assert form.select_one('input[name="csrf_token"]') is not None


def test_fields_and_free_text_give_the_same_verdicts(client):
    h = csrf_headers(client)
    by_fields = client.post("/opdrachtcheck", headers=h, data=FIELDS)
    by_text = client.post("/opdrachtcheck/tekst", headers=h, data={"omschrijving": TEXT})
    assert by_fields.status_code == by_text.status_code == 200
    assert len(verdicts(by_fields.text)) == 4
    assert verdicts(by_fields.text) == verdicts(by_text.text)
    value = soup(by_fields.text).select_one(".card-value").get_text()
    assert "€ 480.000" in value  # 4 x 120.000, computed by the rules, shown in Dutch notation


def test_checklist_download_matches_card(client):
    r = client.post("/opdrachtcheck", headers=csrf_headers(client), data=FIELDS)
    links = {a.get_text(): a["href"] for a in soup(r.text).select(".downloads a")}
    md = client.get(links["checklist (Markdown)"])
    assert md.status_code == 200
    assert md.headers["content-type"].startswith("text/markdown")
    assert "attachment" in md.headers["content-disposition"]
    assert "€ 480.000" in md.text
    csv = client.get(links["monitoringsplan (CSV)"])
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert client.get("/opdrachtcheck/export/geheim.txt?bedrag=1").status_code == 404


def test_invalid_fields_are_reported_in_dutch_and_values_kept(client):
    bad = {**FIELDS, "bedrag": "veel", "looptijd": "-3", "loonsom": "abc"}
    r = client.post("/opdrachtcheck", headers=csrf_headers(client), data=bad)
    assert r.status_code == 422
    assert r.headers["HX-Retarget"] == "#check-form"
    form = soup(r.text)
    assert form.select_one("#bedrag")["value"] == "veel"
    assert form.select_one("#bedrag")["aria-invalid"] == "true"
    text = form.get_text()
    assert "geen bedrag" in text and "looptijd" in text.lower()
    assert form.select_one("select#soort option[selected]")["value"] == "dienst"


def test_plain_form_post_without_javascript_gets_a_page(client):
    token = csrf_headers(client)["X-CSRF-Token"]
    r = client.post("/opdrachtcheck", data={**FIELDS, "csrf_token": token})
    assert r.status_code == 200
    page = soup(r.text)
    assert page.select_one("h1").get_text() == "Opdrachtcheck"
    assert len(page.select("#check-result .verdict")) == 4


def test_text_that_is_no_purchase_asks_for_more(client):
    r = client.post(
        "/opdrachtcheck/tekst",
        headers=csrf_headers(client),
        data={"omschrijving": "Goedemorgen, hoe gaat het?"},
    )
    assert r.status_code == 200
    assert soup(r.text).select(".card") == []
    assert "geen opdracht" in soup(r.text).get_text()


def test_empty_text_is_refused_in_dutch(client):
    r = client.post(
        "/opdrachtcheck/tekst", headers=csrf_headers(client), data={"omschrijving": "  "}
    )
    assert r.status_code == 422 and "Beschrijf eerst" in r.text


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("€ 50.000", 50000.0),
        ("50000", 50000.0),
        ("49.999,50", 49999.5),
        ("1250.5", 1250.5),
        ("1.250.000", 1250000.0),
        ("", None),
        ("veel", None),
    ],
)
def test_parse_amount(raw, value):
    assert parse_amount(raw) == value
