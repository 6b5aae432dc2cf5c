"""ConversationStore on SQLite: ownership, claim-once streaming, stored context and results."""

from __future__ import annotations

from assistant.settings import Settings
from web.conversations import ConversationStore
from web.db import Database


def store_for(tmp_path) -> ConversationStore:
    db = Database(Settings(data_dir=tmp_path / "data"))
    db.create_all()
    return ConversationStore(db)


def test_claim_succeeds_once_even_across_two_app_instances(tmp_path):
    a, b = store_for(tmp_path), store_for(tmp_path)  # two workers, one database
    conv = a.create("anon:x")
    msg = a.add_question(conv.id, "Vraag", "buyer")
    assert a.claim(msg.id) is True
    assert b.claim(msg.id) is False
    assert a.claim(msg.id) is False


def test_finish_stores_result_and_context_for_follow_ups(tmp_path):
    store = store_for(tmp_path)
    conv = store.create("user:1")
    msg = store.add_question(
        conv.id, "Een vraag over schoonmaak die heel erg lang doorgaat " * 3, "legal"
    )
    result = {
        "answer": "Antwoord [1]",
        "citations": [{"n": 1, "source": "a.md"}],
        "card": None,
        "backend": "extractive",
        "route": "knowledge",
        "notices": ["Let op"],
        "context": {"turns": [{"question": "q", "answer": "a"}]},
    }
    store.finish(msg.id, result, None)
    got = store.get("user:1", conv.id)
    assert got is not None and got.context_json == result["context"]
    assert got.title.endswith("…") and len(got.title) <= 70
    saved = got.messages[0]
    assert (saved.status, saved.answer, saved.route, saved.notices) == (
        "done",
        "Antwoord [1]",
        "knowledge",
        ["Let op"],
    )
    assert store.context(conv.id) == result["context"]


def test_other_owner_sees_nothing(tmp_path):
    store = store_for(tmp_path)
    conv = store.create("anon:een")
    assert store.get("anon:twee", conv.id) is None
    assert store.list_for("anon:twee") == []
    assert [c.id for c in store.list_for("anon:een")] == [conv.id]


def test_failed_answer_is_kept_with_its_dutch_error(tmp_path):
    store = store_for(tmp_path)
    conv = store.create("anon:x")
    msg = store.add_question(conv.id, "Vraag", "buyer")
    store.fail(msg.id, "Het antwoord kon niet worden gemaakt.")
    saved = store.get_message(conv.id, msg.id)
    assert saved.status == "error" and saved.error.startswith("Het antwoord")
    assert store.get_message("ander-gesprek", msg.id) is None
