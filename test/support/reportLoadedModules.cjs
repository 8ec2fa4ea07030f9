"use strict";
// Preloaded with `node --require` by CLI tests: at exit, prints every module the process
// loaded as one marked line on stderr, so a test can tell what a command pulled in.
process.on("exit", () => {
  process.stderr.write(`\nLOADED_MODULES ${JSON.stringify(Object.keys(require.cache))}\n`);
});
