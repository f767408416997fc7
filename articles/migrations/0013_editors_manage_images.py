"""Editors manage pictures: the `editor` group gets every permission of the image models.

The group was given the articles app's permissions by people 0003, before these models existed;
a database made since then would otherwise show editors neither the image library nor an
article's pictures. Reporters keep to their drafts' text (people 0003)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

IMAGE_MODELS = ("image", "articleimage", "pageimage")


def grant(apps, schema_editor):
    # Model permissions are normally created after all migrations ran; the group needs them now.
    app_config = apps.get_app_config("articles")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.filter(name="editor").first()
    if editor is not None:
        editor.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", content_type__model__in=IMAGE_MODELS)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.filter(name="editor").first()
    if editor is not None:
        editor.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", content_type__model__in=IMAGE_MODELS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_images_and_printed_pages"),
        ("people", "0003_editor_and_reporter_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
