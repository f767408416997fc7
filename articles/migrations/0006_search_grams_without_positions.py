"""The search index's grams without positions, and the runs of Chinese characters beside them.

A query run longer than a trigram used to be a phrase of trigrams, which PostgreSQL answers by
re-reading every candidate's whole (large) gram vector to compare positions; it is now all its
trigrams (an exact GIN look-up) and then a substring of the candidate's runs of Chinese characters,
a much shorter read: they have a table of their own, articles_search_runs, whose text stays in its
rows, so that the documents' rows, which every hit visits, stay small. Each gram is stored once,
and the vector is made by splitting the column at its spaces (array_to_tsvector), not by the
text-search parser: the index is smaller and quicker to write.

Existing articles are re-indexed.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRES_UP = [
    "DROP INDEX IF EXISTS articles_search_grams_gin",
    "ALTER TABLE articles_search_document DROP COLUMN IF EXISTS grams_vector",
    """ALTER TABLE articles_search_document ADD COLUMN grams_vector tsvector
       GENERATED ALWAYS AS (array_to_tsvector(array_remove(string_to_array(grams, ' '), ''))) STORED""",
    "CREATE INDEX articles_search_grams_gin ON articles_search_document USING gin (grams_vector)",
    # the runs are read for every candidate of a long query: kept in the row (compressed), not in
    # TOAST, where each read is an index look-up and a page more (a row over a page's size still goes)
    "ALTER TABLE articles_search_runs ALTER COLUMN runs SET STORAGE MAIN",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS articles_search_grams_gin",
    "ALTER TABLE articles_search_document DROP COLUMN IF EXISTS grams_vector",
    """ALTER TABLE articles_search_document ADD COLUMN grams_vector tsvector
       GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, grams)) STORED""",
    "CREATE INDEX articles_search_grams_gin ON articles_search_document USING gin (grams_vector)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def reindex(apps, schema_editor):
    """Every article's document in the new form (nothing to do on a new database)."""
    Article = apps.get_model("articles", "Article")
    ids = list(Article.objects.using(schema_editor.connection.alias).values_list("pk", flat=True))
    if ids:
        from articles.search.indexing import index_articles

        index_articles(ids)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0005_json_utf8_and_caption_order"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchRuns",
            fields=[
                ("article", models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="search_runs",
                    serialize=False, to="articles.article", verbose_name="article")),
                ("runs", models.TextField(blank=True, verbose_name="runs of Chinese characters")),
            ],
            options={
                "verbose_name": "search runs",
                "verbose_name_plural": "search runs",
                "db_table": "articles_search_runs",
            },
        ),
        migrations.AlterField(
            model_name="searchdocument",
            name="grams",
            field=models.TextField(blank=True, verbose_name="character grams"),
        ),
        migrations.RunPython(_run({"postgresql": POSTGRES_UP}), _run({"postgresql": POSTGRES_DOWN})),
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
