"""Accounts in a real browser: share links, legal approval feeding later answers, admin uploads,
and buyers refused. A server of its own (this module changes the knowledge), Debian Chromium."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import Server, start_server, stop_server
from playwright.sync_api import Browser, Page, expect

from assistant.settings import Settings

pytestmark = pytest.mark.e2e

PASSWORD = "e2e-wachtwoord-123"
USERS = {"beheerder": "admin", "jurist": "legal", "inkoper": "buyer"}


@pytest.fixture(scope="module")
def acc_server(built_index_settings: Settings, tmp_path_factory) -> Iterator[Server]:
    from web.accounts import create_user
    from web.db import Database

    data_dir = tmp_path_factory.mktemp("e2e-accounts") / "data"
    shutil.copytree(built_index_settings.data_dir, data_dir)
    db = Database(Settings(data_dir=data_dir))
    db.create_all()
    for name, role in USERS.items():
        create_user(db, name, PASSWORD, role)
    log = tmp_path_factory.mktemp("e2e-accounts-log") / "uvicorn.log"
    proc, url = start_server(data_dir, log)
    try:
        yield Server(url=url, data_dir=data_dir, log=log)
    finally:
        stop_server(proc)


@pytest.fixture
def new_page(browser: Browser, acc_server: Server):
    """Factory of pages, each in a fresh browser context (own cookies)."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(base_url=acc_server.url, locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/login" not in page.url


def ask(page: Page, question: str):
    page.goto("/")
    page.fill("#question", question)
    page.press("#question", "Enter")
    message = page.locator("#messages .message").last
    expect(message).to_have_attribute("data-status", "done", timeout=120_000)
    return message


def share_link(page: Page, message) -> str:
    message.locator(".share-form button").click()
    link = page.locator(".share-link a.share-url")
    expect(link).to_be_visible()
    href = link.get_attribute("href") or ""
    assert re.search(r"/s/[A-Za-z0-9_-]{43,}$", href), href
    return href


def test_legal_approves_library_lists_and_chat_cites_it(new_page, screenshots):
    question = "Mag ik een opdracht opknippen om onder de Europese drempel te blijven?"
    asker = new_page()
    url = share_link(asker, ask(asker, question))

    legal = new_page()
    sign_in(legal, "jurist")
    legal.goto("/juridisch")
    legal.locator("#review a", has_text="opknippen").first.click()
    legal.fill("#note", "Opknippen om de drempel te ontlopen is verboden (art. 2.14 Aw 2012).")
    legal.click("#approve-form button[type=submit]")
    expect(legal.locator(".approval")).to_contain_text("Juridisch getoetst")
    assert legal.url.endswith(url)

    legal.goto("/bibliotheek")
    legal.fill("#q", "opknippen")
    legal.click(".search-form button")
    expect(legal.locator("#library .library-item")).to_have_count(1)
    expect(legal.locator("#library")).to_contain_text("art. 2.14")
    legal.screenshot(path=str(screenshots / "library.png"), full_page=True)

    # A colleague asks the same thing in other words (a fresh browser, no session).
    later = new_page()
    message = ask(
        later,
        "Is het toegestaan een opdracht op te knippen zodat je onder de Europese drempel blijft?",
    )
    titles = message.locator(".citations li").all_inner_texts()
    assert any("Goedgekeurd antwoord" in t for t in titles), titles


def test_admin_uploads_pdf_and_chat_answers_from_it(new_page, screenshots):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "accounts"))
    from pdf_maker import make_pdf

    admin = new_page()
    sign_in(admin, "beheerder")
    admin.goto("/beheer/documenten")
    pdf = make_pdf(
        [
            "Huurvoorwaarden waterfietsen gemeente Zuiderdam.",
            "De huur van een waterfiets bij de gemeente Zuiderdam kost 42 euro per dag.",
            "Reserveren kan tot twee dagen vooraf bij het watersportloket.",
        ]
    )
    admin.set_input_files(
        "#file", files=[{"name": "waterfietsen.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    admin.fill("#title", "Huurvoorwaarden waterfietsen Zuiderdam")
    admin.click("#upload-form button[type=submit]")
    job = admin.locator("#upload-progress .ingest-job").first
    expect(job).to_have_attribute("data-status", "klaar", timeout=120_000)
    admin.goto("/beheer/documenten")
    expect(admin.locator('tr[data-source="upload-waterfietsen.pdf"]')).to_be_visible()
    admin.screenshot(path=str(screenshots / "admin-documents.png"), full_page=True)

    buyer = new_page()
    message = ask(buyer, "Wat kost de huur van een waterfiets in Zuiderdam?")
    expect(message.locator(".citations")).to_contain_text("Huurvoorwaarden waterfietsen")
    expect(message.locator(".answer-text")).to_contain_text("42")


def test_buyer_gets_403_on_admin_and_approval_routes(new_page, screenshots):
    buyer = new_page()
    sign_in(buyer, "inkoper")
    for path in ("/beheer/gebruikers", "/beheer/documenten", "/juridisch", "/contracten"):
        response = buyer.goto(path)
        assert response is not None and response.status == 403, path
        expect(buyer.locator("h1")).to_have_text("Geen toegang")
    buyer.screenshot(path=str(screenshots / "forbidden.png"))
    token = buyer.locator('meta[name="csrf-token"]').get_attribute("content")
    posted = buyer.request.post(
        "/s/onbekend/goedkeuren",
        form={"note": "x", "csrf_token": token},
        headers={"accept": "text/html"},
    )
    assert posted.status == 403


def test_buyer_saves_contract_manager_sees_overdue_and_sets_status(new_page, screenshots):
    buyer = new_page()
    sign_in(buyer, "inkoper")
    buyer.goto("/contracten/nieuw?groep=cleaning")
    buyer.fill("#name", "Schoonmaak gemeentehuis")
    buyer.fill("#supplier", "Glans en Co")
    buyer.fill("#start", "2025-01-01")
    buyer.fill("#end", "2027-12-31")
    buyer.locator('input[name="criteria"]').first.check()
    buyer.click("#contract-form button[type=submit]")
    expect(buyer.locator("h1")).to_have_text("Mijn contracten")
    expect(buyer.locator(".contract h2")).to_contain_text("Schoonmaak gemeentehuis")

    manager = new_page()
    sign_in(manager, "beheerder")  # admins may do what contract managers do
    manager.goto("/contracten")
    late = manager.locator("tr.check.overdue")
    expect(late.first).to_be_visible()
    expect(late.first).to_contain_text("te laat")
    first = late.first
    row_id = first.get_attribute("id")
    first.locator("select").select_option("afwijking")
    first.locator('input[name="note"]').fill("Productlijst ontbreekt")
    first.locator("button").click()
    row = manager.locator(f"#{row_id}")
    expect(row).to_have_class(re.compile(r"status-afwijking"))
    expect(row).not_to_have_class(re.compile(r"overdue"))
    manager.screenshot(path=str(screenshots / "contracts.png"), full_page=True)
    with manager.expect_download() as download:
        manager.click("text=Agenda (iCalendar)")
    assert download.value.suggested_filename == "contractcontroles.ics"


def test_share_opens_in_fresh_context_and_stays_frozen(new_page, acc_server, screenshots):
    from ingest.pipeline import remove_document
    from web.db import Database
    from web.sharing import SharedAnswer

    """Runs last in this module: it removes the cited sources from this server's index."""
    asker = new_page()
    message = ask(asker, "Hoeveel offertes vraag ik aan bij een meervoudig onderhandse procedure?")
    url = share_link(asker, message)

    reader = new_page()
    reader.goto(url)
    expect(reader.locator("h1")).to_have_text("Gedeeld antwoord")
    passages_before = reader.locator(".snapshot-citation").all_inner_texts()
    assert passages_before and len(passages_before[0]) > 40
    version_before = reader.locator(".snapshot-version").inner_text()
    answer_before = reader.locator("#snapshot .answer-text").inner_text()
    reader.screenshot(path=str(screenshots / "shared-answer.png"), full_page=True)

    # Change the knowledge: remove every source the snapshot cites.
    settings = Settings(data_dir=acc_server.data_dir)
    with Database(settings).session() as s:
        share = s.query(SharedAnswer).filter_by(token=url.rsplit("/", 1)[1]).one()
        cited = {c["source"] for c in share.citations}
    assert sum(remove_document(settings, name) for name in cited) > 0

    reader.reload()
    assert reader.locator(".snapshot-citation").all_inner_texts() == passages_before
    assert reader.locator(".snapshot-version").inner_text() == version_before
    assert reader.locator("#snapshot .answer-text").inner_text() == answer_before
    expect(reader.locator("#knowledge-version")).not_to_have_text(version_before)
