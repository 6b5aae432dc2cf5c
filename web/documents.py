"""Document management for admins: checked uploads, ingest jobs with visible progress.

An upload is checked by content, not by name alone: a PDF must start with the PDF signature, a
DOCX must be a ZIP holding word/document.xml, TXT/MD must be text without NUL bytes; the
extension must agree with what the content is. The ingest runs in a background thread; its
progress lives in the database, so whichever worker the browser polls can report it."""

from __future__ import annotations

import io
import logging
import re
import tempfile
import threading
import uuid
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from assistant.settings import Settings
from web.db import Base, Database

log = logging.getLogger(__name__)

UPLOAD_KIND = "upload"
ALLOWED = {".txt": "text", ".md": "text", ".pdf": "pdf", ".docx": "docx"}
# Job stages, in order; "klaar" and "mislukt" are final.
STALE_AFTER = timedelta(minutes=30)
STAGES = {"wachtend": 0, "uitlezen": 25, "indexeren": 60, "klaar": 100, "mislukt": 100}


class UploadError(ValueError):
    """Dutch message for the admin; nothing was stored."""


def _now() -> datetime:
    return datetime.now(UTC)


class IngestJob(Base):
    __tablename__ = "ingest_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    source_name: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="wachtend")
    message: Mapped[str] = mapped_column(Text, default="")
    chunks: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    @property
    def done(self) -> bool:
        return self.status in ("klaar", "mislukt")

    @property
    def percent(self) -> int:
        return STAGES.get(self.status, 0)


def sniff(filename: str, data: bytes, max_mb: int) -> str:
    """The checked suffix of an upload, or UploadError saying what is wrong."""
    suffix = Path(filename).suffix.lower()
    if suffix not in ALLOWED:
        raise UploadError("Alleen TXT, MD, PDF en DOCX kunnen worden geüpload.")
    if len(data) > max_mb * 1024 * 1024:
        raise UploadError(f"Het bestand is groter dan {max_mb} MB.")
    if not data.strip():
        raise UploadError("Het bestand is leeg.")
    if data.startswith(b"%PDF-"):
        actual = "pdf"
    elif data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                actual = "docx" if "word/document.xml" in zf.namelist() else "zip"
        except zipfile.BadZipFile:
            actual = "zip"
    elif b"\x00" in data[:8192]:
        actual = "binary"
    else:
        actual = "text"
    if actual != ALLOWED[suffix]:
        raise UploadError(
            f"De inhoud past niet bij de extensie {suffix}: dit bestand is geen "
            f"{suffix[1:].upper()}-bestand."
        )
    return suffix


def source_name_for(filename: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", Path(filename).stem.lower()).strip("-")[:80] or "document"
    return f"upload-{stem}{Path(filename).suffix.lower()}"


def start_upload(
    db: Database, settings: Settings, filename: str, data: bytes, title: str, by: str
) -> IngestJob:
    sniff(filename, data, settings.max_upload_mb)
    job = IngestJob(
        id=uuid.uuid4().hex,
        filename=Path(filename).name[:255],
        source_name=source_name_for(filename),
        created_by=by,
    )
    with db.session() as s:
        s.add(job)
    worker = threading.Thread(
        target=_run_job,
        args=(db, settings, job.id, data, title),
        name=f"ingest-{job.id[:8]}",
        daemon=True,
    )
    worker.start()
    return job


def _set(db: Database, job_id: str, **values) -> None:
    with db.session() as s:
        job = s.get(IngestJob, job_id)
        if job is not None:
            for key, value in values.items():
                setattr(job, key, value)


def _run_job(db: Database, settings: Settings, job_id: str, data: bytes, title: str) -> None:
    from ingest.documents import SourceDocument
    from ingest.loaders import LoadError, load_text
    from ingest.pipeline import upsert_document

    job = get_job(db, job_id)
    assert job is not None
    try:
        _set(db, job_id, status="uitlezen", message="Tekst wordt uit het bestand gehaald…")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / job.source_name
            path.write_bytes(data)
            text = load_text(path)
        _set(db, job_id, status="indexeren", message="Passages worden gemaakt en geïndexeerd…")
        doc = SourceDocument(
            name=job.source_name,
            title=title.strip() or Path(job.filename).stem,
            kind=UPLOAD_KIND,
            publisher=f"Geüpload door {job.created_by}",
            date=date.today().isoformat(),
            text=text,
            extra={"uploaded_by": job.created_by, "filename": job.filename},
        )
        chunks = upsert_document(settings, doc)
        _set(
            db,
            job_id,
            status="klaar",
            chunks=chunks,
            finished_at=_now(),
            message=f"Klaar: {chunks} passages toegevoegd. Het document is direct vindbaar.",
        )
    except LoadError as exc:
        _set(db, job_id, status="mislukt", finished_at=_now(), message=str(exc))
    except Exception:  # report, never lose the admin's view of what happened
        log.exception("upload ingest failed")
        _set(
            db,
            job_id,
            status="mislukt",
            finished_at=_now(),
            message="Indexeren is mislukt door een interne fout; zie het serverlog.",
        )


def get_job(db: Database, job_id: str) -> IngestJob | None:
    """The job; one that has been busy implausibly long (its worker process died) is reported
    as failed instead of spinning forever."""
    with db.session() as s:
        job = s.get(IngestJob, job_id)
        if job is not None and not job.done:
            created = (
                job.created_at if job.created_at.tzinfo else job.created_at.replace(tzinfo=UTC)
            )
            if _now() - created > STALE_AFTER:
                job.status, job.finished_at = "mislukt", _now()
                job.message = (
                    "De verwerking is onderbroken (herstart van de server?). "
                    "Upload het bestand opnieuw."
                )
        return job


def recent_jobs(db: Database, limit: int = 10) -> list[IngestJob]:
    with db.session() as s:
        return list(s.scalars(select(IngestJob).order_by(IngestJob.created_at.desc()).limit(limit)))
