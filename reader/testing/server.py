"""A live WSGI server in a thread, for browser tests and benchmarks (file-backed databases only:
an in-memory SQLite database is one per connection)."""

import threading

from werkzeug.serving import make_server


def closing_bodies(app):
    """`app` with every response body closed once it is served, or its connection dropped.

    werkzeug's server skips `close()` when a client resets the connection (its drain of the
    socket raises first): a browser that closes a page still loading, as tests do more often
    on a busy machine, then leaves a static file open, and its ResourceWarning fails whichever
    test runs when it is collected (`filterwarnings = error`). A generator's `finally` runs
    when the body is exhausted, and when the server drops the generator, whatever happened.
    """

    def serve(environ, start_response):
        body = app(environ, start_response)
        try:
            yield from body
        finally:
            if hasattr(body, "close"):
                body.close()

    return serve


class LiveServer:
    """Serves `app` on `host` at a free port until `stop()`; `ssl_context` makes it HTTPS."""

    def __init__(self, app, host: str = "127.0.0.1", name: str | None = None, ssl_context=None):
        self.app = app
        self.server = make_server(
            host, 0, closing_bodies(app), threaded=True, ssl_context=ssl_context
        )
        self.port = self.server.server_port
        self.scheme = "https" if ssl_context else "http"
        self.url = self.url_as(name or host)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url_as(self, name: str) -> str:
        """This server's address under another host name (e.g. one mapped to loopback)."""
        return f"{self.scheme}://{name}:{self.port}"

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)
