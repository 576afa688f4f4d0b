/**
 * Help that reads well at 80 columns: every command and topic help screen, rendered as a user with an
 * 80-column terminal sees it, has no line over 80 outside the examples (oclif re-wraps prose; only a summary
 * and hard line breaks in the source can overflow or come out ragged).
 */
import assert from 'node:assert/strict';

import {Config, Help} from '@oclif/core';

import {projectRoot} from '../helpers/cli.js';

class CapturingHelp extends Help {
  output: string[] = [];

  protected override log(...args: string[]): void {
    this.output.push(args.join(' '));
  }
}

/** The lines of a help screen that are not in its EXAMPLES section. */
function proseLines(screen: string): string[] {
  const lines: string[] = [];
  let inExamples = false;
  for (const line of screen.split('\n')) {
    if (/^[A-Z][A-Z ]+$/.test(line)) inExamples = line === 'EXAMPLES';
    if (!inExamples) lines.push(line);
  }
  return lines;
}

describe('help at 80 columns', function () {
  this.timeout(60_000);
  let config: Config;
  const columns = process.env.OCLIF_COLUMNS;

  before(async () => {
    process.env.OCLIF_COLUMNS = '80';
    config = await Config.load(projectRoot);
  });
  after(() => {
    if (columns === undefined) delete process.env.OCLIF_COLUMNS;
    else process.env.OCLIF_COLUMNS = columns;
  });

  async function render(argv: string[]): Promise<string> {
    const help = new CapturingHelp(config, {maxWidth: 80, stripAnsi: true});
    await help.showHelp(argv);
    return help.output.join('\n');
  }

  it('every command and topic help screen has no prose line over 80 columns', async () => {
    const screens = [...config.commands.map((command) => command.id), ...config.topics.map((topic) => topic.name)];
    assert.ok(screens.length > 30, `only ${screens.length} help screens found`);
    const long: string[] = [];
    for (const id of screens) {
      const screen = await render(id.split(':'));
      assert.match(screen, /USAGE/, `no help for ${id}`);
      for (const line of proseLines(screen)) if (line.length > 80) long.push(`${id}: ${line}`);
    }
    assert.deepEqual(long, []);
  });

  it('descriptions are paragraphs (no hard line breaks inside a paragraph for oclif to re-wrap raggedly)', () => {
    const ragged: string[] = [];
    for (const command of config.commands) {
      const texts: [string, string | undefined][] = [['description', command.description]];
      for (const [name, flag] of Object.entries(command.flags)) texts.push([`--${name}`, flag.description]);
      for (const [where, text] of texts) {
        const lines = (text ?? '').split('\n');
        for (let i = 0; i + 1 < lines.length; i++) {
          // A line break is a paragraph break (blank line) or starts a list item; anything else is a hard wrap.
          if (lines[i] !== '' && lines[i + 1] !== '' && !/^\s*([-*•]|\d+\.)\s/.test(lines[i + 1]!)) ragged.push(`${command.id} ${where}: ${lines[i]}`);
        }
      }
    }
    assert.deepEqual(ragged, []);
  });
});
