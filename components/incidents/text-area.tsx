import { forwardRef } from "react";
import { cn } from "@/components/ui/cn";

/** A multi-line text field in the style of the form controls; give it a height. */
export const TextArea = forwardRef<HTMLTextAreaElement, React.TextareaHTMLAttributes<HTMLTextAreaElement>>(
  function TextArea({ className, ...props }, ref) {
    return (
      <textarea
        ref={ref}
        className={cn(
          "block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900",
          className,
        )}
        {...props}
      />
    );
  },
);
