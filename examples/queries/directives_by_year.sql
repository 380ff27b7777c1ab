-- Directives (Chỉ thị) of the provincial party standing committee (symbol CT/TU), by year of issue:
-- the directive, who issued it, and how many documents cite it. A document's own header names its
-- issuer in capitals ('TỈNH ỦY'); the form citations write ('Ban Thường vụ Tỉnh ủy') is preferred.
SELECT substr(e.attrs->>'issued', 1, 4) AS year,
       e.attrs->>'code' AS directive,
       coalesce(max(e.attrs->>'issuer') FILTER (WHERE e.attrs->>'issuer' <> upper(e.attrs->>'issuer')),
                max(e.attrs->>'issuer')) AS issuer,
       count(DISTINCT e.doc_id) AS documents
FROM current_entities e
WHERE e.label = 'DOC_REF' AND e.attrs->>'code' LIKE '%-CT/TU'
GROUP BY 1, 2
ORDER BY 1, 2;
