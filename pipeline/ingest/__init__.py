"""Scheduled ingest of portal news: feeds and sitemaps -> article pages -> records in daily JSONL files.

``config`` reads the TOML config, ``fetch`` fetches politely, ``feeds``/``sitemaps`` list URLs,
``html`` reads article pages, ``state`` remembers every URL in SQLite, ``sink`` publishes the
daily files, and ``run`` chains them into one pass (``run_pass``) or a loop (``run_ingest``).
"""
