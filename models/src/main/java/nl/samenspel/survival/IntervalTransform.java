package nl.samenspel.survival;

/**
 * The scale on which a pointwise interval for a survival probability S is symmetric, with R's
 * {@code survfit(conf.type = ...)} names. With {@code se} the standard error of S and {@code z}
 * the normal quantile:
 *
 * <ul>
 *   <li>{@link #PLAIN} ("plain"): {@code S -/+ z se}, cut to [0, 1];
 *   <li>{@link #LOG} ("log", R's default): {@code S exp(-/+ z se / S)}, the upper bound cut at 1;
 *   <li>{@link #LOG_LOG} ("log-log"): {@code S^exp(-/+ z se / (S log S))}, always inside (0, 1).
 * </ul>
 *
 * Where S is 0 or 1 every transform gives the point itself (R gives NA for log-log there).
 * Samenspel's default is {@link #LOG_LOG}: it stays inside [0, 1] and behaves best early in
 * follow-up, when few clients have started durable work and S is near 1 (Borgan and Liestøl
 * 1990; Klein and Moeschberger 2003, section 4.3).
 */
public enum IntervalTransform {
  PLAIN,
  LOG,
  LOG_LOG;

  /** The interval for S with standard error {@code standardError} and critical value z. */
  public Interval survival(double survival, double standardError, double z) {
    if (Double.isNaN(survival) || Double.isNaN(standardError)) {
      return new Interval(Double.NaN, Double.NaN);
    }
    if (survival <= 0 || survival >= 1 || standardError == 0) {
      return new Interval(survival, survival);
    }
    return switch (this) {
      case PLAIN -> new Interval(Math.max(0, survival - z * standardError),
          Math.min(1, survival + z * standardError));
      case LOG -> new Interval(survival * Math.exp(-z * standardError / survival),
          Math.min(1, survival * Math.exp(z * standardError / survival)));
      case LOG_LOG -> {
        double spread = z * standardError / (survival * Math.log(survival));
        yield new Interval(Math.pow(survival, Math.exp(-spread)),
            Math.pow(survival, Math.exp(spread)));
      }
    };
  }
}
