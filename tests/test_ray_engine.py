"""Ray Data batch extraction gives the same result as the single-process pipeline, doc for doc."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.settings import Settings

ray = pytest.importorskip(
    "ray", reason="the ray extra is not installed: pip install -e '.[ray]' (scripts/setup does)"
)

TOWNS = ["Kharkiv", "Odesa", "Kherson", "Zaporizhzhia", "Dnipro", "Sumy"]


def write_corpus(folder: Path) -> list[str]:
    folder.mkdir()
    lines = []
    for i, town in enumerate(TOWNS * 2):
        text = (
            f"Russian forces shelled {town} on Tuesday, killing {i + 2} civilians and wounding {i + 5}, "
            f"regional officials said. Report number {i} from our correspondent."
        )
        lines.append(
            json.dumps({"id": f"ray-{i}", "outlet": "Test Wire", "published": "2023-03-08", "text": text})
        )
    lines.insert(3, "{not json")
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "page.html").write_text(
        "<html><head><title>Drone strike on Odesa port</title></head><body><nav>Home | World</nav>"
        "<article><h1>Drone strike on Odesa port</h1><p>Iranian-made Shahed drones struck the port of Odesa "
        "overnight, damaging grain silos, the Ukrainian navy said on Wednesday. Two workers were injured."
        "</p><p>Air defence units shot down eleven of the fourteen drones, the military added.</p></article>"
        "</body></html>"
    )
    return [str(folder)]


def test_ray_run_equals_single_process_and_reruns_skip(tmp_path: Path) -> None:
    from sitrep.engines.ray_engine import run_ray
    from sitrep.ingest.runner import ingest_items
    from sitrep.store import open_store

    items = write_corpus(tmp_path / "corpus")
    settings = Settings.load()
    single = open_store(str(tmp_path / "single.db"))
    summary = ingest_items(items, single, settings, fuse=False)
    distributed = open_store(str(tmp_path / "ray.db"))
    errors: list[str] = []
    report = run_ray(
        items, settings, distributed, workers=2, on_error=lambda item, problem: errors.append(item)
    )
    try:
        assert report.failed == summary.failed == 1
        assert errors and errors[0].endswith("batch.jsonl:4")
        assert report.new == summary.new == 13
        ids = sorted(d.id for d in single.iter_documents())
        assert sorted(d.id for d in distributed.iter_documents()) == ids
        for doc_id in ids:
            a, b = single.get_extraction(doc_id), distributed.get_extraction(doc_id)
            assert a is not None and b is not None
            assert b.to_dict() == a.to_dict(), f"document {doc_id} differs between Ray and single process"
        again = run_ray(items, settings, distributed, workers=2)
        assert again.new == 0 and again.duplicate == 13
        assert distributed.count_documents() == 13
    finally:
        single.close()
        distributed.close()
        ray.shutdown()
