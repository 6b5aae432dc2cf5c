"""Bad input gets a clear Dutch error, HTTP 4xx (never 5xx), and affects nothing else.

Questions go to POST /api/answer; files go through the loader (in a child process with a
memory cap, so a zip bomb that is not refused fails this test instead of the machine) and
through the admin upload."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from tests.ops import bad_files
from web.app import create_app

DUTCH = ("vraag", "leeg", "lang", "ongeldig", "verzoek", "tekens")


@pytest.fixture(scope="module")
def api(built_index_settings: Settings, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    import shutil

    data = tmp_path_factory.mktemp("bad-input") / "data"
    shutil.copytree(built_index_settings.data_dir, data)
    settings = built_index_settings.model_copy(
        update={"data_dir": data, "llm_backend": "extractive"}
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def _dutch_4xx(resp) -> str:  # type: ignore[no-untyped-def]
    assert 400 <= resp.status_code < 500, (resp.status_code, resp.text[:300])
    detail = resp.json()["detail"]
    assert isinstance(detail, str) and any(w in detail.lower() for w in DUTCH), detail
    return detail


@pytest.mark.parametrize(
    ("label", "question"),
    [
        ("empty", ""),
        ("whitespace", " \n\t  \u00a0 "),
        ("100 kB", "Welke drempel geldt er? " * 4300),
    ],
)
def test_bad_questions_are_refused_in_dutch(api: TestClient, label: str, question: str) -> None:
    _dutch_4xx(api.post("/api/answer", json={"question": question}))


@pytest.mark.parametrize(
    ("label", "body"),
    [
        ("binary bytes", bytes(range(256)) * 4),
        ("non-UTF-8 JSON", '{"question": "café"}'.encode("latin-1")),
        ("not an object", b'"alleen een tekst"'),
        ("wrong type", json.dumps({"question": ["a", "b"]}).encode()),
        ("truncated JSON", b'{"question": "Wat is de drempel'),
    ],
)
def test_bad_request_bodies_are_refused_in_dutch(api: TestClient, label: str, body: bytes) -> None:
    resp = api.post("/api/answer", content=body, headers={"Content-Type": "application/json"})
    assert "ongeldig" in _dutch_4xx(resp)


@pytest.mark.parametrize(
    "question",
    [
        "Wat is social return 🤝🚀 bij een dienst van 60.000 euro? 🙂",
        "Wat is de drempel voor\u0000 leveringen?",  # a NUL character inside valid JSON
        "‮Wat is ISV?‬ \u200b\u200b",  # bidi overrides and zero-width spaces
    ],
)
def test_odd_but_valid_questions_never_fail_with_5xx(api: TestClient, question: str) -> None:
    resp = api.post("/api/answer", json={"question": question})
    assert resp.status_code < 500, resp.text[:300]
    if resp.status_code == 200:
        assert resp.json()["answer"].strip()
    else:
        _dutch_4xx(resp)


def test_app_still_answers_after_bad_input(api: TestClient) -> None:
    for body in (b"\xff\xfe\x00", b"{", b"[]"):
        api.post("/api/answer", content=body, headers={"Content-Type": "application/json"})
    resp = api.post("/api/answer", json={"question": "Wat is Inkopen met Impact?"})
    assert resp.status_code == 200 and resp.json()["citations"]
    assert api.get("/health").status_code == 200


# --- files: the loader, in a child process with a memory cap ------------------------------------

_CHILD = """
import resource, sys, tracemalloc
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
from ingest.loaders import LoadError, load_text
import pypdf, docx  # the parsers' own import cost is not part of what a file may cost
tracemalloc.start()  # counts Python allocations: an inflated ZIP member is one big bytes object
try:
    text = load_text(Path(sys.argv[1]))
    out = f"OK {len(text)}"
except LoadError as exc:
    out = f"LOADERROR {exc}"
print(tracemalloc.get_traced_memory()[1] // (1024 * 1024))  # peak MB while loading
print(out)
"""


def _load_in_child(path: Path) -> tuple[str, float, int]:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, f"loader crashed: {proc.stderr[-800:]}"
    peak_mb, out = proc.stdout.strip().split("\n", 1)
    return out, elapsed, int(peak_mb)


@pytest.mark.parametrize(
    ("name", "data", "expect"),
    [
        ("leeg.txt", b"", "leeg"),
        ("leeg.pdf", b"", "leeg"),
        ("leeg.docx", b"", "leeg"),
        ("binair.txt", bad_files.BINARY, "binair"),
        ("kapot.pdf", bad_files.garbled_pdf(), "PDF"),
        ("beveiligd.pdf", bad_files.encrypted_pdf(), "wachtwoord"),
        ("bom.docx", bad_files.zip_bomb_docx(), "Word"),
        ("zip.docx", bad_files.plain_zip_as_docx(), "Word"),
    ],
)
def test_broken_files_give_a_dutch_load_error(
    tmp_path: Path, name: str, data: bytes, expect: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    out, elapsed, peak_mb = _load_in_child(path)
    assert out.startswith("LOADERROR"), out
    assert expect.lower() in out.lower(), out
    assert elapsed < 60
    # Refused before inflating: a 200 MB bomb must not be read into memory.
    assert peak_mb < 50, f"{peak_mb} MB allocated while refusing {name}"


@pytest.mark.parametrize(
    ("name", "data", "snippet"),
    [("latin.txt", bad_files.NON_UTF8_TEXT, "café"), ("emoji.md", bad_files.EMOJI_TEXT, "🌱")],
)
def test_odd_but_valid_text_files_load(
    tmp_path: Path, name: str, data: bytes, snippet: str
) -> None:
    from ingest.loaders import load_text

    path = tmp_path / name
    path.write_bytes(data)
    assert snippet in load_text(path)
