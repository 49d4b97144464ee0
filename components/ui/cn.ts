import { twMerge } from "tailwind-merge";

/**
 * Joins class names, skipping falsy ones; later Tailwind classes win over earlier ones they conflict
 * with, so a caller's `w-24` overrides a control's default `w-full`.
 */
export function cn(...classes: (string | false | null | undefined)[]): string {
  return twMerge(classes.filter(Boolean).join(" "));
}
