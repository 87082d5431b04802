/** Tool identity, recorded in fingerprints and reports. Kept in step with package.json by a test. */
export const TOOL_NAME = 'promotion-gate';
export const TOOL_VERSION = '0.1.0';
