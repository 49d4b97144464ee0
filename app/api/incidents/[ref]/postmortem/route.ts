import { route } from "@/lib/http/route";
import { postmortemMarkdown } from "@/lib/services/incidents";

export const GET = route<{ ref: string }>(async (_request, ctx, { ref }) => {
  const { filename, markdown } = await postmortemMarkdown(ctx, ref);
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
});
