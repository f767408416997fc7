from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        import newsroom.db  # noqa: F401  (registers the `__any` lookup)
        from articles.api.stored import build_representations
        from articles.services.representations import register_builder

        # the services store the API's representations; the API, above them, gives the builder
        register_builder(build_representations)
