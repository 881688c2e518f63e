"""Serve a folder on 127.0.0.1 (a free port) for the browser measurements, quietly."""
import contextlib
import functools
import http.server
import re
import sys
import threading

# The site's Python snapshot (site_snapshot.js): refused, a page's Python starts afresh.
SITE_SNAPSHOT = re.compile(r"/python-snapshot\.bin$")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    refused = None  # a pattern of paths answered 404, as if the file were not on the host

    def log_message(self, *args):
        pass

    def send_head(self):
        if self.refused and self.refused.search(self.path):
            self.send_error(404)
            return None
        return super().send_head()


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser context closed mid-download resets its connections: expected, not worth a traceback."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder, refuse=None):
    """Yield the base URL of `folder` served over HTTP on 127.0.0.1 until the block ends; paths that
    the compiled regular expression `refuse` finds are answered 404."""
    handler = type("Handler", (_Quiet,), {"refused": refuse})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
