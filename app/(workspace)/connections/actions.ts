"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/actions/action";
import { createApiTokenInput, createChildAliasInput, startOAuthInput } from "@/lib/services/connections/connection-input";
import { createApiTokenConnection } from "@/lib/services/connections/create-api-token-connection";
import { createChildAlias } from "@/lib/services/connections/create-child-alias";
import { withQueryParam } from "@/lib/services/connections/oauth-errors";
import { startOAuthConnection } from "@/lib/services/connections/start-oauth-connection";

function revalidateConnections() {
  revalidatePath("/connections", "layout");
  revalidatePath("/integration-profiles", "layout");
}

/**
 * **Create and Get OAuth Token**: stores a pending connection and sends the browser to the vendor's
 * consent page. `redirect()` throws an error with a digest, which `defineAction` lets through.
 */
export const startOAuthAction = defineAction({
  permission: "connections:manage",
  what: "create connections",
  schema: startOAuthInput,
  handler: async (input, ctx): Promise<null> => {
    const { authorizeUrl } = await startOAuthConnection(ctx, input);
    revalidateConnections();
    redirect(authorizeUrl);
  },
});

/**
 * The API-token dialog's **Create**: back to the profile the person came from (`returnTo`, with the
 * outcome banner's `?oauth=<id>`), else the alias page stays and shows the message.
 */
export const createApiTokenAction = defineAction({
  permission: "connections:manage",
  what: "create connections",
  schema: createApiTokenInput,
  handler: async (input, ctx) => {
    const { connectionId } = await createApiTokenConnection(ctx, input);
    revalidateConnections();
    if (input.returnTo) redirect(withQueryParam(input.returnTo, "oauth", connectionId));
    return {
      data: { connectionId },
      message: `${input.name} is now the active connection of ${input.aliasId}; the API token is stored encrypted. Profiles using this alias need Validate Connection again.`,
    };
  },
});

/** **Create child alias**: the new alias then shows in the parent's Child aliases list. */
export const createChildAliasAction = defineAction({
  permission: "connections:manage",
  what: "create child aliases",
  schema: createChildAliasInput,
  handler: async (input, ctx) => {
    const created = await createChildAlias(ctx, input);
    revalidateConnections();
    return { data: { id: created.id }, message: `Created the child alias ${created.id}; create its connection from its page.` };
  },
});
