"""Run a draft stream in a worker thread so a hanging model cannot hold a request forever."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator

from assistant.llm.base import LLMError

_END = object()


class LLMTimeout(LLMError):
    """The model did not finish (or start) within the allowed time."""


def stream_with_deadline(start: Callable[[], Iterator[str]], timeout_s: float) -> Iterator[str]:
    """Yield the pieces of `start()` until it ends; raise LLMTimeout once timeout_s has passed.

    The worker stops at its next piece after a timeout or after the consumer goes away."""
    pieces: queue.Queue[object] = queue.Queue()
    stop = threading.Event()

    def work() -> None:
        try:
            stream = start()
            for piece in stream:
                if stop.is_set():
                    close = getattr(stream, "close", None)
                    if close:
                        close()
                    break
                pieces.put(piece)
            pieces.put(_END)
        except BaseException as exc:  # handed to the consumer, raised there
            pieces.put(exc)

    threading.Thread(target=work, name="llm-draft", daemon=True).start()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LLMTimeout(f"geen antwoord binnen {timeout_s:.0f} s")
            try:
                item = pieces.get(timeout=remaining)
            except queue.Empty:
                raise LLMTimeout(f"geen antwoord binnen {timeout_s:.0f} s") from None
            if item is _END:
                return
            if isinstance(item, BaseException):
                if isinstance(item, LLMError):
                    raise item
                raise LLMError(str(item)) from item
            yield str(item)
    finally:
        stop.set()
