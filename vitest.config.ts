import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Servers in tests bind loopback and close themselves; keep workers modest on 2 cores.
    maxWorkers: 2,
  },
});
