"""Editors run import jobs: the `editor` group gets the permissions of the import-job models
(ImportJob, ImportJobItem), which did not exist when it was given the apps' permissions
(people 0003, articles 0013). Where the group does not exist yet, people 0003 gives it the lot."""

import importlib

from django.db import migrations

JOB_MODELS = ("importjob", "importjobitem")

# The same grant as 0013's (every permission of the newsroom apps, created first where missing)
_images = importlib.import_module("articles.migrations.0013_editors_manage_images")
grant = _images.grant
revoke = _images.revoker(JOB_MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_article_representations"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
