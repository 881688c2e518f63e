"""The build's one MkDocs plugin (sitebuild/plugin.py): its steps run in the order it states, each
given what the one before returned, and a step's own priority keeps its place among other plugins."""
from types import SimpleNamespace

from mkdocs.plugins import CombinedEvent

from sitebuild import plugin
from sitebuild.pages import notebooks


def test_each_event_runs_the_steps_in_the_stated_order_passing_the_item_along(monkeypatch):
    calls = []

    def step(name, returns):
        def on_page_markdown(markdown, page, config, files):
            calls.append((name, markdown))
            return returns(markdown)
        return SimpleNamespace(__name__=name, on_page_markdown=on_page_markdown)

    steps = (step("a", lambda m: m + "a"), step("b", lambda m: None), step("c", lambda m: m + "c"))
    monkeypatch.setattr(plugin, "STEPS", steps)
    [(priority, in_order)] = plugin._groups("page_markdown").items()
    run = plugin._chain("page_markdown", priority, in_order)
    assert run(None, "x", page=None, config=None, files=None) == "xac"
    assert calls == [("a", "x"), ("b", "xa"), ("c", "xa")]  # b returned None: the item is unchanged


def test_a_step_with_a_priority_of_its_own_runs_in_a_group_of_its_own():
    """notebooks' on_files must follow mkdocs-jupyter's (priority -100): every other step's comes first."""
    files = plugin.GatesPlugin.__dict__["on_files"]
    assert isinstance(files, CombinedEvent)
    assert [m.mkdocs_priority for m in files.methods] == [0, -100]
    assert plugin._groups("files")[-100] == [notebooks]
    first = [s.__name__ for s in plugin._groups("files")[0]]
    assert first == [s.__name__ for s in plugin.STEPS if hasattr(s, "on_files") and s is not notebooks]


def test_widgets_expand_before_the_explainers_and_the_early_script_before_the_policy():
    order = [s.__name__.rsplit(".", 1)[1] for s in plugin.STEPS]
    assert order.index("widgets") < order.index("explainers_hook")
    assert order.index("cells_early") < order.index("csp")
    assert order[-1] == "offline"


NESTED = '''"""Test hook: at the outer build's first page, a whole other build, in this process."""
from mkdocs.commands.build import build
from mkdocs.config import load_config

started = []


def on_page_markdown(markdown, page, config, files):
    if not started:
        started.append(page.file.src_uri)
        inner = load_config(config_file={config!r}, site_dir={site!r})
        inner.plugins.on_startup(command="build", dirty=False)
        build(inner)
    return markdown
'''


def test_a_build_inside_another_build_shares_none_of_its_state(tmp_path, caplog):
    """Two builds in one process, the second run while the first is half done (module globals, or the
    one plugin instance MkDocs keeps, would mix them): each counts its own pages with cells, and the
    outer build, resumed, still has its explainers, maths, early script and service worker."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from conftest import docs_dir_config, write_pages

    caplog.set_level(logging.INFO)
    cell = "```pycell\nprint({!r})\n```\n"
    outer = write_pages(tmp_path / "outer", {"index.md": "# Outer\n\n" + cell.format("outer 1"),
                                             "two.md": "# Two\n\n\\(c_t\\) and {{ value cliff.rnn_vanish_k20 }}\n\n"
                                             + cell.format("outer 2")})
    inner = write_pages(tmp_path / "inner", {"index.md": "# Inner\n\n\\(h_t\\)\n\n" + cell.format("inner")})
    with docs_dir_config(tmp_path, inner, tmp_path / "inner-site") as inner_cfg:
        hook = tmp_path / "nested.py"
        hook.write_text(NESTED.format(config=str(inner_cfg), site=str(tmp_path / "inner-site")))
        with docs_dir_config(tmp_path, outer, tmp_path / "outer-site", f"hooks:\n  - {hook}\n") as outer_cfg:
            config = load_config(config_file=str(outer_cfg), site_dir=str(tmp_path / "outer-site"))
            config.plugins.on_startup(command="build", dirty=False)
            build(config)
    counts = [r.getMessage() for r in caplog.records if r.getMessage().startswith("pycells: ")]
    assert [c.split(",")[0] for c in counts] == ["pycells: 1 page with cells", "pycells: 2 pages with cells"]
    two = (tmp_path / "outer-site/two/index.html").read_text()
    assert "class=\"katex\"" in two and "{{ value" not in two and " data-boot>" in two and "outer 2" in two
    assert (tmp_path / "outer-site/sw.js").is_file() and (tmp_path / "inner-site/sw.js").is_file()
    assert "outer 1" not in (tmp_path / "inner-site/index.html").read_text()


def test_under_serve_an_edited_step_is_reloaded_after_what_it_imports(tmp_path, monkeypatch):
    """sitebuild/reload.py on a package of its own: `b` imports from `z` (a reload in name order would
    bind z's old value), the plugin's method looks the new handler up; nothing changed, nothing reloads."""
    import importlib
    import os
    import sys

    from sitebuild import reload

    package = tmp_path / "fakebuild"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "z.py").write_text("VALUE = 1\n")
    (package / "b.py").write_text("from .z import VALUE\n\n\ndef on_page_markdown(markdown, page, config, files):\n"
                                  "    return markdown + str(VALUE)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    for name in ("fakebuild", "fakebuild.z", "fakebuild.b"):  # gone again after the test
        monkeypatch.setitem(sys.modules, name, None)
        del sys.modules[name]
    b = importlib.import_module("fakebuild.b")
    sources = reload.Sources("fakebuild")
    serving = plugin.GatesPlugin()
    serving.sources = sources
    run = plugin._chain("page_markdown", 0, [b])
    assert run(serving, "x", page=None, config=None, files=None) == "x1"
    assert sources.reload_if_changed() == []
    (package / "z.py").write_text("VALUE = 22\n")
    (package / "b.py").write_text((package / "b.py").read_text().replace("str(VALUE)", '"<" + str(VALUE) + ">"'))
    for edited in ("z.py", "b.py"):  # a later mtime, as an edit a second later has
        stat = (package / edited).stat()
        os.utime(package / edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    serving._reload_if_changed()
    assert run(serving, "x", page=None, config=None, files=None) == "x<22>"
    assert sources.reload_if_changed() == []


def test_under_serve_an_edit_in_a_subpackage_is_reloaded_after_what_it_imports(tmp_path, monkeypatch):
    """sitebuild's steps live in subpackages (pages/, runtime/): an edit there is seen, and a module is
    reloaded after what it imports from another room (`from ..z`, `from ..other import y`)."""
    import importlib
    import os
    import sys

    from sitebuild import reload

    package = tmp_path / "roomsbuild"
    for folder in (package, package / "pages", package / "other"):
        folder.mkdir()
        (folder / "__init__.py").write_text("")
    (package / "z.py").write_text("VALUE = 1\n")
    (package / "other" / "y.py").write_text("WORD = 'a'\n")
    (package / "pages" / "b.py").write_text("from ..z import VALUE\nfrom ..other import y\n\n\n"
                                            "def on_page_markdown(markdown, page, config, files):\n"
                                            "    return markdown + str(VALUE) + y.WORD\n")
    names = ("roomsbuild", "roomsbuild.z", "roomsbuild.other", "roomsbuild.other.y", "roomsbuild.pages",
             "roomsbuild.pages.b")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    for name in names:  # gone again after the test
        monkeypatch.setitem(sys.modules, name, None)
        del sys.modules[name]
    b = importlib.import_module("roomsbuild.pages.b")
    order = [m.__name__ for m in reload.in_import_order("roomsbuild")]
    assert order.index("roomsbuild.z") < order.index("roomsbuild.pages.b")
    assert order.index("roomsbuild.other.y") < order.index("roomsbuild.pages.b")
    sources = reload.Sources("roomsbuild")
    serving = plugin.GatesPlugin()
    serving.sources = sources
    run = plugin._chain("page_markdown", 0, [b])
    assert run(serving, "x", page=None, config=None, files=None) == "x1a"
    (package / "z.py").write_text("VALUE = 22\n")
    (package / "other" / "y.py").write_text("WORD = 'b'\n")
    for edited in ("z.py", "other/y.py"):  # a later mtime, as an edit a second later has
        stat = (package / edited).stat()
        os.utime(package / edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    serving._reload_if_changed()
    assert run(serving, "x", page=None, config=None, files=None) == "x22b"
    (package / "pages" / "b.py").write_text((package / "pages" / "b.py").read_text().replace("+ y.WORD", "+ '!'"))
    stat = (package / "pages" / "b.py").stat()
    os.utime(package / "pages" / "b.py", ns=(stat.st_atime_ns, stat.st_mtime_ns + 4_000_000_000))
    serving._reload_if_changed()  # an edit inside a subpackage alone is seen too
    assert run(serving, "x", page=None, config=None, files=None) == "x22!"
    assert sources.reload_if_changed() == []
