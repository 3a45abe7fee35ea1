import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Reads schema.graphql from the project root (found upwards from this file, in src/ or dist/src/). */
export function loadTypeDefs(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'schema.graphql');
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error('schema.graphql not found above ' + __dirname);
}
