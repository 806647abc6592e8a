"""The company a name keeps, compared across scripts: what tells one name in two spellings from two people
(used by resolve.join_spellings)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from newsbrowse.extract.spellings import skeleton_keys, variant_key


def tokens(key: str) -> frozenset[str]:
    """How a co-named name is compared across scripts: its consonants (its variant key when it has none)."""
    return skeleton_keys(key) or frozenset((variant_key(key),))


def company(
    rows: Mapping[str, Sequence[int]],
    keys: Mapping[int, str],
    occurrences: Iterable[tuple[int, int]],
    names_in: Callable[[Sequence[int]], Mapping[int, Sequence[int]]],
    sample: int,
) -> dict[str, dict[str, int]]:
    """For each key (with its name rows), the spellings of the other names its articles use, each with the
    number of its articles using it. `occurrences` gives (article, name row) pairs of the keys' names; at
    most `sample` articles of a key are read."""
    owner = {row: key for key, ids in rows.items() for row in ids}
    seen: dict[str, list[int]] = defaultdict(list)
    for article, name in occurrences:
        articles = seen[owner[name]]
        if len(articles) < sample:
            articles.append(article)
    names = names_in(sorted({a for articles in seen.values() for a in articles}))
    kept: dict[str, dict[str, int]] = {}
    for key, articles in seen.items():
        counts: Counter[str] = Counter()
        for article in set(articles):
            others = {keys[n] for n in names.get(article, ()) if n in keys and keys[n] != key}
            counts.update({token for other in others for token in tokens(other)})
        kept[key] = dict(counts)
    return kept


def rarity_of(weight: Mapping[str, int], total: int) -> Callable[[str], float]:
    """How much sharing a co-named spelling says (log of the articles over those using it: more when rare)."""
    articles: dict[str, int] = {}
    for key, count in weight.items():
        for token in tokens(key):
            articles[token] = max(articles.get(token, 0), count)
    return lambda token: math.log((total + 1) / (articles.get(token, 0) + 1))
