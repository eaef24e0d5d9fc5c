"""``briefgen preview`` itself: start the server, build, and rebuild on every save until Ctrl-C."""

from __future__ import annotations

import logging
import secrets
import signal
import sys
import threading
from pathlib import Path

from briefgen.content.load import load_file
from briefgen.content.validate import is_pack
from briefgen.errors import BriefgenError, ContentError
from briefgen.interface.preview.server import PreviewServer
from briefgen.interface.preview.session import Session
from briefgen.interface.watch import decide, watched
from briefgen.names import PAPERS, PRODUCTS

log = logging.getLogger(__name__)


def is_manifest(path: Path) -> bool:
    """Whether ``path`` holds a pack manifest (a file that cannot be read yet is taken for a brief)."""
    try:
        return is_pack(load_file(path).data)
    except ContentError:
        return False


def serve(session: Session, port: int = 0) -> PreviewServer:
    """Start the preview's server for ``session`` on ``port`` (0: any free one) in a thread of its own."""
    try:
        server = PreviewServer(port, session, secrets.token_urlsafe(18))
    except OSError as exc:
        raise BriefgenError(f"preview: cannot listen on 127.0.0.1:{port} ({exc.strerror or exc})") from None
    threading.Thread(target=server.serve_forever, args=(0.1,), name="preview-server", daemon=True).start()
    return server


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def preview(path: str, paper: str = PAPERS[0], product: str | None = None, port: int = 0,
            open_browser: bool = False, quiet: bool = False) -> int:
    """Serve the preview of ``path`` and rebuild it on every save until Ctrl-C (then exit status 0)."""
    try:
        from watchfiles import watch as changes
    except ImportError:
        raise BriefgenError("preview needs the watchfiles package: pip install watchfiles") from None
    source = Path(path).resolve()
    pack = is_manifest(source)
    session = Session(Path(path), pack, paper, None if pack else product, quiet)  # messages name the path as given
    server = serve(session, port)
    print(f"briefgen preview: {server.url}", flush=True)
    print(f"previewing {path}; Ctrl-C to stop", file=sys.stderr, flush=True)
    formats = ("pack", *PRODUCTS) if pack else PRODUCTS
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl-C does: cleanly, status 0
    try:
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        session.view(*session.active)
        state = watched(source, formats, session.inputs)
        while True:
            folders = state.folders()
            for batch in changes(*(str(folder) for folder in folders), step=20):
                decision = decide((Path(name).resolve() for _, name in batch), state)
                if decision.forget:
                    session.forget()
                if decision.rebuild:
                    session.changed()
                    state = watched(source, formats, session.inputs or state.figures)
                if state.folders() != folders:
                    break  # a figure (or a pack's brief) in a folder not watched yet: watch again, with it
    except KeyboardInterrupt:
        pass
    finally:
        session.close()
        server.shutdown()
        server.server_close()
    print("briefgen preview: stopped", file=sys.stderr)
    return 0
