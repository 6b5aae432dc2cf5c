"""JSON API for answers: POST /api/answer. HTTP only; the work happens in assistant.answer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from assistant.answer_models import (
    AnswerResult,
    BackendName,
    Citation,
    ConversationContext,
    Role,
    RouteName,
)
from assistant.question import QuestionError, clean_question
from web.identity import owner_of, remember

router = APIRouter(prefix="/api", tags=["api"])

_ROLES = ("buyer", "contract_manager", "legal", "admin")


class AnswerRequest(BaseModel):
    question: str = Field("", description="De vraag in het Nederlands.")
    role: str | None = Field(
        None, description="buyer, contract_manager, legal of admin; standaard de eigen rol."
    )
    conversation_id: str | None = Field(
        None, description="Vervolgvraag in een bestaand gesprek (id uit een eerder antwoord)."
    )


class AnswerResponse(BaseModel):
    answer: str = Field(description="Markdown met bronverwijzingen [n].")
    citations: list[Citation]
    verdicts: list[dict[str, Any]]
    card: dict[str, Any] | None = None
    backend: BackendName
    route: RouteName
    role: Role
    fallback_reason: str | None = None
    searched: list[str] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    conversation_id: str


class ErrorResponse(BaseModel):
    detail: str


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _role(request: Request, asked: str | None) -> Role | None:
    if asked is not None:
        return asked if asked in _ROLES else None  # type: ignore[return-value]
    user = getattr(request.state, "user", None)
    role = getattr(user, "role", None)
    return role if role in _ROLES else "buyer"


@router.post(
    "/answer",
    response_model=AnswerResponse,
    responses={
        400: {"model": ErrorResponse},
        404: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
    },  # fmt: skip
    summary="Beantwoord een vraag met bronvermelding",
)
async def answer(request: Request, body: AnswerRequest) -> Any:
    settings = request.app.state.settings
    services = request.app.state.services
    try:
        question = clean_question(body.question, settings.max_question_chars)
    except QuestionError as exc:
        return _error(422, str(exc))
    role = _role(request, body.role)
    if role is None:
        return _error(422, "Onbekende rol. Kies buyer, contract_manager, legal of admin.")

    owner = owner_of(request)
    store = services.conversations
    if body.conversation_id:
        conversation = await run_in_threadpool(store.get, owner.key, body.conversation_id)
        if conversation is None:
            return _error(404, "Dit gesprek bestaat niet of is niet van jou.")
    else:
        conversation = await run_in_threadpool(store.create, owner.key)
    stored = await run_in_threadpool(store.context, conversation.id)
    context = ConversationContext.model_validate(stored) if stored else None

    message = await run_in_threadpool(store.add_question, conversation.id, question, role)
    await run_in_threadpool(store.claim, message.id)
    try:
        result: AnswerResult = await run_in_threadpool(
            services.answerer.answer, question, role, context
        )
    except Exception as exc:
        await run_in_threadpool(store.fail, message.id, str(exc))
        raise
    dumped = result.model_dump(mode="json")
    await run_in_threadpool(store.finish, message.id, dumped, result.route)
    payload = AnswerResponse(**dumped, conversation_id=conversation.id)
    return remember(JSONResponse(payload.model_dump(mode="json")), owner, request)
