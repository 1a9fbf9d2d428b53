"use client";
import { Columns3, Download, X } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import type { FilterDef, ListParams, ListSpec } from "@/lib/table/list-spec";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input, NativeSelect } from "@/components/ui/input";
import { useListUrl } from "./use-list-url";

function TextFilter({ name, def, value }: { name: string; def: Extract<FilterDef, { kind: "text" }>; value: string }) {
  const { update } = useListUrl();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  // Debounced so that typing does not fire a request per key.
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => update({ [name]: text.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [text, value, name, update]);
  return (
    <Input
      aria-label={def.label}
      placeholder={def.placeholder ?? def.label}
      value={text}
      onChange={(e) => setText(e.target.value)}
      className="h-8 w-56"
    />
  );
}

function ChoiceFilter({
  name,
  def,
  value,
  dynamicOptions,
}: {
  name: string;
  def: Exclude<FilterDef, { kind: "text" }>;
  value: string;
  dynamicOptions?: readonly { value: string; label: string }[];
}) {
  const { update } = useListUrl();
  const options =
    def.kind === "select"
      ? def.dynamic
        ? (dynamicOptions ?? [])
        : def.options
      : def.kind === "boolean"
        ? [
            { value: "true", label: def.trueLabel ?? "Yes" },
            { value: "false", label: def.falseLabel ?? "No" },
          ]
        : [];
  if (def.kind === "range") {
    const [min, max] = value ? value.split("..") : ["", ""];
    const set = (lo: string, hi: string) => {
      const next = lo || hi ? `${lo}..${hi}` : "";
      if (next !== value) update({ [name]: next || null });
    };
    return (
      // Keyed by the URL value so that Clear filters also clears what was typed.
      <span key={value} className="flex items-center gap-1 text-sm">
        <span className="text-muted-foreground">{def.label}</span>
        <Input aria-label={`${def.label} from`} className="h-8 w-20" inputMode="numeric" defaultValue={min}
          onBlur={(e) => set(e.target.value.replace(/\D/g, ""), max ?? "")} placeholder="from" onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()} />
        –
        <Input aria-label={`${def.label} to`} className="h-8 w-20" inputMode="numeric" defaultValue={max}
          onBlur={(e) => set(min ?? "", e.target.value.replace(/\D/g, ""))} placeholder="to" onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()} />
        {def.unit}
      </span>
    );
  }
  return (
    <NativeSelect
      aria-label={def.label}
      value={value}
      onChange={(e) => update({ [name]: e.target.value || null })}
      className="h-8 w-auto max-w-72"
      placeholder={`${def.label}: all`}
      options={options.map((o) => ({ value: o.value, label: `${def.label}: ${o.label}` }))}
    />
  );
}

export function DataTableToolbar({
  spec,
  params,
  exportHref,
  extra,
  filterOptions,
}: {
  spec: ListSpec;
  params: ListParams;
  exportHref?: string;
  extra?: ReactNode;
  filterOptions?: Record<string, readonly { value: string; label: string }[]>;
}) {
  const { update, search } = useListUrl();
  const active = Object.keys(params.filters).length > 0;
  const hidden = new Set(params.hidden);
  const hideable = spec.columns.filter((c) => c.hideable !== false);
  // The export link carries the list's own parameters (e.g. the profile) plus the current URL state.
  let exportUrl: string | undefined;
  if (exportHref) {
    const url = new URL(exportHref, "http://list.invalid");
    for (const [key, value] of search) url.searchParams.set(key, value);
    exportUrl = `${url.pathname}${url.search}`;
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      {Object.entries(spec.filters).map(([name, def]) =>
        def.kind === "text" ? (
          <TextFilter key={name} name={name} def={def} value={params.filters[name] ?? ""} />
        ) : (
          <ChoiceFilter key={name} name={name} def={def} value={params.filters[name] ?? ""} dynamicOptions={filterOptions?.[name]} />
        ),
      )}
      {active && (
        <Button
          variant="ghost"
          size="sm"
          onClick={() => update(Object.fromEntries(Object.keys(spec.filters).map((k) => [k, null])))}
        >
          <X className="h-3.5 w-3.5" /> Clear filters
        </Button>
      )}
      <div className="ml-auto flex items-center gap-2">
        {extra}
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline" size="sm">
              <Columns3 className="h-3.5 w-3.5" /> Columns
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuLabel>Show columns</DropdownMenuLabel>
            {hideable.map((c) => (
              <DropdownMenuCheckboxItem
                key={c.id}
                checked={!hidden.has(c.id)}
                onSelect={(e) => e.preventDefault()}
                onCheckedChange={(checked) => {
                  const next = new Set(hidden);
                  if (checked) next.delete(c.id);
                  else next.add(c.id);
                  // "none" keeps every column shown when the list hides some by default.
                  const value = [...next].join(",") || (spec.columns.some((col) => col.defaultHidden) ? "none" : null);
                  update({ hide: value }, { resetPage: false });
                }}
              >
                {c.label}
              </DropdownMenuCheckboxItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
        {exportUrl && (
          <Button variant="outline" size="sm" asChild>
            <a href={exportUrl} download>
              <Download className="h-3.5 w-3.5" /> Export CSV
            </a>
          </Button>
        )}
      </div>
    </div>
  );
}
