/**
 * WP060–WP061: answer files left in the image. Cached answer files keep plain-text passwords and keys
 * (docs/reference/setup-state.md#panther, docs/reference/answer-files.md#implicit-search); a malformed file, a component for another architecture, or a setting in a pass that
 * does not read it silently does nothing (docs/reference/answer-files.md#envelope, docs/reference/answer-files.md#passes, docs/reference/answer-files.md#settings).
 */
import type {Rule, RuleFinding} from '../types.js';

const PANTHER_FIX = 'winprep image generalize <image> (operation panther removes cached answer files)';

export const answerFileSecrets: Rule = {
  id: 'WP060',
  name: 'answer-file-secrets',
  title: 'No secrets left in answer files',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-automation-overview (answer files are cached under %WINDIR%\\Panther); https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-shell-setup-useraccounts (passwords in answer files)',
  check({facts}) {
    const findings: RuleFinding[] = [];
    for (const answer of facts.answerFiles) {
      if (answer.plainTextPasswords > 0) {
        findings.push({
          message: `${answer.path} holds ${answer.plainTextPasswords} plain-text password(s) that every clone would carry`,
          location: {file: answer.path, value: 'Password/PlainText'},
          fix: PANTHER_FIX,
        });
      }
      for (const key of answer.productKeys) {
        if (key.isGvlk) continue;
        findings.push({
          message: `${answer.path} holds a non-GVLK product key ${key.value} (MAK or retail) in the ${key.pass} pass`,
          location: {file: answer.path, key: `settings[@pass='${key.pass}']`, value: 'ProductKey'},
          fix: `${PANTHER_FIX}; install volume keys with winprep kms client set --key`,
        });
      }
    }
    return findings;
  },
};

/** Settings whose pass is fixed (docs/reference/answer-files.md#settings, docs/reference/generalization.md#pitfalls): component, element, passes that read it. */
const PASS_OF_SETTING: {component: string; element: string[]; passes: string[]}[] = [
  {component: 'Microsoft-Windows-Security-SPP', element: ['SkipRearm'], passes: ['generalize']},
  {component: 'Microsoft-Windows-Security-Licensing-SLC', element: ['SkipRearm'], passes: ['generalize']},
  {component: 'Microsoft-Windows-Shell-Setup', element: ['ProductKey'], passes: ['specialize', 'oobeSystem']},
  {component: 'Microsoft-Windows-Shell-Setup', element: ['ComputerName'], passes: ['specialize', 'offlineServicing']},
  {component: 'Microsoft-Windows-Security-SPP-UX', element: ['SkipAutoActivation'], passes: ['specialize']},
];

const ARCH_OF_IMAGE: Record<string, string[]> = {
  amd64: ['amd64', 'wow64'],
  x86: ['x86'],
  arm64: ['arm64'],
  ia64: ['ia64'],
};

export const answerFileShape: Rule = {
  id: 'WP061',
  name: 'answer-file-shape',
  title: 'Answer files are well-formed and name the right architecture and passes',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'documented: https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/ (components, passes and processorArchitecture)',
  check({facts, answerFiles}) {
    const findings: RuleFinding[] = [];
    const accepted = ARCH_OF_IMAGE[facts.os.architecture];
    for (const parsed of answerFiles) {
      if (!parsed.doc) {
        findings.push({
          message: `${parsed.path} is not a well-formed answer file: ${parsed.error ?? 'unreadable'}`,
          location: {file: parsed.path},
          fix: 'fix the XML, or remove the file with winprep image generalize (operation panther)',
        });
        continue;
      }
      for (const component of parsed.doc.components()) {
        if (accepted && component.arch && !accepted.includes(component.arch)) {
          findings.push({
            message: `${parsed.path}: component ${component.name} (${component.pass}) is for ${component.arch}, the image is ${facts.os.architecture}: Setup ignores it`,
            location: {file: parsed.path, key: `settings[@pass='${component.pass}']/component[@name='${component.name}']`},
            fix: `set processorArchitecture="${facts.os.architecture}"`,
          });
        }
      }
      for (const rule of PASS_OF_SETTING) {
        for (const pass of parsed.doc.passes()) {
          if (rule.passes.includes(pass)) continue;
          if (parsed.doc.getSetting(pass, rule.component, rule.element) === undefined) continue;
          findings.push({
            severity: 'warning',
            message: `${parsed.path}: ${rule.component}/${rule.element.join('/')} is in the ${pass} pass, which does not read it (use ${rule.passes.join(' or ')})`,
            location: {file: parsed.path, key: `settings[@pass='${pass}']`, value: rule.element.join('/')},
            fix: `move it to the ${rule.passes[0]} pass`,
          });
        }
      }
    }
    return findings;
  },
};
