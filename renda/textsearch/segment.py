"""Chinese word segmentation: one jieba tokenizer for search, similarity, routing and
hot topics, so that an index and its queries always cut text the same way."""

import logging
import re
import threading
from functools import lru_cache

import jieba
from django.conf import settings

# Words that say nothing about the topic of a citizen's concern.
STOPWORDS = frozenset(
    """的 了 是 在 和 与 及 或 也 都 就 而 但 又 并 被 把 对 从 向 为 以 于 给 让 使 等
    我 我们 你 你们 他 他们 她 它 这 那 这个 那个 这些 那些 这里 那里 哪里 什么 怎么 如何
    一个 一些 有 没有 没 不 很 非常 比较 还 已经 目前 现在 希望 建议 请 请求 反映 问题
    情况 有关 相关 进行 能够 可以 应该 需要 要求 一下 一直 经常 市民 群众 我市 本市 今年
    ， 。 、 ； ： ？ ！ “ ” （ ） 《 》 … — · ～""".split()
)
_WORD = re.compile(r"[^\W_]")  # a letter or a digit
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_lock = threading.Lock()
jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    """jieba builds its dictionary cache on first use; keep it under var/, not /tmp."""
    with _lock:
        tokenizer = jieba.Tokenizer()
        cache_dir = settings.VAR_DIR / "cache"
        cache_dir.mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(cache_dir)
        tokenizer.initialize()
        return tokenizer


def tokens(text: str) -> list[str]:
    """Search-mode words of ``text`` (long words also cut into their parts), lower-cased,
    without punctuation, single latin letters or stopwords."""
    return list(_cached_tokens(text or ""))


@lru_cache(maxsize=512)
def _cached_tokens(text: str) -> tuple[str, ...]:
    """An intake segments the same text for its index and for its routing: once."""
    # lone surrogates cannot be stored or sent to a database; control characters
    # (NUL above all) are no part of a word
    text = _CONTROL.sub(" ", (text or "").encode("utf-8", "ignore").decode("utf-8"))
    words = []
    for word in _tokenizer().lcut_for_search(text):
        word = word.strip().lower()
        if not word or word in STOPWORDS or not _WORD.search(word):
            continue
        if len(word) == 1 and word.isascii():
            continue
        words.append(word)
    return tuple(words)


def segmented(text: str) -> str:
    """``text`` as space-separated tokens: what the full-text indexes store."""
    return " ".join(tokens(text))


def keywords(text: str) -> list[str]:
    """Distinct topical words of ``text`` (two characters or more), in order of appearance:
    what hot topics count."""
    return _topical(tokens(text))


def keywords_of_segmented(segmented_text: str) -> list[str]:
    """``keywords()`` of a text from what the index stored (``segmented()``): no jieba."""
    return _topical(segmented_text.split())


def _topical(words) -> list[str]:
    seen: dict[str, None] = {}
    for word in words:
        if len(word) >= 2 and not word.isdigit():
            seen.setdefault(word, None)
    return list(seen)
