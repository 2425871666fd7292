"""Before and after photos per session and view, kept in private storage and shown only through
access-checked, audited views."""
