"""The ``gongkai`` command: a thin layer over the library.

Each room contributes its subcommands through an ``add_parser(subparsers)`` function;
this module only wires them together.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: modules that contribute subcommands, in the order ``--help`` lists them
COMMAND_MODULES = (
    "gongkai.mapper.commands",
    "gongkai.generator.commands",
    "gongkai.store.commands",
    "gongkai.store.dump_commands",
    "gongkai.server.commands",
    "gongkai.demo",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="Linked data from government information-disclosure annual reports.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
