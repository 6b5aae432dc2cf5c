"""The sparse side of the index: a bm25s index over the same chunk ids, built at ingest time and
persisted per knowledge version (never rebuilt per query)."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np

# Common Dutch function words; they carry no topic and would dominate short questions.
_STOPWORDS_TEXT = """aan al alle als alsof altijd andere ben bij daar daarna daarom dan dat de deze
die dit doch doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier
hij hoe hun iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar
niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel
voor want waren was wat we wel werd wezen wie wij wil worden wordt zal ze zei zelf zich zij zijn
zo zonder zou welke waar wanneer hoeveel moeten mag mogen gaat"""
DUTCH_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

try:  # Snowball's Dutch stemmer folds "aanbestedingen"/"aanbesteding" together
    import Stemmer

    _STEMMER = Stemmer.Stemmer("dutch")
except ImportError:  # pragma: no cover - PyStemmer is a pinned dependency
    _STEMMER = None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def tokenize(text: str) -> list[str]:
    """Lower-case, accent-folded, stop-word-free, stemmed word tokens (numbers kept)."""
    words = [w for w in re.findall(r"[a-z0-9]+(?:[.,][0-9]+)*", _fold(text))]
    words = [w for w in words if w not in DUTCH_STOPWORDS and (len(w) > 1 or w.isdigit())]
    if _STEMMER is not None:
        words = _STEMMER.stemWords(words)
    return words


class BM25Index:
    """bm25s model + the chunk ids its rows stand for."""

    def __init__(self, model: bm25s.BM25, ids: list[str]) -> None:
        self.model = model
        self.ids = ids
        self.vocab = model.vocab_dict

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> BM25Index:
        model = bm25s.BM25()
        tokens = [tokenize(t) or ["_leeg_"] for t in texts]
        model.index(tokens, show_progress=False)
        return cls(model, list(ids))

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        tokens = [t for t in tokenize(query) if t in self.vocab]
        if not tokens or not self.ids:
            return []
        scores = self.model.get_scores(tokens)
        k = min(k, len(self.ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def save(self, directory: Path) -> None:
        """Write atomically: build in a temp folder next to it, then rename into place."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".bm25-"))
        self.model.save(str(tmp))
        (tmp / "chunk_ids.json").write_text(json.dumps(self.ids))
        if directory.exists():
            shutil.rmtree(directory)
        os.replace(tmp, directory)

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        model = bm25s.BM25.load(str(directory))
        ids = json.loads((directory / "chunk_ids.json").read_text())
        return cls(model, ids)


def bm25_dir(index_dir: Path, version: str) -> Path:
    return index_dir / "bm25" / version


@lru_cache(maxsize=4)
def load_cached(directory: str) -> BM25Index:
    """One loaded index per folder (= per knowledge version) and process."""
    return BM25Index.load(Path(directory))
