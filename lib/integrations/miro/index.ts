export { createMiroAdapter, miroAdapter, miroEdition, MIRO_PROFILE_TYPE, MIRO_VENDOR_ID, type MiroAdapter, type MiroAdapterOptions } from "./adapter";
export { createMiroClient, resolveMiroEndpoints, type MembersPage, type MiroClient, type MiroClientOptions, type MiroEndpoints } from "./client";
export type { MiroLicense, MiroMember, MiroOrganization, MiroPlan, MiroRole } from "./api-types";
export { buildAuthorizeUrl, MIRO_REQUIRED_SCOPE, miroContextProblem } from "./oauth";
export { miroSettingsSchema, parseMiroSettings, type MiroSettings, type MiroSettingsInput } from "./settings";
export { createMembersPageReader, parseMembersPageJson, readMembersPageBody, type MembersPageReader, type MembersPageReaderOptions } from "./members-page";
