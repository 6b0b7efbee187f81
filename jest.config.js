/** Jest runs the ESM build of the app through SWC; see docs/testing.md. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
};
export default {
  // Generous: integration hooks start a whole hub (PostgreSQL database, DuckDB, migrations) and CI machines are shared.
  testTimeout: 120000,
  // A worker leaves only when its event loop is empty (no handles: checked at its beforeExit), but
  // the native libraries it loaded (DuckDB, SWC, argon2, resvg) then take 350–800 ms to tear down on a
  // loaded 2-core machine, past Jest's 500 ms default, so Jest killed it and blamed a leak
  // (docs/testing.md, "Worker exit").
  workerGracefulExitTimeout: 5000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/domain/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts', '<rootDir>/etl/**/*.spec.ts', '<rootDir>/test/architecture/**/*.spec.ts', '<rootDir>/test/client/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/browser/'],
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/browser/global-setup.mjs',
      globalTeardown: '<rootDir>/test/browser/global-teardown.mjs',
    },
  ],
};
