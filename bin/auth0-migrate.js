#!/usr/bin/env node
"use strict";
// Runs the compiled CLI (npm ci builds it through the `prepare` script).
const { main } = require("../dist/cli/main.js");

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`auth0-migrate: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
