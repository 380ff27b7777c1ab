-- The implementation chain of Chỉ thị 05-CT/TW (Politburo): the documents that implement it or are based on
-- it, then those that implement them in turn, down to district level. depth 0 is the central document.
WITH RECURSIVE chain(depth, doc_id, relation, cites) AS (
    SELECT 0, id, CAST(NULL AS TEXT), CAST(NULL AS TEXT)
    FROM documents_cited WHERE code = '05-CT/TW' AND scope = 'TW'
    UNION ALL
    SELECT chain.depth + 1, c.citing_id, c.relation, chain.doc_id
    FROM chain JOIN citations c ON c.cited_id = chain.doc_id
    WHERE c.citing_id IS NOT NULL AND c.relation IN ('implements', 'based_on') AND chain.depth < 4
)
SELECT DISTINCT chain.depth, d.doc_type, d.code, d.scope, d.committee, d.issued, chain.relation,
       up.code AS of_document
FROM chain
JOIN documents_cited d ON d.id = chain.doc_id
LEFT JOIN documents_cited up ON up.id = chain.cites
ORDER BY chain.depth, d.issued, d.code;
