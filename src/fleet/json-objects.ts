/**
 * JSON objects out of a text stream, one at a time: JSON Lines, concatenated documents, or the elements
 * of a top-level array — so a file of a million fingerprints is never held whole. Each object comes with
 * the line it starts on; text that is not an object is reported, and scanning goes on.
 */
export type JsonChunk = {line: number; text: string} | {line: number; error: string};

const MAX_OBJECT = 4 * 1024 * 1024;

export async function* splitJsonObjects(chunks: AsyncIterable<string>): AsyncGenerator<JsonChunk> {
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** Depth of the enclosing top-level array (1) or 0 when objects sit at the top level. */
  let base = 0;
  let current: string[] = [];
  let currentLength = 0;
  let startLine = 0;
  let strayLine = 0;

  for await (const chunk of chunks) {
    let segmentStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === '\n') line++;
      if (depth > base) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') inString = false;
        } else if (c === '"') {
          inString = true;
        } else if (c === '{' || c === '[') {
          depth++;
        } else if (c === '}' || c === ']') {
          depth--;
          if (depth === base) {
            current.push(chunk.slice(segmentStart, i + 1));
            yield {line: startLine, text: current.join('')};
            current = [];
            currentLength = 0;
          }
        }
        continue;
      }
      // Between objects: whitespace, commas, and the brackets of one top-level array.
      if (c === '{') {
        depth++;
        startLine = line;
        segmentStart = i;
        strayLine = 0;
      } else if (c === '[' && depth === 0 && base === 0) {
        depth = base = 1;
      } else if (c === ']' && base === 1 && depth === 1) {
        depth = base = 0;
      } else if (!/[\s,]/.test(c) && strayLine !== line) {
        strayLine = line;
        yield {line, error: `expected a JSON object, found "${c}"`};
      }
    }
    if (depth > base) {
      current.push(chunk.slice(segmentStart));
      currentLength += chunk.length - segmentStart;
      if (currentLength > MAX_OBJECT) {
        yield {line: startLine, error: `JSON object longer than ${MAX_OBJECT} characters`};
        current = [];
        currentLength = 0;
        depth = base;
        inString = false;
      }
    }
  }
  if (depth > base) yield {line: startLine, error: 'JSON object not closed at end of file'};
}
