"""Routing of public opinions to handling units (renda/opinions/routing.py)."""

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from renda.core.audit import entries_for
from renda.core.rulesettings import change_rule_setting
from renda.core.tests.factories import OrganisationFactory
from renda.handling.models import Assignment, Case, Kind
from renda.opinions import routing
from renda.opinions.models import PublicOpinion, RouterModel, RoutingCorrection

pytestmark = pytest.mark.django_db
R = PublicOpinion.Routing

PLACES = ["新华区光明路", "卫东区建设街", "湛河区幸福小区", "石龙区人民路", "叶县和平社区"]
TOPICS = {
    "transport": (
        "transport",
        [
            "路口的红绿灯配时太短，老人过马路很危险",
            "公交车班次太少，早晚高峰等车要半小时",
            "信号灯坏了好几天，路口经常堵车",
        ],
    ),
    "urban": (
        "urban",
        [
            "垃圾桶满了没人清运，夏天臭气熏天",
            "路边垃圾成堆，环卫工人好几天没来收",
            "小区门口垃圾乱倒，垃圾清运不及时",
        ],
    ),
    "education": (
        "education",
        [
            "学校学位紧张，孩子上学要跑很远",
            "幼儿园收费太高，学校课后服务不足",
            "学校门口没有校车，孩子上学不安全",
        ],
    ),
}
_codes = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_router():
    routing.forget_loaded_model()
    yield
    routing.forget_loaded_model()


@pytest.fixture
def units(world):
    return {
        "transport": OrganisationFactory(name="市交通运输局"),
        "urban": OrganisationFactory(name="市城市管理局"),
        "education": OrganisationFactory(name="市教育局"),
    }


def opinion(text: str, category: str = "other") -> PublicOpinion:
    code = f"RT{next(_codes):08d}"
    case = Case.objects.create(
        kind=Kind.PUBLIC_OPINION, title=text[:30], reference=code, registered_at=timezone.now()
    )
    return PublicOpinion.objects.create(
        case=case,
        tracking_code=code,
        channel="portal",
        category=category,
        text=text,
        submitted_at=timezone.now(),
    )


def handled(
    text: str, unit, category: str = "other", *, state=Assignment.State.CLOSED, role="lead"
):
    item = opinion(text, category)
    Assignment.objects.create(
        case=item.case,
        unit=unit,
        role=role,
        state=state,
        assigned_on=timezone.localdate(),
        due_date=timezone.localdate(),
        deadline_rule="test",
    )
    return item


@pytest.fixture
def history(units):
    """Five past opinions per phrase and place: 45 handled opinions, 15 per unit."""
    rows = []
    for key, (category, phrases) in TOPICS.items():
        for phrase, place in itertools.product(phrases, PLACES):
            rows.append(handled(f"{place}{phrase}，希望尽快解决。", units[key], category))
    return rows


def correct(item, unit, actor, suggested=None):
    return RoutingCorrection.objects.create(
        opinion=item, suggested_unit=suggested, chosen_unit=unit, actor=actor
    )


# --- samples -------------------------------------------------------------------------------
def test_samples_are_the_lead_units_that_handled_them(units, world):
    kept = handled("红绿灯坏了", units["transport"])
    handled("学校太远", units["education"], role=Assignment.Role.ASSISTING)  # not a lead
    returned = handled("垃圾没人收", units["transport"], state=Assignment.State.RETURNED)
    samples = dict(routing.training_samples())
    assert samples == {kept.text: units["transport"].pk}
    # Reassigned after the return: the new lead counts, the returned one never.
    Assignment.objects.create(
        case=returned.case,
        unit=units["urban"],
        role="lead",
        assigned_on=timezone.localdate(),
        due_date=timezone.localdate(),
        deadline_rule="test",
    )
    assert dict(routing.training_samples())[returned.text] == units["urban"].pk


def test_a_staff_decision_wins_over_the_assignment(units, world):
    item = handled("路边垃圾成堆", units["transport"])
    not_assigned_yet = opinion("学校学位紧张")
    correct(item, units["urban"], world.users["office_staff"], suggested=units["transport"])
    correct(not_assigned_yet, units["education"], world.users["office_staff"])
    samples = dict(routing.training_samples())
    assert samples[item.text] == units["urban"].pk
    assert samples[not_assigned_yet.text] == units["education"].pk


def test_a_decision_for_a_unit_that_returned_the_item_is_not_learnt(units, world):
    item = handled("小区垃圾乱倒", units["education"], state=Assignment.State.RETURNED)
    correct(item, units["education"], world.users["office_staff"])
    assert item.text not in dict(routing.training_samples())


def test_samples_of_retired_or_non_handling_units_are_left_out(units, world):
    handled("红绿灯配时太短", units["transport"])
    retired = handled("学校太远", units["education"])
    units["education"].is_active = False
    units["education"].save(update_fields=["is_active"])
    samples = dict(routing.training_samples())
    assert retired.text not in samples and len(samples) == 1


def test_samples_take_no_query_per_row(units, world, django_assert_max_num_queries, history):
    for item in history[:10]:
        correct(item, units["urban"], world.users["office_staff"])
    with django_assert_max_num_queries(5):
        assert len(list(routing.training_samples())) == len(history)


# --- training and suggestions --------------------------------------------------------------
def test_the_router_learns_where_opinions_go(units, history):
    model = routing.train(holdout=0.2)
    assert model.samples == len(history)
    assert model.accuracy is not None and 0 <= model.accuracy <= 1
    assert RouterModel.objects.count() == 1 and len(bytes(model.blob)) > 0
    expected = {
        "新华区和平路的红绿灯不亮了，路口堵车": units["transport"],
        "我们小区的垃圾好几天没人清运": units["urban"],
        "孩子上学的学校学位不够": units["education"],
    }
    for text, unit in expected.items():
        unit_id, confidence = routing.suggest(text)
        assert unit_id == unit.pk, text
        assert 0.5 < confidence <= 1


@pytest.mark.parametrize("unit_count", [2, 3])
def test_probabilities_are_the_classifiers(units, history, unit_count):
    if unit_count == 2:
        Assignment.objects.filter(unit=units["education"]).update(unit=units["urban"])
    routing.train(holdout=0)
    router = routing.current_router()
    for text, category in [("红绿灯坏了", "transport"), ("学校垃圾没人收", ""), ("路口", "")]:
        features = router.vectorizer.transform([(text, category)])
        expected = router.classifier.predict_proba(features)[0]
        assert router.probabilities(text, category) == pytest.approx(expected, abs=1e-6)
        assert len(expected) == unit_count


def test_a_new_process_loads_the_stored_model(units, history):
    routing.train(holdout=0)
    before = routing.suggest("垃圾没人清运")
    routing.forget_loaded_model()  # as a process that did not train
    assert routing.suggest("垃圾没人清运") == pytest.approx(before)


def test_a_newer_model_replaces_the_loaded_one(units, history, world):
    routing.train(holdout=0)
    first = routing.current_router()
    routing.train(holdout=0)
    latest = RouterModel.objects.latest()
    routing._loaded = (("not", "this"), first)  # another process's newer model
    assert routing.current_router() is not first
    assert routing._loaded[0] == (latest.pk, latest.created_at)


def test_an_unreadable_model_routes_manually(units, history):
    model = routing.train(holdout=0)
    RouterModel.objects.filter(pk=model.pk).update(blob=b"not a model")
    routing.forget_loaded_model()
    item = opinion("红绿灯坏了")
    assert routing.suggest(item.text) is None
    assert routing.route_opinion(item).routing == R.MANUAL


def test_corrections_change_the_next_training(units, history, world):
    bikes = [
        handled(f"{place}共享单车乱停乱放{n}号", units["transport"])
        for place in PLACES
        for n in range(3)
    ]
    routing.train(holdout=0)
    assert routing.suggest("共享单车乱停乱放")[0] == units["transport"].pk
    for item in bikes:
        correct(item, units["urban"], world.users["office_staff"], suggested=units["transport"])
    routing.train(holdout=0)
    assert routing.suggest("共享单车乱停乱放")[0] == units["urban"].pk


def test_refuses_with_too_few_samples(units):
    handled("红绿灯坏了", units["transport"])
    with pytest.raises(routing.RouterTrainingRefused):
        routing.train()
    assert not RouterModel.objects.exists()


def test_refuses_with_a_single_unit(units):
    for place in PLACES * 5:
        handled(f"{place}红绿灯坏了", units["transport"])
    with pytest.raises(routing.RouterTrainingRefused):
        routing.train()
    assert not RouterModel.objects.exists()


# --- routing an opinion (R92 threshold) ----------------------------------------------------
def test_R92_confident_suggestion_is_suggested(units, history, world):
    routing.train(holdout=0)
    item = opinion("学校学位紧张，孩子上学远", "education")
    routed = routing.route_opinion(item, actor=world.users["office_staff"])
    item.refresh_from_db()
    assert item.routing == R.SUGGESTED == routed.routing
    assert item.suggested_unit == units["education"]
    assert item.routing_confidence >= 0.6
    entry = entries_for(item).get(verb="route")
    assert (entry.from_state, entry.to_state) == (R.PENDING, R.SUGGESTED)
    assert entry.after["suggested_unit_id"] == units["education"].pk


def test_R92_below_the_threshold_the_office_routes(units, history, world):
    routing.train(holdout=0)
    change_rule_setting("opinions.routing_threshold", "1", actor=world.users["administrator"])
    item = routing.route_opinion(opinion("学校学位紧张，孩子上学远"))
    item.refresh_from_db()
    assert item.routing == R.MANUAL
    # The office still sees the router's best guess.
    assert item.suggested_unit == units["education"] and item.routing_confidence < 1
    assert entries_for(item).get(verb="route").actor_name == "router"


def test_R92_threshold_setting_is_defined():
    from renda.core.rulesettings import DEFINITIONS

    definition = DEFINITIONS["opinions.routing_threshold"]
    assert (definition.default, definition.minimum, definition.maximum) == (0.6, 0, 1)
    assert routing.threshold() == 0.6


def test_no_model_means_manual_routing(units):
    item = routing.route_opinion(opinion("红绿灯坏了"))
    item.refresh_from_db()
    assert (item.routing, item.suggested_unit, item.routing_confidence) == (R.MANUAL, None, None)


def test_a_retired_unit_is_never_suggested(units, history):
    routing.train(holdout=0)
    units["education"].is_active = False
    units["education"].save(update_fields=["is_active"])
    suggestion = routing.suggest("学校学位紧张，孩子上学要跑很远")
    assert suggestion is None or suggestion[0] != units["education"].pk
    item = routing.route_opinion(opinion("学校学位紧张，孩子上学要跑很远"))
    assert item.suggested_unit_id != units["education"].pk
    assert item.routing == R.MANUAL  # what is left is a poor guess


def test_a_staff_decision_is_not_routed_again(units, history, world):
    from django.core.exceptions import ValidationError

    routing.train(holdout=0)
    item = opinion("垃圾没人清运")
    PublicOpinion.objects.filter(pk=item.pk).update(
        routing=R.CORRECTED, suggested_unit=units["transport"]
    )
    with pytest.raises(ValidationError):
        routing.route_opinion(item)
    item.refresh_from_db()
    assert (item.routing, item.suggested_unit) == (R.CORRECTED, units["transport"])


def test_empty_text_gets_no_suggestion(units, history):
    routing.train(holdout=0)
    assert routing.suggest("") is None
    assert routing.suggest("，。！") is None  # nothing the router knows
    assert routing.suggest("ZZZ QQQ") is None


# --- the command ---------------------------------------------------------------------------
def test_train_router_command(units, history, capsys):
    call_command("train_router", "--holdout", "0.2")
    out = capsys.readouterr().out
    assert f"{len(history)} samples" in out and "3 units" in out and "accuracy" in out
    assert RouterModel.objects.count() == 1


def test_train_router_command_refuses_clearly(units):
    with pytest.raises(CommandError, match="20"):
        call_command("train_router")
    with pytest.raises(CommandError):
        call_command("train_router", "--holdout", "1.5")
