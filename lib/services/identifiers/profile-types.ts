import "server-only";
import { listAdapters } from "../../integrations/registry";

/** "Miro Enterprise Subscription" for `miro_enterprise_subscription`; the id itself for a type no adapter knows. */
export function profileTypeLabel(profileType: string): string {
  return listAdapters().find((a) => a.profileType.id === profileType)?.profileType.label ?? profileType;
}

/** Publisher, product and edition of a model for an identifier, from the vendor of the profile type. */
export function modelNaming(profileType: string, identifier: string): { publisher: string; product: string; edition: string | null } {
  const adapter = listAdapters().find((a) => a.profileType.id === profileType);
  if (!adapter) return { publisher: "Unknown publisher", product: profileType, edition: identifier };
  const { publisher, product, edition } = adapter.modelName(identifier);
  return { publisher, product, edition };
}
