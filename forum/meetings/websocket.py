"""Chat WebSockets without permessage-deflate, unless CHAT_WEBSOCKET_COMPRESSION.

Browsers always offer the extension and simple-websocket (the WebSocket layer
under python-engineio) always accepts it, with no setting in between. For
chat it costs more than it saves: every message is deflated once per
connection (about 30% of the server's CPU per delivery: bench/README.md)
and each connection keeps its own compressor (~0.2 MiB), to spare some
200 bytes of a small JSON event. Taking the offer out of the handshake
leaves the connection uncompressed, which every client supports.
"""

from collections.abc import Callable, Iterable

OFFER = "HTTP_SEC_WEBSOCKET_EXTENSIONS"


def without_compression(wsgi_app: Callable) -> Callable:
    """Wrap a WSGI app so that no WebSocket handshake it sees offers extensions."""

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        environ.pop(OFFER, None)
        return wsgi_app(environ, start_response)

    return app
