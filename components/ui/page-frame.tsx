import { Banner } from "./feedback";
import { PageHeader } from "./page-header";

/** What could not be loaded or done: the banner's title, and the error's message under it. */
export type PageFailure = { title: string; message?: string };

/**
 * A page's frame: its header, a banner under it for each failure (what the page could not load, an
 * action that did not run), then the page. A failure is `false` or `null` while there is none, so that
 * a page can list `query.isError && { … }`.
 */
export function PageFrame({
  failures = [],
  children,
  ...header
}: React.ComponentProps<typeof PageHeader> & {
  failures?: readonly (PageFailure | false | null)[];
  children: React.ReactNode;
}) {
  return (
    <>
      <PageHeader {...header} />
      {failures.map(
        (failure, i) =>
          failure && (
            // The list keeps a place per failure, failed or not, so the index names one.
            <div key={i} className="mb-4">
              <Banner title={failure.title}>{failure.message}</Banner>
            </div>
          ),
      )}
      {children}
    </>
  );
}
