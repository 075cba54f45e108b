"""The demo regulations, two versions each (written for the demo, not copied from real
regulations): ``<stem>_v1.txt`` is the draft at its first reading, ``<stem>_v2.txt`` the
revised draft, with articles amended, moved, renumbered, split, merged, added and
deleted. Plain files, read without Django (the tests and the benchmark use them)."""

from pathlib import Path

HERE = Path(__file__).parent
# (title, file stem, drafting body name fragment, version labels)
DEMO = [
    ("平顶山市居民住宅消防安全管理条例", "fire_safety", "消防", ("草案一审稿", "草案二审稿")),
    ("平顶山市传统村落保护条例", "traditional_villages", "住房", ("草案一审稿", "草案修改稿")),
]


def demo_text(stem: str, number: int) -> str:
    return (HERE / f"{stem}_v{number}.txt").read_text(encoding="utf-8")
