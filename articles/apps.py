from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        import newsroom.db  # noqa: F401  (registers the `__any` lookup)
        from articles.api.stored import build_representations
        from articles.services.representations import register_builder, register_site_builder
        from articles.site_cards import build_site_fragments

        # the services store the API's and the site's representations; the API and the site, above
        # them, give the builders
        register_builder(build_representations)
        register_site_builder(build_site_fragments)
