package dev.uptally.collector.lifecycle;

/**
 * The chi-squared quantile for an even number of degrees of freedom, from the closed form of its CDF (for {@code k =
 * 2m}: {@code P(X ≤ x) = 1 − e^{−x/2} Σ_{j<m} (x/2)^j / j!}) and bisection: a truth that shares no code with the
 * statistics library the collector uses.
 */
final class ChiSquaredOracle {

  private ChiSquaredOracle() {}

  static double cdfEven(int dof, double x) {
    if (dof % 2 != 0 || dof <= 0) {
      throw new IllegalArgumentException("even degrees of freedom only: " + dof);
    }
    double half = x / 2;
    double term = 1;
    double sum = 1;
    for (int j = 1; j < dof / 2; j++) {
      term *= half / j;
      sum += term;
    }
    return 1 - Math.exp(-half) * sum;
  }

  static double quantileEven(int dof, double p) {
    double lo = 0;
    double hi = 1;
    while (cdfEven(dof, hi) < p) {
      hi *= 2;
    }
    for (int i = 0; i < 200; i++) {
      double mid = (lo + hi) / 2;
      if (cdfEven(dof, mid) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }
}
