import "server-only";
import type { VendorAdapter } from "../../integrations/types";

/** What the profile form shows of a vendor: plain data, safe to hand to client components. */
export type VendorDescriptor = Pick<VendorAdapter<unknown>, "id" | "displayName" | "profileType" | "vendorConfiguration" | "aliases" | "subflows">;

export function describeVendor(adapter: VendorAdapter<unknown>): VendorDescriptor {
  return {
    id: adapter.id,
    displayName: adapter.displayName,
    profileType: adapter.profileType,
    vendorConfiguration: adapter.vendorConfiguration,
    aliases: adapter.aliases,
    subflows: adapter.subflows,
  };
}
