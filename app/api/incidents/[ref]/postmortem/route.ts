import { z } from "zod";
import { route } from "@/lib/http/route";
import { postmortemMarkdown } from "@/lib/services/incidents";
import { incidentRef } from "@/lib/services/incidents/schemas";

export const GET = route(
  {
    summary: "Download an incident's postmortem as Markdown",
    access: "incidents:read",
    params: z.object({ ref: incidentRef }),
    success: { contentType: "text/markdown" },
  },
  async (_request, ctx, { ref }) => {
    const { filename, markdown } = await postmortemMarkdown(ctx, ref);
    return new Response(markdown, {
      headers: {
        "Content-Type": "text/markdown; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
      },
    });
  },
);
