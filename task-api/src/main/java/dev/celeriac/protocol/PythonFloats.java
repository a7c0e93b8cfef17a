package dev.celeriac.protocol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code float.__repr__}, which both {@code repr} and {@code json.dumps} use: the shortest
 * decimal that reads back as the same double, fixed notation for decimal exponents in (-4, 16],
 * otherwise {@code 1e+16} / {@code 1.5e-05} (CPython {@code format_float_short}, mode 'r').
 */
final class PythonFloats {

  private PythonFloats() {}

  /** {@code repr(x)}: {@code 2.0}, {@code 0.1}, {@code 1e+16}, {@code inf}, {@code nan}. */
  static String repr(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    return finite(x);
  }

  /** What {@code json.dumps} writes: like repr, but {@code NaN}, {@code Infinity}. */
  static String json(double x) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "Infinity" : "-Infinity";
    }
    return finite(x);
  }

  private static String finite(double x) {
    if (x == 0.0) {
      // 1/-0.0 is -Infinity: the only way to see the sign of zero.
      return 1.0 / x < 0 ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(Math.abs(x));
    String digits = shortest.unscaledValue().toString();
    // value = 0.<digits> * 10^decpt, the convention CPython's formatter uses.
    int decpt = digits.length() - shortest.scale();
    StringBuilder out = new StringBuilder(24);
    if (x < 0) {
      out.append('-');
    }
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        out.append("0.").append("0".repeat(-decpt)).append(digits);
      } else if (decpt >= digits.length()) {
        out.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
      } else {
        out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
      }
    } else {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      int exponent = decpt - 1;
      out.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        out.append('0');
      }
      out.append(abs);
    }
    return out.toString();
  }

  /**
   * The shortest decimal that reads back as {@code x} (positive, finite). Java 19+ {@code
   * Double.toString} already gives the shortest one, except that it prefers a closer 2-digit
   * decimal over a 1-digit one (only possible among subnormals, e.g. {@code 4.9E-324} where Python
   * says {@code 5e-324}); that case is corrected here.
   */
  private static BigDecimal shortest(double x) {
    BigDecimal java = new BigDecimal(Double.toString(x)).stripTrailingZeros();
    if (java.precision() != 2) {
      return java;
    }
    BigDecimal exact = new BigDecimal(x);
    BigDecimal best = null;
    for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
      BigDecimal candidate = java.round(new MathContext(1, mode));
      if (candidate.signum() > 0 && Double.parseDouble(candidate.toString()) == x) {
        if (best == null
            || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0) {
          best = candidate;
        }
      }
    }
    return best == null ? java : best.stripTrailingZeros();
  }
}
