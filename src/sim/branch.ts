import {
  type Agreement,
  type CompiledRegistry,
  compileRegistry,
  InputError,
  parseInstant,
} from '../domain/index.js';
import type { Scenario } from './scenario.js';

const branches = new WeakMap<CompiledRegistry, WeakMap<object, CompiledRegistry>>();
/** Each branch made, with the scenario's `hypothetical` it was made for: asked again, it is itself. */
const made = new WeakMap<CompiledRegistry, object>();

/**
 * The agreements registry as a scenario's HYPOTHETICAL branch has it: the file's, less the recorded
 * history events the branch leaves out (`hypothetical.omitHistory`). The same registry when the
 * scenario has no branch. An event the file does not record is an error naming the field: a branch
 * that left out nothing would pass for one that did.
 */
export function branchRegistry(
  base: CompiledRegistry,
  scenario: Pick<Scenario, 'name' | 'hypothetical'>,
): CompiledRegistry {
  const omit = scenario.hypothetical?.omitHistory;
  if (omit === undefined || omit.length === 0) return base;
  if (made.get(base) === scenario.hypothetical) return base;
  const hypothetical = scenario.hypothetical!;
  const known = branches.get(base)?.get(hypothetical);
  if (known !== undefined) return known;
  const place = (i: number, field: string) => ({
    input: `scenario ${scenario.name}`,
    field: `hypothetical.omitHistory.${i}.${field}`,
  });
  const left = new Map<string, Set<number>>();
  omit.forEach((o, i) => {
    const a = base.agreement(o.agreement);
    if (a === undefined) throw new InputError(place(i, 'agreement'), `no agreement '${o.agreement}'`);
    const atMs = parseInstant(o.date, { input: `scenario ${scenario.name}`, field: place(i, 'date').field });
    const at = a.history.findIndex((e) => e.type === o.type && e.atMs === atMs);
    if (at < 0)
      throw new InputError(
        place(i, 'date'),
        `${o.agreement} records no ${o.type} on ${o.date} (its history: ${
          a.history.map((e) => `${e.type} ${new Date(e.atMs).toISOString().slice(0, 10)}`).join(', ') ||
          'none'
        })`,
      );
    left.set(a.id, (left.get(a.id) ?? new Set()).add(at));
  });
  const agreements = base.agreements.map((a): Agreement => {
    const gone = left.get(a.id);
    return gone === undefined ? a : { ...a, history: a.history.filter((_, i) => !gone.has(i)) };
  });
  const branch = compileRegistry({ agreements, coalitions: base.coalitions, consents: base.consents });
  const byBranch = branches.get(base) ?? new WeakMap<object, CompiledRegistry>();
  byBranch.set(hypothetical, branch);
  branches.set(base, byBranch);
  made.set(branch, hypothetical);
  return branch;
}
