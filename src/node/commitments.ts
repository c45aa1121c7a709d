import {
  type CommitmentsRegistry,
  checkStatusEdit,
  type EditProblem,
  type StatusEdit,
  withStatusEdits,
} from '../commitments/index.js';
import type { Nation } from '../domain/index.js';
import type { AuditPort, JsonValue } from '../link/index.js';
import type { CommitmentEditRecord, CommitmentEdits } from '../store/index.js';

export interface CommitmentDeskOptions {
  readonly nation: Nation;
  readonly clock: { nowMs(): number };
  /** The registry as read from the data files. */
  readonly registry: () => CommitmentsRegistry;
  readonly edits: CommitmentEdits;
  readonly audit: AuditPort;
  readonly transaction?: <T>(fn: () => T) => T;
}

export type CommitmentEditResult =
  | { readonly ok: true; readonly edit: StatusEdit }
  | ({ readonly ok: false } & (EditProblem | { code: string; field: string; reason: string }));

/**
 * A node's commitments registry: the data files' registry with the status edits this node's
 * administrators made (kept in the node's store, audited) appended. Edits are this node's alone:
 * they are not sent to partners.
 */
export class CommitmentDesk {
  readonly #o: CommitmentDeskOptions;

  constructor(o: CommitmentDeskOptions) {
    this.#o = o;
  }

  /** The node's day (UTC) on its clock: the default `asOf` of a reading, and the latest an edit may take. */
  today(): string {
    return new Date(this.#o.clock.nowMs()).toISOString().slice(0, 10);
  }

  registry(): CommitmentsRegistry {
    return withStatusEdits(
      this.#o.registry(),
      this.#o.edits.list().map((r) => r.edit as unknown as StatusEdit),
    );
  }

  /** The edits made here, in order, optionally of one entry. */
  edits(entry?: string): CommitmentEditRecord[] {
    return this.#o.edits.list().filter((r) => entry === undefined || r.entry === entry);
  }

  /**
   * Appends `edit` (already authorised as an administrator of this node's nation) if the registry
   * allows it; stores and audits it as one commit, or audits the refusal.
   */
  edit(by: string, edit: StatusEdit): CommitmentEditResult {
    if (edit.nation !== this.#o.nation)
      throw new Error(`invariant: ${this.#o.nation}'s desk given an edit by ${edit.nation}`);
    const problem = checkStatusEdit(this.registry(), edit, this.today());
    if (problem) {
      this.refuse(by, edit.entry, problem.code, problem.field, problem.reason);
      return { ok: false, ...problem };
    }
    const now = this.#o.clock.nowMs();
    const write = () => {
      this.#o.edits.append({
        entry: edit.entry,
        nation: edit.nation,
        by,
        edit: edit as unknown as JsonValue,
        storedMs: now,
      });
      this.#o.audit.append({
        tMs: now,
        kind: 'commitment-edited',
        actor: this.#o.nation,
        subject: edit.entry,
        detail: { by, status: edit.status, asOf: edit.asOf, evidence: edit.evidence as unknown as JsonValue },
      });
    };
    if (this.#o.transaction) this.#o.transaction(write);
    else write();
    return { ok: true, edit };
  }

  /**
   * Audits a refused edit (`field`: the input it is about, e.g. `status`, `evidence.date`, `token`);
   * `more` adds to the record's detail (the request's source, or the count of a summary).
   */
  refuse(
    by: string,
    entry: string,
    code: string,
    field: string,
    reason: string,
    more: Readonly<Record<string, JsonValue>> = {},
  ): void {
    this.#o.audit.append({
      tMs: this.#o.clock.nowMs(),
      kind: 'commitment-edit-refused',
      actor: this.#o.nation,
      subject: entry,
      detail: { ...more, by, code, field, reason },
    });
  }
}

/** Edits kept in memory, for a node whose store keeps none (tests). */
export class MemoryCommitmentEdits implements CommitmentEdits {
  readonly #rows: CommitmentEditRecord[] = [];
  append(e: CommitmentEditRecord): void {
    this.#rows.push(e);
  }
  list(): CommitmentEditRecord[] {
    return [...this.#rows];
  }
}
