import "server-only";
import type { AliasDefinition, VendorAdapter, VendorConfigurationRow } from "../../integrations/types";

/** What the profile form shows of a vendor: plain data, safe to hand to client components. */
export type VendorDescriptor = {
  id: string;
  displayName: string;
  profileType: { id: string; label: string };
  vendorConfiguration: VendorConfigurationRow[];
  aliases: { download: AliasDefinition; reclaim: AliasDefinition };
  subflows: { download: string; reclaim: string };
};

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
