"""Load records into a database: one logical schema, built the same way for DuckDB and PostgreSQL.

``tables`` defines the tables and turns a record into rows, ``backends`` speaks to each
database, ``run`` reads record files and loads them idempotently, ``cli`` is the command.
"""
