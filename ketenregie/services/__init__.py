"""Every write of the ketenregie app, one module per subdomain.

Each service is keyword-only, validates with Dutch messages per field
(``ValidationError``), owns its transaction and records who did it in the history.
A step the user may not take raises ``Geweigerd``; its message is shown as it is.
"""

from mensenhandel.acties import Geweigerd, eerder_verstuurd

__all__ = ["Geweigerd", "eerder_verstuurd"]
