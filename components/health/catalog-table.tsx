"use client";

import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Badge, Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
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
      <Card className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800">
            <tr>
              <th className="px-3 py-2 font-medium">Service</th>
              <th className="px-3 py-2 font-medium">Owner</th>
              <th className="px-3 py-2 font-medium">Tier</th>
              <th className="px-3 py-2 font-medium">SLO</th>
              <th className="px-3 py-2 font-medium">Metrics</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {catalog.isPending &&
              Array.from({ length: 5 }, (_, i) => (
                <tr key={i}>
                  <td colSpan={5} className="px-3 py-3">
                    <Skeleton className="h-5 w-full" />
                  </td>
                </tr>
              ))}
            {catalog.data?.services.map((s) => (
              <tr key={s.name}>
                <td className="px-3 py-2">
                  <Link
                    className="font-medium hover:underline"
                    href={`/services/${encodeURIComponent(s.name)}`}
                  >
                    {s.name}
                  </Link>
                  {s.description && <div className="text-xs text-zinc-500">{s.description}</div>}
                </td>
                <td className="px-3 py-2">
                  {s.ownerTeam ?? <span className="text-zinc-400">unassigned</span>}
                </td>
                <td className="px-3 py-2">{s.tier ? <Badge tone="info">{s.tier}</Badge> : "—"}</td>
                <td className="px-3 py-2 tabular-nums">
                  {formatPercent(s.sloObjective, 2)} / {s.sloWindowDays} d
                </td>
                <td className="px-3 py-2">
                  {s.discovered ? <Badge tone="ok">reporting</Badge> : <Badge>no metrics</Badge>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {catalog.data?.services.length === 0 && (
          <div className="p-4">
            <EmptyState title="No services found">
              Services appear here when Prometheus has HTTP request metrics labelled with their name.
            </EmptyState>
          </div>
        )}
      </Card>
    </>
  );
}
