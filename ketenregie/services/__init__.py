"""Every write of the ketenregie app, one module per subdomain.

Each service is keyword-only, validates with Dutch messages per field
(``ValidationError``), owns its transaction and records who did it in the history.
A step the user may not take raises ``Geweigerd``; its message is shown as it is.
"""


class Geweigerd(Exception):
    """A step that is not allowed; the message is shown to the user."""
