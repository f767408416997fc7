"""An import job's failed file keeps its reason to translate (newsroom.i18n.Message.to_json()) beside
the English text `error`, so the admin and the API show it in the reader's language. Rows failed
before have none ({}): their English text is shown as it is."""

from django.db import migrations, models

import newsroom.json


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_editors_manage_import_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjobitem",
            name="error_message",
            field=models.JSONField(
                blank=True, default=dict, encoder=newsroom.json.UnicodeJSONEncoder,
                verbose_name="reason of the failure, to translate",
            ),
        ),
    ]
