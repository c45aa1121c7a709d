/**
 * Small dense linear algebra on row-major Float64Array, written for 3- and 6-dimensional
 * tracking. Every function writes into caller-owned `out` buffers so the per-scan loops run
 * without allocating; dimensions are passed explicitly because the arrays carry none.
 */

/** Thrown when an invariant of the tracker (a covariance that must be symmetric PD) fails. */
export class TrackInvariantError extends Error {
  override name = 'TrackInvariantError';
}

/** out (n x m) = a (n x k) * b (k x m). `out` must not alias `a` or `b`. */
export function matMul(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  n: number,
  k: number,
  m: number,
): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a[i * k + l]! * b[l * m + j]!;
      out[i * m + j] = s;
    }
  }
  return out;
}

/** out (n x m) = a (n x k) * b^T, where b is (m x k). `out` must not alias `a` or `b`. */
export function matMulBt(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  n: number,
  k: number,
  m: number,
): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a[i * k + l]! * b[j * k + l]!;
      out[i * m + j] = s;
    }
  }
  return out;
}

/** out (n x n) = a (n x k) * c (k x k) * a^T, using `tmp` (n x k); the result is exactly symmetric. */
export function sandwich(
  a: Float64Array,
  c: Float64Array,
  out: Float64Array,
  tmp: Float64Array,
  n: number,
  k: number,
): Float64Array {
  matMul(a, c, tmp, n, k, k);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += tmp[i * k + l]! * a[j * k + l]!;
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/**
 * out = F P F^T + Q for 6x6 F, P and Q, using `tmp` (36): `tmp = F P`, then out's upper triangle
 * Q + tmp F^T, mirrored, so the result is exactly symmetric. Unrolled over the inner index, with
 * every sum in the order of the plain triple loop (tmp's from 0, out's from Q), so it gives the
 * same bits as that loop at about a third of its time (the prediction's largest product).
 */
export function fpftPlusQ6(
  F: Float64Array,
  P: Float64Array,
  Q: Float64Array,
  tmp: Float64Array,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < 6; i++) {
    const r = i * 6;
    const f0 = F[r]!;
    const f1 = F[r + 1]!;
    const f2 = F[r + 2]!;
    const f3 = F[r + 3]!;
    const f4 = F[r + 4]!;
    const f5 = F[r + 5]!;
    for (let j = 0; j < 6; j++) {
      tmp[r + j] =
        0 +
        f0 * P[j]! +
        f1 * P[6 + j]! +
        f2 * P[12 + j]! +
        f3 * P[18 + j]! +
        f4 * P[24 + j]! +
        f5 * P[30 + j]!;
    }
  }
  for (let i = 0; i < 6; i++) {
    const r = i * 6;
    const t0 = tmp[r]!;
    const t1 = tmp[r + 1]!;
    const t2 = tmp[r + 2]!;
    const t3 = tmp[r + 3]!;
    const t4 = tmp[r + 4]!;
    const t5 = tmp[r + 5]!;
    for (let j = i; j < 6; j++) {
      const c = j * 6;
      const v =
        Q[r + j]! +
        t0 * F[c]! +
        t1 * F[c + 1]! +
        t2 * F[c + 2]! +
        t3 * F[c + 3]! +
        t4 * F[c + 4]! +
        t5 * F[c + 5]!;
      out[r + j] = v;
      out[c + i] = v;
    }
  }
  return out;
}

/** Replaces P by (P + P^T) / 2 in place. */
export function symmetrize(p: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (p[i * n + j]! + p[j * n + i]!);
      p[i * n + j] = v;
      p[j * n + i] = v;
    }
  }
  return p;
}

/**
 * Lower Cholesky factor L of a symmetric matrix (A = L L^T), reading only A's lower triangle.
 * Returns false (leaving L partly written) when A is not positive definite or holds NaN.
 */
export function cholesky(a: Float64Array, l: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! * l[j * n + k]!;
    // `!(d > 0)` also catches NaN.
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
    for (let k = j + 1; k < n; k++) l[j * n + k] = 0;
  }
  return true;
}

/**
 * Whether the symmetric 6x6 `a` (its lower triangle read) has a Cholesky factor: `cholesky(a, l,
 * 6)`'s answer, by the same operations in the same order, with the factor held in locals rather
 * than written out (the covariance check after every prediction and update).
 */
export function hasCholesky6(a: Float64Array): boolean {
  const d0 = a[0]!;
  if (!(d0 > 0)) return false;
  const l00 = Math.sqrt(d0);
  const l10 = a[6]! / l00;
  const l20 = a[12]! / l00;
  const l30 = a[18]! / l00;
  const l40 = a[24]! / l00;
  const l50 = a[30]! / l00;
  const d1 = a[7]! - l10 * l10;
  if (!(d1 > 0)) return false;
  const l11 = Math.sqrt(d1);
  const l21 = (a[13]! - l20 * l10) / l11;
  const l31 = (a[19]! - l30 * l10) / l11;
  const l41 = (a[25]! - l40 * l10) / l11;
  const l51 = (a[31]! - l50 * l10) / l11;
  const d2 = a[14]! - l20 * l20 - l21 * l21;
  if (!(d2 > 0)) return false;
  const l22 = Math.sqrt(d2);
  const l32 = (a[20]! - l30 * l20 - l31 * l21) / l22;
  const l42 = (a[26]! - l40 * l20 - l41 * l21) / l22;
  const l52 = (a[32]! - l50 * l20 - l51 * l21) / l22;
  const d3 = a[21]! - l30 * l30 - l31 * l31 - l32 * l32;
  if (!(d3 > 0)) return false;
  const l33 = Math.sqrt(d3);
  const l43 = (a[27]! - l40 * l30 - l41 * l31 - l42 * l32) / l33;
  const l53 = (a[33]! - l50 * l30 - l51 * l31 - l52 * l32) / l33;
  const d4 = a[28]! - l40 * l40 - l41 * l41 - l42 * l42 - l43 * l43;
  if (!(d4 > 0)) return false;
  const l44 = Math.sqrt(d4);
  const l54 = (a[34]! - l50 * l40 - l51 * l41 - l52 * l42 - l53 * l43) / l44;
  const d5 = a[35]! - l50 * l50 - l51 * l51 - l52 * l52 - l53 * l53 - l54 * l54;
  if (!(d5 > 0)) return false;
  return true;
}

/** Solves L L^T x = b for x given the Cholesky factor (x may alias b). */
export function choleskySolve(l: Float64Array, b: Float64Array, x: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** Squared Mahalanobis length y^T (L L^T)^-1 y by forward substitution only; `tmp` has length n. */
export function mahalanobisSq(l: Float64Array, y: Float64Array, tmp: Float64Array, n: number): number {
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    let s = y[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * tmp[k]!;
    const w = s / l[i * n + i]!;
    tmp[i] = w;
    d2 += w * w;
  }
  return d2;
}

/** log det A from its Cholesky factor. */
export function logDetFromCholesky(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]!);
  return 2 * s;
}

/**
 * Inverse of a symmetric positive definite matrix via Cholesky; `l` is an n x n scratch. Returns
 * false if A is not positive definite. The result is exactly symmetric. It allocates one n x n
 * array: it serves fusion and bounds, not the per-measurement loops.
 */
export function invertSpd(a: Float64Array, out: Float64Array, l: Float64Array, n: number): boolean {
  if (!cholesky(a, l, n)) return false;
  // inv(L) in place of out's lower triangle, then out = inv(L)^T inv(L).
  const inv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    inv[j * n + j] = 1 / l[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * n + k]! * inv[k * n + j]!;
      inv[i * n + j] = s / l[i * n + i]!;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = j; k < n; k++) s += inv[k * n + i]! * inv[k * n + j]!;
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return true;
}

/** Trace of an n x n matrix. */
export function trace(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i * n + i]!;
  return s;
}

/**
 * True when the 6x6 `a` is exactly symmetric and every entry finite (what the covariances of the
 * prediction and the update are written as): `isSymmetricPd`'s first test then has nothing to
 * compute. A false answer sends the matrix to that test.
 */
function isExactlySymmetricFinite6(a: Float64Array): boolean {
  if (
    a[1] !== a[6] ||
    a[2] !== a[12] ||
    a[3] !== a[18] ||
    a[4] !== a[24] ||
    a[5] !== a[30] ||
    a[8] !== a[13] ||
    a[9] !== a[19] ||
    a[10] !== a[25] ||
    a[11] !== a[31] ||
    a[15] !== a[20] ||
    a[16] !== a[26] ||
    a[17] !== a[32] ||
    a[22] !== a[27] ||
    a[23] !== a[33] ||
    a[29] !== a[34]
  )
    return false;
  // x * 0 is 0 for a finite x and NaN for an infinite or NaN one.
  return (
    a[0]! * 0 +
      a[1]! * 0 +
      a[2]! * 0 +
      a[3]! * 0 +
      a[4]! * 0 +
      a[5]! * 0 +
      a[7]! * 0 +
      a[8]! * 0 +
      a[9]! * 0 +
      a[10]! * 0 +
      a[11]! * 0 +
      a[14]! * 0 +
      a[15]! * 0 +
      a[16]! * 0 +
      a[17]! * 0 +
      a[21]! * 0 +
      a[22]! * 0 +
      a[23]! * 0 +
      a[28]! * 0 +
      a[29]! * 0 +
      a[35]! * 0 ===
    0
  );
}

/**
 * True when every entry is finite, |A - A^T| is within a relative tolerance, and A has a Cholesky
 * factor (`scratch`, n x n, is its workspace when n is not 6).
 */
export function isSymmetricPd(
  a: Float64Array,
  n: number,
  scratch: Float64Array = new Float64Array(n * n),
): boolean {
  if (n === 6 && isExactlySymmetricFinite6(a)) return hasCholesky6(a);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = a[i * n + j]!;
      const y = a[j * n + i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
      // Most covariances here are written exactly symmetric: no tolerance to compute.
      if (x === y) continue;
      const scale = Math.sqrt(Math.abs(a[i * n + i]! * a[j * n + j]!));
      if (Math.abs(x - y) > 1e-9 * scale) return false;
    }
  }
  return n === 6 ? hasCholesky6(a) : cholesky(a, scratch, n);
}

/**
 * Stops the tracker rather than let a covariance that is not symmetric positive definite reach
 * the gates (STYLE, "Domain pitfalls": a drifted covariance makes gates compute NaN silently).
 */
export function assertCovariance(p: Float64Array, n: number, where: string, scratch?: Float64Array): void {
  if (!isSymmetricPd(p, n, scratch)) {
    throw new TrackInvariantError(`${where}: covariance is not symmetric positive definite`);
  }
}

/** Identity into `out` (n x n). */
export function setIdentity(out: Float64Array, n: number): Float64Array {
  out.fill(0);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/**
 * Eigen-decomposition of a symmetric 2x2 [[a, b], [b, c]]: eigenvalues (larger first) and the
 * angle (radians, from the first axis towards the second) of the larger one's eigenvector.
 */
export function eigenSym2(a: number, b: number, c: number): { l1: number; l2: number; angleRad: number } {
  const mean = 0.5 * (a + c);
  const r = Math.hypot(0.5 * (a - c), b);
  return { l1: mean + r, l2: mean - r, angleRad: 0.5 * Math.atan2(2 * b, a - c) };
}
