"""Pieces shared by the management commands that write documents or wrap a `main()` of their own.

Exit status convention: 0 done, 1 the work failed (or found defects), 2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

if TYPE_CHECKING:
    from prongsai.orgs.models import Organisation

USAGE = 2


def usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE)


def organisation(slug: str) -> Organisation:
    """The organisation with ``slug``, or a usage error naming it."""
    from prongsai.orgs.models import Organisation  # here: link-audit imports this module without the apps

    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise usage_error(
            f"No organisation with the slug {slug!r} (create it with: prongsai org-create --slug {slug} --name …)."
        )
    return org


def buddhist_year(year: int, example: int) -> int:
    """``year`` when it is a Buddhist-era year, or a usage error."""
    if not isinstance(year, int) or not 2400 <= year <= 2700:
        raise usage_error(f"The year is a Buddhist-era fiscal year such as {example}, not {year}.")
    return year


def output_path(output: str) -> Path | None:
    """The file to write (None for ``-``, standard output), or a usage error when its folder is missing."""
    if output == "-":
        return None
    path = Path(output)
    if not path.parent.is_dir():
        raise usage_error(f"The folder of {path} does not exist.")
    return path


def write_output(command: BaseCommand, path: Path | None, content: bytes) -> None:
    """Write ``content`` to ``path``, or as bytes to the command's standard output; say what was written."""
    if path is None:
        stream: Any = getattr(command.stdout, "_out", sys.stdout)  # the stream given to call_command, or stdout
        getattr(stream, "buffer", stream).write(content)
        return
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise CommandError(f"Cannot write {path}: {exc.strerror or exc}") from exc
    command.stderr.write(f"wrote {path} ({len(content)} bytes)")


class MainCommand(BaseCommand):
    """A command whose own ``main(argv, stdout=, stderr=) -> int`` parses its arguments and sets the exit status.

    Django's parser is bypassed so that usage errors exit 2 and the exit status is ``main``'s.
    """

    main: Callable[..., int]  # set as staticmethod(main) by the subclass

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(self.main(argv[2:]))

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "argv", nargs=argparse.REMAINDER, help=f"{self.__module__.rsplit('.', 1)[-1]} arguments (see --help)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # OutputWrapper appends newlines to every write; hand main() the raw streams.
        stdout: TextIO = getattr(self.stdout, "_out", sys.stdout)
        stderr: TextIO = getattr(self.stderr, "_out", sys.stderr)
        code = self.main(list(options.get("argv") or args), stdout=stdout, stderr=stderr)
        if code:
            raise SystemExit(code)
