"""Persons, organizations and places, and how articles credit and mention them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from newsroom.json import UnicodeJSONEncoder


class NamedQuerySet(models.QuerySet):
    def with_article_count(self, relation: str) -> NamedQuerySet:
        return self.annotate(article_count=Count(f"{relation}__article", distinct=True))


class Person(models.Model):
    """A person; a reporter is a person with credits. Namesakes differ by `disambiguation`."""

    name = models.CharField(_("name"), max_length=50)
    disambiguation = models.CharField(
        _("disambiguation"), max_length=100, blank=True, help_text=_("Tells namesakes apart, e.g. 示范区 or 新华社")
    )
    is_staff_reporter = models.BooleanField(_("staff reporter"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person",
        verbose_name=_("user account"), help_text=_("A reporter's login: they may edit drafts they are credited on."),
    )
    bio = models.TextField(_("biography"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "disambiguation"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.UniqueConstraint(fields=["name", "disambiguation"], name="person_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.disambiguation}）" if self.disambiguation else self.name

    def get_absolute_url(self) -> str:
        return reverse("site:person", kwargs={"pk": self.pk})


class Organization(models.Model):
    """An organization under its canonical name; every other form the press uses is an alias."""

    name = models.CharField(_("canonical name"), max_length=100)
    disambiguation = models.CharField(_("disambiguation"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "disambiguation"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(fields=["name", "disambiguation"], name="organization_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.disambiguation}）" if self.disambiguation else self.name

    def get_absolute_url(self) -> str:
        return reverse("site:organization", kwargs={"pk": self.pk})


class OrganizationAlias(models.Model):
    """Another name of an organization ("党工委" for "示范区党工委"); an alias names one organization."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("organization")
    )
    name = models.CharField(_("alias"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization alias")
        verbose_name_plural = _("organization aliases")

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    class Kind(models.TextChoices):
        ROAD = "road", _("road")
        SQUARE = "square", _("square")
        VILLAGE = "village", _("village")
        COMMUNITY = "community", _("community")
        BUILDING = "building", _("building")
        CITY = "city", _("city")
        PROVINCE = "province", _("province")
        COUNTRY = "country", _("country")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=100)
    disambiguation = models.CharField(_("disambiguation"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "disambiguation"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [models.UniqueConstraint(fields=["name", "disambiguation"], name="place_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.disambiguation}）" if self.disambiguation else self.name

    def get_absolute_url(self) -> str:
        return reverse("site:place", kwargs={"pk": self.pk})


class Credit(models.Model):
    """A person's part in an article, as the byline gives it; photographers of a caption name it."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("reporter")
        CORRESPONDENT = "correspondent", _("correspondent")
        PHOTOGRAPHER = "photographer", _("photographer")
        INTERN = "intern", _("intern")
        EDITOR = "editor", _("editor")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="credits", verbose_name=_("article")
    )
    caption = models.ForeignKey(
        "articles.Caption", on_delete=models.CASCADE, null=True, blank=True, related_name="credits",
        verbose_name=_("caption"),
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    label = models.CharField(_("label as printed"), max_length=50, blank=True, help_text=_("e.g. 本报记者, 通讯员"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["article_id", "caption_id", "order"]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], condition=Q(caption__isnull=True), name="credit_unique_byline"
            ),
            models.UniqueConstraint(
                fields=["caption", "person", "role"], condition=Q(caption__isnull=False), name="credit_unique_caption"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class PersonMention(models.Model):
    """A person an article names, with the titles it gives them ("市委书记")."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="person_mentions", verbose_name=_("article")
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("person"))
    titles = models.JSONField(_("titles"), encoder=UnicodeJSONEncoder, default=list, blank=True)

    class Meta:
        ordering = ["article_id", "pk"]
        verbose_name = _("person mention")
        verbose_name_plural = _("person mentions")
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="person_mention_unique")]

    def __str__(self) -> str:
        titles = "、".join(self.titles)
        return f"{titles}{self.person}" if titles else str(self.person)


class OrganizationMention(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="organization_mentions", verbose_name=_("article")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("organization")
    )
    forms = models.JSONField(_("forms used"), encoder=UnicodeJSONEncoder, default=list, blank=True)

    class Meta:
        ordering = ["article_id", "pk"]
        verbose_name = _("organization mention")
        verbose_name_plural = _("organization mentions")
        constraints = [
            models.UniqueConstraint(fields=["article", "organization"], name="organization_mention_unique")
        ]

    def __str__(self) -> str:
        return str(self.organization)


class PlaceMention(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="place_mentions", verbose_name=_("article")
    )
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("place"))

    class Meta:
        ordering = ["article_id", "pk"]
        verbose_name = _("place mention")
        verbose_name_plural = _("place mentions")
        constraints = [models.UniqueConstraint(fields=["article", "place"], name="place_mention_unique")]

    def __str__(self) -> str:
        return str(self.place)
