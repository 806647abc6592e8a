"""The correction dialog: merge, rename, alias, split, hide or retype one entity, saved to the user's corrections file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsbrowse.archive import Archive
from newsbrowse.corrections import Correction, stable_name
from newsbrowse.errors import NewsbrowseError
from newsbrowse.model import ENTITY_TYPES


@dataclass(frozen=True, slots=True)
class Corrected:
    """What the dialog did: a line to tell the user, and the name the entity goes by now (None if hidden or gone)."""

    message: str
    name: str | None


# Each action: its key, its label, and the question its value answers (None: it needs no value).
_ACTIONS: dict[str, tuple[str, str | None]] = {
    "merge": ("Merge into another entity", "Merge into which entity? (any name that finds it)"),
    "rename": ("Rename", "List it under what name?"),
    "alias": ("Add an alias", "Which other name do articles write for it?"),
    "split": ("Split an alias off", "Which of its names should be an entity of its own?"),
    "hide": ("Hide it (never listed nor found)", None),
    "type": ("Change its type", None),
}


class CorrectScreen(ModalScreen[Corrected | None]):
    """Choose an action (its letter, or Enter), give its value, Enter saves; Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="correct.cancel"),
        Binding("m", "choose('merge')", "Merge", show=False, id="correct.merge"),
        Binding("r", "choose('rename')", "Rename", show=False, id="correct.rename"),
        Binding("a", "choose('alias')", "Alias", show=False, id="correct.alias"),
        Binding("s", "choose('split')", "Split", show=False, id="correct.split"),
        Binding("h", "choose('hide')", "Hide", show=False, id="correct.hide"),
        Binding("t", "choose('type')", "Type", show=False, id="correct.type"),
    ]

    def __init__(self, archive: Archive, entity_name: str) -> None:
        super().__init__()
        self.archive = archive
        self.entity_name = entity_name
        self.action: str | None = None

    def compose(self) -> ComposeResult:
        """The entity's name, the actions, the question and the answer (shown once an action needs one)."""
        with Vertical(id="correct"):
            yield Static(Content(f"Correct “{self.entity_name}”"), id="correct-title")
            yield OptionList(
                *(
                    Option(Content.assemble((f"{key[0]}  ", "bold"), label), id=key)
                    for key, (label, _) in _ACTIONS.items()
                ),
                id="correct-actions",
            )
            yield Static("", id="correct-question")
            yield Input(id="correct-value", compact=True)
            yield OptionList(*(Option(type_, id=type_) for type_ in ENTITY_TYPES), id="correct-types")

    def on_mount(self) -> None:
        """Actions first; the answer fields stay hidden until an action asks for them."""
        box = self.query_one("#correct")
        box.border_title = "Entity correction"
        box.border_subtitle = "saved beside the index · esc to cancel"
        for field in ("#correct-question", "#correct-value", "#correct-types"):
            self.query_one(field).display = False
        self.query_one("#correct-actions").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The action letters work while the actions are listed, not while typing an answer."""
        if action == "choose":
            return self.action is None
        return True

    def action_choose(self, action: str) -> None:
        """Pick an action: ask for its value, or apply it at once."""
        self.action = action
        question = _ACTIONS[action][1]
        self.query_one("#correct-actions").display = False
        if action == "hide":
            self._apply("")
            return
        label = self.query_one("#correct-question", Static)
        label.display = True
        if action == "type":
            label.update("Which type?")
            types = self.query_one("#correct-types", OptionList)
            types.display = True
            types.focus()
            return
        label.update(question or "")
        field = self.query_one("#correct-value", Input)
        field.display = True
        field.value = self.entity_name if action == "rename" else ""
        field.focus()

    @on(OptionList.OptionSelected, "#correct-actions")
    def _action_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an action."""
        event.stop()
        if event.option.id:
            self.action_choose(event.option.id)

    @on(OptionList.OptionSelected, "#correct-types")
    def _type_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a type."""
        event.stop()
        self._apply(event.option.id or "")

    @on(Input.Submitted, "#correct-value")
    def _value_given(self, event: Input.Submitted) -> None:
        """Enter in the answer."""
        event.stop()
        if event.value.strip():
            self._apply(event.value.strip())

    def _apply(self, value: str) -> None:
        """Save the correction and apply it (nothing is extracted again); a problem is told, the dialog stays."""
        archive = self.archive
        try:
            entity = archive.entity(self.entity_name)
            if entity is None:
                raise NewsbrowseError(f"no entity named '{self.entity_name}' any more")
            own = stable_name(entity)
            correction = self._correction(own, value)
            archive.correct(correction)
        except NewsbrowseError as err:
            self.notify(str(err), title="Not saved", severity="error", markup=False)
            return
        now = correction.value if correction.action in ("merge", "rename") else own
        shown = None if correction.action == "hide" else archive.entity(now or own)
        self.dismiss(Corrected(f"Saved: {correction.describe()}", shown.name if shown else None))

    def _correction(self, own: str, value: str) -> Correction:
        """The correction for the chosen action, naming entities so that later corrections keep finding them."""
        action = self.action or ""
        if action == "merge":
            target = self.archive.entity(value)
            if target is None:
                raise NewsbrowseError(f"no entity named '{value}' to merge into")
            return Correction("merge", own, stable_name(target))
        if action == "alias":
            return Correction("alias", value, own)
        if action == "split":
            return Correction("split", value, own)
        if action == "rename":
            return Correction("rename", own, value)
        if action == "type":
            return Correction("type", own, value)
        return Correction("hide", own)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
