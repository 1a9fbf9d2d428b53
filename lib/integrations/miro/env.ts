import "server-only";
import { z } from "zod";

/**
 * Miro's part of the environment: its three base URLs, the real ones by default. Tests, the demo and
 * the benchmarks point them at the local simulator. lib/env.ts merges this fragment into its schema.
 */
export const miroEnvSchema = z.object({
  MIRO_AUTHORIZE_BASE_URL: z.url().default("https://miro.com"),
  MIRO_API_BASE_URL: z.url().default("https://api.miro.com"),
  MIRO_SCIM_BASE_URL: z.url().default("https://miro.com/api/v1/scim"),
});
