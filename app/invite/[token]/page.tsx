import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { Banner } from "@/components/ui/feedback";
import { NotFoundError } from "@/lib/errors";
import { describeInvitation, type InvitationInfo } from "@/lib/services/users";

export const metadata: Metadata = { title: "Choose a password", referrer: "no-referrer" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invitation: InvitationInfo | null = null;
  try {
    invitation = await describeInvitation(token);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        {invitation ? (
          <AcceptInvitationForm token={token} email={invitation.email} name={invitation.name} />
        ) : (
          <div className="space-y-4">
            <Banner title="This link is not valid any more.">
              It was used already, replaced by a newer one, or it expired. Ask an administrator for a new
              link.
            </Banner>
            <Link
              href="/signin"
              className="text-sm font-medium text-sky-700 underline underline-offset-4 dark:text-sky-400"
            >
              Go to sign in
            </Link>
          </div>
        )}
      </div>
    </main>
  );
}
