"""One page of a long list in the same number of queries at any page size and however many rows are in scope.

The pager counts and slices the list's keys only (the filters in WHERE, no joins for display, no annotations):
an index-only query even at national scale. Then the page's rows are fetched with every join and annotation
the list shows, for those keys only. Sorting and counting 100,000 keys is cheap; doing it over 100,000 joined,
annotated rows (a COUNT(*) around every subquery) is not.
"""

from django.core.paginator import Page, Paginator

from kit import thai

PER_PAGE_CHOICES = (25, 50, 100)


def per_page(params) -> int:
    """The page size asked for in the query string (`?per_page=`), one of PER_PAGE_CHOICES,
    else the smallest."""
    asked = thai.whole_number(params.get("per_page", ""))
    return asked if asked in PER_PAGE_CHOICES else PER_PAGE_CHOICES[0]


def keyed_page(keys, *, number, per_page: int, rows) -> Page:
    """Page `number` of `keys` (the list's primary keys in order: a values_list queryset, or a list), whose
    object_list is `rows` (a queryset with the list's joins and annotations) for the page's keys, in order."""
    page = Paginator(keys, per_page).get_page(number)
    shown = list(page.object_list)
    by_pk = rows.order_by().in_bulk(shown)
    page.object_list = [by_pk[pk] for pk in shown if pk in by_pk]
    return page
