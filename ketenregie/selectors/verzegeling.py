"""A kept publication's bytes: a pickle under a seal (``ketenregie.selectors.publicatie``).

The seal is an HMAC of the pickle under the SECRET_KEY: only what this application wrote is ever
unpickled, so that write access to the table alone does not run code in the web server.

A process unpickles a publication once, by its seal: a month's publication is read on every view
of the dashboard, and unpickling its thousand cells cost more than the rest of the figures
(1.8 ms each, two per view, issue 16). A seal stands for the exact bytes, so one found in
``GELEZEN`` stands for the same figures; a changed publication has another seal. What is read is
shared by the requests that read it: nothing may change it (the figures are frozen dataclasses,
and the dashboard's test checks that a view leaves them as kept).
"""

from __future__ import annotations

import logging
import pickle  # nosec B403
import threading
from collections import OrderedDict

from django.utils.crypto import constant_time_compare, salted_hmac

logger = logging.getLogger(__name__)

_ZOUT = "ketenregie.maandpublicatie"
ZEGELLENGTE = 32
GELEZEN: OrderedDict[bytes, object] = OrderedDict()  # least recently read first
GELEZEN_MAX = 64
_SLOT = threading.Lock()


def zegel(inhoud: bytes) -> bytes:
    return salted_hmac(_ZOUT, inhoud, algorithm="sha256").digest()


def verzegeld(waarde: object) -> bytes:
    inhoud = pickle.dumps(waarde, protocol=pickle.HIGHEST_PROTOCOL)
    return zegel(inhoud) + inhoud


def openen(bewaard: bytes | memoryview, wat: str) -> tuple[object, bytes] | None:
    """What ``verzegeld`` made of a value, and its seal; None (with a warning naming ``wat``) when
    the seal does not match or the pickle does not read."""
    bewaard = bytes(bewaard)
    gezegeld, inhoud = bewaard[:ZEGELLENGTE], bewaard[ZEGELLENGTE:]
    if not constant_time_compare(gezegeld, zegel(inhoud)):
        logger.warning("Een bewaarde publicatie van %s heeft geen geldig zegel; opnieuw gemaakt.", wat)
        return None
    waarde = GELEZEN.get(gezegeld)
    if waarde is None:
        try:
            # The seal above proves this application wrote it.
            waarde = pickle.loads(inhoud)  # noqa: S301  # nosec B301
        except Exception:  # a pickle of other code: made again, not a server error
            logger.warning("Een bewaarde publicatie van %s is niet te lezen; opnieuw gemaakt.", wat)
            return None
    with _SLOT:  # threads of one process (runserver, a threaded worker) share GELEZEN
        GELEZEN[gezegeld] = waarde
        GELEZEN.move_to_end(gezegeld)
        while len(GELEZEN) > GELEZEN_MAX:
            GELEZEN.popitem(last=False)
    return waarde, gezegeld
