"""One browser test with the real language model (llama.cpp + the bundled Gemma 3 270M GGUF):
the answer streams from the model, or, when verification rejects the draft, the page says so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_support import Server, start_server, stop_server
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

RECORD_TOKENS = """
window.__tokens = 0;
document.addEventListener('htmx:sseMessage', function (e) {
  if (e.detail.type === 'token') window.__tokens += 1;
});
"""


@pytest.fixture(scope="module")
def model_server(e2e_data_dir, tmp_path_factory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("e2e-model") / "uvicorn.log"
    proc, url = start_server(e2e_data_dir, log, INKOOP_LLM_BACKEND="llama")
    try:
        yield Server(url=url, data_dir=e2e_data_dir, log=log)
    finally:
        stop_server(proc)


def test_real_model_answer_streams_and_is_labelled(browser, model_server: Server, screenshots):
    context = browser.new_context(base_url=model_server.url, locale="nl-NL")
    page: Page = context.new_page()
    page.add_init_script(RECORD_TOKENS)
    try:
        page.goto("/")
        page.fill("#question", "Wanneer is een meervoudig onderhandse procedure passend?")
        page.press("#question", "Enter")
        message = page.locator("#messages .message").last
        expect(message).to_have_attribute("data-status", "done", timeout=180_000)
        assert page.evaluate("window.__tokens") > 1
        expect(message.locator(".answer-text")).not_to_be_empty()
        backend = message.get_attribute("data-backend")
        assert backend in ("llama", "extractive")
        notice = message.locator(".fallback-notice")
        if backend == "llama":  # the model's verified text: no fallback notice
            expect(notice).to_have_count(0)
        else:  # the model ran but its draft was rejected: the page says the model was not used
            expect(notice).to_contain_text("Zonder taalmodel")
        page.screenshot(path=str(screenshots / "chat-real-model.png"), full_page=True)
    finally:
        context.close()
