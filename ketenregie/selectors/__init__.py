"""Every read of the ketenregie app, scoped to the user who asks; one module per subdomain."""
