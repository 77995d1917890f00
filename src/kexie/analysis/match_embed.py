"""Optional re-ranking of matches with a local sentence-embedding model.

BM25 with synonyms misses needs worded far from the archive (「带娃认鸟」 vs 「湿地观鸟科普」); an
embedding model closes some of that gap. The model is a directory on disk (`settings.embedding_model`,
$KEXIE_EMBEDDING_MODEL) in model2vec's format (static embeddings: numpy only, fast on a CPU, e.g. a
distilled multilingual model copied onto the intranet server). It is never downloaded: a path that is
not a directory is a ConfigError, and the hub is switched off while loading. Install with the
`embed` extra (``pip install 'kexie[embed]'``).

Re-ranking mixes, per match, the BM25-based score (scaled to 0..1) with the cosine similarity of the
need to the match's evidence (titles and passages): final = (1 - ALPHA) * score + ALPHA * cosine.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from .match import Match
from .match_need import Need

ALPHA = 0.3  # weight of the embedding similarity: enough to reorder close calls, not to overrule BM25
SUBJECT = "KEXIE_EMBEDDING_MODEL"


@lru_cache(maxsize=2)
def load_model(path: str) -> Any:
    """The model2vec StaticModel at `path` (a local directory), loaded once per process."""
    p = Path(path)
    if not p.is_dir():
        raise ConfigError(
            "不是一个目录：嵌入模型必须事先放在本机（不会在运行时下载）", subject=f"{SUBJECT} {path}"
        )
    try:
        from model2vec import StaticModel
    except ImportError:
        raise ConfigError(
            "需要可选依赖 model2vec：pip install 'kexie[embed]'", subject=f"{SUBJECT} {path}"
        ) from None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: a local path never reaches the hub
    try:
        return StaticModel.from_pretrained(str(p))
    except Exception as e:  # a damaged or foreign directory: say which, not a traceback
        raise ConfigError(
            f"无法加载嵌入模型（{type(e).__name__}: {e}）", subject=f"{SUBJECT} {path}"
        ) from None


def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n == 0, 1, n)


def rerank_with(model: Any, need: Need, matches: list[Match], alpha: float = ALPHA) -> list[Match]:
    """Matches re-ordered by the mix of their score and the need/evidence similarity."""
    if not matches:
        return matches
    texts = ["；".join([m.name, *(f"{e.title}。{e.passage}" for e in m.evidence)]) for m in matches]
    vecs = _unit(np.asarray(model.encode([need.text, *texts]), dtype=np.float32))
    cos = np.clip(vecs[1:] @ vecs[0], 0.0, 1.0)
    top = max(m.score for m in matches) or 1.0
    mixed = [(1 - alpha) * m.score / top + alpha * float(c) for m, c in zip(matches, cos, strict=True)]
    order = sorted(range(len(matches)), key=lambda i: (-mixed[i], matches[i].name))
    best = mixed[order[0]] or 1.0
    out = []
    for i in order:
        m = matches[i]
        m.score = round(100 * mixed[i] / best, 1)
        out.append(m)
    return out


def reranker(path: Path | str) -> Callable[[Need, list[Match]], list[Match]]:
    """The `rerank` callback of `match.match` for the model at `path` (loaded now, so errors show early)."""
    model = load_model(str(path))
    return lambda need, matches: rerank_with(model, need, matches)
