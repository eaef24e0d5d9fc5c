"""``briefgen preview``: a brief's (or a pack's) pages in the browser, rebuilt on every save.

The command is :func:`.run.preview`. A warm process, like ``briefgen watch``, rebuilds in
memory what a save calls for (:func:`briefgen.interface.watch.decide`) and a page on the
loopback interface shows the pages as pictures (:mod:`.pages`), served by :mod:`.server`
from :mod:`.session`. Nothing is written to disk. The page itself is data shipped in ``static/``.
"""
