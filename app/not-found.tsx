import { Link } from "@/components/ui/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-sky-600">404</p>
      <h1 className="mt-1 text-2xl font-semibold">There is nothing at this address</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">The link may be old, or mistyped.</p>
      <Link
        href="/"
        className="mt-5 text-sm font-medium text-sky-700 underline underline-offset-4 dark:text-sky-400"
      >
        Go to the overview
      </Link>
    </main>
  );
}
