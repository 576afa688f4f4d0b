/**
 * WP093: no winprep backup, temp or journal file inside the image. They hold previous versions of hives and
 * answer files (the identity generalize removed, plain-text passwords) and are captured and cloned with the
 * tree. Backups belong beside the image (README.md, "Writes"); a temp or journal inside means a commit was
 * interrupted and not yet finished, or a copy was taken mid-run.
 */
import {findLeftovers, type LeftoverKind} from '../../image/index.js';
import type {Rule} from '../types.js';

const WHAT: Record<LeftoverKind, string> = {
  backup: 'a winprep backup (a previous version of a file: old hive or answer file)',
  temp: 'a winprep temp file (a file mid-commit)',
  journal: "winprep's commit journal (an unfinished commit)",
};

const FIX: Record<LeftoverKind, string> = {
  backup: 'move it out of the image (backups now go beside it with --backup), then capture again',
  temp: 'run any winprep write command on the image once (it finishes or undoes the commit), or delete the file',
  journal: 'run any winprep write command on the image once: it finishes or undoes the interrupted commit',
};

export const winprepLeftovers: Rule = {
  id: 'WP093',
  name: 'winprep-leftovers',
  title: 'No winprep backup, temp or journal file inside the image',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence:
    "documented: every file in the reference image is copied to each clone by disk duplication, so a backup or temp file holding old hives or answer files spreads their identities and secrets — https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication ; the names are winprep's own (README.md)",
  async check({image}) {
    return (await findLeftovers(image)).map((leftover) => ({
      message: `${leftover.path} is ${WHAT[leftover.kind]} inside the image: every clone gets it`,
      location: {file: leftover.path},
      fix: FIX[leftover.kind],
    }));
  },
};
