import { normaliseName } from '../detect/index.js';
import type { StaticReport } from '../picture/index.js';

/**
 * Which MMSI an IMO number or a ship name stands for, as the dark detector of one process would
 * answer at the same point of the stream: the vessel that last sent static data with it, counted
 * only once the vessel has a position (static data before the first fix waits for it, merged, as
 * the vessel picture keeps it). The dispatcher sees every record, so it answers for the whole
 * stream; it keeps per vessel only its IMO and name (a few dozen bytes).
 */
export class IdentityDirectory {
  private readonly known = new Map<number, { imo?: number; name?: string }>();
  private readonly pending = new Map<number, { imo?: number | undefined; name?: string | undefined }>();
  private readonly byImo = new Map<number, number>();
  private readonly byName = new Map<string, number>();

  /** A position of `mmsi` (the picture then holds the vessel). */
  fix(mmsi: number): void {
    if (this.known.has(mmsi)) return;
    this.known.set(mmsi, {});
    const early = this.pending.get(mmsi);
    if (early) {
      this.pending.delete(mmsi);
      this.apply(mmsi, early);
    }
  }

  /** Static data (a type 5 or 24 report, or the static part of a type 19). */
  static(s: StaticReport): void {
    if (!this.known.has(s.mmsi)) {
      // As VesselPicture.applyStatic: merged by spread, the later report's keys winning.
      const was = this.pending.get(s.mmsi);
      this.pending.set(s.mmsi, { ...was, ...pick(s) });
      return;
    }
    this.apply(s.mmsi, s);
  }

  /** The MMSI an identity names: its own, else the last vessel heard with its IMO, else its name. */
  resolve(id: { readonly mmsi?: number; readonly imo?: number; readonly name?: string }): number | undefined {
    return (
      id.mmsi ??
      (id.imo !== undefined ? this.byImo.get(id.imo) : undefined) ??
      (id.name !== undefined ? this.byName.get(normaliseName(id.name)) : undefined)
    );
  }

  private apply(mmsi: number, s: { imo?: number | undefined; name?: string | undefined }): void {
    const v = this.known.get(mmsi)!;
    if (s.imo !== undefined) v.imo = s.imo;
    if (s.name !== undefined) v.name = s.name;
    // As the dark detector's onStatic: the vessel's identity now, whichever field this report held.
    if (v.imo !== undefined) this.byImo.set(v.imo, mmsi);
    if (v.name !== undefined) this.byName.set(normaliseName(v.name), mmsi);
  }
}

/** The IMO and name keys of a report as it has them (present-but-undefined kept, as a spread would). */
function pick(s: StaticReport): { imo?: number | undefined; name?: string | undefined } {
  const out: { imo?: number | undefined; name?: string | undefined } = {};
  if ('imo' in s) out.imo = s.imo;
  if ('name' in s) out.name = s.name;
  return out;
}
