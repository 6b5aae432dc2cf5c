"""Imports every module that defines tables, so `Database.create_all` sees them all."""

from web import (  # noqa: E402,F401  (ACCOUNTS, issue 7)
    accounts,
    contracts,
    conversations,  # noqa: E402,F401  (conversations, conversation_messages)
    documents,
    sharing,
)
