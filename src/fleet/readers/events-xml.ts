/**
 * KMS host events from `wevtutil qe "Key Management Service" /f:xml` (one <Event> after another, with or
 * without an <Events> root). Events are cut out of the stream one at a time and parsed on their own, so a
 * broken event is one row error and memory stays bounded.
 */
import {DOMParser, type Element} from '@xmldom/xmldom';

import {parseWindowsDate} from '../dates.js';
import {KMS_REQUEST_EVENT_ID, fieldsFromEventData, fieldsFromMessage, recordFrom12290} from '../event12290.js';
import type {ReaderItem} from '../types.js';

const MAX_EVENT = 1024 * 1024;
const EVENT_START = /<Event[\s>]/g;
const EVENT_END = '</Event>';

/** The text of each <Event>…</Event> in a stream, with the line it starts on. */
export async function* splitEvents(chunks: AsyncIterable<string>): AsyncGenerator<{line: number; xml: string} | {line: number; error: string}> {
  let buffer = '';
  let line = 1;
  const advance = (to: number): void => {
    for (let i = buffer.indexOf('\n'); i !== -1 && i < to; i = buffer.indexOf('\n', i + 1)) line++;
    buffer = buffer.slice(to);
  };
  for await (const chunk of chunks) {
    buffer += chunk;
    while (true) {
      EVENT_START.lastIndex = 0;
      const start = EVENT_START.exec(buffer);
      if (!start) {
        // Keep a tail that could be the beginning of "<Event".
        advance(Math.max(0, buffer.length - 8));
        break;
      }
      advance(start.index);
      const end = buffer.indexOf(EVENT_END);
      // Another event starting before this one ends: this one was cut off (a truncated export).
      EVENT_START.lastIndex = 1;
      const next = EVENT_START.exec(buffer);
      if (next && (end === -1 || next.index < end)) {
        yield {line, error: 'event not closed before the next <Event>'};
        advance(next.index);
        continue;
      }
      if (end === -1) {
        if (buffer.length > MAX_EVENT) {
          yield {line, error: `event longer than ${MAX_EVENT} characters (no </Event>)`};
          advance(6);
          continue;
        }
        break;
      }
      const eventLine = line;
      const xml = buffer.slice(0, end + EVENT_END.length);
      advance(end + EVENT_END.length);
      yield {line: eventLine, xml};
    }
  }
  EVENT_START.lastIndex = 0;
  if (EVENT_START.test(buffer)) yield {line, error: 'event not closed at end of file'};
}

export async function* readEventsXml(chunks: AsyncIterable<string>): AsyncGenerator<ReaderItem> {
  for await (const item of splitEvents(chunks)) {
    if ('error' in item) {
      yield {error: {line: item.line, message: item.error}};
      continue;
    }
    const result = eventItem(item.xml, item.line);
    if (result) yield result;
  }
}

/** A record or row error for one event; undefined for events other than 12290. */
function eventItem(xml: string, line: number): ReaderItem | undefined {
  let event: Element;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'text/xml');
    if (!doc.documentElement) throw new Error('no element');
    event = doc.documentElement;
  } catch (error) {
    return {error: {line, message: `not well-formed event XML: ${firstLine(error)}`}};
  }
  const id = Number(textOf(event, 'EventID'));
  if (id !== KMS_REQUEST_EVENT_ID) return undefined;
  const data = Array.from(event.getElementsByTagName('Data'), (node) => node.textContent ?? '');
  const message = textOf(event, 'Message');
  const fields = fieldsFromEventData(data) ?? (message ? fieldsFromMessage(message) : undefined);
  if (!fields) return {error: {line, message: 'event 12290 has no Info fields in EventData'}};
  const systemTime = event.getElementsByTagName('TimeCreated')[0]?.getAttribute('SystemTime');
  const logged = systemTime ? parseWindowsDate(systemTime) : undefined;
  const result = recordFrom12290(fields, line, logged && 'ms' in logged ? logged.ms : undefined);
  return 'record' in result ? result : {error: {line, message: result.invalid}};
}

const textOf = (element: Element, tag: string): string | undefined => element.getElementsByTagName(tag)[0]?.textContent?.trim();

const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0];
