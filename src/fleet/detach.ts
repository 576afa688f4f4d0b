/**
 * A copy of `text` that does not share memory with the chunk it was cut from: V8 keeps substrings as views
 * of their parent, so one kept name would otherwise keep a whole 64 KB read buffer alive.
 */
export const detach = (text: string): string => (text.length < 13 ? text : (' ' + text).slice(1));
