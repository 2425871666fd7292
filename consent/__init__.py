"""Forms patients sign: medical history and each treatment's consent, versioned, sent through
the outbox and signed on a phone or the clinic's tablet."""
