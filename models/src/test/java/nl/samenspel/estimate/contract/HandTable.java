package nl.samenspel.estimate.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import nl.samenspel.estimate.EstimationInput;

/**
 * A hand-made two-arm table with one categorical covariate: strata, each with a treated cell and
 * a comparison cell of given outcomes, the whole table repeated {@code copies} times. The
 * covariates are the stratum indicators (stratum 1, 2, ... against stratum 0), so a logistic
 * model of the treatment or the outcome on them is saturated: its fitted values are the cell
 * shares and cell means, and every adjusting estimator must give the directly standardised
 * difference of {@link #answer(Standard)}, which needs no model at all.
 *
 * <p>Immutable. Units are laid out copy by copy, stratum by stratum, treated cell first; arm 1
 * is treated, arm 0 the comparison.
 */
public final class HandTable {

  /** The outcomes of the units of one cell. */
  public record Cell(double[] outcomes) {

    public Cell {
      if (outcomes.length == 0) {
        throw new IllegalArgumentException("a cell needs at least one unit");
      }
      outcomes = outcomes.clone();
    }

    /** {@code units} units that all have outcome {@code value}. */
    public static Cell constant(int units, double value) {
      double[] y = new double[units];
      java.util.Arrays.fill(y, value);
      return new Cell(y);
    }

    /** {@code units} units with a 0/1 outcome, {@code ones} of them 1 (listed first). */
    public static Cell ones(int units, int ones) {
      if (ones < 0 || ones > units) {
        throw new IllegalArgumentException(ones + " ones among " + units + " units");
      }
      double[] y = new double[units];
      java.util.Arrays.fill(y, 0, ones, 1);
      return new Cell(y);
    }

    public int units() {
      return outcomes.length;
    }

    public double mean() {
      double sum = 0;
      for (double y : outcomes) {
        sum += y;
      }
      return sum / outcomes.length;
    }
  }

  /** One stratum: its treated and its comparison cell. */
  public record Stratum(Cell treated, Cell comparison) {
    public Stratum {
      Objects.requireNonNull(treated, "treated");
      Objects.requireNonNull(comparison, "comparison");
    }

    /** Treated mean minus comparison mean within the stratum. */
    public double effect() {
      return treated.mean() - comparison.mean();
    }

    public int units() {
      return treated.units() + comparison.units();
    }
  }

  private final List<Stratum> strata;
  private final int copies;

  private HandTable(List<Stratum> strata, int copies) {
    if (strata.size() < 2) {
      throw new IllegalArgumentException("a table needs at least two strata");
    }
    if (copies < 1) {
      throw new IllegalArgumentException("copies must be at least 1, got " + copies);
    }
    this.strata = List.copyOf(strata);
    this.copies = copies;
  }

  /** A table of the given strata, once. */
  public static HandTable of(Stratum... strata) {
    return new HandTable(List.of(strata), 1);
  }

  /** The stratum with the given treated and comparison cells. */
  public static Stratum stratum(Cell treated, Cell comparison) {
    return new Stratum(treated, comparison);
  }

  /**
   * The same table repeated {@code count} times: the same answer, more units. Models fitted
   * with a small ridge penalty come closer to the saturated fit as the table grows.
   */
  public HandTable times(int count) {
    return new HandTable(strata, count);
  }

  public List<Stratum> strata() {
    return strata;
  }

  /** Units in the whole table (all copies). */
  public int size() {
    int n = 0;
    for (Stratum s : strata) {
      n += s.units();
    }
    return n * copies;
  }

  /** Names of the covariates: {@code stratum1}, {@code stratum2}, ... */
  public List<String> covariateNames() {
    List<String> names = new ArrayList<>();
    for (int s = 1; s < strata.size(); s++) {
      names.add("stratum" + s);
    }
    return names;
  }

  /** The covariate rows of the whole table, in unit order (see the class comment). */
  public double[][] covariates() {
    double[][] x = new double[size()][];
    int i = 0;
    for (int copy = 0; copy < copies; copy++) {
      for (int s = 0; s < strata.size(); s++) {
        int units = strata.get(s).units();
        for (int k = 0; k < units; k++) {
          x[i++] = indicators(s);
        }
      }
    }
    return x;
  }

  /** The table as a two-arm input (arm 1 treated, arm 0 comparison). */
  public EstimationInput input() {
    int n = size();
    int[] arms = new int[n];
    double[] outcomes = new double[n];
    int i = 0;
    for (int copy = 0; copy < copies; copy++) {
      for (Stratum stratum : strata) {
        for (double y : stratum.treated().outcomes()) {
          arms[i] = 1;
          outcomes[i++] = y;
        }
        for (double y : stratum.comparison().outcomes()) {
          arms[i] = 0;
          outcomes[i++] = y;
        }
      }
    }
    return EstimationInput.binary(arms, outcomes, covariates(), covariateNames());
  }

  /**
   * The answer of direct standardisation to {@code standard}: the stratum effects averaged with
   * the standard's stratum weights (the crude difference for {@link Standard#CRUDE}). Copies
   * change no weight, so this is the answer for any number of copies.
   */
  public double answer(Standard standard) {
    if (standard == Standard.CRUDE) {
      double treatedSum = 0;
      double comparisonSum = 0;
      int treated = 0;
      int comparison = 0;
      for (Stratum s : strata) {
        treatedSum += s.treated().mean() * s.treated().units();
        comparisonSum += s.comparison().mean() * s.comparison().units();
        treated += s.treated().units();
        comparison += s.comparison().units();
      }
      return treatedSum / treated - comparisonSum / comparison;
    }
    double weighted = 0;
    double total = 0;
    for (Stratum s : strata) {
      double nt = s.treated().units();
      double nc = s.comparison().units();
      double weight = switch (standard) {
        case EVERYONE -> nt + nc;
        case TREATED -> nt;
        case OVERLAP -> nt * nc / (nt + nc);
        case CRUDE -> throw new AssertionError();
      };
      weighted += weight * s.effect();
      total += weight;
    }
    return weighted / total;
  }

  private double[] indicators(int stratum) {
    double[] row = new double[strata.size() - 1];
    if (stratum > 0) {
      row[stratum - 1] = 1;
    }
    return row;
  }
}
