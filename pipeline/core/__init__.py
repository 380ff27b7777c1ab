"""Foundations every stage shares: numbered errors, settings, the rule and model loaders, JSONL I/O,
the time budget every pattern runs under, and text helpers."""
