"""Pages of structured legal texts: the list, a text with its versions, adding a
version (pasted or .docx), a version's structure and problems, the comparison table of
any two versions, and the downloads (.docx comparison, Akoma Ntoso XML, JSON). The
office enters; the committee side and the experts read. Every change goes through
renda.legislation.services."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from renda.core import audit
from renda.core.forms import add_service_errors
from renda.core.listing import ListColumn, RecordListView
from renda.legislation import services
from renda.legislation.access import get_texts_for_user, get_versions_for_user
from renda.legislation.akn import to_akn
from renda.legislation.comparison import compare
from renda.legislation.documents import comparison_response
from renda.legislation.forms import LegalTextFilter, LegalTextForm, VersionForm
from renda.legislation.models import LegalText, TextVersion
from renda.legislation.problems import described
from renda.legislation.structure import article_lines, heading_line, label

VIEW, MANAGE = "legislation.view_texts", "legislation.manage_texts"


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


class TextListView(RecordListView):
    title = gettext_lazy("Legal texts")
    permission = VIEW
    filterset_class = LegalTextFilter
    search_fields = ["title"]
    export_name = "legal-texts"
    actions = [(gettext_lazy("New text"), "legislation:text-create", MANAGE)]
    columns = [
        ListColumn(gettext_lazy("Title"), lambda t: t.title, "legislation:text-detail"),
        ListColumn(gettext_lazy("Kind"), lambda t: t.get_kind_display()),
        ListColumn(
            gettext_lazy("Drafting body or issuer"),
            lambda t: t.organisation.name if t.organisation else "—",
        ),
        ListColumn(gettext_lazy("Versions"), lambda t: t.version_count),
        ListColumn(gettext_lazy("Articles (latest)"), lambda t: t.latest_articles or "—"),
        ListColumn(gettext_lazy("Updated"), lambda t: timezone.localdate(t.updated_at)),
    ]

    def search(self, queryset, query):
        return super().search(queryset, query.replace("\x00", ""))

    def get_queryset(self):
        return (
            get_texts_for_user(self.request.user)
            .annotate(
                version_count=Count("versions"), latest_articles=Max("versions__article_count")
            )
            .order_by("-updated_at", "-pk")
        )


@login_required
@require_http_methods(["GET", "POST"])
def text_create(request):
    _require(request.user, MANAGE)
    form = LegalTextForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            legal_text = services.create_text(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Text recorded; now add its first version."))
            return redirect("legislation:version-create", pk=legal_text.pk)
    return render(
        request,
        "core/edit.html",
        {"forms": [form], "title": _("New legal text")},
        status=400 if form.errors else 200,
    )


def _text_for(user, pk) -> LegalText:
    return get_object_or_404(get_texts_for_user(user), pk=pk)


def _version_for(user, pk) -> TextVersion:
    return get_object_or_404(get_versions_for_user(user), pk=pk)


@login_required
def text_detail(request, pk):
    _require(request.user, VIEW)
    legal_text = _text_for(request.user, pk)
    versions = list(legal_text.versions.select_related("created_by").order_by("-number"))
    return render(
        request,
        "legislation/text_detail.html",
        {
            "legal_text": legal_text,
            "versions": versions,
            "can_manage": request.user.has_perm(MANAGE),
            "default_a": versions[1].number if len(versions) > 1 else None,
            "default_b": versions[0].number if versions else None,
            "audit_entries": list(audit.entries_for(legal_text)[:50])
            if request.user.has_perm("core.view_history")
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request, pk):
    _require(request.user, MANAGE)
    legal_text = _text_for(request.user, pk)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        try:
            version = services.add_version(
                legal_text,
                actor=request.user,
                text=None if upload else data["text"],
                docx=upload.read() if upload else None,
                file_name=upload.name if upload else "",
                label=data.get("label", ""),
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if version.problems:
                messages.warning(
                    request, _("Version saved; its structure has problems, listed below.")
                )
            else:
                messages.success(request, _("Version saved and parsed without problems."))
            return redirect("legislation:version-detail", pk=version.pk)
    return render(
        request,
        "legislation/version_form.html",
        {"form": form, "legal_text": legal_text, "title": _("Add a version")},
        status=400 if form.errors else 200,
    )


def outline(tree: dict) -> list[dict]:
    """The tree as rows for the page: headings and articles, each with its depth."""
    rows: list[dict] = []

    def walk(node, depth):
        if node["type"] == "article":
            rows.append(
                {
                    "kind": "article",
                    "depth": depth,
                    "label": label("article", node["num"]),
                    "lines": article_lines(node),
                    "anchor": f"art-{node['num']}",
                }
            )
            return
        rows.append(
            {
                "kind": node["type"],
                "depth": depth,
                "label": heading_line(node),
                "lines": node["text"],
            }
        )
        for child in node["children"]:
            walk(child, depth + 1)

    for node in tree.get("body", []):
        walk(node, 0)
    return rows


@login_required
def version_detail(request, pk):
    _require(request.user, VIEW)
    version = _version_for(request.user, pk)
    problems = described(version.problems)
    flagged = {p["line"] for p in problems}
    source_lines = [
        (n, line, n in flagged) for n, line in enumerate(version.source_text.split("\n"), start=1)
    ]
    others = list(
        version.legal_text.versions.exclude(pk=version.pk)
        .order_by("-number")
        .only("number", "label", "legal_text_id")
    )
    return render(
        request,
        "legislation/version_detail.html",
        {
            "version": version,
            "legal_text": version.legal_text,
            "tree": version.tree,
            "rows": outline(version.tree),
            "problems": problems,
            "source_lines": source_lines,
            "others": others,
            "audit_entries": list(audit.entries_for(version)[:20])
            if request.user.has_perm("core.view_history")
            else None,
        },
    )


@login_required
@require_GET
def version_akn(request, pk):
    _require(request.user, VIEW)
    return akn_response(_version_for(request.user, pk))


def akn_response(version: TextVersion) -> HttpResponse:
    response = HttpResponse(to_akn(version), content_type="application/akn+xml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="legal-text-{version.legal_text_id}-v{version.number}.akn.xml"'
    )
    return response


def version_payload(version: TextVersion) -> dict:
    return {
        "legal_text": version.legal_text_id,
        "title": version.legal_text.title,
        "version": version.number,
        "label": version.label,
        "article_count": version.article_count,
        "tree": version.tree,
        "problems": described(version.problems),
    }


@login_required
@require_GET
def version_json(request, pk):
    _require(request.user, VIEW)
    version = _version_for(request.user, pk)
    body = json.dumps(version_payload(version), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="legal-text-{version.legal_text_id}-v{version.number}.json"'
    )
    return response


def pick_versions(legal_text: LegalText, a, b) -> tuple[TextVersion, TextVersion]:
    """Versions ``a`` and ``b`` (numbers) of a text; by default the last two. Http404
    when one is missing or the numbers are not numbers."""
    versions = legal_text.versions.order_by("-number")
    try:
        a = int(a) if a not in (None, "") else None
        b = int(b) if b not in (None, "") else None
    except (TypeError, ValueError):
        raise Http404 from None
    if a is None or b is None:
        latest = list(versions.values_list("number", flat=True)[:2])
        if len(latest) < 2:
            raise Http404
        a = latest[1] if a is None else a
        b = latest[0] if b is None else b
    if not (0 < a < 2**31 and 0 < b < 2**31):
        raise Http404
    found = {v.number: v for v in legal_text.versions.filter(number__in=[a, b])}
    if a not in found or b not in found:
        raise Http404
    return found[a], found[b]


@login_required
@require_GET
def comparison(request, pk):
    _require(request.user, VIEW)
    legal_text = _text_for(request.user, pk)
    old, new = pick_versions(legal_text, request.GET.get("a"), request.GET.get("b"))
    table = compare(old.tree, new.tree)
    changes_only = request.GET.get("changes") == "1"
    rows = [
        r
        for r in table["rows"]
        if not (changes_only and r["kind"] == "unchanged" and not r["moved"])
    ]
    return render(
        request,
        "legislation/comparison.html",
        {
            "legal_text": legal_text,
            "old": old,
            "new": new,
            "table": table,
            "rows": rows,
            "changes_only": changes_only,
            "versions": legal_text.versions.order_by("-number").only("number", "label"),
        },
    )


@login_required
@require_GET
def comparison_docx(request, pk):
    _require(request.user, VIEW)
    legal_text = _text_for(request.user, pk)
    old, new = pick_versions(legal_text, request.GET.get("a"), request.GET.get("b"))
    table = compare(old.tree, new.tree)
    return comparison_response(old, new, table, changes_only=request.GET.get("changes") == "1")
