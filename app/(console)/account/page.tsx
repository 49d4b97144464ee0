import type { Metadata } from "next";
import { AccountPage } from "@/components/account/account-page";

export const metadata: Metadata = { title: "Account" };

// Every signed-in person has one (the console layout sends anyone else to sign-in); the API decides the rest.
export default function Account() {
  return <AccountPage />;
}
