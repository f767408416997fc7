"""The full-text search index (articles.search): the SearchDocument table, and per database
the structures that index it — PostgreSQL generated tsvector columns with GIN indexes; SQLite an
FTS5 table over it kept current by triggers.

Note for later migrations: SQLite rebuilds a table on some ALTERs, which drops its triggers;
a migration that alters articles_search_document must call `create_sqlite_fts` again."""

import django.db.models.deletion
from django.db import migrations, models

POSTGRES_UP = [
    """
    ALTER TABLE articles_search_document
      ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, headline), 'A')
        || setweight(to_tsvector('simple'::regconfig, names), 'B')
        || setweight(to_tsvector('simple'::regconfig, body), 'C')
      ) STORED,
      ADD COLUMN grams_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, grams)) STORED
    """,
    # rows stay small (the text and vectors go to TOAST): hits are visited for their date and id
    "ALTER TABLE articles_search_document SET (toast_tuple_target = 128)",
    "CREATE INDEX articles_search_document_gin ON articles_search_document USING gin (document)",
    "CREATE INDEX articles_search_grams_gin ON articles_search_document USING gin (grams_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS articles_search_grams_gin",
    "DROP INDEX IF EXISTS articles_search_document_gin",
    "ALTER TABLE articles_search_document DROP COLUMN IF EXISTS grams_vector, DROP COLUMN IF EXISTS document",
]

_COLUMNS = "headline, names, body, grams"
_NEW = "new.headline, new.names, new.body, new.grams"
_OLD = "old.headline, old.names, old.body, old.grams"
SQLITE_UP = [
    f"""CREATE VIRTUAL TABLE articles_search_fts USING fts5(
        {_COLUMNS}, content='articles_search_document', content_rowid='article_id')""",
    f"""CREATE TRIGGER articles_search_fts_insert AFTER INSERT ON articles_search_document BEGIN
        INSERT INTO articles_search_fts(rowid, {_COLUMNS}) VALUES (new.article_id, {_NEW});
    END""",
    f"""CREATE TRIGGER articles_search_fts_delete AFTER DELETE ON articles_search_document BEGIN
        INSERT INTO articles_search_fts(articles_search_fts, rowid, {_COLUMNS})
        VALUES ('delete', old.article_id, {_OLD});
    END""",
    f"""CREATE TRIGGER articles_search_fts_update AFTER UPDATE ON articles_search_document BEGIN
        INSERT INTO articles_search_fts(articles_search_fts, rowid, {_COLUMNS})
        VALUES ('delete', old.article_id, {_OLD});
        INSERT INTO articles_search_fts(rowid, {_COLUMNS}) VALUES (new.article_id, {_NEW});
    END""",
    # rows already present (none on a fresh database) enter the FTS index
    "INSERT INTO articles_search_fts(articles_search_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS articles_search_fts_update",
    "DROP TRIGGER IF EXISTS articles_search_fts_delete",
    "DROP TRIGGER IF EXISTS articles_search_fts_insert",
    "DROP TABLE IF EXISTS articles_search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


create_index = _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP})
drop_index = _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN})
create_sqlite_fts = _run({"sqlite": SQLITE_UP})


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("article", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="search_document", serialize=False, to="articles.article", verbose_name="article")),
                ("headline", models.TextField(blank=True, verbose_name="headline words")),
                ("names", models.TextField(blank=True, verbose_name="name, kicker and subtitle words")),
                ("body", models.TextField(blank=True, verbose_name="body and caption words")),
                ("grams", models.TextField(blank=True, verbose_name="character bigrams")),
                ("date", models.DateField(blank=True, null=True, verbose_name="date")),
                ("indexed_at", models.DateTimeField(auto_now=True, verbose_name="indexed at")),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
                "db_table": "articles_search_document",
                "indexes": [models.Index(fields=["-date", "-article"], name="articles_search_date")],
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]
