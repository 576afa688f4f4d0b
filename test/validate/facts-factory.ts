/** A clean, generalized Windows 10 Pro ImageFacts for rule tests; each test overrides what it is about. */
import type {AnswerFileFacts, ImageFacts} from '../../src/facts/facts.js';

export function cleanFacts(): ImageFacts {
  return {
    kind: 'folder',
    path: '/images/ref',
    os: {
      productName: 'Windows 10 Pro',
      editionId: 'Professional',
      version: '6.3',
      majorVersion: 10,
      minorVersion: 0,
      build: 19045,
      installationType: 'Client',
      architecture: 'amd64',
      kind: 'client',
      licensingGeneration: 'spp',
      family: 'Windows 10',
    },
    controlSet: {current: 1, name: 'ControlSet001', available: ['ControlSet001', 'ControlSet002']},
    identity: {computerName: 'MINWINPC'},
    licensing: {
      keyPath: 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform',
      keyChannel: 'gvlk',
      partialProductKey: 'T83GX',
      skipRearm: 0,
      client: {mode: 'auto'},
      host: {},
    },
    generalization: {
      imageState: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE',
      sysprepTag: true,
      setupCmdLine: 'oobe\\windeploy.exe',
      setupType: 2,
      resealedByWinprep: false,
      state: 'generalized-by-sysprep',
    },
    answerFiles: [],
    hives: [
      {path: 'Windows/System32/config/SYSTEM', dirty: false},
      {path: 'Windows/System32/config/SOFTWARE', dirty: false},
    ],
  };
}

export function answerFile(overrides: Partial<AnswerFileFacts> = {}): AnswerFileFacts {
  return {
    path: 'Windows/Panther/unattend.xml',
    wellFormed: true,
    passes: ['specialize'],
    architectures: ['amd64'],
    skipRearm: [],
    computerNames: [],
    productKeys: [],
    plainTextPasswords: 0,
    ...overrides,
  };
}
