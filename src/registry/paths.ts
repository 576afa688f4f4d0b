/** Key paths: `\` or `/` separated for API callers; `.reg` text uses `\` only, since key names may hold `/`. */
export const splitPath = (keyPath: string): string[] => keyPath.split(/[\\/]/).filter((part) => part.length > 0);

export const splitBackslashPath = (keyPath: string): string[] => keyPath.split('\\').filter((part) => part.length > 0);

export const joinPath = (parts: string[]): string => parts.join('\\');
