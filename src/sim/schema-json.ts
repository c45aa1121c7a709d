import { z } from 'zod';
import { scenarioSchema } from './scenario-schema.js';

/**
 * The JSON Schema (draft 2020-12) of scenario files, as the text committed at
 * `scenarios/scenario.schema.json`: generated from the zod schema so the two cannot drift (a test
 * compares them). Describes the file as written (defaults optional), not the parsed value.
 *
 * @example
 * JSON.parse(scenarioJsonSchemaText()).required // ['name', 'description', 'start', ...]
 */
export function scenarioJsonSchemaText(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
  const doc = { $schema: schema.$schema, title: 'Concord scenario', ...schema };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
