import { ApiError } from '../api/client.js';
import type { Nation } from '../api/types.js';

/**
 * Downloads an agreed statement as the node exports it (`GET .../statements/<s>/export?format=`):
 * read with the operator's token (a plain link would carry none), then saved from a blob URL.
 */
export async function downloadStatement(
  nation: Nation,
  token: string,
  consultation: string,
  statement: string,
  format: 'md' | 'html',
): Promise<void> {
  const r = await fetch(
    `/api/${nation}/consultations/${encodeURIComponent(consultation)}/statements/${encodeURIComponent(statement)}/export?format=${format}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (!r.ok) {
    const body: unknown = await r.json().catch(() => null);
    const message =
      body && typeof body === 'object' && 'message' in body ? String(body.message) : `HTTP ${r.status}`;
    throw new ApiError(r.status, message);
  }
  const blob = await r.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${statement}.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its copy once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
