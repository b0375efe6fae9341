"""The command-line adapter: `python -m psg check`, `export` and `schemas`.

Like the MkDocs hook, it is an adapter: it reads the environment (`PSG_SOURCE`,
`PSG_SKIP_PDF`) and the clock (today's date, for `check`'s warning about signposting
checks more than 12 months old; `--today` sets another day) and hands what it finds to
the rest of `psg`, which reads neither.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from psg.errors import ContentErrors
from psg.jsonschema import write_schemas
from psg.model import Guidance
from psg.portable import export_markdown
from psg.signposting import stale_warnings
from psg.site import SKIP_PDF_ENV, SOURCE_ENV, flag
from psg.validate import find_source, load_guidance

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments (defaults to `sys.argv[1:]`).

    Returns:
        The exit status: 0 when all is well, 1 on content errors, 2 on usage errors.
    """
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    if args.command == "schemas":
        for path in write_schemas(root / "schemas"):
            print(f"wrote {path.relative_to(root)}")
        return 0

    source = find_source(root, os.environ.get(SOURCE_ENV))
    if not source.is_file():
        if getattr(args, "require_source", False):
            print(f"error: the briefing's text is missing at {source}; the quote check cannot run", file=sys.stderr)
            return 1
        print(f"notice: briefing text not found at {source}; quotes were not checked against it", file=sys.stderr)
    started = time.perf_counter()
    try:
        guidance = load_guidance(root, source)
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    if args.command == "check":
        elapsed = time.perf_counter() - started
        today = args.today or dt.date.today()  # the one place that reads the clock
        for warning in stale_warnings(root, guidance.signposting, today) if guidance.signposting else []:
            print(f"warning: {warning}", file=sys.stderr)
        print(_summary(guidance, elapsed))
        return 0
    return _export(guidance, root, args.out)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m psg", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project root (default: here)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate all content")
    check.add_argument("--require-source", action="store_true", help="fail when the briefing's text is missing")
    check.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="judge the signposting checks' age on this day instead of today",
    )
    export = sub.add_parser("export", help="write the generated Markdown and a hook-free config")
    export.add_argument("out", type=Path)
    sub.add_parser("schemas", help="regenerate the JSON Schemas in schemas/")
    return parser


def _summary(guidance: Guidance, elapsed: float) -> str:
    quotes = sum(1 for _ in guidance.quotes())
    return (
        f"ok: {len(guidance.themes)} themes, {len(guidance.challenges)} challenges, "
        f"{len(guidance.strategies)} strategies, {quotes} quotes, "
        f"{len(guidance.checklists)} checklists ({elapsed:.2f} s)"
    )


def _export(guidance: Guidance, root: Path, out: Path) -> int:
    skip = f"{SKIP_PDF_ENV} was set when the site was exported" if flag(os.environ.get(SKIP_PDF_ENV)) else None
    try:
        written = export_markdown(guidance, root, out.resolve(), skip_pdf_reason=skip)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {written} files to {out}")
    return 0
