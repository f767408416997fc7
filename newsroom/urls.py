"""URLs: the readers' site at /, the editors' admin at /admin/, the REST API at /api/v1/."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from articles import views as article_views
from articles.caching import public_page
from articles.feeds import LatestArticlesFeed, OrganizationFeed, ReporterFeed
from articles.sitemaps import SITEMAPS
from people import views as people_views

site_patterns = [
    path("", article_views.home, name="home"),
    path("issues/", article_views.issue_archive, name="issues"),
    path("issues/<str:date>/", article_views.issue_detail, name="issue"),
    path("issues/<str:date>/pages/<int:number>/", article_views.page_detail, name="page"),
    path("articles/<int:pk>/", article_views.article_detail, name="article-short"),
    path("articles/<int:pk>/<str:slug>/", article_views.article_detail, name="article"),
    path("keywords/<path:name>/", article_views.keyword_detail, name="keyword"),
    path("sections/", article_views.sections_index, name="sections"),
    path("sections/<path:name>/", article_views.section_detail, name="section"),
    path("events/", article_views.events_index, name="events"),
    path("events/<int:year>/<int:month>/", article_views.events_month, name="events-month"),
    path("events/<int:pk>/", article_views.event_detail, name="event"),
    path("reporters/", people_views.reporter_list, name="reporters"),
    path("reporters/<int:pk>/", people_views.reporter_detail, name="reporter"),
    path("people/<int:pk>/", people_views.person_detail, name="person"),
    path("organizations/<int:pk>/", people_views.organization_detail, name="organization"),
    path("places/<int:pk>/", people_views.place_detail, name="place"),
    path("search/", article_views.search, name="search"),
    path("feed/", public_page(LatestArticlesFeed()), name="feed"),
    path("feed/reporters/<int:pk>/", public_page(ReporterFeed()), name="reporter-feed"),
    path("feed/organizations/<int:pk>/", public_page(OrganizationFeed()), name="organization-feed"),
]

# The desk's name in the editor's language; "Newsroom" is the product, which editors (not readers) see.
admin.site.site_header = _("Newsroom desk")
admin.site.site_title = "Newsroom"
admin.site.index_title = _("Story management")

# Django's own error responses: JSON under /api/, the site's pages elsewhere.
handler400 = "newsroom.errors.bad_request"
handler403 = "newsroom.errors.permission_denied"
handler404 = "newsroom.errors.page_not_found"
handler500 = "newsroom.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("articles.api.urls")),
    path("sitemap.xml", public_page(sitemap_views.index),
         {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap-index"),
    path("sitemap-news.xml", public_page(sitemap_views.sitemap),
         {"sitemaps": {"news": SITEMAPS["news"]}, "section": "news", "template_name": "site/news_sitemap.xml"},
         name="news-sitemap"),
    path("sitemap-<section>.xml", public_page(sitemap_views.sitemap), {"sitemaps": SITEMAPS},
         name="sitemap-section"),
    path("robots.txt", article_views.robots_txt, name="robots"),
    # Pictures from var/media in debug mode (`make run`) only: in production the web server or the
    # bucket serves media (README, "Media storage"); static() adds nothing when DEBUG is off.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
    path("", include((site_patterns, "site"))),
]
