"""Read-only API of the bulletin: published editions and their articles (the secretariat
also sees drafts and editions in review). Bodies come as Markdown and as sanitised HTML."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from akkopsi.accounts.drf import RolePermission
from akkopsi.accounts.permissions import Permission
from akkopsi.bulletin.access import visible_articles, visible_editions
from akkopsi.bulletin.filters import ArticleFilter, EditionFilter
from akkopsi.bulletin.models import Article, DataSection, Edition
from akkopsi.bulletin.rendering import render_markdown

READ = {"list": Permission.VIEW_PUBLIC, "retrieve": Permission.VIEW_PUBLIC}


class BulletinArticleSerializer(serializers.ModelSerializer):
    edition = serializers.IntegerField(source="edition.number", read_only=True)
    member = serializers.CharField(
        source="member.code", allow_null=True, read_only=True, default=None
    )
    working_group = serializers.CharField(
        source="working_group.name", allow_null=True, read_only=True, default=None
    )
    html = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "edition", "position", "title", "author", "member", "working_group"]
        fields += ["body", "html"]

    @extend_schema_field(serializers.CharField())
    def get_html(self, obj: Article) -> str:
        return str(render_markdown(obj.body))


class BulletinSectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataSection
        fields = ["id", "position", "kind", "frozen", "frozen_at"]


class BulletinEditionSerializer(serializers.ModelSerializer):
    articles = serializers.SerializerMethodField()
    sections = BulletinSectionSerializer(many=True, read_only=True, source="live_sections")

    class Meta:
        model = Edition
        fields = ["number", "volume", "issued_on", "theme", "foreword", "status"]
        fields += ["published_at", "articles", "sections"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_articles(self, obj: Edition) -> list[int]:
        return [a.pk for a in obj.live_articles]  # type: ignore[attr-defined]


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """Akkopsinergi editions, newest first; ``/{number}/``."""

    serializer_class = BulletinEditionSerializer
    permission_classes = [RolePermission]
    permission_map = READ
    lookup_field = "number"
    filterset_class = EditionFilter

    def get_queryset(self) -> QuerySet[Edition]:
        return visible_editions(self.request.user).prefetch_related(
            Prefetch("articles", Article.objects.live(), to_attr="live_articles"),
            Prefetch("sections", DataSection.objects.live(), to_attr="live_sections"),
        )


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Articles of the editions visible to the caller; filter ``?edition=<number>``."""

    serializer_class = BulletinArticleSerializer
    permission_classes = [RolePermission]
    permission_map = READ
    filterset_class = ArticleFilter

    def get_queryset(self) -> QuerySet[Article]:
        return visible_articles(self.request.user).select_related(
            "edition", "member", "working_group"
        )
