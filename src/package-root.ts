// Where keyguard's own package lives (its package.json, hooks/). Both the compiled module
// (dist/package-root.js) and the bundles (dist/bin.cjs, dist/index.js) sit one level below the package
// root, so the same relative URL works for each.
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT_URL = new URL('..', import.meta.url);
export const PACKAGE_ROOT = fileURLToPath(PACKAGE_ROOT_URL).replace(/[\\/]$/, '');
