"""Layer 1: what the build reads from explainer sources is remembered by file version, never stale."""
import os

from sitebuild import sourcefacts

SOURCE = 'NAME = "demo"\nDEPENDS = ("explainers/data/*.json",)\nfrom explainers.models import LSTM\n'


def test_facts_are_read_from_the_source(tmp_path):
    sourcefacts.load(tmp_path / "facts.json")
    path = tmp_path / "demo.py"
    path.write_text(SOURCE)
    got = sourcefacts.facts("explainers.figures.demo", path)
    assert got["NAME"] == "demo" and got["DEPENDS"] == ("explainers/data/*.json",)
    assert got["imports"] == ["explainers", "explainers.models", "explainers.models.LSTM"]


def test_an_edited_file_is_read_again_and_the_memo_survives_a_new_build(tmp_path):
    memo, path = tmp_path / "facts.json", tmp_path / "demo.py"
    path.write_text(SOURCE)
    sourcefacts.load(memo)
    sourcefacts.facts("explainers.figures.demo", path)
    sourcefacts.save()
    path.write_text(SOURCE.replace('"demo"', '"other_name"'))  # another size: another version
    sourcefacts.load(memo)
    assert sourcefacts.facts("explainers.figures.demo", path)["NAME"] == "other_name"
    # The memo is keyed by the file's mtime and size: the same stamp is not parsed again (a new
    # build reads the remembered facts), which is what makes a no-change rebuild cheap.
    sourcefacts.save()
    stat = path.stat()
    path.write_text(SOURCE.replace('"demo"', '"othername_"'))  # same size...
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))     # ...and same mtime
    sourcefacts.load(memo)
    assert sourcefacts.facts("explainers.figures.demo", path)["NAME"] == "other_name"


def test_a_damaged_memo_is_ignored(tmp_path):
    memo, path = tmp_path / "facts.json", tmp_path / "demo.py"
    memo.write_text("{not json")
    path.write_text(SOURCE)
    sourcefacts.load(memo)
    assert sourcefacts.facts("explainers.figures.demo", path)["NAME"] == "demo"
