import type * as React from "react";
import { cn } from "@/lib/utils";

export function Input({ className, ...props }: React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <input
      className={cn(
        "flex h-9 w-full rounded-md border border-border bg-card px-3 py-1 text-sm shadow-sm placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:cursor-not-allowed disabled:opacity-60 read-only:bg-muted aria-invalid:border-destructive",
        className,
      )}
      {...props}
    />
  );
}

type NativeSelectProps = React.SelectHTMLAttributes<HTMLSelectElement> & {
  /** The choices in order, after `placeholder` (the empty value) when there is one. */
  options?: readonly { value: string | number; label: React.ReactNode }[];
  placeholder?: string;
};

export function NativeSelect({ className, options, placeholder, children, ...props }: NativeSelectProps) {
  return (
    <select
      className={cn(
        "flex h-9 w-full rounded-md border border-border bg-card px-2 py-1 text-sm shadow-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-60",
        className,
      )}
      {...props}
    >
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {options?.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
      {children}
    </select>
  );
}
