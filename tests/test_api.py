"""The public Python API: every name in `__all__` is importable, and importing is cheap."""

from __future__ import annotations

import subprocess
import sys

import newsbrowse


def test_every_public_name_resolves() -> None:
    """Each exported name, lazy or not, gives a real object."""
    for name in newsbrowse.__all__:
        assert getattr(newsbrowse, name) is not None, name


def test_unknown_attribute_raises() -> None:
    """A typo is an AttributeError, not a silent None."""
    try:
        newsbrowse.no_such_function  # noqa: B018 - the access is the test
    except AttributeError as err:
        assert "no_such_function" in str(err)
    else:
        raise AssertionError("expected AttributeError")


def test_import_does_not_load_the_heavy_parts() -> None:
    """`import newsbrowse` loads neither lxml, whoosh nor the word lists until they are used."""
    code = "import sys, newsbrowse; print(sorted(m for m in ('lxml', 'whoosh', 'bs4', 'newsbrowse.extract') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_clean_and_extract_through_the_package() -> None:
    """The documented entry points work end to end from the package namespace."""
    article = newsbrowse.clean_text("Ferry talks resume\n\nJune 3, 2021\n\nMayor Ines Calloway met the harbour board.")
    entities = newsbrowse.extract_entities(article.body)
    assert article.title == "Ferry talks resume"
    assert "Ines Calloway" in {entity.name for entity in entities}
