/** The WIM XML metadata of an open WIM image (EDITIONID, PRODUCTNAME, ARCH), read through wimlib (docs/reference/wim.md#xml-metadata). */
import {listWimImages} from '../image/index.js';
import type {Image} from '../image/types.js';

export interface WimMetadata {
  editionId?: string;
  architecture?: string;
  productName?: string;
}

export async function readWimMetadata(image: Image): Promise<WimMetadata | undefined> {
  const images = await listWimImages(image.path);
  const entry = images.find((i) => i.index === (image.index ?? 1));
  if (!entry) return undefined;
  return {editionId: entry.edition, productName: entry.productName, architecture: entry.architecture};
}
