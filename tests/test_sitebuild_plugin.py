"""The build's one MkDocs plugin (sitebuild/plugin.py): its steps run in the order it states, each
given what the one before returned, and a step's own priority keeps its place among other plugins."""
from types import SimpleNamespace

from mkdocs.plugins import CombinedEvent

from sitebuild import notebooks, plugin


def test_each_event_runs_the_steps_in_the_stated_order_passing_the_item_along(monkeypatch):
    calls = []

    def step(name, returns):
        def on_page_markdown(markdown, page, config, files):
            calls.append((name, markdown))
            return returns(markdown)
        return SimpleNamespace(__name__=name, on_page_markdown=on_page_markdown)

    steps = (step("a", lambda m: m + "a"), step("b", lambda m: None), step("c", lambda m: m + "c"))
    monkeypatch.setattr(plugin, "STEPS", steps)
    [(priority, handlers)] = plugin._groups("page_markdown").items()
    run = plugin._chain("page_markdown", priority, handlers)
    assert run(None, "x", page=None, config=None, files=None) == "xac"
    assert calls == [("a", "x"), ("b", "xa"), ("c", "xa")]  # b returned None: the item is unchanged


def test_a_step_with_a_priority_of_its_own_runs_in_a_group_of_its_own():
    """notebooks' on_files must follow mkdocs-jupyter's (priority -100): every other step's comes first."""
    files = plugin.GatesPlugin.__dict__["on_files"]
    assert isinstance(files, CombinedEvent)
    assert [m.mkdocs_priority for m in files.methods] == [0, -100]
    assert plugin._groups("files")[-100] == [notebooks.on_files]
    first = [h.__module__ for h in plugin._groups("files")[0]]
    assert first == [s.__name__ for s in plugin.STEPS if hasattr(s, "on_files") and s is not notebooks]


def test_widgets_expand_before_the_explainers_and_the_early_script_before_the_policy():
    order = [s.__name__.rsplit(".", 1)[1] for s in plugin.STEPS]
    assert order.index("widgets") < order.index("explainers_hook")
    assert order.index("cells_early") < order.index("csp")
    assert order[-1] == "offline"
