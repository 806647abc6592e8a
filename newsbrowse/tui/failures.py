"""Worker failures go up to the app, which reports them in one place (Worker.StateChanged does not bubble)."""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState


class WorkerFailed(Message):
    """A worker of a screen raised; the app says so."""

    def __init__(self, worker: Worker[Any]) -> None:
        super().__init__()
        self.worker = worker


class ReportingScreen(Screen[None]):
    """A screen whose workers' failures are posted up to the app."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Pass a failure up."""
        if event.state == WorkerState.ERROR:
            self.post_message(WorkerFailed(event.worker))
