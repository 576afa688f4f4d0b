/**
 * A streaming RFC 4180 CSV parser: quoted fields may hold the delimiter, quotes ("") and CR/LF.
 * It reads text chunk by chunk, yields one row at a time with the line it starts on, and reports a
 * malformed row (text after a closing quote, an unterminated or oversized field) without stopping.
 */

export interface CsvRow {
  /** 1-based line where the row starts. */
  line: number;
  fields: string[];
  /** Set when the row is malformed; `fields` then holds what could be read. */
  error?: string;
}

export interface CsvOptions {
  delimiter?: string;
  /** A field longer than this is an error (bounded memory for unterminated quotes). */
  maxFieldLength?: number;
  /** A row with more fields than this is an error (bounded memory for a line of delimiters). */
  maxFields?: number;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'afterQuoted' | 'skipLine';

/** Rows of a CSV text given as chunks. Physically blank lines are skipped; line numbers count LF. */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>, options: CsvOptions = {}): AsyncGenerator<CsvRow> {
  const delimiter = (options.delimiter ?? ',').charCodeAt(0);
  const maxField = options.maxFieldLength ?? 1024 * 1024;
  const maxFields = options.maxFields ?? 10_000;
  let state: State = 'fieldStart';
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let rowHasContent = false;
  let error: string | undefined;
  let afterCr = false;

  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const takeRow = (): CsvRow | undefined => {
    const keep = rowHasContent || error !== undefined || fields.length > 1 || (fields.length === 1 && fields[0] !== '');
    // Two literal shapes rather than a spread: this runs once per row.
    const row: CsvRow | undefined = !keep ? undefined : error === undefined ? {line: rowLine, fields} : {line: rowLine, fields, error};
    fields = [];
    field = '';
    error = undefined;
    rowHasContent = false;
    state = 'fieldStart';
    return row;
  };
  /** After a row ends on CR or LF: count the line (CR LF counts once, when its LF arrives). */
  const lineBreak = (c: number): void => {
    if (c === LF) line++;
    afterCr = c === CR;
    rowLine = line;
  };

  for await (const chunk of chunks) {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (afterCr) {
        afterCr = false;
        if (c === LF) {
          line++;
          rowLine = line;
          i++;
          continue;
        }
      }
      switch (state) {
        case 'fieldStart':
        case 'unquoted': {
          if (state === 'fieldStart' && c === QUOTE) {
            state = 'quoted';
            rowHasContent = true;
            i++;
            break;
          }
          // Fast path: take a run of ordinary characters at once.
          let j = i;
          while (j < n) {
            const d = chunk.charCodeAt(j);
            if (d === delimiter || d === CR || d === LF) break;
            j++;
          }
          if (j > i) {
            field += chunk.slice(i, j);
            state = 'unquoted';
            i = j;
            if (field.length > maxField) {
              error ??= `field longer than ${maxField} characters`;
              field = '';
            }
            break;
          }
          endField();
          if (c === delimiter && fields.length >= maxFields) {
            error ??= `more than ${maxFields} fields in a row`;
            state = 'skipLine';
          } else if (c === delimiter) {
            rowHasContent = true;
            state = 'fieldStart';
          } else {
            const row = takeRow();
            if (row) yield row;
            lineBreak(c);
          }
          i++;
          break;
        }
        case 'quoted': {
          const close = chunk.indexOf('"', i);
          const end = close === -1 ? n : close;
          const text = chunk.slice(i, end);
          line += countLf(text);
          field += text;
          i = end;
          if (close !== -1) {
            state = 'quoteInQuoted';
            i++;
          }
          if (field.length > maxField) {
            error ??= `quoted field longer than ${maxField} characters (unterminated quote?)`;
            field = '';
            state = 'skipLine';
          }
          break;
        }
        case 'quoteInQuoted': {
          if (c === QUOTE) {
            field += '"';
            state = 'quoted';
            i++;
          } else {
            state = 'afterQuoted';
          }
          break;
        }
        case 'afterQuoted': {
          if (c === delimiter) {
            endField();
            state = 'fieldStart';
          } else if (c === CR || c === LF) {
            endField();
            const row = takeRow();
            if (row) yield row;
            lineBreak(c);
          } else {
            error ??= `unexpected character after a closing quote in field ${fields.length + 1}`;
            field += chunk[i];
          }
          i++;
          break;
        }
        case 'skipLine': {
          if (c === CR || c === LF) {
            fields = [];
            const row = takeRow();
            if (row) yield row;
            lineBreak(c);
          }
          i++;
          break;
        }
      }
    }
  }
  if (state === 'quoted') error ??= 'unterminated quoted field at end of file';
  if (state === 'skipLine') fields = [];
  else if (state !== 'fieldStart' || fields.length > 0) endField();
  const row = takeRow();
  if (row) yield row;
}

function countLf(text: string): number {
  let count = 0;
  let at = text.indexOf('\n');
  while (at !== -1) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}

/** Guess the delimiter from a header line: the most frequent of , ; TAB outside quotes. */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [ch, count] of counts) if (count > counts.get(best)!) best = ch;
  return best;
}
