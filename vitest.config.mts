import { defineConfig } from "vitest/config";
import path from "node:path";
import { fileURLToPath } from "node:url";

const __dirname = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "tests/helpers/empty-module.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["lib/**/*.test.ts", "tests/**/*.test.ts", "e2e/miro-simulator/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration test files each create their own database; running them one at a time keeps the
    // 2-core CI machine from thrashing.
    fileParallelism: false,
  },
});
