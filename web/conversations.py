"""Conversation storage: one row per conversation, one row per question with its answer.

The conversation keeps the answer chain's ConversationContext as JSON so follow-up questions
(also after a restart) continue where the last answer left off. Owner is "user:<id>" for a
signed-in user or "anon:<client id>" for the anonymous cookie."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.db import Base, Database

TITLE_CHARS = 70


def _now() -> datetime:
    return datetime.now(UTC)


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(String(100), index=True)
    title: Mapped[str] = mapped_column(String(200), default="Nieuw gesprek")
    context_json: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation",
        order_by="Message.id",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class Message(Base):
    """A question and, once the stream finished, its answer, citations and verdict card."""

    __tablename__ = "conversation_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(32), default="buyer")
    # pending -> streaming -> done | error
    status: Mapped[str] = mapped_column(String(16), default="pending")
    answer: Mapped[str] = mapped_column(Text, default="")
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    card: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    route: Mapped[str | None] = mapped_column(String(20), nullable=True)
    backend: Mapped[str | None] = mapped_column(String(20), nullable=True)
    fallback_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    searched: Mapped[list[str]] = mapped_column(JSON, default=list)
    notices: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class ConversationStore:
    """All reads and writes of conversations; every read is scoped to an owner."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def list_for(self, owner: str, limit: int = 50) -> list[Conversation]:
        with self.db.session() as s:
            rows = s.scalars(
                select(Conversation)
                .where(Conversation.owner == owner)
                .order_by(Conversation.updated_at.desc())
                .limit(limit)
            )
            return list(rows)

    def get(self, owner: str, conversation_id: str) -> Conversation | None:
        with self.db.session() as s:
            conv = s.get(Conversation, conversation_id)
            return conv if conv is not None and conv.owner == owner else None

    def create(self, owner: str) -> Conversation:
        conv = Conversation(id=uuid.uuid4().hex, owner=owner, title="Nieuw gesprek")
        with self.db.session() as s:
            s.add(conv)
        return conv

    def add_question(self, conversation_id: str, question: str, role: str) -> Message:
        with self.db.session() as s:
            conv = s.get(Conversation, conversation_id)
            assert conv is not None
            if not conv.messages:
                conv.title = _title(question)
            conv.updated_at = _now()
            msg = Message(conversation_id=conversation_id, question=question, role=role)
            s.add(msg)
            s.flush()
            return msg

    def get_message(self, conversation_id: str, message_id: int) -> Message | None:
        with self.db.session() as s:
            msg = s.get(Message, message_id)
            return msg if msg is not None and msg.conversation_id == conversation_id else None

    def claim(self, message_id: int) -> bool:
        """Atomically move a pending message to streaming; False if another stream has it."""
        with self.db.session() as s:
            res = s.execute(
                update(Message)
                .where(Message.id == message_id, Message.status == "pending")
                .values(status="streaming")
            )
            return res.rowcount == 1

    def context(self, conversation_id: str) -> dict[str, Any] | None:
        with self.db.session() as s:
            conv = s.get(Conversation, conversation_id)
            return conv.context_json if conv is not None else None

    def finish(self, message_id: int, result: dict[str, Any], route: str | None) -> None:
        """Store the AnswerResult json and the updated conversation context."""
        with self.db.session() as s:
            msg = s.get(Message, message_id)
            if msg is None:
                return
            msg.status = "done"
            msg.answer = result.get("answer") or ""
            msg.citations = list(result.get("citations") or [])
            msg.card = result.get("card")
            msg.route = route or result.get("route")
            msg.backend = result.get("backend")
            msg.fallback_reason = result.get("fallback_reason")
            msg.searched = list(result.get("searched") or [])
            msg.notices = list(result.get("notices") or [])
            msg.finished_at = _now()
            conv = s.get(Conversation, msg.conversation_id)
            if conv is not None:
                if result.get("context") is not None:
                    conv.context_json = result["context"]
                conv.updated_at = _now()

    def fail(self, message_id: int, error: str) -> None:
        with self.db.session() as s:
            msg = s.get(Message, message_id)
            if msg is not None:
                msg.status = "error"
                msg.error = error
                msg.finished_at = _now()


def _title(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"
