"""Imports every module that defines tables, so `Database.create_all` sees them all."""

from web import conversations  # noqa: E402,F401  (conversations, conversation_messages)
from web import accounts, contracts, documents, sharing  # noqa: E402,F401  (ACCOUNTS, issue 7)
