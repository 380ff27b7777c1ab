-- Positions over time of the people named Bùi Đình Long and Hoàng Minh Đức, one person per row group:
-- first and last seen from the publication dates of the records that show the post.
SELECT p.name, p.province, p.id AS person, pp.title, pp.org, pp.first_seen, pp.last_seen, pp.records
FROM people p
JOIN person_positions pp ON pp.person_id = p.id
WHERE p.name IN ('Bùi Đình Long', 'Hoàng Minh Đức')
ORDER BY p.name, p.province, p.id, pp.first_seen, pp.title;
