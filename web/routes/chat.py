"""The chat page: ask a question, stream the answer over SSE, keep the conversation.

Flow: POST /gesprek/vraag stores the question (status "pending") and returns the message
skeleton, whose htmx SSE extension opens GET /gesprek/{id}/stream/{message}. That endpoint
claims the message, runs Answerer.stream in a worker thread and forwards its events as HTML
fragments. The worker also stores the result, so an answer is kept even if the browser leaves."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from assistant.question import QuestionError, clean_question
from web.conversations import ConversationStore, Message
from web.identity import owner_of, remember
from web.routes.check import export_response
from web.templating import CHAT_ROLES, default_role, page, templates

log = logging.getLogger(__name__)
router = APIRouter(tags=["chat"])

ROUTE_STATUS = {
    "check": "Opdrachtcheck uitvoeren en bronnen zoeken…",
    "knowledge": "Bronnen gevonden; antwoord wordt geschreven…",
    "out_of_scope": "Deze vraag valt buiten inkopen onder de drempel…",
}
FAILED = (
    "Het antwoord kon niet worden gemaakt door een fout in de assistent. "
    "Uw vraag is bewaard; stel hem gerust opnieuw."
)
WAIT_FOR_OTHER_STREAM_S = 300.0


def _store(request: Request) -> ConversationStore:
    return request.app.state.services.conversations


def _render(request: Request, name: str, **context: Any) -> str:
    return templates.get_template(name).render(request=request, **context)


def _chat_page(request: Request, conversation_id: str | None) -> Response:
    owner = owner_of(request)
    store = _store(request)
    conversation = store.get(owner.key, conversation_id) if conversation_id else None
    if conversation_id and conversation is None:
        resp = page(
            request,
            "error.html",
            {
                "title": "Gesprek niet gevonden",
                "error": "Dit gesprek bestaat niet of is niet van u. Begin een nieuw gesprek.",
            },
            status=404,
        )
        return remember(resp, owner, request)
    resp = page(
        request,
        "chat.html",
        {
            "conversation": conversation,
            "conversations": store.list_for(owner.key),
            "role": default_role(request),
            "max_chars": request.app.state.settings.max_question_chars,
        },
    )
    return remember(resp, owner, request)


@router.get("/", response_class=HTMLResponse)
def chat_home(request: Request) -> Response:
    return _chat_page(request, None)


@router.get("/gesprek/{conversation_id}", response_class=HTMLResponse)
def chat_conversation(request: Request, conversation_id: str) -> Response:
    return _chat_page(request, conversation_id)


def _ask_error(request: Request, text: str, status: int = 422) -> Response:
    """A Dutch error shown under the question box; the typed question stays in the box."""
    html = _render(request, "_error.html", error=text, error_title="Niet verstuurd.")
    return HTMLResponse(
        html, status_code=status, headers={"HX-Retarget": "#ask-error", "HX-Reswap": "innerHTML"}
    )


@router.post("/gesprek/vraag", response_class=HTMLResponse)
def ask(
    request: Request,
    question: str = Form(""),
    role: str = Form("buyer"),
    conversation_id: str = Form(""),
) -> Response:
    owner = owner_of(request)
    store = _store(request)
    try:
        question = clean_question(question, request.app.state.settings.max_question_chars)
    except QuestionError as exc:
        return _ask_error(request, str(exc))
    if role not in CHAT_ROLES:
        return _ask_error(request, "Kies een rol: inkoper, contractmanager of jurist.")
    conversation = store.get(owner.key, conversation_id) if conversation_id else None
    if conversation_id and conversation is None:
        return _ask_error(
            request, "Dit gesprek bestaat niet (meer). Begin een nieuw gesprek.", status=404
        )
    if conversation is None:
        conversation = store.create(owner.key)
    message = store.add_question(conversation.id, question, role)
    url = f"/gesprek/{conversation.id}"
    if "hx-request" not in request.headers:  # plain form post without JavaScript
        return remember(RedirectResponse(url, status_code=303), owner, request)
    html = _render(request, "_message.html", message=message)
    html += _render(
        request,
        "_conversations.html",
        conversations=store.list_for(owner.key),
        conversation=conversation,
        oob=True,
    )
    html += (
        f'<input type="hidden" id="conversation-id" name="conversation_id" '
        f'value="{escape(conversation.id)}" hx-swap-oob="true">'
        '<div id="intro" hx-swap-oob="delete"></div>'
    )
    resp = HTMLResponse(html, headers={"HX-Push-Url": url})
    return remember(resp, owner, request)


@router.get("/gesprek/{conversation_id}/stream/{message_id}")
async def stream(request: Request, conversation_id: str, message_id: int) -> Response:
    owner = owner_of(request)
    store = _store(request)
    conv = await run_in_threadpool(store.get, owner.key, conversation_id)
    msg = await run_in_threadpool(store.get_message, conversation_id, message_id)
    if conv is None or msg is None:
        return HTMLResponse("Niet gevonden", status_code=404)
    return EventSourceResponse(_events(request, store, msg), ping=15)


async def _events(
    request: Request, store: ConversationStore, msg: Message
) -> AsyncIterator[ServerSentEvent]:
    claimed = await run_in_threadpool(store.claim, msg.id)
    if claimed:
        async for event in _answer_events(request, store, msg):
            yield event
    else:  # finished already, or another connection is streaming it: wait for the result
        waited = 0.0
        while waited < WAIT_FOR_OTHER_STREAM_S:
            current = await run_in_threadpool(store.get_message, msg.conversation_id, msg.id)
            if current is None or current.status in ("done", "error"):
                break
            await asyncio.sleep(0.5)
            waited += 0.5
    final = await run_in_threadpool(store.get_message, msg.conversation_id, msg.id)
    if final is not None and final.status not in ("done", "error"):
        final.status, final.error = "error", "Het antwoord duurde te lang. Stel de vraag opnieuw."
    yield ServerSentEvent(event="done", data=_render(request, "_message.html", message=final))


async def _answer_events(
    request: Request, store: ConversationStore, msg: Message
) -> AsyncIterator[ServerSentEvent]:
    """Run the answer chain in a thread and turn its events into HTML fragments."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
    services = request.app.state.services

    def emit(event: dict[str, Any] | None) -> None:
        # RuntimeError: the server is shutting down; the worker stores the result anyway.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(queue.put_nowait, event)

    def worker() -> None:
        route: str | None = None
        finished = False
        try:
            from assistant.answer_models import ConversationContext

            raw = store.context(msg.conversation_id)
            context = ConversationContext.model_validate(raw) if raw else None
            for event in services.answerer.stream(msg.question, role=msg.role, context=context):
                if event.get("type") == "route":
                    route = event.get("route")
                elif event.get("type") == "done":
                    store.finish(msg.id, event["result"], route)
                    finished = True
                emit(event)
            if not finished:
                store.fail(msg.id, FAILED)
        except Exception:
            log.exception("answer stream failed for message %s", msg.id)
            store.fail(msg.id, FAILED)
        finally:
            emit(None)

    threading.Thread(target=worker, name=f"answer-{msg.id}", daemon=True).start()
    while (event := await queue.get()) is not None:
        kind = event.get("type")
        if kind == "route":
            text = ROUTE_STATUS.get(str(event.get("route")), "Bezig…")
            yield ServerSentEvent(event="status", data=str(escape(text)))
        elif kind == "card" and event.get("card"):
            html = _render(request, "_card.html", card=event["card"], export_prefix=None)
            yield ServerSentEvent(event="card", data=html)
        elif kind == "token" and event.get("text"):
            yield ServerSentEvent(event="token", data=f"<span>{escape(event['text'])}</span>")
        elif kind == "citations":
            html = _render(request, "_citations.html", citations=event.get("citations") or [])
            yield ServerSentEvent(event="citations", data=html)


@router.get("/gesprek/{conversation_id}/bericht/{message_id}/{filename}")
def message_export(
    request: Request, conversation_id: str, message_id: int, filename: str
) -> Response:
    """Checklist / monitoring plan downloads for the verdict card of a chat answer."""
    owner = owner_of(request)
    store = _store(request)
    msg = store.get_message(conversation_id, message_id)
    if store.get(owner.key, conversation_id) is None or msg is None or not msg.card:
        return page(
            request,
            "error.html",
            {"title": "Niet gevonden", "error": "Bij dit antwoord hoort geen Opdrachtcheck."},
            status=404,
        )
    from assistant.rules import VerdictCard

    return export_response(request, VerdictCard.model_validate(msg.card), filename)
