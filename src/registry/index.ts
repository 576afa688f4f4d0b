/** The offline registry engine: regf hives (read, edit, create, verify) and .reg text. */
export * from './types.js';
export {Hive, type HiveCreateOptions, type HiveParseOptions} from './hive.js';
export {HiveKey} from './key.js';
export {compareNames, nameHash, lfHint, upcaseName} from './names.js';
export {mountPrefixFor, mountPrefixForHive, normalizeRegPath, stripMountPrefix} from './mount.js';
export {parseReg, decodeRegFile} from './reg-parse.js';
export {HKLM_SOFTWARE, applyEdit, applyEdits, deleteEdit, editName, renderRegChanges, renderRegFile, setEdit, type RegEdit, type RegistryAction, type RegistryChange} from './changes.js';
export {formatValue, formatValueName, escapeRegString, regValueLine} from './reg-format.js';
export {exportReg, encodeRegFile, type ExportOptions} from './reg-export.js';
export {applyReg, type ApplyOptions, type ApplySummary} from './reg-apply.js';
export type {RegDocument, RegSection, RegEntry} from './reg-types.js';
export {verifyHive, type VerifyReport, type VerifyIssue, type IssueSeverity} from './verify.js';
export {diffHives, type HiveDiff} from './diff.js';
export {typeName, decodeValue, describeValue, valueJson, type ValueJson, type DecodedValue} from './value-text.js';
export {szValue, dwordValue, multiSzValue, decodeSz, decodeMultiSz, decodeDword, readDword, readString, sameValue} from './values.js';
export {regGet, regExport, regImport, regDiff, regVerify, resolvePrefix} from './operations.js';
export type {RegGetResult, RegExportResult, RegImportResult, RegDiffResult} from './operations.js';
