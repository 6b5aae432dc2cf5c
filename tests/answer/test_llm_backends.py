"""Model backends: Ollama against a recorded /api/chat exchange, llama.cpp for real."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from assistant.answer import Answerer
from assistant.llm import LLMError, get_llm
from assistant.llm.llama import LlamaBackend
from assistant.llm.ollama import OllamaBackend
from assistant.prompts import DraftPrompt
from assistant.settings import Settings
from assistant.verify import Verifier

RECORDED = Path(__file__).parent / "fixtures" / "ollama_chat_stream.ndjson"
PROMPT = DraftPrompt(
    question="Wanneer is het wagenpark zero-emissie?",
    passages_block="<<<BRON 1: Inkopen met Impact>>>\nIn 2028 is het wagenpark volledig "
    "zero-emissie.\n<<<EINDE BRON 1>>>",
)


def _replay(requests: list[dict]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append({"path": request.url.path, "body": json.loads(request.content)})
        return httpx.Response(
            200, content=RECORDED.read_bytes(), headers={"content-type": "application/x-ndjson"}
        )

    return httpx.MockTransport(handler)


def test_ollama_streams_the_recorded_exchange(tmp_path):
    settings = Settings(data_dir=tmp_path, llm_backend="ollama", ollama_model="gemma3-270m")
    seen: list[dict] = []
    backend = OllamaBackend(settings, transport=_replay(seen))
    text = "".join(backend.stream_draft(PROMPT))
    assert text == "Het Rijk zorgt ervoor dat het wagenpark in 2028 volledig zero-emissie is [1]."
    body = seen[0]["body"]
    assert seen[0]["path"] == "/api/chat" and body["stream"] is True
    assert body["model"] == "gemma3-270m"
    assert body["options"]["num_predict"] == settings.llm_max_tokens
    assert "BRON 1" in body["messages"][0]["content"]


def test_ollama_server_error_becomes_llm_error(tmp_path):
    settings = Settings(data_dir=tmp_path, llm_backend="ollama")
    transport = httpx.MockTransport(lambda r: httpx.Response(500, json={"error": "model kapot"}))
    with pytest.raises(LLMError):
        list(OllamaBackend(settings, transport=transport).stream_draft(PROMPT))


def test_answer_via_ollama_is_verified_and_labelled(tmp_path, fake_retriever):
    from answer_fakes import HashEmbedder

    settings = Settings(data_dir=tmp_path, llm_backend="ollama")
    backend = OllamaBackend(settings, transport=_replay([]))
    answerer = Answerer(
        settings, retriever=fake_retriever, llm=backend, verifier=Verifier(HashEmbedder())
    )
    result = answerer.answer("Wanneer moet het wagenpark van het Rijk zero-emissie zijn?")
    assert result.backend == "ollama"
    assert "2028" in result.answer and result.citations


def test_extractive_setting_means_no_model(tmp_path):
    assert get_llm(Settings(data_dir=tmp_path, llm_backend="extractive")) is None


def test_backends_are_loaded_once_per_process(tmp_path):
    settings = Settings(data_dir=tmp_path, llm_backend="llama")
    assert get_llm(settings) is get_llm(settings.model_copy())


@pytest.mark.slow
def test_llama_cpp_really_loads_the_gguf_and_generates(gguf_settings):
    # A llama.cpp build with the wrong CPU flags crashes here (segfault), failing CI.
    backend = LlamaBackend(gguf_settings)
    pieces = list(backend.stream_draft(PROMPT))
    assert backend.chat_template is None  # the packaged base model: completion prompt
    assert pieces and "".join(pieces).strip()
    assert len(pieces) <= 24  # the token limit holds


class _RecordingLlama:
    """Stands in for llama_cpp.Llama to check which API a backend drives (no native code)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def create_chat_completion(self, messages, **options):
        self.calls.append(("chat", {"messages": messages, **options}))
        yield {"choices": [{"delta": {"role": "assistant"}}]}
        yield {"choices": [{"delta": {"content": "Antwoord [1]."}}]}

    def create_completion(self, prompt, **options):
        self.calls.append(("completion", {"prompt": prompt, **options}))
        yield {"choices": [{"text": "Antwoord [1]."}]}


@pytest.mark.parametrize(("template", "api"), [(None, "completion"), ("{{ messages }}", "chat")])
def test_gguf_with_chat_template_is_driven_through_it(tmp_path, template, api):
    backend = LlamaBackend(Settings(data_dir=tmp_path, llm_max_tokens=200))
    fake = _RecordingLlama()
    backend._llm, backend.chat_template = fake, template  # as if load() had read the GGUF
    assert "".join(backend.stream_draft(PROMPT)) == "Antwoord [1]."
    kind, options = fake.calls[0]
    assert kind == api
    assert options["repeat_penalty"] > 1 and options["stop"]
    # The base model gets a one-line completion with a hard cap; chat models the setting.
    assert options["max_tokens"] == (80 if api == "completion" else 200)
    if api == "completion":
        assert options["prompt"].rstrip().endswith("Antwoord:") and "\n" in options["stop"]


def test_ollama_client_timeout_is_reported_as_a_timeout(unit_settings):
    # The client's HTTP timeout equals the answer deadline; whichever fires first, the user must
    # read that the model was too slow, not that it is unreachable.
    from assistant.llm.deadline import LLMTimeout

    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    backend = OllamaBackend(unit_settings, transport=httpx.MockTransport(hang))
    with pytest.raises(LLMTimeout):
        list(backend.stream_draft(DraftPrompt(question="Wat is MVI?", passages_block="[1] x")))
