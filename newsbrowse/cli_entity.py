"""`newsbrowse entity ARCHIVE merge|rename|alias|hide|type|corrections ...`: the user's entity corrections."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console

from newsbrowse.corrections import Correction, stable_name
from newsbrowse.errors import EXIT_OK, UsageError
from newsbrowse.model import ENTITY_TYPES, EntitySummary

if TYPE_CHECKING:
    from newsbrowse.archive import Archive

Command = Callable[..., argparse.ArgumentParser]


def _found(archive: Archive, name: str) -> EntitySummary:
    """The entity a name finds now, or UsageError saying there is none (an ambiguous name lists its candidates)."""
    entity = archive.entity(name)
    if entity is None:
        raise UsageError(f"no entity named '{name}' in {archive.path} (list them with 'newsbrowse entities')")
    return entity


def _correction(archive: Archive, args: argparse.Namespace) -> Correction:
    """The correction the arguments ask for, naming entities so that later corrections keep finding them."""
    action = args.action
    if action == "merge":
        source, target = _found(archive, args.name), _found(archive, args.into)
        if source == target:
            raise UsageError(f"'{args.name}' and '{args.into}' are one entity already: {target.name}")
        return Correction("merge", stable_name(source), stable_name(target))
    if action == "rename":
        return Correction("rename", stable_name(_found(archive, args.name)), args.new_name)
    if action == "alias":
        entity = _found(archive, args.name)
        return Correction("split" if args.remove else "alias", args.form, stable_name(entity))
    if action == "hide":
        if args.undo:
            return Correction("show", args.name)  # a hidden entity finds nothing: keep the name as typed
        return Correction("hide", stable_name(_found(archive, args.name)))
    return Correction("type", stable_name(_found(archive, args.name)), args.type)


def cmd_entity(args: argparse.Namespace) -> int:
    """Add a correction, or list (and drop) the corrections, and say what the entity is now."""
    from newsbrowse.archive import open_archive
    from newsbrowse.serialize import to_jsonable

    out = Console(highlight=False, soft_wrap=True)
    with open_archive(args.archive, index_dir=args.index_dir) as archive:
        if args.action == "corrections":
            if args.drop is not None:
                removed = archive.uncorrect(args.drop)
                if not args.json:
                    out.print(
                        f"Dropped correction {args.drop}: {removed.describe() if removed else 'an unusable entry'}",
                        markup=False,
                    )
            numbered, problems = archive.corrections(), archive.correction_problems()
            if args.json:
                listing = [{"number": n, **to_jsonable(c), "description": c.describe()} for n, c in numbered]
                data = {"file": str(archive.corrections_file.path), "corrections": listing, "problems": list(problems)}
                print(json.dumps(data, ensure_ascii=False, indent=2))
                return EXIT_OK
            out.print(f"Entity corrections in {archive.corrections_file.path}: {len(numbered)}", markup=False)
            for number, correction in numbered:
                out.print(f"  {number:>3}. {correction.describe()}", markup=False)
            for problem in problems:
                out.print(f"Note: {problem}", markup=False)
            return EXIT_OK
        correction = _correction(archive, args)
        archive.correct(correction)
        shown = correction.value if correction.action in ("merge", "alias", "split", "rename") else correction.name
        now = None if correction.action == "hide" else archive.entity(shown or correction.name)
        if args.json:
            applied: dict[str, Any] = {"correction": to_jsonable(correction), "entity": to_jsonable(now)}
            print(json.dumps(applied, ensure_ascii=False, indent=2))
            return EXIT_OK
        out.print(f"Saved: {correction.describe()} ({archive.corrections_file.path})", markup=False)
        if now is not None:
            out.print(
                f"Now: {now.name} ({now.type}), {now.articles:,} article(s), {now.mentions:,} mention(s)", markup=False
            )
        for problem in archive.correction_problems():
            out.print(f"Note: {problem}", markup=False)
    return EXIT_OK


def add_entity_command(command: Command, index_folder: Callable[[str], Any], positive: Callable[[str], int]) -> None:
    """The `entity` command and its actions."""
    entity = command(
        "entity",
        "correct the archive's entities (merge, rename, alias, hide, type) or list the corrections;"
        " they are kept in a file beside the index and survive a rebuild",
        cmd_entity,
    )
    actions = entity.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        """An action, also taking --index-dir and --json after its arguments."""
        sub: argparse.ArgumentParser = actions.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--index-dir", type=index_folder, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        sub.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
        return sub

    merge = action("merge", "count every article of one entity for another: merge 'Blair' 'Tony Blair'")
    merge.add_argument("name", metavar="NAME", help="the entity that goes, in any form that finds it")
    merge.add_argument("into", metavar="INTO", help="the entity that stays")
    rename = action("rename", "list an entity under another name")
    rename.add_argument("name", metavar="NAME", help="the entity, in any form that finds it")
    rename.add_argument("new_name", metavar="NEW_NAME", help="the name to list it under")
    alias = action("alias", "articles writing FORM count for the entity, and FORM finds it (--remove splits it off)")
    alias.add_argument("name", metavar="NAME", help="the entity, in any form that finds it")
    alias.add_argument("form", metavar="FORM", help="another name for it, as articles write it")
    alias.add_argument("--remove", action="store_true", help="split FORM off: its articles make an entity of their own")
    hide = action("hide", "never list or find an entity (--undo shows it again)")
    hide.add_argument("name", metavar="NAME", help="the entity, in any form that finds it")
    hide.add_argument("--undo", action="store_true", help="show the entity again (also one hidden as junk)")
    type_ = action("type", "give an entity another type")
    type_.add_argument("name", metavar="NAME", help="the entity, in any form that finds it")
    type_.add_argument("type", metavar="TYPE", choices=list(ENTITY_TYPES), help=", ".join(ENTITY_TYPES))
    listing = action("corrections", "list the corrections, numbered, with what could not be applied")
    listing.add_argument("--drop", type=positive, metavar="N", help="remove correction N first")
