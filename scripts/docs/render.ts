/**
 * Markdown pages generated from the registries, as virt-sysprep generates its operation docs from its
 * operation records: docs/operations.md (generalize operations) and docs/rules.md (validation rules).
 * Pure functions of the records, so test/docs/generated.test.ts can compare the committed pages with them.
 */
import type {Operation} from '../../src/generalize/types.js';
import type {Rule} from '../../src/validate/types.js';

const GENERATIONS: Record<string, string> = {sl: 'Vista / Server 2008 (SL)', spp: 'Windows 7 / Server 2008 R2 and later (SPP)'};

const HEADER = (source: string) =>
  `<!-- Generated from ${source} by scripts/docs (npm run docs). Do not edit: change the records and regenerate. -->\n`;

/** Markdown-safe table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** Evidence as links where it cites the project's reference (docs/reference/…#…) or a public URL; the page lives in docs/. */
export function evidenceMarkdown(evidence: string): string {
  return cell(evidence)
    .replace(/\bdocs\/reference\/([a-z0-9-]+\.md(?:#[a-z0-9-]+)?)/g, '[reference/$1](reference/$1)')
    .replace(/(?<![(<])\bhttps:\/\/[^\s,;)]+/g, '<$&>');
}

export function renderOperationsDoc(operations: readonly Operation[]): string {
  const lines = [
    HEADER('the operation registry (src/generalize/registry.ts)'),
    '# Generalize operations',
    '',
    '`winprep image generalize` runs these operations in this order. Choose them with `--operations` (a comma list of',
    '`name`, `-name`, `defaults`, `all`; the first item starts from the empty set) and list them with',
    '`--list-operations`. Pipelines should pin an explicit list.',
    '',
    '| Operation | Default | What it does |',
    '|---|---|---|',
    ...operations.map((op) => `| [\`${op.name}\`](#${op.name}) | ${op.defaultOn ? 'on' : 'off'} | ${cell(op.heading)} |`),
  ];
  for (const op of operations) {
    lines.push(
      '',
      `<a id="${op.name}"></a>`,
      `## ${op.name}`,
      '',
      `${cell(op.heading)}.`,
      '',
      `- Default: ${op.defaultOn ? 'on' : 'off'}`,
      `- Applies to: ${op.appliesTo.generations.map((g) => GENERATIONS[g] ?? g).join('; ')}; ${op.appliesTo.kinds.join(' and ')} editions`,
      `- Evidence: ${evidenceMarkdown(op.evidence)}`,
    );
    if (op.riskNote) lines.push(`- ${op.defaultOn ? 'Risk' : 'Off by default because'}: ${cell(op.riskNote)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderRulesDoc(rules: readonly Rule[]): string {
  const lines = [
    HEADER('the rule registry (src/validate/rules/index.ts)'),
    '# Validation rules',
    '',
    '`winprep image validate` checks these rules in this order. Select rules by ID or name with `--rules` or',
    '`--skip-rules`, and list them with `--list-rules`. `--for` picks the target (duplication or wds).',
    '',
    '| ID | Name | Severity | Targets | Checks that |',
    '|---|---|---|---|---|',
    ...rules.map((r) => `| [${r.id}](#${r.id.toLowerCase()}) | \`${r.name}\` | ${r.severity} | ${r.targets.join(', ')} | ${cell(r.title)} |`),
  ];
  for (const r of rules) {
    lines.push(
      '',
      `<a id="${r.id.toLowerCase()}"></a>`,
      `## ${r.id} ${r.name}`,
      '',
      `${cell(r.title)}.`,
      '',
      `- Severity: ${r.severity}`,
      `- Targets: ${r.targets.join(', ')}`,
      `- Evidence: ${evidenceMarkdown(r.evidence)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
