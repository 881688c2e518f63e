"""The set-up a newcomer meets: each missing prerequisite and a taken port get a message that says
what to do, and the site's own extras carry everything the build uses (.ci/newcomer proves the rest
on a fresh clone)."""
from __future__ import annotations

import socket
import subprocess
import tomllib
from pathlib import Path

from conftest import ROOT


def run(cmd: list[str], cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    import os
    return subprocess.run(cmd, cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=120)


def fake_python(tmp_path: Path, body: str) -> Path:
    """A stand-in `python3` whose behaviour the test chooses (too old, or without venv)."""
    path = tmp_path / "python3"
    path.write_text("#!/usr/bin/env bash\n" + body)
    path.chmod(0o755)
    return path


def serve(port: str) -> subprocess.CompletedProcess:
    """What `make serve PORT=port` runs once set up: tools/serve, checked to be its recipe with `make -n`
    (which runs nothing: a real `make serve` in a worktree whose .venv and node_modules are links to
    another checkout's would set those up again, over the other checkout's). Under `make test` this make is
a sub-make, which prints "Entering directory" lines unless told not to."""
    recipe = run(["make", "--no-print-directory", "-n", "serve", f"PORT={port}"]).stdout.splitlines()
    assert recipe[-1:] == [f"tools/serve {port}"], recipe
    return run(["tools/serve", port])


def test_serve_on_a_taken_port_says_so_and_how_to_go_on():
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        proc = serve(str(port))
    assert proc.returncode != 0
    assert f"127.0.0.1:{port} is already in use" in proc.stderr
    assert f"make serve PORT={port + 1}" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_serve_refuses_a_port_that_is_not_a_number():
    proc = serve("80a")
    assert proc.returncode != 0
    assert "PORT must be a port number (1-65535), not '80a'" in proc.stderr


def test_setup_without_python_names_what_to_install(tmp_path):
    proc = run([str(ROOT / "tools/setup-venv")], cwd=tmp_path, PYTHON=str(tmp_path / "nope"))
    assert proc.returncode == 1
    assert "is not installed; install Python 3.11" in proc.stderr
    assert not (tmp_path / ".venv").exists()


def test_setup_with_an_old_python_names_the_version(tmp_path):
    old = fake_python(tmp_path, 'if [ "$1" = --version ]; then echo "Python 3.9.2"; fi\nexit 1\n')
    proc = run([str(ROOT / "tools/setup-venv")], cwd=tmp_path, PYTHON=str(old))
    assert proc.returncode == 1
    assert "Python 3.9.2 is too old; Python 3.11 or newer is needed" in proc.stderr


def test_setup_without_the_venv_module_names_debians_package(tmp_path):
    # Debian's python3 without python3-venv: the version check passes, `-m venv` fails half-way.
    body = 'if [ "$1" = -m ]; then mkdir -p .venv; echo "ensurepip is not available" >&2; exit 1; fi\nexit 0\n'
    proc = run([str(ROOT / "tools/setup-venv")], cwd=tmp_path, PYTHON=str(fake_python(tmp_path, body)))
    assert proc.returncode == 1
    assert "sudo apt-get install python3-venv" in proc.stderr
    assert not (tmp_path / ".venv").exists(), "a half-made .venv would be taken for a working one"


def test_setup_makes_a_venv_that_runs(tmp_path):
    proc = run([str(ROOT / "tools/setup-venv")], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert run([str(tmp_path / ".venv/bin/python"), "-c", "print(1 + 1)"]).stdout == "2\n"


def test_the_site_extras_carry_the_wheel_builder_the_build_uses():
    # site_wheel.py builds with --no-isolation: the venv's setuptools must be the pinned, modern one.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    site = project["project"]["optional-dependencies"]["site"]
    assert project["build-system"]["requires"][0] in site
    assert not {d.split("==")[0] for d in site} & {"torch", "pytest", "playwright"}


def test_setup_without_node_says_which_node(tmp_path):
    proc = run(["/bin/bash", str(ROOT / "tools/setup-node")], cwd=tmp_path, PATH=str(tmp_path))
    assert proc.returncode == 1
    assert "node and npm are needed: Node.js 20 or newer, with npm" in proc.stderr


def test_setup_with_debians_node_18_says_it_is_too_old(tmp_path):
    for tool, out in (("node", "18"), ("npm", "9.2.0")):
        script = tmp_path / tool
        script.write_text(f"#!/bin/bash\n[ \"$1\" = --version ] && echo v{out}.19.0 || echo {out}\n")
        script.chmod(0o755)
    proc = run(["/bin/bash", str(ROOT / "tools/setup-node")], cwd=tmp_path, PATH=str(tmp_path))
    assert proc.returncode == 1
    assert "Node.js v18.19.0 is too old; Node.js 20 or newer is needed" in proc.stderr
