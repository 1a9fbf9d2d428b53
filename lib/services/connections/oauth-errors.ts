import "server-only";
/**
 * The OAuth callback's failures that have no connection to show: the route puts only one of these
 * codes in the URL and the page shows the matching fixed sentence, never text from the query.
 */
export const OAUTH_ERROR_SENTENCES = {
  state:
    "This authorization answer is not valid for you: it was used already, it is older than 10 minutes, or it was started by someone else. Start again with Create and Get OAuth Token.",
  no_state: "The authorization answer had no state, so it cannot be trusted. Start again with Create and Get OAuth Token.",
  invalid: "The authorization answer could not be read. Start again with Create and Get OAuth Token.",
  internal: "Something went wrong on our side while completing the authorization. Start again with Create and Get OAuth Token.",
} as const;

export type OAuthErrorCode = keyof typeof OAUTH_ERROR_SENTENCES;

export function oauthErrorSentence(code: string | string[] | undefined): string | null {
  const c = Array.isArray(code) ? code[0] : code;
  return c && Object.hasOwn(OAUTH_ERROR_SENTENCES, c) ? OAUTH_ERROR_SENTENCES[c as OAuthErrorCode] : null;
}

/** `path` with one more query parameter, whether or not it has a query already. */
export function withQueryParam(path: string, key: string, value: string): string {
  const [base, hash] = path.split("#", 2);
  const sep = base!.includes("?") ? "&" : "?";
  return `${base}${sep}${encodeURIComponent(key)}=${encodeURIComponent(value)}${hash !== undefined ? `#${hash}` : ""}`;
}
