/** JUnit XML for CI systems: one test case per rule; a failing rule's findings are its <failure>. */
import {describeLocation} from './locations.js';
import type {ValidationReport} from './types.js';

const escapeXml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    // XML 1.0 forbids most control characters, even escaped.
    .split('')
    .filter((ch) => ch >= ' ' || ch === '\t' || ch === '\n' || ch === '\r')
    .join('');

export function renderJunit(report: ValidationReport): string {
  const suiteName = `winprep validate --for ${report.target}`;
  const failures = report.rules.filter((r) => r.status === 'fail').length;
  const skipped = report.rules.filter((r) => r.status === 'skipped').length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="winprep" tests="${report.rules.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    `  <testsuite name="${escapeXml(suiteName)}" tests="${report.rules.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    '    <properties>',
    `      <property name="image" value="${escapeXml(report.image)}"/>`,
    `      <property name="target" value="${report.target}"/>`,
    `      <property name="role" value="${report.role}"/>`,
    '    </properties>',
  ];
  for (const rule of report.rules) {
    const name = `${rule.id} ${rule.name}: ${rule.title}`;
    lines.push(`    <testcase classname="winprep.validate.${escapeXml(rule.name)}" name="${escapeXml(name)}">`);
    if (rule.status === 'skipped') {
      lines.push(`      <skipped message="${escapeXml(rule.skippedBecause ?? 'skipped')}"/>`);
    } else if (rule.status === 'fail') {
      const failing = rule.findings.filter((f) => f.severity !== 'info');
      const body = failing
        .map((f) => [`[${f.severity}] ${f.message}`, f.location && `at ${describeLocation(f.location)}`, f.fix && `fix: ${f.fix}`].filter(Boolean).join('\n'))
        .join('\n\n');
      lines.push(`      <failure message="${escapeXml(failing[0]?.message ?? rule.title)}" type="${rule.severity}">${escapeXml(body)}</failure>`);
    }
    const notes = rule.findings.filter((f) => rule.status !== 'fail' || f.severity === 'info');
    if (notes.length > 0) lines.push(`      <system-out>${escapeXml(notes.map((f) => `[${f.severity}] ${f.message}`).join('\n'))}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
