/**
 * Every command's `--json` result has a JSON Schema in schemas/commands/, and real outputs (on sample images,
 * against a real named for the DNS commands) validate against it. The command list comes from
 * oclif.manifest.json, so a new command without a schema or without a case here fails.
 */
import assert from 'node:assert/strict';
import {promises as fs, existsSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {Ajv2020} from 'ajv/dist/2020.js';

import {parseJsonOutput, projectRoot, runCli} from '../helpers/cli.js';
import {requireTools} from '../helpers/tools.js';
import {type NamedInstance, startNamed} from '../dns/named-harness.js';
import {type JsonCase, buildCases, schemaFileOf} from './cases.js';

const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, unknown>};
const commandIds = Object.keys(manifest.commands).sort();

describe('--json output of every command validates against its schema', function () {
  this.timeout(600_000);
  let dir: string;
  let named: NamedInstance | undefined;
  let cases: JsonCase[] = [];
  const ajv = new Ajv2020({allErrors: true, strict: true});
  const validators = new Map<string, ReturnType<Ajv2020['compile']>>();
  const validatorFor = (id: string): ReturnType<Ajv2020['compile']> => {
    let validate = validators.get(id);
    if (!validate) {
      validate = ajv.compile(JSON.parse(readFileSync(path.join(projectRoot, schemaFileOf(id)), 'utf8')));
      validators.set(id, validate);
    }
    return validate;
  };

  before(async function () {
    requireTools(this, 'named', 'hivexget', 'wimlib-imagex');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-json-schemas-'));
    named = await startNamed({zone: 'corp.example.com', records: ['kms1 IN A 127.0.0.1', 'kms2 IN A 127.0.0.1']});
    cases = await buildCases({dir, dnsServer: `127.0.0.1:${named.port}`, tsigKeyFile: named.keyFile});
  });
  after(async () => {
    await named?.stop();
    if (dir) await fs.rm(dir, {recursive: true, force: true});
  });

  it('every command in the manifest has a schema', () => {
    const missing = commandIds.filter((id) => !existsSync(path.join(projectRoot, schemaFileOf(id))));
    assert.deepEqual(missing, [], 'commands without schemas/commands/<command>.schema.json');
  });

  it('every schema compiles and belongs to a command', async () => {
    const files = await fs.readdir(path.join(projectRoot, 'schemas/commands'));
    const known = new Set(commandIds.map((id) => path.basename(schemaFileOf(id))));
    assert.deepEqual(files.filter((f) => !known.has(f)), [], 'schemas of no command');
    for (const id of commandIds) if (files.includes(path.basename(schemaFileOf(id)))) validatorFor(id);
  });

  it('every command is run here, and each real --json result validates', () => {
    assert.deepEqual(commandIds.filter((id) => !cases.some((c) => c.id === id)), [], 'commands with no case in test/schemas/cases.ts');
    const failures: string[] = [];
    for (const c of cases) {
      const run = runCli(c.argv);
      const doc = parseJsonOutput(run);
      if (doc.error || doc.result === undefined) {
        failures.push(`${c.argv.join(' ')}: exit ${run.status}, ${JSON.stringify(doc.error)}`);
        continue;
      }
      const validate = validatorFor(c.id);
      if (!validate(doc)) failures.push(`${c.argv.join(' ')}: ${ajv.errorsText(validate.errors, {separator: '\n  '})}`);
    }
    assert.deepEqual(failures, []);
  });

  it('the schemas hold the one vocabulary of change actions: an overwritten file is never "write"', () => {
    const c = cases.find((k) => k.id === 'image:generalize' && k.argv.includes('--dry-run'))!;
    const doc = parseJsonOutput<{files: {action: string}[]}>(runCli(c.argv));
    assert.ok(doc.result!.files.some((f) => f.action === 'replace'));
    const validate = validatorFor('image:generalize');
    assert.ok(validate(doc));
    for (const f of doc.result!.files) f.action = 'write';
    assert.equal(validate(doc), false);
  });
});
