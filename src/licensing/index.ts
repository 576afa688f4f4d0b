/** The shared licensing model: every KMS default, range, key, registry location and error text lives here. */
export * from './defaults.js';
export * from './validate.js';
export * from './product-keys.js';
export * from './registry-map.js';
export * from './gvlk-catalog.js';
export * from './error-codes.js';
export * from './events.js';
export * from './explain.js';
export * from './profile.js';
export * from './profile-files.js';
export * from './keys.js';
export * from './render.js';
