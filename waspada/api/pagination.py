from rest_framework.pagination import CursorPagination


class CodeCursorPagination(CursorPagination):
    """Stable cursor pages ordered by Kemendagri code (unique, so positions are exact)."""

    ordering = "code"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
