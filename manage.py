#!/usr/bin/env python
"""Django's command-line utility for Newsroom."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    # manage.py is the developer's tool: it runs in debug mode unless DJANGO_DEBUG says otherwise.
    # The servers (wsgi.py, asgi.py) default to production mode, which demands a secret key.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
