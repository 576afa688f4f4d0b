/**
 * The one place the image layer touches the registry engine's constructor. Loaded lazily by
 * StagedImage.hive() so the file layer works (and is testable) on its own.
 */
import {Hive} from '../registry/index.js';
import type {HiveApi, HiveOpenOptions} from '../registry/types.js';

export const parseHive = (bytes: Buffer, options: HiveOpenOptions): HiveApi => Hive.parse(bytes, options);
