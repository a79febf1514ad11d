/**
 * Distribution functions and tests for A/B read-outs. Pure; hand-worked figures in stats.spec.ts.
 * Special functions follow Numerical Recipes (Lanczos log-gamma, continued fractions for the
 * incomplete beta and gamma functions), accurate to about 1e-10 over the ranges used here.
 */

const LANCZOS = [
  76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155,
  0.001208650973866179, -0.000005395239384953,
];

export function logGamma(x: number): number {
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let series = 1.000000000190015;
  for (const c of LANCZOS) series += c / ++y;
  return -tmp + Math.log((2.5066282746310007 * series) / x);
}

/** Regularised lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  return 1 - gammaQContinuedFraction(a, x);
}

function gammaQContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 1_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Standard normal CDF Φ(z), through P(1/2, z²/2). */
export function normalCdf(z: number): number {
  const half = 0.5 * gammaP(0.5, (z * z) / 2);
  return z >= 0 ? 0.5 + half : 0.5 - half;
}

/** The z with Φ(z) = p (bisection: a handful of calls per read-out). */
export function normalQuantile(p: number): number {
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Two-sided p-value of Student's t with `df` degrees of freedom. */
export function studentTTwoSided(t: number, df: number): number {
  return betaI(df / 2, 0.5, df / (df + t * t));
}

/** Upper tail of chi-square with `df` degrees of freedom. */
export function chiSquareUpper(x: number, df: number): number {
  return 1 - gammaP(df / 2, x / 2);
}

export type ProportionTest = {
  method: 'two-proportion z-test (pooled standard error), two-sided';
  controlRate: number;
  treatmentRate: number;
  /** treatment − control, and its confidence interval (unpooled standard error). */
  difference: number;
  differenceCi: [number, number];
  /** treatment ÷ control − 1, and its interval from the log risk ratio; null when undefined. */
  relativeUplift: number | null;
  relativeUpliftCi: [number, number] | null;
  z: number;
  pValue: number;
};

export function twoProportionTest(
  control: { n: number; x: number },
  treatment: { n: number; x: number },
  confidence: number,
): ProportionTest {
  const p1 = control.x / control.n;
  const p2 = treatment.x / treatment.n;
  const pooled = (control.x + treatment.x) / (control.n + treatment.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / treatment.n));
  const z = se === 0 ? 0 : (p2 - p1) / se;
  const zc = normalQuantile(1 - (1 - confidence) / 2);
  const seDiff = Math.sqrt((p1 * (1 - p1)) / control.n + (p2 * (1 - p2)) / treatment.n);
  const defined = control.x > 0 && treatment.x > 0;
  const logRatio = Math.log(p2 / p1);
  const seLog = Math.sqrt((1 - p1) / control.x + (1 - p2) / treatment.x);
  return {
    method: 'two-proportion z-test (pooled standard error), two-sided',
    controlRate: p1,
    treatmentRate: p2,
    difference: p2 - p1,
    differenceCi: [p2 - p1 - zc * seDiff, p2 - p1 + zc * seDiff],
    relativeUplift: p1 === 0 ? null : p2 / p1 - 1,
    relativeUpliftCi: defined
      ? [Math.exp(logRatio - zc * seLog) - 1, Math.exp(logRatio + zc * seLog) - 1]
      : null,
    z,
    pValue: se === 0 ? 1 : 2 * (1 - normalCdf(Math.abs(z))),
  };
}

export type SampleSummary = { n: number; mean: number; variance: number };

export type WelchTest = {
  method: "Welch's t-test (unequal variances), two-sided";
  difference: number;
  differenceCi: [number, number];
  t: number;
  df: number;
  pValue: number;
};

/** Student t quantile by bisection on the two-sided p-value. */
function tQuantile(confidence: number, df: number): number {
  let lo = 0;
  let hi = 1_000;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTTwoSided(mid, df) > 1 - confidence) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function welchTest(
  control: SampleSummary,
  treatment: SampleSummary,
  confidence: number,
): WelchTest {
  const a = control.variance / control.n;
  const b = treatment.variance / treatment.n;
  const se = Math.sqrt(a + b);
  const difference = treatment.mean - control.mean;
  if (se === 0) {
    return {
      method: "Welch's t-test (unequal variances), two-sided",
      difference,
      differenceCi: [difference, difference],
      t: 0,
      df: control.n + treatment.n - 2,
      pValue: difference === 0 ? 1 : 0,
    };
  }
  const df = (a + b) ** 2 / (a ** 2 / (control.n - 1) + b ** 2 / (treatment.n - 1));
  const t = difference / se;
  const tc = tQuantile(confidence, df);
  return {
    method: "Welch's t-test (unequal variances), two-sided",
    difference,
    differenceCi: [difference - tc * se, difference + tc * se],
    t,
    df,
    pValue: studentTTwoSided(t, df),
  };
}

export type SampleRatioCheck = {
  method: 'chi-square goodness of fit against the expected split';
  chiSquare: number;
  df: number;
  pValue: number;
  mismatch: boolean;
};

/** Sample-ratio mismatch: do the exposure counts fit the expected split (weights per variant)? */
export function sampleRatioCheck(
  observed: readonly number[],
  expectedWeights: readonly number[],
  alpha: number,
): SampleRatioCheck {
  const total = observed.reduce((s, n) => s + n, 0);
  const weightSum = expectedWeights.reduce((s, w) => s + w, 0);
  const chiSquare = observed.reduce((sum, o, i) => {
    const e = (total * expectedWeights[i]) / weightSum;
    return sum + (e === 0 ? 0 : (o - e) ** 2 / e);
  }, 0);
  const df = observed.length - 1;
  const pValue = df === 0 ? 1 : chiSquareUpper(chiSquare, df);
  return {
    method: 'chi-square goodness of fit against the expected split',
    chiSquare,
    df,
    pValue,
    mismatch: pValue < alpha,
  };
}
