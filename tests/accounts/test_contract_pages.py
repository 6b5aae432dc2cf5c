"""Monitoring plans over HTTP: a buyer saves a contract, the contract manager tracks and exports."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from acc_helpers import csrf
from icalendar import Calendar

from knowledge.loader import get_knowledge


def _save(client, **overrides):
    group = get_knowledge().groups["cleaning"]
    data = {
        "name": "Schoonmaak stadskantoor",
        "supplier": "Glans BV",
        "groep": "cleaning",
        "start": "2025-01-01",
        "end": "2027-12-31",
        "criteria": [group.criteria[0].id, group.criteria[2].id],
        "csrf_token": csrf(client),
        "omschrijving": "Schoonmaak van het stadskantoor, 3 jaar",
    } | overrides
    return client.post("/contracten", data=data, follow_redirects=False)


def test_buyer_saves_manager_tracks_and_exports(client_as):
    buyer, manager = client_as("buyer"), client_as("contract_manager")
    form = buyer.get("/contracten/nieuw?groep=cleaning")
    assert form.status_code == 200 and 'name="criteria"' in form.text
    saved = _save(buyer)
    assert saved.status_code == 303 and saved.headers["location"].startswith("/mijn-contracten")
    mine = buyer.get("/mijn-contracten").text
    assert "Schoonmaak stadskantoor" in mine and "check-form" not in mine

    page = manager.get("/contracten").text
    assert "Glans BV" in page
    rows = re.findall(r'<tr id="check-(\d+)" class="check status-open( overdue)?"', page)
    # 2025-01-01 .. 2027-12-31: a criterion with its own rhythm and the start check are past.
    assert rows and any(late for _, late in rows)
    assert "te laat" in page

    check_id = rows[0][0]
    bad = manager.post(
        f"/contracten/controles/{check_id}",
        data={"status": "afwijking", "note": "", "csrf_token": csrf(manager)},
    )
    assert bad.status_code == 400 and "Beschrijf bij een afwijking" in bad.text
    ok = manager.post(
        f"/contracten/controles/{check_id}",
        data={
            "status": "afwijking",
            "note": "Geen productlijst ontvangen",
            "csrf_token": csrf(manager),
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303

    exported = manager.get("/contracten/export.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert any(
        r["status"] == "afwijking" and r["notitie"] == "Geen productlijst ontvangen" for r in rows
    )
    assert {r["leverancier"] for r in rows} == {"Glans BV"}

    ics = manager.get("/contracten/export.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    assert len(events) == len(rows)
    assert min(e.decoded("DTSTART") for e in events) == date(2025, 1, 1)


def test_future_contract_has_nothing_overdue(client_as):
    buyer, manager = client_as("buyer"), client_as("contract_manager")
    start = date.today() + timedelta(days=30)
    assert (
        _save(
            buyer, start=start.isoformat(), end=(start + timedelta(days=400)).isoformat()
        ).status_code
        == 303
    )
    assert ' overdue"' not in manager.get("/contracten").text


def test_bad_contract_input_keeps_the_form(client_as):
    buyer = client_as("buyer")
    response = _save(buyer, start="2026-05-01", end="2026-01-01")
    assert response.status_code == 400
    assert "einddatum moet na de begindatum" in response.text
    assert 'value="Glans BV"' in response.text  # nothing the user typed is lost
    assert _save(buyer, start="gisteren").status_code == 400
    assert _save(buyer, criteria=[]).status_code == 400


def test_buyer_sees_only_own_contracts(client_as):
    first, second = client_as("buyer"), client_as("buyer")
    _save(first, name="Contract van de eerste")
    assert "Contract van de eerste" not in second.get("/mijn-contracten").text


def test_card_link_preselects_recommended_criteria(client_as):
    from web.templating import templates

    group = get_knowledge().groups["cleaning"]
    card = {
        "product_group": "cleaning",
        "criteria": [
            {"id": group.criteria[0].id, "recommended": True},
            {"id": group.criteria[1].id, "recommended": False},
        ],
    }
    html = templates.get_template("accounts/_save_contract.html").render(card=card)
    href = re.search(r'href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert href == f"/contracten/nieuw?groep=cleaning&criteria={group.criteria[0].id}"

    form = client_as("buyer").get(href).text
    checked = re.findall(r'id="crit-([^"]+)" name="criteria" value="[^"]+" checked', form)
    assert checked == [group.criteria[0].id]
    assert (
        templates.get_template("accounts/_save_contract.html")
        .render(card={"product_group": None, "criteria": []})
        .strip()
        == ""
    )
