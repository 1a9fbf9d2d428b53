import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { usersSpec } from "@/lib/lists/users-spec";
import { answerResponseLink } from "@/lib/services/reclamation/respond";
import { hasForbiddenCharacters, rawTextField, textField } from "@/lib/services/text-input";
import { oauthCallbackQuery } from "@/lib/services/connections/connection-input";
import { parseListParams } from "@/lib/table/list-spec";

/* The shared text field of the input schemas, and the places hostile input forced it into. */
describe("text fields refuse what the database cannot take", () => {
  it("finds NUL, control characters, DEL and lone surrogates; allows tab, newlines, emoji and RTL marks", () => {
    for (const bad of ["a\u0000b", "\u0007", "\u001B[31m", "x\u007F", "\uD800", "\uDC00x", "a\uD83D"]) expect(hasForbiddenCharacters(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ["", "plain", "tab\there", "two\r\nlines", "🙂 emoji", "\u202Eright-to-left\u202C", "中文", "Z̤͔ͧ̑"]) expect(hasForbiddenCharacters(good), JSON.stringify(good)).toBe(false);
  });

  it("textField trims, caps the length and answers with field messages", () => {
    const name = textField(10, "Enter a name.");
    expect(name.parse("  Ada  ")).toBe("Ada");
    expect(name.safeParse("   ").error?.issues.map((i) => i.message)).toEqual(["Enter a name."]);
    expect(name.safeParse("x".repeat(1_048_576)).error?.issues.map((i) => i.message)).toContain("Use at most 10 characters.");
    expect(name.safeParse("a\u0000b").error?.issues[0]?.message).toMatch(/^Remove the control characters/);
    expect(textField(10).parse("")).toBe("");
    // Passwords and templates keep their spaces.
    expect(rawTextField(20).parse("  spaced  ")).toBe("  spaced  ");
    expect(rawTextField(20).safeParse("pass\u0000word").success).toBe(false);
  });

  it("a list filter with a NUL or a control character is ignored like any malformed value (it would fail the query)", () => {
    expect(parseListParams(usersSpec, { q: "a\u0000b", role: "sam_admin" }).filters).toEqual({ role: "sam_admin" });
    expect(parseListParams(usersSpec, { q: "esc\u001B" }).filters).toEqual({});
    expect(parseListParams(usersSpec, { q: "<script>alert(1)</script>" }).filters).toEqual({ q: "<script>alert(1)</script>" });
  });

  it("the OAuth callback's query refuses a NUL in its state (it was looked up in the database)", () => {
    expect(oauthCallbackQuery.safeParse({ state: "abc\u0000", code: "x" }).success).toBe(false);
    expect(oauthCallbackQuery.safeParse({ state: "abc", code: "x" }).success).toBe(true);
  });

  it("the public Keep/Release answer refuses a reason with a NUL before it looks anything up", async () => {
    const noDb = {} as Db;
    await expect(answerResponseLink(noDb, { token: "t".repeat(43), choice: "keep", reason: "why\u0000" })).resolves.toEqual({ ok: false });
  });
});
