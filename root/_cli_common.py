"""What both command-line modules use: the client from the options, JSON and table output, the delete prompt.

:mod:`root._cli` (the parser, ``models`` and ``main``) and :mod:`root._cli_resources` (the other sub-APIs)
both import from here, and this module imports neither, so the command line has no import circle. Like
them, it loads only the standard library at import time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, TextIO

if TYPE_CHECKING:
    from root.client import RootSignals

EXIT_OK: Final = 0
EXIT_ERROR: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130
EXIT_BROKEN_PIPE: Final = 141

ID_WIDTH: Final = 36  # a UUID

Handler = Callable[[argparse.Namespace, argparse.ArgumentParser], int]


def client_from_options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> RootSignals:
    """A client from the connection options; bad option values are usage errors."""
    from root._config import resolve_api_key
    from root.client import RootSignals

    api_key = resolve_api_key(getattr(args, "api_key", None))  # MissingAPIKeyError: exit status 2
    args.secrets.append(api_key)
    options: dict[str, Any] = {}
    if hasattr(args, "timeout"):
        options["timeout"] = args.timeout
    if hasattr(args, "max_retries"):
        options["max_retries"] = args.max_retries
    if hasattr(args, "deadline"):
        options["deadline"] = args.deadline
    try:
        return RootSignals(api_key=api_key, base_url=getattr(args, "base_url", None), **options)
    except ValueError as exc:
        parser.error(str(exc))


def wants_json(args: argparse.Namespace) -> bool:
    """``--json`` was given, or standard output is not a terminal."""
    return bool(args.json) or not sys.stdout.isatty()


def json_line(data: dict[str, Any], out: TextIO) -> None:
    """``data`` as one line of compact JSON."""
    import json

    out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


def dump(item: Any) -> dict[str, Any]:
    """A response model as JSON-ready data, read-only fields included."""
    # model_dump, not the generated to_dict(): that one leaves out read-only fields such as id.
    data: dict[str, Any] = item.model_dump(mode="json", by_alias=True)
    return data


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def print_fields(data: dict[str, Any]) -> None:
    """One object on standard output, a ``name  value`` line per field (``-`` for null, JSON for the rest)."""
    import json

    width = max((len(name) for name in data), default=0)
    for name, value in data.items():
        shown = "-" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        sys.stdout.write(f"{name.ljust(width)}  {shown}\n")


def row(cells: Sequence[str], widths: Sequence[int]) -> str:
    """One table line: each cell padded to its column's width; cells beyond ``widths`` are not padded."""
    padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
    return "  ".join([*padded, *cells[len(widths) :]]).rstrip() + "\n"


def confirmed(parser: argparse.ArgumentParser, question: str) -> bool:
    """Whether the user answers yes to ``question`` at the terminal; a usage error without a terminal."""
    if not sys.stdin.isatty():
        parser.error("refusing to delete without --yes: standard input is not a terminal")
    # The question goes to stderr, so that it shows even when stdout is redirected.
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def read_text(parser: argparse.ArgumentParser, option: str, path: str | None) -> str:
    """The text an option names: the UTF-8 file at ``path``, or standard input for ``-`` (or ``None``).

    A file that cannot be read, or input that is not UTF-8 text, is a usage error: nothing is sent.
    """
    if path is None or path == "-":
        return read_stdin(parser, option)
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError) as exc:
        parser.error(f"{option} {path!r} cannot be read: {exc}")


def read_stdin(parser: argparse.ArgumentParser, what: str) -> str:
    """All of standard input as text, which must be UTF-8: anything else is a usage error, before
    anything is sent (Python would otherwise decode it with lone surrogates, which no request can carry).
    """
    raw = getattr(sys.stdin, "buffer", None)
    if raw is not None:
        data = raw.read()
        try:
            return str(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            parser.error(
                f"{what}: standard input is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "nothing was sent"
            )
    text = sys.stdin.read()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        parser.error(f"{what}: standard input is not UTF-8 text (at character {exc.start}); nothing was sent")
    return text
