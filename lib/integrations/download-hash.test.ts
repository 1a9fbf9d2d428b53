import { describe, expect, it } from "vitest";
import { cyrb53, downloadHash, xor53 } from "./download-hash";
import type { PageRow } from "../services/downloads/write-page";
import { samplePageRow } from "../../tests/helpers/sample-rows";

const row: PageRow = samplePageRow();

describe("download hash", () => {
  it("is a stable non-negative integer within 53 bits", () => {
    const h = downloadHash(row);
    expect(Number.isSafeInteger(h)).toBe(true);
    expect(h).toBeGreaterThanOrEqual(0);
    expect(downloadHash({ ...row })).toBe(h);
    expect(cyrb53("a")).not.toBe(cyrb53("b"));
  });

  it("changes with the member id and every value the download writes", () => {
    const h = downloadHash(row);
    const variants: Partial<PageRow>[] = [
      { externalUserId: "2" },
      { userPrincipalName: "A@x.example" },
      { subscriptionIdentifier: "occasional" },
      { lastActivityAt: "2024-05-01T10:11:13Z" },
      { lastActivityAt: null },
      { subscriptionAssignedAt: "2024-05-01T10:11:12Z" },
      { active: false },
      { role: null },
      { vendorAttributes: { adminRoles: [{ type: "prebuilt", name: "User Admin" }] } },
      { softwareModelId: null },
      { excluded: true, identifierExclusionRuleId: "r" },
      { excluded: true, userExclusionRuleId: "u" },
    ];
    const hashes = variants.map((v) => downloadHash({ ...row, ...v }));
    expect(new Set([h, ...hashes]).size).toBe(variants.length + 1);
  });

  it("takes the times as written (another spelling of the same instant is compared in full by the upsert)", () => {
    expect(downloadHash({ ...row, lastActivityAt: "2024-05-01T10:11:12.000Z" })).not.toBe(downloadHash(row));
  });
});

describe("xor53", () => {
  it("is the exclusive or of the hashes, whatever their order, and 0 for none", () => {
    const hashes = [downloadHash(row), downloadHash({ ...row, externalUserId: "2" }), 2 ** 53 - 1, 0, 4294967296];
    const x = xor53(hashes);
    expect(Number.isSafeInteger(x)).toBe(true);
    expect(xor53([...hashes].reverse())).toBe(x);
    expect(xor53([])).toBe(0);
    expect(xor53([5, 5])).toBe(0);
    expect(xor53([2 ** 53 - 1, 4294967296])).toBe(2 ** 53 - 1 - 4294967296);
    const big = BigInt(hashes[0]!) ^ BigInt(hashes[1]!);
    expect(xor53(hashes.slice(0, 2))).toBe(Number(big));
  });
});

describe("a batch's checksum", () => {
  it("changes when two members move from one decision to another (the decision must not cancel out)", () => {
    const other = { ...row, externalUserId: "2", userPrincipalName: "b@x.example" };
    const before = { softwareModelId: "00000000-0000-0000-0000-000000000001", excluded: false, identifierExclusionRuleId: null, userExclusionRuleId: null };
    const after = { softwareModelId: null, excluded: true, identifierExclusionRuleId: "00000000-0000-0000-0000-0000000000aa", userExclusionRuleId: null };
    const batch = (d: typeof before | typeof after) => xor53([downloadHash({ ...row, ...d }), downloadHash({ ...other, ...d })]);
    expect(batch(after)).not.toBe(batch(before));
    // Four members moving together, too.
    const four = (d: typeof before | typeof after) =>
      xor53(["1", "2", "3", "4"].map((id) => downloadHash({ ...row, ...d, externalUserId: id, userPrincipalName: `${id}@x.example` })));
    expect(four(after)).not.toBe(four(before));
  });
});
