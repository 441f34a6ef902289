"""sitrep: news reports about armed conflict in, a sourced ledger of events and claims out."""

__version__ = "0.1.0"
