"""修改对照表: two versions of a text compared article by article.

Articles are matched by what they say, not where they stand, so an article that was
moved or renumbered still meets its old self, and one split in two (or two merged into
one) is shown as one row. Pure Python, like ``structure``.

1. Identical texts are paired first (an article that only moved or was renumbered).
2. The rest are paired one to one by similarity: the Dice coefficient of their
   character bigrams (fast, and fair for Chinese, where words are not spaced), best
   pairs first, at least ``PAIR_THRESHOLD``.
3. An article still unpaired joins a row when most of it (``PART_THRESHOLD`` of its
   bigrams) is contained in an article of the other version and it covers a part of
   that article the row did not yet cover: a new article so joining an old one is
   a split; an old one joining a new one, a merge.
4. What is left was added or deleted.

Each row carries its kind (unchanged, amended, split, merged, restructured, added,
deleted), whether it moved (its order against the other rows changed — the rows off
the longest increasing sequence) and whether it was renumbered, and the changed
characters: a character-level diff (``difflib``) of the row's old and new text, cut
back into articles — ``same``, ``del`` (only in the old text), ``ins`` (only in the new).
Rows follow the new text; a deleted article stands after the row of the old article
before it.
"""

import bisect
import difflib
from collections import Counter
from dataclasses import dataclass

from renda.legislation.structure import article_text, heading_line, iter_articles, label

PAIR_THRESHOLD = 0.45
PART_THRESHOLD = 0.6
MIN_GAIN = 0.15  # the part must cover this much more of the article it joins
MIN_PART_BIGRAMS = 5
KINDS = ("unchanged", "amended", "split", "merged", "restructured", "added", "deleted")


@dataclass
class _Article:
    index: int
    num: int
    text: str
    place: str  # 第二章　管理 / 第一节　…
    grams: frozenset

    @property
    def size(self) -> int:
        return len(self.grams) or 1


def _grams(text: str) -> frozenset:
    """The set of character bigrams (sets, not counts: set operations run in C, and a
    repeated phrase says little about which article is which)."""
    compact = "".join(text.split())
    if len(compact) < 2:
        return frozenset(compact)
    return frozenset(compact[i : i + 2] for i in range(len(compact) - 1))


def _articles(tree: dict) -> list[_Article]:
    found = []
    for index, (article, context) in enumerate(iter_articles(tree)):
        place = " ".join(heading_line(n) for n in (context["chapter"], context["section"]) if n)
        text = article_text(article)
        found.append(_Article(index, article["num"], text, place, _grams(text)))
    return found


def _dice(a: _Article, b: _Article) -> float:
    return 2 * len(a.grams & b.grams) / (a.size + b.size)


def _overlap(a: frozenset, b: frozenset) -> int:
    return len(a & b)


def _match(old: list[_Article], new: list[_Article]) -> dict[int, int]:
    """One-to-one pairs: old index → new index."""
    o2n: dict[int, int] = {}
    taken: set[int] = set()
    by_text: dict[str, list[int]] = {}
    for a in old:
        by_text.setdefault(a.text, []).append(a.index)
    for b in new:
        candidates = [i for i in by_text.get(b.text, []) if i not in o2n]
        if candidates:
            i = min(candidates, key=lambda i: abs(i - b.index))
            o2n[i] = b.index
            taken.add(b.index)
    rest_old = [a for a in old if a.index not in o2n]
    rest_new = [b for b in new if b.index not in taken]
    pairs = []
    for a in rest_old:
        for b in rest_new:
            # 2·min/(sum) bounds the coefficient: hopeless pairs are not counted
            if 2 * min(a.size, b.size) / (a.size + b.size) < PAIR_THRESHOLD:
                continue
            score = _dice(a, b)
            if score >= PAIR_THRESHOLD:
                pairs.append((-score, abs(a.index - b.index), a.index, b.index))
    for _score, _distance, i, j in sorted(pairs):
        if i not in o2n and j not in taken:
            o2n[i] = j
            taken.add(j)
    return o2n


class _Rows:
    """Rows being built: each a set of old and a set of new article indexes."""

    def __init__(self, old: list[_Article], new: list[_Article]) -> None:
        self.old, self.new = old, new
        self.rows: list[dict[str, set[int]]] = []
        self.of: dict[str, dict[int, int]] = {"old": {}, "new": {}}

    def add(self, side: str, index: int, row: int | None = None) -> int:
        if row is None:
            row = len(self.rows)
            self.rows.append({"old": set(), "new": set()})
        self.rows[row][side].add(index)
        self.of[side][index] = row
        return row

    def covering(self, row: int | None, side: str) -> frozenset:
        total: frozenset = frozenset()
        if row is not None:
            articles = self.old if side == "old" else self.new
            for i in self.rows[row][side]:
                total |= articles[i].grams
        return total

    def attach(self, side: str, other_side: str) -> None:
        """Join each article of ``side`` in no row to the row of the article of the
        other side that contains most of it, when it covers a part not yet covered."""
        parts = self.old if side == "old" else self.new
        others = self.new if side == "old" else self.old
        for part in parts:
            if part.index in self.of[side] or len(part.grams) < MIN_PART_BIGRAMS:
                continue
            best, best_share = None, 0.0
            for other in others:
                share = _overlap(part.grams, other.grams) / part.size
                if share > best_share:
                    best, best_share = other, share
            if best is None or best_share < PART_THRESHOLD:
                continue
            row = self.of[other_side].get(best.index)
            covering = self.covering(row, side)
            before = _overlap(best.grams, covering)
            after = _overlap(best.grams, covering | part.grams)
            if (after - before) / best.size < MIN_GAIN:
                continue
            if row is None:
                row = self.add(other_side, best.index)
            self.add(side, part.index, row)


def _segments(a: str, b: str) -> tuple[list, list, float]:
    """Character runs of a (same/del) and of b (same/ins), and their similarity."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    old, new = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            old.append(("same", i1, i2))
            new.append(("same", j1, j2))
        else:
            if i2 > i1:
                old.append(("del", i1, i2))
            if j2 > j1:
                new.append(("ins", j1, j2))
    return old, new, matcher.ratio()


def _cut(text: str, runs: list, ranges: list[tuple[int, int]]) -> list[list]:
    """Runs over a joined text, cut back into each article's range."""
    result = []
    for start, end in ranges:
        pieces: list[list] = []
        for op, i1, i2 in runs:
            lo, hi = max(i1, start), min(i2, end)
            if lo < hi:
                if pieces and pieces[-1][0] == op:
                    pieces[-1][1] += text[lo:hi]
                else:
                    pieces.append([op, text[lo:hi]])
        result.append(pieces)
    return result


def _side(articles: list[_Article]) -> tuple[str, list[tuple[int, int]]]:
    ranges, parts, position = [], [], 0
    for article in articles:
        ranges.append((position, position + len(article.text)))
        parts.append(article.text)
        position += len(article.text) + 1
    return "\n".join(parts), ranges


def _cells(articles: list[_Article], segments: list[list]) -> list[dict]:
    return [
        {
            "num": a.num,
            "label": label("article", a.num),
            "place": a.place,
            "segments": segs,
        }
        for a, segs in zip(articles, segments, strict=True)
    ]


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions (in ``values``) of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[k] = value
            tail_at[k] = position
        previous[position] = tail_at[k - 1] if k else -1
    keep = set()
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        keep.add(position)
        position = previous[position]
    return keep


def compare(old_tree: dict, new_tree: dict) -> dict:
    """The comparison table of two parsed versions (JSON-ready)."""
    old, new = _articles(old_tree), _articles(new_tree)
    building = _Rows(old, new)
    for i, j in _match(old, new).items():
        building.add("new", j, building.add("old", i))
    building.attach("new", "old")  # splits
    building.attach("old", "new")  # merges
    for a in old:
        if a.index not in building.of["old"]:
            building.add("old", a.index)
    for b in new:
        if b.index not in building.of["new"]:
            building.add("new", b.index)
    rows = [
        _row([old[i] for i in sorted(r["old"])], [new[j] for j in sorted(r["new"])])
        for r in building.rows
    ]
    _order(rows)
    summary = Counter(r["kind"] for r in rows)
    return {
        "rows": rows,
        "summary": {kind: summary.get(kind, 0) for kind in KINDS}
        | {
            "moved": sum(1 for r in rows if r["moved"]),
            "renumbered": sum(1 for r in rows if r["renumbered"]),
        },
        "old_articles": len(old),
        "new_articles": len(new),
    }


def _row(olds: list[_Article], news: list[_Article]) -> dict:
    old_text, old_ranges = _side(olds)
    new_text, new_ranges = _side(news)
    old_runs, new_runs, ratio = _segments(old_text, new_text)
    if olds and news:
        if len(olds) == 1 and len(news) == 1:
            kind = "unchanged" if old_text == new_text else "amended"
        elif len(olds) == 1:
            kind = "split"
        elif len(news) == 1:
            kind = "merged"
        else:
            kind = "restructured"
    else:
        kind = "added" if news else "deleted"
    return {
        "kind": kind,
        "moved": False,
        "renumbered": len(olds) == 1 and len(news) == 1 and olds[0].num != news[0].num,
        "similarity": round(ratio, 3) if olds and news else 0.0,
        "old": _cells(olds, _cut(old_text, old_runs, old_ranges)),
        "new": _cells(news, _cut(new_text, new_runs, new_ranges)),
        "_old": [a.index for a in olds],
        "_new": [b.index for b in news],
    }


def _order(rows: list[dict]) -> None:
    """Mark moved rows, then sort: by the new text, a deleted article after the row
    holding the old article before it."""
    keys = {id(r): (r["_new"][0], 0, 0) for r in rows if r["_new"]}
    paired = sorted((r for r in rows if r["_old"] and r["_new"]), key=lambda r: keys[id(r)])
    keep = _longest_increasing([r["_old"][0] for r in paired])
    for position, row in enumerate(paired):
        row["moved"] = position not in keep
    holder = {i: keys[id(r)] for r in rows if r["_new"] for i in r["_old"]}
    held = sorted(holder)
    for row in rows:
        if not row["_new"]:
            first = row["_old"][0]
            k = bisect.bisect_left(held, first)
            anchor = holder[held[k - 1]] if k else (-1, 0, 0)
            keys[id(row)] = (anchor[0], 1, first)
    rows.sort(key=lambda r: keys[id(r)])
    for row in rows:
        del row["_old"], row["_new"]
