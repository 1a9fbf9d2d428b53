"use client";
import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import { ALIAS_KIND_LABELS } from "@/lib/lists/aliases-spec";
import type { AliasRow } from "@/lib/services/connections/list-aliases";
import { DataTable, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";

const col = createColumnHelper<ListFeatures, AliasRow>();

const aliasHref = (id: string) => `/connections/${encodeURIComponent(id)}`;

/** A vendor's error can be long: two lines here, the whole text on hover and on the alias page. */
function ErrorLine({ text }: { text: string }) {
  return (
    <span className="line-clamp-2 text-xs text-destructive" title={text}>
      {text}
    </span>
  );
}

function TokenStateCell({ row }: { row: AliasRow }) {
  return (
    <div className="min-w-48 max-w-72">
      <TokenState row={row} />
    </div>
  );
}

function TokenState({ row }: { row: AliasRow }) {
  switch (row.tokenState) {
    case "available":
      return (
        <span className="flex flex-col gap-0.5">
          <span>
            <Badge variant="success">Token available</Badge>{" "}
            <span className="text-xs text-muted-foreground">
              {row.tokenExpiresAt ? (
                <>
                  — expires <LocalTime iso={row.tokenExpiresAt} />
                </>
              ) : (
                "— does not expire"
              )}
            </span>
          </span>
          {row.tokenError && <ErrorLine text={`Last error: ${row.tokenError}`} />}
        </span>
      );
    case "stored":
      return (
        <span className="flex flex-col gap-0.5">
          <Badge variant="success" className="w-fit">
            API token stored
          </Badge>
          {row.tokenError && <ErrorLine text={`Last error: ${row.tokenError}`} />}
        </span>
      );
    case "pending":
      return (
        <span className="flex flex-col gap-0.5">
          <Badge variant="warning" className="w-fit">
            Pending
          </Badge>
          {row.tokenError ? (
            <ErrorLine text={row.tokenError} />
          ) : (
            <span className="text-xs text-muted-foreground">Waiting for the authorization on the vendor&apos;s page</span>
          )}
        </span>
      );
    case "none":
      return <Badge variant="muted">No connection</Badge>;
  }
}

const columns = [
  col.accessor("id", {
    header: "Alias",
    cell: (info) => (
      <Link href={aliasHref(info.getValue())} className="font-mono text-xs text-primary hover:underline">
        {info.getValue()}
      </Link>
    ),
  }),
  col.accessor("name", { header: "Name" }),
  col.accessor("vendorName", { header: "Vendor" }),
  col.accessor("kind", { header: "Kind", cell: (info) => ALIAS_KIND_LABELS[info.getValue() as keyof typeof ALIAS_KIND_LABELS] }),
  col.accessor("parentAliasId", {
    header: "Parent alias",
    cell: (info) => {
      const v = info.getValue() as string | null;
      return v ? (
        <Link href={aliasHref(v)} className="font-mono text-xs text-primary hover:underline">
          {v}
        </Link>
      ) : (
        <span className="text-muted-foreground">—</span>
      );
    },
  }),
  col.accessor("activeConnectionName", {
    header: "Active connection",
    cell: (info) => info.getValue() ?? <span className="text-muted-foreground">—</span>,
  }),
  col.accessor("tokenState", { header: "Token state", cell: (info) => <TokenStateCell row={info.row.original} /> }),
  col.accessor("organization", { header: "Organization", cell: (info) => info.getValue() ?? <span className="text-muted-foreground">—</span> }),
  col.accessor("updatedAt", { header: "Updated", cell: (info) => <LocalTime iso={info.getValue()} /> }),
] as ListColumn<AliasRow>[];

export function AliasesTable(props: { spec: ListSpec; params: ListParams; rows: AliasRow[]; total: number }) {
  return (
    <DataTable
      spec={props.spec}
      params={props.params}
      columns={columns}
      rows={props.rows}
      total={props.total}
      getRowId={(r) => r.id}
      empty={
        <EmptyState title="No connections yet" action={{ label: "Go to Direct integration profiles", href: "/integration-profiles" }}>
          The vendors&apos; connection &amp; credential aliases are created when the server starts. A sam_integrator then creates a connection from
          an alias with Create New Connection &amp; Credential.
        </EmptyState>
      }
    />
  );
}
