-- Who held which position when: holds_position facts, the person's name from its cluster,
-- the title as written, and the date of the document that says so; only the article's own text
-- (in_body), not its related-news list or footer.
SELECT p.name AS person,
       t.text AS position,
       d.published AS as_of,
       d.id AS document
FROM current_facts f
JOIN current_documents d ON d.id = f.doc_id AND d.version = f.version
JOIN current_entities pe ON pe.doc_id = f.doc_id AND pe.version = f.version AND pe.id = f.args->>'person'
JOIN current_persons p ON p.doc_id = f.doc_id AND p.version = f.version AND p.cluster = pe.cluster
JOIN current_entities t ON t.doc_id = f.doc_id AND t.version = f.version AND t.id = f.args->>'title'
WHERE f.type = 'holds_position' AND pe.in_body
ORDER BY person, as_of, position;
