import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WebAssembly packages, and the HTTP client of vendor calls, are loaded by Node at run
  // time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres", "pg-boss", "undici"],
  poweredByHeader: false,
  // authInterrupts: forbidden() renders app/forbidden.tsx. The body limit lets a user-directory CSV
  // of a few thousand people through the import action (Next's default is 1 MB).
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "10mb" } },
};

export default nextConfig;
