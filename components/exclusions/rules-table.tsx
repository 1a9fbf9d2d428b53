"use client";
import type { ComponentType, ReactNode } from "react";
import type { ListTableProps } from "@/components/data-table/list-table";
import { EmptyState } from "@/components/layout/empty-state";
import { NoticeLine, useNotice } from "./notice";
import { RuleActiveButton } from "./rule-active-button";

type RuleOf = { kind: "identifier" | "user"; id: string; active: boolean; label: string };

export type RulesTableProps<Row> = Omit<ListTableProps<Row>, "actions" | "empty" | "toolbarExtra"> & {
  Table: ComponentType<ListTableProps<Row>>;
  /** A sam_admin's New button(s), told the outcome; absent for everyone else. */
  create?: (onCreated: (message: string) => void) => ReactNode;
  /** The rule of a row, for its Deactivate / Activate button (a sam_admin's). */
  rule?: (row: Row) => RuleOf;
  emptyTitle: string;
  emptyText: ReactNode;
};

/** An exclusion rules list: the outcome of the last change above it, New in its toolbar, Deactivate / Activate per row. */
export function RulesTable<Row>({ Table, create, rule, emptyTitle, emptyText, ...props }: RulesTableProps<Row>) {
  const { notice, done, ok } = useNotice();
  const buttons = create?.(ok);
  return (
    <div className="flex flex-col gap-3">
      <NoticeLine notice={notice} />
      <Table
        {...props}
        toolbarExtra={buttons}
        actions={rule ? (r) => <RuleActiveButton {...rule(r)} onDone={done} /> : undefined}
        empty={
          <EmptyState title={emptyTitle} action={buttons ? <div className="flex gap-2">{buttons}</div> : undefined}>
            {emptyText}
          </EmptyState>
        }
      />
    </div>
  );
}
