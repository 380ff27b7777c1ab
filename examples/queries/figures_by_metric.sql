-- Figures per metric per year, for the metrics the documents report in more than one year:
-- every level (not a change or a target) whose clause names what it measures and its year.
WITH figures AS (
    SELECT e.attrs->>'metric' AS metric, CAST(e.attrs->>'year' AS INTEGER) AS year,
           e.text, e.doc_id, e.char_start
    FROM current_entities e
    WHERE e.label = 'PERCENT' AND e.attrs->>'metric' IS NOT NULL AND e.attrs->>'year' IS NOT NULL
      AND coalesce(e.attrs->>'kind', 'level') = 'level')
SELECT metric, year,
       string_agg(text, ' | ' ORDER BY doc_id, char_start) AS figures,
       count(DISTINCT doc_id) AS documents
FROM figures
WHERE metric IN (SELECT metric FROM figures GROUP BY metric HAVING count(DISTINCT year) > 1)
GROUP BY metric, year
ORDER BY metric, year;
