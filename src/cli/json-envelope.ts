/** The one JSON document `--json` prints: success/status envelope or error envelope (see README). */
export interface SuccessEnvelope<T> {
  status: number;
  result: T;
  warnings: string[];
}

export interface ErrorEnvelope {
  // @asType: the schema generated from this type (schemas/error.schema.json) says integer, as exit statuses are.
  /**
   * The exit status (ExitCode in src/errors.ts): 1 internal, 2 usage, 3 bad input, 4 checks failed, 5 busy,
   * 6 missing tool, 7 network, 129/130/143 stopped by a signal.
   * @asType integer
   */
  status: number;
  error: {code: string; message: string; hint?: string};
}

export const serializeEnvelope = (doc: SuccessEnvelope<unknown> | ErrorEnvelope): string =>
  `${JSON.stringify(doc, null, 2)}\n`;
