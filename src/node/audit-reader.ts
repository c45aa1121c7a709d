/** The read side of an audit log, for the API (the store's audit log has it; a bare AuditPort may not). */
export interface AuditReader {
  read(fromSeq: number, limit: number): readonly unknown[];
  head(): { seq: number; hash: string };
}
