"""The Ollama embedding backend through the official client (langchain-ollama -> ollama) against
a loopback HTTP server that replays the shape of Ollama's /api/embed exchange. No Ollama binary
can run here; the compose deployment exercises the real one."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from assistant.settings import Settings
from ingest.embeddings import OllamaEmbedder, embedder_id, get_embedder


class _Recorded(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Recorded.requests.append({"path": self.path, **body})
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        reply = {
            "model": body["model"],
            "embeddings": [[float(len(t)), 1.0, 0.0] for t in inputs],
            "total_duration": 1000,
            "load_duration": 10,
            "prompt_eval_count": len(inputs),
        }
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        return


def test_ollama_embedder_speaks_the_embed_api() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        model = "nomic-embed-text"
        settings = Settings(embedder="ollama", ollama_embed_model=model, ollama_url=url)
        embedder = get_embedder(settings)
        assert isinstance(embedder, OllamaEmbedder)
        assert embedder_id(settings) == "ollama:nomic-embed-text"
        vectors = embedder.embed_documents(["Social return", "ISV"])
        assert vectors == [[13.0, 1.0, 0.0], [3.0, 1.0, 0.0]]
        assert embedder.embed_query("drempel") == [7.0, 1.0, 0.0]
        assert embedder.passages_embedded == 2 and embedder.queries_embedded == 1
        first = _Recorded.requests[0]
        assert first["path"] == "/api/embed" and first["model"] == "nomic-embed-text"
        assert first["input"] == ["Social return", "ISV"]
    finally:
        server.shutdown()
        server.server_close()
