-- Documents issued per committee per year in Nghệ An and its districts, each document counted once however
-- many records cite it (duplicates merged), with how many mentions cite them.
SELECT d.scope, d.committee, substr(d.issued, 1, 4) AS year, count(*) AS documents,
       CAST(sum(d.mentions) AS INTEGER) AS mentions
FROM documents_cited d
WHERE (d.scope = 'Nghệ An' OR d.scope LIKE 'Nghệ An/%') AND d.issued IS NOT NULL AND d.committee IS NOT NULL
GROUP BY d.scope, d.committee, substr(d.issued, 1, 4)
ORDER BY d.scope, d.committee, year;
