"""An update that changes and removes files leaves deleted documents in the index: every kind of query still works."""

from __future__ import annotations

from pathlib import Path

from newsbrowse.archive import open_archive
from tests.reliability_helpers import write_articles


def test_name_conditions_after_an_update_with_deletions(tmp_path: Path) -> None:
    """`person:` (answered by the store, bound to live documents) over segments holding deleted documents."""
    archive = tmp_path / "archive"
    write_articles(archive, range(6), folder="text")
    with open_archive(archive, index_dir=tmp_path / "index") as opened:
        opened.update(jobs=1)
        assert opened.search("person:vass").total == 6
        (archive / "text" / "story-00001.txt").write_text("Harbour closed\n\nThe harbour closed today.\n", "utf-8")
        (archive / "text" / "story-00002.txt").unlink()
        summary = opened.update(jobs=1)
        assert (summary.updated, summary.removed) == (1, 1)
        hits = opened.search("person:vass", all_copies=True).hits  # the stories are near-copies of one template
        assert sorted(hit.id for hit in hits) == [f"text/story-{n:05d}.txt" for n in (0, 3, 4, 5)]


def test_a_file_result_crosses_processes_as_plain_tuples_and_arrives_equal(tmp_path: Path) -> None:
    """Workers send FileResults to the build pickled: every field, nested rows included, survives the trip."""
    import pickle

    from newsbrowse.build.process import FileResult, Task, process_file
    from newsbrowse.ingest import SourceFile, discover
    from newsbrowse.model import Skipped

    (tmp_path / "story.txt").write_text(
        'Harbour strike\n\nMaria Okonkwo, who leads the dockers, said: "We will not move until the port talks." '
        "The Lagos port authority replied that Maria Okonkwo had been offered a meeting.\n",
        encoding="utf-8",
    )
    source = next(item for item in discover(tmp_path) if isinstance(item, SourceFile))
    result = process_file(Task(source, None), lambda article: 41)
    row = result.rows[0]
    assert row.rowid == 41 and row.entities and row.quotes and row.signature
    sent = FileResult(result.relpath, result.state, result.rows, (Skipped("story.txt#2", "empty"),), notes=("n",))
    blob = pickle.dumps(sent)
    assert b"EntityRows" not in blob and b"ArticleRows" not in blob  # the rows travel as tuples
    assert pickle.loads(blob) == sent


def test_a_build_collects_garbage_less_often_and_gives_the_settings_back(tmp_path: Path) -> None:
    """During a build the collector's first threshold is GC_YOUNG (nested blocks keep it); after it, as before."""
    import gc

    from newsbrowse.build.workers import GC_YOUNG, fewer_collections

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    root = tmp_path / "archive"
    write_articles(root, range(3))
    seen: list[int] = []
    with fewer_collections():
        assert gc.get_threshold()[0] == GC_YOUNG
        archive = open_archive(root)
        archive.update(jobs=1, progress=lambda _: seen.append(gc.get_threshold()[0]))
        assert gc.get_threshold()[0] == GC_YOUNG  # the build's own block ended inside this one
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen
    archive.update(jobs=1, progress=lambda _: seen.append(gc.get_threshold()[0]))
    archive.close()
    assert seen and set(seen) == {GC_YOUNG}
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen
