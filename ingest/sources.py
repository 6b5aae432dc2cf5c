"""Where documents come from: the sources folder (manifest + loose files), the rendered
knowledge documents (rules, criteria, legal notes) and saved uploads / approved answers."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import yaml

from assistant.settings import Settings
from ingest.documents import SourceDocument
from ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_text


def documents_dir(settings: Settings) -> Path:
    return settings.data_dir / "documents"


def _manifest(sources_dir: Path) -> dict[str, dict]:
    path = sources_dir / "manifest.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(d["file"]): d for d in data.get("documents", [])}


def _guess_title(path: Path, text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if 3 <= len(line) <= 150:
            return line
    return path.stem.replace("-", " ").replace("_", " ")


def from_sources_dir(settings: Settings) -> tuple[list[SourceDocument], dict[str, str]]:
    """Manifest entries first (their metadata), then any other supported file in the folder."""
    docs: list[SourceDocument] = []
    errors: dict[str, str] = {}
    folder = settings.sources_dir
    if not folder.exists():
        return docs, errors
    manifest = _manifest(folder)
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file() or path.name == "manifest.yaml":
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        try:
            text = load_text(path)
        except LoadError as exc:
            errors[path.name] = str(exc)
            continue
        entry = manifest.get(path.name, {})
        date = entry.get("date") or dt.date.fromtimestamp(path.stat().st_mtime)
        docs.append(
            SourceDocument(
                name=path.name,
                title=str(entry.get("title") or _guess_title(path, text)),
                kind=str(entry.get("kind") or "document"),
                publisher=str(entry.get("publisher") or "onbekend"),
                date=str(date),
                text=text,
                label=entry.get("label"),
            )
        )
    for name in manifest:
        if not (folder / name).exists():
            errors[name] = f"{name}: staat in manifest.yaml maar het bestand ontbreekt."
    return docs, errors


def from_knowledge(policy_file: Path | None = None) -> list[SourceDocument]:
    """Rules, criteria and legal notes rendered as Markdown by knowledge.passages (with the
    organisation's own policy bands when a policy file is configured)."""
    from knowledge.passages import render_documents

    docs = []
    for item in render_documents(policy_file):
        docs.append(
            SourceDocument(
                name=str(item["name"]),
                title=str(item["title"]),
                kind=str(item.get("kind", "rules")),
                publisher=str(item.get("publisher", "")),
                date=str(item.get("date", "")),
                text=str(item["text"]),
                label=item.get("label"),
                extra={k: v for k, v in item.items() if k == "url"},
            )
        )
    return docs


def safe_filename(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-") or "document"
    return stem if Path(stem).suffix.lower() in SUPPORTED_SUFFIXES else stem + ".md"


def save_document(settings: Settings, doc: SourceDocument) -> None:
    """Persist an upload / approved answer as a text file plus a sidecar JSON with its meta."""
    folder = documents_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    filename = safe_filename(doc.name)
    suffix = Path(filename).suffix.lower()
    if suffix in {".pdf", ".docx"}:  # the text is what we index; keep it as Markdown
        filename += ".md"
    (folder / filename).write_text(doc.text, encoding="utf-8")
    meta = doc.meta() | {"file": filename}
    (folder / f"{filename}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1))


def delete_saved(settings: Settings, name: str) -> bool:
    folder = documents_dir(settings)
    removed = False
    for sidecar in folder.glob("*.meta.json") if folder.exists() else []:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        if meta.get("name") == name:
            (folder / meta["file"]).unlink(missing_ok=True)
            sidecar.unlink()
            removed = True
    return removed


def from_documents_dir(settings: Settings) -> tuple[list[SourceDocument], dict[str, str]]:
    docs: list[SourceDocument] = []
    errors: dict[str, str] = {}
    folder = documents_dir(settings)
    if not folder.exists():
        return docs, errors
    for sidecar in sorted(folder.glob("*.meta.json")):
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
            text = (folder / meta.pop("file")).read_text(encoding="utf-8")
            docs.append(SourceDocument(text=text, **meta))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            errors[sidecar.name] = f"{sidecar.name}: opgeslagen document onleesbaar ({exc})."
    return docs, errors
