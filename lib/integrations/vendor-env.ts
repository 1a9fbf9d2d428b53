import "server-only";
import { miroEnvSchema } from "./miro/env";

/**
 * Every vendor's environment fragment (each adapter's `envSchema`), merged into lib/env.ts. Kept
 * apart from registry.ts so that reading the environment does not load the adapters. A new vendor
 * adds its fragment here.
 */
export const vendorEnvShape = { ...miroEnvSchema.shape };
