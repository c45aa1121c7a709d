import type { Nation } from '../domain/index.js';

/** The partner payloads a node refused, per partner (the item's originator) and reason code. */
export type PartnerRefusals = Readonly<
  Record<string, { readonly total: number; readonly byCode: Readonly<Record<string, number>> }>
>;

/** Counts refused partner payloads per originator and code (the audit log holds each one). */
export class RefusalCounter {
  readonly #counts = new Map<Nation, Map<string, number>>();

  add(partner: Nation, code: string): void {
    let byCode = this.#counts.get(partner);
    if (!byCode) {
      byCode = new Map();
      this.#counts.set(partner, byCode);
    }
    byCode.set(code, (byCode.get(code) ?? 0) + 1);
  }

  /** How many payloads of `partner` were refused (all codes). */
  of(partner: Nation): number {
    let total = 0;
    for (const n of this.#counts.get(partner)?.values() ?? []) total += n;
    return total;
  }

  snapshot(): PartnerRefusals {
    const out: Record<string, { total: number; byCode: Record<string, number> }> = {};
    for (const [partner, byCode] of [...this.#counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      out[partner] = { total: this.of(partner), byCode: Object.fromEntries(byCode) };
    }
    return out;
  }
}
