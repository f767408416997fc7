"""The REST API v1 (/api/v1/): readers' access to published content, editors' imports and status
changes. Views read through articles.selectors and the serializers, and write only through
articles.services."""
