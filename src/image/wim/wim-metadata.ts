/**
 * Keep a WIM image's XML in step with its SOFTWARE hive. wimlib recomputes the <WINDOWS> block only when
 * an update adds at the image root, so after replacing the hive we set the properties ourselves
 * (docs/reference/wim.md#xml-metadata: EDITIONID, PRODUCTNAME, INSTALLATIONTYPE from ...\Windows NT\CurrentVersion; FLAGS
 * carries the edition as captured).
 */
import type {HiveApi} from '../../registry/types.js';
import {readString} from '../../registry/values.js';
import type {WimImageInfo} from './wim-info.js';

const CURRENT_VERSION = 'Microsoft\\Windows NT\\CurrentVersion';

export interface WindowsProperties {
  editionId?: string;
  productName?: string;
  installationType?: string;
}

export function readWindowsProperties(software: HiveApi): WindowsProperties {
  return {
    editionId: stringValue(software, 'EditionID'),
    productName: stringValue(software, 'ProductName'),
    installationType: stringValue(software, 'InstallationType'),
  };
}

function stringValue(hive: HiveApi, name: string): string | undefined {
  return readString(hive.getValue(CURRENT_VERSION, name));
}

/** `--image-property NAME=VALUE` arguments for the values that differ from the image's XML. */
export function imagePropertyArgs(current: WimImageInfo, wanted: WindowsProperties): string[] {
  const args: string[] = [];
  const set = (name: string, value: string | undefined, now: string | undefined) => {
    if (value !== undefined && value !== now) args.push('--image-property', `${name}=${value}`);
  };
  set('WINDOWS/EDITIONID', wanted.editionId, current.edition);
  set('WINDOWS/PRODUCTNAME', wanted.productName, current.productName);
  set('WINDOWS/INSTALLATIONTYPE', wanted.installationType, current.installationType);
  // FLAGS follows the edition only where it held the edition (a user's own FLAGS is left alone).
  if (current.flags !== undefined && current.flags === current.edition) set('FLAGS', wanted.editionId, current.flags);
  return args;
}
