#!/usr/bin/env node
import { runCli } from './cli.js';

// the command is one minified file: a stack asked for with KAOPING_DEBUG names the sources, through the map beside it
if (process.env['KAOPING_DEBUG']) process.setSourceMapsEnabled(true);

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});
