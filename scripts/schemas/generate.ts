/**
 * Generates schemas/commands/<command>.schema.json for every command from the TypeScript type its run()
 * resolves to, and schemas/error.schema.json from ErrorEnvelope, with ts-json-schema-generator over ONE program
 * of all the sources (one parse and bind, not one per command). Returns the files' text for write.ts.
 */
import path from 'node:path';

import {createGenerator} from 'ts-json-schema-generator';
import ts from 'typescript';

import {manifestCommands, schemaStem} from './commands.js';
import {type JsonSchema, envelopeSchema, errorEnvelopeSchema} from './envelope.js';
import {exportedDeclaration, resultTypeNode} from './result-types.js';
import {stableJson} from './stable-json.js';

export interface GeneratedSchema {
  /** Path from the repository root, e.g. schemas/commands/kms-client-set.schema.json */
  path: string;
  text: string;
}

export const COMMAND_SCHEMA_DIR = 'schemas/commands';
export const ERROR_SCHEMA = 'schemas/error.schema.json';
/** Where the --json envelopes are declared (SuccessEnvelope, ErrorEnvelope) */
const ENVELOPE_SOURCE = 'src/cli/json-envelope.ts';

/** The project's compiler options (tsconfig.json), so module resolution is the build's. */
function compilerOptions(root: string): ts.CompilerOptions {
  const file = path.join(root, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(file, {noEmit: true}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
    },
  });
  if (!parsed) throw new Error(`${file}: cannot be read`);
  return parsed.options;
}

export function generateSchemas(root: string): GeneratedSchema[] {
  const commands = manifestCommands(root);
  const envelopeFile = path.join(root, ENVELOPE_SOURCE);
  const program = ts.createProgram([envelopeFile, ...commands.map((command) => command.file)], compilerOptions(root));
  const generator = createGenerator({
    tsProgram: program,
    // The result is inlined under the envelope's `result`; the named types it uses become $defs.
    topRef: false,
    expose: 'export',
    // Field comments become descriptions, so the schema documents what each field means.
    jsDoc: 'extended',
    // An object printed with a field its type does not declare is a mismatch the schema should catch.
    additionalProperties: false,
    // A function in a result would vanish from JSON.stringify's output: refuse rather than describe it.
    functions: 'fail',
    // `npm run build` type-checks the same sources.
    skipTypeCheck: true,
  });
  const schemaOf = (node: ts.Node): JsonSchema => generator.createSchemaFromNodes([node]) as JsonSchema;
  const commandSchemas = commands.map((command) => ({
    path: `${COMMAND_SCHEMA_DIR}/${schemaStem(command.id)}.schema.json`,
    text: stableJson(envelopeSchema(command, schemaOf(resultTypeNode(program, command)))),
  }));
  const errorEnvelope = schemaOf(exportedDeclaration(program, envelopeFile, 'ErrorEnvelope'));
  return [...commandSchemas, {path: ERROR_SCHEMA, text: stableJson(errorEnvelopeSchema(errorEnvelope))}];
}
