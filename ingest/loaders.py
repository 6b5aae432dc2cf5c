"""Read source files (TXT, MD, PDF, DOCX) into text, with clear Dutch errors on bad input."""

from __future__ import annotations

from pathlib import Path

SUPPORTED_SUFFIXES = {".txt", ".md", ".pdf", ".docx"}
MAX_DOCX_UNPACKED = 50_000_000  # bytes; real Word files of policy texts are far smaller


class LoadError(Exception):
    """A file that cannot be read; the message is Dutch and meant for the user."""


def load_text(path: Path) -> str:
    """Return the text of a file, or raise LoadError with a Dutch explanation."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(
            f"{path.name}: bestandstype {suffix or '(geen)'} wordt niet ondersteund "
            "(gebruik TXT, MD, PDF of DOCX)."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path.name}: bestand kan niet worden gelezen ({exc.strerror}).") from exc
    if not data.strip():
        raise LoadError(f"{path.name}: het bestand is leeg.")
    if suffix in {".txt", ".md"}:
        text = _decode(data)
    elif suffix == ".pdf":
        text = _read_pdf(path)
    else:
        text = _read_docx(path)
    if not text.strip():
        raise LoadError(
            f"{path.name}: er staat geen leesbare tekst in (misschien een gescande PDF zonder "
            "tekstlaag)."
        )
    return text


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise LoadError("het bestand lijkt geen tekstbestand te zijn (binaire inhoud).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise LoadError(
                f"{path.name}: de PDF is beveiligd met een wachtwoord en kan niet worden gelezen."
            )
        # A form feed between pages lets the cleaner see page boundaries.
        return "\f".join(page.extract_text() or "" for page in reader.pages)
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"{path.name}: de PDF is beschadigd of ongeldig ({exc}).") from exc


def _read_docx(path: Path) -> str:
    import zipfile

    import docx

    try:  # refuse zip bombs before python-docx inflates anything
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise LoadError(f"{path.name}: het Word-bestand is beschadigd of ongeldig.") from exc
    if unpacked > MAX_DOCX_UNPACKED:
        raise LoadError(
            f"{path.name}: het Word-bestand is uitgepakt groter dan "
            f"{MAX_DOCX_UNPACKED // 1_000_000} MB en wordt niet gelezen (mogelijk een zip-bom)."
        )
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LoadError(f"{path.name}: het Word-bestand is beschadigd of ongeldig.") from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError and friends
        raise LoadError(f"{path.name}: het Word-bestand kan niet worden geopend ({exc}).") from exc
    lines: list[str] = []
    for para in document.paragraphs:
        style = (para.style.name or "") if para.style is not None else ""
        text = para.text.strip()
        if not text:
            continue
        if style.startswith("Heading") and style[-1:].isdigit():
            lines.append("#" * int(style[-1]) + " " + text)  # keep structure for the chunker
        elif style == "Title":
            lines.append("# " + text)
        else:
            lines.append(text)
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text.strip() for cell in row.cells))
    return "\n\n".join(lines)
