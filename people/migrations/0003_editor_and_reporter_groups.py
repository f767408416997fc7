"""The newsroom's two roles as groups.

editor:   every permission of the articles and people apps, and articles.publish_article.
reporter: view and change articles only; ArticleAdmin narrows that to drafts the reporter is
          credited on (via Person.user) and keeps the status away from "published".
Readers are users without is_staff: no admin at all."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NEWSROOM_APPS = ("articles", "people")
REPORTER_PERMISSIONS = (("articles", "view_article"), ("articles", "change_article"))
PUBLISH = ("publish_article", "Can publish articles")


def create_groups(apps, schema_editor):
    # Model permissions are normally created after all migrations ran; the groups need them now.
    # (Also run with the real app registry by tests that flush the database: restore what we touch.)
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    article_type = ContentType.objects.get_for_model(apps.get_model("articles", "Article"))
    publish, _ = Permission.objects.get_or_create(
        content_type=article_type, codename=PUBLISH[0], defaults={"name": PUBLISH[1]}
    )

    editor, _ = Group.objects.get_or_create(name="editor")
    editor.permissions.add(*Permission.objects.filter(content_type__app_label__in=NEWSROOM_APPS), publish)

    reporter, _ = Group.objects.get_or_create(name="reporter")
    reporter.permissions.set(
        [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in REPORTER_PERMISSIONS]
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["editor", "reporter"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_person_user"),
        ("articles", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
