"""The fuzz targets run briefly in CI (the long run is `python fuzz/fuzz_targets.py --seconds 600`)."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fuzz():
    spec = importlib.util.spec_from_file_location("fuzz_targets", ROOT / "fuzz" / "fuzz_targets.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_fuzz_targets_run_without_a_crash(tmp_path):
    counts = _fuzz().run(15, ["text", "html", "pdf", "numbers", "extract"], seed=1, crashes=tmp_path)
    assert "crash" not in counts, counts
    assert all(counts[t] > 0 for t in ("text", "html", "pdf", "numbers", "extract")), counts


def test_a_crash_is_caught_and_saved(tmp_path, monkeypatch):
    fz = _fuzz()

    def boom(data: bytes) -> None:
        raise ValueError("planted")

    monkeypatch.setitem(fz.TARGETS, "numbers", (boom, ".txt", 100))
    counts = fz.run(5, ["numbers"], crashes=tmp_path)
    assert Path(counts["crash"]).exists()
