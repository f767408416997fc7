"""URLs: the readers' site at /, the editors' admin at /admin/."""

from django.contrib import admin
from django.urls import include, path

from articles import views as article_views
from people import views as people_views

site_patterns = [
    path("", article_views.home, name="home"),
    path("issues/<str:date>/", article_views.issue_detail, name="issue"),
    path("issues/<str:date>/pages/<int:number>/", article_views.page_detail, name="page"),
    path("articles/<int:pk>/", article_views.article_detail, name="article-short"),
    path("articles/<int:pk>/<str:slug>/", article_views.article_detail, name="article"),
    path("keywords/<str:name>/", article_views.keyword_detail, name="keyword"),
    path("events/<int:pk>/", article_views.event_detail, name="event"),
    path("people/<int:pk>/", people_views.person_detail, name="person"),
    path("organizations/<int:pk>/", people_views.organization_detail, name="organization"),
    path("places/<int:pk>/", people_views.place_detail, name="place"),
]

admin.site.site_header = "Newsroom 编辑部"
admin.site.site_title = "Newsroom"
admin.site.index_title = "稿件管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("articles.api.urls")),
    path("", include((site_patterns, "site"))),
]
