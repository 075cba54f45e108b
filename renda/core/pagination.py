"""Pagination that stays fast deep into large lists."""

from django.core.paginator import EmptyPage, Page, Paginator
from django.utils.functional import cached_property


class KeysFirstPaginator(Paginator):
    """Count and slice the primary keys only, then load just the page's rows.

    A plain OFFSET over the full-width join makes SQLite sort every row for every page
    (2 s at page 720 of 200,000 deputies); ordering and slicing the keys walks the
    index instead, and the page's rows are then fetched by primary key.
    """

    def __init__(
        self, object_list, per_page, *, count_limit: int | None = None, rows=None, **kwargs
    ):
        # ``rows``: where to load the page's rows by key — the list before its search and
        # filters, so that a full-text search is not run a second time for 25 keys.
        self.rows = object_list if rows is None else rows
        self.count_limit = count_limit
        super().__init__(object_list.values_list("pk", flat=True), per_page, **kwargs)

    @cached_property
    def count(self) -> int:
        """With a limit, counting stops after it: a search matching 200,000 of a million
        opinions shows "more than 10,000" instead of walking all of them (page 1 needs
        only the newest 25)."""
        if self.count_limit is None:
            return super().count
        return self.object_list.order_by()[: self.count_limit + 1].count()

    @property
    def capped(self) -> bool:
        return self.count_limit is not None and self.count > self.count_limit

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # a capped count is not the end of the list: any later page may hold rows
            if not self.capped or int(number) < 1:
                raise
            return int(number)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.capped and top + self.orphans >= self.count:
            top = self.count
        # past a capped count, one key more says whether a next page exists
        keys = list(self.object_list[bottom : top + 1 if self.capped else top])
        more = self.capped and len(keys) > self.per_page
        keys = keys[: self.per_page] if more else keys
        if self.capped and not keys and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        by_pk = self.rows.in_bulk(keys)
        page = self._get_page([by_pk[key] for key in keys], number, self)
        page.more = more
        return page

    def _get_page(self, *args, **kwargs):
        return KeysFirstPage(*args, **kwargs)


class KeysFirstPage(Page):
    more = False  # rows past a capped count

    def has_next(self) -> bool:
        return self.more or super().has_next()
