#!/usr/bin/env node
// `chorus` from a checkout: runs the TypeScript sources through tsx, so no build step is needed.
require('tsx/cjs');
const cli = require('./index.ts');
cli.endQuietlyWhenOutputCloses();
cli.run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
