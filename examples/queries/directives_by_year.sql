-- Directives (Chỉ thị) of the provincial party standing committee (symbol CT/TU), by year of issue:
-- the directive, who issued it, and how many documents cite it.
SELECT substr(e.attrs->>'issued', 1, 4) AS year,
       e.attrs->>'code' AS directive,
       max(e.attrs->>'issuer') AS issuer,
       count(DISTINCT e.doc_id) AS documents
FROM current_entities e
WHERE e.label = 'DOC_REF' AND e.attrs->>'code' LIKE '%-CT/TU'
GROUP BY 1, 2
ORDER BY 1, 2;
