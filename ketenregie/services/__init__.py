"""Every write of the ketenregie app, one module per subdomain.

Each service is keyword-only, takes the typed ``gegevens`` its form gives, validates with
Dutch messages per field (``ValidationError``), owns its transaction and records who did it
in the history. A step the user may not take raises ``mensenhandel.acties.Geweigerd``; its
message is shown as it is.
"""
