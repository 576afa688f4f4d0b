#!/usr/bin/env node
// Development entry point: recompile what changed (incremental tsc), then run with oclif's development
// settings (stack traces, NODE_ENV=development). `bin/run.js` runs the last build as installed users do.
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {execute} from '@oclif/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const build = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json'), '--incremental', '--tsBuildInfoFile', path.join(root, 'dist', '.tsbuildinfo')], {stdio: 'inherit'});
if (build.status !== 0) process.exit(build.status ?? 1);

await execute({development: true, dir: import.meta.url});
