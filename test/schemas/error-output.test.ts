/**
 * A failing run under --json prints the error envelope, the same for every command: real failures (usage, bad
 * input, a missing value) validate against schemas/error.schema.json, generated from ErrorEnvelope.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';

import {Ajv2020} from 'ajv/dist/2020.js';

import {parseJsonOutput, projectRoot, runCli} from '../helpers/cli.js';

describe('--json output of a failing run validates against schemas/error.schema.json', () => {
  const ajv = new Ajv2020({allErrors: true, strict: true});
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(projectRoot, 'schemas/error.schema.json'), 'utf8')));
  const system = path.join(projectRoot, 'test/fixtures/does-not-exist/SYSTEM');

  for (const [what, argv, status] of [
    ['a usage error (unknown flag)', ['image', 'inspect', '.', '--no-such-flag'], 2],
    ['a usage error (a bad option value)', ['kms', 'host', 'script', '--generation', 'nt4'], 2],
    ['bad input (a missing image)', ['image', 'inspect', path.join(projectRoot, 'no-such-image')], 3],
    ['bad input (an unknown code)', ['kms', 'explain', '0x12345678'], 3],
    ['bad input (a missing hive)', ['reg', 'get', system, 'Select'], 3],
  ] as const) {
    it(`${what}: exit ${status}`, () => {
      const run = runCli([...argv, '--json']);
      const doc = parseJsonOutput(run);
      assert.equal(run.status, status, run.stdout);
      assert.ok(validate(doc), `${argv.join(' ')}: ${ajv.errorsText(validate.errors)}\n${run.stdout}`);
    });
  }

  it('a success document is not an error document', () => {
    const doc = parseJsonOutput(runCli(['kms', 'explain', '0xC004F074', '--json']));
    assert.equal(validate(doc), false);
  });
});
