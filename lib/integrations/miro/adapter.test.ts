import { describe, expect, it } from "vitest";
import { ServiceError } from "../../errors";
import { getAdapter, listAdapters, listVendors } from "../registry";
import { createMiroAdapter, miroAdapter } from "./adapter";
import { parseMiroSettings } from "./settings";

describe("Miro adapter: what the profile form shows", () => {
  const adapter = createMiroAdapter({ authorizeBaseUrl: "https://miro.example", apiBaseUrl: "https://api.miro.example", scimBaseUrl: "https://miro.example/api/v1/scim" });

  it("names the vendor, the profile type, the subflows and the aliases exactly", () => {
    expect(adapter.id).toBe("miro");
    expect(adapter.displayName).toBe("Miro Enterprise");
    expect(adapter.profileType).toEqual({ id: "miro_enterprise_subscription", label: "Miro Enterprise Subscription" });
    expect(adapter.subflows).toEqual({ download: "Miro Download Subscriptions", reclaim: "Miro Reclaim Subscription" });
    expect(adapter.aliases).toEqual({
      download: { id: "miro_spoke.Miro_Enterprise", name: "Miro Enterprise", kind: "oauth", connectionName: "Miro Enterprise" },
      reclaim: { id: "miro_spoke.Miro_Enterprise_SCIM", name: "Miro Enterprise SCIM", kind: "api_token", connectionName: "Miro Enterprise SCIM" },
    });
  });

  it("lists the minimal permissions per process", () => {
    expect(adapter.vendorConfiguration).toEqual([
      { process: "Download subscriptions", role: "Company admin", scopes: "organizations:read" },
      { process: "Pull user activity", role: "Company admin", scopes: "organizations:read" },
      { process: "Reclaim subscription", role: "Company admin", scopes: "None (SCIM API token)" },
    ]);
  });

  it("names software models per license", () => {
    expect(adapter.modelName("full")).toEqual({ publisher: "Miro", product: "Miro Enterprise", edition: "Full", name: "Miro Enterprise — Full" });
    expect(["occasional", "full_trial", "basic", "standard", "advanced"].map((id) => adapter.modelName(id).name)).toEqual([
      "Miro Enterprise — Occasional",
      "Miro Enterprise — Full (Trial)",
      "Miro Enterprise — Basic",
      "Miro Enterprise — Standard",
      "Miro Enterprise — Advanced",
    ]);
    expect(adapter.modelName("team_plus").edition).toBe("Team Plus");
  });

  it("takes paid and excluded identifiers from the settings", () => {
    const settings = parseMiroSettings({});
    expect(adapter.paidIdentifiers(settings)).toEqual(["full", "occasional", "full_trial", "basic", "standard", "advanced"]);
    expect(adapter.defaultExcludedIdentifiers(settings)).toEqual(["free", "free_restricted"]);
    expect(adapter.settingsSchema.parse({ pageSize: 50 })).toMatchObject({ pageSize: 50 });
  });

  it("builds the consent URL on the configured authorize host", () => {
    const url = new URL(adapter.oauth.authorizeUrl({ clientId: "1", redirectUri: "https://app/cb", state: "abc" }));
    expect(`${url.origin}${url.pathname}`).toBe("https://miro.example/oauth/authorize");
  });
});

describe("integration registry", () => {
  it("returns the Miro adapter for its id and lists it", () => {
    expect(getAdapter("miro")).toBe(miroAdapter);
    expect(listAdapters()).toEqual([miroAdapter]);
    expect(listVendors()).toEqual([{ id: "miro", displayName: "Miro Enterprise", profileType: { id: "miro_enterprise_subscription", label: "Miro Enterprise Subscription" } }]);
  });

  it("refuses an unknown vendor with not_found", () => {
    const error = (() => {
      try {
        return getAdapter("zoom");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: "not_found" });
  });
});
