from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class VoidSerializer(serializers.Serializer):
    """The body of every ``.../void/`` action: voiding a business record needs a reason."""

    reason = serializers.CharField(max_length=2000)
