"""Legal approval of shared answers and the library of approved answers.

An approved answer becomes a source of its own ("goedgekeurd-<id>.md", label "goedgekeurd
antwoord", with approver and date), so later questions can retrieve and cite it. Revoking the
approval (or the share) removes that source from retrieval again."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import or_, select

from assistant.settings import Settings
from web.db import Database
from web.sharing import SharedAnswer, mark_revoked

LABEL = "goedgekeurd antwoord"
MAX_NOTE = 2000


class ApprovalError(ValueError):
    """Dutch message about why an approval action was refused; `status` is the HTTP answer."""

    def __init__(self, message: str, status: int = 404) -> None:
        super().__init__(message)
        self.status = status


def source_name(share: SharedAnswer) -> str:
    return f"goedgekeurd-{share.id}.md"


def approval_document(share: SharedAnswer, approver: str, note: str, when: datetime):
    """The SourceDocument that puts an approved answer into the knowledge."""
    from ingest.documents import SourceDocument

    lines = [
        f"# Goedgekeurd antwoord: {share.question}",
        "",
        f"Juridisch getoetst door {approver} op {when.date().isoformat()}.",
        "",
        "## Vraag",
        "",
        share.question,
        "",
        "## Antwoord",
        "",
        share.answer.strip(),
        "",
    ]
    if note:
        lines += ["## Toelichting van de jurist", "", note, ""]
    sources = sorted({c.get("title") or c.get("source") or "" for c in share.citations} - {""})
    if sources:
        lines += ["## Gebruikte bronnen", ""] + [f"- {title}" for title in sources] + [""]
    return SourceDocument(
        name=source_name(share),
        title=f"Goedgekeurd antwoord: {share.question[:120]}",
        kind="approved_answer",
        publisher=f"Juridische toets ({approver})",
        date=when.date().isoformat(),
        text="\n".join(lines),
        label=LABEL,
        extra={"approver": approver, "approved_at": when.isoformat(), "share_id": share.id},
    )


def approve(db: Database, settings: Settings, token: str, approver: str, note: str) -> SharedAnswer:
    from ingest.pipeline import upsert_document

    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ApprovalError(f"De toelichting is te lang (hoogstens {MAX_NOTE} tekens).", 400)
    when = datetime.now(UTC)
    with db.session() as s:
        share = s.scalar(
            select(SharedAnswer).where(
                SharedAnswer.token == token, SharedAnswer.revoked_at.is_(None)
            )
        )
        if share is None:
            raise ApprovalError("Dit gedeelde antwoord bestaat niet (meer).")
        doc = approval_document(share, approver, note, when)
        # Index first: when that fails, the answer is not shown as approved.
        upsert_document(settings, doc)
        share.approved_by, share.approved_at = approver, when
        share.approval_note, share.source_name = note, doc.name
        s.flush()
        return share


def withdraw(db: Database, settings: Settings, token: str) -> SharedAnswer:
    """Revoke the approval: out of the library and out of retrieval."""
    from ingest.pipeline import remove_document

    with db.session() as s:
        share = s.scalar(select(SharedAnswer).where(SharedAnswer.token == token))
        if share is None or share.approved_at is None:
            raise ApprovalError("Dit antwoord is niet goedgekeurd.")
        if share.source_name:
            remove_document(settings, share.source_name)
        share.approved_by = share.approved_at = share.source_name = None
        share.approval_note = ""
        s.flush()
        return share


def revoke_share(db: Database, settings: Settings, share: SharedAnswer) -> None:
    """Revoke a link; an approved answer leaves the knowledge with it."""
    if share.approved:
        withdraw(db, settings, share.token)
    mark_revoked(db, share.id)


def library(db: Database, query: str = "", limit: int = 200) -> list[SharedAnswer]:
    """Approved answers, newest first; `query` filters on question, answer and note."""
    stmt = select(SharedAnswer).where(
        SharedAnswer.approved_at.is_not(None), SharedAnswer.revoked_at.is_(None)
    )
    for word in query.split()[:8]:
        like = f"%{word.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(
            or_(
                SharedAnswer.question.ilike(like),
                SharedAnswer.answer.ilike(like),
                SharedAnswer.approval_note.ilike(like),
            )
        )
    with db.session() as s:
        return list(s.scalars(stmt.order_by(SharedAnswer.approved_at.desc()).limit(limit)))
