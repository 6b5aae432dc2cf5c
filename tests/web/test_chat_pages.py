"""Chat page, question posting, SSE streaming and conversation persistence (fake answerer)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_fakes import FakeAnswerer, FakeIndex, sample_card
from web_helpers import csrf_headers, soup

from web.app import create_app


def sse_events(text: str) -> list[tuple[str, str]]:
    """Parse an SSE body into (event, data) pairs the way EventSource joins data lines."""
    events = []
    for block in re.split(r"\r?\n\r?\n", text):
        name, data = "message", []
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
        if data:
            events.append((name, "\n".join(data)))
    return events


def ask(client: TestClient, question: str, conversation_id: str = "", role: str = "buyer"):
    return client.post(
        "/gesprek/vraag",
        headers=csrf_headers(client),
        data={"question": question, "role": role, "conversation_id": conversation_id},
    )


def stream_url(html: str) -> str:
    node = soup(html).select_one("[sse-connect]")
    assert node is not None, html
    return node["sse-connect"]


def test_chat_page_has_form_roles_csrf_and_version(client):
    r = client.get("/")
    assert r.status_code == 200
    page = soup(r.text)
    assert page.html["lang"] == "nl"
    assert page.select_one('meta[name="csrf-token"]') is not None
    form = page.select_one("form#ask-form")
    assert form.select_one('input[type=hidden][name="csrf_token"]') is not None
    assert page.select_one('label[for="question"]') is not None
    roles = [o["value"] for o in page.select("select#role option")]
    assert roles == ["buyer", "contract_manager", "legal"]
    assert page.select_one("#knowledge-version").text == "abc123def456"
    scripts = [s.get("src") for s in page.select("script")]
    assert "/static/vendor/htmx-2.0.11.min.js" in scripts
    assert all(s and s.startswith("/static/") for s in scripts), "no inline or remote scripts"
    assert "inkoop_client" in r.cookies


def test_static_files_are_served(client):
    for path in (
        "/static/vendor/htmx-2.0.11.min.js",
        "/static/vendor/htmx-ext-sse-2.2.4.js",
        "/static/js/app.js",
        "/static/css/app.css",
    ):
        assert client.get(path).status_code == 200, path


def test_question_streams_tokens_and_final_answer(client, fake_answerer):
    r = ask(client, "Hoeveel offertes vraag ik aan?", role="legal")
    assert r.status_code == 200
    conv_id = r.headers["HX-Push-Url"].rsplit("/", 1)[1]
    fragment = soup(r.text)
    assert fragment.select_one("#conversation-list[hx-swap-oob]") is not None
    assert fragment.select_one("#conversation-id")["value"] == conv_id
    body = client.get(stream_url(r.text)).text
    events = sse_events(body)
    names = [e for e, _ in events]
    assert names.count("token") > 1
    assert names[-1] == "done"
    streamed = "".join(soup(d).get_text() for e, d in events if e == "token")
    assert streamed.strip() == fake_answerer.answer
    final = soup(events[-1][1])
    link = final.select_one(".answer-text sup.cite a")
    assert link["href"].startswith("/bronnen/gids-proportionaliteit.md?start=")
    assert link["href"].endswith("#passage")
    assert final.select_one(".citations li a") is not None
    assert fake_answerer.calls[0]["role"] == "legal"
    # the page of the conversation shows the stored answer, and the sidebar lists it
    page = soup(client.get(f"/gesprek/{conv_id}").text)
    assert "Vraag drie tot vijf offertes aan" in page.select_one("#messages").get_text()
    assert page.select_one(f'#conversation-list a[href="/gesprek/{conv_id}"]') is not None
    assert page.select_one("[sse-connect]") is None


def test_follow_up_gets_stored_context(client, fake_answerer):
    r = ask(client, "Eerste vraag over offertes")
    conv_id = r.headers["HX-Push-Url"].rsplit("/", 1)[1]
    client.get(stream_url(r.text))
    r2 = ask(client, "En als het twee jaar duurt?", conversation_id=conv_id)
    client.get(stream_url(r2.text))
    ctx = fake_answerer.calls[1]["context"]
    assert ctx is not None and ctx.turns[0].question == "Eerste vraag over offertes"


def test_stream_is_not_run_twice(client, fake_answerer):
    r = ask(client, "Een vraag")
    url = stream_url(r.text)
    client.get(url)
    again = sse_events(client.get(url).text)
    assert [e for e, _ in again] == ["done"]
    assert len(fake_answerer.calls) == 1


def test_card_and_extractive_notice(client, fake_answerer):
    fake_answerer.card = sample_card()
    fake_answerer.backend = "extractive"
    fake_answerer.fallback_reason = "Het taalmodel reageerde niet op tijd."
    r = ask(client, "Schoonmaak voor 120.000 per jaar, 4 jaar")
    events = sse_events(client.get(stream_url(r.text)).text)
    assert "card" in [e for e, _ in events]
    final = soup(events[-1][1])
    topics = [li["data-topic"] for li in final.select(".card .verdict")]
    assert topics == ["drempel", "social_return"]
    assert "beleid, geen wet" in final.select(".verdict")[1].get_text()
    notice = final.select_one(".fallback-notice").get_text()
    assert "vaste regels" in notice and "niet op tijd" in notice
    assert final.select_one('.downloads a[href$="checklist.md"]') is not None
    # The written explanation repeats the card: folded below it, not gone.
    folded = final.select_one("details.check-explanation")
    assert folded is not None and not folded.has_attr("open")
    assert folded.select_one(".answer-text").get_text(strip=True)


def test_answer_failure_shows_dutch_error(client, fake_answerer):
    fake_answerer.fail = True
    r = ask(client, "Een vraag")
    events = sse_events(client.get(stream_url(r.text)).text)
    final = soup(events[-1][1])
    assert final.select_one(".message")["data-status"] == "error"
    assert "Uw vraag is bewaard" in final.get_text()


def test_empty_and_too_long_questions_are_refused_in_dutch(client, web_settings):
    r = ask(client, "   ")
    assert r.status_code == 422 and r.headers["HX-Retarget"] == "#ask-error"
    assert "De vraag is leeg" in soup(r.text).get_text()
    r = ask(client, "x" * (web_settings.max_question_chars + 1))
    assert r.status_code == 422 and "maximum" in r.text
    r = ask(client, "Een vraag", role="admin")
    assert r.status_code == 422 and "Kies een rol" in r.text


def test_conversations_are_private_to_their_owner(app, client):
    r = ask(client, "Mijn vraag")
    conv_id = r.headers["HX-Push-Url"].rsplit("/", 1)[1]
    with TestClient(app) as other:
        page = other.get(f"/gesprek/{conv_id}")
        assert page.status_code == 404
        assert "Gesprek niet gevonden" in page.text
        assert ask(other, "Inbreken", conversation_id=conv_id).status_code == 404
        assert other.get(stream_url(r.text)).status_code == 404


def test_conversation_survives_restart(web_settings, fake_answerer):
    first = create_app(web_settings)
    first.state.services.index = FakeIndex()
    first.state.services.answerer = fake_answerer
    with TestClient(first) as c:
        r = ask(c, "Blijft dit bewaard?")
        c.get(stream_url(r.text))
        cookie = c.cookies["inkoop_client"]
    second = create_app(web_settings)
    second.state.services.index = FakeIndex()
    second.state.services.answerer = FakeAnswerer()
    with TestClient(second, cookies={"inkoop_client": cookie}) as c:
        page = soup(c.get("/").text)
        titles = [t.get_text() for t in page.select("#conversation-list .conv-title")]
        assert titles == ["Blijft dit bewaard?"]


def login(client: TestClient, username: str, password: str) -> None:
    token = csrf_headers(client)["X-CSRF-Token"]
    r = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def test_signed_in_user_owns_conversations(app):
    from web.accounts import create_user

    create_user(app.state.services.db, "anna", "een-lang-wachtwoord-123", "contract_manager")
    with TestClient(app) as c:
        login(c, "anna", "een-lang-wachtwoord-123")
        page = soup(c.get("/").text)
        assert page.select_one("select#role option[selected]")["value"] == "contract_manager"
        assert "anna" in page.select_one(".user").get_text()
        r = ask(c, "Vraag van Anna")
        conv_id = r.headers["HX-Push-Url"].rsplit("/", 1)[1]
    with TestClient(app) as c2:  # another browser: anonymous, so not hers to see
        assert c2.get(f"/gesprek/{conv_id}").status_code == 404
        login(c2, "anna", "een-lang-wachtwoord-123")  # signed in there too: hers again
        assert c2.get(f"/gesprek/{conv_id}").status_code == 200


def test_extractive_knowledge_answer_says_no_model_was_used(client, fake_answerer):
    fake_answerer.backend = "extractive"
    r = ask(client, "Wat is social return?")
    final = soup(sse_events(client.get(stream_url(r.text)).text)[-1][1])
    assert "Zonder taalmodel" in final.select_one(".fallback-notice").get_text()
    assert final.select_one("details.check-explanation") is None  # nothing to fold without card


def test_model_answer_has_no_fallback_notice(client, fake_answerer):
    r = ask(client, "Wat is social return?")
    final = soup(sse_events(client.get(stream_url(r.text)).text)[-1][1])
    assert final.select_one(".fallback-notice") is None


def test_second_connection_waits_for_the_first_streams_result(app, client, fake_answerer):
    import threading

    r = ask(client, "Een vraag")
    msg_id = int(stream_url(r.text).rsplit("/", 1)[1])
    store = app.state.services.conversations
    assert store.claim(msg_id)  # another worker is streaming this message
    result = {"answer": "Klaar na wachten.", "citations": [], "backend": "llama"}
    threading.Timer(0.8, store.finish, args=(msg_id, result, "knowledge")).start()
    events = sse_events(client.get(stream_url(r.text)).text)
    assert [e for e, _ in events] == ["done"]
    assert "Klaar na wachten." in soup(events[0][1]).get_text()
    assert fake_answerer.calls == []  # the chain was not run a second time
