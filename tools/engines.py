"""One way to write a browser test, on the three engines readers use: Chromium (Playwright), Firefox
(WebDriver BiDi, spoken here over its websocket: Debian ships no geckodriver) and WebKit, Safari's
engine (WebKitGTK's WebDriver through selenium, MiniBrowser on a virtual screen).

A test gets a `Reader` and uses the page as a reader does: it opens a URL, clicks what it sees (by CSS
selector), types and presses keys into what has the focus, and reads the text and attributes the page
shows. `evaluate` only reads state; a test never acts through it.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ENGINES = ("chromium", "firefox", "webkit")
FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
MINIBROWSER = os.environ.get("MINIBROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
XVFB = "/usr/bin/Xvfb"

# Keys by the names tests use -> WebDriver's code points (shared by BiDi and classic WebDriver).
KEYS = {"Enter": "\ue007", "Control": "\ue009", "Shift": "\ue008", "Tab": "\ue004", "Escape": "\ue00c",
        "End": "\ue010", "Home": "\ue011", "ArrowLeft": "\ue012", "ArrowUp": "\ue013", "ArrowRight": "\ue014",
        "ArrowDown": "\ue015", "PageUp": "\ue00e", "PageDown": "\ue00f"}


def _chord(key: str) -> list[str]:
    """'Control+a' -> ['\\ue009', 'a']; a name this table lacks is a mistake, not text to type."""
    parts = [KEYS.get(part, part) for part in key.split("+")]
    if any(len(p) != 1 for p in parts):
        raise ValueError(f"unknown key in {key!r}: add it to engines.KEYS")
    return parts


class Reader:
    """What every engine offers a test."""
    engine = "?"

    def open(self, url: str) -> None: ...
    def click(self, css: str) -> None: ...
    def type(self, text: str) -> None: ...
    def press(self, key: str) -> None: ...
    def evaluate(self, expression: str): ...
    def close(self) -> None: ...

    def errors(self) -> list[str]:
        return list(self._errors)

    def text(self, css: str) -> str:
        return self.evaluate(f"document.querySelector({json.dumps(css)})?.innerText ?? null")

    def attribute(self, css: str, name: str):
        return self.evaluate(f"document.querySelector({json.dumps(css)})?.getAttribute({json.dumps(name)}) ?? null")

    def wait_for(self, condition: str, timeout: float = 60, what: str = "") -> object:
        """Poll a JS expression until it is truthy; fail with `what` (or the expression) after `timeout` s."""
        until = time.monotonic() + timeout
        while True:
            value = self.evaluate(condition)
            if value:
                return value
            if time.monotonic() > until:
                raise AssertionError(f"{self.engine}: timed out after {timeout} s waiting for {what or condition}")
            time.sleep(0.2)

    def scroll_to(self, css: str) -> None:
        """As a reader scrolls: bring the element to the middle of the screen."""
        self.evaluate(f"document.querySelector({json.dumps(css)}).scrollIntoView({{block: 'center'}})")


class ChromiumReader(Reader):
    """Playwright's page in the session's Debian chromium (conftest.browser)."""
    engine = "chromium"

    def __init__(self, browser):
        self._context = browser.new_context()
        self._page = self._context.new_page()
        self._errors: list[str] = []
        self._page.on("console", lambda m: m.type == "error" and self._errors.append(m.text))
        self._page.on("pageerror", lambda e: self._errors.append(str(e)))

    def open(self, url):
        self._page.goto(url, wait_until="load")

    def click(self, css):
        self._page.locator(css).first.click()

    def type(self, text):
        self._page.keyboard.type(text)

    def press(self, key):
        self._page.keyboard.press(key)

    def evaluate(self, expression):
        return self._page.evaluate(expression)

    def close(self):
        self._context.close()


class FirefoxBrowser:
    """Debian's firefox-esr, headless, spoken to in WebDriver BiDi over its websocket (one per session)."""

    def __init__(self):
        from websockets.sync.client import connect

        self._profile = tempfile.mkdtemp(prefix="gates-firefox-")
        Path(self._profile, "user.js").write_text(
            'user_pref("remote.active-protocols", 1);\n'  # BiDi only
            'user_pref("browser.shell.checkDefaultBrowser", false);\n'
            'user_pref("datareporting.policy.dataSubmissionEnabled", false);\n'
            'user_pref("app.update.disabledForTesting", true);\n'
            'user_pref("network.captive-portal-service.enabled", false);\n')
        self._proc = subprocess.Popen(
            [FIREFOX, "--headless", "--no-remote", "--profile", self._profile, "--remote-debugging-port=0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = self._websocket_url()
        self._ws = connect(url + "/session", max_size=None, open_timeout=30)
        self._ids = itertools.count(1)
        self._listeners: list = []
        self.send("session.new", capabilities={"alwaysMatch": {"acceptInsecureCerts": True}})
        self.send("session.subscribe", events=["log.entryAdded"])

    def _websocket_url(self) -> str:
        """Firefox prints 'WebDriver BiDi listening on ws://127.0.0.1:PORT' once it listens."""
        deadline = time.monotonic() + 60
        for line in self._proc.stderr:
            if "WebDriver BiDi listening on " in line:
                return line.split("listening on ", 1)[1].strip()
            if time.monotonic() > deadline:
                break
        raise RuntimeError("firefox-esr did not open its WebDriver BiDi port")

    def send(self, method: str, **params):
        """One command; events that arrive meanwhile go to the listeners."""
        i = next(self._ids)
        self._ws.send(json.dumps({"id": i, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("id") == i:
                if message.get("type") == "error":
                    raise RuntimeError(f"firefox: {method}: {message.get('error')}: {message.get('message')}")
                return message["result"]
            for listener in self._listeners:
                listener(message)

    def close(self):
        with contextlib.suppress(Exception):
            self.send("session.end")
        self._proc.terminate()
        self._proc.wait(timeout=30)
        shutil.rmtree(self._profile, ignore_errors=True)


class FirefoxReader(Reader):
    """A fresh user context (its own storage and caches) and tab in the session's Firefox."""
    engine = "firefox"

    def __init__(self, browser: FirefoxBrowser):
        self._b = browser
        self._user = browser.send("browser.createUserContext")["userContext"]
        self._tab = browser.send("browsingContext.create", type="tab", userContext=self._user)["context"]
        self._errors: list[str] = []
        browser._listeners.append(self._on_event)

    def _on_event(self, message):
        params = message.get("params", {})
        if message.get("method") == "log.entryAdded" and params.get("level") == "error":
            self._errors.append(params.get("text") or str(params))

    def open(self, url):
        self._b.send("browsingContext.navigate", context=self._tab, url=url, wait="complete")

    def evaluate(self, expression):
        result = self._b.send("script.evaluate", expression=expression, target={"context": self._tab},
                              awaitPromise=True, resultOwnership="none")
        if result.get("type") == "exception":
            raise RuntimeError(f"firefox: {expression[:80]}: {result['exceptionDetails'].get('text')}")
        return _bidi_value(result["result"])

    def click(self, css):
        self.scroll_to(css)
        found = self._b.send("script.evaluate", expression=f"document.querySelector({json.dumps(css)})",
                             target={"context": self._tab}, awaitPromise=False, resultOwnership="root")
        element = {"sharedId": found["result"]["sharedId"]}
        self._actions([{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": [
            {"type": "pointerMove", "x": 0, "y": 0, "origin": {"type": "element", "element": element}},
            {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]}])

    def type(self, text):
        keys = [a for ch in text for a in ({"type": "keyDown", "value": ch}, {"type": "keyUp", "value": ch})]
        self._actions([{"type": "key", "id": "keyboard", "actions": keys}])

    def press(self, key):
        chord = _chord(key)
        down = [{"type": "keyDown", "value": k} for k in chord]
        up = [{"type": "keyUp", "value": k} for k in reversed(chord)]
        self._actions([{"type": "key", "id": "keyboard", "actions": down + up}])

    def _actions(self, actions):
        self._b.send("input.performActions", context=self._tab, actions=actions)
        self._b.send("input.releaseActions", context=self._tab)

    def close(self):
        self._b._listeners.remove(self._on_event)
        with contextlib.suppress(Exception):
            self._b.send("browsingContext.close", context=self._tab)
            self._b.send("browser.removeUserContext", userContext=self._user)


def _bidi_value(remote):
    """A BiDi RemoteValue as Python (strings, numbers, booleans, null, arrays, plain objects)."""
    kind, value = remote.get("type"), remote.get("value")
    if kind in ("undefined", "null"):
        return None
    if kind == "array":
        return [_bidi_value(v) for v in value]
    if kind == "object":
        return {k if isinstance(k, str) else _bidi_value(k): _bidi_value(v) for k, v in value}
    if kind == "number" and isinstance(value, str):
        return float(value)  # NaN, Infinity, -0
    return value


class VirtualScreen:
    """An Xvfb display for MiniBrowser, which needs one even when nothing is looked at."""

    def __init__(self):
        read, write = os.pipe()
        self._proc = subprocess.Popen([XVFB, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                                      pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            self.display = ":" + f.readline().strip()

    def close(self):
        self._proc.terminate()
        self._proc.wait(timeout=30)


class WebKitReader(Reader):
    """A fresh MiniBrowser (WebKitGTK) session through WebKitWebDriver. Its driver reports no console
    (and MiniBrowser under automation writes none), so the page collects its own errors: the pages are
    served by ErrorCollectingHost, whose script records exceptions, console.error, unhandled
    rejections, refused loads and policy violations (not the browser's own network messages)."""
    engine = "webkit"

    def __init__(self, screen: VirtualScreen):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        self._errors: list[str] = []
        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        service = Service(executable_path=WEBKIT_DRIVER, env={**os.environ, "DISPLAY": screen.display})
        self._d = webdriver.WebKitGTK(options=options, service=service)
        self._d.set_script_timeout(120)
        self._d.set_window_size(1280, 900)

    def open(self, url):
        self._harvest()
        self._d.get(url)

    def evaluate(self, expression):
        return self._d.execute_script(f"return (async () => ({expression}))()")

    def click(self, css):
        from selenium.webdriver.common.by import By

        self.scroll_to(css)
        self._d.find_element(By.CSS_SELECTOR, css).click()

    def type(self, text):
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self._d).send_keys(text.replace("\n", KEYS["Enter"])).perform()

    def press(self, key):
        from selenium.webdriver.common.action_chains import ActionChains

        chord = _chord(key)
        chain = ActionChains(self._d)
        for k in chord[:-1]:
            chain.key_down(k)
        chain.send_keys(chord[-1])
        for k in reversed(chord[:-1]):
            chain.key_up(k)
        chain.perform()

    def _harvest(self):
        """The errors the page collected (ErrorCollectingHost's script), kept across navigations."""
        with contextlib.suppress(Exception):
            self._errors += self._d.execute_script("return (window.__gatesErrors ?? []).splice(0)") or []

    def errors(self):
        self._harvest()
        return list(self._errors)

    def close(self):
        with contextlib.suppress(Exception):
            self._d.quit()


ERROR_SCRIPT = b"""// tools/engines.py: what WebKit's driver cannot report, collected by the page itself.
(() => {
  const errors = (window.__gatesErrors = []);
  const say = (text) => errors.push(String(text));
  const error = console.error.bind(console);
  console.error = (...args) => (say(args.map(String).join(" ")), error(...args));
  addEventListener("error", (e) => say(e.message || `could not load ${e.target?.src || e.target?.href}`), true);
  addEventListener("unhandledrejection", (e) => say(`unhandled rejection: ${e.reason?.message ?? e.reason}`));
  document.addEventListener("securitypolicyviolation", (e) => say(`refused by the policy: ${e.violatedDirective} ${e.blockedURI}`));
})();
"""
ERROR_SCRIPT_PATH = "/__gates_errors.js"


def error_collecting_host(base):
    """A handler class like `base` that puts ERROR_SCRIPT first in every page's <head> (a script of the
    site's own origin, so the page's policy allows it) and serves it."""
    import re

    class ErrorCollectingHost(base):
        def do_GET(self):
            if self.path == ERROR_SCRIPT_PATH:
                return self._send(ERROR_SCRIPT, "text/javascript")
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                if not self.path.split("?", 1)[0].endswith("/"):
                    return super().do_GET()  # its redirect to the folder's URL
                path = os.path.join(path, "index.html")
            if not path.endswith(".html") or not os.path.isfile(path):
                return super().do_GET()
            html = Path(path).read_bytes()
            tag = f'<script src="{ERROR_SCRIPT_PATH}"></script>'.encode()
            html = re.sub(rb"(<head[^>]*>)", lambda m: m.group(1) + tag, html, count=1)
            self._send(html, "text/html; charset=utf-8")

        def _send(self, body, kind):
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return ErrorCollectingHost
