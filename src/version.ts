// keyguard's version, read from its package.json when asked (`--version`, SARIF's tool.driver).
import { readFile } from 'node:fs/promises';

export async function version(): Promise<string> {
  const { PACKAGE_ROOT_URL } = await import('./package-root.js');
  const pkg = JSON.parse(await readFile(new URL('package.json', PACKAGE_ROOT_URL), 'utf8')) as { version: string };
  return pkg.version;
}
