import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WebAssembly packages, and the HTTP client of vendor calls, are loaded by Node at run
  // time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres", "pg-boss", "pg", "undici", "smtp-server", "mailparser", "nodemailer"],
  poweredByHeader: false,
  // authInterrupts: forbidden() renders app/forbidden.tsx. The body limit lets a user-directory CSV
  // of a few thousand people through the import action (Next's default is 1 MB).
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "10mb" } },
  // Headers every answer carries, API routes included; the Content-Security-Policy with its nonce is
  // proxy.ts's, per request.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          // Keep/Release links carry their token in the URL: no page ever sends its address on.
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
