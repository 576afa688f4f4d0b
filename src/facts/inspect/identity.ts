/** Per-machine identities that clones must not share (docs/reference/generalization.md#identities). */
import type {HiveApi} from '../../registry/types.js';
import type {IdentityFacts} from '../facts.js';
import {dropUndefined} from './os.js';
import {formatSid, machineSidFromSamV} from './sid.js';
import {readBinary, readString} from './values.js';

export const CRYPTOGRAPHY_KEY = 'Microsoft\\Cryptography';
export const WINDOWS_UPDATE_KEY = 'Microsoft\\Windows\\CurrentVersion\\WindowsUpdate';
/** The WSUS client identity values (docs/reference/generalization.md#wsus-client-id). */
export const WSUS_IDENTITY_VALUES = ['SusClientId', 'SusClientIdValidation', 'PingID', 'AccountDomainSid'] as const;
/** SAM hive root holds a key named SAM (runtime HKLM\SAM\SAM\Domains\Account). */
export const SAM_ACCOUNT_KEY = 'SAM\\Domains\\Account';
export const LSA_ACCOUNT_SID_KEY = 'Policy\\PolAcDmS';

export interface IdentitySources {
  system: HiveApi;
  controlSet: string;
  software: HiveApi;
  sam?: HiveApi;
  security?: HiveApi;
}

export function readIdentity({system, controlSet, software, sam, security}: IdentitySources): IdentityFacts {
  const tcpip = `${controlSet}\\Services\\Tcpip\\Parameters`;
  const samV = readBinary(sam, SAM_ACCOUNT_KEY, 'V');
  const machineSid = samV ? machineSidFromSamV(samV) : undefined;
  const lsaBytes = readBinary(security, LSA_ACCOUNT_SID_KEY, '');
  const lsaSid = lsaBytes ? formatSid(lsaBytes) : undefined;
  const duid = readBinary(system, `${controlSet}\\Services\\Tcpip6\\Parameters`, 'Dhcpv6DUID');
  const nonEmpty = (text: string | undefined): string | undefined => (text === undefined || text === '' ? undefined : text);

  return dropUndefined({
    computerName: readString(system, `${controlSet}\\Control\\ComputerName\\ComputerName`, 'ComputerName'),
    tcpipHostname: readString(system, tcpip, 'Hostname'),
    tcpipNvHostname: readString(system, tcpip, 'NV Hostname'),
    primaryDnsSuffix: nonEmpty(readString(system, tcpip, 'Domain')) ?? nonEmpty(readString(system, tcpip, 'NV Domain')),
    machineSid,
    // LSA's copy is reported only when it tells something SAM does not (facts.ts).
    lsaMachineSid: lsaSid !== undefined && lsaSid !== machineSid ? lsaSid : undefined,
    machineGuid: readString(software, CRYPTOGRAPHY_KEY, 'MachineGuid'),
    susClientId: readString(software, WINDOWS_UPDATE_KEY, 'SusClientId'),
    dhcpv6Duid: duid && duid.length > 0 ? duid.toString('hex') : undefined,
    wsusIdentityValues: WSUS_IDENTITY_VALUES.filter((name) => software.getValue(WINDOWS_UPDATE_KEY, name) !== undefined),
  });
}
