"""The `prongsai` console script: Django's management entry point with the project's settings."""

import os
import sys

# Commands that need neither the database nor the apps: run without django.setup(), which would
# load every app (and, through Huey's storage, the PostgreSQL and Redis drivers) for nothing.
# `link-audit` checks links only; it reads its settings lazily. `prongsai help link-audit` and
# `prongsai link-audit --help` still print its help. `serve` only supervises its two children, which
# load Django themselves: the supervisor stays a few MB.
_STANDALONE = {
    "link-audit": "prongsai.disclosure.management.commands.link-audit",
    "serve": "prongsai.core.management.commands.serve",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    if len(sys.argv) > 1 and sys.argv[1] in _STANDALONE:
        import importlib

        command = importlib.import_module(_STANDALONE[sys.argv[1]])
        sys.exit(command.main(sys.argv[2:]))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
