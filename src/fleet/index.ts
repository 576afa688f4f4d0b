/** The fleet library: fingerprints of images, input readers, and the audit. */
export {auditFleet, FleetAudit, type AuditOptions} from './audit.js';
export {fingerprintFromFacts, FINGERPRINT_KIND, FINGERPRINT_VERSION, type Fingerprint} from './fingerprint.js';
export {openInput, detectFormat} from './inputs.js';
export {parseCsv, type CsvRow} from './csv.js';
export {renderFleetText, renderFleetCsv, renderFingerprintText} from './render.js';
export * from './types.js';
