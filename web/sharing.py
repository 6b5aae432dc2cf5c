"""Shared answers: a frozen snapshot of one answer behind an unguessable link.

The snapshot copies everything the page shows — question, answer, citations with their passage
text, verdicts, the knowledge version and the time — so it reads the same after the knowledge
changes. Tokens are `secrets.token_urlsafe(32)` (256 bits); unknown and revoked tokens look the
same to the outside (404)."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup
from sqlalchemy import JSON, DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from web.db import Base, Database

TOKEN_BYTES = 32


def _now() -> datetime:
    return datetime.now(UTC)


class SharedAnswer(Base):
    __tablename__ = "shared_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    owner: Mapped[str] = mapped_column(String(100), index=True)  # "user:<id>" / "anon:<id>"
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    verdicts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    card: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    knowledge_version: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Legal approval ("juridisch getoetst"); source_name is the ingested document's name.
    approved_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    approval_note: Mapped[str] = mapped_column(Text, default="")
    source_name: Mapped[str | None] = mapped_column(String(120), nullable=True)

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


_MARKER = re.compile(r"\[(\d{1,3})\]")


def answer_html(share: SharedAnswer) -> Markup:
    """The answer as sanitised HTML whose [n] markers jump to the frozen passage n on the same
    page (not to the live source, which may have changed since)."""
    from web.render import render_markdown

    known = {int(c["n"]) for c in share.citations if str(c.get("n", "")).isdigit()}

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in known:
            return match.group(0)
        return f'<sup class="cite"><a href="#bron-{n}" aria-label="Bron {n}">[{n}]</a></sup>'

    # Markers are digits only, so the inserted markup cannot carry user text.
    return Markup(_MARKER.sub(link, str(render_markdown(share.answer))))


def passage_text(index: Any, citation: dict[str, Any]) -> str:
    """The cited passage as it reads now in the index (frozen into the snapshot), or the
    quote the answer carried when the chunk cannot be read."""
    chunk_id = citation.get("chunk_id")
    if index is not None and chunk_id:
        chunk = index.get_chunk(chunk_id)
        if chunk:
            text = chunk.get("text") or chunk.get("document")
            if text:
                return str(text)
    return str(citation.get("quote") or "")


def create_share(
    db: Database,
    *,
    owner: str,
    question: str,
    answer: str,
    citations: list[dict[str, Any]],
    verdicts: list[dict[str, Any]] | None,
    card: dict[str, Any] | None,
    knowledge_version: str,
    index: Any = None,
) -> SharedAnswer:
    frozen = [{**c, "passage": passage_text(index, c)} for c in citations]
    share = SharedAnswer(
        token=secrets.token_urlsafe(TOKEN_BYTES),
        owner=owner,
        question=question,
        answer=answer,
        citations=frozen,
        verdicts=list(verdicts or []),
        card=card,
        knowledge_version=knowledge_version,
    )
    with db.session() as s:
        s.add(share)
    return share


def get_share(db: Database, token: str, *, include_revoked: bool = False) -> SharedAnswer | None:
    if not token or len(token) > 64:
        return None
    with db.session() as s:
        share = s.scalar(select(SharedAnswer).where(SharedAnswer.token == token))
    if share is None or (share.revoked_at is not None and not include_revoked):
        return None
    return share


def may_revoke(share: SharedAnswer, owner: str, role: str | None) -> bool:
    return share.owner == owner or role in ("legal", "admin")


def mark_revoked(db: Database, share_id: int) -> None:
    with db.session() as s:
        share = s.get(SharedAnswer, share_id)
        if share is not None and share.revoked_at is None:
            share.revoked_at = _now()


def list_for_owner(db: Database, owner: str) -> list[SharedAnswer]:
    with db.session() as s:
        return list(
            s.scalars(
                select(SharedAnswer)
                .where(SharedAnswer.owner == owner, SharedAnswer.revoked_at.is_(None))
                .order_by(SharedAnswer.created_at.desc())
            )
        )


def recent_shares(db: Database, limit: int = 100) -> list[SharedAnswer]:
    """Live shares, newest first: the legal team's review queue."""
    with db.session() as s:
        return list(
            s.scalars(
                select(SharedAnswer)
                .where(SharedAnswer.revoked_at.is_(None))
                .order_by(SharedAnswer.created_at.desc())
                .limit(limit)
            )
        )
