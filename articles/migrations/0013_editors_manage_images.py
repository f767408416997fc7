"""Editors manage pictures: the `editor` group gets every permission of the articles and people
apps it lacks, the image models' (Image, ArticleImage, PageImage) among them.

people 0003 gives the editor every permission of the two apps that exist when it runs; on a new
database it runs before articles 0003, so the search tables' permissions and, on any database
migrated before them, the image models' were missing: editors saw neither the image library nor
an article's pictures. Where the group does not exist yet, people 0003 will give it the lot.
Reporters keep to their drafts' text (people 0003)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NEWSROOM_APPS = ("articles", "people")
IMAGE_MODELS = ("image", "articleimage", "pageimage")


def grant(apps, schema_editor):
    # Model permissions are normally created after all migrations ran; the group needs them now.
    for label in NEWSROOM_APPS:
        app_config = apps.get_app_config(label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.filter(name="editor").first()
    if editor is not None:
        editor.permissions.add(*Permission.objects.filter(content_type__app_label__in=NEWSROOM_APPS))


def revoker(models):
    """The reverse of `grant` for the permissions of `models` (the articles app's, lower case)."""

    def revoke(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        editor = Group.objects.filter(name="editor").first()
        if editor is not None:
            editor.permissions.remove(
                *Permission.objects.filter(content_type__app_label="articles", content_type__model__in=models)
            )

    return revoke


revoke = revoker(IMAGE_MODELS)


class Migration(migrations.Migration):
    # Not after people 0003: depending on it would move it, on a new database, to before the
    # tables whose permissions it grants.
    dependencies = [
        ("articles", "0012_images_and_printed_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
