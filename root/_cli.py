"""The ``rootsignals`` command line (also ``python -m root``); ``rootsignals --help`` lists the commands.

Exit statuses:

- 0: success;
- 1: the service or the connection failed (any :class:`~root.errors.RootSignalsError` not listed below),
  or a deletion was declined at the prompt; the error's one-line message goes to stderr;
- 2: a usage error, always printed as argparse prints its own (the usage line, then ``PROG: error: REASON``):
  argparse's own, an argument the SDK rejects before sending anything
  (:class:`~root.errors.InvalidArgumentError`), no API key (:class:`~root.errors.MissingAPIKeyError`),
  a bad ``--base-url`` / ``--timeout`` / ``--max-retries``, ``models delete`` without ``--yes`` when
  standard input is not a terminal;
- 130: interrupted (Ctrl-C); 141: standard output was closed early (``rootsignals ... | head``).

:data:`EXIT_STATUSES` lists them for ``--help``. ``models update --default-key-stdin`` checks that the
model exists before it reads the key.

No output shows the API key or a model's ``default_key``: the default key is read from standard input
or a named environment variable, never from an argument (which would land in shell history and ``ps``).

Parsing must stay fast (``rootsignals --help``): this module imports only the standard library's
``argparse`` at load time; the client, the errors and the emulator are imported once a command runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, NoReturn, TextIO

if TYPE_CHECKING:
    from root.client import RootSignals

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_ERROR: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130
EXIT_BROKEN_PIPE: Final = 141
EXIT_STATUSES: Final = (
    (EXIT_OK, "success"),
    (EXIT_ERROR, "an API or connection error, or a deletion declined at the prompt"),
    (EXIT_USAGE, "a usage error (the usage line and the reason are printed)"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C)"),
    (EXIT_BROKEN_PIPE, "standard output closed early (rootsignals ... | head)"),
)
"""Every status the command line exits with, as ``--help`` lists them (the module docstring explains each)."""

_MODEL_FIELDS: Final = ("id", "name", "model", "max_output_token_count", "max_token_count", "url")
_ID_WIDTH: Final = 36  # a UUID
_VISIBILITY_WIDTH: Final = len("PUBLIC_UNLISTED")

Handler = Callable[[argparse.Namespace, argparse.ArgumentParser], int]


# -- the parser ------------------------------------------------------------------------------------------


class _RefuseDefaultKey(argparse.Action):
    """``--default-key VALUE``: refused without repeating the value, which must not reach any output."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> NoReturn:
        parser.error(
            "--default-key is not accepted: a key on the command line lands in shell history and ps; "
            "use --default-key-stdin or --default-key-env NAME"
        )


def _common_options() -> argparse.ArgumentParser:
    """The connection options, accepted before the command and after it (``models list --api-key K``)."""
    common = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    group = common.add_argument_group("connection")
    group.add_argument(
        "--api-key",
        metavar="KEY",
        default=argparse.SUPPRESS,
        help="the API key (default: ROOTSIGNALS_API_KEY, then ./.env). Prefer those: an argument is "
        "visible in shell history and ps",
    )
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="the service's URL (default: ROOTSIGNALS_API_URL, then the public service)",
    )
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        default=argparse.SUPPRESS,
        help="how long each attempt of a request may take, in seconds (default: 60); a retried request makes "
        "up to --max-retries + 1 attempts, with waits between them",
    )
    group.add_argument(
        "--max-retries",
        metavar="N",
        type=int,
        default=argparse.SUPPRESS,
        help="how often a failed request is retried (default: 2)",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log each HTTP exchange to stderr, keys redacted (as ROOTSIGNALS_LOG=debug does)",
    )
    return common


def _add_default_key_options(parser: argparse.ArgumentParser, *, clearable: bool) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--default-key-stdin",
        action="store_true",
        help="read the model's default_key from standard input (prompted for, unechoed, on a terminal)",
    )
    group.add_argument(
        "--default-key-env",
        metavar="NAME",
        help="read the model's default_key from the environment variable NAME",
    )
    if clearable:
        group.add_argument("--clear-default-key", action="store_true", help="remove the model's default_key")
    group.add_argument("--default-key", nargs="?", action=_RefuseDefaultKey, help=argparse.SUPPRESS)


def _add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON (the default when standard output is not a terminal)",
    )


def build_parser(prog: str = "rootsignals") -> argparse.ArgumentParser:
    """The whole command line. Each runnable command sets ``handler`` (and ``parser``) as defaults."""
    from root import __version__

    common = _common_options()
    parser = argparse.ArgumentParser(
        prog=prog,
        description="The Root Signals API from the command line.",
        epilog="Exit status: "
        + "; ".join(f"{status} {meaning}" for status, meaning in EXIT_STATUSES)
        + ". Connection options may also follow the command.",
        parents=[common],
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"rootsignals {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    models = commands.add_parser("models", help="list, get, create, update and delete models", allow_abbrev=False)
    actions = models.add_subparsers(dest="action", metavar="ACTION", required=True)

    def leaf(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help_text, description=help_text, parents=[common], allow_abbrev=False)
        sub.set_defaults(handler=handler, parser=sub)
        return sub

    listing = leaf(
        "list",
        _list,
        "List models: an aligned table on a terminal, else one JSON object per line. Rows are printed as they arrive.",
    )
    listing.add_argument(
        "--capable-of",
        action="append",
        metavar="CAPABILITY",
        help="only models with this capability; repeat for more (all of them)",
    )
    listing.add_argument("--limit", type=int, default=100, metavar="N", help="at most N models (default: 100)")
    _add_json_option(listing)

    get = leaf("get", _get, "Show one model.")
    get.add_argument("model_id", metavar="ID")
    _add_json_option(get)

    create = leaf("create", _create, "Create a model and print its id, alone, on standard output.")
    create.add_argument("--name", required=True, help="the model's name")
    create.add_argument("--model", metavar="M", help="the base model's name (default: the name)")
    create.add_argument("--max-output-token-count", type=int, metavar="N")
    create.add_argument("--max-token-count", type=int, metavar="N")
    create.add_argument("--url", help="the model's endpoint")
    _add_default_key_options(create, clearable=False)

    update = leaf("update", _update, "Change the given fields of a model, and show it.")
    update.add_argument("model_id", metavar="ID")
    update.add_argument("--name", help="a new name")
    update.add_argument("--model", metavar="M", help="a new base model name")
    update.add_argument("--max-output-token-count", type=int, metavar="N")
    tokens = update.add_mutually_exclusive_group()
    tokens.add_argument("--max-token-count", type=int, metavar="N")
    tokens.add_argument("--clear-max-token-count", action="store_true", help="remove max_token_count")
    urls = update.add_mutually_exclusive_group()
    urls.add_argument("--url", help="a new endpoint")
    urls.add_argument("--clear-url", action="store_true", help="remove the url")
    _add_default_key_options(update, clearable=True)
    _add_json_option(update)

    delete = leaf("delete", _delete, "Delete a model (asks first on a terminal).")
    delete.add_argument("model_id", metavar="ID")
    delete.add_argument(
        "-y", "--yes", action="store_true", help="do not ask; required when standard input is not a terminal"
    )

    from root._cli_resources import add_resource_commands

    add_resource_commands(commands, common)

    # Everything after "emulator" is the emulator's own command line (see main()).
    commands.add_parser(
        "emulator",
        help="run the local emulator; its options follow (rootsignals emulator --help)",
        add_help=False,
        allow_abbrev=False,
    )
    return parser


# -- running ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None, *, prog: str = "rootsignals") -> int:
    """Run the command line; return the exit status (argparse's usage errors and ``--help`` exit directly)."""
    parser = build_parser(prog)
    args, extra = parser.parse_known_args(argv)
    if args.command == "emulator":
        try:
            from root.emulator.__main__ import main as emulator_main
        except ImportError as exc:  # the emulator extra is missing: its message says what to install
            print(f"{prog} emulator: {exc}", file=sys.stderr)
            return EXIT_ERROR
        return emulator_main(extra)
    command_parser: argparse.ArgumentParser = args.parser
    if extra:
        command_parser.error(f"unrecognized arguments: {' '.join(extra)}")
    handler: Handler = args.handler
    if getattr(args, "verbose", False):
        from root._config import LOG_ENV

        # The SDK's own switch: RootSignals() then logs each exchange, redacted, to stderr.
        os.environ[LOG_ENV] = "debug"

    from root.errors import InvalidArgumentError, MissingAPIKeyError, RootSignalsError

    secrets: list[str] = []
    args.secrets = secrets  # filled as keys become known, so that no message can show one
    try:
        return handler(args, command_parser)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (| head). Point stdout at /dev/null so the flush at exit cannot fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except MissingAPIKeyError:
        return _usage_error(
            command_parser,
            "no API key: set ROOTSIGNALS_API_KEY, put a ROOTSIGNALS_API_KEY=... line in ./.env, or pass --api-key",
            secrets,
        )
    except InvalidArgumentError as exc:
        return _usage_error(command_parser, str(exc), secrets)
    except RootSignalsError as exc:
        _report(prog, exc, secrets)
        return EXIT_ERROR


def _usage_error(parser: argparse.ArgumentParser, message: str, secrets: Iterable[str]) -> int:
    """A usage error found after parsing, reported as argparse reports its own: the usage line, then
    ``PROG: error: MESSAGE`` (with every known secret blanked out)."""
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {_one_line(message, secrets)}", file=sys.stderr, flush=True)
    return EXIT_USAGE


def _report(prog: str, exc: BaseException, secrets: Iterable[str]) -> None:
    """One line on stderr: the error's type and message, with every known secret blanked out."""
    print(f"{prog}: {type(exc).__name__}: {_one_line(str(exc), secrets)}", file=sys.stderr, flush=True)


def _one_line(message: str, secrets: Iterable[str]) -> str:
    """``message`` on one line, with every known secret blanked out."""
    message = " ".join(message.split()) or "(no message)"
    for secret in secrets:
        if secret:
            message = message.replace(secret, "<redacted>")
    return message


def _client(args: argparse.Namespace, parser: argparse.ArgumentParser) -> RootSignals:
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
    try:
        return RootSignals(api_key=api_key, base_url=getattr(args, "base_url", None), **options)
    except ValueError as exc:
        parser.error(str(exc))


def _read_stdin(parser: argparse.ArgumentParser, what: str) -> str:
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


def _default_key(args: argparse.Namespace, parser: argparse.ArgumentParser) -> str | None:
    """The default key from standard input or the named variable, or None when neither was asked for."""
    if args.default_key_env is not None:
        value = os.environ.get(args.default_key_env, "")
        if not value:
            parser.error(f"the environment variable {args.default_key_env} is not set or empty")
    elif args.default_key_stdin:
        if sys.stdin.isatty():
            import getpass

            value = getpass.getpass("default key: ", stream=sys.stderr)
        else:
            value = _read_stdin(parser, "--default-key-stdin").rstrip("\r\n")
        if not value:
            parser.error("--default-key-stdin: standard input gave an empty key")
    else:
        return None
    args.secrets.append(value)
    return value


def _wants_json(args: argparse.Namespace) -> bool:
    return bool(args.json) or not sys.stdout.isatty()


def _json_line(data: dict[str, Any], out: TextIO) -> None:
    import json

    out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


def _dump(item: Any) -> dict[str, Any]:
    # model_dump, not the generated to_dict(): that one leaves out read-only fields such as id.
    data: dict[str, Any] = item.model_dump(mode="json", by_alias=True)
    return data


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _list(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    out = sys.stdout
    as_json = _wants_json(args)
    with _client(args, parser) as client:
        models = client.models.list(capable_of=args.capable_of, limit=args.limit)
        if as_json:
            for model in models:
                _json_line(_dump(model), out)
                out.flush()  # each row as it arrives; pages are fetched as the iteration needs them
            return EXIT_OK
        import shutil

        columns = shutil.get_terminal_size().columns
        name_width = max(16, min(48, columns - _ID_WIDTH - _VISIBILITY_WIDTH - 16 - 6))
        widths = (_ID_WIDTH, name_width, _VISIBILITY_WIDTH)
        out.write(_row(("ID", "NAME", "VISIBILITY", "PROVIDER"), widths))
        out.flush()
        for model in models:
            provider = model.provider.name if model.provider is not None else "-"
            cells = (str(model.id), _fit(model.name, name_width), model.visibility or "-", provider)
            out.write(_row(cells, widths))
            out.flush()
    return EXIT_OK


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
    return "  ".join([*padded, *cells[len(widths) :]]).rstrip() + "\n"


def _show(model: Any, args: argparse.Namespace) -> None:
    data = _dump(model)
    if _wants_json(args):
        _json_line(data, sys.stdout)
        return
    width = max(len(name) for name in _MODEL_FIELDS)
    for name in _MODEL_FIELDS:
        value = data.get(name)
        sys.stdout.write(f"{name.ljust(width)}  {'-' if value is None else value}\n")


def _get(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with _client(args, parser) as client:
        _show(client.models.get(args.model_id), args)
    return EXIT_OK


def _create(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    default_key = _default_key(args, parser)
    with _client(args, parser) as client:
        model_id = client.models.create(
            name=args.name,
            model=args.model,
            default_key=default_key,
            max_output_token_count=args.max_output_token_count,
            max_token_count=args.max_token_count,
            url=args.url,
        )
    print(model_id, flush=True)
    return EXIT_OK


def _update(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    changes: dict[str, Any] = {}
    for name in ("name", "model", "max_output_token_count", "max_token_count", "url"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    for name in ("max_token_count", "url", "default_key"):
        if getattr(args, f"clear_{name}"):
            changes[name] = None  # None clears a nullable field; leaving it out keeps it
    default_key = None if args.default_key_stdin else _default_key(args, parser)
    if default_key is not None:
        changes["default_key"] = default_key
    if not changes and not args.default_key_stdin:
        parser.error("nothing to change: give at least one field option")
    with _client(args, parser) as client:
        if args.default_key_stdin:
            # Ask for the key only once the model is known to exist: a wrong id fails before anyone
            # types (or pipes) a key in vain.
            client.models.get(args.model_id)
            changes["default_key"] = _default_key(args, parser)
        _show(client.models.update(args.model_id, **changes), args)
    return EXIT_OK


def _confirmed(parser: argparse.ArgumentParser, question: str) -> bool:
    """Whether the user answers yes to ``question`` at the terminal; a usage error without a terminal."""
    if not sys.stdin.isatty():
        parser.error("refusing to delete without --yes: standard input is not a terminal")
    # The question goes to stderr, so that it shows even when stdout is redirected.
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def _delete(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not args.yes and not _confirmed(parser, f"Delete model {args.model_id}?"):
        print("Not deleted.", file=sys.stderr)
        return EXIT_ERROR
    with _client(args, parser) as client:
        client.models.delete(args.model_id)
    return EXIT_OK
