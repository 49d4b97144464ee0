// Full-text search across runbooks and incidents (PostgreSQL, English configuration), ranked, with the
// matching words marked. The expressions match the GIN indexes of the migration exactly.
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { db } from "@/lib/db/client";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { MARK_END, MARK_START } from "@/lib/services/search-marks";

export const searchInput = z.object({
  q: text().trim().min(2, "Type at least two characters.").max(200),
});

export type SearchHit = {
  kind: "runbook" | "incident";
  id: string;
  number: number | null;
  title: string;
  snippet: string;
  rank: number;
  status: string | null;
};

export async function search(ctx: ServiceContext, raw: unknown): Promise<SearchHit[]> {
  authorize(ctx, "runbooks:read");
  authorize(ctx, "incidents:read");
  const { q } = parseInput(searchInput, raw);
  const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=2, MaxWords=25, MinWords=8, FragmentDelimiter=" … "`;
  const runbooks = await db().$queryRaw<SearchHit[]>`
    select 'runbook' as kind, id::text, null::int as number, title, null as status,
           ts_headline('english', body, q, ${options}) as snippet,
           ts_rank(setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B'), q) as rank
    from runbooks, websearch_to_tsquery('english', ${q}) q
    where (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) @@ q
    order by rank desc limit 20`;
  const incidents = await db().$queryRaw<SearchHit[]>`
    select 'incident' as kind, id::text, number, title, status::text as status,
           ts_headline('english', title || ' — ' || summary || ' ' || customer_impact || ' ' || root_cause, q, ${options}) as snippet,
           ts_rank(setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary || ' ' || customer_impact || ' ' || root_cause), 'B'), q) as rank
    from incidents, websearch_to_tsquery('english', ${q}) q
    where (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary || ' ' || customer_impact || ' ' || root_cause), 'B')) @@ q
    order by rank desc limit 20`;
  return [...runbooks, ...incidents]
    .map((h) => ({ ...h, rank: Number(h.rank) }))
    .sort((a, b) => b.rank - a.rank);
}
