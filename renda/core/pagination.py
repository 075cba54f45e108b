"""Pagination that stays fast deep into large lists."""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """Count and slice the primary keys only, then load just the page's rows.

    A plain OFFSET over the full-width join makes SQLite sort every row for every page
    (2 s at page 720 of 200,000 deputies); ordering and slicing the keys walks the
    index instead, and the page's rows are then fetched by primary key.
    """

    def __init__(self, object_list, per_page, **kwargs):
        self.rows = object_list
        super().__init__(object_list.values_list("pk", flat=True), per_page, **kwargs)

    def page(self, number):
        page = super().page(number)
        keys = list(page.object_list)
        by_pk = self.rows.in_bulk(keys)
        page.object_list = [by_pk[key] for key in keys]
        return page
