-- Search as one types (lib/services/search/full-text.ts): the words of runbooks and incidents as written
-- ('simple': lower case, not stemmed), beside their English stems. A half-typed word is a prefix of the
-- word as written, not always of its stem: "runni" starts "running", not its stem "run". Expression
-- indexes: the queries use the same expressions. Listed in lib/db/schema-drift.int.test.ts as indexes
-- schema.prisma cannot describe.
CREATE INDEX "runbooks_search_typed_idx" ON "runbooks" USING GIN (
  to_tsvector('simple', "title" || ' ' || "body")
);
CREATE INDEX "incidents_search_typed_idx" ON "incidents" USING GIN (
  to_tsvector('simple', "title" || ' ' || "summary" || ' ' || "customer_impact" || ' ' || "root_cause")
);
