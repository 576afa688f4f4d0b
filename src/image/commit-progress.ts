/**
 * Progress text for long commits (an archive rewritten and re-read): bytes done, percent, rate and time
 * left, the way wimlib and DISM show theirs. Pure formatting plus a throttle; the CLI decides where it goes.
 */
import type {CommitProgress} from './types.js';

/**
 * A step's report callback; `transient` marks a progress update that the next one replaces, `phase` names what
 * it measures (a new phase is always shown, even where updates are thinned out).
 */
export type StepReport = (output: string, options?: {transient?: boolean; phase?: string}) => void;

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1000-based sizes with one decimal from KB up (`412.3 MB`), as wimlib prints them. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

const clock = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
};

/** `write 120.0 MB of 400.0 MB (30%), 85.2 MB/s, 0:03 left`; rate and time left once a phase has run a while. */
export function formatCommitProgress(progress: CommitProgress, elapsedMs: number): string {
  const {phase, done, total} = progress;
  const parts = [total > 0 ? `${formatBytes(done)} of ${formatBytes(total)} (${Math.floor((done / total) * 100)}%)` : formatBytes(done)];
  if (elapsedMs >= 500 && done > 0) {
    const rate = done / (elapsedMs / 1000);
    parts.push(`${formatBytes(rate)}/s`);
    if (total > done) parts.push(`${clock((total - done) / rate)} left`);
  }
  return `${phase} ${parts.join(', ')}`;
}

/**
 * A commit's onProgress that reports at most every `intervalMs` (and at each phase's start and end), so a
 * multi-gigabyte copy does not redraw the terminal thousands of times.
 */
export function commitProgressReporter(report: StepReport, intervalMs = 200, now: () => number = Date.now): (progress: CommitProgress) => void {
  let phase: CommitProgress['phase'] | undefined;
  let phaseStart = 0;
  let last = 0;
  return (progress) => {
    const time = now();
    const newPhase = progress.phase !== phase;
    if (newPhase) {
      phase = progress.phase;
      phaseStart = time;
    }
    const finished = progress.total > 0 && progress.done >= progress.total;
    if (!newPhase && !finished && time - last < intervalMs) return;
    last = time;
    report(formatCommitProgress(progress, time - phaseStart), {transient: true, phase: progress.phase});
  };
}
