/**
 * KMS host events exported by `Get-WinEvent -LogName 'Key Management Service' | Select TimeCreated,Id,Message
 * | Export-Csv`: quoted fields, the Message spanning lines (CRLF inside quotes), optional `#TYPE` line.
 */
import {parseCsv} from '../csv.js';
import {parseWindowsDate} from '../dates.js';
import {KMS_REQUEST_EVENT_ID, fieldsFromMessage, recordFrom12290} from '../event12290.js';
import type {ReaderItem} from '../types.js';
import {columnOf, isTypeLine} from './header.js';

export async function* readEventsCsv(chunks: AsyncIterable<string>, delimiter = ','): AsyncGenerator<ReaderItem> {
  let headers: string[] | undefined;
  let timeAt = -1;
  let idAt = -1;
  let messageAt = -1;
  for await (const row of parseCsv(chunks, {delimiter})) {
    if (!headers) {
      if (isTypeLine(row)) continue;
      headers = row.fields;
      timeAt = columnOf(headers, ['timecreated', 'date', 'time']);
      idAt = columnOf(headers, ['id', 'eventid']);
      messageAt = columnOf(headers, ['message']);
      if (messageAt === -1) {
        yield {error: {line: row.line, message: 'event export has no Message column'}};
        return;
      }
      continue;
    }
    if (row.error) {
      yield {error: {line: row.line, message: row.error}};
      continue;
    }
    if (row.fields.length !== headers.length) {
      yield {error: {line: row.line, message: `expected ${headers.length} fields, found ${row.fields.length}`}};
      continue;
    }
    // Other Key Management Service events (12293 DNS publishing, …) carry no client.
    if (idAt !== -1 && Number(row.fields[idAt]) !== KMS_REQUEST_EVENT_ID) continue;
    const fields = fieldsFromMessage(row.fields[messageAt]);
    if (!fields) {
      yield {error: {line: row.line, message: 'event 12290 message has no Info fields'}};
      continue;
    }
    // A culture-ambiguous TimeCreated falls back to the client time inside the message.
    const logged = timeAt === -1 ? undefined : parseWindowsDate(row.fields[timeAt]);
    const result = recordFrom12290(fields, row.line, logged && 'ms' in logged ? logged.ms : undefined);
    yield 'record' in result ? result : {error: {line: row.line, message: result.invalid}};
  }
}
