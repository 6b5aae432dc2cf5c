"""Hostile and broken files for the bad-input checks, built in memory (nothing downloaded)."""

from __future__ import annotations

import io
import zipfile

from pypdf import PdfWriter


def garbled_pdf() -> bytes:
    """Starts like a PDF, then noise: a truncated download or a corrupted file."""
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n" + bytes(range(256)) * 8


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="geheim", owner_password="nog-geheimer")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bomb_docx(uncompressed_mb: int = 200) -> bytes:
    """A real .docx (made by python-docx) whose word/document.xml is swapped for one that
    inflates from ~0.2 MB to `uncompressed_mb` MB. It passes a content sniff and opens as a
    Word package, so only a size check before inflating can refuse it."""
    import docx

    skeleton = io.BytesIO()
    docx.Document().save(skeleton)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(skeleton) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item.filename))
        with dst.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                b'main"><w:body><w:p><w:r><w:t>'
            )
            block = b"A" * (1024 * 1024)
            for _ in range(uncompressed_mb):
                member.write(block)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def plain_zip_as_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("nul.bin", b"\x00" * (20 * 1024 * 1024))
    return out.getvalue()


BINARY = bytes(range(256)) * 64
NON_UTF8_TEXT = "Inkoop van café-diensten, prijs ± € 60.000\n".encode("cp1252")
EMOJI_TEXT = "# Inkoop 🚀\n\nDuurzaam inkopen 🌱 met social return 🤝.\n".encode()
