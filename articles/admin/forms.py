"""The article's form in the admin: the body as ordered paragraph/subhead blocks, the version the
form was opened at, and short lists (titles, forms of a name) as one line.

The body is stored as JSON (a list of {"type", "text"}); editors never see that JSON. The
widget renders one row per block — a type select and a textarea — plus empty rows to add
blocks; emptying a block's text removes it. A little vanilla JS (static/newsroom_admin/) adds
"add paragraph/subhead", "move up/down" and "remove" buttons, but the form works without it.
The widget's template is in the project's templates/: the form renderer (settings.FORM_RENDERER,
TemplatesSetting) finds it there."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, validate_body
from articles.services import ArticleVersion, article_newer_change, article_version
from newsroom.i18n import translated

#: Empty rows offered after the last block, for adding blocks without JavaScript.
EXTRA_ROWS = 2
_ROW_NAME = re.compile(r"^(?P<prefix>.+)-(?P<index>\d+)-text$")


class BodyBlocksWidget(forms.Widget):
    """Ordered rows `<name>-<n>-type` (select) and `<name>-<n>-text` (textarea)."""

    template_name = "admin/newsroom_admin/widgets/body_blocks.html"

    class Media:
        css = {"all": ["newsroom_admin/admin.css"]}
        js = ["newsroom_admin/body_editor.js"]

    def format_value(self, value: Any) -> list[dict[str, str]]:
        if isinstance(value, str):  # the JSON of a bound form re-rendered by a history view
            try:
                value = json.loads(value)
            except ValueError:
                value = []
        return [
            {"type": block.get("type", ""), "text": block.get("text", "")}
            for block in (value or [])
            if isinstance(block, dict)
        ]

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        blocks = self.format_value(value)
        rows = [*blocks, *({"type": Article.BlockType.PARAGRAPH, "text": ""} for _ in range(EXTRA_ROWS))]
        context["widget"]["rows"] = [
            {
                "index": index,
                "type": row["type"],
                "text": row["text"],
                # Chinese runs about 25 characters to a line of the box; grow with the text.
                "lines": max(2, min(16, len(row["text"]) // 25 + 1)),
            }
            for index, row in enumerate(rows)
        ]
        context["widget"]["block_types"] = Article.BlockType.choices
        return context

    def value_from_datadict(self, data, files, name: str) -> list[dict[str, str]] | None:
        indexes = sorted(
            int(match["index"])
            for key in data
            if (match := _ROW_NAME.match(key)) and match["prefix"] == name
        )
        if not indexes:
            return None  # the field was not in the form at all
        blocks = []
        for index in indexes:
            text = (data.get(f"{name}-{index}-text") or "").strip()
            if not text:
                continue  # an emptied block is a removed block; empty rows are unused
            blocks.append({"type": data.get(f"{name}-{index}-type") or Article.BlockType.PARAGRAPH, "text": text})
        return blocks

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return not any((m := _ROW_NAME.match(key)) and m["prefix"] == name for key in data)


class BodyField(forms.Field):
    widget = BodyBlocksWidget
    default_error_messages = {"invalid": _("The body could not be read; edit the blocks and save again.")}

    def to_python(self, value: Any) -> list[dict[str, str]]:
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        # Line breaks inside a block are the editor's typing, not structure: keep them as spaces.
        return [
            {"type": block["type"], "text": " ".join(block["text"].split())}
            for block in value
        ]

    def validate(self, value: list[dict[str, str]]) -> None:
        super().validate(value)
        errors = validate_body(value)
        if errors:
            raise ValidationError(errors)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(initial or []) != self.to_python(data)
        except (ValidationError, KeyError, TypeError):
            return True


class SplitDateTimeWithSeconds(AdminSplitDateTime):
    """The admin's date and time boxes, the time shown with its seconds: the Chinese locale's
    first time format is %H:%M, and a form that shows a time without its seconds saves it without
    them, changing a publish time (and recording history) on every save of an untouched form."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.widgets[1].format = "%H:%M:%S"


class ArticleAdminForm(forms.ModelForm):
    body = BodyField(label=_("body"), required=False, help_text=_(
        "One box per paragraph or subhead, in print order. Empty a box to remove its block."
    ))
    #: the version of the article the form was opened at (articles.services.ArticleVersion): a save
    #: over a change made since then is refused, not silently undone
    opened_version = forms.CharField(label=_("opened version"), widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "kicker", "headline", "subtitle", "dateline", "body", "kind", "status", "published_at",
            "slug", "keywords", "page", "order",
        ]
        widgets = {
            "kicker": forms.TextInput(attrs={"class": "vLargeTextField nr-headline-field"}),
            "headline": forms.TextInput(attrs={"class": "vLargeTextField nr-headline-field nr-headline"}),
            "subtitle": forms.TextInput(attrs={"class": "vLargeTextField nr-headline-field"}),
            "published_at": SplitDateTimeWithSeconds,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opened: ArticleVersion | None = None
        if self.instance.pk is not None:
            # The stored article's version, also where the instance is an older one from its history
            # (the admin's "revert" form): the save replaces what is stored now.
            self.fields["opened_version"].initial = article_version(article_id=self.instance.pk).token()

    def clean_published_at(self) -> datetime.datetime | None:
        value = self.cleaned_data.get("published_at")
        initial = self.initial.get("published_at")  # (get_initial_for_field drops the fraction too)
        # The boxes show whole seconds: an unchanged time keeps the fraction of a second it had
        # (a time set by "publish now"), so saving an untouched form changes nothing.
        if value is not None and isinstance(initial, datetime.datetime) and value == initial.replace(microsecond=0):
            return initial
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is not None:
            self._check_version(cleaned.get("opened_version") or "")
        kind = cleaned.get("kind", self.instance.kind)
        headline = cleaned.get("headline", self.instance.headline) or ""
        body = cleaned.get("body", self.instance.body) or []
        if kind == Article.Kind.STORY and not headline.strip() and not any(
            (block.get("text") or "").strip() for block in body
        ):
            # (a photo story may say everything in its captions, edited below the form)
            self.add_error("headline", _("A story needs a headline or some body text."))
        status = cleaned.get("status")
        if status == Article.Status.PUBLISHED and not cleaned.get("published_at") and "published_at" in self.fields:
            # Publishing without a time means "now"; the model requires a time on published articles.
            cleaned["published_at"] = timezone.now()
            self.instance.published_at = cleaned["published_at"]
        return cleaned

    def _check_version(self, token: str) -> None:
        """Refuse, on the form, a save over a change made since it was opened (the service that
        saves checks again, under a lock: this is the early, friendly answer)."""
        self.opened = ArticleVersion.from_token(token)
        if self.opened is None:
            raise ValidationError(_("This form does not say which version of the article it was opened at: "
                                    "open the article again."))
        newer = article_newer_change(article_id=self.instance.pk, opened=self.opened)
        if newer:
            raise ValidationError(translated(newer))


# ------------------------------------------------------------------------------------ short lists


class ListTextField(forms.CharField):
    """A JSON list of short strings (a person's titles, an organization's forms) edited as one
    line separated by 、 or commas."""

    separators = re.compile(r"[、,，;；\n]+")

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Separate with 、 or commas."))
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 40}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return value
        if isinstance(value, list):
            return "、".join(str(item) for item in value)
        return "" if value is None else str(value)

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list):
            return value
        text = super().to_python(value)
        items = [item.strip() for item in self.separators.split(text or "")]
        return list(dict.fromkeys(item for item in items if item))

    def has_changed(self, initial: Any, data: Any) -> bool:
        initial_list = initial if isinstance(initial, list) else self.to_python(self.prepare_value(initial))
        return initial_list != self.to_python(data)
