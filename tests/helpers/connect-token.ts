import type { MiroSimulator } from "@/e2e/miro-simulator/server";
import type { Db } from "@/lib/db/client";
import { connections, type ConnectionStatus } from "@/lib/db/schema";
import type { MiroAdapter } from "@/lib/integrations/miro/adapter";
import type { TokenSet } from "@/lib/integrations/types";
import { encryptSecret } from "@/lib/security/secrets";
import { simControl } from "./sim-control";

export type ConnectTokenOptions = {
  sim: MiroSimulator;
  adapter: Pick<MiroAdapter, "oauth">;
  /** The secrets key the client secret and the tokens are encrypted with. */
  key: string;
  aliasId: string;
  redirectUri: string;
  status: ConnectionStatus;
  /** The simulator's demo app unless given. */
  clientId?: string;
  clientSecret?: string;
  /** The simulated Miro user who approves; the simulator's default unless given. */
  userId?: string;
};

/**
 * A Miro connection with a token: a code minted with the simulator's control endpoint
 * POST /__sim/authorize, exchanged through the adapter as the OAuth callback does, and the
 * connection stored with its client secret and tokens encrypted.
 */
export async function connectToken(db: Db, options: ConnectTokenOptions): Promise<{ id: string; tokens: TokenSet }> {
  const { sim, adapter, key, redirectUri } = options;
  const clientId = options.clientId ?? sim.state.demo.clientId;
  const clientSecret = options.clientSecret ?? sim.state.demo.clientSecret;
  const { code } = await simControl<{ code: string }>(sim, "POST", "/authorize", { clientId, redirectUri, userId: options.userId });
  const tokens = await adapter.oauth.exchangeCode({ clientId, clientSecret, redirectUri }, code);
  const [row] = await db
    .insert(connections)
    .values({
      aliasId: options.aliasId,
      name: "Miro Enterprise",
      status: options.status,
      clientId,
      redirectUrl: redirectUri,
      clientSecretEnc: encryptSecret(clientSecret, key),
      accessTokenEnc: encryptSecret(tokens.accessToken, key),
      refreshTokenEnc: tokens.refreshToken ? encryptSecret(tokens.refreshToken, key) : null,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt ?? null,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? null,
      tokenObtainedAt: new Date(),
      scopes: tokens.scopes,
      tokenContext: { teamId: tokens.teamId, userId: tokens.userId },
    })
    .returning({ id: connections.id });
  return { id: row!.id, tokens };
}
