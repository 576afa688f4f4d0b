/** The one JSON document `--json` prints: success/status envelope or error envelope (see README). */
export interface SuccessEnvelope<T> {
  status: number;
  result: T;
  warnings: string[];
}

export interface ErrorEnvelope {
  status: number;
  error: {code: string; message: string; hint?: string};
}

export const serializeEnvelope = (doc: SuccessEnvelope<unknown> | ErrorEnvelope): string =>
  `${JSON.stringify(doc, null, 2)}\n`;
