// Full-text search across runbooks and incidents (PostgreSQL, English configuration), with the matching
// words marked. The document expressions match the GIN indexes of the migration exactly, so any tsquery
// uses them. Callers check the permissions (./index.ts).
import { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";
import { MARK_END, MARK_START } from "./marks";

export type TextHit = {
  id: string;
  number: number | null;
  title: string;
  snippet: string;
  rank: number;
  status: string | null;
  updatedAt: Date;
};

const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=2, MaxWords=25, MinWords=8, FragmentDelimiter=" … "`;

/**
 * Plain words are matched as prefixes ("pay" finds "payments") since the palette searches as one types;
 * anything with search syntax (quotes, a minus, "or") goes to websearch_to_tsquery as the search page
 * documents, as does any word beyond ASCII letters and digits: the prefix form is built from those only,
 * so it can carry no tsquery syntax nor a character the text-search parser would not take for a word.
 */
export function tsQueryOf(q: string): { prefixes: string[] } | { websearch: string } {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const plain = words.every((w) => /^[a-z0-9]+$/.test(w)) && !words.includes("or");
  return plain ? { prefixes: words.map((w) => `${w}:*`) } : { websearch: q };
}

/**
 * Each typed prefix matches stemmed or as typed. The English stemmer rewrites a word's end: "fly" becomes
 * "fli", which starts no indexed "flyway"; as typed ('simple') it does. A whole word ("payments") matches
 * through its stem ("payment").
 */
function tsQuery(q: string): Prisma.Sql {
  const query = tsQueryOf(q);
  if ("websearch" in query) return Prisma.sql`websearch_to_tsquery('english', ${query.websearch})`;
  const each = query.prefixes.map(
    (prefix) => Prisma.sql`(to_tsquery('english', ${prefix}) || to_tsquery('simple', ${prefix}))`,
  );
  return Prisma.join(each, " && ", "(", ")");
}

export async function searchRunbooks(q: string, limit: number): Promise<TextHit[]> {
  const rows = await db().$queryRaw<TextHit[]>`
    select id::text, null::int as number, title, null as status, updated_at as "updatedAt",
           ts_headline('english', body, q, ${HEADLINE}) as snippet,
           ts_rank(setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B'), q) as rank
    from runbooks, (select ${tsQuery(q)} as q) as query
    where (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) @@ q
    order by rank desc, updated_at desc limit ${limit}`;
  return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}

/** Incidents by their words, and the one whose number is the query ("42", "#42") first. */
export async function searchIncidents(q: string, limit: number): Promise<TextHit[]> {
  const number = /^#?(\d{1,9})$/.exec(q)?.[1];
  const rows = await db().$queryRaw<TextHit[]>`
    select id::text, number, title, status::text as status, updated_at as "updatedAt",
           ts_headline('english', title || ' — ' || summary || ' ' || customer_impact || ' ' || root_cause, q, ${HEADLINE}) as snippet,
           case when number = ${number === undefined ? null : Number(number)}::int then 1
                else ts_rank(setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary || ' ' || customer_impact || ' ' || root_cause), 'B'), q) end as rank
    from incidents, (select ${tsQuery(q)} as q) as query
    where (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary || ' ' || customer_impact || ' ' || root_cause), 'B')) @@ q
       or number = ${number === undefined ? null : Number(number)}::int
    order by rank desc, updated_at desc limit ${limit}`;
  return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}
