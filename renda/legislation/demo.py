"""Structured texts of the demo year: the two regulations of 2023 (residential fire
safety; traditional villages), each as two versions — the draft at its first reading
and the revised draft — entered through renda.legislation.services, so that their
comparison tables show amended, moved, renumbered, split, merged, added and deleted
articles. The texts are the files under ``demo_texts/`` (written for the demo, not
copied from real regulations). Idempotent: a text already present is left alone."""

from renda.core.demo import demo_step
from renda.core.models import Organisation, User
from renda.legislation import services
from renda.legislation.demo_texts import DEMO, demo_text
from renda.legislation.models import LegalText


@demo_step(75)
def load_legal_texts(log) -> None:
    actor = User.objects.filter(username="office").first()
    for title, stem, body, labels in DEMO:
        if LegalText.objects.filter(title=title).exists():
            continue
        organisation = Organisation.objects.filter(name__contains=body).order_by("pk").first()
        legal_text = services.create_text(
            title=title,
            kind=LegalText.Kind.REGULATION_DRAFT,
            organisation=organisation,
            actor=actor,
        )
        for number, label in enumerate(labels, start=1):
            services.add_version(legal_text, text=demo_text(stem, number), label=label, actor=actor)
        log(f"legislation: {title}, {len(labels)} versions")
