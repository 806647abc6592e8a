"""The key table, made from the bindings themselves: the help screen shows it and the README carries it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import format_key
from textual.widget import Widget

# Readable names where Textual's symbols would puzzle a reader of the README.
_NAMES = {"enter": "enter", "backspace": "backspace", "escape": "esc"}


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One action: its keys as a person types them, what it does, and a longer word on it."""

    keys: str
    action: str
    detail: str = ""


def key_label(key: str) -> str:
    """A key as a person reads it: "alt+left" -> "alt+←", "left_square_bracket" -> "["."""
    *modifiers, name = key.split("+")
    return "+".join([*modifiers, _NAMES.get(name, format_key(name))])


def key_rows(bindings: Sequence[BindingType]) -> list[KeyRow]:
    """One row per action that has a description, its keys joined ("alt+← or [")."""
    rows: dict[str, KeyRow] = {}
    for binding in Binding.make_bindings(bindings):
        if not binding.description:
            continue
        label = key_label(binding.key)  # every key, not the one the footer shows
        if binding.action in rows:
            row = rows[binding.action]
            rows[binding.action] = KeyRow(f"{row.keys} or {label}", row.action, row.detail)
        else:
            rows[binding.action] = KeyRow(label, binding.description, binding.tooltip)
    return list(rows.values())


def key_sections(sections: Sequence[tuple[str, Sequence[type[DOMNode]]]]) -> list[tuple[str, list[KeyRow]]]:
    """The rows of each section, from the bindings each class declares itself (a row two classes share, once)."""
    return [
        (title, list(dict.fromkeys(row for cls in classes for row in key_rows(cls.__dict__.get("BINDINGS", [])))))
        for title, classes in sections
    ]


def keys_markdown(sections: Sequence[tuple[str, Sequence[type[DOMNode]]]]) -> str:
    """The key table as Markdown, for the README."""
    lines = ["| Where | Keys | What it does |", "|---|---|---|"]
    for title, rows in key_sections(sections):
        for row in rows:
            keys = " or ".join(f"`{part}`" for part in row.keys.split(" or "))
            lines.append(f"| {title} | {keys} | {row.action}{': ' + row.detail if row.detail else ''} |")
    return "\n".join(lines)


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the widget's own (non-priority) binding for a key at once; True if one ran.

    Textual runs a focused widget's bound keys (backspace, ctrl+u, arrows, Enter) only after
    the key has bubbled up to the app, behind the keys already queued, while printable keys
    are handled on arrival: in a burst (a paste, tmux send-keys, a fast typist) "ctrl+u iPod"
    left nothing (Textual issue #6605). Calling this first in `_on_key` keeps the order.
    """
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False
