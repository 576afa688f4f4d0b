/** SARIF 2.1.0 for code-scanning dashboards: the rules as the tool's driver rules, findings as results. */
import {RULES} from './rules/index.js';
import type {Severity, ValidationReport} from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {error: 'error', warning: 'warning', info: 'note'};

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: unknown[];
}

export function renderSarif(report: ValidationReport, toolVersion: string): SarifLog {
  const rules = RULES.map((rule) => ({
    id: rule.id,
    name: rule.name,
    shortDescription: {text: rule.title},
    fullDescription: {text: `${rule.title}. Evidence: ${rule.evidence}.`},
    help: {text: `Applies to: ${rule.targets.join(', ')}. Evidence: ${rule.evidence}.`},
    defaultConfiguration: {level: LEVEL[rule.severity]},
  }));
  const results = report.rules.flatMap((rule) =>
    rule.findings.map((finding) => ({
      ruleId: finding.ruleId,
      ruleIndex: RULES.findIndex((r) => r.id === finding.ruleId),
      level: LEVEL[finding.severity],
      message: {text: finding.fix ? `${finding.message}. Fix: ${finding.fix}` : finding.message},
      locations: [
        {
          physicalLocation: {artifactLocation: {uri: encodeURI((finding.location?.file ?? report.image).replaceAll('\\', '/')), uriBaseId: 'IMAGEROOT'}},
          ...(finding.location?.key || finding.location?.value
            ? {logicalLocations: [{fullyQualifiedName: [finding.location.key, finding.location.value].filter(Boolean).join('\\'), kind: 'member'}]}
            : {}),
        },
      ],
    })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {driver: {name: 'winprep', version: toolVersion, informationUri: 'https://www.npmjs.com/package/winprep', rules}},
        originalUriBaseIds: {IMAGEROOT: {description: {text: `the image ${report.image}`}}},
        invocations: [{executionSuccessful: true, properties: {target: report.target, role: report.role, strict: report.strict, fit: report.fit}}],
        results,
      },
    ],
  };
}
