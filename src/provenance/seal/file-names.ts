/**
 * The names of a run folder's seal files, on their own so that code running in the scan worker
 * can name them without bundling the manifest's schema (zod) into the worker.
 */
export const MANIFEST_FILE = 'manifest.json';
export const METADATA_FILE = 'baseline.json';
