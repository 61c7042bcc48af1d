package nl.samenspel.estimate;

import java.util.function.ToDoubleFunction;
import java.util.stream.LongStream;
import smile.base.cart.SplitRule;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.DoubleVector;
import smile.data.vector.IntVector;

/**
 * Random forests from Smile as the flexible alternative to logistic and linear nuisance models
 * (Breiman 2001). Seeded, so a fit is reproducible. The probability of a class is the share of
 * trees voting for it.
 */
final class Forests {

  private static final int TREES = 200;
  private static final int MAX_DEPTH = 12;
  private static final int MAX_NODES = 200;
  private static final int NODE_SIZE = 10;

  private Forests() {}

  private static String[] names(int p) {
    String[] names = new String[p];
    for (int j = 0; j < p; j++) {
      names[j] = "x" + j;
    }
    return names;
  }

  /** P(label = 1 | x) from a classification forest. */
  static ToDoubleFunction<double[]> classifier(double[][] x, int[] labels, long seed) {
    String[] names = names(x[0].length);
    DataFrame predictors = DataFrame.of(x, names);
    StructType schema = predictors.schema();
    DataFrame data = predictors.merge(IntVector.of("label", labels));
    smile.classification.RandomForest forest = smile.classification.RandomForest.fit(
        Formula.lhs("label"), data, TREES, 0, SplitRule.GINI, MAX_DEPTH, MAX_NODES, NODE_SIZE,
        1.0, null, LongStream.range(seed, seed + TREES));
    return row -> {
      double[] posterior = new double[2];
      forest.predict(Tuple.of(row, schema), posterior);
      return posterior[1];
    };
  }

  /** E[y | x] from a regression forest. */
  static ToDoubleFunction<double[]> regressor(double[][] x, double[] y, long seed) {
    String[] names = names(x[0].length);
    DataFrame predictors = DataFrame.of(x, names);
    StructType schema = predictors.schema();
    DataFrame data = predictors.merge(DoubleVector.of("y", y));
    smile.regression.RandomForest forest = smile.regression.RandomForest.fit(
        Formula.lhs("y"), data, TREES, 0, MAX_DEPTH, MAX_NODES, NODE_SIZE, 1.0,
        LongStream.range(seed, seed + TREES));
    return row -> forest.predict(Tuple.of(row, schema));
  }
}
