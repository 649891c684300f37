/** Where telltale keeps its data and configuration by default, following each platform's convention. */
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/** `$XDG_DATA_HOME/telltale` (Linux default ~/.local/share/telltale), the platform's equivalent elsewhere. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'telltale');
  if (platform() === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'telltale');
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Application Support', 'telltale');
  return join(homedir(), '.local', 'share', 'telltale');
}

/** `$XDG_CONFIG_HOME/telltale` (Linux default ~/.config/telltale), the platform's equivalent elsewhere. */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'telltale');
  if (platform() === 'win32' && env.APPDATA) return join(env.APPDATA, 'telltale');
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Preferences', 'telltale');
  return join(homedir(), '.config', 'telltale');
}

/** The default SQLite store: `<data dir>/telltale.db`. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), 'telltale.db');
}
