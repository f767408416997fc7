import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Articles' stored public representations (articles.services.representations). The rows are
    built by `manage.py rebuild_representations` after the deploy; until then requests build them."""

    dependencies = [
        ("articles", "0015_publication_identity"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleRepresentation",
            fields=[
                ("article", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                                 related_name="representation", serialize=False,
                                                 to="articles.article", verbose_name="article")),
                ("api", models.BinaryField(verbose_name="API JSON")),
                ("ninjs", models.BinaryField(verbose_name="ninjs JSON")),
                ("shape_version", models.PositiveIntegerField(verbose_name="shape version")),
                ("built_at", models.DateTimeField(verbose_name="built at")),
            ],
            options={
                "verbose_name": "article representation",
                "verbose_name_plural": "article representations",
                "default_permissions": (),
            },
        ),
    ]
