"""Benchmark structured texts: parse two generated 200-article versions of a regulation
and compare them article by article (修改对照表); also the .docx of the comparison and
the Akoma Ntoso export. Prints the median of --repeat runs; asserts nothing on time.

The second version differs as drafts do between readings: about a tenth of the
articles amended, a few moved, split, merged, added and deleted, everything after a
change renumbered. The texts come from a fixed seed.

    .venv/bin/python bench/legislation_texts.py [--articles 200] [--repeat 7]
"""

# Command-line tool: print() is its interface.
# ruff: noqa: T201

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WORDS = (
    "市人民政府 有关部门 应当 按照 各自职责 做好 相关工作 加强 监督管理 建立 健全 制度 "
    "居民 住宅 消防 安全 传统 村落 保护 规划 编制 组织 实施 依法 给予 处分 鼓励 支持 "
    "单位和个人 不得 擅自 改变 用途 结构 设施 完好有效 定期 检查 记录 报告 公布 补助"
).split()
CHAPTERS = ["总则", "规划与建设", "管理与保护", "监督检查", "保障措施", "法律责任", "附则"]


def sentence(rng: random.Random, low=8, high=22) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))) + "。"


def article_body(rng: random.Random) -> list[str]:
    """Paragraphs of one article; one in five lists items."""
    lines = [sentence(rng)]
    if rng.random() < 0.2:
        lines[0] = lines[0][:-1] + "，履行下列职责："
        lines += [f"（{n}）{sentence(rng, 4, 10)}" for n in "一二三四"[: rng.randint(2, 4)]]
    if rng.random() < 0.3:
        lines.append(sentence(rng))
    return lines


def amend(rng: random.Random, body: list[str]) -> list[str]:
    first = body[0]
    cut = rng.randint(1, max(1, len(first) - 2))
    return [first[:cut] + rng.choice(WORDS) + first[cut:], *body[1:]]


def render(title: str, articles: list[list[str]], chapters: int) -> str:
    from renda.legislation.numerals import to_chinese

    lines = [title, ""]
    per_chapter = -(-len(articles) // chapters)
    for n, body in enumerate(articles, start=1):
        if (n - 1) % per_chapter == 0:
            c = (n - 1) // per_chapter + 1
            lines.append(f"第{to_chinese(c)}章　{CHAPTERS[(c - 1) % len(CHAPTERS)]}")
        lines.append(f"第{to_chinese(n)}条　{body[0]}")
        lines.extend(body[1:])
    return "\n".join(lines) + "\n"


def versions(count: int, seed: int = 2023) -> tuple[str, str]:
    rng = random.Random(seed)
    old = [article_body(rng) for _ in range(count)]
    new = [list(b) for b in old]
    for i in rng.sample(range(count), count // 10):
        new[i] = amend(rng, new[i])
    for _ in range(3):  # moves
        i, j = rng.sample(range(len(new)), 2)
        new.insert(j, new.pop(i))
    for _ in range(3):  # splits: the paragraphs of a two-paragraph article apart
        i = next(k for k in rng.sample(range(len(new)), len(new)) if len(new[k]) == 2)
        new[i : i + 1] = [[new[i][0]], [new[i][1]]]
    for _ in range(3):  # merges of neighbours
        i = rng.randrange(len(new) - 1)
        new[i : i + 2] = [new[i] + new[i + 1]]
    for _ in range(4):  # deletions and additions
        del new[rng.randrange(len(new))]
        new.insert(rng.randrange(len(new)), article_body(rng))
    title = "平顶山市基准测试条例"
    return render(title, old, 7), render(title, new, 7)


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    import django

    django.setup()
    from renda.legislation.akn import to_akn
    from renda.legislation.comparison import compare
    from renda.legislation.documents import comparison_docx
    from renda.legislation.models import LegalText
    from renda.legislation.structure import count_articles, parse

    old_text, new_text = versions(args.articles)
    print(
        f"texts: {args.articles} articles ({len(old_text):,} characters) and "
        f"{count_articles(parse(new_text).tree)} articles ({len(new_text):,} characters)"
    )
    t_parse, parsed = timed(lambda: (parse(old_text), parse(new_text)), args.repeat)
    old, new = parsed
    problems = len(old.problems) + len(new.problems)
    print(f"parse both versions        {t_parse * 1000:8.1f} ms   (problems: {problems})")
    t_compare, table = timed(lambda: compare(old.tree, new.tree), args.repeat)
    summary = ", ".join(f"{k} {v}" for k, v in table["summary"].items() if v)
    print(f"compare (修改对照表)        {t_compare * 1000:8.1f} ms   ({summary})")
    t_docx, content = timed(
        lambda: comparison_docx("基准测试条例", "一审稿", "二审稿", table), args.repeat
    )
    print(f"comparison .docx           {t_docx * 1000:8.1f} ms   ({len(content):,} bytes)")
    day = dt.datetime(2023, 5, 1, tzinfo=dt.UTC)
    legal_text = SimpleNamespace(
        pk=1, title="基准测试条例", kind="regulation_draft", created_at=day, Kind=LegalText.Kind
    )
    version = SimpleNamespace(
        legal_text=legal_text, tree=new.tree, created_at=day, display_label="v2"
    )
    t_akn, xml = timed(lambda: to_akn(version), args.repeat)
    print(f"Akoma Ntoso export         {t_akn * 1000:8.1f} ms   ({len(xml):,} bytes)")
    total = t_parse + t_compare
    print(f"parse + compare            {total * 1000:8.1f} ms   (median of {args.repeat} runs)")


if __name__ == "__main__":
    main()
