/**
 * winprep also runs as a plugin of another oclif CLI, where its commands are `<host bin> image …`.
 * Library messages and hints name commands as `winprep …`; this rewrites them to the running CLI's bin.
 */
const COMMAND_MENTION = /\bwinprep(?=:? |:$|$)/gm;

/** `text` with every `winprep …` command mention and the `winprep:` message prefix using `bin`. */
export function forBin(text: string, bin: string): string {
  if (bin === 'winprep') return text;
  return text.replaceAll(COMMAND_MENTION, bin);
}
