"""``rootsignals evaluators export|import``, ``execution-logs tags|sessions|users`` and ``models verify``.

Added to the groups :mod:`root._cli` and :mod:`root._cli_resources` build, with their conventions:
``export`` prints the YAML document (or writes it to ``--output``), ``import`` reads one from a file or
standard input (``-``) and prints the new evaluator's id; ``sessions`` and ``users`` print one id a line
(a JSON array with ``--json``); ``models verify`` prints whether the model answered, and exits 1 when it
did not. The key to verify a model with comes from standard input or a named environment variable, never
from an argument, as ``models create``'s default key does. Only the standard library is imported here.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from root._cli_common import EXIT_ERROR, EXIT_OK, client_from_options, dump, json_line, read_stdin, wants_json

__all__ = ["add_more_commands"]


def add_more_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's actions to the ``evaluators``, ``execution-logs`` and ``models`` commands."""

    def leaf(group: str, action: str, handler: Any, text: str) -> argparse.ArgumentParser:
        actions = next(a for a in commands.choices[group]._actions if isinstance(a, argparse._SubParsersAction))
        sub: argparse.ArgumentParser = actions.add_parser(
            action, help=text, description=text, parents=[common], allow_abbrev=False
        )
        sub.set_defaults(handler=handler, parser=sub)
        return sub

    export = leaf(
        "evaluators", "export", _export, "Print an evaluator as a YAML document (evaluators import reads it)."
    )
    export.add_argument("id", metavar="ID")
    export.add_argument("-o", "--output", metavar="FILE", help="write the document to FILE instead")

    imported = leaf("evaluators", "import", _import, "Make an evaluator from a YAML document and print its id.")
    imported.add_argument("file", metavar="FILE", help="the document; - reads standard input")
    imported.add_argument("--overwrite", action="store_true", help="replace the evaluator of the same name")
    imported.add_argument("--project-id", metavar="ID", help="the project the evaluator goes in")

    tags = leaf("execution-logs", "tags", _tags, "Set the tags of execution logs, replacing theirs.")
    tags.add_argument("ids", nargs="+", metavar="ID", help="the logs to tag")
    given = tags.add_mutually_exclusive_group(required=True)
    given.add_argument("--tag", action="append", metavar="TAG", help="a tag each log gets; repeat for more")
    given.add_argument("--clear", action="store_true", help="remove every tag of the logs")

    for action, what in (("sessions", "session"), ("users", "user")):
        ids = leaf("execution-logs", action, _ids, f"List the distinct {what} ids of the logs (at most 30).")
        ids.add_argument("--starts-with", metavar="TEXT", help=f"only {what} ids that begin with TEXT")
        ids.add_argument("--json", action="store_true", help="print a JSON array (the default in a pipe)")

    verify = leaf("models", "verify", _verify, "Try a model configuration (not saved); exit 1 if it did not answer.")
    verify.add_argument("--model", required=True, metavar="NAME", help="the model's name, as its provider knows it")
    verify.add_argument("--url", help="the base URL of a self-hosted model")
    verify.add_argument("--max-output-token-count", type=int, metavar="N")
    key = verify.add_mutually_exclusive_group()
    key.add_argument("--api-key-stdin", action="store_true", help="read the model's API key from standard input")
    key.add_argument("--api-key-env", metavar="NAME", help="read the model's API key from the environment variable")
    verify.add_argument("--json", action="store_true", help="print the whole result as JSON")


def _export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with client_from_options(args, parser) as client:
        document = client.evaluators.export_yaml(args.id)
    if args.output is None:
        sys.stdout.write(document if document.endswith("\n") else document + "\n")
    else:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(document)
    return EXIT_OK


def _import(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.file == "-":
        document = read_stdin(parser, "FILE -")
    else:
        try:
            with open(args.file, encoding="utf-8") as source:
                document = source.read()
        except (OSError, UnicodeDecodeError) as exc:
            parser.error(f"cannot read {args.file}: {exc}")
    with client_from_options(args, parser) as client:
        evaluator = client.evaluators.import_yaml(document, overwrite=args.overwrite, project_id=args.project_id)
    print(evaluator.id, flush=True)
    return EXIT_OK


def _tags(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with client_from_options(args, parser) as client:
        client.execution_logs.set_tags(log_ids=args.ids, tags=[] if args.clear else args.tag)
    return EXIT_OK


def _ids(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import json

    with client_from_options(args, parser) as client:
        logs = client.execution_logs
        found = (logs.session_ids if args.action == "sessions" else logs.user_ids)(starts_with=args.starts_with)
    if wants_json(args):
        sys.stdout.write(json.dumps(found, ensure_ascii=False) + "\n")
    else:
        sys.stdout.writelines(f"{one}\n" for one in found)
    return EXIT_OK


def _api_key(args: argparse.Namespace, parser: argparse.ArgumentParser) -> str | None:
    if args.api_key_env is not None:
        value = os.environ.get(args.api_key_env, "")
        if not value:
            parser.error(f"the environment variable {args.api_key_env} is not set or empty")
    elif args.api_key_stdin:
        value = read_stdin(parser, "--api-key-stdin").rstrip("\r\n")
        if not value:
            parser.error("--api-key-stdin: standard input gave an empty key")
    else:
        return None
    args.secrets.append(value)
    return value


def _verify(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    api_key = _api_key(args, parser)
    with client_from_options(args, parser) as client:
        result = client.models.verify(
            model=args.model, api_key=api_key, url=args.url, max_output_token_count=args.max_output_token_count
        )
    if args.json:
        json_line(dump(result), sys.stdout)
    elif result.success:
        print(f"{result.model}: answered: {result.response or ''}", flush=True)
    else:
        print(f"{result.model}: did not answer: {result.error or 'no reason given'}", flush=True)
    return EXIT_OK if result.success else EXIT_ERROR
