"""Themes found in a creator's own words: TF-IDF and k-means, named by their telltale words.

Unsupervised and deterministic (fixed seeds), and language-agnostic: no stopword list — words
found in too many of the creator's pieces carry no theme (document-frequency stop words), and a
theme is named by the words that set its pieces apart from the rest. Stable: a theme keeps the
name its pieces had before when most of them had it, so refreshes do not rename what the creator
already knows.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

OTHER = "Other"
MIN_THEMES = 4
MAX_THEMES = 12
# Fewer pieces than this make no themes worth naming: all are "Other" until more arrive.
MIN_PIECES = 12
# A word in more than this share of the creator's pieces is a stop word in their language.
MAX_DOCUMENT_SHARE = 0.5
# Clusters smaller than this share of the pieces (and than MIN_CLUSTER) go to "Other".
MIN_CLUSTER_SHARE = 0.02
MIN_CLUSTER = 3
SEED = 0
SVD_DIMENSIONS = 20
SILHOUETTE_SAMPLE = 1500
CHOOSE_ON = 2000
MAX_FEATURES = 20_000
MAX_NAME = 60
NAME_WORD_MIN = 4
# Letters only, two or more: numbers, years and emoji name no theme. \w keeps every script.
WORD_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"
# Inferred themes kept for inputs seen again (by fingerprint): a few creators' worth.
RECENT_LABELS = 1_000_000
FINGERPRINT_CHUNK = 10_000
# A theme's profile: its most telling terms, what a piece arriving later is matched on.
PROFILE_TERMS = 40


def infer_themes(texts: Sequence[str], previous: Sequence[str | None] = ()) -> list[str]:
    """A theme name for each text; ``previous`` (same order) are the names the pieces had.

    A pure function of its arguments: the answers for the last few inputs are kept, so a
    refresh whose pieces' words and themes did not change (a sync that only moved figures)
    costs a fingerprint, not a clustering.
    """
    return list(infer_model(texts, previous).themes)


@dataclass(frozen=True)
class Inferred:
    """Each text's theme, and each theme's telling terms with their weights (its profile)."""

    themes: tuple[str, ...]
    profiles: dict[str, dict[str, float]]


def infer_model(texts: Sequence[str], previous: Sequence[str | None] = ()) -> Inferred:
    """``infer_themes``, with the profile of every theme named (insights.theme_matching)."""
    if len(texts) < MIN_PIECES:
        return Inferred((OTHER,) * len(texts), {})
    key = _fingerprint(texts, previous)
    found = _RECENT.get(key)
    if found is None:
        found = _RECENT.put(key, _limited(texts, previous))
    return found


def _fingerprint(texts: Sequence[str], previous: Sequence[str | None]) -> bytes:
    """A digest of both lists, fed a chunk at a time (no second copy of a million texts)."""
    digest = hashlib.blake2b(digest_size=20)
    for values in (texts, previous):
        digest.update(len(values).to_bytes(8, "little"))
        for start in range(0, len(values), FINGERPRINT_CHUNK):
            chunk = list(values[start : start + FINGERPRINT_CHUNK])
            digest.update(json.dumps(chunk, ensure_ascii=False).encode())
    return digest.digest()


class _Recent:
    """The themes inferred for the last inputs, by fingerprint, up to RECENT_LABELS labels."""

    def __init__(self) -> None:
        self._found: OrderedDict[bytes, Inferred] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> Inferred | None:
        """The themes stored for ``key``, if still kept."""
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
            return found

    def put(self, key: bytes, inferred: Inferred) -> Inferred:
        """Keep ``inferred`` for ``key``, dropping the oldest beyond the limit."""
        with self._lock:
            self._found[key] = inferred
            labels = sum(len(found.themes) for found in self._found.values())
            while labels > RECENT_LABELS and len(self._found) > 1:
                labels -= len(self._found.popitem(last=False)[1].themes)
        return inferred


_RECENT = _Recent()


def _limited(texts: Sequence[str], previous: Sequence[str | None]) -> Inferred:
    # scikit-learn takes a second to import: only when a piece needs a theme. Imported before
    # the limit: threadpoolctl limits only the thread pools already loaded, and k-means's OpenMP
    # runtime loaded later would spin two threads (a 4x slower first inference on a busy machine).
    import sklearn.cluster  # noqa: F401
    from threadpoolctl import threadpool_limits

    # One thread: BLAS threads fighting other processes for two cores cost 20x, not save.
    with threadpool_limits(limits=1):
        return _infer(texts, previous)


def _infer(texts: Sequence[str], previous: Sequence[str | None]) -> Inferred:
    if len(texts) < MIN_PIECES:
        return Inferred((OTHER,) * len(texts), {})
    matrix, terms = _vectors(texts)
    if matrix is None:
        return Inferred((OTHER,) * len(texts), {})
    labels = _clusters(matrix, len(texts))
    names, telling = _names(matrix, terms, labels)
    names = _keep_previous(labels, names, list(previous) or [None] * len(texts))
    themes = tuple(names.get(int(label), OTHER) for label in labels)
    return Inferred(themes, _profiles(names, telling))


def _vectors(texts: Sequence[str]) -> tuple[csr_matrix | None, np.ndarray]:
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        token_pattern=WORD_PATTERN,
        ngram_range=(1, 2),
        min_df=2,
        max_df=MAX_DOCUMENT_SHARE,
        sublinear_tf=True,
        max_features=MAX_FEATURES,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no word is shared by two pieces
        return None, np.array([])
    return csr_matrix(matrix), vectorizer.get_feature_names_out()


def _clusters(matrix: csr_matrix, n: int) -> np.ndarray:
    """Cluster labels; -1 for pieces with no shared word. k chosen by silhouette, 4..12.

    k is chosen on a fixed sample of at most CHOOSE_ON points (a large catalogue costs one
    full k-means, not nine), then the chosen k clusters every piece.
    """
    has_words = np.asarray(matrix.getnnz(axis=1) > 0)
    labels = np.full(n, -1)
    points = _reduced(matrix[has_words])
    most = min(MAX_THEMES, len(points) // MIN_CLUSTER)
    if most < 2:
        return labels
    sample = points
    if len(points) > CHOOSE_ON:
        picked = np.random.default_rng(SEED).choice(len(points), CHOOSE_ON, replace=False)
        sample = points[np.sort(picked)]
    best: tuple[float, int, np.ndarray] | None = None
    silhouette = _Silhouette(sample)
    for k in range(min(MIN_THEMES, most), most + 1):
        found = _kmeans(sample, k)
        if len(set(found)) < 2:
            continue
        quality = silhouette.score(found)
        if best is None or quality > best[0]:
            best = (float(quality), k, found)
    if best is not None:
        labels[has_words] = best[2] if sample is points else _kmeans(points, best[1])
    return labels


class _Silhouette:
    """``silhouette_score(points, labels, sample_size=…, random_state=SEED)`` for many labelings.

    The score's sample depends only on the number of points, so the distances between its
    points are computed once (in the same chunks, hence bit for bit the same values) instead of
    once per k tried.
    """

    def __init__(self, points: np.ndarray) -> None:
        from sklearn.metrics import pairwise_distances_chunked

        size = min(SILHOUETTE_SAMPLE, len(points))
        self.order = np.random.RandomState(SEED).permutation(len(points))[:size]
        self.distances = np.concatenate(list(pairwise_distances_chunked(points[self.order])))

    def score(self, labels: np.ndarray) -> float:
        """The mean silhouette of the sampled points under ``labels``."""
        from sklearn.metrics import silhouette_samples

        found = silhouette_samples(self.distances, labels[self.order], metric="precomputed")
        return float(np.mean(found))


def _kmeans(points: np.ndarray, k: int) -> np.ndarray:
    from sklearn.cluster import KMeans

    found: np.ndarray = KMeans(n_clusters=k, n_init=3, random_state=SEED).fit_predict(points)
    return found


def _reduced(matrix: csr_matrix) -> np.ndarray:
    """Latent semantic analysis: fewer, denser dimensions k-means works well in."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    dimensions = min(SVD_DIMENSIONS, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if dimensions < 2:
        return np.asarray(matrix.toarray())
    reduced = TruncatedSVD(n_components=dimensions, random_state=SEED).fit_transform(matrix)
    return np.asarray(normalize(reduced))


def _names(
    matrix: csr_matrix, terms: np.ndarray, labels: np.ndarray
) -> tuple[dict[int, str], dict[int, dict[str, float]]]:
    """A readable name per cluster big enough to be a theme (the rest become "Other"), and
    the cluster's most telling terms with their weights."""
    present = (matrix > 0).astype(np.float32)
    smallest = max(MIN_CLUSTER, int(MIN_CLUSTER_SHARE * len(labels)))
    names: dict[int, str] = {}
    profiles: dict[int, dict[str, float]] = {}
    for label, size in sorted(Counter(labels.tolist()).items()):
        if label < 0 or size < smallest:
            continue
        inside = labels == label
        share_in = np.asarray(present[inside].mean(axis=0)).ravel()
        share_out = np.asarray(present[~inside].mean(axis=0)).ravel()
        # Telling words are common inside and rare outside: function words are neither.
        telling = share_in * np.log((share_in + 0.01) / (share_out + 0.01))
        order = np.argsort(-telling, kind="stable")
        words = [str(terms[i]) for i in order[:12]]
        # Short words are mostly grammar in any alphabetic language: named by longer ones.
        longer = [w for w in words if _content_like(w)]
        names[label] = _unique(_name(longer or words), names.values())
        kept = [i for i in order[:PROFILE_TERMS].tolist() if telling[i] > 0]
        profiles[label] = {str(terms[i]): round(float(telling[i]), 6) for i in kept}
    return names, profiles


def _profiles(
    names: dict[int, str], telling: dict[int, dict[str, float]]
) -> dict[str, dict[str, float]]:
    """Each theme's terms: clusters that kept one name share it, a term at its largest weight."""
    profiles: dict[str, dict[str, float]] = {}
    for label, name in names.items():
        profile = profiles.setdefault(name, {})
        for term, weight in telling[label].items():
            profile[term] = max(weight, profile.get(term, 0.0))
    return profiles


def _content_like(term: str) -> bool:
    parts = term.split()
    return min(map(len, parts)) >= NAME_WORD_MIN - 1 and max(map(len, parts)) >= NAME_WORD_MIN


def _name(words: list[str]) -> str:
    """'Sourdough starter', or 'Review & honest' from the two most telling words."""
    first = words[0]
    if " " not in first:
        second = next((w for w in words[1:] if w not in first and first not in w), None)
        if second is not None:
            first = f"{first} & {second.split()[0] if ' ' in second else second}"
    return (first[:1].upper() + first[1:])[:MAX_NAME]


def _unique(name: str, taken: object) -> str:
    used = set(taken)  # type: ignore[call-overload]
    candidate, n = name, 2
    while candidate in used or candidate == OTHER:
        candidate, n = f"{name} ({n})", n + 1
    return candidate


def _keep_previous(
    labels: np.ndarray, names: dict[int, str], previous: list[str | None]
) -> dict[int, str]:
    """Give each cluster the name most of its already-named pieces had before.

    New pieces join a theme without renaming it; a theme the data now splits in two keeps its
    name on both parts (the creator merged them, or knows them as one).
    """
    kept = dict(names)
    for label in names:
        had = Counter(p for p, lab in zip(previous, labels, strict=True) if lab == label and p)
        if had:
            old, count = had.most_common(1)[0]
            if old != OTHER and count * 2 > had.total():
                kept[label] = old
    return kept
