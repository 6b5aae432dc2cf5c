"""Admin document management: content-checked uploads, live ingest progress, removal."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from acc_helpers import csrf
from pdf_maker import make_pdf

from assistant.retrieval import build_retriever
from web.documents import UploadError, sniff, source_name_for

PHRASE = "waterfietsen van gemeente Zuiderdam"


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Beleid waterfietsen", level=1)
    document.add_paragraph(f"Verhuur van {PHRASE}.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_sniff_accepts_matching_content():
    assert sniff("a.pdf", make_pdf(["tekst"]), 5) == ".pdf"
    assert sniff("a.DOCX", _docx_bytes(), 5) == ".docx"
    assert sniff("a.md", "# Kop\n\nTekst met é".encode(), 5) == ".md"
    assert sniff("a.txt", b"gewone tekst", 5) == ".txt"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"dit is gewoon tekst", "geen PDF"),
        ("a.txt", make_pdf(["x"]), "geen TXT"),
        ("a.txt", b"\x00\x01\x02binair", "geen TXT"),
        ("a.docx", b"PK\x03\x04 kapotte zip", "geen DOCX"),
        ("a.exe", b"MZ", "Alleen TXT, MD, PDF en DOCX"),
        ("a.md", b"   \n ", "leeg"),
    ],
)
def test_sniff_refuses_mismatches_in_dutch(name, data, message):
    with pytest.raises(UploadError, match=message):
        sniff(name, data, 5)


def test_sniff_refuses_a_zip_that_is_not_word():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("iets.txt", "geen word")
    with pytest.raises(UploadError, match="geen DOCX"):
        sniff("a.docx", out.getvalue(), 5)


def test_sniff_enforces_size():
    with pytest.raises(UploadError, match="groter dan 1 MB"):
        sniff("a.txt", b"a" * (1024 * 1024 + 1), 1)


def test_source_names_cannot_escape_or_clash_with_corpus():
    assert source_name_for("../../etc/Passwd.TXT") == "upload-passwd.txt"
    assert source_name_for("Beleid 2026 (concept).pdf") == "upload-beleid-2026-concept.pdf"


def upload(client, name: str, data: bytes, title: str = "", hx: bool = True):
    headers = {"HX-Request": "true"} if hx else {}
    return client.post(
        "/beheer/documenten",
        files={"file": (name, data)},
        data={"title": title, "csrf_token": csrf(client)},
        headers=headers,
        follow_redirects=False,
    )


def wait_for_job(client, html: str, timeout_s: float = 120) -> str:
    job_id = re.search(r'id="job-([0-9a-f]+)"', html).group(1)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        part = client.get(f"/beheer/documenten/taak/{job_id}").text
        status = re.search(r'data-status="([^"]+)"', part).group(1)
        if status in ("klaar", "mislukt"):
            return part
        assert "hx-trigger" in part  # still polling while busy
        time.sleep(0.3)
    raise AssertionError("ingest job did not finish")


def test_upload_pdf_is_answerable_and_removable(index_app, index_client_as, index_settings):
    admin = index_client_as("admin")
    pdf = make_pdf([f"Huurvoorwaarden voor de {PHRASE}.", "Het tarief bedraagt 42 euro per dag."])
    response = upload(admin, "Waterfietsen.pdf", pdf, title="Huurvoorwaarden waterfietsen")
    assert response.status_code == 202
    final = wait_for_job(admin, response.text)
    assert 'data-status="klaar"' in final, final

    listing = admin.get("/beheer/documenten").text
    assert "Huurvoorwaarden waterfietsen" in listing
    row = re.search(r'data-source="upload-waterfietsen.pdf".*?</tr>', listing, re.S).group(0)
    assert re.search(r'class="num">\s*[1-9]', row)

    # Answerable without a restart: the same app's retriever finds it now.
    hits = build_retriever(index_settings, mode="hybrid", k=3).invoke(
        "Wat kost het huren van waterfietsen in Zuiderdam?"
    )
    assert hits[0].metadata["source"] == "upload-waterfietsen.pdf"

    removed = admin.post(
        "/beheer/documenten/upload-waterfietsen.pdf/verwijderen", data={"csrf_token": csrf(admin)}
    )
    assert removed.status_code == 200 and "verwijderd" in removed.text
    assert "upload-waterfietsen.pdf" not in admin.get("/beheer/documenten").text
    hits = build_retriever(index_settings, mode="bm25", k=5).invoke("waterfietsen Zuiderdam")
    assert "upload-waterfietsen.pdf" not in [h.metadata["source"] for h in hits]


def test_bad_uploads_get_dutch_400_and_nothing_is_stored(index_app, index_client_as):
    admin = index_client_as("admin")
    before = {s.name for s in index_app.state.services.index.list_sources()}
    response = upload(admin, "vermomd.pdf", b"geen pdf maar tekst")
    assert response.status_code == 400 and "geen PDF" in response.text
    page = upload(admin, "leeg.txt", b"", hx=False)
    assert page.status_code == 400 and "Het bestand is leeg" in page.text
    assert {s.name for s in index_app.state.services.index.list_sources()} == before


def test_corpus_documents_cannot_be_removed_here(index_app, index_client_as):
    admin = index_client_as("admin")
    corpus = next(s for s in index_app.state.services.index.list_sources() if s.kind != "upload")
    response = admin.post(
        f"/beheer/documenten/{corpus.name}/verwijderen", data={"csrf_token": csrf(admin)}
    )
    assert response.status_code == 400
    assert corpus.name in {s.name for s in index_app.state.services.index.list_sources()}


def test_a_job_whose_worker_died_is_reported_failed(acc_settings):
    from datetime import UTC, datetime, timedelta

    from web.db import Database
    from web.documents import IngestJob, get_job

    db = Database(acc_settings)
    db.create_all()
    with db.session() as s:
        s.add(
            IngestJob(
                id="a" * 32,
                filename="x.pdf",
                source_name="upload-x.pdf",
                status="indexeren",
                created_by="beheer",
                created_at=datetime.now(UTC) - timedelta(hours=2),
            )
        )
        s.add(
            IngestJob(
                id="b" * 32,
                filename="y.pdf",
                source_name="upload-y.pdf",
                status="indexeren",
                created_by="beheer",
            )
        )
    assert get_job(db, "a" * 32).status == "mislukt"
    assert "onderbroken" in get_job(db, "a" * 32).message
    assert get_job(db, "b" * 32).status == "indexeren"
