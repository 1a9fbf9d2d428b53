import "server-only";
import { ServiceError } from "../errors";
import { miroAdapter } from "./miro/adapter";
import type { AnyVendorAdapter, VendorAdapter } from "./types";

/*
 * The vendors OpenSAM integrates with. Adding one is a folder under lib/integrations/<vendor>/ and a
 * line in each of these two lists; `satisfies` makes the compiler refuse a vendor id without an
 * adapter (or an adapter under an id that is not listed).
 */

export const VENDOR_IDS = ["miro"] as const;
export type VendorId = (typeof VENDOR_IDS)[number];

// The settings and member types differ per vendor; callers validate settings with the adapter's schema.
const adapters = { miro: miroAdapter } satisfies Record<VendorId, AnyVendorAdapter>;

/**
 * Adapters added while the process runs: the tests' in-memory vendor registers itself here, so that
 * the real download and reclaim run against it without a line changed in lib/.
 */
const registered = new Map<string, VendorAdapter<unknown>>();

export function registerAdapter(adapter: AnyVendorAdapter): void {
  if (isVendorId(adapter.id)) throw new Error(`The vendor "${adapter.id}" is built in and cannot be registered again.`);
  registered.set(adapter.id, adapter as VendorAdapter<unknown>);
}

export type AdapterFor<V extends VendorId> = (typeof adapters)[V];

export function isVendorId(value: string): value is VendorId {
  return (VENDOR_IDS as readonly string[]).includes(value);
}

/** The adapter of a vendor id (from a URL, a profile row…); a ServiceError not_found for any other. */
export function getAdapter<V extends VendorId>(vendorId: V): AdapterFor<V>;
export function getAdapter(vendorId: string): VendorAdapter<unknown>;
export function getAdapter(vendorId: string): VendorAdapter<unknown> {
  if (isVendorId(vendorId)) return adapters[vendorId] as unknown as VendorAdapter<unknown>;
  const extra = registered.get(vendorId);
  if (!extra) throw new ServiceError("not_found", `There is no integration for the vendor "${vendorId}".`);
  return extra;
}

/** Every adapter, in the order of VENDOR_IDS. */
export function listAdapters(): VendorAdapter<unknown>[] {
  return VENDOR_IDS.map((id) => adapters[id] as unknown as VendorAdapter<unknown>);
}

/** Every vendor's name in sentences, the registered ones included (candidate reasons name it). */
export function vendorDisplayNames(): Array<{ id: string; displayName: string }> {
  return [...listAdapters(), ...registered.values()].map((a) => ({ id: a.id, displayName: a.download.vendorName }));
}

export type VendorSummary = { id: VendorId; displayName: string; profileType: { id: string; label: string } };

/** What the New › vendor list shows, in the order of VENDOR_IDS. */
export function listVendors(): VendorSummary[] {
  return VENDOR_IDS.map((id) => ({ id, displayName: adapters[id].displayName, profileType: { ...adapters[id].profileType } }));
}
