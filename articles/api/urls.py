"""REST API v1 URLs (included at /api/v1/ by newsroom/urls.py)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views
from .exceptions import not_found

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("articles", views.ArticleViewSet, basename="article")
router.register("people", views.PersonViewSet, basename="person")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("places", views.PlaceViewSet, basename="place")
router.register("events", views.EventViewSet, basename="event")
router.register("issues", views.IssueViewSet, basename="issue")
router.register("images", views.ImageViewSet, basename="image")

urlpatterns = [
    path("imports/", views.PageImportView.as_view(), name="import"),
    path("imports/jobs/<int:pk>/", views.ImportJobView.as_view(), name="import-job"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (docs/?script), not inline: the
    # Content-Security-Policy (settings) runs scripts of our own origin only.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^.*$", not_found, name="not-found"),
]
