/** The one place the image layer touches the registry engine's constructor (hive() and the WIM XML sync). */
import {Hive} from '../registry/index.js';
import type {HiveApi, HiveOpenOptions} from '../registry/types.js';

export const parseHive = (bytes: Buffer, options: HiveOpenOptions): HiveApi => Hive.parse(bytes, options);
