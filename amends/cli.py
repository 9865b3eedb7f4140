"""The ``amends`` console script: Django's management command for this project.

``amends migrate``, ``amends demo``, ``amends calc interest`` … are management commands run with the
project's settings, so every command honours ``DATABASE_URL`` the same way.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["amends", *sys.argv[1:]])


if __name__ == "__main__":
    main()
