/**
 * KMS host events exported by `Get-WinEvent -LogName 'Key Management Service' | Select TimeCreated,Id,Message
 * | Export-Csv`: quoted fields, the Message spanning lines (CRLF inside quotes), optional `#TYPE` line.
 */
import {parseWindowsDate} from '../dates.js';
import {KMS_REQUEST_EVENT_ID, fieldsFromMessage, recordFrom12290} from '../event12290.js';
import type {ReaderItem} from '../types.js';
import {type HeaderResult, csvTableRows} from './csv-table.js';
import {columnOf} from './header.js';

interface EventColumns {
  timeAt: number;
  idAt: number;
  messageAt: number;
}

function eventColumns(headers: string[]): HeaderResult<EventColumns> {
  const messageAt = columnOf(headers, ['message']);
  if (messageAt === -1) return {error: 'event export has no Message column'};
  return {columns: {timeAt: columnOf(headers, ['timecreated', 'date', 'time']), idAt: columnOf(headers, ['id', 'eventid']), messageAt}};
}

export async function* readEventsCsv(chunks: AsyncIterable<string>, delimiter = ','): AsyncGenerator<ReaderItem> {
  for await (const item of csvTableRows(chunks, delimiter, eventColumns)) {
    if ('error' in item) {
      yield item;
      continue;
    }
    const {row, columns: {timeAt, idAt, messageAt}} = item;
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
