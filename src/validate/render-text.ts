/** Human report for a technician's terminal: verdict first, then findings grouped by severity. */
import {describeLocation} from './locations.js';
import {RULES} from './rules/index.js';
import type {Finding, Severity, ValidationReport} from './types.js';

const HEADINGS: Record<Severity, string> = {error: 'Errors', warning: 'Warnings', info: 'Notes'};

export function renderValidationText(report: ValidationReport): string {
  const lines: string[] = [];
  const os = [report.os.name ?? report.os.productName, report.os.editionId && `(${report.os.editionId})`, report.os.build && `build ${report.os.build}`, report.os.architecture]
    .filter(Boolean)
    .join(' ');
  lines.push(`${report.image} [${report.kind}] — ${os}`);
  const verdict = report.fit ? 'FIT' : 'NOT FIT';
  lines.push(
    `${verdict} for ${report.target} (${report.role} image${report.strict ? ', strict' : ''}): ` +
      `${report.counts.error} error(s), ${report.counts.warning} warning(s), ${report.counts.info} note(s)`,
  );
  const findings = report.rules.flatMap((rule) => rule.findings);
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `${HEADINGS[severity]}:`);
    for (const finding of group) lines.push(...renderFinding(finding));
  }
  const skipped = report.rules.filter((r) => r.status === 'skipped');
  const passed = report.rules.filter((r) => r.status === 'pass' && r.findings.length === 0);
  lines.push('', `${passed.length} rule(s) passed, ${skipped.length} skipped for this target or deselected.`);
  return lines.join('\n');
}

function renderFinding(finding: Finding): string[] {
  const rule = RULES.find((r) => r.id === finding.ruleId);
  const out = [`  ${finding.ruleId} ${rule?.name ?? ''}: ${finding.message}`];
  if (finding.location) out.push(`      at  ${describeLocation(finding.location)}`);
  if (finding.fix) out.push(`      fix ${finding.fix}`);
  return out;
}

export function renderRuleList(): string {
  const width = Math.max(...RULES.map((r) => r.name.length));
  return RULES.map(
    (r) => `${r.id}  ${r.name.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.targets.join(',').padEnd(16)}  ${r.title}`,
  ).join('\n');
}
