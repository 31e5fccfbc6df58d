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
- 3: ``evaluate --baseline`` or ``compare`` found a detectable regression; 4: ``evaluate`` had rows whose
  runs failed, and no regression (:mod:`root._cli_evaluate`);
- 130: interrupted (Ctrl-C); 141: standard output was closed early (``rootsignals ... | head``).

:data:`EXIT_STATUSES` lists them for ``--help``. ``models update --default-key-stdin`` checks that the
model exists before it reads the key.

No output shows the API key or a model's ``default_key``: the default key is read from standard input
or a named environment variable, never from an argument (which would land in shell history and ``ps``).

Parsing must stay fast (``rootsignals --help``): this module, :mod:`root._cli_resources` (the other
sub-APIs' commands) and :mod:`root._cli_common` (what both use) import only the standard library at load
time; the client, the errors and the emulator are imported once a command runs. The shared helpers live
in :mod:`root._cli_common`, below both command modules, so that neither imports the other back.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any, Final, NoReturn

from root._cli_annotations import add_annotation_commands
from root._cli_batch import add_batch_commands
from root._cli_calibration import add_calibration_commands
from root._cli_common import (
    EXIT_BROKEN_PIPE,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    ID_WIDTH,
    Handler,
    client_from_options,
    confirmed,
    dump,
    fit,
    json_line,
    read_stdin,
    row,
    wants_json,
)
from root._cli_evaluate import EXIT_REGRESSION, EXIT_ROW_ERRORS, add_evaluate_commands
from root._cli_files import add_files_commands
from root._cli_more import add_more_commands
from root._cli_otel import add_otel_commands
from root._cli_projects import add_project_commands
from root._cli_resources import add_resource_commands

__all__ = ["main"]

EXIT_STATUSES: Final = (
    (EXIT_OK, "success"),
    (EXIT_ERROR, "an API or connection error, or a deletion declined at the prompt"),
    (EXIT_USAGE, "a usage error (the usage line and the reason are printed)"),
    (EXIT_REGRESSION, "evaluate --baseline or compare: detectably worse than the baseline"),
    (EXIT_ROW_ERRORS, "evaluate: some rows failed (and no regression)"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C)"),
    (EXIT_BROKEN_PIPE, "standard output closed early (rootsignals ... | head)"),
)
"""Every status the command line exits with, as ``--help`` lists them (the module docstring explains each)."""

_MODEL_FIELDS: Final = ("id", "name", "model", "max_output_token_count", "max_token_count", "url")
_VISIBILITY_WIDTH: Final = len("PUBLIC_UNLISTED")


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
        "--deadline",
        metavar="SECONDS",
        type=float,
        default=argparse.SUPPRESS,
        help="how long a whole request may take, its retries and the waits between them included (default: none)",
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

    add_resource_commands(commands, common)
    add_otel_commands(commands, common)
    add_project_commands(commands, common)
    add_annotation_commands(commands, common)
    add_files_commands(commands, common)
    add_batch_commands(commands, common)
    add_calibration_commands(commands, common)
    add_more_commands(commands, common)
    add_evaluate_commands(commands, common)

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
            value = read_stdin(parser, "--default-key-stdin").rstrip("\r\n")
        if not value:
            parser.error("--default-key-stdin: standard input gave an empty key")
    else:
        return None
    args.secrets.append(value)
    return value


def _list(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    out = sys.stdout
    as_json = wants_json(args)
    with client_from_options(args, parser) as client:
        models = client.models.list(capable_of=args.capable_of, limit=args.limit)
        if as_json:
            for model in models:
                json_line(dump(model), out)
                out.flush()  # each row as it arrives; pages are fetched as the iteration needs them
            return EXIT_OK
        import shutil

        columns = shutil.get_terminal_size().columns
        name_width = max(16, min(48, columns - ID_WIDTH - _VISIBILITY_WIDTH - 16 - 6))
        widths = (ID_WIDTH, name_width, _VISIBILITY_WIDTH)
        out.write(row(("ID", "NAME", "VISIBILITY", "PROVIDER"), widths))
        out.flush()
        for model in models:
            provider = model.provider.name if model.provider is not None else "-"
            cells = (str(model.id), fit(model.name, name_width), model.visibility or "-", provider)
            out.write(row(cells, widths))
            out.flush()
    return EXIT_OK


def _show(model: Any, args: argparse.Namespace) -> None:
    data = dump(model)
    if wants_json(args):
        json_line(data, sys.stdout)
        return
    width = max(len(name) for name in _MODEL_FIELDS)
    for name in _MODEL_FIELDS:
        value = data.get(name)
        sys.stdout.write(f"{name.ljust(width)}  {'-' if value is None else value}\n")


def _get(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with client_from_options(args, parser) as client:
        _show(client.models.get(args.model_id), args)
    return EXIT_OK


def _create(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    default_key = _default_key(args, parser)
    with client_from_options(args, parser) as client:
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
    with client_from_options(args, parser) as client:
        if args.default_key_stdin:
            # Ask for the key only once the model is known to exist: a wrong id fails before anyone
            # types (or pipes) a key in vain.
            client.models.get(args.model_id)
            changes["default_key"] = _default_key(args, parser)
        _show(client.models.update(args.model_id, **changes), args)
    return EXIT_OK


def _delete(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not args.yes and not confirmed(parser, f"Delete model {args.model_id}?"):
        print("Not deleted.", file=sys.stderr)
        return EXIT_ERROR
    with client_from_options(args, parser) as client:
        client.models.delete(args.model_id)
    return EXIT_OK
