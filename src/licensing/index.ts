/** The shared licensing model: every KMS default, range, key, registry location and error text lives here. */
export * from './defaults.js';
export * from './validate.js';
export * from './product-keys.js';
export * from './registry-map.js';
export * from './gvlk-catalog.js';
