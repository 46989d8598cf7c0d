"""The command of an import: ``prongsai <what>-import --org SLUG [options] FILE [--language th|en]``.

A module's command names its help and runs its import::

    class Command(ImportCommand):
        help = "Import ... from a CSV or XLSX file ... All or nothing (exit code 1)."

        def run(self, org, *, file_name, content, options):
            done = my_import(org=org, file_name=file_name, content=content, user=None)
            return _("Imported %(count)s row(s).") % {"count": done.count}

Exit status: 0 imported (the line ``run`` returns), 1 nothing imported (every bad cell listed, or the reason a
``ValidationError`` gives), 2 a usage error (no such organisation or file; ``run`` may raise ``usage_error`` too).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from prongsai.core.commands import organisation, usage_error
from prongsai.core.importing.errors import ImportFailed
from prongsai.orgs.models import Organisation


class ImportCommand(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        self.add_import_arguments(parser)
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--language", choices=["th", "en"], default="th", help="language of messages (default th)")

    def add_import_arguments(self, parser: CommandParser) -> None:
        """The command's own options (e.g. ``--round``)."""

    def run(self, org: Organisation, *, file_name: str, content: IO[bytes], options: dict[str, Any]) -> str:
        """Import ``content`` for ``org`` (raising ImportFailed or ValidationError) and say what was done."""
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            org = organisation(options["org"])
            path = Path(options["file"])
            if not path.is_file():
                raise usage_error(_("No such file: %(path)s") % {"path": path})
            try:
                with path.open("rb") as file:
                    message = self.run(org, file_name=path.name, content=file, options=options)
            except ImportFailed as exc:
                self.stderr.write(
                    _("Nothing was imported.")
                    if exc.whole_file
                    else _("Nothing was imported. Fix these cells and try again:")
                )
                for error in exc.errors:
                    self.stderr.write(f"  {error.message()}")
                sys.exit(1)
            except ValidationError as exc:
                self.stderr.write(" ".join(exc.messages))
                sys.exit(1)
            self.stdout.write(message)
