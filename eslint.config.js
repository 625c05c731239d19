import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "generated/**",
      "dist/**",
      "node_modules/**",
      // Python, except the TypeScript entry of the server the Python package bundles.
      "python-bindings/*",
      "!python-bindings/server-entry",
      "!python-bindings/tests",
      "python-bindings/tests/*",
      "!python-bindings/tests/helpers",
      "openapi/**",
      ".venv-oracle/**",
      "docs/api/**",
      "docs/python-api/**",
      "bench/rust-anchor/target/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // The devnet is a separate part: it sees the SDK only as a user does, through its public entry.
    files: ["devnet/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^\\.\\./(?!src/index\\.js$)", message: "devnet/ imports the SDK only through its public entry, ../src/index.js." }] },
      ],
    },
  },
  {
    // The SDK does not depend on the devnet; only the CLI's devnet/start/serve commands load it, and
    // src/cli/paper.ts, which loads the devnet's matching engine lazily for --mode paper.
    files: ["src/**/*.ts"],
    ignores: ["src/cli/commands/devnet.ts", "src/cli/commands/start.ts", "src/cli/commands/serve.ts", "src/cli/paper.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "(^|/)devnet/", message: "src/ must not import devnet/." }] }],
    },
  },
  { files: ["**/*.mjs", "**/*.js"], languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } } },
);
