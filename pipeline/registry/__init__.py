"""Across records: which mentions are one document or one person, and which document cites which.

The last stage of the data flow. ``summarize`` reads one record and returns what it says about
documents, citations and people, each with a resolution key that depends on that record alone;
``build`` groups those summaries by key into the registry's four tables (documents_cited,
citations, people, person_positions). ``vnfacts resolve`` writes the tables to files, and
``vnfacts load`` keeps them in the database, recomputing only the keys that new records touch.
"""
