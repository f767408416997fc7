"""The REST API v1 (/api/v1/): readers' access to published content, editors' imports and status
changes. Views read through querysets and serializers, and write only through articles.services."""
