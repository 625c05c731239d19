import { defineConfig } from "vitest/config";

/** `npm run chaos`: the hostile-server suite alone (it also runs in `npm test`). */
export default defineConfig({
  test: {
    include: ["test/chaos/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
  },
});
