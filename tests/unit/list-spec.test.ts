import { describe, expect, it } from "vitest";
import { listParamsToSearch, parseListParams, parseRange } from "@/lib/table/list-spec";
import { usersSpec } from "@/lib/lists/users-spec";
import { activeText, columnsOf, csvColumns, defineColumns, specColumns } from "@/lib/table/columns";

describe("table kit URL state", () => {
  it("falls back to defaults on an empty URL", () => {
    const p = parseListParams(usersSpec, {});
    expect(p).toEqual({ page: 1, perPage: 25, sort: { id: "name", desc: false }, filters: {}, hidden: [] });
  });

  it("reads page, size, sort, filters and hidden columns", () => {
    const p = parseListParams(usersSpec, {
      page: "3",
      perPage: "50",
      sort: "email.desc",
      q: "ada",
      role: "sam_admin",
      active: "true",
      hide: "roles,createdAt",
    });
    expect(p).toEqual({
      page: 3,
      perPage: 50,
      sort: { id: "email", desc: true },
      filters: { q: "ada", role: "sam_admin", active: "true" },
      hidden: ["roles", "createdAt"],
    });
  });

  it("ignores a sort key that is not in the fixed list (never reaches SQL)", () => {
    expect(parseListParams(usersSpec, { sort: "password_hash.asc" }).sort).toEqual(usersSpec.defaultSort);
    expect(parseListParams(usersSpec, { sort: "email;drop table users.asc" }).sort).toEqual(usersSpec.defaultSort);
  });

  it("ignores malformed values", () => {
    const p = parseListParams(usersSpec, { page: "-2", perPage: "7", role: "root", active: "maybe", hide: "nope" });
    expect(p.page).toBe(1);
    expect(p.perPage).toBe(25);
    expect(p.filters).toEqual({});
    expect(p.hidden).toEqual([]);
  });

  it("round-trips through the URL", () => {
    const p = parseListParams(usersSpec, { page: "2", sort: "createdAt.desc", q: "x" });
    expect(parseListParams(usersSpec, listParamsToSearch(usersSpec, p))).toEqual(p);
  });

  it("parses ranges", () => {
    expect(parseRange("10..90")).toEqual({ min: 10, max: 90 });
    expect(parseRange("..90")).toEqual({ min: undefined, max: 90 });
    expect(parseRange("..")).toBeNull();
    expect(parseRange("a..b")).toBeNull();
  });
});

describe("column declarations", () => {
  type Row = { name: string; active: boolean; count: number | null };
  const columns = defineColumns<Row>()([
    { id: "name", label: "Name", hideable: false, text: (r) => r.name },
    { id: "active", label: "Active", text: (r) => activeText(r.active) },
    { id: "count", label: "Count", defaultHidden: true, text: (r) => r.count },
  ]);

  it("give a spec its columns as plain data, with per-list changes", () => {
    expect(specColumns(columns)).toEqual([
      { id: "name", label: "Name", hideable: false },
      { id: "active", label: "Active" },
      { id: "count", label: "Count", defaultHidden: true },
    ]);
    expect(specColumns(columns, { active: { defaultHidden: true } })[1]).toEqual({ id: "active", label: "Active", defaultHidden: true });
    expect(JSON.parse(JSON.stringify(specColumns(columns)))).toEqual(specColumns(columns));
  });

  it("give the CSV the screen's headers and texts, for the columns the spec shows, in its order", () => {
    const spec = { columns: [{ id: "active", label: "Active" }, { id: "name", label: "Name" }] };
    const csv = csvColumns(columns, spec);
    expect(csv.map((c) => c.header)).toEqual(["Active", "Name"]);
    expect(csv.map((c) => c.value({ name: "Ada", active: false, count: 3 }))).toEqual(["Inactive", "Ada"]);
    expect(columnsOf(columns, { columns: [{ id: "gone", label: "Gone" }] })).toEqual([]);
  });
});
