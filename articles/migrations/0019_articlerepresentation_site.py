"""Articles' stored site fragments (articles.site_cards): the list card and a search result's head,
beside the API's representations. `manage.py rebuild_representations --stale` fills them after the
deploy (SHAPE_VERSION 2); until then the site renders those articles' cards live."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_importjobitem_error_message"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlerepresentation",
            name="site",
            field=models.BinaryField(default=b"", verbose_name="site HTML"),
        ),
    ]
