/** processorArchitecture for new answer-file components (docs/reference/answer-files.md#envelope). */
import type {ImageFacts} from '../../facts/facts.js';

export function architectureOf(facts: ImageFacts): string {
  const arch = facts.os.architecture;
  return arch === 'x86' || arch === 'arm64' || arch === 'amd64' ? arch : 'amd64';
}
