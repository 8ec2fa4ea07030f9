// openid-client, oauth4webapi and jose ship ESM only. Node loads them with require(esm), but jest's
// own loader does not: without --experimental-vm-modules they are transpiled to CommonJS for the
// tests; with it (npm test) jest loads them as ES modules (src/auth0/oidc/loadOidcLibraries.ts).
const ESM_ONLY = "openid-client|oauth4webapi|jose";
const vmModules = process.execArgv.includes("--experimental-vm-modules") || /--experimental-vm-modules/.test(process.env.NODE_OPTIONS ?? "");

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking runs once in `npm test` (tsc --noEmit); ts-jest only transpiles.
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
    ...(vmModules ? {} : { [`/node_modules/(${ESM_ONLY})/.+\\.js$`]: ["ts-jest", { diagnostics: false, tsconfig: { allowJs: true, module: "commonjs" } }] }),
  },
  ...(vmModules ? {} : { transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY})/)`] }),
  testTimeout: 30000,
  // The password-realm and PGlite paths are real work; keep files apart.
  maxWorkers: 1,
};
