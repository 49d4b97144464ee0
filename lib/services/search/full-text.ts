// Full-text search across runbooks and incidents (PostgreSQL), with the matching words marked. Each kind
// is indexed twice: by English stems (so "payments" finds "payment") and by its words as written (so a
// half-typed word finds the word it starts). The document expressions match the GIN indexes of the
// migrations exactly, so any tsquery uses them. Callers check the permissions (./index.ts).
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

/** A kind's text: stemmed and weighted (titles first), its words as written, and what its snippet shows. */
type Indexed = { stemmed: Prisma.Sql; typed: Prisma.Sql; shown: Prisma.Sql };

const RUNBOOKS: Indexed = {
  stemmed: Prisma.sql`(setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B'))`,
  typed: Prisma.sql`to_tsvector('simple', title || ' ' || body)`,
  shown: Prisma.sql`body`,
};

const INCIDENTS: Indexed = {
  stemmed: Prisma.sql`(setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary || ' ' || customer_impact || ' ' || root_cause), 'B'))`,
  typed: Prisma.sql`to_tsvector('simple', title || ' ' || summary || ' ' || customer_impact || ' ' || root_cause)`,
  shown: Prisma.sql`title || ' — ' || summary || ' ' || customer_impact || ' ' || root_cause`,
};

/**
 * Which rows match, how well, and the snippet. A typed prefix matches a word's stem or the word as written:
 * the English stemmer rewrites a word's end, so a half-typed word is not always a prefix of its stem
 * ("runni" of "run", "fly" becomes "fli" and starts no "flyway"), while a whole word may differ from the
 * written one only by its stem ("payments" finds "payment"). Every typed word must match.
 */
function matching(q: string, text: Indexed) {
  const query = tsQueryOf(q);
  if ("websearch" in query) {
    const stemmed = Prisma.sql`websearch_to_tsquery('english', ${query.websearch})`;
    return {
      where: Prisma.sql`${text.stemmed} @@ ${stemmed}`,
      rank: Prisma.sql`ts_rank(${text.stemmed}, ${stemmed})`,
      snippet: Prisma.sql`ts_headline('english', ${text.shown}, ${stemmed}, ${HEADLINE})`,
    };
  }
  const stemmed = (prefix: string) => Prisma.sql`to_tsquery('english', ${prefix})`;
  const typed = (prefix: string) => Prisma.sql`to_tsquery('simple', ${prefix})`;
  const { prefixes } = query;
  const anyStemmed = Prisma.join(prefixes.map(stemmed), " || ", "(", ")");
  const anyTyped = Prisma.join(prefixes.map(typed), " || ", "(", ")");
  const byStem = Prisma.sql`ts_headline('english', ${text.shown}, ${anyStemmed}, ${HEADLINE})`;
  const asTyped = Prisma.sql`ts_headline('simple', ${text.shown}, ${anyTyped}, ${HEADLINE})`;
  return {
    where: Prisma.join(
      prefixes.map((p) => Prisma.sql`(${text.stemmed} @@ ${stemmed(p)} or ${text.typed} @@ ${typed(p)})`),
      " and ",
      "(",
      ")",
    ),
    rank: Prisma.sql`greatest(ts_rank(${text.stemmed}, ${anyStemmed}), ts_rank(${text.typed}, ${anyTyped}))`,
    // The words as typed where they mark something, else their stems ("payments" marks "payment").
    snippet: Prisma.sql`(select case when strpos(typed, ${MARK_START}) > 0 then typed else ${byStem} end from (select ${asTyped} as typed) as headline)`,
  };
}

export async function searchRunbooks(q: string, limit: number): Promise<TextHit[]> {
  const { where, rank, snippet } = matching(q, RUNBOOKS);
  const rows = await db().$queryRaw<TextHit[]>`
    select id::text, null::int as number, title, null as status, updated_at as "updatedAt",
           ${snippet} as snippet, ${rank} as rank
    from runbooks
    where ${where}
    order by rank desc, updated_at desc limit ${limit}`;
  return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}

/** Incidents by their words, and the one whose number is the query ("42", "#42") first. */
export async function searchIncidents(q: string, limit: number): Promise<TextHit[]> {
  const digits = /^#?(\d{1,9})$/.exec(q)?.[1];
  const number = digits === undefined ? null : Number(digits);
  const { where, rank, snippet } = matching(q, INCIDENTS);
  const rows = await db().$queryRaw<TextHit[]>`
    select id::text, number, title, status::text as status, updated_at as "updatedAt",
           ${snippet} as snippet,
           case when number = ${number}::int then 1 else ${rank} end as rank
    from incidents
    where ${where} or number = ${number}::int
    order by rank desc, updated_at desc limit ${limit}`;
  return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}
