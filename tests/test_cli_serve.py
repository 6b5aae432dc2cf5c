from typer.testing import CliRunner

from assistant.settings import get_settings
from web.cli import app


def test_serve_refuses_to_start_with_a_broken_policy_file(tmp_path, monkeypatch):
    policy = tmp_path / "beleid.yaml"
    policy.write_text("profiel: [dit is geen geldig beleid", encoding="utf-8")
    monkeypatch.setenv("INKOOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INKOOP_POLICY_FILE", str(policy))
    get_settings.cache_clear()
    started = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append(a))
    try:
        result = CliRunner().invoke(app, ["serve", "--skip-ingest"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code != 0
    assert "beleid.yaml" in str(result.exception) + result.output
    assert not started, "the server must not start on broken knowledge"
