"use client";

import { Link } from "@/components/ui/link";
import { Badge, Banner, EmptyState } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useCatalogQuery } from "@/lib/client/health";
import { formatPercent } from "@/lib/format";
import { SourceBanners } from "./source-banner";

export function CatalogTable() {
  const catalog = useCatalogQuery();
  return (
    <>
      <PageHeader
        title="Services"
        description="Services found in Prometheus, with what Opsdeck knows about them: owner, tier, SLO and links."
      />
      {catalog.data && <SourceBanners sources={{ prometheus: catalog.data.source }} />}
      {catalog.isError && <Banner title="The catalog could not be loaded.">{catalog.error.message}</Banner>}
      <Table
        loading={catalog.isPending}
        empty={
          catalog.data?.services.length === 0 && (
            <EmptyState title="No services found">
              Services appear here when Prometheus has HTTP request metrics labelled with their name.
            </EmptyState>
          )
        }
      >
        <TableHeader>
          <TableHead>Service</TableHead>
          <TableHead>Owner</TableHead>
          <TableHead>Tier</TableHead>
          <TableHead>SLO</TableHead>
          <TableHead>Metrics</TableHead>
        </TableHeader>
        <TableBody>
          {catalog.data?.services.map((s) => (
            <TableRow key={s.name}>
              <TableCell>
                <Link
                  className="font-medium hover:underline"
                  href={`/services/${encodeURIComponent(s.name)}`}
                >
                  {s.name}
                </Link>
                {s.description && <div className="text-xs text-zinc-500">{s.description}</div>}
              </TableCell>
              <TableCell>{s.ownerTeam ?? <span className="text-zinc-400">unassigned</span>}</TableCell>
              <TableCell>{s.tier ? <Badge tone="info">{s.tier}</Badge> : "—"}</TableCell>
              <TableCell className="tabular-nums">
                {formatPercent(s.sloObjective, 2)} / {s.sloWindowDays} d
              </TableCell>
              <TableCell>
                {s.discovered ? <Badge tone="ok">reporting</Badge> : <Badge>no metrics</Badge>}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
