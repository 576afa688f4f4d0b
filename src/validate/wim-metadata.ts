/** The WIM XML metadata of an open WIM image (EDITIONID, ARCH, PRODUCTNAME), read through wimlib. */
import type {Image} from '../image/types.js';

export interface WimMetadata {
  editionId?: string;
  architecture?: string;
  productName?: string;
}

export async function readWimMetadata(_image: Image): Promise<WimMetadata | undefined> {
  return undefined;
}
