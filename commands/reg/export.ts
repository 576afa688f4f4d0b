import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {prefixFlag, replayLogsFlag} from '../../src/cli/flags.js';
import {regExport, type RegExportResult} from '../../src/registry/operations.js';
import {readStateWarnings, renderExport, skippedWarnings} from '../../src/registry/render.js';

export default class RegExport extends BaseCommand<typeof RegExport> {
  static summary = 'Export a hive, or one key with its subtree, as .reg text.';
  static description =
    'Writes "Windows Registry Editor Version 5.00" text with regedit\'s escaping, hex(2)/hex(7)/hex(b)/dword forms and ' +
    '80-column wrapping. Key paths start where Windows mounts the hive (HKEY_LOCAL_MACHINE\\SYSTEM for a file named ' +
    'SYSTEM, likewise SOFTWARE, SAM, SECURITY, or for a hive whose stored name says so); other hives need --prefix. ' +
    'Prints to stdout, or with --out writes a UTF-16LE file as regedit does (--utf8 for tools that cannot read UTF-16). ' +
    'Keys and values whose names hold a line break cannot be written as .reg text: they are left out with a warning ' +
    'naming each. --replay-logs exports a dirty hive as recovered from its transaction logs, in memory.';

  static examples = [
    '<%= config.bin %> reg export Windows/System32/config/SYSTEM Select',
    '<%= config.bin %> reg export NTUSER.DAT --prefix "HKEY_USERS\\S-1-5-20" --out ns.reg',
  ];

  static args = {
    hive: Args.string({required: true, description: 'Hive file.'}),
    key: Args.string({required: false, description: 'Key to export (default: the whole hive).'}),
  };

  static flags = {
    out: Flags.string({summary: 'Write the .reg text to this file (atomically, creating missing folders) instead of stdout.'}),
    prefix: prefixFlag(),
    utf8: Flags.boolean({summary: 'With --out, write UTF-8 instead of UTF-16LE.', dependsOn: ['out']}),
    'replay-logs': replayLogsFlag('view'),
  };

  async run(): Promise<RegExportResult> {
    const result = await regExport(this.args.hive, {
      keyPath: this.args.key,
      prefix: this.flags.prefix,
      out: this.flags.out,
      utf8: this.flags.utf8,
      replayLogs: this.flags['replay-logs'],
    });
    for (const warning of [...readStateWarnings(result.file, result.dirtyReason, result.replay), ...skippedWarnings(result.skipped)]) this.addWarning(warning);
    // Without --out the .reg text goes to stdout exactly as a file would hold it (CRLF, final newline).
    if (!this.jsonEnabled()) this.print(result.out ? renderExport(result) : result.text);
    return result;
  }
}
