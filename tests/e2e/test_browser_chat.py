"""The chat in a real browser: streaming, citations, reload, XSS, path traversal, screenshots."""

from __future__ import annotations

import pytest
from e2e_support import XSS_DOC
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

# Records every SSE message htmx handles, with the streamed text length at that moment.
RECORD_SSE = """
window.__sse = [];
document.addEventListener('htmx:sseMessage', function (e) {
  var box = e.target.closest('.message');
  var stream = box ? box.querySelector('.answer-text.streaming') : null;
  window.__sse.push({type: e.detail.type, len: stream ? stream.textContent.length : -1});
});
"""
QUESTION = "Hoeveel offertes vraag ik aan bij een meervoudig onderhandse procedure?"


def ask(page: Page, question: str) -> None:
    page.fill("#question", question)
    page.press("#question", "Enter")
    last = page.locator("#messages .message").last
    expect(last).to_have_attribute("data-status", "done", timeout=120_000)


def test_answer_streams_in_chunks_and_citation_opens_passage(page: Page, screenshots):
    page.add_init_script(RECORD_SSE)
    page.goto("/")
    expect(page.locator("h2", has_text="Waarmee kan ik u helpen?")).to_be_visible()
    ask(page, QUESTION)
    events = page.evaluate("window.__sse")
    token_lengths = [e["len"] for e in events if e["type"] == "token"]
    assert len(token_lengths) > 1, events
    assert token_lengths == sorted(token_lengths) and token_lengths[-1] > token_lengths[0]
    message = page.locator("#messages .message").last
    answer = message.locator(".answer-text")
    expect(answer).not_to_be_empty()
    citation = message.locator(".citations li a").first
    expect(citation).to_be_visible()
    assert "#passage" in (citation.get_attribute("href") or "")
    assert "/gesprek/" in page.url  # the address now names the conversation (HX-Push-Url)
    page.screenshot(path=str(screenshots / "chat-answer.png"), full_page=True)

    citation.click()
    page.wait_for_url("**/bronnen/**")
    mark = page.locator("mark#passage")
    expect(mark).to_be_visible()
    marked = " ".join(page.locator(".source-text mark").all_inner_texts())
    assert len(marked.strip()) > 20
    in_view = mark.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }"
    )
    assert in_view, "the cited passage is scrolled into view"
    expect(page.locator(".source-facts")).to_contain_text("Uitgever")
    page.screenshot(path=str(screenshots / "source-viewer.png"))
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(screenshots / "source-viewer-top.png"))


def test_conversation_is_listed_and_kept_after_reload(page: Page):
    page.goto("/")
    ask(page, "Wat is social return?")
    url = page.url
    assert "/gesprek/" in url
    page.reload()
    expect(page.locator("#conversation-list a[aria-current=page]")).to_contain_text(
        "Wat is social return?"
    )
    expect(page.locator("#messages .message")).to_have_count(1)
    expect(page.locator("#messages .message .answer-text")).not_to_be_empty()
    # a new chat is one click, and the old one is one click away in the sidebar
    page.click("text=+ Nieuw gesprek")
    expect(page.locator("#intro")).to_be_visible()
    page.locator("#conversation-list a", has_text="Wat is social return?").click()
    expect(page).to_have_url(url)
    # a follow-up goes into the same conversation
    ask(page, "En voor wie geldt dat?")
    expect(page.locator("#messages .message")).to_have_count(2)
    page.reload()
    expect(page.locator("#messages .message")).to_have_count(2)


def test_sources_list(page: Page, screenshots):
    page.goto("/bronnen")
    rows = page.locator("table.sources-table tbody tr")
    assert rows.count() > 10
    expect(page.locator("#knowledge-version")).not_to_have_text("onbekend")
    page.screenshot(path=str(screenshots / "sources-list.png"), full_page=True)


def test_script_in_document_and_question_never_runs(page: Page):
    payload = "<script>alert('q1')</script><img src=x onerror=\"alert('q2')\"> kantoorplanten?"
    page.goto("/")
    ask(page, "Wat staat er over het onderhoud van kantoorplanten " + payload)
    expect(page.locator("#messages .message .question-text").last).to_contain_text("<script>")
    # the hostile document is found and quoted: its payload is shown as text, not run
    cited = page.locator(f'#messages .citations a[href*="{XSS_DOC}"]')
    expect(cited.first).to_be_visible()
    page.reload()
    page.goto(f"/bronnen/{XSS_DOC}?start=0&end=40")
    expect(page.locator(".source-text")).to_contain_text("<script>window.__xss")
    expect(page.locator("h1")).to_contain_text("<script>")
    page.goto("/bronnen")
    expect(page.locator("table.sources-table")).to_contain_text("Proefdocument <script>")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.locator("img").count() == 0


@pytest.mark.parametrize(
    "path", ["/bronnen/..%2F..%2Fetc%2Fpasswd", "/bronnen/%2e%2e%2fsecret_key", "/bronnen/nope.md"]
)
def test_source_viewer_path_traversal_is_404(page: Page, path):
    response = page.goto(path)
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_contain_text("niet gevonden")
    assert "root:" not in page.content()


def test_phone_width_is_usable(page: Page, screenshots):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    ask(page, QUESTION)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no horizontal scrolling at phone width"
    page.screenshot(path=str(screenshots / "phone-chat.png"), full_page=True)
    for path in ("/opdrachtcheck", "/bronnen", "/bronnen/regels-procedures.md"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto("/opdrachtcheck")
    page.fill("#omschrijving", "Catering voor het gemeentehuis, € 40.000 per jaar, 3 jaar")
    page.click("text=Beschrijving controleren")
    expect(page.locator("#check-result .card")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshots / "phone-opdrachtcheck.png"), full_page=True)


def test_keyboard_only_question(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")  # skip link first
    expect(page.locator(".skip-link")).to_be_focused()
    page.locator("#question").focus()
    page.keyboard.type("Wat is de drempel voor leveringen?")
    page.keyboard.press("Enter")
    expect(page.locator("#messages .message").last).to_have_attribute(
        "data-status", "done", timeout=120_000
    )
    expect(page.locator("#question")).to_be_focused()


def test_refused_request_shows_dutch_error_and_keeps_the_question(page: Page):
    page.goto("/")
    page.evaluate(
        "document.querySelector('meta[name=csrf-token]').content = 'vervalst';"
        "document.querySelector('#ask-form input[name=csrf_token]').value = 'vervalst';"
    )
    page.fill("#question", "Deze vraag mag niet verloren gaan")
    page.press("#question", "Enter")
    error = page.locator("#global-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Uw invoer is bewaard")
    expect(page.locator("#question")).to_have_value("Deze vraag mag niet verloren gaan")
    expect(page.locator("#messages .message")).to_have_count(0)
    assert "detail" not in page.locator("#messages").inner_text()


def test_conversation_survives_a_server_restart(browser, e2e_data_dir, tmp_path):
    from e2e_support import start_server, stop_server

    context = browser.new_context(locale="nl-NL")
    try:
        proc, url = start_server(e2e_data_dir, tmp_path / "first.log")
        try:
            page = context.new_page()
            page.goto(url + "/")
            ask(page, "Geldt de drempel ook voor werken?")
            conversation_url = page.url.replace(url, "")
        finally:
            stop_server(proc)
        proc, url = start_server(e2e_data_dir, tmp_path / "second.log")
        try:
            page = context.new_page()  # same browser profile, so the same client cookie
            page.goto(url + "/")
            title = "Geldt de drempel ook voor werken?"
            link = page.locator("#conversation-list a", has_text=title)
            expect(link).to_have_attribute("href", conversation_url)
            link.click()
            expect(page.locator("#messages .message .answer-text")).not_to_be_empty()
        finally:
            stop_server(proc)
    finally:
        context.close()
