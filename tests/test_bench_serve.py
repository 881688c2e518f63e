"""The bench's test server (tools/bench/serve.py): a host that lacks the site's Python snapshot, for the
engines' visits without it, answers it 404 and serves a service worker that does not ask for it."""
import json
import urllib.error
import urllib.request

import pytest

from tools.bench.serve import SITE_SNAPSHOT, serve

SW = """// Generated
const BUILD = "abc";
const PRECACHE = [["assets/cells/cell.js","sha256-A"],["assets/pyodide/0123/python-snapshot.bin","sha256-B"]];
self.addEventListener("install", () => {});
"""


def get(url):
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


def precache(text):
    return json.loads(next(line for line in text.splitlines() if line.startswith("const PRECACHE = "))[17:-1])


def test_a_host_without_the_snapshot_refuses_it_and_its_service_worker_does_not_keep_it(tmp_path):
    (tmp_path / "sw.js").write_text(SW)
    (tmp_path / "assets/pyodide/0123").mkdir(parents=True)
    (tmp_path / "assets/pyodide/0123/python-snapshot.bin").write_bytes(b"snapshot")
    with serve(tmp_path, refuse=SITE_SNAPSHOT) as url:
        with pytest.raises(urllib.error.HTTPError, match="404"):
            get(url + "assets/pyodide/0123/python-snapshot.bin")
        sw = get(url + "sw.js")
        assert precache(sw) == [["assets/cells/cell.js", "sha256-A"]]
        assert sw.replace(sw.splitlines()[2], "") == SW.replace(SW.splitlines()[2], ""), "the rest as built"
    with serve(tmp_path) as url:
        assert get(url + "assets/pyodide/0123/python-snapshot.bin") == "snapshot"
        assert get(url + "sw.js") == SW
