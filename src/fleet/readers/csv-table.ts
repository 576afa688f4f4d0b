/**
 * The row walk both CSV readers share: skip PowerShell's `#TYPE` line, take the header, then hand on each
 * well-formed data row; malformed rows and rows of the wrong width become row errors (the rest still reads).
 */
import {type CsvRow, parseCsv} from '../csv.js';
import type {ReaderItem} from '../types.js';
import {isTypeLine} from './header.js';

/** What a reader makes of the header: its column map, or the one error that ends the file. */
export type HeaderResult<Columns> = {columns: Columns} | {error: string};

export type TableItem<Columns> = {row: CsvRow; columns: Columns} | Extract<ReaderItem, {error: unknown}>;

export async function* csvTableRows<Columns>(
  chunks: AsyncIterable<string>,
  delimiter: string,
  readHeader: (headers: string[]) => HeaderResult<Columns>,
): AsyncGenerator<TableItem<Columns>> {
  let headers: string[] | undefined;
  let columns: Columns | undefined;
  for await (const row of parseCsv(chunks, {delimiter})) {
    if (!headers) {
      if (isTypeLine(row)) continue;
      headers = row.fields;
      const read = readHeader(headers);
      if ('error' in read) {
        yield {error: {line: row.line, message: read.error}};
        return;
      }
      columns = read.columns;
      continue;
    }
    if (row.error) yield {error: {line: row.line, message: row.error}};
    else if (row.fields.length !== headers.length) yield {error: {line: row.line, message: `expected ${headers.length} fields, found ${row.fields.length}`}};
    else yield {row, columns: columns as Columns};
  }
}
