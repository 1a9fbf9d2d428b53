import "server-only";
import type { VendorError } from "../../integrations/types";

/**
 * The vendor's refusal in its own words, followed by what a person can do about it: the sentence an
 * Attention Required candidate shows.
 */
export function vendorErrorAdvice(error: VendorError, vendor: string): string {
  const words = error.message.replace(/\s+$/, "");
  switch (error.status) {
    case 401:
    case 403:
      return `${words} The reclaim token was refused (revoked, expired or without the right): generate a new SCIM token in ${vendor}, save it on the profile's reclaim connection, then Resume Reclaim.`;
    case 404:
      return `${words} ${vendor} does not know this user through SCIM (removed, or a guest): check the user in ${vendor}; Close Skipped if they are gone.`;
    case 409:
      return `${words} ${vendor} refused to deactivate this user, as it does for a Company Admin or the last admin of a team: change their role in ${vendor} and Resume Reclaim, or Close Skipped.`;
    case 429:
      return `${words} ${vendor} kept answering 429 Too Many Requests: Resume Reclaim in a few minutes.`;
    case null:
      return `${words} ${vendor} could not be reached or did not answer in time: Resume Reclaim when it answers again.`;
    default:
      return error.status >= 500
        ? `${words} ${vendor} had a server error: Resume Reclaim later.`
        : `${words} Resume Reclaim once the cause is fixed, or Close Skipped.`;
  }
}
