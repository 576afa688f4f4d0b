/**
 * Timestamps as Windows tools write them: ISO 8601 (wevtutil SystemTime, inventories), the event 12290
 * client time `YYYY/MM/DD HH:MM`, and PowerShell's culture formats (en-US `M/D/YYYY h:mm:ss AM`,
 * dotted `D.M.YYYY HH:mm:ss`). Times without a zone are local, as Windows wrote them.
 */

export type ParsedDate = {ms: number} | {invalid: string};

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const YMD = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

export function parseWindowsDate(raw: string): ParsedDate {
  const text = raw.trim();
  if (ISO.test(text)) {
    const ms = Date.parse(text.length === 10 ? `${text}T00:00:00` : text.replace(' ', 'T'));
    return Number.isNaN(ms) ? {invalid: `"${text}" is not a valid date`} : {ms};
  }
  let m = YMD.exec(text);
  if (m) return local(text, +m[1], +m[2], +m[3], m[4], m[5], m[6]);
  m = DOTTED.exec(text);
  if (m) return local(text, +m[3], +m[2], +m[1], m[4], m[5], m[6]);
  m = SLASHED.exec(text);
  if (m) {
    const [a, b, year] = [+m[1], +m[2], +m[3]];
    const meridiem = m[7]?.toUpperCase();
    let hour = m[4];
    if (meridiem && hour !== undefined) hour = String((+hour % 12) + (meridiem === 'PM' ? 12 : 0));
    // AM/PM means en-US month-first; otherwise only a day above 12 tells the order.
    if (meridiem || (a <= 12 && b > 12)) return local(text, year, a, b, hour, m[5], m[6]);
    if (a > 12 && b <= 12) return local(text, year, b, a, hour, m[5], m[6]);
    return {invalid: `"${text}" is ambiguous (month/day or day/month); use ISO 8601`};
  }
  return {invalid: `"${text}" is not a date`};
}

function local(text: string, year: number, month: number, day: number, hour?: string, minute?: string, second?: string): ParsedDate {
  const date = new Date(year, month - 1, day, Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0));
  // Reject 2026/02/31 and 25:00 rather than letting Date roll them over.
  if (date.getMonth() !== month - 1 || date.getDate() !== day || Number(hour ?? 0) > 23 || Number(minute ?? 0) > 59 || Number(second ?? 0) > 59) {
    return {invalid: `"${text}" is not a valid date`};
  }
  return {ms: date.getTime()};
}
