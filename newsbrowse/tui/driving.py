"""Driving the app with Textual's pilot, for the tests, the screenshot script and the benchmarks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.pilot import Pilot


async def until(pilot: Pilot[None], condition: Callable[[], object], timeout: float = 30.0, step: float = 0.02) -> None:
    """Let the app run until `condition()` holds (workers answer in their own time).

    Raises TimeoutError after `timeout` seconds; `step` is how often to look.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError(f"the app did not get there in {timeout} s ({condition})")
        await pilot.pause(step)
