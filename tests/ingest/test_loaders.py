"""Loading TXT/MD/PDF/DOCX, and clear Dutch messages for files that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import LoadError, load_text
from tests.ingest.helpers import make_docx, make_encrypted_pdf, make_pdf


def test_txt_and_md(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Social return bij diensten.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Kop\n\nTekst met ë.", encoding="utf-8")
    assert load_text(tmp_path / "a.txt") == "Social return bij diensten."
    assert "Tekst met ë." in load_text(tmp_path / "b.md")


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_bytes("Beëindiging van het contract".encode("cp1252"))
    assert load_text(tmp_path / "c.txt") == "Beëindiging van het contract"


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "d.pdf", ["Onderhandse procedure", "Nodig drie tot vijf partijen uit."]
    )
    text = load_text(pdf)
    assert "Onderhandse procedure" in text and "vijf partijen" in text


def test_docx_headings_become_markdown(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "e.docx", "Werkwijze", ["Eerste alinea.", "Tweede alinea."])
    text = load_text(path)
    assert text.startswith("# Werkwijze") and "Tweede alinea." in text


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("leeg.txt", b"   \n", "leeg"),
        ("kapot.pdf", b"%PDF-1.4 dit is geen pdf", "beschadigd"),
        ("kapot.docx", b"PK\x03\x04 geen zip", "Word-bestand"),
        ("plaatje.png", b"\x89PNG", "niet ondersteund"),
        ("binair.txt", b"\x00\x01\x02tekst", "binaire inhoud"),
    ],
)
def test_bad_files_give_dutch_messages(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=expected):
        load_text(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = make_encrypted_pdf(tmp_path / "geheim.pdf", ["Vertrouwelijk"])
    with pytest.raises(LoadError, match="wachtwoord"):
        load_text(path)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "scan.pdf", [])
    with pytest.raises(LoadError, match="geen leesbare tekst"):
        load_text(path)


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    import zipfile

    path = make_docx(tmp_path / "bom.docx", "Kop", ["Tekst."])
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/opvulling.xml", "w", force_zip64=True) as member,
    ):
        block = b"\0" * 1_000_000
        for _ in range(60):  # 60 MB unpacked, a few hundred KB packed
            member.write(block)
    with pytest.raises(LoadError, match="zip-bom"):
        load_text(path)
