// A second generator of missile flights and radar measurements, written apart from src/sim so the
// tracker can be tested on physics it does not share (issue 18). Nothing here imports src/sim,
// src/geo or src/track: its own constants, its own frames (the flight is integrated in an inertial
// frame, not the rotating one), its own gravity (central, J2 optional), its own drag (exponential
// atmosphere, not the 1976 standard), its own boost law (a gravity turn after a kick, not a pitch
// programme), its own radar (range/azimuth/elevation with Gaussian noise, Pd, uniform clutter) and
// its own conversion to Cartesian. It writes the CSV formats `concord track` reads.

const GM_M3PS2 = 3.986004418e14;
const J2 = 1.0826267e-3;
const A_M = 6_378_137;
const FLATTENING = 1 / 298.257223563;
const E2 = FLATTENING * (2 - FLATTENING);
const OMEGA_RADPS = 7.292115e-5;
/** Exponential atmosphere: sea-level density and one scale height (a coarser model than src/sim's). */
const RHO0_KGPM3 = 1.225;
const SCALE_HEIGHT_M = 7_200;
/** RK4 step, and the grid truth is kept on (every scan time falls on it). */
const STEP_S = 0.05;
const GRID_S = 0.25;

type V3 = [number, number, number];

export interface SecondMissile {
  readonly id: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly launchS: number;
  /** Kick direction, degrees from north, and how far from vertical the kick tips the thrust. */
  readonly azimuthDeg: number;
  readonly kickDeg: number;
  readonly burnS: number;
  /** Thrust / mass at ignition and burnout, m/s^2 (mass falls linearly). */
  readonly accelStartMps2: number;
  readonly accelEndMps2: number;
  /** m / (Cd A), kg/m^2; omitted: no drag. */
  readonly ballisticCoefficientKgPerM2?: number;
}

export interface SecondRadar {
  readonly id: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly hM: number;
  readonly periodS: number;
  /** First scan, s (a multiple of the 0.25 s grid; distinct per radar so each scan is one sensor's). */
  readonly offsetS: number;
  readonly maxRangeM: number;
  readonly sigmaRangeM: number;
  readonly sigmaAngleDeg: number;
  readonly pd: number;
  /** Mean clutter points per scan, uniform in range, azimuth and elevation within coverage. */
  readonly clutterPerScan: number;
}

export interface SecondScenario {
  readonly missiles: readonly SecondMissile[];
  readonly radars: readonly SecondRadar[];
  readonly durationS: number;
  readonly j2: boolean;
}

/** A truth sample (ECEF, m and m/s). */
export interface SecondTruth {
  readonly tS: number;
  readonly target: string;
  readonly p: V3;
  readonly v: V3;
}

export interface SecondRun {
  /** `t,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz`, time-ordered (the `concord track --measurements` format). */
  readonly measurementsCsv: string;
  /** `t,target,x,y,z,vx,vy,vz` every second (the `--truth` format). */
  readonly truthCsv: string;
  /** Truth on the 0.25 s grid, by target, for figures at scan times. */
  readonly truth: ReadonlyMap<string, SecondTruth[]>;
  /** Seconds after its launch each missile came down, and its burnout. */
  readonly flights: ReadonlyMap<string, { launchS: number; burnoutS: number; impactS: number }>;
}

/** Mulberry32 uniform and Box-Muller normal: the generator's own random numbers. */
function random(seed: number) {
  let a = (seed * 2654435761) >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const n = (): number => Math.sqrt(-2 * Math.log(Math.max(u(), 1e-300))) * Math.cos(2 * Math.PI * u());
  const poisson = (mean: number): number => {
    let k = 0;
    let p = Math.exp(-mean);
    let s = p;
    const x = u();
    while (x > s && k < 100) {
      k++;
      p *= mean / k;
      s += p;
    }
    return k;
  };
  return { u, n, poisson };
}

function ecef(latDeg: number, lonDeg: number, hM: number): V3 {
  const la = (latDeg * Math.PI) / 180;
  const lo = (lonDeg * Math.PI) / 180;
  const nRad = A_M / Math.sqrt(1 - E2 * Math.sin(la) ** 2);
  return [
    (nRad + hM) * Math.cos(la) * Math.cos(lo),
    (nRad + hM) * Math.cos(la) * Math.sin(lo),
    (nRad * (1 - E2) + hM) * Math.sin(la),
  ];
}

/** East, north, up unit vectors at a geodetic point. */
function enuBasis(latDeg: number, lonDeg: number): [V3, V3, V3] {
  const la = (latDeg * Math.PI) / 180;
  const lo = (lonDeg * Math.PI) / 180;
  return [
    [-Math.sin(lo), Math.cos(lo), 0],
    [-Math.sin(la) * Math.cos(lo), -Math.sin(la) * Math.sin(lo), Math.cos(la)],
    [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)],
  ];
}

/** Height above the ellipsoid, approximately (radius of the ellipsoid at the geocentric latitude): metres-level, enough for air density and impact. */
function heightM(p: V3): number {
  const r = Math.hypot(p[0], p[1], p[2]);
  const s2 = (p[2] / r) ** 2;
  return r - A_M * Math.sqrt((1 - E2) / (1 - E2 * (1 - s2)));
}

const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: V3) => Math.hypot(a[0], a[1], a[2]);
/** Rotation about z by angle (inertial -> Earth-fixed uses -omega t). */
const rotZ = (a: V3, ang: number): V3 => [
  Math.cos(ang) * a[0] - Math.sin(ang) * a[1],
  Math.sin(ang) * a[0] + Math.cos(ang) * a[1],
  a[2],
];

/**
 * Flies one missile in the inertial frame that coincides with the Earth-fixed one at scenario time
 * 0, from the pad (moving with the Earth) to the ground, and returns Earth-fixed states on the grid.
 */
function fly(
  m: SecondMissile,
  j2: boolean,
  durationS: number,
): { rows: SecondTruth[]; burnoutS: number; impactS: number } {
  const t0 = m.launchS;
  const pad = ecef(m.latDeg, m.lonDeg, 0);
  const [east, north, up] = enuBasis(m.latDeg, m.lonDeg);
  const az = (m.azimuthDeg * Math.PI) / 180;
  const kick = (m.kickDeg * Math.PI) / 180;
  const horizontal: V3 = [
    Math.sin(az) * east[0] + Math.cos(az) * north[0],
    Math.sin(az) * east[1] + Math.cos(az) * north[1],
    Math.sin(az) * east[2] + Math.cos(az) * north[2],
  ];
  // Kicked direction, Earth-fixed at launch; carried into the inertial frame at the kick's time.
  const kicked: V3 = [0, 1, 2].map((i) => Math.cos(kick) * up[i]! + Math.sin(kick) * horizontal[i]!) as V3;
  const VERTICAL_S = 6;
  const KICK_S = 4;
  const k = (1 - m.accelStartMps2 / m.accelEndMps2) / m.burnS;

  const accel = (t: number, p: V3, v: V3): V3 => {
    const r = norm(p);
    const g = -GM_M3PS2 / r ** 3;
    const a: V3 = [g * p[0], g * p[1], g * p[2]];
    if (j2) {
      const zr2 = (p[2] / r) ** 2;
      const c = (-1.5 * J2 * GM_M3PS2 * A_M * A_M) / r ** 5;
      a[0] += c * p[0] * (1 - 5 * zr2);
      a[1] += c * p[1] * (1 - 5 * zr2);
      a[2] += c * p[2] * (3 - 5 * zr2);
    }
    // Air turns with the Earth: drag acts on the velocity relative to it.
    const rel: V3 = [v[0] + OMEGA_RADPS * p[1], v[1] - OMEGA_RADPS * p[0], v[2]];
    const speedRel = norm(rel);
    if (m.ballisticCoefficientKgPerM2 !== undefined && speedRel > 0) {
      const rho = RHO0_KGPM3 * Math.exp(-Math.max(0, heightM(p)) / SCALE_HEIGHT_M);
      const d = (rho * speedRel) / (2 * m.ballisticCoefficientKgPerM2);
      a[0] -= d * rel[0];
      a[1] -= d * rel[1];
      a[2] -= d * rel[2];
    }
    const tf = t - t0;
    if (tf < m.burnS) {
      const thrust = m.accelStartMps2 / (1 - k * tf);
      let dir: V3;
      if (tf < VERTICAL_S) dir = rotZ(up, OMEGA_RADPS * t);
      else if (tf < VERTICAL_S + KICK_S) {
        const s = (tf - VERTICAL_S) / KICK_S;
        const mix: V3 = [0, 1, 2].map((i) => (1 - s) * up[i]! + s * kicked[i]!) as V3;
        dir = rotZ(mix, OMEGA_RADPS * t);
      } else dir = rel; // gravity turn: thrust along the air-relative velocity
      const n = norm(dir);
      a[0] += (thrust * dir[0]) / n;
      a[1] += (thrust * dir[1]) / n;
      a[2] += (thrust * dir[2]) / n;
    }
    return a;
  };

  let p: V3 = rotZ(pad, OMEGA_RADPS * t0);
  let v: V3 = [-OMEGA_RADPS * p[1], OMEGA_RADPS * p[0], 0];
  const rows: SecondTruth[] = [];
  const record = (t: number) => {
    const pe = rotZ(p, -OMEGA_RADPS * t);
    const vi = rotZ(v, -OMEGA_RADPS * t);
    rows.push({
      tS: t,
      target: m.id,
      p: pe,
      v: [vi[0] + OMEGA_RADPS * pe[1], vi[1] - OMEGA_RADPS * pe[0], vi[2]],
    });
  };
  let t = t0;
  record(t);
  const perGrid = Math.round(GRID_S / STEP_S);
  let impactS = Number.NaN;
  while (t < durationS) {
    for (let i = 0; i < perGrid; i++) {
      const h = STEP_S;
      const a1 = accel(t, p, v);
      const p2: V3 = [0, 1, 2].map((j) => p[j]! + 0.5 * h * v[j]!) as V3;
      const v2: V3 = [0, 1, 2].map((j) => v[j]! + 0.5 * h * a1[j]!) as V3;
      const a2 = accel(t + 0.5 * h, p2, v2);
      const p3: V3 = [0, 1, 2].map((j) => p[j]! + 0.5 * h * v2[j]!) as V3;
      const v3: V3 = [0, 1, 2].map((j) => v[j]! + 0.5 * h * a2[j]!) as V3;
      const a3 = accel(t + 0.5 * h, p3, v3);
      const p4: V3 = [0, 1, 2].map((j) => p[j]! + h * v3[j]!) as V3;
      const v4: V3 = [0, 1, 2].map((j) => v[j]! + h * a3[j]!) as V3;
      const a4 = accel(t + h, p4, v4);
      p = [0, 1, 2].map((j) => p[j]! + (h / 6) * (v[j]! + 2 * v2[j]! + 2 * v3[j]! + v4[j]!)) as V3;
      v = [0, 1, 2].map((j) => v[j]! + (h / 6) * (a1[j]! + 2 * a2[j]! + 2 * a3[j]! + a4[j]!)) as V3;
      t = Math.round((t + h) * 1e6) / 1e6;
    }
    if (t - t0 > m.burnS && heightM(p) <= 0) {
      impactS = t - t0;
      break;
    }
    record(t);
  }
  return { rows, burnoutS: m.burnS, impactS };
}

/**
 * Generates one run: every missile flown, every radar scanned at its period (detections with
 * probability pd above 0.5 degrees elevation and inside its range, noisy in range, azimuth and
 * elevation; Poisson clutter), converted to Earth-fixed Cartesian with the linearised covariance
 * J diag(sr^2, sa^2, se^2) J^T at the measured point.
 */
export function secondGenerator(sc: SecondScenario, seed: number): SecondRun {
  const truth = new Map<string, SecondTruth[]>();
  const flights = new Map<string, { launchS: number; burnoutS: number; impactS: number }>();
  const byTime = new Map<number, SecondTruth[]>();
  for (const m of sc.missiles) {
    const f = fly(m, sc.j2, sc.durationS);
    truth.set(m.id, f.rows);
    flights.set(m.id, { launchS: m.launchS, burnoutS: f.burnoutS, impactS: f.impactS });
    for (const r of f.rows) {
      const key = Math.round(r.tS / GRID_S);
      byTime.set(key, [...(byTime.get(key) ?? []), r]);
    }
  }
  const rnd = random(seed);
  const lines: { tS: number; order: number; text: string }[] = [];
  const fmt = (x: number) => (Math.abs(x) >= 1e5 ? x.toFixed(3) : x.toPrecision(10));
  sc.radars.forEach((radar, order) => {
    const site = ecef(radar.latDeg, radar.lonDeg, radar.hM);
    const basis = enuBasis(radar.latDeg, radar.lonDeg);
    const sa = (radar.sigmaAngleDeg * Math.PI) / 180;
    const emit = (tS: number, range: number, az: number, el: number) => {
      const ce = Math.cos(el);
      const se = Math.sin(el);
      const cs = Math.cos(az);
      const sn = Math.sin(az);
      const local: V3 = [range * ce * sn, range * ce * cs, range * se];
      // Jacobian of ENU position with respect to (range, az, el), columns.
      const jr: V3 = [ce * sn, ce * cs, se];
      const ja: V3 = [range * ce * cs, -range * ce * sn, 0];
      const je: V3 = [-range * se * sn, -range * se * cs, range * ce];
      const toEcef = (w: V3): V3 =>
        [0, 1, 2].map((i) => w[0] * basis[0][i]! + w[1] * basis[1][i]! + w[2] * basis[2][i]!) as V3;
      const p = toEcef(local);
      const cr = toEcef(jr);
      const ca = toEcef(ja);
      const cel = toEcef(je);
      const c = (i: number, j: number) =>
        radar.sigmaRangeM ** 2 * cr[i]! * cr[j]! + sa * sa * (ca[i]! * ca[j]! + cel[i]! * cel[j]!);
      const x = site[0] + p[0];
      const y = site[1] + p[1];
      const z = site[2] + p[2];
      lines.push({
        tS,
        order,
        text: [
          tS.toFixed(2),
          radar.id,
          fmt(x),
          fmt(y),
          fmt(z),
          c(0, 0),
          c(0, 1),
          c(0, 2),
          c(1, 1),
          c(1, 2),
          c(2, 2),
        ]
          .map((v) => (typeof v === 'number' ? v.toPrecision(8) : v))
          .join(','),
      });
    };
    const minEl = (0.5 * Math.PI) / 180;
    for (let tS = radar.offsetS; tS <= sc.durationS; tS += radar.periodS) {
      for (const r of byTime.get(Math.round(tS / GRID_S)) ?? []) {
        const d: V3 = [r.p[0] - site[0], r.p[1] - site[1], r.p[2] - site[2]];
        const e = dot(d, basis[0]);
        const n = dot(d, basis[1]);
        const u = dot(d, basis[2]);
        const range = norm(d);
        const el = Math.asin(u / range);
        if (range > radar.maxRangeM || el < minEl || rnd.u() >= radar.pd) continue;
        const az = Math.atan2(e, n);
        emit(tS, range + radar.sigmaRangeM * rnd.n(), az + sa * rnd.n(), el + sa * rnd.n());
      }
      const clutter = rnd.poisson(radar.clutterPerScan);
      for (let i = 0; i < clutter; i++)
        emit(tS, 50_000 + rnd.u() * (radar.maxRangeM - 50_000), 2 * Math.PI * rnd.u(), minEl + rnd.u() * 0.5);
    }
  });
  lines.sort((a, b) => a.tS - b.tS || a.order - b.order);
  const measurementsCsv = `t,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz\n${lines.map((l) => l.text).join('\n')}\n`;
  const truthLines: string[] = [];
  for (const rows of truth.values())
    for (const r of rows)
      if (Math.abs(r.tS - Math.round(r.tS)) < 1e-9)
        truthLines.push(
          [r.tS, r.target, ...r.p, ...r.v].map((v) => (typeof v === 'number' ? v.toFixed(3) : v)).join(','),
        );
  truthLines.sort((a, b) => Number(a.split(',')[0]) - Number(b.split(',')[0]));
  return { measurementsCsv, truthCsv: `t,target,x,y,z,vx,vy,vz\n${truthLines.join('\n')}\n`, truth, flights };
}

/** Inertial specific energy (J/kg) of an Earth-fixed state under central gravity: conserved in vacuum free flight without J2. */
export function inertialEnergy(p: V3, v: V3): number {
  const vi: V3 = [v[0] - OMEGA_RADPS * p[1], v[1] + OMEGA_RADPS * p[0], v[2]];
  return 0.5 * dot(vi, vi) - GM_M3PS2 / norm(p);
}

/** Five staggered missiles, three radars (Korea's east coast, Sado, Shariki), Pd 0.9, clutter. */
export function secondScenario(options: { drag: boolean; j2: boolean }): SecondScenario {
  const beta = options.drag ? { ballisticCoefficientKgPerM2: 5_000 } : {};
  const missile = (i: number, o: Partial<SecondMissile>): SecondMissile => ({
    id: `m${i}`,
    latDeg: 39.0 + 0.3 * i,
    lonDeg: 125.8 + 0.2 * i,
    launchS: 15 * i,
    azimuthDeg: 80 + 4 * i,
    kickDeg: 8 + i,
    burnS: 55,
    accelStartMps2: 22,
    accelEndMps2: 75,
    ...beta,
    ...o,
  });
  return {
    j2: options.j2,
    durationS: 700,
    missiles: [
      missile(0, {}),
      missile(1, { burnS: 50, accelEndMps2: 90 }),
      missile(2, { kickDeg: 14 }),
      missile(3, { burnS: 60, accelStartMps2: 18 }),
      missile(4, { kickDeg: 6, accelEndMps2: 65 }),
    ],
    radars: [
      {
        id: 'R-east-coast',
        latDeg: 37.5,
        lonDeg: 129.1,
        hM: 100,
        periodS: 1,
        offsetS: 0,
        maxRangeM: 1_000_000,
        sigmaRangeM: 30,
        sigmaAngleDeg: 0.05,
        pd: 0.9,
        clutterPerScan: 1,
      },
      {
        id: 'R-sado',
        latDeg: 38.0,
        lonDeg: 138.4,
        hM: 300,
        periodS: 2,
        offsetS: 0.25,
        maxRangeM: 1_200_000,
        sigmaRangeM: 50,
        sigmaAngleDeg: 0.08,
        pd: 0.9,
        clutterPerScan: 1,
      },
      {
        id: 'R-shariki',
        latDeg: 40.9,
        lonDeg: 140.3,
        hM: 50,
        periodS: 1,
        offsetS: 0.5,
        maxRangeM: 1_500_000,
        sigmaRangeM: 20,
        sigmaAngleDeg: 0.03,
        pd: 0.9,
        clutterPerScan: 1,
      },
    ],
  };
}
