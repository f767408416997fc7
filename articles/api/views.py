"""API endpoints. They read through articles.selectors and the serializers, and write only through services."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connections, router
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from articles import caching, roles, selectors, services
from articles.models import Article, ImportJob
from articles.search import SearchQueryError, SearchQuerySet
from articles.services import jobs, representations
from articles.services.jobs import JobFile, JobFileError
from articles.services.pdf_import import max_upload_bytes
from newsroom.db import MAX_ID, prepared_cursor
from newsroom.i18n import translated
from people.models import Organization, Person, Place

from . import filters
from .exceptions import ErrorSerializer, api_exception_handler
from .pagination import KeysetCursorPagination, Ordering, SortKey, selected_names, values_prepared
from .permissions import IsEditor, ReadOnlyOrEditor
from .renderers import NINJS_MEDIA_TYPE, JSONRenderer, NinjsRenderer, Prerendered, article_to_ninjs
from .serializers.read import (
    ArticleSerializer,
    EventSerializer,
    ImageSerializer,
    IssueSerializer,
    OrganizationSerializer,
    PersonSerializer,
    PlaceSerializer,
)
from .serializers.write import (
    ArticleStatusSerializer,
    ImportJobSerializer,
    ImportReportSerializer,
    PageImportSerializer,
)

logger = logging.getLogger(__name__)

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="A bad parameter; `errors` names it."),
    401: OpenApiResponse(ErrorSerializer, description="No or an invalid token."),
    403: OpenApiResponse(ErrorSerializer, description="Authenticated, but not allowed."),
    404: OpenApiResponse(ErrorSerializer, description="No such resource (or not visible to you)."),
    406: OpenApiResponse(ErrorSerializer, description="Unsupported format or Accept header."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; see the Retry-After header."),
}
_JSON = JSONRenderer()
#: The article fields read from related rows (articles.api.serializers.read.ArticleSerializer.load_related).
_RELATED_FIELDS = ("credits", "captions", "images", "keywords", "mentions", "print_position")
READ_ERRORS = {code: ERRORS[code] for code in (400, 404, 406, 429)}
#: Whether anonymous GETs of articles are answered from the stored representations without DRF's
#: request cycle (ArticleViewSet.stored_response); off, they take DRF's path (tests compare the two).
STORED_READ_ENABLED = True
#: Whether those responses are kept in the response cache too (a hit skips the page's one query).
STORED_READ_CACHED = True
#: The stored bytes of a list's rows, read in the page's query (a LEFT JOIN: NULL where none is stored).
_STORED_COLUMNS = {"stored": F("representation__api"), "shape": F("representation__shape_version")}
_NINJS = NinjsRenderer()
#: Accept headers answered with JSON without DRF's negotiation: none, anything, JSON itself
_JSON_ACCEPTS = frozenset({"", "*/*", "application/json"})
_NINJS_ACCEPTS = frozenset({"", "*/*", NINJS_MEDIA_TYPE})


def _stored_renderer(format: str | None, accept: str, action: str) -> JSONRenderer | None:
    """The renderer DRF's negotiation picks for a `?format=` and Accept header this simple (JSON;
    ninjs for one article), or None for any other (DRF negotiates it: the browsable API, a 406)."""
    accept = accept.strip()
    if format in (None, "json"):
        if accept in _JSON_ACCEPTS:
            return _JSON
        return _NINJS if format is None and action == "retrieve" and accept == NINJS_MEDIA_TYPE else None
    return _NINJS if format == "ninjs" and action == "retrieve" and accept in _NINJS_ACCEPTS else None


ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The resource's id.")


def fields_parameter(serializer_class) -> OpenApiParameter:
    names = ", ".join(serializer_class.field_names())
    return OpenApiParameter(
        "fields", OpenApiTypes.STR, OpenApiParameter.QUERY,
        description=f"Comma-separated fields to return (default: all). Fields: {names}.",
    )


class ApiViewMixin:
    """JSON errors, strict formats, and conditional GET (ETag from the body, Last-Modified).

    Views that set `public_cache_key` (see ResourceViewSet) store their successful response there
    and serve later requests with the same key from it (articles.caching: content-versioned)."""

    last_modified = None
    public_cache_key: str | None = None

    def get_exception_handler(self):
        return api_exception_handler

    def finalize_response(self, request: Request, response, *args: Any, **kwargs: Any):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept", "Authorization"))
        cached = getattr(response, "api_cache_entry", None)
        if cached is not None:
            return get_conditional_response(request, etag=response["ETag"], last_modified=cached[2], response=response)
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or not isinstance(response, Response):
            return response
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=60)
        response.render()
        etag = caching.body_etag(response.content)
        response["ETag"] = etag
        timestamp = None
        if self.last_modified is not None:
            timestamp = int(self.last_modified.timestamp())
            response["Last-Modified"] = http_date(timestamp)
        if self.public_cache_key is not None and not response.cookies:
            timeout = caching.cache_timeout()
            if timeout:
                cache.set(self.public_cache_key, (response.content, dict(response.headers), timestamp), timeout)
        return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)


class ResourceViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read-only collection: keyset paging, filters, `?fields=`."""

    pagination_class = KeysetCursorPagination
    lookup_value_regex = "[0-9]+"
    orderings: dict[str, Ordering] = {}
    default_ordering = ""
    _fields_cache: Any = ...

    #: Formats whose responses are cached for the public: the browsable API ("api") is left out, it
    #: renders per user (forms, a CSRF token).
    cached_formats = frozenset({"json", "ninjs"})

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Authentication, permissions, throttling and content negotiation run first, cached or not.
        super().initial(request, *args, **kwargs)
        self.public_cache_key = self.get_public_cache_key(request)
        if self.public_cache_key is None:
            return
        entry = cache.get(self.public_cache_key)
        if entry is not None:
            # DRF looks the handler up on the view after initial() (viewsets bind their actions there
            # the same way): the cached response stands in for the action.
            setattr(self, request.method.lower(), lambda *args, **kwargs: self.cached_response(entry))

    def get_public_cache_key(self, request: Request) -> str | None:
        """The key of this request's response in the public cache, or None when it is not to be cached:
        writes, other actions, the browsable API, and whoever may see an unpublished article (editors and
        reporters never share it; articles.roles says who they are).
        Everything the body and headers depend on is in the key: the full URL (host, scheme, path and
        query string), the negotiated format and media type, the language and the audience (anonymous
        readers get `public` caching headers, signed-in ones `private`), plus the content version."""
        if request.method not in ("GET", "HEAD") or getattr(self, "action", None) not in ("list", "retrieve"):
            return None
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is None or renderer.format not in self.cached_formats \
                or roles.sees_unpublished(request.user):
            return None
        audience = "reader" if request.user.is_authenticated else "anonymous"
        return caching.cache_key(
            "api", request.build_absolute_uri(), renderer.format, request.accepted_media_type or "",
            translation.get_language() or "", audience,
        )

    @staticmethod
    def cached_response(entry: tuple[bytes, dict[str, str], int | None]) -> HttpResponse:
        content, headers, _last_modified = entry
        response = HttpResponse(content, headers=headers)
        response.api_cache_entry = entry
        return response

    def requested_fields(self) -> frozenset[str] | None:
        if self._fields_cache is not ...:
            return self._fields_cache
        # repeated (?fields=id&fields=headline) they add up; blank names are no names
        raw = ",".join(self.request.query_params.getlist("fields"))
        names = {name.strip() for name in raw.split(",") if name.strip()}
        fields = None
        if names and getattr(self.request, "accepted_renderer", None) is not None \
                and self.request.accepted_renderer.format in ("json", "api"):
            known = set(self.get_serializer_class().field_names())
            unknown = sorted(names - known)
            if unknown:
                offered = ", ".join(self.get_serializer_class().field_names())
                raise ValidationError({"fields": [f"Unknown field(s): {', '.join(unknown)}. Fields: {offered}."]})
            fields = frozenset(names)
        self._fields_cache = fields
        return fields

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["fields"] = self.requested_fields()
        return context

    def visible_articles(self) -> QuerySet:
        """The articles this request's user may see (articles.roles): every filter, the `status`
        one included, narrows these, so no filter reaches an article the user may not see."""
        return selectors.visible_articles(user=self.request.user)


ARTICLE_ORDERINGS = {
    "-published_at": Ordering((SortKey("published_at", True, "datetime", nullable=True),), "newest published first"),
    "published_at": Ordering((SortKey("published_at", False, "datetime", nullable=True),), "oldest published first"),
    "-issue_date": Ordering(
        (SortKey("page__issue__date", True, "date", nullable=True), SortKey("page__number", False, "int", True),
         SortKey("order", False, "int")),
        "newest issue first, then in print order (page, position on the page)",
    ),
    "issue_date": Ordering(
        (SortKey("page__issue__date", False, "date", nullable=True), SortKey("page__number", False, "int", True),
         SortKey("order", False, "int")),
        "oldest issue first, then in print order",
    ),
    "-updated_at": Ordering((SortKey("updated_at", True, "datetime"),), "most recently changed first"),
    "updated_at": Ordering((SortKey("updated_at", False, "datetime"),), "least recently changed first (for sync)"),
    "relevance": Ordering((SortKey("search_rank", True, "float"),), "best match first (only with `q`)"),
}

_ARTICLE_FORMAT = OpenApiParameter(
    "format", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["json", "ninjs"],
    description="`ninjs`: the article as an IPTC ninjs 3.1 news item (same as `Accept: application/ninjs+json`).",
)


@extend_schema_view(
    list=extend_schema(
        summary="List articles",
        description="Published articles (with an editor's token every article, with a reporter's also their "
        "own drafts), filtered and paged by cursor.",
        parameters=[fields_parameter(ArticleSerializer)],
        responses={200: ArticleSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One article",
        parameters=[ID, fields_parameter(ArticleSerializer), _ARTICLE_FORMAT],
        responses={
            (200, "application/json"): ArticleSerializer,
            (200, "application/ninjs+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="IPTC ninjs 3.1 (http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json)"
            ),
            **READ_ERRORS,
        },
    ),
)
class ArticleViewSet(ResourceViewSet):
    serializer_class = ArticleSerializer
    filterset_class = filters.ArticleFilter
    permission_classes = [ReadOnlyOrEditor]
    editor_permission = "articles.publish_article"
    orderings = ARTICLE_ORDERINGS
    default_ordering = "-published_at"

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "retrieve":
            renderers.append(NinjsRenderer())
        return renderers

    def ordering_for(self, request: Request) -> str:
        return "relevance" if request.query_params.get("q", "").strip() else self.default_ordering

    # -- the stored read: anonymous GETs answered from the stored representations ------------------

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """An anonymous GET of a list or one article in JSON (or ninjs) is answered from the stored
        representations without DRF's request cycle (stored_response); anything else, and anything
        it does not answer (a bad parameter, a throttled client, an article not stored yet), goes
        through DRF as before."""
        # (DRF names the action in initialize_request, which this path skips)
        self.action = self.action_map.get(request.method.lower())
        if STORED_READ_ENABLED and request.method == "GET" and self.action in ("list", "retrieve"):
            response = self.stored_response(request, kwargs)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    def stored_response(self, request: HttpRequest, kwargs: dict[str, Any]) -> HttpResponse | None:
        """The response to an anonymous reader's GET, built from the stored representations: the
        same body and headers as DRF's (tests/test_representations.py compares them), read as the
        ids of the same filtered, visible, keyset-paged query joined to the stored bytes (one
        query; a search's ids first, then the bytes; an article not stored yet built live), with
        the response cache consulted first. None where DRF must answer: someone who may be signed
        in (a token, a session cookie, a test's forced user), a format or Accept header other
        than JSON's (ninjs for one article), an error to report (a bad filter, cursor, page size,
        field, an article not found), a throttled client, or another script prefix or time zone
        than the stored links and times were made in."""
        meta = request.META
        if "HTTP_AUTHORIZATION" in meta or settings.SESSION_COOKIE_NAME in request.COOKIES \
                or getattr(request, "_force_auth_user", None) is not None \
                or getattr(request, "_force_auth_token", None) is not None:
            return None
        renderer = _stored_renderer(request.GET.get("format"), meta.get("HTTP_ACCEPT", ""), self.action)
        if renderer is None or get_script_prefix() != "/" \
                or timezone.get_current_timezone_name() != timezone.get_default_timezone_name():
            return None
        session = getattr(request, "session", None)
        if session is not None:
            # the answer depends on there being no signed-in session: the session middleware adds
            # `Vary: Cookie`, as when DRF's session authentication reads it
            session.accessed = True
        drf_request = Request(request, authenticators=())  # anonymous: the filters, paginator and links read it
        drf_request.accepted_renderer, drf_request.accepted_media_type = renderer, renderer.media_type
        self.request, self.format_kwarg, self.headers = drf_request, None, {}
        try:
            fields = self.requested_fields() if renderer.format == "json" else None
        except ValidationError:
            return None  # DRF reports it
        if fields is not None and not any(name in fields for name in _RELATED_FIELDS):
            return None  # columns only: DRF's path reads them live in one query, cheaper than the stored body
        for throttle in self.get_throttles():
            if not throttle.allow_request(drf_request, self):
                return None  # DRF refuses it, with its Retry-After
        key = caching.cache_key("api-stored", request.build_absolute_uri(), renderer.format,
                                translation.get_language() or "")
        entry = cache.get(key)
        if entry is None:
            try:
                built = self._stored_list() if self.action == "list" else self._stored_article(kwargs, renderer)
            except (APIException, SearchQueryError, DjangoValidationError, SuspiciousOperation):
                return None  # DRF reports it (articles.api.exceptions)
            if built is None:
                return None
            content, last_modified = built
            entry = (content, caching.body_etag(content), last_modified)
            timeout = caching.cache_timeout() if STORED_READ_CACHED else 0
            if timeout:
                cache.set(key, entry, timeout)
        content, etag, last_modified = entry
        response = HttpResponse(content, content_type=renderer.media_type)
        response["Allow"] = ", ".join(self.allowed_methods)
        response["Vary"] = "Accept, Authorization"
        response["Cache-Control"] = "public, max-age=60"
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)

    def _stored_list(self) -> tuple[bytes, None]:
        """A page of the list from the stored representations, as `(body, None)` (a row without one
        built live)."""
        paginator = self.paginator
        if self.filter_backends == [filters.GivenFiltersBackend] \
                and not filters.given_filters(self.filterset_class, self.request.query_params):
            # unfiltered, the articles readers see: the page's SQL made once per process and page
            # shape and prepared (KeysetCursorPagination.paginate_statement): building the query
            # with the ORM cost more than the database's answer (stored_response: readers only)
            self._check_ordering()
            rows = paginator.paginate_statement(_readers_articles, "articles-readers", router.db_for_read(Article),
                                                self.request, self, values=_STORED_COLUMNS)
            return self._joined(rows), None
        visible = self.visible_articles().only("id")
        queryset = self.filter_queryset(visible)
        self._check_ordering()
        if isinstance(queryset, SearchQuerySet):
            # a search answers its ids from the index (SearchQuerySet): the bytes in a second query
            ids = [article.pk for article in paginator.paginate_queryset(queryset, self.request, view=self)]
            bodies = self._stored_bodies(ids)
        else:
            # filtered: the query's best plan varies with the filters' values (not prepared), and
            # its shape with the filters given
            rows = paginator.paginate_queryset(queryset, self.request, view=self, values=_STORED_COLUMNS,
                                               prepared=queryset is visible)
            return self._joined(rows), None
        return self._list_body(bodies), None

    def _joined(self, rows: list[dict[str, Any]]) -> bytes:
        """The list's body from its page's rows with their stored bytes (`_STORED_COLUMNS`)."""
        ids = [row["pk"] for row in rows]
        return self._list_body(self._stored_bodies(ids, stored={
            row["pk"]: bytes(row["stored"]) for row in rows if row["shape"] == representations.SHAPE_VERSION}))

    def _list_body(self, bodies: list[bytes]) -> bytes:
        """The list's body around its articles' `bodies`, the paginator's links and origins filled in."""
        paginator = self.paginator
        content = b"".join((
            b'{"next":', orjson.dumps(paginator.next_url), b',"previous":', orjson.dumps(paginator.previous_url),
            b',"results":[', b",".join(bodies), b"]}",
        ))
        return representations.fill_origin(content, self._origin())

    def _stored_article(self, kwargs: dict[str, Any], renderer) -> tuple[bytes, int] | None:
        """One article from its stored representation, as `(body, Last-Modified timestamp)`: one
        query, its visibility and its bytes; None where DRF answers (not found, not stored)."""
        pk = int(kwargs.get(self.lookup_url_kwarg or self.lookup_field, -1))
        if not 0 <= pk <= MAX_ID:
            return None
        ninjs = renderer.format == "ninjs"
        row = _stored_article_row(pk, ninjs=ninjs)
        if row is None:
            return None  # DRF's 404
        stored = {pk: bytes(row["stored"])} if row["shape"] == representations.SHAPE_VERSION else {}
        bodies = self._stored_bodies([pk], ninjs=ninjs, stored=stored)
        if not bodies:
            return None
        return representations.fill_origin(bodies[0], self._origin()), int(row["updated_at"].timestamp())

    def _check_ordering(self) -> None:
        ordering = self.request.query_params.get("ordering")
        if ordering == "relevance" and not self.request.query_params.get("q", "").strip():
            raise ValidationError({"ordering": ["`relevance` needs a search: give `q` too."]})

    def reads_stored(self) -> bool:
        """Whether this request is answered from the articles' stored representations
        (articles.services.representations): a list or one article in JSON or ninjs, for someone who
        sees no unpublished article (staff and reporters take the live path, so no draft is ever
        read from there), under the time zone and script prefix the stored links and times were made in."""
        memo = getattr(self, "_reads_stored", None)
        if memo is None:
            renderer = getattr(self.request, "accepted_renderer", None)
            memo = self._reads_stored = (
                getattr(self, "action", None) in ("list", "retrieve")
                and renderer is not None and renderer.format in ("json", "ninjs")
                and not roles.sees_unpublished(self.request.user)
                and get_script_prefix() == "/"
                and timezone.get_current_timezone_name() == timezone.get_default_timezone_name()
                and not self._columns_only()
            )
        return memo

    def _columns_only(self) -> bool:
        """`?fields=` asking only for the article's own columns: one query reads them live, cheaper
        than the stored body."""
        fields = self.requested_fields()
        return fields is not None and not any(name in fields for name in _RELATED_FIELDS)

    def get_queryset(self) -> QuerySet:
        if self.reads_stored():
            # ids (and, for one article, its Last-Modified) only: the bodies are stored
            return self.visible_articles().only("id", "updated_at")
        fields = self.requested_fields() if self.action in ("list", "retrieve") else None
        return ArticleSerializer.prepare_queryset(self.visible_articles(), fields)

    def _stored_bodies(self, ids: list[int], *, ninjs: bool = False,
                       stored: dict[int, bytes] | None = None) -> list[bytes]:
        """The bodies of the articles `ids` (in that order) as JSON bytes, origins not filled in: the
        stored ones in one query (or those given: `stored`), `?fields=` picked from them; an article
        without a stored one of the current shape (before `rebuild_representations` ran) is built
        live, as before."""
        if stored is None:
            stored = representations.stored_representations(article_ids=ids, ninjs=ninjs)
        fields = None if ninjs else self.requested_fields()
        if fields is not None:
            origin = self._origin()  # (the placeholder byte is no JSON: filled in before parsing)
            stored = {pk: _JSON.render({k: v for k, v in orjson.loads(representations.fill_origin(body, origin))
                                        .items() if k in fields})
                      for pk, body in stored.items()}
        missing = [pk for pk in ids if pk not in stored]
        if missing:
            # built with the request's links: JSON holds no raw ORIGIN byte, filling it in leaves them be
            context = self.get_serializer_context()
            items = list(ArticleSerializer.prepare_queryset(Article.objects.filter(pk__in=missing), context["fields"]))
            serializer = ArticleSerializer(context=context)
            serializer.load_related(items)
            for item in items:
                if not serializer.gone(item):
                    data = serializer.to_representation(item)
                    stored[item.pk] = _JSON.render(article_to_ninjs(data) if ninjs else data)
        return [stored[pk] for pk in ids if pk in stored]  # one deleted meanwhile is left out

    def _origin(self) -> str:
        return self.request.build_absolute_uri("/")[:-1]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.reads_stored():
            return super().list(request, *args, **kwargs)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        paginator = self.paginator
        bodies = self._stored_bodies([article.pk for article in page])
        # the links are URLs (ASCII, iri_to_uri): plain orjson writes them as the renderer would
        content = b"".join((
            b'{"next":', orjson.dumps(paginator.next_url), b',"previous":', orjson.dumps(paginator.previous_url),
            b',"results":[', b",".join(bodies), b"]}",
        ))
        return Response(Prerendered(representations.fill_origin(content, self._origin())))

    def paginate_queryset(self, queryset: QuerySet) -> list | None:
        self._check_ordering()
        return super().paginate_queryset(queryset)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        article = self.get_object()
        if self.reads_stored():
            bodies = self._stored_bodies([article.pk], ninjs=request.accepted_renderer.format == "ninjs")
            if not bodies:
                raise NotFound()
            self.last_modified = article.updated_at
            return Response(Prerendered(representations.fill_origin(bodies[0], self._origin())))
        # Only an article alone has a Last-Modified, its own. A list's newest change among the rows
        # shown could not tell that a row left it (unpublished, deleted) or joined it at its publish
        # time: lists are revalidated by their ETag alone.
        self.last_modified = article.updated_at
        return Response(self.get_serializer(article).data)

    @extend_schema(
        summary="Change an article's status",
        description="Editors only: publish (now, or at `publish_at`), send to review, or return to draft.",
        parameters=[ID],
        request=ArticleStatusSerializer,
        responses={200: ArticleSerializer, **{code: ERRORS[code] for code in (400, 401, 403, 404, 429)}},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str | None = None) -> Response:
        article = self.get_object()
        serializer = ArticleStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.article_set_status(
            articles=[article], status=serializer.validated_data["status"], user=request.user,
            publish_at=serializer.validated_data.get("publish_at"),
        )
        article = ArticleSerializer.prepare_queryset(Article.objects.all(), None).get(pk=article.pk)
        return Response(ArticleSerializer(article, context=self.get_serializer_context()).data)


def _readers_articles(now: datetime.datetime) -> QuerySet:
    """The articles readers see as of `now` (articles.roles.visible_articles of an anonymous reader)."""
    return Article.objects.published(now).only("id")


def _stored_article_query(now: datetime.datetime, pk: int, *, ninjs: bool) -> QuerySet:
    """The article readers see (as of `now`) with this id, its Last-Modified and stored bytes."""
    return (Article.objects.published(now).filter(pk=pk).order_by()
            .values("updated_at", stored=F("representation__ninjs" if ninjs else "representation__api"),
                    shape=F("representation__shape_version")))


#: A time and an id no request gives: where they land in the one article's SQL, built once
_SOME_TIME = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
_SOME_ID = 8_765_432_109_876
#: {ninjs?: (SQL, each parameter: "now", "pk" or a constant, the columns' names)}, per process
_ARTICLE_STATEMENTS: dict[bool, tuple[str, list[Any], list[str]]] = {}


def _stored_article_row(pk: int, *, ninjs: bool) -> dict[str, Any] | None:
    """`_stored_article_query`'s row (None where readers see no such article). On PostgreSQL its
    SQL is made by the ORM once per process and run as a prepared statement: the ORM's building and
    compiling of this fixed query cost a cold article more than PostgreSQL's answer."""
    now = timezone.now()
    connection = connections[router.db_for_read(Article)]
    if connection.vendor != "postgresql":
        rows = list(_stored_article_query(now, pk, ninjs=ninjs))
        return rows[0] if rows else None
    statement = _ARTICLE_STATEMENTS.get(ninjs)
    if statement is None:
        probe = _stored_article_query(_SOME_TIME, _SOME_ID, ninjs=ninjs)
        sql, params = probe.query.get_compiler(using=probe.db).as_sql()
        slots = ["now" if value == _SOME_TIME else "pk" if value == _SOME_ID else value for value in params]
        if slots.count("now") != 1 or slots.count("pk") != 1:  # not as expected: the ORM each time
            rows = values_prepared(_stored_article_query(now, pk, ninjs=ninjs))
            return rows[0] if rows else None
        statement = _ARTICLE_STATEMENTS[ninjs] = (sql, slots, selected_names(probe.query))
    sql, slots, names = statement
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, [now if slot == "now" else pk if slot == "pk" else slot for slot in slots])
        found = cursor.fetchone()
    return dict(zip(names, found, strict=True)) if found is not None else None


NAME_ORDERINGS = {
    "name": Ordering((SortKey("name", False, "str"), SortKey("disambiguation", False, "str")), "by name"),
    "-name": Ordering((SortKey("name", True, "str"), SortKey("disambiguation", True, "str")), "by name, Z to A"),
    "id": Ordering((), "oldest first"),
    "-id": Ordering((SortKey("pk", True, "int"),), "newest first"),
}


def _read_schema(serializer_class, noun: str):
    return extend_schema_view(
        list=extend_schema(summary=f"List {noun}", parameters=[fields_parameter(serializer_class)],
                           responses={200: serializer_class(many=True), **READ_ERRORS}),
        retrieve=extend_schema(summary=f"One of the {noun}", parameters=[ID, fields_parameter(serializer_class)],
                               responses={200: serializer_class, **READ_ERRORS}),
    )


@_read_schema(PersonSerializer, "people")
class PersonViewSet(ResourceViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = filters.PersonFilter
    orderings = NAME_ORDERINGS
    default_ordering = "name"


@_read_schema(OrganizationSerializer, "organizations")
class OrganizationViewSet(ResourceViewSet):
    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = filters.OrganizationFilter
    orderings = NAME_ORDERINGS
    default_ordering = "name"


@_read_schema(PlaceSerializer, "places")
class PlaceViewSet(ResourceViewSet):
    queryset = Place.objects.all()
    serializer_class = PlaceSerializer
    filterset_class = filters.PlaceFilter
    orderings = NAME_ORDERINGS
    default_ordering = "name"


EVENT_DATE = tuple(SortKey(part, True, "int", nullable=True) for part in ("year", "month", "day"))


@_read_schema(EventSerializer, "events")
class EventViewSet(ResourceViewSet):
    serializer_class = EventSerializer
    filterset_class = filters.EventFilter
    orderings = {
        "-date": Ordering(EVENT_DATE, "latest first"),
        "date": Ordering(tuple(SortKey(k.path, False, k.kind, True) for k in EVENT_DATE), "earliest first"),
        "name": Ordering((SortKey("name", False, "str"),), "by name"),
    }
    default_ordering = "-date"

    def get_queryset(self) -> QuerySet:
        return selectors.api_events(user=self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "visible_articles": self.visible_articles()}


@_read_schema(IssueSerializer, "issues")
class IssueViewSet(ResourceViewSet):
    serializer_class = IssueSerializer
    filterset_class = filters.IssueFilter
    orderings = {
        "-date": Ordering((SortKey("date", True, "date"),), "newest first"),
        "date": Ordering((SortKey("date", False, "date"),), "oldest first"),
    }
    default_ordering = "-date"

    def get_queryset(self) -> QuerySet:
        return selectors.api_issues(user=self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "visible_articles": self.visible_articles()}


@_read_schema(ImageSerializer, "images")
class ImageViewSet(ResourceViewSet):
    """Pictures, read-only: those an article the user may see shows (editors: every one). Uploads,
    placing and describing pictures are the admin's (articles.services.images)."""

    serializer_class = ImageSerializer
    filterset_class = filters.ImageFilter
    orderings = {
        "-id": Ordering((SortKey("pk", True, "int"),), "newest first"),
        "id": Ordering((), "oldest first"),
    }
    default_ordering = "-id"

    def get_queryset(self) -> QuerySet:
        return selectors.api_images(user=self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "visible_articles": self.visible_articles()}


class PageImportView(ApiViewMixin, GenericAPIView):
    """POST a page (a file upload or its text) to the import service; editors only."""

    serializer_class = PageImportSerializer
    permission_classes = [IsEditor]
    editor_permission = "articles.add_page"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        summary="Import a page",
        description="Runs the import service on one page and returns its report: 201 when the page is new, "
        "200 when it was already there (updated or unchanged). A page that cannot be imported is a 400 and "
        "changes nothing.\n\nWith `async` (the default where the server has workers: "
        "NEWSROOM_IMPORT_ASYNC), the page — or a PDF of several, or a zip of a day's pages — becomes an import "
        "job for the workers: 202, with the job (its URL also in `Location`); GET that URL for its progress "
        "and every page's report. Files are checked for size and kind at once (a 400); a page that cannot be "
        "imported fails in the job, with its reason.",
        request={"multipart/form-data": PageImportSerializer, "application/json": PageImportSerializer},
        responses={201: ImportReportSerializer, 200: ImportReportSerializer,
                   202: OpenApiResponse(ImportJobSerializer, description="Queued as an import job."),
                   **{code: ERRORS[code] for code in (400, 401, 403, 429)}},
    )
    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        run_async = data.get("async")
        if run_async if run_async is not None else settings.NEWSROOM_IMPORT_ASYNC:
            return self._queue(request, data)
        limit = settings.NEWSROOM_MAX_PAGE_BYTES
        options = {
            "publication": data.get("publication") or None, "date": data.get("date"),
            "page_number": data.get("page_number"), "status": data.get("status"), "user": request.user,
        }
        try:
            reports = self._import(data, options, limit)
        except services.PageImportError as error:  # under the parameter at fault, or the one carrying the page
            field = error.field or ("file" if data.get("file") is not None else "text")
            raise ValidationError({field: [translated(error)]}) from error
        except IntegrityError as error:
            # The service validates pages; a page that still breaks a database rule is bad input
            # all the same (its transaction rolled back, nothing stored): a 400, and logged.
            logger.warning("page import hit a database constraint: %s", error)
            raise ValidationError({"non_field_errors": [
                gettext("The page could not be stored: %(reason)s") % {"reason": error}]}) from error
        created = any(report.outcome == "created" for report in reports)
        pages = [_report_json(report) for report in reports]
        return Response({**pages[0], "pages": pages},
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _import(self, data: dict[str, Any], options: dict[str, Any], limit: int) -> list[services.ImportReport]:
        upload = data.get("file")
        if upload is not None:
            source_file = data.get("source_file") or upload.name
            head = upload.read(1024)
            upload.seek(0)
            file_limit = max_upload_bytes(data=head, source_file=source_file)
            if upload.size > file_limit:
                raise ValidationError({"file": [f"The file is larger than {file_limit} bytes."]})
            return services.document_import_file(data=upload.read(), source_file=source_file, **options)
        else:
            text = data["text"]
            if len(text.encode("utf-8")) > limit:
                raise ValidationError({"text": [f"The text is larger than {limit} bytes."]})
        return [services.page_import(text=text, source_file=data.get("source_file") or "", **options)]

    def _queue(self, request: Request, data: dict[str, Any]) -> Response:
        upload = data.get("file")
        if upload is not None:
            file = JobFile(name=data.get("source_file") or upload.name or "page", data=upload.read())
        else:
            file = JobFile(name=data.get("source_file") or "page.txt", data=data["text"].encode("utf-8"))
        try:
            job = jobs.job_submit(files=[file], publication=data.get("publication") or None, date=data.get("date"),
                                  page_number=data.get("page_number"), status=data.get("status"), user=request.user)
        except JobFileError as error:
            raise ValidationError({"file" if upload is not None else "text": [translated(error)]}) from error
        body = ImportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class ImportJobView(ApiViewMixin, GenericAPIView):
    """An import job's progress and its pages' reports; editors only."""

    serializer_class = ImportJobSerializer
    permission_classes = [IsEditor]
    editor_permission = "articles.add_page"
    queryset = ImportJob.objects.select_related("created_by")

    @extend_schema(
        summary="An import job",
        description="The job `POST /imports/` queued: its status, pages done of total, and each file's state, its "
        "pages' reports or the reason it failed. Poll it until `finished`.",
        parameters=[ID],
        responses={200: ImportJobSerializer, **{code: ERRORS[code] for code in (401, 403, 404, 406, 429)}},
    )
    def get(self, request: Request, pk: int) -> Response:
        job = self.get_object()
        response = Response(self.get_serializer(job).data)
        response["Cache-Control"] = "no-store"  # it changes while the workers go on
        return response


def _report_json(report: services.ImportReport) -> dict[str, Any]:
    """An import's report as the API gives it: its warnings in the request's language (as a job's
    items give theirs)."""
    return {**report.to_dict(), "warnings": [translated(warning) for warning in report.warnings]}
