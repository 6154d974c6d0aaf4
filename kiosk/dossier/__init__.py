"""Dossiers: codes, local references, submission and the outbox glue."""
