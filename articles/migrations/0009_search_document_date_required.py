"""Every search document has a date, so that PostgreSQL's descending date index serves the
search's "newest first" order (an empty date would sort first there, last in the search).

Documents indexed without one (an article with no issue, publish or creation time, which saving
an article cannot leave) get the day of the migration first. On PostgreSQL the column becomes
NOT NULL; SQLite would have to rebuild the table for that, dropping the triggers that keep its
full-text index in step, and its search does not read the date index: there only the model
changes.
"""

import datetime

from django.db import migrations, models


def require_a_date(apps, schema_editor) -> None:
    SearchDocument = apps.get_model("articles", "SearchDocument")
    SearchDocument.objects.using(schema_editor.connection.alias).filter(date__isnull=True).update(
        date=datetime.date.today()
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_search_document ALTER COLUMN date SET NOT NULL")


def allow_no_date(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_search_document ALTER COLUMN date DROP NOT NULL")


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_search_document_visible_from")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(require_a_date, allow_no_date, elidable=False)],
            state_operations=[
                migrations.AlterField(
                    model_name="searchdocument", name="date", field=models.DateField(verbose_name="date")
                ),
            ],
        ),
    ]
