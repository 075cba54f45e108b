"""The text search engine on SQLite (FTS5) and PostgreSQL (GIN tsvector): run this file
with and without DATABASE_URL=postgres://…"""

import datetime as dt

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.textsearch import index as textsearch
from renda.textsearch.models import SearchEntry, SearchTerm
from renda.textsearch.segment import tokens

pytestmark = pytest.mark.django_db

SCOPE = "test"
TEXTS = {
    1: "我们小区门口的路灯坏了三个月，晚上出行很不安全，希望尽快维修。",
    2: "建议在人民路和建设路交叉口增设红绿灯，高峰期车辆拥堵严重。",
    3: "幸福家园小区地下车库经常积水，业主车辆多次被淹。",
    4: "学校门口早晚接送孩子的车辆乱停乱放，影响交通安全。",
    5: "河道垃圾堆积散发臭味，周边居民反映强烈，请环保部门处理。",
    6: "菜市场周边占道经营现象严重，建议城管加强管理。",
}


def ids(query: str, scope: str = SCOPE) -> set[int]:
    return set(
        SearchEntry.objects.filter(
            scope=scope, object_id__in=textsearch.matching_ids(scope, query)
        ).values_list("object_id", flat=True)
    )


@pytest.fixture
def indexed(db):
    for pk, text in TEXTS.items():
        textsearch.index(SCOPE, pk, text, group="urban" if pk < 4 else "env")
    return TEXTS


def test_chinese_words_in_another_order(indexed):
    assert ids("路灯") == {1}
    assert ids("维修 路灯 小区") == {1}  # words of text 1, in another order
    assert ids("小区") == {1, 3}
    assert ids("车辆 拥堵") == {2}
    assert ids("车辆") == {2, 3, 4}
    assert ids("学校门口车辆乱停乱放") == {4}


def test_all_words_must_match(indexed):
    assert ids("路灯 河道") == set()
    assert ids("量子计算机") == set()
    assert ids("Python") == set()


def test_empty_or_stopword_query_matches_nothing(indexed):
    for query in ("", "   ", "的", "我们 的 了", "，。！", None):
        assert ids(query) == set()


def test_scopes_do_not_mix(indexed):
    textsearch.index("other", 1, "路灯坏了")
    assert ids("路灯", "other") == {1}
    assert ids("路灯 维修", "other") == set()
    assert ids("路灯") == {1}


NASTY = [
    '"',
    '""',
    "'",
    "*",
    "路灯*",
    "AND",
    "OR",
    "NOT",
    "路灯 AND",
    "NEAR(",
    "NEAR(路灯 维修, 2)",
    "'; drop table textsearch_searchentry; --",
    '" OR 1=1 --',
    "tokens:路灯",
    "^路灯",
    "路灯 -维修",
    "(路灯",
    "路灯)",
    "{tokens}: 路灯",
    "\\",
    "\\'",
    "a & b | !c <-> d",
    "🚦🚦 路灯 😡",
    "\x00路灯\x00",
    "\ud800路灯",
    "_ __ a_b",
    "路" * 5000,
    "路灯维修" * 1250,
    " ".join(str(n) for n in range(1500)),
]


@pytest.mark.parametrize("query", NASTY)
def test_nasty_input_never_raises(indexed, query):
    found = ids(query)
    assert found <= set(TEXTS)
    textsearch.similar(SCOPE, query)
    textsearch.similar(SCOPE, query, group="x", exclude_id=1, since=dt.date(2020, 1, 1))
    assert SearchEntry.objects.filter(scope=SCOPE).count() == len(TEXTS)


def test_nasty_input_can_be_indexed(db):
    for pk, text in enumerate(NASTY, start=1):
        textsearch.index(SCOPE, pk, text)
    assert ids("drop table") == {NASTY.index("'; drop table textsearch_searchentry; --") + 1}


def test_similar_ranks_near_duplicate_first(indexed):
    copy = "我们小区门口的路灯坏了好几个月了，晚上出行很不安全，希望尽快维修。"
    result = textsearch.similar(SCOPE, copy)
    assert result[0][0] == 1
    assert 0.5 < result[0][1] <= 1
    assert all(0 < score <= 1 for _pk, score in result)
    assert result == sorted(result, key=lambda pair: -pair[1])


def test_similar_same_text_scores_one(indexed):
    assert textsearch.similar(SCOPE, TEXTS[3])[0] == (3, 1.0)


def test_similar_filters(indexed):
    copy = TEXTS[1]
    assert [pk for pk, _ in textsearch.similar(SCOPE, copy, exclude_id=1)] == []
    assert textsearch.similar(SCOPE, copy, group="env") == []
    assert textsearch.similar(SCOPE, copy, group="urban")[0][0] == 1
    SearchEntry.objects.filter(object_id=1).update(date=dt.date(2020, 1, 1))
    assert textsearch.similar(SCOPE, copy, since=dt.date(2021, 1, 1)) == []
    assert textsearch.similar(SCOPE, copy, since=dt.date(2019, 1, 1))[0][0] == 1
    assert textsearch.similar(SCOPE, copy, limit=0) == []


def test_similar_related_items(indexed):
    # shares 车辆 and 交通 with 4, 车辆 with 2 and 3; nothing with 5 or 6
    related = dict(textsearch.similar(SCOPE, "车辆乱停乱放影响交通", min_score=0.01, limit=10))
    assert next(iter(related)) == 4
    assert 5 not in related and 6 not in related


def test_similar_with_only_common_words(db):
    """When every word is commoner than the candidate budget, the rarest words are
    AND-ed and the newest matches scored."""
    textsearch.bulk_index(
        SCOPE,
        [(pk, "小区停车难 停车位不足" if pk % 2 else "小区绿化差") for pk in range(1, 2401)],
    )
    result = textsearch.similar(SCOPE, "小区停车位不足 停车难")
    assert len(result) == 5
    assert all(pk % 2 for pk, _score in result)
    assert result[0] == (2399, 1.0)


def _spy_candidates(monkeypatch) -> list:
    calls = []
    real = textsearch._candidates

    def spy(scope, terms, operator, **kwargs):
        calls.append((operator, list(terms)))
        return real(scope, terms, operator, **kwargs)

    monkeypatch.setattr(textsearch, "_candidates", spy)
    return calls


def test_similar_stops_widening_words_common_together(db, monkeypatch):
    """When the AND of the common words fills the candidates, leaving one out would only
    read more entries for another sample of the newest: no further query."""
    textsearch.bulk_index(
        SCOPE,
        [(pk, "小区道路" + "施工" * (pk <= 650) + "噪音" * (pk <= 620)) for pk in range(1, 701)],
    )
    calls = _spy_candidates(monkeypatch)
    text = "小区道路施工噪音，另外路灯不亮，垃圾没人清理，下水道堵塞"
    textsearch.similar(SCOPE, text)
    assert [operator for operator, _terms in calls] == ["AND"]

    calls.clear()
    monkeypatch.setattr(textsearch, "AND_CANDIDATES", 1000)  # now fewer matches than taken
    textsearch.similar(SCOPE, text)
    and_calls = [terms for operator, terms in calls if operator == "AND"]
    assert len(and_calls) == 1 + len(and_calls[0])  # each word left out in turn


def test_similar_never_ands_a_word_with_its_own_part(db, monkeypatch):
    # 停车 (900 entries) is in 停车场 (700): AND-ing both narrows nothing
    textsearch.bulk_index(
        SCOPE,
        [
            (pk, "停车场太贵" if pk <= 700 else "停车难" if pk <= 900 else "太贵")
            for pk in range(1, 1001)
        ],
    )
    calls = _spy_candidates(monkeypatch)
    textsearch.similar(SCOPE, "停车场太贵，停车难，希望整改")
    taken = [terms for operator, terms in calls if operator == "AND"][0]
    assert not [(a, b) for a in taken for b in taken if a != b and a in b], taken


@pytest.mark.parametrize("newest", [1, 3, 6, 20])
def test_the_newest_matches_are_the_highest_ids(db, monkeypatch, newest):
    """On PostgreSQL, looked for in windows of the newest entries first, then the rest:
    tiny windows here, so that every path is taken."""
    monkeypatch.setattr(textsearch, "NEWEST_WINDOWS", (2, 3))
    textsearch.bulk_index(
        SCOPE, [(pk, "路灯坏了" if pk % 3 else "道路积水") for pk in range(1, 31)]
    )
    found = SearchEntry.objects.filter(
        scope=SCOPE, object_id__in=textsearch.matching_ids(SCOPE, "路灯", newest=newest)
    ).values_list("object_id", flat=True)
    assert sorted(found, reverse=True) == [pk for pk in range(30, 0, -1) if pk % 3][:newest]


def test_reindex_replaces_entry(indexed):
    textsearch.index(SCOPE, 1, "公园健身器材损坏", group="env", date=dt.date(2024, 5, 1))
    assert ids("路灯") == set()
    assert ids("健身器材") == {1}
    entry = SearchEntry.objects.get(scope=SCOPE, object_id=1)
    assert (entry.group, entry.date) == ("env", dt.date(2024, 5, 1))
    assert SearchEntry.objects.filter(scope=SCOPE).count() == len(TEXTS)
    assert not SearchTerm.objects.filter(scope=SCOPE, term="路灯", docs__gt=0).exists()
    assert SearchTerm.objects.get(scope=SCOPE, term="健身器材").docs == 1


def test_remove(indexed):
    assert textsearch.remove(SCOPE, 1) is True
    assert textsearch.remove(SCOPE, 1) is False
    assert ids("路灯") == set()
    assert ids("小区") == {3}
    assert SearchTerm.objects.get(scope=SCOPE, term="小区").docs == 1
    assert SearchTerm.objects.get(scope=SCOPE, term="").docs == len(TEXTS) - 1


def test_document_frequencies_follow_writes(indexed):
    assert SearchTerm.objects.get(scope=SCOPE, term="").docs == len(TEXTS)
    assert SearchTerm.objects.get(scope=SCOPE, term="车辆").docs == 3
    before = dict(SearchTerm.objects.filter(scope=SCOPE).values_list("term", "docs"))
    textsearch.rebuild(SCOPE)
    after = dict(SearchTerm.objects.filter(scope=SCOPE).values_list("term", "docs"))
    assert {t: n for t, n in before.items() if n} == after


def test_bulk_index_replaces_and_counts(indexed):
    done = textsearch.bulk_index(
        SCOPE,
        [
            textsearch.IndexRow(1, "公园健身器材损坏", "env", dt.date(2024, 1, 1)),
            (7, "公园厕所没有人打扫"),
        ],
        batch_size=1,
    )
    assert done == 2
    assert ids("公园") == {1, 7}
    assert ids("路灯") == set()
    assert SearchTerm.objects.get(scope=SCOPE, term="").docs == len(TEXTS) + 1
    assert SearchTerm.objects.get(scope=SCOPE, term="公园").docs == 2
    presegmented = textsearch.bulk_index(SCOPE, [(8, "公园 绿地")], presegmented=True)
    assert presegmented == 1 and ids("绿地") == {8}


def test_queryset_writes_stay_in_sync(indexed):
    """The index follows SearchEntry whatever writes it (FTS5 triggers on SQLite, an
    expression index on PostgreSQL)."""
    SearchEntry.objects.filter(object_id=2).update(tokens="公园 长椅")
    assert ids("长椅") == {2}
    assert ids("红绿灯") == set()
    SearchEntry.objects.filter(object_id__in=[1, 3]).delete()
    assert ids("小区") == set()


def test_matching_ids_is_a_subquery(indexed, django_assert_num_queries):
    subquery = textsearch.matching_ids(SCOPE, "小区")
    with django_assert_num_queries(1):
        assert SearchEntry.objects.filter(scope=SCOPE, object_id__in=subquery).count() == 2


def test_term_counts(indexed):
    counts = dict(textsearch.term_counts(SCOPE, [1, 2, 3, 4]))
    assert counts["车辆"] == 3
    assert counts["小区"] == 2
    assert all(len(word) >= 2 for word in counts)


def test_bad_scope():
    with pytest.raises(ValueError):
        textsearch.index("", 1, "x")


def test_sqlite_triggers_present(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"textsearch_entry_ai", "textsearch_entry_ad", "textsearch_entry_au"} <= names


def test_postgres_query_uses_gin_index(indexed):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'textsearch_entry_tsv_idx'"
        )
        assert "USING gin (tsv)" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'textsearch_searchentry' AND column_name = 'tsv'"
        )
        assert cursor.fetchone()[0] == "to_tsvector('simple'::regconfig, tokens)"
    assert '"tsv" @@ to_tsquery' in str(textsearch.matching_ids(SCOPE, "路灯").query)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = SearchEntry.objects.filter(textsearch._TsMatch("'路灯'")).explain()
        cursor.execute("SET enable_seqscan = on")
    assert "textsearch_entry_tsv_idx" in plan, plan


def test_tokens_drop_surrogates_and_controls():
    assert tokens("\ud800路灯\x00") == ["路灯"]
    assert tokens("__") == []


text_strategy = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(list("\"'*()^:-+&|!<>{}[]\\ ANDORNEAR路灯小区维修车辆")),
    ),
    max_size=200,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=text_strategy)
def test_arbitrary_text_never_raises(indexed, text):
    assert ids(text) <= set(TEXTS)
    for pk, score in textsearch.similar(SCOPE, text, group="urban", exclude_id=2):
        assert pk in TEXTS and 0 < score <= 1


def test_object_id_range(db):
    with pytest.raises(ValueError):
        textsearch.index(SCOPE, -1, "路灯")
    with pytest.raises(ValueError):
        textsearch.index(SCOPE, 1 << 40, "路灯")
    textsearch.index(SCOPE, (1 << 40) - 1, "路灯坏了")
    assert ids("路灯") == {(1 << 40) - 1}


def test_entry_ids_are_per_scope(db):
    low, high = textsearch.scope_range(SCOPE)
    assert textsearch.entry_id(SCOPE, 0) == low
    assert textsearch.entry_id(SCOPE, 5) == low + 5
    assert textsearch.scope_range("other")[0] > high or textsearch.scope_range("other")[1] < low


def test_sqlite_search_reads_the_fts_index_alone(indexed):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    sql = str(textsearch.matching_ids(SCOPE, "小区").query)
    assert "textsearch_fts" in sql and "textsearch_searchentry" not in sql
