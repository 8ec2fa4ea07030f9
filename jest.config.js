/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking runs once in `npm test` (tsc --noEmit); ts-jest only transpiles.
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
    // openid-client, oauth4webapi and jose ship ESM only; Node loads them with require(esm), but
    // jest's own loader does not, so they are transpiled to CommonJS for the tests.
    "/node_modules/(openid-client|oauth4webapi|jose)/.+\\.js$": ["ts-jest", { diagnostics: false, tsconfig: { allowJs: true, module: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(openid-client|oauth4webapi|jose)/)"],
  testTimeout: 30000,
  // The password-realm and PGlite paths are real work; keep files apart.
  maxWorkers: 1,
};
