"""Conversations, shares and accounts on a real PostgreSQL server (Debian's package, started by
the `postgres_server` fixture on 127.0.0.1). Two `Database` objects stand for two app workers:
they share state only through the database."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import inspect

from assistant.settings import Settings
from web.db import Database


@pytest.fixture
def pg_settings(tmp_path: Path, postgres_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=postgres_url)


@pytest.fixture
def two_workers(pg_settings: Settings) -> tuple[Database, Database]:
    first, second = Database(pg_settings), Database(pg_settings)
    first.create_all()
    second.create_all()  # a second worker starting up must not fail on existing tables
    yield first, second
    first.engine.dispose()
    second.engine.dispose()


def test_tables_are_created_on_postgres(two_workers: tuple[Database, Database]) -> None:
    db, _ = two_workers
    assert db.engine.dialect.name == "postgresql"
    tables = set(inspect(db.engine).get_table_names())
    from web.db import Base

    assert tables == set(Base.metadata.tables), "every table of the app exists on PostgreSQL"
    assert {"conversations", "shared_answers", "users", "contracts"} <= tables


def test_conversation_written_by_one_worker_is_read_by_the_other(
    two_workers: tuple[Database, Database],
) -> None:
    from web.conversations import ConversationStore

    first, second = (ConversationStore(db) for db in two_workers)
    conv = first.create("user:1")
    msg = first.add_question(conv.id, "Welke procedure past bij 60.000 euro catering?", "buyer")
    result = {
        "answer": "Meervoudig onderhands [1].",
        "citations": [{"n": 1, "source": "regels-drempels.md", "quote": "tussen"}],
        "card": {"contract_value_eur": 60000},
        "backend": "extractive",
        "fallback_reason": None,
        "searched": [],
        "context": {"turns": [{"question": "q", "answer": "a"}], "profile": None},
    }
    first.finish(msg.id, result, "check")

    assert [c.id for c in second.list_for("user:1")] == [conv.id]
    assert second.get("user:2", conv.id) is None, "another owner must not see it"
    stored = second.get_message(conv.id, msg.id)
    assert stored is not None and stored.status == "done"
    assert stored.citations[0]["source"] == "regels-drempels.md"  # JSON column round trip
    assert stored.card == {"contract_value_eur": 60000}
    assert second.context(conv.id)["turns"][0]["question"] == "q"


def test_a_message_is_claimed_by_exactly_one_worker(
    two_workers: tuple[Database, Database],
) -> None:
    """Two workers racing to stream the same pending answer: one wins, never both."""
    from web.conversations import ConversationStore

    stores = [ConversationStore(db) for db in two_workers]
    conv = stores[0].create("anon:abc")
    msgs = [stores[0].add_question(conv.id, f"vraag {i}", "buyer") for i in range(20)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for msg in msgs:
            wins = list(pool.map(lambda s, m=msg: s.claim(m.id), stores * 3))
            assert wins.count(True) == 1


def test_shares_on_postgres(two_workers: tuple[Database, Database]) -> None:
    from web.sharing import create_share, get_share, mark_revoked

    first, second = two_workers
    share = create_share(
        first,
        owner="user:1",
        question="Moet ik social return toepassen?",
        answer="Ja, vanaf ... [1]",
        citations=[{"n": 1, "source": "regels-sroi.md", "quote": "5%", "chunk_id": None}],
        verdicts=[{"topic": "social_return", "status": "ja"}],
        card=None,
        knowledge_version="abc123",
    )
    seen = get_share(second, share.token)
    assert seen is not None and seen.question.startswith("Moet ik")
    assert seen.citations[0]["passage"] == "5%"  # frozen quote without an index
    assert get_share(second, share.token[:-1] + ("A" if share.token[-1] != "A" else "B")) is None
    mark_revoked(second, share.id)
    assert get_share(first, share.token) is None
    assert get_share(first, share.token, include_revoked=True) is not None


def test_accounts_on_postgres(two_workers: tuple[Database, Database]) -> None:
    from web.accounts import authenticate, create_user

    first, second = two_workers
    user = create_user(first, "jurist.jansen", "een-lang-wachtwoord-42", role="legal")
    assert authenticate(second, "jurist.jansen", "een-lang-wachtwoord-42").id == user.id
    assert authenticate(second, "jurist.jansen", "fout-wachtwoord-123") is None
