import { createContext } from 'react';
import type { Nation } from '../api/types.js';

/**
 * The signed-in operator's nation and token, for what every view shares and reads from the node
 * (the map's zones). Undefined before sign-in.
 */
export const SessionContext = createContext<{ readonly nation: Nation; readonly token: string } | undefined>(
  undefined,
);
