"""Forms of the ketenregie app, one module per subdomain.

They read input; the services decide what is valid.
"""
