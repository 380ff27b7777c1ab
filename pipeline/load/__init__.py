"""Load records into a database: one logical schema, built the same way for DuckDB and PostgreSQL.

``tables`` defines the tables and turns a record into rows, ``backends`` speaks to each
database, ``check`` says whether a record may load (schema and offsets), ``run`` reads record
files and loads them idempotently, ``query`` runs an SQL file on the result.
"""
