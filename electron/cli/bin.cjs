#!/usr/bin/env node
// `chorus` from a checkout: runs the TypeScript sources through tsx, so no build step is needed.
require('tsx/cjs');
require('./index.ts')
  .run(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
