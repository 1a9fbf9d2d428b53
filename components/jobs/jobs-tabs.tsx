"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const TABS = [
  { href: "/scheduled-jobs", label: "Scheduled jobs" },
  { href: "/scheduled-jobs/results", label: "Scheduled job results" },
] as const;

/** Scheduled jobs and their Scheduled job results (product.md §2). */
export function JobsTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Scheduled jobs sections" className="mb-5 flex gap-1 border-b border-border">
      {TABS.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={pathname === t.href ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm",
            pathname === t.href ? "border-primary font-medium text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
