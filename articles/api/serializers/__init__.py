"""What the API returns, and what it accepts, split at its seams:

- `links`: absolute URLs of API resources and public pages, and the API's date formats;
- `related`: the related rows as the read serializers receive them (grouping, print position)
  and the documented shapes of the nested objects;
- `read`: the read serializers (articles, people, organizations, places, events, issues);
- `write`: what the writes accept (a status change, a page to import) and what they answer.

The rows come from articles.selectors. Import from the module that defines a name: this package
re-exports nothing."""
